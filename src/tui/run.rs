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
use super::signals::StopSignals;
use crate::practice::{HistoryEntry, report};
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
    let result = Input::start()
        .context("cannot read the terminal")
        .and_then(|input| event_loop(&mut terminal, app, store, report_to, &stop, &input));
    leave();
    if result.is_err()
        && let Some(signal) = stop.received()
    {
        // The terminal was closed (SIGHUP) and failed before the loop saw the signal.
        let mut outcome = Outcome {
            signal: Some(signal),
            ..Outcome::default()
        };
        if app.finished.is_none() {
            outcome.draft = save_draft(app, store).ok();
        }
        return Ok(outcome);
    }
    if result.is_err() && app.is_dirty() && app.finished.is_none() {
        // The terminal failed under us (it went away, say): keep what was typed.
        let _ = save_draft(app, store);
    }
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

fn save_draft(app: &mut App<'_>, store: &Store) -> anyhow::Result<PathBuf> {
    let path = store.save_draft(&app.session.draft_key(), &app.session)?;
    app.mark_saved();
    Ok(path)
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App<'_>,
    store: &Store,
    report_to: Option<&Path>,
    stop: &StopSignals,
    input: &Input,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut last_tick = Instant::now();
    let mut last_save = Instant::now();
    // A failed save on quit keeps the screen open once; a second quit leaves without it.
    let mut quit_unsaved = false;
    loop {
        if let Some(signal) = stop.received() {
            // Killed, or the terminal closed: keep the work, as Ctrl-Q would, without asking.
            outcome.signal = Some(signal);
            if app.finished.is_none() {
                outcome.draft = save_draft(app, store).ok();
            }
            return Ok(outcome);
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
            match action {
                Action::None => {}
                Action::Quit => {
                    if app.finished.is_some() || quit_unsaved {
                        return Ok(outcome);
                    }
                    match save_draft(app, store) {
                        Ok(path) => {
                            outcome.draft = Some(path);
                            return Ok(outcome);
                        }
                        Err(e) => {
                            app.status = Some(format!(
                                "Could not save the draft: {e:#}. Free some space and Ctrl-S, \
                                 or Ctrl-Q again to quit without saving."
                            ));
                            quit_unsaved = true;
                        }
                    }
                }
                Action::Save => {
                    app.status = Some(match save_draft(app, store) {
                        Ok(path) => format!("Draft saved to {}", path.display()),
                        Err(e) => format!("Could not save the draft: {e:#}"),
                    });
                    last_save = Instant::now();
                }
                Action::ExternalEdit => {
                    input.pause();
                    app.status = external_edit(terminal, app).err().map(|e| format!("{e:#}"));
                    input.resume();
                    terminal.clear()?;
                }
                Action::Finished => finished(app, store, report_to, &mut outcome),
                Action::ExportReport => {
                    let path = report_to.map_or_else(
                        || default_report_path(store, &app.session.scenario),
                        Path::to_path_buf,
                    );
                    app.status = Some(match write_report(app, store, &path) {
                        Ok(path) => {
                            let shown = format!("Report saved to {}", path.display());
                            outcome.report = Some(path);
                            shown
                        }
                        Err(e) => format!("{e:#}"),
                    });
                }
            }
        }
        if app.is_dirty() && app.finished.is_none() && last_save.elapsed() >= AUTOSAVE_EVERY {
            // A failed autosave is shown, not fatal: the text is still on screen.
            if let Err(e) = save_draft(app, store) {
                app.status = Some(format!("Autosave failed: {e:#}"));
            }
            last_save = Instant::now();
        }
    }
}

fn finished(app: &mut App<'_>, store: &Store, report_to: Option<&Path>, outcome: &mut Outcome) {
    let Some((card, answer)) = &app.finished else {
        return;
    };
    if answer.trim().is_empty() {
        // A mock whose time ran out on an empty page: no score to keep, nothing to drill.
        let _ = store.remove_draft(&app.session.draft_key());
        app.status =
            Some("Time is up and nothing was written, so nothing is saved to the history.".into());
        return;
    }
    outcome.score = Some(format!("{} / 100 ({})", card.score, card.band.name()));
    let mut entry = HistoryEntry::new(&app.session, card, answer, now_rfc3339());
    entry.mock.clone_from(&app.mock_record);
    // "Time is up" and the like come first.
    let mut notes: Vec<String> = app.status.take().into_iter().collect();
    match store.save_session(&entry.file_stem(), &entry) {
        Ok(path) => {
            notes.push(format!("Saved to history: {}", path.display()));
            outcome.history = Some(path);
            if let Err(e) = store.remove_draft(&app.session.draft_key()) {
                notes.push(format!("(the old draft stays: {e})"));
            }
        }
        Err(e) => {
            // Keep the draft so nothing is lost; say so.
            notes.push(format!("Could not save to history: {e}; the draft is kept"));
            if let Err(e) = store.save_draft(&app.session.draft_key(), &app.session) {
                notes.push(format!("and could not be saved either: {e}"));
            }
        }
    }
    if let Some(path) = report_to {
        match write_report(app, store, path) {
            Ok(path) => {
                notes.push(format!("Report: {}", path.display()));
                outcome.report = Some(path);
            }
            Err(e) => notes.push(format!("{e:#}")),
        }
    }
    let notes: Vec<&str> = notes.iter().map(|n| n.trim_end_matches('.')).collect();
    app.status = Some(format!("{}.", notes.join(". ")));
}

/// `dei-<scenario>-<date>.md` in the data folder's `reports/`, whatever the current folder.
fn default_report_path(store: &Store, scenario: &str) -> PathBuf {
    store
        .reports_dir()
        .join(format!("dei-{scenario}-{}.md", stamp(12)))
}

/// Writes the report at `path`, or beside it as `-2`, `-3` ... when that is taken (never
/// over a file); returns where it went. The data folder's `reports/` is made when needed.
fn write_report(app: &App<'_>, store: &Store, path: &Path) -> anyhow::Result<PathBuf> {
    let Some((card, answer)) = &app.finished else {
        anyhow::bail!("the report is written once the session is scored");
    };
    let text = report(
        app.scenario,
        &app.session,
        card,
        answer,
        app.mock_record.as_ref(),
    );
    let reports = store.reports_dir();
    if path.parent() == Some(reports.as_path()) {
        std::fs::create_dir_all(&reports)
            .with_context(|| format!("cannot create {}", reports.display()))?;
    }
    store
        .write_new_file(path, text.as_bytes())
        .context("cannot write the report")
}

/// Suspends the screen, edits the current move in `$VISUAL`/`$EDITOR` and reads it back.
fn external_edit(terminal: &mut DefaultTerminal, app: &mut App<'_>) -> anyhow::Result<()> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_owned());
    let dir = std::env::temp_dir();
    let file = dir.join(format!(
        "dei-{}-{}-{}.md",
        app.session.scenario,
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
