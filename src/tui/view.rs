//! Drawing the practice screen: `impl Widget for &App`, one function per region.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::app::{App, Focus, ScoreTab};
use super::text::{markdown, wrap};
use super::widgets::lab::LabView;
use super::widgets::pipeline::Pipeline;
use crate::practice::record::clock;
use crate::practice::{Pin, Speaker, sketch};
use crate::scenario::Stage;
use crate::score::claims::ClaimVerdict;

/// The smallest terminal the layout is drawn for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// One line on what each move is for.
fn hint(stage: Stage) -> &'static str {
    match stage {
        Stage::Clarify => {
            "Clarify: ask about freshness, volume, peaks, consistency, readers and retention before drawing anything."
        }
        Stage::Size => {
            "Size: average and peak rates, bytes per day, storage; say what each number decides."
        }
        Stage::Sketch => {
            "Sketch: each box with the reason it is there, and how data flows between them."
        }
        Stage::DeepDive => {
            "Deep-dive: answer the follow-ups with mechanisms: what happens, in what order, and why it holds."
        }
        Stage::Defend => {
            "Defend: the trade-offs you chose, where it breaks first, what you monitor first."
        }
    }
}

impl Widget for &App<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            too_small(area, buf);
            return;
        }
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.header(header, buf);
        if self.finished.is_some() {
            self.scorecard(body, buf);
        } else {
            self.moves(body, buf);
        }
        self.footer(footer, buf);
        if self.show_help {
            self.help(area, buf);
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from("dei needs a terminal of at least 80 x 24."),
        Line::from(format!("This one is {} x {}.", area.width, area.height)),
        Line::from("Enlarge the window; your draft is safe (Ctrl-Q saves and quits)."),
    ];
    let top = area.height.saturating_sub(3) / 2;
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .centered()
        .render(
            Rect {
                y: area.y + top,
                height: area.height - top,
                ..area
            },
            buf,
        );
}

impl App<'_> {
    fn header(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let mode = self.session.mode.id();
        let elapsed = format!("{} ", clock(self.session.total_seconds()));
        let title = Line::from(vec![
            Span::styled(" dei ", t.heading),
            Span::styled(format!("· {} · {mode}", self.scenario.title), t.dim),
        ]);
        title.render(area, buf);
        Line::from(Span::styled(format!("⏱ {elapsed}"), t.heading))
            .right_aligned()
            .render(Rect { height: 1, ..area }, buf);
        let mut steps = vec![Span::raw(" ")];
        let current = self.finished.is_none().then_some(self.session.stage);
        for (i, stage) in Stage::ALL.iter().enumerate() {
            if i > 0 {
                steps.push(Span::styled(" › ", t.dim));
            }
            let done = current.is_none_or(|c| stage < &c);
            let label = format!("{} {}", i + 1, stage.title());
            steps.push(if Some(*stage) == current {
                Span::styled(
                    format!("[{label}]"),
                    t.accent.add_modifier(Modifier::BOLD | Modifier::REVERSED),
                )
            } else if done {
                Span::styled(format!("✓ {}", stage.title()), t.good)
            } else {
                Span::styled(label, t.dim)
            });
        }
        if current.is_none() {
            steps.push(Span::styled(" › ", t.dim));
            steps.push(Span::styled(
                "[Scorecard]",
                t.accent.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ));
        }
        Line::from(steps).render(row(area, 1), buf);
        let hint_text = match current {
            Some(stage) => hint(stage),
            None => {
                "Scorecard: every point with the sentence behind it. Tab: your answer beside the model answer."
            }
        };
        Line::from(Span::styled(format!(" {hint_text}"), t.dim)).render(row(area, 2), buf);
    }

    fn footer(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        if let Some(status) = &self.status {
            Line::from(Span::styled(format!(" {status}"), t.warn)).render(area, buf);
            return;
        }
        let keys: &[(&str, &str)] = if self.finished.is_some() {
            &[
                ("Tab", "answers"),
                ("↑↓ PgUp PgDn", "scroll"),
                ("r", "save report"),
                ("q", "quit"),
                ("F1", "help"),
            ]
        } else if self.focus == Focus::Lab {
            &[
                ("↑↓", "knob"),
                ("←→", "change"),
                ("Enter", "re-run"),
                ("n", "next simulation"),
                ("Tab", "back to the answer"),
                ("F1", "help"),
            ]
        } else {
            match self.session.stage {
                Stage::Clarify | Stage::DeepDive => &[
                    ("Enter", "send"),
                    ("Alt-Enter", "new line"),
                    ("Ctrl-N", "next move"),
                    ("Ctrl-P", "back"),
                    ("F1", "help"),
                    ("F2", "rubric"),
                    ("Ctrl-Q", "quit"),
                ],
                Stage::Defend => &[
                    ("Ctrl-N", "finish and score"),
                    ("Ctrl-P", "back"),
                    ("Ctrl-E", "$EDITOR"),
                    ("F1", "help"),
                    ("F2", "rubric"),
                    ("Ctrl-Q", "quit"),
                ],
                Stage::Size | Stage::Sketch => &[
                    ("Ctrl-N", "next move"),
                    ("Ctrl-P", "back"),
                    ("Ctrl-E", "$EDITOR"),
                    ("F1", "help"),
                    ("F2", "rubric"),
                    ("Ctrl-Q", "quit"),
                ],
            }
        };
        let mut keys = keys.to_vec();
        if self.finished.is_none()
            && self.session.stage == Stage::DeepDive
            && self.lab.is_some()
            && self.focus == Focus::Editor
        {
            keys.insert(2, ("Tab", "lab"));
        }
        // As many as fit, whole: a key without its meaning is no help.
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for (key, what) in keys {
            let width = key.chars().count() + what.chars().count() + 3;
            if used + width > area.width as usize {
                break;
            }
            used += width;
            spans.push(Span::styled(key, t.accent.add_modifier(Modifier::BOLD)));
            spans.push(Span::styled(format!(" {what}  "), t.dim));
        }
        Line::from(spans).render(area, buf);
    }

    fn moves(&self, area: Rect, buf: &mut Buffer) {
        let side_width = (area.width * 2 / 5).clamp(30, 46);
        let [main, side] =
            Layout::horizontal([Constraint::Min(40), Constraint::Length(side_width)]).areas(area);
        match self.session.stage {
            Stage::Clarify | Stage::DeepDive => self.conversation(main, buf),
            Stage::Size => self.scratchpad(main, buf),
            Stage::Sketch => self.sketch(main, buf),
            Stage::Defend => self.document(main, buf, "Defend"),
        }
        self.side(side, buf);
    }

    fn panel(&self, title: &str, focused: bool) -> Block<'static> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.theme.accent
            } else {
                self.theme.dim
            })
            .title(Span::styled(format!(" {title} "), self.theme.heading))
    }

    fn conversation(&self, area: Rect, buf: &mut Buffer) {
        let input_height = (self.editor().lines().len() as u16 + 2).clamp(4, area.height / 3);
        let [log, input] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(input_height)]).areas(area);
        let block = self.panel("Interview", false);
        let inner = block.inner(log);
        block.render(log, buf);
        let lines = self.transcript_lines(inner.width.saturating_sub(1) as usize);
        let height = inner.height as usize;
        self.set_max_scroll(lines.len().saturating_sub(height));
        let bottom = lines.len().saturating_sub(self.scroll as usize);
        let top = bottom.saturating_sub(height);
        let shown: Vec<Line> = lines[top..bottom].to_vec();
        Paragraph::new(shown).render(inner, buf);
        if self.scroll > 0 {
            Line::from(Span::styled(
                format!(" ↓ {} more (PgDn) ", lines.len() - bottom),
                self.theme.warn,
            ))
            .right_aligned()
            .render(
                Rect {
                    y: log.bottom() - 1,
                    height: 1,
                    ..log
                },
                buf,
            );
        }
        let title = if self.session.stage == Stage::Clarify {
            "Your question"
        } else {
            "Your answer"
        };
        self.editor_in(input, buf, title, self.focus == Focus::Editor);
    }

    fn editor_in(&self, area: Rect, buf: &mut Buffer, title: &str, focused: bool) {
        let block = self.panel(title, focused);
        let inner = block.inner(area);
        block.render(area, buf);
        self.editor().render(inner, buf);
    }

    fn transcript_lines(&self, width: usize) -> Vec<Line<'static>> {
        let t = &self.theme;
        let color = t.dim != Style::new();
        let mut lines = markdown(&self.scenario.prompt, width, color);
        let mut last_stage = None;
        for turn in &self.session.transcript {
            if last_stage != Some(turn.stage) {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(
                    format!("── {} ──", turn.stage.title()),
                    t.dim,
                )));
                last_stage = Some(turn.stage);
            }
            lines.push(Line::default());
            let (who, style) = match turn.speaker {
                Speaker::Candidate => ("You", t.heading),
                Speaker::Interviewer => ("Interviewer", t.interviewer.add_modifier(Modifier::BOLD)),
            };
            lines.push(Line::from(Span::styled(who, style)));
            let body = match turn.speaker {
                Speaker::Candidate => Style::new(),
                Speaker::Interviewer => t.interviewer,
            };
            for l in wrap(&turn.text, width.saturating_sub(2)) {
                lines.push(Line::from(Span::styled(format!("  {l}"), body)));
            }
        }
        lines
    }

    fn scratchpad(&self, area: Rect, buf: &mut Buffer) {
        let block = self.panel("Scratchpad", true);
        let inner = block.inner(area);
        block.render(area, buf);
        let results_width = (inner.width * 2 / 5).clamp(16, 40);
        let [text, gap, results] = Layout::horizontal([
            Constraint::Min(20),
            Constraint::Length(1),
            Constraint::Length(results_width),
        ])
        .areas(inner);
        let editor = self.editor();
        editor.render(text, buf);
        for y in 0..gap.height {
            buf.set_string(gap.x, gap.y + y, "│", self.theme.dim);
        }
        let worked = self.worked();
        if worked.is_empty() {
            return;
        }
        // Each result sits on the first screen row of its line, wherever wrapping put it.
        let top = editor.scroll_offset().0 as usize;
        let room = results.width as usize;
        // An error longer than the column continues on the rows below, until the next line
        // with a result of its own.
        let mut overflow: Vec<String> = Vec::new();
        for y in 0..results.height {
            let row = top + y as usize;
            let line = editor.screen_to_data(row, 0).0;
            // A continuation row, or a row past the text (which maps to the last line).
            let fresh = row == 0 || editor.screen_to_data(row - 1, 0).0 != line;
            let result = worked.iter().find(|w| fresh && w.line == line);
            let (text, style) = match result.map(|w| &w.result) {
                Some(Ok(value)) => {
                    overflow.clear();
                    (truncate(&format!("= {value}"), room), self.theme.code)
                }
                Some(Err(e)) => {
                    let mut lines = wrap(&format!("✗ {e}"), room).into_iter();
                    let first = lines.next().unwrap_or_default();
                    overflow = lines.rev().collect();
                    (first, self.theme.bad)
                }
                None => match overflow.pop() {
                    Some(more) => (more, self.theme.bad),
                    None => continue,
                },
            };
            buf.set_stringn(results.x, results.y + y, text, room, style);
        }
    }

    fn sketch(&self, area: Rect, buf: &mut Buffer) {
        let draft = sketch::parse(&self.session.sketch);
        let [edit, drawing] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
        self.editor_in(edit, buf, "Sketch: components with reasons, flows", true);
        let block = self.panel("Pipeline", false);
        let inner = block.inner(drawing);
        block.render(drawing, buf);
        Pipeline::new(&draft, &self.theme).render(inner, buf);
    }

    fn document(&self, area: Rect, buf: &mut Buffer, title: &str) {
        self.editor_in(area, buf, title, true);
    }

    fn side(&self, area: Rect, buf: &mut Buffer) {
        let mut constraints = Vec::new();
        let lab = self.session.stage == Stage::DeepDive && self.lab.is_some();
        if lab {
            constraints.push(Constraint::Min(14));
        }
        constraints.push(Constraint::Min(6));
        if self.show_rubric {
            constraints.push(Constraint::Percentage(50));
        }
        let areas = Layout::vertical(constraints).split(area);
        let mut next = areas.iter();
        // The lab's area is taken only when the lab is shown.
        let lab_area = if lab { next.next() } else { None };
        if let (Some(state), Some(a)) = (&self.lab, lab_area) {
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

    fn pinned(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let block = self.panel("Pinned", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width.saturating_sub(2) as usize;
        let mut lines = Vec::new();
        if self.session.pinned.is_empty() {
            for l in wrap(
                "Facts the interviewer gives and assumptions you state (\"I'll assume ...\") collect here.",
                width + 2,
            ) {
                lines.push(Line::from(Span::styled(l, t.dim)));
            }
        }
        for pin in &self.session.pinned {
            let (mark, style) = match pin {
                Pin::Fact { .. } => ("● ", t.good),
                Pin::Assumption { .. } => ("◆ ", t.warn),
            };
            for (i, l) in wrap(pin.text(), width).into_iter().enumerate() {
                let lead = if i == 0 { mark } else { "  " };
                lines.push(Line::from(vec![Span::styled(lead, style), Span::raw(l)]));
            }
        }
        if let Some(claims) = &self.numbers {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("Numbers", t.heading)));
            if claims.is_empty() {
                lines.push(Line::from(Span::styled("no numbers with units", t.dim)));
            }
            for c in claims {
                let (mark, style) = match c.verdict {
                    ClaimVerdict::Ok => ("✓ ", t.good),
                    ClaimVerdict::Off => ("✗ ", t.bad),
                };
                let text = match c.verdict {
                    ClaimVerdict::Ok => c.text.clone(),
                    ClaimVerdict::Off => format!("{}: expected about {}", c.text, c.expected),
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

    fn rubric_panel(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let block = self.panel("Live rubric (F2)", false);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(card) = self.live() else {
            return;
        };
        let width = inner.width as usize;
        let current = self.session.stage;
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
            self.rubric.signal(id).and_then(|s| s.stage).or_else(|| {
                self.scenario
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

    fn scorecard(&self, area: Rect, buf: &mut Buffer) {
        let Some((card, answer)) = &self.finished else {
            return;
        };
        let t = &self.theme;
        let color = t.dim != Style::new();
        match self.score_tab {
            ScoreTab::Card => {
                let block = self.panel("Scorecard", true);
                let inner = block.inner(area);
                block.render(area, buf);
                let width = inner.width.saturating_sub(1) as usize;
                let rendered = crate::render::scorecard(card, width);
                let mut lines = ansi_lines(&rendered, color);
                lines.extend(self.followup_lines(width));
                self.set_max_scroll(lines.len().saturating_sub(inner.height as usize));
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
                        self.scenario
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
            }
        }
    }

    fn set_max_scroll(&self, lines: usize) {
        self.max_scroll
            .set(u16::try_from(lines).unwrap_or(u16::MAX));
    }

    fn followup_lines(&self, width: usize) -> Vec<Line<'static>> {
        let t = &self.theme;
        let mut lines = Vec::new();
        if self.session.deep_dive.is_empty() {
            return lines;
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Follow-ups", t.heading)));
        for e in self
            .session
            .deep_dive
            .iter()
            .filter(|e| !e.question.is_empty())
        {
            for (i, l) in wrap(&e.question, width.saturating_sub(4))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { "  Q " } else { "    " };
                lines.push(Line::from(vec![
                    Span::styled(lead, t.interviewer),
                    Span::styled(l, t.interviewer),
                ]));
            }
            let reply = if e.reply.trim().is_empty() {
                "(no reply)"
            } else {
                e.reply.trim()
            };
            for (i, l) in wrap(reply, width.saturating_sub(4)).into_iter().enumerate() {
                let lead = if i == 0 { "  A " } else { "    " };
                lines.push(Line::from(vec![
                    Span::styled(lead, t.heading),
                    Span::raw(l),
                ]));
            }
        }
        lines
    }

    fn help(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let keys = [
            ("Enter", "send (Clarify, Deep-dive); new line elsewhere"),
            (
                "Alt-Enter, Shift-Enter, Ctrl-J",
                "new line in Clarify and Deep-dive",
            ),
            (
                "Ctrl-N / Ctrl-P",
                "next move / previous move (Ctrl-N in Defend scores)",
            ),
            ("F1", "this help"),
            ("F2", "live rubric: signals light up as you type"),
            ("Ctrl-E", "edit the current move in $EDITOR"),
            (
                "Ctrl-S",
                "save the draft now (it also saves every few seconds)",
            ),
            (
                "Ctrl-C, Ctrl-Q",
                "save the draft and quit (dei practice ID --resume)",
            ),
            (
                "PageUp / PageDown, wheel",
                "scroll the conversation or the scorecard",
            ),
            (
                "Tab",
                "Deep-dive: switch to the lab; Scorecard: answers side by side",
            ),
            (
                "Lab: ↑↓ ←→ Enter n",
                "pick a knob, change it, re-run, next simulation",
            ),
            ("Scorecard: r", "save the report as Markdown"),
            ("Size: = EXPR", "a line starting with = is calculated"),
            (
                "Sketch: a -> b -> c",
                "a flow; name: reason declares a component",
            ),
        ];
        let width = 76.min(area.width.saturating_sub(4));
        let height = (keys.len() as u16 + 4).min(area.height.saturating_sub(2));
        let popup = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        Clear.render(popup, buf);
        let block = self.panel("Keys (any key closes)", true);
        let inner = block.inner(popup);
        block.render(popup, buf);
        let key_width = 31;
        let lines: Vec<Line> = keys
            .iter()
            .map(|(k, what)| {
                Line::from(vec![
                    Span::styled(
                        format!("{k:<key_width$}"),
                        t.accent.add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(*what),
                ])
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

fn ansi_lines(rendered: &str, color: bool) -> Vec<Line<'static>> {
    use ansi_to_tui::IntoText as _;
    if let (true, Ok(text)) = (color, rendered.into_text()) {
        return text.lines;
    }
    crate::render::plain(rendered)
        .lines()
        .map(|l| Line::from(l.to_owned()))
        .collect()
}

fn row(area: Rect, n: u16) -> Rect {
    Rect {
        y: area.y + n,
        height: 1,
        ..area
    }
}

/// `text` cut to `width` columns with an ellipsis.
fn truncate(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
