//! The drill's terminal loop: keys to [`DrillApp::handle`], the schedule saved to
//! `drill.json` after every grade and on quit. The terminal set-up is the practice screen's.

use std::path::PathBuf;

use anyhow::Context as _;
use ratatui::DefaultTerminal;

use super::{Action, DrillApp};
use crate::drill::DrillState;
use crate::store::Store;
use crate::tui::input::Input;
use crate::tui::run::{enter, leave};
use crate::tui::signals::StopSignals;

/// How long to wait for a key before looking for a signal again.
const SIGNAL_CHECK: std::time::Duration = std::time::Duration::from_millis(250);

/// What the shell prints once the terminal is back to normal.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The schedule was saved here (something was graded).
    pub saved: Option<PathBuf>,
    /// Cards graded or seen.
    pub done: usize,
    /// The drill was ended by this signal (after saving): exit with
    /// [`crate::tui::signals::exit_code`].
    pub signal: Option<i32>,
    /// After a failed save, `w` wrote the schedule here.
    pub written: Option<PathBuf>,
    /// The drill was left with grades not saved in `drill.json`: why.
    pub unsaved: Option<String>,
    /// The candidate chose to leave with grades saved nowhere (they are lost).
    pub lost: bool,
}

/// Runs the drill until the candidate quits.
pub fn run(app: &mut DrillApp<'_>, store: &Store) -> anyhow::Result<Outcome> {
    let stop = StopSignals::install().context("cannot catch signals")?;
    let mut terminal = enter()?;
    let mut outcome = Outcome::default();
    let mut result = Input::start()
        .context("cannot read the terminal")
        .and_then(|input| event_loop(&mut terminal, app, store, &mut outcome, &stop, &input));
    leave();
    if result.is_err() && app.is_dirty() {
        // The terminal failed under us: keep the grades if the disk lets us.
        let _ = save(app, store, &mut outcome);
    }
    if result.is_err()
        && let Some(signal) = stop.received()
    {
        // The terminal was closed (SIGHUP) and failed before the loop saw the signal.
        outcome.signal = Some(signal);
        result = Ok(());
    }
    outcome.done = app.done;
    result.map(|()| outcome)
}

fn save(app: &mut DrillApp<'_>, store: &Store, outcome: &mut Outcome) -> anyhow::Result<()> {
    let path = store.drill_path();
    // A sync may have brought grades from another machine since the drill started: keep the
    // newer of each card. A file that has become unreadable is reported, not replaced.
    if let Some(disk) = store.load_json::<DrillState>(&path)? {
        app.state.merge_newer(&disk);
    }
    store.save_json(&path, &app.state)?;
    app.mark_saved();
    outcome.saved = Some(path);
    Ok(())
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut DrillApp<'_>,
    store: &Store,
    outcome: &mut Outcome,
    stop: &StopSignals,
    input: &Input,
) -> anyhow::Result<()> {
    loop {
        if let Some(signal) = stop.received() {
            // Killed, or the terminal closed: keep the grades, without asking.
            outcome.signal = Some(signal);
            if app.is_dirty() {
                let _ = save(app, store, outcome);
            }
            return Ok(());
        }
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        // Nothing changes on screen without a key, but a signal is looked for between polls.
        let Some(event) = input.next(SIGNAL_CHECK)? else {
            continue;
        };
        let action = app.handle(&event);
        if act(app, store, outcome, action) == Next::Leave {
            return Ok(());
        }
    }
}

/// Whether the drill goes on after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
enum Next {
    Stay,
    Leave,
}

/// Carries out `action`. A failed save never ends the drill: it says why and where, and
/// leaving with a grade unsaved asks first (see [`crate::tui::rescue`]).
fn act(app: &mut DrillApp<'_>, store: &Store, outcome: &mut Outcome, action: Action) -> Next {
    match action {
        Action::None => {}
        Action::Save | Action::Retry => match save(app, store, outcome) {
            Ok(()) => app.rescue.saved(),
            Err(e) => {
                app.rescue.failed("the schedule", e);
                // A grade saves on its own; a box opens only when asked to try again.
                if action == Action::Retry {
                    app.rescue.open();
                }
            }
        },
        Action::Quit => {
            if !app.is_dirty() {
                return Next::Leave;
            }
            match save(app, store, outcome) {
                Ok(()) => return Next::Leave,
                Err(e) => app.rescue.failed("the schedule", e),
            }
            if !app.has_unsaved_work() {
                outcome.unsaved = app.rescue.trouble();
                return Next::Leave;
            }
            app.rescue.open();
        }
        Action::WriteElsewhere => write_elsewhere(app, store, outcome),
        Action::QuitUnsaved => {
            outcome.unsaved = app.rescue.trouble();
            outcome.lost = true;
            return Next::Leave;
        }
    }
    Next::Stay
}

/// `w` after a failed save: the schedule into the new file the candidate typed.
fn write_elsewhere(app: &mut DrillApp<'_>, store: &Store, outcome: &mut Outcome) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let path = match crate::tui::rescue::target(app.rescue.typed(), &cwd, home.as_deref()) {
        Ok(path) => path,
        Err(problem) => return app.rescue.write_failed(problem),
    };
    let text = app.work_text();
    match store.create_new_file(&path, text.as_bytes()) {
        Ok(()) => {
            outcome.written = Some(path.clone());
            app.rescue.written(text, path);
        }
        Err(e) => app.rescue.write_failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::drill::{Day, Deck, Misses};
    use crate::rubric::Rubric;
    use crate::tui::Theme;
    use crate::tui::drill::Inputs;

    fn press(app: &mut DrillApp<'_>, code: KeyCode, modifiers: KeyModifiers) -> Action {
        app.handle(&Event::Key(KeyEvent::new(code, modifiers)))
    }

    #[test]
    fn a_grade_that_cannot_be_saved_is_kept_on_screen_until_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A folder where drill.json should be: every save fails, for root too.
        std::fs::create_dir_all(dir.path().join("drill.json/inside")).expect("folder");
        let store = Store::at(dir.path());
        let catalog = crate::scenario::Catalog::builtin(Rubric::builtin());
        let deck = Deck::build(Rubric::builtin(), catalog.scenarios());
        let misses = Misses::default();
        let inputs = Inputs {
            deck: &deck,
            rubric: Rubric::builtin(),
            misses: &misses,
        };
        let today = Day::from_unix_seconds(1_800_000_000);
        let ids = [format!("flag:{}", crate::drill::CHECKLIST[0])];
        let mut app = DrillApp::with_cards(
            inputs,
            DrillState::default(),
            today,
            Theme::plain(),
            crate::tui::drill::Mode::Review,
            &ids,
        );
        let mut outcome = Outcome::default();
        let _ = press(&mut app, KeyCode::Char(' '), KeyModifiers::NONE);
        let graded = press(&mut app, KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(graded, Action::Save);
        assert_eq!(act(&mut app, &store, &mut outcome, graded), Next::Stay);
        assert!(
            app.rescue
                .trouble()
                .is_some_and(|t| t.contains("drill.json"))
        );
        assert!(!app.rescue.is_open(), "a grade's own save opens no box");

        let quit = press(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(act(&mut app, &store, &mut outcome, quit), Next::Stay);
        assert!(app.rescue.is_open(), "the grade is not lost by quitting");
        let _ = press(&mut app, KeyCode::Char('w'), KeyModifiers::NONE);
        let _ = app.handle(&Event::Paste(
            dir.path().join("schedule.json").display().to_string(),
        ));
        let write = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(act(&mut app, &store, &mut outcome, write), Next::Stay);
        let written = std::fs::read_to_string(dir.path().join("schedule.json")).expect("written");
        assert!(written.contains(&ids[0]), "{written}");
        let quit = press(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(act(&mut app, &store, &mut outcome, quit), Next::Leave);
        assert!(outcome.unsaved.is_some());

        // Mended, Ctrl-S saves.
        std::fs::remove_dir_all(dir.path().join("drill.json")).expect("mend");
        let retry = press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(act(&mut app, &store, &mut outcome, retry), Next::Stay);
        assert!(app.rescue.trouble().is_none());
        assert!(store.drill_path().is_file());
    }
}
