//! `dei practice` and `dei mock`: finds the scenario and the draft, runs the full-screen
//! session, and says where everything was saved once the terminal is back.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use crate::cli::ColorWhen;
use dei::practice::{Mode, Session};
use dei::rubric::Rubric;
use dei::scenario::Catalog;
use dei::store::{Holder, Lock, Store};
use dei::tui::busy::{self, Busy, BusyChoice};
use dei::tui::start::{Start, StartChoice};
use dei::tui::{App, run};

/// The flags of `dei practice` and `dei mock`.
pub struct Options {
    /// Practice, or a mock of this many minutes.
    pub mock_minutes: Option<u32>,
    /// Continue the saved draft.
    pub resume: bool,
    /// Start over although a draft exists.
    pub new: bool,
    /// Also write the report here when scored.
    pub report: Option<PathBuf>,
    /// `--color`.
    pub color: ColorWhen,
}

/// A scenario id picked at random for `dei mock --random` (the shell's clock is the seed).
pub fn random_id(catalog: &Catalog) -> anyhow::Result<String> {
    let ids: Vec<&str> = catalog.headers().map(|h| h.id.as_str()).collect();
    if ids.is_empty() {
        bail!("there are no scenarios to pick from");
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    Ok(ids[nanos as usize % ids.len()].to_owned())
}

pub fn run(catalog: &Catalog, id: &str, options: &Options) -> anyhow::Result<ExitCode> {
    let scenario = catalog.get(id)?;
    if let Some(path) = &options.report {
        check_report_path(path)?;
    }
    let store = Store::open_default()?;
    let mode = if options.mock_minutes.is_some() {
        Mode::Mock
    } else {
        Mode::Practice
    };
    let command = format!("dei {} {}", mode.id(), scenario.id);
    let key = dei::practice::session::draft_key(&scenario.id, mode);
    // Held until this function returns, however it does.
    let lock = match store.lock_draft(&key, &run::now_rfc3339())? {
        Lock::Acquired { lock, took_over } => Some((lock, took_over)),
        Lock::Held { holder, path } => {
            match open_elsewhere(&store, &key, &scenario.title, holder, &path, options)? {
                BusyChoice::ReadOnly => None,
                BusyChoice::Quit => return Ok(ExitCode::SUCCESS),
            }
        }
    };
    let read_only = lock.is_none();
    if options.new && store.draft_path(&key).exists() {
        require_terminal(&scenario.id)?;
        let kept = store.set_aside_draft(&key, &run::stamp(14))?;
        eprintln!("The old draft is kept as {}", kept.display());
    }
    let existing = store.load_draft::<Session>(&key).map_err(|e| {
        anyhow::anyhow!(
            "{e}\n  help: `{command} --new` sets the file aside, unread, and starts over"
        )
    })?;
    if let Some(draft) = &existing
        && (draft.scenario != scenario.id || draft.mode != mode)
    {
        bail!(
            "{} holds a {} draft of {}, not a {} draft of {}; move it aside or start over with `{command} --new`",
            store.draft_path(&key).display(),
            draft.mode.id(),
            draft.scenario,
            mode.id(),
            scenario.id
        );
    }
    let session = match (existing, options.resume || read_only) {
        (Some(draft), true) => draft,
        (None, true) => bail!(
            "there is no draft of {} to resume (looked for {}); start one with `{command}`",
            scenario.id,
            store.draft_path(&key).display(),
        ),
        // With a terminal the candidate chooses on the spot; without one (a script) it is
        // said before anything else: a draft is never overwritten.
        (Some(draft), false) if !is_terminal() => bail!(
            "you have a draft of {} started {} (at {}); continue it with `{command} --resume`, \
             or start over with `--new` (the draft is kept, renamed)",
            scenario.id,
            draft.started,
            draft.stage.title(),
        ),
        (Some(draft), false) => {
            let Some(session) = ask_about(draft, scenario, &store, &key, options)? else {
                println!("The draft is as it was; continue with: {command} --resume");
                return Ok(ExitCode::SUCCESS);
            };
            session
        }
        (None, false) => new_session(&scenario.id, mode, options),
    };
    require_terminal(&scenario.id)?;
    let theme = super::theme(options.color);
    let mut app = App::new(scenario, Rubric::builtin(), session, theme);
    app.read_only = read_only;
    app.reports_dir = Some(store.reports_dir());
    if read_only {
        app.status = Some(dei::tui::app::READ_ONLY.into());
    }
    if let Some((_, Some(note))) = &lock {
        // Said on the screen, where it is read, and again once the terminal is back.
        eprintln!("note: {note}");
        app.status = Some(format!("Note: {note}"));
    }
    let outcome = run::run(&mut app, &store, options.report.as_deref())?;
    drop(lock);
    if read_only {
        println!("Closed the read-only window; nothing was saved from it.");
    }
    let said = say_where(&outcome, &command, &scenario.id);
    if let Some(signal) = outcome.signal {
        // The terminal may be gone (SIGHUP): what could not be said is no error.
        return Ok(ExitCode::from(dei::tui::signals::exit_code(signal)));
    }
    said?;
    if let Some(why) = &outcome.unsaved {
        // Said last, where a script sees it: the candidate chose to leave without saving.
        eprintln!("Not saved: {why}");
    }
    if outcome.lost {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The start screen over a waiting draft: the session to play (the draft, or a new one with
/// the draft set aside), or `None` to quit.
fn ask_about(
    draft: Session,
    scenario: &dei::scenario::Scenario,
    store: &Store,
    key: &str,
    options: &Options,
) -> anyhow::Result<Option<Session>> {
    let start = Start {
        title: scenario.title.clone(),
        started: draft.started.clone(),
        stage: draft.stage.title().to_owned(),
        mode: draft.mode.id().to_owned(),
        theme: super::theme(options.color),
    };
    Ok(match start.ask()? {
        StartChoice::Resume => Some(draft),
        StartChoice::StartOver => {
            let kept = store.set_aside_draft(key, &run::stamp(14))?;
            eprintln!("The old draft is kept as {}", kept.display());
            Some(new_session(&scenario.id, draft.mode, options))
        }
        StartChoice::Quit => None,
    })
}

/// A new session of `id`, with the mock's clock when it is one.
fn new_session(id: &str, mode: Mode, options: &Options) -> Session {
    let mut session = Session::new(id, mode, run::now_rfc3339());
    session.mock = options
        .mock_minutes
        .map(dei::practice::mock::MockState::new);
    session
}

/// Both stdin and stdout are a terminal: the candidate can be asked.
fn is_terminal() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Where the session went, once the terminal is back.
fn say_where(outcome: &run::Outcome, command: &str, id: &str) -> std::io::Result<()> {
    let mut out = anstream::stdout().lock();
    if let Some(score) = &outcome.score {
        writeln!(out, "{id}: {score}")?;
    }
    if let Some(path) = &outcome.history {
        writeln!(out, "Saved to history: {}", path.display())?;
    }
    if let Some(path) = &outcome.report {
        writeln!(out, "Report: {}", path.display())?;
    }
    if let Some(path) = &outcome.written {
        writeln!(out, "The answer was written to {}", path.display())?;
    }
    if let Some(path) = &outcome.draft {
        writeln!(
            out,
            "Draft saved to {}\nContinue with: {command} --resume",
            path.display(),
        )?;
    }
    Ok(())
}

/// The draft is open in another window: with a terminal, the candidate chooses (read-only or
/// quit); without one, or with `--new` (which would set aside a draft in use), it is an error.
fn open_elsewhere(
    store: &Store,
    key: &str,
    title: &str,
    holder: Option<Holder>,
    lock: &std::path::Path,
    options: &Options,
) -> anyhow::Result<BusyChoice> {
    let said = busy::describe(holder.as_ref());
    let help = format!(
        "  help: finish in that window first; if it is gone for good (on another machine, say), \
         remove {}",
        lock.display()
    );
    if options.new {
        bail!("{said}; --new would set aside a draft in use\n{help}");
    }
    if !is_terminal() {
        bail!("{said}; a second window may only show it read-only, which needs a terminal\n{help}");
    }
    let busy = Busy {
        title: title.to_owned(),
        holder,
        can_read: store.draft_path(key).is_file(),
        theme: super::theme(options.color),
    };
    busy.ask()
}

fn require_terminal(id: &str) -> anyhow::Result<()> {
    super::require_terminal(
        "dei practice",
        &format!("to grade a written answer, use `dei score {id} FILE`"),
    )
}

/// Said before the session, not after an hour's work: `--report` must name a file in a
/// folder that exists. (A file already there is not replaced; the report goes beside it.)
fn check_report_path(path: &std::path::Path) -> anyhow::Result<()> {
    if path.is_dir() {
        bail!(
            "--report {} is a folder; name a file in it, such as {}",
            path.display(),
            path.join("report.md").display()
        );
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    if !folder.is_dir() {
        bail!(
            "--report {}: the folder {} does not exist; create it first",
            path.display(),
            folder.display()
        );
    }
    Ok(())
}
