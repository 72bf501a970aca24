//! Which of a scenario's facts a sentence is about: the matcher the scorer uses to see which
//! key questions were asked, and the practice interviewer uses to answer them.

use std::ops::Range;

use crate::scenario::Scenario;
use crate::text::{Pattern, PatternSet, Token};

/// The `asks` patterns of every fact, compiled once per scenario.
#[derive(Debug, Default)]
pub struct FactMatcher {
    set: PatternSet,
    /// For each pattern in `set`, the index of its fact.
    fact_of: Vec<usize>,
}

impl FactMatcher {
    /// Compiles the facts' patterns (checked when the scenario loaded; one that does not
    /// parse is skipped).
    #[must_use]
    pub fn compile(scenario: &Scenario) -> Self {
        let mut matcher = Self::default();
        for (i, fact) in scenario.facts.iter().enumerate() {
            for p in fact.asks.iter().filter_map(|p| Pattern::parse(p).ok()) {
                matcher.set.push(p);
                matcher.fact_of.push(i);
            }
        }
        matcher
    }

    /// The indices of the facts `tokens` are about, each once, in the order they first
    /// match.
    #[must_use]
    pub fn facts_in(&self, tokens: &[Token]) -> Vec<usize> {
        let mut found = Vec::new();
        for (fact, _) in self.facts_at(tokens) {
            if !found.contains(&fact) {
                found.push(fact);
            }
        }
        found
    }

    /// Every place a fact is named in `tokens`: the fact and the token the match starts at,
    /// in the order they match.
    #[must_use]
    pub fn facts_at(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        self.matches(tokens)
            .map(|(fact, range)| (fact, range.start))
            .collect()
    }

    /// Every match of a fact's `asks`: the fact and the tokens the match covers, in order.
    pub fn matches(&self, tokens: &[Token]) -> impl Iterator<Item = (usize, Range<usize>)> {
        self.set
            .find_all(tokens)
            .into_iter()
            .map(|m| (self.fact_of[m.pattern], m.tokens))
    }
}
