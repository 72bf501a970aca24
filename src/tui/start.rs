//! The screen `dei practice ID` opens on when a draft of it is waiting and a terminal is
//! attached: resume it (the default), start over (the old draft is kept, renamed, as `--new`
//! does) or quit. Without a terminal the shell says the same as an error naming `--resume`
//! and `--new`, which keep working for scripts.

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::Theme;
use super::run::ask_on_screen;
use super::text::wrap;
use super::widgets::dialog::{self, Dialog, key_line};

/// What the candidate chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartChoice {
    /// Continue the draft.
    Resume,
    /// Set the draft aside (kept, renamed) and start a new session.
    StartOver,
    /// Leave everything as it is.
    Quit,
}

/// The start screen of a session whose draft is waiting.
#[derive(Debug, Clone)]
pub struct Start {
    /// The scenario's title, for the header.
    pub title: String,
    /// When the draft was started, as saved (RFC 3339).
    pub started: String,
    /// The move the draft was left at.
    pub stage: String,
    /// Practice or mock.
    pub mode: String,
    /// Styles.
    pub theme: Theme,
}

impl Start {
    /// The choice a key makes, if any: Enter or `r` resumes, `n` starts over, `q`, Esc or
    /// Ctrl-C quits.
    #[must_use]
    pub fn choice(event: &Event) -> Option<StartChoice> {
        let Event::Key(key) = event else {
            return None;
        };
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c' | 'q') if ctrl => Some(StartChoice::Quit),
            KeyCode::Char('q') | KeyCode::Esc => Some(StartChoice::Quit),
            KeyCode::Char('r') | KeyCode::Enter => Some(StartChoice::Resume),
            KeyCode::Char('n') => Some(StartChoice::StartOver),
            _ => None,
        }
    }

    /// Shows the screen until a choice is made (a signal or a closed terminal quits).
    pub fn ask(&self) -> anyhow::Result<StartChoice> {
        ask_on_screen(self, Self::choice, StartChoice::Quit)
    }
}

/// `2026-11-24T09:00:00Z` as `2026-11-24 09:00 UTC`; anything else as it is.
fn when(started: &str) -> String {
    match (started.get(..10), started.get(11..16)) {
        (Some(date), Some(time)) if started.ends_with('Z') => format!("{date} {time} UTC"),
        _ => started.to_owned(),
    }
}

impl Widget for &Start {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        dialog::header(&self.title, area, buf, t);
        let width = area.width.saturating_sub(4).min(dialog::SCREEN_WIDTH);
        let text_width = usize::from(width.saturating_sub(4));
        let mut lines = Vec::new();
        let said = format!(
            "You have a {} draft of this scenario, started {}, left at {}.",
            self.mode,
            when(&self.started),
            self.stage
        );
        for line in wrap(&said, text_width) {
            lines.push(Line::styled(line, t.heading));
        }
        lines.push(Line::default());
        for line in wrap(
            "Starting over keeps the old draft, renamed beside it in the drafts folder; \
             nothing is deleted.",
            text_width,
        ) {
            lines.push(Line::styled(line, t.dim));
        }
        lines.push(Line::default());
        lines.push(key_line("Enter r", "resume the draft", 9, t));
        lines.push(key_line("n", "start over", 9, t));
        lines.push(key_line("q", "quit", 9, t));
        Dialog {
            title: "A draft is waiting",
            border: t.accent,
            title_style: t.heading,
            width,
            top: 1,
        }
        .render(lines, area, buf);
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyEvent;

    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn enter_resumes_n_starts_over_q_quits() {
        assert_eq!(
            Start::choice(&key(KeyCode::Enter)),
            Some(StartChoice::Resume)
        );
        assert_eq!(
            Start::choice(&key(KeyCode::Char('r'))),
            Some(StartChoice::Resume)
        );
        assert_eq!(
            Start::choice(&key(KeyCode::Char('n'))),
            Some(StartChoice::StartOver)
        );
        assert_eq!(
            Start::choice(&key(KeyCode::Char('q'))),
            Some(StartChoice::Quit)
        );
        assert_eq!(Start::choice(&key(KeyCode::Esc)), Some(StartChoice::Quit));
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(Start::choice(&ctrl_c), Some(StartChoice::Quit));
        assert_eq!(Start::choice(&key(KeyCode::Char('x'))), None);
    }

    #[test]
    fn it_says_when_the_draft_was_started_and_where_it_was_left() {
        let start = Start {
            title: "Live clickstream and sales analytics".into(),
            started: "2026-11-24T09:00:00Z".into(),
            stage: "Sketch".into(),
            mode: "practice".into(),
            theme: Theme::plain(),
        };
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("backend");
            terminal
                .draw(|frame| frame.render_widget(&start, frame.area()))
                .expect("drawn");
            insta::assert_snapshot!(format!("start_{w}x{h}"), terminal.backend());
        }
    }
}
