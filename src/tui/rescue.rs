//! What a screen does when its work cannot be saved (a full disk, a data folder gone
//! read-only or replaced): it stays open, says why and where, and offers to try again or to
//! write the work to another file; quitting while work is unsaved asks first. [`Rescue`]
//! holds that state and its keys for the practice, mock and drill screens alike; the shell
//! does the writing.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::Theme;
use super::text::wrap;

/// The save that failed, and why (the error names the file).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Trouble {
    /// What could not be saved: "the draft", "the schedule".
    what: String,
    /// The file system's answer, with the path.
    error: String,
}

/// The box over the screen, when open.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dialog {
    /// What can be done about the failed save.
    Choices,
    /// `w`: the path of a new file is being typed; `problem` is why the last one was refused.
    Path {
        typed: String,
        problem: Option<String>,
    },
    /// Quit although the work is not saved?
    ConfirmQuit,
}

/// What a key in the box asks of the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Choice {
    /// No box is open: the screen has the key.
    Pass,
    /// The box took the key; nothing to do beyond redrawing.
    Taken,
    /// Try the save again.
    Retry,
    /// Write the work to the typed path ([`Rescue::typed`]).
    Write,
    /// Leave without saving (confirmed).
    QuitUnsaved,
}

/// A screen's failed saves and the box that deals with them.
#[derive(Debug, Clone)]
pub struct Rescue {
    /// What `w` writes, as the box names it: "the answer", "the schedule".
    work: &'static str,
    trouble: Option<Trouble>,
    dialog: Option<Dialog>,
    /// What the last `w` wrote, and where: work unchanged since is not lost by quitting.
    written: Option<(String, PathBuf)>,
}

impl Rescue {
    /// Nothing has failed yet; `work` names what `w` writes.
    #[must_use]
    pub fn new(work: &'static str) -> Self {
        Self {
            work,
            trouble: None,
            dialog: None,
            written: None,
        }
    }

    /// Saving `what` failed with `error`; the screen says so until a save succeeds.
    pub fn failed(&mut self, what: &str, error: impl std::fmt::Display) {
        self.trouble = Some(Trouble {
            what: what.to_owned(),
            error: format!("{error:#}"),
        });
    }

    /// Opens the box with the choices (after a failed save the candidate asked for).
    pub fn open(&mut self) {
        self.dialog = Some(Dialog::Choices);
    }

    /// Asks whether to quit without saving.
    pub fn ask_quit(&mut self) {
        self.dialog = Some(Dialog::ConfirmQuit);
    }

    /// A save succeeded: nothing is wrong any more. A path being typed stays, as the
    /// candidate may still want the copy.
    pub fn saved(&mut self) {
        self.trouble = None;
        if !matches!(self.dialog, Some(Dialog::Path { .. })) {
            self.dialog = None;
        }
    }

    /// `w` wrote `text` to `path`; the box closes, the failed save is still shown.
    pub fn written(&mut self, text: String, path: PathBuf) {
        self.dialog = None;
        self.written = Some((text, path));
    }

    /// `w` could not write: the prompt stays, with the reason.
    pub fn write_failed(&mut self, problem: impl Into<String>) {
        let typed = self.typed().to_owned();
        self.dialog = Some(Dialog::Path {
            typed,
            problem: Some(problem.into()),
        });
    }

    /// The path typed after `w`.
    #[must_use]
    pub fn typed(&self) -> &str {
        match &self.dialog {
            Some(Dialog::Path { typed, .. }) => typed,
            _ => "",
        }
    }

    /// Where `w` last wrote the work.
    #[must_use]
    pub fn written_to(&self) -> Option<&Path> {
        self.written.as_ref().map(|(_, path)| path.as_path())
    }

    /// True when `text` is already in the file `w` wrote: quitting loses nothing of it.
    #[must_use]
    pub fn is_written(&self, text: &str) -> bool {
        self.written.as_ref().is_some_and(|(kept, _)| kept == text)
    }

    /// The box is open and takes every key.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// Why the work is not saved, naming the file, while a save has failed.
    #[must_use]
    pub fn trouble(&self) -> Option<String> {
        self.trouble
            .as_ref()
            .map(|t| format!("could not save {}: {}", t.what, t.error))
    }

    /// While the box is open it has every event: a key's choice, or `Taken` for a paste
    /// (into the path being typed) and anything else. `None` when no box is open.
    pub fn event(&mut self, event: &crossterm::event::Event) -> Option<Choice> {
        use crossterm::event::{Event, KeyEventKind};
        if !self.is_open() {
            return None;
        }
        Some(match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(*key),
            Event::Paste(text) => {
                let _ = self.paste(text);
                Choice::Taken
            }
            _ => Choice::Taken,
        })
    }

    /// A paste goes into the path being typed (its first line); elsewhere in the box it is
    /// dropped. False when no box is open.
    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.dialog {
            Some(Dialog::Path { typed, .. }) => {
                typed.push_str(text.lines().next().unwrap_or_default());
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Handles a key while the box is open.
    pub fn key(&mut self, key: KeyEvent) -> Choice {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let quit = ctrl && matches!(key.code, KeyCode::Char('c' | 'q'));
        match &mut self.dialog {
            None => Choice::Pass,
            Some(Dialog::Choices) => match key.code {
                KeyCode::Char('s') => Choice::Retry,
                KeyCode::Char('w') if !ctrl => {
                    self.dialog = Some(Dialog::Path {
                        typed: String::new(),
                        problem: None,
                    });
                    Choice::Taken
                }
                KeyCode::Esc => {
                    self.dialog = None;
                    Choice::Taken
                }
                KeyCode::Char('q') if !ctrl => {
                    self.ask_quit();
                    Choice::Taken
                }
                _ if quit => {
                    self.ask_quit();
                    Choice::Taken
                }
                _ => Choice::Taken,
            },
            Some(Dialog::Path { typed, problem }) => {
                match key.code {
                    _ if quit => self.ask_quit(),
                    KeyCode::Enter if typed.trim().is_empty() => {
                        *problem = Some("type the path of a new file first".into());
                    }
                    KeyCode::Enter => return Choice::Write,
                    KeyCode::Esc => self.dialog = Some(Dialog::Choices),
                    KeyCode::Backspace => {
                        typed.pop();
                    }
                    KeyCode::Char('u') if ctrl => typed.clear(),
                    KeyCode::Char(c) if !ctrl => typed.push(c),
                    _ => {}
                }
                Choice::Taken
            }
            Some(Dialog::ConfirmQuit) => {
                if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    return Choice::QuitUnsaved;
                }
                self.dialog = self.trouble.is_some().then_some(Dialog::Choices);
                Choice::Taken
            }
        }
    }

    /// Draws the box, when open, in the middle of `area`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some(dialog) = &self.dialog else {
            return;
        };
        let width = area.width.saturating_sub(4).min(76);
        let text_width = usize::from(width.saturating_sub(4));
        let (title, lines) = self.lines(dialog, text_width, theme);
        super::widgets::dialog::Dialog {
            title,
            border: theme.bad,
            title_style: theme.bad,
            width,
            top: 0,
        }
        .render(lines, area, buf);
    }

    fn lines(
        &self,
        dialog: &Dialog,
        width: usize,
        t: &Theme,
    ) -> (&'static str, Vec<Line<'static>>) {
        let mut lines = Vec::new();
        let text = |lines: &mut Vec<Line<'static>>, text: &str, style| {
            lines.extend(
                wrap(text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, style)),
            );
        };
        let key = |lines: &mut Vec<Line<'static>>, key: &'static str, what: String| {
            lines.push(Line::from(vec![
                Span::styled(format!("{key:<8}"), t.accent.add_modifier(Modifier::BOLD)),
                Span::raw(what),
            ]));
        };
        if let Some(trouble) = self.trouble() {
            let mut trouble = trouble;
            trouble[..1].make_ascii_uppercase();
            text(&mut lines, &trouble, t.bad);
            lines.push(Line::default());
        }
        let title = match dialog {
            Dialog::Choices => {
                text(
                    &mut lines,
                    "Your work is still here, on this screen; nothing has been lost yet.",
                    ratatui::style::Style::new(),
                );
                lines.push(Line::default());
                key(&mut lines, "Ctrl-S", "try again".into());
                key(
                    &mut lines,
                    "w",
                    format!("write {} to another file", self.work),
                );
                key(&mut lines, "Esc", "back to the screen".into());
                key(&mut lines, "Ctrl-Q", "quit (asks first)".into());
                "Not saved"
            }
            Dialog::Path { typed, problem } => {
                text(
                    &mut lines,
                    &format!(
                        "Write {} to a new file (an existing file is never replaced, and no \
                         folder is made):",
                        self.work
                    ),
                    ratatui::style::Style::new(),
                );
                lines.push(Line::from(vec![
                    Span::styled("> ", t.accent),
                    Span::raw(tail(typed, width.saturating_sub(3))),
                    Span::styled("█", t.accent),
                ]));
                if let Some(problem) = problem {
                    text(&mut lines, problem, t.bad);
                }
                lines.push(Line::default());
                key(&mut lines, "Enter", "write it".into());
                key(&mut lines, "Esc", "back".into());
                "Write elsewhere"
            }
            Dialog::ConfirmQuit => {
                text(
                    &mut lines,
                    "Quit without saving? What is not saved is lost.",
                    t.bad,
                );
                lines.push(Line::default());
                key(&mut lines, "y", "quit without saving".into());
                key(&mut lines, "n", "stay (so does any other key)".into());
                "Quit?"
            }
        };
        (title, lines)
    }
}

/// The end of `text` that fits in `width` columns, after `…` when cut: the end of a path
/// being typed is the part being worked on.
pub(super) fn tail(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar as _;
    let mut used = 0;
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > width.saturating_sub(1) {
            return format!("…{}", &text[start..]);
        }
        start = i;
    }
    text.to_owned()
}

/// The file a typed path names, checked before anything is written: `~/` is the home
/// folder, a relative path is from `cwd`. Refused with the reason: nothing typed, a path
/// that exists (a file, a folder, a link), or a folder that does not exist (none is made).
pub fn target(typed: &str, cwd: &Path, home: Option<&Path>) -> Result<PathBuf, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("type the path of a new file first".into());
    }
    let path = match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => cwd.join(typed),
    };
    if typed.ends_with('/') || path.file_name().is_none() {
        return Err(format!("{typed} names a folder; add a file name"));
    }
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(format!(
            "{} already exists, and is never replaced; type another name",
            path.display()
        ));
    }
    match path.parent() {
        Some(folder) if folder.is_dir() => Ok(path),
        Some(folder) => Err(format!(
            "the folder {} does not exist, and none is made; type a path in one that does",
            folder.display()
        )),
        None => Err(format!("{typed} names no file")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(rescue: &mut Rescue, code: KeyCode) -> Choice {
        rescue.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ctrl(rescue: &mut Rescue, c: char) -> Choice {
        rescue.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn failed() -> Rescue {
        let mut rescue = Rescue::new("the answer");
        rescue.failed("the draft", "/data/drafts/x.json: No space left on device");
        rescue.open();
        rescue
    }

    #[test]
    fn closed_it_takes_no_key() {
        let mut rescue = Rescue::new("the answer");
        assert_eq!(press(&mut rescue, KeyCode::Char('w')), Choice::Pass);
        assert!(!rescue.paste("text"));
        assert_eq!(rescue.trouble(), None);
    }

    #[test]
    fn the_choices_retry_write_elsewhere_or_ask_before_quitting() {
        let mut rescue = failed();
        assert_eq!(
            rescue.trouble().as_deref(),
            Some("could not save the draft: /data/drafts/x.json: No space left on device")
        );
        assert_eq!(ctrl(&mut rescue, 's'), Choice::Retry);
        assert_eq!(press(&mut rescue, KeyCode::Char('x')), Choice::Taken);
        assert!(rescue.is_open(), "a stray key leaves it open");

        // Quitting asks; anything but y goes back to the choices.
        assert_eq!(ctrl(&mut rescue, 'q'), Choice::Taken);
        assert_eq!(press(&mut rescue, KeyCode::Char('n')), Choice::Taken);
        assert_eq!(ctrl(&mut rescue, 'c'), Choice::Taken);
        assert_eq!(press(&mut rescue, KeyCode::Char('y')), Choice::QuitUnsaved);

        let mut rescue = failed();
        assert_eq!(press(&mut rescue, KeyCode::Char('w')), Choice::Taken);
        assert_eq!(
            press(&mut rescue, KeyCode::Enter),
            Choice::Taken,
            "nothing typed"
        );
        for c in "out.mdx".chars() {
            assert_eq!(press(&mut rescue, KeyCode::Char(c)), Choice::Taken);
        }
        assert_eq!(press(&mut rescue, KeyCode::Backspace), Choice::Taken);
        assert!(
            rescue.paste("\nsecond line"),
            "only the first line is pasted"
        );
        assert_eq!(rescue.typed(), "out.md");
        assert_eq!(press(&mut rescue, KeyCode::Enter), Choice::Write);
        rescue.write_failed("/x/out.md already exists");
        assert_eq!(rescue.typed(), "out.md", "the typed path stays");
        rescue.written("the text".into(), PathBuf::from("/x/out2.md"));
        assert!(!rescue.is_open());
        assert!(rescue.is_written("the text") && !rescue.is_written("more text"));
        assert!(
            rescue.trouble().is_some(),
            "dei's own file is still not saved"
        );
        rescue.saved();
        assert_eq!(rescue.trouble(), None);

        let mut rescue = failed();
        assert_eq!(press(&mut rescue, KeyCode::Esc), Choice::Taken);
        assert!(!rescue.is_open(), "Esc goes back to the screen");
    }

    #[test]
    fn a_long_path_shows_its_end() {
        assert_eq!(tail("short", 10), "short");
        assert_eq!(tail("/a/very/long/path.md", 8), "…path.md");
    }

    #[test]
    fn a_typed_path_is_checked_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cwd = dir.path();
        std::fs::write(cwd.join("taken.md"), "kept").expect("write");
        std::fs::create_dir(cwd.join("folder")).expect("folder");
        assert_eq!(target("new.md", cwd, None), Ok(cwd.join("new.md")));
        assert_eq!(
            target("  folder/new.md ", cwd, None),
            Ok(cwd.join("folder/new.md"))
        );
        assert_eq!(
            target("~/new.md", cwd, Some(&cwd.join("folder"))),
            Ok(cwd.join("folder/new.md"))
        );
        for (typed, says) in [
            ("", "type the path"),
            ("taken.md", "already exists"),
            ("folder", "already exists"),
            ("folder/", "names a folder"),
            ("missing/new.md", "does not exist, and none is made"),
        ] {
            let refused = target(typed, cwd, None).expect_err(typed);
            assert!(refused.contains(says), "{typed}: {refused}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(cwd.join("nowhere"), cwd.join("dangling.md")).expect("link");
            let refused = target("dangling.md", cwd, None).expect_err("a link");
            assert!(refused.contains("already exists"), "{refused}");
        }
        assert!(!cwd.join("missing").exists());
    }
}
