//! The Size move's scratchpad: a line starting with `=` is worked out by the calculator, in
//! order, so `= peak = 5 * 10k events/s` defines `peak` for the lines after it.

use crate::calc::Calculator;
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
    let mut calc = Calculator::new();
    for unit in &scenario.sizing.units {
        // Checked when the scenario loaded.
        let _ = calc.declare_count(unit);
    }
    calc
}

/// Works out every `=` line of `text`, top to bottom, with `base` (left unchanged).
#[must_use]
pub fn work(base: &Calculator, text: &str) -> Vec<Worked> {
    let mut calc = base.clone();
    text.lines()
        .enumerate()
        .filter_map(|(line, l)| {
            let expr = l.trim_start().strip_prefix('=')?.trim();
            if expr.is_empty() {
                return None;
            }
            let result = calc
                .show(expr)
                .map(|s| s.display)
                .map_err(|e| match &e.help {
                    Some(help) => format!("{}; {help}", e.message),
                    None => e.message.clone(),
                });
            Some(Worked {
                line,
                expr: expr.to_owned(),
                result,
            })
        })
        .collect()
}

/// The scratchpad as the candidate would say it: each worked line becomes
/// `expr = result` (without the `-> UNIT` conversion), and each line is its own paragraph, so
/// the scorer reads every number and checks it. Lines the calculator rejected are left out.
#[must_use]
pub fn as_prose(text: &str, worked: &[Worked]) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| match worked.iter().find(|w| w.line == i) {
            Some(Worked {
                expr,
                result: Ok(r),
                ..
            }) => {
                let said = expr.split("->").next().unwrap_or(expr).trim();
                format!("{said} = {r}")
            }
            // A line the calculator could not read is scratch work, not a claim.
            Some(Worked { .. }) => String::new(),
            None => l.trim().to_owned(),
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

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
