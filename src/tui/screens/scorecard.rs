//! The scorecard after the session, and the answers side by side.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::tui::app::{App, ScoreTab};
use crate::tui::text::{markdown, wrap};
use crate::tui::view::{READING_WIDTH, ansi_lines};

impl App<'_> {
    pub(in crate::tui) fn scorecard(&self, area: Rect, buf: &mut Buffer) {
        let Some((card, answer)) = self.round().finished() else {
            return;
        };
        let t = &self.theme;
        let color = t.dim != Style::new();
        match self.score_tab {
            ScoreTab::Card => {
                let block = self.panel("Scorecard", true);
                let inner = block.inner(area);
                block.render(area, buf);
                // Lines no longer than reading needs, however wide the window.
                let width = usize::from(inner.width.saturating_sub(1)).min(READING_WIDTH);
                let rendered = crate::render::scorecard(card, width);
                let mut lines = ansi_lines(&rendered, color);
                let followups =
                    crate::render::followups(self.scenario(), &self.session().deep_dive, width);
                if !followups.is_empty() {
                    lines.extend(ansi_lines(&followups, color));
                }
                lines.extend(self.unasked_lines(width));
                lines.extend(self.mock_lines(width));
                self.set_max_scroll(lines.len().saturating_sub(inner.height as usize));
                self.page.set(inner.height);
                let top = (self.scroll as usize).min(lines.len().saturating_sub(1));
                Paragraph::new(lines[top..].to_vec()).render(inner, buf);
            }
            ScoreTab::Answers => {
                let mut longest = 0;
                let [yours, model] =
                    Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                        .areas(area);
                for (a, title, text) in [
                    (yours, "Your answer", answer.as_str()),
                    (
                        model,
                        "Model answer",
                        self.scenario()
                            .model_answer
                            .as_deref()
                            .unwrap_or("This scenario has no model answer."),
                    ),
                ] {
                    let block = self.panel(title, false);
                    let inner = block.inner(a);
                    block.render(a, buf);
                    let lines = markdown(text, inner.width.saturating_sub(1) as usize, color);
                    longest = longest.max(lines.len().saturating_sub(inner.height as usize));
                    let top = (self.scroll as usize).min(lines.len().saturating_sub(1));
                    Paragraph::new(lines[top..].to_vec()).render(inner, buf);
                }
                self.set_max_scroll(longest);
                self.page.set(area.height.saturating_sub(2));
            }
        }
    }

    pub(in crate::tui) fn set_max_scroll(&self, lines: usize) {
        self.max_scroll
            .set(u16::try_from(lines).unwrap_or(u16::MAX));
    }

    /// The key facts never asked for in Clarify, each with the question that would have
    /// found it and what the interviewer would have said.
    fn unasked_lines(&self, width: usize) -> Vec<Line<'static>> {
        let t = &self.theme;
        let unasked = crate::practice::unasked::unasked(self.scenario(), self.session());
        if unasked.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![
            Line::default(),
            Line::from(Span::styled("Facts you never asked for", t.heading)),
        ];
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
                lines.push(Line::from(vec![Span::styled(lead, t.warn), Span::raw(l)]));
            }
            for l in wrap(
                &format!("→ {}", u.fact.reply.trim()),
                width.saturating_sub(6),
            ) {
                lines.push(Line::from(Span::styled(format!("      {l}"), t.dim)));
            }
        }
        lines
    }

    /// A mock's timeline (time per move against its budget) and curveball outcome.
    fn mock_lines(&self, width: usize) -> Vec<Line<'static>> {
        use crate::text::clock;
        let t = &self.theme;
        let Some(record) = self.round().mock_record() else {
            return Vec::new();
        };
        let mut lines = vec![
            Line::default(),
            Line::from(Span::styled("Timeline", t.heading)),
        ];
        let longest = record
            .timeline
            .iter()
            .map(|r| r.spent.max(r.budget))
            .max()
            .unwrap_or(1)
            .max(1);
        for row in &record.timeline {
            let bar = |secs: u64| (secs * 30 / longest) as usize;
            let (mark, style) = if row.over() > 0 {
                ("over", t.bad)
            } else {
                ("", t.good)
            };
            let mut spans = vec![
                Span::raw(format!("  {:<10} ", row.stage.title())),
                Span::styled("█".repeat(bar(row.spent)), style),
                Span::styled(
                    "░".repeat(bar(row.budget).saturating_sub(bar(row.spent))),
                    t.dim,
                ),
                Span::raw(format!(" {} of {}", clock(row.spent), clock(row.budget))),
            ];
            if !mark.is_empty() {
                spans.push(Span::styled(
                    format!("  {} by {}", mark, clock(row.over())),
                    style,
                ));
            }
            lines.push(Line::from(spans));
        }
        if record.timed_out {
            lines.push(Line::from(Span::styled(
                "  The time ran out before you finished.",
                t.warn,
            )));
        }
        if let Some(at) = record.rushed_at {
            lines.push(Line::from(Span::styled(
                format!(
                    "  You reached Sketch at {} without a clarifying question.",
                    clock(at)
                ),
                t.bad,
            )));
        }
        if let Some(c) = &record.curveball {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("Curveball", t.heading)));
            for l in wrap(&format!("“{}”", c.line), width.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(format!("  {l}"), t.interviewer)));
            }
            let (verdict, style) = if c.addressed {
                ("✓ You took it on.", t.good)
            } else {
                ("✗ Your answer never took it on. A good response:", t.bad)
            };
            lines.push(Line::from(Span::styled(format!("  {verdict}"), style)));
            if !c.addressed {
                for point in &c.expects {
                    for (i, l) in wrap(point, width.saturating_sub(6)).into_iter().enumerate() {
                        let lead = if i == 0 { "    • " } else { "      " };
                        lines.push(Line::from(vec![Span::styled(lead, t.dim), Span::raw(l)]));
                    }
                }
            }
        }
        lines
    }
}
