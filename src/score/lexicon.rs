//! The scorer's vocabulary (`rubrics/concepts.toml`), compiled once into one pattern set so a
//! sentence is scanned a single time for every idea.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::text::{Match, Pattern, PatternError, PatternSet, Token};

/// Whether a pattern names an idea or states a decision (see `rubrics/concepts.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// Names the idea.
    Mention,
    /// States the decision or mechanism.
    Mechanism,
    /// Names the failure itself ("duplicates", "a hot partition"). Negating it affirms the
    /// design ("a rerun never double-counts"), so negation does not dismiss the idea.
    Symptom,
}

/// The groups the scorer refers to. Each is a group id in `rubrics/concepts.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // Each variant is documented by its group in concepts.toml.
pub enum Group {
    Idempotency,
    Skew,
    SmallFiles,
    Replay,
    SchemaEvolution,
    BadRecords,
    Observability,
    LateData,
    CrashRecovery,
    ExactlyOnce,
    ExactlyOnceEverywhere,
    ExactlyOnceRejected,
    Reason,
    Tradeoff,
    Breaking,
    Bulletproof,
    Question,
    Assumption,
    Requirement,
    Clarification,
    Retraction,
    Hedge,
    Dismissal,
    ScaleHandwave,
    Conclusion,
    Tool,
    HotKeyRouting,
    BreakingLabel,
    TradeoffLabel,
    SkipsClarify,
    Vouch,
}

impl Group {
    /// Every group, in declaration order.
    pub const ALL: [Self; 31] = [
        Self::Idempotency,
        Self::Skew,
        Self::SmallFiles,
        Self::Replay,
        Self::SchemaEvolution,
        Self::BadRecords,
        Self::Observability,
        Self::LateData,
        Self::CrashRecovery,
        Self::ExactlyOnce,
        Self::ExactlyOnceEverywhere,
        Self::ExactlyOnceRejected,
        Self::Reason,
        Self::Tradeoff,
        Self::Breaking,
        Self::Bulletproof,
        Self::Question,
        Self::Assumption,
        Self::Requirement,
        Self::Clarification,
        Self::Retraction,
        Self::Hedge,
        Self::Dismissal,
        Self::ScaleHandwave,
        Self::Conclusion,
        Self::Tool,
        Self::HotKeyRouting,
        Self::BreakingLabel,
        Self::TradeoffLabel,
        Self::SkipsClarify,
        Self::Vouch,
    ];

    /// The failure modes: what goes wrong in a running pipeline and must be designed for.
    pub const FAILURE_TOPICS: [Self; 7] = [
        Self::Idempotency,
        Self::Skew,
        Self::SmallFiles,
        Self::SchemaEvolution,
        Self::BadRecords,
        Self::LateData,
        Self::CrashRecovery,
    ];

    /// The topics a deep-dive can earn points for: the failure modes and reprocessing history.
    pub const DEEP_DIVE_TOPICS: [Self; 8] = [
        Self::Idempotency,
        Self::Skew,
        Self::SmallFiles,
        Self::Replay,
        Self::SchemaEvolution,
        Self::BadRecords,
        Self::LateData,
        Self::CrashRecovery,
    ];

    /// The id of the group in `rubrics/concepts.toml`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Idempotency => "idempotency",
            Self::Skew => "skew",
            Self::SmallFiles => "small-files",
            Self::Replay => "replay",
            Self::SchemaEvolution => "schema-evolution",
            Self::BadRecords => "bad-records",
            Self::Observability => "observability",
            Self::LateData => "late-data",
            Self::CrashRecovery => "crash-recovery",
            Self::ExactlyOnce => "exactly-once",
            Self::ExactlyOnceEverywhere => "exactly-once-everywhere",
            Self::ExactlyOnceRejected => "exactly-once-rejected",
            Self::Reason => "reason",
            Self::Tradeoff => "tradeoff",
            Self::Breaking => "breaking",
            Self::Bulletproof => "bulletproof",
            Self::Question => "question",
            Self::Assumption => "assumption",
            Self::Requirement => "requirement",
            Self::Clarification => "clarification",
            Self::Retraction => "retraction",
            Self::Hedge => "hedge",
            Self::Dismissal => "dismissal",
            Self::ScaleHandwave => "scale-handwave",
            Self::Conclusion => "conclusion",
            Self::Tool => "tool",
            Self::HotKeyRouting => "hot-key-routing",
            Self::BreakingLabel => "breaking-label",
            Self::TradeoffLabel => "tradeoff-label",
            Self::SkipsClarify => "skips-clarify",
            Self::Vouch => "vouch",
        }
    }

    /// A short human name, for explanations.
    #[must_use]
    pub fn topic_name(self) -> &'static str {
        match self {
            Self::Idempotency => "idempotent writes under redelivery",
            Self::Skew => "hot keys and skew",
            Self::SmallFiles => "small files and compaction",
            Self::Replay => "replays and backfills",
            Self::SchemaEvolution => "schema changes",
            Self::BadRecords => "malformed records",
            Self::Observability => "monitoring and alerting",
            Self::LateData => "late and out-of-order data",
            Self::CrashRecovery => "crash recovery",
            _ => self.id(),
        }
    }
}

/// One hit of a group's pattern in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The group.
    pub group: Group,
    /// Mention or mechanism.
    pub kind: HitKind,
    /// Token indices of the match.
    pub tokens: std::ops::Range<usize>,
    /// Which pattern matched (its index in the compiled set), to count distinct phrasings.
    pub pattern: usize,
}

/// The compiled vocabulary.
#[derive(Debug)]
pub struct Lexicon {
    set: PatternSet,
    owners: Vec<(Group, HitKind)>,
    examples: Vec<Examples>,
    /// Groups whose mechanisms count only beside the failure they answer (`story = true`).
    stories: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    group: Vec<GroupDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupDef {
    id: String,
    #[serde(default)]
    mentions: Vec<String>,
    #[serde(default)]
    mechanisms: Vec<String>,
    #[serde(default)]
    symptoms: Vec<String>,
    /// A mechanism states the design only in a sentence that also names the failure (one of
    /// the symptoms): "Kafka keeps three replicas" is a parts list, "when a broker dies, a
    /// replica takes over" is a failure walked through.
    #[serde(default)]
    story: bool,
    /// Sentences in which the group must be found (run as tests).
    #[serde(default)]
    fires: Vec<String>,
    /// Sentences in which it must not be.
    #[serde(default)]
    clears: Vec<String>,
}

/// A group's declared example sentences: where it must be found and where it must not.
#[derive(Debug, Clone)]
pub struct Examples {
    /// The group.
    pub group: Group,
    /// Sentences that must contain a hit of the group.
    pub fires: Vec<String>,
    /// Sentences that must not.
    pub clears: Vec<String>,
}

/// The vocabulary file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// Bad TOML or schema.
    #[error("rubrics/concepts.toml: {0}")]
    Parse(#[from] toml::de::Error),
    /// A pattern does not compile.
    #[error("rubrics/concepts.toml, group `{group}`: {source}")]
    Pattern {
        /// The group holding it.
        group: String,
        /// What is wrong.
        source: PatternError,
    },
    /// A group the scorer needs is missing, or an unknown group is defined.
    #[error("rubrics/concepts.toml: {0}")]
    Groups(String),
}

impl Lexicon {
    /// Compiles a vocabulary file.
    pub fn parse(source: &str) -> Result<Self, LexiconError> {
        let file: File = toml::from_str(source)?;
        let mut set = PatternSet::default();
        let mut owners = Vec::new();
        let mut examples = Vec::new();
        for def in &file.group {
            let group = Group::ALL
                .into_iter()
                .find(|g| g.id() == def.id)
                .ok_or_else(|| LexiconError::Groups(format!("unknown group `{}`", def.id)))?;
            // A story group's mechanisms count only beside a symptom: without any, none would.
            if def.story && def.symptoms.is_empty() {
                return Err(LexiconError::Groups(format!(
                    "group `{}` is a story but names no symptoms",
                    def.id
                )));
            }
            if !def.fires.is_empty() || !def.clears.is_empty() {
                examples.push(Examples {
                    group,
                    fires: def.fires.clone(),
                    clears: def.clears.clone(),
                });
            }
            for (patterns, kind) in [
                (&def.mentions, HitKind::Mention),
                (&def.mechanisms, HitKind::Mechanism),
                (&def.symptoms, HitKind::Symptom),
            ] {
                for p in patterns {
                    let pattern = Pattern::parse(p).map_err(|source| LexiconError::Pattern {
                        group: def.id.clone(),
                        source,
                    })?;
                    set.push(pattern);
                    owners.push((group, kind));
                }
            }
        }
        if let Some(missing) = Group::ALL
            .into_iter()
            .find(|g| !file.group.iter().any(|d| d.id == g.id()))
        {
            return Err(LexiconError::Groups(format!(
                "group `{}` is missing",
                missing.id()
            )));
        }
        let stories = file
            .group
            .iter()
            .filter(|d| d.story)
            .filter_map(|d| Group::ALL.into_iter().find(|g| g.id() == d.id))
            .collect();
        Ok(Self {
            set,
            owners,
            examples,
            stories,
        })
    }

    /// True when `group`'s mechanisms count only beside one of its symptoms.
    #[must_use]
    pub fn tells_story(&self, group: Group) -> bool {
        self.stories.contains(&group)
    }

    /// The vocabulary shipped in the binary.
    ///
    /// # Panics
    /// Never in a released build: a test compiles the embedded file.
    #[must_use]
    pub fn builtin() -> &'static Self {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let source = crate::scenario::builtin_file("rubrics/concepts.toml")
                .expect("rubrics/concepts.toml is embedded by build.rs");
            Self::parse(source).expect("the embedded vocabulary is checked by tests")
        })
    }

    /// The example sentences the vocabulary file declares, per group.
    #[must_use]
    pub fn examples(&self) -> &[Examples] {
        &self.examples
    }

    /// Every hit in `tokens`.
    #[must_use]
    pub fn scan(&self, tokens: &[Token]) -> Vec<Hit> {
        self.set
            .find_all(tokens)
            .into_iter()
            .map(|Match { pattern, tokens }| {
                let (group, kind) = self.owners[pattern];
                Hit {
                    group,
                    kind,
                    tokens,
                    pattern,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocabulary_compiles_with_every_group() {
        let lexicon = Lexicon::builtin();
        for group in Group::ALL {
            assert!(lexicon.owners.iter().any(|(g, _)| *g == group), "{group:?}");
        }
    }

    /// Harper-style declared examples: each group's `fires` sentences contain it, not
    /// negated, and its `clears` sentences do not.
    #[test]
    fn every_group_fires_and_clears_on_its_declared_sentences() {
        let lexicon = Lexicon::builtin();
        assert!(!lexicon.examples().is_empty());
        let mut failures = Vec::new();
        for example in lexicon.examples() {
            // As the scorer reads it, through the one sentence analysis: a negated hit
            // ("nothing to clarify") is not one, a negated symptom ("never double-counts")
            // is.
            let found = |sentence: &str| {
                let answer = crate::answer::Answer::parse(sentence);
                super::super::analysis::analyse(&answer, lexicon)
                    .iter()
                    .any(|info| info.has(example.group))
            };
            for sentence in &example.fires {
                if !found(sentence) {
                    failures.push(format!(
                        "{} should fire on {sentence:?}",
                        example.group.id()
                    ));
                }
            }
            for sentence in &example.clears {
                if found(sentence) {
                    failures.push(format!("{} should clear {sentence:?}", example.group.id()));
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn rejects_an_unknown_group() {
        let err = Lexicon::parse("[[group]]\nid = \"nope\"\n").expect_err("unknown group");
        assert!(err.to_string().contains("unknown group `nope`"));
    }

    #[test]
    fn rejects_a_story_without_symptoms() {
        let err = Lexicon::parse("[[group]]\nid = \"crash-recovery\"\nstory = true\n")
            .expect_err("story without symptoms");
        assert!(err.to_string().contains("names no symptoms"), "{err}");
    }
}
