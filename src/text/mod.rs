//! Text analysis shared by the scorer and (later) the interviewer: turning prose into
//! normalised words with their byte spans, and matching short word patterns against them.
//!
//! Patterns are the vocabulary of every content file (`asks`, `aliases`, `mentions`, ...), so
//! one small, documented syntax serves scenario authors and the scorer alike.

mod fnv;
mod pattern;
mod tokenize;
pub mod words;

pub use fnv::{Fnv, FnvBuild};
pub use pattern::{Match, Pattern, PatternError, PatternSet};
pub use tokenize::{Token, tokenize};

/// Whether `c` must not reach a terminal from a user's file: a control character other than a
/// line break or a tab. ESC, BEL and the C1 controls start sequences that set the window's
/// title, write the clipboard (OSC 52) or clear the screen.
#[must_use]
pub fn is_unprintable(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
}

/// `text` without the characters of [`is_unprintable`], for printing text that came from a
/// user's file (an answer, a history entry, a line of a scenario file). Borrowed when there
/// is nothing to take out.
#[must_use]
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    // Plain ASCII text (nearly all of it) is checked a byte at a time.
    let plain = |b: &u8| (b' '..=b'~').contains(b) || matches!(b, b'\n' | b'\t');
    if text.as_bytes().iter().all(plain) {
        return std::borrow::Cow::Borrowed(text);
    }
    if text.chars().any(is_unprintable) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !is_unprintable(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Whether `text` has nothing to read: only white space, control characters and zero-width
/// characters (an answer of NULs or of zero-width spaces is empty, not scored).
#[must_use]
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || is_unprintable(c)
            || matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
    })
}

/// Minutes and seconds, `12:05`: how long a move took, or how long is left.
#[must_use]
pub fn clock(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// `n` and `noun`, plural unless `n` is 1: `1 trade-off`, `3 trade-offs`.
#[must_use]
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_taken_out_and_plain_text_is_left_alone() {
        let osc52 = "before\u{1b}]52;c;ZWNobyBoaQ==\u{7}after\u{1b}[2J\r\n\tnext\u{9b}31m";
        assert_eq!(
            printable(osc52),
            "before]52;c;ZWNobyBoaQ==after[2J\n\tnext31m"
        );
        assert!(matches!(
            printable("plain, with é and\ttabs\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn nuls_and_zero_width_spaces_are_blank() {
        assert!(is_blank("\0\0\0"));
        assert!(is_blank("\u{200B}\u{200B} \u{FEFF}\n"));
        assert!(!is_blank("\u{200B}x"));
    }
}
