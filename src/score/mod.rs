//! The scorer: grades an answer against the rubric as an interviewer would, deterministically
//! and offline, quoting the sentence behind every point.
//!
//! Pipeline: [`Answer::parse`] splits the Markdown into sentences; [`analysis`] finds in each
//! the ideas it names or decides, its reasons, questions, assumptions and numbers; `rules`
//! turns those into per-move scores, strong signals and red flags.

pub mod analysis;
pub mod claims;
pub mod design;
pub mod explain;
pub mod facts;
pub mod lexicon;
mod rules;

use std::fmt::Write as _;

use serde::Serialize;

use crate::answer::Answer;
use crate::rubric::Rubric;
use crate::scenario::{Scenario, Stage};

pub use lexicon::{Group, Lexicon};

/// Score at or above which an answer is `strong`.
pub const STRONG_AT: u32 = 70;
/// Score at or above which an answer is `mixed` (below is `weak`).
pub const MIXED_AT: u32 = 40;

/// The highest score that is still in `band`.
#[must_use]
pub fn highest_score_in(band: Band) -> u32 {
    match band {
        Band::Strong => 100,
        Band::Mixed => STRONG_AT - 1,
        Band::Weak => MIXED_AT - 1,
    }
}

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    /// Would pass a senior round.
    Strong,
    /// Some moves done well, others missing.
    Mixed,
    /// Would not pass.
    Weak,
}

impl Band {
    /// The band of a 0-100 score.
    #[must_use]
    pub fn of(score: u32) -> Self {
        if score >= STRONG_AT {
            Self::Strong
        } else if score >= MIXED_AT {
            Self::Mixed
        } else {
            Self::Weak
        }
    }

    /// The lower-case name used in output.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Strong => "strong",
            Self::Mixed => "mixed",
            Self::Weak => "weak",
        }
    }
}

/// Points earned in one move.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageScore {
    /// The move.
    pub stage: Stage,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max: u32,
    /// The move can be recognised in the answer at all.
    pub present: bool,
    /// Why the move lost points, in a few words ("designs for 1 of 3 failure modes"); absent
    /// when it earned them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost: Option<String>,
}

/// How the evidence for a result was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// A sentence quoted from the answer.
    Quote,
    /// A note on the answer as a whole: what it lacks, or what it covers.
    Note,
}

/// One rubric item's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// Rubric id.
    pub id: String,
    /// One-line name.
    pub title: String,
    /// Earned (signal) or fired (red flag).
    pub hit: bool,
    /// The sentence that earned it, or what is missing; `null` when not hit.
    pub evidence: Option<String>,
    /// Byte range of the quoted sentence in the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    /// Quote or absence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_kind: Option<EvidenceKind>,
    /// What to do about it.
    pub advice: String,
    /// Points taken off (red flags that fired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub penalty: Option<u32>,
    /// With `--explain`: every sentence the item looked at, whether it counted, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub considered: Option<Vec<explain::Considered>>,
}

/// How much of what the scenario is about the answer addresses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relevance {
    /// The scenario's ideas the answer addresses, in the scenario's order.
    pub addressed: Vec<String>,
    /// The ideas it never addresses.
    pub missing: Vec<String>,
    /// The best band the answer can reach, when it addresses too few of them.
    pub limit: Option<Band>,
}

/// The whole graded answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    /// Scenario id.
    pub scenario: String,
    /// 0-100.
    pub score: u32,
    /// Strong, mixed or weak.
    pub band: Band,
    /// Points earned across the moves, before red flags.
    pub moves_total: u32,
    /// Points taken off by the red flags raised.
    pub penalty_total: u32,
    /// The score was held below `strong` because a whole move is missing.
    pub capped: bool,
    /// Points per move.
    pub stages: Vec<StageScore>,
    /// Every strong signal in force, hit or not.
    pub signals: Vec<ItemResult>,
    /// Every red flag in force, fired or not.
    pub red_flags: Vec<ItemResult>,
    /// Words in the answer.
    pub words: usize,
    /// The answer names its moves in headings (otherwise it was read as a whole).
    pub headed: bool,
    /// The numbers the answer states, checked against the scenario's sizing.
    pub claims: Vec<claims::Claim>,
    /// Simulations of the design choices the answer states, on the scenario's load profiles.
    pub simulations: Vec<design::Simulation>,
    /// Simulations the scenario offers that the answer gave no choice for.
    pub simulations_not_run: Vec<design::NotRun>,
    /// The scenario's ideas the answer addresses and misses (absent when the scenario names
    /// none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relevance: Option<Relevance>,
}

impl ItemResult {
    /// The points this raised red flag took off, when it took any: a flag already counted in
    /// a move's lost points shows none.
    #[must_use]
    pub fn points_taken(&self) -> Option<u32> {
        self.penalty.filter(|p| *p > 0)
    }
}

impl Scorecard {
    /// The strong signals the answer did not show.
    pub fn missed_signals(&self) -> impl Iterator<Item = &ItemResult> {
        self.signals.iter().filter(|s| !s.hit)
    }

    /// The red flags the answer raised.
    pub fn raised_flags(&self) -> impl Iterator<Item = &ItemResult> {
        self.red_flags.iter().filter(|f| f.hit)
    }

    /// What the answer leaves out of what the scenario is about, in a sentence, and whether
    /// that holds the score down ("This answer does not address: deletes, the initial load;
    /// held at 39, since it addresses 2 of 6 ideas this scenario is about.").
    #[must_use]
    pub fn relevance_note(&self) -> Option<String> {
        let relevance = self.relevance.as_ref()?;
        if relevance.missing.is_empty() {
            return None;
        }
        let mut note = format!(
            "This answer does not address: {}",
            relevance.missing.join(", ")
        );
        if relevance
            .limit
            .is_some_and(|limit| self.score == highest_score_in(limit))
        {
            let total = relevance.addressed.len() + relevance.missing.len();
            let _ = write!(
                note,
                "; held at {}, since it addresses {} of the {total} ideas this scenario is about",
                self.score,
                relevance.addressed.len()
            );
        }
        note.push('.');
        Some(note)
    }

    /// Signals missed and red flags fired: what an interviewer would follow up on.
    pub fn gaps(&self) -> impl Iterator<Item = &str> {
        self.missed_signals()
            .chain(self.raised_flags())
            .map(|item| item.id.as_str())
    }
}

/// What is wrong with a scenario's model answer as a model: it must score `strong` against
/// its own scenario, raise no red flag, state no number that is off, and state no design the
/// simulations break. Empty when it passes or there is no model answer.
#[must_use]
pub fn model_answer_problems(scenario: &Scenario, rubric: &Rubric) -> Vec<String> {
    let Some(answer) = &scenario.model_answer else {
        return Vec::new();
    };
    let card = score(scenario, answer, rubric);
    let mut problems = Vec::new();
    if card.band != Band::Strong {
        let missed: Vec<&str> = card.missed_signals().map(|s| s.id.as_str()).collect();
        problems.push(format!(
            "the model answer scores {} ({}), not strong; missed: {}",
            card.score,
            card.band.name(),
            if missed.is_empty() {
                "none".to_owned()
            } else {
                missed.join(", ")
            }
        ));
    }
    for flag in card.raised_flags() {
        problems.push(format!(
            "the model answer raises `{}`: {}",
            flag.id,
            flag.evidence.as_deref().unwrap_or_default()
        ));
    }
    for claim in card
        .claims
        .iter()
        .filter(|c| c.verdict == claims::ClaimVerdict::Off)
    {
        problems.push(format!(
            "the model answer's \"{}\" is {}x off the sizing's {} ({})",
            claim.text, claim.factor, claim.expected, claim.reference
        ));
    }
    for sim in card
        .simulations
        .iter()
        .filter(|s| s.verdict == design::SimVerdict::Breaks)
    {
        problems.push(format!(
            "the model answer's design breaks in the {} simulation: {}",
            sim.kind, sim.summary
        ));
    }
    problems
}

/// Where the scenario's own signals disagree with their declared examples: a `fires`
/// example that does not earn its signal, or a `clears` example that does, each graded as a
/// whole answer to the scenario. Empty when every example holds.
#[must_use]
pub fn signal_example_problems(scenario: &Scenario, rubric: &Rubric) -> Vec<String> {
    let scorer = Scorer::new(scenario, rubric);
    let mut problems = Vec::new();
    for signal in &scenario.rubric.signals {
        let earned = |example: &str| {
            scorer
                .score(example)
                .signals
                .iter()
                .any(|s| s.id == signal.id && s.hit)
        };
        for example in signal.fires.iter().filter(|e| !earned(e)) {
            problems.push(format!(
                "signal `{}` is not earned by its `fires` example \"{}\"",
                signal.id,
                example.trim()
            ));
        }
        for example in signal.clears.iter().filter(|e| earned(e)) {
            problems.push(format!(
                "signal `{}` is earned by its `clears` example \"{}\"",
                signal.id,
                example.trim()
            ));
        }
    }
    problems
}

/// Scores Markdown `answer` against `scenario`.
#[must_use]
pub fn score(scenario: &Scenario, answer: &str, rubric: &Rubric) -> Scorecard {
    Scorer::new(scenario, rubric).score(answer)
}

/// A scorer set up for one scenario: its word patterns compiled, its calculator ready and its
/// design simulations remembered, so re-scoring an answer on every edit costs only the answer
/// (a simulation runs again only when the design choices it depends on change).
pub struct Scorer<'a> {
    scenario: &'a Scenario,
    rubric: &'a Rubric,
    patterns: rules::ScenarioPatterns<'a>,
    calc: crate::calc::Calculator,
    sims: design::SimCache,
}

impl<'a> Scorer<'a> {
    /// Prepares to score answers to `scenario`.
    #[must_use]
    pub fn new(scenario: &'a Scenario, rubric: &'a Rubric) -> Self {
        Self {
            scenario,
            rubric,
            patterns: rules::ScenarioPatterns::compile(scenario),
            calc: scenario.calculator(),
            sims: design::SimCache::default(),
        }
    }

    /// Scores Markdown `answer`.
    #[must_use]
    pub fn score(&self, answer: &str) -> Scorecard {
        self.grade(answer, false)
    }

    /// Scores Markdown `answer` and records, for every rubric item, the sentences it
    /// considered and why each did or did not count ([`ItemResult::considered`]).
    #[must_use]
    pub fn score_explained(&self, answer: &str) -> Scorecard {
        self.grade(answer, true)
    }

    fn grade(&self, answer: &str, explain: bool) -> Scorecard {
        let parsed = Answer::parse(answer);
        rules::grade(
            &rules::Context {
                scenario: self.scenario,
                rubric: self.rubric,
                lexicon: Lexicon::builtin(),
                patterns: &self.patterns,
                calc: &self.calc,
                sims: &self.sims,
            },
            &parsed,
            explain,
        )
    }
}
