//! The ratatui back end of [`crate::render::Doc`]: each span styled by the screen's palette,
//! so the practice screen shows the very document `dei score` prints, with no ANSI text parsed
//! back.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::render::doc::{Colour, Doc, Look, Palette, Span as DocSpan};

/// A palette's look as a ratatui style.
#[must_use]
pub fn style(look: Look) -> Style {
    let mut style = Style::new();
    if let Some(colour) = look.fg {
        style = style.fg(match colour {
            Colour::Cyan => Color::Cyan,
            Colour::Yellow => Color::Yellow,
            Colour::Green => Color::Green,
            Colour::Red => Color::Red,
            Colour::Magenta => Color::Magenta,
            Colour::DarkGray => Color::DarkGray,
        });
    }
    for (on, modifier) in [
        (look.bold, Modifier::BOLD),
        (look.italic, Modifier::ITALIC),
        (look.dim, Modifier::DIM),
        (look.underline, Modifier::UNDERLINED),
    ] {
        if on {
            style = style.add_modifier(modifier);
        }
    }
    style
}

/// The style of one span: its role's look in `palette`, its marks on top.
#[must_use]
pub fn span_style(span: &DocSpan, palette: Palette) -> Style {
    let mut style = style(palette.look(span.role));
    for (on, modifier) in [
        (span.marks.bold, Modifier::BOLD),
        (span.marks.italic, Modifier::ITALIC),
        (span.marks.underline, Modifier::UNDERLINED),
        (span.marks.strike, Modifier::CROSSED_OUT),
    ] {
        if on {
            style = style.add_modifier(modifier);
        }
    }
    style
}

/// `doc` as ratatui lines in `palette`.
#[must_use]
pub fn lines(doc: &Doc, palette: Palette) -> Vec<Line<'static>> {
    doc.lines
        .iter()
        .map(|line| {
            Line::from(
                line.spans
                    .iter()
                    .map(|s| Span::styled(s.text.clone(), span_style(s, palette)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::doc::{Line as DocLine, Marks, Role};

    #[test]
    fn each_span_keeps_its_text_and_takes_its_roles_look() {
        let mut doc = Doc::new();
        doc.push(DocLine::new(vec![
            DocSpan::new(Role::Heading, "Moves"),
            DocSpan::plain(" "),
            DocSpan::new(Role::Good, "ok").marked(Marks::BOLD),
        ]));
        doc.blank();
        let shown = lines(&doc, Palette::COLOR);
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[0].spans[0].content, "Moves");
        assert_eq!(
            shown[0].spans[0].style,
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            shown[0].spans[2].style,
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
        );
        assert!(shown[1].spans.is_empty());
        // Without colour only weight and slant are left.
        let plain = lines(&doc, Palette::PLAIN);
        assert_eq!(
            plain[0].spans[0].style,
            Style::new().add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            plain[0].spans[2].style,
            Style::new().add_modifier(Modifier::BOLD)
        );
    }
}
