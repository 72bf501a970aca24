//! `r` on the scorecard: a box asks where the Markdown report goes, with a default in the
//! data folder's `reports/` (never the current folder unasked); Enter writes it as a new file
//! (an existing one is never replaced) and the status line says where it went.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use super::app::App;
use super::rescue::tail;
use super::text::wrap;
use super::widgets::dialog::{Dialog, key_line};
use crate::store::Store;

/// The path being typed, and why the last one was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPrompt {
    /// The path as typed (it starts as the default).
    pub typed: String,
    /// Why the last Enter wrote nothing.
    pub problem: Option<String>,
}

/// What a key in the box asks of the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum PromptKey {
    /// The box took the key.
    Taken,
    /// Write the report to the typed path.
    Write,
    /// The box closed, nothing written.
    Cancelled,
}

impl ReportPrompt {
    /// A box that proposes `default`.
    #[must_use]
    pub fn new(default: &Path) -> Self {
        Self {
            typed: default.display().to_string(),
            problem: None,
        }
    }

    /// Edits the path: characters, Backspace, Ctrl-U (clear), Ctrl-W (last part); Enter
    /// writes, Esc cancels.
    pub fn key(&mut self, key: KeyEvent) -> PromptKey {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return PromptKey::Cancelled,
            KeyCode::Enter => return PromptKey::Write,
            KeyCode::Backspace => {
                self.typed.pop();
            }
            KeyCode::Char('u') if ctrl => self.typed.clear(),
            KeyCode::Char('w') if ctrl => {
                let kept = self.typed.trim_end_matches('/');
                let cut = kept.rfind('/').map_or(0, |i| i + 1);
                self.typed.truncate(cut);
            }
            KeyCode::Char(c) if !ctrl => self.typed.push(c),
            _ => {}
        }
        self.problem = None;
        PromptKey::Taken
    }

    /// A paste: its first line goes into the path.
    pub fn paste(&mut self, text: &str) {
        self.typed.push_str(text.lines().next().unwrap_or_default());
        self.problem = None;
    }

    /// Draws the box in the middle of `area`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, t: &Theme) {
        let width = area.width.saturating_sub(4).min(84);
        let text_width = usize::from(width.saturating_sub(4));
        let mut lines: Vec<Line<'static>> = wrap(
            "Save the Markdown report as (a new file: one already there is never replaced; \
             ~/ is your home folder, a relative path starts from the current folder):",
            text_width,
        )
        .into_iter()
        .map(Line::raw)
        .collect();
        lines.push(Line::from(vec![
            Span::styled("> ", t.accent),
            Span::raw(tail(&self.typed, text_width.saturating_sub(3))),
            Span::styled("█", t.accent),
        ]));
        if let Some(problem) = &self.problem {
            lines.extend(
                wrap(problem, text_width)
                    .into_iter()
                    .map(|l| Line::styled(l, t.bad)),
            );
        }
        lines.push(Line::default());
        lines.push(key_line("Enter", "save it", 8, t));
        lines.push(key_line("Ctrl-U", "clear the path", 8, t));
        lines.push(key_line("Esc", "back, nothing saved", 8, t));
        Dialog {
            title: "Save the report",
            border: t.accent,
            title_style: t.heading,
            width,
            top: 0,
        }
        .render(lines, area, buf);
    }
}

/// `dei-<scenario>-<YYYYMMDDhhmm of the start>.md` in `reports`, or `-2`, `-3` ... beside it
/// when that is taken: the first name free, so the box shows the file it will write.
#[must_use]
pub fn default_path(reports: &Path, scenario: &str, started: &str) -> PathBuf {
    let stamp: String = started
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    let first = reports.join(format!("dei-{scenario}-{stamp}.md"));
    (1..1000)
        .map(|n| {
            if n == 1 {
                first.clone()
            } else {
                reports.join(format!("dei-{scenario}-{stamp}-{n}.md"))
            }
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or(first)
}

/// The file a typed path names: `~/` is the home folder, a relative path is from `cwd`.
/// Refused with the reason: nothing typed, a folder, a file already there, or a folder that
/// does not exist (only the data folder's own `reports/` is made).
pub fn target(
    typed: &str,
    cwd: &Path,
    home: Option<&Path>,
    reports: &Path,
) -> Result<PathBuf, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("type the path of the report first".into());
    }
    let path = match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => cwd.join(typed),
    };
    if typed.ends_with('/') || path.is_dir() || path.file_name().is_none() {
        return Err(format!("{typed} is a folder; add a file name"));
    }
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(format!(
            "{} already exists and is never replaced; type another name",
            path.display()
        ));
    }
    match path.parent() {
        Some(folder) if folder.is_dir() || folder == reports => Ok(path),
        Some(folder) => Err(format!(
            "the folder {} does not exist; type a path in one that does",
            folder.display()
        )),
        None => Err(format!("{typed} names no file")),
    }
}

/// Enter in the box: writes the report where it says, closes the box and says where it
/// went; a refused path keeps the box open with the reason. Returns the file written.
pub fn export(app: &mut App<'_>, store: &Store) -> Option<PathBuf> {
    let typed = app.report_prompt.as_ref()?.typed.clone();
    let cwd = std::env::current_dir().unwrap_or_default();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let reports = store.reports_dir();
    let written = target(&typed, &cwd, home.as_deref(), &reports)
        .map_err(anyhow::Error::msg)
        .and_then(|path| write(app, store, &path));
    match written {
        Ok(path) => {
            app.report_prompt = None;
            app.status = Some(format!("Report saved to {}", path.display()));
            Some(path)
        }
        Err(e) => {
            if let Some(prompt) = &mut app.report_prompt {
                prompt.problem = Some(format!("{e:#}"));
            }
            None
        }
    }
}

/// Writes the report of the finished round at `path` atomically, or beside it as `-2` ...
/// should another file take the name meanwhile; the data folder's `reports/` is made when
/// needed.
pub(super) fn write(app: &App<'_>, store: &Store, path: &Path) -> anyhow::Result<PathBuf> {
    let Some((card, answer)) = app.round().finished() else {
        anyhow::bail!("the report is written once the session is scored");
    };
    let text = crate::render::report::report(
        app.scenario(),
        app.session(),
        card,
        answer,
        app.round().mock_record(),
        app.round().rescored(),
    );
    let reports = store.reports_dir();
    if path.parent() == Some(reports.as_path()) {
        std::fs::create_dir_all(&reports)
            .with_context(|| format!("cannot create {}", reports.display()))?;
    }
    store
        .write_new_file(path, text.as_bytes())
        .context("cannot write the report")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_in_reports_and_never_a_file_already_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        let reports = dir.path().join("reports");
        let first = default_path(&reports, "cdc", "2026-11-24T09:05:00Z");
        assert_eq!(first, reports.join("dei-cdc-202611240905.md"));
        std::fs::create_dir_all(&reports).expect("mkdir");
        std::fs::write(&first, "x").expect("write");
        assert_eq!(
            default_path(&reports, "cdc", "2026-11-24T09:05:00Z"),
            reports.join("dei-cdc-202611240905-2.md")
        );
    }

    #[test]
    fn a_typed_path_is_checked_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cwd = dir.path();
        let reports = cwd.join("data/reports");
        let home = cwd.join("home");
        std::fs::create_dir_all(&home).expect("mkdir");
        std::fs::write(cwd.join("taken.md"), "x").expect("write");
        assert_eq!(
            target("r.md", cwd, Some(&home), &reports),
            Ok(cwd.join("r.md"))
        );
        assert_eq!(
            target("~/r.md", cwd, Some(&home), &reports),
            Ok(home.join("r.md"))
        );
        // The data folder's reports/ is made when the report is written.
        assert_eq!(
            target(
                &reports.join("r.md").display().to_string(),
                cwd,
                None,
                &reports
            ),
            Ok(reports.join("r.md"))
        );
        let refused = |typed: &str| target(typed, cwd, Some(&home), &reports).expect_err("refused");
        assert!(refused("  ").contains("type the path"));
        assert!(refused("taken.md").contains("never replaced"));
        assert!(refused("home").contains("is a folder"));
        assert!(refused("nowhere/r.md").contains("does not exist"));
    }

    #[test]
    fn keys_edit_the_path() {
        let mut prompt = ReportPrompt::new(Path::new("/data/reports/a.md"));
        let press = |p: &mut ReportPrompt, code, modifiers| p.key(KeyEvent::new(code, modifiers));
        assert_eq!(
            press(&mut prompt, KeyCode::Char('w'), KeyModifiers::CONTROL),
            PromptKey::Taken
        );
        assert_eq!(prompt.typed, "/data/reports/");
        for c in "b.md".chars() {
            let _ = press(&mut prompt, KeyCode::Char(c), KeyModifiers::NONE);
        }
        assert_eq!(prompt.typed, "/data/reports/b.md");
        let _ = press(&mut prompt, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(prompt.typed, "/data/reports/b.m");
        assert_eq!(
            press(&mut prompt, KeyCode::Enter, KeyModifiers::NONE),
            PromptKey::Write
        );
        let _ = press(&mut prompt, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(prompt.typed, "");
        assert_eq!(
            press(&mut prompt, KeyCode::Esc, KeyModifiers::NONE),
            PromptKey::Cancelled
        );
    }
}
