//! The commented template `dei scenario new` writes: a complete, valid scenario an author
//! edits into their own.

/// The template for a scenario with `id`; it passes `dei scenario check` as written.
#[must_use]
pub fn template(id: &str) -> String {
    TEMPLATE.replace("ID_HERE", id)
}

const TEMPLATE: &str = r#"# A dei scenario. Every field is described in docs/scenario-format.md; check your edits with
#   dei scenario check THIS_FILE
# Patterns (asks, aliases, mentions, mechanisms, cues) are lower-case words: `dedup*` matches
# any word starting with "dedup", `a|b` either word, `..` a gap of up to four words.

id = "ID_HERE"
title = "A short title"
# realtime-analytics | cdc-ingestion | dedup-reconcile | batch-redesign | data-quality-sla
archetype = "realtime-analytics"
difficulty = "medium"        # easy | medium | hard
summary = "One line for `dei list`"
tags = ["streaming"]
# The prompt: the business situation only. Leave the numbers out so the candidate asks.
prompt = """
# A short title

Describe the company, what exists today, and what is being asked for.
"""
# Shown only after an attempt; `dei scenario check` scores it, and it should come out strong.
# model_answer_file = "ID_HERE.answer.md"
defend = ["Where the design breaks first, and what would be changed then"]

# What the interviewer reveals when asked. Mark the key questions a strong candidate asks.
[[facts]]
id = "freshness"
topic = "freshness"          # freshness | volume | peak | consistency | replay | consumers | retention | payload | other
key = true
asks = ["how fresh", "fresh*", "latency", "stale*", "sla"]
reply = "A few minutes behind is fine."

[[facts]]
id = "volume"
topic = "volume"
key = true
asks = ["how many", "volume", "events .. second", "throughput"]
reply = "About 10,000 events a second on average."

# Back-of-envelope numbers as calculator expressions (try them with `dei calc`).
[sizing]
units = []                   # counted things beyond event, row, file, ... e.g. ["order"]

[[sizing.given]]
id = "avg_rate"
label = "Average event rate"
expr = "10k events/s"

[[sizing.given]]
id = "event_size"
label = "Size of one event"
expr = "1 KB/event"

[[sizing.derived]]
id = "raw_per_day"
label = "Raw data a day"
expr = "avg_rate * event_size -> GB/day"
why = "Sets storage cost and whether one writer can keep up."

# The reference design: each component with the reason it exists.
[sketch]
flows = ["log -> processor"]

[[sketch.components]]
id = "log"
name = "Partitioned event log"
aliases = ["kafka", "kinesis", "event log"]
reason = "Absorbs spikes and keeps a history that can be replayed."

[[sketch.components]]
id = "processor"
name = "Stream processor"
aliases = ["flink", "spark", "stream processor"]
reason = "Aggregates in windows so results stay fresh."

# Follow-ups an interviewer asks when the answer missed what `probes` names.
[[followups]]
id = "crashed-consumer"
deep_dive = "idempotency"    # batch-vs-streaming | idempotency | skew | small-files | schema-evolution | observability
question = "A consumer crashes after writing and before committing its offset. What happens?"
good_points = ["Offsets are committed only after the write", "Writes are idempotent upserts keyed on a stable id"]
probes = ["failure-modes", "exactly-once-overreach"]

[rubric]
scope_out = []               # red flags that do not apply to this scenario
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::DiskFiles;
    use crate::rubric::Rubric;
    use crate::scenario::{Origin, parse_scenario};

    #[test]
    fn the_template_is_a_valid_scenario() {
        let text = template("my-scenario");
        let scenario = parse_scenario(
            &text,
            "template",
            std::path::Path::new("my-scenario.toml"),
            Origin::User,
            &DiskFiles,
            Rubric::builtin(),
        )
        .unwrap_or_else(|d| {
            panic!(
                "{}",
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert_eq!(scenario.id, "my-scenario");
        assert_eq!(scenario.sizes.len(), 3);
    }
}
