//! From analysed sentences to a scorecard. One pass gathers [`Findings`](gather::Findings);
//! then each rubric item, one module per [`RuleId`], judges from them. The registry
//! ([`rule`]) maps every id to its rule with an exhaustive match, so an id without a rule does
//! not compile. Each rule declares the concept groups it reads, its thresholds (named
//! constants in its module) and how it explains a sentence; its example answers (`fires`,
//! `clears`) live beside its title in `rubrics/core.toml` and run as tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::answer::Answer;
use crate::rubric::{Rubric, RuleId};
use crate::scenario::{Scenario, Stage};

use super::analysis::{SUBSTANTIVE_WORDS, SentenceInfo, analyse};
use super::explain::{self, Considered};
use super::lexicon::{Group, HitKind, Lexicon};
use super::{Band, EvidenceKind, ItemResult, Scorecard};

mod gather;
mod relevance;
mod stages;

mod assumptions;
mod breaking_points;
mod bulletproof;
mod capacity_math;
mod exactly_once_overreach;
mod failure_modes;
mod five_moves;
mod hand_wave_scale;
mod happy_path_only;
mod ignores_skew;
mod no_clarify;
mod no_compaction;
mod no_monitoring;
mod no_replay;
mod tool_list;
mod tradeoffs;

#[cfg(test)]
mod examples;

use gather::Findings;
pub(super) use gather::ScenarioPatterns;

/// What every rule module needs.
mod prelude {
    pub(super) use std::collections::BTreeSet;

    pub(super) use super::{
        Also, Judging, Rule, Verdict, absent_or_dismissed, counted_mechanism, counts_addressed,
        counts_credited, missed_default, missed_mechanism,
    };
    pub(super) use crate::rubric::RuleId;
    pub(super) use crate::scenario::Stage;
    pub(super) use crate::score::analysis::SentenceInfo;
    pub(super) use crate::score::lexicon::Group;

    pub(super) use super::gather::Findings;
}

/// The rule for `id`. Adding a rubric id without a rule is a compile error here.
pub(super) fn rule(id: RuleId) -> &'static Rule {
    match id {
        RuleId::Tradeoffs => &tradeoffs::RULE,
        RuleId::Assumptions => &assumptions::RULE,
        RuleId::CapacityMath => &capacity_math::RULE,
        RuleId::BreakingPoints => &breaking_points::RULE,
        RuleId::FiveMoves => &five_moves::RULE,
        RuleId::FailureModes => &failure_modes::RULE,
        RuleId::ToolList => &tool_list::RULE,
        RuleId::NoClarify => &no_clarify::RULE,
        RuleId::HandWaveScale => &hand_wave_scale::RULE,
        RuleId::Bulletproof => &bulletproof::RULE,
        RuleId::ExactlyOnceOverreach => &exactly_once_overreach::RULE,
        RuleId::NoReplay => &no_replay::RULE,
        RuleId::IgnoresSkew => &ignores_skew::RULE,
        RuleId::NoCompaction => &no_compaction::RULE,
        RuleId::NoMonitoring => &no_monitoring::RULE,
        RuleId::HappyPathOnly => &happy_path_only::RULE,
    }
}

/// One rubric item: what it reads, how it judges and how it explains itself.
pub(super) struct Rule {
    /// The rubric id it judges; the registry test checks that each module declares the id it
    /// is registered under.
    #[cfg_attr(not(test), allow(dead_code, reason = "read by the registry test"))]
    pub id: RuleId,
    /// The concept groups it reads; a sentence naming one is considered by `--explain`.
    pub groups: &'static [Group],
    /// What else makes `--explain` consider a sentence.
    pub also: Also,
    /// The verdict on the whole answer.
    pub judge: fn(&Judging<'_>) -> Verdict,
    /// Whether sentence `i` counted (towards earning a signal, raising a flag, or, for a flag
    /// raised by absence, showing the idea is there).
    pub counts: fn(&Findings, usize, &SentenceInfo, &[Group]) -> bool,
    /// Why a sentence counted, given the name of the topic it matched.
    pub counted: fn(&SentenceInfo, &str) -> String,
    /// Why a sentence did not, once the reasons every rule shares (a question, a negation, a
    /// retraction, a bare list, a hedge) are ruled out.
    pub missed: fn(&SentenceInfo, &[Group], &str) -> String,
}

/// Sentences a rule considers besides those naming its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Also {
    Nothing,
    /// Any sentence stating a quantity (the sizing items).
    Quantities,
    /// Any sentence ending in a question mark (the clarifying items, for which a question
    /// counts).
    Questions,
}

/// What a rule judges from.
pub(super) struct Judging<'a> {
    pub f: &'a Findings,
    /// Which moves carry content.
    pub present: &'a BTreeMap<Stage, bool>,
    /// The points each move earned.
    pub stages: &'a [crate::score::StageScore],
    pub answer: &'a Answer<'a>,
    pub infos: &'a [SentenceInfo],
    /// Exactly-once is claimed as the design (read by more than one rule).
    pub overreach: bool,
}

impl Judging<'_> {
    /// Of the sentences that earn an item, the one a fair interviewer would point at: a
    /// statement before a question or a list, a mechanism before a name, a reason before none,
    /// a sentence in the item's own move before one elsewhere, a plain sentence before a
    /// rambling one; the earliest among equals.
    pub fn most_direct(
        &self,
        candidates: &[usize],
        groups: &[Group],
        stage: Option<Stage>,
    ) -> Option<usize> {
        candidates
            .iter()
            .copied()
            .filter(|&i| i < self.infos.len())
            .max_by_key(|&i| {
                (
                    directness(&self.infos[i], self.answer, i, groups, stage),
                    std::cmp::Reverse(i),
                )
            })
    }
}

/// Words past which a sentence rambles and makes a weaker quote.
const RAMBLING_WORDS: usize = 45;

fn directness(
    info: &SentenceInfo,
    answer: &Answer<'_>,
    i: usize,
    groups: &[Group],
    stage: Option<Stage>,
) -> i32 {
    let names = groups.iter().any(|g| info.has(*g));
    let mechanism = groups.iter().any(|g| info.has_kind(*g, HitKind::Mechanism));
    let in_move = stage.is_some() && answer.sentences.get(i).and_then(|s| s.stage) == stage;
    let mut score = 0;
    score += i32::from(names) * 2 + i32::from(mechanism) * 2;
    score += i32::from(info.reason) + i32::from(in_move);
    score -= i32::from(info.question) * 4 + i32::from(info.list_like) * 2;
    score -= i32::from(info.hedged) * 2 + i32::from(info.words > RAMBLING_WORDS);
    score
}

/// One rubric item's verdict before it is written up: whether it holds, the sentence behind
/// it, and what to say when no single sentence shows it (an absence).
pub(super) struct Verdict {
    hit: bool,
    sentence: Option<usize>,
    note: String,
}

impl Verdict {
    pub(super) fn new(hit: bool, sentence: Option<usize>, note: impl Into<String>) -> Self {
        Self {
            hit,
            sentence,
            note: note.into(),
        }
    }
}

/// A flag raised when nothing deals with `group`, or when the answer waves it away; `what`
/// says what is absent.
pub(super) fn absent_or_dismissed(f: &Findings, group: Group, what: &str) -> Verdict {
    // A dismissal counts unless the answer does the thing properly elsewhere ("simply
    // restarting the job wouldn't rewind" next to a real replay plan is not a dismissal).
    let dismissed = f
        .dismissed
        .get(&group)
        .copied()
        .filter(|_| !f.credited.contains_key(&group));
    let addressed = f.addressed.contains_key(&group);
    Verdict::new(
        dismissed.is_some() || !addressed,
        dismissed,
        format!("nothing in the answer deals with {what}"),
    )
}

/// The sentence earns one of `groups` and the credit stood (it was not taken back).
pub(super) fn counts_credited(
    f: &Findings,
    _: usize,
    info: &SentenceInfo,
    groups: &[Group],
) -> bool {
    groups
        .iter()
        .any(|g| info.credits(*g) && f.credited.contains_key(g))
}

/// The sentence addresses one of `groups`, the ideas a flag raised by absence looks for.
pub(super) fn counts_addressed(
    f: &Findings,
    _: usize,
    info: &SentenceInfo,
    groups: &[Group],
) -> bool {
    groups
        .iter()
        .any(|g| info.addresses(*g) && f.addressed.contains_key(g))
}

pub(super) fn counted_mechanism(info: &SentenceInfo, topic: &str) -> String {
    if info.reason {
        format!("states a mechanism for {topic}, with a reason")
    } else {
        format!("states a mechanism for {topic}")
    }
}

pub(super) fn missed_mechanism(info: &SentenceInfo, groups: &[Group], topic: &str) -> String {
    let mechanism = groups.iter().any(|g| info.has_kind(*g, HitKind::Mechanism));
    if !mechanism {
        format!("names {topic} but states no mechanism for it")
    } else if info.words < SUBSTANTIVE_WORDS && !info.reason {
        format!(
            "too short ({} words, {SUBSTANTIVE_WORDS} needed) and gives no reason",
            info.words
        )
    } else {
        "says nothing about the system besides the idea's own words".to_owned()
    }
}

pub(super) fn missed_default(info: &SentenceInfo, _: &[Group], _: &str) -> String {
    if info.anchored {
        "does not state it about the design".to_owned()
    } else {
        "not about the system (no component, number or design noun)".to_owned()
    }
}

/// What grading reads besides the answer: the scenario and everything prepared for it.
pub(super) struct Context<'a> {
    pub scenario: &'a Scenario,
    pub rubric: &'a Rubric,
    pub lexicon: &'a Lexicon,
    pub patterns: &'a ScenarioPatterns<'a>,
    pub calc: &'a crate::calc::Calculator,
    pub sims: &'a super::design::SimCache,
}

/// Grades a parsed answer; with `explain`, each item lists the sentences it considered.
// One pass from findings to the card, reading top to bottom; each judgement is its own
// function already.
#[allow(clippy::too_many_lines)]
pub(super) fn grade(cx: &Context<'_>, answer: &Answer<'_>, explain: bool) -> Scorecard {
    let Context {
        scenario,
        rubric,
        lexicon,
        patterns,
        calc,
        sims,
    } = *cx;
    let infos = analyse(answer, lexicon);
    let mut f = gather::gather(scenario, answer, &infos, patterns, lexicon);
    let claims = super::claims::check_with(answer, scenario, calc, &infos);
    let (simulations, simulations_not_run) = super::design::check(answer, &infos, scenario, sims);
    tally_claims(&mut f, &claims);
    let in_force = rubric.for_scenario(scenario);
    let present = gather::moves_present(&f);
    let stages = stages::stage_scores(&f, &present, &in_force, patterns);
    let judging = Judging {
        f: &f,
        present: &present,
        stages: &stages,
        answer,
        infos: &infos,
        overreach: exactly_once_overreach::overreaches(&f),
    };
    let mut verdicts: BTreeMap<RuleId, Verdict> = RuleId::all()
        .map(|id| (id, (rule(id).judge)(&judging)))
        .collect();
    let relevance = relevance::relevance(&f, patterns);
    let another_question = relevance
        .as_ref()
        .is_some_and(|r| relevance::answers_another_question(r, &present));
    if let Some(relevance) = relevance.as_ref().filter(|_| another_question) {
        relevance::void_for_another_question(&mut verdicts, relevance);
    }

    let moves_total: u32 = stages.iter().map(|s| s.score).sum();
    let mut penalty_total = 0;

    let write_up = |id: &str, title: &str, advice: &str, verdict: Option<&Verdict>| {
        let mut item = ItemResult {
            id: id.to_owned(),
            title: title.to_owned(),
            hit: false,
            evidence: None,
            span: None,
            evidence_kind: None,
            advice: advice.to_owned(),
            penalty: None,
            considered: None,
        };
        let Some(verdict) = verdict.filter(|v| v.hit) else {
            return item;
        };
        item.hit = true;
        if let Some(sentence) = verdict.sentence.and_then(|i| answer.sentences.get(i)) {
            item.evidence = Some(answer.quote(sentence));
            item.span = Some([sentence.span.start, sentence.span.end]);
            item.evidence_kind = Some(EvidenceKind::Quote);
        } else {
            item.evidence = Some(verdict.note.clone());
            item.evidence_kind = Some(EvidenceKind::Note);
        }
        item
    };

    let mut signals: Vec<ItemResult> = in_force
        .signals
        .iter()
        .map(|(def, _)| {
            write_up(
                def.id.as_str(),
                &def.title,
                &def.advice,
                verdicts.get(&def.id),
            )
        })
        .collect();
    for (i, signal) in patterns.extra.iter().enumerate() {
        let idx = f.extra_credited[i].filter(|_| !another_question);
        let verdict = Verdict::new(idx.is_some(), idx, "");
        signals.push(write_up(
            &signal.id,
            &signal.title,
            &signal.advice,
            Some(&verdict),
        ));
    }
    let mut red_flags: Vec<ItemResult> = in_force
        .red_flags
        .iter()
        .map(|(def, penalty)| {
            let mut item = write_up(
                def.id.as_str(),
                &def.title,
                &def.advice,
                verdicts.get(&def.id),
            );
            if item.hit {
                let counted_in = counted_in_move(def, verdicts.get(&def.id), &stages);
                let points = if counted_in.is_some() {
                    0
                } else {
                    penalty.round() as u32
                };
                if let (Some(stage), Some(note)) = (counted_in, item.evidence.as_mut()) {
                    let _ = write!(
                        note,
                        "; already counted in the {} move's lost points",
                        stage.title()
                    );
                }
                penalty_total += points;
                item.penalty = Some(points);
            }
            item
        })
        .collect();
    if explain {
        for item in signals.iter_mut().chain(red_flags.iter_mut()) {
            item.considered = Some(match RuleId::parse(&item.id) {
                Some(id) => considered(rule(id), &f, answer, &infos),
                None => considered_own(&item.id, &f, patterns, answer, &infos),
            });
        }
        // An answer to another question earns no signal, whatever its sentences say: the
        // listing says so rather than showing them as counted.
        if another_question {
            for entry in signals
                .iter_mut()
                .filter_map(|s| s.considered.as_mut())
                .flatten()
                .filter(|c| c.counted)
            {
                entry.counted = false;
                let _ = write!(entry.why, "; voided: the answer addresses another question");
            }
        }
    }
    let all_moves = verdicts.get(&RuleId::FiveMoves).is_some_and(|v| v.hit);
    let (score, capped) = final_score(moves_total, penalty_total, all_moves, relevance.as_ref());
    Scorecard {
        scenario: scenario.id.clone(),
        score,
        band: Band::of(score),
        moves_total,
        penalty_total,
        capped,
        stages,
        signals,
        red_flags,
        words: answer.word_count(),
        headed: !answer.headed_stages.is_empty(),
        claims,
        simulations,
        simulations_not_run,
        relevance,
    }
}

/// The sentences `rule` looked at, each with whether it counted and why.
fn considered(
    rule: &Rule,
    f: &Findings,
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
) -> Vec<Considered> {
    let kept = |g: &Group| f.credited.contains_key(g);
    answer
        .sentences
        .iter()
        .zip(infos)
        .enumerate()
        .filter(|(_, (sentence, info))| explain::considers(rule, info, sentence.question_mark))
        .map(|(i, (sentence, info))| {
            let counted = (rule.counts)(f, i, info, rule.groups);
            // A sentence that earned an idea the answer later took back.
            let retracted_by = rule
                .groups
                .iter()
                .filter(|g| info.credits(**g) && !kept(g))
                .find_map(|g| {
                    infos[i + 1..]
                        .iter()
                        .position(|later| later.retracts(*g))
                        .map(|at| i + 1 + at)
                });
            Considered {
                span: [sentence.span.start, sentence.span.end],
                counted,
                why: explain::why(rule, info, counted, retracted_by),
            }
        })
        .collect()
}

/// The sentences a scenario's own signal `id` looked at: those its patterns match.
fn considered_own(
    id: &str,
    f: &Findings,
    patterns: &ScenarioPatterns<'_>,
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
) -> Vec<Considered> {
    let Some(at) = patterns.extra.iter().position(|signal| signal.id == id) else {
        return Vec::new();
    };
    answer
        .sentences
        .iter()
        .zip(infos)
        .enumerate()
        .filter_map(|(i, (sentence, info))| {
            let found: Vec<HitKind> = patterns
                .extra_hits(&sentence.tokens)
                .into_iter()
                .filter(|(signal, _, _)| *signal == at)
                .map(|(_, kind, _)| kind)
                .collect();
            if found.is_empty() {
                return None;
            }
            let counted = f.extra_credited[at] == Some(i);
            let mechanism = found.contains(&HitKind::Mechanism);
            let why = if counted {
                "states the mechanism this scenario looks for".to_owned()
            } else if f.extra_credited[at].is_some_and(|first| first < i) {
                "an earlier sentence already earned it".to_owned()
            } else if info.question {
                "a question: it asks, so it shows no decision".to_owned()
            } else if info.list_like {
                "a bare list of terms, not a statement".to_owned()
            } else if info.hedged {
                "hedged (maybe, it depends) and gives no reason".to_owned()
            } else if !mechanism {
                "names the idea but states no mechanism for it".to_owned()
            } else {
                "negated, dismissed, or too short to show the mechanism".to_owned()
            };
            Some(Considered {
                span: [sentence.span.start, sentence.span.end],
                counted,
                why,
            })
        })
        .collect()
}

/// The move whose lost points already count what red flag `def` is about: its `stage`, when
/// the flag is raised only by silence (no sentence behind it) and that move earned nothing.
/// "Never walks through a failure" in an answer with no deep-dive is the missing deep-dive,
/// not a second fault.
fn counted_in_move(
    def: &crate::rubric::RedFlagDef,
    verdict: Option<&Verdict>,
    stages: &[super::StageScore],
) -> Option<Stage> {
    let silent = verdict.is_some_and(|v| v.sentence.is_none());
    def.stage
        .filter(|stage| silent && stages.iter().any(|s| s.stage == *stage && s.score == 0))
}

/// The score after red flags and the two holds: an answer that skips a whole move is not
/// strong, however good the rest (`capped`), and an answer to another question is not an
/// answer to this one, however fluent.
fn final_score(
    moves_total: u32,
    penalty_total: u32,
    all_moves: bool,
    relevance: Option<&super::Relevance>,
) -> (u32, bool) {
    let mut score = moves_total.saturating_sub(penalty_total).min(100);
    let capped = !all_moves && score >= super::STRONG_AT;
    if capped {
        score = super::STRONG_AT - 1;
    }
    if let Some(limit) = relevance.and_then(|r| r.limit) {
        score = score.min(super::highest_score_in(limit));
    }
    (score, capped)
}

/// Counts the figures the candidate derived and how many are off; an unchecked number is
/// neither.
fn tally_claims(f: &mut Findings, claims: &[super::claims::Claim]) {
    let judged = |c: &&super::claims::Claim| c.verdict != super::claims::ClaimVerdict::Unchecked;
    for claim in claims.iter().filter(|c| !c.given).filter(judged) {
        f.derived_claims += 1;
        if claim.verdict == super::claims::ClaimVerdict::Off {
            f.claims_off += 1;
            f.worst_factor = f.worst_factor.max(claim.factor);
        }
    }
}
