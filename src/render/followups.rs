//! The deep-dive section of a practice session's scorecard: per follow-up the question, the
//! replies (and the probe), the grade, each good point made or missed, and the feedback line.

use std::fmt::Write as _;

use super::scorecard::wrapped;
use super::{paint, styles};
use crate::practice::Exchange;
use crate::practice::interviewer::Grade;
use crate::practice::record::FollowUpResult;
use crate::scenario::Scenario;

/// Columns the lines under each follow-up are indented by.
const INDENT: &str = "    ";

/// Renders the follow-ups of a session of `scenario` for a terminal `width` columns wide;
/// empty when none was asked or answered.
#[must_use]
pub fn followups(scenario: &Scenario, exchanges: &[Exchange], width: usize) -> String {
    let mut out = String::new();
    let shown: Vec<&Exchange> = exchanges
        .iter()
        .filter(|e| !e.question.trim().is_empty() || !e.reply.trim().is_empty())
        .collect();
    if shown.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n{}", paint(styles::HEADING, "Follow-ups"));
    let plain = anstyle::Style::new();
    for (i, e) in shown.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let result = FollowUpResult::of(scenario, e);
        heading(&mut out, e, result.as_ref());
        let q = paint(styles::DIM, "Q");
        let a = paint(styles::DIM, "A");
        if !e.question.trim().is_empty() {
            hanging(&mut out, &q, &e.question, width, styles::EMPHASIS);
        }
        hanging(&mut out, &a, or_no_reply(&e.reply), width, plain);
        if let Some(probe) = &e.probe {
            hanging(&mut out, &q, probe, width, styles::EMPHASIS);
            hanging(&mut out, &a, or_no_reply(&e.probe_reply), width, plain);
        }
        let Some(result) = result else {
            continue;
        };
        let made = paint(styles::GOOD, "✓");
        let missed = paint(styles::BAD, "✗");
        for point in &result.covered {
            hanging(&mut out, &made, point, width, plain);
        }
        for point in &result.missed {
            hanging(&mut out, &missed, point, width, plain);
        }
        hanging(&mut out, "→", &result.feedback, width, styles::DIM);
    }
    out
}

fn or_no_reply(text: &str) -> &str {
    if text.trim().is_empty() {
        "(no reply)"
    } else {
        text
    }
}

/// `text` wrapped to `width` under a one-column `mark`, its later lines lined up after it.
fn hanging(out: &mut String, mark: &str, text: &str, width: usize, style: anstyle::Style) {
    let mut lines = String::new();
    let text_width = width.saturating_sub(INDENT.len() + 2).max(30);
    wrapped(&mut lines, text, "", text_width, style);
    for (i, line) in lines.lines().enumerate() {
        let lead = if i == 0 { mark } else { " " };
        let _ = writeln!(out, "{INDENT}{lead} {line}");
    }
}

/// The follow-up's id with its grade.
fn heading(out: &mut String, e: &Exchange, result: Option<&FollowUpResult>) {
    let (mark, grade) = match result.map(|r| r.grade) {
        Some(Grade::Good) => (paint(styles::GOOD, "✓"), paint(styles::GOOD, "good")),
        Some(Grade::Partial) => (paint(styles::WARN, "◐"), paint(styles::WARN, "partial")),
        Some(Grade::Thin) => (paint(styles::BAD, "✗"), paint(styles::BAD, "thin")),
        None if e.reply.trim().is_empty() => {
            (paint(styles::DIM, "-"), paint(styles::DIM, "not answered"))
        }
        None => (paint(styles::DIM, "-"), paint(styles::DIM, "not graded")),
    };
    let id = if e.followup.is_empty() {
        "(no follow-up)"
    } else {
        &e.followup
    };
    let _ = writeln!(out, "  {mark} {}  {grade}", paint(styles::CODE, id));
}
