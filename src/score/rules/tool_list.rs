//! `tool-list`: tools named without the job they do.

use super::prelude::*;

/// Distinct tools before a list of them can be a parts list.
pub(super) const TOOLS_FOR_A_LIST: usize = 3;
/// Below this share of tool sentences with a reason, the tools are a parts list.
pub(super) const REASONED_SHARE_BELOW: f64 = 0.4;
/// At least one tool in this many must come with a reason.
pub(super) const ONE_REASONED_IN: usize = 3;
/// What a role ("Kafka for ingestion") counts for beside a reason: it says what, not why.
pub(super) const ROLE_COUNTS_FOR: f64 = 0.5;
/// An answer shorter than this that names tools and reasons about none is a list.
pub(super) const SHORT_ANSWER_WORDS: usize = 80;
/// Tools a short answer must name to be a list.
pub(super) const TOOLS_IN_SHORT_LIST: usize = 2;

pub(super) const RULE: Rule = Rule {
    id: RuleId::ToolList,
    groups: &[Group::Tool],
    also: Also::Nothing,
    judge,
    counts: |f, i, _, _| f.unreasoned_tool_sentences.contains(&i),
    counted: |_, _| "names a tool with no reason or role".to_owned(),
    missed: |_, _, _| "the tool comes with a reason or a role".to_owned(),
};

fn judge(j: &Judging<'_>) -> Verdict {
    let f = j.f;
    let tools = f.tools_named.len();
    let tool_sentences =
        f.reasoned_tool_sentences + f.role_tool_sentences + f.unreasoned_tool_sentences.len();
    let reasoned_share = if tool_sentences == 0 {
        1.0
    } else {
        (f.reasoned_tool_sentences as f64 + ROLE_COUNTS_FOR * f.role_tool_sentences as f64)
            / tool_sentences as f64
    };
    let short = j.answer.word_count() < SHORT_ANSWER_WORDS;
    let role_only = f.tools_with_role.difference(&f.tools_reasoned).count();
    let tools_explained = f.tools_reasoned.len() as f64 + ROLE_COUNTS_FOR * role_only as f64;
    let parts_list = tools >= TOOLS_FOR_A_LIST
        && (reasoned_share < REASONED_SHARE_BELOW
            || tools_explained * (ONE_REASONED_IN as f64) < tools as f64);
    let short_list = short && tools >= TOOLS_IN_SHORT_LIST && f.tools_reasoned.is_empty();
    Verdict::new(
        parts_list || short_list,
        f.unreasoned_tool_sentences.first().copied(),
        format!(
            "{tools} tools named, {} with a reason",
            f.tools_reasoned.len()
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    fn raised(answer: &str) -> bool {
        let rubric = Rubric::builtin();
        let catalog = Catalog::builtin(rubric);
        let scenario = catalog.get("realtime-analytics").expect("built in");
        crate::score::score(scenario, answer, rubric)
            .red_flags
            .iter()
            .any(|f| f.id == "tool-list" && f.hit)
    }

    #[test]
    fn tools_that_do_a_stated_job_are_not_a_parts_list() {
        let answer = "A Flink job keyed by session runs one-minute event-time windows with two \
            minutes of allowed lateness and writes its counts with upserts keyed on the window. \
            Raw events land in Iceberg partitioned by hour, about 170 GB a day compressed, and a \
            nightly job compacts them into large files. Druid serves the dashboard tiles from \
            the per-minute table. Kafka keeps seven days of events, so a bug is fixed by \
            replaying the same job from an offset into a new table. ClickHouse was the other \
            candidate; either would do at 50 queries a second.";
        assert!(!raised(answer));
    }

    #[test]
    fn tools_vouched_for_instead_of_explained_are_a_parts_list() {
        let answer = "We use Kafka, Spark and Snowflake. They are battle-tested at big \
            companies, so they are the safe choice. Airflow runs the batch jobs and Tableau \
            sits on top. Everyone uses this stack, so it is proven.";
        assert!(raised(answer));
    }

    #[test]
    fn a_later_reason_is_not_the_reason_of_a_tool_sentence_that_gave_its_own() {
        // The tools' only reasons vouch for them; the "because" after is about backfills.
        let answer = "I would use Kafka because everyone uses Kafka, Flink because it is \
            popular and ClickHouse because it is fast. Backfills come up because bugs happen.";
        assert!(raised(answer));
    }
}
