//! The screen's styles. With colour they follow the scorecard's palette; under `NO_COLOR`
//! only bold, reverse and underline remain, so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

/// Styles used by every screen and widget.
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
}

impl Theme {
    /// Colours on.
    #[must_use]
    pub fn color() -> Self {
        Self {
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            good: Style::new().fg(Color::Green),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Yellow),
            accent: Style::new().fg(Color::Cyan),
            code: Style::new().fg(Color::Yellow),
            interviewer: Style::new().fg(Color::Magenta),
        }
    }

    /// No colour (`NO_COLOR`, `--color never`): emphasis by weight and underline only.
    #[must_use]
    pub fn plain() -> Self {
        Self {
            heading: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new(),
            good: Style::new(),
            bad: Style::new().add_modifier(Modifier::BOLD),
            warn: Style::new().add_modifier(Modifier::UNDERLINED),
            accent: Style::new().add_modifier(Modifier::BOLD),
            code: Style::new(),
            interviewer: Style::new().add_modifier(Modifier::ITALIC),
        }
    }
}
