//! The draft of one practice session: what the candidate wrote in each move and what the
//! interviewer said. It is what autosave writes and `--resume` reads, and what the scorer
//! grades once it is turned into a Markdown answer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::interviewer::Grade;
use crate::scenario::Stage;

/// The version of the draft format written by this build.
pub const DRAFT_FORMAT: u32 = 1;

/// Practice (untimed, with the live rubric) or a timed mock interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `dei practice`: untimed, hints and the live rubric allowed.
    Practice,
    /// `dei mock`: timed, no hints until the end.
    Mock,
}

impl Mode {
    /// The kebab-case id used in files.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Practice => "practice",
            Self::Mock => "mock",
        }
    }
}

/// Who said a line of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Speaker {
    /// The person practising.
    Candidate,
    /// The interviewer `dei` plays.
    Interviewer,
}

/// One line of the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// Who said it.
    pub speaker: Speaker,
    /// The move it was said in.
    pub stage: Stage,
    /// What was said (Markdown).
    pub text: String,
}

/// Something pinned for the rest of the session: a fact the interviewer gave, or an
/// assumption the candidate stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Pin {
    /// A fact revealed in Clarify.
    Fact {
        /// The fact's id in the scenario.
        id: String,
        /// The interviewer's words.
        text: String,
    },
    /// "I'll assume ...": the candidate's own.
    Assumption {
        /// The candidate's sentence.
        text: String,
    },
}

impl Pin {
    /// The pinned text.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Self::Fact { text, .. } | Self::Assumption { text } => text,
        }
    }
}

/// A deep-dive follow-up, the candidate's reply, and how the interviewer judged it. A thin
/// or partial reply gets one probe; the follow-up stays open until the probe is answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// The follow-up's id in the scenario.
    pub followup: String,
    /// What the interviewer asked.
    pub question: String,
    /// What the candidate answered; empty while the question is open.
    #[serde(default)]
    pub reply: String,
    /// The probing sub-question asked after a thin or partial reply (at most one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<String>,
    /// The answer to [`Exchange::probe`]; empty while the probe is open.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub probe_reply: String,
    /// The grade of everything replied so far; `None` until a reply is judged (and in drafts
    /// written before replies were judged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// Indices into the follow-up's `good_points` the replies make.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covered: Vec<usize>,
    /// Indices of the good points not made, the most important first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<usize>,
    /// One line on the replies, for the scorecard.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feedback: String,
}

impl Exchange {
    /// A follow-up just asked, not answered yet.
    #[must_use]
    pub fn asked(followup: &str, question: &str) -> Self {
        Self {
            followup: followup.to_owned(),
            question: question.to_owned(),
            reply: String::new(),
            probe: None,
            probe_reply: String::new(),
            grade: None,
            covered: Vec::new(),
            missing: Vec::new(),
            feedback: String::new(),
        }
    }

    /// Whether it waits for the candidate: the follow-up has no reply yet, or its probe has
    /// none.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.reply.trim().is_empty() || (self.probe.is_some() && self.probe_reply.trim().is_empty())
    }

    /// What is waiting for an answer: the probe once asked, else the follow-up's question.
    #[must_use]
    pub fn open_question(&self) -> &str {
        match &self.probe {
            Some(probe) if !self.reply.trim().is_empty() => probe,
            _ => &self.question,
        }
    }

    /// Everything the candidate said to this follow-up: the reply and the probe's answer.
    #[must_use]
    pub fn replies(&self) -> String {
        [self.reply.trim(), self.probe_reply.trim()]
            .into_iter()
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The whole draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// [`DRAFT_FORMAT`] when written.
    pub format: u32,
    /// The scenario's id.
    pub scenario: String,
    /// Practice or mock.
    pub mode: Mode,
    /// When the session started, as the shell wrote it (RFC 3339, UTC).
    pub started: String,
    /// The move the candidate is in.
    pub stage: Stage,
    /// Seconds spent in each move so far.
    #[serde(default)]
    pub seconds: BTreeMap<Stage, u64>,
    /// The conversation (Clarify questions and answers, deep-dive questions and replies).
    #[serde(default)]
    pub transcript: Vec<Turn>,
    /// Facts revealed and assumptions stated, in order.
    #[serde(default)]
    pub pinned: Vec<Pin>,
    /// The Size scratchpad.
    #[serde(default)]
    pub size: String,
    /// The Sketch: components with reasons, and flows.
    #[serde(default)]
    pub sketch: String,
    /// Deep-dive follow-ups asked so far, the last one possibly still open.
    #[serde(default)]
    pub deep_dive: Vec<Exchange>,
    /// The Defend notes.
    #[serde(default)]
    pub defend: String,
    /// Text typed in Clarify or Deep-dive but not sent yet.
    #[serde(default)]
    pub unsent: BTreeMap<Stage, String>,
    /// The clock, curveball and rush of a timed mock; `None` in practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock: Option<super::mock::MockState>,
    /// Clarify or Deep-dive as rewritten after scoring (`e` on the scorecard): what the
    /// answer says for that move instead of the lines of the conversation, which stay as
    /// they were said. Size, Sketch and Defend are rewritten in place.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub revised: BTreeMap<Stage, String>,
}

impl Session {
    /// A new session at the Clarify move.
    #[must_use]
    pub fn new(scenario: &str, mode: Mode, started: String) -> Self {
        Self {
            format: DRAFT_FORMAT,
            scenario: scenario.to_owned(),
            mode,
            started,
            stage: Stage::Clarify,
            seconds: BTreeMap::new(),
            transcript: Vec::new(),
            pinned: Vec::new(),
            size: String::new(),
            sketch: String::new(),
            deep_dive: Vec::new(),
            defend: String::new(),
            unsent: BTreeMap::new(),
            mock: None,
            revised: BTreeMap::new(),
        }
    }

    /// The name its draft is saved under: the scenario id, or `<id>.mock` for a mock, so a
    /// mock never overwrites a practice draft of the same scenario (ids have no dots).
    #[must_use]
    pub fn draft_key(&self) -> String {
        draft_key(&self.scenario, self.mode)
    }

    /// Seconds spent in the whole session.
    #[must_use]
    pub fn total_seconds(&self) -> u64 {
        self.seconds.values().sum()
    }

    /// Adds time spent in the current move.
    pub fn tick(&mut self, seconds: u64) {
        *self.seconds.entry(self.stage).or_default() += seconds;
    }

    /// The candidate's lines in one move.
    pub fn said(&self, stage: Stage) -> impl Iterator<Item = &str> {
        self.transcript
            .iter()
            .filter(move |t| t.stage == stage && t.speaker == Speaker::Candidate)
            .map(|t| t.text.as_str())
    }

    /// What the candidate is writing in `stage`: the document of Size, Sketch and Defend, or
    /// the text typed but not sent in Clarify and Deep-dive.
    #[must_use]
    pub fn text(&self, stage: Stage) -> &str {
        match stage {
            Stage::Size => &self.size,
            Stage::Sketch => &self.sketch,
            Stage::Defend => &self.defend,
            Stage::Clarify | Stage::DeepDive => self.unsent.get(&stage).map_or("", String::as_str),
        }
    }

    /// Replaces what [`Session::text`] returns for `stage`.
    pub fn set_text(&mut self, stage: Stage, text: String) {
        match stage {
            Stage::Size => self.size = text,
            Stage::Sketch => self.sketch = text,
            Stage::Defend => self.defend = text,
            Stage::Clarify | Stage::DeepDive => {
                if text.is_empty() {
                    self.unsent.remove(&stage);
                } else {
                    self.unsent.insert(stage, text);
                }
            }
        }
    }

    /// The candidate wrote something in `stage` (a question, a line, a reply).
    #[must_use]
    pub fn has_content(&self, stage: Stage) -> bool {
        match stage {
            Stage::Clarify => self.said(stage).next().is_some(),
            Stage::DeepDive => self.deep_dive.iter().any(|e| !e.reply.trim().is_empty()),
            Stage::Size | Stage::Sketch | Stage::Defend => !self.text(stage).trim().is_empty(),
        }
    }

    /// What the answer says for `stage`, as the candidate would edit it after scoring: the
    /// document of Size, Sketch and Defend, or the Clarify questions and the Deep-dive
    /// replies one paragraph each (as rewritten, once they were).
    #[must_use]
    pub fn move_text(&self, stage: Stage) -> String {
        if let Some(revised) = self.revised.get(&stage) {
            return revised.clone();
        }
        match stage {
            Stage::Clarify => self.said(stage).collect::<Vec<_>>().join("\n\n"),
            Stage::DeepDive => self
                .deep_dive
                .iter()
                .map(Exchange::replies)
                .filter(|r| !r.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
            Stage::Size | Stage::Sketch | Stage::Defend => self.text(stage).to_owned(),
        }
    }

    /// Rewrites what the answer says for `stage` ([`Session::move_text`]): the document
    /// itself, or for a conversation move the text that stands for it in the answer.
    pub fn revise(&mut self, stage: Stage, text: String) {
        match stage {
            Stage::Size | Stage::Sketch | Stage::Defend => self.set_text(stage, text),
            Stage::Clarify | Stage::DeepDive => {
                self.revised.insert(stage, text);
            }
        }
    }

    /// The follow-up waiting for a reply, or for the answer to its probe, if any.
    #[must_use]
    pub fn open_followup(&self) -> Option<&Exchange> {
        self.deep_dive.last().filter(|e| e.is_open())
    }

    /// The candidate's answer so far as Markdown, one heading per move, in the candidate's
    /// words only (the interviewer's lines earn nothing). This is what the scorer grades.
    /// `size` is the scratchpad as prose ([`super::scratchpad::as_prose`]).
    #[must_use]
    pub fn answer_markdown(&self, size: &str) -> String {
        let mut out = String::new();
        let mut section = |title: &str, body: &str| {
            let body = body.trim();
            if !body.is_empty() {
                out.push_str("## ");
                out.push_str(title);
                out.push_str("\n\n");
                out.push_str(body);
                out.push_str("\n\n");
            }
        };
        section(Stage::Clarify.title(), &self.move_text(Stage::Clarify));
        section(Stage::Size.title(), size);
        section(Stage::Sketch.title(), &as_list(&self.sketch));
        section(Stage::DeepDive.title(), &self.move_text(Stage::DeepDive));
        section(Stage::Defend.title(), &self.defend);
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

/// The draft name of a session of `scenario` in `mode` (see [`Session::draft_key`]).
#[must_use]
pub fn draft_key(scenario: &str, mode: Mode) -> String {
    match mode {
        Mode::Practice => scenario.to_owned(),
        Mode::Mock => format!("{scenario}.mock"),
    }
}

/// Sketch lines as a Markdown list, so each component reads as one item with its reason.
fn as_list(sketch: &str) -> String {
    sketch
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if l.starts_with('#') || l.starts_with("- ") || l.starts_with("* ") {
                l.to_owned()
            } else {
                format!("- {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session::new(
            "realtime-analytics",
            Mode::Practice,
            "2026-11-24T09:00:00Z".into(),
        )
    }

    #[test]
    fn the_answer_has_one_heading_per_move_with_words_and_only_the_candidates() {
        let mut s = session();
        s.transcript.push(Turn {
            speaker: Speaker::Candidate,
            stage: Stage::Clarify,
            text: "How fresh must the numbers be?".into(),
        });
        s.transcript.push(Turn {
            speaker: Speaker::Interviewer,
            stage: Stage::Clarify,
            text: "Within a minute.".into(),
        });
        s.sketch = "kafka: absorbs spikes\ncollector -> kafka\n".into();
        s.deep_dive.push(Exchange {
            reply: "Offsets commit after the upsert.".into(),
            ..Exchange::asked("crashed-consumer", "What if the consumer crashes?")
        });
        s.defend = "It breaks at 10x.".into();
        let md = s.answer_markdown("10k/s * 1 KB = 10 MB/s");
        assert_eq!(
            md,
            "## Clarify\n\nHow fresh must the numbers be?\n\n## Size\n\n10k/s * 1 KB = 10 MB/s\n\n\
             ## Sketch\n\n- kafka: absorbs spikes\n- collector -> kafka\n\n## Deep-dive\n\n\
             Offsets commit after the upsert.\n\n## Defend\n\nIt breaks at 10x.\n"
        );
    }

    #[test]
    fn a_revised_conversation_move_stands_in_the_answer_for_what_was_said() {
        let mut s = session();
        s.transcript.push(Turn {
            speaker: Speaker::Candidate,
            stage: Stage::Clarify,
            text: "How fresh?".into(),
        });
        s.deep_dive.push(Exchange {
            reply: "Retry.".into(),
            probe: Some("And then?".into()),
            probe_reply: "Upsert.".into(),
            ..Exchange::asked("crashed-consumer", "What if it crashes?")
        });
        s.defend = "Breaks at 10x.".into();
        assert_eq!(s.move_text(Stage::Clarify), "How fresh?");
        assert_eq!(s.move_text(Stage::DeepDive), "Retry.\n\nUpsert.");
        s.revise(Stage::Clarify, "How fresh, and how many readers?".into());
        s.revise(Stage::Defend, "Breaks at 20x.".into());
        assert_eq!(s.defend, "Breaks at 20x.");
        let md = s.answer_markdown("");
        assert!(
            md.starts_with("## Clarify\n\nHow fresh, and how many readers?\n"),
            "{md}"
        );
        assert!(md.contains("Retry.\n\nUpsert.") && md.ends_with("Breaks at 20x.\n"));
        // What was said stays as it was said.
        assert_eq!(s.said(Stage::Clarify).collect::<Vec<_>>(), ["How fresh?"]);
        // An older draft, without the field, reads as unrevised.
        let json = serde_json::to_value(session()).expect("serialises");
        assert!(json.get("revised").is_none());
    }

    #[test]
    fn empty_moves_are_left_out() {
        let mut s = session();
        s.defend = "  \n".into();
        assert_eq!(s.answer_markdown(""), "\n");
        s.size = "x".into();
        assert_eq!(s.answer_markdown("x"), "## Size\n\nx\n");
    }

    #[test]
    fn time_is_kept_per_move() {
        let mut s = session();
        s.tick(30);
        s.stage = Stage::Size;
        s.tick(5);
        s.tick(5);
        assert_eq!(s.seconds[&Stage::Clarify], 30);
        assert_eq!(s.seconds[&Stage::Size], 10);
        assert_eq!(s.total_seconds(), 40);
    }

    #[test]
    fn a_draft_round_trips_through_json() {
        let mut s = session();
        s.pinned.push(Pin::Fact {
            id: "freshness".into(),
            text: "A minute.".into(),
        });
        s.pinned.push(Pin::Assumption {
            text: "I'll assume 1 KB events.".into(),
        });
        s.unsent.insert(Stage::Clarify, "half a quest".into());
        let json = serde_json::to_string(&s).expect("serialises");
        let back: Session = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, s);
    }

    #[test]
    fn a_draft_written_before_replies_were_judged_still_loads() {
        let old = r#"{"format": 1, "scenario": "realtime-analytics", "mode": "practice",
            "started": "2026-11-24T09:00:00Z", "stage": "deep-dive",
            "deep_dive": [
              {"followup": "hot-seller", "question": "What happens?", "reply": "Salt it."},
              {"followup": "crashed-consumer", "question": "And on restart?"}
            ]}"#;
        let s: Session = serde_json::from_str(old).expect("an old draft loads");
        let first = &s.deep_dive[0];
        assert_eq!(first.grade, None);
        assert_eq!(first.probe, None);
        assert!(first.covered.is_empty() && first.missing.is_empty());
        assert_eq!(first.replies(), "Salt it.");
        assert_eq!(
            s.open_followup().map(|e| e.followup.as_str()),
            Some("crashed-consumer")
        );
    }

    #[test]
    fn a_judged_exchange_round_trips_and_leaves_out_what_it_lacks() {
        let mut s = session();
        s.deep_dive.push(Exchange {
            reply: "Salt it.".into(),
            probe: Some("How many sub-keys?".into()),
            probe_reply: "Sixteen.".into(),
            grade: Some(Grade::Partial),
            covered: vec![2],
            missing: vec![0, 1],
            feedback: "Made 1 of 3 points.".into(),
            ..Exchange::asked("hot-seller", "What happens?")
        });
        s.deep_dive
            .push(Exchange::asked("crashed-consumer", "And on restart?"));
        let json = serde_json::to_value(&s).expect("serialises");
        assert_eq!(json["deep_dive"][0]["grade"], "partial");
        assert_eq!(json["deep_dive"][0]["covered"], serde_json::json!([2]));
        let open = json["deep_dive"][1].as_object().expect("an object");
        let keys: Vec<&str> = open.keys().map(String::as_str).collect();
        assert_eq!(keys, ["followup", "question", "reply"]);
        let back: Session = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, s);
    }

    #[test]
    fn an_unknown_grade_is_an_error_not_a_default() {
        let bad = r#"{"followup": "a", "question": "Q?", "reply": "R.", "grade": "great"}"#;
        let err = serde_json::from_str::<Exchange>(bad).expect_err("refused");
        assert!(err.to_string().contains("great"), "{err}");
    }

    #[test]
    fn the_open_followup_is_the_last_without_a_reply() {
        let mut s = session();
        assert!(s.open_followup().is_none());
        s.deep_dive.push(Exchange::asked("a", "Q?"));
        assert_eq!(s.open_followup().map(|e| e.followup.as_str()), Some("a"));
        assert_eq!(s.deep_dive[0].open_question(), "Q?");
        s.deep_dive[0].reply = "R.".into();
        assert!(s.open_followup().is_none());
        // A probe keeps it open until the probe is answered.
        s.deep_dive[0].probe = Some("And then?".into());
        assert_eq!(
            s.open_followup().map(Exchange::open_question),
            Some("And then?")
        );
        s.deep_dive[0].probe_reply = "Then it reads again.".into();
        assert!(s.open_followup().is_none());
        assert_eq!(s.deep_dive[0].replies(), "R.\n\nThen it reads again.");
    }
}
