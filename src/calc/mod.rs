//! The back-of-envelope calculator: expressions with units, the way candidates write them
//! (`10k events/s * 5 * 1 KB/event -> MB/s`), evaluated with dimensions checked, results
//! humanised, errors pointing at the place.
//!
//! A focused engine rather than a general one: a tokenizer ([`lexer`]), a precedence-climbing
//! parser that evaluates as it goes (this module), a dimension vector ([`dims`]) and a unit
//! table ([`units`]); [`format`](mod@format) chooses how a result is shown.

pub mod dims;
pub mod format;
pub mod lexer;
pub mod units;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use dims::{Base, Dims};
use lexer::{Kind, Token, lex};
use units::Units;

pub use format::Shown;

/// A value with dimensions, held in base units (seconds, bytes, dollars, counts).
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value in base units.
    pub value: f64,
    /// What it measures.
    pub dims: Dims,
}

impl Quantity {
    /// A plain number.
    #[must_use]
    pub fn number(value: f64) -> Self {
        Self {
            value,
            dims: Dims::none(),
        }
    }
}

/// What went wrong, for code that reacts to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Malformed expression.
    Syntax,
    /// A name that is neither a unit nor a variable.
    UnknownUnit,
    /// Adding, comparing or converting different dimensions.
    Dimensions,
    /// Division by zero, or a result that is not a finite number.
    Arithmetic,
}

/// An error in an expression, with the span it concerns and a fix where one is clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalcError {
    /// The kind of problem.
    pub kind: ErrorKind,
    /// Byte range in the expression.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl CalcError {
    pub(crate) fn syntax(span: Range<usize>, message: impl Into<String>, help: &str) -> Self {
        Self {
            kind: ErrorKind::Syntax,
            span,
            message: message.into(),
            help: Some(help.to_owned()),
        }
    }

    /// The expression with a caret line under the span, then the message and the help.
    #[must_use]
    pub fn render(&self, input: &str) -> String {
        let start = input[..self.span.start.min(input.len())].chars().count();
        let width = input
            .get(self.span.clone())
            .map_or(1, |s| s.chars().count().max(1));
        let mut out = format!(
            "{}\n  {input}\n  {}{}",
            self.message,
            " ".repeat(start),
            "^".repeat(width)
        );
        if let Some(help) = &self.help {
            out.push_str("\n  help: ");
            out.push_str(help);
        }
        out
    }
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CalcError {}

/// The result of one line: a value, possibly in a unit the line asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The value.
    pub quantity: Quantity,
    /// `-> UNIT`: the unit asked for, as written, and its size in base units.
    pub target: Option<(String, f64)>,
    /// The variable the line assigned (`peak = ...`).
    pub assigned: Option<String>,
    /// Time units the expression used, largest first: a rate is shown per the largest.
    pub time_units: Vec<(String, f64)>,
    /// The expression used `%`, so a plain-number result reads best as a percentage.
    pub percent: bool,
}

/// A calculator session: the unit table plus variables defined so far.
#[derive(Debug, Clone, Default)]
pub struct Calculator {
    units: Units,
    variables: HashMap<String, Quantity>,
}

impl Calculator {
    /// A calculator with the built-in units and no variables.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A calculator with the built-in units only, built once: for evaluating without
    /// variables (option values, load profiles) without rebuilding the unit table each time.
    #[must_use]
    pub fn shared() -> &'static Self {
        static SHARED: std::sync::OnceLock<Calculator> = std::sync::OnceLock::new();
        SHARED.get_or_init(Self::new)
    }

    /// The unit table.
    #[must_use]
    pub fn units(&self) -> &Units {
        &self.units
    }

    /// Declares a counted thing (`order`) as its own dimension.
    pub fn declare_count(&mut self, name: &str) -> Result<(), units::DeclareError> {
        self.units.declare_count(name)
    }

    /// Defines or replaces a variable.
    pub fn set(&mut self, name: &str, value: Quantity) {
        self.variables.insert(name.to_owned(), value);
    }

    /// A variable's value.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Quantity> {
        self.variables.get(name)
    }

    /// Evaluates one line: an expression, optionally `-> UNIT`, optionally `name = ...`
    /// (which defines a variable).
    pub fn eval(&mut self, input: &str) -> Result<Answer, CalcError> {
        let answer = self.evaluate(input)?;
        if let Some(name) = &answer.assigned {
            self.variables.insert(name.clone(), answer.quantity.clone());
        }
        Ok(answer)
    }

    /// Evaluates one line without changing the session: an assignment's value is computed
    /// but not stored. For reading many numbers against one set of variables.
    pub fn evaluate(&self, input: &str) -> Result<Answer, CalcError> {
        let tokens = lex(input)?;
        if tokens.is_empty() {
            return Err(CalcError::syntax(
                0..input.len(),
                "the expression is empty",
                "try `10k events/s * 1 KB/event -> MB/s`",
            ));
        }
        let (assigned, body) = match tokens.as_slice() {
            [
                Token {
                    kind: Kind::Word { text, .. },
                    span,
                },
                Token {
                    kind: Kind::Equals, ..
                },
                rest @ ..,
            ] => {
                if self.units.get(text).is_some() {
                    return Err(CalcError::syntax(
                        span.clone(),
                        format!("`{text}` is a unit and cannot be a variable name"),
                        "pick another name, like `peak_rate`",
                    ));
                }
                (Some(text.clone()), rest)
            }
            _ => (None, tokens.as_slice()),
        };
        let mut parser = Parser {
            calc: self,
            tokens: body,
            pos: 0,
            end: input.len(),
            time_units: Vec::new(),
            percent: false,
            depth: 0,
        };
        let answer = parser.statement()?;
        Ok(Answer { assigned, ..answer })
    }

    /// Evaluates and shows a line, the way `dei calc` prints it.
    pub fn show(&mut self, input: &str) -> Result<Shown, CalcError> {
        let answer = self.eval(input)?;
        Ok(format::show(&answer, &self.units))
    }
}

struct Parser<'a> {
    calc: &'a Calculator,
    tokens: &'a [Token],
    pos: usize,
    end: usize,
    time_units: Vec<(String, f64)>,
    percent: bool,
    /// Nesting of parentheses and signs, bounded so hostile input cannot exhaust the stack.
    depth: usize,
}

/// Deepest nesting of parentheses and unary signs accepted.
const MAX_DEPTH: usize = 64;

/// An intermediate value and the source span it came from.
struct Value {
    q: Quantity,
    span: Range<usize>,
    /// A plain number written as a percentage, so the result can be shown as one.
    percent: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_word(&self) -> Option<(&str, bool)> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Word { text, glued }) => Some((text.as_str(), *glued)),
            _ => None,
        }
    }

    fn here(&self) -> Range<usize> {
        self.peek().map_or(self.end..self.end, |t| t.span.clone())
    }

    fn statement(&mut self) -> Result<Answer, CalcError> {
        let value = self.sum()?;
        let value_percent = value.percent;
        let mut target = None;
        if self.eat_arrow() {
            let start = self.here().start;
            let unit = self.sum()?;
            let text = unit_text(&self.tokens[self.token_index(start)..self.pos]);
            if unit.q.dims != value.q.dims {
                return Err(CalcError {
                    kind: ErrorKind::Dimensions,
                    span: unit.span,
                    message: format!(
                        "cannot show {} in `{text}`, which is {}",
                        describe(&value.q.dims, &self.calc.units),
                        describe(&unit.q.dims, &self.calc.units)
                    ),
                    help: Some(format!(
                        "{} shows in units like {}",
                        describe(&value.q.dims, &self.calc.units),
                        example_units(&value.q.dims, &self.calc.units)
                    )),
                });
            }
            if unit.q.value == 0.0 {
                return Err(arithmetic(unit.span, "the target unit is zero"));
            }
            target = Some((text, unit.q.value));
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
        Ok(Answer {
            quantity: value.q,
            target,
            assigned: None,
            time_units,
            percent: value_percent,
        })
    }

    fn token_index(&self, byte: usize) -> usize {
        self.tokens
            .iter()
            .position(|t| t.span.start >= byte)
            .unwrap_or(self.tokens.len())
    }

    fn eat_arrow(&mut self) -> bool {
        let arrow = matches!(self.peek().map(|t| &t.kind), Some(Kind::Arrow))
            || matches!(self.peek_word(), Some(("to" | "in", false)));
        if arrow {
            self.pos += 1;
        }
        arrow
    }

    fn sum(&mut self) -> Result<Value, CalcError> {
        let mut left = self.product()?;
        loop {
            let sign = match self.peek().map(|t| &t.kind) {
                Some(Kind::Plus) => 1.0,
                Some(Kind::Minus) => -1.0,
                _ => return Ok(left),
            };
            let op = self.here();
            self.pos += 1;
            let right = self.product()?;
            if left.q.dims != right.q.dims {
                return Err(CalcError {
                    kind: ErrorKind::Dimensions,
                    span: left.span.start..right.span.end,
                    message: format!(
                        "cannot {} {} and {}",
                        if sign > 0.0 { "add" } else { "subtract" },
                        describe(&left.q.dims, &self.calc.units),
                        describe(&right.q.dims, &self.calc.units)
                    ),
                    help: Some(
                        "only like quantities add up; multiply or divide to combine different ones (MB/s × s = MB)"
                            .into(),
                    ),
                });
            }
            let _ = op;
            let value = left.q.value + sign * right.q.value;
            if !value.is_finite() {
                return Err(arithmetic(
                    left.span.start..right.span.end,
                    "the result is too large to represent",
                ));
            }
            left = Value {
                q: Quantity {
                    value,
                    dims: left.q.dims,
                },
                span: left.span.start..right.span.end,
                percent: left.percent && right.percent,
            };
        }
    }

    /// Terms joined by `*`, `/`, `per`, `a`: "50 MB / 2 s" divides by the whole "2 s",
    /// because a number and its units written side by side bind tighter (as in GNU units).
    fn product(&mut self) -> Result<Value, CalcError> {
        let mut left = self.term()?;
        loop {
            let divide = match (self.peek().map(|t| &t.kind), self.peek_word()) {
                (Some(Kind::Star), _) | (_, Some(("x" | "times", false))) => {
                    self.pos += 1;
                    false
                }
                (Some(Kind::Slash), _) | (_, Some(("per" | "a" | "an", false))) => {
                    self.pos += 1;
                    if matches!(self.peek_word(), Some(("a" | "an", _))) {
                        self.pos += 1;
                    }
                    true
                }
                _ => return Ok(left),
            };
            let right = self.term()?;
            left = combine(&left, &right, divide)?;
        }
    }

    /// Factors written side by side: `10k events`, `1 KB`, `2 h 30 min` (two durations side
    /// by side add up, as people mean them), with a trailing `%`.
    ///
    /// After a duration, a number starts a new term and the terms are folded from the right
    /// (`1 h 30 min 10 s` is `1 h + (30 min + 10 s)`): a loop, so that a run of thousands of
    /// durations cannot exhaust the stack.
    fn term(&mut self) -> Result<Value, CalcError> {
        let mut before: Vec<Value> = Vec::new();
        let mut left = self.power()?;
        loop {
            match (self.peek().map(|t| &t.kind), self.peek_word()) {
                (Some(Kind::Percent), _) => {
                    let span = self.here();
                    self.pos += 1;
                    self.percent = true;
                    let plain = left.q.dims.is_none();
                    left = Value {
                        q: Quantity {
                            value: left.q.value * 0.01,
                            dims: left.q.dims,
                        },
                        span: left.span.start..span.end,
                        percent: plain,
                    };
                }
                (_, Some(("to" | "in" | "x" | "times" | "per" | "a" | "an", false))) => break,
                (Some(Kind::Number(_)), _) if left.q.dims == Dims::of(Base::Time) => {
                    before.push(left);
                    left = self.power()?;
                }
                (Some(Kind::Number(_) | Kind::Open | Kind::Dollar | Kind::Word { .. }), _) => {
                    let right = self.power()?;
                    left = combine(&left, &right, false)?;
                }
                _ => break,
            }
        }
        let mut right = left;
        while let Some(left) = before.pop() {
            right = if right.q.dims == left.q.dims {
                let span = left.span.start..right.span.end;
                let value = left.q.value + right.q.value;
                if !value.is_finite() {
                    return Err(arithmetic(span, "the result is too large to represent"));
                }
                Value {
                    q: Quantity {
                        value,
                        dims: left.q.dims,
                    },
                    span,
                    percent: false,
                }
            } else {
                combine(&left, &right, false)?
            };
        }
        Ok(right)
    }

    fn power(&mut self) -> Result<Value, CalcError> {
        let base = self.unary()?;
        if !matches!(self.peek().map(|t| &t.kind), Some(Kind::Caret)) {
            return Ok(base);
        }
        self.pos += 1;
        let exponent = self.unary()?;
        if !exponent.q.dims.is_none() {
            return Err(CalcError {
                kind: ErrorKind::Dimensions,
                span: exponent.span,
                message: "an exponent must be a plain number".into(),
                help: None,
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
        Ok(Value {
            q: Quantity { value, dims },
            span,
            percent: false,
        })
    }

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
                Ok(Value {
                    q: Quantity {
                        value: -v.q.value,
                        dims: v.q.dims,
                    },
                    span: start..v.span.end,
                    percent: v.percent,
                })
            }
            Some(Kind::Plus) => {
                self.pos += 1;
                self.unary()
            }
            _ => self.atom(),
        }
    }

    fn atom(&mut self) -> Result<Value, CalcError> {
        let Some(token) = self.peek().cloned() else {
            return Err(CalcError::syntax(
                self.end..self.end,
                "the expression ends too early",
                "a number or a unit is missing at the end",
            ));
        };
        self.pos += 1;
        match token.kind {
            Kind::Number(n) => {
                let mut value = Value {
                    q: Quantity::number(n),
                    span: token.span,
                    percent: false,
                };
                self.magnitude(&mut value);
                Ok(value)
            }
            // `-> %`: the unit itself.
            Kind::Percent => Ok(Value {
                q: Quantity::number(0.01),
                span: token.span,
                percent: false,
            }),
            Kind::Dollar => {
                // `-> $` or `per $`: the unit itself.
                if !matches!(
                    self.peek().map(|t| &t.kind),
                    Some(Kind::Number(_) | Kind::Open | Kind::Word { .. })
                ) {
                    return Ok(Value {
                        q: Quantity {
                            value: 1.0,
                            dims: Dims::of(Base::Money),
                        },
                        span: token.span,
                        percent: false,
                    });
                }
                let amount = self.power()?;
                let money = Dims::of(Base::Money);
                Ok(Value {
                    q: Quantity {
                        value: amount.q.value,
                        dims: amount.q.dims.mul(&money),
                    },
                    span: token.span.start..amount.span.end,
                    percent: false,
                })
            }
            Kind::Open => {
                let inner = self.sum()?;
                match self.peek().map(|t| &t.kind) {
                    Some(Kind::Close) => {
                        let close = self.here();
                        self.pos += 1;
                        Ok(Value {
                            q: inner.q,
                            span: token.span.start..close.end,
                            percent: inner.percent,
                        })
                    }
                    _ => Err(CalcError::syntax(
                        token.span,
                        "this parenthesis is never closed",
                        "add `)`",
                    )),
                }
            }
            Kind::Word { text, .. } => self.word(&text, token.span),
            _ => Err(CalcError::syntax(
                token.span,
                "expected a number, a unit or `(` here",
                "an operand is missing",
            )),
        }
    }

    /// `10k`, `1.5M`, `2bn`, `5x`, `3B rows` (billion before a count, bytes otherwise).
    fn magnitude(&mut self, value: &mut Value) {
        let Some((word, glued)) = self.peek_word() else {
            return;
        };
        let next_is_count = || {
            matches!(self.tokens.get(self.pos + 1).map(|t| &t.kind),
            Some(Kind::Word { text, .. }) if self.calc.units.get(text).is_some_and(|u| {
                u.dims.iter().any(|(b, _)| matches!(b, Base::Count(_)))
            }))
        };
        let factor = match word {
            "k" | "K" => 1e3,
            "M" | "mm" => 1e6,
            "m" if glued => 1e6,
            "bn" => 1e9,
            "B" | "b" if glued && next_is_count() => 1e9,
            "x" | "X" if glued => 1.0,
            _ => return,
        };
        let span = self.here();
        self.pos += 1;
        value.q.value *= factor;
        value.span.end = span.end;
    }

    fn word(&mut self, text: &str, span: Range<usize>) -> Result<Value, CalcError> {
        if matches!(text, "a" | "an") {
            return Ok(Value {
                q: Quantity::number(1.0),
                span,
                percent: false,
            });
        }
        if let Some(q) = self.calc.variables.get(text) {
            return Ok(Value {
                q: q.clone(),
                span,
                percent: false,
            });
        }
        if let Some(unit) = self.calc.units.get(text) {
            if unit.dims == Dims::of(Base::Time) {
                self.time_units.push((text.to_owned(), unit.factor));
            }
            return Ok(Value {
                q: Quantity {
                    value: unit.factor,
                    dims: unit.dims.clone(),
                },
                span,
                percent: false,
            });
        }
        let names = self
            .calc
            .units
            .names()
            .chain(self.calc.variables.keys().map(String::as_str));
        let help = match crate::suggest::closest(text, names) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "define it first (`{text} = ...`) or, for a counted thing, declare it (`unit {text}`)"
            ),
        };
        Err(CalcError {
            kind: ErrorKind::UnknownUnit,
            span,
            message: format!("unknown unit or name `{text}`"),
            help: Some(help),
        })
    }
}

/// Multiplies or divides two values, checking for division by zero, overflow and absurd
/// unit powers.
fn combine(left: &Value, right: &Value, divide: bool) -> Result<Value, CalcError> {
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
    Ok(Value {
        q,
        span,
        percent: left.percent && right.percent,
    })
}

/// Largest unit power accepted (s^2 and MB^2 are fine; s^40 is a typo).
const MAX_POWER: u8 = 12;

fn beyond_max_power(span: Range<usize>) -> CalcError {
    CalcError {
        kind: ErrorKind::Dimensions,
        span,
        message: format!("a unit is raised beyond the power of {MAX_POWER}"),
        help: Some("check for a unit written twice".into()),
    }
}

fn arithmetic(span: Range<usize>, message: &str) -> CalcError {
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

/// Units a value of `dims` can be shown in, for help messages.
fn example_units(dims: &Dims, units: &Units) -> String {
    let name = format::unit_name(dims, units, None);
    match name.as_str() {
        "B" => "KB, MB, GB or TB".into(),
        "B/s" => "MB/s or GB/day".into(),
        "s" => "s, minutes, hours or days".into(),
        _ if name.ends_with("/s") => format!("{name} or {}/day", name.trim_end_matches("/s")),
        _ => format!("`{name}`"),
    }
}

/// Names a dimension the way a person would: "a data rate", "a time", "a count of events".
#[must_use]
pub fn describe(dims: &Dims, units: &Units) -> String {
    let t = dims.exponent(Base::Time);
    let b = dims.exponent(Base::Bytes);
    let m = dims.exponent(Base::Money);
    let counts = dims.counts();
    match (b, t, m, counts.as_slice()) {
        (0, 0, 0, []) => "a plain number".into(),
        (0, 1, 0, []) => "a time".into(),
        (1, 0, 0, []) => "a data size".into(),
        (1, -1, 0, []) => "a data rate".into(),
        (0, 0, 1, []) => "an amount of money".into(),
        (0, -1, 1, []) => "a cost rate".into(),
        (0, 0, 0, [(i, 1)]) => format!("a number of {}s", units.count_name(*i)),
        (0, -1, 0, [(i, 1)]) => format!("a rate of {}s", units.count_name(*i)),
        (1, 0, 0, [(i, -1)]) => format!("a size per {}", units.count_name(*i)),
        (0, -1, 0, []) => "a frequency".into(),
        _ => format!("a quantity in {}", format::unit_name(dims, units, None)),
    }
}

#[cfg(test)]
mod tests;
