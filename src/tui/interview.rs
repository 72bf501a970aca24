//! What happens when the candidate sends something: the interviewer's replies and pins in
//! Clarify, the numbers check when Size ends, the deep-dive follow-ups, and the lab that
//! follows the design the answer states.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Focus, LabState, editor, index, is_chat};
use crate::practice::lab::{Lab, LabKind};
use crate::practice::{Exchange, Pin, Speaker, Turn};
use crate::scenario::{DeepDive, Stage};
use crate::score::Scorecard;
use crate::score::claims::Claim;

impl App<'_> {
    /// The interviewer's mid-round twist: said in the conversation and pinned beside every
    /// move until the end.
    pub(super) fn play_curveball(&mut self, spent: u64) {
        let stage = self.session.stage;
        let turns_before = self.session.transcript.len();
        let Some(curveball) =
            crate::practice::mock::pick_curveball(self.scenario, &self.session.started)
        else {
            return;
        };
        let line = curveball.line.trim().to_owned();
        if let Some(mock) = &mut self.session.mock {
            mock.curveball = Some(crate::practice::mock::PlayedCurveball {
                id: curveball.id.clone(),
                line: line.clone(),
                at: spent,
                stage,
                turns_before,
            });
        }
        self.say(stage, format!("One change: {line}"));
        self.status =
            Some("The interviewer has a curveball for you: see the right-hand panel.".into());
        self.dirty = true;
    }

    pub(super) fn lab_key(&mut self, key: KeyEvent) {
        if matches!(key.code, KeyCode::Char(' ' | 'n')) {
            self.next_lab();
            return;
        }
        let Some(state) = &mut self.lab else {
            return;
        };
        match key.code {
            KeyCode::Up => state.lab.select_prev(),
            KeyCode::Down => state.lab.select_next(),
            KeyCode::Left | KeyCode::Right => {
                state.lab.adjust(key.code == KeyCode::Right);
                state.outcome = state.lab.run();
            }
            KeyCode::Enter => state.outcome = state.lab.run(),
            KeyCode::Esc => self.focus = Focus::Editor,
            _ => {}
        }
    }

    /// Enter in Clarify or Deep-dive.
    /// Sends what was typed. In Deep-dive, `ask_next` asks the next follow-up once the open
    /// one is answered (Enter); leaving the move sends without asking (Ctrl-N).
    pub(super) fn send(&mut self, ask_next: bool) {
        let stage = self.session.stage;
        let text = self.text().trim().to_owned();
        if text.is_empty() {
            return;
        }
        self.editors[index(stage)] = editor(stage, "", &self.theme);
        self.session.unsent.remove(&stage);
        self.scroll = 0;
        self.session.transcript.push(Turn {
            speaker: Speaker::Candidate,
            stage,
            text: text.clone(),
        });
        if stage == Stage::Clarify {
            self.clarify(&text);
        } else {
            let answered_open = self.attach_reply(&text);
            let card = self.card();
            if !self.is_mock() {
                self.refresh_lab(&card);
            }
            if answered_open && ask_next {
                self.ask_followup(&card);
            }
        }
        self.dirty = true;
        self.rescore();
    }

    pub(super) fn clarify(&mut self, text: &str) {
        let revealed: Vec<String> = self
            .session
            .pinned
            .iter()
            .filter_map(|p| match p {
                Pin::Fact { id, .. } => Some(id.clone()),
                Pin::Assumption { .. } => None,
            })
            .collect();
        let reply = self.interviewer.reply(text, &revealed);
        for text in reply.assumptions {
            self.session.pinned.push(Pin::Assumption { text });
        }
        for i in reply.revealed {
            let fact = &self.scenario.facts[i];
            self.session.pinned.push(Pin::Fact {
                id: fact.id.clone(),
                text: fact.reply.trim().to_owned(),
            });
        }
        self.say(Stage::Clarify, reply.text);
    }

    pub(super) fn say(&mut self, stage: Stage, text: String) {
        self.session.transcript.push(Turn {
            speaker: Speaker::Interviewer,
            stage,
            text,
        });
    }

    /// Files a deep-dive reply: as the answer to the open follow-up (true), or, with none
    /// open, as more of the last reply.
    pub(super) fn attach_reply(&mut self, text: &str) -> bool {
        match self.session.deep_dive.last_mut() {
            Some(open) if open.reply.trim().is_empty() => {
                text.clone_into(&mut open.reply);
                true
            }
            Some(last) => {
                last.reply.push_str("\n\n");
                last.reply.push_str(text);
                false
            }
            None => {
                self.session.deep_dive.push(Exchange {
                    followup: String::new(),
                    question: String::new(),
                    reply: text.to_owned(),
                });
                false
            }
        }
    }

    /// Asks the next follow-up, or closes the deep-dive when there is none.
    /// `card` is the answer so far, scored.
    pub(super) fn ask_followup(&mut self, card: &Scorecard) {
        let asked: Vec<String> = self
            .session
            .deep_dive
            .iter()
            .map(|e| e.followup.clone())
            .filter(|id| !id.is_empty())
            .collect();
        match self.interviewer.next_followup(card, &asked) {
            Some(pick) => {
                let question = pick.followup.question.trim().to_owned();
                self.session.deep_dive.push(Exchange {
                    followup: pick.followup.id.clone(),
                    question: question.clone(),
                    reply: String::new(),
                });
                self.say(Stage::DeepDive, question);
            }
            None => self.say(
                Stage::DeepDive,
                "That covers what I wanted to dig into. When you're ready, defend the design \
                 (Ctrl-N)."
                    .to_owned(),
            ),
        }
    }

    /// The lab follows the design the answer states: the simulation of the follow-up just
    /// answered (a partitioning question shows skew), else one whose design changed, else the
    /// first the scorer ran.
    pub(super) fn refresh_lab(&mut self, card: &Scorecard) {
        let topic = self
            .session
            .deep_dive
            .iter()
            .rev()
            .find(|e| !e.reply.trim().is_empty())
            .and_then(|e| self.scenario.followups.iter().find(|f| f.id == e.followup))
            .and_then(|f| lab_kind_of(f.deep_dive));
        let labs = self.labs_of(card);
        let same = |a: &Lab, b: &Lab| a.kind() == b.kind() && a.knobs() == b.knobs();
        // A design stated (or changed) since the last reply is news; the current lab
        // otherwise stays, with its knobs as the answer now states them.
        let news = labs
            .iter()
            .find(|lab| !self.labs_seen.iter().any(|seen| same(seen, lab)));
        let current_kind = self.lab.as_ref().map(|state| state.lab.kind());
        let chosen = labs
            .iter()
            .find(|lab| Some(lab.kind()) == topic)
            .or(news)
            .or_else(|| labs.iter().find(|lab| Some(lab.kind()) == current_kind))
            .or(labs.first());
        if let Some(lab) = chosen.filter(|lab| {
            !self
                .lab
                .as_ref()
                .is_some_and(|current| same(&current.lab, lab))
        }) {
            let lab = lab.clone();
            let outcome = lab.run();
            self.lab = Some(LabState { lab, outcome });
        }
        self.labs_seen = labs;
    }

    /// Shows the next simulation this scenario offers: the answer's design for it if the
    /// answer states one, the defaults otherwise.
    pub(super) fn next_lab(&mut self) {
        let kinds = Lab::kinds(self.scenario);
        let Some(current) = self.lab.as_ref().map(|s| s.lab.kind()) else {
            return;
        };
        let at = kinds.iter().position(|k| *k == current).unwrap_or(0);
        let Some(next) = kinds.get((at + 1) % kinds.len().max(1)).copied() else {
            return;
        };
        let lab = self
            .labs_of(&self.card())
            .into_iter()
            .find(|lab| lab.kind() == next)
            .or_else(|| Lab::new(self.scenario, next));
        if let Some(lab) = lab {
            let outcome = lab.run();
            self.lab = Some(LabState { lab, outcome });
        }
    }

    /// A lab for each design the scorer ran a simulation of.
    fn labs_of(&self, card: &Scorecard) -> Vec<Lab> {
        card.simulations
            .iter()
            .filter_map(|sim| Lab::from_simulation(self.scenario, sim))
            .collect()
    }

    /// Text typed in Clarify or Deep-dive but not sent is sent on the way out, so nothing
    /// typed is left out of the answer: a question gets its reply; a deep-dive reply is
    /// filed without asking the next follow-up.
    pub(super) fn send_unsent(&mut self) {
        if is_chat(self.session.stage) {
            self.send(false);
        }
    }
}

/// The simulation that checks a deep-dive's topic, if any.
fn lab_kind_of(dive: DeepDive) -> Option<LabKind> {
    match dive {
        DeepDive::Skew => Some(LabKind::Skew),
        DeepDive::Idempotency => Some(LabKind::Redelivery),
        DeepDive::SmallFiles => Some(LabKind::SmallFiles),
        DeepDive::BatchVsStreaming | DeepDive::SchemaEvolution | DeepDive::Observability => None,
    }
}

/// What the interviewer says about the numbers when Size ends.
pub(super) fn numbers_line(claims: &[Claim]) -> String {
    use crate::score::claims::ClaimVerdict;
    if claims.is_empty() {
        return "I didn't hear a number with a unit there. Sizing is where the design's \
                limits come from; it's worth going back (Ctrl-P)."
            .to_owned();
    }
    let off: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.verdict == ClaimVerdict::Off)
        .collect();
    if off.is_empty() {
        return format!(
            "I checked your numbers: all {} hold up. Let's see the design.",
            claims.len()
        );
    }
    let detail: Vec<String> = off
        .iter()
        .map(|c| format!("\"{}\" (I make it about {})", c.text, c.expected))
        .collect();
    format!(
        "I checked your numbers: {} of {} hold up. Look again at {}.",
        claims.len() - off.len(),
        claims.len(),
        detail.join(", ")
    )
}
