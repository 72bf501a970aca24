//! Scenarios: the model (`model`), reading files (`load`), checking them (`validate`) and
//! finding them among the built-in and user folders (`catalog`).

mod catalog;
mod context;
mod diagnostic;
mod header;
mod load;
pub mod model;
mod sizing;
mod template;
mod toml_message;
mod validate;

use serde::Serialize;

// Content files are read through `crate::content`; these names stay for the readers that
// knew them here.
pub use crate::content::{BUILTIN_PREFIX, BuiltinFiles, DiskFiles, Files, builtin_file};
pub use catalog::{Catalog, Header, LoadReport, LookupError, read_text};
pub use diagnostic::{Diagnostic, Location};
pub use load::{TOP_LEVEL_KEYS, parse_scenario};
pub use model::{
    Archetype, Component, Curveball, DeepDive, Difficulty, ExtraSignal, Fact, FactTopic, FollowUp,
    LoadProfiles, Quantity, RubricOverrides, Sizing, Sketch, Stage,
};
pub use sizing::{Size, same_stem};
pub use template::template;
pub use validate::MAX_ID_LEN;

/// Where a scenario came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Shipped inside the binary.
    Builtin,
    /// Read from a user scenarios folder.
    User,
}

/// A scenario, read and checked, with its Markdown loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Unique id (`realtime-analytics`).
    pub id: String,
    /// Short title.
    pub title: String,
    /// Which of the five archetypes it is.
    pub archetype: Archetype,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// One line for listings.
    pub summary: String,
    /// Free-form tags for filtering.
    pub tags: Vec<String>,
    /// The prompt, in Markdown.
    pub prompt: String,
    /// The model answer, in Markdown, shown only after an attempt.
    pub model_answer: Option<String>,
    /// Points a strong candidate makes in the Defend move.
    pub defend: Vec<String>,
    /// What the interviewer can reveal in Clarify.
    pub facts: Vec<Fact>,
    /// Given and derived quantities.
    pub sizing: Sizing,
    /// The reference architecture.
    pub sketch: Sketch,
    /// Deep-dive follow-up questions.
    pub followups: Vec<FollowUp>,
    /// Mid-round twists for the timed mock.
    pub curveballs: Vec<Curveball>,
    /// Simulation parameters for checking design claims.
    pub load_profiles: LoadProfiles,
    /// How this scenario adapts the global rubric.
    pub rubric: RubricOverrides,
    /// Built in or from a user folder.
    pub origin: Origin,
    /// The file it was read from, as shown to people.
    pub file: String,
    /// A user scenario that replaces a built-in one with the same id.
    pub overrides_builtin: bool,
    /// The sizing quantities, evaluated by the calculator when the scenario loaded.
    pub sizes: Vec<Size>,
}

impl crate::rubric::Rubric {
    /// The rubric as it applies to `scenario`: weights applied, scoped-out red flags removed,
    /// the scenario's own signals added (see [`crate::rubric::Rubric::adapted`]).
    #[must_use]
    pub fn for_scenario<'a>(&'a self, scenario: &'a Scenario) -> crate::rubric::ScenarioRubric<'a> {
        self.adapted(&scenario.rubric)
    }
}

impl Scenario {
    /// A calculator that knows this scenario's counted things and its sizing quantities by id,
    /// so an answer's numbers can be read and compared in its terms.
    #[must_use]
    pub fn calculator(&self) -> crate::calc::Calculator {
        let mut calc = crate::calc::Calculator::new();
        for unit in &self.sizing.units {
            // Checked when the scenario loaded.
            let _ = calc.declare_count(unit);
        }
        for size in &self.sizes {
            calc.set(&size.id, size.quantity.clone());
        }
        calc
    }
}
