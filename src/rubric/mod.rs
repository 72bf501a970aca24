//! The global rubric (`rubrics/core.toml`): the fixed strong-signal and red-flag ids with their
//! titles, advice and weights, and how a scenario adapts it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::vocab::{ExtraSignal, RubricOverrides, Stage};

mod id;

pub use id::{RuleId, RuleKind};

/// A strong signal as the rubric file describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalDef {
    /// One of [`RuleId::SIGNALS`].
    pub id: RuleId,
    /// One-line name.
    pub title: String,
    /// The move it counts towards; `five-moves` spans them all and has none.
    #[serde(default)]
    pub stage: Option<Stage>,
    /// Relative weight within its move.
    pub weight: f64,
    /// What the signal means.
    pub description: String,
    /// What a candidate who missed it should do.
    pub advice: String,
    /// Example answers on which the item must be hit (run as tests).
    #[serde(default)]
    pub fires: Vec<String>,
    /// Example answers on which it must not be.
    #[serde(default)]
    pub clears: Vec<String>,
}

/// A red flag as the rubric file describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagDef {
    /// One of [`RuleId::RED_FLAGS`].
    pub id: RuleId,
    /// One-line name.
    pub title: String,
    /// The strong signal this is the opposite of, if any.
    #[serde(default)]
    pub pairs_with: Option<RuleId>,
    /// The move where a candidate deals with what this flag is about. Raised only because
    /// the answer is silent on it, it costs nothing more when that move earned nothing: the
    /// move's lost points already count the omission, and one omission is counted once.
    #[serde(default)]
    pub stage: Option<Stage>,
    /// Points taken off the score when it fires.
    pub penalty: f64,
    /// What the red flag means.
    pub description: String,
    /// How to avoid it.
    pub advice: String,
    /// Example answers on which the item must be hit (run as tests).
    #[serde(default)]
    pub fires: Vec<String>,
    /// Example answers on which it must not be.
    #[serde(default)]
    pub clears: Vec<String>,
}

/// The global rubric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Strong signals, in file order.
    #[serde(rename = "signal")]
    pub signals: Vec<SignalDef>,
    /// Red flags, in file order.
    #[serde(rename = "red_flag")]
    pub red_flags: Vec<RedFlagDef>,
}

/// The built-in rubric file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    /// The TOML did not parse or did not match the schema.
    #[error("rubrics/core.toml: {0}")]
    Parse(#[from] toml::de::Error),
    /// A fixed id is missing, unknown or duplicated.
    #[error("rubrics/core.toml: {0}")]
    Ids(String),
}

impl Rubric {
    /// Parses a rubric file and checks it defines exactly the fixed ids.
    pub fn parse(source: &str) -> Result<Self, RubricError> {
        let rubric: Self = toml::from_str(source)?;
        let signal_ids: Vec<RuleId> = rubric.signals.iter().map(|s| s.id).collect();
        let flag_ids: Vec<RuleId> = rubric.red_flags.iter().map(|f| f.id).collect();
        check_ids("signal", &signal_ids, &RuleId::SIGNALS)?;
        check_ids("red flag", &flag_ids, &RuleId::RED_FLAGS)?;
        Ok(rubric)
    }

    /// The rubric shipped in the binary.
    ///
    /// # Panics
    /// Never in a released build: a test loads the embedded file, so a broken one fails CI.
    #[must_use]
    pub fn builtin() -> &'static Self {
        static RUBRIC: std::sync::OnceLock<Rubric> = std::sync::OnceLock::new();
        RUBRIC.get_or_init(|| {
            let source = crate::content::builtin_file("rubrics/core.toml")
                .expect("rubrics/core.toml is embedded by build.rs");
            Self::parse(source).expect("the embedded rubric is checked by tests")
        })
    }

    /// True for any id of the global rubric, signal or red flag.
    #[must_use]
    pub fn knows(&self, id: &str) -> bool {
        self.signal(id).is_some() || self.red_flag(id).is_some()
    }

    /// The signal with `id`.
    #[must_use]
    pub fn signal(&self, id: &str) -> Option<&SignalDef> {
        self.signals.iter().find(|s| s.id == *id)
    }

    /// The red flag with `id`.
    #[must_use]
    pub fn red_flag(&self, id: &str) -> Option<&RedFlagDef> {
        self.red_flags.iter().find(|f| f.id == *id)
    }

    /// Every id, signals first.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.signals
            .iter()
            .map(|s| s.id.as_str())
            .chain(self.red_flags.iter().map(|f| f.id.as_str()))
    }

    /// The rubric as a scenario's `overrides` adapt it: weights applied, scoped-out red flags
    /// removed, the scenario's own signals added. (`Rubric::for_scenario`, defined beside
    /// the scenario, passes a scenario's.)
    #[must_use]
    pub fn adapted<'a>(&'a self, overrides: &'a RubricOverrides) -> ScenarioRubric<'a> {
        let weight = |id: &str| overrides.weights.get(id).copied().unwrap_or(1.0);
        ScenarioRubric {
            signals: self
                .signals
                .iter()
                .map(|s| (s, s.weight * weight(s.id.as_str())))
                .collect(),
            red_flags: self
                .red_flags
                .iter()
                .filter(|f| !overrides.scope_out.iter().any(|out| f.id == *out))
                .map(|f| (f, f.penalty * weight(f.id.as_str())))
                .collect(),
            extra: &overrides.signals,
            weights: &overrides.weights,
        }
    }
}

fn check_ids(kind: &str, found: &[RuleId], expected: &[RuleId]) -> Result<(), RubricError> {
    let mut seen = std::collections::BTreeSet::new();
    for id in found {
        if !expected.contains(id) {
            let names: Vec<&str> = expected.iter().map(|id| id.as_str()).collect();
            return Err(RubricError::Ids(format!(
                "`{id}` is not a {kind} id; the {kind} ids are fixed: {}",
                names.join(", ")
            )));
        }
        if !seen.insert(*id) {
            return Err(RubricError::Ids(format!("{kind} `{id}` is defined twice")));
        }
    }
    if let Some(missing) = expected.iter().find(|id| !seen.contains(*id)) {
        return Err(RubricError::Ids(format!("{kind} `{missing}` is missing")));
    }
    Ok(())
}

/// The rubric in force for one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioRubric<'a> {
    /// Global signals with their effective weights.
    pub signals: Vec<(&'a SignalDef, f64)>,
    /// Red flags that apply, with their effective penalties.
    pub red_flags: Vec<(&'a RedFlagDef, f64)>,
    /// The scenario's own signals.
    pub extra: &'a [ExtraSignal],
    weights: &'a BTreeMap<String, f64>,
}

impl ScenarioRubric<'_> {
    /// The effective weight of the signal `id` (global or the scenario's own).
    #[must_use]
    pub fn signal_weight(&self, id: &str) -> f64 {
        self.signals
            .iter()
            .find(|(s, _)| s.id == *id)
            .map(|(_, w)| *w)
            .or_else(|| {
                self.extra
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.weight * self.weights.get(id).copied().unwrap_or(1.0))
            })
            .unwrap_or(0.0)
    }

    /// True when the red flag `id` applies to this scenario.
    #[must_use]
    pub fn flag_applies(&self, id: &str) -> bool {
        self.red_flags.iter().any(|(f, _)| f.id == *id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rubric_defines_every_fixed_id() {
        let rubric = Rubric::builtin();
        assert_eq!(rubric.signals.len(), RuleId::SIGNALS.len());
        assert_eq!(rubric.red_flags.len(), RuleId::RED_FLAGS.len());
        for flag in &rubric.red_flags {
            if let Some(pair) = &flag.pairs_with {
                assert!(
                    rubric.signal(pair.as_str()).is_some(),
                    "{} pairs with unknown {pair}",
                    flag.id
                );
            }
        }
    }

    #[test]
    fn rejects_a_missing_id() {
        let source = crate::content::builtin_file("rubrics/core.toml")
            .expect("embedded")
            .replace("id = \"tool-list\"", "id = \"tools\"");
        let err = Rubric::parse(&source).expect_err("renamed id");
        let message = err.to_string();
        assert!(
            message.contains("`tools`") && message.contains("tool-list"),
            "{message}"
        );
    }

    #[test]
    fn rejects_a_signal_id_among_the_red_flags() {
        let source = crate::content::builtin_file("rubrics/core.toml")
            .expect("embedded")
            .replace("id = \"tool-list\"", "id = \"tradeoffs\"");
        let err = Rubric::parse(&source).expect_err("a signal id as a flag");
        assert!(
            err.to_string().contains("`tradeoffs` is not a red flag id"),
            "{err}"
        );
    }
}
