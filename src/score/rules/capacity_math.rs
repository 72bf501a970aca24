//! `capacity-math`: the rates turned into bytes and decisions, and the numbers hold.

use super::prelude::*;

/// Quantities with units an answer states before its sizing counts as sizing.
pub(super) const QUANTITIES_NEEDED: usize = 3;
/// A derived number this many times off sinks the math, whatever the others.
pub(super) const SINKS_AT_FACTOR: f64 = 10.0;

pub(super) const RULE: Rule = Rule {
    id: RuleId::CapacityMath,
    groups: SIZING_GROUPS,
    also: Also::Quantities,
    judge: |j| {
        let f = j.f;
        // Prefer arithmetic that reaches a decision, then any arithmetic.
        let deciding: Vec<usize> = f
            .conclusions
            .iter()
            .copied()
            .filter(|i| f.arithmetic.contains(i))
            .collect();
        let sentence = j
            .most_direct(&deciding, &[Group::Conclusion], Some(Stage::Size))
            .or_else(|| j.most_direct(&f.arithmetic, &[], Some(Stage::Size)));
        Verdict::new(does_math(f) && math_holds(f), sentence, "")
    },
    counts: |f, i, _, _| f.arithmetic.contains(&i),
    counted: |_, _| "derives one number from others".to_owned(),
    missed: missed_sizing,
};

/// The groups both sizing items read.
pub(super) const SIZING_GROUPS: &[Group] = &[Group::ScaleHandwave, Group::Conclusion];

/// Enough quantities, and at least one derived from others.
pub(super) fn does_math(f: &Findings) -> bool {
    f.quantities >= QUANTITIES_NEEDED && !f.arithmetic.is_empty()
}

/// The numbers hold: no derived figure is [`SINKS_AT_FACTOR`] off, and most are within 2x.
pub(super) fn math_holds(f: &Findings) -> bool {
    f.worst_factor < SINKS_AT_FACTOR && f.claims_off * 2 <= f.derived_claims
}

pub(super) fn missed_sizing(info: &SentenceInfo, _: &[Group], _: &str) -> String {
    if info.arithmetic {
        "works the numbers aloud".to_owned()
    } else {
        "states a number but derives nothing from it".to_owned()
    }
}
