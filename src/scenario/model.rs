//! The scenario file format: every field a scenario TOML file may carry.
//!
//! `docs/scenario-format.md` walks through the same fields with an example. Every struct
//! rejects unknown keys, so a misspelt field is an error the author sees, never a silent
//! default.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::sim::profile::{LoadProfiles, RedeliveryProfile, SkewProfile, SmallFilesProfile};
pub use crate::vocab::{ExtraSignal, Idea, RubricOverrides, Stage};

/// One of the five archetypes of a data-engineering design round (see `DOMAIN.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Archetype {
    /// Streaming metrics with a freshness SLA and windowed aggregation under load.
    RealtimeAnalytics,
    /// Change-data capture from many operational databases into a lakehouse or warehouse.
    CdcIngestion,
    /// Delivery semantics: deduplicating and reconciling events at scale.
    DedupReconcile,
    /// A nightly batch that is too slow and too expensive.
    BatchRedesign,
    /// Data quality and SLA monitoring for a critical table.
    DataQualitySla,
}

impl Archetype {
    /// Every archetype, in the order `DOMAIN.md` lists them.
    pub const ALL: [Self; 5] = [
        Self::RealtimeAnalytics,
        Self::CdcIngestion,
        Self::DedupReconcile,
        Self::BatchRedesign,
        Self::DataQualitySla,
    ];

    /// The kebab-case id used in files and output.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::RealtimeAnalytics => "realtime-analytics",
            Self::CdcIngestion => "cdc-ingestion",
            Self::DedupReconcile => "dedup-reconcile",
            Self::BatchRedesign => "batch-redesign",
            Self::DataQualitySla => "data-quality-sla",
        }
    }
}

impl fmt::Display for Archetype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How hard a scenario is for a candidate meeting it for the first time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    /// A first scenario: one clear bottleneck.
    Easy,
    /// A typical interview round.
    Medium,
    /// Several interacting problems; for a senior or staff round.
    Hard,
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Easy => "easy",
            Self::Medium => "medium",
            Self::Hard => "hard",
        })
    }
}

/// The kinds of requirement a clarifying question can be about. The first seven are the key
/// questions of `DOMAIN.md`; a strong candidate asks about each before drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactTopic {
    /// How fresh the data must be (the freshness SLA).
    Freshness,
    /// Average volume.
    Volume,
    /// Peak load and spikes.
    Peak,
    /// Which consistency the readers need.
    Consistency,
    /// Whether reprocessing must reproduce identical numbers.
    Replay,
    /// Who reads the data and how (query patterns).
    Consumers,
    /// How long data is kept.
    Retention,
    /// Size and shape of one record.
    Payload,
    /// Anything else the interviewer can reveal.
    Other,
}

impl FactTopic {
    /// A short label for people (`Freshness`, `Readers`); empty for [`FactTopic::Other`].
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Freshness => "Freshness",
            Self::Volume => "Volume",
            Self::Peak => "Peak",
            Self::Consistency => "Consistency",
            Self::Replay => "Replay",
            Self::Consumers => "Readers",
            Self::Retention => "Retention",
            Self::Payload => "Record",
            Self::Other => "",
        }
    }
}

/// A fact the interviewer knows and reveals when asked in the Clarify move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Unique id within the scenario, kebab-case (`freshness`, `peak-load`).
    pub id: String,
    /// What kind of requirement the fact settles.
    pub topic: FactTopic,
    /// True when asking about this fact is one of the key questions a strong candidate asks.
    #[serde(default)]
    pub key: bool,
    /// Word patterns (see `docs/scenario-format.md`) that show a question or an assumption is
    /// about this fact, e.g. `how fresh`, `latency`, `stale*`.
    pub asks: Vec<String>,
    /// What the interviewer answers, in the interviewer's voice.
    pub reply: String,
}

/// A quantity in the sizing move: given by the interviewer or derived by the candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// Identifier usable in later expressions, in `snake_case` (`peak_rate`).
    pub id: String,
    /// What the quantity is, for people (`Peak rate during a sale`).
    pub label: String,
    /// A calculator expression with units (`10k events/s`, `peak_rate * 1 KB/event`); it may
    /// refer to quantities defined before it.
    pub expr: String,
    /// What this number decides in the design (derived quantities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// What an answer's sentence says when a number in it is this quantity: word groups that
    /// must all be said, each of alternatives joined by `|` (`["peak", "ingest|bandwidth"]`).
    /// Without it, the distinctive words of the id name it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
}

/// The back-of-envelope numbers of a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sizing {
    /// Counted things this scenario's expressions use beyond the built-in ones (event, row,
    /// record, message, change, file, partition, request, key, user), e.g. `["order"]`; each
    /// is its own dimension.
    #[serde(default)]
    pub units: Vec<String>,
    /// Quantities the interviewer gives when asked.
    #[serde(default)]
    pub given: Vec<Quantity>,
    /// Quantities a strong candidate derives from the given ones.
    #[serde(default)]
    pub derived: Vec<Quantity>,
}

/// A component of the reference sketch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Unique id within the sketch, used in `flows` (`log`, `stream`).
    pub id: String,
    /// Display name (`Partitioned event log`).
    pub name: String,
    /// Word patterns that name this component in an answer (`kafka`, `event log`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Why the component exists: the need it meets or the failure it prevents.
    pub reason: String,
}

/// The reference architecture of a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sketch {
    /// Data flows as component ids joined by `->` (`collector -> log -> stream`).
    #[serde(default)]
    pub flows: Vec<String>,
    /// The components, each with the reason it exists.
    #[serde(default)]
    pub components: Vec<Component>,
}

/// The six deep-dives of `DOMAIN.md`: the risky decisions an interviewer probes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeepDive {
    /// Batch versus streaming, lambda versus kappa, reprocessing history.
    BatchVsStreaming,
    /// Delivery semantics and idempotent writes.
    Idempotency,
    /// Partitioning and hot keys.
    Skew,
    /// Storage layout, small files and compaction.
    SmallFiles,
    /// Schema evolution and data contracts.
    SchemaEvolution,
    /// Failure, SLA and observability.
    Observability,
}

/// A deep-dive follow-up question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// Unique id within the scenario (`crashed-consumer`).
    pub id: String,
    /// Which of the six deep-dives it belongs to.
    pub deep_dive: DeepDive,
    /// What the interviewer asks.
    pub question: String,
    /// The points a good answer makes.
    pub good_points: Vec<String>,
    /// What a weak answer sounds like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_answer: Option<String>,
    /// Rubric ids whose miss this follow-up targets: an interviewer asks it when the answer so
    /// far missed one of these signals or fired one of these red flags.
    pub probes: Vec<String>,
    /// Probing sub-questions, one per good point in the same order: `probes_next[i]` is asked
    /// when `good_points[i]` is the most important point a reply missed. Optional and may be
    /// shorter than `good_points`; a point without one gets a probe derived from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probes_next: Vec<String>,
}

/// A mid-round twist the interviewer plays in a timed mock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curveball {
    /// Unique id within the scenario (`traffic-10x`).
    pub id: String,
    /// What the interviewer says.
    pub line: String,
    /// What a good response addresses.
    pub expects: Vec<String>,
    /// Word patterns that show the candidate addressed it.
    pub cues: Vec<String>,
}
