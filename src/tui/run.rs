//! The terminal loop: raw mode and the alternate screen (restored on every exit and on
//! panic), events to [`App::handle`], the clock, autosave, `$EDITOR`, and saving a finished
//! session to the history.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

use super::app::{Action, App};
use super::input::Input;
use super::saving::{Keeper, Next};
use super::signals::StopSignals;
use crate::store::Store;

/// How often the draft is written while it changes.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(2);
/// How long to wait for a key before redrawing the clock.
const POLL: Duration = Duration::from_millis(250);

/// What the shell prints once the terminal is back to normal.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The draft was saved here (the session was left unfinished).
    pub draft: Option<PathBuf>,
    /// The finished session was saved here.
    pub history: Option<PathBuf>,
    /// The report was written here.
    pub report: Option<PathBuf>,
    /// The final score line, when finished.
    pub score: Option<String>,
    /// The session was ended by this signal (after saving): exit with
    /// [`super::signals::exit_code`].
    pub signal: Option<i32>,
    /// After a failed save, `w` wrote the answer here.
    pub written: Option<PathBuf>,
    /// The session was left with work not saved where dei keeps it: why.
    pub unsaved: Option<String>,
    /// The candidate chose to leave with work saved nowhere (it is lost).
    pub lost: bool,
}

/// Now, in RFC 3339 (UTC, whole seconds), for the draft and history.
#[must_use]
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// The digits of the current UTC time, `YYYYMMDDhhmmss` cut to `n`: for file names.
#[must_use]
pub fn stamp(n: usize) -> String {
    now_rfc3339()
        .chars()
        .filter(char::is_ascii_digit)
        .take(n)
        .collect()
}

/// Runs the practice screen until the candidate quits.
pub fn run(app: &mut App<'_>, store: &Store, report_to: Option<&Path>) -> anyhow::Result<Outcome> {
    let stop = StopSignals::install().context("cannot catch signals")?;
    let mut terminal = enter()?;
    let mut keeper = Keeper::new(store, report_to);
    let result = Input::start()
        .context("cannot read the terminal")
        .and_then(|input| event_loop(&mut terminal, app, &mut keeper, &stop, &input));
    leave();
    if result.is_err()
        && let Some(signal) = stop.received()
    {
        // The terminal was closed (SIGHUP) and failed before the loop saw the signal.
        keeper.stopped(app, signal);
        return Ok(keeper.outcome);
    }
    if result.is_err() && app.is_dirty() && !app.is_finished() && !app.read_only {
        // The terminal failed under us (it went away, say): keep what was typed.
        let _ = store.save_draft(&app.session().draft_key(), app.session());
    }
    result.map(|()| keeper.outcome)
}

/// Shows a one-question screen (the draft-waiting and draft-busy screens) until `choice`
/// reads an answer from a key; a signal gives `quit`. The terminal is put back either way.
pub(crate) fn ask_on_screen<S, T>(
    screen: &S,
    choice: impl Fn(&crossterm::event::Event) -> Option<T>,
    quit: T,
) -> anyhow::Result<T>
where
    for<'a> &'a S: ratatui::widgets::Widget,
{
    let stop = StopSignals::install().context("cannot catch signals")?;
    let mut terminal = enter()?;
    let result = Input::start()
        .context("cannot read the terminal")
        .and_then(|input| {
            loop {
                if stop.received().is_some() {
                    return Ok(quit);
                }
                terminal.draw(|frame| frame.render_widget(screen, frame.area()))?;
                if let Some(event) = input.next(Duration::from_millis(250))?
                    && let Some(choice) = choice(&event)
                {
                    return Ok(choice);
                }
            }
        });
    leave();
    result
}

/// Raw mode, the alternate screen, mouse and paste on, restored on panic; [`leave`] undoes it.
pub(crate) fn enter() -> anyhow::Result<DefaultTerminal> {
    let terminal = ratatui::try_init().context("cannot set up the terminal")?;
    // ratatui's hook restores raw mode and the screen; mouse capture, bracketed paste and the
    // keyboard flags are ours to undo, before its hook runs and the message prints.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        undo_modes();
        previous(info);
    }));
    let modes = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)
        .context("cannot set up the terminal");
    if let Err(e) = modes {
        leave();
        return Err(e);
    }
    push_keyboard_flags();
    Ok(terminal)
}

/// Where the terminal can tell Shift-Enter from Enter (the kitty keyboard protocol), ask it
/// to; elsewhere Alt-Enter and Ctrl-J make a new line.
fn push_keyboard_flags() {
    use crossterm::event::{KeyboardEnhancementFlags, PushKeyboardEnhancementFlags};
    if crossterm::terminal::supports_keyboard_enhancement().unwrap_or(false) {
        let pushed = execute!(
            io::stdout(),
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        );
        KEYBOARD_FLAGS_PUSHED.store(pushed.is_ok(), Ordering::SeqCst);
    }
}

/// Whether [`push_keyboard_flags`] pushed them: undoing them must not ask the terminal again,
/// since asking reads from it, and a dead terminal's reader may hold crossterm's input lock for
/// ever (see [`super::input`]).
static KEYBOARD_FLAGS_PUSHED: AtomicBool = AtomicBool::new(false);

fn undo_modes() {
    use crossterm::event::PopKeyboardEnhancementFlags;
    if KEYBOARD_FLAGS_PUSHED.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), PopKeyboardEnhancementFlags);
    }
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
}

/// Back to the screen after `$EDITOR` (the panic hook from [`enter`] is still in place).
fn resume(terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
    crossterm::terminal::enable_raw_mode().context("cannot set up the terminal")?;
    execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
    .context("cannot set up the terminal")?;
    push_keyboard_flags();
    terminal.clear()?;
    Ok(())
}

/// Puts the terminal back as [`enter`] found it.
pub(crate) fn leave() {
    undo_modes();
    ratatui::restore();
    // After the screen switch: some terminals keep the cursor's visibility per screen.
    let _ = execute!(io::stdout(), crossterm::cursor::Show);
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App<'_>,
    keeper: &mut Keeper<'_>,
    stop: &StopSignals,
    input: &Input,
) -> anyhow::Result<()> {
    let mut last_tick = Instant::now();
    loop {
        if let Some(signal) = stop.received() {
            keeper.stopped(app, signal);
            return Ok(());
        }
        app.refresh();
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        let mut actions = Vec::new();
        if let Some(first) = input.next(POLL)? {
            // Take everything that is waiting (a paste, fast typing) before drawing again.
            let mut events = vec![first];
            let mut failed = None;
            while let Some(next) = input.waiting() {
                match next {
                    Ok(event) => events.push(event),
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            // What came before a broken input still lands in the draft.
            actions = app.handle_all(&events);
            if let Some(e) = failed {
                return Err(e.into());
            }
        }
        let now = Instant::now();
        let timer = app.tick(now.duration_since(last_tick).as_millis() as u64);
        last_tick = now;
        if timer != Action::None {
            actions.push(timer);
        }
        for action in actions {
            if action == Action::ExternalEdit {
                input.pause();
                app.status = external_edit(terminal, app).err().map(|e| format!("{e:#}"));
                input.resume();
                terminal.clear()?;
            } else if keeper.act(app, action) == Next::Leave {
                return Ok(());
            }
        }
        keeper.autosave(app, Instant::now());
    }
}

/// Suspends the screen, edits the current move in `$VISUAL`/`$EDITOR` and reads it back.
fn external_edit(terminal: &mut DefaultTerminal, app: &mut App<'_>) -> anyhow::Result<()> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_owned());
    let dir = std::env::temp_dir();
    let file = dir.join(format!(
        "dei-{}-{}-{}.md",
        app.session().scenario,
        app.stage().id(),
        std::process::id()
    ));
    // Ends with a line break, as editors expect (and as `set_text` takes one off again).
    let mut text = app.text();
    if !text.is_empty() {
        text.push('\n');
    }
    crate::store::write_atomic(&file, text.as_bytes())
        .with_context(|| format!("cannot write {}", file.display()))?;
    leave();
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&file)
        .status();
    let _ = io::stdout().flush();
    resume(terminal)?;
    let status = status.with_context(|| format!("cannot run the editor `{editor}`"))?;
    if !status.success() {
        anyhow::bail!(
            "`{editor}` exited with {status}; the text here is unchanged, and what you wrote \
             there is still in {}",
            file.display()
        );
    }
    let text = crate::textfile::read(&file, 1 << 20)
        .with_context(|| format!("cannot read back {}", file.display()))?;
    let _ = std::fs::remove_file(&file);
    app.set_text(&text);
    Ok(())
}
