//! The Sketch (text above, pipeline drawn below) and plain documents (Defend).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use crate::practice::sketch;
use crate::tui::app::App;
use crate::tui::widgets::pipeline::Pipeline;

impl App<'_> {
    pub(in crate::tui) fn sketch(&self, area: Rect, buf: &mut Buffer) {
        let draft = sketch::parse(&self.session().sketch);
        let [edit, drawing] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
        self.editor_in(edit, buf, "Sketch: components with reasons, flows", true);
        let block = self.panel("Pipeline", false);
        let inner = block.inner(drawing);
        block.render(drawing, buf);
        let pipeline = Pipeline::new(&draft, &self.theme);
        let clipped = pipeline.height(inner.width) > inner.height;
        pipeline.render(inner, buf);
        if clipped {
            // Rows that do not fit are left out whole; say so rather than hide them.
            ratatui::text::Line::from(ratatui::text::Span::styled(
                " more below: a taller window shows the whole pipeline ",
                self.theme.warn,
            ))
            .right_aligned()
            .render(
                Rect {
                    y: drawing.bottom().saturating_sub(1),
                    height: 1,
                    ..drawing
                },
                buf,
            );
        }
    }

    pub(in crate::tui) fn document(&self, area: Rect, buf: &mut Buffer, title: &str) {
        self.editor_in(area, buf, title, true);
    }
}
