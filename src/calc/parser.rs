//! The grammar: a precedence-climbing parser that evaluates as it goes.
//!
//! From loosest to tightest: `-> UNIT`; `+` and `-`; the operators between terms (`*`, `x`,
//! `/`, `per`, `a`, `of`, `for`, `over`); a term (factors side by side: `10k events`,
//! `2 h 30 min`, `MB/s` written without spaces); a sign; `^` (right to left, so `-2^2` is -4
//! and `2^3^2` is 512); then a number, a unit, `$`, or parentheses. Words are read in
//! [`super::words`]; errors with their fixes are built in [`super::hints`].

use std::ops::Range;

use super::dims::{Base, Dims};
use super::lexer::{Kind, Token};
use super::{Answer, CalcError, Calculator, ErrorKind, Quantity, hints};

pub(super) struct Parser<'a> {
    pub(super) calc: &'a Calculator,
    pub(super) input: &'a str,
    pub(super) tokens: &'a [Token],
    pub(super) pos: usize,
    pub(super) time_units: Vec<(String, f64)>,
    /// Nesting of parentheses and signs, bounded so hostile input cannot exhaust the stack.
    depth: usize,
    /// In a term that holds a duration, `m` is minutes (`2h 30m`), not million.
    pub(super) minutes: bool,
    /// Reading the amount after `$`: a glued `B` is billion (`$3B`), not bytes.
    pub(super) money: bool,
    /// Reading what a spaced slash divides by, where units joined by a slash with no spaces
    /// are one unit: `1 TB / 100 MB/s` divides by the rate. Elsewhere slashes divide left to
    /// right (`$0.023/GB/month` is per GB per month).
    pub(super) compound_units: bool,
}

/// Deepest nesting of parentheses and unary signs accepted.
const MAX_DEPTH: usize = 64;

/// Largest unit power accepted (s^2 and MB^2 are fine; s^40 is a typo).
const MAX_POWER: u8 = 12;

/// What a plain number was written as, where that changes what comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// Nothing special.
    None,
    /// A percentage (`20%`): the result reads best as one.
    Percent,
    /// An availability (`three nines`): `of` takes the share it leaves out.
    Nines,
    /// A fraction word (`half`): an article after it is just an article (`half a TB`).
    Fraction,
}

/// An intermediate value and the source span it came from.
#[derive(Debug, Clone)]
pub(super) struct Value {
    pub(super) q: Quantity,
    pub(super) span: Range<usize>,
    pub(super) mark: Mark,
}

impl Value {
    pub(super) fn new(value: f64, dims: Dims, span: Range<usize>) -> Self {
        Self {
            q: Quantity { value, dims },
            span,
            mark: Mark::None,
        }
    }
}

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

/// The operators between terms.
enum Op {
    Times,
    Divide,
    /// `20% of 5 TB`.
    Of,
    /// `10 MB/s for 1 day`, `over 24 hours`: a rate over a time.
    Over(&'static str),
}

impl<'a> Parser<'a> {
    pub(super) fn new(calc: &'a Calculator, input: &'a str, tokens: &'a [Token]) -> Self {
        Self {
            calc,
            input,
            tokens,
            pos: 0,
            time_units: Vec::new(),
            depth: 0,
            minutes: false,
            money: false,
            compound_units: false,
        }
    }

    pub(super) fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    pub(super) fn kind_at(&self, i: usize) -> Option<&Kind> {
        self.tokens.get(i).map(|t| &t.kind)
    }

    pub(super) fn word_at(&self, i: usize) -> Option<(&str, bool)> {
        match self.kind_at(i) {
            Some(Kind::Word { text, glued }) => Some((text.as_str(), *glued)),
            _ => None,
        }
    }

    pub(super) fn peek_word(&self) -> Option<(&str, bool)> {
        self.word_at(self.pos)
    }

    pub(super) fn here(&self) -> Range<usize> {
        self.peek()
            .map_or(self.input.len()..self.input.len(), |t| t.span.clone())
    }

    /// Whether tokens `i` and `i + 1` touch, with no space between them.
    pub(super) fn touching(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => a.span.end == b.span.start,
            _ => false,
        }
    }

    pub(super) fn statement(&mut self) -> Result<Answer, CalcError> {
        let value = self.sum()?;
        let mut target = None;
        if let Some(arrow) = self.eat_arrow() {
            target = Some(self.target(&value, arrow)?);
        }
        if let Some(token) = self.peek() {
            return Err(CalcError::syntax(
                token.span.clone(),
                "unexpected text after the expression",
                "an operator (+ - * /) or `-> UNIT` may be missing",
            ));
        }
        let mut time_units = std::mem::take(&mut self.time_units);
        time_units.sort_by(|a, b| b.1.total_cmp(&a.1));
        time_units.dedup_by(|a, b| a.1.total_cmp(&b.1).is_eq());
        let percent = value.q.dims.is_none() && matches!(value.mark, Mark::Percent | Mark::Nines);
        Ok(Answer {
            quantity: value.q,
            target,
            assigned: None,
            time_units,
            percent,
        })
    }

    /// `-> UNIT`: the unit as written and its size in base units.
    fn target(&mut self, value: &Value, arrow: usize) -> Result<(String, f64), CalcError> {
        let first = self.pos;
        let unit = self.sum()?;
        let text = unit_text(&self.tokens[first..self.pos]);
        if unit.q.dims != value.q.dims {
            return Err(hints::cannot_show(self, value, &unit, &text, arrow));
        }
        if unit.q.value == 0.0 {
            return Err(arithmetic(unit.span, "the target unit is zero"));
        }
        Ok((text, unit.q.value))
    }

    /// The index of `->`, `to` or `in`, when one comes next.
    fn eat_arrow(&mut self) -> Option<usize> {
        let arrow = matches!(self.peek().map(|t| &t.kind), Some(Kind::Arrow))
            || matches!(self.peek_word(), Some(("to" | "in", false)));
        arrow.then(|| {
            self.pos += 1;
            self.pos - 1
        })
    }

    pub(super) fn sum(&mut self) -> Result<Value, CalcError> {
        let mut left = self.product()?;
        loop {
            let sign = match self.peek().map(|t| &t.kind) {
                Some(Kind::Plus) => 1.0,
                Some(Kind::Minus) => -1.0,
                _ => return Ok(left),
            };
            let op = self.pos;
            self.pos += 1;
            let right = self.product()?;
            if left.q.dims != right.q.dims {
                return Err(hints::cannot_add(self, &left, &right, op));
            }
            let span = left.span.start..right.span.end;
            let value = left.q.value + sign * right.q.value;
            if !value.is_finite() {
                return Err(arithmetic(span, "the result is too large to represent"));
            }
            let both_percent = left.mark == Mark::Percent && right.mark == Mark::Percent;
            left = Value::new(value, left.q.dims, span);
            if both_percent {
                left.mark = Mark::Percent;
            }
        }
    }

    /// The operator between two terms, if one comes next (consumed).
    fn operator(&mut self) -> Option<Op> {
        let op = match (self.peek().map(|t| &t.kind), self.peek_word()) {
            (Some(Kind::Star), _) | (_, Some(("x" | "X", _) | ("times", false))) => Op::Times,
            (Some(Kind::Slash), _) | (_, Some(("per" | "a" | "an", false))) => Op::Divide,
            (_, Some(("of", false))) => Op::Of,
            (_, Some(("for", false))) => Op::Over("for"),
            (_, Some(("over", false))) => Op::Over("over"),
            _ => return None,
        };
        let multiplier = matches!(self.peek_word(), Some(("x" | "X", _)));
        let per = matches!(self.peek_word(), Some(("per", _)));
        self.pos += 1;
        // `5x * 10k`: the multiplier and the star say the same thing once.
        if multiplier && matches!(self.peek().map(|t| &t.kind), Some(Kind::Star)) {
            self.pos += 1;
        }
        // `per a day`.
        if per && matches!(self.peek_word(), Some(("a" | "an", false))) {
            self.pos += 1;
        }
        Some(op)
    }

    /// Whether the next token can begin an operand.
    fn operand_follows(&self) -> bool {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Number(_) | Kind::Open | Kind::Dollar | Kind::Minus | Kind::Plus) => true,
            Some(Kind::Word { text, .. }) => !matches!(text.as_str(), "to" | "in"),
            _ => false,
        }
    }

    /// Terms joined by operators: "50 MB / 2 s" divides by the whole "2 s", because a number
    /// and its units written side by side bind tighter (as in GNU units).
    fn product(&mut self) -> Result<Value, CalcError> {
        let mut left = self.term()?;
        loop {
            let at = self.pos;
            let Some(op) = self.operator() else {
                return Ok(left);
            };
            // `200x` with nothing after it: the number itself.
            if matches!(op, Op::Times)
                && matches!(self.word_at(at), Some(("x" | "X", true)))
                && !self.operand_follows()
            {
                continue;
            }
            let spaced_slash = matches!(self.kind_at(at), Some(Kind::Slash))
                && !(at > 0 && self.touching(at - 1) && self.touching(at));
            let outer = std::mem::replace(&mut self.compound_units, spaced_slash);
            let right = self.term();
            self.compound_units = outer;
            let right = right?;
            left = match op {
                Op::Times => combine(&left, &right, false)?,
                Op::Divide => combine(&left, &right, true)?,
                Op::Of => self.share_of(&left, &right, at)?,
                Op::Over(word) => self.over(&left, &right, word, at)?,
            };
        }
    }

    /// `20% of 5 TB`, `half of it`; `three nines of a year` is the time the nines leave out.
    fn share_of(&self, left: &Value, right: &Value, at: usize) -> Result<Value, CalcError> {
        if !left.q.dims.is_none() {
            return Err(hints::of_needs_a_share(self, left, right, at));
        }
        if left.mark == Mark::Nines {
            let share = Value::new(1.0 - left.q.value, Dims::none(), left.span.clone());
            return combine(&share, right, false);
        }
        combine(left, right, false)
    }

    /// `10 MB/s over 24 hours`: a rate times how long it runs.
    fn over(&self, left: &Value, right: &Value, word: &str, at: usize) -> Result<Value, CalcError> {
        let is_time = right.q.dims == Dims::of(Base::Time);
        if !is_time || left.q.dims.exponent(Base::Time) >= 0 {
            return Err(hints::over_needs_a_rate(self, left, right, word, at));
        }
        combine(left, right, false)
    }

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

/// Multiplies or divides two values, checking for division by zero, overflow and absurd
/// unit powers.
pub(super) fn combine(left: &Value, right: &Value, divide: bool) -> Result<Value, CalcError> {
    let span = left.span.start..right.span.end;
    let q = if divide {
        if right.q.value == 0.0 {
            return Err(arithmetic(right.span.clone(), "division by zero"));
        }
        Quantity {
            value: left.q.value / right.q.value,
            dims: left.q.dims.div(&right.q.dims),
        }
    } else {
        Quantity {
            value: left.q.value * right.q.value,
            dims: left.q.dims.mul(&right.q.dims),
        }
    };
    if !q.value.is_finite() {
        return Err(arithmetic(span, "the result is too large to represent"));
    }
    if q.dims.iter().any(|(_, e)| e.unsigned_abs() > MAX_POWER) {
        return Err(beyond_max_power(span));
    }
    // A percentage of a percentage is still one ("50% * 10%"); anything else is not.
    let percent = left.mark == Mark::Percent && right.mark == Mark::Percent;
    Ok(Value {
        q,
        span,
        mark: if percent { Mark::Percent } else { Mark::None },
    })
}

fn beyond_max_power(span: Range<usize>) -> CalcError {
    CalcError {
        kind: ErrorKind::Dimensions,
        span,
        message: format!("a unit is raised beyond the power of {MAX_POWER}"),
        help: Some("check for a unit written twice".into()),
    }
}

pub(super) fn arithmetic(span: Range<usize>, message: &str) -> CalcError {
    CalcError {
        kind: ErrorKind::Arithmetic,
        span,
        message: message.to_owned(),
        help: None,
    }
}

/// The target unit as the user wrote it, with spaces normalised.
fn unit_text(tokens: &[Token]) -> String {
    let mut out = String::new();
    for t in tokens {
        let piece = match &t.kind {
            Kind::Word { text, .. } => text.clone(),
            Kind::Number(n) => n.to_string(),
            Kind::Slash => "/".into(),
            Kind::Star => "*".into(),
            Kind::Caret => "^".into(),
            Kind::Open => "(".into(),
            Kind::Close => ")".into(),
            Kind::Percent => "%".into(),
            Kind::Dollar => "$".into(),
            _ => String::new(),
        };
        let join = !out.is_empty()
            && !matches!(
                t.kind,
                Kind::Slash | Kind::Caret | Kind::Close | Kind::Percent
            )
            && !out.ends_with(['/', '^', '(', '$']);
        if join {
            out.push(' ');
        }
        out.push_str(&piece);
    }
    out
}
