//! A calendar day (UTC), the unit the scheduler counts in. The shell turns the wall clock into
//! a [`Day`]; the core only ever receives one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds in a day.
const SECONDS_PER_DAY: i64 = 86_400;

/// A day, counted from 1970-01-01 (UTC). Written to files as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

impl Day {
    /// The day `n` days after 1970-01-01.
    #[must_use]
    pub const fn from_epoch_days(n: i64) -> Self {
        Self(n)
    }

    /// Days since 1970-01-01.
    #[must_use]
    pub const fn epoch_days(self) -> i64 {
        self.0
    }

    /// The UTC day holding the instant `secs` seconds after the Unix epoch.
    #[must_use]
    pub const fn from_unix_seconds(secs: i64) -> Self {
        Self(secs.div_euclid(SECONDS_PER_DAY))
    }

    /// The day `n` days later.
    #[must_use]
    pub const fn plus(self, n: u32) -> Self {
        Self(self.0 + n as i64)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    #[must_use]
    pub const fn days_until(self, later: Self) -> i64 {
        later.0 - self.0
    }

    /// The day of a (proleptic Gregorian) date, or `None` for a date that does not exist.
    #[must_use]
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil: years start in March, so the leap day is last.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Self(era * 146_097 + doe - 719_468))
    }

    /// The date as (year, month, day).
    #[must_use]
    pub fn ymd(self) -> (i64, u32, u32) {
        // Hinnant's civil_from_days, the inverse of `from_ymd`.
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day)
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A date that is not `YYYY-MM-DD` or does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date written as YYYY-MM-DD")]
pub struct DayError(String);

impl FromStr for Day {
    type Err = DayError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DayError(s.to_owned());
        let mut parts = s.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let month = m.parse().map_err(|_| bad())?;
        let day = d.parse().map_err(|_| bad())?;
        Self::from_ymd(year, month, day).ok_or_else(bad)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(Day::from_epoch_days(0).to_string(), "1970-01-01");
        assert_eq!(
            Day::from_unix_seconds(1_700_000_000).to_string(),
            "2023-11-14"
        );
        assert_eq!(Day::from_unix_seconds(-1).to_string(), "1969-12-31");
        let leap: Day = "2024-02-29".parse().expect("a leap day");
        assert_eq!(leap.plus(1).to_string(), "2024-03-01");
        // Every third day from 0000-01-01 to 9999-12-31, the years a four-digit date holds.
        for n in (-719_528..=2_932_896).step_by(3) {
            let day = Day::from_epoch_days(n);
            assert_eq!(day.to_string().parse::<Day>(), Ok(day), "{n}");
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for text in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "24-01-01",
            "2024-1-1",
            "soon",
        ] {
            assert!(text.parse::<Day>().is_err(), "{text}");
        }
    }
}
