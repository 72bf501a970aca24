//! The calculator against inputs the way people type them (`tests/fixtures/calc_inputs.txt`),
//! each labelled with the reading it should get, through the real binary:
//! `dei calc EXPR --format json`.
//!
//! A case is read right when the value and its dimensions match the label (to 0.1%) and, where
//! the label says so, the text shown matches exactly; a case labelled `refused` is right when
//! `dei calc` exits with 2 and gives a hint. A reading that differs from its label, or any
//! reading of a case labelled `refused`, is silently wrong, which is worse than a refusal: the
//! battery fails on any of those, and when fewer than [`FLOOR`] cases read right.
//!
//! The units of a label and of `dei`'s answer are both turned into base units by the small
//! table below, written apart from the calculator's own so it cannot share its mistakes.

use std::collections::BTreeMap;
use std::process::Command;

/// Fewest cases that must read right.
const FLOOR: usize = 70;

/// Exponents of base dimensions: `s`, `B`, `$`, and each counted thing by its singular name.
type Dims = BTreeMap<String, i32>;

#[derive(Debug)]
enum Expect {
    Reading {
        value: f64,
        unit: String,
        shows: Option<String>,
    },
    Refused,
}

#[derive(Debug)]
struct Case {
    line: usize,
    text: String,
    expr: String,
    options: Vec<String>,
    expect: Expect,
}

enum Outcome {
    Right,
    /// Not read: the reason.
    Refused(String),
    /// Read, but not as labelled: what was read.
    Wrong(String),
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/calc_inputs.txt"
    );
    let text = std::fs::read_to_string(path).expect("the battery");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| parse_case(i + 1, l))
        .collect()
}

fn parse_case(line: usize, text: &str) -> Case {
    let (input, expect) = text
        .split_once("=>")
        .unwrap_or_else(|| panic!("line {line}: no `=>`"));
    let (expr, options) = split_options(input.trim());
    let expect = expect.trim();
    let expect = if expect == "refused" {
        Expect::Refused
    } else {
        let (reading, shows) = match expect.split_once(" ; shows ") {
            Some((r, s)) => (r.trim(), Some(s.trim().trim_matches('"').to_owned())),
            None => (expect, None),
        };
        let (value, unit) = reading.split_once(' ').unwrap_or((reading, ""));
        Expect::Reading {
            value: value
                .parse()
                .unwrap_or_else(|_| panic!("line {line}: `{value}` is not a number")),
            unit: unit.trim().to_owned(),
            shows,
        }
    };
    Case {
        line,
        text: input.trim().to_owned(),
        expr,
        options,
        expect,
    }
}

/// `EXPR --to "per s" --unit order` -> the expression and the options as separate arguments.
fn split_options(input: &str) -> (String, Vec<String>) {
    let Some(at) = [" --to ", " --unit "]
        .iter()
        .filter_map(|o| input.find(o))
        .min()
    else {
        return (input.to_owned(), Vec::new());
    };
    let mut options = Vec::new();
    let mut rest = input[at..].trim();
    while let Some(after) = rest.strip_prefix("--") {
        let (name, tail) = after.split_once(' ').expect("an option has a value");
        options.push(format!("--{name}"));
        let tail = tail.trim_start();
        let (value, tail) = match tail.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').expect("a closing quote"),
            None => tail.split_once(' ').unwrap_or((tail, "")),
        };
        options.push(value.to_owned());
        rest = tail.trim();
    }
    (input[..at].trim().to_owned(), options)
}

/// A unit written like `MB/s`, `$/TB/month`, `events/day/partition`, `per s`, `hours`, `%`:
/// how many base units one of it is, and its dimensions.
fn base(unit: &str) -> Option<(f64, Dims)> {
    let unit = unit.trim();
    let (top, rest) = match unit.strip_prefix("per ") {
        Some(rest) => ("", format!("/{rest}")),
        None => match unit.find('/') {
            Some(i) => (&unit[..i], unit[i..].to_owned()),
            None => (unit, String::new()),
        },
    };
    let mut factor = 1.0;
    let mut dims = Dims::new();
    for (part, sign) in std::iter::once((top, 1)).chain(
        rest.split('/')
            .filter(|p| !p.trim().is_empty())
            .map(|p| (p, -1)),
    ) {
        for word in part.split_whitespace() {
            let (name, power) = match word.split_once('^') {
                Some((n, p)) => (n, p.parse::<i32>().ok()?),
                None => (word, 1),
            };
            let (f, d) = factor_of(name)?;
            factor *= f.powi(power * sign);
            for (k, e) in d {
                *dims.entry(k).or_default() += e * power * sign;
            }
        }
    }
    dims.retain(|_, e| *e != 0);
    Some((factor, dims))
}

fn factor_of(name: &str) -> Option<(f64, Dims)> {
    const DAY: f64 = 86_400.0;
    let one = |k: &str| Dims::from([(k.to_owned(), 1)]);
    let time = |f: f64| Some((f, one("s")));
    let bytes = |f: f64| Some((f, one("B")));
    if let Ok(n) = name.parse::<f64>() {
        return Some((n, Dims::new()));
    }
    match name {
        "%" => Some((0.01, Dims::new())),
        "thousand" => Some((1e3, Dims::new())),
        "million" => Some((1e6, Dims::new())),
        "billion" => Some((1e9, Dims::new())),
        "$" => Some((1.0, one("$"))),
        "ns" => time(1e-9),
        "µs" | "us" => time(1e-6),
        "ms" => time(1e-3),
        "s" | "second" | "seconds" => time(1.0),
        "min" | "minute" | "minutes" => time(60.0),
        "h" | "hour" | "hours" => time(3600.0),
        "day" | "days" | "night" | "nights" => time(DAY),
        "week" | "weeks" => time(7.0 * DAY),
        "month" | "months" => time(30.0 * DAY),
        "year" | "years" => time(365.0 * DAY),
        "B" => bytes(1.0),
        "KB" => bytes(1e3),
        "MB" => bytes(1e6),
        "GB" => bytes(1e9),
        "TB" => bytes(1e12),
        "PB" => bytes(1e15),
        "EB" => bytes(1e18),
        "KiB" => bytes(1024.0),
        "MiB" => bytes(1024.0 * 1024.0),
        _ if name.chars().all(|c| c.is_ascii_lowercase()) => {
            // A counted thing, by its singular.
            let singular = if let Some(stem) = name.strip_suffix("ies") {
                format!("{stem}y")
            } else {
                name.strip_suffix('s').unwrap_or(name).to_owned()
            };
            Some((1.0, one(&singular)))
        }
        _ => None,
    }
}

fn run(case: &Case) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dei"))
        .arg("calc")
        .arg(&case.expr)
        .args(&case.options)
        .args(["--format", "json"])
        .env("NO_COLOR", "1")
        .output()
        .expect("dei runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The hint of a refusal, from a JSON error on either stream or a `help:` line.
fn hint(stdout: &str, stderr: &str) -> Option<String> {
    for stream in [stdout, stderr] {
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(stream.trim())
            && let Some(help) = json["help"].as_str().filter(|h| !h.is_empty())
        {
            return Some(help.to_owned());
        }
    }
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("help: "))
        .map(str::to_owned)
}

fn judge(case: &Case) -> Outcome {
    let (code, stdout, stderr) = run(case);
    let reading = (code == 0)
        .then(|| serde_json::from_str::<serde_json::Value>(stdout.trim()).ok())
        .flatten();
    let Some(json) = reading else {
        let why = format!("exit {code}: {}", stderr.trim().replace('\n', " | "));
        return match (&case.expect, hint(&stdout, &stderr)) {
            (Expect::Refused, Some(_)) => Outcome::Right,
            (Expect::Refused, None) => Outcome::Refused(format!("refused without a hint: {why}")),
            (Expect::Reading { .. }, _) => Outcome::Refused(why),
        };
    };
    let display = json["display"].as_str().unwrap_or_default().to_owned();
    let Expect::Reading { value, unit, shows } = &case.expect else {
        return Outcome::Wrong(format!("read as {display}, should be refused"));
    };
    let got_value = json["value"].as_f64().unwrap_or(f64::NAN);
    let got_unit = json["unit"].as_str().unwrap_or_default();
    let (want_factor, want_dims) =
        base(unit).unwrap_or_else(|| panic!("line {}: cannot read unit `{unit}`", case.line));
    let Some((got_factor, got_dims)) = base(got_unit) else {
        return Outcome::Wrong(format!(
            "read as {display} (unit `{got_unit}` unknown here)"
        ));
    };
    let (want, got) = (value * want_factor, got_value * got_factor);
    let close = (want - got).abs() <= 1e-3 * want.abs().max(got.abs());
    if want_dims != got_dims || !close {
        return Outcome::Wrong(format!("read as {display}"));
    }
    match shows {
        Some(text) if *text != display => {
            Outcome::Wrong(format!("shown as `{display}`, should be `{text}`"))
        }
        _ => Outcome::Right,
    }
}

#[test]
fn the_battery_is_labelled_and_big_enough() {
    let cases = cases();
    assert!(cases.len() >= 87, "{} cases", cases.len());
    for case in &cases {
        if let Expect::Reading { unit, .. } = &case.expect {
            assert!(base(unit).is_some(), "line {}: unit `{unit}`", case.line);
        }
    }
    // The oracle itself: a few units it must read.
    assert_eq!(base("MB/s").map(|b| b.0), Some(1e6));
    assert_eq!(
        base("$/TB/month").map(|b| b.1),
        Some(Dims::from([
            ("$".into(), 1),
            ("B".into(), -1),
            ("s".into(), -1)
        ]))
    );
    assert_eq!(
        base("per s").map(|b| b.1),
        Some(Dims::from([("s".into(), -1)]))
    );
    assert_eq!(
        base("queries/s").map(|b| b.1),
        base("query/second").map(|b| b.1)
    );
}

#[test]
fn inputs_people_type_read_right_and_never_silently_wrong() {
    let cases = cases();
    let mut right = 0;
    let mut refused = Vec::new();
    let mut wrong = Vec::new();
    for case in &cases {
        match judge(case) {
            Outcome::Right => right += 1,
            Outcome::Refused(why) => {
                refused.push(format!("  line {}: `{}`: {why}", case.line, case.text));
            }
            Outcome::Wrong(why) => {
                wrong.push(format!("  line {}: `{}`: {why}", case.line, case.text));
            }
        }
    }
    eprintln!(
        "calculator battery: {right} of {} read right, {} refused, {} silently wrong",
        cases.len(),
        refused.len(),
        wrong.len()
    );
    if !refused.is_empty() {
        eprintln!(
            "not read (labelled with a reading):\n{}",
            refused.join("\n")
        );
    }
    if !wrong.is_empty() {
        eprintln!("silently wrong:\n{}", wrong.join("\n"));
    }
    assert!(wrong.is_empty(), "{} silently wrong readings", wrong.len());
    assert!(right >= FLOOR, "only {right} read right (floor {FLOOR})");
}
