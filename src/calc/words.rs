//! Reading words the way people write them: units (`MB/s` without spaces is one unit),
//! magnitudes (`10k`, `$3B`, `10m events`), number words (`ten thousand`, `twenty-five`,
//! `half a TB`), `three nines`, `daily`, and words that only say what is counted
//! (`50 MB/s peak`, `3 replicas`).

use std::ops::Range;

use super::dims::{Base, Dims};
use super::lexer::Kind;
use super::parser::{Mark, Parser, Value, combine};
use super::term::{Step, ends_term};
use super::{CalcError, describe, hints};

/// Number words below twenty, and the tens.
const NUMBER_WORDS: [(&str, f64); 28] = [
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// Scale words after a number word: `three hundred`, `ten thousand`, `two million`.
const SCALES: [(&str, f64); 5] = [
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Adverbs of frequency: `10 TB daily` is 10 TB a day.
const EVERY: [(&str, &str, f64); 7] = [
    ("hourly", "h", 3600.0),
    ("daily", "day", 86_400.0),
    ("nightly", "night", 86_400.0),
    ("weekly", "week", 7.0 * 86_400.0),
    ("monthly", "month", 30.0 * 86_400.0),
    ("yearly", "year", 365.0 * 86_400.0),
    ("annually", "year", 365.0 * 86_400.0),
];

/// Words that are never passed over as naming what is counted: each has a meaning the
/// calculator cannot guess, and a hint of its own.
pub(super) const NOT_LABELS: [&str; 12] = [
    "at", "and", "few", "several", "some", "many", "couple", "lots", "quarter", "third", "m",
    "nines",
];

fn number_word(word: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, v)| *v)
}

fn scale(word: &str) -> Option<f64> {
    SCALES.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Whether `word` is a number or fraction word the calculator reads.
#[must_use]
pub fn is_number_word(word: &str) -> bool {
    number_word(word).is_some() || scale(word).is_some() || word == "half"
}

/// Whether a number word of value `v` can follow a group of value `group`: `twenty five`,
/// `one hundred twenty`, `two thousand five`.
fn extends(group: f64, v: f64) -> bool {
    (v < 10.0 && group % 10.0 == 0.0 && group % 100.0 >= 20.0)
        || (v < 100.0 && group % 100.0 == 0.0 && group >= 100.0)
        || group == 0.0
}

impl Parser<'_> {
    /// What comes next inside a term after `left`.
    pub(super) fn step(&self, left: &Value) -> Step {
        let word = self.peek_word();
        match (self.peek().map(|t| &t.kind), word) {
            (Some(Kind::Percent), _) => Step::Percent,
            (_, Some(("a" | "an", false))) if left.mark == Mark::Fraction => Step::Skip,
            (_, Some((w, glued))) if ends_term(w, glued) => Step::End,
            (_, Some(("nines", _))) if is_small_whole(left) => Step::Nines,
            (_, Some((w, _))) if EVERY.iter().any(|(e, ..)| *e == w) => EVERY
                .iter()
                .find(|(e, ..)| *e == w)
                .map_or(Step::End, |(_, name, seconds)| Step::Every(name, *seconds)),
            (Some(Kind::Number(_)), _) if left.q.dims == Dims::of(Base::Time) => Step::DurationPart,
            (_, Some((w, _))) if self.is_label(w, left) => Step::Skip,
            (Some(Kind::Number(_) | Kind::Open | Kind::Dollar | Kind::Word { .. }), _) => {
                Step::Factor
            }
            _ => Step::End,
        }
    }

    /// Whether the word next is only there to say what is counted or which figure it is
    /// (`50 MB/s peak`, `3 replicas *`): unknown, not a likely typo of a unit, and followed by
    /// nothing that could make it part of the arithmetic.
    fn is_label(&self, word: &str, left: &Value) -> bool {
        let then_nothing = match self.kind_at(self.pos + 1) {
            None | Some(Kind::Star | Kind::Plus | Kind::Minus | Kind::Close | Kind::Arrow) => true,
            Some(Kind::Word { text, glued }) => {
                !glued && matches!(text.as_str(), "to" | "in" | "x" | "times")
            }
            _ => false,
        };
        then_nothing
            && word.len() > 1
            && word.chars().all(|c| c.is_ascii_lowercase())
            && !NOT_LABELS.contains(&word)
            && !self.knows(word)
            && !self.typo_of_a_unit(word, left)
    }

    /// Whether `word` means something to the calculator.
    fn knows(&self, word: &str) -> bool {
        self.calc.variables.contains_key(word)
            || self.calc.units.get(word).is_some()
            || is_number_word(word)
            || matches!(word, "a" | "an" | "per")
    }

    /// A typo rather than a word of its own: a letter or two from a unit (`10 evnts`,
    /// `5 eventsk`), or for a short word, one letter from a unit that would make sense after
    /// `left` (`rate * 1 dya`; but `1 TB raw` is not `1 TB row`, bytes times rows).
    fn typo_of_a_unit(&self, word: &str, left: &Value) -> bool {
        let word = word.to_lowercase();
        let most = if word.len() >= 7 { 2 } else { 1 };
        let length = word.chars().count();
        self.calc.units.names().any(|name| {
            // An edit changes the length by one at most: a name longer or shorter by more
            // than `most` letters is further than `most` edits, with no need to count them.
            name.chars().count().abs_diff(length) <= most
                && strsim::osa_distance(&word, &name.to_lowercase()) <= most
                && (word.len() > 3
                    || self.calc.units.get(name).is_some_and(|unit| {
                        let dims = left.q.dims.mul(&unit.dims);
                        !describe(&dims, &self.calc.units).starts_with("a quantity in")
                    }))
        })
    }

    /// `10k`, `1.5M`, `2bn`, `3B rows` (billion before a count, bytes otherwise), `$3B`,
    /// `10m events` (million; in `2h30m` or `1m30s` it is minutes).
    pub(super) fn magnitude(&mut self, value: &mut Value) -> Result<(), CalcError> {
        let Some((word, glued)) = self.peek_word() else {
            return Ok(());
        };
        let next_is_count = || {
            matches!(self.word_at(self.pos + 1), Some((text, _)) if self.calc.units.get(text).is_some_and(|u| {
                u.dims.iter().any(|(b, _)| matches!(b, Base::Count(_)))
            }))
        };
        let factor = match word {
            "k" | "K" => 1e3,
            "M" | "mm" => 1e6,
            "m" if glued && self.money => 1e6,
            "m" if glued && (self.minutes || self.number_touches_next(self.pos)) => return Ok(()),
            "m" if glued && matches!(self.kind_at(self.pos + 1), Some(Kind::Word { .. })) => 1e6,
            "m" if glued => return Err(hints::million_or_minutes(self, value)),
            "bn" => 1e9,
            "B" | "b" if glued && (self.money || next_is_count()) => 1e9,
            "T" if glued && self.money => 1e12,
            _ => return Ok(()),
        };
        let span = self.here();
        self.pos += 1;
        value.q.value *= factor;
        value.span.end = span.end;
        Ok(())
    }

    /// Whether the token at `i` is followed, with no space, by a number (`m` in `1m30s`).
    fn number_touches_next(&self, i: usize) -> bool {
        self.touching(i) && matches!(self.kind_at(i + 1), Some(Kind::Number(_)))
    }

    /// A word as an operand: `a`, `per s`, a variable, a unit, a number word, a fraction.
    pub(super) fn word(&mut self, text: &str, span: Range<usize>) -> Result<Value, CalcError> {
        let none = Dims::none();
        match text {
            "a" | "an" => return Ok(Value::new(1.0, none, span)),
            // `-> per s`: one over what follows.
            "per" => {
                let unit = self.term()?;
                return combine(&Value::new(1.0, none, span), &unit, true);
            }
            _ => {}
        }
        if let Some(q) = self.calc.variables.get(text) {
            return Ok(Value::new(q.value, q.dims.clone(), span));
        }
        // The token after the word is at `self.pos`.
        if text == "m" && (self.minutes || self.number_touches_next(self.pos - 1)) {
            self.time_units.push(("min".into(), 60.0));
            return Ok(Value::new(60.0, Dims::of(Base::Time), span));
        }
        if let Some(unit) = self.calc.units.get(text) {
            if unit.dims == Dims::of(Base::Time) {
                self.time_units.push((text.to_owned(), unit.factor));
            }
            let value = Value::new(unit.factor, unit.dims.clone(), span);
            return self.compound(value);
        }
        if let Some(n) = number_word(text).or_else(|| scale(text)) {
            return Ok(self.number_words(n, span));
        }
        let of_follows = matches!(self.peek_word(), Some(("of", false)));
        let fraction = match text {
            "half" => Some(0.5),
            "quarter" if of_follows => Some(0.25),
            "third" if of_follows => Some(1.0 / 3.0),
            _ => None,
        };
        if let Some(f) = fraction {
            let mut value = Value::new(f, none, span);
            value.mark = Mark::Fraction;
            return Ok(value);
        }
        Err(hints::unknown_word(self, text, span))
    }

    /// `MB/s` after a spaced slash: units joined by a slash with no spaces are one unit, so
    /// `1 TB / 100 MB/s` divides by the rate.
    fn compound(&mut self, mut value: Value) -> Result<Value, CalcError> {
        while self.compound_units
            && matches!(self.kind_at(self.pos), Some(Kind::Slash))
            && self.touching(self.pos - 1)
            && self.touching(self.pos)
        {
            let Some(unit) = self
                .word_at(self.pos + 1)
                .and_then(|(w, _)| self.calc.units.get(w).map(|u| (w, u)))
            else {
                break;
            };
            let (name, unit) = unit;
            if unit.dims == Dims::of(Base::Time) {
                self.time_units.push((name.to_owned(), unit.factor));
            }
            let span = self.tokens[self.pos + 1].span.clone();
            let below = Value::new(unit.factor, unit.dims.clone(), span);
            self.pos += 2;
            value = combine(&value, &below, true)?;
        }
        Ok(value)
    }

    /// The rest of a number in words after its first word (`ten` `thousand`, `twenty`-`five`,
    /// `one hundred and twenty`).
    fn number_words(&mut self, first: f64, span: Range<usize>) -> Value {
        let (mut total, mut group) = (0.0, first);
        let mut end = span.end;
        loop {
            // `twenty-five`: a hyphen with no space either side.
            let hyphen = matches!(self.kind_at(self.pos), Some(Kind::Minus))
                && self.touching(self.pos - 1)
                && self.touching(self.pos);
            let at = if hyphen { self.pos + 1 } else { self.pos };
            let Some((word, _)) = self.word_at(at) else {
                break;
            };
            let and = word == "and"
                && !hyphen
                && self
                    .word_at(at + 1)
                    .and_then(|(w, _)| number_word(w))
                    .is_some_and(|v| extends(group, v));
            if and {
                self.pos += 1;
                continue;
            }
            match (number_word(word), scale(word)) {
                (Some(v), _) if extends(group, v) && (!hyphen || v < 10.0) => group += v,
                (_, Some(100.0)) if !hyphen && group > 0.0 && group < 100.0 => group *= 100.0,
                (_, Some(s)) if !hyphen && s > 100.0 && group > 0.0 => {
                    total += group * s;
                    group = 0.0;
                }
                _ => break,
            }
            end = self.tokens[at].span.end;
            self.pos = at + 1;
        }
        Value::new(total + group, Dims::none(), span.start..end)
    }
}

/// A plain whole number from 1 to 12, with nothing else about it: the count of `nines`.
fn is_small_whole(value: &Value) -> bool {
    value.q.dims.is_none()
        && value.mark == Mark::None
        && value.q.value.fract() == 0.0
        && (1.0..=12.0).contains(&value.q.value)
}
