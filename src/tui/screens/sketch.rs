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
        // Snapped to whole rows of boxes, and never past the last.
        let skipped = pipeline.skipped(inner.width, self.sketch_scroll.get());
        self.sketch_scroll.set(skipped);
        let clipped = pipeline.height(inner.width).saturating_sub(skipped) > inner.height;
        pipeline.scrolled(skipped).render(inner, buf);
        // Rows that do not fit are left out whole; say so rather than hide them, in the
        // borders between their corners (cut to fit, never over them).
        let room = drawing.width.saturating_sub(2);
        let mut notice = |text: &str, y: u16| {
            let said = crate::tui::view::truncate(text, usize::from(room));
            ratatui::text::Line::from(ratatui::text::Span::styled(said, self.theme.warn))
                .right_aligned()
                .render(
                    Rect {
                        x: drawing.x + 1,
                        y,
                        width: room,
                        height: 1,
                    },
                    buf,
                );
        };
        if clipped {
            notice(
                " more below: Alt-↓ scrolls the drawing ",
                drawing.bottom().saturating_sub(1),
            );
        }
        if skipped > 0 {
            notice(" more above: Alt-↑ ", drawing.y);
        }
    }

    pub(in crate::tui) fn document(&self, area: Rect, buf: &mut Buffer, title: &str) {
        self.editor_in(area, buf, title, true);
    }
}
