//! What a lab run showed, and the one sentence that says it.

use crate::calc::format::{integer, number};
use crate::score::design;
use crate::sim::redelivery::{CommitOrder, RedeliveryConfig, RedeliveryOutcome, WriteMode};
use crate::sim::skew::{KeyLaw, SkewConfig, SkewOutcome};
use crate::sim::small_files::{SmallFilesConfig, SmallFilesOutcome};

use super::{LAB_MAX_EVENTS, short_duration};

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
    // Compaction with nothing to merge (every file already at its target size) is said so,
    // not "takes 1.2 h instead of 1.2 h".
    let idle = outcome.files_after_compaction >= outcome.files_written;
    let compaction = match config.compact_every {
        Some(every) if idle => format!(
            "; compacting every {} has nothing to do, the files are already large ({} over \
             {hours} h)",
            short_duration(every),
            integer(outcome.files_written)
        ),
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
    let query = if config.compact_every.is_some() && !idle {
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
