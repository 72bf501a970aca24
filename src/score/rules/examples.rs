//! Every rule's declared examples (`fires`, `clears` in `rubrics/core.toml`), graded as
//! answers to one built-in scenario, in the manner of a linter's per-rule fixtures: a rule
//! that stops firing on its own examples fails here, named.

use crate::rubric::{Rubric, RuleId, RuleKind};
use crate::scenario::Catalog;
use crate::score::Scorer;

use super::rule;

/// The scenario the core rubric's examples are answers to.
const EXAMPLE_SCENARIO: &str = "realtime-analytics";

fn examples(rubric: &Rubric, id: RuleId) -> (&[String], &[String]) {
    match id.kind() {
        RuleKind::Signal => {
            let def = rubric.signal(id.as_str()).expect("every signal is defined");
            (&def.fires, &def.clears)
        }
        RuleKind::RedFlag => {
            let def = rubric.red_flag(id.as_str()).expect("every flag is defined");
            (&def.fires, &def.clears)
        }
    }
}

#[test]
fn the_registry_maps_every_id_to_its_own_rule() {
    for id in RuleId::all() {
        assert_eq!(rule(id).id, id);
    }
}

#[test]
fn every_rule_fires_and_clears_on_its_declared_examples() {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get(EXAMPLE_SCENARIO).expect("built-in scenario");
    let scorer = Scorer::new(scenario, rubric);
    let mut wrong = Vec::new();
    for id in RuleId::all() {
        let (fires, clears) = examples(rubric, id);
        assert!(
            !fires.is_empty() && !clears.is_empty(),
            "`{id}` declares no `fires` or no `clears` example in rubrics/core.toml"
        );
        for (text, expected) in fires
            .iter()
            .map(|t| (t, true))
            .chain(clears.iter().map(|t| (t, false)))
        {
            let card = scorer.score(text);
            let item = card
                .signals
                .iter()
                .chain(&card.red_flags)
                .find(|item| item.id == id.as_str())
                .expect("every global item is on the card");
            if item.hit != expected {
                let list = if expected { "fires" } else { "clears" };
                wrong.push(format!("`{id}` {list}: {text:?} (hit = {})", item.hit));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_omission_is_counted_once_and_a_dismissal_always_costs() {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get(EXAMPLE_SCENARIO).expect("built-in scenario");
    let scorer = Scorer::new(scenario, rubric);
    let flag = |card: &crate::score::Scorecard, id: &str| {
        card.red_flags
            .iter()
            .find(|f| f.id == id && f.hit)
            .map(|f| {
                (
                    f.penalty,
                    f.evidence.clone().unwrap_or_default(),
                    f.evidence_kind,
                )
            })
    };
    // No deep-dive at all: its failure flags are still listed, but the empty move already
    // counts them.
    let silent = scorer.score(
        "How fresh must it be? I'll assume two minutes.\n\n\
         At 50k events/s and 1 KB each that is 50 MB/s, so at least 5 partitions.\n\n\
         Kafka buffers the spikes, Flink aggregates per minute, ClickHouse serves the dashboard.",
    );
    let (penalty, note, _) = flag(&silent, "happy-path-only").expect("raised");
    assert_eq!(penalty, Some(0));
    assert!(note.contains("Deep-dive move's lost points"), "{note}");
    // Waved away in a sentence, it costs its penalty and quotes that sentence.
    let waved = scorer.score(
        "How fresh must it be? I'll assume two minutes.\n\n\
         At 50k events/s and 1 KB each that is 50 MB/s, so at least 5 partitions.\n\n\
         Kafka buffers the spikes, Flink aggregates per minute, ClickHouse serves the dashboard.\n\n\
         Honestly, I would never bother with compaction; small files are someone else's problem.\n\
         Hot keys are a myth.",
    );
    for id in ["no-compaction", "ignores-skew"] {
        let (penalty, quote, kind) = flag(&waved, id).expect("raised");
        assert!(penalty.is_some_and(|p| p > 0), "{id}: {penalty:?}");
        assert_eq!(
            kind,
            Some(crate::score::EvidenceKind::Quote),
            "{id}: {quote}"
        );
    }
}

#[test]
fn a_tool_chain_under_a_clarify_heading_pins_no_requirement() {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get(EXAMPLE_SCENARIO).expect("built-in scenario");
    let scorer = Scorer::new(scenario, rubric);
    let no_clarify = |answer: &str| {
        scorer
            .score(answer)
            .red_flags
            .iter()
            .any(|f| f.id == "no-clarify" && f.hit)
    };
    // "Kafka" names the partition-throughput fact, but as a tool, not a requirement.
    assert!(no_clarify(
        "## Clarify\n\nKafka into Flink into ClickHouse.\n"
    ));
    // A requirement under the heading is pinned, tools beside it or not.
    assert!(!no_clarify(
        "## Clarify\n\nA few minutes of lag is fine for the dashboards; Kafka keeps a week.\n"
    ));
}
