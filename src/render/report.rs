//! The Markdown report of a finished practice session, as a [`Doc`] in the same roles as the
//! scorecard (titles strong, ids as code, quotes as quotes), written by the Markdown back end.

use super::doc::{Doc, Line, Role, Span};
use crate::practice::mock::MockRecord;
use crate::practice::record::{FollowUpResult, Rescored};
use crate::practice::{Exchange, Pin, Session};
use crate::scenario::Scenario;
use crate::score::claims::ClaimVerdict;
use crate::score::design::SimVerdict;
use crate::score::{EvidenceKind, Scorecard};
use crate::text::clock;

/// The Markdown report of a finished session: score, moves, every rubric item with its
/// evidence, numbers, simulations, the conversation, and both answers.
#[must_use]
pub fn report(
    scenario: &Scenario,
    session: &Session,
    card: &Scorecard,
    answer: &str,
    mock: Option<&MockRecord>,
    rescored: Option<Rescored<'_>>,
) -> String {
    let mut out = report_doc(scenario, session, card, answer, mock, rescored).markdown();
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The report as a document.
#[must_use]
pub fn report_doc(
    scenario: &Scenario,
    session: &Session,
    card: &Scorecard,
    answer: &str,
    mock: Option<&MockRecord>,
    rescored: Option<Rescored<'_>>,
) -> Doc {
    let mut out = Doc::new();
    out.push(Line::heading(
        1,
        format!(
            "{}: {} / 100 ({})",
            scenario.title,
            card.score,
            card.band.name()
        ),
    ));
    out.blank();
    put(
        &mut out,
        vec![
            plain("Scenario "),
            code(&scenario.id),
            plain(format!(
                ", {} started {}, {} spent.",
                session.mode.id(),
                session.started,
                clock(session.total_seconds())
            )),
        ],
    );
    out.blank();
    if let Some(rescored) = rescored {
        put(&mut out, vec![plain(rescored.sentence(card))]);
        out.blank();
    }
    if let Some(note) = card.relevance_note() {
        put(&mut out, vec![plain(note)]);
        out.blank();
    }
    out.push(Line::heading(2, "Moves"));
    out.blank();
    out.push(Line::new(vec![plain(
        "| Move | Points | Time | Points lost to |",
    )]));
    out.push(Line::new(vec![plain("|---|---:|---:|---|")]));
    for s in &card.stages {
        let seconds = session.seconds.get(&s.stage).copied().unwrap_or(0);
        put(
            &mut out,
            vec![plain(format!(
                "| {} | {} / {} | {} | {} |",
                s.stage.title(),
                s.score,
                s.max,
                clock(seconds),
                s.lost.as_deref().map(table_cell).unwrap_or_default()
            ))],
        );
    }
    rubric_items(&mut out, card);
    details(&mut out, scenario, session, card);
    unasked_section(&mut out, scenario, session);
    if let Some(mock) = mock {
        mock_sections(&mut out, mock);
    }
    section(&mut out, 2, "Your answer");
    demote(&mut out, answer);
    if let Some(model) = &scenario.model_answer {
        section(&mut out, 2, "Model answer");
        demote(&mut out, model);
    }
    out
}

fn plain(text: impl Into<String>) -> Span {
    Span::plain(text)
}

fn code(text: &str) -> Span {
    Span::new(Role::Code, text)
}

fn strong(text: &str) -> Span {
    Span::new(Role::Strong, text)
}

/// `spans` as lines: a line break inside a span (a reply of several paragraphs) starts a new
/// line in the span's role.
fn put(out: &mut Doc, spans: Vec<Span>) {
    let mut line = Vec::new();
    for span in spans {
        let mut parts = span.text.split('\n');
        if let Some(first) = parts.next() {
            line.push(Span::new(span.role, first).marked(span.marks));
        }
        for part in parts {
            out.push(Line::new(std::mem::take(&mut line)));
            line.push(Span::new(span.role, part).marked(span.marks));
        }
    }
    out.push(Line::new(line));
}

/// A blank line, a heading of `level`, a blank line.
fn section(out: &mut Doc, level: u8, title: &str) {
    out.blank();
    out.push(Line::heading(level, title));
    out.blank();
}

/// The key facts never asked for, each with the question that would have found it.
fn unasked_section(out: &mut Doc, scenario: &Scenario, session: &Session) {
    let unasked = crate::practice::unasked::unasked(scenario, session);
    if unasked.is_empty() {
        return;
    }
    section(out, 2, "Facts you never asked for");
    for u in unasked {
        let mut spans = vec![plain("- ")];
        match u.fact.topic.label() {
            "" => {}
            label => {
                spans.push(strong(label));
                spans.push(plain(": "));
            }
        }
        spans.push(plain(u.question));
        put(out, spans);
        put(out, vec![plain("  > "), plain(one_line(&u.fact.reply))]);
    }
}

/// Every signal (earned with its quote, missed with its advice) and every red flag raised.
fn rubric_items(out: &mut Doc, card: &Scorecard) {
    section(out, 2, "Strong signals");
    for s in &card.signals {
        let mark = if s.hit { "x" } else { " " };
        put(
            out,
            vec![
                plain(format!("- [{mark}] ")),
                strong(&s.title),
                plain(" ("),
                code(&s.id),
                plain(")"),
            ],
        );
        match (&s.evidence, s.hit) {
            (Some(e), true) => put(out, vec![plain("  > "), plain(one_line(e))]),
            _ => put(out, vec![plain(format!("  {}", one_line(&s.advice)))]),
        }
    }
    let raised: Vec<_> = card.raised_flags().collect();
    if !raised.is_empty() {
        section(out, 2, "Red flags");
        for f in raised {
            let points = f
                .points_taken()
                .map(|p| format!(", -{p}"))
                .unwrap_or_default();
            put(
                out,
                vec![
                    plain("- "),
                    strong(&f.title),
                    plain(" ("),
                    code(&f.id),
                    plain(format!("{points})")),
                ],
            );
            match (&f.evidence, f.evidence_kind) {
                (Some(e), Some(EvidenceKind::Quote)) => {
                    put(out, vec![plain("  > "), plain(one_line(e))]);
                }
                (Some(e), _) => {
                    put(
                        out,
                        vec![plain("  "), Span::new(Role::Emphasis, one_line(e))],
                    );
                }
                (None, _) => {}
            }
            put(out, vec![plain(format!("  {}", one_line(&f.advice)))]);
        }
    }
}

/// Numbers, simulations, what was pinned, and the follow-ups with their replies.
fn details(out: &mut Doc, scenario: &Scenario, session: &Session, card: &Scorecard) {
    if !card.claims.is_empty() {
        section(out, 2, "Numbers");
        for c in &card.claims {
            let verdict = c.verdict.name();
            if c.verdict == ClaimVerdict::Unchecked {
                put(
                    out,
                    vec![plain(format!(
                        "- {verdict}: \"{}\" (the scenario sizes nothing it is about)",
                        c.text
                    ))],
                );
                continue;
            }
            put(
                out,
                vec![
                    plain(format!(
                        "- {verdict}: \"{}\" (expected about {}, ",
                        c.text, c.expected
                    )),
                    code(&c.reference),
                    plain(")"),
                ],
            );
        }
    }
    if !card.simulations.is_empty() {
        section(out, 2, "Simulations");
        for sim in &card.simulations {
            let verdict = match sim.verdict {
                SimVerdict::Holds => "holds",
                SimVerdict::Breaks => "breaks",
            };
            put(
                out,
                vec![plain(format!("- {} {verdict}: {}", sim.kind, sim.summary))],
            );
        }
    }
    if !session.pinned.is_empty() {
        section(out, 2, "Pinned in Clarify");
        for pin in &session.pinned {
            let who = match pin {
                Pin::Fact { .. } => "Interviewer",
                Pin::Assumption { .. } => "Assumed",
            };
            put(
                out,
                vec![plain(format!("- {who}: {}", one_line(pin.text())))],
            );
        }
    }
    if !session.deep_dive.is_empty() {
        out.blank();
        out.push(Line::heading(2, "Follow-ups"));
        for e in &session.deep_dive {
            followup_section(out, e, FollowUpResult::of(scenario, e).as_ref());
        }
    }
}

/// One follow-up: the question, the reply, the probe and its answer, then the grade with the
/// feedback line and each good point, made or missed.
fn followup_section(out: &mut Doc, e: &Exchange, result: Option<&FollowUpResult>) {
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
    let title = match result {
        Some(result) => format!("{id} ({})", result.grade.id()),
        None => id.to_owned(),
    };
    section(out, 3, &title);
    let said = |out: &mut Doc, who: &str, text: String| {
        put(out, vec![strong(who), plain(format!(" {text}"))]);
        out.blank();
    };
    if !e.question.trim().is_empty() {
        said(out, "Q:", one_line(&e.question));
    }
    said(out, "A:", answer(&e.reply));
    if let Some(probe) = &e.probe {
        said(out, "Probe:", one_line(probe));
        said(out, "A:", answer(&e.probe_reply));
    }
    let Some(result) = result else {
        return;
    };
    put(out, vec![plain(result.feedback.clone())]);
    out.blank();
    for point in &result.covered {
        put(out, vec![plain(format!("- [x] {point}"))]);
    }
    for point in &result.missed {
        put(out, vec![plain(format!("- [ ] {point}"))]);
    }
}

/// A mock's timeline and curveball.
fn mock_sections(out: &mut Doc, mock: &MockRecord) {
    section(out, 2, "Timeline");
    out.push(Line::new(vec![plain("| Move | Spent | Budget |")]));
    out.push(Line::new(vec![plain("|---|---:|---:|")]));
    for row in &mock.timeline {
        let over = if row.over() > 0 {
            format!(" (over by {})", clock(row.over()))
        } else {
            String::new()
        };
        put(
            out,
            vec![plain(format!(
                "| {} | {}{over} | {} |",
                row.stage.title(),
                clock(row.spent),
                clock(row.budget)
            ))],
        );
    }
    if mock.timed_out {
        out.blank();
        put(
            out,
            vec![plain("The time ran out before the answer was finished.")],
        );
    }
    if let Some(at) = mock.rushed_at {
        out.blank();
        put(
            out,
            vec![plain(format!(
                "Reached Sketch at {} without a clarifying question (no-clarify).",
                clock(at)
            ))],
        );
    }
    if let Some(c) = &mock.curveball {
        let verdict = if c.addressed {
            "taken on"
        } else {
            "not taken on"
        };
        section(out, 2, &format!("Curveball: {verdict}"));
        out.push(Line::quote(vec![plain(one_line(&c.line))]));
        out.blank();
        for point in &c.expects {
            put(out, vec![plain(format!("- {point}"))]);
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

/// An answer's lines as they are, its headings two levels down so it nests under the
/// report's own.
fn demote(out: &mut Doc, markdown: &str) {
    for line in markdown.lines() {
        let text = if line.starts_with('#') {
            format!("##{line}")
        } else {
            line.to_owned()
        };
        out.push(Line::new(vec![plain(text)]));
    }
}
