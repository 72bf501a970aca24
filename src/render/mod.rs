//! Turning results into text for a terminal: Markdown prompts, scenario listings and
//! scorecards. Functions return strings with ANSI styles; the shell decides whether the styles
//! reach the terminal (they are stripped for pipes and under `NO_COLOR`).

pub mod doc;
mod followups;
mod markdown;
pub mod report;
mod scorecard;
pub mod session;

pub use doc::{Doc, Role};

pub use followups::followups;
pub use followups::followups_doc;
pub use markdown::{markdown, markdown_doc};
pub use scorecard::{explanation, explanation_doc, scorecard, scorecard_doc};

use anstyle::Style;

/// The palette's roles as ANSI styles, for output printed without a [`Doc`]; every style
/// comes from [`doc::Palette`], the one table of how each role looks.
pub mod styles {
    use super::Style;
    use super::doc::{Palette, Role};

    /// Headings and titles.
    pub const HEADING: Style = Palette::COLOR.look(Role::Heading).anstyle();
    /// Emphasised text.
    pub const STRONG: Style = Palette::COLOR.look(Role::Strong).anstyle();
    /// Italic text.
    pub const EMPHASIS: Style = Palette::COLOR.look(Role::Emphasis).anstyle();
    /// Inline code and ids.
    pub const CODE: Style = Palette::COLOR.look(Role::Code).anstyle();
    /// Secondary information.
    pub const DIM: Style = Palette::COLOR.look(Role::Dim).anstyle();
    /// Something earned.
    pub const GOOD: Style = Palette::COLOR.look(Role::Good).anstyle();
    /// Something to fix.
    pub const BAD: Style = Palette::COLOR.look(Role::Bad).anstyle();
    /// In between.
    pub const WARN: Style = Palette::COLOR.look(Role::Warn).anstyle();
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
