//! Splitting prose into lower-case words with byte spans into the original text.
//!
//! Hyphens split words (`at-least-once` is `at least once`), contractions are expanded
//! (`don't` is `do not`) so negation is one word to look for, and numbers keep their
//! decimal point and thousands separators (`1.5`, `50,000`) so sizing claims stay whole.

use std::ops::Range;

/// One normalised word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word, lower-cased, with contractions expanded.
    pub text: String,
    /// Byte range of the word in the original text (an expansion shares its word's span).
    pub span: Range<usize>,
    /// Punctuation such as `,` `;` `:` `(` or a dash stands between this word and the one
    /// before it: a clause boundary that negation does not cross.
    pub clause_break: bool,
    /// The word starts with a digit.
    pub numeric: bool,
}

/// Splits `text` into normalised words.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut pending_break = false;
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut end = start;
            while let Some(&(i, ch)) = chars.peek() {
                let joins_word = ch.is_alphanumeric()
                    || (is_apostrophe(ch) && !numeric && next_is_alpha(text, i + ch.len_utf8()))
                    || ((ch == '.' || ch == ',' || ch == '_')
                        && numeric
                        && next_is_digit(text, i + ch.len_utf8()));
                if !joins_word {
                    break;
                }
                end = i + ch.len_utf8();
                chars.next();
            }
            push_word(
                &mut tokens,
                &text[start..end],
                start..end,
                pending_break,
                numeric,
            );
            pending_break = false;
        } else {
            if matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '.' | '!' | '?') {
                pending_break = true;
            }
            chars.next();
        }
    }
    tokens
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn next_is_alpha(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphabetic)
}

fn next_is_digit(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit())
}

fn push_word(
    tokens: &mut Vec<Token>,
    raw: &str,
    span: Range<usize>,
    clause_break: bool,
    numeric: bool,
) {
    let lower: String = if raw.is_ascii() {
        raw.to_ascii_lowercase()
    } else {
        raw.chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut push = |text: &str, clause_break: bool| {
        tokens.push(Token {
            text: text.to_owned(),
            span: span.clone(),
            clause_break,
            numeric,
        });
    };
    if let Some(base) = lower.strip_suffix("n't") {
        let base = match base {
            "can" | "ca" => "can",
            "wo" | "won" => "will",
            "shan" => "shall",
            other => other,
        };
        if !base.is_empty() {
            push(base, clause_break);
        }
        push("not", clause_break && base.is_empty());
        return;
    }
    if lower == "cannot" {
        push("can", clause_break);
        push("not", false);
        return;
    }
    if let Some((base, suffix)) = lower.split_once('\'') {
        if base.is_empty() {
            return;
        }
        push(base, clause_break);
        let expanded = match suffix {
            "ll" => "will",
            "re" => "are",
            "ve" => "have",
            "d" => "would",
            "m" => "am",
            // `'s` is a possessive or `is`; neither changes what a sentence claims.
            _ => return,
        };
        push(expanded, false);
        return;
    }
    tokens.push(Token {
        text: lower,
        span,
        clause_break,
        numeric,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_hyphens_and_lowercases() {
        assert_eq!(
            words("At-least-once Delivery"),
            ["at", "least", "once", "delivery"]
        );
    }

    #[test]
    fn expands_contractions() {
        assert_eq!(words("we don't need it"), ["we", "do", "not", "need", "it"]);
        assert_eq!(
            words("it can't fail, won't"),
            ["it", "can", "not", "fail", "will", "not"]
        );
        assert_eq!(words("I'll assume"), ["i", "will", "assume"]);
        assert_eq!(words("the seller's share"), ["the", "seller", "share"]);
        assert_eq!(
            words("replays aren\u{2019}t needed"),
            ["replays", "are", "not", "needed"]
        );
    }

    #[test]
    fn keeps_numbers_whole() {
        assert_eq!(
            words("50,000 events, 1.5 KB. 10_000"),
            ["50,000", "events", "1.5", "kb", "10_000"]
        );
        assert_eq!(words("10k/s"), ["10k", "s"]);
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "Salt the  hot key";
        let tokens = tokenize(text);
        assert_eq!(&text[tokens[3].span.clone()], "key");
    }

    #[test]
    fn marks_clause_breaks() {
        let tokens = tokenize("no, monitoring");
        assert!(!tokens[0].clause_break);
        assert!(tokens[1].clause_break);
    }

    #[test]
    fn handles_unicode_without_panicking() {
        assert_eq!(words("Grüße — naïve café"), ["grüße", "naïve", "café"]);
    }
}
