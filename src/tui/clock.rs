//! Time in the practice screen: the clock the shell ticks, status messages that give way to
//! the key hints, and a mock round's countdown (the nudge, the curveball, time up).

use super::app::{Action, App, STATUS_MILLIS};

impl App<'_> {
    /// Time passes: `millis` more in the current move (not counted once finished).
    ///
    /// In a mock this is the round's clock: it nudges a move that runs over, plays the
    /// curveball, and when the time is up locks the answer and scores it
    /// ([`Action::Finished`]).
    pub fn tick(&mut self, millis: u64) -> Action {
        if self.finished.is_some() {
            return Action::None;
        }
        self.age_status(millis);
        if self.read_only {
            // The draft's clock is the other window's.
            return Action::None;
        }
        self.millis += millis;
        if self.millis < 1000 {
            return Action::None;
        }
        let mut seconds = self.millis / 1000;
        self.millis %= 1000;
        if let Some(mock) = &self.session.mock {
            // A long pause ($EDITOR, a stalled loop) never runs the round past its end.
            seconds = seconds.min(mock.left(self.session.total_seconds()));
        }
        self.session.tick(seconds);
        self.dirty |= self.session.mock.is_some();
        self.mock_clock()
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

    /// Whether this is a timed mock (no live rubric, hints, lab or model answer until the end).
    #[must_use]
    pub fn is_mock(&self) -> bool {
        self.session.mock.is_some()
    }

    fn mock_clock(&mut self) -> Action {
        let spent = self.session.total_seconds();
        let stage = self.session.stage;
        let in_stage = self.session.seconds.get(&stage).copied().unwrap_or(0);
        let Some(mock) = &mut self.session.mock else {
            return Action::None;
        };
        if let Some(nudge) = mock.nudge(stage, in_stage) {
            self.status = Some(nudge);
        }
        // Before time up, so even a tick that jumps to the end has played it.
        if mock.curveball_due(spent, stage) {
            self.play_curveball(spent);
        }
        let Some(mock) = &mut self.session.mock else {
            return Action::None;
        };
        if mock.left(spent) == 0 {
            mock.timed_out = true;
            self.send_unsent();
            let action = self.finish();
            self.status = Some("Time is up: the answer is locked and scored.".into());
            return action;
        }
        Action::None
    }
}
