//! The candidate's own arithmetic: "50k/s at 1 KB each is 500 MB/s" states its inputs, so the
//! result can be worked out again from them and called off when it does not follow, whatever
//! figure of the scenario it happens to sit near.

use crate::calc::Quantity;
use crate::calc::dims::Dims;

use super::without_counts;

/// Bare numbers that are conversions with a unit left unsaid ("× 86,400" is seconds in a day,
/// "× 30" days in a month): a product with them cannot be worked out from what is written.
const CONVERSIONS: [f64; 10] = [
    7.0, 12.0, 24.0, 30.0, 60.0, 365.0, 1_000.0, 1_024.0, 1_440.0, 3_600.0,
];

/// Words or signs between the last input and a number that make it a result.
const RESULT_WORDS: [&str; 9] = [
    "is", "are", "gives", "makes", "means", "equals", "that's", "thats", "comes to",
];

/// Words between a result word and its number that leave it a result.
const HEDGES: [&str; 9] = [
    "about",
    "roughly",
    "around",
    "only",
    "nearly",
    "just",
    "approximately",
    "almost",
    "then",
];

/// The most recent inputs a result is worked out from.
const INPUTS: usize = 4;

/// A quantity written before a result in the same sentence: one with a unit, or a bare
/// multiplier or share ("5x", "30%").
#[derive(Debug, Clone)]
struct Input {
    quantity: Quantity,
    /// Where it starts in the sentence.
    start: usize,
    /// Where it ends in the sentence.
    end: usize,
}

/// The numbers of one sentence so far, to work a result out again from.
pub(super) struct Working {
    inputs: Vec<Input>,
    /// Where every number of the sentence starts, read or not.
    starts: Vec<usize>,
    /// Where the inputs of the next result start: the last result, then what follows it.
    since_result: usize,
    /// The sentence is a table row (a cell after its calculation is its result).
    table_row: bool,
}

impl Working {
    pub(super) fn new(table_row: bool) -> Self {
        Self {
            inputs: Vec::new(),
            starts: Vec::new(),
            since_result: 0,
            table_row,
        }
    }

    /// A number starts at `start`, whether or not it reads ("three replicas" is an operand
    /// the working cannot use).
    pub(super) fn seen(&mut self, start: usize) {
        self.starts.push(start);
    }

    /// A number read at `start`..`end` of the sentence.
    pub(super) fn push(&mut self, quantity: Quantity, start: usize, end: usize) {
        self.inputs.push(Input {
            quantity,
            start,
            end,
        });
    }

    /// A number without a unit at `start` (up to `cut`): kept when it is a share or a
    /// multiplier.
    pub(super) fn bare(&mut self, raw: &str, start: usize, cut: usize) {
        if let Some((value, len)) = bare_number(&raw[start..cut]) {
            let quantity = Quantity {
                value,
                dims: Dims::none(),
            };
            self.push(quantity, start, start + len);
        }
    }

    /// For a number of `dims` at `start` in `raw`: when the words before it make it a result,
    /// what its inputs give ([`workings`]); empty otherwise. Worked from the last result and
    /// what was written since ("= 60M a day; one in ten late = 6M" works from words, not
    /// numbers: nothing to check), within the clause ("... ≈ 17M a day; 0.05% ≈ 1.7M" takes
    /// its 0.05% of something before the semicolon, not of the 17M).
    pub(super) fn result_at(&mut self, raw: &str, start: usize, dims: &Dims) -> Vec<f64> {
        let gap = self
            .inputs
            .last()
            .map_or("", |i| &raw[i.end.min(start)..start]);
        if !says_result(gap, self.table_row) {
            return Vec::new();
        }
        let clause = raw[..start].rfind(';').unwrap_or(0);
        let since = self.since_result
            + self.inputs[self.since_result..].partition_point(|i| i.end <= clause);
        self.since_result = self.inputs.len();
        let inputs = &self.inputs[since..];
        let inputs = &inputs[inputs.len().saturating_sub(INPUTS)..];
        // Every number from the first input to the result must be an input, or the working
        // cannot be redone.
        let between = inputs.first().map_or(0, |first| {
            self.starts
                .iter()
                .filter(|&&s| s >= first.start && s < start)
                .count()
        });
        if between != inputs.len() {
            return Vec::new();
        }
        workings(inputs, dims)
    }
}

/// A share or multiplier at the start of `text` (`30%`, `5x`, `0.5%`) and its length; `None`
/// for a plain number or a conversion constant (`24x`).
pub(super) fn bare_number(text: &str) -> Option<(f64, usize)> {
    let digits = text
        .char_indices()
        .take_while(|&(i, c)| {
            c.is_ascii_digit()
                || ((c == '.' || c == ',')
                    && i > 0
                    && text[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let value: f64 = text[..digits].replace(',', "").parse().ok()?;
    let rest = &text[digits..];
    let (value, len) = if rest.starts_with('%') {
        (value / 100.0, digits + 1)
    } else if let Some(after) = rest.strip_prefix('x').or_else(|| rest.strip_prefix('×')) {
        if after.starts_with(char::is_alphanumeric) {
            return None;
        }
        (value, text.len() - after.len())
    } else {
        // A plain number ("× 2,000", "÷ 600") as often carries a unit left unsaid.
        return None;
    };
    let conversion = CONVERSIONS.iter().any(|c| (c - value).abs() < f64::EPSILON)
        || (value - 86_400.0).abs() < 1.0;
    (!conversion && value > 0.0).then_some((value, len))
}

/// `after` (the text following a number) goes on with an operator and another number: "× 90",
/// "÷ 1,095", "* 3", "/ 24 partitions".
pub(super) fn is_operand(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '*']);
    let Some(op) = rest.chars().next() else {
        return false;
    };
    let operator = matches!(op, '×' | 'x' | '*' | '÷' | '/' | '+');
    operator
        && rest[op.len_utf8()..]
            .trim_start_matches([' ', '*', '~', '$'])
            .starts_with(|c: char| c.is_ascii_digit())
}

/// The words between the last input and a number say it is a result ("= ", "is about",
/// "comes to only"), or the number is a table row's cell after its calculation.
fn says_result(gap: &str, table_row: bool) -> bool {
    // "÷ 10 MB/s = 6 minimum; I take 48": a number or a new clause between, so the 48 is a
    // choice, not the result.
    if gap.len() > 40 || gap.contains(|c: char| c.is_ascii_digit() || c == ';') {
        return false;
    }
    if gap.contains(['=', '≈', '→']) || gap.contains("->") || (table_row && gap.contains('|')) {
        return true;
    }
    let lower = gap.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    // The result word is the last but for a hedge ("is about", "comes to only about"): in
    // "3% are duplicate, retries come until 24 hours" the 24 is no result.
    let hedges = words
        .iter()
        .rev()
        .take_while(|w| HEDGES.contains(w))
        .count();
    let before = &words[..words.len() - hedges];
    RESULT_WORDS.iter().any(|r| match r.split_once(' ') {
        Some((a, b)) => before.ends_with(&[a, b]),
        None => before.last() == Some(r),
    })
}

/// What the inputs give for a result of `dims`: every product of two or three of them and
/// every ratio of two, using the last (the number just before "="), whose dimensions (counted
/// things aside) are the result's, with at least one input that has a unit. Empty when no
/// working of them gives such a quantity. Only finite, positive workings count.
fn workings(inputs: &[Input], dims: &Dims) -> Vec<f64> {
    let last = inputs.len().saturating_sub(1);
    let wanted = without_counts(dims);
    let mut values = Vec::new();
    let mut consider = |parts: &[&Quantity], value: f64, result: Dims| {
        let unit = parts.iter().any(|q| !q.dims.is_none());
        if unit && value.is_finite() && value > 0.0 && without_counts(&result) == wanted {
            values.push(value);
        }
    };
    for (i, a) in inputs.iter().enumerate() {
        for (j, b) in inputs.iter().enumerate().skip(i + 1) {
            let (a, b) = (&a.quantity, &b.quantity);
            if j == last {
                consider(&[a, b], a.value * b.value, a.dims.mul(&b.dims));
                consider(&[a, b], a.value / b.value, a.dims.div(&b.dims));
                consider(&[a, b], b.value / a.value, b.dims.div(&a.dims));
            }
            if let Some(c) = inputs.get(last).filter(|_| j < last) {
                let c = &c.quantity;
                consider(
                    &[a, b, c],
                    a.value * b.value * c.value,
                    a.dims.mul(&b.dims).mul(&c.dims),
                );
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::Calculator;

    fn input(expr: &str) -> Input {
        Input {
            quantity: Calculator::new()
                .evaluate(expr)
                .expect("evaluates")
                .quantity,
            start: 0,
            end: 0,
        }
    }

    #[test]
    fn bare_numbers_are_multipliers_and_shares_but_not_conversions() {
        assert_eq!(bare_number("30% of"), Some((0.3, 3)));
        assert_eq!(bare_number("5x the"), Some((5.0, 2)));
        assert_eq!(bare_number("2,000 a"), None);
        assert_eq!(bare_number("86,400 ="), None);
        assert_eq!(bare_number("24 partitions"), None);
        assert_eq!(bare_number("30 ="), None);
        assert_eq!(bare_number("5xl"), None);
    }

    #[test]
    fn a_number_with_an_operator_and_a_number_after_it_is_an_operand() {
        assert!(is_operand(" × 90 ÷ 1,095"));
        assert!(is_operand(" x 3 replicas"));
        assert!(is_operand(" / 24 partitions"));
        assert!(!is_operand(" per partition"));
        assert!(!is_operand(" x the average"));
        assert!(!is_operand(", and 5 more"));
    }

    #[test]
    fn a_result_is_what_follows_an_equals_sign_or_a_verb_of_result() {
        assert!(says_result(" = ~", false));
        assert!(says_result(" each is about ", false));
        assert!(says_result(" comes to only about ", false));
        assert!(says_result(" | ~", true));
        assert!(!says_result(" | ~", false));
        assert!(!says_result(" and at peak ", false));
        assert!(!says_result(" = 6 minimum; I take ", false));
        assert!(!says_result(" are duplicate, retry can come until ", false));
    }

    #[test]
    fn workings_are_the_products_and_ratios_of_the_right_dimension() {
        use crate::calc::dims::Base;
        let per_second = Dims::of(Base::Bytes).div(&Dims::of(Base::Time));
        let out = workings(&[input("50k events/s"), input("1 KB/event")], &per_second);
        assert_eq!(out.len(), 1);
        assert!((out[0] - 50e6).abs() < 1.0, "{out:?}");
        // A share of a size is a size; nothing of a rate.
        let out = workings(&[input("0.5%"), input("90 TB")], &Dims::of(Base::Bytes));
        assert!(out.iter().any(|v| (v - 450e9).abs() < 1.0), "{out:?}");
        assert!(workings(&[input("50k events/s")], &Dims::of(Base::Bytes)).is_empty());
    }

    #[test]
    fn a_number_between_that_was_not_read_leaves_the_result_unworked() {
        use crate::calc::dims::Base;
        let raw = "50k events/s x three replicas x 1 KB = 150 MB/s";
        let per_second = Dims::of(Base::Bytes).div(&Dims::of(Base::Time));
        let calc = Calculator::new();
        let run = |skip_three: bool| {
            let mut working = Working::new(false);
            for (text, read) in [("50k events/s", true), ("three", false), ("1 KB", true)] {
                let start = raw.find(text).expect("in raw");
                if !read && skip_three {
                    continue;
                }
                working.seen(start);
                if read {
                    let q = calc.evaluate(text).expect("evaluates").quantity;
                    working.push(q, start, start + text.len());
                }
            }
            let at = raw.find("150").expect("result");
            working.seen(at);
            working.result_at(raw, at, &per_second)
        };
        assert!(run(false).is_empty());
        // Without the unread number between, the working is redone (50 MB/s).
        assert!(run(true).iter().any(|v| (v - 50e6).abs() < 1.0));
    }
}
