//! The parts of the practice screen, one file each, as methods on [`crate::tui::App`]:
//! [`super::view`] lays them out.

mod conversation;
mod help;
mod scorecard;
mod scratchpad;
mod side;
mod sketch;
