//! Practice sessions, the pure part: the draft a candidate builds move by move, the round
//! that plays it, the interviewer that answers and follows up, the scratchpad, the sketch, the
//! simulation lab and the history entry a finished session becomes. No terminal and no
//! clock: the shell passes time in.

pub mod interviewer;
pub mod lab;
pub mod mock;
pub mod record;
pub mod round;
pub mod scratchpad;
pub mod session;
pub mod sketch;
pub mod unasked;

pub use interviewer::Interviewer;
pub use record::HistoryEntry;
pub use round::Round;
pub use session::{Exchange, Mode, Pin, Session, Speaker, Turn};
