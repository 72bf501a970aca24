//! `ignores-skew`: never considers a hot key or uneven partitions.

use super::prelude::*;
use crate::scenario::DeepDive;

pub(super) const RULE: Rule = Rule {
    id: RuleId::IgnoresSkew,
    groups: &[Group::Skew],
    also: Also::Nothing,
    judge: |j| {
        // Raised by absence where the scenario's deep dive goes into hot keys, and wherever
        // the answer routes by a key that can go hot or waves hot keys away; the sentence to
        // quote is that choice or that dismissal.
        let f = j.f;
        let said = f
            .partition_choice
            .or_else(|| f.dismissed.get(&Group::Skew).copied());
        let gap = f.probed.contains(&DeepDive::Skew) || said.is_some();
        Verdict::new(
            gap && !f.addressed.contains_key(&Group::Skew),
            said,
            "nothing in the answer considers a hot key or uneven partitions",
        )
    },
    counts: counts_addressed,
    counted: counted_mechanism,
    missed: missed_mechanism,
};
