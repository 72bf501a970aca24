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
    let parts_list = tools >= TOOLS_FOR_A_LIST
        && (reasoned_share < REASONED_SHARE_BELOW
            || f.tools_reasoned.len() * ONE_REASONED_IN < tools);
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
