//! The parts of a practice session's scorecard beyond the answer's own ([`super::scorecard`]
//! and [`super::followups`]): the score again after a move was rewritten, the key facts never
//! asked for, and a mock's timeline and curveball. Each is a [`Doc`], so the practice screen
//! shows the whole scorecard as one document.

use super::doc::{Doc, Line, Role, Span, wrap};
use crate::practice::Session;
use crate::practice::mock::MockRecord;
use crate::practice::record::Rescored;
use crate::scenario::Scenario;
use crate::score::Scorecard;
use crate::text::clock;

/// Both scores, once a move was reopened and the answer scored again (then a blank line).
#[must_use]
pub fn rescored_doc(rescored: &Rescored<'_>, now: &Scorecard, width: usize) -> Doc {
    let role = if now.score >= rescored.first.score {
        Role::Good
    } else {
        Role::Warn
    };
    let mut doc = Doc::new();
    for l in wrap(&rescored.sentence(now), width) {
        doc.push(Line::of(role, l));
    }
    doc.blank();
    doc
}

/// The key facts never asked for in Clarify, each with the question that would have found
/// it and what the interviewer would have said; empty when every one was asked.
#[must_use]
pub fn unasked_doc(scenario: &Scenario, session: &Session, width: usize) -> Doc {
    let mut doc = Doc::new();
    let unasked = crate::practice::unasked::unasked(scenario, session);
    if unasked.is_empty() {
        return doc;
    }
    doc.blank();
    doc.push(Line::of(Role::Heading, "Facts you never asked for"));
    for u in unasked {
        let topic = match u.fact.topic.label() {
            "" => String::new(),
            label => format!("{label}: "),
        };
        for (i, l) in wrap(&format!("{topic}{}", u.question), width.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "  ? " } else { "    " };
            doc.push(Line::new(vec![Span::new(Role::Warn, lead), Span::plain(l)]));
        }
        for l in wrap(
            &format!("→ {}", u.fact.reply.trim()),
            width.saturating_sub(6),
        ) {
            doc.push(Line::of(Role::Muted, format!("      {l}")));
        }
    }
    doc
}

/// A mock's timeline (time per move against its budget) and curveball outcome.
#[must_use]
pub fn mock_doc(record: &MockRecord, width: usize) -> Doc {
    let mut doc = Doc::new();
    doc.blank();
    doc.push(Line::of(Role::Heading, "Timeline"));
    let longest = record
        .timeline
        .iter()
        .map(|r| r.spent.max(r.budget))
        .max()
        .unwrap_or(1)
        .max(1);
    for row in &record.timeline {
        let bar = |secs: u64| usize::try_from(secs * 30 / longest).unwrap_or(30);
        let (mark, role) = if row.over() > 0 {
            ("over", Role::Alarm)
        } else {
            ("", Role::Good)
        };
        let mut spans = vec![
            Span::plain(format!("  {:<10} ", row.stage.title())),
            Span::new(role, "█".repeat(bar(row.spent))),
            Span::new(
                Role::Muted,
                "░".repeat(bar(row.budget).saturating_sub(bar(row.spent))),
            ),
            Span::plain(format!(" {} of {}", clock(row.spent), clock(row.budget))),
        ];
        if !mark.is_empty() {
            spans.push(Span::new(
                role,
                format!("  {} by {}", mark, clock(row.over())),
            ));
        }
        doc.push(Line::new(spans));
    }
    if record.timed_out {
        doc.push(Line::of(
            Role::Warn,
            "  The time ran out before you finished.",
        ));
    }
    if let Some(at) = record.rushed_at {
        doc.push(Line::of(
            Role::Alarm,
            format!(
                "  You reached Sketch at {} without a clarifying question.",
                clock(at)
            ),
        ));
    }
    if let Some(c) = &record.curveball {
        doc.blank();
        doc.push(Line::of(Role::Heading, "Curveball"));
        for l in wrap(&format!("“{}”", c.line), width.saturating_sub(4)) {
            doc.push(Line::of(Role::Interviewer, format!("  {l}")));
        }
        let (verdict, role) = if c.addressed {
            ("✓ You took it on.", Role::Good)
        } else {
            (
                "✗ Your answer never took it on. A good response:",
                Role::Alarm,
            )
        };
        doc.push(Line::of(role, format!("  {verdict}")));
        if !c.addressed {
            for point in &c.expects {
                for (i, l) in wrap(point, width.saturating_sub(6)).into_iter().enumerate() {
                    let lead = if i == 0 { "    • " } else { "      " };
                    doc.push(Line::new(vec![
                        Span::new(Role::Muted, lead),
                        Span::plain(l),
                    ]));
                }
            }
        }
    }
    doc
}
