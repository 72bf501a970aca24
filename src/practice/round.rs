//! One practice round, the pure part: the draft, the scorer, the interviewer, the lab and a
//! mock's clock, and what each thing the candidate does (send, change move, let time pass,
//! finish) does to them. Every method returns the [`Event`]s that happened, so a screen sets
//! its status line and redraws from them, and a test drives whole rounds without a terminal.
//! No terminal and no clock here: the shell passes time in.

use std::cell::RefCell;

use super::interviewer::Grade;
use super::lab::{Lab, LabKind, LabOutcome};
use super::mock::{self, MockRecord, PlayedCurveball};
use super::record;
use super::{Exchange, Interviewer, Pin, Session, Speaker, Turn, scratchpad};
use crate::rubric::Rubric;
use crate::scenario::{DeepDive, Scenario, Stage};
use crate::score::claims::{Claim, ClaimVerdict};
use crate::score::{Scorecard, Scorer};

/// Said after the answer to a probe that still leaves points out, before the next follow-up:
/// one probe per follow-up, so the round moves on.
pub const MOVING_ON: &str = "Fair enough; let's move on.";

/// Said when no follow-up is left to ask.
pub const DEEP_DIVE_DONE: &str = "That covers what I wanted to dig into. When you're ready, \
                                  defend the design (Ctrl-N).";

/// Said when the candidate leaves Clarify without asking or assuming anything: one line of
/// pushback, as an interviewer would; the move changes all the same.
pub const NO_QUESTION: &str = "No questions first? Then say what you are assuming as you go.";

/// How long the interviewer stays quiet after speaking before a mock's curveball may come
/// (a twentieth of a short mock): it never arrives in the same instant as a follow-up
/// question, or on top of any other line.
pub const CURVEBALL_QUIET_SECONDS: u64 = 30;

/// How far a move has got, for the move bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveState {
    /// Nothing written in it yet.
    NotStarted,
    /// Something is written, short of the rubric's standard for the move (or, in a mock,
    /// not judged until the end).
    Visited,
    /// The move earns what a strong answer earns: at least [`crate::score::STRONG_AT`] per
    /// cent of its points, as the scorer counts them.
    Done,
}

impl MoveState {
    /// The state of a move with `content`, and the scorer's points for it when known.
    #[must_use]
    pub fn of(content: bool, points: Option<&crate::score::StageScore>) -> Self {
        match points {
            Some(p) if p.max > 0 && p.score * 100 >= crate::score::STRONG_AT * p.max => Self::Done,
            _ if content => Self::Visited,
            _ => Self::NotStarted,
        }
    }
}

/// Something that happened in a round, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The candidate's text went into the conversation of `stage`, and what was typed there
    /// but not sent is cleared.
    Sent {
        /// Clarify or Deep-dive.
        stage: Stage,
    },
    /// The interviewer said `text` in `stage`.
    Said {
        /// The move it was said in.
        stage: Stage,
        /// The words.
        text: String,
    },
    /// Pinned beside every move for the rest of the round: a fact given or an assumption
    /// stated.
    Pinned(Pin),
    /// A deep-dive reply was filed: as the answer to the open follow-up `followup` (or to its
    /// probe), or, with none open (`None`), as more of the last reply.
    Replied {
        /// The follow-up answered.
        followup: Option<String>,
    },
    /// A reply to the follow-up `followup` was judged (with the first reply, when it answers
    /// the probe).
    Judged {
        /// The follow-up's id in the scenario.
        followup: String,
        /// How everything replied to it so far stands.
        grade: Grade,
    },
    /// The interviewer probed a thin or partial reply to `followup`: the follow-up stays
    /// open, and the next message answers the probe.
    Probed {
        /// The follow-up's id in the scenario.
        followup: String,
    },
    /// The interviewer asked the deep-dive follow-up `id`.
    FollowUpAsked {
        /// The follow-up's id in the scenario.
        id: String,
    },
    /// No follow-up is left: the interviewer closed the deep-dive.
    DeepDiveClosed,
    /// The lab shows another simulation, or another design for it.
    LabChanged {
        /// The simulation shown.
        kind: LabKind,
    },
    /// The lab ran again, after a knob was turned or on request.
    LabRan {
        /// The simulation run.
        kind: LabKind,
    },
    /// Size ended and its numbers were checked (never in a mock).
    NumbersChecked,
    /// The round went from one move to another.
    Moved {
        /// The move left.
        from: Stage,
        /// The move entered.
        to: Stage,
    },
    /// A second or more of a mock's clock went by.
    MockTimePassed {
        /// Whole seconds added to the current move.
        seconds: u64,
    },
    /// The current move of a mock has run past its budget.
    Nudged {
        /// What the interviewer says.
        message: String,
    },
    /// The interviewer played the mock's curveball.
    CurveballPlayed {
        /// The curveball's id in the scenario.
        id: String,
    },
    /// The candidate left Clarify without a question or an assumption, and the interviewer
    /// said so ([`NO_QUESTION`]).
    PushedBack {
        /// What the interviewer said.
        message: String,
    },
    /// The mock's time ran out (the round is finished with it).
    TimeUp,
    /// The round was scored and ended; the scorecard is [`Round::finished`].
    Finished {
        /// The score out of 100.
        score: u32,
    },
    /// Finishing was asked with nothing written, so nothing was scored.
    NothingToScore,
    /// A move was reopened after scoring, rewritten, and the whole answer scored again; the
    /// new scorecard is [`Round::finished`], the first [`Round::first`].
    Rescored {
        /// The move rewritten.
        stage: Stage,
        /// The first score out of 100.
        first: u32,
        /// The new score out of 100.
        score: u32,
    },
}

/// A control of the deep-dive lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabControl {
    /// Select the knob above.
    PreviousKnob,
    /// Select the knob below.
    NextKnob,
    /// Turn the selected knob down and run.
    Lower,
    /// Turn the selected knob up and run.
    Raise,
    /// Run again with these knobs.
    Run,
    /// Show the next simulation the scenario offers.
    NextSimulation,
}

/// The lab of the Deep-dive: the simulation's knobs and its last run.
pub struct LabState {
    /// The knobs.
    pub lab: Lab,
    /// The last run with these knobs.
    pub outcome: Result<LabOutcome, String>,
}

/// A move's text is sent as a message (a conversation) rather than edited as a document.
#[must_use]
pub fn is_conversation(stage: Stage) -> bool {
    matches!(stage, Stage::Clarify | Stage::DeepDive)
}

/// Index of a move in [`Stage::ALL`].
fn index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)
}

/// One round of one scenario: the draft and everything that answers it.
pub struct Round<'a> {
    scenario: &'a Scenario,
    rubric: &'a Rubric,
    scorer: Scorer<'a>,
    interviewer: Interviewer<'a>,
    /// The scratchpad's calculator, remembering what each line came to; worked out while
    /// drawing, hence the cell.
    worksheet: RefCell<scratchpad::Worksheet>,
    session: Session,
    live: Option<Scorecard>,
    /// The answer changed since [`Round::live`] was scored (or it never was).
    live_stale: bool,
    numbers: Option<Vec<Claim>>,
    lab: Option<LabState>,
    /// The designs the answer stated at the last reply, to tell a new one.
    labs_seen: Vec<Lab>,
    finished: Option<(Scorecard, String)>,
    /// The scorecard as first scored, once a move was reopened and the answer scored again.
    first: Option<Scorecard>,
    /// The moves reopened and rewritten after scoring, in the order first reopened.
    reopened: Vec<Stage>,
    /// Each move's points as of the last change of move (none in a mock until it is scored).
    move_points: Vec<crate::score::StageScore>,
    mock_record: Option<MockRecord>,
    /// Milliseconds passed in and not yet counted as a whole second.
    millis: u64,
    /// The round's seconds when the interviewer last spoke (none yet in this window).
    last_said: Option<u64>,
}

impl<'a> Round<'a> {
    /// The round of `session` (new or resumed) of `scenario`. A resumed session past Size has
    /// its numbers checked, and in Deep-dive its lab open, as when it was left (not in a mock,
    /// which shows neither until it is scored).
    #[must_use]
    pub fn new(scenario: &'a Scenario, rubric: &'a Rubric, session: Session) -> Self {
        let mut round = Self {
            scenario,
            rubric,
            scorer: Scorer::new(scenario, rubric),
            interviewer: Interviewer::new(scenario),
            worksheet: RefCell::new(scratchpad::Worksheet::new(scratchpad::calculator(scenario))),
            session,
            live: None,
            live_stale: true,
            numbers: None,
            lab: None,
            labs_seen: Vec::new(),
            finished: None,
            first: None,
            reopened: Vec::new(),
            move_points: Vec::new(),
            mock_record: None,
            millis: 0,
            last_said: None,
        };
        if index(round.session.stage) > index(Stage::Size) && !round.is_mock() {
            let card = round.card();
            if round.session.stage == Stage::DeepDive {
                round.refresh_lab(&card, &mut Vec::new());
            }
            round.move_points.clone_from(&card.stages);
            round.numbers = Some(card.claims);
        }
        round
    }

    /// How far each move has got, in the order of [`Stage::ALL`]: done by the scorer's points
    /// for it as of the last change of move (or the final score), else written in or not.
    /// A mock shows no more than written until it is scored: the points would be a hint.
    #[must_use]
    pub fn move_states(&self) -> Vec<MoveState> {
        let points = match &self.finished {
            Some((card, _)) => card.stages.as_slice(),
            None if self.is_mock() => &[],
            None => &self.move_points,
        };
        Stage::ALL
            .iter()
            .map(|&stage| {
                MoveState::of(
                    self.session.has_content(stage),
                    points.iter().find(|p| p.stage == stage),
                )
            })
            .collect()
    }

    /// Scores the answer for [`Round::move_states`] (not in a mock) and returns the card.
    fn score_moves(&mut self) -> Option<Scorecard> {
        if self.is_mock() {
            return None;
        }
        let card = self.card();
        self.move_points.clone_from(&card.stages);
        Some(card)
    }

    /// The scenario being practised.
    #[must_use]
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The rubric it is scored against.
    #[must_use]
    pub fn rubric(&self) -> &'a Rubric {
        self.rubric
    }

    /// The draft: everything the candidate wrote and the interviewer said.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The current move.
    #[must_use]
    pub fn stage(&self) -> Stage {
        self.session.stage
    }

    /// Whether this is a timed mock (no live rubric, hints, lab or model answer until the end).
    #[must_use]
    pub fn is_mock(&self) -> bool {
        self.session.mock.is_some()
    }

    /// The numbers checked when Size ended (or, once finished, those of the final answer).
    #[must_use]
    pub fn numbers(&self) -> Option<&[Claim]> {
        self.numbers.as_deref()
    }

    /// The Deep-dive lab, once the answer states a design the simulator can check.
    #[must_use]
    pub fn lab(&self) -> Option<&LabState> {
        self.lab.as_ref()
    }

    /// The final scorecard and the answer it graded, once the round is finished.
    #[must_use]
    pub fn finished(&self) -> Option<&(Scorecard, String)> {
        self.finished.as_ref()
    }

    /// The scorecard as first scored, once a move was reopened and the answer scored again
    /// ([`Round::rescore`]).
    #[must_use]
    pub fn first(&self) -> Option<&Scorecard> {
        self.first.as_ref()
    }

    /// The moves reopened and rewritten after scoring, in the order first reopened.
    #[must_use]
    pub fn reopened(&self) -> &[Stage] {
        &self.reopened
    }

    /// The first score and the moves rewritten since, once the answer was scored again.
    #[must_use]
    pub fn rescored(&self) -> Option<record::Rescored<'_>> {
        self.first.as_ref().map(|first| record::Rescored {
            first,
            reopened: &self.reopened,
        })
    }

    /// A mock's timeline, curveball and rush, once scored.
    #[must_use]
    pub fn mock_record(&self) -> Option<&MockRecord> {
        self.mock_record.as_ref()
    }

    /// The live scorecard, as of the last [`Round::refresh_live`].
    #[must_use]
    pub fn live(&self) -> Option<&Scorecard> {
        self.live.as_ref()
    }

    /// Scores the answer again for [`Round::live`] if it changed since it was last scored:
    /// called before a frame that shows it, once however many keys came.
    pub fn refresh_live(&mut self) {
        if self.live_stale {
            self.live = Some(self.card());
            self.live_stale = false;
        }
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
    fn card(&self) -> Scorecard {
        self.scorer.score(&self.answer())
    }

    /// What to keep when the round cannot be saved: the scored answer, or the answer so far
    /// with what was typed in Clarify or Deep-dive and not sent yet.
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

    /// Replaces the current move's text: the document of Size, Sketch or Defend, or what is
    /// typed and not sent yet in Clarify or Deep-dive. Nothing changes once finished.
    pub fn set_text(&mut self, text: String) {
        if self.finished.is_some() {
            return;
        }
        let stage = self.session.stage;
        self.session.set_text(stage, text);
        self.live_stale = true;
    }

    /// The candidate sends `text` in Clarify or Deep-dive: the interviewer answers a
    /// question and pins what it gives; a deep-dive reply is filed and judged, and the lab
    /// follows the design it states. A thin or partial reply gets one probe (the follow-up
    /// stays open and the next message answers it); after a good reply, or the probe's
    /// answer, the next follow-up is asked.
    /// Nothing happens in the other moves, for blank text, or once finished.
    #[must_use]
    pub fn send(&mut self, text: &str) -> Vec<Event> {
        let mut events = Vec::new();
        self.send_with(text, true, &mut events);
        events
    }

    /// Goes on to the next move, sending what was typed and not sent first (a deep-dive
    /// reply is filed and judged without a probe or the next follow-up). Leaving Size checks the numbers
    /// (not in a mock); entering Deep-dive asks the first follow-up and opens the lab; from
    /// Defend the round is finished.
    #[must_use]
    pub fn next_move(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        if self.finished.is_some() {
            return events;
        }
        self.send_unsent(&mut events);
        let stage = self.session.stage;
        let Some(next) = Stage::ALL.get(index(stage) + 1).copied() else {
            events.extend(self.finish());
            return events;
        };
        // One scoring serves the move bar, the numbers and the first follow-up.
        let card = self.score_moves();
        // In a mock the numbers are checked at the end, not now: that would be a hint.
        if stage == Stage::Size
            && let Some(card) = &card
        {
            let claims = card.claims.clone();
            let line = numbers_line(&claims);
            self.numbers = Some(claims);
            events.push(Event::NumbersChecked);
            self.say(Stage::Size, line, &mut events);
        }
        let pushed_back = self
            .session
            .transcript
            .iter()
            .any(|t| t.text == NO_QUESTION);
        if stage == Stage::Clarify && !self.clarified() && !pushed_back {
            let message = NO_QUESTION.to_owned();
            self.say(Stage::Clarify, message.clone(), &mut events);
            events.push(Event::PushedBack { message });
        }
        self.session.stage = next;
        events.push(Event::Moved {
            from: stage,
            to: next,
        });
        if next == Stage::Sketch {
            let spent = self.session.total_seconds();
            let clarified = self.clarified();
            if let Some(mock) = &mut self.session.mock {
                mock.reached_sketch(spent, clarified);
            }
        }
        if next == Stage::DeepDive {
            // Asking a question leaves the answer as it was: one scoring serves both.
            let card = card.unwrap_or_else(|| self.card());
            if self.session.deep_dive.is_empty() {
                self.ask_followup(&card, &mut events);
            }
            if !self.is_mock() {
                self.refresh_lab(&card, &mut events);
            }
        }
        self.live_stale = true;
        events
    }

    /// Goes back a move; nothing is sent or asked (the move bar's points are brought up to
    /// date).
    #[must_use]
    pub fn previous_move(&mut self) -> Vec<Event> {
        let from = self.session.stage;
        match index(from).checked_sub(1).and_then(|i| Stage::ALL.get(i)) {
            Some(&to) if self.finished.is_none() => {
                let _ = self.score_moves();
                self.session.stage = to;
                vec![Event::Moved { from, to }]
            }
            _ => Vec::new(),
        }
    }

    /// Shows the next (`forward`) or previous move of a draft open elsewhere: nothing is sent,
    /// asked, scored or timed.
    pub fn browse(&mut self, forward: bool) {
        let here = index(self.session.stage);
        let to = if forward {
            (here + 1).min(Stage::ALL.len() - 1)
        } else {
            here.saturating_sub(1)
        };
        self.session.stage = Stage::ALL[to];
    }

    /// Time passes: `millis` more in the current move, counted in whole seconds (not once
    /// finished).
    ///
    /// In a mock this is the round's clock: it nudges a move that runs over, plays the
    /// curveball, and when the time is up locks the answer and scores it.
    #[must_use]
    pub fn tick(&mut self, millis: u64) -> Vec<Event> {
        let mut events = Vec::new();
        if self.finished.is_some() {
            return events;
        }
        self.millis += millis;
        if self.millis < 1000 {
            return events;
        }
        let mut seconds = self.millis / 1000;
        self.millis %= 1000;
        if let Some(mock) = &self.session.mock {
            // A long pause ($EDITOR, a stalled loop) never runs the round past its end.
            seconds = seconds.min(mock.left(self.session.total_seconds()));
        }
        self.session.tick(seconds);
        if self.is_mock() {
            events.push(Event::MockTimePassed { seconds });
            self.mock_clock(&mut events);
        }
        events
    }

    /// Scores the answer and ends the round; with nothing written (and time not up) nothing
    /// is scored. A mock's record is made, and a rush to the sketch flagged.
    #[must_use]
    pub fn finish(&mut self) -> Vec<Event> {
        if self.finished.is_some() {
            return Vec::new();
        }
        let answer = self.answer();
        let timed_out = self.session.mock.as_ref().is_some_and(|m| m.timed_out);
        if answer.trim().is_empty() && !timed_out {
            return vec![Event::NothingToScore];
        }
        let card = self.final_card(&answer);
        let score = card.score;
        self.finished = Some((card, answer));
        vec![Event::Finished { score }]
    }

    /// After scoring: `stage` reopened and its text ([`Session::move_text`]) replaced by
    /// `text`, and the whole answer scored again. The first scorecard is kept
    /// ([`Round::first`]), however many times the answer is scored again. Nothing happens
    /// before the round is finished, when the text is unchanged, or when the answer would be
    /// left empty.
    #[must_use]
    pub fn rescore(&mut self, stage: Stage, text: &str) -> Vec<Event> {
        if self.finished.is_none() || self.session.move_text(stage) == text {
            return Vec::new();
        }
        let before = self.session.clone();
        self.session.revise(stage, text.to_owned());
        let answer = self.answer();
        if answer.trim().is_empty() {
            self.session = before;
            return vec![Event::NothingToScore];
        }
        let card = self.final_card(&answer);
        let score = card.score;
        let Some((first, _)) = self.finished.replace((card, answer)) else {
            return Vec::new();
        };
        let first = self.first.get_or_insert(first).score;
        if !self.reopened.contains(&stage) {
            self.reopened.push(stage);
        }
        vec![Event::Rescored {
            stage,
            first,
            score,
        }]
    }

    /// The scorecard of the final `answer`: a mock's record made and a rush to the sketch
    /// flagged, the follow-ups that fell short named, the numbers kept for the screen.
    fn final_card(&mut self, answer: &str) -> Scorecard {
        let mut card = self.scorer.score(answer);
        self.mock_record = MockRecord::of(&self.session, self.scenario);
        if let Some(at) = self.mock_record.as_ref().and_then(|r| r.rushed_at) {
            mock::flag_rush(&mut card, self.scenario, self.rubric, at);
        }
        record::explain_deep_dive(
            &mut card,
            &record::FollowUpResult::all(self.scenario, &self.session),
        );
        self.numbers = Some(card.claims.clone());
        card
    }

    /// Works the deep-dive lab: selects or turns a knob, runs again, or shows the next
    /// simulation.
    #[must_use]
    pub fn control_lab(&mut self, control: LabControl) -> Vec<Event> {
        let mut events = Vec::new();
        if self.finished.is_some() {
            return events;
        }
        if control == LabControl::NextSimulation {
            self.next_lab(&mut events);
            return events;
        }
        let Some(state) = &mut self.lab else {
            return events;
        };
        match control {
            LabControl::PreviousKnob => state.lab.select_prev(),
            LabControl::NextKnob => state.lab.select_next(),
            LabControl::Lower | LabControl::Raise | LabControl::Run => {
                if control != LabControl::Run {
                    state.lab.adjust(control == LabControl::Raise);
                }
                state.outcome = state.lab.run();
                events.push(Event::LabRan {
                    kind: state.lab.kind(),
                });
            }
            LabControl::NextSimulation => {}
        }
        events
    }

    fn send_with(&mut self, text: &str, ask_next: bool, events: &mut Vec<Event>) {
        let stage = self.session.stage;
        let text = text.trim();
        if self.finished.is_some() || !is_conversation(stage) || text.is_empty() {
            return;
        }
        self.session.unsent.remove(&stage);
        self.session.transcript.push(Turn {
            speaker: Speaker::Candidate,
            stage,
            text: text.to_owned(),
        });
        events.push(Event::Sent { stage });
        if stage == Stage::Clarify {
            self.clarify(text, events);
        } else {
            let filed = self.attach_reply(text, events);
            let card = self.card();
            if !self.is_mock() {
                self.refresh_lab(&card, events);
            }
            if self.judge_reply(filed, ask_next, events) && ask_next {
                self.ask_followup(&card, events);
            }
        }
        self.live_stale = true;
    }

    /// Text typed in Clarify or Deep-dive but not sent is sent on the way out, so nothing
    /// typed is left out of the answer: a question gets its reply; a deep-dive reply is
    /// filed without asking the next follow-up.
    fn send_unsent(&mut self, events: &mut Vec<Event>) {
        let text = self.session.text(self.session.stage).to_owned();
        self.send_with(&text, false, events);
    }

    /// The interviewer answers a Clarify message, and pins what it gives and what it hears
    /// assumed.
    fn clarify(&mut self, text: &str, events: &mut Vec<Event>) {
        let revealed: Vec<String> = self
            .session
            .pinned
            .iter()
            .filter_map(|p| match p {
                Pin::Fact { id, .. } => Some(id.clone()),
                Pin::Assumption { .. } => None,
            })
            .collect();
        let reply = self.interviewer.reply(text, &revealed);
        let assumptions = reply
            .assumptions
            .into_iter()
            .map(|text| Pin::Assumption { text });
        let scenario = self.scenario;
        let facts = reply.revealed.into_iter().map(|i| {
            let fact = &scenario.facts[i];
            Pin::Fact {
                id: fact.id.clone(),
                text: fact.reply.trim().to_owned(),
            }
        });
        for pin in assumptions.chain(facts) {
            events.push(Event::Pinned(pin.clone()));
            self.session.pinned.push(pin);
        }
        self.say(Stage::Clarify, reply.text, events);
    }

    fn say(&mut self, stage: Stage, text: String, events: &mut Vec<Event>) {
        self.last_said = Some(self.session.total_seconds());
        events.push(Event::Said {
            stage,
            text: text.clone(),
        });
        self.session.transcript.push(Turn {
            speaker: Speaker::Interviewer,
            stage,
            text,
        });
    }

    /// Files a deep-dive reply: as the answer to the open follow-up or to its probe, or, with
    /// none open, as more of the last reply.
    fn attach_reply(&mut self, text: &str, events: &mut Vec<Event>) -> Filed {
        let (filed, answered) = match self.session.deep_dive.last_mut() {
            Some(open) if open.reply.trim().is_empty() => {
                text.clone_into(&mut open.reply);
                (Filed::Reply, Some(open.followup.clone()))
            }
            Some(open) if open.is_open() => {
                text.clone_into(&mut open.probe_reply);
                (Filed::ProbeAnswer, Some(open.followup.clone()))
            }
            Some(last) => {
                let more = if last.probe.is_some() {
                    &mut last.probe_reply
                } else {
                    &mut last.reply
                };
                more.push_str("\n\n");
                more.push_str(text);
                (Filed::More, None)
            }
            None => {
                self.session.deep_dive.push(Exchange {
                    reply: text.to_owned(),
                    ..Exchange::asked("", "")
                });
                (Filed::More, None)
            }
        };
        events.push(Event::Replied { followup: answered });
        filed
    }

    /// Judges everything replied to the last follow-up and keeps the judgement on its
    /// exchange. A thin or partial first reply is probed once (when `may_probe`), and the
    /// follow-up stays open; a good reply is acknowledged. Returns whether the follow-up is
    /// done with, so the next one may be asked.
    fn judge_reply(&mut self, filed: Filed, may_probe: bool, events: &mut Vec<Event>) -> bool {
        let scenario = self.scenario;
        let Some(exchange) = self.session.deep_dive.last_mut() else {
            return filed != Filed::More;
        };
        // A reply with no follow-up (or one the scenario no longer has) is filed unjudged.
        let Some(followup) = scenario
            .followups
            .iter()
            .find(|f| f.id == exchange.followup)
        else {
            return filed != Filed::More;
        };
        let (judgement, words) = self.interviewer.judge(followup, &exchange.replies());
        let grade = judgement.grade;
        exchange.grade = Some(grade);
        exchange.covered = judgement.covered;
        exchange.missing = judgement.missing;
        exchange.feedback = judgement.feedback;
        events.push(Event::Judged {
            followup: followup.id.clone(),
            grade,
        });
        let line = match filed {
            Filed::More => return false,
            Filed::Reply if grade != Grade::Good && may_probe && judgement.probe.is_some() => {
                exchange.probe = judgement.probe;
                events.push(Event::Probed {
                    followup: followup.id.clone(),
                });
                self.say(Stage::DeepDive, words, events);
                return false;
            }
            // On the way out of the move nothing more is said.
            _ if !may_probe => return true,
            _ if grade == Grade::Good => words,
            Filed::Reply => return true,
            Filed::ProbeAnswer => MOVING_ON.to_owned(),
        };
        self.say(Stage::DeepDive, line, events);
        true
    }

    /// Asks the next follow-up, or closes the deep-dive when there is none.
    /// `card` is the answer so far, scored.
    fn ask_followup(&mut self, card: &Scorecard, events: &mut Vec<Event>) {
        let asked: Vec<String> = self
            .session
            .deep_dive
            .iter()
            .map(|e| e.followup.clone())
            .filter(|id| !id.is_empty())
            .collect();
        let Some(pick) = self.interviewer.next_followup(card, &asked) else {
            events.push(Event::DeepDiveClosed);
            self.say(Stage::DeepDive, DEEP_DIVE_DONE.to_owned(), events);
            return;
        };
        let question = pick.followup.question.trim().to_owned();
        self.session
            .deep_dive
            .push(Exchange::asked(&pick.followup.id, &question));
        events.push(Event::FollowUpAsked {
            id: pick.followup.id.clone(),
        });
        self.say(Stage::DeepDive, question, events);
    }

    /// The lab follows the design the answer states: the simulation of the follow-up just
    /// answered (a partitioning question shows skew), else one whose design changed, else the
    /// first the scorer ran.
    fn refresh_lab(&mut self, card: &Scorecard, events: &mut Vec<Event>) {
        let topic = self
            .session
            .deep_dive
            .iter()
            .rev()
            .find(|e| !e.reply.trim().is_empty())
            .and_then(|e| self.scenario.followups.iter().find(|f| f.id == e.followup))
            .and_then(|f| lab_kind_of(f.deep_dive));
        let labs = self.labs_of(card);
        let same = |a: &Lab, b: &Lab| a.kind() == b.kind() && a.knobs() == b.knobs();
        // A design stated (or changed) since the last reply is news; the current lab
        // otherwise stays, with its knobs as the answer now states them.
        let news = labs
            .iter()
            .find(|lab| !self.labs_seen.iter().any(|seen| same(seen, lab)));
        let current_kind = self.lab.as_ref().map(|state| state.lab.kind());
        let chosen = labs
            .iter()
            .find(|lab| Some(lab.kind()) == topic)
            .or(news)
            .or_else(|| labs.iter().find(|lab| Some(lab.kind()) == current_kind))
            .or(labs.first());
        if let Some(lab) = chosen.filter(|lab| {
            !self
                .lab
                .as_ref()
                .is_some_and(|current| same(&current.lab, lab))
        }) {
            let lab = lab.clone();
            let outcome = lab.run();
            events.push(Event::LabChanged { kind: lab.kind() });
            self.lab = Some(LabState { lab, outcome });
        }
        self.labs_seen = labs;
    }

    /// Shows the next simulation this scenario offers: the answer's design for it if the
    /// answer states one, the defaults otherwise.
    fn next_lab(&mut self, events: &mut Vec<Event>) {
        let kinds = Lab::kinds(self.scenario);
        let Some(current) = self.lab.as_ref().map(|s| s.lab.kind()) else {
            return;
        };
        let at = kinds.iter().position(|k| *k == current).unwrap_or(0);
        let Some(next) = kinds.get((at + 1) % kinds.len().max(1)).copied() else {
            return;
        };
        let lab = self
            .labs_of(&self.card())
            .into_iter()
            .find(|lab| lab.kind() == next)
            .or_else(|| Lab::new(self.scenario, next));
        if let Some(lab) = lab {
            let outcome = lab.run();
            events.push(Event::LabChanged { kind: lab.kind() });
            self.lab = Some(LabState { lab, outcome });
        }
    }

    /// A lab for each design the scorer ran a simulation of.
    fn labs_of(&self, card: &Scorecard) -> Vec<Lab> {
        card.simulations
            .iter()
            .filter_map(|sim| Lab::from_simulation(self.scenario, sim))
            .collect()
    }

    /// The candidate asked something in Clarify, or stated an assumption.
    fn clarified(&self) -> bool {
        self.session.said(Stage::Clarify).next().is_some() || !self.session.pinned.is_empty()
    }

    /// A mock's clock after time passed: the nudge, the curveball, time up.
    fn mock_clock(&mut self, events: &mut Vec<Event>) {
        let spent = self.session.total_seconds();
        let stage = self.session.stage;
        let in_stage = self.session.seconds.get(&stage).copied().unwrap_or(0);
        let Some(mock) = &mut self.session.mock else {
            return;
        };
        if let Some(message) = mock.nudge(stage, in_stage) {
            events.push(Event::Nudged { message });
        }
        // Its own moment: not while the interviewer's last line (a follow-up, say) is fresh,
        // unless time is up. Before time up, so even a tick that jumps to the end has
        // played it.
        // (A short mock waits less: a twentieth of its length at most.)
        let wait = CURVEBALL_QUIET_SECONDS.min(mock.total() / 20);
        let quiet = self.last_said.is_none_or(|at| spent >= at + wait);
        if mock.curveball_due(spent, stage) && (quiet || mock.left(spent) == 0) {
            self.play_curveball(spent, events);
        }
        let Some(mock) = &mut self.session.mock else {
            return;
        };
        if mock.left(spent) == 0 {
            mock.timed_out = true;
            self.send_unsent(events);
            events.extend(self.finish());
            events.push(Event::TimeUp);
        }
    }

    /// The interviewer's mid-round twist: said in the conversation and pinned beside every
    /// move until the end.
    fn play_curveball(&mut self, spent: u64, events: &mut Vec<Event>) {
        let stage = self.session.stage;
        let turns_before = self.session.transcript.len();
        let Some(curveball) = mock::pick_curveball(self.scenario, &self.session.started) else {
            return;
        };
        let line = curveball.line.trim().to_owned();
        if let Some(mock) = &mut self.session.mock {
            mock.curveball = Some(PlayedCurveball {
                id: curveball.id.clone(),
                line: line.clone(),
                at: spent,
                stage,
                turns_before,
            });
        }
        events.push(Event::CurveballPlayed {
            id: curveball.id.clone(),
        });
        self.say(stage, format!("One change: {line}"), events);
    }
}

/// What a deep-dive message was filed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filed {
    /// The first reply to the open follow-up.
    Reply,
    /// The answer to the open follow-up's probe.
    ProbeAnswer,
    /// More of the last reply, with nothing open.
    More,
}

/// The simulation that checks a deep-dive's topic, if any.
fn lab_kind_of(dive: DeepDive) -> Option<LabKind> {
    match dive {
        DeepDive::Skew => Some(LabKind::Skew),
        DeepDive::Idempotency => Some(LabKind::Redelivery),
        DeepDive::SmallFiles => Some(LabKind::SmallFiles),
        DeepDive::BatchVsStreaming | DeepDive::SchemaEvolution | DeepDive::Observability => None,
    }
}

/// What the interviewer says about the numbers when Size ends.
fn numbers_line(claims: &[Claim]) -> String {
    if claims.is_empty() {
        return "I didn't hear a number with a unit there. Sizing is where the design's \
                limits come from; it's worth going back (Ctrl-P)."
            .to_owned();
    }
    let off: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.verdict == ClaimVerdict::Off)
        .collect();
    if off.is_empty() {
        return format!(
            "I checked your numbers: all {} hold up. Let's see the design.",
            claims.len()
        );
    }
    let detail: Vec<String> = off
        .iter()
        .map(|c| format!("\"{}\" (I make it about {})", c.text, c.expected))
        .collect();
    format!(
        "I checked your numbers: {} of {} hold up. Look again at {}.",
        claims.len() - off.len(),
        claims.len(),
        detail.join(", ")
    )
}
