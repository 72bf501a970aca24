//! Cross-checks the calculator against GNU units on a table of expressions. Counts (events,
//! rows) are dimensionless in GNU units, so they are left out on its side, and a month is
//! written as 30 days, a year as 365 (GNU units uses calendar averages). Runs where `units` is
//! installed; `.ci/run` installs it.

use std::process::Command;

use dei::calc::Calculator;

/// (dei expression, the same for GNU units, the unit both convert to on the GNU side).
const TABLE: &[(&str, &str, &str)] = &[
    (
        "10k events/s * 5 * 1 KB/event -> MB/s",
        "10000 * 5 * 1 kB / s",
        "MB/s",
    ),
    (
        "10,000 events/s * 1 day -> events",
        "10000 / s * 1 day",
        "1",
    ),
    (
        "10k events/s * 1 KB/event * 1 day -> GB",
        "10000 / s * 1 kB * 1 day",
        "GB",
    ),
    ("864 GB/day / 5 -> GB/day", "864 GB/day / 5", "GB/day"),
    ("173 GB/day * 30 days -> TB", "173 GB/day * 30 day", "TB"),
    ("50 MB/s / (10 MB/s)", "50 MB/s / (10 MB/s)", "1"),
    ("12 TB / (200 MB/s) -> hours", "12 TB / (200 MB/s)", "hour"),
    ("2000 changes/s * 1 day -> changes", "2000 / s * 1 day", "1"),
    (
        "8000 changes/s * 2 KB/change -> MB/s",
        "8000 / s * 2 kB",
        "MB/s",
    ),
    ("2 billion events/day -> events/s", "2e9 / day", "1/s"),
    (
        "2 billion events/day * 500 B/event -> TB/day",
        "2e9 / day * 500 B",
        "TB/day",
    ),
    ("2 billion events * 16 B/event -> GB", "2e9 * 16 B", "GB"),
    ("90 TB * 0.5% -> GB", "90 TB * 0.005", "GB"),
    (
        "90 TB / (2.5 million files) -> MB/file",
        "90 TB / 2.5e6",
        "MB",
    ),
    ("90 TB / (512 MB/file) -> files", "90 TB / 512 MB", "1"),
    (
        "5 million rows/day * 15% -> rows/day",
        "5e6 / day * 0.15",
        "1/day",
    ),
    ("1 day / (5 min) -> 1", "1 day / 5 min", "1"),
    ("1 KiB -> B", "1 KiB", "B"),
    ("1 MiB -> KB", "1 MiB", "kB"),
    ("1 GiB -> MB", "1 GiB", "MB"),
    ("1 TiB -> GB", "1 TiB", "GB"),
    ("1 PB -> TB", "1 PB", "TB"),
    ("1 Gb/s -> MB/s", "1 Gbit/s", "MB/s"),
    ("10 Gb/s -> GB/s", "10 Gbit/s", "GB/s"),
    ("100 Mb/s -> MB/s", "100 Mbit/s", "MB/s"),
    ("1 Mbps -> KB/s", "1 Mbit/s", "kB/s"),
    ("8 bits -> B", "8 bit", "B"),
    ("1 hour -> s", "1 hour", "s"),
    ("1 week -> hours", "1 week", "hour"),
    ("1 month -> days", "30 day", "day"),
    ("1 year -> days", "365 day", "day"),
    ("1 year -> s", "365 day", "s"),
    ("250 ms * 40 -> s", "250 ms * 40", "s"),
    (
        "1e4 requests/s * 3600 s -> requests",
        "1e4 / s * 3600 s",
        "1",
    ),
    ("50 MB/s * 1 day -> TB", "50 MB/s * 1 day", "TB"),
    ("5 TB/month -> GB/day", "5 TB / 30 day", "GB/day"),
    ("5 TB/month -> MB/s", "5 TB / 30 day", "MB/s"),
    (
        "63 TB * $23 / (1 TB * 1 month) * 1 year -> $",
        "63 * 23 * 365 / 30",
        "1",
    ),
    ("1,000,000 rows * 200 B/row -> MB", "1e6 * 200 B", "MB"),
    (
        "300 requests/s * 1 day -> million requests",
        "300 / s * 1 day",
        "1e6",
    ),
    (
        "17280 files / (24 partitions) -> files/partition",
        "17280 / 24",
        "1",
    ),
    ("3600 s / (5 s) * 24 -> 1", "3600 s / 5 s * 24", "1"),
    ("(10 MB/s)^2 -> MB^2/s^2", "(10 MB/s)^2", "MB^2/s^2"),
    ("2^10 -> 1", "2^10", "1"),
    // The forms people type (issue 13): the case of the b, kB and EB, `of`, `for` and `over`,
    // glued durations, number words, signs and powers, money per size, dividing by a rate.
    ("10 MBps -> MB/s", "10 MB/s", "MB/s"),
    ("10 Mbps -> MB/s", "10 Mbit/s", "MB/s"),
    ("1 GBps -> Mbps", "1 GB/s", "Mbit/s"),
    ("5 kB -> B", "5 kB", "B"),
    ("1 EB -> PB", "1 EB", "PB"),
    ("1 EiB -> PiB", "1 EiB", "PiB"),
    ("10 GBs -> MB", "10 GB", "MB"),
    ("20% of 5 TB -> GB", "0.2 * 5 TB", "GB"),
    ("10 MB/s over 24 hours -> GB", "10 MB/s * 24 hours", "GB"),
    (
        "100 events per second for a day -> events",
        "100/s * 1 day",
        "1",
    ),
    ("2h30m -> min", "2 hour + 30 min", "min"),
    ("1h30 -> min", "1 hour + 30 min", "min"),
    ("1d12h -> hours", "1 day + 12 hour", "hour"),
    ("1m30s -> s", "1 min + 30 s", "s"),
    ("5x 2 h 30 min -> hours", "5 * (2 hour + 30 min)", "hour"),
    ("-2^2", "-2^2", "1"),
    ("2^3^2", "2^3^2", "1"),
    ("2^-1", "2^-1", "1"),
    (
        "three nines of a year -> hours",
        "(1-0.999) * 365 day",
        "hour",
    ),
    (
        "five nines of a year -> min",
        "(1-0.99999) * 365 day",
        "min",
    ),
    (
        "ten thousand events/s * 1 day -> events",
        "10000/s * 1 day",
        "1",
    ),
    ("half a TB -> GB", "0.5 TB", "GB"),
    ("twenty-five GB -> MB", "25 GB", "MB"),
    ("10k rps * 2 KB/request -> MB/s", "10000/s * 2 kB", "MB/s"),
    (
        "$0.023/GB/month * 50 TB -> $/month",
        "0.023/GB * 50 TB",
        "1",
    ),
    ("$1,800 / 90 TB -> $/GB", "1800 / 90 TB", "1/GB"),
    ("$3B/year -> $/s", "3e9 / 365 day", "1/s"),
    ("1 TB / 100 MB/s -> s", "1 TB / (100 MB/s)", "s"),
    ("12 TB / 200 MB/s -> hours", "12 TB / (200 MB/s)", "hour"),
    ("10 000 events/day -> events/s", "1e4/day", "1/s"),
    ("50 MB/s peak * 1 hour -> GB", "50 MB/s * 1 hour", "GB"),
];

fn gnu(from: &str, to: &str) -> Option<f64> {
    let out = Command::new("units")
        .args(["-t", "-1", "--", from, to])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.trim().parse().ok()
}

#[test]
fn the_table_is_big_enough() {
    assert!(TABLE.len() >= 70);
}

#[test]
fn agrees_with_gnu_units() {
    if Command::new("units").arg("--version").output().is_err() {
        eprintln!("GNU units is not installed; skipping the cross-check (.ci/run installs it)");
        return;
    }
    let mut failures = Vec::new();
    for (dei_expr, from, to) in TABLE {
        let mut calc = Calculator::new();
        let answer = calc
            .eval(dei_expr)
            .unwrap_or_else(|e| panic!("{dei_expr}: {}", e.render(dei_expr)));
        let ours = answer
            .target
            .as_ref()
            .map_or(answer.quantity.value, |(_, factor)| {
                answer.quantity.value / factor
            });
        let Some(theirs) = gnu(from, to) else {
            failures.push(format!("GNU units could not evaluate `{from}` -> `{to}`"));
            continue;
        };
        if (ours - theirs).abs() > theirs.abs() * 1e-6 {
            failures.push(format!("{dei_expr}: dei {ours}, GNU units {theirs}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
