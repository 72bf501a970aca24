//! Time in the practice screen: the clock the shell ticks, passed on to the round (a mock's
//! countdown, nudge, curveball and time up are [`crate::practice::round::Round::tick`]'s), and
//! status messages that give way to the key hints.

use super::app::{Action, App, STATUS_MILLIS};

impl App<'_> {
    /// Time passes: `millis` more in the current move (not counted once finished).
    ///
    /// In a mock this is the round's clock: it nudges a move that runs over, plays the
    /// curveball, and when the time is up locks the answer and scores it
    /// ([`Action::Finished`]).
    pub fn tick(&mut self, millis: u64) -> Action {
        if self.is_finished() {
            return Action::None;
        }
        self.age_status(millis);
        if self.read_only {
            // The draft's clock is the other window's.
            return Action::None;
        }
        let happened = self.round_mut().tick(millis);
        self.apply(&happened)
    }

    /// Clears a status message once it has been up for [`STATUS_MILLIS`].
    pub(super) fn age_status(&mut self, millis: u64) {
        let Some(status) = &self.status else {
            self.status_shown = None;
            return;
        };
        let age = match &self.status_shown {
            Some((shown, age)) if shown == status => age + millis,
            _ => millis,
        };
        if age >= STATUS_MILLIS {
            self.status = None;
            self.status_shown = None;
        } else {
            self.status_shown = Some((status.clone(), age));
        }
    }
}
