//! Why each rubric item came out as it did: for every item, the sentences the scorer looked at
//! and, for each, whether it counted and the reason (the concept it matched, the act it
//! performs, a negation, a retraction, a threshold it missed).

use serde::Serialize;

use super::analysis::SentenceInfo;
use super::rules::{Also, Rule};

/// One sentence an item considered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Considered {
    /// Byte range of the sentence in the answer.
    pub span: [usize; 2],
    /// It counted towards the item (for a red flag: towards raising it, or, for a flag raised
    /// by absence, towards showing the idea is there).
    pub counted: bool,
    /// Why it did or did not count.
    pub why: String,
}

/// Whether the sentence is one `rule` looks at: it names one of the rule's groups (or, for
/// the numbers, states a quantity; for clarifying, ends in a question mark).
pub(super) fn considers(rule: &Rule, info: &SentenceInfo, question_mark: bool) -> bool {
    let named = info
        .hits
        .iter()
        .chain(&info.negated)
        .any(|h| rule.groups.contains(&h.group));
    named
        || match rule.also {
            Also::Nothing => false,
            Also::Quantities => info.quantities > 0,
            Also::Questions => question_mark,
        }
}

/// The reason a considered sentence counted or did not, in a few words: first what every
/// rule shares (taken back later, a question, a negation, a dismissal, a bare list, a hedge),
/// then the rule's own reason.
pub(super) fn why(
    rule: &Rule,
    info: &SentenceInfo,
    counted: bool,
    retracted_by: Option<usize>,
) -> String {
    let groups = rule.groups;
    let names: Vec<&str> = groups
        .iter()
        .filter(|g| info.has(**g) || info.negated.iter().any(|h| h.group == **g))
        .map(|g| g.topic_name())
        .collect();
    let topic = names.first().copied().unwrap_or("the idea");
    if counted {
        return (rule.counted)(info, topic);
    }
    if let Some(later) = retracted_by {
        return format!("taken back later (sentence {})", later + 1);
    }
    if info.question && rule.also != Also::Questions {
        return "a question: it asks, so it shows no decision".to_owned();
    }
    if groups
        .iter()
        .any(|g| info.negated.iter().any(|h| h.group == *g))
    {
        return format!("{topic} is negated in its clause");
    }
    if groups.iter().any(|g| info.dismisses(*g)) {
        return format!("waves {topic} away");
    }
    if info.list_like {
        return "a bare list of terms, not a statement".to_owned();
    }
    if info.hedged {
        return "hedged (maybe, it depends) and gives no reason".to_owned();
    }
    (rule.missed)(info, groups, topic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answer;
    use crate::rubric::RuleId;
    use crate::score::Lexicon;
    use crate::score::analysis::analyse;
    use crate::score::rules::rule;

    fn info(text: &str) -> SentenceInfo {
        analyse(&Answer::parse(text), Lexicon::builtin()).remove(0)
    }

    #[test]
    fn each_reason_names_what_stopped_the_sentence() {
        let negated = info("We do not need any monitoring at all, users will tell us.");
        assert_eq!(
            why(rule(RuleId::NoMonitoring), &negated, false, None),
            "monitoring and alerting is negated in its clause"
        );
        let question = info("Do we need to salt the hot seller key?");
        assert!(why(rule(RuleId::FailureModes), &question, false, None).starts_with("a question"));
        let short = info("Salting handles it.");
        assert!(
            why(rule(RuleId::IgnoresSkew), &short, false, None).contains("list"),
            "{short:?}"
        );
        let fine = info(
            "Writes are upserts keyed on the event id, so a redelivered batch changes nothing.",
        );
        assert_eq!(
            why(rule(RuleId::FailureModes), &fine, true, None),
            "states a mechanism for idempotent writes under redelivery, with a reason"
        );
        assert_eq!(
            why(rule(RuleId::FailureModes), &fine, false, Some(4)),
            "taken back later (sentence 5)"
        );
    }
}
