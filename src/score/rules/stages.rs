//! Points per move: how much of each move's share of the 100 points the answer earned, from
//! the findings, the scenario's weights and its own signals.

use std::collections::{BTreeMap, BTreeSet};

use crate::rubric::{RuleId, ScenarioRubric};
use crate::scenario::Stage;
use crate::score::StageScore;
use crate::score::lexicon::Group;

use super::gather::{Findings, ScenarioPatterns};
use crate::text::count;

/// Points available per move; they sum to 100.
pub(super) const STAGE_MAX: [(Stage, u32); 5] = [
    (Stage::Clarify, 20),
    (Stage::Size, 20),
    (Stage::Sketch, 20),
    (Stage::DeepDive, 25),
    (Stage::Defend, 15),
];

/// Clarifying questions and pinned assumptions for full clarify credit.
const CLARIFYING_FOR_FULL: f64 = 3.0;
/// Weight of covering the scenario's key facts, beside the `assumptions` signal's weight.
const KEY_FACTS_WEIGHT: f64 = 1.5;
/// Key fact topics asked about for full credit, at most (fewer when the scenario has fewer).
const KEY_TOPICS_FOR_FULL: usize = 4;
/// Quantities with units, derivations and a decision drawn from them, for full sizing credit.
const QUANTITIES_FOR_FULL: f64 = 6.0;
const DERIVATIONS_FOR_FULL: f64 = 2.0;
/// Shares of sizing: stating numbers, deriving one from another, deciding from them.
const MATH_SHARES: [f64; 3] = [0.35, 0.35, 0.3];
/// Components named with a reason for full sketch credit, and that criterion's weight beside
/// coverage of the reference design.
const REASONED_PARTS_FOR_FULL: f64 = 4.0;
const REASONED_PARTS_WEIGHT: f64 = 2.0;
const COVERAGE_WEIGHT: f64 = 1.0;
/// Reference components to name for full coverage: half of them, and at least this many.
const COVERAGE_AT_LEAST: f64 = 3.0;
/// Deep-dive topics designed for, for full deep-dive credit.
const TOPICS_FOR_FULL: f64 = 3.0;
/// Trade-offs and limits for full defend credit; monitoring's weight beside them.
const TRADEOFFS_FOR_FULL: f64 = 3.0;
const LIMITS_FOR_FULL: f64 = 2.0;
const MONITORING_WEIGHT: f64 = 1.0;

/// One thing a move is scored on: its weight, the share of it earned, and what it lacked.
struct Criterion {
    weight: f64,
    earned: f64,
    lacking: String,
}

impl Criterion {
    fn new(weight: f64, earned: f64, lacking: impl Into<String>) -> Self {
        Self {
            weight,
            earned,
            lacking: lacking.into(),
        }
    }

    fn lost(&self) -> f64 {
        self.weight * (1.0 - self.earned)
    }
}

pub(super) fn stage_scores(
    f: &Findings,
    present: &BTreeMap<Stage, bool>,
    rubric: &ScenarioRubric<'_>,
    patterns: &ScenarioPatterns<'_>,
) -> Vec<StageScore> {
    let mut criteria = core_criteria(f, rubric, patterns);
    // A scenario's own signals refine a move; they carry a fixed share of it so that adding
    // one never outweighs the move's core criteria.
    let mut extra: BTreeMap<Stage, Vec<Criterion>> = BTreeMap::new();
    for (i, signal) in patterns.extra.iter().enumerate() {
        let earned = if f.extra_credited[i].is_some() {
            1.0
        } else {
            0.0
        };
        extra.entry(signal.stage).or_default().push(Criterion::new(
            rubric.signal_weight(&signal.id),
            earned,
            format!("not shown: {}", lower_first(&signal.title)),
        ));
    }
    let maxima = stage_maxima(rubric);
    STAGE_MAX
        .iter()
        .zip(maxima)
        .map(|(&(stage, _), max)| {
            let core = criteria.remove(&stage).unwrap_or_default();
            let own = extra.remove(&stage).unwrap_or_default();
            let fraction = if own.is_empty() {
                weighted(&core)
            } else {
                (1.0 - EXTRA_SHARE) * weighted(&core) + EXTRA_SHARE * weighted(&own)
            };
            let score = (fraction * f64::from(max)).round() as u32;
            // The criterion that cost the most points says why the move lost them.
            let share = |list: &[Criterion]| list.iter().map(|c| c.weight).sum::<f64>().max(1e-9);
            let (core_share, own_share) = if own.is_empty() {
                (1.0, 0.0)
            } else {
                (1.0 - EXTRA_SHARE, EXTRA_SHARE)
            };
            let core_total = share(&core);
            let own_total = share(&own);
            let lost = (score < max)
                .then(|| {
                    core.iter()
                        .map(|c| (c.lost() * core_share / core_total, c))
                        .chain(own.iter().map(|c| (c.lost() * own_share / own_total, c)))
                        .filter(|(lost, _)| *lost > 0.0)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, c)| c.lacking.clone())
                })
                .flatten();
            StageScore {
                stage,
                score,
                max,
                present: present.get(&stage).copied().unwrap_or(false),
                lost,
            }
        })
        .collect()
}

/// The global criteria of each move.
fn core_criteria(
    f: &Findings,
    rubric: &ScenarioRubric<'_>,
    patterns: &ScenarioPatterns<'_>,
) -> BTreeMap<Stage, Vec<Criterion>> {
    let w = |id: RuleId| rubric.signal_weight(id.as_str());
    BTreeMap::from([
        (Stage::Clarify, clarify(f, w(RuleId::Assumptions))),
        (Stage::Size, vec![sizing(f, w(RuleId::CapacityMath))]),
        (Stage::Sketch, sketch(f, patterns)),
        (Stage::DeepDive, vec![deep_dive(f, w(RuleId::FailureModes))]),
        (
            Stage::Defend,
            defend(f, w(RuleId::Tradeoffs), w(RuleId::BreakingPoints)),
        ),
    ])
}

fn clarify(f: &Findings, weight: f64) -> Vec<Criterion> {
    let clarifying = super::assumptions::clarifying(f);
    let key_needed = f.key_total.clamp(1, KEY_TOPICS_FOR_FULL);
    vec![
        Criterion::new(
            weight,
            ratio(clarifying, CLARIFYING_FOR_FULL),
            format!(
                "{} or assumptions; a full clarify has {CLARIFYING_FOR_FULL}",
                count(clarifying, "question")
            ),
        ),
        Criterion::new(
            KEY_FACTS_WEIGHT,
            ratio(f.key_topics.len(), key_needed as f64),
            format!(
                "asks about {} of the {key_needed} key requirements",
                f.key_topics.len().min(key_needed)
            ),
        ),
    ]
}

fn sizing(f: &Findings, weight: f64) -> Criterion {
    let [stating, deriving, deciding] = MATH_SHARES;
    let mut math = stating * ratio(f.quantities, QUANTITIES_FOR_FULL)
        + deriving * ratio(f.arithmetic.len(), DERIVATIONS_FOR_FULL)
        + deciding * if f.conclusions.is_empty() { 0.0 } else { 1.0 };
    // Arithmetic that lands on the wrong numbers is worth less than arithmetic that holds.
    if f.derived_claims > 0 {
        let ok_share = 1.0 - f.claims_off as f64 / f.derived_claims as f64;
        math *= 0.5 + 0.5 * ok_share;
    }
    let lacking = if f.claims_off > 0 {
        format!(
            "{} of {} derived numbers {} off",
            f.claims_off,
            f.derived_claims,
            if f.claims_off == 1 { "is" } else { "are" }
        )
    } else if f.arithmetic.is_empty() {
        format!(
            "{} stated, none derived from another",
            count(f.quantities, "number")
        )
    } else if f.conclusions.is_empty() {
        "no design decision is drawn from the numbers".to_owned()
    } else {
        format!(
            "{} and {}; a full sizing has more",
            count(f.quantities, "number"),
            count(f.arithmetic.len(), "derivation")
        )
    };
    Criterion::new(weight, math, lacking)
}

fn sketch(f: &Findings, patterns: &ScenarioPatterns<'_>) -> Vec<Criterion> {
    let reference = patterns
        .component_of
        .iter()
        .collect::<BTreeSet<_>>()
        .len()
        .max(1) as f64;
    let reasoned_parts = f.components_reasoned.len().max(f.tools_reasoned.len());
    vec![
        Criterion::new(
            REASONED_PARTS_WEIGHT,
            ratio(reasoned_parts, REASONED_PARTS_FOR_FULL),
            format!(
                "{} with a reason; a full sketch has {REASONED_PARTS_FOR_FULL}",
                count(reasoned_parts, "component")
            ),
        ),
        Criterion::new(
            COVERAGE_WEIGHT,
            ratio(
                f.components_named.len(),
                (reference * 0.5).max(COVERAGE_AT_LEAST),
            ),
            format!(
                "names {} of the reference design's {reference} parts",
                f.components_named.len()
            ),
        ),
    ]
}

fn deep_dive(f: &Findings, weight: f64) -> Criterion {
    let designed: Vec<&str> = Group::DEEP_DIVE_TOPICS
        .into_iter()
        .filter(|g| f.credited.contains_key(g))
        .map(Group::topic_name)
        .collect();
    let lacking = if designed.is_empty() {
        "no failure mode is designed for".to_owned()
    } else {
        format!(
            "designs for {} of {TOPICS_FOR_FULL} failure modes ({})",
            designed.len(),
            designed.join(", ")
        )
    };
    Criterion::new(weight, ratio(designed.len(), TOPICS_FOR_FULL), lacking)
}

fn defend(f: &Findings, tradeoffs: f64, limits: f64) -> Vec<Criterion> {
    let observability = if f.credited.contains_key(&Group::Observability) {
        1.0
    } else if f.addressed.contains_key(&Group::Observability) {
        0.5
    } else {
        0.0
    };
    vec![
        Criterion::new(
            tradeoffs,
            ratio(f.tradeoffs.len(), TRADEOFFS_FOR_FULL),
            format!(
                "{} named; a full defence has {TRADEOFFS_FOR_FULL}",
                count(f.tradeoffs.len(), "trade-off")
            ),
        ),
        Criterion::new(
            limits,
            ratio(f.breaking.len(), LIMITS_FOR_FULL),
            if f.breaking.is_empty() {
                "never says where the design breaks".to_owned()
            } else {
                "one limit named; a strong defence gives two".to_owned()
            },
        ),
        Criterion::new(
            MONITORING_WEIGHT,
            observability,
            if observability > 0.0 {
                "monitoring named, with no check or alert stated".to_owned()
            } else {
                "no monitoring or alerting".to_owned()
            },
        ),
    ]
}

/// "Checks the SLA" for a title "Checks the SLA", as the middle of a sentence.
fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    match chars.next() {
        Some(c) if chars.clone().next().is_some_and(char::is_lowercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => title.to_owned(),
    }
}

/// Points per move for this scenario: a scenario's weight on a signal scales its move's share
/// of the 100 points (`capacity-math = 1.5` makes sizing count half as much again), and the
/// shares are rounded so they still sum to exactly 100.
fn stage_maxima(rubric: &ScenarioRubric<'_>) -> [u32; 5] {
    let emphasis = |stage: Stage| {
        let factors: Vec<f64> = rubric
            .signals
            .iter()
            .filter(|(def, _)| def.stage == Some(stage) && def.weight > 0.0)
            .map(|(def, weight)| weight / def.weight)
            .collect();
        if factors.is_empty() {
            1.0
        } else {
            factors.iter().sum::<f64>() / factors.len() as f64
        }
    };
    let raw: Vec<f64> = STAGE_MAX
        .iter()
        .map(|&(stage, max)| f64::from(max) * emphasis(stage))
        .collect();
    let total: f64 = raw.iter().sum();
    let exact: Vec<f64> = raw.iter().map(|r| r * 100.0 / total).collect();
    let mut maxima = [0u32; 5];
    for (slot, value) in maxima.iter_mut().zip(&exact) {
        *slot = value.floor() as u32;
    }
    // Largest remainders take the points lost to rounding down.
    let mut order: Vec<usize> = (0..5).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let missing = 100 - maxima.iter().sum::<u32>();
    for &i in order.iter().take(missing as usize) {
        maxima[i] += 1;
    }
    maxima
}

/// Share of a move's points that the scenario's own signals carry, when it has any.
const EXTRA_SHARE: f64 = 0.2;

/// The weighted mean of the criteria's earned shares; 0 when there are none.
fn weighted(list: &[Criterion]) -> f64 {
    let weight: f64 = list.iter().map(|c| c.weight).sum();
    let earned: f64 = list.iter().map(|c| c.weight * c.earned).sum();
    if weight > 0.0 { earned / weight } else { 0.0 }
}

/// `n` of `of`, at most 1.
fn ratio(n: usize, of: f64) -> f64 {
    (n as f64 / of).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    #[test]
    fn scenario_weights_shift_points_between_moves_and_keep_the_total() {
        let rubric = Rubric::builtin();
        let catalog = Catalog::builtin(rubric);
        let mut scenario = catalog.get("realtime-analytics").expect("built-in").clone();
        scenario.rubric.weights.clear();
        let even = stage_maxima(&rubric.for_scenario(&scenario));
        assert_eq!(even, [20, 20, 20, 25, 15]);
        scenario.rubric.weights.insert("capacity-math".into(), 3.0);
        let heavy = stage_maxima(&rubric.for_scenario(&scenario));
        assert_eq!(heavy.iter().sum::<u32>(), 100);
        assert!(heavy[1] > 40, "{heavy:?}");
        assert!(heavy[0] < 20, "{heavy:?}");
    }
}
