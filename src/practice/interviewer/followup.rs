//! Judging a deep-dive reply against its follow-up's good points.
//!
//! A point counts as made when the reply says enough of what is distinctive in it: its
//! content words (stemmed, so "committed" meets "commits"), weighted so that words every point
//! or the question itself uses count for less, helped by the scorer's ideas (a reply that
//! states an idempotent write meets a point about upserts in other words) and by its numbers.
//! What a reply does besides making points decides how thin it is: "I don't know", a question
//! back, a bare tool name, the weak answer in other words, the question said back.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::vocab::Vocabulary;
use crate::scenario::FollowUp;
use crate::score::lexicon::HitKind;
use crate::score::{Group, Lexicon};
use crate::text::words::content_stems;
use crate::text::{Token, tokenize};

/// A share of a point's weighted words that makes it, with at least [`MIN_SHARED`] words.
const MADE_SHARE: f64 = 0.34;
/// Words a reply must share with a point to make it on words alone.
const MIN_SHARED: usize = 2;
/// With the point's idea stated as a mechanism, this share of its words is enough.
const MADE_WITH_IDEA: f64 = 0.15;
/// A word the question itself uses says less about a point.
const QUESTION_WORD: f64 = 0.5;
/// Most words a bare tool name or a one-liner has.
const ONE_LINER: usize = 6;
/// Share of the weak answer's words a reply repeats to be the weak answer reworded.
const WEAK_SHARE: f64 = 0.5;
/// Share of a reply's words taken from the question to be the question said back.
const RESTATED_SHARE: f64 = 0.6;

/// How a reply stands against its follow-up (also what a saved exchange keeps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// Three good points made, or all of them when there are fewer.
    Good,
    /// One or two.
    Partial,
    /// None.
    Thin,
}

impl Grade {
    /// The kebab-case id used in JSON and in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Partial => "partial",
            Self::Thin => "thin",
        }
    }
}

/// What a reply that makes no point does instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thin {
    /// "I'm not sure."
    DontKnow,
    /// A clarifying question instead of an answer.
    QuestionBack,
    /// A tool named, or a one-liner.
    ToolName,
    /// The follow-up's weak answer in other words.
    WeakAnswer,
    /// The question said back.
    Restated,
    /// Something else that makes none of the points.
    Other,
}

/// The judgement of one reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// Good, partial or thin.
    pub grade: Grade,
    /// Indices into the follow-up's `good_points` the reply makes.
    pub covered: Vec<usize>,
    /// The rest, most important first.
    pub missing: Vec<usize>,
    /// What a reply that makes no point does instead.
    pub thin: Option<Thin>,
    /// The probing sub-question, for a thin or partial reply.
    pub probe: Option<String>,
    /// One line of feedback for the scorecard.
    pub feedback: String,
}

/// What is distinctive in one good point.
struct Point {
    stems: Vec<String>,
    ideas: Vec<Group>,
    numbers: Vec<f64>,
}

/// The ideas of the scorer that a point can be about (design topics, not manners of speech).
const IDEAS: [Group; 11] = [
    Group::Idempotency,
    Group::Skew,
    Group::SmallFiles,
    Group::Replay,
    Group::SchemaEvolution,
    Group::BadRecords,
    Group::Observability,
    Group::LateData,
    Group::CrashRecovery,
    Group::ExactlyOnce,
    Group::HotKeyRouting,
];

fn unique_stems(tokens: &[Token]) -> Vec<String> {
    let mut stems: Vec<String> = Vec::new();
    for (_, s) in content_stems(tokens) {
        if !stems.contains(&s) {
            stems.push(s);
        }
    }
    stems
}

fn ideas(tokens: &[Token], kinds: &[HitKind]) -> Vec<Group> {
    let mut found = Vec::new();
    for hit in Lexicon::builtin().scan(tokens) {
        if IDEAS.contains(&hit.group) && kinds.contains(&hit.kind) && !found.contains(&hit.group) {
            found.push(hit.group);
        }
    }
    found
}

fn numbers(tokens: &[Token]) -> Vec<f64> {
    super::clarify::numbers(tokens)
        .into_iter()
        .map(|n| n.value)
        .filter(|v| *v > 1.0)
        .collect()
}

/// Judges `reply` against `followup`. `answer_question` answers a clarifying question asked
/// back from the scenario's facts (the interviewer's Clarify reply).
pub(super) fn judge(
    vocab: &Vocabulary,
    followup: &FollowUp,
    reply: &str,
    answer_question: impl Fn(&str) -> Option<String>,
) -> (Judgement, String) {
    let tokens = tokenize(reply);
    let points: Vec<Point> = followup
        .good_points
        .iter()
        .map(|p| {
            let t = tokenize(p);
            Point {
                stems: unique_stems(&t),
                ideas: ideas(
                    &t,
                    &[HitKind::Mechanism, HitKind::Mention, HitKind::Symptom],
                ),
                numbers: numbers(&t),
            }
        })
        .collect();
    let question: HashSet<String> = unique_stems(&tokenize(&followup.question))
        .into_iter()
        .collect();
    let said: HashSet<String> = unique_stems(&tokens).into_iter().collect();
    let said_ideas = ideas(&tokens, &[HitKind::Mechanism]);
    let said_numbers = numbers(&tokens);
    let weight = |s: &str| {
        let used_by = points
            .iter()
            .filter(|p| p.stems.iter().any(|x| x == s))
            .count();
        let base = if question.contains(s) {
            QUESTION_WORD
        } else {
            1.0
        };
        #[allow(clippy::cast_precision_loss)]
        let spread = used_by.max(1) as f64;
        base / spread
    };
    let acts = Acts::of(vocab, reply, &tokens);
    let mut covered = Vec::new();
    if !acts.only_questions {
        for (i, point) in points.iter().enumerate() {
            let total: f64 = point.stems.iter().map(|s| weight(s)).sum();
            let shared: Vec<&String> = point.stems.iter().filter(|s| said.contains(*s)).collect();
            let share = shared.iter().map(|s| weight(s)).sum::<f64>() / total.max(f64::EPSILON);
            let idea = point.ideas.iter().any(|g| said_ideas.contains(g));
            let number = point
                .numbers
                .iter()
                .any(|n| said_numbers.iter().any(|m| super::clarify::near(*n, *m)));
            let made = (share >= MADE_SHARE && shared.len() >= MIN_SHARED)
                || (idea && !shared.is_empty() && share >= MADE_WITH_IDEA)
                || (number && !shared.is_empty());
            if made {
                covered.push(i);
            }
        }
    }
    let missing: Vec<usize> = (0..points.len()).filter(|i| !covered.contains(i)).collect();
    let need = points.len().min(3);
    let grade = if covered.len() >= need {
        Grade::Good
    } else if covered.is_empty() {
        Grade::Thin
    } else {
        Grade::Partial
    };
    let thin = (grade == Grade::Thin).then(|| acts.thin(followup, &said, &question));
    let probe = (grade != Grade::Good)
        .then(|| {
            missing
                .first()
                .map(|&i| probe_for(vocab, followup, &points[i], i, &said_numbers))
        })
        .flatten();
    let judgement = Judgement {
        grade,
        feedback: feedback(followup, grade, &covered, thin),
        covered,
        missing,
        thin,
        probe,
    };
    let words = say(vocab, &judgement, &points, reply, &answer_question);
    (judgement, words)
}

/// The probe for the most important point missed: the author's, else one about the point's
/// numbers when the reply gave none, else one about its idea.
fn probe_for(
    vocab: &Vocabulary,
    followup: &FollowUp,
    point: &Point,
    index: usize,
    said_numbers: &[f64],
) -> String {
    if let Some(authored) = followup.probes_next.get(index) {
        return authored.trim().to_owned();
    }
    if !point.numbers.is_empty() && said_numbers.is_empty() {
        return vocab.number_probe().to_owned();
    }
    vocab.help(point.ideas.first().copied()).probe.clone()
}

/// One line on why the reply earned its grade; the points themselves are listed beside it.
fn feedback(followup: &FollowUp, grade: Grade, covered: &[usize], thin: Option<Thin>) -> String {
    let total = followup.good_points.len();
    let made = covered.len();
    match (grade, thin) {
        (Grade::Good, _) if made == total => format!("Made all {total} points."),
        (Grade::Good, _) => format!("Made {made} of {total} points: enough to move on."),
        (Grade::Partial, _) => {
            format!("Made {made} of {total} points; the first one missed below matters most.")
        }
        (_, Some(Thin::DontKnow)) => {
            "Said \"I don't know\": reason it out aloud from what the system does instead."
                .to_owned()
        }
        (_, Some(Thin::QuestionBack)) => {
            "Asked back instead of answering: ask, then answer in the same breath.".to_owned()
        }
        (_, Some(Thin::ToolName)) => "Named a tool without saying what it does here.".to_owned(),
        (_, Some(Thin::WeakAnswer)) => {
            "Gave the usual first answer, which does not hold up here.".to_owned()
        }
        (_, Some(Thin::Restated)) => "Said the question back without answering it.".to_owned(),
        (_, _) => format!("Made none of the {total} points."),
    }
}

/// The interviewer's words for a judged reply.
fn say(
    vocab: &Vocabulary,
    judgement: &Judgement,
    points: &[Point],
    reply: &str,
    answer_question: &impl Fn(&str) -> Option<String>,
) -> String {
    let probe = judgement.probe.clone().unwrap_or_default();
    match (judgement.grade, judgement.thin) {
        (Grade::Good, _) => "Good, that's the heart of it.".to_owned(),
        (Grade::Partial, _) => format!("That's part of it. {probe}"),
        (_, Some(Thin::DontKnow)) => {
            let idea = judgement
                .missing
                .first()
                .and_then(|&i| points[i].ideas.first().copied());
            format!(
                "That's all right; let's reason it out. {} {probe}",
                vocab.help(idea).hint
            )
        }
        (_, Some(Thin::QuestionBack)) => {
            let answer = answer_question(reply).unwrap_or_else(|| {
                "The brief doesn't say; assume what's reasonable and say it.".to_owned()
            });
            format!("{answer}\n\nWith that: {probe}")
        }
        (_, Some(Thin::ToolName)) => {
            format!("Naming the tool isn't enough: what would it do here? {probe}")
        }
        (_, Some(Thin::WeakAnswer)) => {
            format!("That's the usual first answer, and it doesn't hold up here. {probe}")
        }
        (_, Some(Thin::Restated)) => format!("That's my question back to me. {probe}"),
        (_, _) => format!("Let's go one level deeper. {probe}"),
    }
}

/// What a reply does besides making points.
struct Acts {
    dont_know: bool,
    /// Every sentence asks something.
    only_questions: bool,
    words: usize,
    tool: bool,
    said: Vec<String>,
}

impl Acts {
    fn of(vocab: &Vocabulary, reply: &str, tokens: &[Token]) -> Self {
        let answer = crate::answer::Answer::parse(reply);
        let infos = crate::score::analysis::analyse(&answer, Lexicon::builtin());
        let only_questions = !answer.sentences.is_empty()
            && answer
                .sentences
                .iter()
                .zip(&infos)
                .all(|(s, i)| s.question_mark || i.question);
        Self {
            dont_know: vocab.says_dont_know(tokens),
            only_questions,
            words: tokens.len(),
            tool: infos.iter().any(|i| i.has(Group::Tool) || i.list_like),
            said: unique_stems(tokens),
        }
    }

    fn thin(
        &self,
        followup: &FollowUp,
        said: &HashSet<String>,
        question: &HashSet<String>,
    ) -> Thin {
        if self.dont_know {
            return Thin::DontKnow;
        }
        if self.only_questions {
            return Thin::QuestionBack;
        }
        if let Some(weak) = &followup.weak_answer {
            let weak = unique_stems(&tokenize(weak));
            #[allow(clippy::cast_precision_loss)]
            let share =
                weak.iter().filter(|s| said.contains(*s)).count() as f64 / weak.len().max(1) as f64;
            if share >= WEAK_SHARE {
                return Thin::WeakAnswer;
            }
        }
        if self.words <= ONE_LINER && self.tool {
            return Thin::ToolName;
        }
        #[allow(clippy::cast_precision_loss)]
        let restated = self.said.iter().filter(|s| question.contains(*s)).count() as f64
            / self.said.len().max(1) as f64;
        if restated >= RESTATED_SHARE {
            return Thin::Restated;
        }
        if self.words <= ONE_LINER {
            return Thin::ToolName;
        }
        Thin::Other
    }
}
