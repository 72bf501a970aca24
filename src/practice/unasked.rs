//! The scenario's key facts a session never found out in Clarify, each with a question that
//! would have found it: the scorecard's "facts you never asked for".

use super::{Pin, Session};
use crate::scenario::{Fact, FactTopic, Scenario};

/// A key fact the candidate did not ask about.
#[derive(Debug, Clone, PartialEq)]
pub struct Unasked<'a> {
    /// The fact, as the scenario has it (its reply is what asking would have told).
    pub fact: &'a Fact,
    /// A question that would have found it.
    pub question: String,
}

/// The key facts of `scenario` not pinned in `session` (neither asked about nor stated as
/// an assumption the interviewer answered), in the scenario's order.
#[must_use]
pub fn unasked<'a>(scenario: &'a Scenario, session: &Session) -> Vec<Unasked<'a>> {
    let found = |id: &str| {
        session
            .pinned
            .iter()
            .any(|p| matches!(p, Pin::Fact { id: pinned, .. } if pinned == id))
    };
    scenario
        .facts
        .iter()
        .filter(|f| f.key && !found(&f.id))
        .map(|fact| Unasked {
            fact,
            question: question(fact),
        })
        .collect()
}

/// A question a strong candidate would ask to find `fact`: one per kind of requirement, or,
/// for a fact of no common kind, one about the first thing its asks name.
fn question(fact: &Fact) -> String {
    let asked = match fact.topic {
        FactTopic::Freshness => "How fresh do the results need to be?",
        FactTopic::Volume => "What is the average volume coming in?",
        FactTopic::Peak => "What does the peak look like, against the average?",
        FactTopic::Consistency => {
            "Must the numbers be exact as soon as they are shown, or may they be revised?"
        }
        FactTopic::Replay => "If we reprocess, must a replay give identical results?",
        FactTopic::Consumers => "Who reads the results, and how do they query them?",
        FactTopic::Retention => "How long must the data be kept?",
        FactTopic::Payload => "How big is one record, and what is in it?",
        FactTopic::Other => {
            // The plain words among its asks (no wildcards), or its first ask, unstarred.
            let plain: Vec<&str> = fact
                .asks
                .iter()
                .map(String::as_str)
                .filter(|a| !a.contains(['*', '|']) && !a.contains(".."))
                .take(2)
                .collect();
            let words: Vec<String> = if plain.is_empty() {
                fact.asks
                    .iter()
                    .take(1)
                    .map(|a| a.replace('*', "").replace(" .. ", " ").trim().to_owned())
                    .collect()
            } else {
                plain.iter().map(|w| (*w).to_owned()).collect()
            };
            let quoted: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
            return format!("Ask about {}.", quoted.join(" or "));
        }
    };
    asked.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Mode;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    #[test]
    fn key_facts_not_pinned_are_listed_with_a_question() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let scenario = catalog.get("realtime-analytics").expect("built in");
        let mut session = Session::new(&scenario.id, Mode::Practice, "2026-11-24T09:00:00Z".into());
        let keys: Vec<&str> = scenario
            .facts
            .iter()
            .filter(|f| f.key)
            .map(|f| f.id.as_str())
            .collect();
        let all = unasked(scenario, &session);
        assert_eq!(
            all.iter().map(|u| u.fact.id.as_str()).collect::<Vec<_>>(),
            keys
        );
        session.pinned.push(Pin::Fact {
            id: "freshness".into(),
            text: "A couple of minutes".into(),
        });
        let left = unasked(scenario, &session);
        assert!(left.iter().all(|u| u.fact.id != "freshness"));
        assert_eq!(left.len(), keys.len() - 1);
        let peak = left.iter().find(|u| u.fact.id == "peak").expect("peak");
        assert_eq!(
            peak.question,
            "What does the peak look like, against the average?"
        );
    }

    #[test]
    fn a_fact_of_no_common_kind_is_asked_about_by_its_first_ask() {
        let fact = Fact {
            id: "compression".into(),
            topic: FactTopic::Other,
            key: true,
            asks: vec!["compress*".into(), "parquet".into()],
            reply: "About 5x in Parquet.".into(),
        };
        assert_eq!(question(&fact), "Ask about “parquet”.");
        let starred = Fact {
            asks: vec!["compress*".into()],
            ..fact
        };
        assert_eq!(question(&starred), "Ask about “compress”.");
    }
}
