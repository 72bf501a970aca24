//! `ignores-skew`: never considers a hot key or uneven partitions.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::IgnoresSkew,
    groups: &[Group::Skew],
    also: Also::Nothing,
    judge: |j| {
        // Raised by absence; the sentence to quote is the partitioning choice that can go hot.
        Verdict::new(
            !j.f.addressed.contains_key(&Group::Skew),
            j.f.partition_choice,
            "nothing in the answer considers a hot key or uneven partitions",
        )
    },
    counts: counts_addressed,
    counted: counted_mechanism,
    missed: missed_mechanism,
};
