//! Signals that end a full-screen session from outside: `kill` (SIGTERM, SIGINT, SIGQUIT) and
//! a closed terminal (SIGHUP). Their default action kills dei on the spot, with the draft
//! unsaved and the terminal left in raw mode on the alternate screen. While a screen runs,
//! [`StopSignals`] turns them into a flag the event loop reads between keys, so the loop can
//! save, restore the terminal and exit with the conventional code (128 + the signal's number).
//!
//! A second signal does not cut the save short: a closed terminal sends SIGHUP twice (tmux,
//! then the kernel's hang-up), and the second must not lose the draft. SIGKILL still ends dei.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Set while no [`StopSignals`] lives: the handled signals then take their default action. One
/// set of such actions for the process, registered by the first [`StopSignals::install`].
#[cfg(unix)]
static DEFAULT_ACTION: std::sync::OnceLock<Result<Arc<AtomicBool>, String>> =
    std::sync::OnceLock::new();

#[cfg(unix)]
const SIGHUP: i32 = signal_hook::consts::SIGHUP;
#[cfg(not(unix))]
const SIGHUP: i32 = 1;

/// Whether the terminal on standard input has gone: a hung-up terminal answers no terminal
/// request, so it no longer counts as one.
fn hung_up() -> bool {
    use std::io::IsTerminal as _;
    !std::io::stdin().is_terminal()
}

/// The exit code for a process ended by signal `number`, as shells report it.
#[must_use]
pub fn exit_code(number: i32) -> u8 {
    u8::try_from(128 + number).unwrap_or(u8::MAX)
}

/// The signals handled while a screen runs, for as long as this value lives.
#[derive(Debug)]
pub struct StopSignals {
    /// The last signal received, 0 for none.
    received: Arc<AtomicUsize>,
    #[cfg(unix)]
    ids: Vec<signal_hook::SigId>,
}

impl StopSignals {
    /// The signals that end a session, for messages and tests.
    #[cfg(unix)]
    pub const HANDLED: [i32; 4] = [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ];

    /// Starts catching [`StopSignals::HANDLED`]; dropping the value restores the default
    /// actions.
    pub fn install() -> std::io::Result<Self> {
        let received = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        {
            let default = DEFAULT_ACTION
                .get_or_init(|| {
                    let flag = Arc::new(AtomicBool::new(false));
                    for signal in Self::HANDLED {
                        signal_hook::flag::register_conditional_default(signal, Arc::clone(&flag))
                            .map_err(|err| err.to_string())?;
                    }
                    Ok(flag)
                })
                .as_ref()
                .map_err(|err| std::io::Error::other(err.clone()))?;
            default.store(false, Ordering::SeqCst);
            let mut ids = Vec::new();
            for signal in Self::HANDLED {
                ids.push(signal_hook::flag::register_usize(
                    signal,
                    Arc::clone(&received),
                    signal as usize,
                )?);
            }
            Ok(Self { received, ids })
        }
        #[cfg(not(unix))]
        {
            let _ = (AtomicBool::new(false), Ordering::SeqCst);
            Ok(Self { received })
        }
    }

    /// The signal that asked dei to stop, if one has come. A terminal that has hung up
    /// counts as SIGHUP even when none came (its session leader may have gone first, and
    /// then nobody sends one): reads from it only give end of file from then on.
    #[must_use]
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => hung_up().then_some(SIGHUP),
            n => i32::try_from(n).ok(),
        }
    }
}

impl Drop for StopSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            for id in self.ids.drain(..) {
                signal_hook::low_level::unregister(id);
            }
            // With no action left a signal would be ignored (signal-hook keeps its handler);
            // this gives each its default action back.
            if let Some(Ok(default)) = DEFAULT_ACTION.get() {
                default.store(true, Ordering::SeqCst);
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_plus_the_number() {
        assert_eq!(exit_code(signal_hook::consts::SIGTERM), 143);
        assert_eq!(exit_code(signal_hook::consts::SIGHUP), 129);
        assert_eq!(exit_code(signal_hook::consts::SIGINT), 130);
        assert_eq!(exit_code(signal_hook::consts::SIGQUIT), 131);
    }

    #[test]
    fn a_signal_is_noted_instead_of_ending_the_process() {
        let stop = StopSignals::install().expect("installed");
        assert_eq!(
            stop.received(),
            hung_up().then_some(SIGHUP),
            "nothing received yet"
        );
        // Were it not caught, SIGHUP would end the test process here.
        signal_hook::low_level::raise(signal_hook::consts::SIGHUP).expect("raised");
        assert_eq!(stop.received(), Some(signal_hook::consts::SIGHUP));
        signal_hook::low_level::raise(signal_hook::consts::SIGTERM).expect("raised");
        assert_eq!(stop.received(), Some(signal_hook::consts::SIGTERM));
    }
}
