//! Showing a result: a display unit chosen for the dimension, 3-4 significant figures, and
//! never a rounding that changes the story (99.9999999% is not "100%").

use std::fmt::Write as _;

use serde::Serialize;

use super::dims::{Base, Dims};
use super::units::Units;
use super::{Answer, Quantity};

/// A result ready to print: the number in the display unit, the unit, and the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    /// The value in `unit`.
    pub value: f64,
    /// The display unit (`MB/s`, `events`, `$`).
    pub unit: String,
    /// The humanised text (`50 MB/s`, `864 million events (~0.9 billion)`).
    pub display: String,
}

/// Byte prefixes, SI.
const BYTE_UNITS: [(&str, f64); 7] = [
    ("B", 1.0),
    ("KB", 1e3),
    ("MB", 1e6),
    ("GB", 1e9),
    ("TB", 1e12),
    ("PB", 1e15),
    ("EB", 1e18),
];

/// Time units a duration is shown in, largest that gives a value of at least 1.
const DURATIONS: [(&str, f64); 8] = [
    ("ns", 1e-9),
    ("µs", 1e-6),
    ("ms", 0.001),
    ("s", 1.0),
    ("minutes", 60.0),
    ("hours", 3600.0),
    ("days", 86_400.0),
    ("years", 365.0 * 86_400.0),
];

/// Chooses how to show `answer`.
#[must_use]
pub fn show(answer: &Answer, units: &Units) -> Shown {
    if let Some((text, factor)) = &answer.target {
        let value = answer.quantity.value / factor;
        return Shown {
            value,
            unit: text.clone(),
            display: match text.strip_prefix('$') {
                _ if text == "%" => format!("{}%", number(value)),
                // `-> $/day`: money reads `$20/day`.
                Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                    format!("${}{rest}", money_number(value))
                }
                // `-> orders` of exactly one reads `1 order`.
                _ if is_one(value) => format!("{} {}", number(value), singular_unit(text, units)),
                _ => format!("{} {text}", number(value)),
            },
        };
    }
    if answer.percent && answer.quantity.dims.is_none() {
        let value = answer.quantity.value * 100.0;
        return Shown {
            value,
            unit: "%".into(),
            display: format!("{}%", number(value)),
        };
    }
    let per = answer.time_units.first().cloned();
    show_quantity(&answer.quantity, units, per)
}

/// Shows a quantity with no unit asked for; a rate is given per `per` (the largest time unit
/// the expression used) or per second.
#[must_use]
pub fn show_quantity(q: &Quantity, units: &Units, per: Option<(String, f64)>) -> Shown {
    let dims = &q.dims;
    let t = dims.exponent(Base::Time);
    let b = dims.exponent(Base::Bytes);
    let money = dims.exponent(Base::Money);
    let counts = dims.counts();

    // A plain duration: the largest unit that keeps the value at 1 or more.
    if (b, money, t) == (0, 0, 1) && counts.is_empty() {
        let (name, factor) = DURATIONS
            .iter()
            .rev()
            .find(|(_, f)| q.value.abs() >= *f)
            .copied()
            .unwrap_or(("s", 1.0));
        let value = q.value / factor;
        // "1 day", not "1 days"; symbols (`s`, `ms`) have no plural.
        let name = if is_one(value) {
            singular_time(name)
        } else {
            name
        };
        return shown(value, name, format!("{} {name}", number(value)));
    }
    // Time times something else (`orders * 1 day`, `1 GB * 1 day`): the rest shown as it
    // would be, then the time in the unit the expression used: `1 orders·day`, `1 GB·day`.
    // Left to the general case below it read "86,400 s orders" (the time stayed in base
    // seconds, and a byte prefix was chosen for the product's value).
    if t == 1 && money == 0 && (b != 0 || !counts.is_empty()) {
        let (time_name, factor) = match per {
            Some((name, factor)) if factor > 0.0 => (short_time(&name, factor), factor),
            _ => ("s".to_owned(), 1.0),
        };
        let rest = Quantity {
            value: q.value / factor,
            dims: dims.div(&Dims::of(Base::Time)),
        };
        let inner = show_quantity(&rest, units, None);
        let unit = format!("{}·{time_name}", inner.unit);
        return shown(inner.value, &unit, format!("{}·{time_name}", inner.display));
    }
    // A rate: per the time unit the expression used, or per second.
    let (per_name, per_factor) = match (t, per) {
        (-1, Some((name, factor))) => (short_time(&name, factor), factor),
        _ => ("s".to_owned(), 1.0),
    };
    let mut value = q.value;
    if t == -1 {
        value *= per_factor;
    }
    // Bytes (to the first power): the SI prefix that keeps the number readable; per byte (a
    // price per size), the smallest that brings the value to 1 or more (`$23/TB/month`).
    let mut byte_name = None;
    if b == 1 {
        let (name, factor) = BYTE_UNITS
            .iter()
            .rev()
            .find(|(_, f)| value.abs() >= *f)
            .copied()
            .unwrap_or(("B", 1.0));
        value /= factor;
        byte_name = Some(name);
    } else if b == -1 && value != 0.0 {
        let (name, factor) = BYTE_UNITS
            .iter()
            .find(|(_, f)| (value * f).abs() >= 1.0)
            .copied()
            .unwrap_or(BYTE_UNITS[BYTE_UNITS.len() - 1]);
        value *= factor;
        byte_name = Some(name);
    }
    let mut unit = unit_name_with(dims, units, byte_name, &per_name, false);
    // Money, or a price per size, per count or per time: `$0.004`, `$23/TB/month`,
    // `$0.20/million requests`.
    let per_something = b <= 0 && t <= 0 && counts.iter().all(|(_, e)| *e < 0);
    if money == 1 && per_something {
        if let [(i, -1)] = counts.as_slice() {
            let scale = [("thousand", 1e3), ("million", 1e6), ("billion", 1e9)]
                .into_iter()
                .find(|(_, f)| (value * f).abs() >= 0.01);
            if let Some((name, f)) = scale.filter(|_| value != 0.0 && value.abs() < 0.01) {
                value *= f;
                let one = format!("/{}", units.count_name(*i));
                unit = unit.replacen(&one, &format!("/{name} {}", units.count_plural(*i)), 1);
            }
        }
        let rest = unit.strip_prefix('$').unwrap_or_default();
        let text = format!("${}{rest}", money_number(value));
        return shown(value, &unit, text);
    }
    // Large counts read better in words: 864 million events (~0.9 billion).
    if byte_name.is_none() && money == 0 && value.abs() >= 1e6 && t >= -1 {
        let (amount, approx) = words(value);
        let mut text = if unit.is_empty() {
            amount
        } else {
            format!("{amount} {unit}")
        };
        if let Some(approx) = approx {
            let _ = write!(text, " (~{approx})");
        }
        return shown(value, &unit, text);
    }
    // `unit` stays the plural (what `--format json` gives, whatever the value); the text says
    // `1 order/s`.
    let said = if is_one(value) {
        unit_name_with(dims, units, byte_name, &per_name, true)
    } else {
        unit.clone()
    };
    let text = if said.is_empty() {
        number(value)
    } else {
        format!("{} {said}", number(value))
    };
    shown(value, &unit, text)
}

fn shown(value: f64, unit: &str, display: String) -> Shown {
    Shown {
        value,
        unit: unit.to_owned(),
        display,
    }
}

fn short_time(name: &str, factor: f64) -> String {
    match name {
        "second" | "seconds" | "sec" | "secs" => "s".into(),
        "nights" => "night".into(),
        "minute" | "minutes" | "mins" => "min".into(),
        "hour" | "hours" | "hrs" | "hr" => "h".into(),
        "days" | "d" => "day".into(),
        "weeks" | "wk" => "week".into(),
        "months" | "mo" => "month".into(),
        "years" | "yr" | "yrs" => "year".into(),
        other if factor > 0.0 => other.to_owned(),
        _ => "s".into(),
    }
}

/// A unit name for any dimensions, with no byte prefix chosen (`B`), per second.
#[must_use]
pub fn unit_name(dims: &Dims, units: &Units, per: Option<&str>) -> String {
    unit_name_with(
        dims,
        units,
        dims.exponent(Base::Bytes).ne(&0).then_some("B"),
        per.unwrap_or("s"),
        false,
    )
}

/// The number shows as exactly one (`1`, `-1`): what it counts takes the singular. Decided on
/// the digits shown, so 0.9999999 (shown in full) stays plural and nothing rounds to "1 days".
fn is_one(value: f64) -> bool {
    matches!(number(value).as_str(), "1" | "-1")
}

/// The singular of a time unit's name (`days` -> `day`); symbols (`s`, `ms`, `h`) have no
/// plural and are left as they are.
fn singular_time(name: &str) -> &str {
    match name.strip_suffix('s') {
        Some(singular) if singular.len() > 2 => singular,
        _ => name,
    }
}

/// A unit written after `->` (`orders`, `orders/s`, `days`), its first name in the singular
/// when it is a counted thing's plural or a time unit's: what a count of one reads.
fn singular_unit(text: &str, units: &Units) -> String {
    let cut = text.find(['/', ' ', '·', '*']).unwrap_or(text.len());
    let (first, rest) = text.split_at(cut);
    // A counted thing's plural, or any unit whose name less its `s` is the same unit
    // (`weeks`, `hours`, `months`); `ms`, `GBs` or `bytes`-like symbols stay as written.
    let same_unit = |singular: &str| match (units.get(first), units.get(singular)) {
        (Some(a), Some(b)) => {
            a.dims == b.dims && (a.factor - b.factor).abs() <= f64::EPSILON * a.factor.abs()
        }
        _ => false,
    };
    let singular = match units.count_of_plural(first) {
        Some(name) => name,
        None => match first.strip_suffix('s') {
            Some(singular) if singular.len() > 2 && same_unit(singular) => singular,
            _ => first,
        },
    };
    format!("{singular}{rest}")
}

/// The name of a unit of `dims`: counted things in the plural, or, where the number shown is
/// exactly one (`one`), in the singular (`1 order/s`, `2 orders/s`).
fn unit_name_with(dims: &Dims, units: &Units, bytes: Option<&str>, per: &str, one: bool) -> String {
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    // Per size before per time (`$/TB/month`); otherwise in the order of the bases.
    let mut order: Vec<(Base, i8)> = dims.iter().collect();
    order.sort_by_key(|(base, e)| *e < 0 && *base != Base::Bytes);
    for (base, e) in order {
        let name = match base {
            Base::Time => per.to_owned(),
            Base::Bytes => bytes.unwrap_or("B").to_owned(),
            Base::Money => "$".to_owned(),
            Base::Count(i) => {
                if e > 0 && !(one && e == 1) {
                    units.count_plural(i)
                } else {
                    units.count_name(i).to_owned()
                }
            }
        };
        let power = e.unsigned_abs();
        let name = if power == 1 {
            name
        } else {
            format!("{name}^{power}")
        };
        if e > 0 {
            top.push(name);
        } else {
            bottom.push(name);
        }
    }
    match (top.is_empty(), bottom.is_empty()) {
        (true, true) => String::new(),
        (false, true) => top.join(" "),
        (true, false) => format!("per {}", bottom.join("/")),
        (false, false) => format!("{}/{}", top.join(" "), bottom.join("/")),
    }
}

/// 3-4 significant figures, never rounding across a digit boundary (99.9999999 stays
/// 99.9999999, not 100), thousands separated.
#[must_use]
pub fn number(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    if !value.is_finite() {
        return if value.is_nan() {
            "not a number".into()
        } else {
            "too large".into()
        };
    }
    let mut sig = 4;
    let mut text = significant(value, sig);
    // Rounding must not change the leading digit or the magnitude.
    while sig < 15 {
        let rounded: f64 = text.replace(',', "").parse().unwrap_or(value);
        if leading(rounded) == leading(value) {
            break;
        }
        sig += 1;
        text = significant(value, sig);
    }
    text
}

fn leading(value: f64) -> (i32, u8) {
    let magnitude = value.abs().log10().floor();
    let digit = (value.abs() / 10f64.powf(magnitude)).floor();
    #[allow(clippy::cast_possible_truncation)]
    (magnitude as i32, digit as u8)
}

fn significant(value: f64, sig: i32) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (sig - 1 - magnitude).max(0);
    let text = format!("{value:.prec$}", prec = decimals.unsigned_abs() as usize);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        // Round the integer part to `sig` figures.
        let scale = 10f64.powi(magnitude + 1 - sig);
        if scale > 1.0 {
            format!("{:.0}", (value / scale).round() * scale)
        } else {
            text
        }
    };
    group_thousands(&text)
}

/// A number of bytes shown with the prefix that reads best (`10.42 MB`).
#[must_use]
pub fn bytes(value: f64) -> String {
    let q = Quantity {
        value,
        dims: Dims::of(Base::Bytes),
    };
    show_quantity(&q, super::Calculator::shared().units(), None).display
}

/// A number of seconds in the largest unit that keeps it at 1 or more (`3 minutes`).
#[must_use]
pub fn duration(seconds: f64) -> String {
    let q = Quantity {
        value: seconds,
        dims: Dims::of(Base::Time),
    };
    show_quantity(&q, super::Calculator::shared().units(), None).display
}

/// A count exactly, thousands separated: counts are not rounded.
#[must_use]
pub fn integer(n: u64) -> String {
    group_thousands(&n.to_string())
}

fn group_thousands(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    if int.len() < 4 {
        return text.to_owned();
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount of money: cents when they say it all (`9.50`, `23`), significant figures when
/// they do not (`0.004`, `0.023`), words from a million up (`3 billion`).
fn money_number(value: f64) -> String {
    let abs = value.abs();
    if abs >= 1e6 {
        return words(value).0;
    }
    if abs >= 100.0 {
        return number(value);
    }
    let cents = (value * 100.0).round() / 100.0;
    if abs >= 0.01 && (cents - value).abs() <= abs * 0.005 {
        if cents.fract() == 0.0 {
            format!("{cents:.0}")
        } else {
            format!("{cents:.2}")
        }
    } else {
        number(value)
    }
}

/// Large counts in words, and the next scale up when it is close: `864 million` and
/// `0.9 billion`.
fn words(value: f64) -> (String, Option<String>) {
    const SCALES: [(&str, f64); 4] = [
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("trillion", 1e12),
    ];
    let Some(index) = SCALES.iter().rposition(|(_, f)| value.abs() >= *f) else {
        return (number(value), None);
    };
    let (name, factor) = SCALES[index];
    let text = format!("{} {name}", number(value / factor));
    let approx = SCALES.get(index + 1).and_then(|(next, next_factor)| {
        let ratio = value / next_factor;
        (ratio.abs() >= 0.5).then(|| format!("{} {next}", significant(ratio, 1)))
    });
    (text, approx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_three_to_four_figures() {
        assert_eq!(number(50.0), "50");
        assert_eq!(number(16.666_666), "16.67");
        assert_eq!(number(172.8), "172.8");
        assert_eq!(number(0.864), "0.864");
        assert_eq!(number(864_000.0), "864,000");
        assert_eq!(number(1_234_567.0), "1,235,000");
    }

    #[test]
    fn never_rounds_across_a_boundary() {
        assert_eq!(number(99.999_999_9), "99.9999999");
        assert_eq!(number(0.999_99), "0.99999");
        assert_eq!(number(9_999.9), "9,999.9");
    }

    #[test]
    fn time_times_a_count_or_a_size_keeps_the_time_unit_asked() {
        let mut calc = crate::calc::Calculator::new();
        calc.declare_count("order").expect("a new count");
        let mut show = |input: &str| calc.show(input).expect(input).display;
        // Not "86,400 s orders": the time stays in the unit written.
        assert_eq!(show("orders * 1 day"), "1 order·day");
        assert_eq!(show("2 orders * 3 h"), "6 orders·h");
        assert_eq!(show("orders * 90 s"), "90 orders·s");
        // Not "86.4 s TB".
        assert_eq!(show("1 GB * 1 day"), "1 GB·day");
        // A rate times a time is still the count.
        assert_eq!(show("orders/s * 1 day"), "86,400 orders");
    }

    #[test]
    fn a_count_of_exactly_one_takes_the_singular() {
        let mut calc = crate::calc::Calculator::new();
        calc.declare_count("order").expect("a new count");
        calc.declare_count("query").expect("known already");
        // The unit itself stays the plural, for machines (`--format json`).
        assert_eq!(calc.show("1 order/s").expect("shows").unit, "orders/s");
        let mut show = |input: &str| calc.show(input).expect(input).display;
        assert_eq!(show("1 order"), "1 order");
        assert_eq!(show("orders"), "1 order");
        assert_eq!(show("2 orders"), "2 orders");
        assert_eq!(show("0 orders"), "0 orders");
        assert_eq!(show("1.5 orders"), "1.5 orders");
        assert_eq!(show("-1 order"), "-1 order");
        // A rate, a product with time, a size per count: the count agrees with the number.
        assert_eq!(show("1 order/s"), "1 order/s");
        assert_eq!(show("3600 orders / 1 h"), "3,600 orders/h");
        assert_eq!(show("60 orders / 1 min"), "60 orders/min");
        assert_eq!(show("1 order/s * 1 day"), "86,400 orders");
        assert_eq!(show("2 orders * 1 day"), "2 orders·day");
        assert_eq!(show("1 query/s"), "1 query/s");
        assert_eq!(show("1 KB/order"), "1 KB/order");
        // What is counted per is singular whatever the number.
        assert_eq!(show("2 KB/order"), "2 KB/order");
        // Asked for with ->: the unit as written, in the singular for exactly one.
        assert_eq!(show("1 order -> orders"), "1 order");
        assert_eq!(show("86400 orders/day -> orders/s"), "1 order/s");
        assert_eq!(show("2 orders -> orders"), "2 orders");
        assert_eq!(show("24 h -> days"), "1 day");
        assert_eq!(show("48 h -> days"), "2 days");
        assert_eq!(show("7 days -> weeks"), "1 week");
        assert_eq!(show("60 min -> hours"), "1 hour");
        assert_eq!(show("1 s -> ms"), "1,000 ms");
        assert_eq!(show("0.001 s -> ms"), "1 ms");
        assert_eq!(show("1 GB -> MB"), "1,000 MB");
        // Decided on the digits shown: 0.9999999 is not one.
        assert_eq!(show("0.9999999 orders"), "0.9999999 orders");
        // Durations already did; they still do, and symbols have no plural.
        assert_eq!(show("1 day"), "1 day");
        assert_eq!(show("60 s"), "1 minute");
        assert_eq!(show("1 s"), "1 s");
        assert_eq!(show("2 days"), "2 days");
    }

    #[test]
    fn big_counts_in_words() {
        assert_eq!(
            words(864e6),
            ("864 million".into(), Some("0.9 billion".into()))
        );
        assert_eq!(words(2e6), ("2 million".into(), None));
    }
}
