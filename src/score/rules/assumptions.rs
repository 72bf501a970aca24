//! `assumptions`: asks before drawing and pins what it assumes.

use super::prelude::*;

/// Questions asked or assumptions pinned for the signal.
pub(super) const NEEDED: usize = 2;
/// Distinct key requirements of the scenario they must touch.
pub(super) const KEY_TOPICS_NEEDED: usize = 2;

/// The groups both clarifying items read.
pub(super) const GROUPS: &[Group] = &[
    Group::Question,
    Group::Clarification,
    Group::Assumption,
    Group::Requirement,
];

pub(super) const RULE: Rule = Rule {
    id: RuleId::Assumptions,
    groups: GROUPS,
    also: Also::Questions,
    judge: |j| {
        let f = j.f;
        let clarifying = clarifying(f);
        let pinned = j.most_direct(&f.assumptions, GROUPS, Some(Stage::Clarify));
        let asked = j.most_direct(&f.questions, GROUPS, Some(Stage::Clarify));
        Verdict::new(
            clarifying >= NEEDED && f.key_topics.len() >= KEY_TOPICS_NEEDED,
            pinned.or(asked).or(f.first_topic_sentence),
            format!("{clarifying} questions or assumptions"),
        )
    },
    counts: counts_clarifying,
    counted: counted_clarifying,
    missed: missed_clarifying,
};

/// Questions asked plus assumptions pinned, one per key requirement a sentence settles.
pub(super) fn clarifying(f: &Findings) -> usize {
    f.clarifications
}

pub(super) fn counts_clarifying(f: &Findings, i: usize, _: &SentenceInfo, _: &[Group]) -> bool {
    f.questions.contains(&i) || f.assumptions.contains(&i)
}

pub(super) fn counted_clarifying(info: &SentenceInfo, _: &str) -> String {
    if info.clarifies {
        "tells a clarification in prose".to_owned()
    } else if info.question {
        "asks a clarifying question".to_owned()
    } else {
        "pins an assumption or a requirement".to_owned()
    }
}

pub(super) fn missed_clarifying(_: &SentenceInfo, _: &[Group], _: &str) -> String {
    "says what it needs but names no requirement the scenario has".to_owned()
}
