//! The F1 overlay: every key.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::tui::app::App;

impl App<'_> {
    pub(in crate::tui) fn help(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let keys = [
            ("Enter", "send (Clarify, Deep-dive); new line elsewhere"),
            (
                "Alt/Shift-Enter, Ctrl-J",
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
                "scroll a page; Home/End: the scorecard's ends",
            ),
            (
                "Tab",
                "Deep-dive: switch to the lab; Scorecard: answers side by side",
            ),
            (
                "Lab: ↑↓ ←→ Enter n",
                "pick a knob, change it, re-run, next simulation",
            ),
            ("Scorecard: r", "save the report as Markdown (asks where)"),
            ("Scorecard: e", "rewrite one move, score the answer again"),
            ("Move bar: ✓ ○ –", "up to standard, written in, skipped"),
            (
                "Size: = EXPR",
                "a line starting with = is calculated; = unit NAME declares a count, ans is the last result",
            ),
            (
                "Sketch: a -> b -> c",
                "a flow; name: reason declares a component",
            ),
        ];
        crate::tui::widgets::keys::KeyHelp::new(&keys, t, 84).render(area, buf);
    }
}
