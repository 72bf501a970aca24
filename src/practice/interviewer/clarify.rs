//! Which of a scenario's facts a clarifying question is about.
//!
//! Every fact is weighed against the question's content words: a word counts for a fact when
//! the fact's own keywords (`asks`) cover it, when its reply uses the word, or when the word
//! is a cue of the fact's topic ("how far behind" asks about freshness). A word several facts
//! could explain weighs less for each. What a question *asks* (its cue, or a keyword phrase
//! of two or more words) counts for more than what it merely *names*: "Do the ops dashboards
//! and the BI queries have to agree?" names the readers but asks about consistency.

use std::collections::HashSet;
use std::ops::Range;

use super::vocab::Vocabulary;
use crate::scenario::{Fact, Scenario};
use crate::score::facts::FactMatcher;
use crate::text::{Token, tokenize};

/// Content words that say nothing about which fact is meant.
const GENERIC: &[&str] = &[
    "data",
    "system",
    "pipelin",
    "requir",
    "question",
    "design",
    "stuff",
    "info",
    "inform",
    "detail",
    "per",
    "expect",
    "assum",
    "case",
    "part",
    "happen",
    "anyth",
    "everyth",
    "alway",
    "ask",
    "understand",
    "clarifi",
    "confirm",
    "check",
    "idea",
    "let",
    "curious",
    "wonder",
    // Polarity, not topic: "we never have to propagate deletes" is about deletes.
    "not",
    "never",
    "no",
];

/// How much more a word the question asks about weighs than one it only names.
const INTENT_BONUS: f64 = 1.5;
/// A word explained only by a fact's reply counts this much.
const REPLY_ONLY: f64 = 0.7;
/// A question with no cue is answered by the fact that explains at least this share of it.
const MIN_COVERAGE: f64 = 0.4;
/// A question's cue answers a fact only when the fact explains at least this share of it.
const MIN_INTENT_COVERAGE: f64 = 0.25;
/// A second fact is given for one part of a question when it weighs at least this share of
/// the first.
const SECOND_SHARE: f64 = 0.6;

/// One fact's case for being what a question is about.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The fact (index into the scenario's facts).
    pub fact: usize,
    /// Its weight: the words it explains, each shared among the facts explaining it, plus
    /// the bonus for being asked about.
    pub score: f64,
    /// The question's cue or a keyword phrase lands on the fact.
    pub intent: bool,
    /// Share of the question's content words the fact explains.
    pub coverage: f64,
    /// How many of them.
    pub explained: usize,
    /// Positions of the content tokens the fact's keywords or cues explain (not only its
    /// reply).
    strong: HashSet<usize>,
}

/// The scenario's facts, compiled for ranking.
#[derive(Debug)]
pub(super) struct FactRanker {
    asks: FactMatcher,
    reply_stems: Vec<HashSet<String>>,
    numbers: Vec<Vec<Number>>,
    /// Each fact's reply, sentence by sentence, with the meanings of each sentence's words.
    reply_sentences: Vec<Vec<(Vec<Token>, HashSet<String>)>>,
    topics: Vec<crate::scenario::FactTopic>,
}

impl FactRanker {
    pub(super) fn new(scenario: &Scenario, vocab: &Vocabulary) -> Self {
        let reply_tokens: Vec<Vec<Token>> =
            scenario.facts.iter().map(|f| tokenize(&f.reply)).collect();
        Self {
            asks: FactMatcher::compile(scenario),
            reply_stems: reply_tokens
                .iter()
                .map(|t| vocab.meanings(t).into_iter().map(|(_, s)| s).collect())
                .collect(),
            numbers: reply_tokens.iter().map(|t| numbers(t)).collect(),
            reply_sentences: scenario
                .facts
                .iter()
                .map(|f| {
                    crate::answer::Answer::parse(&f.reply)
                        .sentences
                        .into_iter()
                        .map(|s| {
                            let meanings = vocab
                                .meanings(&s.tokens)
                                .into_iter()
                                .map(|(_, m)| m)
                                .collect();
                            (s.tokens, meanings)
                        })
                        .collect()
                })
                .collect(),
            topics: scenario.facts.iter().map(|f: &Fact| f.topic).collect(),
        }
    }

    /// Every fact with a case, strongest first (earlier in the file on ties).
    pub(super) fn rank(&self, vocab: &Vocabulary, tokens: &[Token]) -> Vec<Evidence> {
        let content: Vec<(usize, String)> = vocab
            .meanings(tokens)
            .into_iter()
            .filter(|(_, s)| !GENERIC.contains(&s.as_str()))
            .collect();
        let facts = self.topics.len();
        // strength[f][k]: how fact f explains content word k (0 when it does not).
        let mut strength = vec![vec![0.0f64; content.len()]; facts];
        let mut intent = vec![false; facts];
        let mark = |strength: &mut Vec<Vec<f64>>, f: usize, range: &Range<usize>, s: f64| {
            for (k, (at, _)) in content.iter().enumerate() {
                if range.contains(at) && strength[f][k] < s {
                    strength[f][k] = s;
                }
            }
        };
        // Words before a leading clause ("During sales, is it OK ...") set the scene: they
        // explain, but they do not say what is asked.
        let focus = focus_start(tokens);
        for (f, range) in self.asks.matches(tokens) {
            mark(&mut strength, f, &range, 1.0);
            if range.len() >= 2 && range.end > focus && has_content(&content, &range) {
                intent[f] = true;
            }
        }
        let mut cues: Vec<Vec<Range<usize>>> = Vec::with_capacity(facts);
        for (f, topic) in self.topics.iter().enumerate() {
            let ranges = vocab.cues(*topic, tokens);
            for range in &ranges {
                mark(&mut strength, f, range, 1.0);
            }
            cues.push(ranges);
        }
        for (f, stems) in self.reply_stems.iter().enumerate() {
            for (k, (_, s)) in content.iter().enumerate() {
                if strength[f][k] == 0.0 && stems.contains(s) {
                    strength[f][k] = REPLY_ONLY;
                }
            }
        }
        // A cue asks about a fact when it says something of its own; one that opens with a
        // question word ("how big") asks about what follows, so the fact must explain that.
        for (f, ranges) in cues.iter().enumerate() {
            intent[f] |= ranges.iter().any(|range| {
                if range.end <= focus || !has_content(&content, range) {
                    return false;
                }
                let opens_wh = WH.contains(&tokens[range.start].text.as_str());
                let rest: Vec<usize> = (0..content.len())
                    .filter(|&k| !range.contains(&content[k].0))
                    .collect();
                !opens_wh || rest.is_empty() || rest.iter().any(|&k| strength[f][k] > 0.0)
            });
        }
        let mut found: Vec<Evidence> = (0..facts)
            .filter_map(|f| {
                let explained = strength[f].iter().filter(|&&s| s > 0.0).count();
                if explained == 0 {
                    return None;
                }
                let score: f64 = strength[f]
                    .iter()
                    .enumerate()
                    .map(|(k, &s)| {
                        let sharing = (0..facts).filter(|&g| strength[g][k] > 0.0).count();
                        s / sharing.max(1) as f64
                    })
                    .sum::<f64>()
                    + if intent[f] { INTENT_BONUS } else { 0.0 };
                Some(Evidence {
                    fact: f,
                    score,
                    intent: intent[f],
                    coverage: explained as f64 / content.len().max(1) as f64,
                    explained,
                    strong: (0..content.len())
                        .filter(|&k| strength[f][k] >= 1.0)
                        .map(|k| content[k].0)
                        .collect(),
                })
            })
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.fact.cmp(&b.fact)));
        found
    }

    /// The facts one part of a question is about: the strongest case when the question asks
    /// for it (a cue) or it explains most of what is said, and a second only when the part
    /// joins the two ("the average and the peak rate").
    pub(super) fn about(&self, vocab: &Vocabulary, tokens: &[Token]) -> Vec<usize> {
        let ranked = self.rank(vocab, tokens);
        let Some(top) = ranked
            .iter()
            .find(|e| e.intent && e.coverage >= MIN_INTENT_COVERAGE)
            .filter(|e| e.score >= ranked[0].score * SECOND_SHARE)
            .or_else(|| {
                ranked.first().filter(|e| {
                    e.coverage >= MIN_COVERAGE && (!e.strong.is_empty() || e.explained >= 2)
                })
            })
        else {
            return Vec::new();
        };
        let mut chosen = vec![top.fact];
        if let Some(second) = ranked.iter().find(|e| {
            e.fact != top.fact
                && (e.intent || e.coverage >= MIN_COVERAGE / 2.0)
                && e.score >= top.score * SECOND_SHARE
                && joined(tokens, &top.strong, &e.strong)
        }) {
            chosen.push(second.fact);
        }
        chosen
    }

    /// True when an assumption (`tokens`) contradicts fact `f`: it states a number of the
    /// fact's kind that neither the fact nor any other fact gives (so "3x, about 120k" stands
    /// when another fact says so), or it sits on the other side of one of the vocabulary's
    /// axes (strict against lenient, trusted against unreliable, rare against frequent).
    pub(super) fn contradicts(&self, vocab: &Vocabulary, tokens: &[Token], f: usize) -> bool {
        let known = &self.numbers[f];
        let number_clash = numbers_in(tokens, true).iter().any(|n| {
            let comparable = known.iter().any(|k| k.dimension == n.dimension);
            let confirmed = self
                .numbers
                .iter()
                .flatten()
                .any(|k| k.dimension == n.dimension && near(k.value, n.value));
            comparable && !confirmed
        });
        // The side the fact takes is read in the sentences of its reply about what the
        // assumption is about ("schema changes about once a week", not "they rarely tell us
        // beforehand"); in the whole reply when no sentence shares a word with it.
        let assumed: HashSet<String> = vocab.meanings(tokens).into_iter().map(|(_, m)| m).collect();
        let sentences = &self.reply_sentences[f];
        let about: Vec<Token> = sentences
            .iter()
            .filter(|(_, meanings)| !meanings.is_disjoint(&assumed))
            .flat_map(|(t, _)| t.iter().cloned())
            .collect();
        let reply: Vec<Token> = if about.is_empty() {
            sentences
                .iter()
                .flat_map(|(t, _)| t.iter().cloned())
                .collect()
        } else {
            about
        };
        number_clash || vocab.opposed(tokens, &reply)
    }
}

/// True when a joining word ("and", "or", "plus", "as well as") stands between the words
/// that make one case and words that make only the other: two things asked side by side.
fn joined(tokens: &[Token], first: &HashSet<usize>, second: &HashSet<usize>) -> bool {
    let own: Vec<usize> = second
        .iter()
        .copied()
        .filter(|k| !first.contains(k))
        .collect();
    if own.is_empty() || first.is_empty() {
        return false;
    }
    let (lo_a, hi_a) = (first.iter().min(), first.iter().max());
    let (lo_b, hi_b) = (own.iter().min(), own.iter().max());
    let (Some(&lo_a), Some(&hi_a), Some(&lo_b), Some(&hi_b)) = (lo_a, hi_a, lo_b, hi_b) else {
        return false;
    };
    let between = if hi_a < lo_b {
        hi_a + 1..lo_b
    } else if hi_b < lo_a {
        hi_b + 1..lo_a
    } else {
        return false;
    };
    tokens[between]
        .iter()
        .any(|t| matches!(t.text.as_str(), "and" | "or" | "plus" | "versus" | "vs"))
}

/// Question words: a cue opening with one asks about what follows it.
const WH: [&str; 7] = ["how", "what", "whats", "which", "who", "whom", "whose"];

/// Where the question proper starts after a scene-setting clause ("For finance's reports,
/// how far behind ..."): the opener after the first clause break, when the part does not
/// open with one itself; 0 otherwise.
fn focus_start(tokens: &[Token]) -> usize {
    if tokens
        .first()
        .is_some_and(|t| OPENS.contains(&t.text.as_str()))
    {
        return 0;
    }
    tokens
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, t)| t.clause_break && OPENS.contains(&t.text.as_str()))
        .map_or(0, |(i, _)| i)
}

fn has_content(content: &[(usize, String)], range: &Range<usize>) -> bool {
    content.iter().any(|(at, _)| range.contains(at))
}

/// Two numbers name the same amount, give or take the rounding of speech.
pub(super) fn near(a: f64, b: f64) -> bool {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo > 0.0 && hi / lo <= 1.6
}

/// What kind of amount a number in a sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dimension {
    Time,
    Bytes,
    /// "5x", "twice": how many times something else.
    Times,
    Other,
}

/// A number said in words or digits, scaled by what follows it ("10k", "50 thousand",
/// "2 minutes" in seconds, "1 KB" in bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Number {
    pub value: f64,
    dimension: Dimension,
}

/// The numbers of a sentence. Years ("2024") are dates, not amounts.
pub(super) fn numbers(tokens: &[Token]) -> Vec<Number> {
    numbers_in(tokens, false)
}

/// [`numbers`], with a span of time said in one word ("daily", "forever") read as one: what
/// an assumption holds a fact to, though too loose to say a reply made a point ("the nightly
/// restatement" names no one-day figure).
fn numbers_in(tokens: &[Token], periods: bool) -> Vec<Number> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // "an hour", "a day": one of the unit that follows.
        let unit_follows = tokens
            .get(i + 1)
            .is_some_and(|t| seconds_of(&t.text).is_some() || bytes_of(&t.text).is_some());
        let article = matches!(tokens[i].text.as_str(), "a" | "an") && unit_follows;
        // "a daily refresh", "kept forever": a span of time in one word.
        if let Some(seconds) = period_word(&tokens[i].text).filter(|_| periods) {
            found.push(Number {
                value: seconds,
                dimension: Dimension::Time,
            });
            i += 1;
            continue;
        }
        let Some(mut value) = number_at(&tokens[i].text).or(article.then_some(1.0)) else {
            i += 1;
            continue;
        };
        let mut dimension = if is_multiplier(&tokens[i].text) {
            Dimension::Times
        } else {
            Dimension::Other
        };
        let mut j = i + 1;
        while let Some(next) = tokens.get(j) {
            let word = next.text.as_str();
            if let Some(scale) = scale_of(word) {
                value *= scale;
            } else if matches!(word, "times" | "x" | "fold")
                && !tokens
                    .get(j + 1)
                    .is_some_and(|t| matches!(t.text.as_str(), "a" | "an" | "per" | "every"))
            {
                // "five times normal"; "three times a day" is how often.
                dimension = Dimension::Times;
                j += 1;
                break;
            } else if let Some(seconds) = seconds_of(word) {
                value *= seconds;
                dimension = Dimension::Time;
                j += 1;
                break;
            } else if let Some(bytes) = bytes_of(word) {
                value *= bytes;
                dimension = Dimension::Bytes;
                j += 1;
                break;
            } else {
                break;
            }
            j += 1;
        }
        let year = (1990.0..2100.0).contains(&value) && dimension == Dimension::Other;
        if !year {
            found.push(Number { value, dimension });
        }
        i = j;
    }
    found
}

fn number_at(word: &str) -> Option<f64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
        #[allow(clippy::cast_precision_loss)]
        return Some(i as f64);
    }
    // "peak is maybe twice the average": a multiplier in words.
    if let Some((_, times)) = MULTIPLIER_WORDS.iter().find(|(w, _)| *w == word) {
        return Some(*times);
    }
    let digits = word.trim_end_matches(['k', 'm', 'x']);
    let value: f64 = digits.replace(',', "").parse().ok()?;
    Some(match &word[digits.len()..] {
        "k" => value * 1e3,
        "m" => value * 1e6,
        _ => value,
    })
}

/// Multipliers said as a word, and their value ("double" is left out: it is as often "double
/// counting").
const MULTIPLIER_WORDS: [(&str, f64); 3] = [("twice", 2.0), ("thrice", 3.0), ("tenfold", 10.0)];

/// "5x", "twice", "tenfold": a multiplier, not a count.
fn is_multiplier(word: &str) -> bool {
    MULTIPLIER_WORDS.iter().any(|(w, _)| *w == word)
        || word.strip_suffix('x').is_some_and(|n| {
            !n.is_empty()
                && n.replace([',', '.'], "")
                    .bytes()
                    .all(|b| b.is_ascii_digit())
        })
}

/// A word that is a span of time on its own: a period ("hourly", "nightly") or no end at all.
fn period_word(word: &str) -> Option<f64> {
    let seconds = match word {
        "hourly" => 3_600.0,
        "daily" | "nightly" => 86_400.0,
        "weekly" => 604_800.0,
        "monthly" => 2_629_800.0,
        "yearly" | "annually" => 31_557_600.0,
        // A century stands for "no end": further from any stated span than any span is.
        "forever" | "indefinitely" | "permanently" => 3_155_760_000.0,
        _ => return None,
    };
    Some(seconds)
}

fn scale_of(word: &str) -> Option<f64> {
    match word {
        "k" | "thousand" => Some(1e3),
        "m" | "million" | "millions" => Some(1e6),
        "b" | "bn" | "billion" | "billions" => Some(1e9),
        "hundred" => Some(1e2),
        _ => None,
    }
}

fn seconds_of(word: &str) -> Option<f64> {
    let unit = match word {
        "ms" | "millisecond" | "milliseconds" => 1e-3,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "day" | "days" => 86_400.0,
        "week" | "weeks" => 604_800.0,
        "month" | "months" => 2_629_800.0,
        "year" | "years" => 31_557_600.0,
        _ => return None,
    };
    Some(unit)
}

fn bytes_of(word: &str) -> Option<f64> {
    let unit = match word {
        "byte" | "bytes" => 1.0,
        "kb" | "kib" => 1e3,
        "mb" | "mib" => 1e6,
        "gb" | "gib" => 1e9,
        "tb" | "tib" => 1e12,
        "pb" => 1e15,
        _ => return None,
    };
    Some(unit)
}

/// Splits a question at a second question inside it ("how fresh and how big", "is it X or
/// do they need Y"), so each part is weighed on its own.
pub(super) fn parts(tokens: &[Token]) -> Vec<Range<usize>> {
    const JOINS: [&str; 5] = ["and", "or", "also", "plus", "then"];
    let mut cuts = vec![0];
    for i in 1..tokens.len().saturating_sub(1) {
        let word = tokens[i].text.as_str();
        let (at, joined) = if JOINS.contains(&word) {
            (i + 1, true)
        } else if tokens[i].clause_break {
            (i, false)
        } else {
            continue;
        };
        let before = &tokens[cuts[cuts.len() - 1]..at];
        // A bare comma ends a question or an assumption, not a scene-setting clause
        // ("During sales, is it OK ...").
        // "When a row disappears, does it ..." opens with a clause, not a question.
        let ends_something = joined
            || before.first().is_some_and(|t| {
                OPENS.contains(&t.text.as_str()) && !matches!(t.text.as_str(), "when" | "where")
            })
            || states_assumption(before);
        if ends_something && OPENS.contains(&tokens[at].text.as_str()) && before.len() >= 2 {
            cuts.push(at);
        }
    }
    cuts.push(tokens.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// The words state an assumption ("I'll assume", "let's say", "suppose").
pub(super) fn states_assumption(tokens: &[Token]) -> bool {
    crate::score::Lexicon::builtin()
        .scan(tokens)
        .iter()
        .any(|h| h.group == crate::score::Group::Assumption)
}

/// Words a question (or a second question inside one) opens with.
pub(super) const OPENS: [&str; 19] = [
    "how", "what", "whats", "who", "which", "when", "where", "why", "is", "are", "do", "does",
    "did", "can", "could", "should", "will", "would", "must",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_scaled_by_what_follows_them() {
        let n = numbers(&tokenize(
            "about 10k events, 2 minutes, 50 thousand and 1 KB in 2024, within an hour",
        ));
        let values: Vec<(f64, Dimension)> = n.iter().map(|n| (n.value, n.dimension)).collect();
        assert_eq!(
            values,
            [
                (10_000.0, Dimension::Other),
                (120.0, Dimension::Time),
                (50_000.0, Dimension::Other),
                (1_000.0, Dimension::Bytes),
                (3_600.0, Dimension::Time),
            ]
        );
    }

    #[test]
    fn a_question_splits_at_a_second_question() {
        let tokens = tokenize("How fresh must it be and how many events are there?");
        let split = parts(&tokens);
        assert_eq!(split.len(), 2, "{split:?}");
        assert_eq!(tokens[split[1].start].text, "how");
        assert_eq!(parts(&tokenize("Who reads and writes it?")).len(), 1);
    }
}
