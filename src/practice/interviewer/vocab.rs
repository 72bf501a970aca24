//! The interviewer's listening vocabulary (`rubrics/interviewer.toml`): which words ask about
//! which kind of requirement, whether a sentence holds the system to a strict or a lenient
//! standard, and what "I don't know" sounds like. Compiled once per process.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::scenario::FactTopic;
use crate::score::Group;
use crate::text::{Pattern, PatternError, PatternSet, Token};

/// The compiled vocabulary.
#[derive(Debug)]
pub struct Vocabulary {
    cues: Vec<(FactTopic, PatternSet)>,
    axes: Vec<Axis>,
    dont_know: PatternSet,
    help: Vec<(Group, Help)>,
    help_default: Help,
    number_probe: String,
    /// Every `[[same]]` pattern, and for each the stem of its group's first word.
    same: PatternSet,
    same_as: Vec<String>,
    examples: Vec<Example>,
}

/// Two opposite sides a sentence can take (lenient / strict, reliable / unreliable).
#[derive(Debug)]
struct Axis {
    id: String,
    one: PatternSet,
    other: PatternSet,
}

/// The side of an axis a sentence takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The axis's `one` words.
    One,
    /// Its `other` words.
    Other,
}

/// What the interviewer says to help with one idea.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Help {
    /// A nudge for "I don't know" that does not give the answer away.
    pub hint: String,
    /// One probing question.
    pub probe: String,
}

/// A declared example sentence of the vocabulary file and what it must show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// What it must (or must not) be read as.
    pub expect: Expect,
}

/// What a declared example must be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The topic's cues fire on it (`true`) or do not (`false`).
    Cue(FactTopic, bool),
    /// It takes this side of the axis with this index.
    Side(usize, Side),
    /// It says "I don't know" (`true`) or does not (`false`).
    DontKnow(bool),
}

/// The vocabulary file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    /// Bad TOML or schema.
    #[error("rubrics/interviewer.toml: {0}")]
    Parse(#[from] toml::de::Error),
    /// A pattern does not compile.
    #[error("rubrics/interviewer.toml: {0}")]
    Pattern(#[from] PatternError),
    /// A `[[help]]` names a group rubrics/concepts.toml does not define.
    #[error("rubrics/interviewer.toml: [[help]] names unknown group `{0}`")]
    UnknownGroup(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    topic: Vec<TopicDef>,
    axis: Vec<AxisDef>,
    thin: ThinDef,
    help: Vec<HelpDef>,
    help_default: HelpDefault,
    #[serde(default)]
    same: Vec<SameDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SameDef {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpDef {
    group: String,
    hint: String,
    probe: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpDefault {
    hint: String,
    probe: String,
    number_probe: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicDef {
    id: FactTopic,
    cues: Vec<String>,
    #[serde(default)]
    fires: Vec<String>,
    #[serde(default)]
    clears: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AxisDef {
    id: String,
    one: Vec<String>,
    other: Vec<String>,
    #[serde(default)]
    says_one: Vec<String>,
    #[serde(default)]
    says_other: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThinDef {
    dont_know: Vec<String>,
    #[serde(default)]
    fires: Vec<String>,
    #[serde(default)]
    clears: Vec<String>,
}

fn compile(patterns: &[String]) -> Result<PatternSet, PatternError> {
    Ok(PatternSet::new(
        patterns
            .iter()
            .map(|p| Pattern::parse(p))
            .collect::<Result<_, _>>()?,
    ))
}

fn examples(texts: &[String], expect: Expect) -> impl Iterator<Item = Example> + '_ {
    texts.iter().map(move |text| Example {
        text: text.clone(),
        expect,
    })
}

impl Vocabulary {
    /// Compiles the vocabulary file's text.
    ///
    /// # Errors
    /// When the TOML does not match the schema or a pattern does not compile.
    pub fn parse(source: &str) -> Result<Self, VocabularyError> {
        let file: File = toml::from_str(source)?;
        let mut cues = Vec::with_capacity(file.topic.len());
        let mut declared = Vec::new();
        for topic in &file.topic {
            cues.push((topic.id, compile(&topic.cues)?));
            declared.extend(examples(&topic.fires, Expect::Cue(topic.id, true)));
            declared.extend(examples(&topic.clears, Expect::Cue(topic.id, false)));
        }
        let mut axes = Vec::with_capacity(file.axis.len());
        for (i, axis) in file.axis.iter().enumerate() {
            declared.extend(examples(&axis.says_one, Expect::Side(i, Side::One)));
            declared.extend(examples(&axis.says_other, Expect::Side(i, Side::Other)));
            axes.push(Axis {
                id: axis.id.clone(),
                one: compile(&axis.one)?,
                other: compile(&axis.other)?,
            });
        }
        declared.extend(examples(&file.thin.fires, Expect::DontKnow(true)));
        declared.extend(examples(&file.thin.clears, Expect::DontKnow(false)));
        let mut help = Vec::with_capacity(file.help.len());
        for def in file.help {
            let group = Group::ALL
                .into_iter()
                .find(|g| g.id() == def.group)
                .ok_or(VocabularyError::UnknownGroup(def.group))?;
            help.push((
                group,
                Help {
                    hint: def.hint,
                    probe: def.probe,
                },
            ));
        }
        let mut same = PatternSet::default();
        let mut same_as = Vec::new();
        for group in &file.same {
            let Some(first) = group.words.first() else {
                continue;
            };
            let canonical = crate::text::words::stem(first.trim_end_matches('*'));
            for word in &group.words {
                same.push(Pattern::parse(word)?);
                same_as.push(canonical.clone());
            }
        }
        Ok(Self {
            same,
            same_as,
            help,
            help_default: Help {
                hint: file.help_default.hint,
                probe: file.help_default.probe,
            },
            number_probe: file.help_default.number_probe,
            cues,
            axes,
            dont_know: compile(&file.thin.dont_know)?,
            examples: declared,
        })
    }

    /// The vocabulary shipped in the binary.
    ///
    /// # Panics
    /// Never in a released build: a test compiles the embedded file.
    #[must_use]
    pub fn builtin() -> &'static Self {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        VOCABULARY.get_or_init(|| {
            let source = crate::content::builtin_file("rubrics/interviewer.toml")
                .expect("rubrics/interviewer.toml is embedded by build.rs");
            Self::parse(source).expect("the embedded vocabulary is checked by tests")
        })
    }

    /// The example sentences the file declares.
    #[must_use]
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// The token ranges where `topic`'s cues ask about it.
    #[must_use]
    pub fn cues(&self, topic: FactTopic, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
        self.cues
            .iter()
            .filter(|(t, _)| *t == topic)
            .flat_map(|(_, set)| set.find_all(tokens))
            .map(|m| m.tokens)
            .collect()
    }

    /// The side of axis `axis` that `tokens` take, if any: the side with more hits wins, a
    /// negated word counting for the other side ("nobody asks for sub-second" is lenient).
    #[must_use]
    pub fn side(&self, axis: usize, tokens: &[Token]) -> Option<Side> {
        let axis = &self.axes[axis];
        let mut one = 0i32;
        let mut other = 0i32;
        for (set, is_other) in [(&axis.one, false), (&axis.other, true)] {
            for m in set.find_all(tokens) {
                let negated = crate::score::analysis::is_negated(tokens, &m.tokens)
                    || negated_by_nobody(tokens, m.tokens.start);
                if is_other == negated {
                    one += 1;
                } else {
                    other += 1;
                }
            }
        }
        match one.cmp(&other) {
            std::cmp::Ordering::Greater => Some(Side::One),
            std::cmp::Ordering::Less => Some(Side::Other),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// True when `a` and `b` take opposite sides of some axis.
    #[must_use]
    pub fn opposed(&self, a: &[Token], b: &[Token]) -> bool {
        (0..self.axes.len()).any(|i| match (self.side(i, a), self.side(i, b)) {
            (Some(x), Some(y)) => x != y,
            _ => false,
        })
    }

    /// The content words of `tokens` as stems, with each word or phrase of a `[[same]]`
    /// group read as the group's first word: (token index, stem), in order.
    #[must_use]
    pub fn meanings(&self, tokens: &[Token]) -> Vec<(usize, String)> {
        let mut stems = crate::text::words::content_stems(tokens);
        for m in self.same.find_all(tokens) {
            let canonical = &self.same_as[m.pattern];
            let mut first = true;
            stems.retain_mut(|(at, stem)| {
                if !m.tokens.contains(at) {
                    return true;
                }
                let keep = first;
                if first {
                    canonical.clone_into(stem);
                    first = false;
                }
                keep
            });
            if first {
                // The phrase is all function words ("come in"): it still means its group.
                stems.push((m.tokens.start, canonical.clone()));
                stems.sort_by_key(|(at, _)| *at);
            }
        }
        stems
    }

    /// The axes' ids, in file order.
    pub fn axis_ids(&self) -> impl Iterator<Item = &str> {
        self.axes.iter().map(|a| a.id.as_str())
    }

    /// What to say to help with `group`'s idea; the general help for `None` or an idea the
    /// file gives no help for.
    #[must_use]
    pub fn help(&self, group: Option<Group>) -> &Help {
        group
            .and_then(|g| self.help.iter().find(|(h, _)| *h == g))
            .map_or(&self.help_default, |(_, help)| help)
    }

    /// The probe for a point whose numbers the reply left out.
    #[must_use]
    pub fn number_probe(&self) -> &str {
        &self.number_probe
    }

    /// True when `tokens` say "I don't know" in some words.
    #[must_use]
    pub fn says_dont_know(&self, tokens: &[Token]) -> bool {
        self.dont_know
            .find_all(tokens)
            .iter()
            .any(|m| !crate::score::analysis::is_negated(tokens, &m.tokens))
    }
}

/// "Nobody is asking for sub-second": a subject that negates what follows in its clause.
fn negated_by_nobody(tokens: &[Token], at: usize) -> bool {
    // The word that opens the clause carries its break, and belongs to it.
    let mut clause = Vec::new();
    for t in tokens[..at].iter().rev().take(5) {
        clause.push(t);
        if t.clause_break {
            break;
        }
    }
    clause
        .iter()
        .any(|t| matches!(t.text.as_str(), "nobody" | "noone" | "none"))
        || (at >= 2 && tokens[at - 2].text == "no" && tokens[at - 1].text == "one")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    /// Harper-style declared examples: every topic's `fires` sentences meet its cues and its
    /// `clears` sentences do not; the polarity and "don't know" sentences read as declared.
    #[test]
    fn every_declared_example_reads_as_declared() {
        let vocab = Vocabulary::builtin();
        assert!(!vocab.examples().is_empty());
        for example in vocab.examples() {
            let tokens = tokenize(&example.text);
            match example.expect {
                Expect::Cue(topic, fires) => assert_eq!(
                    !vocab.cues(topic, &tokens).is_empty(),
                    fires,
                    "{topic:?} cues on {:?}",
                    example.text
                ),
                Expect::Side(axis, side) => assert_eq!(
                    vocab.side(axis, &tokens),
                    Some(side),
                    "axis {} on {:?}",
                    vocab.axis_ids().nth(axis).unwrap_or_default(),
                    example.text
                ),
                Expect::DontKnow(yes) => {
                    assert_eq!(vocab.says_dont_know(&tokens), yes, "{:?}", example.text);
                }
            }
        }
    }

    #[test]
    fn every_topic_but_other_has_cues() {
        let vocab = Vocabulary::builtin();
        for (topic, _) in &vocab.cues {
            assert_ne!(*topic, FactTopic::Other);
        }
        assert_eq!(vocab.cues.len(), 8);
    }
}
