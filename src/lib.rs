//! `dei`: practise data-engineering system-design interviews in the terminal.
//!
//! The pure core: scenarios and their checks ([`scenario`]), the rubric ([`rubric`]),
//! Markdown answers ([`answer`]) and the scorer ([`score`]) with the word matching they share
//! ([`text`]), the calculator ([`calc`]) and simulator ([`sim`]), a practice session's draft,
//! interviewer, lab and mock clock ([`practice`]), the drill's cards and scheduler ([`drill`])
//! and history statistics ([`progress`]). None of it prints, reads a clock or touches a
//! terminal: time and randomness come in as values.
//!
//! Two shell layers live here too, so screens can be snapshot-tested and benchmarked:
//! [`store`] (user data on disk, written atomically) and [`tui`] (the full-screen practice,
//! mock and drill). The binary's `cli.rs`, `commands/` and `main.rs` do the rest of the
//! talking.

pub mod answer;
pub mod calc;
pub mod calibrate;
pub mod drill;
pub mod practice;
pub mod progress;
pub mod render;
pub mod rubric;
pub mod scenario;
pub mod score;
pub mod sim;
pub mod store;
pub mod suggest;
pub mod text;
pub mod textfile;
pub mod tui;
