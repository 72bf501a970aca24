//! `e` on the scorecard: reopen one move, rewrite it, and score the whole answer again. A box
//! asks which move (the one that lost the most points is proposed); the move's text opens in
//! an editor of its own (the scratchpad, the sketch or the Defend notes as written; for
//! Clarify and Deep-dive the questions or the replies, one paragraph each, as the answer has
//! them); Ctrl-N scores again, Esc goes back. The round keeps the first score
//! ([`crate::practice::Round::first`]) and the shell records both in the history entry.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use ratatui_textarea::TextArea;

use super::app::{Action, App, editor};
use super::text::{READING_WIDTH, truncate, wrap};
use super::widgets::dialog::{Dialog, key_line};
use crate::scenario::Stage;

/// A move being reopened: chosen in the box, then rewritten.
pub enum Reopen {
    /// The box asking which move, with the one highlighted.
    Picking {
        /// Index into [`Stage::ALL`].
        selected: usize,
    },
    /// The move's text in an editor.
    Editing {
        /// The move.
        stage: Stage,
        /// Its text, being rewritten.
        editor: Box<TextArea<'static>>,
        /// Esc was pressed once with the text changed: the next Esc drops the change.
        confirm_discard: bool,
    },
}

/// What the editor says when the move has nothing written yet.
fn empty_note(stage: Stage) -> &'static str {
    match stage {
        Stage::Clarify => "Nothing was asked. Write the questions you would ask, one a paragraph.",
        Stage::DeepDive => "Nothing was replied. Write how your design answers the follow-ups.",
        Stage::Size | Stage::Sketch | Stage::Defend => super::app::placeholder(stage),
    }
}

impl App<'_> {
    /// The move `e` proposes: the one that lost the most points (the first of equals).
    fn weakest_move(&self) -> usize {
        let Some((card, _)) = self.round().finished() else {
            return 0;
        };
        let lost = |stage: Stage| {
            card.stages
                .iter()
                .find(|s| s.stage == stage)
                .map_or(0, |s| s.max.saturating_sub(s.score))
        };
        let mut best = 0;
        for (i, stage) in Stage::ALL.iter().enumerate() {
            if lost(*stage) > lost(Stage::ALL[best]) {
                best = i;
            }
        }
        best
    }

    /// `e` on the scorecard: the box asking which move to rewrite.
    pub(super) fn start_reopen(&mut self) {
        self.reopen = Some(Reopen::Picking {
            selected: self.weakest_move(),
        });
    }

    /// The move `stage` in the editor.
    fn open_move(&mut self, stage: Stage) {
        let text = self.session().move_text(stage);
        self.reopen = Some(Reopen::Editing {
            stage,
            editor: Box::new(editor(&text, &self.theme)),
            confirm_discard: false,
        });
        self.status = None;
    }

    /// A reopened move is in the editor (the scorecard gives way to it).
    #[must_use]
    pub fn is_rewriting(&self) -> bool {
        matches!(self.reopen, Some(Reopen::Editing { .. }))
    }

    /// The move being rewritten and its text, if one is.
    #[must_use]
    pub fn reopened_text(&self) -> Option<(Stage, String)> {
        match &self.reopen {
            Some(Reopen::Editing { stage, editor, .. }) => {
                Some((*stage, editor.lines().join("\n")))
            }
            _ => None,
        }
    }

    /// The rewritten move differs from what was scored.
    fn reopen_changed(&self) -> bool {
        self.reopened_text()
            .is_some_and(|(stage, text)| text != self.session().move_text(stage))
    }

    /// Scores the answer again with the rewritten move, if it changed, and closes the editor.
    /// Called on Ctrl-N, and before leaving (Ctrl-Q, a signal), so a rewrite is never lost.
    pub fn keep_rewrite(&mut self) -> Action {
        let Some((stage, text)) = self.reopened_text() else {
            return Action::None;
        };
        let happened = self.round_mut().rescore(stage, &text);
        if happened
            .iter()
            .any(|e| matches!(e, crate::practice::round::Event::NothingToScore))
        {
            self.status = Some(
                "With that the answer would be empty, so nothing is scored: write something, \
                 or Esc twice to go back."
                    .into(),
            );
            return Action::None;
        }
        self.reopen = None;
        if happened.is_empty() {
            self.status = Some(format!("{} is as it was: the score stands.", stage.title()));
            return Action::None;
        }
        self.scroll = 0;
        self.apply(&happened)
    }

    /// Every event while a move is reopened.
    pub(super) fn reopen_event(&mut self, event: &Event) -> Action {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.reopen_key(*key),
            Event::Paste(text) => {
                if let Some(Reopen::Editing { editor, .. }) = &mut self.reopen {
                    let text = text.replace("\r\n", "\n").replace('\r', "\n");
                    editor.insert_str(text);
                }
                Action::None
            }
            Event::Mouse(mouse) => {
                if let Some(Reopen::Editing { editor, .. }) = &mut self.reopen {
                    editor.input(Event::Mouse(*mouse));
                }
                Action::None
            }
            _ => Action::None,
        }
    }

    fn reopen_key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c' | 'q')) {
            // Leaving keeps the rewrite: it is scored and saved with the session.
            let _ = self.keep_rewrite();
            self.reopen = None;
            return Action::Quit;
        }
        // Nothing is typed blind while the screen only asks to be enlarged.
        if self.too_small.get() {
            return Action::None;
        }
        if self.show_help {
            self.show_help = false;
            return Action::None;
        }
        if key.code == KeyCode::F(1) {
            self.show_help = true;
            return Action::None;
        }
        match &mut self.reopen {
            Some(Reopen::Picking { selected }) => {
                let last = Stage::ALL.len() - 1;
                match key.code {
                    KeyCode::Esc => self.reopen = None,
                    KeyCode::Up => *selected = selected.saturating_sub(1),
                    KeyCode::Down => *selected = (*selected + 1).min(last),
                    KeyCode::Enter | KeyCode::Char('e') => {
                        let stage = Stage::ALL[*selected];
                        self.open_move(stage);
                    }
                    KeyCode::Char(c @ '1'..='5') => {
                        let stage = Stage::ALL[usize::from(c as u8 - b'1')];
                        self.open_move(stage);
                    }
                    _ => {}
                }
                Action::None
            }
            Some(Reopen::Editing { .. }) => self.edit_key(key),
            None => Action::None,
        }
    }

    fn edit_key(&mut self, key: KeyEvent) -> Action {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('n') {
            return self.keep_rewrite();
        }
        let changed = self.reopen_changed();
        let Some(Reopen::Editing {
            stage,
            editor,
            confirm_discard,
        }) = &mut self.reopen
        else {
            return Action::None;
        };
        let discarding = std::mem::take(confirm_discard);
        match key.code {
            KeyCode::Esc if changed && !discarding => {
                *confirm_discard = true;
                self.status = Some(format!(
                    "Esc again drops your changes to {}; Ctrl-N scores the answer with them.",
                    stage.title()
                ));
            }
            KeyCode::Esc => {
                self.reopen = None;
                self.status = Some("Back to the scorecard; the score stands.".into());
            }
            KeyCode::Char('j') if ctrl => editor.insert_newline(),
            KeyCode::Enter => editor.insert_newline(),
            _ => {
                editor.input(Event::Key(key));
            }
        }
        if discarding
            && self
                .status
                .as_deref()
                .is_some_and(|s| s.starts_with("Esc again"))
        {
            self.status = None;
        }
        Action::None
    }

    /// Draws the box asking which move, or the move being rewritten, in `body`.
    pub(super) fn reopen_view(&self, body: Rect, area: Rect, buf: &mut Buffer) {
        match &self.reopen {
            Some(Reopen::Picking { selected }) => self.pick_box(*selected, area, buf),
            Some(Reopen::Editing { stage, editor, .. }) => {
                self.rewrite_view(*stage, editor, body, buf);
            }
            None => {}
        }
    }

    fn pick_box(&self, selected: usize, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let width = area.width.saturating_sub(4).min(76);
        let text_width = usize::from(width.saturating_sub(4));
        let mut lines: Vec<Line<'static>> = wrap(
            "Which move do you want to rewrite? The whole answer is scored again, and the \
             history keeps both scores.",
            text_width,
        )
        .into_iter()
        .map(Line::raw)
        .collect();
        lines.push(Line::default());
        let card = self.round().finished().map(|(card, _)| card);
        for (i, stage) in Stage::ALL.iter().enumerate() {
            let points = card
                .and_then(|c| c.stages.iter().find(|s| s.stage == *stage))
                .map(|s| (format!("{:>2} / {:<2}", s.score, s.max), s.lost.clone()));
            let (score, lost) = points.unwrap_or_default();
            let lead = format!("{} {:<10} {score}  ", i + 1, stage.title());
            let lost = lost.map_or_else(String::new, |l| format!("lost: {l}"));
            let lost = truncate(&lost, text_width.saturating_sub(lead.chars().count()));
            let style = if i == selected {
                t.accent.add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(lead, style),
                Span::styled(lost, if i == selected { style } else { t.dim }),
            ]));
        }
        lines.push(Line::default());
        lines.push(key_line("↑↓ 1-5", "choose", 8, t));
        lines.push(key_line("Enter", "rewrite it", 8, t));
        lines.push(key_line("Esc", "back to the scorecard", 8, t));
        Dialog {
            title: "Reopen a move",
            border: t.accent,
            title_style: t.heading,
            width,
            top: 0,
        }
        .render(lines, area, buf);
    }

    fn rewrite_view(&self, stage: Stage, editor: &TextArea<'static>, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        let reading = READING_WIDTH as u16 + 2;
        let side_width = (area.width * 2 / 5)
            .clamp(30, 46)
            .max(area.width.saturating_sub(reading));
        let [main, side] =
            Layout::horizontal([Constraint::Min(40), Constraint::Length(side_width)]).areas(area);
        let block = self.panel(&format!("Rewriting {}", stage.title()), true);
        let inner = block.inner(main);
        block.render(main, buf);
        editor.render(inner, buf);
        if editor.lines().iter().all(String::is_empty) {
            let width = usize::from(inner.width.saturating_sub(1));
            let lines: Vec<Line> = wrap(empty_note(stage), width)
                .into_iter()
                .map(|l| Line::styled(l, t.dim))
                .collect();
            Paragraph::new(lines).render(
                Rect {
                    x: inner.x + 1,
                    width: inner.width.saturating_sub(1),
                    ..inner
                },
                buf,
            );
        }
        let block = self.panel("As scored", false);
        let inner = block.inner(side);
        block.render(side, buf);
        let width = usize::from(inner.width.saturating_sub(1));
        let mut lines = Vec::new();
        if let Some((card, _)) = self.round().finished() {
            lines.push(Line::styled(
                format!("Answer: {} / 100 ({})", card.score, card.band.name()),
                t.heading,
            ));
            if let Some(s) = card.stages.iter().find(|s| s.stage == stage) {
                lines.push(Line::raw(format!(
                    "{}: {} / {}",
                    stage.title(),
                    s.score,
                    s.max
                )));
                if let Some(lost) = &s.lost {
                    for l in wrap(&format!("Points lost to: {lost}"), width) {
                        lines.push(Line::styled(l, t.warn));
                    }
                }
            }
            lines.push(Line::default());
        }
        let note = match stage {
            Stage::Clarify => {
                "The conversation stays as it was said; this text stands for it in the answer."
            }
            Stage::DeepDive => {
                "The follow-ups keep the grades they got; this text stands for your replies in \
                 the answer."
            }
            Stage::Size => "Lines starting with = are worked out again when it is scored.",
            Stage::Sketch | Stage::Defend => "",
        };
        for l in wrap(note, width) {
            lines.push(Line::styled(l, t.dim));
        }
        if !note.is_empty() {
            lines.push(Line::default());
        }
        for l in wrap(
            "Ctrl-N scores the whole answer again with this; Esc goes back and the score stands.",
            width,
        ) {
            lines.push(Line::styled(l, t.dim));
        }
        Paragraph::new(lines).render(
            Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(1),
                ..inner
            },
            buf,
        );
    }
}
