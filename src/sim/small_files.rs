//! Small files: each partition's writer flushes on a timer or when its buffer reaches a size;
//! compaction rewrites closed small files into target-sized ones; a query over the run pays a
//! per-file open/list cost plus bytes over the scan rate. Computed per flush, analytically, so
//! a 30-day run takes microseconds.

use serde::Serialize;

use super::{ConfigError, require};

/// A small-files simulation. Rates are per second, sizes in bytes, times in seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmallFilesConfig {
    /// Events per second arriving (all partitions together).
    pub rate: f64,
    /// Bytes per event.
    pub event_size: f64,
    /// Partitions written in parallel.
    pub partitions: u32,
    /// Flush interval of each writer.
    pub flush_seconds: f64,
    /// Flush early when a writer's buffer reaches this many bytes.
    pub flush_bytes: Option<f64>,
    /// Hours simulated (the query reads all of them).
    pub hours: f64,
    /// Compact every this many seconds, into files of `target_file` bytes.
    pub compact_every: Option<f64>,
    /// Target size of compacted files.
    pub target_file: f64,
    /// Cost of listing and opening one file.
    pub open_cost: f64,
    /// Bytes per second a query scans.
    pub scan_rate: f64,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmallFilesOutcome {
    /// Files written by the writers over the run.
    pub files_written: u64,
    /// Files written per hour.
    pub files_per_hour: f64,
    /// Average size of a written file.
    pub avg_file_bytes: f64,
    /// Seconds between flushes of one writer (timer or size, whichever comes first).
    pub flush_interval: f64,
    /// Files a query sees after compaction (equal to `files_written` without compaction).
    pub files_after_compaction: u64,
    /// Bytes the query reads.
    pub bytes: f64,
    /// Query time over the uncompacted files.
    pub query_seconds_before: f64,
    /// Query time after compaction.
    pub query_seconds_after: f64,
}

/// Runs the model.
pub fn run(c: &SmallFilesConfig) -> Result<SmallFilesOutcome, ConfigError> {
    require(c.rate > 0.0, "--rate", "must be above 0")?;
    require(c.event_size > 0.0, "--event-size", "must be above 0")?;
    require(c.partitions > 0, "--partitions", "must be at least 1")?;
    require(c.flush_seconds >= 0.001, "--flush", "must be at least 1 ms")?;
    require(
        c.hours > 0.0 && c.hours <= 24.0 * 366.0,
        "--hours",
        "must be above 0 and at most a year",
    )?;
    require(
        c.flush_bytes.is_none_or(|b| b > 0.0),
        "--flush-bytes",
        "must be above 0",
    )?;
    require(
        c.compact_every.is_none_or(|t| t > 0.0),
        "--compact-every",
        "must be above 0 s",
    )?;
    require(c.target_file > 0.0, "--target-file", "must be above 0")?;
    require(c.open_cost >= 0.0, "--open-cost", "must not be negative")?;
    require(c.scan_rate > 0.0, "--scan-rate", "must be above 0")?;
    let partitions = f64::from(c.partitions);
    let bytes_per_writer = c.rate * c.event_size / partitions;
    let interval = c.flush_bytes.map_or(c.flush_seconds, |limit| {
        c.flush_seconds.min(limit / bytes_per_writer)
    });
    let seconds = c.hours * 3600.0;
    // The last flush of a run that ends mid-interval writes a partial file.
    let flushes_per_writer = (seconds / interval).ceil().max(1.0);
    let files_written = (flushes_per_writer * partitions) as u64;
    let bytes = c.rate * c.event_size * seconds;
    let avg_file_bytes = bytes / files_written as f64;
    let files_after_compaction = match c.compact_every {
        None => files_written,
        Some(every) => {
            // Everything up to the last compaction is in target-sized files per partition;
            // what came after is still small files.
            let compacted_seconds = (seconds / every).floor() * every;
            let per_writer_bytes = bytes_per_writer * compacted_seconds;
            let compacted = (per_writer_bytes / c.target_file).ceil() * partitions;
            let rest = ((seconds - compacted_seconds) / interval).ceil() * partitions;
            // Compaction never makes more files than it was given.
            ((compacted + rest) as u64).min(files_written)
        }
    };
    let scan = bytes / c.scan_rate;
    Ok(SmallFilesOutcome {
        files_written,
        files_per_hour: files_written as f64 / c.hours,
        avg_file_bytes,
        flush_interval: interval,
        files_after_compaction,
        bytes,
        query_seconds_before: files_written as f64 * c.open_cost + scan,
        query_seconds_after: files_after_compaction as f64 * c.open_cost + scan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SmallFilesConfig {
        SmallFilesConfig {
            rate: 50_000.0,
            event_size: 1000.0,
            partitions: 24,
            flush_seconds: 5.0,
            flush_bytes: None,
            hours: 1.0,
            compact_every: Some(3600.0),
            target_file: 512e6,
            open_cost: 0.02,
            scan_rate: 1e9,
        }
    }

    #[test]
    fn twenty_four_writers_every_five_seconds_make_17280_files_an_hour() {
        let out = run(&config()).expect("runs");
        assert_eq!(out.files_written, 17_280);
        assert!((out.files_per_hour - 17_280.0).abs() < 1e-9);
        assert!((out.avg_file_bytes - 10.416_666e6).abs() < 1e3);
    }

    #[test]
    fn compaction_collapses_the_files_and_the_query_time() {
        let out = run(&config()).expect("runs");
        // 7.5 GB per writer in the hour, in 512 MB files: 15 each.
        assert_eq!(out.files_after_compaction, 15 * 24);
        // Opening 17,280 files costs 346 s; 360 files cost 7 s. The 180 s of scanning stays.
        assert!(out.query_seconds_after < out.query_seconds_before / 2.0);
    }

    #[test]
    fn a_size_limit_flushes_early() {
        let mut c = config();
        c.flush_bytes = Some(1e6);
        let out = run(&c).expect("runs");
        assert!(out.flush_interval < 1.0, "{}", out.flush_interval);
    }

    #[test]
    fn compaction_never_adds_files_and_short_runs_write_partial_files() {
        let mut c = config();
        c.flush_seconds = 3600.0;
        let out = run(&c).expect("runs");
        assert!(out.files_after_compaction <= out.files_written);
        c.hours = 1.0 / 3600.0;
        let out = run(&c).expect("runs");
        assert_eq!(out.files_written, 24);
        assert!((out.avg_file_bytes * 24.0 - out.bytes).abs() < 1.0);
    }

    #[test]
    fn thirty_days_is_arithmetic_not_a_loop() {
        let mut c = config();
        c.hours = 720.0;
        assert_eq!(run(&c).expect("runs").files_written, 17_280 * 720);
    }
}
