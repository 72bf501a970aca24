//! The simulation lab of the Deep-dive move: the knobs of a design the simulator can check.
//!
//! A lab starts from the choices the scorer read in the answer (or from defaults), runs the
//! scenario's load profile with them, and lets the candidate turn one knob at a time and run
//! again. The verdict is the scorer's own, so the lab and the scorecard never disagree.

use crate::calc::format::number;
use crate::scenario::Scenario;
use crate::scenario::model::{RedeliveryProfile, SkewProfile, SmallFilesProfile};
use crate::score::design::Simulation;
use crate::sim::redelivery::{self, CommitOrder, WriteMode};
use crate::sim::skew::{self, SkewConfig};
use crate::sim::small_files::{self};
use crate::sim::{DEFAULT_SEED, profile};

/// Most events a lab run simulates: a re-run on a key press must stay interactive, so a larger
/// profile is scaled down to this many events with the same shares and rates.
pub const LAB_MAX_EVENTS: u64 = 1_000_000;

/// Most sub-keys the salt knob reaches.
const MAX_SALT: u32 = 256;
/// The flush intervals the flush knob steps through, in seconds: roughly doubling from 1 s
/// to 1 h, on values a team would pick (5 min, not 320 s).
const FLUSHES: [f64; 13] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0,
];
/// The compaction periods the compaction knob steps through, in seconds (0 is off).
const COMPACTIONS: [f64; 5] = [0.0, 900.0, 3600.0, 6.0 * 3600.0, 24.0 * 3600.0];

/// Which simulation a lab runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabKind {
    /// Partition skew under a hot key, and salting.
    Skew,
    /// Redelivery after a consumer crash: commit order and write mode.
    Redelivery,
    /// Small files: flush interval and compaction.
    SmallFiles,
}

impl LabKind {
    /// The id the scorer's [`Simulation::kind`] uses: `skew`, `redelivery`, `small-files`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Skew => "skew",
            Self::Redelivery => "redelivery",
            Self::SmallFiles => "small-files",
        }
    }

    /// A title for the panel.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Skew => "partition skew",
            Self::Redelivery => "redelivery after a crash",
            Self::SmallFiles => "small files",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        [Self::Skew, Self::Redelivery, Self::SmallFiles]
            .into_iter()
            .find(|k| k.id() == id)
    }
}

/// The design choices a lab lets the candidate change.
#[derive(Debug, Clone, PartialEq)]
pub enum Knobs {
    /// Partition skew.
    Skew {
        /// Sub-keys each hot key is spread over (1 = no salting).
        salt: u32,
    },
    /// Redelivery.
    Redelivery {
        /// When the offset is committed.
        commit: CommitOrder,
        /// How the sink applies an event.
        write: WriteMode,
    },
    /// Small files.
    SmallFiles {
        /// Seconds between a writer's flushes.
        flush_seconds: f64,
        /// Seconds between compactions, or none.
        compact_every: Option<f64>,
    },
}

/// The scenario's load profile a lab runs.
#[derive(Debug, Clone, PartialEq)]
enum Profile {
    Skew(SkewProfile),
    Redelivery(RedeliveryProfile),
    SmallFiles(SmallFilesProfile),
}

/// A simulation of one design choice on the scenario's load, with knobs to change it.
#[derive(Debug, Clone, PartialEq)]
pub struct Lab {
    profile: Profile,
    knobs: Knobs,
    selected: usize,
    seed: u64,
}

impl Lab {
    /// The kinds this scenario has a load profile for, in the order Skew, Redelivery,
    /// `SmallFiles`.
    #[must_use]
    pub fn kinds(scenario: &Scenario) -> Vec<LabKind> {
        let p = &scenario.load_profiles;
        [
            (p.skew.is_some(), LabKind::Skew),
            (p.redelivery.is_some(), LabKind::Redelivery),
            (p.small_files.is_some(), LabKind::SmallFiles),
        ]
        .into_iter()
        .filter_map(|(has, kind)| has.then_some(kind))
        .collect()
    }

    /// A lab with the knobs of a simulation the scorer ran (read from its configuration).
    /// `None` if the scenario has no profile of that kind, or the configuration does not
    /// hold the knobs (it always does for a simulation the scorer produced).
    #[must_use]
    pub fn from_simulation(scenario: &Scenario, sim: &Simulation) -> Option<Lab> {
        let kind = LabKind::from_id(sim.kind)?;
        let config = &sim.config;
        let knobs = match kind {
            LabKind::Skew => Knobs::Skew {
                salt: u32::try_from(config["salt"].as_u64()?).ok()?,
            },
            LabKind::Redelivery => Knobs::Redelivery {
                commit: match config["commit"].as_str()? {
                    "after-write" => CommitOrder::AfterWrite,
                    "before-write" => CommitOrder::BeforeWrite,
                    _ => return None,
                },
                write: match config["write"].as_str()? {
                    "insert" => WriteMode::Insert,
                    "upsert" => WriteMode::Upsert,
                    _ => return None,
                },
            },
            LabKind::SmallFiles => Knobs::SmallFiles {
                flush_seconds: config["flush_seconds"].as_f64()?,
                compact_every: match &config["compact_every"] {
                    serde_json::Value::Null => None,
                    every => Some(every.as_f64()?),
                },
            },
        };
        let mut lab = Self::new(scenario, kind)?;
        lab.knobs = knobs;
        Some(lab)
    }

    /// A lab with default knobs: no salting; commit after the write, with inserts; the
    /// profile's flush interval and no compaction. `None` if the scenario has no profile of
    /// that kind, or (for small files) its flush interval does not read, which loading a
    /// scenario already rejects.
    #[must_use]
    pub fn new(scenario: &Scenario, kind: LabKind) -> Option<Lab> {
        let p = &scenario.load_profiles;
        let (profile, knobs) = match kind {
            LabKind::Skew => (Profile::Skew(p.skew.clone()?), Knobs::Skew { salt: 1 }),
            LabKind::Redelivery => (
                Profile::Redelivery(p.redelivery.clone()?),
                Knobs::Redelivery {
                    commit: CommitOrder::AfterWrite,
                    write: WriteMode::Insert,
                },
            ),
            LabKind::SmallFiles => {
                let files = p.small_files.clone()?;
                let flush_seconds = profile::small_files(&files, None, None).ok()?.flush_seconds;
                (
                    Profile::SmallFiles(files),
                    Knobs::SmallFiles {
                        flush_seconds,
                        compact_every: None,
                    },
                )
            }
        };
        Some(Lab {
            profile,
            knobs,
            selected: 0,
            seed: DEFAULT_SEED,
        })
    }

    /// The same lab run with another seed (the default is `dei sim`'s).
    #[must_use]
    pub fn with_seed(self, seed: u64) -> Self {
        Self { seed, ..self }
    }

    /// Which simulation this lab runs.
    #[must_use]
    pub fn kind(&self) -> LabKind {
        match self.knobs {
            Knobs::Skew { .. } => LabKind::Skew,
            Knobs::Redelivery { .. } => LabKind::Redelivery,
            Knobs::SmallFiles { .. } => LabKind::SmallFiles,
        }
    }

    /// The current knobs.
    #[must_use]
    pub fn knobs(&self) -> &Knobs {
        &self.knobs
    }

    /// Each knob's label and the value shown: `("salt", "×8 sub-keys")`,
    /// `("commit", "after write")`, `("flush", "5 s")`, `("compaction", "every 1 h")`.
    #[must_use]
    pub fn knob_rows(&self) -> Vec<(String, String)> {
        let rows = match &self.knobs {
            Knobs::Skew { salt } => vec![(
                "salt",
                if *salt > 1 {
                    format!("×{salt} sub-keys")
                } else {
                    "none".to_owned()
                },
            )],
            Knobs::Redelivery { commit, write } => vec![
                ("commit", commit_text(*commit).to_owned()),
                (
                    "write",
                    match write {
                        WriteMode::Insert => "insert",
                        WriteMode::Upsert => "upsert by event id",
                    }
                    .to_owned(),
                ),
            ],
            Knobs::SmallFiles {
                flush_seconds,
                compact_every,
            } => vec![
                ("flush", format!("every {}", short_duration(*flush_seconds))),
                (
                    "compaction",
                    compact_every.map_or_else(
                        || "off".to_owned(),
                        |every| format!("every {}", short_duration(every)),
                    ),
                ),
            ],
        };
        rows.into_iter()
            .map(|(label, value)| (label.to_owned(), value))
            .collect()
    }

    /// The index of the selected knob in [`Lab::knob_rows`].
    #[must_use]
    pub fn selected(&self) -> usize {
        self.selected
    }

    fn knob_count(&self) -> usize {
        match self.knobs {
            Knobs::Skew { .. } => 1,
            Knobs::Redelivery { .. } | Knobs::SmallFiles { .. } => 2,
        }
    }

    /// Selects the next knob, wrapping round to the first.
    pub fn select_next(&mut self) {
        self.selected = (self.selected + 1) % self.knob_count();
    }

    /// Selects the previous knob, wrapping round to the last.
    pub fn select_prev(&mut self) {
        let n = self.knob_count();
        self.selected = (self.selected + n - 1) % n;
    }

    /// Changes the selected knob one step: salt ×2 or ÷2 within 1 to 256 sub-keys; commit
    /// order and write mode toggle; flush steps through 1 s, 2 s, 5 s, 10 s, 15 s, 30 s,
    /// 1 min, 2 min, 5 min, 10 min, 15 min, 30 min and 1 h; compaction through off, 15 min,
    /// 1 h, 6 h and 24 h. A value read from an answer outside those ranges is kept until it
    /// is turned back into them.
    pub fn adjust(&mut self, up: bool) {
        match (&mut self.knobs, self.selected) {
            (Knobs::Skew { salt }, _) => {
                *salt = if up {
                    salt.saturating_mul(2).min(MAX_SALT).max(*salt)
                } else {
                    (*salt / 2).clamp(1, MAX_SALT)
                };
            }
            (Knobs::Redelivery { commit, .. }, 0) => {
                *commit = match commit {
                    CommitOrder::AfterWrite => CommitOrder::BeforeWrite,
                    CommitOrder::BeforeWrite => CommitOrder::AfterWrite,
                };
            }
            (Knobs::Redelivery { write, .. }, _) => {
                *write = match write {
                    WriteMode::Insert => WriteMode::Upsert,
                    WriteMode::Upsert => WriteMode::Insert,
                };
            }
            (Knobs::SmallFiles { flush_seconds, .. }, 0) => {
                *flush_seconds = step(&FLUSHES, *flush_seconds, up);
            }
            (Knobs::SmallFiles { compact_every, .. }, _) => {
                let every = step(&COMPACTIONS, compact_every.unwrap_or(0.0), up);
                *compact_every = (every > 0.0).then_some(every);
            }
        }
    }

    /// Runs the simulation with the current knobs. A profile of more than
    /// [`LAB_MAX_EVENTS`] events is run on that many, with the same shares and rates, and the
    /// outcome says so.
    pub fn run(&self) -> Result<LabOutcome, String> {
        match (&self.profile, &self.knobs) {
            (Profile::Skew(p), Knobs::Skew { salt }) => {
                let mut config = profile::skew(p, *salt).map_err(|e| e.to_string())?;
                let scaled_from = scale(&mut config.events);
                let current = skew::run(&config, self.seed).map_err(|e| e.to_string())?;
                let baseline = if *salt == 1 {
                    current.clone()
                } else {
                    let unsalted = SkewConfig {
                        salt: 1,
                        ..config.clone()
                    };
                    skew::run(&unsalted, self.seed).map_err(|e| e.to_string())?
                };
                Ok(LabOutcome::Skew {
                    config,
                    baseline,
                    current,
                    scaled_from,
                })
            }
            (Profile::Redelivery(p), Knobs::Redelivery { commit, write }) => {
                let mut config =
                    profile::redelivery(p, *commit, *write).map_err(|e| e.to_string())?;
                let scaled_from = scale(&mut config.events);
                let outcome = redelivery::run(&config, self.seed).map_err(|e| e.to_string())?;
                Ok(LabOutcome::Redelivery {
                    config,
                    outcome,
                    scaled_from,
                })
            }
            (
                Profile::SmallFiles(p),
                Knobs::SmallFiles {
                    flush_seconds,
                    compact_every,
                },
            ) => {
                let config = profile::small_files(p, Some(*flush_seconds), *compact_every)
                    .map_err(|e| e.to_string())?;
                let outcome = small_files::run(&config).map_err(|e| e.to_string())?;
                Ok(LabOutcome::SmallFiles { config, outcome })
            }
            // `new` pairs every profile with its own knobs and nothing changes the kind.
            _ => Err(format!(
                "the {} lab's knobs do not match its profile",
                self.kind().id()
            )),
        }
    }
}

/// Caps `events` at [`LAB_MAX_EVENTS`], returning the count it had when it was capped.
fn scale(events: &mut u64) -> Option<u64> {
    (*events > LAB_MAX_EVENTS).then(|| std::mem::replace(events, LAB_MAX_EVENTS))
}

/// The next value of the ascending `ladder` above (or below) `current`; `current` itself at
/// the end of the ladder. A value read from an answer that is not on the ladder steps to its
/// neighbour on it.
fn step(ladder: &[f64], current: f64, up: bool) -> f64 {
    let next = if up {
        ladder.iter().find(|v| **v > current)
    } else {
        ladder.iter().rev().find(|v| **v < current)
    };
    next.copied().unwrap_or(current)
}

fn commit_text(commit: CommitOrder) -> &'static str {
    match commit {
        CommitOrder::AfterWrite => "after write",
        CommitOrder::BeforeWrite => "before write",
    }
}

/// A duration the way a knob shows it: `5 s`, `15 min`, `1 h`.
#[must_use]
pub fn short_duration(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{} s", number(seconds))
    } else if seconds < 3600.0 {
        format!("{} min", number(seconds / 60.0))
    } else {
        format!("{} h", number(seconds / 3600.0))
    }
}

mod outcome;
#[cfg(test)]
mod tests;

pub use outcome::{LabOutcome, rough_duration};
