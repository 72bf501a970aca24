//! Duplicate redelivery: a consumer reads a batch, writes revenue to a sink and commits its
//! offset, in one order or the other; it crashes at random points and resumes from the last
//! committed offset. Blind inserts double-count what is replayed; upserts keyed on each
//! event's id do not; committing before writing loses what a crash skipped.
//!
//! Memory stays bounded by a compact set: one bit per offset records which events the sink
//! already holds (125 MB for a billion events), instead of a hash set of ids.

use serde::Serialize;

use super::{ConfigError, SimRng, require};

/// When the offset is committed relative to the write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommitOrder {
    /// Write the batch, then commit: a crash between them replays the batch.
    AfterWrite,
    /// Commit, then write: a crash between them skips the batch.
    BeforeWrite,
}

/// How the sink applies an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WriteMode {
    /// `total += amount`: a replayed event is counted again.
    Insert,
    /// Keyed on the event's dedup id: a replayed event replaces itself.
    Upsert,
}

/// A redelivery simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedeliveryConfig {
    /// Events to consume.
    pub events: u64,
    /// Events per batch.
    pub batch: u64,
    /// Chance that an attempt at a batch crashes, 0-1.
    pub crash_rate: f64,
    /// Commit order.
    pub commit: CommitOrder,
    /// Write mode.
    pub write: WriteMode,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedeliveryOutcome {
    /// Revenue of every event, counted once.
    pub true_total: u64,
    /// Revenue the sink ends up with.
    pub counted_total: u64,
    /// Writes that added an event the sink already held.
    pub duplicates_applied: u64,
    /// Events the sink never received.
    pub lost_events: u64,
    /// Crashes.
    pub crashes: u64,
    /// Crashes that fell after the batch was (partly) written and before the commit.
    pub crashes_between_write_and_commit: u64,
    /// Crashes that fell after the commit and before the write finished.
    pub crashes_between_commit_and_write: u64,
    /// (counted - true) / true, in percent.
    pub error_pct: f64,
    /// Bytes of state the simulation kept (the one-bit-per-offset set).
    pub state_bytes: u64,
}

/// Largest run simulated (the state is one bit per event).
pub const MAX_EVENTS: u64 = 4_000_000_000;

/// The revenue of event `i`, in cents: deterministic, between 1 and 100.
#[inline]
fn amount(i: u64) -> u64 {
    1 + super::mix(i) % 100
}

/// Runs the simulation.
pub fn run(config: &RedeliveryConfig, seed: u64) -> Result<RedeliveryOutcome, ConfigError> {
    require(config.events > 0, "--events", "must be at least 1")?;
    require(
        config.events <= MAX_EVENTS,
        "--events",
        "at most 4 billion events are simulated",
    )?;
    require(config.batch > 0, "--batch", "must be at least 1")?;
    require(
        (0.0..=0.9).contains(&config.crash_rate),
        "--crash-rate",
        "must be between 0% and 90% (a consumer that nearly always crashes never finishes)",
    )?;
    let n = config.events;
    let mut sink = Sink::new(n, config.write);
    let mut rng = SimRng::new(seed);
    let mut out = RedeliveryOutcome {
        true_total: sink.word_amounts.iter().map(|&a| u64::from(a)).sum(),
        counted_total: 0,
        duplicates_applied: 0,
        lost_events: 0,
        crashes: 0,
        crashes_between_write_and_commit: 0,
        crashes_between_commit_and_write: 0,
        error_pct: 0.0,
        state_bytes: sink.held.len() as u64 * 8,
    };
    let mut committed = 0;
    while committed < n {
        let end = (committed + config.batch).min(n);
        let len = end - committed;
        // Where this attempt stops: after `written` events of the batch, and whether the
        // commit happened. A crash lands uniformly among the batch's writes and the commit.
        let crash = config.crash_rate > 0.0 && rng.unit() < config.crash_rate;
        let (written, commits) = if crash {
            out.crashes += 1;
            let point = rng.below(len + 1); // len + 1 places: before each write, or at the commit
            match config.commit {
                CommitOrder::AfterWrite => {
                    if point > 0 {
                        out.crashes_between_write_and_commit += 1;
                    }
                    (point, false)
                }
                CommitOrder::BeforeWrite => {
                    if point < len {
                        out.crashes_between_commit_and_write += 1;
                    }
                    (point, true)
                }
            }
        } else {
            (len, true)
        };
        let (counted, duplicates) = sink.write(committed..committed + written);
        out.counted_total += counted;
        out.duplicates_applied += duplicates;
        if commits {
            committed = end;
        }
    }
    let held = sink.held;
    out.lost_events = n - held.iter().map(|w| u64::from(w.count_ones())).sum::<u64>();
    out.error_pct =
        (out.counted_total as f64 - out.true_total as f64) / out.true_total as f64 * 100.0;
    Ok(out)
}

/// The sink: one bit per offset it holds, and each 64-offset word's revenue summed once, so a
/// write of whole words costs a few operations however many events it covers.
struct Sink {
    write: WriteMode,
    held: Vec<u64>,
    /// The revenue of the events in each word of `held` (at most 64 x 100 cents).
    word_amounts: Vec<u16>,
}

impl Sink {
    fn new(events: u64, write: WriteMode) -> Self {
        let words = events.div_ceil(64);
        let word_amounts = (0..words)
            .map(|w| {
                let (start, end) = (w * 64, (w * 64 + 64).min(events));
                // At most 64 x 100 = 6,400: a word's revenue fits in 16 bits.
                (start..end).map(amount).sum::<u64>() as u16
            })
            .collect();
        Self {
            write,
            held: vec![0; words as usize],
            word_amounts,
        }
    }

    /// Writes the events at `offsets`: the revenue this adds to the total, and how many of
    /// them the sink already held (counted again by an insert, replaced by an upsert).
    fn write(&mut self, offsets: std::ops::Range<u64>) -> (u64, u64) {
        let (mut counted, mut duplicates) = (0, 0);
        let mut i = offsets.start;
        while i < offsets.end {
            let word = (i / 64) as usize;
            let first = i % 64;
            let last = (offsets.end - word as u64 * 64).min(64);
            let mask = if last - first == 64 {
                u64::MAX
            } else {
                ((1u64 << (last - first)) - 1) << first
            };
            let already = self.held[word] & mask;
            duplicates += u64::from(already.count_ones());
            let added = match self.write {
                WriteMode::Insert => mask,
                WriteMode::Upsert => mask & !already,
            };
            counted += if added == u64::MAX {
                u64::from(self.word_amounts[word])
            } else {
                bits(added).map(|bit| amount(word as u64 * 64 + bit)).sum()
            };
            self.held[word] |= mask;
            i = word as u64 * 64 + last;
        }
        match self.write {
            WriteMode::Insert => (counted, duplicates),
            WriteMode::Upsert => (counted, 0),
        }
    }
}

/// The positions of the set bits of `word`, lowest first.
fn bits(mut word: u64) -> impl Iterator<Item = u64> {
    std::iter::from_fn(move || {
        (word != 0).then(|| {
            let bit = u64::from(word.trailing_zeros());
            word &= word - 1;
            bit
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(commit: CommitOrder, write: WriteMode) -> RedeliveryConfig {
        RedeliveryConfig {
            events: 100_000,
            batch: 500,
            crash_rate: 0.05,
            commit,
            write,
        }
    }

    #[test]
    fn upsert_after_write_is_exact() {
        let out = run(&config(CommitOrder::AfterWrite, WriteMode::Upsert), 3).expect("runs");
        assert!(out.crashes > 0);
        assert_eq!(out.counted_total, out.true_total);
        assert_eq!(out.lost_events, 0);
        assert_eq!(out.duplicates_applied, 0);
    }

    #[test]
    fn insert_after_write_over_counts() {
        let out = run(&config(CommitOrder::AfterWrite, WriteMode::Insert), 3).expect("runs");
        assert!(out.counted_total > out.true_total);
        assert!(out.duplicates_applied > 0 && out.error_pct > 0.0);
        assert_eq!(out.lost_events, 0);
    }

    #[test]
    fn commit_before_write_loses_events() {
        let out = run(&config(CommitOrder::BeforeWrite, WriteMode::Upsert), 3).expect("runs");
        assert!(out.lost_events > 0);
        assert!(out.counted_total < out.true_total);
    }

    /// The simulation as first written, one event at a time: the oracle for the word-wise sink.
    fn run_event_by_event(config: &RedeliveryConfig, seed: u64) -> RedeliveryOutcome {
        let n = config.events;
        let mut held = vec![false; n as usize];
        let mut rng = SimRng::new(seed);
        let (mut counted, mut duplicates, mut crashes) = (0, 0, 0);
        let (mut between_write_and_commit, mut between_commit_and_write) = (0, 0);
        let mut committed = 0;
        while committed < n {
            let end = (committed + config.batch).min(n);
            let len = end - committed;
            let (written, commits) = if config.crash_rate > 0.0 && rng.unit() < config.crash_rate {
                crashes += 1;
                let point = rng.below(len + 1);
                if config.commit == CommitOrder::AfterWrite {
                    between_write_and_commit += u64::from(point > 0);
                    (point, false)
                } else {
                    between_commit_and_write += u64::from(point < len);
                    (point, true)
                }
            } else {
                (len, true)
            };
            for i in committed..committed + written {
                let already = held[i as usize];
                if config.write == WriteMode::Insert || !already {
                    counted += amount(i);
                }
                if config.write == WriteMode::Insert && already {
                    duplicates += 1;
                }
                held[i as usize] = true;
            }
            if commits {
                committed = end;
            }
        }
        let true_total: u64 = (0..n).map(amount).sum();
        RedeliveryOutcome {
            true_total,
            counted_total: counted,
            duplicates_applied: duplicates,
            lost_events: held.iter().filter(|h| !**h).count() as u64,
            crashes,
            crashes_between_write_and_commit: between_write_and_commit,
            crashes_between_commit_and_write: between_commit_and_write,
            error_pct: (counted as f64 - true_total as f64) / true_total as f64 * 100.0,
            state_bytes: n.div_ceil(64) * 8,
        }
    }

    proptest::proptest! {
        /// Writing whole words at a time counts exactly what writing each event did.
        #[test]
        fn the_word_wise_sink_counts_what_each_event_did(
            events in 1u64..5_000,
            batch in 1u64..300,
            crash_rate in 0.0f64..0.9,
            after in proptest::bool::ANY,
            upsert in proptest::bool::ANY,
            seed in proptest::prelude::any::<u64>(),
        ) {
            let c = RedeliveryConfig {
                events,
                batch,
                crash_rate,
                commit: if after { CommitOrder::AfterWrite } else { CommitOrder::BeforeWrite },
                write: if upsert { WriteMode::Upsert } else { WriteMode::Insert },
            };
            proptest::prop_assert_eq!(run(&c, seed).expect("runs"), run_event_by_event(&c, seed));
        }
    }

    #[test]
    fn no_crash_no_error() {
        let mut c = config(CommitOrder::AfterWrite, WriteMode::Insert);
        c.crash_rate = 0.0;
        let out = run(&c, 3).expect("runs");
        assert_eq!((out.counted_total, out.crashes), (out.true_total, 0));
    }
}
