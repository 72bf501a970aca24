//! A box in the middle of the screen that asks something: a titled border, the lines inside
//! padded by a column, and the keys that answer it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::tui::Theme;

/// Columns wide, at most, of a dialog that is the whole screen (the draft-waiting screen).
pub const SCREEN_WIDTH: u16 = 72;

/// The first row of a screen that is only a dialog: `dei · <scenario title>`.
pub fn header(title: &str, area: Rect, buf: &mut Buffer, t: &Theme) {
    Line::from(vec![
        Span::styled(" dei ", t.heading),
        Span::styled(format!("· {title}"), t.dim),
    ])
    .render(area, buf);
}

/// One key and what it does: the key bold in the accent colour, padded to `pad` columns.
#[must_use]
pub fn key_line(key: &'static str, what: &'static str, pad: usize, t: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("{key:<pad$}"),
            t.accent.add_modifier(Modifier::BOLD),
        ),
        Span::raw(what),
    ])
}

/// How a dialog is framed.
pub struct Dialog<'a> {
    /// Shown in the top border.
    pub title: &'a str,
    /// The border's colour: the accent for a question, a warning colour for trouble.
    pub border: Style,
    /// The title's style.
    pub title_style: Style,
    /// Columns wide, at most.
    pub width: u16,
    /// Rows kept clear above it (a title line the screen draws itself).
    pub top: u16,
}

impl Dialog<'_> {
    /// Draws `lines` in the box, centred in `area` below its `top` rows, over what was there.
    pub fn render(&self, lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
        let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(self.top));
        let popup = Rect {
            x: area.x + area.width.saturating_sub(self.width) / 2,
            y: area.y + self.top + area.height.saturating_sub(height + self.top) / 2,
            width: self.width.min(area.width),
            height,
        };
        Clear.render(popup, buf);
        let block = Block::bordered()
            .border_style(self.border)
            .title(Span::styled(format!(" {} ", self.title), self.title_style));
        let inner = block.inner(popup);
        block.render(popup, buf);
        Paragraph::new(lines).render(
            Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(2),
                ..inner
            },
            buf,
        );
    }
}
