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
    // A failed save on quit keeps the screen open once; a second quit leaves without it.
    let mut quit_unsaved = false;
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
        match app.handle(&event) {
            Action::None => {}
            Action::Save => {
                if let Err(e) = save(app, store, outcome) {
                    app.status = Some(format!(
                        "Could not save the schedule: {e:#}. It is kept in memory; q tries again."
                    ));
                }
            }
            Action::Quit => {
                if !app.is_dirty() || quit_unsaved {
                    return Ok(());
                }
                match save(app, store, outcome) {
                    Ok(()) => return Ok(()),
                    Err(e) => {
                        app.status = Some(format!(
                            "Could not save the schedule: {e:#}. Free some space and press q, \
                             or Ctrl-C again to quit without saving."
                        ));
                        quit_unsaved = true;
                    }
                }
            }
        }
    }
}
