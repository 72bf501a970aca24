//! `exactly-once-overreach`: exactly-once claimed end to end, or instead of idempotent writes.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::ExactlyOnceOverreach,
    groups: &[Group::ExactlyOnce],
    also: Also::Nothing,
    judge: |j| {
        Verdict::new(
            j.overreach,
            j.most_direct(&j.f.exactly_once_affirmed, &[Group::ExactlyOnce], None),
            "",
        )
    },
    counts: |f, i, _, _| f.exactly_once_affirmed.contains(&i),
    counted: |_, _| "affirms exactly-once as the design".to_owned(),
    missed: |_, _, _| "exactly-once is rejected or scoped, not claimed as the design".to_owned(),
};

/// Exactly-once affirmed as the design, on every hop or instead of idempotent writes.
pub(super) fn overreaches(f: &Findings) -> bool {
    let idempotent_design = f.credited.contains_key(&Group::Idempotency);
    !f.exactly_once_affirmed.is_empty() && (f.exactly_once_everywhere || !idempotent_design)
}
