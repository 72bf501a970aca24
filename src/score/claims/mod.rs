//! The numbers in an answer: quantities with units read from the prose ("~170 GB compressed a
//! day", "50 MB/sec at peak", "24 to 48 partitions", "roughly a billion events a day") and
//! checked against the scenario's sizing with the calculator.

mod worked;

use serde::Serialize;
use std::collections::HashMap;

use crate::answer::Answer;
use crate::calc::dims::{Base, Dims};
use std::cell::Cell;

use crate::calc::lexer::{Kind, Lexer, Token};
use crate::calc::{Calculator, Quantity, format, is_number_word};
use crate::scenario::{Scenario, Size, same_stem};
use crate::score::analysis::SentenceInfo;
use crate::score::lexicon::Group;

/// Words that mark a figure as a particular case of a quantity, with the other words that
/// say the same: a number whose sentences say none of them is not about that figure when a
/// plainer one of the same kind exists. Words match whole (a plural `s` allowed); a phrase
/// matches as consecutive words.
const QUALIFIERS: [(&str, &[&str]); 11] = [
    (
        "peak",
        &[
            "spike",
            "sale",
            "burst",
            "busiest",
            "max",
            "month end",
            "holiday",
            "season",
        ],
    ),
    (
        "capacity",
        &["ceiling", "provisioned", "headroom", "can take", "limit"],
    ),
    ("ceiling", &["capacity", "provisioned", "headroom", "limit"]),
    ("provisioned", &["capacity", "ceiling", "headroom"]),
    ("backfill", &["rebuild", "reprocess", "replay", "history"]),
    ("largest", &["biggest", "busiest", "hottest"]),
    ("all", &["upstream", "sources", "across", "every", "total"]),
    // A figure of another period ("compressed per month") is not what a daily number is.
    ("hour", &["hourly"]),
    ("week", &["weekly"]),
    ("month", &["monthly"]),
    ("year", &["yearly", "annual", "annually"]),
];

/// `word` is `wanted`, or its plural.
fn is_word(word: &str, wanted: &str) -> bool {
    word == wanted || word.strip_suffix('s') == Some(wanted)
}

/// The words say `phrase` ("month end"), word by word in a row.
fn says_phrase(words: &[&str], phrase: &str) -> bool {
    let Some((first, rest)) = phrase.split_once(' ') else {
        return words.iter().any(|w| is_word(w, phrase));
    };
    let rest: Vec<&str> = rest.split(' ').collect();
    words.iter().enumerate().any(|(i, w)| {
        is_word(w, first)
            && words
                .get(i + 1..=i + rest.len())
                .is_some_and(|next| next.iter().zip(&rest).all(|(a, b)| is_word(a, b)))
    })
}

/// The words with each phrase of a qualifier's other words folded into the qualifier: "month
/// end" is the peak, not a month, so it names no monthly figure.
fn fold_phrases<'w>(words: &[&'w str]) -> Vec<&'w str> {
    let phrases = qualifier_phrases();
    let mut folded = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // Only a phrase of several words folds, word by word from here ("ingest spike" stays).
        let phrase = phrases.iter().find_map(|(q, parts)| {
            let here = words.get(i..i + parts.len())?;
            here.iter()
                .zip(parts)
                .all(|(word, part)| is_word(word, part))
                .then_some((*q, parts.len()))
        });
        let (word, n) = phrase.unwrap_or((words[i], 1));
        folded.push(word);
        i += n;
    }
    folded
}

/// The [`QUALIFIERS`] synonyms of several words, split once per process: (qualifier, words).
fn qualifier_phrases() -> &'static [(&'static str, Vec<&'static str>)] {
    static PHRASES: std::sync::OnceLock<Vec<(&'static str, Vec<&'static str>)>> =
        std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        QUALIFIERS
            .iter()
            .flat_map(|(q, synonyms)| {
                synonyms
                    .iter()
                    .filter(|syn| syn.contains(' '))
                    .map(move |syn| (*q, syn.split(' ').collect()))
            })
            .collect()
    })
}

/// Which of [`QUALIFIERS`] each word says (the qualifier itself or a synonym), and the
/// synonyms of several words with their qualifier's index: worked out once per process.
type QualifierWords = (
    HashMap<&'static str, Vec<usize>, crate::text::FnvBuild>,
    Vec<(usize, Vec<&'static str>)>,
);

fn qualifier_words() -> &'static QualifierWords {
    static WORDS: std::sync::OnceLock<QualifierWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut single: HashMap<&'static str, Vec<usize>, crate::text::FnvBuild> =
            HashMap::default();
        let mut phrases = Vec::new();
        for (i, (q, synonyms)) in QUALIFIERS.iter().enumerate() {
            for word in std::iter::once(q).chain(synonyms.iter()) {
                if word.contains(' ') {
                    phrases.push((i, word.split(' ').collect()));
                } else {
                    single.entry(*word).or_default().push(i);
                }
            }
        }
        (single, phrases)
    })
}

/// How far around a claim (in bytes) its words can say what it is about.
const NEAR_BEFORE: usize = 40;
const NEAR_AFTER: usize = 25;

/// How many numbers back a number said again is looked for (bounded, so a page of numbers
/// stays linear).
const SAID_AGAIN_WITHIN: usize = 64;

/// Two numbers this close (as a share of the value) are the same number said again.
const SAME_VALUE: f64 = 0.01;

/// A number this close to a figure is that figure, whatever the sentence leaves out.
const SAID_EXACTLY: f64 = 1.25;

/// A claim within this factor of a reference is `ok`.
pub const WITHIN: f64 = 2.0;

/// Whether a number holds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimVerdict {
    /// Within 2x of the scenario's figure of the same dimension.
    Ok,
    /// Further off than that.
    Off,
    /// A number of a kind the scenario sizes, but its sentence is about none of the figures
    /// (a load per partition where only the capacity is sized): neither passed nor faulted.
    Unchecked,
}

impl ClaimVerdict {
    /// The name used in output and JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Off => "off",
            Self::Unchecked => "unchecked",
        }
    }
}

/// One number the answer states, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// The words of the claim as written.
    pub text: String,
    /// Byte range of the claim in the answer.
    pub span: [usize; 2],
    /// The value in `unit` (the middle of a range).
    pub value: f64,
    /// The unit it is shown in.
    pub unit: String,
    /// `ok`, `off` or `unchecked`.
    pub verdict: ClaimVerdict,
    /// The scenario's figure it was compared with, as shown (`50 MB/s`); for a result worked
    /// out again from the answer's own inputs, what they give; empty when unchecked.
    pub expected: String,
    /// The id of that figure (`peak_bandwidth`), [`WORKED`] for a result worked out again,
    /// empty when unchecked.
    pub reference: String,
    /// How far off, as a factor of at least 1 (1.0 = exact); 0 for an unchecked number.
    pub factor: f64,
    /// The figure is one the interviewer gives (a fact repeated), not one to derive.
    pub given: bool,
}

/// Reads and checks every number with a unit in `answer`.
#[must_use]
pub fn check(answer: &Answer<'_>, scenario: &Scenario) -> Vec<Claim> {
    check_with(answer, scenario, &scenario.calculator(), &[])
}

/// [`check`] with a calculator already set up for `scenario` (see [`Scenario::calculator`])
/// and, when there is one, the scorer's reading of each sentence: a number the answer takes
/// back ("I said 5 GB a day, scratch that") is not a claim.
#[must_use]
pub fn check_with(
    answer: &Answer<'_>,
    scenario: &Scenario,
    calc: &Calculator,
    infos: &[SentenceInfo],
) -> Vec<Claim> {
    if scenario.sizes.is_empty() {
        return Vec::new();
    }
    let mut claims = Vec::new();
    // Where the previous sentence's claims start, when it is in the same paragraph.
    let mut previous: Option<usize> = None;
    for n in 0..answer.sentences.len() {
        let first = claims.len();
        read_sentence(answer, n, scenario, calc, &mut claims);
        let removed = withdraw_taken_back(answer, n, infos, &mut claims, first, previous);
        let next_in_block = answer
            .sentences
            .get(n + 1)
            .is_some_and(|s| s.block == answer.sentences[n].block);
        previous = next_in_block.then_some(first - removed);
    }
    claims
}

/// Where, in the answer, sentence `n` takes something back: the start of its first
/// retraction marker ("scratch that", "actually"), if it has one.
fn taken_back_at(answer: &Answer<'_>, n: usize, infos: &[SentenceInfo]) -> Option<usize> {
    let info = infos.get(n)?;
    let tokens = &answer.sentences[n].tokens;
    info.hits
        .iter()
        .filter(|h| h.group == Group::Retraction)
        .filter_map(|h| tokens.get(h.tokens.start).map(|t| t.span.start))
        .min()
}

/// Drops the claims the answer takes back and corrects, once sentence `n` (its claims from
/// `first` on) is read: a number said before a retraction marker in the same sentence when a
/// number follows it ("I said 5 GB a day, scratch that, it is closer to 170 GB"), and, when sentence `n` opens with a marker and states a number of the same unit,
/// those of the sentence before it in the paragraph (its claims from `previous` to `first`:
/// "That is 5 MB/s. Actually, it is 50 MB/s."). A marker with no correction after it takes
/// nothing back ("5 MB/s, which is actually plenty" still states 5 MB/s). Returns how many
/// claims before `first` were dropped.
fn withdraw_taken_back(
    answer: &Answer<'_>,
    n: usize,
    infos: &[SentenceInfo],
    claims: &mut Vec<Claim>,
    first: usize,
    previous: Option<usize>,
) -> usize {
    let Some(at) = taken_back_at(answer, n, infos) else {
        return 0;
    };
    let opens = answer.sentences[n]
        .tokens
        .iter()
        .take(3)
        .any(|t| t.span.start == at);
    let units: Vec<String> = claims[first..]
        .iter()
        .filter(|c| c.span[0] > at)
        .map(|c| c.unit.clone())
        .collect();
    let from = previous.filter(|_| opens).unwrap_or(first);
    // A number after the marker corrects what came before it in the sentence.
    let end = answer.sentences[n].span.end;
    let corrected = answer
        .source
        .get(at..end)
        .is_some_and(|rest| rest.bytes().any(|b| b.is_ascii_digit()));
    let mut index = 0;
    let mut removed = 0;
    claims.retain(|c| {
        let i = index;
        index += 1;
        let withdrawn = if i < first {
            i >= from && units.contains(&c.unit)
        } else {
            corrected && c.span[1] <= at
        };
        removed += usize::from(withdrawn && i < first);
        !withdrawn
    });
    removed
}

/// A number written in words is a claim when it is large ("fifty thousand a second"), of a
/// rate or a size ("ten MB/s"), or a count the scenario provisions ("two partitions", against
/// a `min_` figure). A span of time ("seven years of history") or a small count ("ten events
/// of slack", "three event types") in words tells a story more often than it sizes anything.
fn sizes_in_words(found: &Found, scenario: &Scenario) -> bool {
    let dims = &found.low.dims;
    if *dims == Dims::of(Base::Time) {
        return false;
    }
    let count = !dims.counts().is_empty() && without_counts(dims).is_none();
    !count
        || found.low.value >= 1_000.0
        || scenario
            .sizes
            .iter()
            .any(|s| s.id.starts_with("min_") && s.quantity.dims == *dims)
}

/// Words before "one" that make it a place, not a count: "all of a seller's events land in
/// one partition" says where they go, not how many partitions there are.
const PLACE_WORDS: [&str; 8] = ["in", "on", "to", "into", "onto", "of", "same", "per"];

/// The number word at `start` is "one" said as a place ("in one partition").
fn one_as_place(raw: &str, start: usize) -> bool {
    let is_one = raw[start..]
        .get(..3)
        .is_some_and(|w| w.eq_ignore_ascii_case("one"))
        && !raw[start + 3..].starts_with(|c: char| c.is_ascii_alphabetic());
    is_one
        && raw[..start]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| PLACE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Reads and judges the numbers of sentence `n`, pushing its claims.
fn read_sentence(
    answer: &Answer<'_>,
    n: usize,
    scenario: &Scenario,
    calc: &Calculator,
    claims: &mut Vec<Claim>,
) {
    let sentence = &answer.sentences[n];
    {
        let Some(raw) = answer.source.get(sentence.span.clone()) else {
            return;
        };
        // A number asked about ("is the 10k events/s an average?") is not one stated.
        if sentence.question_mark {
            return;
        }
        // A derivation often runs over two sentences ("120,000 a second at peak. At 500 bytes
        // that's 60 MB/s"): the sentence before, in the same paragraph, is context too.
        let previous = n
            .checked_sub(1)
            .map(|p| &answer.sentences[p])
            .filter(|p| p.block == sentence.block)
            .map_or(&[][..], |p| &p.tokens[..]);
        // Worked out only for a sentence that has a number.
        let mut words: Option<Words<'_>> = None;
        let cuts = cut_points(raw);
        let mut working = worked::Working::new(sentence.kind == crate::answer::BlockKind::TableRow);
        let mut from = 0;
        while let Some(start) = next_start(raw, from) {
            // A claim starts at a digit, `$` or a letter, never at a cut, so it runs to the
            // next one.
            let cut = cuts[cuts.partition_point(|&at| at < start)];
            working.seen(start);
            let worded = raw[start..].starts_with(|c: char| c.is_ascii_alphabetic());
            let result = raw[..start].trim_end().ends_with(['=', '≈']);
            // "in one partition" is a place: not read at all, so not lexed either.
            let place = worded && one_as_place(raw, start);
            let Some(mut found) = (!place)
                .then(|| read_claim(&raw[start..cut], calc, result))
                .flatten()
                .filter(|f| !worded || sizes_in_words(f, scenario))
            else {
                // "30% of all the source data", "a 4x bump": a share or a multiplier is a claim
                // when its words name a ratio the scenario sizes.
                if let Some((value, len)) = worked::bare_number(&raw[start..cut]) {
                    let words = words.get_or_insert_with(|| Words::new(&sentence.tokens, previous));
                    let at = sentence.span.start + start;
                    let ratio = Ratio {
                        value,
                        percent: raw[start..start + len].ends_with('%'),
                        text: &raw[start..start + len],
                        span: at..at + len,
                    };
                    claims.extend(judge_ratio(&ratio, scenario, calc, words));
                }
                working.bare(raw, start, cut);
                from = start + raw[start..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            let end = start + found.len;
            found.operand = worked::is_operand(&raw[end..]);
            let words = words.get_or_insert_with(|| Words::new(&sentence.tokens, previous));
            let judged = judge(
                &found,
                &raw[start..end],
                sentence.span.start + start..sentence.span.start + end,
                scenario,
                calc,
                words,
                claims,
            );
            let workings = working.result_at(raw, start, &found.low.dims);
            if let Some(claim) = judged {
                claims.push(rework(claim, &found, &workings, scenario, calc));
            }
            working.push(found.low.clone(), start, end);
            from = end;
        }
    }
}

/// A claim seen against the candidate's own working: a result that follows from none of the
/// ways its inputs combine is off against what they give ("50k/s at 1 KB each is 500 MB/s" is
/// 10x off 50 MB/s); one that follows from them and is a figure of the scenario almost exactly
/// is that figure, whatever other figure its words name.
fn rework(
    claim: Claim,
    found: &Found,
    workings: &[f64],
    scenario: &Scenario,
    calc: &Calculator,
) -> Claim {
    if workings.is_empty() || claim.verdict == ClaimVerdict::Unchecked {
        return claim;
    }
    let value = found.low.value;
    let factor = |w: f64| if w > value { w / value } else { value / w };
    let Some(best) = workings
        .iter()
        .copied()
        .min_by(|a, b| factor(*a).total_cmp(&factor(*b)))
    else {
        return claim;
    };
    if factor(best) > WITHIN {
        let worked = Quantity {
            value: best,
            dims: found.low.dims.clone(),
        };
        return Claim {
            verdict: ClaimVerdict::Off,
            expected: format::show_quantity(&worked, calc.units(), None).display,
            reference: WORKED.to_owned(),
            factor: two_places(factor(best)),
            given: false,
            ..claim
        };
    }
    if claim.verdict == ClaimVerdict::Off {
        let exact = scenario
            .sizes
            .iter()
            .filter(|s| s.quantity.dims == found.low.dims && s.quantity.value > 0.0)
            .map(|s| (s, factor(s.quantity.value)))
            .filter(|(_, f)| *f <= SAID_EXACTLY)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((size, f)) = exact {
            return Claim {
                verdict: ClaimVerdict::Ok,
                expected: size.shown.display.clone(),
                reference: size.id.clone(),
                factor: two_places(f),
                given: !size.derived,
                ..claim
            };
        }
    }
    claim
}

/// A factor as claims report it, to two decimal places.
fn two_places(factor: f64) -> f64 {
    (factor * 100.0).round() / 100.0
}

/// The `reference` of a claim faulted against the candidate's own working.
pub const WORKED: &str = "worked-from-inputs";

/// Where the next number may start: a digit not inside a word, `$` before a digit, or
/// "a|one" before a magnitude word ("a billion").
fn next_start(raw: &str, from: usize) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut i = from;
    while i < raw.len() {
        if !raw.is_char_boundary(i) {
            i += 1;
            continue;
        }
        // After `^` a number is an exponent ("10^400 TB/day"), not an amount.
        let prev_word =
            i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'.' | b'^'));
        let b = bytes[i];
        if !prev_word
            && (b.is_ascii_digit()
                || (b == b'$' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            return Some(i);
        }
        if !prev_word && b.is_ascii_alphabetic() {
            // Looked at once per word, without allocating: a number word with a unit after
            // it ("five partitions", "one partition", "fifty thousand a second"; what it
            // counts decides whether it sizes anything, `sizes_in_words`), never a scale
            // alone ("a few hundred MB" is no amount); and "a", "an" or "one" before a
            // magnitude ("a billion").
            let end = raw[i..]
                .find(|c: char| !c.is_ascii_alphabetic())
                .map_or(raw.len(), |e| i + e);
            let mut lower = [0u8; 9];
            if let Some(buf) = lower.get_mut(..end - i) {
                buf.copy_from_slice(&bytes[i..end]);
                buf.make_ascii_lowercase();
                let first = std::str::from_utf8(buf).unwrap_or_default();
                let leads = is_number_word(first)
                    && !matches!(
                        first,
                        "half" | "hundred" | "thousand" | "million" | "billion" | "trillion"
                    );
                let before_magnitude = matches!(first, "a" | "an" | "one")
                    && raw[end..].strip_prefix(' ').is_some_and(|after| {
                        ["thousand", "million", "billion", "trillion"]
                            .iter()
                            .any(|m| {
                                after
                                    .get(..m.len())
                                    .is_some_and(|w| w.eq_ignore_ascii_case(m))
                            })
                    });
                if leads || before_magnitude {
                    return Some(i);
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

/// A quantity read from prose: the expression to evaluate, a range's upper end, and how many
/// bytes of the text it covers.
struct Found {
    low: Quantity,
    high: Option<Quantity>,
    len: usize,
    target: Option<(String, f64)>,
    time_units: Vec<(String, f64)>,
    /// The thing counted goes unnamed ("10k/s") or by a word the calculator does not know
    /// ("96 refreshes a day"): such a number can only confirm a figure.
    unnamed: bool,
    /// An operator and another number follow ("22 GB × 90 ÷ 1,095"): the number is worked
    /// with, so the words around the working do not say what it is.
    operand: bool,
}

/// Where claims in `raw` must end: each character that is punctuation of the sentence, not of
/// numbers or units, then the end of `raw`. Worked out once per sentence, so reading the
/// claims of a sentence dense with numbers stays linear.
fn cut_points(raw: &str) -> Vec<usize> {
    let bytes = raw.as_bytes();
    let between_digits = |i: usize| {
        i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    raw.char_indices()
        .filter(|&(i, c)| match c {
            ',' | '.' => !between_digits(i),
            ';' | ':' | '!' | '?' | '"' | '(' | ')' | '[' | ']' | '*' | '`' | '|' | '=' => true,
            _ => {
                !(c.is_alphanumeric()
                    || c.is_whitespace()
                    || matches!(
                        c,
                        '/' | '$'
                            | '%'
                            | '~'
                            | '-'
                            | '–'
                            | '_'
                            | '×'
                            | '→'
                            | '>'
                            | '^'
                            | '+'
                            | '\''
                    ))
            }
        })
        .map(|(i, _)| i)
        .chain([raw.len()])
        .collect()
}

const MAGNITUDES: [&str; 14] = [
    "k", "K", "M", "m", "bn", "B", "b", "thousand", "million", "millions", "billion", "billions",
    "trillion", "x",
];

fn word(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.kind) {
        Some(Kind::Word { text, .. }) => Some(text.as_str()),
        _ => None,
    }
}

/// A unit word, excluding one-letter symbols that are ordinary words in prose ("a", "s").
fn is_unit(w: &str, calc: &Calculator) -> bool {
    !matches!(
        w,
        "a" | "an" | "x" | "to" | "in" | "per" | "s" | "b" | "m" | "h" | "d"
    ) && calc.units().get(w).is_some()
}

/// Reads the number at the start of `tokens` (`$9`, `10k`, `a billion`), returning its
/// expression text and the next token index.
fn read_number(tokens: &Lookahead<'_>) -> Option<(String, usize)> {
    let mut i = 0;
    let mut number = String::new();
    if matches!(tokens.get(0).map(|t| &t.kind), Some(Kind::Dollar)) {
        number.push('$');
        i += 1;
    }
    match tokens.get(i).map(|t| &t.kind) {
        Some(Kind::Number(n)) => number.push_str(&n.to_string()),
        Some(Kind::Word { text, .. })
            if matches!(text.to_lowercase().as_str(), "a" | "an" | "one") =>
        {
            number.push('1');
        }
        Some(Kind::Word { text, .. }) if is_number_word(&text.to_lowercase()) => {
            // "fifty thousand a second", "five partitions": the calculator reads the words.
            let mut words = vec![text.to_lowercase()];
            while let Some(w) =
                word(tokens.get(i + 1)).filter(|w| is_number_word(&w.to_lowercase()))
            {
                words.push(w.to_lowercase());
                i += 1;
            }
            number.push_str(&words.join(" "));
        }
        _ => return None,
    }
    i += 1;
    if let Some(m) = word(tokens.get(i)).filter(|w| MAGNITUDES.contains(w)) {
        // Spelled so the calculator cannot misread it: "3B rows" is billions, not bytes.
        number.push(' ');
        number.push_str(magnitude_word(m));
        i += 1;
    }
    Some((number, i))
}

/// A magnitude suffix as an unambiguous word.
fn magnitude_word(m: &str) -> &str {
    match m {
        "k" | "K" => "thousand",
        "M" | "m" => "million",
        "B" | "b" | "bn" => "billion",
        other => other,
    }
}

/// The upper end of a range ("24 to 48", "24-48"), if one follows.
fn read_range(tokens: &Lookahead<'_>, mut i: usize) -> (Option<String>, usize) {
    let joins = matches!(word(tokens.get(i)), Some("to"))
        || matches!(tokens.get(i).map(|t| &t.kind), Some(Kind::Minus));
    let Some(Kind::Number(n)) = tokens.get(i + 1).map(|t| &t.kind).filter(|_| joins) else {
        return (None, i);
    };
    let mut upper = n.to_string();
    i += 2;
    if let Some(m) = word(tokens.get(i)).filter(|w| MAGNITUDES.contains(w)) {
        upper.push(' ');
        upper.push_str(magnitude_word(m));
        i += 1;
    }
    (Some(upper), i)
}

/// Units after the number: "MB/s", "events per second", "KB/event".
fn read_units(tokens: &Lookahead<'_>, mut i: usize, calc: &Calculator) -> (String, usize) {
    let mut units = String::new();
    loop {
        let next = word(tokens.get(i + 1));
        match (tokens.get(i).map(|t| &t.kind), word(tokens.get(i))) {
            (_, Some(w)) if is_unit(w, calc) && (units.is_empty() || !is_time(w, calc)) => {
                units.push(' ');
                units.push_str(w);
                i += 1;
            }
            (Some(Kind::Slash), _) | (_, Some("per"))
                if !units.is_empty() && next.is_some_and(|w| calc.units().get(w).is_some()) =>
            {
                units.push_str(" / ");
                units.push_str(next.unwrap_or_default());
                i += 2;
            }
            _ => return (units, i),
        }
    }
}

/// "~170 GB compressed a day": up to three words, then "a|per <time unit>".
fn read_rate(tokens: &Lookahead<'_>, i: usize, units: &str, calc: &Calculator) -> (String, usize) {
    for skip in 0..=3 {
        let at = i + skip;
        if let (Some("a" | "an" | "per" | "each" | "every"), Some(w)) =
            (word(tokens.get(at)), word(tokens.get(at + 1)))
            && is_time(w, calc)
            && !units.contains(" / ")
        {
            return (format!(" / {w}"), at + 2);
        }
        match word(tokens.get(at)) {
            Some(w) if !is_unit(w, calc) && w.chars().all(char::is_alphabetic) => {}
            _ => break,
        }
    }
    (String::new(), i)
}

/// The tokens of a claim's text that a reading has lexed, and how far it looked.
struct Lookahead<'t> {
    tokens: &'t [Token],
    /// One past the furthest index asked for.
    reached: Cell<usize>,
}

impl Lookahead<'_> {
    fn get(&self, i: usize) -> Option<&Token> {
        self.reached.set(self.reached.get().max(i + 1));
        self.tokens.get(i)
    }
}

/// How many tokens a claim is first read from: a number, a range and its units fit.
const FIRST_LOOKAHEAD: usize = 16;

/// Reads the claim at the start of `text` (which runs to the next cut), lexing only as far as
/// the reading looks: the text up to the first token that does not lex, read a few tokens at a
/// time, and again with twice as many whenever the reading looked past them.
/// `result`: the number is a stated result (it follows `=` or `≈`).
fn read_claim(text: &str, calc: &Calculator, result: bool) -> Option<Found> {
    read_claim_looking(text, calc, FIRST_LOOKAHEAD, result)
}

fn read_claim_looking(text: &str, calc: &Calculator, first: usize, result: bool) -> Option<Found> {
    let mut lexer = Lexer::new(text).map_while(Result::ok);
    let mut tokens = Vec::new();
    let mut want = first.max(1);
    loop {
        tokens.extend(lexer.by_ref().take(want - tokens.len()));
        let all = tokens.len() < want;
        let lookahead = Lookahead {
            tokens: &tokens,
            reached: Cell::new(0),
        };
        let found = read_tokens(text, &lookahead, calc, result);
        if all || lookahead.reached.get() <= tokens.len() {
            return found;
        }
        want *= 2;
    }
}

/// A spaced `s`, `h` or `d` that ends its clause ("= 60,000 s, about 17 hours"): a time unit
/// when the number is a stated result. Elsewhere the letter is too often something else (an
/// operand "× 3,600 s ≈ ...", "5 s of lag" aside), and glued ("the 1990s") it never is.
fn spaced_time_symbol<'t>(tokens: &'t Lookahead<'_>, i: usize) -> Option<&'t str> {
    match tokens.get(i).map(|t| &t.kind) {
        Some(Kind::Word { text, glued: false })
            if matches!(text.as_str(), "s" | "h" | "d")
                && !matches!(
                    tokens.get(i + 1).map(|t| &t.kind),
                    Some(Kind::Word { .. } | Kind::Slash)
                ) =>
        {
            Some(text.as_str())
        }
        _ => None,
    }
}

fn read_tokens(
    text: &str,
    tokens: &Lookahead<'_>,
    calc: &Calculator,
    result: bool,
) -> Option<Found> {
    let (number, i) = read_number(tokens)?;
    let (high, i) = read_range(tokens, i);
    let (mut units, mut i) = match spaced_time_symbol(tokens, i).filter(|_| result) {
        Some(symbol) => (format!(" {symbol}"), i + 1),
        None => read_units(tokens, i, calc),
    };
    let dollar = number.starts_with('$');
    // "$43k/month", "$23/TB/month": money per a unit, written with slashes.
    while (dollar && units.is_empty()) || units.starts_with(" /") {
        match (tokens.get(i).map(|t| &t.kind), word(tokens.get(i + 1))) {
            (Some(Kind::Slash), Some(w)) if calc.units().get(w).is_some() => {
                units.push_str(" / ");
                units.push_str(w);
                i += 2;
            }
            _ => break,
        }
    }
    let mut rate = String::new();
    let unnamed = units.is_empty() && !dollar;
    if unnamed {
        // "10k/s": a rate of something unnamed.
        // After a slash, `s`, `h` and `d` can only be units.
        let time_after_slash = |w: &str| {
            calc.units()
                .get(w)
                .is_some_and(|u| u.dims == Dims::of(Base::Time))
        };
        if let (Some(Kind::Slash), Some(w)) =
            (tokens.get(i).map(|t| &t.kind), word(tokens.get(i + 1)))
            && time_after_slash(w)
        {
            rate = format!(" / {w}");
            i += 2;
        } else if let Some(w) = word(tokens.get(i)).filter(|w| w.chars().all(char::is_alphabetic)) {
            // "5,000 Kafka partitions": one unknown word before the unit; "60M duplicates/day",
            // "60 million duplicates a day": an unknown thing counted at a rate.
            let (after, j) = read_units(tokens, i + 1, calc);
            let slash_time = matches!(tokens.get(i + 1).map(|t| &t.kind), Some(Kind::Slash))
                && word(tokens.get(i + 2)).is_some_and(time_after_slash);
            // "2 billion a day" is a rate of nothing named, not two billion days.
            let article = matches!(w, "a" | "an" | "per" | "each" | "every" | "the");
            let after_is_time = word(tokens.get(i + 1)).is_some_and(time_after_slash);
            if !after.is_empty() && !is_time(w, calc) && !article && !after_is_time {
                units = after;
                i = j;
            } else if slash_time {
                rate = format!(" / {}", word(tokens.get(i + 2)).unwrap_or_default());
                i += 3;
            } else {
                let (per, j) = read_rate(tokens, i, "", calc);
                if per.is_empty() {
                    return None;
                }
                rate = per;
                i = j;
            }
        } else {
            return None;
        }
    }
    if rate.is_empty() {
        let (per, j) = read_rate(tokens, i, &units, calc);
        rate = per;
        i = j;
    }
    let len = tokens
        .get(i.saturating_sub(1))
        .map_or(text.len(), |t| t.span.end);
    let eval = |number: &str| calc.evaluate(&format!("{number}{units}{rate}")).ok();
    let low = eval(&number)?;
    let high = match high {
        Some(upper) => Some(eval(&if dollar { format!("${upper}") } else { upper })?.quantity),
        None => None,
    };
    if low.quantity.dims.is_none() {
        return None;
    }
    Some(Found {
        low: low.quantity,
        high,
        len,
        target: low.target,
        time_units: low.time_units,
        unnamed: unnamed && !rate.is_empty() && units.is_empty(),
        operand: false,
    })
}

fn is_time(word: &str, calc: &Calculator) -> bool {
    calc.units()
        .get(word)
        .is_some_and(|u| u.dims == crate::calc::dims::Dims::of(crate::calc::dims::Base::Time))
        && !matches!(word, "s" | "d" | "h")
}

/// Periods an amount can be said of, and their length in seconds.
/// Singular only: "every few hours" and "over 3 days" say how often or how long, not which
/// period an amount is of.
const PERIODS: [(&[&str], f64); 5] = [
    (&["hour", "hourly"], 3_600.0),
    (&["day", "daily", "nightly", "night"], 86_400.0),
    (&["week", "weekly"], 604_800.0),
    (&["month", "monthly"], 2_592_000.0),
    (
        &["year", "yr", "yearly", "annual", "annually"],
        31_536_000.0,
    ),
];

/// "A day of changes is about 346 GB", "month: ~26 TB raw": an amount said of a period, where
/// the scenario sizes a rate. The rates, over the period the words around the claim name, are
/// figures for it too. With figures of the claim's own dimension at hand they can only confirm
/// a number, never fault one ("1 KB" near "a day" is an event, not a day of them); with none,
/// they are what the number is about.
fn period_of_rates(
    found: &Found,
    context: &[crate::text::Token],
    near: &std::ops::Range<usize>,
    scenario: &Scenario,
    calc: &Calculator,
    confirm_only: bool,
) -> Vec<Size> {
    if found.low.dims.exponent(Base::Time) != 0 {
        return Vec::new();
    }
    // Every period the words around it name: "5 TB a month, about 60 TB for the year".
    let nearby = near_tokens(context, near);
    let mut periods: Vec<f64> = context
        .iter()
        .enumerate()
        .take(nearby.end)
        .skip(nearby.start)
        .filter(|(i, _)| {
            // "every 1 day", "a few hours": a frequency.
            *i == 0
                || !(context[i - 1].numeric
                    || matches!(
                        context[i - 1].text.as_str(),
                        "few" | "several" | "couple" | "every"
                    ))
        })
        .filter_map(|(_, t)| {
            PERIODS
                .iter()
                .find(|(words, _)| words.contains(&t.text.as_str()))
                .map(|(_, seconds)| *seconds)
        })
        .collect();
    // "~5M rows/day ... a band of 4.25M-5.75M rows": an amount of the thing a rate of the
    // sentence counts is an amount of that rate's period.
    let counted: Vec<String> = found
        .low
        .dims
        .counts()
        .iter()
        .map(|&(index, _)| calc.units().count_plural(index))
        .collect();
    periods.extend(
        context
            .windows(2)
            .filter(|pair| counted.iter().any(|c| pair[0].text == *c))
            .filter_map(|pair| {
                PERIODS
                    .iter()
                    .find(|(words, _)| words.first() == Some(&pair[1].text.as_str()))
                    .map(|(_, seconds)| *seconds)
            }),
    );
    periods.sort_by(f64::total_cmp);
    periods.dedup();
    let per_second = found.low.dims.div(&Dims::of(Base::Time));
    scenario
        .sizes
        .iter()
        .filter(|s| s.quantity.dims == per_second)
        .flat_map(|s| periods.iter().map(move |seconds| (s, *seconds)))
        .map(|(s, seconds)| {
            let quantity = Quantity {
                value: s.quantity.value * seconds,
                dims: found.low.dims.clone(),
            };
            Size {
                shown: format::show_quantity(&quantity, calc.units(), None),
                quantity,
                ..s.clone()
            }
        })
        .filter(|s| {
            let r = s.quantity.value;
            let high = found.high.as_ref().map_or(found.low.value, |h| h.value);
            !confirm_only || (r / high <= WITHIN && found.low.value / r <= WITHIN)
        })
        .collect()
}

/// How close a number must be to a given fact to be read as that fact said again.
const RESTATED_WITHIN: f64 = 1.1;

/// Dimensions without the counted things: `B/event` and `B` are both bytes.
fn without_counts(dims: &Dims) -> Dims {
    dims.iter()
        .filter(|(base, _)| !matches!(base, Base::Count(_)))
        .fold(Dims::none(), |acc, (base, exp)| {
            acc.mul(&Dims::of(base).pow(exp))
        })
}

/// A fact the interviewer gave, said again without its "per" ("each event is about 500
/// bytes", "a 16-byte UUID"): the number is that fact, not a total to check against derived
/// figures of the same dimension.
fn restated_facts(found: &Found, scenario: &Scenario) -> Vec<Size> {
    let plain = without_counts(&found.low.dims);
    if found.high.is_some() || plain.is_none() {
        return Vec::new();
    }
    scenario
        .sizes
        .iter()
        .filter(|s| !s.derived && s.quantity.dims != found.low.dims)
        .filter(|s| without_counts(&s.quantity.dims) == plain)
        .filter(|s| {
            let (a, b) = (s.quantity.value, found.low.value);
            a > 0.0 && b > 0.0 && a.max(b) / a.min(b) <= RESTATED_WITHIN
        })
        .map(|s| Size {
            quantity: Quantity {
                value: s.quantity.value,
                dims: found.low.dims.clone(),
            },
            ..s.clone()
        })
        .collect()
}

/// Figures a number can be about besides those of its own dimension: a period of a rate, a
/// fact said again without its "per", and, for a rate of something unnamed ("10k/s", "60M
/// duplicates/day"), the rates of every counted thing. The flag says the number is such an
/// unnamed rate: it is only read when one of them holds.
fn other_candidates(
    found: &Found,
    context: &[crate::text::Token],
    near: &std::ops::Range<usize>,
    end: usize,
    scenario: &Scenario,
    calc: &Calculator,
) -> (Vec<Size>, bool) {
    if per_follows(context, end) {
        return (Vec::new(), false);
    }
    let same_dims = scenario
        .sizes
        .iter()
        .any(|s| s.quantity.dims == found.low.dims);
    // A bare dollar figure near "a month" is as often a unit price ("$23 per TB") as a month
    // of spend: a period can confirm it, never fault it.
    let money = found.low.dims == Dims::of(Base::Money);
    let mut extra = period_of_rates(found, context, near, scenario, calc, same_dims || money);
    extra.extend(restated_facts(found, scenario));
    // "10k/s", "60M duplicates/day": the thing counted goes unnamed, or by a word the
    // calculator does not know; figures of any counted thing with that rate are candidates,
    // but such a number is only read when one of them holds or the words name it.
    let anonymous = found.low.dims.counts().is_empty()
        && !found.low.dims.is_none()
        && found.low.dims.exponent(Base::Time) < 0
        && !same_dims;
    if anonymous {
        scenario
            .sizes
            .iter()
            .filter(|s| without_counts(&s.quantity.dims) == found.low.dims)
            .map(|s| Size {
                quantity: Quantity {
                    value: s.quantity.value,
                    dims: found.low.dims.clone(),
                },
                ..s.clone()
            })
            .for_each(|s| extra.push(s));
    }
    (extra, anonymous)
}

/// How far a figure is from a claim of `low..=high` (a range covers what lies inside it), as
/// a factor of at least 1.
fn distance_of(size: &Size, low: f64, high: f64) -> f64 {
    let r = size.quantity.value;
    // A `min_` figure is a floor: choosing more (up to 10x, for headroom) is sound.
    if size.id.starts_with("min_") && low >= r && high <= r * 10.0 {
        return 1.0;
    }
    if r < low {
        low / r
    } else if r > high {
        r / high
    } else {
        1.0
    }
}

/// The bytes the words about the number at `start..end` may come from: a few words either
/// side, or, in a sentence with one number written in digits, the whole sentence ("for
/// month-end I would size the apply job at about 2k changes/s": the month-end is the 2k's).
/// [`near_words`] still stops at the number's clause within them.
fn reach_of(start: usize, end: usize, context: &[crate::text::Token]) -> std::ops::Range<usize> {
    if context.iter().filter(|t| t.numeric).count() == 1 {
        return context.first().map_or(0, |t| t.span.start)
            ..context.last().map_or(0, |t| t.span.end);
    }
    near_window(start, end)
}

/// A few words either side of the number at `start..end`, as bytes.
fn near_window(start: usize, end: usize) -> std::ops::Range<usize> {
    start.saturating_sub(NEAR_BEFORE)..end + NEAR_AFTER
}

/// `size` is a figure of `thing`: its id, its words or its label name it ("checks per day on
/// one table").
fn names_thing(size: &Size, thing: &str) -> bool {
    let stem = |w: &str| w.len() >= 3 && same_stem(&w.to_lowercase(), thing);
    size.id.split('_').any(stem)
        || size.about.iter().flatten().any(|w| same_stem(w, thing))
        || size.label.split(|c: char| !c.is_alphanumeric()).any(stem)
}

/// The thing a number is said per, later in its clause ("1.5 GB of state per task" is per
/// task), when it is not a period (a rate "per day" is read as one).
fn per_thing_after<'t>(
    context: &'t [crate::text::Token],
    end: usize,
    calc: &Calculator,
) -> Option<&'t str> {
    let after = &context[context.partition_point(|t| t.span.start < end)..];
    let clause = after
        .iter()
        .position(|t| t.clause_break || t.numeric)
        .unwrap_or(after.len());
    let words = &after[..clause];
    let per = words.iter().position(|t| t.text == "per")?;
    // "per each task", "per peak hour": the thing is the first word past determiners and
    // qualifiers.
    words[per + 1..]
        .iter()
        .find(|t| {
            !matches!(
                t.text.as_str(),
                "each" | "every" | "the" | "a" | "an" | "one" | "single"
            ) && qualifier_of(&t.text).is_none_or(|q| q >= PERIOD_QUALIFIERS)
        })
        .filter(|t| !t.numeric)
        .map(|t| t.text.as_str())
        .filter(|thing| {
            !is_time(thing, calc)
                && !PERIODS.iter().any(|(words, _)| words.contains(thing))
                && !matches!(*thing, "s" | "h" | "d" | "sec" | "min")
        })
}

/// "$23 per TB a month": a price per something the reader did not take in; no period or
/// restated fact can say what it is about.
fn per_follows(context: &[crate::text::Token], end: usize) -> bool {
    context
        .get(context.partition_point(|t| t.span.start < end))
        .is_some_and(|t| t.span.start <= end + 2 && t.text == "per")
}

/// The bytes whose words can say what the number at `start..end` is about: those of `wide` (a
/// few words either side, or the whole sentence of a lone number), but never past the next
/// number or back beyond the previous one ("~4 MB/s average,
/// 16 MB/s at peak": the peak is the second number's).
fn near_words(
    start: usize,
    end: usize,
    context: &[crate::text::Token],
    calc: &Calculator,
    wide: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let words = &context[near_tokens(context, &wide)];
    // Back to the previous number or the start of the clause ("50 MB/s at peak, ~10 MB/s on
    // average": the peak is not the second number's).
    let opens_clause = words
        .iter()
        .find(|t| t.span.end > start)
        .is_some_and(|t| t.clause_break && t.span.start <= end);
    let from = if opens_clause {
        start
    } else {
        let before: Vec<&crate::text::Token> =
            words.iter().filter(|t| t.span.end <= start).collect();
        let joins = |t: &crate::text::Token| JOINERS.contains(&t.text.as_str());
        before
            .iter()
            .rposition(|t| t.numeric || t.clause_break || joins(t))
            .map_or(wide.start, |k| {
                let t = before[k];
                if joins(t) {
                    // "200k price changes and 5k other changes": the price is the 200k's.
                    return t.span.end.max(wide.start);
                }
                if !t.numeric {
                    return t.span.start.max(wide.start);
                }
                // After the previous number and its unit ("for 4 hours it costs $1,800 a
                // night": the hours are the 4's).
                let unit_end = before
                    .get(k + 1)
                    .filter(|u| calc.units().get(&u.text).is_some())
                    .map_or(t.span.end, |u| u.span.end);
                unit_end.max(wide.start)
            })
    };
    // Forward to the next number, clause, or a word joining another number on ("4 MB/s and
    // peak 16 MB/s": the peak is the second number's).
    let to = words
        .iter()
        .filter(|t| t.span.start >= end)
        .find(|t| t.numeric || t.clause_break || JOINERS.contains(&t.text.as_str()))
        .map_or(wide.end, |t| t.span.start.min(wide.end));
    from..to
}

/// Words after a number that start what is said of the next one.
const JOINERS: [&str; 5] = ["and", "or", "vs", "versus", "then"];

/// The words of the sentence that start within `range`.
fn words_in<'t>(context: &'t [crate::text::Token], range: &std::ops::Range<usize>) -> Vec<&'t str> {
    context[near_tokens(context, range)]
        .iter()
        .map(|t| t.text.as_str())
        .collect()
}

/// The indices of the sentence's words that start within `near` (the words are in order), so
/// a claim looks only at the words around it: a sentence of many claims stays linear.
fn near_tokens(
    context: &[crate::text::Token],
    near: &std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    context.partition_point(|t| t.span.start < near.start)
        ..context.partition_point(|t| t.span.start < near.end)
}

/// Which of a number's candidate figures its sentence is about.
struct Binding<'a, 'b> {
    candidates: &'b [&'a Size],
    /// For each candidate, whether it carries a qualifier the sentence never says.
    qualified_away: Vec<bool>,
}

/// How decisively a sentence names the figures it names most.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Named {
    /// Some of their words: the nearest figure that holds may still be meant.
    Partly,
    /// All their words, and no other figure's: meant, even when the number sits near
    /// another figure ("17 GB a day compressed" is a wrong compressed volume, not the order
    /// bandwidth it happens to match).
    Whole,
    /// The particular case they are ("at peak"): meant.
    Case,
}

/// How well some words name a figure.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Naming {
    /// Its word groups said, leaving out groups every candidate has.
    said: usize,
    /// Every one of its groups is said.
    whole: bool,
    /// A group said is a qualifier ("at peak", "the backfill"): the sentence names the
    /// particular case this figure is.
    qualifier: bool,
}

/// [`QUALIFIERS`] from this index on are periods: they rule a figure out when unsaid, but
/// saying one names no particular case ("per hour" fits many figures).
const PERIOD_QUALIFIERS: usize = 7;

/// The index in [`QUALIFIERS`] of a qualifier word.
fn qualifier_of(word: &str) -> Option<usize> {
    QUALIFIERS.iter().position(|(q, _)| is_word(word, q))
}

impl<'a, 'b> Binding<'a, 'b> {
    /// `qualifiers_said` says which of [`QUALIFIERS`] the number's sentences say.
    fn new(candidates: &'b [&'a Size], qualifiers_said: &[bool]) -> Self {
        // A figure is a particular case the sentence is not about when it carries qualifiers
        // and the sentence says none of them.
        let qualified_away = candidates
            .iter()
            .map(|s| {
                let carried: Vec<usize> = QUALIFIERS
                    .iter()
                    .enumerate()
                    .filter(|(_, (q, _))| {
                        s.about
                            .iter()
                            .any(|group| group.iter().any(|w| is_word(w, q)))
                    })
                    .map(|(i, _)| i)
                    .collect();
                !carried.is_empty() && carried.iter().all(|&i| !qualifiers_said[i])
            })
            .collect();
        Self {
            candidates,
            qualified_away,
        }
    }

    /// How well `text` names each candidate; a candidate with a qualifier the sentence never
    /// says is not named ("ingest" names the peak ingest bandwidth, but "10 MB/s on average"
    /// is not a peak).
    fn namings(&self, text: &[&str]) -> Vec<Naming> {
        let says_words = |alt: &str| {
            if alt.contains(' ') {
                says_phrase(text, alt)
            } else {
                text.iter().any(|t| t.len() >= 3 && same_stem(t, alt))
            }
        };
        // A qualifier is said in its other words too ("during the sale" is the peak).
        let says = |alt: &str| {
            says_words(alt)
                || qualifier_of(alt)
                    .is_some_and(|q| QUALIFIERS[q].1.iter().any(|w| says_phrase(text, w)))
        };
        // A group every candidate has ("files" for three file counts) tells them apart from
        // nothing.
        let shared = |group: &Vec<String>| {
            self.candidates.len() > 1 && self.candidates.iter().all(|s| s.about.contains(group))
        };
        self.candidates
            .iter()
            .zip(&self.qualified_away)
            .map(|(s, away)| {
                if *away || s.about.is_empty() {
                    return Naming {
                        said: 0,
                        whole: false,
                        qualifier: false,
                    };
                }
                let said: Vec<bool> = s
                    .about
                    .iter()
                    .map(|group| group.iter().any(|alt| says(alt)))
                    .collect();
                Naming {
                    said: s
                        .about
                        .iter()
                        .zip(&said)
                        .filter(|(group, said)| **said && !shared(group))
                        .count(),
                    whole: said.iter().all(|s| *s),
                    qualifier: s.about.iter().zip(&said).any(|(group, said)| {
                        *said
                            && group
                                .iter()
                                .any(|alt| qualifier_of(alt).is_some_and(|q| q < PERIOD_QUALIFIERS))
                    }),
                }
            })
            .collect()
    }

    /// The candidates `text` names most by their distinctive words, and whether it names
    /// them decisively: every group of theirs, or the particular case (a qualifier) they are.
    fn named(&self, text: &[&str]) -> (Vec<&'a Size>, Named) {
        // Named by the most groups, and among those, named whole ("compressed" names the
        // daily compressed volume whole, the monthly one only in part).
        let rank = |n: &Naming| (n.said, n.whole || n.qualifier);
        let namings = self.namings(&fold_phrases(text));
        let best = namings.iter().map(rank).max().unwrap_or((0, false));
        if best.0 == 0 {
            return (Vec::new(), Named::Partly);
        }
        let top: Vec<&'a Size> = self
            .candidates
            .iter()
            .zip(&namings)
            .filter(|(_, n)| rank(n) == best)
            .map(|(s, _)| *s)
            .collect();
        // Named whole only by words another figure shares ("windows of 10 min" names the
        // one-day window whole and the ten-minute one in part) tells them apart from nothing;
        // a particular case said ("at peak") does.
        let rivals = namings.iter().filter(|n| n.said == best.0).count() > top.len();
        let by_case = namings.iter().any(|n| rank(n) == best && n.qualifier);
        let naming = if !best.1 {
            Named::Partly
        } else if by_case {
            Named::Case
        } else if rivals {
            Named::Partly
        } else {
            Named::Whole
        };
        (top, naming)
    }

    /// `size` carries a qualifier the sentence never says.
    fn is_away(&self, size: &Size) -> bool {
        self.candidates
            .iter()
            .zip(&self.qualified_away)
            .any(|(s, away)| *away && std::ptr::eq(*s, size))
    }

    /// The candidates without a qualifier the sentence never says.
    fn plain(&self) -> impl Iterator<Item = &&'a Size> {
        self.candidates
            .iter()
            .zip(&self.qualified_away)
            .filter(|(_, away)| !**away)
            .map(|(s, _)| s)
    }
}

/// The words a number is read among: its sentence, and the sentence before it in the same
/// paragraph.
struct Words<'t> {
    tokens: &'t [crate::text::Token],
    /// Which of [`QUALIFIERS`] the sentence or the one before it says, worked out once per
    /// sentence so a sentence of many numbers stays linear.
    qualifiers_said: Vec<bool>,
}

impl<'t> Words<'t> {
    fn new(tokens: &'t [crate::text::Token], previous: &[crate::text::Token]) -> Self {
        let text: Vec<&str> = previous
            .iter()
            .chain(tokens)
            .map(|t| t.text.as_str())
            .collect();
        let text = fold_phrases(&text);
        let (single, phrases) = qualifier_words();
        let mut qualifiers_said = vec![false; QUALIFIERS.len()];
        for (i, word) in text.iter().enumerate() {
            // `is_word`: the word itself, or the plural of one.
            for form in std::iter::once(*word).chain(word.strip_suffix('s')) {
                for &q in single.get(form).into_iter().flatten() {
                    qualifiers_said[q] = true;
                }
            }
            for (q, parts) in phrases {
                if text
                    .get(i..i + parts.len())
                    .is_some_and(|here| here.iter().zip(parts).all(|(w, part)| is_word(w, part)))
                {
                    qualifiers_said[*q] = true;
                }
            }
        }
        Self {
            tokens,
            qualifiers_said,
        }
    }
}

/// A number said again is the number it was the first time ("the slot holds up to 58
/// GB/hour", after "at peak ... 58 GB/hour"), though its sentence leaves the peak out: the
/// figure an earlier claim of the same value was read as, when it is a candidate here.
fn said_again<'a>(
    earlier: &[Claim],
    shown: &format::Shown,
    candidates: &[&'a Size],
) -> Option<&'a Size> {
    earlier
        .iter()
        .rev()
        .take(SAID_AGAIN_WITHIN)
        .find(|c| {
            c.unit == shown.unit && (c.value - shown.value).abs() <= shown.value.abs() * SAME_VALUE
        })
        .and_then(|c| candidates.iter().find(|s| s.id == c.reference).copied())
}

fn judge(
    found: &Found,
    text: &str,
    span: std::ops::Range<usize>,
    scenario: &Scenario,
    calc: &Calculator,
    words: &Words<'_>,
    earlier: &[Claim],
) -> Option<Claim> {
    if is_conversion_constant(found, text) {
        return None;
    }
    let (start, end) = (span.start, span.end);
    let context = words.tokens;
    let near = reach_of(start, end, context);
    let (extra, anonymous) = other_candidates(found, context, &near, end, scenario, calc);
    let candidates: Vec<&Size> = scenario
        .sizes
        .iter()
        .filter(|s| s.quantity.dims == found.low.dims)
        .chain(&extra)
        .filter(|s| s.quantity.value > 0.0)
        .collect();
    let (low, high) = (
        found.low.value,
        found.high.as_ref().map_or(found.low.value, |h| h.value),
    );
    if low <= 0.0 || high <= 0.0 {
        return None;
    }
    let distance = |size: &&Size| distance_of(size, low, high);
    let middle = Quantity {
        value: (low * high).sqrt(),
        dims: found.low.dims.clone(),
    };
    let answer = crate::calc::Answer {
        quantity: middle,
        target: found.target.clone(),
        assigned: None,
        time_units: found.time_units.clone(),
        percent: false,
    };
    // A number of a kind the scenario sizes nothing of is not read: found before it is shown.
    if candidates.is_empty() {
        return None;
    }
    let shown = format::show(&answer, calc.units());
    // Equal figures in different units (10k events/s and 864 million events/day): the one
    // written in the claim's unit is the one meant.
    let order = |a: &&Size, b: &&Size| {
        distance(a)
            .total_cmp(&distance(b))
            .then((a.shown.unit != shown.unit).cmp(&(b.shown.unit != shown.unit)))
            // A floor matches anything above it; an exact figure says more.
            .then(a.id.starts_with("min_").cmp(&b.id.starts_with("min_")))
    };
    // What the number is about: the figure named by the words of its own clause, when it
    // holds ("170 GB a day compressed" is the compressed figure, not order bandwidth it
    // lands as near); and for a number that holds against nothing, the figure named by the
    // words around it ("Peak: 50,000 x 1 KB = 5 GB/s" is a wrong peak bandwidth).
    let binding = Binding::new(&candidates, &words.qualifiers_said);
    let named_by = |range: std::ops::Range<usize>| {
        let (named, whole) = binding.named(&words_in(context, &range));
        (named.into_iter().min_by(|a, b| order(a, b)), whole)
    };
    let (named, naming) = named_by(near_words(start, end, context, calc, near.clone()));
    let closest = candidates.iter().min_by(|a, b| order(a, b)).copied()?;
    // A figure with a qualifier the sentence never says is a figure of something else: a
    // plainer figure that holds is the one meant ("10 MB/s on average" is not the peak).
    let closest_plain = binding.plain().min_by(|a, b| order(a, b)).copied();
    // The figures a number that holds against nothing is faulted against: those the sentence
    // was not judged to leave out, when there are any.
    let same_unit = binding
        .plain()
        .filter(|s| s.shown.unit == shown.unit)
        .min_by(|a, b| order(a, b))
        .copied();
    let holds = |s: &&Size| distance(s) <= WITHIN;
    // A number that holds against a figure is read as that figure; one that holds against
    // nothing is compared with the figure its words name ("at peak ..."), else with one
    // written in the same unit ("10m events a day" is a wrong daily count).
    let again = said_again(earlier, &shown, &candidates);
    // A fact of the prompt said again almost exactly is that fact ("a 90 TB table in about
    // 2.5 million files" is the file count, though "orders" names the files per order day).
    let restates_fact = closest_plain.is_some_and(|s| !s.derived && distance(&s) <= SAID_EXACTLY);
    let decisive = match naming {
        Named::Partly => false,
        Named::Whole => !found.operand && !restates_fact,
        Named::Case => !found.operand,
    };
    let nearest = match (named, closest_plain, again) {
        (Some(named), _, _) if holds(&named) || decisive => Some(named),
        (_, _, Some(again)) => Some(again),
        (_, Some(plain), _) if holds(&plain) => Some(plain),
        (Some(named), _, _) => Some(named),
        // Only figures of particular cases the sentence does not say are near ("1 MB/s per
        // partition" is a load, the sized figure a capacity): the number is about nothing the
        // scenario sizes, so it is left unchecked rather than passed or faulted. A figure met
        // almost exactly is the figure meant, said without its qualifier.
        _ if binding.is_away(closest) && distance(&closest) <= SAID_EXACTLY => Some(closest),
        (None, Some(_), _) if holds(&closest) => None,
        (None, None, _) => None,
        (None, plain, _) => named_by(near.clone()).0.or(same_unit).or(plain),
    };
    let said = Said {
        text: text.trim(),
        span: [start, end],
        shown,
    };
    // "1.5 GB of dedup state per task": a share per something the claim's unit leaves out is
    // a figure of that thing only, one whose id, words or label name it ("checks per day on
    // one table").
    let per_thing = per_thing_after(context, end, calc);
    let nearest = nearest.filter(|n| per_thing.is_none_or(|thing| names_thing(n, thing)));
    let Some(nearest) = nearest else {
        return (!anonymous && !found.unnamed).then(|| said.claim(ClaimVerdict::Unchecked, None));
    };
    let factor = distance(&nearest);
    // A rate of something unnamed can only confirm: "96 refreshes a day" may count anything.
    if (anonymous || found.unnamed) && factor > WITHIN {
        return None;
    }
    if crosses_bound(nearest, high) {
        return Some(said.claim(ClaimVerdict::Off, Some((nearest, factor))));
    }
    Some(said.judged(nearest, factor))
}

/// "Over 86,400 seconds" and "/ 3,600 s" are the length of a period written in a smaller
/// unit to convert a rate, not a figure of the design: a span of exactly one hour, day, week,
/// month or year said as a number of at least 100 (so "30 days" and "24 h" are still read).
fn is_conversion_constant(found: &Found, text: &str) -> bool {
    let written = text
        .split(|c: char| !(c.is_ascii_digit() || c == ','))
        .find(|part| !part.is_empty())
        .and_then(|digits| digits.replace(',', "").parse::<f64>().ok());
    found.high.is_none()
        && found.low.dims == Dims::of(Base::Time)
        && written.is_some_and(|n| n >= 100.0)
        && PERIODS
            .iter()
            .any(|(_, seconds)| (found.low.value - seconds).abs() < 0.5)
}

/// How far past a derived bound a number may fall and still be the bound, rounded as people
/// say it ("4 partitions" for a floor of 4.2).
const BOUND_ROUNDING: f64 = 1.1;

/// A derived `min_` figure is a floor: what the design needs at least. A number wholly under
/// it is too few, however close ("3 partitions" against a floor of 4.2), so it is `off`.
/// (A `max_` figure is not read as a ceiling: a deadline said beside the word "purge" would
/// be taken for the longest purge interval and faulted.)
fn crosses_bound(size: &Size, high: f64) -> bool {
    size.derived && size.id.starts_with("min_") && high * BOUND_ROUNDING < size.quantity.value
}

/// A share or a multiplier as the answer writes it ("30%", "4x").
struct Ratio<'t> {
    value: f64,
    percent: bool,
    text: &'t str,
    /// Byte range in the answer.
    span: std::ops::Range<usize>,
}

/// Judges a share or a multiplier against the ratios the scenario sizes. Unlike a quantity
/// with a unit, a bare ratio says nothing of what it is about ("99.9% of the time", "10x
/// cheaper"): it is a claim only when the words around it name one of them ("changes per
/// day are about 30% of the source data", "a 5x sale spike"), or when it is one of them
/// almost exactly. Never `unchecked`: a ratio about nothing sized is not read at all.
fn judge_ratio<'a>(
    ratio: &Ratio<'_>,
    scenario: &'a Scenario,
    calc: &Calculator,
    words: &Words<'_>,
) -> Option<Claim> {
    let candidates: Vec<&Size> = scenario
        .sizes
        .iter()
        .filter(|s| s.quantity.dims.is_none() && s.quantity.value > 0.0)
        // A share ("0.5%") and a multiplier ("200x") are different kinds of ratio: one is not
        // the other's figure, though "200x more than changed" is 1 / 0.5%.
        .filter(|s| (s.shown.unit == "%") == ratio.percent)
        .collect();
    let factor = |s: &Size| {
        let (a, b) = (s.quantity.value, ratio.value);
        a.max(b) / a.min(b)
    };
    let binding = Binding::new(&candidates, &words.qualifiers_said);
    let (start, end) = (ratio.span.start, ratio.span.end);
    let near = near_words(start, end, words.tokens, calc, near_window(start, end));
    let (named, _) = binding.named(&words_in(words.tokens, &near));
    let closest = |sizes: Vec<&'a Size>| {
        sizes
            .into_iter()
            .min_by(|a, b| factor(a).total_cmp(&factor(b)))
    };
    // A ratio met almost exactly is that figure ("the 0.01% budget" is the tolerance the
    // interviewer gave): one its words name first, then a given, then any other.
    let exact = |given: bool| {
        closest(
            binding
                .plain()
                .copied()
                .filter(|s| s.derived != given && factor(s) <= RESTATED_WITHIN)
                .collect(),
        )
    };
    let named = closest(named);
    let nearest = named
        .filter(|s| factor(s) <= RESTATED_WITHIN)
        .or_else(|| exact(true))
        .or(named.filter(|s| factor(s) <= WITHIN))
        .or_else(|| exact(false))
        .or(named)?;
    let answer = crate::calc::Answer {
        quantity: Quantity {
            value: ratio.value,
            dims: Dims::none(),
        },
        target: None,
        assigned: None,
        time_units: Vec::new(),
        percent: ratio.percent,
    };
    let said = Said {
        text: ratio.text,
        span: [ratio.span.start, ratio.span.end],
        shown: format::show(&answer, calc.units()),
    };
    Some(said.judged(nearest, factor(nearest)))
}

/// A number as the answer says it, before it is judged.
struct Said<'t> {
    text: &'t str,
    span: [usize; 2],
    shown: format::Shown,
}

impl Said<'_> {
    /// The claim against `figure`, `factor` away from it: `ok` within [`WITHIN`], else `off`.
    fn judged(self, figure: &Size, factor: f64) -> Claim {
        let verdict = if factor <= WITHIN {
            ClaimVerdict::Ok
        } else {
            ClaimVerdict::Off
        };
        self.claim(verdict, Some((figure, factor)))
    }

    /// The claim, judged against `figure` at `factor` (none for an unchecked one).
    fn claim(self, verdict: ClaimVerdict, figure: Option<(&Size, f64)>) -> Claim {
        Claim {
            text: self.text.to_owned(),
            span: self.span,
            value: self.shown.value,
            unit: self.shown.unit,
            verdict,
            expected: figure.map_or_else(String::new, |(s, _)| s.shown.display.clone()),
            reference: figure.map_or_else(String::new, |(s, _)| s.id.clone()),
            factor: figure.map_or(0.0, |(_, f)| two_places(f)),
            given: figure.is_some_and(|(s, _)| !s.derived),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    fn claims(text: &str) -> Vec<Claim> {
        let catalog = Catalog::builtin(Rubric::builtin());
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        check(&Answer::parse(text), scenario)
    }

    fn one(text: &str) -> Claim {
        let mut found = claims(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.remove(0)
    }

    #[test]
    fn reads_numbers_the_way_answers_write_them() {
        let c = one("That is roughly a billion events a day.");
        assert_eq!(
            (c.text.as_str(), c.verdict, c.reference.as_str()),
            ("a billion events a day", ClaimVerdict::Ok, "events_per_day")
        );
        let c = one("We keep ~170 GB compressed a day.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Ok, "compressed_per_day")
        );
        let c = one("Peak is 50 MB/sec at peak.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Ok, "peak_bandwidth")
        );
        let c = one("About 5 TB a month.");
        assert_eq!(c.verdict, ClaimVerdict::Ok);
        let c = one("I'd use 24 to 48 partitions.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Ok, "partitions_in_practice")
        );
        let c = one("At least 5 partitions at peak.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Ok, "min_partitions")
        );
        let c = one("That's 0.86 TB a day raw.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Ok, "raw_per_day")
        );
    }

    #[test]
    fn an_amount_of_what_a_rate_of_its_sentence_counts_is_of_that_period() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let quality = catalog.get("data-quality-sla").expect("built-in");
        let found = check(
            &Answer::parse(
                "About 5M rows/day arrive, give or take 15 percent, so the expected band runs \
                 from 4.25M-5.75M rows.",
            ),
            quality,
        );
        let band = found
            .iter()
            .find(|c| c.text.starts_with("4.25M"))
            .expect("the band is read");
        assert_eq!(band.verdict, ClaimVerdict::Ok, "{band:?}");
    }

    #[test]
    fn a_period_said_in_seconds_to_convert_is_not_a_claim() {
        let found = claims("2B events a day over 86,400 seconds is about 23k events/s.");
        assert!(
            found.iter().all(|c| !c.text.contains("86,400")),
            "{found:?}"
        );
        assert!(claims("That is 3,600 s per hour.").is_empty());
        // A period said as itself is read.
        let catalog = Catalog::builtin(Rubric::builtin());
        let dedup = catalog.get("dedup-reconcile").expect("built-in");
        let said = |text: &str| check(&Answer::parse(text), dedup);
        let found = said("Retries arrive up to 24 hours after the first copy.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(said("Retries arrive up to 86,400 s after the first copy.").is_empty());
    }

    #[test]
    fn a_number_under_a_derived_floor_is_too_few_however_close() {
        // The floor is 50 MB/s over 10 MB/s per partition: 5 partitions.
        let c = one("Three partitions would carry the peak bandwidth.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "min_partitions")
        );
        // Said as people round it, or above it for headroom, it stands.
        for text in [
            "At peak we need at least 5 partitions.",
            "The peak needs about 4.6 partitions, so at least 5.",
        ] {
            let c = claims(text).remove(0);
            assert_eq!(c.verdict, ClaimVerdict::Ok, "{text}: {c:?}");
        }
    }

    #[test]
    fn money_per_a_unit_written_with_slashes_is_read() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let cost = catalog.get("warehouse-cost-cut").expect("built-in");
        let found = check(
            &Answer::parse("The team warehouses cost $43k/month; storage is $23/TB/month."),
            cost,
        );
        let read: Vec<(&str, &str)> = found
            .iter()
            .map(|c| (c.text.as_str(), c.reference.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("$43k/month", "team_monthly"),
                ("$23/TB/month", "storage_price")
            ],
            "{found:?}"
        );
    }

    #[test]
    fn a_spaced_time_symbol_that_ends_its_clause_is_a_unit() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let cdc = catalog.get("cdc-ingestion").expect("built-in");
        let right = check(
            &Answer::parse("The first copy: 12 TB at 200 MB/s = 60,000 s."),
            cdc,
        );
        let wrong = check(
            &Answer::parse("The first copy: 12 TB at 200 MB/s = 6,000 s."),
            cdc,
        );
        let verdict =
            |found: &[Claim], text: &str| found.iter().find(|c| c.text == text).map(|c| c.verdict);
        assert_eq!(
            verdict(&right, "60,000 s"),
            Some(ClaimVerdict::Ok),
            "{right:?}"
        );
        assert_eq!(
            verdict(&wrong, "6,000 s"),
            Some(ClaimVerdict::Off),
            "{wrong:?}"
        );
        // Glued, or before a word, the letter is not read as a unit.
        assert!(claims("Back in the 1990s we had 5 s of lag.").is_empty());
    }

    #[test]
    fn a_hundredfold_error_is_off_and_names_the_figure() {
        let found = claims("50,000 × 1 KB = 5 GB/s at peak.");
        // "1 KB" is the event size said again: a given fact, not a total.
        assert!(
            found[0].given && found[0].verdict == ClaimVerdict::Ok,
            "{found:?}"
        );
        let c = &found[1];
        assert_eq!(c.verdict, ClaimVerdict::Off);
        assert_eq!(c.expected, "50 MB/s");
        assert!((c.factor - 100.0).abs() < 1.0, "{c:?}");
    }

    #[test]
    fn a_number_is_checked_against_what_its_words_name() {
        // Each number takes the words of its own clause: the peak is the first one's.
        let found = claims("At ~1 KB each that is ~50 MB/s at peak, ~10 MB/s on average.");
        let ten = found
            .iter()
            .find(|c| c.text.contains("10 MB"))
            .expect("read");
        assert_eq!(ten.verdict, ClaimVerdict::Ok, "{found:?}");
        assert_eq!(ten.reference, "raw_per_day");
        // "compressed" names the compressed figure over order bandwidth, which is as near.
        let c = one("Compressed that's about 170 GB/day.");
        assert_eq!(c.reference, "compressed_per_day");
        assert_eq!(c.verdict, ClaimVerdict::Ok);
        // Only the figure of what the partitions can take is near 600 MB/s, and the sentence
        // says nothing of partitions: nothing the scenario sizes, so it is left unchecked.
        let c = one("We should plan for 600 MB/s.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Unchecked, "")
        );
        // A load per partition is not the capacity per partition.
        let c = one("That leaves about 2 MB/s per partition at peak.");
        assert_eq!(c.verdict, ClaimVerdict::Unchecked, "{c:?}");
    }

    #[test]
    fn a_number_said_again_keeps_its_first_reading() {
        // A paragraph apart, so the second sentence has no peak in its context: only the
        // first reading says what it is (about 70 MB/s is no exact figure either).
        let found = claims("At peak that is about 70 MB/s.\n\nThe buffer absorbs 70 MB/s easily.");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|c| c.reference == "peak_bandwidth"),
            "{found:?}"
        );
    }

    #[test]
    fn facts_from_the_interviewer_are_marked_given() {
        let c = one("The site sends 10k events/s on average.");
        assert!(c.given);
        assert_eq!(c.verdict, ClaimVerdict::Ok);
    }

    #[test]
    fn the_sentence_says_which_figure_is_meant() {
        // "10 MB/s" holds against the raw daily volume (864 GB/day is 10 MB/s), but the
        // sentence says which figure it is: the peak, five times that.
        let c = one("Peak bandwidth is 10 MB/s.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "peak_bandwidth")
        );
        let c = one("Peak ingest is around 5 MB/s.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "peak_bandwidth")
        );
        // A number said of something else, with a joiner between: the peak is not its.
        let c = one("Average is 10 MB/s and peak is higher.");
        assert_eq!(c.verdict, ClaimVerdict::Ok);
        let c = one("With compression we store about 3 GB per day.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "compressed_per_day")
        );
        let both = claims("That is 864 GB/day raw and 173 GB/day once compressed.");
        assert!(
            both.iter().all(|c| c.verdict == ClaimVerdict::Ok),
            "{both:?}"
        );
    }

    #[test]
    fn billions_and_millions_written_short() {
        let c = one("We see 1B events per day.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Ok, "events_per_day")
        );
        let c = one("About 10m events a day.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "events_per_day")
        );
    }

    #[test]
    fn plain_numbers_and_years_are_not_claims() {
        assert!(claims("In 2021 we had 3 teams and step 2 of 5.").is_empty());
    }

    #[test]
    fn an_amount_said_of_a_period_is_compared_with_that_period_of_the_rate() {
        // realtime-analytics sizes a day of raw events as a rate (864 GB/day) and has no
        // figure in bytes alone, so an amount said of a period is a period of a rate.
        let c = one("A day of raw events is about 860 GB.");
        assert_eq!(c.verdict, ClaimVerdict::Ok, "{c:?}");
        let c = one("A day of raw events is about 86 TB.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "raw_per_day")
        );
        let c = one("Compressed, a month is about 5.2 TB.");
        assert_eq!(c.verdict, ClaimVerdict::Ok, "{c:?}");
        // Several periods around it: the amount is read against whichever it fits.
        let found = claims("About 5 TB a month, so roughly 60 TB for the year.");
        assert!(
            found.iter().all(|c| c.verdict == ClaimVerdict::Ok),
            "{found:?}"
        );
        // The event size said near "a day" is the event size.
        let c = one("Each event is 1 KB and the day is long.");
        assert!(c.given && c.verdict == ClaimVerdict::Ok, "{c:?}");
    }

    #[test]
    fn unnamed_and_unknown_counted_things_are_read_at_their_rate() {
        let c = one("Peak is 50k/s.");
        assert_eq!(c.verdict, ClaimVerdict::Ok, "{c:?}");
        let c = one("So we need about 5,000 Kafka partitions.");
        assert_eq!(c.verdict, ClaimVerdict::Off, "{c:?}");
        // A rate of an unknown thing that fits no figure is not a sizing claim.
        assert!(claims("We ship 3 releases a week.").is_empty());
    }

    #[test]
    fn a_claim_reads_the_same_however_few_tokens_are_lexed_first() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let calc = catalog
            .get("realtime-analytics")
            .expect("built-in")
            .calculator();
        let texts = [
            "50 MB/s at peak",
            "24 to 48 partitions",
            "~170 GB compressed a day",
            "60 million duplicates a day",
            "5 a KB KB KB KB KB KB KB KB KB KB KB KB KB KB KB KB KB KB KB KB",
            "1 KB / KB / KB / KB / KB / KB / KB / KB / KB / KB / KB / KB",
            "10k/s then 2²",
            "1e400 GB",
        ];
        let read = |text: &str, first: usize| {
            read_claim_looking(text, &calc, first, false)
                .map(|f| (f.len, f.low.value, f.high.map(|h| h.value), f.unnamed))
        };
        for text in texts {
            let whole = read(text, usize::MAX / 2);
            for first in 1..=8 {
                assert_eq!(read(text, first), whole, "{text} from {first} tokens");
            }
        }
    }

    #[test]
    fn a_sentence_dense_with_numbers_reads_every_claim() {
        let text = "50 MB/s ".repeat(2_000);
        assert_eq!(claims(&text).len(), 2_000);
        assert!(claims(&"1 s ".repeat(2_000)).is_empty());
    }

    #[test]
    fn an_exponent_is_not_an_amount_and_spaced_thousands_are_one_number() {
        // Once read as 400 TB/day.
        assert!(claims("We ingest 10^400 TB/day.").is_empty());
        let c = one("The site sends 10 000 events/s on average.");
        assert_eq!((c.value, c.verdict), (10_000.0, ClaimVerdict::Ok), "{c:?}");
    }

    fn claims_in(scenario: &str, text: &str) -> Vec<(String, ClaimVerdict, String)> {
        let catalog = Catalog::builtin(Rubric::builtin());
        let scenario = catalog.get(scenario).expect("built-in");
        check(&Answer::parse(text), scenario)
            .into_iter()
            .map(|c| (c.text, c.verdict, c.reference))
            .collect()
    }

    fn verdicts(found: &[(String, ClaimVerdict, String)]) -> Vec<(&str, ClaimVerdict, &str)> {
        found
            .iter()
            .map(|(t, v, r)| (t.as_str(), *v, r.as_str()))
            .collect()
    }

    #[test]
    fn a_share_or_multiplier_is_a_claim_when_its_words_name_a_sized_ratio() {
        use ClaimVerdict::{Off, Ok};
        let found = claims_in(
            "cdc-ingestion",
            "A day of changes is about 30% of all the source data.",
        );
        assert_eq!(verdicts(&found), [("30%", Off, "changed_share")]);
        let found = claims_in(
            "realtime-analytics",
            "With a 5x spike during the sale we plan ahead.",
        );
        assert_eq!(verdicts(&found), [("5x", Ok, "spike_factor")]);
        // A ratio its words tie to nothing sized is not read at all.
        assert!(
            claims_in(
                "cdc-ingestion",
                "The lakehouse must be up 99.9% of the time."
            )
            .is_empty()
        );
        // Of two ratios met exactly, the one the words name ("compresses" is the compression).
        let found = claims_in("realtime-analytics", "Parquet compresses it about 5x.");
        assert_eq!(verdicts(&found), [("5x", Ok, "compression")]);
        assert!(claims_in("cdc-ingestion", "Columnar files make scans 10x cheaper.").is_empty());
    }

    #[test]
    fn a_phrase_of_the_peak_is_the_peak_not_its_period() {
        use ClaimVerdict::Off;
        // "month-end" is the peak, so the number is the peak bandwidth, not a month of change log.
        let found = claims_in(
            "cdc-ingestion",
            "Month-end peak comes to about 160 MB/s of change events.",
        );
        assert_eq!(verdicts(&found), [("160 MB/s", Off, "peak_bandwidth")]);
    }

    #[test]
    fn the_words_of_a_one_number_sentence_all_say_what_its_number_is() {
        use ClaimVerdict::Off;
        // The month-end is far from the number, but nothing else in the sentence could be it.
        let found = claims_in(
            "cdc-ingestion",
            "For month-end close I would size the apply job at about 2k changes/s.",
        );
        assert_eq!(verdicts(&found), [("2k changes/s", Off, "peak_rate")]);
        let found = claims_in(
            "realtime-analytics",
            "A full year of retained raw events is only around 6 TB compressed.",
        );
        assert_eq!(verdicts(&found), [("6 TB", Off, "compressed_per_year")]);
    }

    #[test]
    fn a_number_per_something_unsized_is_unchecked() {
        use ClaimVerdict::{Ok, Unchecked};
        let found = claims_in(
            "dedup-reconcile",
            "Over 64 partitions that is about 1.5 GB of dedup state per task.",
        );
        assert_eq!(found.last().map(|c| c.1), Some(Unchecked), "{found:?}");
        // The thing past a determiner or a qualifier; a period after them is a rate.
        let found = claims_in(
            "dedup-reconcile",
            "Over 64 partitions that is about 1.5 GB of dedup state per each task.",
        );
        assert_eq!(found.last().map(|c| c.1), Some(Unchecked), "{found:?}");
        // A figure whose label names the thing is still checked.
        let found = claims_in(
            "data-quality-sla",
            "Checking every 5 minutes is 288 checks a day per table.",
        );
        assert_eq!(
            found.last().map(|c| (c.1, c.2.as_str())),
            Some((Ok, "checks_per_day"))
        );
    }

    #[test]
    fn numbers_written_as_words_are_read() {
        let c = one("At the sale peak that is fifty thousand events a second.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Ok, "peak_rate")
        );
        let c = one("Two partitions on the clickstream topic will do.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "min_partitions")
        );
        let c = one("One partition can carry the whole evening peak.");
        assert_eq!(
            (c.verdict, c.reference.as_str()),
            (ClaimVerdict::Off, "min_partitions")
        );
        // "one" as a place says where, not how many.
        assert!(claims("All of a seller's events land in one partition, in order.").is_empty());
        // Vague amounts, and "one" of something no figure provisions, are not numbers to check.
        assert!(claims("It writes a few hundred MB, one file at a time.").is_empty());
    }

    #[test]
    fn a_number_taken_back_is_not_a_claim() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        let scorer = crate::score::Scorer::new(scenario, Rubric::builtin());
        let texts = |answer: &str| -> Vec<String> {
            scorer
                .score(answer)
                .claims
                .into_iter()
                .map(|c| c.text)
                .collect()
        };
        assert_eq!(
            texts("I said 5 GB a day compressed, scratch that, it is 170 GB/day compressed."),
            ["170 GB/day"]
        );
        assert_eq!(
            texts("Peak is 5 MB/s. Actually, it is 50 MB/s at peak."),
            ["50 MB/s"]
        );
        // A marker with no correction after it takes nothing back.
        assert_eq!(
            texts("Peak ingest is 5 MB/s, which is actually plenty."),
            ["5 MB/s"]
        );
        // A marker that opens a sentence with no number of that kind takes none back.
        assert_eq!(
            texts("Peak is 50 MB/s. Actually, salting fixes the hot key."),
            ["50 MB/s"]
        );
        // A question is asked, not stated.
        assert!(texts("Is the 10k events/s an average or the peak?").is_empty());
    }

    #[test]
    fn spans_hold_the_claim() {
        let text = "Peak: **50 MB/s**, fine.";
        let c = one(text);
        assert_eq!(&text[c.span[0]..c.span[1]], "50 MB/s");
    }
}
