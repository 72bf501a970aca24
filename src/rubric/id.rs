//! The one list of global rubric ids. Every part of dei that names a rubric item (the rubric
//! file, the scorer's rule registry, the drill's checklist, the mock's pushback) names it
//! through [`RuleId`], so an id cannot drift and a rule without a verdict does not compile.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A global rubric item: a strong signal or a red flag. The spelled-out ids are fixed (saved
/// history and other tools read them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// Names the trade-off behind each choice.
    Tradeoffs,
    /// States assumptions aloud and pins them.
    Assumptions,
    /// Back-of-envelope math justifies the scale.
    CapacityMath,
    /// Says where the design breaks.
    BreakingPoints,
    /// Drives the conversation through the five moves.
    FiveMoves,
    /// Treats failure modes as first-class.
    FailureModes,
    /// Names only the tools.
    ToolList,
    /// Never asks a clarifying question.
    NoClarify,
    /// Waves scale away instead of doing the math.
    HandWaveScale,
    /// Claims the design cannot fail.
    Bulletproof,
    /// Claims exactly-once end to end.
    ExactlyOnceOverreach,
    /// No way to reprocess history.
    NoReplay,
    /// Never considers a hot key.
    IgnoresSkew,
    /// Never keeps file sizes healthy.
    NoCompaction,
    /// No freshness or volume checks.
    NoMonitoring,
    /// Never walks through a failure.
    HappyPathOnly,
}

/// Whether an item is earned (a strong signal) or raised (a red flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Earned by what the answer shows.
    Signal,
    /// Raised by what the answer does wrong or leaves out; costs points.
    RedFlag,
}

impl RuleId {
    /// The strong signals, in the rubric's order.
    pub const SIGNALS: [Self; 6] = [
        Self::Tradeoffs,
        Self::Assumptions,
        Self::CapacityMath,
        Self::BreakingPoints,
        Self::FiveMoves,
        Self::FailureModes,
    ];

    /// The red flags, in the rubric's order.
    pub const RED_FLAGS: [Self; 10] = [
        Self::ToolList,
        Self::NoClarify,
        Self::HandWaveScale,
        Self::Bulletproof,
        Self::ExactlyOnceOverreach,
        Self::NoReplay,
        Self::IgnoresSkew,
        Self::NoCompaction,
        Self::NoMonitoring,
        Self::HappyPathOnly,
    ];

    /// Every id, signals first.
    pub fn all() -> impl Iterator<Item = Self> {
        Self::SIGNALS.into_iter().chain(Self::RED_FLAGS)
    }

    /// The id as the rubric file and saved history spell it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Tradeoffs => "tradeoffs",
            Self::Assumptions => "assumptions",
            Self::CapacityMath => "capacity-math",
            Self::BreakingPoints => "breaking-points",
            Self::FiveMoves => "five-moves",
            Self::FailureModes => "failure-modes",
            Self::ToolList => "tool-list",
            Self::NoClarify => "no-clarify",
            Self::HandWaveScale => "hand-wave-scale",
            Self::Bulletproof => "bulletproof",
            Self::ExactlyOnceOverreach => "exactly-once-overreach",
            Self::NoReplay => "no-replay",
            Self::IgnoresSkew => "ignores-skew",
            Self::NoCompaction => "no-compaction",
            Self::NoMonitoring => "no-monitoring",
            Self::HappyPathOnly => "happy-path-only",
        }
    }

    /// The id spelled `text`, if it is a global one.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::all().find(|id| id.as_str() == text)
    }

    /// Signal or red flag.
    #[must_use]
    pub fn kind(self) -> RuleKind {
        // Exhaustive, so a new id must say which it is; a test checks the lists agree.
        match self {
            Self::Tradeoffs
            | Self::Assumptions
            | Self::CapacityMath
            | Self::BreakingPoints
            | Self::FiveMoves
            | Self::FailureModes => RuleKind::Signal,
            Self::ToolList
            | Self::NoClarify
            | Self::HandWaveScale
            | Self::Bulletproof
            | Self::ExactlyOnceOverreach
            | Self::NoReplay
            | Self::IgnoresSkew
            | Self::NoCompaction
            | Self::NoMonitoring
            | Self::HappyPathOnly => RuleKind::RedFlag,
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for RuleId {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_holds_exactly_the_ids_of_its_kind() {
        for id in RuleId::all() {
            let in_signals = RuleId::SIGNALS.contains(&id);
            let in_flags = RuleId::RED_FLAGS.contains(&id);
            assert!(in_signals != in_flags, "{id} is in both lists or neither");
            assert_eq!(in_signals, id.kind() == RuleKind::Signal, "{id}");
        }
        // Every variant is in one list: `kind` is exhaustive, and each kind's list is as long
        // as the number of variants `kind` gives it.
        let signals = RuleId::all()
            .filter(|id| id.kind() == RuleKind::Signal)
            .count();
        assert_eq!(signals, RuleId::SIGNALS.len());
    }

    #[test]
    fn every_id_round_trips_through_its_spelling_and_serde() {
        for id in RuleId::all() {
            assert_eq!(RuleId::parse(id.as_str()), Some(id));
            let json = serde_json::to_string(&id).expect("serialises");
            assert_eq!(json, format!("\"{id}\""));
            let back: RuleId = serde_json::from_str(&json).expect("parses");
            assert_eq!(back, id);
        }
        assert_eq!(RuleId::parse("tool_list"), None);
        assert_eq!(RuleId::all().count(), 16);
        assert_eq!(RuleId::ToolList.kind(), RuleKind::RedFlag);
        assert_eq!(RuleId::FiveMoves.kind(), RuleKind::Signal);
    }
}
