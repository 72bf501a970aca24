//! The state of one scenario file being read ([`FileCx`]): its text, the problems found so
//! far, and the span of each value ([`SpanIndex`]) to point at them. The reading
//! ([`super::load`]) and the checks after it ([`super::validate`], [`super::sizing`]) all
//! report into it, so it is a file of its own rather than the reading's.

use std::collections::HashMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeValue, ValueDeserializer};

use super::diagnostic::Diagnostic;

/// Byte spans of the values in a scenario file, by path (`facts[2].asks[0]`).
#[derive(Debug, Clone, Default)]
pub struct SpanIndex(pub(super) HashMap<String, Range<usize>>);

impl SpanIndex {
    /// The span of `path`, or of its nearest recorded parent.
    #[must_use]
    pub fn find(&self, path: &str) -> Option<Range<usize>> {
        let mut path = path;
        loop {
            if let Some(span) = self.0.get(path) {
                return Some(span.clone());
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    pub(super) fn record_key(&mut self, path: &str, key: &Spanned<toml::de::DeString<'_>>) {
        self.0.insert(format!("{path}#key"), key.span());
    }

    pub(super) fn record(&mut self, path: &str, value: &Spanned<DeValue<'_>>) {
        self.0.insert(path.to_owned(), value.span());
        match value.get_ref() {
            DeValue::Table(table) => {
                for (key, item) in table {
                    let child = format!("{path}.{}", key.get_ref());
                    self.record_key(&child, key);
                    self.record(&child, item);
                }
            }
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.record(&format!("{path}[{i}]"), item);
                }
            }
            _ => {}
        }
    }
}

/// The state of one file being read: its text and the problems found so far.
pub(super) struct FileCx<'a> {
    pub source: &'a str,
    pub display: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    pub spans: SpanIndex,
    /// For lists where some elements failed to read: the file index of each element kept.
    pub(super) kept: HashMap<String, Vec<usize>>,
    /// Lists with at least one element that failed to read.
    pub(super) incomplete: Vec<String>,
    /// Values that were present but failed to read (already reported).
    pub(super) failed: Vec<String>,
    /// Problems found past [`MAX_DIAGNOSTICS`], counted but neither located nor kept.
    pub(super) more: usize,
}

/// Most problems reported for one file; the rest are counted ("and 120 more"). Locating a
/// problem scans the file, so without a bound a file of 50,000 bad items cost time and
/// memory quadratic in its size.
pub const MAX_DIAGNOSTICS: usize = 50;

impl FileCx<'_> {
    /// True when [`MAX_DIAGNOSTICS`] problems are already kept; the caller's problem is then
    /// counted instead.
    pub(super) fn full(&mut self) -> bool {
        let full = self.diagnostics.len() >= MAX_DIAGNOSTICS;
        if full {
            self.more += 1;
        }
        full
    }

    /// The problems, in file order, with a last one saying how many more there were.
    pub(super) fn finish(self) -> Vec<Diagnostic> {
        let mut diagnostics = sorted(self.diagnostics);
        if self.more > 0 {
            diagnostics.push(Diagnostic::new(
                self.display,
                format!(
                    "and {} more problem{} not shown; fix these first",
                    self.more,
                    if self.more == 1 { "" } else { "s" }
                ),
            ));
        }
        diagnostics
    }

    /// The path of element `i` of `list` as it was read (`facts[3]`), which is its index in
    /// the file even when earlier elements failed to read.
    pub fn item(&self, list: &str, i: usize) -> String {
        let index = self
            .kept
            .get(list)
            .and_then(|kept| kept.get(i))
            .copied()
            .unwrap_or(i);
        format!("{list}[{index}]")
    }

    /// Records a problem inside the string value at `path`, at `within` (a byte range of
    /// the string's contents), so the caret lands on the exact word of an expression.
    pub fn error_in_string(
        &mut self,
        path: &str,
        within: &Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        if self.full() {
            return;
        }
        let Some(span) = self.spans.find(path) else {
            let mut diag = Diagnostic::new(self.display, message);
            diag.help = help;
            self.diagnostics.push(diag);
            return;
        };
        // Skip the opening quote; a string with escapes may drift, so stay inside the value.
        let start = (span.start + 1 + within.start).min(span.end);
        let end = (span.start + 1 + within.end).clamp(start, span.end);
        let mut diag = Diagnostic::new(self.display, message).at(self.source, &(start..end));
        diag.help = help;
        self.diagnostics.push(diag);
    }

    /// True when every element of `list` was read (checks that cross-reference a list
    /// would otherwise report what is only a consequence of an earlier error).
    pub fn complete(&self, list: &str) -> bool {
        !self.incomplete.iter().any(|l| l == list)
    }

    /// True when the file sets `key` and its value was read (a value that failed to read
    /// already has its message, so checks on it would only repeat the problem).
    pub fn read_ok(&self, key: &str) -> bool {
        self.has(key) && !self.failed.iter().any(|f| f == key)
    }

    /// True when `key` was present but its value failed to read.
    pub fn failed_value(&self, key: &str) -> bool {
        self.failed.iter().any(|f| f == key)
    }

    /// True when the file sets `key` (a top-level or dotted path).
    pub fn has(&self, key: &str) -> bool {
        self.spans.0.contains_key(key)
    }

    /// Records a problem at `path` (or file-wide if the path has no span).
    pub fn error_at(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        if self.full() {
            return;
        }
        let mut diag = Diagnostic::new(self.display, message);
        if let Some(span) = self.spans.find(path) {
            diag = diag.at(self.source, &span);
        }
        diag.help = help;
        self.diagnostics.push(diag);
    }

    /// Records a TOML error found while reading `path` (empty for the file's syntax);
    /// `datetimes` are the spans of the datetime values there.
    pub(super) fn toml_error(
        &mut self,
        path: &str,
        err: &toml::de::Error,
        datetimes: &[Range<usize>],
    ) {
        if self.full() {
            return;
        }
        let said = super::toml_message::say(err, self.source, datetimes);
        let message = if path.is_empty() {
            said.message
        } else {
            format!("in `{path}`: {}", said.message)
        };
        let mut diag = Diagnostic::new(self.display, message);
        if let Some(span) = said.span.or_else(|| self.spans.find(path)) {
            diag = diag.at(self.source, &span);
        }
        diag.help = said.help;
        self.diagnostics.push(diag);
    }

    pub(super) fn value<T: DeserializeOwned>(
        &mut self,
        path: &str,
        value: Spanned<DeValue<'_>>,
    ) -> Option<T> {
        let datetimes = super::toml_message::datetime_spans(&value);
        T::deserialize(ValueDeserializer::from(value))
            .map_err(|err| {
                self.toml_error(path, &err, &datetimes);
                self.failed.push(path.to_owned());
            })
            .ok()
    }

    pub(super) fn list<T: DeserializeOwned>(
        &mut self,
        path: &str,
        value: Spanned<DeValue<'_>>,
    ) -> Vec<T> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => {
                let count = items.len();
                let mut kept = Vec::new();
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    if let Some(value) = self.value(&format!("{path}[{i}]"), item) {
                        kept.push(i);
                        out.push(value);
                    }
                }
                if kept.len() < count {
                    self.incomplete.push(path.to_owned());
                }
                self.kept.insert(path.to_owned(), kept);
                out
            }
            other => {
                self.diagnostics.push(
                    Diagnostic::new(
                        self.display,
                        format!("`{path}` must be a list, found {}", other.type_str()),
                    )
                    .at(self.source, &span)
                    .with_help(format!(
                        "write it as `[[{path}]]` tables or `{path} = [...]`"
                    )),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn table<'i>(
        &mut self,
        path: &str,
        value: Spanned<DeValue<'i>>,
        known: &[&str],
    ) -> Vec<(String, Spanned<DeValue<'i>>)> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Table(table) => table
                .into_iter()
                .filter_map(|(key, item)| {
                    let key = key.into_inner().into_owned();
                    if known.contains(&key.as_str()) {
                        Some((key, item))
                    } else {
                        self.unknown_key(&format!("{path}.{key}"), &key, known);
                        None
                    }
                })
                .collect(),
            other => {
                self.diagnostics.push(
                    Diagnostic::new(
                        self.display,
                        format!("`{path}` must be a table, found {}", other.type_str()),
                    )
                    .at(self.source, &span)
                    .with_help(format!("start it with a `[{path}]` header")),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn unknown_key(&mut self, path: &str, key: &str, known: &[&str]) {
        let help = crate::suggest::did_you_mean(key, known.iter().copied(), || {
            format!("known keys here: {}", known.join(", "))
        });
        let at = format!("{path}#key");
        let path = if self.spans.0.contains_key(&at) {
            at.as_str()
        } else {
            path
        };
        self.error_at(path, format!("unknown key `{key}`"), Some(help));
    }
}

/// File order reads best; problems without a place come first.
fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    diagnostics
}
