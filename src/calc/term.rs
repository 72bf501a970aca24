//! A term: factors side by side (`10k events`, `2 h 30 min`, `50 MB/s peak`), then a sign, a
//! power, and the atoms (a number and its magnitude, `$`, parentheses, a word).

use std::ops::Range;

use super::dims::{Base, Dims};
use super::lexer::Kind;
use super::parser::{MAX_POWER, Mark, Parser, Value, arithmetic, beyond_max_power, combine};
use super::{CalcError, ErrorKind, hints};

/// Deepest nesting of parentheses and unary signs accepted.
const MAX_DEPTH: usize = 64;

/// What comes next inside a term.
pub(super) enum Step {
    /// `%`.
    Percent,
    /// Nothing more of this term.
    End,
    /// A word to pass over: an article after a fraction, a word naming what is counted.
    Skip,
    /// `nines` after a small whole number.
    Nines,
    /// `daily`, `hourly`: per this period.
    Every(&'static str, f64),
    /// A number after a duration: the next part of it (`2 h 30 min`).
    DurationPart,
    /// Another factor side by side.
    Factor,
}

impl Parser<'_> {
    /// Factors written side by side (`10k events`, `1 KB`, `2 h 30 min`: durations side by
    /// side add up, as people mean them), with a trailing `%` and words that only say what is
    /// counted (`50 MB/s peak`).
    pub(super) fn term(&mut self) -> Result<Value, CalcError> {
        let minutes = self.minutes;
        self.minutes = false;
        let value = self.term_inner();
        self.minutes = minutes;
        value
    }

    /// After a duration, a number starts a new term and the terms are folded from the right
    /// (`1 h 30 min 10 s` is `1 h + (30 min + 10 s)`): a loop, so that a run of thousands of
    /// durations cannot exhaust the stack.
    fn term_inner(&mut self) -> Result<Value, CalcError> {
        let time = Dims::of(Base::Time);
        let mut before: Vec<Value> = Vec::new();
        let mut left = self.unary()?;
        loop {
            if left.q.dims == time {
                self.minutes = true;
            }
            match self.step(&left) {
                Step::Percent => {
                    let span = self.here();
                    self.pos += 1;
                    let plain = left.q.dims.is_none();
                    let span = left.span.start..span.end;
                    left = Value::new(left.q.value * 0.01, left.q.dims, span);
                    if plain {
                        left.mark = Mark::Percent;
                    }
                }
                Step::End => break,
                Step::Skip => self.pos += 1,
                Step::Nines => {
                    let span = left.span.start..self.here().end;
                    self.pos += 1;
                    left = Value::new(1.0 - 10f64.powf(-left.q.value), Dims::none(), span);
                    left.mark = Mark::Nines;
                }
                Step::Every(name, seconds) => {
                    let span = self.here();
                    self.pos += 1;
                    self.time_units.push((name.to_owned(), seconds));
                    let period = Value::new(seconds, time.clone(), span);
                    left = combine(&left, &period, true)?;
                }
                Step::DurationPart => {
                    let implied = self.implied_unit();
                    before.push(left);
                    left = self.power()?;
                    if let Some(factor) = implied.filter(|_| !self.unit_follows(&left)) {
                        left = Value::new(left.q.value * factor, time.clone(), left.span);
                    }
                }
                Step::Factor => {
                    let right = self.power()?;
                    left = combine(&left, &right, false)?;
                }
            }
        }
        fold_durations(before, left)
    }

    /// `1h30`: a bare number glued to a duration is in the next smaller unit.
    fn implied_unit(&self) -> Option<f64> {
        let unit = self.pos.checked_sub(1)?;
        if !self.touching(unit) {
            return None;
        }
        let (word, _) = self.word_at(unit)?;
        let factor = if word == "m" {
            60.0
        } else {
            self.calc.units.get(word)?.factor
        };
        [(86_400.0, 3600.0), (3600.0, 60.0), (60.0, 1.0)]
            .iter()
            .find(|(unit, _)| (unit - factor).abs() < f64::EPSILON)
            .map(|(_, smaller)| *smaller)
    }

    /// Whether the number just read is plain and a unit or another number follows it.
    fn unit_follows(&self, value: &Value) -> bool {
        !value.q.dims.is_none()
            || matches!(
                self.peek().map(|t| &t.kind),
                Some(Kind::Word { .. } | Kind::Number(_) | Kind::Percent)
            )
    }

    pub(super) fn power(&mut self) -> Result<Value, CalcError> {
        let base = self.atom()?;
        if !matches!(self.peek().map(|t| &t.kind), Some(Kind::Caret)) {
            return Ok(base);
        }
        self.pos += 1;
        // Right to left, and a sign allowed: `2^3^2` is 2^9, `2^-1` is a half.
        let exponent = self.unary()?;
        if !exponent.q.dims.is_none() {
            return Err(CalcError {
                kind: ErrorKind::Dimensions,
                span: exponent.span,
                message: "an exponent must be a plain number".into(),
                help: Some("write the power as a number, as in `(10 s)^2`".into()),
            });
        }
        let n = exponent.q.value;
        if !base.q.dims.is_none() && (n.fract() != 0.0 || n.abs() > 8.0) {
            return Err(CalcError {
                kind: ErrorKind::Dimensions,
                span: exponent.span,
                message: "a quantity with units can only be raised to a small whole power".into(),
                help: Some("use 2 or 3, as in (10 s)^2".into()),
            });
        }
        let value = base.q.value.powf(n);
        let span = base.span.start..exponent.span.end;
        if !value.is_finite() {
            return Err(arithmetic(span, "the result is too large to represent"));
        }
        #[allow(clippy::cast_possible_truncation)]
        let dims = base.q.dims.pow(n as i8);
        // A power of a power counts in full: (s^8)^8 is s^64.
        if dims.iter().any(|(_, e)| e.unsigned_abs() > MAX_POWER) {
            return Err(beyond_max_power(span));
        }
        Ok(Value::new(value, dims, span))
    }

    /// A sign, then a power: the sign applies to the power (`-2^2` is -4).
    fn unary(&mut self) -> Result<Value, CalcError> {
        self.depth += 1;
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Value, CalcError> {
        if self.depth > MAX_DEPTH {
            return Err(CalcError::syntax(
                self.here(),
                format!("the expression nests more than {MAX_DEPTH} levels deep"),
                "split it into steps with variables (`a = ...`)",
            ));
        }
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Minus) => {
                let start = self.here().start;
                self.pos += 1;
                let v = self.unary()?;
                let mut negated = Value::new(-v.q.value, v.q.dims, start..v.span.end);
                negated.mark = v.mark;
                Ok(negated)
            }
            Some(Kind::Plus) => {
                self.pos += 1;
                self.unary()
            }
            _ => self.power(),
        }
    }

    fn atom(&mut self) -> Result<Value, CalcError> {
        let Some(token) = self.peek().cloned() else {
            return Err(hints::ends_early(self));
        };
        self.pos += 1;
        match token.kind {
            Kind::Number(n) => {
                let mut value = Value::new(n, Dims::none(), token.span);
                self.magnitude(&mut value)?;
                Ok(value)
            }
            // `-> %`: the unit itself.
            Kind::Percent => Ok(Value::new(0.01, Dims::none(), token.span)),
            Kind::Dollar => self.dollar(token.span),
            Kind::Open => {
                let outer = std::mem::take(&mut self.compound_units);
                let inner = self.sum();
                self.compound_units = outer;
                let inner = inner?;
                if !matches!(self.peek().map(|t| &t.kind), Some(Kind::Close)) {
                    return Err(CalcError::syntax(
                        token.span,
                        "this parenthesis is never closed",
                        "add `)`",
                    ));
                }
                let close = self.here();
                self.pos += 1;
                Ok(Value {
                    span: token.span.start..close.end,
                    ..inner
                })
            }
            Kind::Word { text, .. } => self.word(&text, token.span),
            _ => Err(CalcError::syntax(
                token.span,
                "expected a number, a unit or `(` here",
                "an operand is missing",
            )),
        }
    }

    /// `$9`, `$3B` (billions: an amount of money is never in bytes), or `$` alone as the unit
    /// (`-> $/day`).
    fn dollar(&mut self, span: Range<usize>) -> Result<Value, CalcError> {
        let money = Dims::of(Base::Money);
        if !matches!(
            self.peek().map(|t| &t.kind),
            Some(Kind::Number(_) | Kind::Open | Kind::Word { .. })
        ) {
            return Ok(Value::new(1.0, money, span));
        }
        let outer = self.money;
        self.money = true;
        let amount = self.power();
        self.money = outer;
        let amount = amount?;
        Ok(Value::new(
            amount.q.value,
            amount.q.dims.mul(&money),
            span.start..amount.span.end,
        ))
    }
}

/// Words that end a term: conversions and the operators between terms.
pub(super) fn ends_term(word: &str, glued: bool) -> bool {
    matches!(word, "x" | "X")
        || (!glued
            && matches!(
                word,
                "to" | "in" | "times" | "per" | "a" | "an" | "of" | "for" | "over"
            ))
}

/// Adds up durations written side by side, folding from the right; anything else multiplies.
fn fold_durations(mut before: Vec<Value>, last: Value) -> Result<Value, CalcError> {
    let mut right = last;
    while let Some(left) = before.pop() {
        right = if right.q.dims == left.q.dims {
            let span = left.span.start..right.span.end;
            let value = left.q.value + right.q.value;
            if !value.is_finite() {
                return Err(arithmetic(span, "the result is too large to represent"));
            }
            Value::new(value, left.q.dims, span)
        } else {
            combine(&left, &right, false)?
        };
    }
    Ok(right)
}
