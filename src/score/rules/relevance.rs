//! Scenario relevance: which of the ideas the scenario names an answer addresses, and the
//! highest band that allows (an answer to another question is not an answer to this one).

use std::collections::BTreeMap;

use crate::rubric::{RuleId, RuleKind};
use crate::scenario::Stage;
use crate::score::{Band, Relevance};

use super::Verdict;
use super::gather::{Findings, ScenarioPatterns};

/// Share of a scenario's ideas an answer must address to be strong: two thirds of what the
/// question is about (4 of 5 or 6 ideas).
const RELEVANT_FOR_STRONG: f64 = 2.0 / 3.0;
/// Share below which the answer is weak: addressing under half of what the question is about,
/// it answers some other question.
const RELEVANT_FOR_MIXED: f64 = 0.5;

/// Which of the scenario's ideas the answer addresses, and the band that allows.
pub(super) fn relevance(f: &Findings, patterns: &ScenarioPatterns<'_>) -> Option<Relevance> {
    if patterns.ideas.is_empty() {
        return None;
    }
    let (addressed, missing): (Vec<_>, Vec<_>) = patterns
        .ideas
        .iter()
        .zip(&f.ideas_addressed)
        .partition(|(_, seen)| **seen);
    // A little slack so that 4 of 6 is exactly two thirds.
    let share = addressed.len() as f64 / patterns.ideas.len() as f64 + 1e-9;
    let limit = if share < RELEVANT_FOR_MIXED {
        Some(Band::Weak)
    } else if share < RELEVANT_FOR_STRONG {
        Some(Band::Mixed)
    } else {
        None
    };
    let names = |list: Vec<(&&str, &bool)>| {
        list.into_iter()
            .map(|(name, _)| (*name).to_owned())
            .collect()
    };
    Some(Relevance {
        addressed: names(addressed),
        missing: names(missing),
        limit,
    })
}

/// Moves an answer's content must show to be a whole answer (to this question or another).
const MOVES_OF_A_WHOLE_ANSWER: usize = 4;

/// True when a whole answer (it clarifies, sizes, sketches and goes deep) addresses under half
/// of what the question is about: it answers some other question. A short or partial answer
/// that addresses little is only incomplete, and keeps what it earns.
pub(super) fn answers_another_question(
    relevance: &Relevance,
    present: &BTreeMap<Stage, bool>,
) -> bool {
    relevance.limit == Some(Band::Weak)
        && present.values().filter(|&&shown| shown).count() >= MOVES_OF_A_WHOLE_ANSWER
}

/// An answer to another question earns nothing for this one: its trade-offs, numbers and
/// failure stories are about that other problem, so no signal counts, and its questions and
/// assumptions clarify that other problem, so this one was never clarified (`no-clarify`).
/// The other red flags stand as the text raises them.
pub(super) fn void_for_another_question(
    verdicts: &mut BTreeMap<RuleId, Verdict>,
    relevance: &Relevance,
) {
    let total = relevance.addressed.len() + relevance.missing.len();
    let why = format!(
        "the answer addresses {} of the {total} ideas this question is about, so it answers \
         another question",
        relevance.addressed.len()
    );
    // A signal not earned shows no note; the scorecard's relevance line says why.
    for (id, verdict) in verdicts.iter_mut() {
        if id.kind() == RuleKind::Signal {
            *verdict = Verdict::new(false, None, "");
        }
    }
    if !verdicts.get(&RuleId::NoClarify).is_some_and(|v| v.hit) {
        verdicts.insert(
            RuleId::NoClarify,
            Verdict::new(
                true,
                None,
                format!("its questions and assumptions are about another problem: {why}"),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rubric::Rubric;
    use crate::scenario::{Catalog, Scenario};
    use crate::score::{Band, EvidenceKind, Scorecard};

    const REALTIME_STRONG: &str =
        include_str!("../../../tests/fixtures/answers/realtime-analytics/strong-prose.md");

    fn scenario(id: &str) -> Scenario {
        Catalog::builtin(Rubric::builtin())
            .get(id)
            .expect("built in")
            .clone()
    }

    fn earned(card: &Scorecard) -> Vec<&str> {
        card.signals
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.id.as_str())
            .collect()
    }

    #[test]
    fn a_whole_answer_to_another_question_earns_nothing_here() {
        let rubric = Rubric::builtin();
        let own = crate::score::score(&scenario("realtime-analytics"), REALTIME_STRONG, rubric);
        assert!(
            earned(&own).len() >= 4,
            "earns its signals at home: {:?}",
            earned(&own)
        );

        let card = crate::score::score(&scenario("cdc-ingestion"), REALTIME_STRONG, rubric);
        assert_eq!(card.band, Band::Weak);
        assert!(earned(&card).is_empty(), "{:?}", earned(&card));
        let flag = card
            .red_flags
            .iter()
            .find(|f| f.id == "no-clarify")
            .expect("listed");
        assert!(flag.hit, "its questions clarify the other problem");
        assert_eq!(flag.evidence_kind, Some(EvidenceKind::Note));
        assert!(
            flag.evidence
                .as_deref()
                .is_some_and(|e| e.contains("answers another question")),
            "{:?}",
            flag.evidence
        );
    }

    #[test]
    fn explain_shows_no_sentence_of_an_answer_to_another_question_as_counted() {
        let rubric = Rubric::builtin();
        let cdc = scenario("cdc-ingestion");
        let card = crate::score::Scorer::new(&cdc, rubric).score_explained(REALTIME_STRONG);
        let listed: Vec<&crate::score::explain::Considered> = card
            .signals
            .iter()
            .filter_map(|s| s.considered.as_ref())
            .flatten()
            .collect();
        assert!(!listed.is_empty());
        assert!(listed.iter().all(|c| !c.counted));
        assert!(listed.iter().any(|c| c.why.contains("voided")));
    }

    #[test]
    fn a_short_partial_answer_keeps_what_it_earns() {
        let rubric = Rubric::builtin();
        let answer = "How much changes per second at month end, and must deletes reach the \
                      lake? I'll assume deletes must arrive within the hour.";
        let card = crate::score::score(&scenario("cdc-ingestion"), answer, rubric);
        assert!(
            earned(&card).contains(&"assumptions"),
            "{:?}",
            earned(&card)
        );
        assert!(
            !card.red_flags.iter().any(|f| f.id == "no-clarify" && f.hit),
            "it asked about this problem"
        );
    }
}
