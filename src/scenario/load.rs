//! Reading one scenario file into a [`Scenario`], reporting every problem found rather than
//! stopping at the first.
//!
//! The file is parsed once into a spanned TOML tree; each top-level field and each element of
//! each list is then deserialised on its own, so one wrong type in `facts[3]` does not hide an
//! unknown key in `followups[0]`. Semantic checks (duplicate ids, dangling references, bad
//! patterns) run afterwards in [`super::validate`], located through the same spans.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::context::{FileCx, SpanIndex};
use super::diagnostic::Diagnostic;
use super::model::{
    Archetype, Curveball, Difficulty, Fact, FollowUp, LoadProfiles, RubricOverrides, Sizing, Sketch,
};
use super::{Origin, Scenario, validate};
use crate::content::Files;
use crate::rubric::Rubric;

/// Top-level keys of a scenario file, in the order the format documents them.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "id",
    "title",
    "archetype",
    "difficulty",
    "summary",
    "tags",
    "prompt",
    "prompt_file",
    "model_answer",
    "model_answer_file",
    "defend",
    "facts",
    "sizing",
    "sketch",
    "followups",
    "curveballs",
    "load_profiles",
    "rubric",
];

/// A scenario file's fields as written, before companion files are read and checks run.
#[derive(Default)]
struct Fields {
    id: Option<String>,
    title: Option<String>,
    archetype: Option<Archetype>,
    difficulty: Option<Difficulty>,
    summary: Option<String>,
    tags: Vec<String>,
    prompt: Option<String>,
    prompt_file: Option<String>,
    model_answer: Option<String>,
    model_answer_file: Option<String>,
    defend: Vec<String>,
    facts: Vec<Fact>,
    sizing: Sizing,
    sketch: Sketch,
    followups: Vec<FollowUp>,
    curveballs: Vec<Curveball>,
    load_profiles: LoadProfiles,
    rubric: RubricOverrides,
}

/// Parses and checks one scenario file.
///
/// `display` names the file in messages; `path` is where it lives, so `prompt_file` and
/// `model_answer_file` resolve next to it through `files`.
pub fn parse_scenario(
    source: &str,
    display: &str,
    path: &Path,
    origin: Origin,
    files: &dyn Files,
    rubric: &Rubric,
) -> Result<Scenario, Vec<Diagnostic>> {
    let quick = parse(source, display, path, origin, files, rubric, false);
    // The span of every value in a file is needed only to point at a problem: a user file
    // that has one is read again, this time recording them all, so that each diagnostic is
    // located exactly as if they had been recorded from the start. (Built-in content has no
    // problems at run time; tests check it, and its top-level keys locate enough.)
    if quick.is_err() && origin == Origin::User {
        return parse(source, display, path, origin, files, rubric, true);
    }
    quick
}

/// [`parse_scenario`], recording the span of every value (`locate`) or of the top-level
/// keys only.
fn parse(
    source: &str,
    display: &str,
    path: &Path,
    origin: Origin,
    files: &dyn Files,
    rubric: &Rubric,
    locate: bool,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut cx = FileCx {
        source,
        display,
        diagnostics: Vec::new(),
        spans: SpanIndex::default(),
        kept: HashMap::new(),
        incomplete: Vec::new(),
        failed: Vec::new(),
        more: 0,
    };
    if source.trim().is_empty() {
        cx.diagnostics.push(
            Diagnostic::new(display, "the file is empty")
                .with_help("copy the minimal scenario in section 2 of docs/scenario-format.md"),
        );
        return Err(cx.diagnostics);
    }
    let (doc, syntax_errors) = DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        for err in &syntax_errors {
            cx.toml_error("", err, &[]);
        }
        return Err(cx.finish());
    }
    let doc_span = doc.span();
    for (key, value) in doc.get_ref() {
        cx.spans.record_key(key.get_ref(), key);
        if locate {
            cx.spans.record(key.get_ref(), value);
        } else {
            cx.spans.0.insert(key.get_ref().to_string(), value.span());
        }
    }
    if origin == Origin::User {
        for (key, value) in doc.get_ref() {
            reject_control_characters(&mut cx, key.get_ref(), value);
        }
    }
    let fields = read_fields(&mut cx, doc.into_inner(), &doc_span);
    // Build what could be read, even if parts failed, so the checks below report the rest of
    // the file's problems in the same run.
    let mut scenario = assemble(&mut cx, fields, path, origin, files);
    // Built-in content is checked in full by the test suite; at run time only what is needed
    // to use it is done, which keeps `dei list` fast as the library grows.
    if origin == Origin::User {
        validate::check(&mut cx, &scenario, rubric);
    }
    scenario.sizes = super::sizing::evaluate(&mut cx, &scenario.sizing);
    if origin == Origin::User {
        super::sizing::check_profiles(&mut cx, &scenario.load_profiles);
    }
    if cx.diagnostics.is_empty() {
        Ok(scenario)
    } else {
        Err(cx.finish())
    }
}

/// A character a scenario text may not hold: see [`crate::text::is_unprintable`]; a carriage
/// return is let through, for files saved with Windows line ends.
fn unprintable(c: char) -> bool {
    c != '\r' && crate::text::is_unprintable(c)
}

/// Reports every string under `path` that holds a control character other than a line break
/// or a tab: scenario texts are printed to terminals, where ESC or BEL starts a sequence that
/// can set the title, write the clipboard or clear the screen. (TOML refuses them written
/// raw, not written as `\u001b`.)
fn reject_control_characters(cx: &mut FileCx<'_>, path: &str, value: &Spanned<DeValue<'_>>) {
    match value.get_ref() {
        DeValue::String(text) => {
            if let Some(c) = text.chars().find(|c| unprintable(*c))
                && !cx.full()
            {
                let diag = Diagnostic::new(
                    cx.display,
                    format!(
                        "`{path}` holds the control character U+{:04X}",
                        u32::from(c)
                    ),
                )
                .at(cx.source, &value.span())
                .with_help("take it out: scenario texts are printed to terminals as they are");
                cx.diagnostics.push(diag);
            }
        }
        DeValue::Table(table) => {
            for (key, item) in table {
                reject_control_characters(cx, &format!("{path}.{}", key.get_ref()), item);
            }
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                reject_control_characters(cx, &format!("{path}[{i}]"), item);
            }
        }
        _ => {}
    }
}

fn read_fields(cx: &mut FileCx<'_>, doc: DeTable<'_>, doc_span: &Range<usize>) -> Fields {
    let mut f = Fields::default();
    for (key, value) in doc {
        let key = key.into_inner();
        let k = key.as_ref();
        match k {
            "id" => f.id = cx.value(k, value),
            "title" => f.title = cx.value(k, value),
            "archetype" => f.archetype = cx.value(k, value),
            "difficulty" => f.difficulty = cx.value(k, value),
            "summary" => f.summary = cx.value(k, value),
            "tags" => f.tags = cx.list(k, value),
            "prompt" => f.prompt = cx.value(k, value),
            "prompt_file" => f.prompt_file = cx.value(k, value),
            "model_answer" => f.model_answer = cx.value(k, value),
            "model_answer_file" => f.model_answer_file = cx.value(k, value),
            "defend" => f.defend = cx.list(k, value),
            "facts" => f.facts = cx.list(k, value),
            "followups" => f.followups = cx.list(k, value),
            "curveballs" => f.curveballs = cx.list(k, value),
            "load_profiles" => f.load_profiles = cx.value(k, value).unwrap_or_default(),
            "sizing" => {
                for (sub, item) in cx.table(k, value, &["units", "given", "derived"]) {
                    let path = format!("sizing.{sub}");
                    match sub.as_str() {
                        "units" => f.sizing.units = cx.list(&path, item),
                        "given" => f.sizing.given = cx.list(&path, item),
                        _ => f.sizing.derived = cx.list(&path, item),
                    }
                }
            }
            "sketch" => {
                for (sub, item) in cx.table(k, value, &["flows", "components"]) {
                    if sub == "flows" {
                        f.sketch.flows = cx.list("sketch.flows", item);
                    } else {
                        f.sketch.components = cx.list("sketch.components", item);
                    }
                }
            }
            "rubric" => {
                let keys = ["weights", "scope_out", "signals", "addresses"];
                for (sub, item) in cx.table(k, value, &keys) {
                    match sub.as_str() {
                        "weights" => {
                            f.rubric.weights = cx.value("rubric.weights", item).unwrap_or_default();
                        }
                        "scope_out" => f.rubric.scope_out = cx.list("rubric.scope_out", item),
                        "addresses" => f.rubric.addresses = cx.list("rubric.addresses", item),
                        _ => f.rubric.signals = cx.list("rubric.signals", item),
                    }
                }
            }
            other => cx.unknown_key(other, other, TOP_LEVEL_KEYS),
        }
    }
    let required = [
        ("id", f.id.is_some(), "id = \"my-scenario\""),
        ("title", f.title.is_some(), "title = \"...\""),
        (
            "archetype",
            f.archetype.is_some(),
            "archetype = \"realtime-analytics\"",
        ),
        (
            "difficulty",
            f.difficulty.is_some(),
            "difficulty = \"medium\"",
        ),
        ("summary", f.summary.is_some(), "summary = \"one line\""),
    ];
    for (name, present, example) in required {
        // A field that was present but malformed already has its own message.
        if !present && !cx.spans.0.contains_key(name) {
            cx.diagnostics.push(
                Diagnostic::new(cx.display, format!("missing required key `{name}`"))
                    .at(cx.source, &(doc_span.start..doc_span.start))
                    .with_help(format!("add `{example}` near the top of the file")),
            );
        }
    }
    f
}

/// Builds the scenario from what was read; a field that failed or is missing already has its
/// diagnostic and is left empty.
fn assemble(
    cx: &mut FileCx<'_>,
    f: Fields,
    path: &Path,
    origin: Origin,
    files: &dyn Files,
) -> Scenario {
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let prompt = markdown_field(cx, &folder, files, "prompt", f.prompt, f.prompt_file, true);
    let model_answer = markdown_field(
        cx,
        &folder,
        files,
        "model_answer",
        f.model_answer,
        f.model_answer_file,
        false,
    );

    let prompt = prompt.text().unwrap_or_default();
    Scenario {
        id: f.id.unwrap_or_default(),
        title: f.title.unwrap_or_default(),
        archetype: f.archetype.unwrap_or(Archetype::RealtimeAnalytics),
        difficulty: f.difficulty.unwrap_or(Difficulty::Medium),
        summary: f.summary.unwrap_or_default(),
        tags: f.tags,
        prompt,
        model_answer: model_answer.text(),
        defend: f.defend,
        facts: f.facts,
        sizing: f.sizing,
        sketch: f.sketch,
        followups: f.followups,
        curveballs: f.curveballs,
        load_profiles: f.load_profiles,
        rubric: f.rubric,
        origin,
        file: cx.display.to_owned(),
        overrides_builtin: false,
        sizes: Vec::new(),
    }
}

/// The outcome of reading a Markdown field.
enum MarkdownField {
    Text(String),
    Absent,
    /// A problem was recorded; the scenario cannot be built.
    Failed,
}

impl MarkdownField {
    /// The text, if there is one.
    fn text(self) -> Option<String> {
        match self {
            Self::Text(text) => Some(text),
            Self::Absent | Self::Failed => None,
        }
    }
}

/// Resolves a Markdown field that may be written inline (`prompt`) or as a companion file
/// (`prompt_file`). Exactly one of the two must be present when `required`.
fn markdown_field(
    cx: &mut FileCx<'_>,
    folder: &Path,
    files: &dyn Files,
    name: &str,
    inline: Option<String>,
    file: Option<String>,
    required: bool,
) -> MarkdownField {
    let file_key = format!("{name}_file");
    match (inline, file) {
        (Some(_), Some(_)) => {
            cx.error_at(
                &file_key,
                format!("both `{name}` and `{file_key}` are set"),
                Some(format!(
                    "keep one: `{name}` inline or `{file_key}` as a path"
                )),
            );
            MarkdownField::Failed
        }
        (Some(text), None) if text.trim().is_empty() => {
            cx.error_at(
                name,
                format!("`{name}` is empty"),
                Some(format!(
                    "write it, or use `{file_key}` to point at a Markdown file"
                )),
            );
            MarkdownField::Failed
        }
        (Some(text), None) => MarkdownField::Text(text),
        (None, Some(rel)) => {
            let full: PathBuf = folder.join(&rel);
            match files.read(&full) {
                Ok(text) if text.trim().is_empty() => {
                    cx.error_at(&file_key, format!("`{rel}` is empty"), None);
                    MarkdownField::Failed
                }
                Ok(text) if text.chars().any(unprintable) => {
                    let c = text.chars().find(|c| unprintable(*c)).map_or(0, u32::from);
                    let line = text
                        .lines()
                        .position(|l| l.chars().any(unprintable))
                        .map_or(1, |i| i + 1);
                    cx.error_at(
                        &file_key,
                        format!("`{rel}` holds the control character U+{c:04X} on line {line}"),
                        Some(
                            "take it out: scenario texts are printed to terminals as they are"
                                .into(),
                        ),
                    );
                    MarkdownField::Failed
                }
                Ok(text) => MarkdownField::Text(text),
                Err(err) => {
                    cx.error_at(
                        &file_key,
                        format!("cannot read `{rel}`: {err}"),
                        Some(format!(
                            "the path is relative to the scenario file's folder ({})",
                            if folder.as_os_str().is_empty() {
                                Path::new(".").display()
                            } else {
                                folder.display()
                            }
                        )),
                    );
                    MarkdownField::Failed
                }
            }
        }
        (None, None) if required => {
            cx.diagnostics.push(
                Diagnostic::new(cx.display, format!("missing `{name}` or `{file_key}`"))
                    .at(cx.source, &(0..0))
                    .with_help(format!(
                        "add `{file_key} = \"../prompts/ID.md\"` or an inline `{name} = \"\"\"...\"\"\"`"
                    )),
            );
            MarkdownField::Failed
        }
        (None, None) => MarkdownField::Absent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::DiskFiles;

    /// Skipping the spans of nested values changes nothing but where problems are pointed
    /// at: a file reads the same, or fails, either way.
    #[test]
    fn spans_are_needed_only_to_locate_problems() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .collect();
        files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cdc-ingestion.toml"));
        let rubric = Rubric::builtin();
        for path in files {
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            let read = |locate| {
                parse(
                    &source,
                    "x.toml",
                    &path,
                    Origin::User,
                    &DiskFiles,
                    rubric,
                    locate,
                )
            };
            let (quick, located) = (read(false), read(true));
            assert_eq!(quick.is_ok(), located.is_ok(), "{}", path.display());
            if let (Ok(quick), Ok(located)) = (quick, located) {
                assert_eq!(quick, located, "{}", path.display());
            }
        }
    }
}
