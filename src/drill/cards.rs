//! The cards: the night-before checklist (the red flags), every scenario's deep-dive
//! follow-ups, and estimation cards built from every scenario's sizing. Ids are stable, so
//! the saved schedule survives new content: `flag:<id>`, `followup:<scenario>:<id>`,
//! `estimate:<scenario>:<id>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::calc::Calculator;
use crate::rubric::{Rubric, RuleId};
use crate::scenario::Scenario;

use super::estimate::{self, Estimate, Verdict};

/// The night-before checklist of `DOMAIN.md`: the usual ways to lose, in its order.
pub const CHECKLIST: [RuleId; 8] = [
    RuleId::NoClarify,
    RuleId::HandWaveScale,
    RuleId::ExactlyOnceOverreach,
    RuleId::NoReplay,
    RuleId::IgnoresSkew,
    RuleId::NoCompaction,
    RuleId::NoMonitoring,
    RuleId::HappyPathOnly,
];

/// What a card drills.
#[derive(Debug, Clone, PartialEq)]
pub enum CardKind {
    /// A red flag of the checklist.
    Checklist {
        /// The red flag's rubric id.
        flag: RuleId,
        /// The strong signal it is the opposite of, if any.
        pairs_with: Option<RuleId>,
    },
    /// A deep-dive follow-up question of a scenario.
    FollowUp {
        /// The scenario's id.
        scenario: String,
        /// Rubric ids the follow-up probes.
        probes: Vec<String>,
    },
    /// A back-of-envelope number to work out and type.
    Estimate(Estimate),
}

/// One flashcard.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Stable id, the key of its schedule in `drill.json`.
    pub id: String,
    /// What it is and where it comes from (`Red flag`, `Follow-up · <scenario title>`).
    pub context: String,
    /// The question.
    pub front: String,
    /// The answer, shown on reveal; lines starting with `- ` are points.
    pub back: String,
    /// What it drills.
    pub kind: CardKind,
}

impl Card {
    /// True for a card whose answer is typed and judged.
    #[must_use]
    pub fn is_estimate(&self) -> bool {
        matches!(self.kind, CardKind::Estimate(_))
    }
}

/// Every card, in a fixed order: the checklist, then each scenario's follow-ups and estimates
/// in turn (one of each per scenario per round), so the new cards of a session vary.
#[derive(Debug, Clone)]
pub struct Deck {
    cards: Vec<Card>,
    /// Per scenario: a calculator that knows its counted things, to read typed answers.
    calculators: BTreeMap<String, Calculator>,
}

impl Deck {
    /// The deck for `rubric` and `scenarios`.
    #[must_use]
    pub fn build(rubric: &Rubric, scenarios: &[Scenario]) -> Self {
        let mut cards: Vec<Card> = CHECKLIST
            .iter()
            .filter_map(|id| rubric.red_flag(id.as_str()))
            .map(|flag| Card {
                id: format!("flag:{}", flag.id),
                context: "Red flag · the night-before checklist".to_owned(),
                front: format!(
                    "\"{}\": what does this red flag look like in an interview, and what do you do instead?",
                    flag.title
                ),
                back: format!("{}\n\n{}", flag.description, flag.advice),
                kind: CardKind::Checklist {
                    flag: flag.id,
                    pairs_with: flag.pairs_with,
                },
            })
            .collect();
        let mut per_scenario: Vec<(Vec<Card>, Vec<Card>)> = Vec::new();
        let mut calculators = BTreeMap::new();
        for scenario in scenarios {
            let followups = scenario.followups.iter().map(|f| {
                let mut back = String::new();
                for point in &f.good_points {
                    let _ = writeln!(back, "- {point}");
                }
                if let Some(weak) = &f.weak_answer {
                    let _ = write!(back, "\nWeak answer: {weak}");
                }
                Card {
                    id: format!("followup:{}:{}", scenario.id, f.id),
                    context: format!("Follow-up · {}", scenario.title),
                    front: f.question.clone(),
                    back: back.trim_end().to_owned(),
                    kind: CardKind::FollowUp {
                        scenario: scenario.id.clone(),
                        probes: f.probes.clone(),
                    },
                }
            });
            per_scenario.push((followups.collect(), estimate_cards(scenario)));
            calculators.insert(
                scenario.id.clone(),
                // An estimate is one line: no `unit` line can declare a count there.
                crate::practice::scratchpad::calculator(scenario)
                    .with_place(crate::calc::Place::Elsewhere),
            );
        }
        // One follow-up and one estimate from each scenario in turn.
        let rounds = per_scenario
            .iter()
            .map(|(f, e)| f.len().max(e.len()))
            .max()
            .unwrap_or(0);
        for round in 0..rounds {
            for (followups, estimates) in &per_scenario {
                cards.extend(followups.get(round).cloned());
                cards.extend(estimates.get(round).cloned());
            }
        }
        Self { cards, calculators }
    }

    /// Every card.
    #[must_use]
    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    /// The card with `id`.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// Judges a typed answer to an estimation card; `None` for other cards.
    #[must_use]
    pub fn judge(&self, card: &Card, answer: &str) -> Option<Verdict> {
        let CardKind::Estimate(est) = &card.kind else {
            return None;
        };
        let fallback;
        let calc = if let Some(calc) = self.calculators.get(&est.scenario) {
            calc
        } else {
            fallback = Calculator::new();
            &fallback
        };
        Some(estimate::judge(est, answer, calc))
    }
}
/// The estimation cards of `scenario`, in sizing order (see [`estimate`] for which
/// quantities make one).
fn estimate_cards(scenario: &Scenario) -> Vec<Card> {
    let mut cards = Vec::new();
    for (position, quantity) in scenario.sizing.derived.iter().enumerate() {
        let Some(size) = scenario.sizes.iter().find(|s| s.id == quantity.id) else {
            continue; // Did not evaluate; reported by `dei scenario check`.
        };
        let earlier: Vec<&str> = scenario
            .sizing
            .given
            .iter()
            .chain(&scenario.sizing.derived[..position])
            .map(|q| q.id.as_str())
            .collect();
        let formula = quantity.expr.split("->").next().unwrap_or_default();
        let Some(inputs) = estimate::answerable(formula, &quantity.label, &earlier) else {
            continue;
        };
        let given: Vec<String> = inputs
            .iter()
            .filter_map(|id| scenario.sizes.iter().find(|s| s.id == *id))
            .map(|s| estimate::given_line(&s.label, &s.shown.display, &s.shown.unit))
            .collect();
        let unit = size.shown.unit.clone();
        let ask = if unit.is_empty() {
            format!("{}?", quantity.label)
        } else {
            format!("{}, in {unit}?", quantity.label)
        };
        // The working in numbers, not the scenario file's variable names.
        let worked = estimate::substitute(formula.trim(), |id| {
            scenario
                .sizes
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.shown.display.clone())
        });
        let mut back = format!(
            "Answer: {}\nWorked: {worked} = {}",
            size.shown.display, size.shown.display
        );
        if let Some(why) = &quantity.why {
            let _ = write!(back, "\n\nWhy it matters: {why}");
        }
        cards.push(Card {
            id: format!("estimate:{}:{}", scenario.id, quantity.id),
            context: format!("Estimate · {}", scenario.title),
            front: format!("{}\n\n{ask}", given.join("\n")),
            back,
            kind: CardKind::Estimate(Estimate {
                scenario: scenario.id.clone(),
                quantity: quantity.id.clone(),
                expected: size.quantity.clone(),
                shown: size.shown.display.clone(),
                value: size.shown.value,
                unit,
            }),
        });
    }
    cards
}
