//! `dei`: practise data-engineering system-design interviews in the terminal.
//!
//! The library is the pure core: scenarios and their checks ([`scenario`]), the rubric
//! ([`rubric`]), Markdown answers ([`answer`]) and the scorer ([`score`]), with the word
//! matching they share ([`text`]). It prints nothing and reads no clock; the binary's shell
//! (`cli.rs`, `commands/` and `main.rs`) does the talking.

pub mod answer;
pub mod calc;
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
