//! Splitting an expression into tokens, reading numbers the way people write them: `50,000`,
//! `10_000`, `1e4`, `1.5`, `10k`, `~170`.

use std::ops::Range;

use super::CalcError;

/// One token and where it is in the expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte range in the expression.
    pub span: Range<usize>,
}

/// Kinds of token.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A number.
    Number(f64),
    /// A name: a unit, a variable, a magnitude word. `glued` when it follows a number with no
    /// space (`10k`, `5x`, `50MB`).
    Word {
        /// The name as written.
        text: String,
        /// Written straight after a number.
        glued: bool,
    },
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`, `×`
    Star,
    /// `/`
    Slash,
    /// `^`
    Caret,
    /// `(`
    Open,
    /// `)`
    Close,
    /// `->`, `→`: convert to the unit on the right.
    Arrow,
    /// `=`: assignment in the REPL.
    Equals,
    /// `%`
    Percent,
    /// `$`
    Dollar,
}

/// Tokenizes `input`.
pub fn lex(input: &str) -> Result<Vec<Token>, CalcError> {
    Lexer::new(input).collect()
}

/// The tokens of an expression one at a time, so a reader that needs only the first few (a
/// number in prose and its units) does not pay for the rest. Ends after the first error.
pub struct Lexer<'a> {
    input: &'a str,
    i: usize,
    last_was_number: bool,
    failed: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `input`.
    #[must_use]
    pub fn new(input: &'a str) -> Self {
        Self {
            input,
            i: 0,
            last_was_number: false,
            failed: false,
        }
    }

    fn token(&mut self) -> Option<Result<Token, CalcError>> {
        let input = self.input;
        let bytes = input.as_bytes();
        while self.i < input.len() {
            let i = self.i;
            let c = input[i..].chars().next().unwrap_or(' ');
            let start = i;
            if c.is_whitespace() || c == '~' || c == '≈' {
                self.i += c.len_utf8();
                self.last_was_number = false;
                continue;
            }
            if c.is_ascii_digit() || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                let (value, end) = match number(input, i) {
                    Ok(read) => read,
                    Err(err) => return Some(Err(err)),
                };
                self.i = end;
                self.last_was_number = true;
                return Some(Ok(Token {
                    kind: Kind::Number(value),
                    span: start..end,
                }));
            }
            if c.is_alphabetic() || c == '_' {
                let mut end = input[i..]
                    .char_indices()
                    .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
                    .map_or(input.len(), |(j, _)| i + j);
                let glued = self.last_was_number;
                if glued {
                    end = duration_symbol_end(input, i, end);
                }
                self.i = end;
                self.last_was_number = false;
                return Some(Ok(Token {
                    kind: Kind::Word {
                        text: input[i..end].to_owned(),
                        glued,
                    },
                    span: start..end,
                }));
            }
            let (kind, len) = match c {
                '-' if input[i..].starts_with("->") => (Kind::Arrow, 2),
                '→' => (Kind::Arrow, c.len_utf8()),
                '+' => (Kind::Plus, 1),
                '-' | '−' | '–' => (Kind::Minus, c.len_utf8()),
                '*' | '×' | '·' => (Kind::Star, c.len_utf8()),
                '/' | '÷' => (Kind::Slash, c.len_utf8()),
                '^' => (Kind::Caret, 1),
                '(' => (Kind::Open, 1),
                ')' => (Kind::Close, 1),
                '=' => (Kind::Equals, 1),
                '%' => (Kind::Percent, 1),
                '$' => (Kind::Dollar, 1),
                _ => {
                    return Some(Err(CalcError::syntax(
                        start..start + c.len_utf8(),
                        format!("`{c}` is not part of an expression"),
                        "use numbers, units, + - * / ^, parentheses and `-> UNIT`",
                    )));
                }
            };
            self.i += len;
            self.last_was_number = false;
            return Some(Ok(Token {
                kind,
                span: start..start + len,
            }));
        }
        None
    }
}

impl Iterator for Lexer<'_> {
    type Item = Result<Token, CalcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.token();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

/// Time symbols that may be glued between the numbers of a compact duration (`2h30m`,
/// `1d12h`, `1m30s`).
const DURATION_SYMBOLS: [&str; 7] = ["d", "h", "hr", "m", "min", "s", "ms"];

/// Where a word glued to a number ends: before a digit when its letters so far are a time
/// symbol (`h30m` is `h`, then `30`, then `m`), else at `end`.
fn duration_symbol_end(input: &str, start: usize, end: usize) -> usize {
    let word = &input[start..end];
    match word.find(|c: char| c.is_ascii_digit()) {
        Some(digit) if DURATION_SYMBOLS.contains(&&word[..digit]) => start + digit,
        _ => end,
    }
}

/// Reads a number at `start`: digits with `,` thousands groups or `_`, a fraction, an
/// exponent.
fn number(input: &str, start: usize) -> Result<(f64, usize), CalcError> {
    let bytes = input.as_bytes();
    let mut i = start;
    let mut digits = String::new();
    let three_digits_follow = |i: usize| {
        bytes.len() >= i + 4
            && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
    };
    // `10 000`: groups of three digits after a space, when the number starts with one to three
    // digits (so "in 2021 100 users" stays two numbers).
    let mut spaced = false;
    while i < bytes.len() {
        let b = bytes[i];
        let plain_digits = digits.bytes().all(|d| d.is_ascii_digit());
        if b == b' '
            && plain_digits
            && (spaced || (1..=3).contains(&digits.len()))
            && three_digits_follow(i)
        {
            spaced = true;
            i += 1;
        } else if b.is_ascii_digit() || b == b'.' {
            digits.push(char::from(b));
            i += 1;
        } else if b == b'_' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else if b == b',' && !spaced && three_digits_follow(i) {
            // `50,000`: a thousands group (exactly three digits follow).
            i += 1;
        } else if (b == b'e' || b == b'E')
            && (bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                || (matches!(bytes.get(i + 1), Some(b'-' | b'+'))
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)))
        {
            digits.push('e');
            i += 1;
            if matches!(bytes[i], b'-' | b'+') {
                digits.push(char::from(bytes[i]));
                i += 1;
            }
        } else {
            break;
        }
    }
    // Too small to represent is as wrong as too large: `1e-400` is not 0.
    let mantissa_zero = !digits
        .split('e')
        .next()
        .is_some_and(|m| m.bytes().any(|d| (b'1'..=b'9').contains(&d)));
    digits
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (*v != 0.0 || mantissa_zero))
        .map(|v| (v, i))
        .ok_or_else(|| {
            CalcError::syntax(
                start..i,
                format!("`{}` is not a number", &input[start..i]),
                "write numbers like 50000, 50,000, 1.5 or 1e4",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(input: &str) -> Vec<f64> {
        lex(input)
            .expect("lexes")
            .into_iter()
            .filter_map(|t| match t.kind {
                Kind::Number(n) => Some(n),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_numbers_as_written() {
        assert_eq!(
            numbers("50,000 10_000 1e4 1.5 .5 2e-3"),
            [50_000.0, 10_000.0, 1e4, 1.5, 0.5, 0.002]
        );
        assert!(
            lex("1,2").is_err(),
            "a comma is a separator only before three digits"
        );
    }

    #[test]
    fn marks_glued_suffixes() {
        let tokens = lex("10k events").expect("lexes");
        assert_eq!(
            tokens[1].kind,
            Kind::Word {
                text: "k".into(),
                glued: true
            }
        );
        assert_eq!(
            tokens[2].kind,
            Kind::Word {
                text: "events".into(),
                glued: false
            }
        );
    }

    #[test]
    fn the_lexer_hands_out_tokens_until_the_first_error() {
        let tokens: Vec<_> = Lexer::new("5 GB # 3 MB").collect();
        assert_eq!(tokens.len(), 3, "{tokens:?}");
        assert!(tokens[..2].iter().all(Result::is_ok));
        assert_eq!(tokens[2].as_ref().expect_err("hash").span, 5..6);
    }

    #[test]
    fn rejects_stray_characters_with_a_span() {
        let err = lex("5 # 3").expect_err("hash");
        assert_eq!(err.span, 2..3);
    }
}
