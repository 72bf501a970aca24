//! The practice screen: ratatui widgets and screens over the pure [`crate::practice`] core.
//! This is shell: it owns the terminal, reads keys and the clock, and writes files through
//! [`crate::store`].

pub mod theme;
pub mod widgets;

pub use theme::Theme;
