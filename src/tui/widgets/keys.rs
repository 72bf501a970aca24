//! The F1 overlay every screen shares: a centred box listing keys and what they do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr as _;

use crate::tui::Theme;

/// Keys and what they do, drawn over the screen until any key closes it.
pub struct KeyHelp<'a> {
    keys: &'a [(&'a str, &'a str)],
    theme: &'a Theme,
    width: u16,
}

impl<'a> KeyHelp<'a> {
    /// The overlay for `keys`, at most `width` columns wide.
    #[must_use]
    pub fn new(keys: &'a [(&'a str, &'a str)], theme: &'a Theme, width: u16) -> Self {
        Self { keys, theme, width }
    }
}

impl Widget for KeyHelp<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let width = self.width.min(area.width.saturating_sub(4));
        let key_width = self.keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 2;
        // A description too long for the box continues under itself.
        let text_width = (width as usize).saturating_sub(key_width + 3).max(10);
        let mut lines = vec![Line::default()];
        for (key, what) in self.keys {
            for (i, part) in crate::tui::text::wrap(what, text_width)
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { *key } else { "" };
                let pad = key_width.saturating_sub(lead.width());
                lines.push(Line::from(vec![
                    Span::styled(
                        format!(" {lead}{}", " ".repeat(pad)),
                        t.accent.add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(part),
                ]));
            }
        }
        if lines.len() + 4 > area.height as usize {
            // Tight: the opening blank line goes first.
            lines.remove(0);
        }
        let height = (lines.len() as u16 + 2).min(area.height);
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        Clear.render(popup, buf);
        let block = Block::bordered()
            .border_style(t.accent)
            .title(Span::styled(" Keys · any key closes ", t.heading));
        let inner = block.inner(popup);
        block.render(popup, buf);
        Paragraph::new(lines).render(inner, buf);
    }
}
