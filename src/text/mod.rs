//! Text analysis shared by the scorer and (later) the interviewer: turning prose into
//! normalised words with their byte spans, and matching short word patterns against them.
//!
//! Patterns are the vocabulary of every content file (`asks`, `aliases`, `mentions`, ...), so
//! one small, documented syntax serves scenario authors and the scorer alike.

mod pattern;
mod tokenize;

pub use pattern::{Match, Pattern, PatternError, PatternSet};
pub use tokenize::{Token, tokenize};
