//! The conversation of Clarify and Deep-dive: the prompt, the turns, the input box.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::practice::Speaker;
use crate::scenario::Stage;
use crate::tui::app::{App, Focus};
use crate::tui::text::{markdown, wrap};

impl App<'_> {
    pub(in crate::tui) fn conversation(&self, area: Rect, buf: &mut Buffer) {
        let input_height = (self.editor().lines().len() as u16 + 2).clamp(4, area.height / 3);
        let [log, input] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(input_height)]).areas(area);
        let block = self.panel("Interview", false);
        let inner = block.inner(log);
        block.render(log, buf);
        let lines = self.transcript_lines(inner.width.saturating_sub(1) as usize);
        let height = inner.height as usize;
        let max = lines.len().saturating_sub(height);
        self.set_max_scroll(max);
        self.page.set(inner.height);
        let scroll = (self.scroll as usize).min(max);
        let bottom = lines.len() - scroll;
        let top = bottom.saturating_sub(height);
        let shown: Vec<Line> = lines[top..bottom].to_vec();
        Paragraph::new(shown).render(inner, buf);
        if scroll > 0 {
            // In the bottom border, between its corners.
            Line::from(Span::styled(
                format!(" ↓ {} more (PgDn) ", lines.len() - bottom),
                self.theme.warn,
            ))
            .right_aligned()
            .render(
                Rect {
                    x: log.x + 1,
                    y: log.bottom() - 1,
                    width: log.width.saturating_sub(2),
                    height: 1,
                },
                buf,
            );
        }
        let title = if self.session().stage == Stage::Clarify {
            "Your question"
        } else {
            "Your answer"
        };
        self.editor_in(input, buf, title, self.focus == Focus::Editor);
    }

    pub(in crate::tui) fn transcript_lines(&self, width: usize) -> Vec<Line<'static>> {
        let t = &self.theme;
        let mut lines = markdown(&self.scenario().prompt, width, t.palette);
        let mut last_stage = None;
        let mut last_speaker = None;
        for turn in &self.session().transcript {
            // Two lines in a row from one speaker (an acknowledgement, then the next
            // question) read as one turn: the name is said once.
            let same_speaker = last_stage == Some(turn.stage) && last_speaker == Some(turn.speaker);
            last_speaker = Some(turn.speaker);
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
            if !same_speaker {
                lines.push(Line::from(Span::styled(who, style)));
            }
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
}
