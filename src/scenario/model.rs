//! The scenario file format: every field a scenario TOML file may carry.
//!
//! `docs/scenario-format.md` walks through the same fields with an example. Every struct
//! rejects unknown keys, so a misspelt field is an error the author sees, never a silent
//! default.

use std::fmt;

use serde::{Deserialize, Serialize};

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

/// Parameters of the partition-skew simulation for this scenario. Quantities are calculator
/// expressions kept as text (`"40%"`, `"50k/s"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkewProfile {
    /// Number of events to route.
    pub events: String,
    /// Number of partitions.
    pub partitions: u32,
    /// Number of distinct keys.
    pub keys: String,
    /// Share of all events carried by the single hottest key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hot_key_share: Option<String>,
    /// Zipf exponent when keys follow a power law instead of one hot key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zipf: Option<f64>,
    /// Arrival rate, to compare the hottest partition with its capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// What one partition can take (events/s or bytes/s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_capacity: Option<String>,
}

/// Parameters of the duplicate-redelivery simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedeliveryProfile {
    /// Number of events to consume.
    pub events: String,
    /// Events per consumer batch.
    pub batch: u32,
    /// Chance that the consumer crashes during a batch (`"2%"`).
    pub crash_rate: String,
}

/// Parameters of the small-files simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmallFilesProfile {
    /// Arrival rate (`"50k events/s"`).
    pub rate: String,
    /// Size of one event (`"1 KB"`).
    pub event_size: String,
    /// Partitions written in parallel.
    pub partitions: u32,
    /// Flush interval of each writer (`"5 s"`).
    pub flush: String,
    /// Hours to simulate.
    pub hours: u32,
}

/// Load profiles the simulator runs a candidate's design against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadProfiles {
    /// A hot key under load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skew: Option<SkewProfile>,
    /// A consumer that crashes and is redelivered events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redelivery: Option<RedeliveryProfile>,
    /// A streaming writer committing often.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_files: Option<SmallFilesProfile>,
}

/// The five moves of a strong answer, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Ask before drawing; pin assumptions.
    Clarify,
    /// Back-of-envelope math.
    Size,
    /// Boxes and arrows, each with its reason.
    Sketch,
    /// Two or three risky decisions in depth.
    DeepDive,
    /// Trade-offs, where it breaks, what to monitor first.
    Defend,
}

impl Stage {
    /// The five moves in order.
    pub const ALL: [Self; 5] = [
        Self::Clarify,
        Self::Size,
        Self::Sketch,
        Self::DeepDive,
        Self::Defend,
    ];

    /// The kebab-case id used in files and JSON.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Clarify => "clarify",
            Self::Size => "size",
            Self::Sketch => "sketch",
            Self::DeepDive => "deep-dive",
            Self::Defend => "defend",
        }
    }

    /// The name shown to people.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Clarify => "Clarify",
            Self::Size => "Size",
            Self::Sketch => "Sketch",
            Self::DeepDive => "Deep-dive",
            Self::Defend => "Defend",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A scenario-specific strong signal, added to the global rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraSignal {
    /// Unique rubric id (must not clash with the global rubric).
    pub id: String,
    /// One-line name of the signal.
    pub title: String,
    /// The move it belongs to; it counts towards that move's score.
    pub stage: Stage,
    /// What a candidate should do to earn it.
    pub advice: String,
    /// Word patterns that name the idea. They show the idea came up; they never earn the
    /// signal on their own.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// Word patterns that state the decision itself; a mechanism earns the signal alone.
    #[serde(default)]
    pub mechanisms: Vec<String>,
    /// Relative weight within its move (1.0 by default).
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Example answers that must earn the signal (`dei scenario check` grades them).
    #[serde(default)]
    pub fires: Vec<String>,
    /// Example answers that must not earn it.
    #[serde(default)]
    pub clears: Vec<String>,
}

fn default_weight() -> f64 {
    1.0
}

/// How a scenario adapts the global rubric.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricOverrides {
    /// Emphasis per rubric id: a factor on the signal's weight within its move, or on the
    /// red flag's penalty (1.0 = unchanged, 0 is not allowed: use `scope_out`).
    #[serde(default)]
    pub weights: std::collections::BTreeMap<String, f64>,
    /// Red-flag ids that do not apply to this archetype.
    #[serde(default)]
    pub scope_out: Vec<String>,
    /// Signals of this scenario's own.
    #[serde(default)]
    pub signals: Vec<ExtraSignal>,
    /// The ideas an answer to this scenario must address to be an answer to it at all (for
    /// CDC: log-based capture, ordering, deletes, schema drift, the initial load). An answer
    /// that addresses too few cannot be strong, or even mixed, however much generic design
    /// vocabulary it earns.
    #[serde(default)]
    pub addresses: Vec<Idea>,
}

/// One idea a scenario's answers must address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Idea {
    /// A short name, shown when it is missing ("deletes reaching the lakehouse").
    pub idea: String,
    /// Word patterns, any of which in a statement of the answer addresses it.
    pub patterns: Vec<String>,
}
