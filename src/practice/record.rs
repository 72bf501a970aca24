//! What a finished session leaves behind: the history entry (read later by `dei history`,
//! `dei stats` and the drill), and what the report ([`crate::render::report`]) says of it.

use serde::{Deserialize, Serialize};

use super::interviewer::Grade;
use super::session::{Exchange, Mode, Session, Speaker};
use crate::scenario::{Scenario, Stage};
use crate::score::claims::ClaimVerdict;
use crate::score::{Band, Scorecard};

/// The version of the history format written by this build.
pub const HISTORY_FORMAT: u32 = 1;

/// Points in one move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveScore {
    /// The move.
    pub stage: Stage,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max: u32,
    /// Seconds spent in it.
    pub seconds: u64,
    /// Why the move lost points, in a few words (absent when it lost none, and in entries
    /// written before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost: Option<String>,
}

/// A deep-dive follow-up as the scorecard, the report and the history show it: its grade, the
/// good points made and missed in the scenario's words, and the interviewer's feedback line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpResult {
    /// The follow-up's id in the scenario.
    pub followup: String,
    /// Good, partial or thin.
    pub grade: Grade,
    /// The good points the replies made.
    pub covered: Vec<String>,
    /// The good points they missed, the most important first.
    pub missed: Vec<String>,
    /// One line of feedback.
    pub feedback: String,
}

impl FollowUpResult {
    /// The result of `exchange`, once a reply to it was judged against a follow-up of
    /// `scenario`.
    #[must_use]
    pub fn of(scenario: &Scenario, exchange: &Exchange) -> Option<Self> {
        let grade = exchange.grade?;
        let followup = scenario
            .followups
            .iter()
            .find(|f| f.id == exchange.followup)?;
        let points = |indices: &[usize]| {
            indices
                .iter()
                .filter_map(|&i| followup.good_points.get(i))
                .map(|p| one_line(p))
                .collect()
        };
        Some(Self {
            followup: followup.id.clone(),
            grade,
            covered: points(&exchange.covered),
            missed: points(&exchange.missing),
            feedback: one_line(&exchange.feedback),
        })
    }

    /// The results of every judged follow-up of `session`, in the order asked.
    #[must_use]
    pub fn all(scenario: &Scenario, session: &Session) -> Vec<Self> {
        session
            .deep_dive
            .iter()
            .filter_map(|e| Self::of(scenario, e))
            .collect()
    }
}

/// Says in the Deep-dive move's reason which follow-ups were answered in part or thinly, when
/// the move lost points: the per-follow-up grades say why.
pub fn explain_deep_dive(card: &mut Scorecard, results: &[FollowUpResult]) {
    let short: Vec<String> = results
        .iter()
        .filter(|r| r.grade != Grade::Good)
        .map(|r| format!("{} {}", r.followup, r.grade.id()))
        .collect();
    let Some(stage) = card
        .stages
        .iter_mut()
        .find(|s| s.stage == Stage::DeepDive && s.score < s.max)
    else {
        return;
    };
    if short.is_empty() {
        return;
    }
    let why = format!("follow-ups: {}", short.join(", "));
    stage.lost = Some(match stage.lost.take() {
        Some(lost) => format!("{lost}; {why}"),
        None => why,
    });
}

/// One finished session, as stored in the history folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// [`HISTORY_FORMAT`] when written.
    pub format: u32,
    /// Scenario id.
    pub scenario: String,
    /// Practice or mock.
    pub mode: Mode,
    /// When the session started (RFC 3339, UTC).
    pub started: String,
    /// When it was scored (RFC 3339, UTC).
    pub finished: String,
    /// 0-100.
    #[serde(deserialize_with = "score_out_of_100")]
    pub score: u32,
    /// `strong`, `mixed` or `weak`.
    #[serde(deserialize_with = "band_name")]
    pub band: String,
    /// Points and time per move.
    pub moves: Vec<MoveScore>,
    /// Strong signals shown.
    pub signals_hit: Vec<String>,
    /// Strong signals missed: the drill builds cards from these.
    pub signals_missed: Vec<String>,
    /// Red flags raised.
    pub red_flags: Vec<String>,
    /// Numbers stated, and how many were more than 2x off.
    pub claims: usize,
    /// Numbers more than 2x off.
    pub claims_off: usize,
    /// The deep-dive follow-ups and the replies.
    pub followups: Vec<Exchange>,
    /// Each judged follow-up's grade, points made and missed, and feedback (absent in entries
    /// written before replies were judged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub followup_grades: Vec<FollowUpResult>,
    /// The answer as scored (Markdown).
    pub answer: String,
    /// A timed mock's timeline, curveball and rush; absent for practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock: Option<super::mock::MockRecord>,
    /// The score the session got when it was first scored, once a move was reopened from the
    /// scorecard and the answer scored again (`score`, `moves` and the rest are then the new
    /// score's); absent otherwise, and in entries written before moves could be reopened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<FirstScore>,
}

/// The first score of a session scored again after a move was reopened (see
/// [`HistoryEntry::first`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstScore {
    /// 0-100, as first scored.
    #[serde(deserialize_with = "score_out_of_100")]
    pub score: u32,
    /// Its band.
    #[serde(deserialize_with = "band_name")]
    pub band: String,
    /// When it was first scored (RFC 3339, UTC).
    pub finished: String,
    /// Points per move as first scored.
    pub moves: Vec<MoveScore>,
    /// The moves reopened and rewritten since, in the order first reopened.
    pub reopened: Vec<Stage>,
}

impl FirstScore {
    /// The first score of `session`, scored as `card` at `finished`, before `reopened` were
    /// rewritten.
    #[must_use]
    pub fn new(card: &Scorecard, session: &Session, reopened: &[Stage], finished: String) -> Self {
        Self {
            score: card.score,
            band: card.band.name().to_owned(),
            finished,
            moves: move_scores(card, session),
            reopened: reopened.to_vec(),
        }
    }
}

/// Points and time per move of `card`.
fn move_scores(card: &Scorecard, session: &Session) -> Vec<MoveScore> {
    card.stages
        .iter()
        .map(|s| MoveScore {
            stage: s.stage,
            score: s.score,
            max: s.max,
            seconds: session.seconds.get(&s.stage).copied().unwrap_or(0),
            lost: s.lost.clone(),
        })
        .collect()
}

/// A session's first score and the moves rewritten since, for the report to show both.
#[derive(Debug, Clone, Copy)]
pub struct Rescored<'a> {
    /// The scorecard as first scored.
    pub first: &'a Scorecard,
    /// The moves reopened and rewritten since.
    pub reopened: &'a [Stage],
}

impl Rescored<'_> {
    /// One sentence with both scores: "Scored again after rewriting Size: 62 / 100 (mixed);
    /// first scored 48 / 100 (weak), 14 points up."
    #[must_use]
    pub fn sentence(&self, now: &Scorecard) -> String {
        let moves: Vec<&str> = self.reopened.iter().map(|s| s.title()).collect();
        let change = match now.score.cmp(&self.first.score) {
            std::cmp::Ordering::Greater => format!(", {} up", points(now.score - self.first.score)),
            std::cmp::Ordering::Less => format!(", {} down", points(self.first.score - now.score)),
            std::cmp::Ordering::Equal => ", the same".to_owned(),
        };
        format!(
            "Scored again after rewriting {}: {} / 100 ({}); first scored {} / 100 ({}){change}.",
            and_list(&moves),
            now.score,
            now.band.name(),
            self.first.score,
            self.first.band.name()
        )
    }
}

/// "1 point", "14 points".
fn points(n: u32) -> String {
    if n == 1 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

/// "Size", "Size and Defend", "Clarify, Size and Defend".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A stored score is out of 100: an entry claiming 999 was not written by dei.
fn score_out_of_100<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let score = u32::deserialize(d)?;
    if score <= 100 {
        Ok(score)
    } else {
        Err(serde::de::Error::custom(format!(
            "a score of {score}; scores run from 0 to 100"
        )))
    }
}

/// A stored band is one dei gives.
fn band_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let band = String::deserialize(d)?;
    let known = [Band::Strong, Band::Mixed, Band::Weak].map(Band::name);
    if known.contains(&band.as_str()) {
        Ok(band)
    } else {
        Err(serde::de::Error::custom(format!(
            // Debug-quoted: a control character in the file never reaches the terminal.
            "the band {band:?}; expected strong, mixed or weak"
        )))
    }
}

impl HistoryEntry {
    /// The entry for `session` of `scenario`, scored as `card` from `answer`, finished at
    /// `finished`.
    #[must_use]
    pub fn new(
        scenario: &Scenario,
        session: &Session,
        card: &Scorecard,
        answer: &str,
        finished: String,
    ) -> Self {
        Self {
            format: HISTORY_FORMAT,
            scenario: session.scenario.clone(),
            mode: session.mode,
            started: session.started.clone(),
            finished,
            score: card.score,
            band: card.band.name().to_owned(),
            moves: move_scores(card, session),
            signals_hit: card
                .signals
                .iter()
                .filter(|s| s.hit)
                .map(|s| s.id.clone())
                .collect(),
            signals_missed: card.missed_signals().map(|s| s.id.clone()).collect(),
            red_flags: card.raised_flags().map(|f| f.id.clone()).collect(),
            claims: card.claims.len(),
            claims_off: card
                .claims
                .iter()
                .filter(|c| c.verdict == ClaimVerdict::Off)
                .count(),
            followups: session.deep_dive.clone(),
            followup_grades: FollowUpResult::all(scenario, session),
            answer: answer.to_owned(),
            mock: None,
            first: None,
        }
    }

    /// The file name (without `.json`) the entry is stored under: sortable by time.
    #[must_use]
    pub fn file_stem(&self) -> String {
        let stamp: String = self
            .started
            .chars()
            .map(|c| if c == ':' { '-' } else { c })
            .collect();
        format!("{stamp}-{}-{}", self.scenario, self.mode.id())
    }
}

impl super::mock::MockRecord {
    /// The record of a finished round: the timeline, and the curveball judged against what the
    /// candidate said and wrote after it was played.
    #[must_use]
    pub fn of(session: &Session, scenario: &Scenario) -> Option<Self> {
        let state = session.mock.as_ref()?;
        let curveball = state.curveball.as_ref().map(|played| {
            let later_turns = session
                .transcript
                .iter()
                .skip(played.turns_before)
                .filter(|t| t.speaker == Speaker::Candidate)
                .map(|t| t.text.as_str());
            // Documents of the move it came in and after may have been written since.
            let documents = Stage::ALL
                .iter()
                .filter(|s| **s >= played.stage)
                .map(|s| session.text(*s));
            // A move rewritten after scoring (`e`) came later still.
            let rewritten = session.revised.values().map(String::as_str);
            let reply: Vec<&str> = later_turns.chain(documents).chain(rewritten).collect();
            let found = scenario.curveballs.iter().find(|c| c.id == played.id);
            super::mock::CurveballRecord {
                id: played.id.clone(),
                line: played.line.clone(),
                addressed: found.is_some_and(|c| super::mock::addressed(c, &reply.join("\n"))),
                expects: found.map(|c| c.expects.clone()).unwrap_or_default(),
            }
        });
        Some(Self {
            minutes: state.minutes,
            timeline: super::mock::timeline(&session.seconds, state.minutes),
            curveball,
            rushed_at: state.rushed_at,
            timed_out: state.timed_out,
        })
    }
}

/// Text on one line, for a list item or a quote.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Mode;
    use crate::render::report::report;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    fn finished() -> (Scenario, Session, Scorecard, String) {
        let rubric = Rubric::builtin();
        let scenario = Catalog::builtin(rubric)
            .get("realtime-analytics")
            .expect("built in")
            .clone();
        let mut session = Session::new(&scenario.id, Mode::Practice, "2026-11-24T09:00:00Z".into());
        session.tick(90);
        session.deep_dive.push(Exchange::asked(
            "crashed-consumer",
            "What if the consumer crashes?",
        ));
        let answer = "## Defend\n\nIt breaks first at the hot seller partition; I would \
                      monitor consumer lag first.\n"
            .to_owned();
        let card = crate::score::score(&scenario, &answer, rubric);
        (scenario, session, card, answer)
    }

    #[test]
    fn the_history_entry_keeps_what_the_drill_and_stats_need() {
        let (scenario, session, card, answer) = finished();
        let entry = HistoryEntry::new(
            &scenario,
            &session,
            &card,
            &answer,
            "2026-11-24T09:30:00Z".into(),
        );
        assert_eq!(entry.score, card.score);
        assert_eq!(entry.moves.len(), 5);
        assert_eq!(entry.moves[0].seconds, 90);
        assert_eq!(
            entry.signals_hit.len() + entry.signals_missed.len(),
            card.signals.len()
        );
        assert!(entry.signals_missed.iter().any(|id| id == "capacity-math"));
        assert_eq!(
            entry.file_stem(),
            "2026-11-24T09-00-00Z-realtime-analytics-practice"
        );
        let json = serde_json::to_string(&entry).expect("serialises");
        let back: HistoryEntry = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, entry);
    }

    #[test]
    fn the_report_has_every_section_and_both_answers() {
        let (scenario, session, card, answer) = finished();
        let report = report(&scenario, &session, &card, &answer, None, None);
        for heading in [
            "## Moves",
            "## Strong signals",
            "## Red flags",
            "## Follow-ups",
            "## Your answer",
            "## Model answer",
        ] {
            assert!(report.contains(heading), "{heading} missing:\n{report}");
        }
        assert!(report.contains("**A:** (no reply)"));
        // The answers' own headings nest under the report's.
        assert!(report.contains("#### Defend"));
        assert!(report.starts_with(&format!("# {}: {} / 100", scenario.title, card.score)));
    }

    fn judged(followup: &str, grade: Grade, covered: Vec<usize>) -> Exchange {
        Exchange {
            reply: "Salt it.".into(),
            grade: Some(grade),
            covered,
            missing: vec![0, 9],
            feedback: "Made 1 of 5\n points.".into(),
            ..Exchange::asked(followup, "What happens?")
        }
    }

    #[test]
    fn a_result_names_its_points_in_the_scenarios_words() {
        let (scenario, ..) = finished();
        let hot = scenario
            .followups
            .iter()
            .find(|f| f.id == "hot-seller")
            .expect("a follow-up");
        let result = FollowUpResult::of(&scenario, &judged("hot-seller", Grade::Partial, vec![2]))
            .expect("judged");
        assert_eq!(result.covered, [hot.good_points[2].trim()]);
        // An index the follow-up no longer has is left out, not a panic.
        assert_eq!(result.missed, [hot.good_points[0].trim()]);
        assert_eq!(result.feedback, "Made 1 of 5 points.");
        // Unjudged, or a follow-up the scenario no longer has: no result.
        assert_eq!(
            FollowUpResult::of(&scenario, &Exchange::asked("hot-seller", "Q?")),
            None
        );
        assert_eq!(
            FollowUpResult::of(&scenario, &judged("gone", Grade::Thin, vec![])),
            None
        );
    }

    #[test]
    fn the_deep_dive_reason_names_the_follow_ups_that_fell_short() {
        let (_, _, card, _) = finished();
        let results = |grades: &[(&str, Grade)]| -> Vec<FollowUpResult> {
            grades
                .iter()
                .map(|&(id, grade)| FollowUpResult {
                    followup: id.into(),
                    grade,
                    covered: Vec::new(),
                    missed: Vec::new(),
                    feedback: String::new(),
                })
                .collect()
        };
        let deep = |card: &Scorecard| {
            card.stages
                .iter()
                .find(|s| s.stage == Stage::DeepDive)
                .expect("a move")
                .clone()
        };
        let before = deep(&card);
        assert!(before.score < before.max);
        let mut short = card.clone();
        explain_deep_dive(
            &mut short,
            &results(&[
                ("a", Grade::Good),
                ("b", Grade::Thin),
                ("c", Grade::Partial),
            ]),
        );
        let why = deep(&short).lost.expect("a reason");
        assert!(why.ends_with("follow-ups: b thin, c partial"), "{why}");
        if let Some(lost) = &before.lost {
            assert!(why.starts_with(&format!("{lost}; ")), "{why}");
        }
        // All good: the reason is the scorer's alone.
        let mut good = card.clone();
        explain_deep_dive(&mut good, &results(&[("a", Grade::Good)]));
        assert_eq!(deep(&good).lost, before.lost);
        // A move that lost nothing has no reason to give.
        let mut full = card.clone();
        for s in &mut full.stages {
            s.score = s.max;
            s.lost = None;
        }
        explain_deep_dive(&mut full, &results(&[("b", Grade::Thin)]));
        assert_eq!(deep(&full).lost, None);
    }

    #[test]
    fn an_entry_written_before_follow_ups_were_graded_still_loads() {
        let old = r#"{"format": 1, "scenario": "realtime-analytics", "mode": "practice",
            "started": "2026-11-24T09:00:00Z", "finished": "2026-11-24T09:30:00Z",
            "score": 40, "band": "weak",
            "moves": [{"stage": "deep-dive", "score": 5, "max": 20, "seconds": 60}],
            "signals_hit": [], "signals_missed": [], "red_flags": [],
            "claims": 0, "claims_off": 0,
            "followups": [{"followup": "hot-seller", "question": "Q?", "reply": "Salt it."}],
            "answer": "Salt it."}"#;
        let entry: HistoryEntry = serde_json::from_str(old).expect("an old entry loads");
        assert_eq!(entry.first, None);
        assert!(entry.followup_grades.is_empty());
        assert_eq!(entry.moves[0].lost, None);
        assert_eq!(entry.followups[0].grade, None);
    }

    #[test]
    fn an_entry_scored_again_keeps_the_first_score_and_the_report_says_both() {
        let (scenario, session, card, answer) = finished();
        let mut better = card.clone();
        better.score = card.score + 14;
        let mut entry = HistoryEntry::new(&scenario, &session, &better, &answer, "t2".into());
        entry.first = Some(FirstScore::new(
            &card,
            &session,
            &[Stage::Defend],
            "t1".into(),
        ));
        let json = serde_json::to_value(&entry).expect("serialises");
        assert_eq!(json["first"]["score"], card.score);
        assert_eq!(json["first"]["reopened"], serde_json::json!(["defend"]));
        let back: HistoryEntry = serde_json::from_value(json.clone()).expect("reads back");
        assert_eq!(back, entry);
        // A first score is checked like the score.
        let mut bad = json;
        bad["first"]["score"] = 250.into();
        let err = serde_json::from_value::<HistoryEntry>(bad).expect_err("refused");
        assert!(err.to_string().contains("250"), "{err}");
        let rescored = Rescored {
            first: &card,
            reopened: &[Stage::Size, Stage::Defend],
        };
        let report = report(&scenario, &session, &better, &answer, None, Some(rescored));
        let said = format!(
            "Scored again after rewriting Size and Defend: {} / 100 ({}); first scored {} / 100 \
             ({}), 14 points up.",
            better.score,
            better.band.name(),
            card.score,
            card.band.name()
        );
        assert!(report.contains(&said), "{report}");
        let same = Rescored {
            first: &card,
            reopened: &[Stage::Clarify],
        };
        assert!(same.sentence(&card).ends_with(", the same."));
    }

    #[test]
    fn clock_shows_minutes_and_seconds() {
        assert_eq!(crate::text::clock(0), "0:00");
        assert_eq!(crate::text::clock(605), "10:05");
    }
}
