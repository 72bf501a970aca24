//! Word patterns: the small matching language of every content file.
//!
//! A pattern is words separated by spaces, matched in order against [`Token`]s:
//! - `dedup*` matches any word starting with `dedup`;
//! - `event|click` (or `(event|click)`) matches either word; `(update|correct)*` makes every
//!   alternative a prefix;
//! - `..` allows a gap of up to [`MAX_GAP`] words between its neighbours (`salt* .. key`).
//!
//! Words are compared after the same normalisation as the text (lower case, hyphens split,
//! contractions expanded), so a pattern must be written that way: `at least once`, `do not`.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use super::{FnvBuild, Token};

/// Longest run of words a `..` gap may skip.
pub const MAX_GAP: usize = 4;

/// Most `..` gaps in one pattern. Matching is memoised, so more would not be slow, but a
/// pattern with this many gaps already matches nearly anything.
pub const MAX_GAPS: usize = 6;

/// Most words in one pattern: patterns are phrases, not sentences.
pub const MAX_WORDS: usize = 32;

/// Why a pattern could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("pattern `{pattern}`: {problem}")]
pub struct PatternError {
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong with it, and the fix.
    pub problem: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Alternative {
    Exact(String),
    Prefix(String),
}

impl Alternative {
    fn matches(&self, word: &str) -> bool {
        match self {
            Self::Exact(w) => word == w,
            Self::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

/// A word's alternatives: nearly always one, kept without a list of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Alternatives {
    One(Alternative),
    Many(Vec<Alternative>),
}

impl Alternatives {
    fn as_slice(&self) -> &[Alternative] {
        match self {
            Self::One(alt) => std::slice::from_ref(alt),
            Self::Many(alts) => alts,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    Word(Alternatives),
    Gap,
}

/// A compiled word pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    elements: Vec<Element>,
    /// More than one `..` gap: matching remembers the places that failed.
    gaps: bool,
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Pattern {
    /// Compiles `source`, or explains what is wrong with it.
    pub fn parse(source: &str) -> Result<Self, PatternError> {
        let fail = |problem: String| PatternError {
            pattern: source.to_owned(),
            problem,
        };
        let mut elements = Vec::new();
        for raw in source.split_whitespace() {
            if raw == ".." {
                if matches!(elements.last(), None | Some(Element::Gap)) {
                    return Err(fail("`..` must stand between two words".into()));
                }
                elements.push(Element::Gap);
                continue;
            }
            elements.push(Element::Word(parse_word(raw).map_err(fail)?));
        }
        let gaps = elements.iter().filter(|e| **e == Element::Gap).count();
        if gaps > MAX_GAPS {
            return Err(fail(format!(
                "it has {gaps} `..` gaps; at most {MAX_GAPS} are allowed (split it into shorter patterns)"
            )));
        }
        if elements.len() - gaps > MAX_WORDS {
            return Err(fail(format!(
                "it has {} words; at most {MAX_WORDS} are allowed (a pattern is a phrase)",
                elements.len() - gaps
            )));
        }
        match elements.last() {
            None => Err(fail("the pattern is empty".into())),
            Some(Element::Gap) => Err(fail("`..` must stand between two words".into())),
            Some(Element::Word(_)) => Ok(Self {
                source: source.to_owned(),
                elements,
                gaps: gaps > 1,
            }),
        }
    }

    /// The pattern as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Where the pattern matches first in `tokens`, as a range of token indices.
    #[must_use]
    pub fn find(&self, tokens: &[Token]) -> Option<Range<usize>> {
        (0..tokens.len()).find_map(|start| self.match_at(tokens, start))
    }

    /// True when the pattern matches anywhere in `tokens`.
    #[must_use]
    pub fn is_match(&self, tokens: &[Token]) -> bool {
        self.find(tokens).is_some()
    }

    fn match_at(&self, tokens: &[Token], start: usize) -> Option<Range<usize>> {
        // With one gap there are at most MAX_GAP + 1 ways to try; with more, the ways
        // multiply (5^6 for 6 gaps), so the places already known to fail are remembered.
        let mut failed = self.gaps.then(Failed::default);
        match_elements(&self.elements, tokens, start, start, failed.as_mut()).map(|end| start..end)
    }

    fn first_words(&self) -> &[Alternative] {
        match self.elements.first() {
            Some(Element::Word(alts)) => alts.as_slice(),
            // `parse` never builds a pattern that starts with a gap or is empty.
            _ => &[],
        }
    }
}

fn parse_word(raw: &str) -> Result<Alternatives, String> {
    // Nearly every word of a content file is plain (`dedup*`, `key`): read those without the
    // checks below, which they would all pass.
    let (body, prefix) = raw
        .strip_suffix('*')
        .map_or((raw, false), |body| (body, true));
    if !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        let body = body.to_owned();
        return Ok(Alternatives::One(if prefix {
            Alternative::Prefix(body)
        } else {
            Alternative::Exact(body)
        }));
    }
    parse_word_in_full(raw).map(|mut alts| {
        if alts.len() == 1 {
            Alternatives::One(alts.remove(0))
        } else {
            Alternatives::Many(alts)
        }
    })
}

fn parse_word_in_full(raw: &str) -> Result<Vec<Alternative>, String> {
    let opens = raw.matches('(').count();
    let closes = raw.matches(')').count();
    if opens != closes || opens > 1 || (opens == 1 && !raw.starts_with('(')) {
        return Err(format!(
            "`{raw}` has unbalanced or nested brackets; brackets may only wrap one word's alternatives, as in `(a|b)*`"
        ));
    }
    let (body, all_prefix) = match raw.strip_suffix(")*") {
        Some(inner) => (inner.trim_start_matches('('), true),
        None => (raw.trim_start_matches('(').trim_end_matches(')'), false),
    };
    body.split('|')
        .map(|alt| {
            let (word, prefix) = match alt.strip_suffix('*') {
                Some(w) => (w, true),
                None => (alt, all_prefix),
            };
            if word.is_empty() {
                return Err(format!("`{raw}` has an empty alternative"));
            }
            // The text keeps `.`, `,` and `_` only inside numbers (`1.5`, `50,000`).
            let numeric = word.starts_with(|c: char| c.is_ascii_digit());
            if let Some(bad) = word
                .chars()
                .find(|c| !(c.is_alphanumeric() || (numeric && matches!(c, '.' | ',' | '_'))))
            {
                let hint = if bad == '-' || bad == '_' {
                    format!(
                        "; write it as separate words, e.g. `{}`",
                        word.replace(['-', '_'], " ")
                    )
                } else if bad == '\'' {
                    "; contractions are expanded in the text, so write the full words (`do not`)"
                        .to_owned()
                } else {
                    String::new()
                };
                return Err(format!(
                    "`{raw}` contains `{bad}`, which never matches a word{hint}"
                ));
            }
            if numeric && !word.ends_with(|c: char| c.is_alphanumeric()) {
                return Err(format!(
                    "`{raw}` ends in punctuation, which never matches a word"
                ));
            }
            if word.chars().any(char::is_uppercase) {
                return Err(format!("`{raw}` has capitals; patterns are lower case"));
            }
            Ok(if prefix {
                Alternative::Prefix(word.to_owned())
            } else {
                Alternative::Exact(word.to_owned())
            })
        })
        .collect()
}

/// The (elements left, token) pairs already known not to match, for a pattern with several
/// gaps: one bit per pair, with the token counted from where the match started. A match
/// reaches at most [`MAX_WORDS`] words and [`MAX_GAPS`] gaps of [`MAX_GAP`] words past its
/// start, so both fit without a hash or an allocation.
struct Failed([u64; MAX_WORDS + MAX_GAPS + 1]);

impl Default for Failed {
    fn default() -> Self {
        Self([0; MAX_WORDS + MAX_GAPS + 1])
    }
}

const _: () = assert!(MAX_WORDS + MAX_GAPS * MAX_GAP < 64);

impl Failed {
    fn contains(&self, left: usize, offset: usize) -> bool {
        self.0[left] & (1 << offset) != 0
    }

    fn insert(&mut self, left: usize, offset: usize) {
        self.0[left] |= 1 << offset;
    }
}

/// The end of the first match of `elements` at token `at` (of a match that began at
/// `start`), trying shorter gaps first. `failed` (when given) holds the states already known
/// not to match: the answer for a state never changes, so each is worked out once.
fn match_elements(
    elements: &[Element],
    tokens: &[Token],
    start: usize,
    at: usize,
    mut failed: Option<&mut Failed>,
) -> Option<usize> {
    let Some((first, rest)) = elements.split_first() else {
        return Some(at);
    };
    let (left, offset) = (elements.len(), at - start);
    if failed.as_ref().is_some_and(|f| f.contains(left, offset)) {
        return None;
    }
    let found = match first {
        Element::Word(alts) => {
            let token = tokens.get(at)?;
            if alts.as_slice().iter().any(|a| a.matches(&token.text)) {
                match_elements(rest, tokens, start, at + 1, failed.as_deref_mut())
            } else {
                None
            }
        }
        Element::Gap => (0..=MAX_GAP)
            .find_map(|skip| match_elements(rest, tokens, start, at + skip, failed.as_deref_mut())),
    };
    if found.is_none()
        && let Some(f) = failed
    {
        f.insert(left, offset);
    }
    found
}

type WordMap = HashMap<String, Vec<usize>, FnvBuild>;

/// Where one pattern of a [`PatternSet`] matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the pattern in the set, in the order it was built.
    pub pattern: usize,
    /// Token indices the match covers.
    pub tokens: Range<usize>,
}

/// Many patterns compiled together, indexed by their first word so scanning a text costs one
/// hash lookup per word rather than one comparison per pattern.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    by_first_word: WordMap,
    /// Patterns whose first word is a prefix, indexed by the prefix's first two characters.
    by_prefix_start: WordMap,
    /// Patterns with a one-character prefix first (`x*`), tried everywhere.
    short_prefix: Vec<usize>,
}

/// The key a word or prefix is indexed under: its first two characters.
fn prefix_key(word: &str) -> Option<&str> {
    let mut chars = word.char_indices().skip(1);
    let (at, second) = chars.next()?;
    Some(&word[..at + second.len_utf8()])
}

impl PatternSet {
    /// Builds a set; the index of each pattern is its position in `patterns`.
    #[must_use]
    pub fn new(patterns: Vec<Pattern>) -> Self {
        let mut set = Self::default();
        for pattern in patterns {
            set.push(pattern);
        }
        set
    }

    /// Adds a pattern and returns its index.
    pub fn push(&mut self, pattern: Pattern) -> usize {
        let index = self.patterns.len();
        for alt in pattern.first_words() {
            let slot = match alt {
                Alternative::Exact(w) => self.by_first_word.entry(w.clone()).or_default(),
                Alternative::Prefix(p) => match prefix_key(p) {
                    Some(key) => self.by_prefix_start.entry(key.to_owned()).or_default(),
                    None => &mut self.short_prefix,
                },
            };
            if slot.last() != Some(&index) {
                slot.push(index);
            }
        }
        self.patterns.push(pattern);
        index
    }

    /// The patterns, in index order.
    #[must_use]
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Every match of every pattern, ordered by position; a pattern matching at one start
    /// position is reported once.
    #[must_use]
    pub fn find_all(&self, tokens: &[Token]) -> Vec<Match> {
        let mut found = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        for (start, token) in tokens.iter().enumerate() {
            candidates.clear();
            let word = token.text.as_str();
            if let Some(list) = self.by_first_word.get(word) {
                candidates.extend(list);
            }
            if let Some(list) = prefix_key(word).and_then(|key| self.by_prefix_start.get(key)) {
                candidates.extend(list);
            }
            candidates.extend(&self.short_prefix);
            // A pattern can sit in several lists (`upsert*|merge`); try it once.
            candidates.sort_unstable();
            candidates.dedup();
            for &index in &candidates {
                if let Some(range) = self.patterns[index].match_at(tokens, start) {
                    found.push(Match {
                        pattern: index,
                        tokens: range,
                    });
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    proptest::proptest! {
        /// Plain words read without the full checks read as the checks would read them.
        #[test]
        fn plain_words_read_as_in_full(raw in "[a-c0-9*|()A.,_'-]{0,6}") {
            proptest::prop_assert_eq!(
                parse_word(&raw).map(|alts| alts.as_slice().to_vec()),
                parse_word_in_full(&raw)
            );
        }
    }

    fn matches(pattern: &str, text: &str) -> bool {
        Pattern::parse(pattern)
            .expect("valid pattern")
            .is_match(&tokenize(text))
    }

    #[test]
    fn exact_words_in_order() {
        assert!(matches("hot key", "one hot key dominates"));
        assert!(!matches("hot key", "key hot"));
    }

    #[test]
    fn prefixes_and_alternatives() {
        assert!(matches("dedup*", "we deduplicate on the id"));
        assert!(matches("event|click id", "keyed on the click id"));
        assert!(matches(
            "late .. (update|correct)*",
            "late events correcting the totals"
        ));
    }

    #[test]
    fn gaps_are_bounded() {
        assert!(matches("salt* .. key", "salt the hot key"));
        assert!(!matches("salt* .. key", "salt a b c d e key"));
    }

    /// The unmemoised search, as it was: the reference the memoised one must agree with.
    fn naive(elements: &[Element], tokens: &[Token], at: usize) -> Option<usize> {
        let Some((first, rest)) = elements.split_first() else {
            return Some(at);
        };
        match first {
            Element::Word(alts) => {
                let token = tokens.get(at)?;
                if alts.as_slice().iter().any(|a| a.matches(&token.text)) {
                    naive(rest, tokens, at + 1)
                } else {
                    None
                }
            }
            Element::Gap => (0..=MAX_GAP).find_map(|skip| naive(rest, tokens, at + skip)),
        }
    }

    #[test]
    fn memoised_gaps_match_exactly_as_the_plain_search() {
        let texts = [
            "a b a c b a b c c a b",
            "a a a a a a a a b",
            "c b a c b a c b a c b a c b a",
            "a x x x x b x x x x c",
        ];
        let patterns = [
            "a .. b .. c",
            "a .. a .. b",
            "a .. b .. a .. c",
            "b .. b .. b .. b",
            "a .. a .. a .. a .. a .. a .. b",
            "c .. a .. x",
        ];
        let mut compared = 0;
        for text in texts {
            let tokens = tokenize(text);
            for source in patterns {
                let pattern = Pattern::parse(source).expect("valid");
                for start in 0..tokens.len() {
                    assert_eq!(
                        pattern.match_at(&tokens, start).map(|r| r.end),
                        naive(&pattern.elements, &tokens, start),
                        "{source:?} at {start} in {text:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100);
    }

    #[test]
    fn gaps_and_words_per_pattern_are_limited() {
        let six = ["a"; MAX_GAPS + 1].join(" .. ");
        assert!(Pattern::parse(&six).is_ok());
        let seven = ["a"; MAX_GAPS + 2].join(" .. ");
        let err = Pattern::parse(&seven).expect_err("too many gaps");
        assert!(err.problem.contains("7 `..` gaps; at most 6"), "{err}");
        let long = ["a"; MAX_WORDS + 1].join(" ");
        let err = Pattern::parse(&long).expect_err("too many words");
        assert!(err.problem.contains("33 words; at most 32"), "{err}");
    }

    #[test]
    fn normalised_like_text() {
        assert!(matches("at least once", "At-least-once delivery"));
        assert!(matches("do not need", "we don't need it"));
    }

    #[test]
    fn rejects_malformed_patterns() {
        for bad in [
            "event_id",
            "kafka.",
            "(x|y",
            "x)",
            "a(b)",
            "1.",
            "5,",
            "",
            "..",
            ".. key",
            "key ..",
            "a .. .. b",
            "at-least-once",
            "Kafka",
            "a||b",
        ] {
            assert!(Pattern::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Pattern::parse("1.5 kb").is_ok());
        let err = Pattern::parse("at-least-once").expect_err("hyphen");
        assert!(err.to_string().contains("`at least once`"), "{err}");
    }

    #[test]
    fn set_finds_every_pattern() {
        let set = PatternSet::new(
            ["hot key", "salt*", "key"]
                .iter()
                .map(|p| Pattern::parse(p).expect("valid"))
                .collect(),
        );
        let found = set.find_all(&tokenize("salt the hot key"));
        let ids: Vec<usize> = found.iter().map(|m| m.pattern).collect();
        assert_eq!(ids, [1, 0, 2]);
    }
}
