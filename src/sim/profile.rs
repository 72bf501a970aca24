//! Scenario load profiles (text quantities in the scenario file) turned into simulation
//! configurations with the calculator, checked by dimension.

use crate::calc::dims::{Base, Dims};
use crate::calc::{Calculator, Quantity};
use crate::scenario::model::{RedeliveryProfile, SkewProfile, SmallFilesProfile};

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

/// The skew profile, with `salt` sub-keys per hot key.
pub fn skew(p: &SkewProfile, salt: u32) -> Result<SkewConfig, ProfileError> {
    let law = match (p.zipf, &p.hot_key_share) {
        (Some(exponent), _) => KeyLaw::Zipf { exponent },
        (None, Some(share)) => KeyLaw::HotKey {
            share: plain("hot_key_share", share)?,
        },
        (None, None) => KeyLaw::HotKey { share: 0.0 },
    };
    Ok(SkewConfig {
        events: plain("events", &p.events)? as u64,
        partitions: p.partitions,
        keys: plain("keys", &p.keys)? as u64,
        law,
        salt,
        rate: p
            .rate
            .as_deref()
            .map(|r| per_second("rate", r))
            .transpose()?,
        partition_capacity: p
            .partition_capacity
            .as_deref()
            .map(|c| per_second("partition_capacity", c))
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
        events: plain("events", &p.events)? as u64,
        batch: u64::from(p.batch),
        crash_rate: plain("crash_rate", &p.crash_rate)?,
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
    Ok(SmallFilesConfig {
        rate: per_second("rate", &p.rate)?,
        event_size: of(
            "event_size",
            &p.event_size,
            &Dims::of(Base::Bytes),
            "a size, such as 1 KB",
        )?,
        partitions: p.partitions,
        flush_seconds: match flush_seconds {
            Some(s) => s,
            None => of("flush", &p.flush, &time, "a duration, such as 5 s")?,
        },
        flush_bytes: None,
        hours: f64::from(p.hours),
        compact_every,
        target_file: 512e6,
        open_cost: 0.02,
        scan_rate: 1e9,
    })
}
