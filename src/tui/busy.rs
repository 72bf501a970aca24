//! The screen a second window on a draft opens on: the draft is open in another window
//! (pid N), so this one may show it read-only (nothing saved from here) or quit. Without a
//! terminal the shell says the same as an error instead.

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::Theme;
use super::run::ask_on_screen;
use super::text::wrap;
use super::widgets::dialog::{self, Dialog, key_line};
use crate::store::Holder;

/// What the candidate chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusyChoice {
    /// Show the draft, save nothing.
    ReadOnly,
    /// Leave it to the other window.
    Quit,
}

/// The start screen of a window whose draft is open elsewhere.
#[derive(Debug, Clone)]
pub struct Busy {
    /// The scenario's title, for the header.
    pub title: String,
    /// Who holds the draft, when its lock could be read.
    pub holder: Option<Holder>,
    /// There is a saved draft to show (the other window may not have saved one yet).
    pub can_read: bool,
    /// Styles.
    pub theme: Theme,
}

/// "This draft is open in another window (pid N)", with where and since when.
#[must_use]
pub fn describe(holder: Option<&Holder>) -> String {
    let Some(holder) = holder else {
        return "This draft is open in another window (its lock file cannot be read)".into();
    };
    let mut said = format!(
        "This draft is open in another window (pid {}, since {}",
        holder.pid, holder.since
    );
    if holder.host != crate::store::host_name() {
        said.push_str(", on ");
        said.push_str(&holder.host);
    }
    said.push(')');
    said
}

impl Busy {
    /// The choice a key makes, if any.
    #[must_use]
    pub fn choice(&self, event: &Event) -> Option<BusyChoice> {
        let Event::Key(key) = event else {
            return None;
        };
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c' | 'q') if ctrl => Some(BusyChoice::Quit),
            KeyCode::Char('q') | KeyCode::Esc => Some(BusyChoice::Quit),
            KeyCode::Char('r') | KeyCode::Enter if self.can_read => Some(BusyChoice::ReadOnly),
            _ => None,
        }
    }

    /// Shows the screen until a choice is made (a signal or a closed terminal quits).
    pub fn ask(&self) -> anyhow::Result<BusyChoice> {
        ask_on_screen(self, |event| self.choice(event), BusyChoice::Quit)
    }
}

impl Widget for &Busy {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        dialog::header(&self.title, area, buf, t);
        let width = area.width.saturating_sub(4).min(dialog::SCREEN_WIDTH);
        let text_width = usize::from(width.saturating_sub(4));
        let mut lines = Vec::new();
        for line in wrap(&format!("{}.", describe(self.holder.as_ref())), text_width) {
            lines.push(Line::styled(line, t.heading));
        }
        lines.push(Line::default());
        let explain = if self.can_read {
            "Two windows writing one draft would lose one window's work, so only one may. \
             This one can show the draft as it was last saved, read-only: nothing typed \
             here, no score and no history is saved."
        } else {
            "Nothing of it is saved yet, so there is nothing to show here. Carry on in that \
             window, or quit it first."
        };
        for line in wrap(explain, text_width) {
            lines.push(Line::raw(line));
        }
        lines.push(Line::default());
        if self.can_read {
            lines.push(key_line("r", "open it read-only", 7, t));
        }
        lines.push(key_line("q", "quit", 7, t));
        Dialog {
            title: "Open in another window",
            border: t.warn,
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

    fn busy(can_read: bool) -> Busy {
        Busy {
            title: "Live clickstream and sales analytics".into(),
            holder: Some(Holder {
                pid: 4242,
                host: crate::store::host_name(),
                since: "2026-11-24T09:00:00Z".into(),
            }),
            can_read,
            theme: Theme::plain(),
        }
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn it_says_whose_window_and_offers_read_only_or_quit() {
        let busy = busy(true);
        assert_eq!(
            busy.choice(&key(KeyCode::Char('r'))),
            Some(BusyChoice::ReadOnly)
        );
        assert_eq!(
            busy.choice(&key(KeyCode::Char('q'))),
            Some(BusyChoice::Quit)
        );
        assert_eq!(busy.choice(&key(KeyCode::Esc)), Some(BusyChoice::Quit));
        assert_eq!(busy.choice(&key(KeyCode::Char('x'))), None);
        assert_eq!(
            describe(busy.holder.as_ref()),
            "This draft is open in another window (pid 4242, since 2026-11-24T09:00:00Z)"
        );
        let elsewhere = Holder {
            host: "laptop-x".into(),
            ..busy.holder.clone().expect("holder")
        };
        assert!(describe(Some(&elsewhere)).ends_with(", on laptop-x)"));
        assert!(describe(None).contains("cannot be read"));

        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("backend");
        terminal
            .draw(|frame| frame.render_widget(&busy, frame.area()))
            .expect("drawn");
        insta::assert_snapshot!("busy_80x24", terminal.backend());

        // With nothing saved yet there is nothing to show: quit is the only way.
        let busy = super::tests::busy(false);
        assert_eq!(busy.choice(&key(KeyCode::Char('r'))), None);
        terminal
            .draw(|frame| frame.render_widget(&busy, frame.area()))
            .expect("drawn");
        let screen = terminal.backend().to_string();
        assert!(screen.contains("nothing to show") && !screen.contains("read-only"));
    }
}
