//! `bulletproof`: claims the design cannot fail.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::Bulletproof,
    groups: &[Group::Breaking, Group::Bulletproof],
    also: Also::Nothing,
    judge: |j| {
        let f = j.f;
        Verdict::new(
            !f.bulletproof.is_empty(),
            j.most_direct(&f.bulletproof, &[Group::Bulletproof], None),
            "",
        )
    },
    counts: |f, i, _, _| f.bulletproof.contains(&i),
    counted: |_, _| "claims the design cannot fail".to_owned(),
    missed: missed_default,
};
