//! Text for panels: wrapping to a width (by display columns, so CJK and emoji line up) and
//! Markdown drawn as styled lines.

use ratatui::text::Line;

use crate::render::doc::Palette;

pub use crate::render::doc::wrap;

/// The widest a line of prose runs, for reading (about 100 columns).
pub(super) const READING_WIDTH: usize = 100;

/// `text` cut to `width` columns with an ellipsis.
pub(in crate::tui) fn truncate(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Markdown rendered for a panel `width` columns wide, in the screen's `palette`: the very
/// document `dei show` prints.
#[must_use]
pub fn markdown(source: &str, width: usize, palette: Palette) -> Vec<Line<'static>> {
    super::doc::lines(&crate::render::markdown_doc(source, width), palette)
}
