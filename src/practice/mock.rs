//! The timed mock interview, the pure part: a time budget per move, the countdown, the nudge
//! when a move overruns, the curveball played mid-round and whether the candidate took it on,
//! the no-clarify rule for rushing to the whiteboard, and the timeline for the scorecard.
//! Time comes in as seconds spent; nothing here reads a clock.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::rubric::Rubric;
use crate::scenario::{Curveball, Scenario, Stage};
use crate::score::{Band, EvidenceKind, Scorecard};
use crate::text::{Pattern, tokenize};

/// The length of a round unless `--minutes` says otherwise.
pub const DEFAULT_MINUTES: u32 = 45;
/// Reaching Sketch sooner than this without a clarifying question is the no-clarify red flag.
pub const RUSH_SECONDS: u64 = 120;
/// Share of each move in a round (of 45 minutes: 5, 5, 10, 15 and 5, with 5 to spare).
const SHARES: [(Stage, f64); 5] = [
    (Stage::Clarify, 5.0 / 45.0),
    (Stage::Size, 5.0 / 45.0),
    (Stage::Sketch, 10.0 / 45.0),
    (Stage::DeepDive, 15.0 / 45.0),
    (Stage::Defend, 5.0 / 45.0),
];

/// The suggested time for a move in a round of `minutes`, in whole seconds.
#[must_use]
pub fn budget(stage: Stage, minutes: u32) -> u64 {
    let share = SHARES
        .iter()
        .find(|(s, _)| *s == stage)
        .map_or(0.0, |(_, share)| *share);
    (f64::from(minutes) * 60.0 * share).round() as u64
}

/// A curveball once the interviewer has played it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayedCurveball {
    /// The curveball's id in the scenario.
    pub id: String,
    /// What the interviewer said.
    pub line: String,
    /// Seconds into the round when it was played.
    pub at: u64,
    /// The move the candidate was in.
    pub stage: Stage,
    /// The transcript had this many turns when it was played: later turns are replies to it.
    pub turns_before: usize,
}

/// The state of a mock round, kept in the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockState {
    /// Length of the round.
    pub minutes: u32,
    /// The curveball, once played.
    #[serde(default)]
    pub curveball: Option<PlayedCurveball>,
    /// When the candidate reached Sketch without a clarifying question, if within
    /// [`RUSH_SECONDS`].
    #[serde(default)]
    pub rushed_at: Option<u64>,
    /// Moves already nudged for running over.
    #[serde(default)]
    pub nudged: BTreeSet<Stage>,
    /// The time ran out (rather than the candidate finishing).
    #[serde(default)]
    pub timed_out: bool,
}

impl MockState {
    /// A round of `minutes`.
    #[must_use]
    pub fn new(minutes: u32) -> Self {
        Self {
            minutes,
            curveball: None,
            rushed_at: None,
            nudged: BTreeSet::new(),
            timed_out: false,
        }
    }

    /// Seconds in the round.
    #[must_use]
    pub fn total(&self) -> u64 {
        u64::from(self.minutes) * 60
    }

    /// Seconds left after `spent`.
    #[must_use]
    pub fn left(&self, spent: u64) -> u64 {
        self.total().saturating_sub(spent)
    }

    /// The nudge to give when `stage` has run past its budget, once per move.
    pub fn nudge(&mut self, stage: Stage, spent_in_stage: u64) -> Option<String> {
        let budget = budget(stage, self.minutes);
        if spent_in_stage <= budget || !self.nudged.insert(stage) {
            return None;
        }
        Some(format!(
            "{} has run past its {}. Wrap it up and move on (Ctrl-N).",
            stage.title(),
            crate::text::clock(budget)
        ))
    }

    /// Whether the curveball should be played now: at half time, or on reaching Deep-dive,
    /// whichever comes first; once.
    #[must_use]
    pub fn curveball_due(&self, spent: u64, stage: Stage) -> bool {
        self.curveball.is_none() && (spent * 2 >= self.total() || stage >= Stage::DeepDive)
    }

    /// Notes the move to Sketch at `spent` seconds; `clarified` says whether a clarifying
    /// question or assumption came first.
    pub fn reached_sketch(&mut self, spent: u64, clarified: bool) {
        if !clarified && spent < RUSH_SECONDS && self.rushed_at.is_none() {
            self.rushed_at = Some(spent);
        }
    }
}

/// Which curveball a round plays: picked from the scenario's by the round's start time, so a
/// rerun of the same round plays the same one and different rounds vary.
#[must_use]
pub fn pick_curveball<'a>(scenario: &'a Scenario, started: &str) -> Option<&'a Curveball> {
    if scenario.curveballs.is_empty() {
        return None;
    }
    let seed = started
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    scenario
        .curveballs
        .get((seed % scenario.curveballs.len() as u64) as usize)
}

/// Whether `reply` (what the candidate said and wrote after the curveball) takes it on: one
/// of its cues appears.
#[must_use]
pub fn addressed(curveball: &Curveball, reply: &str) -> bool {
    let tokens = tokenize(reply);
    curveball
        .cues
        .iter()
        .filter_map(|c| Pattern::parse(c).ok())
        .any(|p| p.is_match(&tokens))
}

/// Raises the no-clarify red flag on `card` for a candidate who reached Sketch at `at`
/// seconds without asking anything, unless the answer already raised it; the score and band
/// follow.
pub fn flag_rush(card: &mut Scorecard, scenario: &Scenario, rubric: &Rubric, at: u64) {
    const ID: &str = "no-clarify";
    let scenario_rubric = rubric.for_scenario(scenario);
    let Some((_, penalty)) = scenario_rubric.red_flags.iter().find(|(f, _)| f.id == ID) else {
        return;
    };
    let Some(flag) = card.red_flags.iter_mut().find(|f| f.id == ID) else {
        return;
    };
    if flag.hit {
        return;
    }
    let points = penalty.round() as u32;
    flag.hit = true;
    flag.penalty = Some(points);
    flag.evidence = Some(format!(
        "reached Sketch {} into the round without a clarifying question",
        crate::text::clock(at)
    ));
    flag.evidence_kind = Some(EvidenceKind::Note);
    flag.span = None;
    card.penalty_total += points;
    card.score = card.score.saturating_sub(points);
    card.band = Band::of(card.score);
    if card.capped && card.band == Band::Strong {
        card.band = Band::Mixed;
    }
}

/// One row of the timeline: time spent in a move against its budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineRow {
    /// The move.
    pub stage: Stage,
    /// Seconds spent.
    pub spent: u64,
    /// Seconds suggested.
    pub budget: u64,
}

impl TimelineRow {
    /// Seconds over the budget (0 when within it).
    #[must_use]
    pub fn over(&self) -> u64 {
        self.spent.saturating_sub(self.budget)
    }
}

/// Time per move against its budget, in the order of the moves.
#[must_use]
pub fn timeline(
    seconds: &std::collections::BTreeMap<Stage, u64>,
    minutes: u32,
) -> Vec<TimelineRow> {
    Stage::ALL
        .iter()
        .map(|&stage| TimelineRow {
            stage,
            spent: seconds.get(&stage).copied().unwrap_or(0),
            budget: budget(stage, minutes),
        })
        .collect()
}

/// What a mock round adds to the history and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockRecord {
    /// Length of the round.
    pub minutes: u32,
    /// Time per move against its budget.
    pub timeline: Vec<TimelineRow>,
    /// The curveball played, and whether the candidate took it on.
    pub curveball: Option<CurveballRecord>,
    /// Seconds into the round when the candidate reached Sketch without asking anything.
    pub rushed_at: Option<u64>,
    /// The time ran out before the candidate finished.
    pub timed_out: bool,
}

/// A curveball and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurveballRecord {
    /// Its id in the scenario.
    pub id: String,
    /// What the interviewer said.
    pub line: String,
    /// The candidate's later words took it on.
    pub addressed: bool,
    /// What a good response addresses.
    pub expects: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Catalog;

    fn scenario() -> Scenario {
        Catalog::builtin(Rubric::builtin())
            .get("realtime-analytics")
            .expect("built in")
            .clone()
    }

    #[test]
    fn budgets_follow_the_round_and_leave_time_to_spare() {
        assert_eq!(budget(Stage::Clarify, 45), 300);
        assert_eq!(budget(Stage::DeepDive, 45), 900);
        let all: u64 = Stage::ALL.iter().map(|&s| budget(s, 45)).sum();
        assert_eq!(all, 40 * 60);
        assert_eq!(budget(Stage::Sketch, 1), 13);
    }

    #[test]
    fn a_move_is_nudged_once_when_it_runs_over() {
        let mut state = MockState::new(45);
        assert_eq!(state.nudge(Stage::Clarify, 300), None);
        let nudge = state.nudge(Stage::Clarify, 301).expect("a nudge");
        assert!(
            nudge.starts_with("Clarify has run past its 5:00"),
            "{nudge}"
        );
        assert_eq!(state.nudge(Stage::Clarify, 400), None);
        assert!(state.nudge(Stage::Size, 301).is_some());
    }

    #[test]
    fn the_curveball_comes_at_half_time_or_in_the_deep_dive_once() {
        let mut state = MockState::new(10);
        assert!(!state.curveball_due(299, Stage::Sketch));
        assert!(state.curveball_due(300, Stage::Sketch));
        assert!(state.curveball_due(10, Stage::DeepDive));
        state.curveball = Some(PlayedCurveball {
            id: "x".into(),
            line: "y".into(),
            at: 300,
            stage: Stage::Sketch,
            turns_before: 0,
        });
        assert!(!state.curveball_due(500, Stage::DeepDive));
    }

    #[test]
    fn rushing_to_the_sketch_without_asking_is_recorded() {
        let mut state = MockState::new(45);
        state.reached_sketch(200, false);
        assert_eq!(state.rushed_at, None, "after two minutes it is not a rush");
        state.reached_sketch(60, true);
        assert_eq!(state.rushed_at, None, "a question came first");
        state.reached_sketch(60, false);
        assert_eq!(state.rushed_at, Some(60));
    }

    #[test]
    fn curveballs_are_picked_by_the_start_and_answered_by_cues() {
        let s = scenario();
        let a = pick_curveball(&s, "2026-11-24T09:00:00Z").expect("one");
        assert_eq!(pick_curveball(&s, "2026-11-24T09:00:00Z"), Some(a));
        let tenfold = s
            .curveballs
            .iter()
            .find(|c| c.id == "traffic-10x")
            .expect("traffic-10x");
        assert!(addressed(
            tenfold,
            "At ten times the peak we need more partitions, planned ahead."
        ));
        assert!(!addressed(tenfold, "Sounds good, moving on."));
    }

    #[test]
    fn a_rush_raises_no_clarify_once_and_costs_its_penalty() {
        let s = scenario();
        let rubric = Rubric::builtin();
        let answer = "## Clarify\n\nHow fresh must it be? What is the peak?\n\n## Sketch\n\n\
                      Kafka absorbs the spike because sales are 5x.";
        let mut card = crate::score::score(&s, answer, rubric);
        let before = card.score;
        assert!(!card.raised_flags().any(|f| f.id == "no-clarify"));
        flag_rush(&mut card, &s, rubric, 45);
        let flag = card
            .raised_flags()
            .find(|f| f.id == "no-clarify")
            .expect("raised");
        let points = flag.penalty.expect("a penalty");
        assert!(points > 0);
        assert_eq!(card.score, before.saturating_sub(points));
        let again = card.score;
        flag_rush(&mut card, &s, rubric, 45);
        assert_eq!(card.score, again, "never twice");
    }

    #[test]
    fn the_timeline_has_every_move() {
        let mut seconds = std::collections::BTreeMap::new();
        seconds.insert(Stage::Clarify, 400);
        let rows = timeline(&seconds, 45);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0].over(), 100);
        assert_eq!(rows[1].spent, 0);
    }
}
