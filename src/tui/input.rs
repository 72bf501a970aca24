//! Terminal events read on a thread of their own, so that a screen's loop never waits inside
//! crossterm.
//!
//! crossterm 0.29's reader spins for ever once the terminal has gone (a closed window, `tmux
//! kill-session`): the hung-up terminal stays readable, each read gives end of file or `EIO`,
//! and its loop retries without returning, whatever the poll timeout (crossterm issue 793).
//! With the reading here, the screen's loop still runs: it sees the signal or the hang-up,
//! saves, and exits, and the stuck reader ends with the process.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crossterm::event::{self, Event};

/// How long the reader waits for an event before looking at its controls again: the most a
/// pause (before `$EDITOR` runs) waits.
const SLICE: Duration = Duration::from_millis(50);

/// What the screen asks of the reader, and what the reader says back.
#[derive(Debug, Default)]
struct Control {
    /// Stop reading until resumed (another program has the terminal).
    paused: bool,
    /// The screen is gone: end.
    quit: bool,
    /// What the reader is doing.
    reader: Reader,
}

/// What the reader thread is doing.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// Reading events.
    #[default]
    Reading,
    /// Waiting, in answer to `paused`.
    Parked,
    /// Ended: an error, or `quit`.
    Ended,
}

type Shared = Arc<(Mutex<Control>, Condvar)>;

fn lock(shared: &Shared) -> MutexGuard<'_, Control> {
    shared.0.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The terminal's events, read on a background thread.
#[derive(Debug)]
pub struct Input {
    events: Receiver<std::io::Result<Event>>,
    shared: Shared,
}

impl Input {
    /// Starts reading the terminal's events.
    pub fn start() -> std::io::Result<Self> {
        let (sender, events) = channel();
        let shared: Shared = Arc::default();
        let theirs = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("dei-input".into())
            .spawn(move || {
                read_events(&sender, &theirs);
                lock(&theirs).reader = Reader::Ended;
                theirs.1.notify_all();
            })?;
        Ok(Self { events, shared })
    }

    /// The next event, waiting at most `timeout`; `Ok(None)` when none came. A read error is
    /// returned once, and the reader ends.
    pub fn next(&self, timeout: Duration) -> std::io::Result<Option<Event>> {
        match self.events.recv_timeout(timeout) {
            Ok(event) => event.map(Some),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the terminal's input has ended",
            )),
        }
    }

    /// An event that is already waiting, if any.
    #[must_use]
    pub fn waiting(&self) -> Option<std::io::Result<Event>> {
        self.events.try_recv().ok()
    }

    /// Stops reading (and so taking keys from the terminal) until [`Input::resume`]; returns
    /// once the reader has stopped.
    pub fn pause(&self) {
        let mut control = lock(&self.shared);
        control.paused = true;
        while control.reader == Reader::Reading {
            control = self
                .shared
                .1
                .wait(control)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Reads again after [`Input::pause`].
    pub fn resume(&self) {
        lock(&self.shared).paused = false;
        self.shared.1.notify_all();
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        // Not joined: a reader stuck on a dead terminal never ends; the process's exit ends it.
        lock(&self.shared).quit = true;
        self.shared.1.notify_all();
    }
}

fn read_events(sender: &Sender<std::io::Result<Event>>, shared: &Shared) {
    loop {
        {
            let mut control = lock(shared);
            if control.paused && !control.quit {
                control.reader = Reader::Parked;
                shared.1.notify_all();
                while control.paused && !control.quit {
                    control = shared
                        .1
                        .wait(control)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                control.reader = Reader::Reading;
            }
            if control.quit {
                return;
            }
        }
        let event = match event::poll(SLICE) {
            Ok(false) => {
                // Under the lock, so that a screen leaving (which restores the terminal's
                // settings after dropping this reader) never races the wake-up's settings.
                let control = lock(shared);
                if !(control.quit || control.paused) {
                    wake_stalled_input();
                }
                continue;
            }
            Ok(true) => event::read(),
            Err(err) => Err(err),
        };
        let failed = event.is_err();
        if sender.send(event).is_err() || failed {
            return;
        }
    }
}

/// crossterm 0.29 waits for the terminal edge-triggered, and returns the first event of what
/// it read with more bytes possibly still unread; when nothing more arrives, its wait never
/// ends for them, so a paste sent as keys (a terminal without bracketed paste, tmux's
/// `paste-buffer`) stops short until the next key is pressed (crossterm pull request 1057).
/// When a wait ends with bytes still waiting, setting the terminal's settings to what they
/// already are wakes that wait: a terminal wakes its readers when its settings change.
#[cfg(unix)]
fn wake_stalled_input() {
    use std::os::fd::AsFd as _;
    let stdin = std::io::stdin();
    let fd = stdin.as_fd();
    if rustix::io::ioctl_fionread(fd).is_ok_and(|waiting| waiting > 0)
        && let Ok(settings) = rustix::termios::tcgetattr(fd)
    {
        let _ = rustix::termios::tcsetattr(fd, rustix::termios::OptionalActions::Now, &settings);
    }
}

#[cfg(not(unix))]
fn wake_stalled_input() {}
