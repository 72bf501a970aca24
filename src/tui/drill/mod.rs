//! The drill screen (`dei drill`): one flashcard at a time from the [`crate::drill`] core.
//! [`DrillApp`] holds the session and maps keys to [`Action`]s; `view` draws it; [`run`]
//! drives the terminal and saves the schedule.

pub mod run;
mod view;

use std::collections::VecDeque;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::drill::{
    CHECKLIST, Card, Day, Deck, DrillState, Grade, Misses, NEW_PER_SESSION, Summary, Verdict,
    summary,
};
use crate::rubric::Rubric;

use super::Theme;
use super::rescue::{Choice, Rescue};

/// What the shell must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Action {
    /// Nothing beyond redrawing.
    None,
    /// A card was graded: save the schedule.
    Save,
    /// Save and leave.
    Quit,
    /// "Try again" after a failed save.
    Retry,
    /// A save failed and `w` was asked: write the schedule to the path typed in
    /// [`DrillApp::rescue`].
    WriteElsewhere,
    /// Leave although the schedule is not saved (confirmed).
    QuitUnsaved,
}

/// Which drill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Spaced repetition: today's due cards, graded 1-4.
    Review,
    /// The eight checklist cards once, in order, ungraded, then the summary.
    NightBefore,
}

/// Where the current card is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The question (and, for an estimate, the answer being typed).
    Front,
    /// The answer.
    Revealed,
    /// No cards left: the end-of-session screen.
    Done,
}

/// The drill's state.
#[derive(Debug)]
pub struct DrillApp<'a> {
    deck: &'a Deck,
    rubric: &'a Rubric,
    misses: &'a Misses,
    /// The schedule, updated by every grade; the shell saves it.
    pub state: DrillState,
    /// The day reviews are scheduled from.
    pub today: Day,
    /// Colours or plain.
    pub theme: Theme,
    /// Review or night-before.
    pub mode: Mode,
    queue: VecDeque<usize>,
    current: Option<usize>,
    /// Where the current card is.
    pub phase: Phase,
    /// The typed answer of an estimation card.
    pub input: String,
    /// The calculator's verdict on `input`, once Enter was pressed.
    pub verdict: Option<Verdict>,
    /// Cards graded (or, in the night-before run, seen) this session.
    pub done: usize,
    /// Cards graded Again this session.
    pub again: usize,
    /// The cards graded this session (an Again card seen twice counts once).
    reviewed: std::collections::BTreeSet<usize>,
    /// Lines of the card scrolled away.
    pub scroll: u16,
    /// The F1 overlay is open.
    pub show_help: bool,
    /// One line for the candidate (a history file was skipped).
    pub status: Option<String>,
    /// A failed save, and the box that offers to retry or write the schedule elsewhere.
    pub rescue: Rescue,
    dirty: bool,
}

/// What a drill session is made of, shared with the shell that loaded it.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// Every card.
    pub deck: &'a Deck,
    /// The rubric, for the night-before summary.
    pub rubric: &'a Rubric,
    /// The candidate's past misses.
    pub misses: &'a Misses,
}

impl<'a> DrillApp<'a> {
    /// Today's review session: missed items and due cards first, at most
    /// [`NEW_PER_SESSION`] new ones.
    #[must_use]
    pub fn review(inputs: Inputs<'a>, state: DrillState, today: Day, theme: Theme) -> Self {
        let queue = state.queue(inputs.deck, inputs.misses, today, NEW_PER_SESSION);
        Self::new(inputs, state, today, theme, Mode::Review, queue)
    }

    /// The night-before run: the checklist in order.
    #[must_use]
    pub fn night_before(inputs: Inputs<'a>, state: DrillState, today: Day, theme: Theme) -> Self {
        let ids: Vec<String> = CHECKLIST
            .iter()
            .map(|flag| format!("flag:{flag}"))
            .collect();
        Self::with_cards(inputs, state, today, theme, Mode::NightBefore, &ids)
    }

    /// A session over the cards with `ids`, in that order (unknown ids are skipped).
    #[must_use]
    pub fn with_cards(
        inputs: Inputs<'a>,
        state: DrillState,
        today: Day,
        theme: Theme,
        mode: Mode,
        ids: &[impl AsRef<str>],
    ) -> Self {
        let cards = inputs.deck.cards();
        let queue = ids
            .iter()
            .filter_map(|id| cards.iter().position(|c| c.id == id.as_ref()))
            .collect();
        Self::new(inputs, state, today, theme, mode, queue)
    }

    fn new(
        inputs: Inputs<'a>,
        state: DrillState,
        today: Day,
        theme: Theme,
        mode: Mode,
        queue: Vec<usize>,
    ) -> Self {
        let mut app = Self {
            deck: inputs.deck,
            rubric: inputs.rubric,
            misses: inputs.misses,
            state,
            today,
            theme,
            mode,
            queue: queue.into(),
            current: None,
            phase: Phase::Front,
            input: String::new(),
            verdict: None,
            done: 0,
            again: 0,
            reviewed: std::collections::BTreeSet::new(),
            scroll: 0,
            show_help: false,
            status: None,
            rescue: Rescue::new("the schedule"),
            dirty: false,
        };
        app.next_card();
        app
    }

    /// The card on screen, if any.
    #[must_use]
    pub fn card(&self) -> Option<&'a Card> {
        self.current.map(|i| &self.deck.cards()[i])
    }

    /// Cards still to go, the current one included.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.queue.len() + usize::from(self.current.is_some())
    }

    /// True when a grade has not been saved yet.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The shell saved the schedule.
    pub fn mark_saved(&mut self) {
        self.dirty = false;
    }

    /// The schedule as `w` writes it when a save fails: `drill.json`'s own form.
    #[must_use]
    pub fn work_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.state).unwrap_or_default();
        text.push('\n');
        text
    }

    /// A grade would be lost by leaving now: not saved, nor written elsewhere by `w` since.
    #[must_use]
    pub fn has_unsaved_work(&self) -> bool {
        self.dirty && !self.rescue.is_written(&self.work_text())
    }

    /// The night-before summary: the three items this candidate misses most.
    #[must_use]
    pub fn summary(&self) -> Summary {
        summary(self.rubric, self.misses)
    }

    /// In how many past sessions the current card's items were missed, when that is why it
    /// came up (more misses than at its last review).
    #[must_use]
    pub fn missed(&self) -> Option<u32> {
        let card = self.card()?;
        let count = self.misses.count(card);
        let seen = self.state.cards.get(&card.id).map_or(0, |s| s.misses_seen);
        (self.mode == Mode::Review && count > seen).then_some(count)
    }

    /// What grading the current card `grade` would schedule, as its key shows it
    /// ("6d"); `None` without a card.
    #[must_use]
    pub fn next_interval(&self, grade: Grade) -> Option<String> {
        let card = self.card()?;
        let days = self.state.preview(&card.id, grade, self.today);
        Some(crate::drill::short_interval(days))
    }

    /// What the shell prints once the terminal is back: the cards reviewed, right and
    /// wrong, and when the next one is due; `None` when nothing was graded or seen.
    #[must_use]
    pub fn session_summary(&self) -> Option<String> {
        use std::fmt::Write as _;
        if self.done == 0 {
            return None;
        }
        if self.mode == Mode::NightBefore {
            let total = self.done + self.remaining();
            return Some(format!(
                "Night-before run: {} of {total} checklist items gone through.",
                self.done
            ));
        }
        let cards = self.reviewed.len();
        let plural = |n: usize| if n == 1 { "card" } else { "cards" };
        let mut said = format!("Drill: {cards} {} reviewed", plural(cards));
        if self.done != cards {
            let _ = write!(said, " ({} grades)", self.done);
        }
        let right = self.done - self.again;
        let _ = write!(said, ", {right} right, {} wrong (Again).", self.again);
        let due_today = self
            .state
            .cards
            .values()
            .filter(|c| c.is_due(self.today))
            .count();
        if due_today > 0 {
            let _ = write!(said, " {due_today} still due today.");
        }
        let (later, next) = self.state.due_later(self.today);
        if let Some(next) = next {
            let _ = write!(
                said,
                " Next due {next}; {later} {} scheduled.",
                plural(later)
            );
        }
        Some(said)
    }

    /// Past sessions read from the history.
    #[must_use]
    pub fn sessions(&self) -> usize {
        self.misses.sessions()
    }

    /// True while an estimation card's answer is being typed (letters go to the answer).
    #[must_use]
    pub fn typing(&self) -> bool {
        self.mode == Mode::Review
            && self.phase == Phase::Front
            && self.card().is_some_and(Card::is_estimate)
    }

    /// Handles one terminal event.
    pub fn handle(&mut self, event: &Event) -> Action {
        // The box over the screen has every event until it closes.
        if let Some(choice) = self.rescue.event(event) {
            return match choice {
                Choice::Pass | Choice::Taken => Action::None,
                Choice::Retry => Action::Retry,
                Choice::Write => Action::WriteElsewhere,
                Choice::QuitUnsaved => Action::QuitUnsaved,
            };
        }
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(*key),
            Event::Paste(text) if self.typing() => {
                self.input.push_str(&text.replace(['\n', '\r'], " "));
                Action::None
            }
            _ => Action::None,
        }
    }

    fn key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c' | 'q')) {
            return Action::Quit;
        }
        if ctrl && key.code == KeyCode::Char('s') {
            return Action::Retry;
        }
        if self.show_help {
            // Any key closes the overlay.
            self.show_help = false;
            return Action::None;
        }
        match key.code {
            KeyCode::F(1) => {
                self.show_help = true;
                return Action::None;
            }
            KeyCode::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                return Action::None;
            }
            KeyCode::Down => {
                self.scroll = self.scroll.saturating_add(1);
                return Action::None;
            }
            KeyCode::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                return Action::None;
            }
            KeyCode::PageDown => {
                self.scroll = self.scroll.saturating_add(10);
                return Action::None;
            }
            _ => {}
        }
        if self.typing() {
            return self.typing_key(key);
        }
        match (self.phase, key.code) {
            (_, KeyCode::Char('q') | KeyCode::Esc) | (Phase::Done, KeyCode::Enter) => Action::Quit,
            (_, KeyCode::Char('?')) => {
                self.show_help = true;
                Action::None
            }
            (Phase::Front, KeyCode::Char(' ') | KeyCode::Enter) => {
                self.reveal();
                Action::None
            }
            (Phase::Revealed, KeyCode::Char(' ') | KeyCode::Enter | KeyCode::Right)
                if self.mode == Mode::NightBefore =>
            {
                self.done += 1;
                self.next_card();
                Action::None
            }
            (Phase::Revealed, KeyCode::Char(c)) if self.mode == Mode::Review => {
                match Grade::from_key(c) {
                    Some(grade) => self.grade(grade),
                    None => Action::None,
                }
            }
            (Phase::Revealed, KeyCode::Enter) if self.mode == Mode::Review => {
                if let Some(grade) = self.verdict.as_ref().and_then(Verdict::suggested) {
                    self.grade(grade)
                } else {
                    self.status = Some("Grade it: 1 Again · 2 Hard · 3 Good · 4 Easy".to_owned());
                    Action::None
                }
            }
            _ => Action::None,
        }
    }

    fn typing_key(&mut self, key: KeyEvent) -> Action {
        match key.code {
            KeyCode::Char(c) => self.input.push(c),
            KeyCode::Backspace => {
                self.input.pop();
            }
            KeyCode::Esc => {
                // The answer and what was said about it ("Wrong unit ...") go together.
                self.input.clear();
                self.verdict = None;
                self.status = None;
            }
            KeyCode::Tab => self.reveal(),
            KeyCode::Enter if self.input.trim().is_empty() => self.reveal(),
            KeyCode::Enter => {
                let Some(card) = self.card() else {
                    return Action::None;
                };
                let verdict = self.deck.judge(card, &self.input);
                let judged = verdict.as_ref().and_then(Verdict::suggested).is_some();
                self.verdict = verdict;
                if judged {
                    self.reveal();
                }
            }
            _ => {}
        }
        Action::None
    }

    fn reveal(&mut self) {
        self.phase = Phase::Revealed;
        self.status = None;
    }

    fn grade(&mut self, grade: Grade) -> Action {
        let Some(index) = self.current else {
            return Action::None;
        };
        let card = &self.deck.cards()[index];
        self.state
            .record(&card.id, grade, self.today, self.misses.count(card));
        self.dirty = true;
        self.done += 1;
        self.reviewed.insert(index);
        if grade == Grade::Again {
            // Due again today: it comes back at the end of this session.
            self.again += 1;
            self.queue.push_back(index);
        }
        self.next_card();
        Action::Save
    }

    fn next_card(&mut self) {
        self.current = self.queue.pop_front();
        self.phase = if self.current.is_some() {
            Phase::Front
        } else {
            Phase::Done
        };
        self.input.clear();
        self.verdict = None;
        self.scroll = 0;
        self.status = None;
    }
}
