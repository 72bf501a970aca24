//! Charts of simulation outcomes for the lab panel.
//!
//! The panel shows the knobs, a chart of the last run and its one-sentence verdict. When the
//! area is short, parts are dropped in this order: the key hint, the chart's extra height,
//! the summary's extra lines, the chart; the knobs and the first line of the verdict stay.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use crate::calc::format::{integer, number};
use crate::practice::lab::{Lab, LabOutcome, rough_duration};
use crate::sim::redelivery::RedeliveryOutcome;
use crate::sim::skew::SkewOutcome;
use crate::sim::small_files::{SmallFilesConfig, SmallFilesOutcome};
use crate::tui::Theme;
use crate::tui::text::wrap;

/// The lab panel: knobs, chart and verdict of one simulation.
#[derive(Debug, Clone, Copy)]
pub struct LabView<'a> {
    lab: &'a Lab,
    outcome: Option<&'a Result<LabOutcome, String>>,
    theme: &'a Theme,
    focused: bool,
}

impl<'a> LabView<'a> {
    /// A view of `lab` and its last run (`None` before the first).
    #[must_use]
    pub fn new(
        lab: &'a Lab,
        outcome: Option<&'a Result<LabOutcome, String>>,
        theme: &'a Theme,
        focused: bool,
    ) -> Self {
        Self {
            lab,
            outcome,
            theme,
            focused,
        }
    }

    fn knob_lines(&self) -> Vec<Line<'static>> {
        let rows = self.lab.knob_rows();
        let label_width = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        rows.into_iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let label = format!("{label:<label_width$}  ");
                if self.focused && i == self.lab.selected() {
                    Line::from(vec![
                        Span::styled(format!("▸ {label}"), self.theme.accent),
                        Span::styled(format!("‹ {value} ›"), self.theme.accent),
                    ])
                } else {
                    Line::from(vec![
                        Span::styled(format!("  {label}"), self.theme.dim),
                        Span::raw(format!("  {value}")),
                    ])
                }
            })
            .collect()
    }
}

/// Key hints shown while the panel has focus, longest first: the longest that fits is shown.
const HINTS: [&str; 3] = [
    "↑↓ knob  ←→ change  Enter re-run  n next sim  Tab back",
    "↑↓ knob ←→ change Enter run n next",
    "↑↓ ←→ Enter n Tab",
];

impl Widget for LabView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let border = if self.focused {
            self.theme.accent
        } else {
            self.theme.dim
        };
        let block = Block::bordered()
            .title(ratatui::text::Span::styled(
                format!(" Lab: {} ", self.lab.kind().title()),
                self.theme.heading,
            ))
            .border_style(border);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.is_empty() {
            return;
        }
        let width = usize::from(inner.width);
        let mut budget = usize::from(inner.height);

        let knobs = self.knob_lines();
        let knob_count = knobs.len().min(budget);
        budget -= knob_count;

        // The verdict: the summary, the error, or what to press.
        let (verdict, verdict_style) = match self.outcome {
            Some(Ok(outcome)) => (
                outcome.summary(),
                if outcome.holds() {
                    self.theme.good
                } else {
                    self.theme.bad
                },
            ),
            Some(Err(message)) => (message.clone(), self.theme.bad),
            None => ("Enter runs the simulation.".to_owned(), self.theme.dim),
        };
        let verdict_lines = wrap(&verdict, width);
        let first_verdict = verdict_lines.len().min(1).min(budget);
        budget -= first_verdict;

        let chart = match self.outcome {
            Some(Ok(outcome)) => Some(outcome),
            _ => None,
        };
        let chart_min = chart.map_or(0, |_| CHART_MIN_HEIGHT);
        let mut chart_height = if budget >= chart_min { chart_min } else { 0 };
        budget -= chart_height;

        let more_verdict = (verdict_lines.len() - first_verdict).min(budget);
        budget -= more_verdict;
        let verdict_shown = first_verdict + more_verdict;

        let hint = usize::from(self.focused && budget > 0);
        budget -= hint;
        if chart_height > 0 {
            chart_height += budget;
        }

        let mut lines: Vec<Line<'static>> = knobs.into_iter().take(knob_count).collect();
        if hint == 1 {
            let fits = HINTS.iter().find(|h| h.chars().count() <= width);
            lines.push(Line::styled(
                fits.copied().unwrap_or(HINTS[HINTS.len() - 1]),
                self.theme.dim,
            ));
        }
        if let Some(outcome) = chart.filter(|_| chart_height > 0) {
            let drawn = chart_lines(outcome, self.theme, width, chart_height);
            // A chart shorter than its room leaves a line between it and the verdict.
            let spare = chart_height > drawn.len();
            lines.extend(drawn);
            if spare {
                lines.push(Line::default());
            }
        }
        lines.extend(
            truncated(verdict_lines, verdict_shown, width)
                .into_iter()
                .map(|l| Line::styled(l, verdict_style)),
        );
        for (line, y) in lines.iter().zip(inner.top()..inner.bottom()) {
            line.render(Rect::new(inner.x, y, inner.width, 1), buf);
        }
    }
}

/// Rows a chart needs to say anything: two bars, or one label and one row of columns.
const CHART_MIN_HEIGHT: usize = 2;

fn chart_lines(
    outcome: &LabOutcome,
    theme: &Theme,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    match outcome {
        LabOutcome::Skew {
            config,
            baseline,
            current,
            ..
        } => skew_chart(config.salt, baseline, current, theme, width, height),
        LabOutcome::Redelivery { outcome, .. } => redelivery_chart(outcome, theme, width, height),
        LabOutcome::SmallFiles { config, outcome } => {
            small_files_chart(config, outcome, theme, width, height)
        }
    }
}

fn redelivery_chart(
    outcome: &RedeliveryOutcome,
    theme: &Theme,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let error = if outcome.counted_total == outcome.true_total {
        "exact".to_owned()
    } else {
        format!("{:+.1}%", outcome.error_pct)
    };
    let counted_style = if crate::score::design::redelivery_exact(outcome) {
        theme.good
    } else {
        theme.bad
    };
    let mut lines = bar_rows(
        &[
            (
                "true revenue",
                outcome.true_total as f64,
                dollars(outcome.true_total),
                theme.accent,
            ),
            (
                "counted",
                outcome.counted_total as f64,
                format!("{} ({error})", dollars(outcome.counted_total)),
                counted_style,
            ),
        ],
        theme,
        width,
    );
    let mut what = Vec::new();
    if outcome.duplicates_applied > 0 {
        what.push(format!(
            "{} applied twice",
            integer(outcome.duplicates_applied)
        ));
    }
    if outcome.lost_events > 0 {
        what.push(format!("{} lost", integer(outcome.lost_events)));
    }
    if what.is_empty() {
        what.push("nothing lost or twice".to_owned());
    }
    lines.push(Line::styled(
        format!(
            "{} in {} crashes",
            what.join(", "),
            integer(outcome.crashes)
        ),
        theme.dim,
    ));
    lines.truncate(height);
    lines
}

fn small_files_chart(
    config: &SmallFilesConfig,
    outcome: &SmallFilesOutcome,
    theme: &Theme,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let after_per_hour = outcome.files_after_compaction as f64 / config.hours;
    let compacted_style = if config.compact_every.is_some() {
        theme.good
    } else {
        theme.dim
    };
    let verdict_style = if crate::score::design::small_files_breaks(config, outcome) {
        theme.bad
    } else {
        theme.good
    };
    let files = bar_rows(
        &[
            (
                "files/h written",
                outcome.files_per_hour,
                number(outcome.files_per_hour),
                theme.warn,
            ),
            (
                "after compaction",
                after_per_hour,
                number(after_per_hour),
                compacted_style,
            ),
        ],
        theme,
        width,
    );
    let query = bar_rows(
        &[
            (
                "query before",
                outcome.query_seconds_before,
                rough_duration(outcome.query_seconds_before),
                theme.warn,
            ),
            (
                "query after",
                outcome.query_seconds_after,
                rough_duration(outcome.query_seconds_after),
                verdict_style,
            ),
        ],
        theme,
        width,
    );
    let mut lines = files;
    if height >= 4 {
        if height >= 5 {
            lines.push(Line::default());
        }
        lines.extend(query);
    }
    lines
}

/// Two charts of per-partition load on one scale, before and after salting (one chart when
/// there is no salting or no room for two).
fn skew_chart(
    salt: u32,
    baseline: &SkewOutcome,
    current: &SkewOutcome,
    theme: &Theme,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let scale = baseline
        .max_partition_share
        .max(current.max_partition_share);
    let style = |outcome: &SkewOutcome| {
        if crate::score::design::skew_breaks(outcome) {
            theme.bad
        } else {
            theme.good
        }
    };
    let columns = Columns::new(current.partitions.len(), width);
    // "before salting: hottest 42.5%, max of 2 per bar", shortened to what fits.
    let label = |title: &str, short: &str, outcome: &SkewOutcome| {
        let share = number((outcome.max_partition_share * 1000.0).round() / 10.0);
        let grouped = if columns.group > 1 {
            format!(", max of {} per bar", columns.group)
        } else {
            String::new()
        };
        [
            format!("{title}: hottest {share}%{grouped}"),
            format!("{title}: hottest {share}%"),
            format!("{short}: {share}%"),
        ]
        .into_iter()
        .find(|l| l.chars().count() <= width)
        .unwrap_or_else(|| format!("{share}%"))
    };
    let mut lines = Vec::new();
    if salt > 1 && height >= 4 {
        let rows = (height - 2) / 2;
        lines.push(Line::styled(
            label("before salting", "before", baseline),
            theme.dim,
        ));
        lines.extend(columns.draw(baseline, scale, rows, style(baseline)));
        lines.push(Line::styled(
            label(
                &format!("after salting ×{salt}"),
                &format!("after ×{salt}"),
                current,
            ),
            theme.dim,
        ));
        lines.extend(columns.draw(current, scale, height - 2 - rows, style(current)));
    } else {
        let (title, short) = if salt > 1 {
            (format!("after salting ×{salt}"), format!("after ×{salt}"))
        } else {
            ("no salting".to_owned(), "unsalted".to_owned())
        };
        lines.push(Line::styled(label(&title, &short, current), theme.dim));
        lines.extend(columns.draw(current, scale, height - 1, style(current)));
    }
    lines
}

/// How partitions map onto terminal columns: a slot per bar, or groups of adjacent
/// partitions sharing one column when there are more partitions than columns.
struct Columns {
    /// Partitions per bar.
    group: usize,
    /// Columns per bar, gap included.
    slot: usize,
}

impl Columns {
    fn new(partitions: usize, width: usize) -> Self {
        let width = width.max(1);
        if partitions <= width {
            Self {
                group: 1,
                slot: (width / partitions.max(1)).clamp(1, 3),
            }
        } else {
            Self {
                group: partitions.div_ceil(width),
                slot: 1,
            }
        }
    }

    fn draw(
        &self,
        outcome: &SkewOutcome,
        scale: f64,
        rows: usize,
        style: Style,
    ) -> Vec<Line<'static>> {
        const LEVELS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        let total: u64 = outcome.partitions.iter().sum();
        let eighths: Vec<usize> = outcome
            .partitions
            .chunks(self.group)
            .map(|group| {
                let max = group.iter().copied().max().unwrap_or(0);
                let share = max as f64 / total.max(1) as f64;
                let level = (share / scale * (rows * 8) as f64).round() as usize;
                // A partition with any load shows at least a sliver.
                if max > 0 { level.max(1) } else { 0 }
            })
            .collect();
        let bar = if self.slot >= 2 { self.slot - 1 } else { 1 };
        (0..rows)
            .map(|row| {
                let floor = (rows - 1 - row) * 8;
                let text: String = eighths
                    .iter()
                    .flat_map(|&e| {
                        let level = LEVELS[e.saturating_sub(floor).min(8)];
                        std::iter::repeat_n(level, bar)
                            .chain(std::iter::repeat_n(' ', self.slot - bar))
                    })
                    .collect();
                Line::styled(text.trim_end().to_owned(), style)
            })
            .collect()
    }
}

/// Labelled horizontal bars on one scale (the largest value fills the room left by the
/// labels and the values).
fn bar_rows(
    rows: &[(&str, f64, String, Style)],
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let label_width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0) + 1;
    let value_width = rows.iter().map(|r| r.2.chars().count()).max().unwrap_or(0) + 1;
    let room = width.saturating_sub(label_width + value_width);
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    rows.iter()
        .map(|(label, value, shown, style)| {
            let bar = if max > 0.0 {
                horizontal_bar(value / max, room)
            } else {
                String::new()
            };
            let pad = room.saturating_sub(bar.chars().count());
            Line::from(vec![
                Span::styled(format!("{label:<label_width$}"), theme.dim),
                Span::styled(bar, *style),
                Span::raw(format!("{} {shown}", " ".repeat(pad))),
            ])
        })
        .collect()
}

/// A bar `fraction` of `width` cells long, in eighths of a cell.
fn horizontal_bar(fraction: f64, width: usize) -> String {
    const PARTIAL: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = (fraction.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let eighths = if fraction > 0.0 && width > 0 {
        eighths.max(1)
    } else {
        eighths
    };
    let mut bar = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        bar.push(PARTIAL[eighths % 8]);
    }
    bar
}

/// Revenue in cents as dollars, rounded the way the rest of dei rounds.
fn dollars(cents: u64) -> String {
    format!("${}", number(cents as f64 / 100.0))
}

/// The first `count` lines, the last ending in `…` (within `width`) when lines were left off.
fn truncated(mut lines: Vec<String>, count: usize, width: usize) -> Vec<String> {
    if count < lines.len() {
        lines.truncate(count);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = keep + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::lab::LabKind;
    use crate::rubric::Rubric;
    use crate::scenario::Catalog;

    /// The buffer's rows as text, trailing spaces trimmed.
    fn text(buf: &Buffer) -> String {
        let area = buf.area;
        (area.top()..area.bottom())
            .map(|y| {
                let row: String = (area.left()..area.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect();
                row.trim_end().to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn render(
        lab: &Lab,
        outcome: Option<&Result<LabOutcome, String>>,
        focused: bool,
        w: u16,
        h: u16,
    ) -> String {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        LabView::new(lab, outcome, &Theme::plain(), focused).render(area, &mut buf);
        text(&buf)
    }

    /// A lab of `kind` on realtime-analytics, its knobs turned by `turn`.
    fn lab(kind: LabKind, turn: impl FnOnce(&mut Lab)) -> Lab {
        let catalog = Catalog::builtin(Rubric::builtin());
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        let mut lab = Lab::new(scenario, kind).expect("has the profile");
        turn(&mut lab);
        lab
    }

    #[test]
    fn skew() {
        let lab = lab(LabKind::Skew, |lab| {
            for _ in 0..3 {
                lab.adjust(true);
            }
        });
        let outcome = lab.run();
        insta::assert_snapshot!("skew_60x20", render(&lab, Some(&outcome), true, 60, 20));
        insta::assert_snapshot!("skew_40x12", render(&lab, Some(&outcome), false, 40, 12));
        insta::assert_snapshot!("skew_30x8", render(&lab, Some(&outcome), true, 30, 8));
        let unsalted = self::lab(LabKind::Skew, |_| {});
        let outcome = unsalted.run();
        insta::assert_snapshot!(
            "skew_unsalted_40x12",
            render(&unsalted, Some(&outcome), true, 40, 12)
        );
    }

    #[test]
    fn redelivery() {
        let lab = lab(LabKind::Redelivery, |_| {});
        let outcome = lab.run();
        insta::assert_snapshot!(
            "redelivery_60x20",
            render(&lab, Some(&outcome), true, 60, 20)
        );
        let lab = self::lab(LabKind::Redelivery, |lab| {
            lab.adjust(true);
        });
        let outcome = lab.run();
        insta::assert_snapshot!(
            "redelivery_40x12",
            render(&lab, Some(&outcome), true, 40, 12)
        );
    }

    #[test]
    fn small_files() {
        let lab = lab(LabKind::SmallFiles, |lab| {
            lab.select_next();
            lab.adjust(true);
            lab.adjust(true);
        });
        let outcome = lab.run();
        insta::assert_snapshot!(
            "small_files_60x20",
            render(&lab, Some(&outcome), true, 60, 20)
        );
        insta::assert_snapshot!(
            "small_files_40x12",
            render(&lab, Some(&outcome), true, 40, 12)
        );
        insta::assert_snapshot!(
            "small_files_30x8",
            render(&lab, Some(&outcome), false, 30, 8)
        );
    }

    #[test]
    fn errors_and_no_run_yet() {
        let lab = lab(LabKind::Redelivery, |_| {});
        let failed = Err("`events` = \"lots\": unknown unit `lots`".to_owned());
        insta::assert_snapshot!("error_40x12", render(&lab, Some(&failed), true, 40, 12));
        insta::assert_snapshot!("not_run_40x12", render(&lab, None, false, 40, 12));
    }

    #[test]
    fn never_draws_outside_the_area() {
        let lab = lab(LabKind::Skew, |lab| lab.adjust(true));
        let outcome = lab.run();
        for (w, h) in [(1, 1), (2, 2), (3, 3), (10, 4), (30, 8), (200, 3), (12, 60)] {
            // A buffer larger than the area: anything outside it must stay blank.
            let mut buf = Buffer::empty(Rect::new(0, 0, w + 4, h + 4));
            let area = Rect::new(2, 2, w, h);
            LabView::new(&lab, Some(&outcome), &Theme::plain(), true).render(area, &mut buf);
            for y in 0..h + 4 {
                for x in 0..w + 4 {
                    if !area.contains((x, y).into()) {
                        assert_eq!(buf[(x, y)].symbol(), " ", "{w}x{h} drew at ({x}, {y})");
                    }
                }
            }
        }
    }
}
