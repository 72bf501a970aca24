//! `no-compaction`: nothing keeps file sizes healthy.

use super::prelude::*;
use crate::scenario::DeepDive;

pub(super) const RULE: Rule = Rule {
    id: RuleId::NoCompaction,
    groups: &[Group::SmallFiles],
    also: Also::Nothing,
    judge: |j| {
        // Silence is a gap where the scenario's deep dive goes into file layout; an answer
        // that waves compaction away is flagged wherever it does so.
        // The sentence to quote is the dismissal, when there is one.
        let f = j.f;
        let dismissed = f.dismissed.get(&Group::SmallFiles).copied();
        let gap = f.probed.contains(&DeepDive::SmallFiles) || dismissed.is_some();
        Verdict::new(
            gap && !f.addressed.contains_key(&Group::SmallFiles),
            dismissed,
            "nothing in the answer says how file sizes are kept healthy",
        )
    },
    counts: counts_addressed,
    counted: counted_mechanism,
    missed: missed_mechanism,
};

#[cfg(test)]
mod tests {
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    fn raised(scenario: &str, answer: &str) -> bool {
        let rubric = Rubric::builtin();
        let catalog = Catalog::builtin(rubric);
        let scenario = catalog.get(scenario).expect("built in");
        crate::score::score(scenario, answer, rubric)
            .red_flags
            .iter()
            .any(|f| f.id == "no-compaction" && f.hit)
    }

    #[test]
    fn silence_about_file_sizes_is_a_gap_only_where_the_deep_dive_goes_there() {
        let silent = "A Flink job reads the events from Kafka and writes them to an Iceberg table.";
        // realtime-analytics has a small-files follow-up; feature-store has none.
        assert!(raised("realtime-analytics", silent));
        assert!(!raised("feature-store", silent));
        // Waving compaction away is flagged wherever it is said.
        let waved = "Flink writes the events to Iceberg every minute; we can skip compaction.";
        assert!(raised("feature-store", waved));
    }
}
