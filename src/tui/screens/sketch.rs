//! The Sketch (text above, pipeline drawn below) and plain documents (Defend).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use crate::practice::sketch;
use crate::tui::app::App;
use crate::tui::widgets::pipeline::Pipeline;

impl App<'_> {
    pub(in crate::tui) fn sketch(&self, area: Rect, buf: &mut Buffer) {
        let draft = sketch::parse(&self.session.sketch);
        let [edit, drawing] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
        self.editor_in(edit, buf, "Sketch: components with reasons, flows", true);
        let block = self.panel("Pipeline", false);
        let inner = block.inner(drawing);
        block.render(drawing, buf);
        Pipeline::new(&draft, &self.theme).render(inner, buf);
    }

    pub(in crate::tui) fn document(&self, area: Rect, buf: &mut Buffer, title: &str) {
        self.editor_in(area, buf, title, true);
    }
}
