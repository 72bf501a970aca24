//! `no-compaction`: nothing keeps file sizes healthy.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::NoCompaction,
    groups: &[Group::SmallFiles],
    also: Also::Nothing,
    judge: |j| {
        Verdict::new(
            !j.f.addressed.contains_key(&Group::SmallFiles),
            None,
            "nothing in the answer says how file sizes are kept healthy",
        )
    },
    counts: counts_addressed,
    counted: counted_mechanism,
    missed: missed_mechanism,
};
