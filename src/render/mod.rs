//! Turning results into text for a terminal: Markdown prompts, scenario listings and
//! scorecards. Functions return strings with ANSI styles; the shell decides whether the styles
//! reach the terminal (they are stripped for pipes and under `NO_COLOR`).

mod followups;
mod markdown;
mod scorecard;

pub use followups::followups;
pub use markdown::markdown;
pub use scorecard::{explanation, scorecard};

use anstyle::{AnsiColor, Effects, Style};

/// Styles used across the output, so every screen speaks the same visual language.
pub mod styles {
    use super::{AnsiColor, Effects, Style};

    /// Headings and titles.
    pub const HEADING: Style = Style::new()
        .bold()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
    /// Emphasised text.
    pub const STRONG: Style = Style::new().bold();
    /// Italic text.
    pub const EMPHASIS: Style = Style::new().italic();
    /// Inline code and ids.
    pub const CODE: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
    /// Secondary information.
    pub const DIM: Style = Style::new().effects(Effects::DIMMED);
    /// Something earned.
    pub const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
    /// Something to fix.
    pub const BAD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
    /// In between.
    pub const WARN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
}

/// Wraps `text` in `style`.
#[must_use]
pub fn paint(style: Style, text: &str) -> String {
    if style == Style::new() {
        text.to_owned()
    } else {
        format!("{style}{text}{style:#}")
    }
}

/// Removes ANSI styles, for tests and plain output.
#[must_use]
pub fn plain(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}
