//! `no-clarify`: designs before asking anything.

use super::assumptions::{
    GROUPS, clarifying, counted_clarifying, counts_clarifying, missed_clarifying,
};
use super::prelude::*;

/// Key requirements an answer may touch in passing and still not have clarified.
pub(super) const KEY_TOPICS_IN_PASSING: usize = 1;

pub(super) const RULE: Rule = Rule {
    id: RuleId::NoClarify,
    groups: GROUPS,
    also: Also::Questions,
    judge: |j| {
        Verdict::new(
            clarifying(j.f) == 0 && j.f.key_topics.len() <= KEY_TOPICS_IN_PASSING,
            None,
            "no question is asked and no assumption is stated",
        )
    },
    counts: counts_clarifying,
    counted: counted_clarifying,
    missed: missed_clarifying,
};
