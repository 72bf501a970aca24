//! The drill's terminal loop: keys to [`DrillApp::handle`], the schedule saved to
//! `drill.json` after every grade and on quit. The terminal set-up is the practice screen's.

use std::path::PathBuf;

use crossterm::event;
use ratatui::DefaultTerminal;

use super::{Action, DrillApp};
use crate::drill::DrillState;
use crate::store::Store;
use crate::tui::run::{enter, leave};

/// What the shell prints once the terminal is back to normal.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The schedule was saved here (something was graded).
    pub saved: Option<PathBuf>,
    /// Cards graded or seen.
    pub done: usize,
}

/// Runs the drill until the candidate quits.
pub fn run(app: &mut DrillApp<'_>, store: &Store) -> anyhow::Result<Outcome> {
    let mut terminal = enter()?;
    let mut outcome = Outcome::default();
    let result = event_loop(&mut terminal, app, store, &mut outcome);
    leave();
    if result.is_err() && app.is_dirty() {
        // The terminal failed under us: keep the grades if the disk lets us.
        let _ = save(app, store, &mut outcome);
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
) -> anyhow::Result<()> {
    // A failed save on quit keeps the screen open once; a second quit leaves without it.
    let mut quit_unsaved = false;
    loop {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        // Nothing changes on screen without a key: no clock to redraw.
        match app.handle(&event::read()?) {
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
