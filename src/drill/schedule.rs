//! The scheduler: SM-2 (Wozniak, 1990) with four grades, as Anki adapted it. Each card keeps
//! an ease factor and an interval; a good answer multiplies the interval by the ease, a
//! lapse starts the card over. Time is a [`Day`] passed in, never read here.
//!
//! Why SM-2 rather than FSRS: FSRS earns its keep by fitting its parameters to thousands of
//! a user's reviews; a candidate cramming for an interview has a few hundred at most, where
//! FSRS runs on defaults and SM-2 does as well. SM-2 is also small enough to read in full, its
//! state is five plain numbers in `drill.json`, and it needs no dependency.

use serde::{Deserialize, Serialize};

use super::Day;

/// Ease of a new card, in hundredths (250 = intervals grow ×2.5 on Good).
pub const START_EASE: u16 = 250;
/// Ease never drops below this (×1.3), so a hard card still spreads out.
pub const MIN_EASE: u16 = 130;
/// No interval is longer than a year: an interview is months away at most, and a card not
/// seen for longer is as good as new.
pub const MAX_INTERVAL: u32 = 365;

/// How well the candidate knew the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// Did not know it: the card starts over and comes back in this session.
    Again,
    /// Knew it with effort: the interval grows a little, the ease drops.
    Hard,
    /// Knew it: the interval grows by the ease.
    Good,
    /// Knew it at once: the interval grows more, the ease rises.
    Easy,
}

impl Grade {
    /// The four grades, in key order (1-4).
    pub const ALL: [Self; 4] = [Self::Again, Self::Hard, Self::Good, Self::Easy];

    /// The name shown on screen.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Again => "Again",
            Self::Hard => "Hard",
            Self::Good => "Good",
            Self::Easy => "Easy",
        }
    }

    /// The grade for key `1`-`4`.
    #[must_use]
    pub fn from_key(c: char) -> Option<Self> {
        match c {
            '1' => Some(Self::Again),
            '2' => Some(Self::Hard),
            '3' => Some(Self::Good),
            '4' => Some(Self::Easy),
            _ => None,
        }
    }
}

/// What the drill remembers about one card: its schedule, and how many of the candidate's
/// misses it has already answered for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardState {
    /// Ease factor in hundredths (250 = ×2.5), at least [`MIN_EASE`].
    pub ease: u16,
    /// Days from the last review to the next; 0 after a lapse (due again the same day).
    pub interval: u32,
    /// The day the card is next due.
    pub due: Day,
    /// Successful reviews in a row since the card was new or last lapsed.
    pub reps: u32,
    /// Times the card was forgotten (graded Again) after being learnt.
    pub lapses: u32,
    /// The day of the last review.
    pub last_review: Day,
    /// How many past misses of the card's rubric items had been counted at its last review;
    /// more misses since then make it due again (see [`crate::drill::Misses`]).
    #[serde(default)]
    pub misses_seen: u32,
}

/// An interval as a grade key shows it: `today`, `6d`, `3mo`, `1y`.
#[must_use]
pub fn short_interval(days: u32) -> String {
    match days {
        0 => "today".to_owned(),
        1..60 => format!("{days}d"),
        60..365 => format!("{}mo", (days + 15) / 30),
        _ => format!("{}y", days / 365),
    }
}

impl CardState {
    /// The state after the first review of a new card on `today`.
    #[must_use]
    pub fn first(grade: Grade, today: Day) -> Self {
        let new = Self {
            ease: START_EASE,
            interval: 0,
            due: today,
            reps: 0,
            lapses: 0,
            last_review: today,
            misses_seen: 0,
        };
        new.review(grade, today)
    }

    /// True when the card should be reviewed on `today`.
    #[must_use]
    pub fn is_due(&self, today: Day) -> bool {
        self.due <= today
    }

    /// The state after a review on `today` graded `grade`.
    ///
    /// Again starts the card over (interval 0, due `today`); Hard, Good and Easy always push
    /// the due day past `today` and never shorten the interval, Good and Easy lengthen it
    /// (until [`MAX_INTERVAL`]). A review before the due day is allowed (a missed item brings
    /// a card forward) and schedules from `today`.
    #[must_use]
    pub fn review(&self, grade: Grade, today: Day) -> Self {
        // A clock set back must not move anything into the past.
        let today = today.max(self.last_review);
        let new_ease = match grade {
            Grade::Again => self.ease.saturating_sub(20),
            Grade::Hard => self.ease.saturating_sub(15),
            Grade::Good => self.ease,
            Grade::Easy => self.ease.saturating_add(15),
        }
        .max(MIN_EASE);
        let interval = if grade == Grade::Again {
            0
        } else {
            let (hard, good, easy) = self.next_intervals(new_ease);
            match grade {
                Grade::Hard => hard,
                Grade::Good => good,
                _ => easy,
            }
        };
        let learnt = self.reps > 0;
        Self {
            ease: new_ease,
            interval,
            due: today.plus(interval),
            reps: if grade == Grade::Again {
                0
            } else {
                self.reps + 1
            },
            lapses: self.lapses + u32::from(grade == Grade::Again && learnt),
            last_review: today,
            misses_seen: self.misses_seen,
        }
    }

    /// The intervals Hard, Good and Easy would give, with the new `ease`.
    fn next_intervals(&self, factor: u16) -> (u32, u32, u32) {
        let (hard, good, easy) = match self.reps {
            0 => (1, 1, 4),
            1 => (3, 6, 8),
            _ => {
                let last = u64::from(self.interval.max(1));
                let hard = scale(last, 120);
                let good = scale(last, u64::from(factor));
                let easy = scale(good, 130);
                (hard, good, easy)
            }
        };
        // Each grade is at least the one below it and longer than the last interval, up to the
        // cap; Easy always beats Good.
        let floor = u64::from(self.interval) + 1;
        let hard = hard.max(floor);
        let good = good.max(hard);
        let easy = easy.max(good + 1);
        let cap = |days: u64| days.min(u64::from(MAX_INTERVAL)) as u32;
        (cap(hard), cap(good), cap(easy))
    }
}

/// `days` × `hundredths` / 100, rounded.
fn scale(days: u64, hundredths: u64) -> u64 {
    (days * hundredths + 50) / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONDAY: Day = Day::from_epoch_days(20_000);

    fn run(grades: &[Grade]) -> CardState {
        let mut day = MONDAY;
        let mut state = CardState::first(grades[0], day);
        for &grade in &grades[1..] {
            day = state.due;
            state = state.review(grade, day);
        }
        state
    }

    #[test]
    fn good_reviews_follow_sm2() {
        use Grade::Good;
        let intervals: Vec<u32> = (1..=6).map(|n| run(&vec![Good; n]).interval).collect();
        assert_eq!(intervals, [1, 6, 15, 38, 95, 238]);
    }

    #[test]
    fn again_starts_over_and_counts_a_lapse() {
        use Grade::{Again, Good};
        let state = run(&[Good, Good, Good, Again]);
        assert_eq!((state.interval, state.reps, state.lapses), (0, 0, 1));
        assert_eq!(state.due, state.last_review, "due again the same day");
        assert_eq!(state.ease, 230);
        assert_eq!(run(&[Again]).lapses, 0, "a new card cannot lapse");
    }

    #[test]
    fn intervals_are_shown_short() {
        let shown: Vec<String> = [0, 1, 6, 59, 60, 95, 238, 365]
            .into_iter()
            .map(short_interval)
            .collect();
        assert_eq!(
            shown,
            ["today", "1d", "6d", "59d", "2mo", "3mo", "8mo", "1y"]
        );
    }

    #[test]
    fn grades_order_the_intervals_and_ease_has_a_floor() {
        let base = run(&[Grade::Good, Grade::Good]);
        let next: Vec<u32> = Grade::ALL
            .iter()
            .map(|&g| base.review(g, base.due).interval)
            .collect();
        assert!(next.windows(2).all(|w| w[0] < w[1]), "{next:?}");
        let mut state = base;
        for _ in 0..40 {
            state = state.review(Grade::Hard, state.due);
        }
        assert_eq!(state.ease, MIN_EASE);
        assert_eq!(state.interval, MAX_INTERVAL);
    }
}
