//! The practice screen: ratatui widgets and screens over the pure [`crate::practice`] core.
//! This is shell: it owns the terminal, reads keys and the clock, and writes files through
//! [`crate::store`]. [`App`] holds the editors, scroll, focus and status over a
//! [`crate::practice::Round`] and maps keys to calls on it and to [`Action`]s; [`view`] draws
//! it; [`run`] drives the terminal.

pub mod app;
pub mod busy;
mod clock;
pub mod doc;
pub mod drill;
mod input;
mod reopen;
pub mod report;
pub mod rescue;
pub mod run;
mod saving;
mod screens;
pub mod signals;
pub mod start;
pub mod text;
pub mod theme;
pub mod view;
pub mod widgets;

pub use app::{Action, App};
pub use theme::Theme;
