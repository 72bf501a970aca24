//! The practice screen's state and what each key does to it. The round itself (the draft,
//! the interviewer, the scorer, the lab, a mock's clock) is [`Round`]; this screen keeps the
//! editors, scrolling, focus and the status line, and turns keys into calls on the round.
//! Rendering is in [`super::view`]; the terminal, the clock and files are in [`super::run`].
//! Handlers return an [`Action`] for the shell to carry out, so every key can be tested
//! without a terminal.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};
use ratatui_textarea::{TextArea, WrapMode};

use crate::practice::round::{self, LabControl, Round, is_conversation};
use crate::practice::{Session, scratchpad};
use crate::rubric::Rubric;
use crate::scenario::{Scenario, Stage};

use super::Theme;
use super::report::{PromptKey, ReportPrompt};
use super::rescue::{Choice, Rescue};

/// What the shell must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Action {
    /// Nothing beyond redrawing.
    None,
    /// Save the draft and leave.
    Quit,
    /// Save the draft now (Ctrl-S).
    Save,
    /// Open the current move's text in `$EDITOR` (Ctrl-E).
    ExternalEdit,
    /// The session was just scored: save it to the history.
    Finished,
    /// Write the Markdown report to the path typed in [`App::report_prompt`].
    ExportReport,
    /// A save failed and `w` was asked: write the answer to the path typed in
    /// [`App::rescue`].
    WriteElsewhere,
    /// Leave although the work is not saved (the candidate confirmed it).
    QuitUnsaved,
    /// A reopened move was rewritten and the answer scored again: save it to the history
    /// with both scores.
    Rescored,
}

/// Which pane of the lab-enabled Deep-dive has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The answer being typed.
    Editor,
    /// The simulation lab's knobs.
    Lab,
}

/// The scorecard screen's two views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreTab {
    /// Score, moves, rubric items, numbers, simulations, follow-ups.
    Card,
    /// The candidate's answer beside the model answer.
    Answers,
}

/// The practice screen.
// The flags are independent toggles of what is shown (help, rubric, a pending confirmation,
// unsaved changes), not the states of one machine.
#[allow(clippy::struct_excessive_bools)]
pub struct App<'a> {
    /// The round: the draft and everything that answers it.
    round: Round<'a>,
    /// One editor per move, in the order of [`Stage::ALL`].
    pub(super) editors: Vec<TextArea<'static>>,
    /// Styles.
    pub theme: Theme,
    /// F1: the key overlay.
    pub show_help: bool,
    /// F2: the live rubric panel.
    pub show_rubric: bool,
    /// Lines scrolled up from the bottom of the transcript, or down the scorecard.
    pub scroll: u16,
    /// Where the keys go in Deep-dive.
    pub focus: Focus,
    /// The scorecard screen's view.
    pub score_tab: ScoreTab,
    /// A one-line message for the footer (saved, exported, an error); it gives way to the
    /// key hints after [`STATUS_MILLIS`] of session time.
    pub status: Option<String>,
    pub(super) status_shown: Option<(String, u64)>,
    /// Ctrl-N in Defend was pressed once: the next Ctrl-N scores the session.
    pub confirm_finish: bool,
    /// A failed save, and the box that offers to retry or write the answer elsewhere.
    pub rescue: Rescue,
    /// The draft is open in another window: shown, never changed or saved (no typing, no
    /// clock, no scoring; the shell writes nothing).
    pub read_only: bool,
    /// `r` on the scorecard: the box asking where the report goes.
    pub report_prompt: Option<ReportPrompt>,
    /// `e` on the scorecard: a move being chosen or rewritten, to score the answer again.
    pub(super) reopen: Option<super::reopen::Reopen>,
    /// The answer was scored again and that score is not in the history yet.
    pub(super) rescore_unsaved: bool,
    /// The data folder's `reports/`, where the report's default path is (set by the shell;
    /// without it `r` proposes no folder and the candidate types one).
    pub reports_dir: Option<std::path::PathBuf>,
    /// Rows of the Sketch's drawing scrolled past (Alt-↑/↓), as the last frame snapped them
    /// to whole rows of boxes.
    pub(super) sketch_scroll: std::cell::Cell<u16>,
    /// The largest useful scroll, as the last frame found it (the view knows the lines).
    pub(super) max_scroll: std::cell::Cell<u16>,
    /// The lines a page scroll moves, as the last frame found them.
    pub(super) page: std::cell::Cell<u16>,
    /// The last frame was the "enlarge the window" notice: keys other than quit wait.
    pub(super) too_small: std::cell::Cell<bool>,
    pub(super) dirty: bool,
}

/// What a read-only window says when asked to change something.
pub const READ_ONLY: &str =
    "Read-only: open in another window; nothing here is saved. Ctrl-N/P moves, Ctrl-Q quits.";

/// Rows Alt-↑/↓ scroll the Sketch's drawing by: a row of boxes and the blank line after it.
const SKETCH_STEP: u16 = 4;

/// How long a status message stays in the footer.
pub const STATUS_MILLIS: u64 = 8_000;

/// Index of a move in [`Stage::ALL`].
pub(super) fn index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)
}

/// What an empty editor of `stage` says it is for (drawn wrapped by the view, since the
/// editor's own placeholder is one line, cut at the edge).
pub(super) fn placeholder(stage: Stage) -> &'static str {
    match stage {
        Stage::Clarify => {
            "Ask a question, or pin an assumption (\"I'll assume ...\"). Enter sends."
        }
        Stage::Size => {
            "Work the numbers. A line starting with = is calculated: = 10k events/s * 1 KB/event -> MB/s"
        }
        Stage::Sketch => {
            "One component per line with its reason (kafka: absorbs the 5x spike), and flows: collector -> kafka -> flink"
        }
        Stage::DeepDive => "Answer the question. Enter sends; Alt-Enter for a new line.",
        Stage::Defend => {
            "Trade-offs you made, where it breaks first, what you would monitor first."
        }
    }
}

pub(super) fn editor(text: &str, theme: &Theme) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_owned).collect()
    };
    let mut area = TextArea::new(lines);
    // Drawn by the view, wrapped (see `placeholder`); the editor's own would be cut.
    area.set_placeholder_text("");
    area.set_placeholder_style(theme.dim);
    area.set_cursor_line_style(ratatui::style::Style::new());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

impl<'a> App<'a> {
    /// The screen for `session` of `scenario`.
    #[must_use]
    pub fn new(scenario: &'a Scenario, rubric: &'a Rubric, session: Session, theme: Theme) -> Self {
        let editors = Stage::ALL
            .iter()
            .map(|&stage| editor(session.text(stage), &theme))
            .collect();
        // A new session opens on the prompt's first line (scrolled all the way up).
        let scroll = if session.transcript.is_empty() {
            u16::MAX
        } else {
            0
        };
        Self {
            round: Round::new(scenario, rubric, session),
            editors,
            theme,
            show_help: false,
            show_rubric: false,
            scroll,
            focus: Focus::Editor,
            score_tab: ScoreTab::Card,
            status: None,
            status_shown: None,
            confirm_finish: false,
            rescue: Rescue::new("the answer"),
            read_only: false,
            report_prompt: None,
            reopen: None,
            rescore_unsaved: false,
            reports_dir: None,
            sketch_scroll: std::cell::Cell::new(0),
            max_scroll: std::cell::Cell::new(u16::MAX),
            page: std::cell::Cell::new(10),
            too_small: std::cell::Cell::new(false),
            dirty: false,
        }
    }

    /// The round being played.
    #[must_use]
    pub fn round(&self) -> &Round<'a> {
        &self.round
    }

    /// The round, to play: only through the screen's own handlers, which keep the editors
    /// in step with it.
    pub(super) fn round_mut(&mut self) -> &mut Round<'a> {
        &mut self.round
    }

    /// The draft: everything the candidate wrote and the interviewer said.
    #[must_use]
    pub fn session(&self) -> &Session {
        self.round.session()
    }

    /// The scenario being practised.
    #[must_use]
    pub fn scenario(&self) -> &'a Scenario {
        self.round.scenario()
    }

    /// The current move.
    #[must_use]
    pub fn stage(&self) -> Stage {
        self.round.stage()
    }

    /// Whether this is a timed mock (no live rubric, hints, lab or model answer until the end).
    #[must_use]
    pub fn is_mock(&self) -> bool {
        self.round.is_mock()
    }

    /// The session is scored and ended: the scorecard shows.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.round.finished().is_some()
    }

    /// The editor of the current move.
    #[must_use]
    pub fn editor(&self) -> &TextArea<'static> {
        &self.editors[index(self.stage())]
    }

    /// The current move's editor, to change.
    fn editor_mut(&mut self) -> &mut TextArea<'static> {
        let stage = self.stage();
        &mut self.editors[index(stage)]
    }

    /// The draft changed since it was last saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The shell saved the draft.
    pub fn mark_saved(&mut self) {
        self.dirty = false;
    }

    /// What `w` writes when a save fails: the scored answer, or the answer so far with
    /// what was typed in Clarify or Deep-dive and not sent yet.
    #[must_use]
    pub fn work_text(&self) -> String {
        self.round.work_text()
    }

    /// Something would be lost by leaving now: a change not saved, nor written elsewhere by
    /// `w` since.
    #[must_use]
    pub fn has_unsaved_work(&self) -> bool {
        self.dirty && !self.rescue.is_written(&self.work_text())
    }

    /// The scratchpad worked out line by line.
    #[must_use]
    pub fn worked(&self) -> Vec<scratchpad::Worked> {
        self.round.worked()
    }

    /// The answer so far, as the scorer reads it.
    #[must_use]
    pub fn answer(&self) -> String {
        self.round.answer()
    }

    /// The live scorecard (F2), scored again before a frame after each edit.
    #[must_use]
    pub fn live(&self) -> Option<&crate::score::Scorecard> {
        self.round.live()
    }

    /// Brings what the screen shows up to date; the shell calls it before each frame.
    pub fn refresh(&mut self) {
        if self.show_rubric {
            self.round.refresh_live();
        }
    }

    /// Replaces the current move's text (after `$EDITOR`).
    pub fn set_text(&mut self, text: &str) {
        let stage = self.stage();
        let text = text.strip_suffix('\n').unwrap_or(text);
        self.editors[index(stage)] = editor(text, &self.theme);
        self.sync();
    }

    /// The current move's text.
    #[must_use]
    pub fn text(&self) -> String {
        self.editor().lines().join("\n")
    }

    /// Copies the current editor into the draft.
    fn sync(&mut self) {
        let text = self.text();
        self.round.set_text(text);
        self.dirty = true;
    }

    /// Handles one terminal event.
    pub fn handle(&mut self, event: &Event) -> Action {
        // The box over the screen has every event until it closes.
        if let Some(choice) = self.rescue.event(event) {
            return match choice {
                Choice::Pass | Choice::Taken => Action::None,
                Choice::Retry => Action::Save,
                Choice::Write => Action::WriteElsewhere,
                Choice::QuitUnsaved => Action::QuitUnsaved,
            };
        }
        if let Some(prompt) = &mut self.report_prompt {
            return match event {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                    if ctrl && matches!(key.code, KeyCode::Char('c' | 'q')) {
                        return Action::Quit;
                    }
                    match prompt.key(*key) {
                        PromptKey::Taken => Action::None,
                        PromptKey::Write => Action::ExportReport,
                        PromptKey::Cancelled => {
                            self.report_prompt = None;
                            Action::None
                        }
                    }
                }
                Event::Paste(text) => {
                    prompt.paste(text);
                    Action::None
                }
                _ => Action::None,
            };
        }
        if self.reopen.is_some() {
            return self.reopen_event(event);
        }
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(*key),
            Event::Paste(text) => {
                if self.show_help {
                    // Nothing lands where it cannot be seen.
                    self.show_help = false;
                } else if self.read_only {
                    self.status = Some(READ_ONLY.into());
                } else if !self.is_finished() && self.focus == Focus::Editor {
                    // Terminals send pasted line breaks as \r.
                    let text = text.replace("\r\n", "\n").replace('\r', "\n");
                    self.editor_mut().insert_str(text);
                    self.sync();
                }
                Action::None
            }
            Event::Mouse(mouse) => {
                self.mouse(*mouse);
                Action::None
            }
            _ => Action::None,
        }
    }

    /// Handles events that arrived together, as [`App::handle`] would one by one, except that
    /// a run of typed characters goes into the editor in one piece: a terminal without
    /// bracketed paste sends a paste as keys, and the editor measures its whole text again
    /// after every insertion, so 40 KB typed one key at a time took 25 s.
    pub fn handle_all(&mut self, events: &[Event]) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut typed = String::new();
        for event in events {
            match event {
                // Nothing to do, and nothing to end a run of typing.
                Event::Key(key) if key.kind == KeyEventKind::Release => {}
                Event::Key(key) if self.types(key) => typed.push(match key.code {
                    KeyCode::Char(c) if c != '\r' => c,
                    _ => '\n',
                }),
                _ => {
                    self.type_text(&mut typed);
                    let action = self.handle(event);
                    if action != Action::None {
                        actions.push(action);
                    }
                }
            }
        }
        self.type_text(&mut typed);
        actions
    }

    /// The key only puts a character (or, in a document, a line break) into the editor.
    fn types(&self, key: &KeyEvent) -> bool {
        let typing = !(self.show_help
            || self.read_only
            || self.rescue.is_open()
            || self.report_prompt.is_some()
            || self.reopen.is_some()
            || self.confirm_finish
            || self.too_small.get()
            || self.is_finished()
            || (self.focus == Focus::Lab && self.stage() == Stage::DeepDive));
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        typing
            && match key.code {
                KeyCode::Char(_) => plain,
                KeyCode::Enter => !is_conversation(self.stage()),
                _ => false,
            }
    }

    /// Puts what was typed into the editor and empties it.
    fn type_text(&mut self, typed: &mut String) {
        if typed.is_empty() {
            return;
        }
        self.editor_mut().insert_str(std::mem::take(typed));
        self.sync();
    }

    fn mouse(&mut self, mouse: MouseEvent) {
        if !matches!(
            mouse.kind,
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
        ) {
            return;
        }
        if self.scrolls_editor() {
            // The wheel scrolls the document being written.
            self.editor_mut().input(Event::Mouse(mouse));
        } else if mouse.kind == MouseEventKind::ScrollUp {
            self.scroll_by(3);
        } else {
            self.scroll_by(-3);
        }
    }

    /// In Size, Sketch and Defend the text itself is what scrolls.
    fn scrolls_editor(&self) -> bool {
        !self.is_finished() && !is_conversation(self.stage())
    }

    /// Scrolls the conversation up (positive) or the scorecard down, never past its end.
    fn scroll_by(&mut self, lines: i32) {
        let forward = self.is_finished();
        let delta = if forward { -lines } else { lines };
        let max = i32::from(self.max_scroll.get());
        let from = i32::from(self.scroll).min(max);
        self.scroll = u16::try_from((from + delta).clamp(0, max)).unwrap_or(0);
    }

    /// A page up (towards the start of the conversation or scorecard) or down, as many lines
    /// as the last frame showed.
    fn scroll_page(&mut self, up: bool) {
        let page = i32::from(self.page.get().max(1));
        self.scroll_by(if up { page } else { -page });
    }

    fn key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        if self.show_help {
            // Any key closes the overlay; the quit keys still quit.
            self.show_help = false;
            if !(ctrl && matches!(key.code, KeyCode::Char('c' | 'q'))) {
                return Action::None;
            }
        }
        let finishing = std::mem::take(&mut self.confirm_finish);
        if finishing {
            self.status = None;
        }
        match key.code {
            KeyCode::Char('c' | 'q') if ctrl => return Action::Quit,
            // Nothing is done blind while the screen only asks to be enlarged.
            _ if self.too_small.get() => return Action::None,
            KeyCode::F(1) => {
                self.show_help = true;
                return Action::None;
            }
            KeyCode::PageUp | KeyCode::PageDown if !self.scrolls_editor() => {
                self.scroll_page(key.code == KeyCode::PageUp);
                return Action::None;
            }
            _ => {}
        }
        if self.read_only {
            return self.read_only_key(key);
        }
        if self.is_finished() {
            return self.scorecard_key(key);
        }
        match key.code {
            KeyCode::F(2) if self.is_mock() => {
                self.status =
                    Some("No live rubric in a mock: it is scored when time is up.".into());
                Action::None
            }
            KeyCode::F(2) => {
                self.show_rubric = !self.show_rubric;
                Action::None
            }
            KeyCode::Char('n') if ctrl => {
                if self.stage() == Stage::Defend && !finishing {
                    self.confirm_finish = true;
                    self.status = Some(
                        "Ctrl-N again scores the session and ends it; any other key keeps writing."
                            .into(),
                    );
                    return Action::None;
                }
                let happened = self.round.next_move();
                self.apply(&happened)
            }
            KeyCode::Char('p') if ctrl => {
                let happened = self.round.previous_move();
                self.apply(&happened)
            }
            KeyCode::Char('s') if ctrl => Action::Save,
            KeyCode::Char('e') if ctrl => Action::ExternalEdit,
            // The drawing under the Sketch scrolls by a row of boxes and the gap after it.
            KeyCode::Up | KeyCode::Down if alt && self.stage() == Stage::Sketch => {
                self.scroll_sketch(key.code == KeyCode::Down);
                Action::None
            }
            KeyCode::Tab
                if self.stage() == Stage::DeepDive
                    && self.round.lab().is_some()
                    && !self.is_mock() =>
            {
                self.focus = match self.focus {
                    Focus::Editor => Focus::Lab,
                    Focus::Lab => Focus::Editor,
                };
                Action::None
            }
            _ if self.focus == Focus::Lab && self.stage() == Stage::DeepDive => {
                self.lab_key(key);
                Action::None
            }
            KeyCode::Enter if is_conversation(self.stage()) && !(alt || shift) => {
                let happened = self.round.send(&self.text());
                self.apply(&happened)
            }
            // Ctrl-J is a line feed (what many terminals send for Ctrl-Enter), never the
            // editor's delete-to-line-start.
            KeyCode::Char('j') if ctrl => {
                self.editor_mut().insert_newline();
                self.sync();
                Action::None
            }
            KeyCode::Enter => {
                self.editor_mut().insert_newline();
                self.sync();
                Action::None
            }
            _ => {
                if self.editor_mut().input(Event::Key(key)) {
                    self.sync();
                }
                Action::None
            }
        }
    }

    /// Alt-↓ / Alt-↑ in Sketch: the drawing down or up by [`SKETCH_STEP`] rows (the next
    /// frame snaps it to whole rows of boxes).
    fn scroll_sketch(&mut self, down: bool) {
        let now = self.sketch_scroll.get();
        self.sketch_scroll.set(if down {
            now.saturating_add(SKETCH_STEP)
        } else {
            now.saturating_sub(SKETCH_STEP)
        });
    }

    /// Keys of a read-only window: look, never change (see [`App::read_only`]).
    fn read_only_key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::F(2) if !self.is_mock() => self.show_rubric = !self.show_rubric,
            // Move to move, as shown: nothing is asked, sent or scored.
            KeyCode::Char('n' | 'p') if ctrl => {
                self.round.browse(key.code == KeyCode::Char('n'));
                self.focus = Focus::Editor;
                self.scroll = 0;
            }
            _ => self.status = Some(READ_ONLY.into()),
        }
        Action::None
    }

    fn scorecard_key(&mut self, key: KeyEvent) -> Action {
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
            KeyCode::Char('e') => {
                self.start_reopen();
                Action::None
            }
            KeyCode::Char('r') => {
                let folder = self.reports_dir.clone().unwrap_or_default();
                let session = self.session();
                let default =
                    super::report::default_path(&folder, &session.scenario, &session.started);
                self.report_prompt = Some(ReportPrompt::new(&default));
                Action::None
            }
            KeyCode::Tab => {
                self.score_tab = match self.score_tab {
                    ScoreTab::Card => ScoreTab::Answers,
                    ScoreTab::Answers => ScoreTab::Card,
                };
                self.scroll = 0;
                Action::None
            }
            KeyCode::Up => {
                self.scroll_by(1);
                Action::None
            }
            KeyCode::Down => {
                self.scroll_by(-1);
                Action::None
            }
            KeyCode::Home => {
                self.scroll = 0;
                Action::None
            }
            KeyCode::End => {
                self.scroll = self.max_scroll.get();
                Action::None
            }
            KeyCode::Char('p') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.status = Some(
                    "This session is scored and saved. Start another with dei practice.".into(),
                );
                Action::None
            }
            _ => Action::None,
        }
    }

    /// The keys of the lab pane in Deep-dive.
    fn lab_key(&mut self, key: KeyEvent) {
        let control = match key.code {
            KeyCode::Char(' ' | 'n') => LabControl::NextSimulation,
            KeyCode::Up => LabControl::PreviousKnob,
            KeyCode::Down => LabControl::NextKnob,
            KeyCode::Left => LabControl::Lower,
            KeyCode::Right => LabControl::Raise,
            KeyCode::Enter => LabControl::Run,
            KeyCode::Esc => {
                self.focus = Focus::Editor;
                return;
            }
            _ => return,
        };
        // The lab pane redraws from the round whatever changed.
        let _ = self.round.control_lab(control);
    }

    /// Follows what happened in the round on the screen: the editor of a message sent is
    /// emptied, a new move gets the editor's focus, news goes in the status line, and a
    /// scored round shows its scorecard ([`Action::Finished`]).
    pub(super) fn apply(&mut self, happened: &[round::Event]) -> Action {
        let mut action = Action::None;
        for event in happened {
            match event {
                round::Event::Sent { stage } => {
                    self.editors[index(*stage)] = editor("", &self.theme);
                    self.scroll = 0;
                    self.dirty = true;
                }
                round::Event::Moved { .. } => {
                    self.focus = Focus::Editor;
                    self.scroll = 0;
                    self.dirty = true;
                }
                round::Event::MockTimePassed { .. } => self.dirty = true,
                round::Event::Nudged { message } => self.status = Some(message.clone()),
                round::Event::PushedBack { message } => {
                    self.status = Some(format!("Interviewer: {message}"));
                }
                round::Event::CurveballPlayed { .. } => {
                    self.status = Some(
                        "The interviewer has a curveball for you: see the right-hand panel.".into(),
                    );
                    self.dirty = true;
                }
                round::Event::TimeUp => {
                    self.status = Some("Time is up: the answer is locked and scored.".into());
                }
                round::Event::Finished { .. } => {
                    self.scroll = 0;
                    self.show_rubric = false;
                    action = Action::Finished;
                }
                round::Event::Rescored {
                    stage,
                    first,
                    score,
                } => {
                    self.status = Some(format!(
                        "Scored again with {} rewritten: {score} / 100 (first {first}).",
                        stage.title()
                    ));
                    self.rescore_unsaved = true;
                    // The session changed: should the history refuse it, the draft keeps it.
                    self.dirty = true;
                    action = Action::Rescored;
                }
                round::Event::NothingToScore => {
                    self.status = Some(
                        "Nothing is written yet, so there is nothing to score: write in any \
                         move, or Ctrl-Q to leave."
                            .into(),
                    );
                }
                round::Event::Said { .. }
                | round::Event::Pinned(_)
                | round::Event::Replied { .. }
                | round::Event::Judged { .. }
                | round::Event::Probed { .. }
                | round::Event::FollowUpAsked { .. }
                | round::Event::DeepDiveClosed
                | round::Event::LabChanged { .. }
                | round::Event::LabRan { .. }
                | round::Event::NumbersChecked => {}
            }
        }
        action
    }
}
