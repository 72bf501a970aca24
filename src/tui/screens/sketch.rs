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
            // Rows that do not fit are left out whole; say so rather than hide them, in the
            // bottom border between its corners (cut to fit, never over them).
            let room = drawing.width.saturating_sub(2);
            let said = crate::tui::view::truncate(
                " more below: a taller window shows the whole pipeline ",
                usize::from(room),
            );
            ratatui::text::Line::from(ratatui::text::Span::styled(said, self.theme.warn))
                .right_aligned()
                .render(
                    Rect {
                        x: drawing.x + 1,
                        y: drawing.bottom().saturating_sub(1),
                        width: room,
                        height: 1,
                    },
                    buf,
                );
        }
    }

    pub(in crate::tui) fn document(&self, area: Rect, buf: &mut Buffer, title: &str) {
        self.editor_in(area, buf, title, true);
    }
}
