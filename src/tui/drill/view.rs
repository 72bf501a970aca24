//! Drawing the drill: `impl Widget for &DrillApp`, a header, the card, the progress line and
//! the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{DrillApp, Mode, Phase};
use crate::drill::{CardKind, Grade, Verdict};
use crate::tui::text::wrap;

/// The smallest terminal the layout is drawn for.
const MIN_SIZE: (u16, u16) = (60, 16);
/// The card is at most this wide, so lines stay readable on a wide terminal.
const CARD_WIDTH: u16 = 100;

impl Widget for &DrillApp<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            Paragraph::new(format!(
                "dei drill needs at least {} x {}; this terminal is {} x {}.",
                MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
            ))
            .wrap(Wrap { trim: true })
            .render(area, buf);
            return;
        }
        let [header, _, body, progress, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.header(header, buf);
        let width = body.width.min(CARD_WIDTH);
        let body = Rect {
            x: body.x + (body.width - width) / 2,
            width,
            ..body
        };
        match self.phase {
            Phase::Done if self.mode == Mode::NightBefore => self.night_summary(body, buf),
            Phase::Done => self.finished(body, buf),
            _ => self.card_panel(body, buf),
        }
        self.progress(progress, buf);
        self.keys(keys, buf);
        if self.show_help {
            self.help(area, buf);
        }
        self.rescue.render(area, buf, &self.theme);
    }
}

/// `text` wrapped to `width` in `style`; lines starting with `- ` become bullets with a
/// hanging indent.
fn paragraphs(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for line in text.lines() {
        if let Some(point) = line.strip_prefix("- ") {
            for (i, part) in wrap(point, width.saturating_sub(2)).into_iter().enumerate() {
                let lead = if i == 0 { "• " } else { "  " };
                lines.push(Line::styled(format!("{lead}{part}"), style));
            }
        } else {
            lines.extend(
                wrap(line, width)
                    .into_iter()
                    .map(|l| Line::styled(l, style)),
            );
        }
    }
    lines
}

impl DrillApp<'_> {
    fn header(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let mode = match self.mode {
            Mode::Review => "spaced review",
            Mode::NightBefore => "the night before: the ways to lose",
        };
        Line::from(vec![
            Span::styled(" dei drill ", t.heading),
            Span::styled(format!("· {mode}"), t.dim),
        ])
        .render(area, buf);
        Line::styled(format!("{} ", self.today), t.dim)
            .right_aligned()
            .render(area, buf);
    }

    fn card_panel(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let Some(card) = self.card() else {
            return;
        };
        // Borders and a column of padding each side.
        let width = usize::from(area.width.saturating_sub(4));
        let mut lines = vec![Line::default()];
        lines.extend(paragraphs(
            &card.front,
            width,
            Style::new().add_modifier(Modifier::BOLD),
        ));
        if let Some(missed) = self.missed() {
            lines.push(Line::default());
            let sessions = self.sessions();
            lines.push(Line::styled(
                format!("Up first: you missed this in {missed} of your {sessions} sessions."),
                t.warn,
            ));
        }
        if let CardKind::Estimate(estimate) = &card.kind
            && self.mode == Mode::Review
        {
            lines.push(Line::default());
            let cursor = if self.typing() { "▏" } else { "" };
            lines.push(Line::from(vec![
                Span::styled("Your answer: ", t.dim),
                Span::styled(format!("{}{cursor}", self.input), t.code),
            ]));
            if let Some(verdict) = &self.verdict {
                let style = match verdict {
                    Verdict::Right { .. } => t.good,
                    Verdict::Near { .. } | Verdict::WrongUnit { .. } => t.warn,
                    Verdict::Wrong { .. } | Verdict::Unreadable { .. } => t.bad,
                };
                lines.extend(paragraphs(&verdict.message(estimate), width, style));
            }
        }
        if self.phase == Phase::Revealed {
            lines.push(Line::default());
            lines.push(Line::styled("─".repeat(width), t.dim));
            lines.push(Line::default());
            lines.extend(paragraphs(&card.back, width, Style::new()));
        }
        lines.push(Line::default());
        // The panel fits the card, up to the space there is.
        let height = (lines.len() as u16 + 2).min(area.height);
        let area = Rect { height, ..area };
        let block = Block::bordered()
            .border_style(t.accent)
            .title(Span::styled(format!(" {} ", card.context), t.heading));
        let inner = block.inner(area);
        block.render(area, buf);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        let visible = usize::from(inner.height);
        let max_scroll = lines.len().saturating_sub(visible);
        let scroll = usize::from(self.scroll).min(max_scroll);
        let more = lines.iter().skip(scroll + visible).any(|l| l.width() > 0);
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .render(inner, buf);
        if more {
            Line::styled(" ↓ more: ↑ ↓ PgUp PgDn scroll ", t.dim)
                .right_aligned()
                .render(
                    Rect {
                        y: area.bottom().saturating_sub(1),
                        height: 1,
                        ..area
                    },
                    buf,
                );
        }
    }

    fn finished(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let width = usize::from(area.width.saturating_sub(4));
        let mut lines = vec![Line::default()];
        let headline = if self.done == 0 {
            "Nothing is due today.".to_owned()
        } else {
            format!(
                "Done for today: {} {}, {} graded Again.",
                self.done,
                if self.done == 1 { "review" } else { "reviews" },
                self.again
            )
        };
        lines.push(Line::styled(headline, t.heading));
        lines.push(Line::default());
        let (later, next) = self.state.due_later(self.today);
        let (_, unseen) = self.unseen();
        let mut notes = Vec::new();
        if let Some(next) = next {
            notes.push(format!(
                "{later} {} scheduled for later; the next comes up on {next}.",
                if later == 1 { "card is" } else { "cards are" }
            ));
        }
        if unseen > 0 {
            notes.push(format!(
                "{unseen} cards not seen yet; up to {} new ones come up each session.",
                crate::drill::NEW_PER_SESSION
            ));
        }
        notes.push("Press q to leave.".to_owned());
        for note in notes {
            lines.extend(paragraphs(&note, width, Style::new()));
        }
        Paragraph::new(lines).render(
            Rect {
                x: area.x + 2,
                width: area.width.saturating_sub(4),
                ..area
            },
            buf,
        );
    }

    /// Cards in the deck, and those never reviewed.
    fn unseen(&self) -> (usize, usize) {
        let cards = self.deck.cards();
        let unseen = cards
            .iter()
            .filter(|c| !self.state.cards.contains_key(&c.id))
            .count();
        (cards.len(), unseen)
    }

    fn night_summary(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let summary = self.summary();
        let width = usize::from(area.width.saturating_sub(4));
        let mut lines = vec![
            Line::default(),
            Line::styled("The three to watch tomorrow", t.heading),
            Line::default(),
        ];
        let missed = summary.items.iter().filter(|i| i.missed > 0).count();
        let sessions = match summary.sessions {
            1 => "in your one session".to_owned(),
            n => format!("across your {n} sessions"),
        };
        // Said of the items it is true of: one never missed is not "missed most".
        let intro = match (summary.sessions, missed) {
            (0, _) => "Your history has no sessions yet, so these are not your own \
                       misses: they are simply the first three items of the checklist."
                .to_owned(),
            (_, 0) => format!(
                "You missed none of the checklist {sessions}, so these are simply its \
                 first three items:"
            ),
            (_, n) if n == summary.items.len() => format!("Missed most {sessions}:"),
            (_, _) => format!("Missed {sessions}, then the next on the checklist:"),
        };
        lines.extend(paragraphs(&intro, width, Style::new()));
        for (i, item) in summary.items.iter().enumerate() {
            lines.push(Line::default());
            let count = match (summary.sessions, item.missed) {
                (0, _) => String::new(),
                (_, 0) => " · not missed yet, next on the checklist".to_owned(),
                (n, k) => format!(" · missed in {k} of {n}"),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{}. {}", i + 1, item.title), t.bad),
                Span::styled(format!(" ({}){count}", item.flag), t.dim),
            ]));
            for line in wrap(&item.advice, width.saturating_sub(3)) {
                lines.push(Line::raw(format!("   {line}")));
            }
        }
        lines.push(Line::default());
        lines.push(Line::styled(
            "Say them out loud once more, then sleep. Press q to leave.",
            t.dim,
        ));
        Paragraph::new(lines).render(
            Rect {
                x: area.x + 2,
                width: area.width.saturating_sub(4),
                ..area
            },
            buf,
        );
    }

    fn progress(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        if let Some(trouble) = self.rescue.trouble() {
            let kept = match self.rescue.written_to() {
                Some(path) if !self.has_unsaved_work() => {
                    format!(" · the schedule is in {}", path.display())
                }
                _ => String::new(),
            };
            Line::styled(
                format!(" Not saved{kept} · Ctrl-S tries again · {trouble}"),
                t.bad,
            )
            .render(area, buf);
            return;
        }
        if let Some(status) = &self.status {
            Line::styled(format!(" {status}"), t.warn).render(area, buf);
            return;
        }
        let total = self.done + self.remaining();
        let text = match (self.mode, self.phase) {
            (Mode::NightBefore, Phase::Done) => format!(" All {total} items done"),
            (Mode::NightBefore, _) => format!(" Item {} of {total}", self.done + 1),
            (Mode::Review, _) => {
                let (later, next) = self.state.due_later(self.today);
                let mut parts = Vec::new();
                if self.phase == Phase::Done {
                    parts.push(format!("{} reviewed", self.done));
                } else {
                    parts.push(format!("Card {} of {total}", self.done + 1));
                }
                if self.again > 0 {
                    parts.push(format!("{} again", self.again));
                }
                parts.push(match next {
                    Some(next) => format!("{later} due later (next {next})"),
                    None => "none due later".to_owned(),
                });
                format!(" {}", parts.join(" · "))
            }
        };
        Line::styled(text, t.dim).render(area, buf);
    }

    fn keys(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let mut keys: Vec<(&str, String)> = Vec::new();
        match (self.mode, self.phase) {
            (_, Phase::Done) => keys.push(("q", "leave".into())),
            _ if self.typing() => {
                keys.push(("Enter", "check the answer".into()));
                keys.push(("Tab", "show it".into()));
                keys.push(("Esc", "clear".into()));
                keys.push(("Ctrl-C", "quit".into()));
            }
            (_, Phase::Front) => {
                keys.push(("Space", "show the answer".into()));
                keys.push(("q", "quit".into()));
            }
            (Mode::NightBefore, Phase::Revealed) => {
                keys.push(("Space", "next".into()));
                keys.push(("q", "quit".into()));
            }
            (Mode::Review, Phase::Revealed) => {
                // Each grade with what it schedules, as Anki shows it: "3 Good · 6d".
                for (key, grade) in [
                    ("1", Grade::Again),
                    ("2", Grade::Hard),
                    ("3", Grade::Good),
                    ("4", Grade::Easy),
                ] {
                    let when = self.next_interval(grade).unwrap_or_default();
                    keys.push((key, format!("{} · {when}", grade.name())));
                }
                if let Some(grade) = self.verdict.as_ref().and_then(Verdict::suggested) {
                    keys.push(("Enter", format!("= {}", grade.name())));
                }
                keys.push(("q", "quit".into()));
            }
        }
        keys.push(("F1", "help".into()));
        // Most needed first, and as many as fit, whole: a key without its meaning is no help.
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for (i, (key, what)) in keys.into_iter().enumerate() {
            let gap = if i > 0 { 2 } else { 0 };
            let width = gap + key.chars().count() + 1 + what.chars().count();
            if used + width > usize::from(area.width) {
                break;
            }
            used += width;
            if i > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(key, t.accent.add_modifier(Modifier::BOLD)));
            spans.push(Span::styled(format!(" {what}"), t.dim));
        }
        Line::from(spans).render(area, buf);
    }

    fn help(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let keys = [
            ("Space, Enter", "show the answer"),
            ("1 2 3 4", "grade: Again, Hard, Good, Easy"),
            ("Enter", "after an estimate: take the suggested grade"),
            (
                "Estimates",
                "type the number with its unit (50 MB/s, 4.3 TB/day)",
            ),
            ("", "a bare number is read in the unit asked for"),
            ("", "within ×1.25 either way counts as right"),
            ("Tab", "estimate: show the answer without typing one"),
            ("Esc", "estimate: clear the answer"),
            ("↑ ↓ PgUp PgDn", "scroll a long card"),
            ("q, Ctrl-C", "save and quit (Ctrl-C while typing)"),
            ("F1, ?", "this help"),
        ];
        crate::tui::widgets::keys::KeyHelp::new(&keys, t, 72).render(area, buf);
    }
}
