//! `no-clarify`: designs before asking anything.

use super::assumptions::{clarifying, counted_clarifying, counts_clarifying, missed_clarifying};
use super::prelude::*;

/// Key requirements an answer may touch in passing and still not have clarified.
pub(super) const KEY_TOPICS_IN_PASSING: usize = 1;

pub(super) const RULE: Rule = Rule {
    id: RuleId::NoClarify,
    groups: &[
        Group::Question,
        Group::Clarification,
        Group::Assumption,
        Group::Requirement,
        Group::SkipsClarify,
    ],
    also: Also::Questions,
    judge: |j| {
        let f = j.f;
        // Saying there is nothing to ask, and then asking nothing, raises it by what is
        // written; otherwise it is raised by absence.
        let skipped = f.skips_clarify.filter(|_| f.questions.is_empty());
        let silent = clarifying(f) == 0 && f.key_topics.len() <= KEY_TOPICS_IN_PASSING;
        Verdict::new(
            skipped.is_some() || silent,
            skipped,
            "no question is asked and no assumption is stated",
        )
    },
    counts: |f, i, info, groups| {
        f.skips_clarify == Some(i) || counts_clarifying(f, i, info, groups)
    },
    counted: |info, text| {
        if info.has(Group::SkipsClarify) {
            "waves the Clarify move away".to_owned()
        } else {
            counted_clarifying(info, text)
        }
    },
    missed: missed_clarifying,
};
