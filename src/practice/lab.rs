//! The simulation lab of the Deep-dive move: the knobs of a design the simulator can check.
//!
//! A lab starts from the choices the scorer read in the answer (or from defaults), runs the
//! scenario's load profile with them, and lets the candidate turn one knob at a time and run
//! again. The verdict is the scorer's own, so the lab and the scorecard never disagree.

use crate::calc::format::{integer, number};
use crate::scenario::Scenario;
use crate::scenario::model::{RedeliveryProfile, SkewProfile, SmallFilesProfile};
use crate::score::design::{self, Simulation};
use crate::sim::redelivery::{self, CommitOrder, RedeliveryConfig, RedeliveryOutcome, WriteMode};
use crate::sim::skew::{self, KeyLaw, SkewConfig, SkewOutcome};
use crate::sim::small_files::{self, SmallFilesConfig, SmallFilesOutcome};
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

/// What a lab run showed.
#[derive(Debug, Clone, PartialEq)]
pub enum LabOutcome {
    /// Partition skew.
    Skew {
        /// The configuration run (after any scaling), with the current salt.
        config: SkewConfig,
        /// The same load with no salting.
        baseline: SkewOutcome,
        /// The load with the current salt.
        current: SkewOutcome,
        /// The profile's event count when the run was scaled down to [`LAB_MAX_EVENTS`].
        scaled_from: Option<u64>,
    },
    /// Redelivery.
    Redelivery {
        /// The configuration run (after any scaling).
        config: RedeliveryConfig,
        /// What happened.
        outcome: RedeliveryOutcome,
        /// The profile's event count when the run was scaled down to [`LAB_MAX_EVENTS`].
        scaled_from: Option<u64>,
    },
    /// Small files.
    SmallFiles {
        /// The configuration run.
        config: SmallFilesConfig,
        /// What happened.
        outcome: SmallFilesOutcome,
    },
}

impl LabOutcome {
    /// Whether the design copes with the scenario's load, by the scorer's own verdict.
    #[must_use]
    pub fn holds(&self) -> bool {
        match self {
            Self::Skew { current, .. } => !design::skew_breaks(current),
            Self::Redelivery { outcome, .. } => design::redelivery_exact(outcome),
            Self::SmallFiles { config, outcome } => !design::small_files_breaks(config, outcome),
        }
    }

    /// The profile's event count when the run was scaled down to [`LAB_MAX_EVENTS`].
    #[must_use]
    pub fn scaled_from(&self) -> Option<u64> {
        match self {
            Self::Skew { scaled_from, .. } | Self::Redelivery { scaled_from, .. } => *scaled_from,
            Self::SmallFiles { .. } => None,
        }
    }

    /// One sentence in plain words, with the numbers that decide the verdict.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut text = match self {
            Self::Skew {
                config,
                baseline,
                current,
                ..
            } => skew_summary(config, baseline, current),
            Self::Redelivery {
                config, outcome, ..
            } => redelivery_summary(config, outcome),
            Self::SmallFiles { config, outcome } => small_files_summary(config, outcome),
        };
        if let Some(from) = self.scaled_from() {
            text.truncate(text.trim_end_matches('.').len());
            text.push_str(&[" (run on ", &integer(LAB_MAX_EVENTS)].concat());
            text.push_str(&[" of the profile's ", &integer(from), " events)."].concat());
        }
        text
    }
}

/// A duration rounded to two significant figures, the way a result is shown: `3.5 h`.
#[must_use]
pub fn rough_duration(seconds: f64) -> String {
    short_duration(rough(seconds))
}

/// `value` to two significant figures in the unit [`short_duration`] will show it in: a
/// query time is a rough figure, and 3.504 h reads as more precise than the model is.
fn rough(seconds: f64) -> f64 {
    let unit = if seconds < 60.0 {
        1.0
    } else if seconds < 3600.0 {
        60.0
    } else {
        3600.0
    };
    let value = seconds / unit;
    if value <= 0.0 {
        return seconds;
    }
    let scale = 10f64.powf(value.log10().floor() - 1.0);
    (value / scale).round() * scale * unit
}

/// A share as a percentage to one decimal: `42.5%`.
fn percent(share: f64) -> String {
    format!("{}%", number((share * 100.0 * 10.0).round() / 10.0))
}

fn skew_summary(config: &SkewConfig, baseline: &SkewOutcome, current: &SkewOutcome) -> String {
    let hot = match (config.law, current.salted_keys) {
        (KeyLaw::HotKey { .. }, _) | (KeyLaw::Zipf { .. }, 1) => "the hot key".to_owned(),
        (KeyLaw::Zipf { .. }, n) => format!("the {n} hot keys"),
    };
    let head = if config.salt == 1 {
        format!(
            "With no salting the hottest partition takes {} of events",
            percent(current.max_partition_share)
        )
    } else if current.salted_keys == 0 {
        format!(
            "No key is hot enough to salt, so the hottest partition stays at {} of events",
            percent(current.max_partition_share)
        )
    } else {
        format!(
            "Salting {hot} over {} sub-keys brings the hottest partition from {} to {} of events",
            config.salt,
            percent(baseline.max_partition_share),
            percent(current.max_partition_share)
        )
    };
    let tail = match (current.hottest_rate, config.partition_capacity) {
        (Some(rate), Some(capacity)) => format!(
            ": {}/s against a capacity of {}/s, so it {}",
            number(rate),
            number(capacity),
            if rate > capacity { "breaks" } else { "holds" }
        ),
        _ => format!(
            ", {}x the mean partition{}",
            number(current.imbalance),
            if design::skew_breaks(current) {
                ", more than twice an even share"
            } else {
                ""
            }
        ),
    };
    let totals = if config.salt > 1 && !current.totals_match {
        "; the combined per-key totals do NOT match"
    } else {
        ""
    };
    format!("{head}{tail}{totals}.")
}

fn redelivery_summary(config: &RedeliveryConfig, outcome: &RedeliveryOutcome) -> String {
    let design = format!(
        "Committing {} with {}",
        match config.commit {
            CommitOrder::AfterWrite => "after the write",
            CommitOrder::BeforeWrite => "before the write",
        },
        match config.write {
            WriteMode::Insert => "blind inserts",
            WriteMode::Upsert => "upserts by event id",
        }
    );
    let crashes = format!(
        "{} crash{}",
        integer(outcome.crashes),
        if outcome.crashes == 1 { "" } else { "es" }
    );
    if design::redelivery_exact(outcome) {
        format!("{design} keeps the revenue exact through {crashes}.")
    } else if outcome.lost_events > 0 {
        let dups = if outcome.duplicates_applied > 0 {
            format!(" and applies {} twice", integer(outcome.duplicates_applied))
        } else {
            String::new()
        };
        format!(
            "{design} counts {} {} revenue: {crashes} lose {} events{dups}.",
            percent(outcome.error_pct.abs() / 100.0),
            if outcome.error_pct < 0.0 {
                "too little"
            } else {
                "too much"
            },
            integer(outcome.lost_events),
        )
    } else {
        format!(
            "{design} counts {} too much revenue: {crashes} apply {} events twice.",
            percent(outcome.error_pct / 100.0),
            integer(outcome.duplicates_applied)
        )
    }
}

fn small_files_summary(config: &SmallFilesConfig, outcome: &SmallFilesOutcome) -> String {
    let hours = number(config.hours);
    let flush = format!(
        "Flushing every {} writes {} files an hour",
        short_duration(config.flush_seconds),
        number(outcome.files_per_hour)
    );
    let compaction = match config.compact_every {
        Some(every) => format!(
            "; compacting every {} leaves {} an hour ({} of {} over {hours} h)",
            short_duration(every),
            number(outcome.files_after_compaction as f64 / config.hours),
            integer(outcome.files_after_compaction),
            integer(outcome.files_written)
        ),
        None => format!(
            " and nothing compacts them: {} files over {hours} h",
            integer(outcome.files_written)
        ),
    };
    let query = if config.compact_every.is_some() {
        format!(
            ", and a query over them takes {} instead of {}",
            rough_duration(outcome.query_seconds_after),
            rough_duration(outcome.query_seconds_before)
        )
    } else {
        format!(
            ", and a query over them takes {}",
            rough_duration(outcome.query_seconds_after)
        )
    };
    let verdict = if design::small_files_breaks(config, outcome) {
        ", most of it opening files"
    } else {
        ""
    };
    format!("{flush}{compaction}{query}{verdict}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    fn catalog() -> Catalog {
        Catalog::builtin(Rubric::builtin())
    }

    fn lab(catalog: &Catalog, kind: LabKind) -> Lab {
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        Lab::new(scenario, kind).expect("realtime-analytics has every profile")
    }

    #[test]
    fn kinds_follow_the_profiles() {
        let catalog = catalog();
        let all = catalog.get("realtime-analytics").expect("built-in");
        assert_eq!(
            Lab::kinds(all),
            [LabKind::Skew, LabKind::Redelivery, LabKind::SmallFiles]
        );
        let batch = catalog.get("batch-redesign").expect("built-in");
        assert_eq!(Lab::kinds(batch), [LabKind::SmallFiles]);
        assert!(Lab::new(batch, LabKind::Skew).is_none());
    }

    #[test]
    fn salting_lowers_the_hottest_partition() {
        let catalog = catalog();
        let mut lab = lab(&catalog, LabKind::Skew);
        let before = lab.run().expect("runs");
        assert!(!before.holds(), "{}", before.summary());
        for _ in 0..3 {
            lab.adjust(true);
        }
        assert_eq!(lab.knobs(), &Knobs::Skew { salt: 8 });
        assert_eq!(lab.knob_rows(), [("salt".into(), "×8 sub-keys".into())]);
        let after = lab.run().expect("runs");
        let LabOutcome::Skew {
            baseline, current, ..
        } = &after
        else {
            panic!("a skew outcome: {after:?}");
        };
        assert!(current.max_partition_share < baseline.max_partition_share / 2.0);
        assert!(after.holds(), "{}", after.summary());
        assert!(
            after
                .summary()
                .starts_with("Salting the hot key over 8 sub-keys"),
            "{}",
            after.summary()
        );
    }

    #[test]
    fn upserts_after_the_write_are_exact_and_committing_first_loses_events() {
        let catalog = catalog();
        let mut lab = lab(&catalog, LabKind::Redelivery);
        let inserts = lab.run().expect("runs");
        assert!(!inserts.holds());
        assert!(
            inserts.summary().contains("too much"),
            "{}",
            inserts.summary()
        );

        lab.select_next();
        lab.adjust(true);
        assert_eq!(
            lab.knobs(),
            &Knobs::Redelivery {
                commit: CommitOrder::AfterWrite,
                write: WriteMode::Upsert
            }
        );
        let exact = lab.run().expect("runs");
        let LabOutcome::Redelivery { outcome, .. } = &exact else {
            panic!("a redelivery outcome: {exact:?}");
        };
        assert!(outcome.error_pct.abs() < f64::EPSILON && outcome.crashes > 0);
        assert!(exact.holds(), "{}", exact.summary());

        lab.select_prev();
        lab.adjust(false);
        let lost = lab.run().expect("runs");
        let LabOutcome::Redelivery { outcome, .. } = &lost else {
            panic!("a redelivery outcome: {lost:?}");
        };
        assert!(outcome.lost_events > 0 && outcome.error_pct < 0.0);
        assert!(!lost.holds());
        assert!(lost.summary().contains("too little"), "{}", lost.summary());
    }

    #[test]
    fn compaction_collapses_the_files() {
        let catalog = catalog();
        let mut lab = lab(&catalog, LabKind::SmallFiles);
        assert_eq!(
            lab.knob_rows(),
            [
                ("flush".into(), "every 5 s".into()),
                ("compaction".into(), "off".into())
            ]
        );
        let without = lab.run().expect("runs");
        assert!(!without.holds(), "{}", without.summary());
        lab.select_next();
        lab.adjust(true);
        lab.adjust(true);
        assert_eq!(lab.knob_rows()[1].1, "every 1 h");
        let with = lab.run().expect("runs");
        let (LabOutcome::SmallFiles { outcome: a, .. }, LabOutcome::SmallFiles { outcome: b, .. }) =
            (&without, &with)
        else {
            panic!("small-files outcomes");
        };
        assert_eq!(a.files_after_compaction, a.files_written);
        assert!(b.files_after_compaction < a.files_after_compaction / 10);
        assert!(with.holds(), "{}", with.summary());
    }

    #[test]
    fn knobs_stay_in_range() {
        let catalog = catalog();
        for kind in [LabKind::Skew, LabKind::Redelivery, LabKind::SmallFiles] {
            let mut lab = lab(&catalog, kind);
            for up in [true, false, true] {
                for _ in 0..40 {
                    lab.adjust(up);
                    lab.select_next();
                    lab.adjust(up);
                    assert!(lab.selected() < lab.knob_rows().len());
                    match *lab.knobs() {
                        Knobs::Skew { salt } => assert!((1..=MAX_SALT).contains(&salt)),
                        Knobs::Redelivery { .. } => {}
                        Knobs::SmallFiles {
                            flush_seconds,
                            compact_every,
                        } => {
                            assert!(FLUSHES.contains(&flush_seconds));
                            assert!(COMPACTIONS.contains(&compact_every.unwrap_or(0.0)));
                        }
                    }
                }
            }
        }
        let mut lab = lab(&catalog, LabKind::SmallFiles);
        lab.select_prev();
        for _ in 0..10 {
            lab.adjust(false);
        }
        assert_eq!(lab.knob_rows()[1].1, "off");
        assert!((step(&COMPACTIONS, 1800.0, true) - 3600.0).abs() < f64::EPSILON);
        assert!((step(&COMPACTIONS, 1800.0, false) - 900.0).abs() < f64::EPSILON);
        assert!((step(&FLUSHES, 7200.0, true) - 7200.0).abs() < f64::EPSILON);
        assert!((step(&FLUSHES, 7200.0, false) - 3600.0).abs() < f64::EPSILON);
    }

    #[test]
    fn reads_the_knobs_of_the_model_answers_simulations() {
        let rubric = Rubric::builtin();
        let catalog = Catalog::builtin(rubric);
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        let answer = scenario.model_answer.as_deref().expect("a model answer");
        let card = crate::score::score(scenario, answer, rubric);
        assert!(!card.simulations.is_empty());
        for sim in &card.simulations {
            let lab = Lab::from_simulation(scenario, sim).expect("reads the knobs");
            assert_eq!(lab.kind().id(), sim.kind);
            let knobs = match lab.knobs() {
                Knobs::Skew { salt } => serde_json::json!({ "salt": salt }),
                Knobs::Redelivery { commit, write } => {
                    serde_json::json!({ "commit": commit, "write": write })
                }
                Knobs::SmallFiles {
                    flush_seconds,
                    compact_every,
                } => serde_json::json!({
                    "flush_seconds": flush_seconds,
                    "compact_every": compact_every,
                }),
            };
            for (key, value) in knobs.as_object().expect("an object") {
                assert_eq!(&sim.config[key], value, "{} {key}", sim.kind);
            }
            // The lab runs what the scorer ran, so it reaches the scorer's verdict.
            let outcome = lab.run().expect("runs");
            assert_eq!(
                outcome.holds(),
                sim.verdict == design::SimVerdict::Holds,
                "{}",
                outcome.summary()
            );
        }
    }

    #[test]
    fn a_large_profile_is_scaled_and_says_so() {
        let catalog = catalog();
        let mut lab = lab(&catalog, LabKind::Redelivery);
        if let Profile::Redelivery(p) = &mut lab.profile {
            p.events = "10M".into();
        }
        let outcome = lab.run().expect("runs");
        assert_eq!(outcome.scaled_from(), Some(10_000_000));
        let LabOutcome::Redelivery { config, .. } = &outcome else {
            panic!("a redelivery outcome");
        };
        assert_eq!(config.events, LAB_MAX_EVENTS);
        assert!(
            outcome
                .summary()
                .ends_with("(run on 1,000,000 of the profile's 10,000,000 events)."),
            "{}",
            outcome.summary()
        );
    }

    #[test]
    fn summaries_read_as_sentences() {
        let catalog = catalog();
        for kind in [LabKind::Skew, LabKind::Redelivery, LabKind::SmallFiles] {
            let summary = lab(&catalog, kind).run().expect("runs").summary();
            assert!(summary.ends_with('.'), "{summary}");
            println!("{summary}");
        }
    }
}
