//! The deep-dive section of a practice session's scorecard: per follow-up the question, the
//! replies (and the probe), the grade, each good point made or missed, and the feedback line.

use super::doc::{Doc, Line, Role, Span, wrap_words};
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
    let doc = followups_doc(scenario, exchanges, width);
    if doc.is_empty() {
        String::new()
    } else {
        doc.ansi()
    }
}

/// The follow-ups as a document; empty when none was asked or answered.
#[must_use]
pub fn followups_doc(scenario: &Scenario, exchanges: &[Exchange], width: usize) -> Doc {
    let mut out = Doc::new();
    let shown: Vec<&Exchange> = exchanges
        .iter()
        .filter(|e| !e.question.trim().is_empty() || !e.reply.trim().is_empty())
        .collect();
    if shown.is_empty() {
        return out;
    }
    out.blank();
    out.push(Line::of(Role::Heading, "Follow-ups"));
    for (i, e) in shown.into_iter().enumerate() {
        if i > 0 {
            out.blank();
        }
        let result = FollowUpResult::of(scenario, e);
        heading(&mut out, e, result.as_ref());
        let q = || Span::new(Role::Dim, "Q");
        let a = || Span::new(Role::Dim, "A");
        if !e.question.trim().is_empty() {
            hanging(&mut out, q(), &e.question, width, Role::Emphasis);
        }
        hanging(&mut out, a(), or_no_reply(&e.reply), width, Role::Plain);
        if let Some(probe) = &e.probe {
            hanging(&mut out, q(), probe, width, Role::Emphasis);
            hanging(
                &mut out,
                a(),
                or_no_reply(&e.probe_reply),
                width,
                Role::Plain,
            );
        }
        let Some(result) = result else {
            continue;
        };
        for point in &result.covered {
            hanging(
                &mut out,
                Span::new(Role::Good, "✓"),
                point,
                width,
                Role::Plain,
            );
        }
        for point in &result.missed {
            hanging(
                &mut out,
                Span::new(Role::Bad, "✗"),
                point,
                width,
                Role::Plain,
            );
        }
        hanging(
            &mut out,
            Span::plain("→"),
            &result.feedback,
            width,
            Role::Dim,
        );
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
fn hanging(out: &mut Doc, mark: Span, text: &str, width: usize, role: Role) {
    let text_width = width.saturating_sub(INDENT.len() + 2).max(30);
    let mut mark = Some(mark);
    for line in wrap_words(text, text_width) {
        let lead = mark.take().unwrap_or_else(|| Span::plain(" "));
        out.push(Line::new(vec![
            Span::plain(INDENT),
            lead,
            Span::plain(" "),
            Span::new(role, line),
        ]));
    }
}

/// The follow-up's id with its grade.
fn heading(out: &mut Doc, e: &Exchange, result: Option<&FollowUpResult>) {
    let (role, mark, grade) = match result.map(|r| r.grade) {
        Some(Grade::Good) => (Role::Good, "✓", "good"),
        Some(Grade::Partial) => (Role::Warn, "◐", "partial"),
        Some(Grade::Thin) => (Role::Bad, "✗", "thin"),
        None if e.reply.trim().is_empty() => (Role::Dim, "-", "not answered"),
        None => (Role::Dim, "-", "not graded"),
    };
    let id = if e.followup.is_empty() {
        "(no follow-up)"
    } else {
        &e.followup
    };
    out.push(Line::new(vec![
        Span::plain("  "),
        Span::new(role, mark),
        Span::plain(" "),
        Span::new(Role::Code, id),
        Span::plain("  "),
        Span::new(role, grade),
    ]));
}
