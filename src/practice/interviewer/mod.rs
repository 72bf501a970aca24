//! The interviewer `dei` plays: it answers clarifying questions from the scenario's facts,
//! weighing each fact against what the question asks ([`clarify`]), acknowledges or corrects
//! stated assumptions, and picks deep-dive follow-ups aimed at what the answer so far missed.

pub mod clarify;
mod followup;
pub mod vocab;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::answer::Answer;
use crate::scenario::{FollowUp, Scenario};
use crate::score::{Lexicon, Scorecard, analysis};
use crate::text::Token;
use clarify::FactRanker;
pub use followup::{Grade, Judgement, Thin};
use vocab::Vocabulary;

/// Said when a question matches no fact: the interviewer neither invents nor refuses.
pub const NEUTRAL: &str = "The brief doesn't say. Assume what you think is reasonable and say it.";
/// Said to an assumption that agrees with the facts or that no fact covers.
pub const NOTED: &str = "Fine, assume that. It's pinned; carry it into your numbers.";
/// Said to a statement that is neither a question nor an assumption.
pub const GO_ON: &str = "Go on. What else do you need to know before you size it?";

/// Follow-ups asked in one deep-dive, at most.
pub const MAX_FOLLOWUPS: usize = 3;

/// What kind of reply the interviewer gave in Clarify (the first that applies, in this
/// order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplyKind {
    /// An assumption contradicted a fact and was corrected with it.
    Corrected,
    /// Facts were given.
    Facts,
    /// An assumption was acknowledged.
    Noted,
    /// A question the scenario's facts do not settle.
    Neutral,
    /// Neither a question nor an assumption.
    GoOn,
}

impl ReplyKind {
    /// The kebab-case id used in JSON.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Corrected => "corrected",
            Self::Facts => "facts",
            Self::Noted => "noted",
            Self::Neutral => "neutral",
            Self::GoOn => "go-on",
        }
    }
}

/// What the interviewer says back in Clarify, and what to pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The interviewer's words.
    pub text: String,
    /// Every fact the reply gives, repeated ones included (indices into the scenario's facts),
    /// in the order given.
    pub facts: Vec<usize>,
    /// Facts revealed by this reply for the first time.
    pub revealed: Vec<usize>,
    /// The candidate's sentences that state an assumption that stands (one a fact corrects
    /// is not pinned; the fact is).
    pub assumptions: Vec<String>,
    /// What kind of reply it is.
    pub kind: ReplyKind,
}

/// A follow-up chosen for the deep-dive, and the gaps it is aimed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick<'a> {
    /// The follow-up.
    pub followup: &'a FollowUp,
    /// The rubric ids it probes that the answer so far missed (empty: asked for coverage).
    pub aimed_at: Vec<String>,
}

/// The interviewer for one scenario.
#[derive(Debug)]
pub struct Interviewer<'a> {
    scenario: &'a Scenario,
    ranker: FactRanker,
    vocab: &'static Vocabulary,
}

/// How a question is put, which decides how a fact's reply opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// "Is it ...?", "Do they need ...?": the reply may open with yes or no.
    YesNo,
    /// "How fresh ...?", "Is it X or Y?": a "Yes," opener answers nothing.
    Open,
}

impl<'a> Interviewer<'a> {
    /// Prepares the interviewer for `scenario`.
    #[must_use]
    pub fn new(scenario: &'a Scenario) -> Self {
        let vocab = Vocabulary::builtin();
        Self {
            scenario,
            ranker: FactRanker::new(scenario, vocab),
            vocab,
        }
    }

    /// Answers what the candidate said in Clarify. `revealed` holds the fact ids already
    /// given, which are repeated as "As I said: ..." rather than revealed again.
    #[must_use]
    pub fn reply(&self, said: &str, revealed: &[String]) -> Reply {
        let answer = Answer::parse(said);
        let infos = analysis::analyse(&answer, Lexicon::builtin());
        let mut given: Vec<(usize, Form)> = Vec::new();
        let mut corrected: Vec<usize> = Vec::new();
        let mut assumptions = Vec::new();
        let mut questions = 0;
        let any_question = answer
            .sentences
            .iter()
            .zip(&infos)
            .any(|(s, i)| i.question || s.question_mark || opens_question(&s.tokens));
        for (sentence, info) in answer.sentences.iter().zip(&infos) {
            let tokens = &sentence.tokens;
            let asks = info.question || sentence.question_mark || opens_question(tokens);
            let mut assumed = false;
            // An assumption a fact corrects is not pinned: the fact is.
            let mut withdrawn = false;
            // "Assuming X, how many Y?": each part is an assumption or a question on its own.
            for range in clarify::parts(tokens) {
                let part = &tokens[range];
                let assumption = !opens_question(part) && clarify::states_assumption(part);
                if assumption {
                    assumed = true;
                    for f in self.ranker.about(self.vocab, part) {
                        if self.ranker.contradicts(self.vocab, part, f) {
                            withdrawn = true;
                            if !corrected.contains(&f) {
                                corrected.push(f);
                            }
                        }
                    }
                } else {
                    // A message that asks nothing, question mark or not, asks about whatever
                    // it names ("ok so the traffic on a normal day"); beside a question, a
                    // statement is context ("For replays I'd read from Kafka. How much ...?").
                    let about = if asks || !any_question {
                        self.ranker.about(self.vocab, part)
                    } else {
                        Vec::new()
                    };
                    if asks || !about.is_empty() {
                        questions += 1;
                    }
                    let form = form_of(part);
                    for f in about {
                        if !given.iter().any(|(g, _)| *g == f) {
                            given.push((f, form));
                        }
                    }
                }
            }
            if (assumed || (info.assumption && !asks)) && !withdrawn {
                assumptions.push(answer.quote(sentence));
            }
        }
        given.retain(|(f, _)| !corrected.contains(f));
        self.compose(&given, &corrected, assumptions, questions, revealed)
    }

    /// Judges `reply` to the follow-up `followup`: the points it makes and misses, its grade,
    /// the probe a thin or partial reply gets, and the interviewer's words. A clarifying
    /// question asked back is answered from the facts before the probe.
    #[must_use]
    pub fn judge(&self, followup: &FollowUp, reply: &str) -> (Judgement, String) {
        followup::judge(self.vocab, followup, reply, |question| {
            let answer = self.reply(question, &[]);
            (answer.kind == ReplyKind::Facts).then_some(answer.text)
        })
    }

    /// How each part of a Clarify message weighs against the facts, strongest first: what
    /// `dei ask --explain` shows scenario authors.
    #[must_use]
    pub fn explain(&self, said: &str) -> Vec<(String, Vec<clarify::Evidence>)> {
        let answer = Answer::parse(said);
        let mut parts = Vec::new();
        for sentence in &answer.sentences {
            for range in clarify::parts(&sentence.tokens) {
                let part = &sentence.tokens[range];
                let (Some(first), Some(last)) = (part.first(), part.last()) else {
                    continue;
                };
                let text = said[first.span.start..last.span.end].to_owned();
                parts.push((text, self.ranker.rank(self.vocab, part)));
            }
        }
        parts
    }

    fn compose(
        &self,
        given: &[(usize, Form)],
        corrected: &[usize],
        assumptions: Vec<String>,
        questions: usize,
        revealed: &[String],
    ) -> Reply {
        let facts = &self.scenario.facts;
        let mut lines = Vec::new();
        let mut shown = Vec::new();
        let mut new = Vec::new();
        for &(f, form) in given {
            let fact = &facts[f];
            let text = match form {
                Form::YesNo => fact.reply.trim().to_owned(),
                Form::Open => without_yes_no(fact.reply.trim()),
            };
            if revealed.contains(&fact.id) {
                lines.push(format!("As I said: {text}"));
            } else {
                lines.push(text);
                new.push(f);
            }
            shown.push(f);
        }
        for &f in corrected {
            let fact = &facts[f];
            lines.push(format!(
                "Actually, {}",
                lower_first(&without_yes_no(fact.reply.trim()))
            ));
            shown.push(f);
            if !revealed.contains(&fact.id) {
                new.push(f);
            }
        }
        if !assumptions.is_empty() {
            lines.push(NOTED.to_owned());
        }
        let kind = if !corrected.is_empty() {
            ReplyKind::Corrected
        } else if !given.is_empty() {
            ReplyKind::Facts
        } else if !assumptions.is_empty() {
            ReplyKind::Noted
        } else if questions > 0 {
            ReplyKind::Neutral
        } else {
            ReplyKind::GoOn
        };
        if lines.is_empty() {
            lines.push(if questions > 0 { NEUTRAL } else { GO_ON }.to_owned());
        }
        Reply {
            text: lines.join("\n\n"),
            facts: shown,
            revealed: new,
            assumptions,
            kind,
        }
    }

    /// The next follow-up to ask, given the scorecard of the answer so far and the ids
    /// already asked: first one aimed at a missed signal or a raised red flag (the one aimed
    /// at most gaps, in the scenario's order on ties), then the rest in order. `None` once
    /// [`MAX_FOLLOWUPS`] were asked or none is left.
    #[must_use]
    pub fn next_followup(&self, card: &Scorecard, asked: &[String]) -> Option<Pick<'a>> {
        if asked.len() >= MAX_FOLLOWUPS {
            return None;
        }
        let gaps: BTreeSet<&str> = card.gaps().collect();
        self.scenario
            .followups
            .iter()
            .filter(|f| !asked.contains(&f.id))
            .map(|f| {
                let aimed_at: Vec<String> = f
                    .probes
                    .iter()
                    .filter(|p| gaps.contains(p.as_str()))
                    .cloned()
                    .collect();
                Pick {
                    followup: f,
                    aimed_at,
                }
            })
            .enumerate()
            // Most gaps first; earlier in the file on ties.
            .max_by_key(|(i, pick)| (pick.aimed_at.len(), std::cmp::Reverse(*i)))
            .map(|(_, pick)| pick)
    }
}

/// Words of speech that come before what is said ("so, um, what's ...").
fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "and"
            | "so"
            | "also"
            | "but"
            | "ok"
            | "okay"
            | "um"
            | "uh"
            | "er"
            | "then"
            | "right"
            | "like"
            | "well"
            | "hmm"
            | "yeah"
            | "alright"
            | "oh"
            | "ah"
            | "hey"
    )
}

/// The sentence opens like a question ("whats the change rate", no question mark needed),
/// after any filler ("so", "ok", "and").
fn opens_question(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .find(|t| {
            !matches!(
                t.text.as_str(),
                "and" | "so" | "also" | "but" | "ok" | "okay" | "um" | "uh" | "then" | "right"
            )
        })
        // Beside the words a second question opens with: "has it ...", "any retention rule".
        .is_some_and(|t| {
            clarify::OPENS.contains(&t.text.as_str())
                || matches!(t.text.as_str(), "has" | "have" | "any")
        })
}

fn form_of(tokens: &[Token]) -> Form {
    const AUXILIARIES: [&str; 15] = [
        "is", "are", "do", "does", "did", "can", "could", "should", "will", "would", "must", "has",
        "have", "was", "were",
    ];
    let opens_yes_no = tokens
        .iter()
        .find(|t| !is_filler(&t.text))
        .is_some_and(|t| AUXILIARIES.contains(&t.text.as_str()));
    let alternatives = tokens.iter().skip(1).any(|t| t.text == "or");
    if opens_yes_no && !alternatives {
        Form::YesNo
    } else {
        Form::Open
    }
}

/// A reply without its "Yes, " or "No, " opener, for a question that was not a yes/no one.
fn without_yes_no(reply: &str) -> String {
    for opener in ["Yes, ", "No, ", "Yes. ", "No. "] {
        if let Some(rest) = reply.strip_prefix(opener) {
            let mut chars = rest.chars();
            return match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => reply.to_owned(),
            };
        }
    }
    reply.to_owned()
}

/// "Actually, " + a reply: its first word lower-cased unless it is a name (a tool the
/// scorer knows, or a word with capitals or digits inside) or a number.
fn lower_first(reply: &str) -> String {
    let first = reply.split_whitespace().next().unwrap_or_default();
    let tool = Lexicon::builtin()
        .scan(&crate::text::tokenize(first))
        .iter()
        .any(|h| h.group == crate::score::Group::Tool);
    let plain = first
        .chars()
        .skip(1)
        .all(|c| !c.is_uppercase() && !c.is_ascii_digit())
        && !first.starts_with(|c: char| c.is_ascii_digit())
        && !tool;
    if !plain {
        return reply.to_owned();
    }
    let mut chars = reply.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    fn scenario() -> Scenario {
        let rubric = Rubric::builtin();
        Catalog::builtin(rubric)
            .get("realtime-analytics")
            .expect("built in")
            .clone()
    }

    #[test]
    fn a_question_about_a_fact_gets_its_reply_once() {
        let s = scenario();
        let interviewer = Interviewer::new(&s);
        let reply = interviewer.reply("How fresh do the numbers need to be?", &[]);
        assert_eq!(reply.revealed.len(), 1, "{reply:?}");
        let fact = &s.facts[reply.revealed[0]];
        assert_eq!(reply.text, fact.reply.trim());
        let again = interviewer.reply("And how fresh again?", std::slice::from_ref(&fact.id));
        assert!(again.revealed.is_empty());
        assert!(again.text.starts_with("As I said: "), "{}", again.text);
    }

    #[test]
    fn an_unknown_question_gets_the_neutral_line() {
        let s = scenario();
        let reply = Interviewer::new(&s).reply("What colour is the logo?", &[]);
        assert_eq!(reply.text, NEUTRAL);
        assert!(reply.revealed.is_empty() && reply.assumptions.is_empty());
    }

    #[test]
    fn an_assumption_is_corrected_whatever_words_carry_its_clash() {
        let catalog = Catalog::builtin(Rubric::builtin());
        let kind = |scenario: &str, text: &str| {
            let s = catalog.get(scenario).expect("built in");
            Interviewer::new(s).reply(text, &[]).kind
        };
        // A multiplier in words, a period in one word, no end at all.
        for text in [
            "I'd assume peak is maybe twice the average.",
            "I'll assume a daily refresh of the dashboards is fine.",
            "I'll assume raw events are kept forever.",
            "Presumably we only need to keep a week of raw data.",
            "I take it replays don't need to match exactly.",
        ] {
            assert_eq!(
                kind("realtime-analytics", text),
                ReplyKind::Corrected,
                "{text}"
            );
        }
        // "never" says how strict, not what about: the assumption is still about deletes.
        assert_eq!(
            kind(
                "cdc-ingestion",
                "I'll assume we never have to propagate deletes."
            ),
            ReplyKind::Corrected
        );
        // The fact's side is read where its reply speaks of the same thing: "schema changes
        // about once a week" clashes with "rarely", though the reply's next sentence says the
        // teams "rarely" warn anyone.
        assert_eq!(
            kind(
                "cdc-ingestion",
                "I'll take it that table schemas hardly ever change."
            ),
            ReplyKind::Corrected
        );
        // Consistent ones are noted.
        assert_eq!(
            kind(
                "realtime-analytics",
                "I'll assume raw events are kept for a year."
            ),
            ReplyKind::Noted
        );
        assert_eq!(
            kind("cdc-ingestion", "I'll assume schemas change every week."),
            ReplyKind::Noted
        );
    }

    #[test]
    fn a_correction_lowers_the_first_word_unless_it_is_a_name() {
        assert_eq!(
            lower_first("Raw events are kept a year."),
            "raw events are kept a year."
        );
        assert_eq!(lower_first("Kafka keeps a week."), "Kafka keeps a week.");
        assert_eq!(
            lower_first("BigQuery bills by scan."),
            "BigQuery bills by scan."
        );
        assert_eq!(lower_first("40 databases."), "40 databases.");
    }

    #[test]
    fn assumptions_are_pinned_and_statements_get_a_nudge() {
        let s = scenario();
        let i = Interviewer::new(&s);
        let reply = i.reply("I'll assume we can use managed cloud services.", &[]);
        assert_eq!(
            reply.assumptions,
            ["I'll assume we can use managed cloud services."]
        );
        assert_eq!(reply.text, NOTED);
        assert_eq!(i.reply("Okay.", &[]).text, GO_ON);
    }

    #[test]
    fn two_questions_in_one_message_get_both_facts() {
        let s = scenario();
        let reply = Interviewer::new(&s).reply(
            "How fresh does it need to be? And what is the peak traffic?",
            &[],
        );
        let topics: Vec<_> = reply.revealed.iter().map(|&i| s.facts[i].topic).collect();
        assert!(
            topics.contains(&crate::scenario::FactTopic::Freshness),
            "{reply:?}"
        );
        assert!(
            topics.contains(&crate::scenario::FactTopic::Peak),
            "{reply:?}"
        );
    }

    #[test]
    fn follow_ups_aim_at_what_the_answer_missed() {
        let s = scenario();
        let rubric = Rubric::builtin();
        let card = crate::score::score(
            &s,
            "## Sketch\n\nKafka absorbs the spikes because sales are 5x; Flink counts per minute.",
            rubric,
        );
        let i = Interviewer::new(&s);
        let first = i.next_followup(&card, &[]).expect("a follow-up");
        assert!(!first.aimed_at.is_empty(), "{first:?}");
        let gaps: Vec<&str> = card.gaps().collect();
        assert!(first.aimed_at.iter().all(|id| gaps.contains(&id.as_str())));
        // Never the same one twice, and at most three.
        let mut asked = vec![first.followup.id.clone()];
        while let Some(next) = i.next_followup(&card, &asked) {
            assert!(!asked.contains(&next.followup.id));
            asked.push(next.followup.id.clone());
        }
        assert_eq!(asked.len(), MAX_FOLLOWUPS.min(s.followups.len()));
    }
}
