//! Why each rubric item came out as it did: for every item, the sentences the scorer looked at
//! and, for each, whether it counted and the reason (the concept it matched, the act it
//! performs, a negation, a retraction, a threshold it missed).

use serde::Serialize;

use super::analysis::{SUBSTANTIVE_WORDS, SentenceInfo};
use super::lexicon::{Group, HitKind};

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

/// The concept groups an item reads, and what a counting sentence does for it.
#[must_use]
pub fn groups_of(id: &str) -> &'static [Group] {
    match id {
        "tradeoffs" => &[Group::Tradeoff],
        "breaking-points" | "bulletproof" => &[Group::Breaking, Group::Bulletproof],
        "assumptions" | "no-clarify" => &[
            Group::Question,
            Group::Clarification,
            Group::Assumption,
            Group::Requirement,
        ],
        "capacity-math" | "hand-wave-scale" => &[Group::ScaleHandwave, Group::Conclusion],
        "failure-modes" | "happy-path-only" => &Group::FAILURE_TOPICS,
        "tool-list" => &[Group::Tool],
        "exactly-once-overreach" => &[Group::ExactlyOnce],
        "no-replay" => &[Group::Replay],
        "ignores-skew" => &[Group::Skew],
        "no-compaction" => &[Group::SmallFiles],
        "no-monitoring" => &[Group::Observability],
        _ => &[],
    }
}

/// Whether the sentence is one the item looks at: it names one of the item's groups (or, for
/// the numbers, states a quantity; for clarifying, ends in a question mark).
#[must_use]
pub fn considers(id: &str, info: &SentenceInfo, question_mark: bool) -> bool {
    let groups = groups_of(id);
    let named = info
        .hits
        .iter()
        .chain(&info.negated)
        .any(|h| groups.contains(&h.group));
    named
        || (matches!(id, "capacity-math" | "hand-wave-scale") && info.quantities > 0)
        || (matches!(id, "assumptions" | "no-clarify") && question_mark)
}

/// The reason a considered sentence counted or did not, in a few words.
#[must_use]
pub fn why(id: &str, info: &SentenceInfo, counted: bool, retracted_by: Option<usize>) -> String {
    let groups = groups_of(id);
    let names: Vec<&str> = groups
        .iter()
        .filter(|g| info.has(**g) || info.negated.iter().any(|h| h.group == **g))
        .map(|g| g.topic_name())
        .collect();
    let topic = names.first().copied().unwrap_or("the idea");
    if counted {
        return counted_reason(id, info, topic);
    }
    if let Some(later) = retracted_by {
        return format!("taken back later (sentence {})", later + 1);
    }
    if info.question && !matches!(id, "assumptions" | "no-clarify") {
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
    match id {
        "hand-wave-scale" if info.arithmetic => "works the numbers aloud".to_owned(),
        "capacity-math" | "hand-wave-scale" => {
            "states a number but derives nothing from it".to_owned()
        }
        "failure-modes" | "happy-path-only" | "no-replay" | "ignores-skew" | "no-compaction"
        | "no-monitoring" => {
            let mechanism = groups.iter().any(|g| info.has_kind(*g, HitKind::Mechanism));
            if !mechanism {
                format!("names {topic} but states no mechanism for it")
            } else if info.words < SUBSTANTIVE_WORDS && !info.reason {
                format!(
                    "too short ({} words, {SUBSTANTIVE_WORDS} needed) and gives no reason",
                    info.words
                )
            } else {
                "says nothing about the system besides the idea's own words".to_owned()
            }
        }
        "tool-list" => "the tool comes with a reason or a role".to_owned(),
        "exactly-once-overreach" => {
            "exactly-once is rejected or scoped, not claimed as the design".to_owned()
        }
        "assumptions" | "no-clarify" => {
            "says what it needs but names no requirement the scenario has".to_owned()
        }
        _ if !info.anchored => {
            "not about the system (no component, number or design noun)".to_owned()
        }
        _ => "does not state it about the design".to_owned(),
    }
}

fn counted_reason(id: &str, info: &SentenceInfo, topic: &str) -> String {
    match id {
        "assumptions" | "no-clarify" => {
            if info.clarifies {
                "tells a clarification in prose".to_owned()
            } else if info.question {
                "asks a clarifying question".to_owned()
            } else {
                "pins an assumption or a requirement".to_owned()
            }
        }
        "capacity-math" => "derives one number from others".to_owned(),
        "hand-wave-scale" => "waves scale away (it'll scale)".to_owned(),
        "tool-list" => "names a tool with no reason or role".to_owned(),
        "bulletproof" => "claims the design cannot fail".to_owned(),
        "exactly-once-overreach" => "affirms exactly-once as the design".to_owned(),
        "tradeoffs" => "names what a choice costs".to_owned(),
        "breaking-points" => "says where the design breaks".to_owned(),
        _ if info.reason => format!("states a mechanism for {topic}, with a reason"),
        _ => format!("states a mechanism for {topic}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Answer;
    use crate::score::Lexicon;
    use crate::score::analysis::analyse;

    fn info(text: &str) -> SentenceInfo {
        analyse(&Answer::parse(text), Lexicon::builtin()).remove(0)
    }

    #[test]
    fn each_reason_names_what_stopped_the_sentence() {
        let negated = info("We do not need any monitoring at all, users will tell us.");
        assert_eq!(
            why("no-monitoring", &negated, false, None),
            "monitoring and alerting is negated in its clause"
        );
        let question = info("Do we need to salt the hot seller key?");
        assert!(why("failure-modes", &question, false, None).starts_with("a question"));
        let short = info("Salting handles it.");
        assert!(
            why("ignores-skew", &short, false, None).contains("list"),
            "{short:?}"
        );
        let fine = info(
            "Writes are upserts keyed on the event id, so a redelivered batch changes nothing.",
        );
        assert_eq!(
            why("failure-modes", &fine, true, None),
            "states a mechanism for idempotent writes under redelivery, with a reason"
        );
        assert_eq!(
            why("failure-modes", &fine, false, Some(4)),
            "taken back later (sentence 5)"
        );
    }
}
