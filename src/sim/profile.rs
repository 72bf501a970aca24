//! Load profiles: the `[load_profiles]` a scenario file gives the simulator (quantities as
//! text, `"40%"`, `"50k/s"`), and their reading into simulation configurations with the
//! calculator, checked by dimension. The profiles are the simulator's own: a scenario holds
//! them (`crate::scenario` re-exports the types), the simulator never needs the scenario.

use serde::{Deserialize, Serialize};

use crate::calc::dims::{Base, Dims};
use crate::calc::{Calculator, Quantity};

use super::redelivery::{CommitOrder, RedeliveryConfig, WriteMode};
use super::skew::{KeyLaw, SkewConfig};
use super::small_files::SmallFilesConfig;

/// A profile field that does not read as what it must be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` = \"{text}\": {problem}")]
pub struct ProfileError {
    /// The field (`hot_key_share`).
    pub field: &'static str,
    /// Its text.
    pub text: String,
    /// What is wrong.
    pub problem: String,
}

fn read(field: &'static str, text: &str) -> Result<Quantity, ProfileError> {
    Calculator::shared()
        .evaluate(text)
        .map(|a| a.quantity)
        .map_err(|e| ProfileError {
            field,
            text: text.to_owned(),
            problem: e.message,
        })
}

fn plain(field: &'static str, text: &str) -> Result<f64, ProfileError> {
    let q = read(field, text)?;
    let counts_only = q
        .dims
        .iter()
        .all(|(b, e)| matches!(b, Base::Count(_)) && e == 1);
    if counts_only && q.dims.counts().len() <= 1 {
        Ok(q.value)
    } else {
        Err(ProfileError {
            field,
            text: text.to_owned(),
            problem: "expected a number, such as 1M or 40%".into(),
        })
    }
}

fn per_second(field: &'static str, text: &str) -> Result<f64, ProfileError> {
    let q = read(field, text)?;
    if q.dims.exponent(Base::Time) == -1 && q.dims.exponent(Base::Bytes) == 0 {
        Ok(q.value)
    } else {
        Err(ProfileError {
            field,
            text: text.to_owned(),
            problem: "expected a rate of events, such as 50k/s".into(),
        })
    }
}

fn of(field: &'static str, text: &str, dims: &Dims, expected: &str) -> Result<f64, ProfileError> {
    let q = read(field, text)?;
    if &q.dims == dims {
        Ok(q.value)
    } else {
        Err(ProfileError {
            field,
            text: text.to_owned(),
            problem: format!("expected {expected}"),
        })
    }
}

/// Events one simulation of a scenario's load profile may run: `dei score` runs them for every
/// answer, so a profile stays within what takes a fraction of a second.
pub const EVENT_BUDGET: u64 = 10_000_000;

/// Partitions a profile may have (as `dei sim` allows).
pub const MAX_PARTITIONS: u32 = 100_000;

/// Distinct keys a skew profile may have (as `dei sim skew` allows).
pub const MAX_KEYS: u64 = 10_000_000;

/// The largest Zipf exponent simulated.
pub const MAX_ZIPF: f64 = 5.0;

/// Hours a small-files profile may cover: a year.
pub const MAX_HOURS: u32 = 24 * 366;

fn out_of_range(
    field: &'static str,
    text: impl Into<String>,
    problem: impl Into<String>,
) -> ProfileError {
    ProfileError {
        field,
        text: text.into(),
        problem: problem.into(),
    }
}

/// A whole number from `min` to `max`.
fn whole(field: &'static str, text: &str, min: u64, max: u64) -> Result<u64, ProfileError> {
    let v = plain(field, text)?;
    if v.fract() == 0.0 && v >= min as f64 && v <= max as f64 {
        Ok(v as u64)
    } else {
        Err(out_of_range(
            field,
            text,
            format!("expected a whole number from {min} to {}", with_commas(max)),
        ))
    }
}

/// A whole-number field of the file (`partitions = 0`) from `min` to `max`.
fn bounded(field: &'static str, value: u32, min: u32, max: u32) -> Result<u32, ProfileError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(out_of_range(
            field,
            value.to_string(),
            format!("expected from {min} to {}", with_commas(u64::from(max))),
        ))
    }
}

/// A share from 0% to `max`.
fn share(field: &'static str, text: &str, max: f64) -> Result<f64, ProfileError> {
    let v = plain(field, text)?;
    if (0.0..=max).contains(&v) {
        Ok(v)
    } else {
        Err(out_of_range(
            field,
            text,
            format!("expected a share from 0% to {}%", max * 100.0),
        ))
    }
}

/// A quantity above zero.
fn positive(field: &'static str, text: &str, value: f64) -> Result<f64, ProfileError> {
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(out_of_range(field, text, "expected more than 0"))
    }
}

fn with_commas(n: u64) -> String {
    crate::calc::format::number(n as f64)
}

/// The skew profile, with `salt` sub-keys per hot key.
pub fn skew(p: &SkewProfile, salt: u32) -> Result<SkewConfig, ProfileError> {
    let law = match (p.zipf, &p.hot_key_share) {
        (Some(exponent), _) if exponent > 0.0 && exponent <= MAX_ZIPF => KeyLaw::Zipf { exponent },
        (Some(exponent), _) => {
            return Err(out_of_range(
                "zipf",
                exponent.to_string(),
                format!("expected an exponent above 0 and at most {MAX_ZIPF}"),
            ));
        }
        (None, Some(s)) => KeyLaw::HotKey {
            share: share("hot_key_share", s, 1.0)?,
        },
        (None, None) => KeyLaw::HotKey { share: 0.0 },
    };
    let rate = |field, text: &str| positive(field, text, per_second(field, text)?);
    Ok(SkewConfig {
        events: whole("events", &p.events, 1, EVENT_BUDGET)?,
        partitions: bounded("partitions", p.partitions, 1, MAX_PARTITIONS)?,
        keys: whole("keys", &p.keys, 1, MAX_KEYS)?,
        law,
        salt,
        rate: p.rate.as_deref().map(|r| rate("rate", r)).transpose()?,
        partition_capacity: p
            .partition_capacity
            .as_deref()
            .map(|c| rate("partition_capacity", c))
            .transpose()?,
    })
}

/// The redelivery profile, with the commit order and write mode of a design.
pub fn redelivery(
    p: &RedeliveryProfile,
    commit: CommitOrder,
    write: WriteMode,
) -> Result<RedeliveryConfig, ProfileError> {
    Ok(RedeliveryConfig {
        events: whole("events", &p.events, 1, EVENT_BUDGET)?,
        batch: u64::from(bounded("batch", p.batch, 1, u32::MAX)?),
        // A consumer that nearly always crashes never finishes.
        crash_rate: share("crash_rate", &p.crash_rate, 0.9)?,
        commit,
        write,
    })
}

/// The small-files profile, with a design's flush interval and compaction.
pub fn small_files(
    p: &SmallFilesProfile,
    flush_seconds: Option<f64>,
    compact_every: Option<f64>,
) -> Result<SmallFilesConfig, ProfileError> {
    let time = Dims::of(Base::Time);
    let flush = of("flush", &p.flush, &time, "a duration, such as 5 s")?;
    if flush < 0.001 {
        return Err(out_of_range("flush", &p.flush, "expected at least 1 ms"));
    }
    Ok(SmallFilesConfig {
        rate: positive("rate", &p.rate, per_second("rate", &p.rate)?)?,
        event_size: positive(
            "event_size",
            &p.event_size,
            of(
                "event_size",
                &p.event_size,
                &Dims::of(Base::Bytes),
                "a size, such as 1 KB",
            )?,
        )?,
        partitions: bounded("partitions", p.partitions, 1, MAX_PARTITIONS)?,
        flush_seconds: flush_seconds.unwrap_or(flush),
        flush_bytes: None,
        hours: f64::from(bounded("hours", p.hours, 1, MAX_HOURS)?),
        compact_every,
        target_file: 512e6,
        open_cost: 0.02,
        scan_rate: 1e9,
    })
}
/// Parameters of the partition-skew simulation for this scenario. Quantities are calculator
/// expressions kept as text (`"40%"`, `"50k/s"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkewProfile {
    /// Number of events to route.
    pub events: String,
    /// Number of partitions.
    pub partitions: u32,
    /// Number of distinct keys.
    pub keys: String,
    /// Share of all events carried by the single hottest key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hot_key_share: Option<String>,
    /// Zipf exponent when keys follow a power law instead of one hot key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zipf: Option<f64>,
    /// Arrival rate, to compare the hottest partition with its capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// What one partition can take (events/s or bytes/s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_capacity: Option<String>,
}

/// Parameters of the duplicate-redelivery simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedeliveryProfile {
    /// Number of events to consume.
    pub events: String,
    /// Events per consumer batch.
    pub batch: u32,
    /// Chance that the consumer crashes during a batch (`"2%"`).
    pub crash_rate: String,
}

/// Parameters of the small-files simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmallFilesProfile {
    /// Arrival rate (`"50k events/s"`).
    pub rate: String,
    /// Size of one event (`"1 KB"`).
    pub event_size: String,
    /// Partitions written in parallel.
    pub partitions: u32,
    /// Flush interval of each writer (`"5 s"`).
    pub flush: String,
    /// Hours to simulate.
    pub hours: u32,
}

/// Load profiles the simulator runs a candidate's design against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadProfiles {
    /// A hot key under load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skew: Option<SkewProfile>,
    /// A consumer that crashes and is redelivered events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redelivery: Option<RedeliveryProfile>,
    /// A streaming writer committing often.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_files: Option<SmallFilesProfile>,
}
