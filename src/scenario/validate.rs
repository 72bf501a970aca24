//! Checks that need the whole scenario: unique ids, references that resolve, patterns that
//! compile, rubric ids that exist. Every problem is reported, each at its place in the file.

use std::collections::HashMap;

use super::Scenario;
use super::context::FileCx;
use crate::rubric::{Rubric, RuleId};
use crate::suggest::did_you_mean;
use crate::text::Pattern;

/// Longest scenario id: it becomes part of file names (history entries, drafts set aside,
/// reports, with a date, a suffix and a temp name around it), which most systems cut at 255
/// bytes. Kebab-case keeps it one byte a character.
pub const MAX_ID_LEN: usize = 64;

/// Longest summary that fits a listing line.
const SUMMARY_MAX: usize = 100;

pub(super) fn check(cx: &mut FileCx<'_>, s: &Scenario, rubric: &Rubric) {
    // Missing or unreadable fields already have their own message.
    if cx.read_ok("id") {
        check_id(
            cx,
            "id",
            &s.id,
            "kebab-case, like `realtime-analytics`",
            is_kebab,
        );
        if s.id.len() > MAX_ID_LEN {
            cx.error_at(
                "id",
                format!(
                    "the id is {} characters long; at most {MAX_ID_LEN} are allowed",
                    s.id.len()
                ),
                Some("it is part of file names in your data folder; shorten it".into()),
            );
        }
    }
    if cx.read_ok("title") && s.title.trim().is_empty() {
        cx.error_at("title", "the title is empty", None);
    }
    let summary_len = s.summary.chars().count();
    if cx.read_ok("summary") {
        if s.summary.trim().is_empty() {
            cx.error_at("summary", "the summary is empty", None);
        } else if summary_len > SUMMARY_MAX {
            cx.error_at(
                "summary",
                format!("the summary is {summary_len} characters; listings fit {SUMMARY_MAX}"),
                Some("keep it to one line; the prompt carries the detail".into()),
            );
        }
    }
    check_facts(cx, s);
    check_sizing(cx, s);
    check_sketch(cx, s);
    check_followups(cx, s, rubric);
    for (i, c) in s.curveballs.iter().enumerate() {
        let path = cx.item("curveballs", i);
        check_id(cx, &format!("{path}.id"), &c.id, "kebab-case", is_kebab);
        not_blank(cx, &format!("{path}.line"), &c.line, "the curveball's line");
        if c.cues.is_empty() {
            cx.error_at(
                &format!("{path}.cues"),
                format!(
                    "curveball `{}` has no `cues`, so a reply to it is never recognised",
                    c.id
                ),
                None,
            );
        }
        check_patterns(cx, &format!("{path}.cues"), &c.cues);
    }
    unique(cx, "curveballs", s.curveballs.iter().map(|c| c.id.as_str()));
    check_rubric(cx, s, rubric);
}

/// Whether a header passes the checks [`check`] makes on it, for listing a file by its
/// header alone ([`super::header`]).
pub(super) fn header_ok(id: &str, title: &str, summary: &str) -> bool {
    is_kebab(id)
        && id.len() <= MAX_ID_LEN
        && !title.trim().is_empty()
        && !summary.trim().is_empty()
        && summary.chars().count() <= SUMMARY_MAX
}

fn is_kebab(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
}

fn is_snake(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.ends_with('_')
        && !id.contains("__")
}

/// Reports `what` at `path` when `text` is empty or only whitespace.
fn not_blank(cx: &mut FileCx<'_>, path: &str, text: &str, what: &str) {
    if text.trim().is_empty() {
        cx.error_at(path, format!("{what} is empty"), None);
    }
}

fn check_id(cx: &mut FileCx<'_>, path: &str, id: &str, expected: &str, ok: fn(&str) -> bool) {
    if !ok(id) {
        cx.error_at(
            path,
            format!("`{id}` is not a valid id"),
            Some(format!("ids are {expected}")),
        );
    }
}

fn unique<'a>(cx: &mut FileCx<'_>, list: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (i, id) in ids.enumerate() {
        let item = cx.item(list, i);
        if let Some(first) = seen.insert(id, item.clone()) {
            cx.error_at(
                &format!("{item}.id"),
                format!("duplicate id `{id}` in `{list}`"),
                Some(format!("`{first}` already uses it; ids must be unique")),
            );
        }
    }
}

fn check_patterns(cx: &mut FileCx<'_>, path: &str, patterns: &[String]) {
    for (i, p) in patterns.iter().enumerate() {
        if let Err(err) = Pattern::parse(p) {
            cx.error_at(
                &format!("{path}[{i}]"),
                format!("bad pattern: {}", err.problem),
                Some("see \"Word patterns\" in docs/scenario-format.md".into()),
            );
        }
    }
}

fn check_facts(cx: &mut FileCx<'_>, s: &Scenario) {
    // Facts that failed to read have their own messages.
    let facts_read = cx.complete("facts") && !cx.failed_value("facts");
    if facts_read && s.facts.is_empty() {
        cx.error_at(
            "facts",
            "the scenario has no facts",
            Some("add `[[facts]]` tables: what the interviewer reveals when asked".into()),
        );
    } else if facts_read && !s.facts.iter().any(|f| f.key) {
        cx.error_at(
            "facts",
            "no fact is marked `key = true`",
            Some("mark the key questions a strong candidate asks (freshness, volume, ...)".into()),
        );
    }
    for (i, fact) in s.facts.iter().enumerate() {
        let item = cx.item("facts", i);
        check_id(cx, &format!("{item}.id"), &fact.id, "kebab-case", is_kebab);
        if fact.asks.is_empty() {
            cx.error_at(
                &format!("{item}.asks"),
                format!(
                    "fact `{}` has no `asks` patterns, so no question can reveal it",
                    fact.id
                ),
                None,
            );
        }
        check_patterns(cx, &format!("{item}.asks"), &fact.asks);
        if fact.reply.trim().is_empty() {
            cx.error_at(&format!("{item}.reply"), "the reply is empty", None);
        }
    }
    unique(cx, "facts", s.facts.iter().map(|f| f.id.as_str()));
}

fn check_sizing(cx: &mut FileCx<'_>, s: &Scenario) {
    let all = s
        .sizing
        .given
        .iter()
        .map(|q| ("sizing.given", q))
        .chain(s.sizing.derived.iter().map(|q| ("sizing.derived", q)));
    let mut seen: HashMap<&str, String> = HashMap::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (list, q) in all {
        let i = *index.entry(list).and_modify(|i| *i += 1).or_insert(0);
        let path = cx.item(list, i);
        check_id(
            cx,
            &format!("{path}.id"),
            &q.id,
            "snake_case, like `peak_rate`",
            is_snake,
        );
        not_blank(cx, &format!("{path}.label"), &q.label, "the label");
        not_blank(cx, &format!("{path}.expr"), &q.expr, "the expression");
        for (j, group) in q.about.iter().enumerate() {
            let blank = group.split('|').any(|alt| alt.trim().is_empty());
            // Answers are read as words: hyphens split them and contractions are expanded, so
            // an alternative is letters, digits and spaces ("month end").
            let wordless = group
                .chars()
                .any(|c| !(c.is_alphanumeric() || " |".contains(c)));
            if blank || wordless {
                cx.error_at(
                    &format!("{path}.about[{j}]"),
                    format!("`about` group \"{group}\" must be words joined by `|`"),
                    Some("e.g. `\"ingest|bandwidth|throughput\"`; each group must be said".into()),
                );
            }
        }
        if let Some(first) = seen.insert(&q.id, path.clone()) {
            cx.error_at(
                &format!("{path}.id"),
                format!("duplicate sizing id `{}`", q.id),
                Some(format!("`{first}` already uses it")),
            );
        }
    }
}

fn check_sketch(cx: &mut FileCx<'_>, s: &Scenario) {
    let ids: Vec<&str> = s.sketch.components.iter().map(|c| c.id.as_str()).collect();
    for (i, c) in s.sketch.components.iter().enumerate() {
        let item = cx.item("sketch.components", i);
        check_id(cx, &format!("{item}.id"), &c.id, "kebab-case", is_kebab);
        not_blank(cx, &format!("{item}.name"), &c.name, "the component's name");
        check_patterns(cx, &format!("{item}.aliases"), &c.aliases);
        if c.reason.trim().is_empty() {
            cx.error_at(
                &format!("{item}.reason"),
                format!("component `{}` has no reason; every box needs one", c.id),
                None,
            );
        }
    }
    unique(cx, "sketch.components", ids.iter().copied());
    for (i, flow) in s.sketch.flows.iter().enumerate() {
        let path = cx.item("sketch.flows", i);
        let steps: Vec<&str> = flow.split("->").map(str::trim).collect();
        if steps.len() < 2 || steps.iter().any(|s| s.is_empty()) {
            cx.error_at(
                &path,
                format!("flow `{flow}` is not of the form `a -> b`"),
                Some("join component ids with `->`".into()),
            );
            continue;
        }
        if !cx.complete("sketch.components") {
            // A component that failed to read already has its message; do not blame the flow.
            continue;
        }
        for step in steps {
            if !ids.contains(&step) {
                let help = did_you_mean(step, ids.iter().copied(), || {
                    format!(
                        "define it in `[[sketch.components]]`; known: {}",
                        ids.join(", ")
                    )
                });
                cx.error_at(
                    &path,
                    format!("flow refers to unknown component `{step}`"),
                    Some(help),
                );
            }
        }
    }
}

fn check_followups(cx: &mut FileCx<'_>, s: &Scenario, rubric: &Rubric) {
    let known = known_ids(s, rubric);
    for (i, f) in s.followups.iter().enumerate() {
        let item = cx.item("followups", i);
        check_id(cx, &format!("{item}.id"), &f.id, "kebab-case", is_kebab);
        not_blank(cx, &format!("{item}.question"), &f.question, "the question");
        if f.good_points.is_empty() {
            cx.error_at(
                &format!("{item}.good_points"),
                format!("follow-up `{}` lists no good points", f.id),
                None,
            );
        }
        if f.probes_next.len() > f.good_points.len() {
            cx.error_at(
                &format!("{item}.probes_next"),
                format!(
                    "follow-up `{}` has {} probes_next for {} good points",
                    f.id,
                    f.probes_next.len(),
                    f.good_points.len()
                ),
                Some("give at most one probing question per good point, in the same order".into()),
            );
        }
        for (j, probe) in f.probes_next.iter().enumerate() {
            not_blank(
                cx,
                &format!("{item}.probes_next[{j}]"),
                probe,
                "the probing question",
            );
        }
        if f.probes.is_empty() {
            cx.error_at(
                &format!("{item}.probes"),
                format!(
                    "follow-up `{}` probes no rubric id, so it is never chosen",
                    f.id
                ),
                None,
            );
        }
        for (j, probe) in f.probes.iter().enumerate() {
            let path = format!("{item}.probes[{j}]");
            if !unknown_rubric_id(cx, &path, probe, &known) && s.rubric.scope_out.contains(probe) {
                cx.error_at(
                    &path,
                    format!("`{probe}` is scoped out in `[rubric] scope_out`, so it never fires"),
                    Some("probe a red flag that applies here, or stop scoping it out".into()),
                );
            }
        }
    }
    unique(cx, "followups", s.followups.iter().map(|f| f.id.as_str()));
}

/// The global rubric's ids and the scenario's own, each once.
fn known_ids<'a>(s: &'a Scenario, rubric: &'a Rubric) -> Vec<&'a str> {
    let mut known: Vec<&str> = rubric.ids().collect();
    for extra in &s.rubric.signals {
        if !known.contains(&extra.id.as_str()) {
            known.push(&extra.id);
        }
    }
    known
}

fn unknown_rubric_id(cx: &mut FileCx<'_>, path: &str, id: &str, known: &[&str]) -> bool {
    if known.contains(&id) {
        return false;
    }
    let help = did_you_mean(id, known.iter().copied(), || {
        format!("rubric ids: {}", known.join(", "))
    });
    cx.error_at(path, format!("unknown rubric id `{id}`"), Some(help));
    true
}

fn check_rubric(cx: &mut FileCx<'_>, s: &Scenario, rubric: &Rubric) {
    let known = known_ids(s, rubric);
    for (id, weight) in &s.rubric.weights {
        let path = format!("rubric.weights.{id}");
        if unknown_rubric_id(cx, &path, id, &known) {
            continue;
        }
        if !weight.is_finite() || *weight <= 0.0 || *weight > 10.0 {
            cx.error_at(
                &path,
                format!("weight {weight} for `{id}` is out of range"),
                Some(if RuleId::RED_FLAGS.iter().any(|flag| flag == id) {
                    "use a factor above 0 and at most 10; to drop a red flag use `scope_out`".into()
                } else {
                    "use a factor above 0 and at most 10".into()
                }),
            );
        }
    }
    for (i, id) in s.rubric.scope_out.iter().enumerate() {
        let path = cx.item("rubric.scope_out", i);
        if !RuleId::RED_FLAGS.iter().any(|flag| flag == id) {
            let flags = RuleId::RED_FLAGS.map(RuleId::as_str);
            let help = did_you_mean(id, flags.iter().copied(), || {
                format!("red flags: {}", flags.join(", "))
            });
            cx.error_at(&path, format!("`{id}` is not a red flag"), Some(help));
        }
    }
    for (i, signal) in s.rubric.signals.iter().enumerate() {
        let path = cx.item("rubric.signals", i);
        check_id(
            cx,
            &format!("{path}.id"),
            &signal.id,
            "kebab-case",
            is_kebab,
        );
        if rubric.knows(&signal.id) {
            cx.error_at(
                &format!("{path}.id"),
                format!("`{}` is already a global rubric id", signal.id),
                Some("give the scenario's own signal a new id, or weight the global one in `[rubric.weights]`".into()),
            );
        }
        if signal.mechanisms.is_empty() {
            cx.error_at(
                &path,
                format!(
                    "signal `{}` has no `mechanisms`, so it can never be earned",
                    signal.id
                ),
                Some("add patterns that state the decision, e.g. `salt* .. key`; mentions alone earn nothing".into()),
            );
        }
        check_patterns(cx, &format!("{path}.mentions"), &signal.mentions);
        check_patterns(cx, &format!("{path}.mechanisms"), &signal.mechanisms);
        not_blank(
            cx,
            &format!("{path}.title"),
            &signal.title,
            "the signal's title",
        );
        not_blank(
            cx,
            &format!("{path}.advice"),
            &signal.advice,
            "the signal's advice",
        );
        if !signal.weight.is_finite() || signal.weight <= 0.0 || signal.weight > 10.0 {
            cx.error_at(
                &format!("{path}.weight"),
                "the weight must be above 0 and at most 10",
                None,
            );
        }
    }
    unique(
        cx,
        "rubric.signals",
        s.rubric.signals.iter().map(|x| x.id.as_str()),
    );
    for (i, idea) in s.rubric.addresses.iter().enumerate() {
        let path = cx.item("rubric.addresses", i);
        not_blank(cx, &format!("{path}.idea"), &idea.idea, "the idea's name");
        if idea.patterns.is_empty() {
            cx.error_at(
                &path,
                format!(
                    "idea `{}` has no `patterns`, so no answer can address it",
                    idea.idea
                ),
                Some("add word patterns that name the idea, e.g. `replication slot*`".into()),
            );
        }
        check_patterns(cx, &format!("{path}.patterns"), &idea.patterns);
    }
}
