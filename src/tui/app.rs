//! The practice screen's state and what each key does to it. Rendering is in
//! [`super::view`]; the terminal, the clock and files are in [`super::run`]. Handlers return
//! an [`Action`] for the shell to carry out, so every key can be tested without a terminal.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};
use ratatui_textarea::{TextArea, WrapMode};

use crate::practice::lab::{Lab, LabOutcome};
use crate::practice::{Interviewer, Session, scratchpad};
use crate::rubric::Rubric;
use crate::scenario::{Scenario, Stage};
use crate::score::claims::Claim;
use crate::score::{Scorecard, Scorer};

use super::Theme;
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
    /// Write the Markdown report.
    ExportReport,
    /// A save failed and `w` was asked: write the answer to the path typed in
    /// [`App::rescue`].
    WriteElsewhere,
    /// Leave although the work is not saved (the candidate confirmed it).
    QuitUnsaved,
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

/// The lab of the Deep-dive: the simulation, its last run, and which kinds there are.
pub struct LabState {
    /// The knobs.
    pub lab: Lab,
    /// The last run with these knobs.
    pub outcome: Result<LabOutcome, String>,
}

/// The practice screen.
// The flags are independent toggles of what is shown (help, rubric, a pending confirmation,
// unsaved changes), not the states of one machine.
#[allow(clippy::struct_excessive_bools)]
pub struct App<'a> {
    /// The scenario being practised.
    pub scenario: &'a Scenario,
    pub(super) rubric: &'a Rubric,
    pub(super) scorer: Scorer<'a>,
    pub(super) interviewer: Interviewer<'a>,
    /// The scratchpad's calculator, remembering what each line came to; worked out while
    /// drawing, hence the cell.
    pub(super) worksheet: std::cell::RefCell<scratchpad::Worksheet>,
    /// The draft: everything the candidate wrote.
    pub session: Session,
    pub(super) editors: Vec<TextArea<'static>>,
    /// Styles.
    pub theme: Theme,
    /// F1: the key overlay.
    pub show_help: bool,
    /// F2: the live rubric panel.
    pub show_rubric: bool,
    /// Lines scrolled up from the bottom of the transcript, or down the scorecard.
    pub scroll: u16,
    live: Option<Scorecard>,
    /// The numbers checked when Size ended.
    pub numbers: Option<Vec<Claim>>,
    /// The Deep-dive lab, once the answer states a design the simulator can check.
    pub lab: Option<LabState>,
    /// The designs the answer stated at the last reply, to tell a new one.
    pub(super) labs_seen: Vec<Lab>,
    /// Where the keys go in Deep-dive.
    pub focus: Focus,
    /// The final scorecard and the answer it graded, once the session is finished.
    pub finished: Option<(Scorecard, String)>,
    /// The scorecard screen's view.
    pub score_tab: ScoreTab,
    /// A mock's timeline, curveball and rush, once scored.
    pub mock_record: Option<crate::practice::mock::MockRecord>,
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
    /// The largest useful scroll, as the last frame found it (the view knows the lines).
    pub(super) max_scroll: std::cell::Cell<u16>,
    /// The last frame was the "enlarge the window" notice: keys other than quit wait.
    pub(super) too_small: std::cell::Cell<bool>,
    live_stale: bool,
    pub(super) dirty: bool,
    pub(super) millis: u64,
}

/// What a read-only window says when asked to change something.
pub const READ_ONLY: &str =
    "Read-only: open in another window; nothing here is saved. Ctrl-N/P moves, Ctrl-Q quits.";

/// How long a status message stays in the footer.
pub const STATUS_MILLIS: u64 = 8_000;

/// Index of a move in [`Stage::ALL`].
pub(super) fn index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)
}

fn placeholder(stage: Stage) -> &'static str {
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

pub(super) fn editor(stage: Stage, text: &str, theme: &Theme) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.split('\n').map(str::to_owned).collect()
    };
    let mut area = TextArea::new(lines);
    area.set_placeholder_text(placeholder(stage));
    area.set_placeholder_style(theme.dim);
    area.set_cursor_line_style(ratatui::style::Style::new());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

/// A stage's text is sent by Enter (a conversation) rather than edited as a document.
pub(super) fn is_chat(stage: Stage) -> bool {
    matches!(stage, Stage::Clarify | Stage::DeepDive)
}

impl<'a> App<'a> {
    /// The screen for `session` of `scenario`.
    #[must_use]
    pub fn new(scenario: &'a Scenario, rubric: &'a Rubric, session: Session, theme: Theme) -> Self {
        let editors = Stage::ALL
            .iter()
            .map(|&stage| editor(stage, session.text(stage), &theme))
            .collect();
        let mut app = Self {
            scenario,
            rubric,
            scorer: Scorer::new(scenario, rubric),
            interviewer: Interviewer::new(scenario),
            worksheet: std::cell::RefCell::new(scratchpad::Worksheet::new(scratchpad::calculator(
                scenario,
            ))),
            session,
            editors,
            theme,
            show_help: false,
            show_rubric: false,
            scroll: 0,
            live: None,
            numbers: None,
            lab: None,
            labs_seen: Vec::new(),
            focus: Focus::Editor,
            finished: None,
            score_tab: ScoreTab::Card,
            mock_record: None,
            status: None,
            status_shown: None,
            confirm_finish: false,
            rescue: Rescue::new("the answer"),
            read_only: false,
            max_scroll: std::cell::Cell::new(u16::MAX),
            too_small: std::cell::Cell::new(false),
            live_stale: false,
            dirty: false,
            millis: 0,
        };
        // A new session opens on the prompt's first line (scrolled all the way up).
        if app.session.transcript.is_empty() {
            app.scroll = u16::MAX;
        }
        // A mock shows neither the numbers check nor the lab until it is scored.
        if index(app.session.stage) > index(Stage::Size) && !app.is_mock() {
            let card = app.card();
            if app.session.stage == Stage::DeepDive {
                app.refresh_lab(&card);
            }
            app.numbers = Some(card.claims);
        }
        app
    }

    /// The current move.
    #[must_use]
    pub fn stage(&self) -> Stage {
        self.session.stage
    }

    /// The editor of the current move.
    #[must_use]
    pub fn editor(&self) -> &TextArea<'static> {
        &self.editors[index(self.session.stage)]
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
        if let Some((_, answer)) = &self.finished {
            return answer.clone();
        }
        let mut text = self.answer().trim().to_owned();
        for (stage, unsent) in &self.session.unsent {
            if !unsent.trim().is_empty() {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str("## ");
                text.push_str(stage.title());
                text.push_str(" (typed, not sent)\n\n");
                text.push_str(unsent.trim());
            }
        }
        text.push('\n');
        text
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
        self.worksheet.borrow_mut().work(&self.session.size)
    }

    /// The answer so far, as the scorer reads it.
    #[must_use]
    pub fn answer(&self) -> String {
        let worked = self.worked();
        self.session
            .answer_markdown(&scratchpad::as_prose(&self.session.size, &worked))
    }

    /// The answer so far, scored.
    pub(super) fn card(&self) -> Scorecard {
        self.scorer.score(&self.answer())
    }

    /// The live scorecard (F2), scored again after each edit.
    #[must_use]
    pub fn live(&self) -> Option<&Scorecard> {
        self.live.as_ref()
    }

    /// The live rubric is scored again before the next frame, once however many keys came.
    pub(super) fn rescore(&mut self) {
        self.live_stale = true;
    }

    /// Brings what the screen shows up to date; the shell calls it before each frame.
    pub fn refresh(&mut self) {
        if self.live_stale && self.show_rubric {
            self.live = Some(self.card());
            self.live_stale = false;
        }
    }

    /// Replaces the current move's text (after `$EDITOR`).
    pub fn set_text(&mut self, text: &str) {
        let stage = self.session.stage;
        let text = text.strip_suffix('\n').unwrap_or(text);
        self.editors[index(stage)] = editor(stage, text, &self.theme);
        self.sync();
    }

    /// The current move's text.
    #[must_use]
    pub fn text(&self) -> String {
        self.editor().lines().join("\n")
    }

    /// Copies the current editor into the draft.
    fn sync(&mut self) {
        let stage = self.session.stage;
        let text = self.text();
        self.session.set_text(stage, text);
        self.dirty = true;
        self.rescore();
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
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(*key),
            Event::Paste(text) => {
                if self.show_help {
                    // Nothing lands where it cannot be seen.
                    self.show_help = false;
                } else if self.read_only {
                    self.status = Some(READ_ONLY.into());
                } else if self.finished.is_none() && self.focus == Focus::Editor {
                    // Terminals send pasted line breaks as \r.
                    let text = text.replace("\r\n", "\n").replace('\r', "\n");
                    self.editors[index(self.session.stage)].insert_str(text);
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
            || self.confirm_finish
            || self.too_small.get()
            || self.finished.is_some()
            || (self.focus == Focus::Lab && self.session.stage == Stage::DeepDive));
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        typing
            && match key.code {
                KeyCode::Char(_) => plain,
                KeyCode::Enter => !is_chat(self.session.stage),
                _ => false,
            }
    }

    /// Puts what was typed into the editor and empties it.
    fn type_text(&mut self, typed: &mut String) {
        if typed.is_empty() {
            return;
        }
        self.editors[index(self.session.stage)].insert_str(std::mem::take(typed));
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
            self.editors[index(self.session.stage)].input(Event::Mouse(mouse));
        } else if mouse.kind == MouseEventKind::ScrollUp {
            self.scroll_by(3);
        } else {
            self.scroll_by(-3);
        }
    }

    /// In Size, Sketch and Defend the text itself is what scrolls.
    fn scrolls_editor(&self) -> bool {
        self.finished.is_none() && !is_chat(self.session.stage)
    }

    /// Scrolls the conversation up (positive) or the scorecard down, never past its end.
    fn scroll_by(&mut self, lines: i32) {
        let forward = self.finished.is_some();
        let delta = if forward { -lines } else { lines };
        let max = i32::from(self.max_scroll.get());
        let from = i32::from(self.scroll).min(max);
        self.scroll = u16::try_from((from + delta).clamp(0, max)).unwrap_or(0);
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
                self.scroll_by(if key.code == KeyCode::PageUp { 10 } else { -10 });
                return Action::None;
            }
            _ => {}
        }
        if self.read_only {
            return self.read_only_key(key);
        }
        if self.finished.is_some() {
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
                self.rescore();
                Action::None
            }
            KeyCode::Char('n') if ctrl => {
                if self.session.stage == Stage::Defend && !finishing {
                    self.confirm_finish = true;
                    self.status = Some(
                        "Ctrl-N again scores the session and ends it; any other key keeps writing."
                            .into(),
                    );
                    return Action::None;
                }
                self.next_move()
            }
            KeyCode::Char('p') if ctrl => {
                self.previous_move();
                Action::None
            }
            KeyCode::Char('s') if ctrl => Action::Save,
            KeyCode::Char('e') if ctrl => Action::ExternalEdit,
            KeyCode::Tab
                if self.session.stage == Stage::DeepDive
                    && self.lab.is_some()
                    && !self.is_mock() =>
            {
                self.focus = match self.focus {
                    Focus::Editor => Focus::Lab,
                    Focus::Lab => Focus::Editor,
                };
                Action::None
            }
            _ if self.focus == Focus::Lab && self.session.stage == Stage::DeepDive => {
                self.lab_key(key);
                Action::None
            }
            KeyCode::Enter if is_chat(self.session.stage) && !(alt || shift) => {
                self.send(true);
                Action::None
            }
            // Ctrl-J is a line feed (what many terminals send for Ctrl-Enter), never the
            // editor's delete-to-line-start.
            KeyCode::Char('j') if ctrl => {
                self.editors[index(self.session.stage)].insert_newline();
                self.sync();
                Action::None
            }
            KeyCode::Enter => {
                self.editors[index(self.session.stage)].insert_newline();
                self.sync();
                Action::None
            }
            _ => {
                if self.editors[index(self.session.stage)].input(Event::Key(key)) {
                    self.sync();
                }
                Action::None
            }
        }
    }

    /// Keys of a read-only window: look, never change (see [`App::read_only`]).
    fn read_only_key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::F(2) if !self.is_mock() => {
                self.show_rubric = !self.show_rubric;
                self.rescore();
            }
            // Move to move, as shown: nothing is asked, sent or scored.
            KeyCode::Char('n' | 'p') if ctrl => {
                let here = index(self.session.stage);
                let to = if key.code == KeyCode::Char('n') {
                    (here + 1).min(Stage::ALL.len() - 1)
                } else {
                    here.saturating_sub(1)
                };
                self.session.stage = Stage::ALL[to];
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
            KeyCode::Char('r') => Action::ExportReport,
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
            KeyCode::Char('p') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.status = Some(
                    "This session is scored and saved. Start another with dei practice.".into(),
                );
                Action::None
            }
            _ => Action::None,
        }
    }

    fn next_move(&mut self) -> Action {
        self.send_unsent();
        let stage = self.session.stage;
        let Some(next) = Stage::ALL.get(index(stage) + 1).copied() else {
            return self.finish();
        };
        self.focus = Focus::Editor;
        self.scroll = 0;
        // In a mock the numbers are checked at the end, not now: that would be a hint.
        if stage == Stage::Size && !self.is_mock() {
            self.numbers = Some(self.card().claims);
            let line = super::interview::numbers_line(self.numbers.as_deref().unwrap_or_default());
            self.say(Stage::Size, line);
        }
        self.session.stage = next;
        if next == Stage::Sketch {
            let spent = self.session.total_seconds();
            let clarified = self.session.said(Stage::Clarify).next().is_some()
                || !self.session.pinned.is_empty();
            if let Some(mock) = &mut self.session.mock {
                mock.reached_sketch(spent, clarified);
            }
        }
        if next == Stage::DeepDive {
            // Asking a question leaves the answer as it was: one scoring serves both.
            let card = self.card();
            if self.session.deep_dive.is_empty() {
                self.ask_followup(&card);
            }
            if !self.is_mock() {
                self.refresh_lab(&card);
            }
        }
        self.dirty = true;
        self.rescore();
        Action::None
    }

    fn previous_move(&mut self) {
        if let Some(prev) = index(self.session.stage)
            .checked_sub(1)
            .and_then(|i| Stage::ALL.get(i))
        {
            self.session.stage = *prev;
            self.focus = Focus::Editor;
            self.scroll = 0;
            self.dirty = true;
        }
    }

    pub(super) fn finish(&mut self) -> Action {
        let answer = self.answer();
        let timed_out = self.session.mock.as_ref().is_some_and(|m| m.timed_out);
        if answer.trim().is_empty() && !timed_out {
            self.status = Some(
                "Nothing is written yet, so there is nothing to score: write in any move, \
                 or Ctrl-Q to leave."
                    .into(),
            );
            return Action::None;
        }
        let mut card = self.scorer.score(&answer);
        self.mock_record = crate::practice::mock::record(&self.session, self.scenario);
        if let Some(at) = self.mock_record.as_ref().and_then(|r| r.rushed_at) {
            crate::practice::mock::flag_rush(&mut card, self.scenario, self.rubric, at);
        }
        self.numbers = Some(card.claims.clone());
        self.finished = Some((card, answer));
        self.scroll = 0;
        self.show_rubric = false;
        Action::Finished
    }
}
