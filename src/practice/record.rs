//! What a finished session leaves behind: the history entry (read later by `dei history`,
//! `dei stats` and the drill) and the Markdown report a candidate can keep or share.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::interviewer::Grade;
use super::session::{Exchange, Mode, Pin, Session, Speaker};
use crate::scenario::{Scenario, Stage};
use crate::score::claims::ClaimVerdict;
use crate::score::design::SimVerdict;
use crate::score::{Band, EvidenceKind, Scorecard};

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
            moves: card
                .stages
                .iter()
                .map(|s| MoveScore {
                    stage: s.stage,
                    score: s.score,
                    max: s.max,
                    seconds: session.seconds.get(&s.stage).copied().unwrap_or(0),
                    lost: s.lost.clone(),
                })
                .collect(),
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
            let reply: Vec<&str> = later_turns.chain(documents).collect();
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

/// The Markdown report of a finished session: score, moves, every rubric item with its
/// evidence, numbers, simulations, the conversation, and both answers.
#[must_use]
pub fn report(
    scenario: &Scenario,
    session: &Session,
    card: &Scorecard,
    answer: &str,
    mock: Option<&super::mock::MockRecord>,
) -> String {
    let mut out = String::new();
    let band = match card.band {
        Band::Strong => "strong",
        Band::Mixed => "mixed",
        Band::Weak => "weak",
    };
    let _ = writeln!(out, "# {}: {} / 100 ({band})\n", scenario.title, card.score);
    let _ = writeln!(
        out,
        "Scenario `{}`, {} started {}, {} spent.\n",
        scenario.id,
        session.mode.id(),
        session.started,
        crate::text::clock(session.total_seconds())
    );
    if let Some(note) = card.relevance_note() {
        let _ = writeln!(out, "{note}\n");
    }
    out.push_str("## Moves\n\n| Move | Points | Time | Points lost to |\n|---|---:|---:|---|\n");
    for s in &card.stages {
        let seconds = session.seconds.get(&s.stage).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "| {} | {} / {} | {} | {} |",
            s.stage.title(),
            s.score,
            s.max,
            crate::text::clock(seconds),
            s.lost.as_deref().map(table_cell).unwrap_or_default()
        );
    }
    rubric_items(&mut out, card);
    details(&mut out, scenario, session, card);
    unasked_section(&mut out, scenario, session);
    if let Some(mock) = mock {
        mock_sections(&mut out, mock);
    }
    out.push_str("\n## Your answer\n\n");
    out.push_str(&demote(answer));
    if let Some(model) = &scenario.model_answer {
        out.push_str("\n## Model answer\n\n");
        out.push_str(&demote(model));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The key facts never asked for, each with the question that would have found it.
fn unasked_section(out: &mut String, scenario: &Scenario, session: &Session) {
    let unasked = super::unasked::unasked(scenario, session);
    if unasked.is_empty() {
        return;
    }
    out.push_str(
        "
## Facts you never asked for

",
    );
    for u in unasked {
        let topic = match u.fact.topic.label() {
            "" => String::new(),
            label => format!("**{label}**: "),
        };
        let _ = writeln!(out, "- {topic}{}", u.question);
        let _ = writeln!(out, "  > {}", one_line(&u.fact.reply));
    }
}

/// Every signal (earned with its quote, missed with its advice) and every red flag raised.
fn rubric_items(out: &mut String, card: &Scorecard) {
    out.push_str("\n## Strong signals\n\n");
    for s in &card.signals {
        let mark = if s.hit { "x" } else { " " };
        let _ = writeln!(out, "- [{mark}] **{}** (`{}`)", s.title, s.id);
        match (&s.evidence, s.hit) {
            (Some(e), true) => {
                let _ = writeln!(out, "  > {}", one_line(e));
            }
            _ => {
                let _ = writeln!(out, "  {}", one_line(&s.advice));
            }
        }
    }
    let raised: Vec<_> = card.raised_flags().collect();
    if !raised.is_empty() {
        out.push_str("\n## Red flags\n\n");
        for f in raised {
            let _ = match f.points_taken() {
                Some(p) => writeln!(out, "- **{}** (`{}`, -{p})", f.title, f.id),
                None => writeln!(out, "- **{}** (`{}`)", f.title, f.id),
            };
            match (&f.evidence, f.evidence_kind) {
                (Some(e), Some(EvidenceKind::Quote)) => {
                    let _ = writeln!(out, "  > {}", one_line(e));
                }
                (Some(e), _) => {
                    let _ = writeln!(out, "  *{}*", one_line(e));
                }
                (None, _) => {}
            }
            let _ = writeln!(out, "  {}", one_line(&f.advice));
        }
    }
}

/// Numbers, simulations, what was pinned, and the follow-ups with their replies.
fn details(out: &mut String, scenario: &Scenario, session: &Session, card: &Scorecard) {
    if !card.claims.is_empty() {
        out.push_str("\n## Numbers\n\n");
        for c in &card.claims {
            let verdict = c.verdict.name();
            if c.verdict == ClaimVerdict::Unchecked {
                let _ = writeln!(
                    out,
                    "- {verdict}: \"{}\" (the scenario sizes nothing it is about)",
                    c.text
                );
                continue;
            }
            let _ = writeln!(
                out,
                "- {verdict}: \"{}\" (expected about {}, `{}`)",
                c.text, c.expected, c.reference
            );
        }
    }
    if !card.simulations.is_empty() {
        out.push_str("\n## Simulations\n\n");
        for sim in &card.simulations {
            let verdict = match sim.verdict {
                SimVerdict::Holds => "holds",
                SimVerdict::Breaks => "breaks",
            };
            let _ = writeln!(out, "- {} {verdict}: {}", sim.kind, sim.summary);
        }
    }
    if !session.pinned.is_empty() {
        out.push_str("\n## Pinned in Clarify\n\n");
        for pin in &session.pinned {
            let who = match pin {
                Pin::Fact { .. } => "Interviewer",
                Pin::Assumption { .. } => "Assumed",
            };
            let _ = writeln!(out, "- {who}: {}", one_line(pin.text()));
        }
    }
    if !session.deep_dive.is_empty() {
        out.push_str("\n## Follow-ups\n");
        for e in &session.deep_dive {
            followup_section(out, e, FollowUpResult::of(scenario, e).as_ref());
        }
    }
}

/// One follow-up: the question, the reply, the probe and its answer, then the grade with the
/// feedback line and each good point, made or missed.
fn followup_section(out: &mut String, e: &Exchange, result: Option<&FollowUpResult>) {
    let answer = |text: &str| {
        if text.trim().is_empty() {
            "(no reply)".to_owned()
        } else {
            text.trim().to_owned()
        }
    };
    let id = if e.followup.is_empty() {
        "Deep-dive"
    } else {
        &e.followup
    };
    match result {
        Some(result) => {
            let _ = writeln!(out, "\n### {id} ({})\n", result.grade.id());
        }
        None => {
            let _ = writeln!(out, "\n### {id}\n");
        }
    }
    if !e.question.trim().is_empty() {
        let _ = writeln!(out, "**Q:** {}\n", one_line(&e.question));
    }
    let _ = writeln!(out, "**A:** {}\n", answer(&e.reply));
    if let Some(probe) = &e.probe {
        let _ = writeln!(out, "**Probe:** {}\n", one_line(probe));
        let _ = writeln!(out, "**A:** {}\n", answer(&e.probe_reply));
    }
    let Some(result) = result else {
        return;
    };
    let _ = writeln!(out, "{}\n", result.feedback);
    for point in &result.covered {
        let _ = writeln!(out, "- [x] {point}");
    }
    for point in &result.missed {
        let _ = writeln!(out, "- [ ] {point}");
    }
}

/// A mock's timeline and curveball.
fn mock_sections(out: &mut String, mock: &super::mock::MockRecord) {
    out.push_str("\n## Timeline\n\n| Move | Spent | Budget |\n|---|---:|---:|\n");
    for row in &mock.timeline {
        let over = if row.over() > 0 {
            format!(" (over by {})", crate::text::clock(row.over()))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {}{over} | {} |",
            row.stage.title(),
            crate::text::clock(row.spent),
            crate::text::clock(row.budget)
        );
    }
    if mock.timed_out {
        out.push_str("\nThe time ran out before the answer was finished.\n");
    }
    if let Some(at) = mock.rushed_at {
        let _ = writeln!(
            out,
            "\nReached Sketch at {} without a clarifying question (no-clarify).",
            crate::text::clock(at)
        );
    }
    if let Some(c) = &mock.curveball {
        let verdict = if c.addressed {
            "taken on"
        } else {
            "not taken on"
        };
        let _ = writeln!(
            out,
            "\n## Curveball: {verdict}\n\n> {}\n",
            one_line(&c.line)
        );
        for point in &c.expects {
            let _ = writeln!(out, "- {point}");
        }
    }
}

/// Text on one line, for a list item or a quote.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for one cell of a Markdown table: on one line, its bars escaped.
fn table_cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// Headings two levels down, so an answer nests under the report's own headings.
fn demote(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines() {
        if line.starts_with('#') {
            out.push_str("##");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Mode;
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
        let report = report(&scenario, &session, &card, &answer, None);
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
        assert!(entry.followup_grades.is_empty());
        assert_eq!(entry.moves[0].lost, None);
        assert_eq!(entry.followups[0].grade, None);
    }

    #[test]
    fn clock_shows_minutes_and_seconds() {
        assert_eq!(crate::text::clock(0), "0:00");
        assert_eq!(crate::text::clock(605), "10:05");
    }
}
