//! Estimation cards: a scenario's derived sizing quantity asked from the quantities its
//! expression uses ("Peak clickstream rate: 50,000 events/s; size of one event: 1 KB/event.
//! Peak ingest bandwidth, in MB/s?"), and the calculator's verdict on a typed answer.
//!
//! A quantity becomes a card only when the question can be answered from what it states:
//! its expression uses at least one earlier sizing quantity, no unit or name the front does
//! not give, and no number its label does not say (`peak_rate / 32` is asked only because the
//! label reads "one of 32 streaming tasks"). Design choices (`512 MB`) are not cards. The
//! cards themselves are made in `drill::cards`, from the rules here.

use crate::calc::{Calculator, Quantity, describe, format};

use super::Grade;

/// An answer within this factor of the expected value either way (from ×0.8 to ×1.25) is
/// right for back-of-envelope work: rounding 86,400 s/day to 100k is 16% off and passes, a
/// slipped zero or a forgotten ×8 between bits and bytes does not.
pub const TOLERANCE: f64 = 1.25;
/// Within this factor the answer is spot on and Good is suggested; between it and
/// [`TOLERANCE`], Hard.
pub const CLOSE: f64 = 1.1;

/// What an estimation card asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The scenario's id.
    pub scenario: String,
    /// The sizing quantity's id (`peak_bandwidth`).
    pub quantity: String,
    /// The expected value.
    pub expected: Quantity,
    /// The expected value as shown (`50 MB/s`).
    pub shown: String,
    /// The expected value in [`Estimate::unit`] (`50`).
    pub value: f64,
    /// The unit the front asks for (`MB/s`); empty for a plain number.
    pub unit: String,
}

/// The calculator's judgement of a typed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Within [`CLOSE`] of the expected value.
    Right {
        /// The answer as the calculator read it.
        answer: String,
    },
    /// Within [`TOLERANCE`], not within [`CLOSE`].
    Near {
        /// The answer as read.
        answer: String,
        /// How far off, as a factor of at least 1.
        factor: f64,
    },
    /// The right kind of quantity, more than [`TOLERANCE`] off.
    Wrong {
        /// The answer as read.
        answer: String,
        /// How far off, as a factor of at least 1.
        factor: f64,
        /// True when the answer is too high.
        high: bool,
    },
    /// A different kind of quantity (a size for a rate): not judged, the candidate may fix it.
    WrongUnit {
        /// What the answer is (`a data size`).
        got: String,
        /// What the question asks for (`a data rate`).
        expected: String,
    },
    /// The calculator could not read the answer: not judged.
    Unreadable {
        /// What the calculator said.
        message: String,
    },
}

impl Verdict {
    /// The grade this verdict suggests; `None` when the answer was not judged (wrong kind of
    /// quantity, unreadable) and may be corrected.
    #[must_use]
    pub fn suggested(&self) -> Option<Grade> {
        match self {
            Self::Right { .. } => Some(Grade::Good),
            Self::Near { .. } => Some(Grade::Hard),
            Self::Wrong { .. } => Some(Grade::Again),
            Self::WrongUnit { .. } | Self::Unreadable { .. } => None,
        }
    }

    /// One or two sentences for the candidate.
    #[must_use]
    pub fn message(&self, estimate: &Estimate) -> String {
        let in_unit = if estimate.unit.is_empty() {
            String::new()
        } else {
            format!(" (in {})", estimate.unit)
        };
        match self {
            Self::Right { answer } => format!("Right: {answer} (expected {}).", estimate.shown),
            Self::Near { answer, factor } => format!(
                "Close enough: {answer} is within ×{} of {} (off by ×{factor:.2}).",
                TOLERANCE, estimate.shown
            ),
            Self::Wrong {
                answer,
                factor,
                high,
            } => format!(
                "Off: {answer} is {factor:.1}x too {}; the answer is {}.",
                if *high { "high" } else { "low" },
                estimate.shown
            ),
            Self::WrongUnit { got, expected } => format!(
                "Wrong unit: that is {got}, but the question asks for {expected}{in_unit}. \
                 Fix it and press Enter, or Tab to show the answer."
            ),
            Self::Unreadable { message } => format!(
                "Cannot read that: {message}. Type a number with its unit, e.g. `{}`.",
                example(&estimate.unit)
            ),
        }
    }
}

/// An example answer in `unit`, for messages.
fn example(unit: &str) -> String {
    match unit {
        "" => "42".to_owned(),
        "%" => "12%".to_owned(),
        unit => format!("42 {unit}"),
    }
}

/// Reads `answer` with `calc` and compares it with the expected value.
///
/// A bare number is read in the unit the front asks for (`50` means `50 MB/s`); any other
/// unit is converted (`0.05 GB/s` is right for `50 MB/s`), and a different kind of quantity
/// is [`Verdict::WrongUnit`].
#[must_use]
pub fn judge(estimate: &Estimate, answer: &str, calc: &Calculator) -> Verdict {
    let text = answer.trim();
    if text.is_empty() {
        return Verdict::Unreadable {
            message: "the answer is empty".to_owned(),
        };
    }
    let read = |input: &str| {
        calc.evaluate(input).map_err(|e| Verdict::Unreadable {
            message: match &e.help {
                Some(help) => format!("{} ({help})", e.message),
                None => e.message.clone(),
            },
        })
    };
    let mut reading = match read(text) {
        Ok(reading) => reading,
        Err(verdict) => return verdict,
    };
    if reading.quantity.dims.is_none() && !reading.percent && !estimate.unit.is_empty() {
        // The front names the unit, so a bare number is taken to be in it.
        if let Ok(in_unit) = read(&format!("({text}) * 1 {}", estimate.unit)) {
            reading = in_unit;
        }
    }
    if reading.quantity.dims != estimate.expected.dims {
        return Verdict::WrongUnit {
            got: describe(&reading.quantity.dims, calc.units()),
            expected: describe(&estimate.expected.dims, calc.units()),
        };
    }
    let shown = format::show(&reading, calc.units()).display;
    let (got, want) = (reading.quantity.value, estimate.expected.value);
    let ratio = if want == 0.0 {
        if got == 0.0 { 1.0 } else { f64::INFINITY }
    } else {
        got / want
    };
    if !ratio.is_finite() || ratio <= 0.0 {
        return Verdict::Wrong {
            answer: shown,
            factor: f64::INFINITY,
            high: got > want,
        };
    }
    let factor = ratio.max(1.0 / ratio);
    if factor <= CLOSE {
        Verdict::Right { answer: shown }
    } else if factor <= TOLERANCE {
        Verdict::Near {
            answer: shown,
            factor,
        }
    } else {
        Verdict::Wrong {
            answer: shown,
            factor,
            high: ratio > 1.0,
        }
    }
}

/// "Label: value" for a card's front; a bare number given as one thing over another ("peak
/// over normal: 3") is a factor and says so ("3×").
pub(super) fn given_line(label: &str, display: &str, unit: &str) -> String {
    let ratio = label.split_whitespace().any(|w| w == "over");
    let bare = unit.is_empty()
        && display
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if ratio && bare && !display.is_empty() {
        format!("{label}: {display}×")
    } else {
        format!("{label}: {display}")
    }
}

/// The sizing ids `formula` uses, in order, when a card can ask it from them and `label`
/// alone; `None` otherwise.
pub(super) fn answerable<'a>(
    formula: &str,
    label: &str,
    earlier: &[&'a str],
) -> Option<Vec<&'a str>> {
    let mut inputs: Vec<&'a str> = Vec::new();
    let chars: Vec<char> = formula.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A unit or a name the front does not give: not answerable.
            let id = earlier.iter().find(|id| **id == word)?;
            if !inputs.contains(id) {
                inputs.push(id);
            }
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], '.' | ',')) {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            if !says_number(label, &number) {
                return None;
            }
        } else if matches!(c, '*' | '/' | '+' | '-' | '(' | ')') || c.is_whitespace() {
            i += 1;
        } else {
            return None; // `%`, `^` and the like change the number in ways the front won't say.
        }
    }
    (!inputs.is_empty()).then_some(inputs)
}

/// True when `label` holds `number` as a number of its own (`32` in "one of 32 tasks", not
/// in "320").
fn says_number(label: &str, number: &str) -> bool {
    label.match_indices(number).any(|(at, _)| {
        let before = label[..at].chars().next_back();
        let after = label[at + number.len()..].chars().next();
        let part_of_number = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
        !part_of_number(before) && !part_of_number(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_number_of_one_thing_over_another_is_a_factor() {
        assert_eq!(
            given_line("Holiday-season daily changes over normal", "3", ""),
            "Holiday-season daily changes over normal: 3×"
        );
        assert_eq!(
            given_line("Share of the data new or changed each day", "0.5%", ""),
            "Share of the data new or changed each day: 0.5%"
        );
        assert_eq!(
            given_line("Regions the dashboards filter by", "20", ""),
            "Regions the dashboards filter by: 20"
        );
        assert_eq!(
            given_line(
                "Spark cluster scan rate over the lakehouse",
                "1 GB/s",
                "GB/s"
            ),
            "Spark cluster scan rate over the lakehouse: 1 GB/s"
        );
    }

    #[test]
    fn only_formulas_the_front_can_state_are_asked() {
        let earlier = ["avg_rate", "spike_factor", "event_size"];
        assert_eq!(
            answerable("avg_rate * spike_factor ", "Peak rate", &earlier),
            Some(vec!["avg_rate", "spike_factor"])
        );
        assert_eq!(
            answerable("avg_rate * event_size / 32", "One of 32 tasks", &earlier),
            Some(vec!["avg_rate", "event_size"])
        );
        assert_eq!(answerable("avg_rate * 7", "Partitions", &earlier), None);
        assert_eq!(answerable("avg_rate * 1 day", "Per day", &earlier), None);
        assert_eq!(answerable("512 MB", "Target file", &earlier), None);
        assert_eq!(answerable("later_id * 2", "Twice 2", &earlier), None);
        assert_eq!(answerable("avg_rate * 30%", "30 percent", &earlier), None);
    }

    #[test]
    fn numbers_in_labels_are_whole() {
        assert!(says_number("one of 32 tasks", "32"));
        assert!(says_number("about 3x", "3"));
        assert!(!says_number("320 tasks", "32"));
        assert!(!says_number("1.5 days", "5"));
    }
}

/// `text` with each identifier that `value` knows replaced by it (`peak * 2` with
/// `peak` = `50k events/s` becomes `(50k events/s) * 2`); everything else is kept.
pub(super) fn substitute(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            match value(word) {
                Some(v) if v.contains(' ') => {
                    out.push('(');
                    out.push_str(&v);
                    out.push(')');
                }
                Some(v) => out.push_str(&v),
                None => out.push_str(word),
            }
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod substitute_tests {
    #[test]
    fn identifiers_become_their_values() {
        let value = |id: &str| match id {
            "peak" => Some("50k events/s".to_owned()),
            "factor" => Some("3".to_owned()),
            _ => None,
        };
        assert_eq!(
            super::substitute("peak * factor * 1 KB/event", value),
            "(50k events/s) * 3 * 1 KB/event"
        );
    }
}
