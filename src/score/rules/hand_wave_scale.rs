//! `hand-wave-scale`: "it'll scale" instead of the numbers.

use super::capacity_math::{SIZING_GROUPS, does_math, missed_sizing};
use super::prelude::*;

/// Quantities that outweigh a stray "it scales": an answer with this many did the sizing.
pub(super) const QUANTITIES_FORGIVE: usize = 4;

pub(super) const RULE: Rule = Rule {
    id: RuleId::HandWaveScale,
    groups: SIZING_GROUPS,
    also: Also::Quantities,
    judge: |j| {
        let f = j.f;
        // Waving scale away is about not doing the math; wrong math is judged by the claims.
        Verdict::new(
            !does_math(f) || (!f.handwaves.is_empty() && f.quantities < QUANTITIES_FORGIVE),
            j.most_direct(&f.handwaves, &[Group::ScaleHandwave], None),
            format!(
                "{} quantities with units and no arithmetic that derives one from another",
                f.quantities
            ),
        )
    },
    counts: |f, i, _, _| f.handwaves.contains(&i),
    counted: |_, _| "waves scale away (it'll scale)".to_owned(),
    missed: missed_sizing,
};
