//! Per-sentence analysis: which ideas a sentence names or decides, whether it gives a reason,
//! whether it is a question, an assumption, a bare list, and which quantities it states.
//!
//! The rules built on this (`rules.rs`) judge decisions and reasons: an idea earns credit in a
//! sentence that states a mechanism with some substance or gives a reason, never from a bare
//! term or a comma-separated string of terms.

use crate::answer::{Answer, BlockKind, Sentence};
use crate::text::Token;

use super::lexicon::{Group, Hit, HitKind, Lexicon};

/// Words that negate what follows them within the same clause.
const NEGATORS: &[&str] = &[
    "not", "no", "never", "without", "none", "nothing", "nor", "neither", "hardly", "barely",
];

/// How far back a negator reaches, in words.
const NEGATION_REACH: usize = 5;
/// How far back "avoid" reaches, in words.
const AVOID_REACH: usize = 2;

/// A mechanism alone earns credit only in a sentence at least this long; shorter ones ("Hot
/// keys are handled with salting.") name a fix without showing it is understood.
pub const SUBSTANTIVE_WORDS: usize = 9;

/// Groups whose hits are markers of how something is said, not claims, so negation does not
/// apply to them.
fn negation_applies(group: Group) -> bool {
    !matches!(
        group,
        Group::Reason
            | Group::Tradeoff
            | Group::Assumption
            | Group::Requirement
            | Group::Dismissal
            | Group::ScaleHandwave
            | Group::Conclusion
            | Group::Tool
            | Group::ExactlyOnceEverywhere
            | Group::ExactlyOnceRejected
            | Group::Retraction
            | Group::Hedge
            | Group::BreakingLabel
            | Group::TradeoffLabel
            | Group::SkipsClarify
    )
}

/// Groups that say how something is said (a reason, a question, a limit, a boast). In a code
/// block they are code (`LIMIT 50`, `-- because ...` aside), so only ideas count there.
fn is_marker(group: Group) -> bool {
    let says_how = !negation_applies(group) && group != Group::Tool;
    says_how || matches!(group, Group::Breaking | Group::Bulletproof)
}

/// Words that start a clause of their own for negation and retraction, besides punctuation:
/// "dedup at read time is not needed because writes are upserts" waves away one idea and
/// states another.
const CLAUSE_WORDS: [&str; 8] = [
    "because", "since", "but", "so", "while", "whereas", "although", "though",
];

/// What one sentence contains.
// Each flag is an independent property of the sentence, not a state.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Default)]
pub struct SentenceInfo {
    /// Hits that stand (not negated).
    pub hits: Vec<Hit>,
    /// Hits negated in their clause ("we don't need monitoring").
    pub negated: Vec<Hit>,
    /// The sentence gives a reason or purpose.
    pub reason: bool,
    /// A string of terms rather than a statement: earns no credit for ideas.
    pub list_like: bool,
    /// Asks something (of the interviewer or aloud).
    pub question: bool,
    /// States an assumption.
    pub assumption: bool,
    /// Numbers that carry a unit.
    pub quantities: usize,
    /// Relates two or more numbers (arithmetic done aloud).
    pub arithmetic: bool,
    /// Number of words.
    pub words: usize,
    /// Talks about the system itself (a component, a failure topic, a number, a design noun),
    /// so a trade-off or a limit in it is about the design and not about, say, the team.
    pub anchored: bool,
    /// Token positions of the anchors: numbers, design nouns and the words of system hits.
    pub anchors: Vec<usize>,
    /// Tells of a clarification in prose ("I'd want to know ...", "I asked ...").
    pub clarifies: bool,
    /// Leaves its choice open ("maybe", "it depends") and gives no reason.
    pub hedged: bool,
    /// Opens with a marker of taking something back ("actually", "on second thought").
    pub retraction_marker: bool,
    /// For each token, the index of its clause (punctuation or a clause word starts one).
    pub clause_of: Vec<u16>,
}

impl SentenceInfo {
    /// True when a standing hit of `group` exists.
    #[must_use]
    pub fn has(&self, group: Group) -> bool {
        self.hits.iter().any(|h| h.group == group)
    }

    /// True when a standing hit of `group` of `kind` exists.
    #[must_use]
    pub fn has_kind(&self, group: Group, kind: HitKind) -> bool {
        self.hits.iter().any(|h| h.group == group && h.kind == kind)
    }

    /// True when `group` is named or decided here in a statement (not a bare list).
    #[must_use]
    pub fn addresses(&self, group: Group) -> bool {
        self.has(group)
            && !self.dismisses(group)
            && (!self.list_like || self.has_kind(group, HitKind::Mechanism))
            && self.anchored_beyond(group)
    }

    /// Something about the system is said besides naming `group` itself ("skew is a thing
    /// people mention" names skew and nothing else).
    #[must_use]
    pub fn anchored_beyond(&self, group: Group) -> bool {
        let own: Vec<&std::ops::Range<usize>> = self
            .hits
            .iter()
            .filter(|h| h.group == group)
            .map(|h| &h.tokens)
            .collect();
        self.anchors
            .iter()
            .any(|a| !own.iter().any(|r| r.contains(a)))
    }

    /// True when this sentence earns credit for `group`: it states a mechanism or decision
    /// (not just the name of the idea) with some substance or a reason. Never in a bare list,
    /// a question, a dismissal or a boast ("replicated, so it can never be lost").
    #[must_use]
    pub fn credits(&self, group: Group) -> bool {
        if self.list_like
            || self.question
            || self.hedged
            || self.dismisses(group)
            || self.has(Group::Bulletproof)
        {
            return false;
        }
        self.has_kind(group, HitKind::Mechanism)
            && (self.words >= SUBSTANTIVE_WORDS || self.reason)
            && self.anchored_beyond(group)
    }

    /// True when the sentence takes `group` back as a whole: some clause waves it away ("we
    /// can skip compaction", "actually we don't need upserts") and no other clause states a
    /// mechanism for it ("dedup at read time is not needed because writes are upserts").
    #[must_use]
    pub fn retracts(&self, group: Group) -> bool {
        // "Where it breaks: a hot seller we have not salted yet" tells a failure story.
        if self.has(Group::Breaking) || self.question {
            return false;
        }
        let clause = |hit: &Hit| self.clause_of.get(hit.tokens.start).copied().unwrap_or(0);
        let dismissal_clauses: Vec<u16> = self
            .hits
            .iter()
            .filter(|h| h.group == Group::Dismissal)
            .map(clause)
            .collect();
        // A bare "not" only waves an idea away in a sentence that says it takes something back
        // or dismisses something ("Actually, we don't need upserts").
        let negation_dismisses = self.retraction_marker || !dismissal_clauses.is_empty();
        let mut waved: Vec<u16> = self
            .negated
            .iter()
            .filter(|h| h.group == group && negation_dismisses)
            .map(clause)
            .collect();
        waved.extend(
            self.hits
                .iter()
                .filter(|h| h.group == group && dismissal_clauses.contains(&clause(h)))
                .map(clause),
        );
        if waved.is_empty() {
            return false;
        }
        !self.hits.iter().any(|h| {
            h.group == group && h.kind == HitKind::Mechanism && !waved.contains(&clause(h))
        })
    }

    /// True when the sentence waves `group` away ("replays aren't needed").
    #[must_use]
    pub fn dismisses(&self, group: Group) -> bool {
        self.negated.iter().any(|h| h.group == group)
            || (self.has(group) && self.has(Group::Dismissal))
    }
}

/// Analyses every sentence of `answer`.
#[must_use]
pub fn analyse(answer: &Answer<'_>, lexicon: &Lexicon) -> Vec<SentenceInfo> {
    answer
        .sentences
        .iter()
        .map(|s| analyse_sentence(answer.source, s, lexicon))
        .collect()
}

fn analyse_sentence(source: &str, sentence: &Sentence, lexicon: &Lexicon) -> SentenceInfo {
    let tokens = &sentence.tokens;
    let mut info = SentenceInfo {
        words: tokens.len(),
        clause_of: clauses(tokens),
        ..SentenceInfo::default()
    };
    let code = sentence.kind == BlockKind::Code;
    for hit in lexicon.scan(tokens) {
        if code && is_marker(hit.group) {
            continue;
        }
        if negation_applies(hit.group)
            && (lexicon.tells_story(hit.group) || !negates_symptom(tokens, &hit))
            && is_negated(tokens, &hit.tokens)
        {
            info.negated.push(hit);
        } else {
            info.hits.push(hit);
        }
    }
    // A story group's mechanism without its failure named is a part, not a design for it.
    let told: Vec<Group> = info
        .hits
        .iter()
        .filter(|h| h.kind == HitKind::Symptom)
        .map(|h| h.group)
        .collect();
    for hit in &mut info.hits {
        if hit.kind == HitKind::Mechanism
            && lexicon.tells_story(hit.group)
            && !told.contains(&hit.group)
        {
            hit.kind = HitKind::Mention;
        }
    }
    let raw = source.get(sentence.span.clone()).unwrap_or_default();
    info.reason = info.has(Group::Reason) || has_colon_reason(raw);
    info.question = sentence.question_mark
        || info
            .hits
            .iter()
            .any(|h| h.group == Group::Question && question_hit_counts(tokens, h));
    info.assumption = info.has(Group::Assumption);
    info.clarifies = info.has(Group::Clarification);
    info.hedged = info.has(Group::Hedge) && !info.reason;
    info.retraction_marker = info
        .hits
        .iter()
        .any(|h| h.group == Group::Retraction && h.tokens.start <= 2);
    info.quantities = count_quantities(source, tokens);
    let numbers = tokens.iter().filter(|t| is_number(t)).count();
    info.arithmetic = numbers >= 2 && relates_numbers(raw, tokens);
    info.list_like = is_list_like(raw, sentence.kind, &info);
    for hit in &info.hits {
        if Group::DEEP_DIVE_TOPICS.contains(&hit.group)
            || matches!(
                hit.group,
                Group::Tool | Group::Observability | Group::ExactlyOnce
            )
        {
            info.anchors.extend(hit.tokens.clone());
        }
    }
    info.anchors.extend(
        tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| is_number(t) || is_design_noun(&t.text))
            .map(|(i, _)| i),
    );
    info.anchors.sort_unstable();
    info.anchors.dedup();
    info.anchored = !info.anchors.is_empty();
    info
}

/// The clause index of every token: a new clause starts at punctuation or a clause word.
fn clauses(tokens: &[Token]) -> Vec<u16> {
    let mut clause = 0u16;
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i > 0 && (t.clause_break || CLAUSE_WORDS.contains(&t.text.as_str())) {
                clause = clause.saturating_add(1);
            }
            clause
        })
        .collect()
}

/// Stems of the nouns of the system under design.
const DESIGN_NOUNS: &[&str] = &[
    "partition",
    "shard",
    "key",
    "consumer",
    "producer",
    "pipeline",
    "stream",
    "batch",
    "table",
    "file",
    "quer",
    "dashboard",
    "load",
    "traffic",
    "spike",
    "peak",
    "latenc",
    "fresh",
    "stale",
    "cost",
    "storage",
    "throughput",
    "lag",
    "window",
    "state",
    "writer",
    "sink",
    "schema",
    "event",
    "order",
    "seller",
    "merchant",
    "cluster",
    "node",
    "broker",
    "topic",
    "memory",
    "disk",
    "network",
    "compute",
    "job",
    "replay",
    "backfill",
    "write",
    "read",
    "ingest",
    "aggregat",
    "join",
    "dedup",
    "duplicat",
    "offset",
    "checkpoint",
    "volume",
    "scale",
    "capacity",
    "retention",
    "warehouse",
    "lake",
    "database",
    "sla",
    "alert",
    "page",
    "monitor",
    "index",
    "cache",
    "api",
    "service",
    "queue",
    "log",
    "cdc",
    "delet",
    "updat",
    "insert",
    "upsert",
    "merg",
    "compact",
    "row",
    "record",
    "column",
    "snapshot",
    "poll",
    "bill",
    "invoice",
    "count",
    "total",
    "metric",
    "report",
    "histor",
    "version",
    "feature",
    "model",
    "training",
    "source",
];

/// Nouns of the system under design.
fn is_design_noun(word: &str) -> bool {
    let Some(first) = word.as_bytes().first() else {
        return false;
    };
    // Compare the first byte before the whole stem: this runs for every word of an answer.
    DESIGN_NOUNS
        .iter()
        .any(|stem| stem.as_bytes()[0] == *first && word.starts_with(stem))
}

/// How the words at a range are ruled out, when they are: the one reading of negation that
/// the scorer ([`is_negated`]) and the design reader ([`rules_out`]) share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negation {
    /// A negator before them in their clause ("we do not salt"), or "... is not needed" after.
    Negated,
    /// The second half of a contrast: "by `seller_id`, not by user id", "X rather than Y",
    /// "X instead of Y" rule out Y and leave X standing.
    Contrasted,
    /// A match that runs across a contrast ("partition by user, not seller" matching
    /// "partition .. seller"): its first words stand, its last are ruled out. The scorer keeps
    /// the idea its first words name ("overwrites rather than double-counts" still
    /// overwrites); the design reader, which reads the choice from the last words (the key),
    /// rules it out.
    Across,
    /// Avoided ("we avoid committing before the write"). A design choice avoided is ruled
    /// out; for the scorer it is not a negation, because avoiding a failure ("to avoid a hot
    /// partition we salt") affirms a design.
    Avoided,
}

/// True when the scorer reads the words at `range` as negated or contrasted away.
#[must_use]
pub fn is_negated(tokens: &[Token], range: &std::ops::Range<usize>) -> bool {
    matches!(
        negation(tokens, range),
        Some(Negation::Negated | Negation::Contrasted)
    )
}

/// True when a design choice stated by the words at `range` is ruled out: negated,
/// contrasted away, running across a contrast, or avoided.
pub(super) fn rules_out(tokens: &[Token], range: &std::ops::Range<usize>) -> bool {
    negation(tokens, range).is_some()
}

/// True when `tokens[at]` opens a contrast whose second half follows it: "not" after a
/// break (", not by user id"), "rather than", "instead of". Returns the marker's length.
fn contrast_at(tokens: &[Token], at: usize) -> Option<usize> {
    let word = |i: usize| tokens.get(i).map(|t| t.text.as_str());
    match (word(at), word(at + 1)) {
        (Some("rather"), Some("than")) | (Some("instead"), Some("of")) => Some(2),
        (Some(w), _) if tokens[at].clause_break && NEGATORS.contains(&w) => Some(1),
        _ => None,
    }
}

/// How the words at `range` are ruled out, if they are. A negator reaches back
/// [`NEGATION_REACH`] words within the clause, and not past a clause word ("not by user id
/// but by `seller_id`" leaves `seller_id` standing); "... is not needed" reads ahead. A contrast
/// negates only what follows it: in "X, not Y" the words of X stand, and a match that runs
/// across the contrast ("partition by user, not seller") is [`Negation::Across`].
#[must_use]
pub fn negation(tokens: &[Token], range: &std::ops::Range<usize>) -> Option<Negation> {
    if let Some(found) = negation_before(tokens, range.start) {
        return found;
    }
    // A contrast inside the match, with some of the match after it.
    let end = range.end.min(tokens.len());
    if (range.start + 1..end).any(|k| contrast_at(tokens, k).is_some_and(|len| k + len < end)) {
        return Some(Negation::Across);
    }
    negation_after(&tokens[end..]).then_some(Negation::Negated)
}

/// The look back from `start`: `Some(found)` when a marker decides it (`Some(None)` for "not
/// only X", which affirms X), `None` when nothing does.
#[allow(clippy::option_option)] // "decided: not negated" differs from "nothing found".
fn negation_before(tokens: &[Token], start: usize) -> Option<Option<Negation>> {
    let mut i = start.min(tokens.len());
    let mut steps = 0;
    while i > 0 && steps < NEGATION_REACH && !tokens.get(i).is_some_and(|t| t.clause_break) {
        i -= 1;
        steps += 1;
        let word = tokens[i].text.as_str();
        if NEGATORS.contains(&word) {
            // "not only X but Y" affirms X.
            if tokens.get(i + 1).is_some_and(|t| t.text == "only") {
                return Some(None);
            }
            // ", not Y": a negator that opens its clause after another is a contrast.
            return Some(Some(if tokens[i].clause_break && i > 0 {
                Negation::Contrasted
            } else {
                Negation::Negated
            }));
        }
        if i > 0 && contrast_at(tokens, i - 1) == Some(2) {
            return Some(Some(Negation::Contrasted));
        }
        // "avoid committing", "avoid the auto-commit": its object follows it at once, while
        // "buffers to avoid small files and compaction runs" avoids no compaction.
        if word.starts_with("avoid") && steps <= AVOID_REACH {
            return Some(Some(Negation::Avoided));
        }
        if CLAUSE_WORDS.contains(&word) {
            return None;
        }
    }
    None
}

/// "... is not needed", "... is unnecessary" after the words. "X, not a Y" is a contrast, not
/// "X is not a ...": after a break only "not" with a predicate ("not needed") negates.
fn negation_after(after: &[Token]) -> bool {
    for (j, token) in after.iter().enumerate().take(4) {
        if j > 0 && token.clause_break {
            break;
        }
        match token.text.as_str() {
            "unnecessary" | "overkill" | "pointless" => return true,
            "not" => {
                // "is not really needed", "does not actually apply".
                let next = after[j + 1..]
                    .iter()
                    .map(|t| t.text.as_str())
                    .find(|w| !matches!(*w, "really" | "actually" | "even" | "much" | "that"));
                let predicate = matches!(
                    next,
                    Some(
                        "needed"
                            | "required"
                            | "necessary"
                            | "important"
                            | "worth"
                            | "apply"
                            | "applies"
                            | "matter"
                            | "needed."
                    )
                );
                let article = matches!(next, Some("a" | "an")) && !token.clause_break;
                if predicate || article {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// "No duplicates", "never double-counts", "without a hot partition": a negator right before
/// the name of a failure says the failure does not happen, which affirms the design. Not for
/// a story group, whose symptoms include its remedies: "no failover" affirms nothing. "Not
/// worried about hot keys" negates the worry, and waves the idea away like any negation.
/// A contrast that rules the failure out ("overwrites rather than double-counts") affirms the
/// design the same way.
fn negates_symptom(tokens: &[Token], hit: &Hit) -> bool {
    if hit.kind != HitKind::Symptom {
        return false;
    }
    if negation(tokens, &hit.tokens) == Some(Negation::Contrasted) {
        return true;
    }
    let before = tokens[..hit.tokens.start]
        .iter()
        .rev()
        .map(|t| t.text.as_str())
        .find(|w| !matches!(*w, "a" | "an" | "any" | "the" | "single" | "more"));
    before.is_some_and(|w| NEGATORS.contains(&w))
}

/// A question word counts only near the start of the sentence ("What is the peak?"), while
/// explicit phrasings ("I'd ask", "clarify") count anywhere.
fn question_hit_counts(tokens: &[Token], hit: &Hit) -> bool {
    let first = tokens[hit.tokens.start].text.as_str();
    let wh = matches!(
        first,
        "what"
            | "how"
            | "who"
            | "which"
            | "is"
            | "are"
            | "do"
            | "does"
            | "can"
            | "should"
            | "must"
            | "will"
    );
    !wh || hit.tokens.start <= 2
}

/// "kafka: absorbs the spike and keeps a week for replay" gives the component's purpose.
fn has_colon_reason(raw: &str) -> bool {
    raw.split_once(':').is_some_and(|(head, tail)| {
        let head_words = head.split_whitespace().count();
        let tail_words = tail.split_whitespace().count();
        (1..=8).contains(&head_words) && tail_words >= 3 && !tail.trim_start().starts_with("//")
    })
}

/// Words that give a bare number a unit.
const UNIT_WORDS: &[&str] = &[
    "k",
    "m",
    "b",
    "bn",
    "thousand",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "event",
    "events",
    "message",
    "messages",
    "msgs",
    "record",
    "records",
    "row",
    "rows",
    "order",
    "orders",
    "click",
    "clicks",
    "request",
    "requests",
    "users",
    "keys",
    "files",
    "file",
    "partition",
    "partitions",
    "brokers",
    "nodes",
    "workers",
    "shards",
    "consumers",
    "bytes",
    "byte",
    "kb",
    "mb",
    "gb",
    "tb",
    "pb",
    "kib",
    "mib",
    "gib",
    "tib",
    "bits",
    "kbps",
    "mbps",
    "gbps",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "ms",
    "millisecond",
    "milliseconds",
    "min",
    "mins",
    "minute",
    "minutes",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "d",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "x",
    "times",
    "percent",
    "dollars",
    "usd",
    "cents",
    "changes",
    "sellers",
    "tables",
    "databases",
    "per",
    // "two million a day"
    "a",
];

fn is_unit_word(word: &str) -> bool {
    UNIT_WORDS.contains(&word) || SPELLED_BYTES.contains(&word)
}

/// Suffixes written onto a number (`10k`, `50mb`, `5x`).
const UNIT_SUFFIXES: &[&str] = &[
    "k", "m", "b", "bn", "x", "kb", "mb", "gb", "tb", "pb", "kib", "mib", "gib", "tib", "ms", "s",
    "h", "hr", "min", "d", "mbps", "gbps",
];

/// Byte units spelled out; "a kilobyte" states a size without a digit.
const SPELLED_BYTES: &[&str] = &[
    "kilobyte",
    "kilobytes",
    "megabyte",
    "megabytes",
    "gigabyte",
    "gigabytes",
    "terabyte",
    "terabytes",
    "petabyte",
    "petabytes",
];

/// Fewer than this many per day, week, month or year ("2 a week") is how often something
/// happens, not a volume to size.
const A_FEW: f64 = 100.0;

fn count_quantities(source: &str, tokens: &[Token]) -> usize {
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            if SPELLED_BYTES.contains(&t.text.as_str()) {
                return *i > 0 && matches!(tokens[i - 1].text.as_str(), "a" | "one" | "per");
            }
            if !t.numeric {
                // "ten thousand events": count the last number word before the unit.
                return NUMBER_WORDS.contains(&t.text.as_str())
                    && tokens.get(i + 1).is_some_and(|next| {
                        is_unit_word(&next.text) && !NUMBER_WORDS.contains(&next.text.as_str())
                    });
            }
            let suffix = t
                .text
                .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '_'));
            if !suffix.is_empty() {
                return UNIT_SUFFIXES.contains(&suffix);
            }
            let before = source[..t.span.start].chars().next_back();
            let after = source[t.span.end..].chars().next();
            // "300 a second" is a rate; "2 a week" is how often something small happens.
            let a_few = |next: &Token| {
                let long_period = tokens.get(i + 2).is_some_and(|p| {
                    matches!(
                        p.text.as_str(),
                        "day" | "week" | "month" | "year" | "quarter" | "night"
                    )
                });
                matches!(next.text.as_str(), "a" | "per")
                    && long_period
                    && t.text
                        .replace(',', "")
                        .parse::<f64>()
                        .is_ok_and(|v| v < A_FEW)
            };
            matches!(before, Some('$' | '€' | '£'))
                || matches!(after, Some('%' | '$'))
                || tokens
                    .get(i + 1)
                    .is_some_and(|next| is_unit_word(&next.text) && !a_few(next))
        })
        .count()
}

/// "over" relates numbers only between two of them ("12 TB over 200 MB/s"), not in "over the
/// day"; the other operator words relate numbers wherever they stand.
fn operator_relates(tokens: &[Token], at: usize) -> bool {
    if tokens[at].text != "over" {
        return true;
    }
    let before = tokens[at.saturating_sub(2)..at].iter().any(is_number);
    let after = tokens[at + 1..].iter().take(2).any(is_number);
    before && after
}

fn relates_numbers(raw: &str, tokens: &[Token]) -> bool {
    // `10k/s` is a unit, not a division: only spaced or explicit operators count.
    let arrow_between_numbers = ["→", "->", "=>"].iter().any(|arrow| {
        raw.split_once(arrow).is_some_and(|(left, right)| {
            left.contains(|c: char| c.is_ascii_digit())
                && right.contains(|c: char| c.is_ascii_digit())
        })
    });
    if raw.contains(['×', '*', '=', '≈', '÷'])
        || arrow_between_numbers
        || raw.contains(" x ")
        || raw.contains(" / ")
        || tokens.iter().enumerate().any(|(at, t)| {
            matches!(
                t.text.as_str(),
                "times"
                    | "divided"
                    | "dividing"
                    | "divide"
                    | "multiply"
                    | "multiplied"
                    | "multiplying"
                    | "equals"
                    | "over"
            ) && operator_relates(tokens, at)
        })
    {
        return true;
    }
    // "at 1 KB that's about 864 GB", "a day is 86,400 s, so ~864M": a result drawn from an
    // earlier number in the same clause.
    tokens.iter().enumerate().any(|(i, t)| {
        let links = matches!(
            t.text.as_str(),
            "so" | "gives"
                | "is"
                | "comes"
                | "works"
                | "means"
                | "makes"
                | "roughly"
                | "about"
                | "around"
                | "call"
                | "total"
                | "totals"
                | "be"
                | "that"
        );
        if !links {
            return false;
        }
        // A number earlier in this clause, or in the clause just before it ("at 10k/s and
        // 5x peak, that is 50k/s").
        let clause_start = tokens[..=i]
            .iter()
            .rposition(|b| b.clause_break)
            .unwrap_or(0);
        let previous_start = tokens[..clause_start]
            .iter()
            .rposition(|b| b.clause_break)
            .unwrap_or(0);
        let before = tokens[previous_start..i].iter().any(is_number);
        let after = tokens[i + 1..]
            .iter()
            .take(4)
            .take_while(|a| !a.clause_break)
            .any(is_number);
        before && after
    })
}

/// Number words people write instead of digits ("ten thousand events a second").
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
];

fn is_number(token: &Token) -> bool {
    token.numeric || NUMBER_WORDS.contains(&token.text.as_str())
}

/// A sentence that strings terms together ("Kafka, Flink, idempotency, compaction and DLQ")
/// or a list fragment too short to state a decision.
fn is_list_like(raw: &str, kind: BlockKind, info: &SentenceInfo) -> bool {
    // "**Risks.**", "Where it breaks:", "- Skew handling via salting": labels and bare list
    // items. Terse notes with numbers ("5-min commits + daily compaction") are statements.
    let has_digit = raw.contains(|c: char| c.is_ascii_digit());
    let short_fragment = !has_digit
        && !info.reason
        && (info.words <= 4
            || (matches!(kind, BlockKind::ListItem | BlockKind::TableRow) && info.words <= 5));
    if short_fragment {
        return true;
    }
    // `/` and `+` separate items only when spaced: `63 TB/year` is one quantity.
    let segments: Vec<usize> = raw
        .split([',', ';', '|'])
        .flat_map(|part| part.split(" / "))
        .flat_map(|part| part.split(" + "))
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" then "))
        .map(|part| part.split_whitespace().count())
        .filter(|&words| words > 0)
        .collect();
    if segments.len() < 3 || info.reason {
        return false;
    }
    let mean = segments.iter().sum::<usize>() as f64 / segments.len() as f64;
    mean <= 3.5
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::answer::Answer;

    fn info(text: &str) -> SentenceInfo {
        let answer = Answer::parse(text);
        let mut all = analyse(&answer, Lexicon::builtin());
        assert_eq!(all.len(), 1, "one sentence expected in {text:?}");
        all.remove(0)
    }

    #[test]
    fn negation_in_the_same_clause() {
        let s = info("We don't need monitoring, users will tell us.");
        assert!(s.dismisses(Group::Observability));
        assert!(!s.addresses(Group::Observability));
        let s = info("Replays aren't needed for this.");
        assert!(s.dismisses(Group::Replay));
        let s = info("This design is not bulletproof.");
        assert!(!s.has(Group::Bulletproof));
        assert!(s.has(Group::Breaking));
    }

    /// Where `word` is in `text`'s tokens, and how it is ruled out.
    fn negation_of(text: &str, word: &str) -> Option<Negation> {
        let tokens = crate::text::tokenize(text);
        let at = tokens
            .iter()
            .position(|t| t.text == word)
            .unwrap_or_else(|| panic!("{word:?} not in {text:?}"));
        negation(&tokens, &(at..at + 1))
    }

    #[test]
    fn a_contrast_negates_only_its_second_half() {
        for (text, stands, ruled_out) in [
            (
                "We partition by seller_id, not by user id.",
                "seller",
                "user",
            ),
            (
                "Keyed by merchant_id, not user_id, for per-merchant order.",
                "merchant",
                "user",
            ),
            ("We upsert rather than append.", "upsert", "append"),
            (
                "Writes are upserts instead of blind inserts.",
                "upserts",
                "inserts",
            ),
            ("Compaction runs hourly, not nightly.", "hourly", "nightly"),
            ("Not by user id but by seller_id.", "seller", "user"),
        ] {
            assert_eq!(negation_of(text, stands), None, "{stands} in {text:?}");
            assert!(
                negation_of(text, ruled_out).is_some(),
                "{ruled_out} in {text:?}"
            );
        }
        assert_eq!(
            negation_of("Hash by tenant, not a random id.", "tenant"),
            None,
            "', not a ...' is a contrast, not 'is not a ...'"
        );
        assert_eq!(
            negation_of("Upserts are not an option here.", "upserts"),
            Some(Negation::Negated)
        );
    }

    #[test]
    fn a_failure_contrasted_away_affirms_the_design() {
        let s = info(
            "Writes are upserts keyed by minute, so replaying a minute overwrites rather than double-counts.",
        );
        assert!(!s.dismisses(Group::Idempotency), "{:?}", s.negated);
        assert!(s.credits(Group::Idempotency));
        let s = info("The writer buffers to avoid small files and compaction runs every hour.");
        assert!(!s.dismisses(Group::SmallFiles), "{:?}", s.negated);
    }

    #[test]
    fn a_match_across_a_contrast_is_ruled_out_only_as_a_choice() {
        let tokens = crate::text::tokenize("We partition by user, not seller.");
        assert_eq!(negation(&tokens, &(1..6)), Some(Negation::Across));
        assert!(rules_out(&tokens, &(1..6)));
        assert!(!is_negated(&tokens, &(1..6)));
        // The scorer keeps the idea its first words name.
        let s = info("Replaying a minute overwrites rather than double-counts the totals.");
        assert!(
            s.has_kind(Group::Idempotency, HitKind::Mechanism),
            "{:?}",
            s.negated
        );
        let s = info("We partition by seller_id, not by user id.");
        assert!(s.has(Group::HotKeyRouting), "{:?}", s.negated);
    }

    #[test]
    fn avoiding_rules_a_choice_out_but_does_not_negate_for_the_scorer() {
        let tokens = crate::text::tokenize("We avoid committing offsets before the write.");
        assert!(rules_out(&tokens, &(2..3)));
        assert!(!is_negated(&tokens, &(2..3)));
        let s = info("To avoid a hot partition we salt the seller key over 16 sub-keys.");
        assert!(s.credits(Group::Skew));
    }

    #[test]
    fn negation_does_not_cross_a_clause() {
        let s = info("No, we replay from the retained log through the same code.");
        assert!(s.has(Group::Replay));
    }

    #[test]
    fn a_bare_list_earns_nothing() {
        let s = info(
            "We will have idempotency and compaction and lineage, and exactly-once, fault tolerant and highly available.",
        );
        assert!(s.list_like);
        assert!(!s.credits(Group::Idempotency));
        let s = info("Hot keys are handled with salting.");
        assert!(!s.credits(Group::Skew));
    }

    #[test]
    fn a_decision_with_substance_earns_credit() {
        let s = info(
            "Writes are upserts keyed on the event id, so a redelivered batch changes nothing.",
        );
        assert!(s.credits(Group::Idempotency));
        let s = info(
            "If one seller takes 40% of orders, I would salt the seller key over eight sub-keys.",
        );
        assert!(s.credits(Group::Skew));
    }

    #[test]
    fn quantities_need_units() {
        assert_eq!(
            info("Peak is 50k events/s at 1 KB each, about 50 MB/s.").quantities,
            3
        );
        assert_eq!(info("Step 1 of 3.").quantities, 0);
        // A small count per period is how often something happens, not a volume.
        assert_eq!(info("We ship about 2 a week.").quantities, 0);
        assert_eq!(info("Orders come in at 300 a second.").quantities, 1);
        assert_eq!(info("It costs $9 a night, 5% of the budget.").quantities, 2);
        assert!(info("50k events/s * 1 KB = 50 MB/s").arithmetic);
    }

    #[test]
    fn questions_and_assumptions() {
        assert!(info("How fresh does the dashboard need to be?").question);
        assert!(info("I'd first ask who reads the numbers").question);
        assert!(!info("The job is what makes it fresh.").question);
        assert!(info("I'll assume two minutes of lag is fine.").assumption);
    }

    proptest! {
        /// "X, not Y", "X rather than Y", "X instead of Y": X stands and Y is ruled out,
        /// whatever the words.
        #[test]
        fn a_contrast_keeps_its_first_half(
            first in "[a-z]{3,9}",
            second in "[a-z]{3,9}",
            marker in prop::sample::select(vec![", not", ", not by", " rather than", " instead of"]),
        ) {
            prop_assume!(first != second);
            prop_assume!(![first.as_str(), second.as_str()].iter().any(|w| {
                NEGATORS.contains(w) || CLAUSE_WORDS.contains(w)
                    || w.starts_with("avoid") || matches!(*w, "rather" | "than" | "instead" | "of" | "only" | "by")
            }));
            let text = format!("We partition by {first}{marker} {second}.");
            prop_assert_eq!(negation_of(&text, &first), None, "{}", text);
            prop_assert!(negation_of(&text, &second).is_some(), "{}", text);
        }
    }
}
