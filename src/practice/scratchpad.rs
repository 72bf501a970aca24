//! The Size move's scratchpad: a line starting with `=` is worked out by the calculator, in
//! order, so `= peak = 5 * 10k events/s` defines `peak` for the lines after it, `= unit order`
//! declares a count for them, and `ans` (or `_`) is the result of the line before.

use std::collections::HashMap;

use crate::calc::{Calculator, LAST_RESULT, Place, Quantity, format};
use crate::scenario::Scenario;

/// What the calculator made of one `=` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Worked {
    /// 0-based line number in the scratchpad.
    pub line: usize,
    /// The expression after `=`.
    pub expr: String,
    /// The result as shown (`50 MB/s`), or the error's message and fix.
    pub result: Result<String, String>,
}

/// A calculator for the candidate: the scenario's counted things (`order`, `seller`) but
/// none of its sizing quantities, which would give the answers away.
#[must_use]
pub fn calculator(scenario: &Scenario) -> Calculator {
    let mut calc = Calculator::new().with_place(Place::Scratchpad);
    for unit in &scenario.sizing.units {
        // Checked when the scenario loaded.
        let _ = calc.declare_count(unit);
    }
    calc
}

/// Works out every `=` line of `text`, top to bottom, with `base` (left unchanged).
#[must_use]
pub fn work(base: &Calculator, text: &str) -> Vec<Worked> {
    Worksheet::new(base.clone()).work(text)
}

/// The scratchpad worked out again after every edit, re-working only what the edit changed: a
/// line keeps its result while its text and the variables defined above it are as they were,
/// so a keystroke in a pasted 120 KB scratchpad works out one line, not thousands.
#[derive(Debug, Clone)]
pub struct Worksheet {
    base: Calculator,
    /// The variables of the scratchpad as last worked out, one set after another: `states[0]`
    /// before the first assignment, `states[k]` after the k-th. Never empty.
    states: Vec<State>,
    /// Counts the calls, to tell the lines still in the scratchpad from those edited away.
    call: u64,
    /// How many lines the last call worked out afresh.
    fresh: usize,
}

/// The lines worked out with one set of variables, and the change that came next.
#[derive(Debug, Clone, Default)]
struct State {
    /// Each expression (with the last result, for a line that uses it), what it came to and
    /// the last call that met it.
    lines: HashMap<String, (Known, u64)>,
    then: Option<Change>,
}

/// What a line changes for the lines after it.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    /// `= peak = ...`.
    Set(String, Quantity),
    /// `= unit order`.
    Declare(String),
}

impl Change {
    fn apply(&self, calc: &mut Calculator) {
        match self {
            Self::Set(name, value) => calc.set(name, value.clone()),
            // Declared once already when the line was first worked out.
            Self::Declare(name) => {
                let _ = calc.declare_count(name);
            }
        }
    }
}

/// What one expression came to, and what it changed.
#[derive(Debug, Clone)]
struct Known {
    result: Result<String, String>,
    value: Option<Quantity>,
    change: Option<Change>,
}

/// Lines a set of variables keeps beyond twice those the scratchpad still has.
const STALE_KEPT: usize = 32;

impl Worksheet {
    /// A worksheet that works lines out with `base` (see [`calculator`]).
    #[must_use]
    pub fn new(base: Calculator) -> Self {
        Self {
            base,
            states: vec![State::default()],
            call: 0,
            fresh: 0,
        }
    }

    /// How many lines the last [`Worksheet::work`] worked out afresh rather than remembered.
    #[must_use]
    pub fn worked_out_afresh(&self) -> usize {
        self.fresh
    }

    /// Works out every `=` line of `text`, top to bottom, as [`work`] does, reusing what
    /// earlier calls worked out with the same variables.
    pub fn work(&mut self, text: &str) -> Vec<Worked> {
        self.call += 1;
        self.fresh = 0;
        let this_call = self.call;
        let mut calc = self.base.clone();
        let mut k = 0;
        let mut met = vec![0];
        let mut worked = Vec::new();
        let mut last: Option<Quantity> = None;
        for (line, l) in text.lines().enumerate() {
            let Some(expr) = l.trim_start().strip_prefix('=').map(str::trim) else {
                continue;
            };
            if expr.is_empty() {
                continue;
            }
            // A line that uses the last result is remembered with it.
            let key = match last.as_ref().filter(|_| uses_last(expr)) {
                Some(value) => format!("{expr}\u{0}{value:?}"),
                None => expr.to_owned(),
            };
            let state = &mut self.states[k];
            let known = if let Some((known, seen)) = state.lines.get_mut(&key) {
                *seen = this_call;
                if let Some(change) = &known.change {
                    change.apply(&mut calc);
                }
                known.clone()
            } else {
                self.fresh += 1;
                if let Some(value) = &last {
                    calc.set_last(value);
                }
                let known = work_out(&mut calc, expr);
                state.lines.insert(key, (known.clone(), this_call));
                known
            };
            met[k] += 1;
            if let Some(change) = &known.change {
                // A new value: the variables from here on are not the ones remembered.
                if state.then.as_ref() != Some(change) {
                    self.states.truncate(k + 1);
                    self.states[k].then = Some(change.clone());
                    self.states.push(State::default());
                }
                k += 1;
                met.push(0);
            }
            if known.value.is_some() {
                last.clone_from(&known.value);
            }
            worked.push(Worked {
                line,
                expr: expr.to_owned(),
                result: known.result,
            });
        }
        self.states.truncate(k + 1);
        self.states[k].then = None;
        for (state, met) in self.states.iter_mut().zip(met) {
            if state.lines.len() > 2 * met + STALE_KEPT {
                state.lines.retain(|_, (_, seen)| *seen == this_call);
            }
        }
        worked
    }
}

/// Whether `expr` names the last result (`ans * 2`, `_ / 5`).
fn uses_last(expr: &str) -> bool {
    crate::calc::lexer::Lexer::new(expr)
        .map_while(Result::ok)
        .any(|t| matches!(&t.kind, crate::calc::lexer::Kind::Word { text, .. } if LAST_RESULT.contains(&text.as_str())))
}

/// `unit order`: the count a line declares, if it is a declaration.
fn declaration(expr: &str) -> Option<&str> {
    let name = expr.strip_prefix("unit ")?.trim();
    (!name.is_empty() && !name.contains(char::is_whitespace)).then_some(name)
}

/// Works out one expression with `calc`, defining its variable or declaring its count there.
fn work_out(calc: &mut Calculator, expr: &str) -> Known {
    if let Some(name) = declaration(expr) {
        return match calc.declare_count(name) {
            Ok(()) => Known {
                result: Ok(format!("declared the count `{name}`")),
                value: None,
                change: Some(Change::Declare(name.to_owned())),
            },
            Err(err) => Known {
                result: Err(err.to_string()),
                value: None,
                change: None,
            },
        };
    }
    match calc.eval(expr) {
        Ok(answer) => Known {
            result: Ok(format::show(&answer, calc.units()).display),
            change: answer
                .assigned
                .clone()
                .map(|name| Change::Set(name, answer.quantity.clone())),
            value: Some(answer.quantity),
        },
        Err(e) => Known {
            result: Err(match &e.help {
                Some(help) => format!("{}; {help}", e.message),
                None => e.message.clone(),
            }),
            value: None,
            change: None,
        },
    }
}

/// The scratchpad as the candidate would say it: each worked line becomes
/// `expr = result` (without the `-> UNIT` conversion), and each line is its own paragraph, so
/// the scorer reads every number and checks it. Lines the calculator rejected are left out.
#[must_use]
pub fn as_prose(text: &str, worked: &[Worked]) -> String {
    let by_line: HashMap<usize, &Worked> = worked.iter().rev().map(|w| (w.line, w)).collect();
    text.lines()
        .enumerate()
        .map(|(i, l)| match by_line.get(&i).copied() {
            Some(Worked {
                expr,
                result: Ok(r),
                ..
            }) if declaration(expr).is_none() => {
                let said = expr.split("->").next().unwrap_or(expr).trim();
                format!("{said} = {r}")
            }
            // A line the calculator could not read is scratch work, not a claim; nor is a
            // declaration.
            Some(Worked { .. }) => String::new(),
            None => l.trim().to_owned(),
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn an_edit_works_out_only_the_lines_it_changed() {
        let mut sheet = Worksheet::new(Calculator::new());
        let mut text = String::from("= avg = 10k events/s\n= peak = 5 * avg\n");
        for i in 0..1_000 {
            let _ = write!(text, "= peak * {i} s\nnote {i}\n");
        }
        assert_eq!(sheet.work(&text).len(), 1_002);
        assert_eq!(sheet.worked_out_afresh(), 1_002);
        // A line typed at the end, a note changed in the middle: one line each.
        text.push_str("= avg * 1 KB/event -> MB/s\n");
        let worked = sheet.work(&text);
        assert_eq!(sheet.worked_out_afresh(), 1);
        assert_eq!(worked[1_002].result.as_deref(), Ok("10 MB/s"));
        let text = text.replace("note 500\n", "note five hundred\n= 2 + 2\n");
        sheet.work(&text);
        assert_eq!(sheet.worked_out_afresh(), 1);
        // An assignment written differently but to the same value changes nothing below it.
        let same = text.replace("= peak = 5 * avg", "= peak = avg * 5");
        sheet.work(&same);
        assert_eq!(sheet.worked_out_afresh(), 1);
        // A new value does: every line after it is worked out again.
        let changed = text.replace("= peak = 5 * avg", "= peak = 6 * avg");
        let worked = sheet.work(&changed);
        assert_eq!(sheet.worked_out_afresh(), 1_003);
        assert_eq!(worked, work(&Calculator::new(), &changed));
    }

    /// Scratchpad lines that define, redefine, use and fail.
    fn line() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "= a = 10k events/s",
            "= a = 20k events/s",
            "= b = a * 1 KB/event",
            "= b = 3",
            "= a * 2",
            "= b -> MB/s",
            "= c + 1",
            "= c = a",
            "= 3 apples +",
            "= unit order",
            "= 5 orders/s * 2",
            "= ans * 2",
            "= _ + a",
            "note",
            "=",
        ])
        .prop_map(str::to_owned)
    }

    proptest! {
        #[test]
        fn remembering_never_changes_a_result(
            drafts in prop::collection::vec(prop::collection::vec(line(), 0..12), 1..8)
        ) {
            let mut sheet = Worksheet::new(Calculator::new());
            for draft in drafts {
                let text = draft.join("\n");
                prop_assert_eq!(sheet.work(&text), work(&Calculator::new(), &text));
            }
        }
    }

    #[test]
    fn lines_are_worked_in_order_and_variables_carry() {
        let calc = Calculator::new();
        let text =
            "Average first.\n= avg = 10k events/s\n= avg * 5 * 1 KB/event -> MB/s\n= 3 apples +\n";
        let worked = work(&calc, text);
        assert_eq!(worked.len(), 3);
        assert_eq!(worked[0].line, 1);
        assert_eq!(worked[1].result.as_deref(), Ok("50 MB/s"));
        assert!(worked[2].result.is_err(), "{:?}", worked[2]);
        assert!(
            calc.get("avg").is_none(),
            "the base calculator is left alone"
        );
    }

    #[test]
    fn unit_lines_declare_counts_and_ans_is_the_line_before() {
        let calc = Calculator::new().with_place(Place::Scratchpad);
        let text =
            "= 5 orders/s\n= unit order\n= 5 orders/s * 1 KB/order\n= ans * 2\n= _ -> KB/s\n";
        let worked = work(&calc, text);
        let results: Vec<_> = worked.iter().map(|w| w.result.clone()).collect();
        let before = results[0].as_ref().expect_err("not declared yet");
        assert!(before.contains("`= unit order`"), "{before}");
        assert_eq!(results[1].as_deref(), Ok("declared the count `order`"));
        assert_eq!(results[2].as_deref(), Ok("5 KB/s"));
        assert_eq!(results[3].as_deref(), Ok("10 KB/s"));
        assert_eq!(results[4].as_deref(), Ok("10 KB/s"));
        // Remembered lines keep reading the line before them.
        let mut sheet = Worksheet::new(calc.clone());
        sheet.work(text);
        let edited = text.replace("* 1 KB/order", "* 3 KB/order");
        let again = sheet.work(&edited);
        assert_eq!(again[3].result.as_deref(), Ok("30 KB/s"));
        assert_eq!(again, work(&calc, &edited));
        // A declaration is not a claim.
        assert!(!as_prose(text, &worked).contains("unit order"));
    }

    #[test]
    fn prose_shows_each_result_beside_its_expression() {
        let calc = Calculator::new();
        let text = "Peak:\n= 10k events/s * 5\n\n= 50 MB/s * 1 day -> GB\n=\n= nonsense ++\n";
        let worked = work(&calc, text);
        assert_eq!(
            as_prose(text, &worked),
            "Peak:\n\n10k events/s * 5 = 50,000 events/s\n\n50 MB/s * 1 day = 4,320 GB\n\n="
        );
    }
}
