//! The right-hand column: the lab in Deep-dive, what is pinned, and the live rubric.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::practice::Pin;
use crate::scenario::Stage;
use crate::score::claims::ClaimVerdict;
use crate::tui::app::{App, Focus};
use crate::tui::text::wrap;
use crate::tui::view::truncate;
use crate::tui::widgets::lab::LabView;

impl App<'_> {
    pub(in crate::tui) fn side(&self, area: Rect, buf: &mut Buffer) {
        let mut constraints = Vec::new();
        let curveball = self
            .session()
            .mock
            .as_ref()
            .and_then(|m| m.curveball.as_ref());
        if let Some(played) = curveball {
            let lines = wrap(&played.line, area.width.saturating_sub(2) as usize).len() as u16;
            constraints.push(Constraint::Length(lines + 2));
        }
        let lab = self.session().stage == Stage::DeepDive
            && self.round().lab().is_some()
            && !self.is_mock();
        if lab {
            constraints.push(Constraint::Min(14));
        }
        constraints.push(Constraint::Min(6));
        if self.show_rubric {
            constraints.push(Constraint::Percentage(50));
        }
        let areas = Layout::vertical(constraints).split(area);
        let mut next = areas.iter();
        if let (Some(played), Some(a)) = (curveball, curveball.and_then(|_| next.next())) {
            let block = self.panel("Curveball", true);
            let inner = block.inner(*a);
            block.render(*a, buf);
            let lines: Vec<Line> = wrap(&played.line, inner.width as usize)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, self.theme.warn)))
                .collect();
            Paragraph::new(lines).render(inner, buf);
        }
        // The lab's area is taken only when the lab is shown.
        let lab_area = if lab { next.next() } else { None };
        if let (Some(state), Some(a)) = (self.round().lab(), lab_area) {
            LabView::new(
                &state.lab,
                Some(&state.outcome),
                &self.theme,
                self.focus == Focus::Lab,
            )
            .render(*a, buf);
        }
        if let Some(a) = next.next() {
            self.pinned(*a, buf);
        }
        if let Some(a) = next.next() {
            self.rubric_panel(*a, buf);
        }
    }

    pub(in crate::tui) fn pinned(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let block = self.panel("Pinned", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width.saturating_sub(2) as usize;
        let mut lines = Vec::new();
        if self.session().pinned.is_empty() {
            for l in wrap(
                "Facts the interviewer gives and assumptions you state (\"I'll assume ...\") collect here.",
                width + 2,
            ) {
                lines.push(Line::from(Span::styled(l, t.dim)));
            }
        }
        // When every pin cannot be shown whole, each keeps its first lines (with "…"), so
        // the panel still lists every requirement rather than only the last ones.
        let claim_lines = self.round().numbers().map_or(0, |claims| {
            let distinct: std::collections::BTreeSet<&str> =
                claims.iter().map(|c| c.text.as_str()).collect();
            distinct.len().max(1) + 2
        });
        let groups = self.pin_groups();
        // A heading per group, then each pin under it.
        let room = (inner.height as usize).saturating_sub(claim_lines + groups.len());
        let needs: Vec<usize> = groups
            .iter()
            .flat_map(|(_, pins)| pins.iter().map(|p| wrap(p.text(), width).len()))
            .collect();
        let mut limits = share_lines(&needs, room).into_iter();
        for (label, pins) in &groups {
            lines.push(Line::from(Span::styled((*label).to_owned(), t.heading)));
            for pin in pins {
                let (mark, style) = match pin {
                    Pin::Fact { .. } => ("● ", t.good),
                    Pin::Assumption { .. } => ("◆ ", t.warn),
                };
                let limit = limits.next().unwrap_or(1);
                let mut wrapped = wrap(pin.text(), width);
                if wrapped.len() > limit {
                    wrapped.truncate(limit);
                    if let Some(last) = wrapped.last_mut() {
                        *last = truncate(&format!("{last}…"), width);
                    }
                }
                for (i, l) in wrapped.into_iter().enumerate() {
                    let lead = if i == 0 { mark } else { "  " };
                    lines.push(Line::from(vec![Span::styled(lead, style), Span::raw(l)]));
                }
            }
        }
        if let Some(claims) = self.round().numbers() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("Numbers", t.heading)));
            if claims.is_empty() {
                lines.push(Line::from(Span::styled("no numbers with units", t.dim)));
            }
            // The same number said twice (the scratchpad, then a sentence) is listed once.
            let mut listed = std::collections::BTreeSet::new();
            for c in claims.iter().filter(|c| listed.insert(c.text.as_str())) {
                let (mark, style) = match c.verdict {
                    ClaimVerdict::Ok => ("✓ ", t.good),
                    ClaimVerdict::Off => ("✗ ", t.bad),
                    ClaimVerdict::Unchecked => ("? ", t.dim),
                };
                let text = match c.verdict {
                    ClaimVerdict::Ok => c.text.clone(),
                    ClaimVerdict::Off => format!("{}: expected about {}", c.text, c.expected),
                    ClaimVerdict::Unchecked => format!("{}: not a figure of this scenario", c.text),
                };
                for (i, l) in wrap(&text, width).into_iter().enumerate() {
                    let lead = if i == 0 { mark } else { "  " };
                    lines.push(Line::from(vec![Span::styled(lead, style), Span::raw(l)]));
                }
            }
        }
        // Newest at the bottom stays visible.
        let skip = lines.len().saturating_sub(inner.height as usize);
        Paragraph::new(lines.split_off(skip)).render(inner, buf);
    }

    /// What is pinned, grouped: the facts under their topic (Freshness, Volume ...) once
    /// each, in the order the topics came up, and the assumptions under "Assumed"; a pin
    /// said twice in a group is listed once.
    fn pin_groups(&self) -> Vec<(&'static str, Vec<&Pin>)> {
        let mut groups: Vec<(&'static str, Vec<&Pin>)> = Vec::new();
        for pin in &self.session().pinned {
            let label = match pin {
                Pin::Fact { id, .. } => self
                    .scenario()
                    .facts
                    .iter()
                    .find(|f| f.id == *id)
                    .map(|f| f.topic.label())
                    .filter(|l| !l.is_empty())
                    .unwrap_or("Other facts"),
                Pin::Assumption { .. } => "Assumed",
            };
            match groups.iter_mut().find(|(l, _)| *l == label) {
                Some((_, pins)) if pins.iter().any(|p| p.text() == pin.text()) => {}
                Some((_, pins)) => pins.push(pin),
                None => groups.push((label, vec![pin])),
            }
        }
        groups
    }

    pub(in crate::tui) fn rubric_panel(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let block = self.panel("Live rubric (F2)", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(card) = self.live() else {
            return;
        };
        let width = inner.width as usize;
        let current = self.session().stage;
        // Points so far: the moves up to this one. The overall score would count every move
        // not reached yet as missing, which says nothing in the middle of a session.
        let mut head = Vec::new();
        let (mut earned, mut available) = (0, 0);
        for s in card.stages.iter().filter(|s| s.stage <= current) {
            earned += s.score;
            available += s.max;
            if s.stage == current {
                head.push(Span::styled(
                    format!("{} {}/{}", current.title(), s.score, s.max),
                    t.heading,
                ));
            }
        }
        head.push(Span::styled(
            format!("  ·  so far {earned}/{available}"),
            t.dim,
        ));
        let mut lines = vec![Line::from(head)];
        if let Some(why) = card
            .stages
            .iter()
            .find(|s| s.stage == current)
            .and_then(|s| s.lost.as_deref())
        {
            lines.push(Line::from(Span::styled(
                truncate(&format!("↳ {why}"), width),
                t.dim,
            )));
        }
        // Flags raised by something written show at once; flags for what is still missing
        // would shout at every early move, so they wait for the scorecard.
        for flag in card
            .raised_flags()
            .filter(|f| f.evidence_kind == Some(crate::score::EvidenceKind::Quote))
        {
            lines.push(Line::from(Span::styled(
                truncate(&format!("⚑ {}", flag.title), width),
                t.bad,
            )));
        }
        let stage_of = |id: &str| {
            self.round()
                .rubric()
                .signal(id)
                .and_then(|s| s.stage)
                .or_else(|| {
                    self.scenario()
                        .rubric
                        .signals
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| s.stage)
                })
        };
        // The current move's signals first, then the rest.
        let mut signals: Vec<_> = card.signals.iter().collect();
        signals.sort_by_key(|s| stage_of(&s.id) != Some(current));
        for s in signals {
            let (mark, style) = if s.hit {
                ("✓ ", t.good)
            } else {
                ("· ", t.dim)
            };
            lines.push(Line::from(Span::styled(
                truncate(&format!("{mark}{}", s.title), width),
                style,
            )));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// Lines each pin may take when they need `needs` and there are `room`: all they need if
/// everything fits; otherwise an equal share each, with what short pins leave over going to
/// the longer ones in order. Every pin keeps at least its first line.
fn share_lines(needs: &[usize], room: usize) -> Vec<usize> {
    if needs.iter().sum::<usize>() <= room {
        return needs.to_vec();
    }
    let fair = (room / needs.len().max(1)).max(1);
    let mut spare = room.saturating_sub(needs.iter().map(|n| (*n).min(fair)).sum());
    needs
        .iter()
        .map(|&need| {
            let extra = need.saturating_sub(fair).min(spare);
            spare -= extra;
            need.min(fair) + extra
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::share_lines;

    #[test]
    fn pins_share_the_room_and_keep_a_line_each() {
        assert_eq!(share_lines(&[2, 3], 10), [2, 3]);
        assert_eq!(share_lines(&[4, 4, 4], 9), [3, 3, 3]);
        assert_eq!(share_lines(&[1, 6, 6], 9), [1, 5, 3]);
        assert_eq!(share_lines(&[5, 5], 1), [1, 1]);
    }
}
