//! `dei drill`: reads the schedule and the history, runs the full-screen drill, and says
//! where the schedule was saved once the terminal is back.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cli::ColorWhen;
use dei::drill::{Day, Deck, DrillState, Misses};
use dei::rubric::Rubric;
use dei::scenario::Catalog;
use dei::store::Store;
use dei::tui::drill::{DrillApp, Inputs, run};

pub fn run(catalog: &Catalog, night_before: bool, color: ColorWhen) -> anyhow::Result<ExitCode> {
    let store = Store::open_default()?;
    // Read before anything else, terminal or not: a damaged schedule is never replaced. The
    // night-before run grades nothing, so it goes ahead without one.
    let loaded = store.load_json::<DrillState>(&store.drill_path());
    let state = match (loaded, night_before) {
        (Ok(state), _) => state.unwrap_or_default(),
        (Err(e), true) => {
            eprintln!("warning: {e}; the night-before run does not need the schedule");
            DrillState::default()
        }
        (Err(e), false) => {
            anyhow::bail!(
                "cannot read the drill schedule: {e}\n  help: `dei drill --night-before` still \
                 works; to start the schedule over, move the file aside"
            );
        }
    };
    let (summaries, skipped) = super::progress::load(&store)?;
    let mut misses = Misses::new();
    for s in summaries {
        let items = s.items.signals_missed().iter().chain(s.items.red_flags());
        misses.add_session(items.map(dei::progress::SharedId::as_str));
    }
    super::require_terminal(
        "dei drill",
        "run it in a terminal window, not through a pipe",
    )?;
    let rubric = Rubric::builtin();
    let deck = Deck::build(rubric, catalog.scenarios());
    let theme = super::theme(color);
    let today = today();
    let inputs = Inputs {
        deck: &deck,
        rubric,
        misses: &misses,
    };
    let mut app = if night_before {
        DrillApp::night_before(inputs, state, today, theme)
    } else {
        DrillApp::review(inputs, state, today, theme)
    };
    if skipped > 0 {
        app.status = Some(format!(
            "{skipped} history file(s) unreadable, left out (named before the drill started)"
        ));
    }
    let outcome = run::run(&mut app, &store)?;
    let mut out = anstream::stdout().lock();
    let summary = match app.session_summary() {
        Some(summary) => writeln!(out, "{summary}"),
        None => Ok(()),
    };
    let said = summary.and_then(|()| match &outcome.saved {
        Some(path) => writeln!(out, "Schedule saved to {}", path.display()),
        None => Ok(()),
    });
    if let Some(signal) = outcome.signal {
        // The terminal may be gone (SIGHUP): what could not be said is no error.
        return Ok(ExitCode::from(dei::tui::signals::exit_code(signal)));
    }
    said?;
    if let Some(path) = &outcome.written {
        writeln!(out, "The schedule was written to {}", path.display())?;
    }
    if let Some(why) = &outcome.unsaved {
        eprintln!("Not saved: {why}");
    }
    if outcome.lost {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Today in UTC: the scheduler counts whole days.
fn today() -> Day {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Day::from_unix_seconds(i64::try_from(secs).unwrap_or(i64::MAX))
}
