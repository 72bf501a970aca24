//! The Sketch move's text: components with their reasons, and flows between them.
//!
//! The candidate types one component per line (`kafka: absorbs the 5x spike`) and flows
//! (`collector -> kafka -> flink`). [`parse`] turns that text into a [`SketchDraft`] whatever it
//! contains, so the screen can redraw the sketch on every keystroke; a component without a
//! reason is kept and reported by [`SketchDraft::unreasoned`], because a list of tools without
//! reasons is the red flag this move exists to catch.

use std::collections::HashMap;

use serde::Serialize;

/// What the candidate has sketched so far.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SketchDraft {
    /// Every component, declared on its own line or only named in a flow, in order of first
    /// mention.
    pub components: Vec<DraftComponent>,
    /// The flows, in the order they were written.
    pub flows: Vec<Flow>,
}

/// One box of the sketch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DraftComponent {
    /// The name as first written, trimmed and without surrounding backticks or asterisks.
    pub name: String,
    /// Why the component exists, from the first line that gave one.
    pub reason: Option<String>,
    /// The 0-based line the component is first declared on; `None` if it is only named in flows.
    pub line: Option<usize>,
}

/// Data moving through components, left to right.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Flow {
    /// Indices into [`SketchDraft::components`]; at least two.
    pub steps: Vec<usize>,
    /// The 0-based line the flow is written on.
    pub line: usize,
}

impl SketchDraft {
    /// Components nobody said the purpose of.
    pub fn unreasoned(&self) -> impl Iterator<Item = &DraftComponent> {
        self.components.iter().filter(|c| c.reason.is_none())
    }

    /// True when nothing has been sketched yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.flows.is_empty()
    }
}

/// The draft being built, with each component's [`key`] so a long sketch is not rescanned for
/// every name.
#[derive(Default)]
struct Builder {
    draft: SketchDraft,
    by_key: HashMap<String, usize>,
}

impl Builder {
    /// The index of the component called `name`, adding it if new.
    fn component(&mut self, name: &str) -> usize {
        let components = &mut self.draft.components;
        *self.by_key.entry(key(name)).or_insert_with(|| {
            components.push(DraftComponent {
                name: name.to_owned(),
                reason: None,
                line: None,
            });
            components.len() - 1
        })
    }

    /// Records that `line` declares the component `name`, with `reason` if it gives one.
    fn declare(&mut self, name: &str, reason: Option<&str>, line: usize) {
        let index = self.component(name);
        let component = &mut self.draft.components[index];
        component.line.get_or_insert(line);
        if component.reason.is_none() {
            component.reason = reason.map(str::to_owned);
        }
    }
}

/// Reads the sketch text. Never fails: a line it cannot make sense of becomes a component
/// without a reason, which the screen then flags.
#[must_use]
pub fn parse(text: &str) -> SketchDraft {
    let mut builder = Builder::default();
    for (line_number, raw) in text.lines().enumerate() {
        let line = strip_list_marker(raw.trim());
        if line.is_empty() || line.starts_with('#') || is_rule(line) {
            continue;
        }
        // "Flows:" or "Components:" alone on a line labels what follows.
        if is_label(line) {
            continue;
        }
        // "kafka: decouples producers -> consumers" is a component whose reason has an arrow
        // in it: a colon before the first arrow makes the line a component.
        let arrow = line.find("->").into_iter().chain(line.find('→')).min();
        let colon = line.find(':');
        let is_flow = match (arrow, colon) {
            (Some(a), Some(c)) => a < c,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if is_flow {
            let steps: Vec<&str> = line
                .split('→')
                .flat_map(|part| part.split("->"))
                .filter_map(clean_step)
                .collect();
            if let [only] = steps.as_slice() {
                builder.declare(only, None, line_number);
            } else if steps.len() >= 2 {
                let steps = steps.iter().map(|step| builder.component(step)).collect();
                builder.draft.flows.push(Flow {
                    steps,
                    line: line_number,
                });
            }
            continue;
        }
        let (name, reason) = split_reason(line);
        if let Some(name) = clean_name(name) {
            let reason = reason.map(str::trim).filter(|r| !r.is_empty());
            builder.declare(name, reason, line_number);
        }
    }
    builder.draft
}

/// A heading word ending in a colon, alone on its line (`Flows:`, `Components:`): a label
/// for what follows, not a component. `kafka:` alone stays a component with no reason.
fn is_label(line: &str) -> bool {
    const LABELS: [&str; 10] = [
        "components",
        "component",
        "flows",
        "flow",
        "pipeline",
        "architecture",
        "boxes",
        "arrows",
        "sketch",
        "design",
    ];
    line.strip_suffix(':')
        .is_some_and(|word| LABELS.contains(&word.trim().to_lowercase().as_str()))
}

/// A Markdown rule or heading underline (`---`, `***`, `===`): layout, not a component.
fn is_rule(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '*' | '_' | '='))
}

/// Removes one leading Markdown list marker: `- `, `* `, `+ `, `1. ` or `1) `. A line that is
/// only a marker becomes empty.
fn strip_list_marker(line: &str) -> &str {
    for bullet in ['-', '*', '+'] {
        if let Some(rest) = line.strip_prefix(bullet) {
            if rest.is_empty() {
                return rest;
            }
            if rest.starts_with(char::is_whitespace) {
                return rest.trim_start();
            }
        }
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(['.', ')'])
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            return rest.trim_start();
        }
    }
    line
}

/// Splits `name: reason` at the first colon; without a colon, at the first ` - `, ` — ` or
/// ` – ` (people type all three).
fn split_reason(line: &str) -> (&str, Option<&str>) {
    if let Some((name, reason)) = line.split_once(':') {
        return (name, Some(reason));
    }
    [" - ", " — ", " – "]
        .iter()
        .filter_map(|separator| {
            line.find(separator)
                .map(|at| (at, &line[..at], &line[at + separator.len()..]))
        })
        .min_by_key(|(at, _, _)| *at)
        .map_or((line, None), |(_, name, reason)| (name, Some(reason)))
}

/// A name without surrounding whitespace, Markdown emphasis or code ticks; `None` if nothing
/// is left.
fn clean_name(raw: &str) -> Option<&str> {
    let name = raw.trim_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*'));
    (!name.is_empty()).then_some(name)
}

/// A flow step's name: as [`clean_name`], also without the dashes and heads of a longer arrow
/// (`a --> b`, `a ->> b`).
fn clean_step(raw: &str) -> Option<&str> {
    clean_name(raw.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '>')))
}

/// What two spellings of one cleaned name have in common: `Kafka` and `kafka` are one
/// component, and so are `Kafka  Connect` and `kafka connect`.
fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A sketch as a candidate types it, shared by this module's tests and the pipeline
/// widget's.
#[cfg(test)]
pub(crate) const EXAMPLE: &str = "\
collector: HTTPS endpoint the SDKs post to; buffers on disk when kafka is slow
kafka: absorbs the 5x spike, 7 days of replay for backfills
flink: windowed counts per minute, exactly-once state
iceberg
collector -> kafka -> flink -> iceberg -> pinot
";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_reason_with_an_arrow_is_still_a_reason_and_labels_are_skipped() {
        let draft =
            parse("Components:\nkafka: decouples producers -> consumers\nFlows:\na -> kafka");
        let kafka = &draft.components[0];
        assert_eq!(kafka.name, "kafka");
        assert_eq!(
            kafka.reason.as_deref(),
            Some("decouples producers -> consumers")
        );
        assert_eq!(draft.flows.len(), 1);
        assert!(
            draft
                .components
                .iter()
                .all(|c| c.name != "Flows" && c.name != "Components")
        );
    }

    fn names(draft: &SketchDraft) -> Vec<&str> {
        draft.components.iter().map(|c| c.name.as_str()).collect()
    }

    fn reason<'a>(draft: &'a SketchDraft, name: &str) -> Option<&'a str> {
        draft
            .components
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.reason.as_deref())
    }

    #[test]
    fn the_example_has_five_components_one_flow_and_two_without_reasons() {
        let draft = parse(EXAMPLE);
        assert_eq!(
            names(&draft),
            ["collector", "kafka", "flink", "iceberg", "pinot"]
        );
        assert_eq!(
            draft.flows,
            [Flow {
                steps: vec![0, 1, 2, 3, 4],
                line: 4
            }]
        );
        assert_eq!(
            reason(&draft, "kafka"),
            Some("absorbs the 5x spike, 7 days of replay for backfills")
        );
        let unreasoned: Vec<_> = draft.unreasoned().map(|c| c.name.as_str()).collect();
        assert_eq!(unreasoned, ["iceberg", "pinot"]);
        assert_eq!(draft.components[3].line, Some(3));
        assert_eq!(
            draft.components[4].line, None,
            "pinot is only named in a flow"
        );
    }

    #[test]
    fn blank_lines_and_headings_are_ignored() {
        let draft = parse("# Components\n\n   \n## Flows\nkafka: buffers\n---\n***\n===\n");
        assert_eq!(names(&draft), ["kafka"]);
        assert_eq!(draft.components[0].line, Some(4));
    }

    #[test]
    fn list_markers_are_stripped() {
        let draft = parse("- kafka: a\n* flink: b\n+ pinot: c\n1. s3: d\n12) dbt: e\n-\n");
        assert_eq!(names(&draft), ["kafka", "flink", "pinot", "s3", "dbt"]);
        assert!(draft.unreasoned().next().is_none());
    }

    #[test]
    fn a_dash_that_is_part_of_the_name_is_not_a_marker() {
        let draft = parse("-kafka\n3.5x spike buffer\n");
        assert_eq!(names(&draft), ["-kafka", "3.5x spike buffer"]);
    }

    #[test]
    fn flows_split_on_ascii_and_unicode_arrows() {
        let draft = parse("a -> b → c\n- c --> d\n");
        assert_eq!(names(&draft), ["a", "b", "c", "d"]);
        assert_eq!(draft.flows[0].steps, [0, 1, 2]);
        assert_eq!(draft.flows[1].steps, [2, 3]);
        assert_eq!(draft.flows[1].line, 1);
    }

    #[test]
    fn empty_steps_are_dropped() {
        let draft = parse("a ->-> b ->\n");
        assert_eq!(draft.flows[0].steps, [0, 1]);
        assert_eq!(parse("->->\n→"), SketchDraft::default());
    }

    #[test]
    fn a_flow_of_one_step_is_a_component() {
        let draft = parse("kafka ->\n");
        assert!(draft.flows.is_empty());
        assert_eq!(names(&draft), ["kafka"]);
        assert_eq!(draft.components[0].line, Some(0));
        assert_eq!(draft.components[0].reason, None);
    }

    #[test]
    fn the_reason_starts_after_the_first_colon() {
        let draft = parse("s3: raw zone: parquet, 30 days\n");
        assert_eq!(reason(&draft, "s3"), Some("raw zone: parquet, 30 days"));
    }

    #[test]
    fn dashes_separate_the_reason_when_there_is_no_colon() {
        let draft = parse("kafka - absorbs spikes\nflink — windows\npinot – serves\nk-means\n");
        assert_eq!(names(&draft), ["kafka", "flink", "pinot", "k-means"]);
        assert_eq!(reason(&draft, "kafka"), Some("absorbs spikes"));
        assert_eq!(reason(&draft, "flink"), Some("windows"));
        assert_eq!(reason(&draft, "pinot"), Some("serves"));
        assert_eq!(reason(&draft, "k-means"), None);
    }

    #[test]
    fn an_empty_reason_is_no_reason() {
        let draft = parse("kafka:\nflink:    \nredis - \n");
        assert_eq!(draft.unreasoned().count(), 3);
    }

    #[test]
    fn names_match_ignoring_case_ticks_and_emphasis() {
        let draft = parse("**Kafka**: buffers\n`flink`\ncollector -> kafka -> FLINK\n");
        assert_eq!(names(&draft), ["Kafka", "flink", "collector"]);
        assert_eq!(draft.flows[0].steps, [2, 0, 1]);
    }

    #[test]
    fn a_later_line_fills_a_missing_reason_and_the_first_reason_wins() {
        let draft = parse("a -> b\nkafka\nB: second line\nKafka: first\nkafka: ignored\n");
        assert_eq!(reason(&draft, "b"), Some("second line"));
        assert_eq!(reason(&draft, "kafka"), Some("first"));
        let b = &draft.components[1];
        assert_eq!(b.line, Some(2), "declared after the flow named it");
        assert_eq!(draft.components[2].line, Some(1), "first declaration wins");
    }

    #[test]
    fn lines_without_a_name_are_skipped() {
        let draft = parse(": : :\n**: reason\n - \n");
        assert!(draft.is_empty(), "{draft:?}");
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "x".repeat(100_000);
        for text in [
            "",
            "\r\n\r\n",
            "->->",
            ": : :",
            "数据湖: 原始数据 -> 🚀",
            "é\u{301}: ok",
            long.as_str(),
            "1.",
            "1",
            "→→→a→",
        ] {
            let _ = parse(text);
        }
    }

    #[test]
    fn windows_line_endings_do_not_leak_into_reasons() {
        let draft = parse("kafka: buffers\r\nflink\r\n");
        assert_eq!(reason(&draft, "kafka"), Some("buffers"));
        assert_eq!(names(&draft), ["kafka", "flink"]);
    }

    /// Text made of the pieces sketches are made of.
    fn sketchish() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z0-9]{1,8}",
                Just(" ".to_owned()),
                Just("\n".to_owned()),
                Just("\r\n".to_owned()),
                Just("->".to_owned()),
                Just("-->".to_owned()),
                Just("→".to_owned()),
                Just(":".to_owned()),
                Just(" - ".to_owned()),
                Just(" — ".to_owned()),
                Just("- ".to_owned()),
                Just("* ".to_owned()),
                Just("1. ".to_owned()),
                Just("# ".to_owned()),
                Just("`".to_owned()),
                Just("**".to_owned()),
                Just("数据".to_owned()),
                Just("😀".to_owned()),
                Just("\u{200b}".to_owned()),
                Just("\t".to_owned()),
                "[.,;:!?()/*=>~$%-]",
            ],
            0..80,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn parse_gives_a_well_formed_draft(text in sketchish()) {
            let draft = parse(&text);
            for component in &draft.components {
                prop_assert!(!component.name.trim().is_empty());
                prop_assert!(component.reason.as_ref().is_none_or(|r| !r.trim().is_empty()));
            }
            for flow in &draft.flows {
                prop_assert!(flow.steps.len() >= 2);
                prop_assert!(flow.steps.iter().all(|&step| step < draft.components.len()));
            }
        }

        #[test]
        fn parse_never_panics_on_any_text(text in "\\PC*") {
            let _ = parse(&text);
        }
    }
}
