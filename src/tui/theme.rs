//! The screen's styles, taken from the one palette ([`crate::render::doc::Palette`]) that
//! `dei score` prints with too; under `NO_COLOR` only bold, italic, reverse and underline
//! remain, so nothing depends on colour alone.

use ratatui::style::Style;

use crate::render::doc::{Palette, Role};

/// Styles used by every screen and widget: the roles of the one [`Palette`] as ratatui
/// styles, with the palette itself for documents ([`crate::render::Doc`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Headings, titles and the current move.
    pub heading: Style,
    /// Secondary text: hints, labels, borders of inactive panels.
    pub dim: Style,
    /// Something earned or holding.
    pub good: Style,
    /// Something to fix: a red flag, a breaking design, a missing reason.
    pub bad: Style,
    /// In between: a number somewhat off, a nudge.
    pub warn: Style,
    /// The focused panel's border and the selected item.
    pub accent: Style,
    /// Inline code, ids and calculator results.
    pub code: Style,
    /// The interviewer's lines.
    pub interviewer: Style,
    /// How every role looks: documents are drawn with it.
    pub palette: Palette,
}

impl Theme {
    /// The styles of `palette`.
    #[must_use]
    pub fn of(palette: Palette) -> Self {
        let look = |role| super::doc::style(palette.look(role));
        Self {
            heading: look(Role::Heading),
            dim: look(Role::Muted),
            good: look(Role::Good),
            bad: look(Role::Alarm),
            warn: look(Role::Warn),
            accent: look(Role::Accent),
            code: look(Role::Code),
            interviewer: look(Role::Interviewer),
            palette,
        }
    }

    /// Colours on.
    #[must_use]
    pub fn color() -> Self {
        Self::of(Palette::COLOR)
    }

    /// No colour (`NO_COLOR`, `--color never`): emphasis by weight and underline only.
    #[must_use]
    pub fn plain() -> Self {
        Self::of(Palette::PLAIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn the_themes_are_the_palettes_roles() {
        let t = Theme::color();
        assert_eq!(
            t.heading,
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        );
        assert_eq!(t.dim, Style::new().fg(Color::DarkGray));
        assert_eq!(
            t.bad,
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        );
        assert_eq!(t.interviewer, Style::new().fg(Color::Magenta));
        let p = Theme::plain();
        assert_eq!(p.dim, Style::new());
        assert_eq!(p.warn, Style::new().add_modifier(Modifier::UNDERLINED));
        assert_eq!(p.interviewer, Style::new().add_modifier(Modifier::ITALIC));
    }
}
