//! `no-monitoring`: no freshness or volume checks and no alerting.

use super::prelude::*;

pub(super) const RULE: Rule = Rule {
    id: RuleId::NoMonitoring,
    groups: &[Group::Observability],
    also: Also::Nothing,
    judge: |j| {
        absent_or_dismissed(
            j.f,
            Group::Observability,
            "freshness or volume checks and alerting",
        )
    },
    counts: counts_addressed,
    counted: counted_mechanism,
    missed: missed_mechanism,
};
