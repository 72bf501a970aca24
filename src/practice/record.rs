//! What a finished session leaves behind: the history entry (read later by `dei history`,
//! `dei stats` and the drill) and the Markdown report a candidate can keep or share.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::session::{Exchange, Mode, Pin, Session};
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
    /// The entry for `session`, scored as `card` from `answer`, finished at `finished`.
    #[must_use]
    pub fn new(session: &Session, card: &Scorecard, answer: &str, finished: String) -> Self {
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

/// Minutes and seconds, `12:05`.
#[must_use]
pub fn clock(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
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
        clock(session.total_seconds())
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
            clock(seconds),
            s.lost.as_deref().map(table_cell).unwrap_or_default()
        );
    }
    rubric_items(&mut out, card);
    details(&mut out, session, card);
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
            let _ = writeln!(
                out,
                "- **{}** (`{}`, -{})",
                f.title,
                f.id,
                f.penalty.unwrap_or(0)
            );
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
fn details(out: &mut String, session: &Session, card: &Scorecard) {
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
        out.push_str("\n## Follow-ups\n\n");
        for e in &session.deep_dive {
            let _ = writeln!(out, "**Q:** {}\n", one_line(&e.question));
            let reply = if e.reply.trim().is_empty() {
                "(no reply)"
            } else {
                e.reply.trim()
            };
            let _ = writeln!(out, "**A:** {reply}\n");
        }
    }
}

/// A mock's timeline and curveball.
fn mock_sections(out: &mut String, mock: &super::mock::MockRecord) {
    out.push_str("\n## Timeline\n\n| Move | Spent | Budget |\n|---|---:|---:|\n");
    for row in &mock.timeline {
        let over = if row.over() > 0 {
            format!(" (over by {})", clock(row.over()))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {}{over} | {} |",
            row.stage.title(),
            clock(row.spent),
            clock(row.budget)
        );
    }
    if mock.timed_out {
        out.push_str("\nThe time ran out before the answer was finished.\n");
    }
    if let Some(at) = mock.rushed_at {
        let _ = writeln!(
            out,
            "\nReached Sketch at {} without a clarifying question (no-clarify).",
            clock(at)
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
        let (_, session, card, answer) = finished();
        let entry = HistoryEntry::new(&session, &card, &answer, "2026-11-24T09:30:00Z".into());
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

    #[test]
    fn clock_shows_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(605), "10:05");
    }
}
