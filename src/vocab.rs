//! The vocabulary that scenario files and the rubric share: the five moves of an answer
//! ([`Stage`]) and how a scenario adapts the global rubric ([`RubricOverrides`], with its own
//! signals, [`ExtraSignal`], and the ideas an answer must address, [`Idea`]).
//!
//! It sits below both [`crate::scenario`] and [`crate::rubric`], which would otherwise import
//! each other, and imports nothing of dei's. `crate::scenario` re-exports every name here.

use std::fmt;

use serde::{Deserialize, Serialize};

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
