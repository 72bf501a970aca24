//! Keeping a practice or mock session's work, for the screen's loop: the draft (Ctrl-S,
//! autosave, quit, a signal), the history entry once scored, the report, and, when dei's own
//! folder cannot be written, the answer in a file the candidate names (`w`). A failed save
//! never ends the session: the screen stays, says why and where (through [`App::rescue`]),
//! and leaving with unsaved work asks first.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::app::{Action, App};
use super::rescue::target;
use super::run::{AUTOSAVE_EVERY, Outcome, now_rfc3339};
use crate::practice::HistoryEntry;
use crate::practice::record::FirstScore;
use crate::store::{Store, StoreError};

/// Whether the screen goes on after an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub(super) enum Next {
    /// Keep the screen.
    Stay,
    /// Leave: the work is saved, or the candidate chose to leave without.
    Leave,
}

/// The files of one session and what became of them.
pub(super) struct Keeper<'s> {
    store: &'s Store,
    report_to: Option<&'s Path>,
    /// Where everything went, for the shell to say once the terminal is back.
    pub outcome: Outcome,
    /// The scored session while it is not in the history yet (that save failed).
    pending: Option<HistoryEntry>,
    /// When the session was first scored, for the entry of a score again to keep.
    first_finished: Option<String>,
    last_save: Instant,
    /// The autosave being written on its own thread, if one is.
    autosaving: Option<Autosave>,
}

/// An autosave written off the screen's thread: an atomic write's two `fsync`s take 10-25 ms,
/// which a keystroke arriving meanwhile would otherwise wait for. The write is the same
/// atomic one (temporary file, `fsync`, rename, `fsync` of the folder), and the draft counts
/// as saved only once it has completed ([`Keeper::settle`]); every other save waits for it
/// first, so an older autosave never lands after a newer save.
struct Autosave {
    /// The draft as it is being written, to tell on completion whether it changed meanwhile.
    bytes: Vec<u8>,
    /// Taken when joined.
    thread: Option<std::thread::JoinHandle<Result<PathBuf, StoreError>>>,
}

impl Autosave {
    fn is_finished(&self) -> bool {
        self.thread
            .as_ref()
            .is_none_or(std::thread::JoinHandle::is_finished)
    }

    /// Waits for the write; `None` if the thread panicked.
    fn join(mut self) -> Option<Result<PathBuf, StoreError>> {
        self.thread.take()?.join().ok()
    }
}

impl Drop for Autosave {
    fn drop(&mut self) {
        // Leaving the screen with a write under way: let it finish.
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl<'s> Keeper<'s> {
    /// Nothing saved yet; `report_to` is `--report`.
    pub fn new(store: &'s Store, report_to: Option<&'s Path>) -> Self {
        Self {
            store,
            report_to,
            outcome: Outcome::default(),
            pending: None,
            first_finished: None,
            last_save: Instant::now(),
            autosaving: None,
        }
    }

    /// Carries out `action` (all but `$EDITOR`, which needs the terminal).
    pub fn act(&mut self, app: &mut App<'_>, action: Action) -> Next {
        if action != Action::None {
            self.settle(app);
        }
        // Whatever comes next (leaving, say) comes after the new score is kept.
        if std::mem::take(&mut app.rescore_unsaved) {
            self.rescored(app);
        }
        match action {
            Action::None | Action::ExternalEdit | Action::Rescored => {}
            Action::Quit => return self.quit(app),
            Action::QuitUnsaved => {
                self.outcome.unsaved = app.rescue.trouble();
                self.outcome.lost = true;
                return Next::Leave;
            }
            Action::Save => self.save(app),
            Action::Finished => self.finished(app),
            Action::WriteElsewhere => self.write_elsewhere(app),
            // The path typed in the report box (see super::report).
            Action::ExportReport => {
                if let Some(path) = super::report::export(app, self.store) {
                    self.outcome.report = Some(path);
                }
            }
        }
        Next::Stay
    }

    /// Saves the draft when it changed and [`AUTOSAVE_EVERY`] has passed by `now`, on its
    /// own thread ([`Autosave`]); the outcome of the last one is taken in once it is done. A
    /// failure is shown, not fatal: the text is still on screen.
    pub fn autosave(&mut self, app: &mut App<'_>, now: Instant) {
        if self.autosaving.as_ref().is_some_and(Autosave::is_finished) {
            self.settle(app);
        }
        let due = now.saturating_duration_since(self.last_save) >= AUTOSAVE_EVERY;
        if due
            && self.autosaving.is_none()
            && app.is_dirty()
            && !app.is_finished()
            && !app.read_only
        {
            if let Err(e) = self.start_autosave(app) {
                app.rescue.failed("the draft", e);
            }
            self.last_save = now;
        }
    }

    /// Starts writing the draft on a thread of its own; where no thread can be started, it is
    /// written here and now, as before.
    fn start_autosave(&mut self, app: &mut App<'_>) -> Result<(), StoreError> {
        let key = app.session().draft_key();
        let bytes = self.store.draft_json(&key, app.session())?;
        let store = self.store.clone();
        let written = bytes.clone();
        let spawned = std::thread::Builder::new()
            .name("dei-autosave".into())
            .spawn(move || store.save_draft_json(&key, &written));
        if let Ok(thread) = spawned {
            self.autosaving = Some(Autosave {
                bytes,
                thread: Some(thread),
            });
        } else {
            self.save_draft(app)?;
            app.rescue.saved();
        }
        Ok(())
    }

    /// Waits for the autosave under way, if any, and takes in its outcome: the draft is marked
    /// saved only if it is still what was written (typing meanwhile leaves it to the next).
    fn settle(&mut self, app: &mut App<'_>) {
        let Some(mut running) = self.autosaving.take() else {
            return;
        };
        let written = std::mem::take(&mut running.bytes);
        match running.join() {
            Some(Ok(_)) => {
                let key = app.session().draft_key();
                let now = self.store.draft_json(&key, app.session());
                if now.is_ok_and(|now| now == written) {
                    app.mark_saved();
                }
                app.rescue.saved();
            }
            Some(Err(e)) => app.rescue.failed("the draft", e),
            None => app
                .rescue
                .failed("the draft", "the autosave stopped unexpectedly"),
        }
    }

    /// Killed, or the terminal closed: keep the work, as Ctrl-Q would, without asking.
    pub fn stopped(&mut self, app: &mut App<'_>, signal: i32) {
        self.settle(app);
        self.outcome.signal = Some(signal);
        // A move being rewritten is scored and kept, as Ctrl-Q would.
        let _ = app.keep_rewrite();
        if std::mem::take(&mut app.rescore_unsaved) {
            self.rescored(app);
        }
        let unsaved = !app.is_finished() || self.pending.is_some();
        if unsaved && !app.read_only {
            match self.save_draft(app) {
                Ok(path) => self.outcome.draft = Some(path),
                Err(e) => self.outcome.unsaved = Some(format!("could not save the draft: {e}")),
            }
        }
    }

    fn save_draft(&mut self, app: &mut App<'_>) -> Result<PathBuf, StoreError> {
        self.settle(app);
        let path = self
            .store
            .save_draft(&app.session().draft_key(), app.session())?;
        app.mark_saved();
        Ok(path)
    }

    fn quit(&mut self, app: &mut App<'_>) -> Next {
        if app.read_only {
            return Next::Leave;
        }
        let (what, error) = if app.round().finished().is_none() {
            match self.save_draft(app) {
                Ok(path) => {
                    self.outcome.draft = Some(path);
                    return Next::Leave;
                }
                Err(e) => ("the draft", e.to_string()),
            }
        } else {
            match self.save_pending(app) {
                Ok(_) => return Next::Leave,
                Err(failed) if failed.draft_kept => {
                    // Nothing is lost: the draft has it all, to resume and score again.
                    self.outcome.unsaved = Some(format!(
                        "could not save to history: {}; the draft is kept",
                        failed.error
                    ));
                    return Next::Leave;
                }
                Err(failed) => ("the session", failed.error),
            }
        };
        app.rescue.failed(what, &error);
        if app.has_unsaved_work() {
            app.rescue.open();
            return Next::Stay;
        }
        // Nothing is lost: the draft on disk, or the file `w` wrote, has it all.
        self.outcome.unsaved = Some(format!("could not save {what}: {error}"));
        Next::Leave
    }

    /// Ctrl-S, or "try again" after a failed save.
    fn save(&mut self, app: &mut App<'_>) {
        if app.read_only {
            app.status = Some("Read-only: nothing is saved from this window.".into());
            return;
        }
        self.last_save = Instant::now();
        if app.is_finished() {
            app.status = Some(match self.save_pending(app) {
                Ok(Some(path)) => format!("Saved to history: {}", path.display()),
                Ok(None) => "This session is saved to the history.".into(),
                Err(failed) => {
                    if !failed.draft_kept {
                        app.rescue.open();
                    }
                    failed.said()
                }
            });
            return;
        }
        match self.save_draft(app) {
            Ok(path) => {
                app.rescue.saved();
                app.status = Some(format!("Draft saved to {}", path.display()));
            }
            Err(e) => {
                app.rescue.failed("the draft", e);
                app.rescue.open();
            }
        }
    }

    /// Puts the pending entry into the history, removing the draft; when that fails, keeps
    /// the draft instead. `Ok(None)`: nothing was pending.
    fn save_pending(&mut self, app: &mut App<'_>) -> Result<Option<PathBuf>, HistoryFailed> {
        let Some(entry) = &self.pending else {
            return Ok(None);
        };
        // Scored again: the entry saved before is replaced (its draft is long gone, and a
        // draft there now is another session's).
        let saved = match self.outcome.history.clone() {
            Some(path) => self
                .store
                .replace_session(&path, entry)
                .map(|()| (path, false)),
            None => self
                .store
                .save_session(&entry.file_stem(), entry)
                .map(|path| (path, true)),
        };
        let history = match saved {
            Ok((path, new)) => {
                self.pending = None;
                self.outcome.history = Some(path.clone());
                self.outcome.draft = None;
                app.mark_saved();
                app.rescue.saved();
                let key = app.session().draft_key();
                if new && let Err(e) = self.store.remove_draft(&key) {
                    app.status = Some(format!("(the old draft stays: {e})"));
                }
                return Ok(Some(path));
            }
            Err(e) => e.to_string(),
        };
        if !app.is_dirty() {
            return Err(HistoryFailed {
                error: history,
                draft_kept: true,
            });
        }
        match self.save_draft(app) {
            Ok(path) => {
                self.outcome.draft = Some(path);
                app.rescue.saved();
                Err(HistoryFailed {
                    error: history,
                    draft_kept: true,
                })
            }
            Err(draft) => {
                let error = format!("{history}; nor the draft: {draft}");
                app.rescue.failed("the session", &error);
                Err(HistoryFailed {
                    error,
                    draft_kept: false,
                })
            }
        }
    }

    /// The session was just scored: into the history (or, failing that, the draft).
    fn finished(&mut self, app: &mut App<'_>) {
        let Some((card, answer)) = app.round().finished() else {
            return;
        };
        if answer.trim().is_empty() {
            // A mock whose time ran out on an empty page: no score to keep, nothing to drill.
            let _ = self.store.remove_draft(&app.session().draft_key());
            app.mark_saved();
            app.status = Some(
                "Time is up and nothing was written, so nothing is saved to the history.".into(),
            );
            return;
        }
        self.outcome.score = Some(format!("{} / 100 ({})", card.score, card.band.name()));
        if app.read_only {
            app.status = Some("Read-only: this score is not saved.".into());
            return;
        }
        let mut entry =
            HistoryEntry::new(app.scenario(), app.session(), card, answer, now_rfc3339());
        entry.mock = app.round().mock_record().cloned();
        self.first_finished = Some(entry.finished.clone());
        self.pending = Some(entry);
        // "Time is up" and the like come first.
        let mut notes: Vec<String> = app.status.take().into_iter().collect();
        match self.save_pending(app) {
            Ok(Some(path)) => notes.push(format!("Saved to history: {}", path.display())),
            Ok(None) => {}
            Err(failed) => {
                if !failed.draft_kept {
                    app.rescue.open();
                }
                notes.push(failed.said());
            }
        }
        // Said after the save, which may have noted an old draft it could not remove.
        notes.extend(app.status.take());
        if let Some(path) = self.report_to {
            match super::report::write(app, self.store, path) {
                Ok(path) => {
                    notes.push(format!("Report: {}", path.display()));
                    self.outcome.report = Some(path);
                }
                Err(e) => notes.push(format!("{e:#}")),
            }
        }
        let notes: Vec<&str> = notes.iter().map(|n| n.trim_end_matches('.')).collect();
        app.status = Some(format!("{}.", notes.join(". ")));
    }

    /// A reopened move was rewritten and the answer scored again: the session's entry in the
    /// history is replaced by one with the new score and the first (or, while the first is
    /// not saved yet, it is saved with both; failing that, the draft keeps it all).
    fn rescored(&mut self, app: &mut App<'_>) {
        let (Some((card, answer)), Some(first)) = (app.round().finished(), app.round().first())
        else {
            return;
        };
        let both = format!(
            "{} / 100 ({}), first scored {} / 100 ({})",
            card.score,
            card.band.name(),
            first.score,
            first.band.name()
        );
        self.outcome.score = Some(both.clone());
        if app.read_only {
            return;
        }
        let finished = now_rfc3339();
        let first_finished = self
            .first_finished
            .clone()
            .unwrap_or_else(|| finished.clone());
        let mut entry = HistoryEntry::new(app.scenario(), app.session(), card, answer, finished);
        entry.mock = app.round().mock_record().cloned();
        entry.first = Some(FirstScore::new(
            first,
            app.session(),
            app.round().reopened(),
            first_finished,
        ));
        self.pending = Some(entry);
        app.status = Some(match self.save_pending(app) {
            Ok(Some(path)) => format!("Scored again: {both}. Saved to history: {}", path.display()),
            Ok(None) => format!("Scored again: {both}."),
            Err(failed) => {
                if !failed.draft_kept {
                    app.rescue.open();
                }
                format!("Scored again: {both}. {}", failed.said())
            }
        });
    }

    /// `w` after a failed save: the answer into the new file the candidate typed.
    fn write_elsewhere(&mut self, app: &mut App<'_>) {
        let cwd = std::env::current_dir().unwrap_or_default();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let path = match target(app.rescue.typed(), &cwd, home.as_deref()) {
            Ok(path) => path,
            Err(problem) => return app.rescue.write_failed(problem),
        };
        let text = app.work_text();
        match self.store.create_new_file(&path, text.as_bytes()) {
            Ok(()) => {
                app.status = Some(format!("The answer is written to {}", path.display()));
                self.outcome.written = Some(path.clone());
                app.rescue.written(text, path);
            }
            Err(e) => app.rescue.write_failed(e.to_string()),
        }
    }
}

/// A scored session that could not go into the history.
struct HistoryFailed {
    /// Why, naming the files.
    error: String,
    /// The draft was saved instead, so nothing is lost.
    draft_kept: bool,
}

impl HistoryFailed {
    /// For the status line.
    fn said(&self) -> String {
        if self.draft_kept {
            format!(
                "Could not save to history: {}; the draft is kept",
                self.error
            )
        } else {
            format!("Could not save to history: {}", self.error)
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::practice::{Mode, Session};
    use crate::rubric::Rubric;
    use crate::scenario::{Catalog, Scenario};
    use crate::tui::Theme;

    const ID: &str = "realtime-analytics";

    fn scenario() -> Scenario {
        Catalog::builtin(Rubric::builtin())
            .get(ID)
            .expect("built in")
            .clone()
    }

    fn app(scenario: &Scenario) -> App<'_> {
        let session = Session::new(ID, Mode::Practice, "2026-11-24T09:00:00Z".into());
        App::new(scenario, Rubric::builtin(), session, Theme::plain())
    }

    fn press(app: &mut App<'_>, code: KeyCode, modifiers: KeyModifiers) -> Action {
        app.handle(&Event::Key(KeyEvent::new(code, modifiers)))
    }

    fn typed(app: &mut App<'_>, text: &str) {
        for c in text.chars() {
            let _ = press(app, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    /// A data folder whose `drafts` and `history` are files, not folders: every save fails,
    /// for any user (root included), as on a full disk.
    fn broken_store(dir: &Path) -> Store {
        for name in ["drafts", "history"] {
            std::fs::write(dir.join(name), "not a folder").expect("write");
        }
        Store::at(dir)
    }

    fn mend(dir: &Path, name: &str) {
        std::fs::remove_file(dir.join(name)).expect("remove");
    }

    #[test]
    fn a_failed_quit_keeps_the_screen_and_w_writes_the_answer_elsewhere() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = broken_store(dir.path());
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        typed(&mut app, "How fresh must the numbers be");

        let quit = press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(keeper.act(&mut app, quit), Next::Stay, "the screen stays");
        assert!(app.rescue.is_open());
        let trouble = app.rescue.trouble().expect("says why");
        assert!(
            trouble.contains("could not save the draft") && trouble.contains("drafts"),
            "and where: {trouble}"
        );

        // `w`, a path that is taken, then a new one.
        let taken = dir.path().join("taken.md");
        std::fs::write(&taken, "mine").expect("write");
        assert_eq!(
            press(&mut app, KeyCode::Char('w'), KeyModifiers::NONE),
            Action::None
        );
        let _ = app.handle(&Event::Paste(taken.display().to_string()));
        let write = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(write, Action::WriteElsewhere);
        assert_eq!(keeper.act(&mut app, write), Next::Stay);
        assert!(app.rescue.is_open(), "refused: the prompt stays");
        assert_eq!(std::fs::read_to_string(&taken).expect("read"), "mine");
        for _ in 0..".md".len() {
            let _ = press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
        }
        typed(&mut app, "-2.md");
        let write = press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(keeper.act(&mut app, write), Next::Stay);
        let copy = dir.path().join("taken-2.md");
        let written = std::fs::read_to_string(&copy).expect("written");
        assert!(
            written.contains("How fresh must the numbers be"),
            "{written}"
        );
        assert!(!app.rescue.is_open());
        assert_eq!(keeper.outcome.written.as_deref(), Some(copy.as_path()));

        // Nothing is lost by leaving now; the footer still says dei's own file is not saved.
        assert!(!app.has_unsaved_work());
        let quit = press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(keeper.act(&mut app, quit), Next::Leave);
        assert!(keeper.outcome.unsaved.is_some() && !keeper.outcome.lost);
    }

    #[test]
    fn quitting_with_unsaved_work_asks_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = broken_store(dir.path());
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        typed(&mut app, "peak rate");
        let quit = press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(keeper.act(&mut app, quit), Next::Stay);
        // Ctrl-Q in the box asks; n stays; y leaves.
        let ask = press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(ask, Action::None);
        assert_eq!(
            press(&mut app, KeyCode::Char('n'), KeyModifiers::NONE),
            Action::None
        );
        assert!(app.rescue.is_open(), "back to the choices");
        let _ = press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
        let leave = press(&mut app, KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(leave, Action::QuitUnsaved);
        assert_eq!(keeper.act(&mut app, leave), Next::Leave);
        assert!(keeper.outcome.lost);
        assert!(
            keeper
                .outcome
                .unsaved
                .as_deref()
                .is_some_and(|why| why.contains("drafts")),
            "{:?}",
            keeper.outcome.unsaved
        );
    }

    #[test]
    fn a_failed_autosave_is_shown_until_a_retry_succeeds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = broken_store(dir.path());
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        typed(&mut app, "volume");
        keeper.autosave(&mut app, Instant::now() + AUTOSAVE_EVERY);
        // The write runs on its own thread; its failure is shown once it is taken in.
        keeper.settle(&mut app);
        assert!(app.rescue.trouble().is_some());
        assert!(!app.rescue.is_open(), "no box while typing");
        typed(&mut app, " and peak");
        assert!(app.text().ends_with("volume and peak"), "typing goes on");

        // Ctrl-S retries; still failing, the box opens; once mended, s saves and closes it.
        let save = press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(keeper.act(&mut app, save), Next::Stay);
        assert!(app.rescue.is_open());
        mend(dir.path(), "drafts");
        let retry = press(&mut app, KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(retry, Action::Save);
        assert_eq!(keeper.act(&mut app, retry), Next::Stay);
        assert!(!app.rescue.is_open() && app.rescue.trouble().is_none());
        assert!(store.draft_path(ID).exists());
        assert!(!app.is_dirty());
    }

    #[test]
    fn an_autosave_counts_as_saved_only_once_written_and_never_lands_after_a_newer_save() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        typed(&mut app, "volume");
        let later = Instant::now() + AUTOSAVE_EVERY;
        keeper.autosave(&mut app, later);
        assert!(app.is_dirty(), "not saved until the write is done");
        // Typing while it is written: the write completes, the new text is still unsaved.
        typed(&mut app, " and peak");
        keeper.settle(&mut app);
        assert!(app.is_dirty());
        let on_disk = std::fs::read_to_string(store.draft_path(ID)).expect("written");
        assert!(on_disk.contains("volume") && !on_disk.contains("and peak"));
        // The next one is written in full and then counts.
        keeper.autosave(&mut app, later + AUTOSAVE_EVERY);
        keeper.settle(&mut app);
        assert!(!app.is_dirty() && app.rescue.trouble().is_none());
        let on_disk = std::fs::read_to_string(store.draft_path(ID)).expect("written");
        assert!(on_disk.contains("volume and peak"));

        // Ctrl-S while an autosave is under way waits for it, then writes the newest text.
        typed(&mut app, " rate");
        keeper.autosave(&mut app, later + AUTOSAVE_EVERY * 2);
        typed(&mut app, " now");
        let save = press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(keeper.act(&mut app, save), Next::Stay);
        assert!(keeper.autosaving.is_none() && !app.is_dirty());
        let on_disk = std::fs::read_to_string(store.draft_path(ID)).expect("written");
        assert!(on_disk.contains("volume and peak rate now"), "{on_disk}");
    }

    /// Plays a short session through to the scorecard.
    fn score(app: &mut App<'_>) -> Action {
        typed(app, "How fresh must the numbers be?");
        for _ in 0..4 {
            let _ = press(app, KeyCode::Char('n'), KeyModifiers::CONTROL);
        }
        typed(app, "It breaks first at the hot partition.");
        let _ = press(app, KeyCode::Char('n'), KeyModifiers::CONTROL);
        press(app, KeyCode::Char('n'), KeyModifiers::CONTROL)
    }

    /// `e`, a move's number, the new text typed over the old, then `key`.
    fn rewrite(app: &mut App<'_>, number: char, text: &str, key: KeyEvent) -> Action {
        let _ = press(app, KeyCode::Char('e'), KeyModifiers::NONE);
        let _ = press(app, KeyCode::Char(number), KeyModifiers::NONE);
        typed(app, text);
        app.handle(&Event::Key(key))
    }

    #[test]
    fn a_move_rewritten_after_scoring_replaces_the_entry_with_both_scores() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        let finished = score(&mut app);
        assert_eq!(keeper.act(&mut app, finished), Next::Stay);
        let path = keeper.outcome.history.clone().expect("in the history");
        let first: HistoryEntry = store.load_session(&path).expect("reads");
        assert_eq!(first.first, None);
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        let rescored = rewrite(
            &mut app,
            '5',
            " I would monitor consumer lag first, because the dashboard feels lag first.",
            ctrl_n,
        );
        assert_eq!(rescored, Action::Rescored);
        assert_eq!(keeper.act(&mut app, rescored), Next::Stay);
        // The same file, now with both scores; nothing else in the folder but the index.
        assert_eq!(keeper.outcome.history.as_ref(), Some(&path));
        let again: HistoryEntry = store.load_session(&path).expect("reads");
        let kept = again.first.clone().expect("the first score is kept");
        assert_eq!(
            (kept.score, kept.band.as_str(), kept.finished.as_str()),
            (first.score, first.band.as_str(), first.finished.as_str())
        );
        assert_eq!(kept.moves, first.moves);
        assert_eq!(kept.reopened, [crate::scenario::Stage::Defend]);
        assert!(
            again.score > first.score,
            "{} -> {}",
            first.score,
            again.score
        );
        assert!(again.answer.contains("monitor consumer lag"));
        assert_eq!(
            store.history_paths().expect("lists"),
            std::slice::from_ref(&path)
        );
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with("Scored again: "), "{status}");
        let both = keeper.outcome.score.clone().unwrap_or_default();
        assert!(
            both.contains(&format!("first scored {} / 100", first.score)),
            "{both}"
        );
        // Ctrl-Q while rewriting scores and saves the rewrite before leaving.
        let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        let quit = rewrite(&mut app, '1', " How many readers at once?", ctrl_q);
        assert_eq!(quit, Action::Quit);
        assert_eq!(keeper.act(&mut app, quit), Next::Leave);
        let last: HistoryEntry = store.load_session(&path).expect("reads");
        assert!(
            last.answer.contains("How many readers at once?"),
            "{}",
            last.answer
        );
        let kept = last.first.expect("still the first");
        assert_eq!(kept.score, first.score);
        assert_eq!(
            kept.reopened,
            [
                crate::scenario::Stage::Defend,
                crate::scenario::Stage::Clarify
            ]
        );
        assert_eq!(store.history_paths().expect("lists").len(), 1);
    }

    #[test]
    fn a_rewrite_that_cannot_go_into_the_history_is_kept_in_the_draft() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::at(dir.path());
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        let finished = score(&mut app);
        assert_eq!(keeper.act(&mut app, finished), Next::Stay);
        let path = keeper.outcome.history.clone().expect("in the history");
        // The entry can no longer be replaced (a folder stands where it was).
        std::fs::remove_file(&path).expect("removed");
        std::fs::create_dir(&path).expect("a folder");
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        let rescored = rewrite(&mut app, '5', " Lag first.", ctrl_n);
        assert_eq!(keeper.act(&mut app, rescored), Next::Stay);
        let draft: Session = store
            .load_draft(ID)
            .expect("reads")
            .expect("the draft keeps the rewrite");
        assert!(draft.defend.ends_with("Lag first."), "{}", draft.defend);
        let status = app.status.clone().unwrap_or_default();
        assert!(status.contains("the draft is kept"), "{status}");
    }

    #[test]
    fn a_scored_session_that_cannot_be_saved_stays_until_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = broken_store(dir.path());
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        let finished = score(&mut app);
        assert_eq!(finished, Action::Finished);
        assert_eq!(keeper.act(&mut app, finished), Next::Stay);
        assert!(
            app.rescue.is_open(),
            "neither history nor draft: the box opens"
        );
        let trouble = app.rescue.trouble().expect("trouble");
        assert!(
            trouble.contains("history") && trouble.contains("nor the draft"),
            "{trouble}"
        );
        // Back on the scorecard, q asks again rather than leaving.
        let _ = press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
        let quit = press(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(quit, Action::Quit);
        assert_eq!(keeper.act(&mut app, quit), Next::Stay);
        assert!(app.rescue.is_open());

        mend(dir.path(), "history");
        let retry = press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(keeper.act(&mut app, retry), Next::Stay);
        let saved = keeper.outcome.history.clone().expect("in the history");
        assert!(saved.exists());
        assert!(!app.rescue.is_open() && app.rescue.trouble().is_none());
        let quit = press(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keeper.act(&mut app, quit), Next::Leave);
        assert_eq!(keeper.outcome.unsaved, None);
    }

    #[test]
    fn when_only_the_history_fails_the_draft_is_kept_and_q_leaves() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = broken_store(dir.path());
        mend(dir.path(), "drafts");
        let scenario = scenario();
        let mut app = app(&scenario);
        let mut keeper = Keeper::new(&store, None);
        let finished = score(&mut app);
        assert_eq!(keeper.act(&mut app, finished), Next::Stay);
        assert!(!app.rescue.is_open());
        let status = app.status.clone().unwrap_or_default();
        assert!(status.contains("the draft is kept"), "{status}");
        assert!(store.draft_path(ID).exists());
        let quit = press(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keeper.act(&mut app, quit), Next::Leave);
        assert!(keeper.outcome.draft.is_some());
        assert!(keeper.outcome.unsaved.is_some(), "and says history failed");
    }
}
