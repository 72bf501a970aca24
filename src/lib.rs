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
//!
//! # Layers
//!
//! Each module imports only the modules of the layers below its own (`tests/layering.rs`
//! checks it, and that no two files of a module import each other):
//!
//! 1. The ground floor, importing nothing of dei's: [`text`] (tokens, word patterns,
//!    printable text, small formatters), [`suggest`] ("did you mean"), [`textfile`] (reading
//!    a user's file safely) and [`vocab`] (the five moves and how a scenario adapts the
//!    rubric: the words scenarios and the rubric share).
//! 2. [`content`]: the built-in files (scenarios, prompts, rubrics, reference numbers),
//!    embedded at build time, and where a reader's files come from, built in or the user's.
//!    Every reader of content goes through it.
//! 3. [`calc`], then [`sim`], which owns its load profiles (a scenario holds them; the
//!    simulator never needs the scenario).
//! 4. [`rubric`] (the global rubric, adapted by a scenario's [`vocab::RubricOverrides`]),
//!    then [`scenario`] (reading, sizing and checking scenario files, against the rubric).
//! 5. [`answer`], then [`score`], then [`calibrate`].
//! 6. [`practice`], [`drill`], [`progress`] and [`render`], in that order.
//! 7. The shell: [`store`], then [`tui`].

pub mod answer;
pub mod calc;
pub mod calibrate;
pub mod content;
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
pub mod vocab;
