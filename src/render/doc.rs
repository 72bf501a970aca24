//! One typed document for everything dei shows: lines of spans, each span with a semantic
//! [`Role`] (a heading, something earned, something to fix, a quote) and typographic
//! [`Marks`] (bold, italic), never a colour. A screen builds it once and a back end renders
//! it: ANSI text for the terminal ([`Doc::ansi`]), Markdown ([`Doc::markdown`]) and, in the
//! shell, ratatui lines (`tui::doc`). The one [`Palette`] says how each role looks, in colour
//! and without.
//!
//! Lines are laid out when the document is built (wrapped for a width), as a terminal shows
//! them, so every back end shows the same lines.

use anstyle::{AnsiColor, Effects, Style};
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// What a piece of text is, for the palette to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Ordinary text.
    Plain,
    /// Headings and titles.
    Heading,
    /// Emphasised text (a score).
    Strong,
    /// Text set apart: a quote from the answer, a question asked.
    Emphasis,
    /// Inline code, ids and calculator results.
    Code,
    /// Secondary information in a document: advice, reasons, notes.
    Dim,
    /// Something earned or holding.
    Good,
    /// Something to fix.
    Bad,
    /// In between: a number somewhat off, a nudge.
    Warn,
    /// The screen's furniture: borders of inactive panels, hints, labels.
    Muted,
    /// Trouble the screen must not let pass unseen: a failed save, a breaking design.
    Alarm,
    /// The focused panel's border and the selected item.
    Accent,
    /// The interviewer's lines.
    Interviewer,
}

/// Typographic emphasis on top of a role (Markdown's strong and emphasis, a link).
// Independent effects that combine freely, as in a terminal's SGR codes, not states.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Marks {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underlined.
    pub underline: bool,
    /// Struck through.
    pub strike: bool,
}

impl Marks {
    /// No marks.
    pub const NONE: Self = Self {
        bold: false,
        italic: false,
        underline: false,
        strike: false,
    };
    /// Bold only.
    pub const BOLD: Self = Self {
        bold: true,
        ..Self::NONE
    };
    /// Underlined only.
    pub const UNDERLINE: Self = Self {
        underline: true,
        ..Self::NONE
    };
}

/// A run of text in one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text (no line breaks).
    pub text: String,
    /// What it is.
    pub role: Role,
    /// Emphasis on top.
    pub marks: Marks,
}

impl Span {
    /// `text` in `role`.
    #[must_use]
    pub fn new(role: Role, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            role,
            marks: Marks::NONE,
        }
    }

    /// Ordinary text.
    #[must_use]
    pub fn plain(text: impl Into<String>) -> Self {
        Self::new(Role::Plain, text)
    }

    /// The same span with `marks`.
    #[must_use]
    pub fn marked(mut self, marks: Marks) -> Self {
        self.marks = marks;
        self
    }
}

/// What a line is, for a back end that marks structure (Markdown); the terminal back ends
/// show only the spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A line of text.
    #[default]
    Text,
    /// A heading of this level (1 the title).
    Heading(u8),
    /// A quoted line.
    Quote,
}

/// One line of spans; an empty line is a blank one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    /// The spans, left to right.
    pub spans: Vec<Span>,
    /// What the line is.
    pub kind: Kind,
}

impl Line {
    /// A line of `spans`.
    #[must_use]
    pub fn new(spans: Vec<Span>) -> Self {
        Self {
            spans,
            kind: Kind::Text,
        }
    }

    /// A line of one span of `text` in `role`.
    #[must_use]
    pub fn of(role: Role, text: impl Into<String>) -> Self {
        Self::new(vec![Span::new(role, text)])
    }

    /// A heading of `level` (1 the title), in the heading role.
    #[must_use]
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Self {
            kind: Kind::Heading(level),
            ..Self::of(Role::Heading, text)
        }
    }

    /// A quoted line of `spans`.
    #[must_use]
    pub fn quote(spans: Vec<Span>) -> Self {
        Self {
            spans,
            kind: Kind::Quote,
        }
    }

    /// The text without styles.
    #[must_use]
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A document: lines of styled spans.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
}

impl Doc {
    /// An empty document.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a line.
    pub fn push(&mut self, line: Line) {
        self.lines.push(line);
    }

    /// Adds a blank line.
    pub fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// Adds the lines of `other`.
    pub fn extend(&mut self, other: Self) {
        self.lines.extend(other.lines);
    }

    /// Whether it has no lines.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// `text` wrapped at `width` columns (on spaces) in `role`, each line after `indent`.
    pub fn wrapped(&mut self, text: &str, indent: &str, width: usize, role: Role) {
        for line in wrap_words(text, width) {
            self.push(Line::new(vec![Span::plain(indent), Span::new(role, line)]));
        }
    }

    /// The document as text with ANSI styles, each line ending in a line break (the shell
    /// strips the styles for pipes and under `NO_COLOR`).
    #[must_use]
    pub fn ansi(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            for span in &line.spans {
                out.push_str(&paint_span(span));
            }
            out.push('\n');
        }
        out
    }

    /// The document as plain text, each line ending in a line break.
    #[must_use]
    pub fn plain(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(&line.text());
            out.push('\n');
        }
        out
    }

    /// The document as Markdown: a heading line as `#` marks of its level, a quoted line
    /// after `> `, strong and emphasis (the roles, or the marks) as `**` and `*`, code in
    /// backticks, every other span as its text. Text is written as it is, since it is Markdown
    /// already where it comes from an answer (the candidate's own `code` and *emphasis* stay).
    #[must_use]
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            match line.kind {
                Kind::Heading(level) => {
                    out.push_str(&"#".repeat(usize::from(level.max(1))));
                    out.push(' ');
                }
                Kind::Quote => out.push_str("> "),
                Kind::Text => {}
            }
            for span in &line.spans {
                out.push_str(&markdown_span(span));
            }
            out.push('\n');
        }
        out
    }
}

/// One span as Markdown; spaces at its ends stay outside the markers.
fn markdown_span(span: &Span) -> String {
    let text = span.text.as_str();
    let core = text.trim();
    if core.is_empty() {
        return text.to_owned();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let tail = &text[text.trim_end().len()..];
    let marked = match span.role {
        Role::Code => format!("`{core}`"),
        Role::Strong => format!("**{core}**"),
        Role::Emphasis => format!("*{core}*"),
        _ if span.marks.bold => format!("**{core}**"),
        _ if span.marks.italic => format!("*{core}*"),
        _ => core.to_owned(),
    };
    format!("{lead}{marked}{tail}")
}

/// `text` in lines of at most `width` columns, broken at spaces (a word longer than a line
/// has a line of its own); nothing for text without words.
#[must_use]
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps `text` at `width` columns: on spaces where it can, inside a word longer than a line
/// where it must. Line breaks in `text` are kept; an empty line stays empty.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = word.width();
            if line_width > 0 && line_width + 1 + word_width > width {
                out.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if line_width > 0 {
                line.push(' ');
                line_width += 1;
            }
            if word_width <= width - line_width.min(width) {
                line.push_str(word);
                line_width += word_width;
                continue;
            }
            // A word longer than the line: break it where the columns run out.
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if line_width + w > width && line_width > 0 {
                    out.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        out.push(line);
    }
    out
}

/// A colour of the palette (the terminal's own sixteen, so its theme decides the shade).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Cyan.
    Cyan,
    /// Yellow.
    Yellow,
    /// Green.
    Green,
    /// Red.
    Red,
    /// Magenta.
    Magenta,
    /// Dark grey (bright black).
    DarkGray,
}

/// How a role looks: a colour and effects.
// Independent effects that combine freely, as in a terminal's SGR codes, not states.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// The text colour; `None` keeps the terminal's.
    pub fg: Option<Colour>,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Dimmed.
    pub dim: bool,
    /// Underlined.
    pub underline: bool,
}

impl Look {
    /// The terminal's own text.
    pub const PLAIN: Self = Self {
        fg: None,
        bold: false,
        italic: false,
        dim: false,
        underline: false,
    };

    const fn fg(colour: Colour) -> Self {
        Self {
            fg: Some(colour),
            ..Self::PLAIN
        }
    }

    const fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    /// This look as an ANSI style.
    #[must_use]
    pub const fn anstyle(self) -> Style {
        let mut effects = Effects::new();
        if self.bold {
            effects = effects.insert(Effects::BOLD);
        }
        if self.italic {
            effects = effects.insert(Effects::ITALIC);
        }
        if self.dim {
            effects = effects.insert(Effects::DIMMED);
        }
        if self.underline {
            effects = effects.insert(Effects::UNDERLINE);
        }
        let fg = match self.fg {
            None => None,
            Some(colour) => Some(anstyle::Color::Ansi(match colour {
                Colour::Cyan => AnsiColor::Cyan,
                Colour::Yellow => AnsiColor::Yellow,
                Colour::Green => AnsiColor::Green,
                Colour::Red => AnsiColor::Red,
                Colour::Magenta => AnsiColor::Magenta,
                Colour::DarkGray => AnsiColor::BrightBlack,
            })),
        };
        Style::new().effects(effects).fg_color(fg)
    }
}

/// How every role looks: one table, with colour or without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// `false` for the palette without colour (`NO_COLOR`).
    pub color: bool,
}

impl Palette {
    /// Colours on.
    pub const COLOR: Self = Self { color: true };
    /// No colour (`NO_COLOR`, `--color never`): emphasis by weight, slant and underline only,
    /// so nothing depends on colour alone.
    pub const PLAIN: Self = Self { color: false };

    /// How `role` looks.
    #[must_use]
    pub const fn look(self, role: Role) -> Look {
        if self.color {
            color_look(role)
        } else {
            plain_look(role)
        }
    }
}

/// The colour palette.
const fn color_look(role: Role) -> Look {
    match role {
        Role::Plain => Look::PLAIN,
        Role::Heading => Look::fg(Colour::Cyan).bold(),
        Role::Strong => Look::PLAIN.bold(),
        Role::Emphasis => Look {
            italic: true,
            ..Look::PLAIN
        },
        Role::Code | Role::Warn => Look::fg(Colour::Yellow),
        Role::Dim => Look {
            dim: true,
            ..Look::PLAIN
        },
        Role::Good => Look::fg(Colour::Green),
        Role::Bad => Look::fg(Colour::Red),
        Role::Muted => Look::fg(Colour::DarkGray),
        Role::Alarm => Look::fg(Colour::Red).bold(),
        Role::Accent => Look::fg(Colour::Cyan),
        Role::Interviewer => Look::fg(Colour::Magenta),
    }
}

/// The palette without colour.
const fn plain_look(role: Role) -> Look {
    match role {
        Role::Plain | Role::Code | Role::Dim | Role::Good | Role::Muted => Look::PLAIN,
        Role::Heading | Role::Strong | Role::Bad | Role::Alarm | Role::Accent => Look::PLAIN.bold(),
        Role::Emphasis | Role::Interviewer => Look {
            italic: true,
            ..Look::PLAIN
        },
        Role::Warn => Look {
            underline: true,
            ..Look::PLAIN
        },
    }
}

/// The ANSI style of a span: its role's colour look with its marks on top.
#[must_use]
pub fn span_style(span: &Span) -> Style {
    let mut style = Palette::COLOR.look(span.role).anstyle();
    if span.marks.bold {
        style = style.bold();
    }
    if span.marks.italic {
        style = style.italic();
    }
    if span.marks.underline {
        style = style.underline();
    }
    if span.marks.strike {
        style = style.strikethrough();
    }
    style
}

/// A span with its ANSI style around it (as [`super::paint`] does).
fn paint_span(span: &Span) -> String {
    super::paint(span_style(span), &span.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Doc {
        let mut doc = Doc::new();
        doc.push(Line::of(Role::Heading, "Moves"));
        doc.push(Line::new(vec![
            Span::plain("  "),
            Span::new(Role::Good, "✓"),
            Span::plain(" "),
            Span::new(Role::Code, "tradeoffs"),
            Span::plain("  Names the *trade-off*"),
        ]));
        doc.blank();
        doc.wrapped("one two three four", "    ", 9, Role::Dim);
        doc
    }

    #[test]
    fn one_document_three_ways() {
        let doc = doc();
        assert_eq!(
            doc.plain(),
            "Moves\n  ✓ tradeoffs  Names the *trade-off*\n\n    one two\n    three\n    four\n"
        );
        assert_eq!(super::super::plain(&doc.ansi()), doc.plain());
        assert!(
            doc.ansi().contains("\u{1b}[1m\u{1b}[36mMoves"),
            "{:?}",
            doc.ansi()
        );
        assert_eq!(
            doc.markdown(),
            "Moves\n  ✓ `tradeoffs`  Names the *trade-off*\n\n    one two\n    three\n    four\n"
        );
        let mut md = Doc::new();
        md.push(Line::heading(2, "Red flags"));
        md.push(Line::new(vec![
            Span::plain("- "),
            Span::new(Role::Strong, "Bulletproof"),
            Span::plain(" ("),
            Span::new(Role::Code, "bulletproof"),
            Span::plain(", -5)"),
        ]));
        md.push(Line::quote(vec![Span::new(
            Role::Emphasis,
            " it never fails ",
        )]));
        assert_eq!(
            md.markdown(),
            "## Red flags\n- **Bulletproof** (`bulletproof`, -5)\n>  *it never fails* \n"
        );
    }

    #[test]
    fn the_palette_is_the_one_the_terminal_output_always_had() {
        let look = |role| Palette::COLOR.look(role).anstyle();
        assert_eq!(
            look(Role::Heading),
            Style::new()
                .bold()
                .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)))
        );
        assert_eq!(look(Role::Dim), Style::new().effects(Effects::DIMMED));
        assert_eq!(look(Role::Plain), Style::new());
        // Without colour, nothing is told by colour alone.
        for role in [Role::Good, Role::Code, Role::Muted] {
            assert_eq!(Palette::PLAIN.look(role), Look::PLAIN);
        }
        assert!(Palette::PLAIN.look(Role::Bad).bold);
        assert!(Palette::PLAIN.look(Role::Warn).underline);
    }

    #[test]
    fn words_wrap_at_spaces_and_a_long_word_keeps_its_line() {
        assert_eq!(wrap_words("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap_words("abcdefgh x", 4), ["abcdefgh", "x"]);
        assert!(wrap_words("   ", 4).is_empty());
    }

    #[test]
    fn wraps_on_spaces_and_keeps_breaks() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn long_words_and_wide_characters_fit_the_width() {
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        for line in wrap("数据工程 系统设计 面试 练习 🚀🚀🚀🚀🚀", 5) {
            assert!(line.width() <= 5, "{line:?}");
        }
        assert_eq!(wrap("x", 0), ["x"]);
    }
}
