//! Errors that say the fix: each names what is wrong where it is and, where the calculator can
//! tell, what to write instead, in a form that works where the user is ([`Place`]): only an
//! interactive session or the scratchpad can declare a count with a `unit` line, `dei calc
//! EXPR` takes `--unit NAME`.

use std::ops::Range;

use super::dims::{Base, Dims};
use super::lexer::Kind;
use super::parser::{Parser, Value};
use super::units::{BUILTIN_COUNTS, singular_of};
use super::{CalcError, ErrorKind, Place, describe, format};

impl Parser<'_> {
    /// The text of `span` as written.
    fn text(&self, span: &Range<usize>) -> &str {
        self.input.get(span.clone()).unwrap_or_default().trim()
    }
}

/// A range written as a subtraction or a conversion (`4.25M-5.75M rows`, `24 to 48 hours`).
fn range(p: &Parser<'_>, low: &Value, high: &Value) -> CalcError {
    let span = low.span.start..high.span.end;
    let low_end = match unit_after_number(p, &high.span) {
        Some(unit) => format!("{} {unit}", p.text(&low.span)),
        None => p.text(&low.span).to_owned(),
    };
    CalcError {
        kind: ErrorKind::Syntax,
        message: format!("`{}` is a range, not one number", p.text(&span)),
        span,
        help: Some(format!(
            "work out each end on its own: `{low_end}` and `{}`",
            p.text(&high.span)
        )),
    }
}

/// What follows the number (and its magnitude) at the start of `span`: `rows` in `5.75M rows`.
fn unit_after_number<'p>(p: &'p Parser<'_>, span: &Range<usize>) -> Option<&'p str> {
    let mut inside = p
        .tokens
        .iter()
        .skip_while(|t| t.span.start < span.start)
        .take_while(|t| t.span.end <= span.end)
        .peekable();
    inside
        .next()
        .filter(|t| matches!(t.kind, Kind::Number(_)))?;
    if inside.peek().is_some_and(|t| {
        matches!(&t.kind, Kind::Word { text, glued: true } if matches!(text.as_str(), "k" | "K" | "M" | "m" | "bn" | "B"))
    }) {
        inside.next();
    }
    let start = inside.peek()?.span.start;
    Some(p.text(&(start..span.end))).filter(|t| !t.is_empty())
}

/// `+` or `-` between different dimensions.
pub(super) fn cannot_add(p: &Parser<'_>, left: &Value, right: &Value, op: usize) -> CalcError {
    let minus = matches!(p.kind_at(op), Some(Kind::Minus));
    if minus && p.touching(op - 1) && p.touching(op) && left.q.dims.is_none() {
        return range(p, left, right);
    }
    let units = p.calc.units();
    CalcError {
        kind: ErrorKind::Dimensions,
        span: left.span.start..right.span.end,
        message: format!(
            "cannot {} {} and {}",
            if minus { "subtract" } else { "add" },
            describe(&left.q.dims, units),
            describe(&right.q.dims, units)
        ),
        help: Some(
            "only like quantities add up; multiply or divide to combine different ones (MB/s × s = MB)"
                .into(),
        ),
    }
}

/// `-> UNIT` of other dimensions than the value.
pub(super) fn cannot_show(
    p: &Parser<'_>,
    value: &Value,
    unit: &Value,
    text: &str,
    arrow: usize,
) -> CalcError {
    let said_to = matches!(p.word_at(arrow), Some(("to", _)));
    if said_to && value.q.dims.is_none() && matches!(p.kind_at(arrow + 1), Some(Kind::Number(_))) {
        return range(p, value, unit);
    }
    let units = p.calc.units();
    let (have, want) = (&value.q.dims, &unit.q.dims);
    let per_time = Dims::of(Base::Time);
    let help = if have.div(&per_time) == *want {
        format!(
            "{} is not a rate: add a unit per time, as in `10k events/s * 1 KB/event -> {text}`, or show it in {}",
            describe(have, units),
            example_units(have, units)
        )
    } else if have.mul(&per_time) == *want {
        format!(
            "{} is a rate: multiply by how long it runs, as in `... * 1 day -> {text}`, or show it in {}",
            describe(have, units),
            example_units(have, units)
        )
    } else {
        format!(
            "{} shows in units like {}",
            describe(have, units),
            example_units(have, units)
        )
    };
    CalcError {
        kind: ErrorKind::Dimensions,
        span: unit.span.clone(),
        message: format!(
            "cannot show {} in `{text}`, which is {}",
            describe(have, units),
            describe(want, units)
        ),
        help: Some(help),
    }
}

/// Units a value of `dims` can be shown in, for help messages; each is accepted by `-> UNIT`.
pub(super) fn example_units(dims: &Dims, units: &super::units::Units) -> String {
    let name = format::unit_name(dims, units, None);
    match name.as_str() {
        "" => "a plain number or `%`".into(),
        "B" => "KB, MB, GB or TB".into(),
        "B/s" => "MB/s or GB/day".into(),
        "s" => "s, minutes, hours or days".into(),
        _ if name.ends_with("/s") => format!("{name} or {}/day", name.trim_end_matches("/s")),
        _ => format!("`{name}`"),
    }
}

/// `of` after something that is not a share (`10 GB of 5 TB`).
pub(super) fn of_needs_a_share(
    p: &Parser<'_>,
    left: &Value,
    right: &Value,
    at: usize,
) -> CalcError {
    let (l, r) = (p.text(&left.span), p.text(&right.span));
    CalcError {
        kind: ErrorKind::Dimensions,
        span: left.span.start..p.tokens[at].span.end,
        message: if left.q.dims.is_none() {
            format!("`of` takes a share (a percentage or a fraction), and `{l}` is more than one")
        } else {
            format!(
                "`of` takes a share (a percentage or a fraction), and `{l}` is {}",
                describe(&left.q.dims, p.calc.units())
            )
        },
        help: Some(format!(
            "write a share, as in `20% of {r}`, or multiply: `{l} * {r}`"
        )),
    }
}

/// `for` or `over` without a rate before it or a time after it.
pub(super) fn over_needs_a_rate(
    p: &Parser<'_>,
    left: &Value,
    right: &Value,
    word: &str,
    at: usize,
) -> CalcError {
    let (l, r) = (p.text(&left.span), p.text(&right.span));
    let units = p.calc.units();
    if right.q.dims != Dims::of(Base::Time) {
        return CalcError {
            kind: ErrorKind::Dimensions,
            span: right.span.clone(),
            message: format!(
                "`{word}` takes how long something runs, and `{r}` is {}",
                describe(&right.q.dims, units)
            ),
            help: Some(format!("give it a time unit: `{l} {word} {r} hours`")),
        };
    }
    CalcError {
        kind: ErrorKind::Dimensions,
        span: left.span.start..p.tokens[at].span.end,
        message: format!(
            "`{word}` runs a rate over a time, and `{l}` is {}, not a rate",
            describe(&left.q.dims, units)
        ),
        help: Some(format!(
            "to spread `{l}` over {r}, divide: `{l} / {r}`; for a rate over a time, `10 MB/s {word} {r}`"
        )),
    }
}

/// The expression stops where an operand should be.
pub(super) fn ends_early(p: &Parser<'_>) -> CalcError {
    let after = p.pos.checked_sub(1).and_then(|i| p.word_at(i));
    let help = match after {
        Some(("of", _)) => "say what it is a share of, as in `20% of 5 TB`",
        Some(("for" | "over", _)) => "say how long, as in `10 MB/s for 1 day`",
        Some(("per" | "a" | "an", _)) => "say per what, as in `100 events per second`",
        _ => "a number or a unit is missing at the end",
    };
    let end = p.input.len();
    CalcError::syntax(end..end, "the expression ends too early", help)
}

/// A glued `m` with nothing to say whether it is million or minutes (`5m`).
pub(super) fn million_or_minutes(p: &Parser<'_>, number: &Value) -> CalcError {
    let n = p.text(&number.span);
    CalcError::syntax(
        number.span.start..p.here().end,
        format!("`{n}m` could be {n} million or {n} minutes"),
        &format!("write `{n}M` for million or `{n} min` for minutes"),
    )
}

/// A word that is neither a unit, a variable nor a number: what it may have meant, and how to
/// make it known where the user is.
pub(super) fn unknown_word(p: &Parser<'_>, text: &str, span: Range<usize>) -> CalcError {
    let unknown = |help: String| CalcError {
        kind: ErrorKind::UnknownUnit,
        span: span.clone(),
        message: format!("unknown unit or name `{text}`"),
        help: Some(help),
    };
    if let Some(help) = word_hint(p, text, &span) {
        return unknown(help);
    }
    let names = p
        .calc
        .units()
        .names()
        .chain(p.calc.variables.keys().map(String::as_str));
    if let Some(near) = crate::suggest::closest(text, names) {
        return unknown(format!("did you mean `{near}`?"));
    }
    let countable = text.len() > 2 && text.chars().all(|c| c.is_ascii_lowercase());
    let singular = singular_of(text);
    let help = match (p.calc.place(), countable) {
        (Place::Command, true) => format!(
            "to count {} as a thing of their own, declare it: `dei calc --unit {singular} \"{}\"`",
            super::units::plural_of(&singular),
            p.input.trim()
        ),
        (Place::Session, true) => {
            format!(
                "declare it as a count first (`unit {singular}`), or define it (`{text} = ...`)"
            )
        }
        (Place::Scratchpad, true) => format!(
            "declare it as a count on a line of its own (`= unit {singular}`), or define it (`= {text} = ...`)"
        ),
        (Place::Session | Place::Scratchpad, false) => {
            format!("define it first (`{text} = ...`)")
        }
        _ => format!(
            "the calculator knows units of time, data and money, and counts of {}",
            BUILTIN_COUNTS.join(", ")
        ),
    };
    unknown(help)
}

/// The fix for words that mean something the calculator will not guess.
fn word_hint(p: &Parser<'_>, text: &str, span: &Range<usize>) -> Option<String> {
    let before = p.input[..span.start].trim();
    let after = p.input[span.end..].trim();
    let hint = match text {
        "of" => "`of` follows a share: write `20% of 5 TB`, or `20% * 5 TB`".into(),
        "for" | "over" => format!("`{text}` follows a rate: write `10 MB/s {text} 1 day`"),
        "at" if !before.is_empty() && !after.is_empty() => at_hint(p, before, after),
        "at" => "`at` could multiply or divide: write `*` or `/`".into(),
        "and" => "write `+` to add (`2 h + 30 min`)".into(),
        "few" | "several" | "some" | "many" | "couple" | "lots" => {
            format!("`{text}` is not a number: say how many, as in `3 TB`")
        }
        "quarter" | "third" => format!(
            "write `{text} of ...` for a share (`a {text} of 1 TB`), or a period in months (`3 months`)"
        ),
        "m" => "write `M` for million (`5M events`) or `min` for minutes (`5 min`)".into(),
        "ans" | "_" => format!("`{text}` is the last result, and there is none yet"),
        _ if text.to_lowercase().ends_with("bps") => {
            "write `MBps` for megabytes per second or `Mbps` for megabits (the case of the b decides)"
                .into()
        }
        _ => return None,
    };
    Some(hint)
}

/// `12 TB at 200 MB/s`: the sum the words most likely stand for.
fn at_hint(p: &Parser<'_>, before: &str, after: &str) -> String {
    let divide = format!("`{before} / ({after})`");
    let multiply = format!("`{before} * {after}`");
    let dims = |text: &str| p.calc.evaluate(text).ok().map(|a| a.quantity.dims);
    match (dims(before), dims(after)) {
        // An amount at a rate of it: how long it takes.
        (Some(amount), Some(rate)) if rate.mul(&Dims::of(Base::Time)) == amount => {
            format!("write {divide} for how long it takes")
        }
        (Some(_), Some(_)) => format!("write {multiply} to multiply, or {divide} to divide"),
        _ => "`at` could multiply or divide: write `*` or `/`".into(),
    }
}
