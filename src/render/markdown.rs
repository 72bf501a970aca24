//! Markdown for a terminal: headings, wrapped paragraphs, lists, quotes, code and tables,
//! laid out as a [`Doc`] (printed as ANSI text by `dei show`, drawn by the practice screen).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::doc::{Doc, Line, Marks, Role, Span};

/// Renders Markdown `source` as styled text wrapped at `width` columns.
#[must_use]
pub fn markdown(source: &str, width: usize) -> String {
    markdown_doc(source, width).ansi()
}

/// Markdown `source` laid out at `width` columns as a document.
#[must_use]
pub fn markdown_doc(source: &str, width: usize) -> Doc {
    let mut r = Renderer::new(width.max(20));
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(source, options) {
        r.event(event);
    }
    r.finish()
}

/// A role and the marks on it: what a piece of text is styled as.
type Style = (Role, Marks);

const PLAIN: Style = (Role::Plain, Marks::NONE);

/// Takes the trailing white space off `spans`, as far as unstyled text goes (a styled span
/// ends it, as its style's closing code would).
fn trim_end(spans: &mut Vec<Span>) {
    while let Some(last) = spans.last_mut() {
        if last.role != Role::Plain || last.marks != Marks::NONE {
            return;
        }
        let kept = last.text.trim_end().len();
        if kept > 0 {
            last.text.truncate(kept);
            return;
        }
        spans.pop();
    }
}

struct Renderer {
    width: usize,
    out: Doc,
    /// Words of the current line, styled, and its visible width.
    line: Vec<Span>,
    line_width: usize,
    /// Prefix for every line of the current block (quote bars, list indent).
    indent: Vec<String>,
    /// The first line of a list item gets its bullet instead of the indent.
    pending_bullet: Option<String>,
    styles: Vec<Style>,
    lists: Vec<Option<u64>>,
    in_code_block: bool,
    table: Option<Table>,
    link_urls: Vec<String>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: String,
    header_rows: usize,
}

impl Renderer {
    fn new(width: usize) -> Self {
        Self {
            width,
            out: Doc::new(),
            line: Vec::new(),
            line_width: 0,
            indent: Vec::new(),
            pending_bullet: None,
            styles: Vec::new(),
            lists: Vec::new(),
            in_code_block: false,
            table: None,
            link_urls: Vec::new(),
        }
    }

    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or(PLAIN)
    }

    /// The current style with `marks` added.
    fn with(&self, add: impl Fn(&mut Marks)) -> Style {
        let (role, mut marks) = self.style();
        add(&mut marks);
        (role, marks)
    }

    fn prefix(&mut self) -> String {
        let base: String = self.indent.concat();
        match self.pending_bullet.take() {
            Some(bullet) => {
                let cut = base.chars().count().saturating_sub(bullet.chars().count());
                let kept: String = base.chars().take(cut).collect();
                format!("{kept}{bullet}")
            }
            None => base,
        }
    }

    /// The last line is a blank one.
    fn after_blank(&self) -> bool {
        self.out.lines.last().is_some_and(|l| l.text().is_empty())
    }

    fn blank_line(&mut self) {
        self.flush_line();
        if !self.out.is_empty() && !self.after_blank() {
            self.out.blank();
        }
    }

    fn flush_line(&mut self) {
        if self.line.is_empty() {
            return;
        }
        let mut spans = vec![Span::plain(self.prefix())];
        let mut line = std::mem::take(&mut self.line);
        trim_end(&mut line);
        spans.extend(line);
        self.out.push(Line::new(spans));
        self.line_width = 0;
    }

    fn available(&self) -> usize {
        let indent: usize = self.indent.iter().map(|s| s.chars().count()).sum();
        self.width.saturating_sub(indent).max(10)
    }

    fn text(&mut self, text: &str) {
        if let Some(table) = &mut self.table {
            table.cell.push_str(text);
            return;
        }
        if self.in_code_block {
            for line in text.lines() {
                let prefix = self.prefix();
                self.out.push(Line::new(vec![
                    Span::plain(prefix),
                    Span::plain("    "),
                    Span::new(Role::Code, line),
                ]));
            }
            return;
        }
        let (role, marks) = self.style();
        let starts_with_space = text.starts_with(char::is_whitespace);
        for (i, word) in text.split_whitespace().enumerate() {
            let word_width = word.chars().count();
            let needs_space = self.line_width > 0 && (i > 0 || starts_with_space);
            if self.line_width + usize::from(needs_space) + word_width > self.available()
                && self.line_width > 0
            {
                self.flush_line();
            } else if needs_space {
                self.line.push(Span::plain(" "));
                self.line_width += 1;
            }
            self.line.push(Span::new(role, word).marked(marks));
            self.line_width += word_width;
        }
        if text.ends_with(char::is_whitespace) && self.line_width > 0 {
            self.line.push(Span::plain(" "));
            self.line_width += 1;
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.styles.push((Role::Code, Marks::NONE));
                self.text(&code);
                self.styles.pop();
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.flush_line(),
            Event::Rule => {
                self.blank_line();
                let rule = "─".repeat(self.available().min(40));
                self.out.push(Line::of(Role::Dim, rule));
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.blank_line();
                let style = if level == HeadingLevel::H1 {
                    (Role::Heading, Marks::UNDERLINE)
                } else {
                    (Role::Heading, Marks::NONE)
                };
                self.styles.push(style);
            }
            Tag::Paragraph if self.pending_bullet.is_none() => self.blank_line(),
            Tag::BlockQuote(_) => {
                self.blank_line();
                self.indent.push("│ ".to_owned());
            }
            Tag::CodeBlock(_) => {
                self.blank_line();
                self.in_code_block = true;
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.blank_line();
                } else {
                    self.flush_line();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush_line();
                let bullet = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let b = format!("{n}. ");
                        *n += 1;
                        b
                    }
                    _ => "• ".to_owned(),
                };
                self.indent.push(" ".repeat(bullet.chars().count()));
                self.pending_bullet = Some(bullet);
            }
            Tag::Emphasis => self.styles.push(self.with(|m| m.italic = true)),
            Tag::Strong => self.styles.push(self.with(|m| m.bold = true)),
            Tag::Strikethrough => self.styles.push(self.with(|m| m.strike = true)),
            Tag::Link { dest_url, .. } => {
                self.styles.push(self.with(|m| m.underline = true));
                self.link_urls.push(dest_url.into_string());
            }
            Tag::Table(_) => {
                self.blank_line();
                self.table = Some(Table::default());
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
                if matches!(tag, TagEnd::Heading(_)) {
                    self.flush_line();
                }
            }
            TagEnd::Paragraph => self.flush_line(),
            TagEnd::BlockQuote(_) => {
                self.flush_line();
                self.indent.pop();
            }
            TagEnd::CodeBlock => self.in_code_block = false,
            TagEnd::List(_) => {
                self.flush_line();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush_line();
                self.indent.pop();
                self.pending_bullet = None;
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some(url) = self.link_urls.pop().filter(|u| !u.starts_with('#')) {
                    self.styles.push((Role::Dim, Marks::NONE));
                    self.text(&format!(" ({url})"));
                    self.styles.pop();
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table {
                    let cell = std::mem::take(&mut t.cell);
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell.trim().to_owned());
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header_rows = t.rows.len();
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.render_table(&table);
                }
            }
            _ => {}
        }
    }

    fn render_table(&mut self, table: &Table) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in &table.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let prefix: String = self.indent.concat();
        for (r, row) in table.rows.iter().enumerate() {
            let mut line = vec![Span::plain(prefix.clone())];
            for (i, cell) in row.iter().enumerate() {
                let pad = widths[i] - cell.chars().count();
                line.push(if r < table.header_rows {
                    Span::new(Role::Strong, cell.clone())
                } else {
                    Span::plain(cell.clone())
                });
                if i + 1 < row.len() {
                    line.push(Span::plain(" ".repeat(pad + 2)));
                }
            }
            trim_end(&mut line);
            self.out.push(Line::new(line));
            if r + 1 == table.header_rows {
                let total: usize = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
                self.out.push(Line::new(vec![
                    Span::plain(prefix.clone()),
                    Span::new(Role::Dim, "─".repeat(total)),
                ]));
            }
        }
    }

    fn finish(mut self) -> Doc {
        self.flush_line();
        while self.out.lines.len() > 1 && self.after_blank() {
            self.out.lines.pop();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::plain;

    #[test]
    fn wraps_paragraphs_and_lists() {
        let text = plain(&markdown(
            "# Title\n\nOne two three four five six seven eight nine ten.\n\n- alpha beta gamma delta\n- b\n\n1. first\n2. second\n",
            24,
        ));
        assert_eq!(
            text,
            "Title\n\nOne two three four five\nsix seven eight nine\nten.\n\n• alpha beta gamma delta\n• b\n\n1. first\n2. second\n"
        );
    }

    #[test]
    fn renders_tables_and_code() {
        let text = plain(&markdown(
            "| a | bb |\n|---|---|\n| ccc | d |\n\n```\nx = 1\n```\n",
            40,
        ));
        assert_eq!(text, "a    bb\n───────\nccc  d\n\n    x = 1\n");
    }

    #[test]
    fn styles_inline_markup() {
        let styled = markdown("a **b** `c`", 40);
        assert!(styled.contains('\u{1b}'));
        assert_eq!(plain(&styled), "a b c\n");
    }
}
