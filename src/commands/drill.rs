//! `dei drill`: reads the schedule and the history, runs the full-screen drill, and says
//! where the schedule was saved once the terminal is back.

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};

use crate::cli::ColorWhen;
use dei::drill::{Day, Deck, DrillState, Misses};
use dei::practice::HistoryEntry;
use dei::rubric::Rubric;
use dei::scenario::Catalog;
use dei::store::Store;
use dei::tui::Theme;
use dei::tui::drill::{DrillApp, Inputs, run};

pub fn run(catalog: &Catalog, night_before: bool, color: ColorWhen) -> anyhow::Result<ExitCode> {
    let store = Store::open_default()?;
    // Read before anything else, terminal or not: a damaged schedule is never replaced.
    let state: DrillState = store
        .load_json(&store.drill_path())
        .context("cannot read the drill schedule")?
        .unwrap_or_default();
    let (misses, skipped) = read_misses(&store)?;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!(
            "dei drill needs a terminal (stdin and stdout are not one); run it in a terminal \
             window, not through a pipe"
        );
    }
    let rubric = Rubric::builtin();
    let deck = Deck::build(rubric, catalog.scenarios());
    let theme = if use_color(color) {
        Theme::color()
    } else {
        Theme::plain()
    };
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
    if !skipped.is_empty() {
        app.status = Some(format!(
            "{} history file(s) unreadable, left out (listed when you quit)",
            skipped.len()
        ));
    }
    let outcome = run::run(&mut app, &store)?;
    let mut out = anstream::stdout().lock();
    if let Some(path) = &outcome.saved {
        writeln!(out, "Schedule saved to {}", path.display())?;
    }
    for error in &skipped {
        // The error names the file.
        writeln!(
            anstream::stderr(),
            "warning: history file left out: {error}"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The rubric items each past session missed. A history file that cannot be read is left
/// out and returned with its error, so one bad file does not stop the drill.
fn read_misses(store: &Store) -> anyhow::Result<(Misses, Vec<String>)> {
    let mut misses = Misses::new();
    let mut skipped = Vec::new();
    for path in store.history_paths()? {
        match store.load_session::<HistoryEntry>(&path) {
            Ok(entry) => {
                misses.add_session(entry.signals_missed.into_iter().chain(entry.red_flags));
            }
            Err(e) => skipped.push(e.to_string()),
        }
    }
    Ok((misses, skipped))
}

/// Today in UTC: the scheduler counts whole days.
fn today() -> Day {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Day::from_unix_seconds(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Colour unless `NO_COLOR` is set or `--color never` (as `dei practice` decides).
fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}
