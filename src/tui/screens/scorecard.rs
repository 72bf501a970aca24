//! The scorecard after the session, and the answers side by side.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Widget};

use crate::render::Doc;
use crate::render::session;
use crate::tui::app::{App, ScoreTab};
use crate::tui::text::markdown;
use crate::tui::view::READING_WIDTH;

impl App<'_> {
    pub(in crate::tui) fn scorecard(&self, area: Rect, buf: &mut Buffer) {
        let Some((_, answer)) = self.round().finished() else {
            return;
        };
        let t = &self.theme;
        match self.score_tab {
            ScoreTab::Card => {
                let block = self.panel("Scorecard", true);
                let inner = block.inner(area);
                block.render(area, buf);
                // Lines no longer than reading needs, however wide the window.
                let width = usize::from(inner.width.saturating_sub(1)).min(READING_WIDTH);
                let lines = crate::tui::doc::lines(&self.scorecard_doc(width), t.palette);
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
                    let lines = markdown(text, inner.width.saturating_sub(1) as usize, t.palette);
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

    /// The whole scorecard of the session as one document: the score again (after a
    /// rewrite), the answer's scorecard, the follow-ups, the facts never asked for and a
    /// mock's timeline.
    fn scorecard_doc(&self, width: usize) -> Doc {
        let mut doc = Doc::new();
        let Some((card, _)) = self.round().finished() else {
            return doc;
        };
        if let Some(rescored) = self.round().rescored() {
            doc.extend(session::rescored_doc(&rescored, card, width));
        }
        doc.extend(crate::render::scorecard_doc(card, width));
        doc.extend(crate::render::followups_doc(
            self.scenario(),
            &self.session().deep_dive,
            width,
        ));
        doc.extend(session::unasked_doc(self.scenario(), self.session(), width));
        if let Some(record) = self.round().mock_record() {
            doc.extend(session::mock_doc(record, width));
        }
        doc
    }
}
