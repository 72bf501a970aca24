//! The back-of-envelope calculator: expressions with units, the way candidates write them
//! (`10k events/s * 5 * 1 KB/event -> MB/s`), evaluated with dimensions checked, results
//! humanised, errors pointing at the place.
//!
//! A focused engine rather than a general one: a tokenizer ([`lexer`]), a precedence-climbing
//! parser that evaluates as it goes (`parser` for the operators, `term` for factors side by
//! side, `words` for what words mean, `hints` for errors that say the fix), a dimension vector
//! ([`dims`]) and a unit table ([`units`]); [`format`](mod@format) chooses how a result is
//! shown. The calculator is told where it is used ([`Place`]) so that a hint names a fix that
//! works there.

pub mod dims;
pub mod format;
mod hints;
pub mod lexer;
mod parser;
mod term;
pub mod units;
mod words;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use dims::{Base, Dims};
use lexer::{Kind, Token, lex};
use units::Units;

pub use format::Shown;
pub use words::is_number_word;

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

/// Where the calculator is being used, so a hint names a fix that works there: only an
/// interactive session or the scratchpad can declare a new count with a `unit` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// Inside dei (scenario files, estimates, answers): no declaring on the spot.
    #[default]
    Elsewhere,
    /// `dei calc EXPR`: one expression; `--unit NAME` declares a count.
    Command,
    /// The `dei calc` session: `unit NAME` declares a count.
    Session,
    /// The Size move's scratchpad: a `= unit NAME` line declares a count.
    Scratchpad,
}

/// A calculator session: the unit table plus variables defined so far.
#[derive(Debug, Clone, Default)]
pub struct Calculator {
    units: Units,
    variables: HashMap<String, Quantity>,
    place: Place,
}

/// Names of the last result in a session or scratchpad.
pub const LAST_RESULT: [&str; 2] = ["ans", "_"];

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

    /// The same calculator, with hints written for `place`.
    #[must_use]
    pub fn with_place(mut self, place: Place) -> Self {
        self.place = place;
        self
    }

    /// Where this calculator is used.
    #[must_use]
    pub fn place(&self) -> Place {
        self.place
    }

    /// Remembers `value` as the last result, `ans` (or `_`) in the next line.
    pub fn set_last(&mut self, value: &Quantity) {
        for name in LAST_RESULT {
            self.variables.insert(name.to_owned(), value.clone());
        }
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
        let answer = parser::Parser::new(self, input, body).statement()?;
        Ok(Answer { assigned, ..answer })
    }

    /// Evaluates and shows a line, the way `dei calc` prints it.
    pub fn show(&mut self, input: &str) -> Result<Shown, CalcError> {
        let answer = self.eval(input)?;
        Ok(format::show(&answer, &self.units))
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
        (0, 0, 0, [(i, 1)]) => format!("a number of {}", units.count_plural(*i)),
        (0, -1, 0, [(i, 1)]) => format!("a rate of {}", units.count_plural(*i)),
        (1, 0, 0, [(i, -1)]) => format!("a size per {}", units.count_name(*i)),
        (0, -1, 0, []) => "a frequency".into(),
        _ => format!("a quantity in {}", format::unit_name(dims, units, None)),
    }
}

#[cfg(test)]
mod tests;
