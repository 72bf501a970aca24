//! Text for panels: wrapping to a width (by display columns, so CJK and emoji line up) and
//! Markdown rendered as styled lines.

use ratatui::text::{Line, Text};

pub use crate::render::doc::wrap;

/// Markdown rendered for a panel `width` columns wide: with the terminal renderer's styles
/// when colour is on, as plain text otherwise.
#[must_use]
pub fn markdown(source: &str, width: usize, color: bool) -> Vec<Line<'static>> {
    use ansi_to_tui::IntoText as _;
    let rendered = crate::render::markdown(source, width);
    let text = if color {
        rendered
            .into_text()
            .unwrap_or_else(|_| Text::raw(crate::render::plain(&rendered)))
    } else {
        Text::raw(crate::render::plain(&rendered))
    };
    text.lines
}
