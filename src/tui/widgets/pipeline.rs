//! Boxes and arrows for the Sketch move.
//!
//! The flows are drawn as one graph: each component is boxed once, where it first appears,
//! and each edge drawn once. A flow is a row of boxes joined by arrows, wrapping onto further
//! rows (marked `↳`) when the panel is narrow. A later flow that leaves from a box on the row
//! just above hangs from it (`┬` in its border, a line down, `└──▶`); one that leaves from a
//! box further up, or arrives at a component already drawn, names it without a box
//! (`kafka ──▶┌────┐`, `──▶ pinot`). So fan-out and fan-in read as branches, and the edges a
//! flow repeats are left out. Components in no flow
//! follow under "not connected:". A component nobody gave a reason for gets a `!` and the
//! `bad` border, so a bare tool list shows at a glance.
//!
//! Widths are measured grapheme by grapheme with ratatui's own [`CellWidth`], the measure
//! [`Buffer::set_stringn`] uses when it draws, so borders line up with what is drawn even for
//! CJK and emoji names.

use std::mem;

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::practice::sketch::{DraftComponent, SketchDraft};
use crate::tui::Theme;

/// Names wider than this are cut with `…`: the box is a label, the reason is in the text.
const MAX_NAME_WIDTH: usize = 18;
/// Between two boxes of a flow, on the middle row.
const ARROW: &str = "──▶";
/// Starts a row that continues the flow above it.
const CONTINUATION: &str = "↳──▶";
/// Starts a row that branches from a box on the row above.
const BRANCH: &str = "└──▶";
/// Between two boxes that are not connected.
const GAP: &str = "  ";
const NOT_CONNECTED: &str = "not connected:";
const LEGEND: &str = "! no reason given — say what it is for (names alone read as a tool list)";
const EMPTY_HINT: &str = "Type `name: why it is there` per line and flows like `a -> b -> c`.";

/// The sketch as boxes and arrows. Ask [`Pipeline::height`] for the rows it needs at a width;
/// given fewer it draws whole rows of boxes only, never half a box.
#[derive(Debug, Clone, Copy)]
pub struct Pipeline<'a> {
    draft: &'a SketchDraft,
    theme: &'a Theme,
    /// Rows scrolled past at the top (whole chunks only).
    skip: u16,
}

/// Lines drawn together or not at all.
type Chunk = Vec<Line<'static>>;

impl<'a> Pipeline<'a> {
    /// A pipeline drawing `draft` in `theme`'s styles.
    #[must_use]
    pub fn new(draft: &'a SketchDraft, theme: &'a Theme) -> Self {
        Self {
            draft,
            theme,
            skip: 0,
        }
    }

    /// The same drawing scrolled down by up to `rows`: the rows above are left out, in whole
    /// rows of boxes (never half a box).
    #[must_use]
    pub fn scrolled(self, rows: u16) -> Self {
        Self { skip: rows, ..self }
    }

    /// The rows actually scrolled past at `width` when `rows` are asked: whole chunks, and
    /// never so far that nothing is left.
    #[must_use]
    pub fn skipped(&self, width: u16, rows: u16) -> u16 {
        let chunks = self.chunks(width);
        let mut skipped: u16 = 0;
        for (i, chunk) in chunks.iter().enumerate() {
            let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
            if i + 1 == chunks.len() || skipped.saturating_add(len) > rows {
                break;
            }
            skipped = skipped.saturating_add(len);
        }
        skipped
    }

    /// Rows needed at this width, so callers can size or scroll the panel.
    #[must_use]
    pub fn height(&self, width: u16) -> u16 {
        let rows: usize = self.chunks(width).iter().map(Vec::len).sum();
        u16::try_from(rows).unwrap_or(u16::MAX)
    }

    /// Everything to draw at `width`, top to bottom.
    fn chunks(&self, width: u16) -> Vec<Chunk> {
        let width = usize::from(width);
        if self.draft.is_empty() {
            return wrap(EMPTY_HINT, width)
                .into_iter()
                .map(|line| vec![Line::styled(line, self.theme.dim)])
                .collect();
        }
        // Small enough that any box fits on a continuation row, so a row always makes progress.
        let max_name = MAX_NAME_WIDTH
            .min(width.saturating_sub(4 + text_width(CONTINUATION)))
            .max(1);
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut placed = vec![None; self.draft.components.len()];
        for run in self.runs() {
            // A branch from a box on the row just above hangs from it (`┬`, `└──▶`); from
            // anywhere else it starts with the component's name.
            let above = run
                .first()
                .and_then(|&from| placed.get(from).copied().flatten())
                .filter(|p: &Place| p.chunk + 1 == chunks.len());
            let next = run.get(1).and_then(|&i| self.draft.components.get(i));
            let hangs = above.filter(|p| {
                next.is_some_and(|c| {
                    p.center + text_width(BRANCH) + self.boxed(c, max_name).width() <= width
                })
            });
            if let Some(p) = hangs {
                // The bottom border of the row of boxes (after the line down, if any).
                if let Some(bottom) = chunks.get_mut(p.chunk).and_then(|c| c.last_mut()) {
                    set_cell(bottom, p.center, "┬");
                }
                let hang = Some(p.center);
                self.flow_rows(&run[1..], width, max_name, &mut placed, &mut chunks, hang);
            } else {
                if !chunks.is_empty() {
                    chunks.push(vec![Line::default()]);
                }
                self.flow_rows(&run, width, max_name, &mut placed, &mut chunks, None);
            }
        }
        let loose: Vec<&DraftComponent> = self
            .draft
            .components
            .iter()
            .enumerate()
            .filter(|(index, _)| !self.draft.flows.iter().any(|f| f.steps.contains(index)))
            .map(|(_, component)| component)
            .collect();
        if !loose.is_empty() {
            if !chunks.is_empty() {
                chunks.push(vec![Line::default()]);
            }
            let mut rows = self.loose_rows(&loose, width, max_name);
            let label = Line::styled(NOT_CONNECTED, self.theme.dim);
            if let Some(first) = rows.first_mut() {
                first.insert(0, label);
            }
            chunks.extend(rows);
        }
        if self.draft.unreasoned().next().is_some() {
            chunks.push(vec![Line::default()]);
            for (index, line) in wrap(LEGEND, width).into_iter().enumerate() {
                let line = match line.strip_prefix('!') {
                    Some(rest) if index == 0 => Line::from(vec![
                        Span::styled("!", self.theme.bad),
                        Span::styled(rest.to_owned(), self.theme.warn),
                    ]),
                    _ => Line::styled(line, self.theme.warn),
                };
                chunks.push(vec![line]);
            }
        }
        chunks
    }

    /// The flows as runs of edges not drawn before, in the order written: a flow that
    /// repeats an edge is cut there, and one that only repeats edges draws nothing. An index
    /// past the end is skipped rather than trusted: the fields are public.
    fn runs(&self) -> Vec<Vec<usize>> {
        let count = self.draft.components.len();
        let mut drawn = std::collections::HashSet::new();
        let mut runs = Vec::new();
        for flow in &self.draft.flows {
            let steps: Vec<usize> = flow.steps.iter().copied().filter(|&i| i < count).collect();
            let mut run: Vec<usize> = Vec::new();
            for pair in steps.windows(2) {
                if drawn.insert((pair[0], pair[1])) {
                    if run.is_empty() {
                        run.push(pair[0]);
                    }
                    run.push(pair[1]);
                } else if !run.is_empty() {
                    runs.push(mem::take(&mut run));
                }
            }
            if !run.is_empty() {
                runs.push(run);
            }
        }
        runs
    }

    /// One run of a flow, wrapped to `width`, onto `chunks`: each row is three lines. A
    /// component placed before (`placed`) is named, not boxed again; each box drawn here is
    /// placed. With `hang`, the run hangs from a box on the row above at that column: its
    /// first chunk starts with the line down from it, and its first row with `└──▶`.
    fn flow_rows(
        &self,
        steps: &[usize],
        width: usize,
        max_name: usize,
        placed: &mut [Option<Place>],
        chunks: &mut Vec<Chunk>,
        hang: Option<usize>,
    ) {
        let arrow = self.theme.dim;
        let mut row = BoxRow::default();
        if let Some(column) = hang {
            row.push_hang(column, arrow);
        }
        // Boxes on the row being built, placed once the row has its chunk.
        let mut on_row: Vec<(usize, usize)> = Vec::new();
        let mut first_row = true;
        for (position, &index) in steps.iter().enumerate() {
            let Some(component) = self.draft.components.get(index) else {
                continue;
            };
            let item = if placed[index].is_some() || on_row.iter().any(|(i, _)| *i == index) {
                Item::Named(format!(" {} ", Self::name(component, max_name)))
            } else {
                Item::Boxed(self.boxed(component, max_name))
            };
            if position > 0 || hang.is_some() {
                let between = if position == 0 { 0 } else { text_width(ARROW) };
                if row.width + between + item.width() > width && row.width > 0 {
                    self.close_row(
                        mem::take(&mut row),
                        &mut on_row,
                        placed,
                        chunks,
                        hang,
                        first_row,
                    );
                    first_row = false;
                    row.push_between(CONTINUATION, arrow);
                } else if position > 0 {
                    row.push_between(ARROW, arrow);
                }
            }
            match &item {
                Item::Boxed(b) => {
                    on_row.push((index, row.width + b.width() / 2));
                    row.push_box(b);
                }
                Item::Named(name) => row.push_name(name, self.theme.dim),
            }
        }
        if row.width > 0 {
            self.close_row(row, &mut on_row, placed, chunks, hang, first_row);
        }
    }

    /// Puts a finished row on `chunks`, placing its boxes; the first row of a hanging run
    /// starts with the line down to it.
    fn close_row(
        &self,
        row: BoxRow,
        on_row: &mut Vec<(usize, usize)>,
        placed: &mut [Option<Place>],
        chunks: &mut Vec<Chunk>,
        hang: Option<usize>,
        first_row: bool,
    ) {
        for (index, center) in on_row.drain(..) {
            placed[index] = Some(Place {
                chunk: chunks.len(),
                center,
            });
        }
        let mut lines = Vec::new();
        if let (Some(column), true) = (hang, first_row) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(column)),
                Span::styled("│", self.theme.dim),
            ]));
        }
        lines.extend(row.into_lines());
        chunks.push(lines);
    }

    /// Components in no flow, side by side and wrapped to `width`.
    fn loose_rows(&self, loose: &[&DraftComponent], width: usize, max_name: usize) -> Vec<Chunk> {
        let mut rows = Vec::new();
        let mut row = BoxRow::default();
        for component in loose {
            let boxed = self.boxed(component, max_name);
            if row.width > 0 {
                if row.width + GAP.len() + boxed.width() <= width {
                    row.push_between(GAP, Style::default());
                } else {
                    rows.push(mem::take(&mut row).into_lines());
                }
            }
            row.push_box(&boxed);
        }
        if row.width > 0 {
            rows.push(row.into_lines());
        }
        rows
    }

    /// The component's name as drawn: control characters (which the buffer drops, shifting
    /// the border) made spaces, cut to `max_name` columns.
    fn name(component: &DraftComponent, max_name: usize) -> String {
        let name: String = component
            .name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        truncate(&name, max_name)
    }

    fn boxed(&self, component: &DraftComponent, max_name: usize) -> Boxed {
        let name = Self::name(component, max_name);
        let unreasoned = component.reason.is_none();
        Boxed {
            name_width: text_width(&name),
            name,
            unreasoned,
            border: if unreasoned {
                self.theme.bad
            } else {
                Style::default()
            },
            marker: self.theme.bad,
        }
    }
}

impl Widget for Pipeline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let mut y: u16 = 0;
        let skip = self.skipped(area.width, self.skip);
        let mut passed: u16 = 0;
        for chunk in self.chunks(area.width) {
            if passed < skip {
                passed = passed.saturating_add(u16::try_from(chunk.len()).unwrap_or(u16::MAX));
                continue;
            }
            let fits = u16::try_from(chunk.len())
                .ok()
                .and_then(|rows| y.checked_add(rows))
                .is_some_and(|end| end <= area.height);
            if !fits {
                break;
            }
            for line in &chunk {
                buf.set_line(area.x, area.y + y, line, area.width);
                y += 1;
            }
        }
    }
}

/// A component ready to draw: its name cut to fit, and how to mark it.
struct Boxed {
    name: String,
    name_width: usize,
    unreasoned: bool,
    border: Style,
    marker: Style,
}

impl Boxed {
    /// Columns taken: borders and one space either side of the name.
    fn width(&self) -> usize {
        self.name_width + 4
    }
}

/// Where a component's box was drawn: the chunk of its row, and the column of its middle.
#[derive(Debug, Clone, Copy)]
struct Place {
    chunk: usize,
    center: usize,
}

/// Replaces what `line` shows at display column `column` with `symbol` (one column wide),
/// in the style that was there.
fn set_cell(line: &mut Line<'static>, column: usize, symbol: &str) {
    let mut spans = Vec::new();
    let mut at = 0;
    for span in line.spans.drain(..) {
        let width = text_width(&span.content);
        if column < at || column >= at + width {
            at += width;
            spans.push(span);
            continue;
        }
        let (mut before, mut after) = (String::new(), String::new());
        let mut x = at;
        for (grapheme, w) in graphemes(&span.content) {
            if x < column {
                before.push_str(&grapheme);
            } else if x > column {
                after.push_str(&grapheme);
            }
            x += w;
        }
        spans.push(Span::styled(before, span.style));
        spans.push(Span::styled(symbol.to_owned(), span.style));
        spans.push(Span::styled(after, span.style));
        at += width;
    }
    line.spans = spans;
}

/// One step of a flow's row: a component drawn here, or one drawn before, named.
enum Item {
    Boxed(Boxed),
    Named(String),
}

impl Item {
    fn width(&self) -> usize {
        match self {
            Self::Boxed(b) => b.width(),
            Self::Named(name) => text_width(name),
        }
    }
}

/// The top, middle and bottom lines of one row of boxes.
#[derive(Default)]
struct BoxRow {
    top: Vec<Span<'static>>,
    middle: Vec<Span<'static>>,
    bottom: Vec<Span<'static>>,
    width: usize,
    /// A box is on the row (else it is names and arrows only, and takes one line).
    boxes: bool,
}

impl BoxRow {
    /// Text between boxes, on the middle line (arrows sit level with the names).
    fn push_between(&mut self, text: &'static str, style: Style) {
        let width = text_width(text);
        self.top.push(Span::raw(" ".repeat(width)));
        self.middle.push(Span::styled(text, style));
        self.bottom.push(Span::raw(" ".repeat(width)));
        self.width += width;
    }

    /// The start of a row hanging from the row above at `column`: the line comes down on the
    /// top line and turns into an arrow on the middle one.
    fn push_hang(&mut self, column: usize, style: Style) {
        let arrow = text_width(BRANCH);
        self.top.push(Span::raw(" ".repeat(column)));
        self.top.push(Span::styled("│", style));
        self.top.push(Span::raw(" ".repeat(arrow - 1)));
        self.middle.push(Span::raw(" ".repeat(column)));
        self.middle.push(Span::styled(BRANCH, style));
        self.bottom.push(Span::raw(" ".repeat(column + arrow)));
        self.width += column + arrow;
    }

    /// A component boxed elsewhere, named on the middle line.
    fn push_name(&mut self, name: &str, style: Style) {
        let width = text_width(name);
        self.top.push(Span::raw(" ".repeat(width)));
        self.middle.push(Span::styled(name.to_owned(), style));
        self.bottom.push(Span::raw(" ".repeat(width)));
        self.width += width;
    }

    fn push_box(&mut self, boxed: &Boxed) {
        self.boxes = true;
        let inner = boxed.name_width + 2;
        if boxed.unreasoned {
            self.top.push(Span::styled(
                format!("┌{}", "─".repeat(inner - 1)),
                boxed.border,
            ));
            self.top.push(Span::styled("!", boxed.marker));
            self.top.push(Span::styled("┐", boxed.border));
        } else {
            self.top.push(Span::styled(
                format!("┌{}┐", "─".repeat(inner)),
                boxed.border,
            ));
        }
        self.middle.push(Span::styled("│ ", boxed.border));
        self.middle.push(Span::raw(boxed.name.clone()));
        self.middle.push(Span::styled(" │", boxed.border));
        self.bottom.push(Span::styled(
            format!("└{}┘", "─".repeat(inner)),
            boxed.border,
        ));
        self.width += boxed.width();
    }

    fn into_lines(self) -> Chunk {
        if !self.boxes {
            return vec![Line::from(self.middle)];
        }
        vec![
            Line::from(self.top),
            Line::from(self.middle),
            Line::from(self.bottom),
        ]
    }
}

/// Graphemes of `text` as the buffer will draw them (control characters dropped), each with
/// the columns it takes. `Span::styled_graphemes` is the segmentation `Buffer::set_stringn`
/// uses, and ratatui does not re-export a lighter one.
fn graphemes(text: &str) -> Vec<(String, usize)> {
    Span::raw(text)
        .styled_graphemes(Style::default())
        .map(|g| (g.symbol.to_owned(), usize::from(g.symbol.cell_width())))
        .collect()
}

/// Columns `text` takes when drawn.
fn text_width(text: &str) -> usize {
    graphemes(text).iter().map(|(_, width)| width).sum()
}

/// `text` cut to at most `max` columns, ending in `…` when cut.
fn truncate(text: &str, max: usize) -> String {
    if text_width(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for (grapheme, width) in graphemes(text) {
        if used + width + 1 > max {
            break;
        }
        out.push_str(&grapheme);
        used += width;
    }
    out.push('…');
    out
}

/// `text` broken at spaces into lines of at most `width` columns; a word longer than a line is
/// broken where it must be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let word_width = text_width(word);
        if used > 0 && used + 1 + word_width <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + word_width;
            continue;
        }
        if used > 0 {
            lines.push(mem::take(&mut line));
            used = 0;
        }
        for (grapheme, grapheme_width) in graphemes(word) {
            if used > 0 && used + grapheme_width > width {
                lines.push(mem::take(&mut line));
                used = 0;
            }
            line.push_str(&grapheme);
            used += grapheme_width;
        }
    }
    if used > 0 {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::sketch::{EXAMPLE, parse};
    use std::collections::BTreeMap;

    const LONG_FLOW: &str = "\
sdk: mobile and web clients
edge-collector: terminates TLS, batches
schema-registry-validator: rejects events that break the contract
trino: ad-hoc SQL for analysts
redis: dedup keys for 24h
airflow
sdk -> edge-collector -> kafka-raw-events -> schema-registry-validator -> flink-sessionizer -> kafka-sessions -> iceberg-bronze-layer-with-a-very-long-name -> trino -> superset
";

    const UNICODE: &str = "\
数据采集器: 收集埋点事件
🚀 rocket: fast path
café
👩‍💻 analysts: read dashboards
数据采集器 -> kafka -> 🚀 rocket -> café -> 👩‍💻 analysts
ダッシュボードサービスとても長い名前です
";

    /// The buffer's rows as text, trailing spaces trimmed. The cell after a wide character is
    /// skipped, so the text lines up the way the terminal shows it.
    fn text(buf: &Buffer) -> String {
        let mut out = String::new();
        for y in buf.area.top()..buf.area.bottom() {
            let mut row = String::new();
            let mut hidden = 0;
            for x in buf.area.left()..buf.area.right() {
                if hidden > 0 {
                    hidden -= 1;
                    continue;
                }
                let symbol = buf[(x, y)].symbol();
                row.push_str(symbol);
                hidden = symbol.cell_width().saturating_sub(1);
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
        out
    }

    fn render(draft: &SketchDraft, width: u16) -> Buffer {
        let theme = Theme::color();
        let pipeline = Pipeline::new(draft, &theme);
        let mut buf = Buffer::empty(Rect::new(0, 0, width, pipeline.height(width)));
        pipeline.render(buf.area, &mut buf);
        buf
    }

    fn snapshot(name: &str, sketch: &str) {
        let draft = parse(sketch);
        for width in [100, 60, 24] {
            let name = format!("{name}_{width}");
            insta::assert_snapshot!(name, text(&render(&draft, width)));
        }
    }

    /// The case: four flows through one kafka, a fan-out after it and a fan-in at
    /// pinot, one flow repeated.
    const GRAPH: &str = "\
collector: buffers when kafka is slow
kafka: absorbs the 5x spike
flink: windowed counts
pinot: serves the dashboards
s3: raw events for replay
spark: nightly backfill
collector -> kafka -> flink -> pinot
kafka -> s3 -> spark -> pinot
collector -> kafka
spark -> flink
";

    #[test]
    fn the_flows_are_one_graph_each_component_boxed_once_each_edge_drawn_once() {
        snapshot("graph", GRAPH);
        for width in [100, 60, 24] {
            let shown = text(&render(&parse(GRAPH), width));
            for name in ["collector", "kafka", "flink", "pinot", "s3", "spark"] {
                let boxed = shown.matches(&format!("│ {name} │")).count();
                assert_eq!(boxed, 1, "{name} at {width}:\n{shown}");
            }
            // Fan-out from kafka: hanging from its box where it is on the row above, named
            // where it is not; fan-in at pinot and flink: named where the flow joins them.
            if width >= 60 {
                assert!(
                    shown.contains("└───┬───┘") && shown.contains("└──▶│ s3 │"),
                    "{shown}"
                );
            } else {
                assert!(shown.contains(" kafka ──▶│ s3 │"), "{shown}");
            }
            assert!(shown.contains("──▶ pinot"), "{shown}");
            assert!(shown.contains("└──▶ flink"), "{shown}");
            // The repeated collector -> kafka is not drawn again.
            assert!(!shown.contains(" collector ──▶"), "{shown}");
            // A row of names only (an edge between two boxes drawn above) is one line.
            assert!(!shown.contains("\n\n\n"), "{shown}");
        }
        // A flow that only repeats edges draws nothing.
        let again = parse("a: x\nb: y\na -> b\na -> b\n");
        assert_eq!(
            text(&render(&again, 40)),
            text(&render(&parse("a: x\nb: y\na -> b\n"), 40))
        );
    }

    #[test]
    fn the_example() {
        snapshot("example", EXAMPLE);
    }

    #[test]
    fn an_empty_draft_shows_how_to_start() {
        snapshot("empty", "");
    }

    #[test]
    fn a_long_flow_wraps() {
        snapshot("long_flow", LONG_FLOW);
    }

    #[test]
    fn unicode_names() {
        snapshot("unicode", UNICODE);
    }

    /// For every box drawn: its name, and whether its top-right corner carries the `!`.
    fn boxes(buf: &Buffer) -> Vec<(String, bool)> {
        let mut found = Vec::new();
        for y in buf.area.top()..buf.area.bottom().saturating_sub(1) {
            for x in buf.area.left() + 1..buf.area.right() {
                if buf[(x, y)].symbol() != "┐" {
                    continue;
                }
                let marked = buf[(x - 1, y)].symbol() == "!";
                let left = (0..x).rev().find(|&l| buf[(l, y)].symbol() == "┌");
                let Some(left) = left else { continue };
                let name: String = (left + 1..x).map(|l| buf[(l, y + 1)].symbol()).collect();
                found.push((name.trim().to_owned(), marked));
            }
        }
        found
    }

    #[test]
    fn the_marker_is_on_exactly_the_unreasoned_boxes() {
        for sketch in [EXAMPLE, LONG_FLOW, UNICODE] {
            let draft = parse(sketch);
            // Truncation aside, compare names cut the way the widget cuts them.
            let expected: BTreeMap<String, bool> = draft
                .components
                .iter()
                .map(|c| (truncate(&c.name, MAX_NAME_WIDTH), c.reason.is_none()))
                .collect();
            let buf = render(&draft, 100);
            let drawn = boxes(&buf);
            assert!(!drawn.is_empty());
            for (name, marked) in &drawn {
                // Wide names leave skipped cells as spaces; compare without them.
                let entry = expected
                    .iter()
                    .find(|(n, _)| n.replace(' ', "") == name.replace(' ', ""));
                let Some((_, &unreasoned)) = entry else {
                    panic!("box {name:?} is no component of {expected:?}");
                };
                assert_eq!(*marked, unreasoned, "{name} in\n{}", text(&buf));
            }
            let legend = text(&buf).contains("! no reason given");
            assert_eq!(legend, draft.unreasoned().next().is_some());
        }
    }

    #[test]
    fn the_marker_is_drawn_in_the_bad_style() {
        let theme = Theme::color();
        let draft = parse("iceberg");
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 10));
        Pipeline::new(&draft, &theme).render(buf.area, &mut buf);
        let bang = buf
            .content()
            .iter()
            .find(|cell| cell.symbol() == "!")
            .map(ratatui::buffer::Cell::style);
        assert_eq!(bang.map(|s| s.fg), Some(theme.bad.fg));
    }

    #[test]
    fn a_fully_reasoned_sketch_has_no_marker_and_no_legend() {
        let draft = parse("a: x\nb: y\na -> b");
        let shown = text(&render(&draft, 60));
        assert!(!shown.contains('!'), "{shown}");
        assert_eq!(render(&draft, 60).area.height, 3);
    }

    #[test]
    fn nothing_is_drawn_outside_the_area_at_any_size() {
        let theme = Theme::color();
        for sketch in [EXAMPLE, LONG_FLOW, UNICODE, "", "->->\n: : :\n\t\u{7}x"] {
            let draft = parse(sketch);
            let pipeline = Pipeline::new(&draft, &theme);
            for width in 0..=32 {
                for height in 0..=pipeline.height(width) + 1 {
                    let mut buf = Buffer::filled(Rect::new(0, 0, 40, 40), {
                        let mut cell = ratatui::buffer::Cell::default();
                        cell.set_symbol("·");
                        cell
                    });
                    let area = Rect::new(3, 2, width, height);
                    pipeline.render(area, &mut buf);
                    for (x, y) in (0..40).flat_map(|x| (0..40).map(move |y| (x, y))) {
                        if !area.contains((x, y).into()) {
                            assert_eq!(buf[(x, y)].symbol(), "·", "({x},{y}) w{width} h{height}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_short_area_shows_whole_rows_of_boxes_only() {
        // Row, blank, row: at height 5 the second row would lose its bottom line.
        let draft = parse(&format!("{EXAMPLE}kafka -> redis\n"));
        let theme = Theme::color();
        let mut buf = Buffer::empty(Rect::new(0, 0, 100, 5));
        Pipeline::new(&draft, &theme).render(buf.area, &mut buf);
        let shown = text(&buf);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines[0].starts_with('┌') && lines[2].starts_with('└'),
            "{shown}"
        );
        assert!(lines[3..].iter().all(|line| line.is_empty()), "{shown}");
    }

    #[test]
    fn a_scrolled_drawing_leaves_out_whole_rows_above_and_never_everything() {
        let draft = parse(GRAPH);
        let theme = Theme::color();
        let pipeline = Pipeline::new(&draft, &theme);
        // The first row of boxes; one line short of it skips nothing.
        assert_eq!(pipeline.skipped(100, 4), 3);
        assert_eq!(pipeline.skipped(100, 3), 3);
        assert_eq!(pipeline.skipped(100, 2), 0);
        // Never past the last chunk.
        let all = pipeline.height(100);
        assert!(pipeline.skipped(100, u16::MAX) < all);
        let mut buf = Buffer::empty(Rect::new(0, 0, 100, 6));
        pipeline.scrolled(4).render(buf.area, &mut buf);
        let shown = text(&buf);
        assert!(shown.starts_with("                    │\n"), "{shown}");
        assert!(!shown.contains("collector"), "{shown}");
    }

    #[test]
    fn names_are_cut_with_an_ellipsis_and_wide_characters_are_not_split() {
        assert_eq!(
            truncate("schema-registry-validator", 18),
            "schema-registry-v…"
        );
        assert_eq!(truncate("数据采集器", 6), "数据…");
        assert_eq!(truncate("数据采集器", 5), "数据…");
        assert_eq!(text_width(&truncate("数据采集器", 5)), 5);
        assert_eq!(truncate("short", 18), "short");
    }

    #[test]
    fn wrapping_keeps_words_whole_where_it_can() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 10), Vec::<String>::new());
        assert_eq!(wrap("a b", 0), ["a", "b"]);
    }
}
