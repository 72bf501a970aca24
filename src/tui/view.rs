//! Drawing the practice screen: `impl Widget for &App`, one function per region.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::app::{App, Focus, ScoreTab};
use crate::practice::round::MoveState;
use crate::scenario::Stage;
use crate::text::clock;

pub(super) use super::text::{READING_WIDTH, truncate};

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
        let small = area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1;
        self.too_small.set(small);
        if small {
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
        if self.is_rewriting() {
            self.reopen_view(body, area, buf);
        } else if self.is_finished() {
            self.scorecard(body, buf);
            // The box asking which move to reopen, over the scorecard.
            self.reopen_view(body, area, buf);
        } else {
            self.moves(body, buf);
        }
        self.footer(footer, buf);
        if self.show_help {
            self.help(area, buf);
        }
        if let Some(prompt) = &self.report_prompt {
            prompt.render(area, buf, &self.theme);
        }
        self.rescue.render(area, buf, &self.theme);
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
        let mode = self.session().mode.id();
        let elapsed = format!("{} ", clock(self.session().total_seconds()));
        let time = match &self.session().mock {
            Some(mock) if !self.is_finished() => {
                let left = mock.left(self.session().total_seconds());
                let style = if left < 300 { t.bad } else { t.heading };
                Span::styled(format!("⏳ {} left ", clock(left)), style)
            }
            _ => Span::styled(format!("⏱ {elapsed}"), t.heading),
        };
        // The title gives way to the clock on the right (and the read-only mark), with an
        // ellipsis where it is cut.
        let marks = time.width() + 1 + if self.read_only { 12 } else { 0 };
        let room = usize::from(area.width).saturating_sub(5 + marks);
        let mut title = vec![
            Span::styled(" dei ", t.heading),
            Span::styled(
                truncate(&format!("· {} · {mode}", self.scenario().title), room),
                t.dim,
            ),
        ];
        if self.read_only {
            title.push(Span::raw(" "));
            title.push(Span::styled(
                " READ-ONLY ",
                t.bad.add_modifier(Modifier::REVERSED),
            ));
        }
        Line::from(title).render(area, buf);
        Line::from(time)
            .right_aligned()
            .render(Rect { height: 1, ..area }, buf);
        let mut steps = vec![Span::raw(" ")];
        let current = (!self.is_finished()).then_some(self.session().stage);
        let states = self.round().move_states();
        for (i, stage) in Stage::ALL.iter().enumerate() {
            if i > 0 {
                steps.push(Span::styled(" › ", t.dim));
            }
            let passed = current.is_none_or(|c| stage < &c);
            let label = format!("{} {}", i + 1, stage.title());
            let state = states.get(i).copied().unwrap_or(MoveState::NotStarted);
            steps.push(if Some(*stage) == current {
                Span::styled(
                    format!("[{label}]"),
                    t.accent.add_modifier(Modifier::BOLD | Modifier::REVERSED),
                )
            } else {
                match state {
                    // Up to the rubric's standard for the move.
                    MoveState::Done => Span::styled(format!("✓ {}", stage.title()), t.good),
                    // Written in, short of that standard.
                    MoveState::Visited => Span::raw(format!("○ {}", stage.title())),
                    // Passed over with nothing in it.
                    MoveState::NotStarted if passed => {
                        Span::styled(format!("– {}", stage.title()), t.warn)
                    }
                    MoveState::NotStarted => Span::styled(label, t.dim),
                }
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
        let hint_text = match (current, &self.session().mock) {
            (Some(stage), Some(mock)) => {
                let spent = self.session().seconds.get(&stage).copied().unwrap_or(0);
                format!(
                    "{}: {} of the {} suggested. A mock: no hints, no live rubric, scored at the end.",
                    stage.title(),
                    clock(spent),
                    clock(crate::practice::mock::budget(stage, mock.minutes))
                )
            }
            (Some(stage), None) => hint(stage).to_owned(),
            (None, _) if self.is_rewriting() => "Rewriting a move: Ctrl-N scores the whole \
                                                  answer again; Esc goes back, the score stands."
                .to_owned(),
            (None, _) => "Scorecard: every point with the sentence behind it. Tab: your answer \
                          beside the model answer; e rewrites a move."
                .to_owned(),
        };
        // In a mock the line turns red once the move is over its budget.
        let over = match (current, &self.session().mock) {
            (Some(stage), Some(mock)) => {
                self.session().seconds.get(&stage).copied().unwrap_or(0)
                    > crate::practice::mock::budget(stage, mock.minutes)
            }
            _ => false,
        };
        let style = if over { t.bad } else { t.dim };
        let hint_text = truncate(&format!(" {hint_text}"), usize::from(area.width));
        Line::from(Span::styled(hint_text, style)).render(row(area, 2), buf);
    }

    /// The footer's keys here, most needed first (a narrow window drops the last ones).
    fn footer_keys(&self) -> Vec<(&'static str, &'static str)> {
        let keys: &[(&'static str, &'static str)] = if self.read_only {
            &[
                ("READ-ONLY", "open in another window, nothing here is saved"),
                ("Ctrl-N/P", "moves"),
                ("Ctrl-Q", "quit"),
                ("F2", "rubric"),
            ]
        } else if self.is_rewriting() {
            &[
                ("Ctrl-N", "score again"),
                ("Esc", "back, the score stands"),
                ("Ctrl-Q", "score again and quit"),
                ("F1", "help"),
            ]
        } else if self.is_finished() {
            // Tab names the view it goes to.
            let other = match self.score_tab {
                ScoreTab::Card => "answers",
                ScoreTab::Answers => "scorecard",
            };
            &[
                ("r", "save report"),
                ("e", "rewrite a move"),
                ("q", "quit"),
                ("Tab", other),
                ("F1", "help"),
                ("↑↓ PgUp PgDn Home End", "scroll"),
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
            match self.session().stage {
                // Most needed first: a narrow window drops the ones at the end, and F1 lists
                // them all.
                Stage::Clarify | Stage::DeepDive => &[
                    ("Enter", "send"),
                    ("Ctrl-N", "next move"),
                    ("F1", "help"),
                    ("Ctrl-Q", "quit"),
                    ("F2", "rubric"),
                    ("Alt-Enter", "new line"),
                    ("Ctrl-P", "back"),
                ],
                Stage::Defend => &[
                    ("Ctrl-N", "finish and score"),
                    ("F1", "help"),
                    ("Ctrl-Q", "quit"),
                    ("F2", "rubric"),
                    ("Ctrl-P", "back"),
                    ("Ctrl-E", "$EDITOR"),
                ],
                Stage::Size | Stage::Sketch => &[
                    ("Ctrl-N", "next move"),
                    ("F1", "help"),
                    ("Ctrl-Q", "quit"),
                    ("F2", "rubric"),
                    ("Ctrl-P", "back"),
                    ("Ctrl-E", "$EDITOR"),
                ],
            }
        };
        let mut keys = keys.to_vec();
        if self.is_mock() {
            keys.retain(|(key, _)| *key != "F2");
        }
        if !self.is_finished()
            && self.session().stage == Stage::DeepDive
            && self.round().lab().is_some()
            && self.focus == Focus::Editor
        {
            keys.insert(3, ("Tab", "lab"));
        }
        keys
    }

    fn footer(&self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        if let Some(trouble) = self.rescue.trouble() {
            // Until a save succeeds: the work is only on this screen, or in the file `w` wrote.
            let kept = match self.rescue.written_to() {
                Some(path) if !self.has_unsaved_work() => {
                    format!(" · the answer is in {}", path.display())
                }
                _ => String::new(),
            };
            let said = format!(" Not saved{kept} · Ctrl-S tries again · {trouble}");
            Line::from(Span::styled(
                truncate(&said, usize::from(area.width)),
                t.bad,
            ))
            .render(area, buf);
            return;
        }
        if let Some(status) = &self.status {
            // A message longer than the line ends in an ellipsis, never mid-word unmarked.
            let said = truncate(&format!(" {status}"), usize::from(area.width));
            Line::from(Span::styled(said, t.warn)).render(area, buf);
            return;
        }
        let keys = self.footer_keys();
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
        // The writing side no wider than reading needs; a wide window gives the rest to the
        // side panel.
        let reading = READING_WIDTH as u16 + 2;
        let side_width = (area.width * 2 / 5)
            .clamp(30, 46)
            .max(area.width.saturating_sub(reading));
        let [main, side] =
            Layout::horizontal([Constraint::Min(40), Constraint::Length(side_width)]).areas(area);
        match self.session().stage {
            Stage::Clarify | Stage::DeepDive => self.conversation(main, buf),
            Stage::Size => self.scratchpad(main, buf),
            Stage::Sketch => self.sketch(main, buf),
            Stage::Defend => self.document(main, buf, "Defend"),
        }
        self.side(side, buf);
    }

    pub(in crate::tui) fn panel(&self, title: &str, focused: bool) -> Block<'static> {
        Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.theme.accent
            } else {
                self.theme.dim
            })
            .title(Span::styled(format!(" {title} "), self.theme.heading))
    }

    pub(in crate::tui) fn editor_in(
        &self,
        area: Rect,
        buf: &mut Buffer,
        title: &str,
        focused: bool,
    ) {
        let block = self.panel(title, focused);
        let inner = block.inner(area);
        block.render(area, buf);
        self.editor().render(inner, buf);
        self.placeholder_in(inner, buf);
    }

    /// An empty editor's placeholder, wrapped to `area` after the cursor's column.
    pub(in crate::tui) fn placeholder_in(&self, area: Rect, buf: &mut Buffer) {
        if self.editor().lines().iter().any(|l| !l.is_empty()) {
            return;
        }
        let width = usize::from(area.width.saturating_sub(1));
        let lines: Vec<Line> = crate::tui::text::wrap(super::app::placeholder(self.stage()), width)
            .into_iter()
            .map(|l| Line::styled(l, self.theme.dim))
            .collect();
        Paragraph::new(lines).render(
            Rect {
                x: area.x + 1,
                width: area.width.saturating_sub(1),
                ..area
            },
            buf,
        );
    }
}

fn row(area: Rect, n: u16) -> Rect {
    Rect {
        y: area.y + n,
        height: 1,
        ..area
    }
}
