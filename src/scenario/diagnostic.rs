//! Problems found in a content file, located by file, line and column.

use std::fmt;
use std::ops::Range;

/// One problem in a content file, with where it is and, when clear, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as shown to people (`<builtin>/scenarios/x.toml` or a path).
    pub file: String,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when that is clear.
    pub help: Option<String>,
}

/// A 1-based line and column, with the text of that line for a caret display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The line, without its newline; a long line is clipped around the column, with `…`
    /// where text was cut.
    pub line_text: String,
    /// 1-based column of the problem within [`Location::line_text`], in characters.
    pub text_column: usize,
    /// How many characters to underline (at least 1).
    pub width: usize,
}

impl Location {
    /// Locates byte range `span` in `source`.
    #[must_use]
    pub fn of_span(source: &str, span: &Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let head = &source[line_start..start];
        let tail = source[start..line_end].trim_end_matches('\r');
        // A file of one long line (50,000 list items) must not be copied into every problem.
        let cut_from = head
            .char_indices()
            .rev()
            .nth(CONTEXT_BEFORE - 1)
            .map_or(0, |(i, _)| i);
        let cut_to = tail
            .char_indices()
            .nth(CONTEXT_AFTER)
            .map_or(tail.len(), |(i, _)| i);
        let mut line_text = String::new();
        if cut_from > 0 {
            line_text.push('…');
        }
        line_text.push_str(&head[cut_from..]);
        line_text.push_str(&tail[..cut_to]);
        if cut_to < tail.len() {
            line_text.push('…');
        }
        let text_column = head[cut_from..].chars().count() + 1 + usize::from(cut_from > 0);
        let end = floor_char_boundary(source, span.end.clamp(start, line_end));
        let width = source[start..end].chars().count().max(1);
        Self {
            line: source[..start].matches('\n').count() + 1,
            column: head.chars().count() + 1,
            line_text,
            text_column,
            width,
        }
    }
}

/// Characters of a long line shown before the problem's column...
const CONTEXT_BEFORE: usize = 40;
/// ... and from it on.
const CONTEXT_AFTER: usize = 80;

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Diagnostic {
    /// A problem with no position (a missing file, a whole-file issue).
    #[must_use]
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// Places the problem at byte range `span` of `source`.
    #[must_use]
    pub fn at(mut self, source: &str, span: &Range<usize>) -> Self {
        self.location = Some(Location::of_span(source, span));
        self
    }

    /// Adds a suggested fix.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// The file's own text (the line, a file name, a quoted value in the message) is printed
    /// without its control characters: a hostile file must not drive the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::printable;
        let file = printable(&self.file);
        let message = printable(&self.message);
        match &self.location {
            Some(loc) => {
                writeln!(f, "{file}:{}:{}: {message}", loc.line, loc.column)?;
                let gutter = loc.line.to_string().len();
                writeln!(f, "{:gutter$} |", "")?;
                // Tabs would put the caret out of line; one column each, as counted.
                let line: String = loc
                    .line_text
                    .chars()
                    .map(|c| {
                        if crate::text::is_unprintable(c) || c == '\t' {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                writeln!(f, "{} | {line}", loc.line)?;
                write!(
                    f,
                    "{:gutter$} | {}{}",
                    "",
                    " ".repeat(loc.text_column - 1),
                    "^".repeat(loc.width.min(CONTEXT_AFTER))
                )?;
            }
            None => write!(f, "{file}: {message}")?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", printable(help))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column() {
        let src = "a = 1\nbb = 2\n";
        let loc = Location::of_span(src, &(6..8));
        assert_eq!((loc.line, loc.column, loc.width), (2, 1, 2));
        assert_eq!(loc.line_text, "bb = 2");
    }

    #[test]
    fn survives_spans_past_the_end_and_inside_characters() {
        let src = "é";
        let loc = Location::of_span(src, &(1..50));
        assert_eq!(loc.line, 1);
    }

    #[test]
    fn a_long_line_is_clipped_around_the_caret() {
        let src = format!("units = [{}\"Bad\"]\n", "\"ok\", ".repeat(10_000));
        let at = src.find("Bad").expect("there");
        let d = Diagnostic::new("x.toml", "not a unit").at(&src, &(at..at + 3));
        let loc = d.location.as_ref().expect("located");
        assert_eq!(loc.column, at + 1);
        assert!(loc.line_text.chars().count() <= 2 + CONTEXT_BEFORE + CONTEXT_AFTER);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], format!("x.toml:1:{}: not a unit", at + 1));
        // The caret is under `Bad` in the clipped line.
        let caret = lines[3].find('^').expect("caret");
        let text = lines[2];
        assert_eq!(
            text.chars().skip(caret).take(3).collect::<String>(),
            "Bad",
            "{shown}"
        );
        assert!(text.starts_with("1 | …"), "{text}");
    }

    #[test]
    fn renders_with_a_caret() {
        let src = "id = 3\n";
        let d = Diagnostic::new("x.toml", "expected a string")
            .at(src, &(5..6))
            .with_help("quote it");
        assert_eq!(
            d.to_string(),
            "x.toml:1:6: expected a string\n  |\n1 | id = 3\n  |      ^\n  help: quote it"
        );
    }
}
