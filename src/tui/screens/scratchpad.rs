//! The Size scratchpad: the text, with each `=` line's result beside it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use crate::tui::app::App;
use crate::tui::text::wrap;
use crate::tui::view::truncate;

impl App<'_> {
    pub(in crate::tui) fn scratchpad(&self, area: Rect, buf: &mut Buffer) {
        let block = self.panel("Scratchpad", true);
        let inner = block.inner(area);
        block.render(area, buf);
        let results_width = (inner.width * 2 / 5).clamp(16, 40);
        let [text, gap, results] = Layout::horizontal([
            Constraint::Min(20),
            Constraint::Length(1),
            Constraint::Length(results_width),
        ])
        .areas(inner);
        let editor = self.editor();
        editor.render(text, buf);
        self.placeholder_in(text, buf);
        for y in 0..gap.height {
            buf.set_string(gap.x, gap.y + y, "│", self.theme.dim);
        }
        let worked = self.worked();
        if worked.is_empty() {
            return;
        }
        // Each result sits on the first screen row of its line, wherever wrapping put it.
        let top = editor.scroll_offset().0 as usize;
        let room = results.width as usize;
        // An error longer than the column continues on the rows below, until the next line
        // with a result of its own.
        let mut overflow: Vec<String> = Vec::new();
        for y in 0..results.height {
            let row = top + y as usize;
            let line = editor.screen_to_data(row, 0).0;
            // A continuation row, or a row past the text (which maps to the last line).
            let fresh = row == 0 || editor.screen_to_data(row - 1, 0).0 != line;
            let result = worked.iter().find(|w| fresh && w.line == line);
            let (text, style) = match result.map(|w| &w.result) {
                Some(Ok(value)) => {
                    overflow.clear();
                    (truncate(&format!("= {value}"), room), self.theme.code)
                }
                Some(Err(e)) => {
                    let mut lines = wrap(&format!("✗ {e}"), room).into_iter();
                    let first = lines.next().unwrap_or_default();
                    overflow = lines.rev().collect();
                    (first, self.theme.bad)
                }
                None => match overflow.pop() {
                    Some(more) => (more, self.theme.bad),
                    None => continue,
                },
            };
            buf.set_stringn(results.x, results.y + y, text, room, style);
        }
    }
}
