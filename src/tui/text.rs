//! Text for panels: wrapping to a width (by display columns, so CJK and emoji line up) and
//! Markdown drawn as styled lines.

use ratatui::text::Line;

use crate::render::doc::Palette;

pub use crate::render::doc::wrap;

/// Markdown rendered for a panel `width` columns wide, in the screen's `palette`: the very
/// document `dei show` prints.
#[must_use]
pub fn markdown(source: &str, width: usize, palette: Palette) -> Vec<Line<'static>> {
    super::doc::lines(&crate::render::markdown_doc(source, width), palette)
}
