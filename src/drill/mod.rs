//! The night-before drill, the pure part: flashcards built from the rubric and the scenarios
//! ([`Deck`]), an SM-2 scheduler ([`CardState::review`]), the candidate's past misses
//! ([`Misses`]) that bring cards forward, and the saved state ([`DrillState`]). No terminal,
//! no clock and no files: the shell passes in today's [`Day`] and the history, and saves the
//! state through [`crate::store`].

mod cards;
mod day;
pub mod estimate;
mod misses;
mod schedule;
mod state;

pub use cards::{CHECKLIST, Card, CardKind, Deck};
pub use day::{Day, DayError};
pub use estimate::{Estimate, Verdict};
pub use misses::{Misses, Summary, SummaryItem, summary};
pub use schedule::{CardState, Grade, MAX_INTERVAL, MIN_EASE, START_EASE, short_interval};
pub use state::{DRILL_FORMAT, DrillState, NEW_PER_SESSION};
