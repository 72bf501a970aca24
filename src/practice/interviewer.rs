//! The interviewer `dei` plays: it answers clarifying questions from the scenario's facts
//! (matched with the scorer's own fact matcher, so what counts as asking is the same in both)
//! and picks deep-dive follow-ups aimed at what the answer so far missed.

use std::collections::BTreeSet;

use crate::answer::Answer;
use crate::scenario::{FollowUp, Scenario};
use crate::score::facts::FactMatcher;
use crate::score::{Lexicon, Scorecard, analysis};

/// Said when a question matches no fact: the interviewer neither invents nor refuses.
pub const NEUTRAL: &str = "Assume what you think is reasonable and say it.";
/// Said when the candidate pins an assumption the scenario has no fact for.
pub const NOTED: &str = "Noted, it's pinned. Carry it into your numbers.";
/// Said to a statement that is neither a question nor an assumption.
pub const GO_ON: &str = "Go on. What else do you need to know before you size it?";

/// Follow-ups asked in one deep-dive, at most.
pub const MAX_FOLLOWUPS: usize = 3;

/// What the interviewer says back in Clarify, and what to pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The interviewer's words.
    pub text: String,
    /// Facts revealed by this reply (indices into the scenario's facts), new ones only.
    pub revealed: Vec<usize>,
    /// The candidate's sentences that state an assumption.
    pub assumptions: Vec<String>,
}

/// A follow-up chosen for the deep-dive, and the gaps it is aimed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick<'a> {
    /// The follow-up.
    pub followup: &'a FollowUp,
    /// The rubric ids it probes that the answer so far missed (empty: asked for coverage).
    pub aimed_at: Vec<String>,
}

/// The interviewer for one scenario.
#[derive(Debug)]
pub struct Interviewer<'a> {
    scenario: &'a Scenario,
    facts: FactMatcher,
}

impl<'a> Interviewer<'a> {
    /// Prepares the interviewer for `scenario`.
    #[must_use]
    pub fn new(scenario: &'a Scenario) -> Self {
        Self {
            scenario,
            facts: FactMatcher::compile(scenario),
        }
    }

    /// Answers what the candidate said in Clarify. `revealed` holds the fact ids already
    /// given, which are repeated briefly rather than revealed again.
    #[must_use]
    pub fn reply(&self, said: &str, revealed: &[String]) -> Reply {
        let answer = Answer::parse(said);
        let infos = analysis::analyse(&answer, Lexicon::builtin());
        let mut asked = Vec::new();
        let mut assumptions = Vec::new();
        let mut questions = 0;
        for (sentence, info) in answer.sentences.iter().zip(&infos) {
            let is_question = info.question || sentence.question_mark;
            if is_question {
                questions += 1;
            } else if info.assumption {
                assumptions.push(answer.quote(sentence));
            }
            if is_question || info.assumption {
                for fact in self.facts.facts_in(&sentence.tokens) {
                    if !asked.contains(&fact) {
                        asked.push(fact);
                    }
                }
            }
        }
        let mut lines = Vec::new();
        let mut new = Vec::new();
        for &i in &asked {
            let fact = &self.scenario.facts[i];
            if revealed.contains(&fact.id) {
                lines.push(format!("As I said: {}", fact.reply.trim()));
            } else {
                lines.push(fact.reply.trim().to_owned());
                new.push(i);
            }
        }
        if lines.is_empty() {
            lines.push(
                if questions > 0 {
                    NEUTRAL
                } else if assumptions.is_empty() {
                    GO_ON
                } else {
                    NOTED
                }
                .to_owned(),
            );
        }
        Reply {
            text: lines.join("\n\n"),
            revealed: new,
            assumptions,
        }
    }

    /// The next follow-up to ask, given the scorecard of the answer so far and the ids
    /// already asked: first one aimed at a missed signal or a raised red flag (the one aimed
    /// at most gaps, in the scenario's order on ties), then the rest in order. `None` once
    /// [`MAX_FOLLOWUPS`] were asked or none is left.
    #[must_use]
    pub fn next_followup(&self, card: &Scorecard, asked: &[String]) -> Option<Pick<'a>> {
        if asked.len() >= MAX_FOLLOWUPS {
            return None;
        }
        let gaps: BTreeSet<&str> = card.gaps().collect();
        self.scenario
            .followups
            .iter()
            .filter(|f| !asked.contains(&f.id))
            .map(|f| {
                let aimed_at: Vec<String> = f
                    .probes
                    .iter()
                    .filter(|p| gaps.contains(p.as_str()))
                    .cloned()
                    .collect();
                Pick {
                    followup: f,
                    aimed_at,
                }
            })
            .enumerate()
            // Most gaps first; earlier in the file on ties.
            .max_by_key(|(i, pick)| (pick.aimed_at.len(), std::cmp::Reverse(*i)))
            .map(|(_, pick)| pick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    fn scenario() -> Scenario {
        let rubric = Rubric::builtin();
        Catalog::builtin(rubric)
            .get("realtime-analytics")
            .expect("built in")
            .clone()
    }

    #[test]
    fn a_question_about_a_fact_gets_its_reply_once() {
        let s = scenario();
        let interviewer = Interviewer::new(&s);
        let reply = interviewer.reply("How fresh do the numbers need to be?", &[]);
        assert_eq!(reply.revealed.len(), 1, "{reply:?}");
        let fact = &s.facts[reply.revealed[0]];
        assert_eq!(reply.text, fact.reply.trim());
        let again = interviewer.reply("And how fresh again?", std::slice::from_ref(&fact.id));
        assert!(again.revealed.is_empty());
        assert!(again.text.starts_with("As I said: "), "{}", again.text);
    }

    #[test]
    fn an_unknown_question_gets_the_neutral_line() {
        let s = scenario();
        let reply = Interviewer::new(&s).reply("What colour is the logo?", &[]);
        assert_eq!(reply.text, NEUTRAL);
        assert!(reply.revealed.is_empty() && reply.assumptions.is_empty());
    }

    #[test]
    fn assumptions_are_pinned_and_statements_get_a_nudge() {
        let s = scenario();
        let i = Interviewer::new(&s);
        let reply = i.reply("I'll assume we can use managed cloud services.", &[]);
        assert_eq!(
            reply.assumptions,
            ["I'll assume we can use managed cloud services."]
        );
        assert_eq!(reply.text, NOTED);
        assert_eq!(i.reply("Okay.", &[]).text, GO_ON);
    }

    #[test]
    fn two_questions_in_one_message_get_both_facts() {
        let s = scenario();
        let reply = Interviewer::new(&s).reply(
            "How fresh does it need to be? And what is the peak traffic?",
            &[],
        );
        let topics: Vec<_> = reply.revealed.iter().map(|&i| s.facts[i].topic).collect();
        assert!(
            topics.contains(&crate::scenario::FactTopic::Freshness),
            "{reply:?}"
        );
        assert!(
            topics.contains(&crate::scenario::FactTopic::Peak),
            "{reply:?}"
        );
    }

    #[test]
    fn follow_ups_aim_at_what_the_answer_missed() {
        let s = scenario();
        let rubric = Rubric::builtin();
        let card = crate::score::score(
            &s,
            "## Sketch\n\nKafka absorbs the spikes because sales are 5x; Flink counts per minute.",
            rubric,
        );
        let i = Interviewer::new(&s);
        let first = i.next_followup(&card, &[]).expect("a follow-up");
        assert!(!first.aimed_at.is_empty(), "{first:?}");
        let gaps: Vec<&str> = card.gaps().collect();
        assert!(first.aimed_at.iter().all(|id| gaps.contains(&id.as_str())));
        // Never the same one twice, and at most three.
        let mut asked = vec![first.followup.id.clone()];
        while let Some(next) = i.next_followup(&card, &asked) {
            assert!(!asked.contains(&next.followup.id));
            asked.push(next.followup.id.clone());
        }
        assert_eq!(asked.len(), MAX_FOLLOWUPS.min(s.followups.len()));
    }
}
