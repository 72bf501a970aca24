//! The grammar: a precedence-climbing parser that evaluates as it goes.
//!
//! From loosest to tightest: `-> UNIT`; `+` and `-`; the operators between terms (`*`, `x`,
//! `/`, `per`, `a`, `of`, `for`, `over`); a term (factors side by side: `10k events`,
//! `2 h 30 min`, `MB/s` written without spaces); a sign; `^` (right to left, so `-2^2` is -4
//! and `2^3^2` is 512); then a number, a unit, `$`, or parentheses. Terms and what is tighter
//! are in [`super::term`], words in [`super::words`], errors with their fixes in
//! [`super::hints`].

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
    pub(super) depth: usize,
    /// In a term that holds a duration, `m` is minutes (`2h 30m`), not million.
    pub(super) minutes: bool,
    /// Reading the amount after `$`: a glued `B` is billion (`$3B`), not bytes.
    pub(super) money: bool,
    /// Reading what a spaced slash divides by, where units joined by a slash with no spaces
    /// are one unit: `1 TB / 100 MB/s` divides by the rate. Elsewhere slashes divide left to
    /// right (`$0.023/GB/month` is per GB per month).
    pub(super) compound_units: bool,
}

/// Largest unit power accepted (s^2 and MB^2 are fine; s^40 is a typo).
pub(super) const MAX_POWER: u8 = 12;

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
        // `3 of 5 nodes` is not three times five: a share is a percentage, a fraction word or
        // a plain number from 0 to 1.
        let share = matches!(left.mark, Mark::Percent | Mark::Nines | Mark::Fraction)
            || (0.0..=1.0).contains(&left.q.value);
        if !left.q.dims.is_none() || !share {
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

pub(super) fn beyond_max_power(span: Range<usize>) -> CalcError {
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
