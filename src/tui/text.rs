//! Text for panels: wrapping to a width (by display columns, so CJK and emoji line up) and
//! Markdown rendered as styled lines.

use ratatui::text::{Line, Text};
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

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

#[cfg(test)]
mod tests {
    use super::*;

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
