//! End to end in a real pseudo-terminal: tmux runs `dei practice`, keys go in with
//! `send-keys`, the screen comes back with `capture-pane`. One whole session from the prompt
//! to the scorecard, then the saved history entry is read back; and a quit-and-resume round.
//! Skipped, with a note, where tmux is not installed (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of our own, so the user's sessions are never touched.
struct Tmux {
    socket: String,
    session: &'static str,
    /// Where the shell that runs dei writes its exit status.
    status_file: PathBuf,
}

impl Tmux {
    fn start(name: &str, data: &Path, args: &[&str]) -> Option<Self> {
        Self::start_with_env(name, data, &[], args)
    }

    /// Like [`Tmux::start`], with more `NAME='value'` settings for the program.
    fn start_with_env(name: &str, data: &Path, env: &[&str], args: &[&str]) -> Option<Self> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("note: tmux is not installed; the end-to-end test is skipped");
            return None;
        }
        let tmux = Self {
            socket: format!("dei-test-{name}-{}", std::process::id()),
            session: "dei",
            status_file: data.join(format!("exit-status-{name}")),
        };
        // A status left by an earlier run in the same folder.
        let _ = std::fs::remove_file(&tmux.status_file);
        // The shell stays as dei's parent to write down its exit status (tmux's own record of
        // it is not always filled in), then keeps the pane alive: a dead pane reports its
        // cursor as hidden, whatever dei left.
        let command = format!(
            "env DEI_DATA='{}' TERM=xterm-256color NO_COLOR=1 {} '{}' {}; echo $? > '{}'; sleep 300",
            data.display(),
            env.join(" "),
            env!("CARGO_BIN_EXE_dei"),
            args.join(" "),
            tmux.status_file.display()
        );
        let status = Command::new("tmux")
            .args(["-L", &tmux.socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-s", tmux.session, "-x", "120", "-y", "40", &command])
            .status()
            .expect("tmux runs");
        assert!(status.success());
        tmux.run(&["set-option", "-t", tmux.session, "remain-on-exit", "on"]);
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.session];
        args.extend(keys);
        self.run(&args);
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", self.session, "-l", text]);
    }

    /// The screen, with a few lines of history: once the program exits, tmux may scroll
    /// its last lines up when it marks the pane dead.
    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-S", "-5", "-t", self.session])
    }

    /// A tmux format variable of the pane, such as `#{pane_pid}`.
    fn format(&self, variable: &str) -> String {
        self.run(&["display-message", "-p", "-t", self.session, variable])
            .trim()
            .to_owned()
    }

    /// The process id of dei (the pane's shell's child).
    fn dei_pid(&self) -> String {
        let shell = self.format("#{pane_pid}");
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .expect("the shell's children");
        children
            .split_whitespace()
            .next()
            .expect("dei runs")
            .to_owned()
    }

    /// Sends `signal` (a name such as `TERM`) to dei, as `kill` would.
    fn kill(&self, signal: &str) {
        let pid = self.dei_pid();
        let status = Command::new("kill")
            .args(["-s", signal, &pid])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -s {signal} {pid}");
    }

    /// Waits until dei has exited, and returns its exit status as the shell saw it (128 + n
    /// also when a signal killed it).
    fn wait_exit(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if let Ok(status) = std::fs::read_to_string(&self.status_file)
                && status.ends_with('\n')
            {
                return status.trim().to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "dei did not exit; the screen is:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The terminal is as a shell expects it: main screen, cursor shown, no mouse reports.
    fn assert_terminal_restored(&self, what: &str) {
        for (variable, expected) in [
            ("#{alternate_on}", "0"),
            ("#{cursor_flag}", "1"),
            ("#{mouse_any_flag}", "0"),
            ("#{mouse_standard_flag}", "0"),
        ] {
            assert_eq!(
                self.format(variable),
                expected,
                "{what}: {variable}; the screen is:\n{}",
                self.screen()
            );
        }
    }

    /// Waits until the screen shows `needle` (the program answers asynchronously).
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {needle:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

fn history(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("history"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_whole_session_from_the_prompt_to_the_saved_scorecard() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start("whole", data.path(), &["practice", "realtime-analytics"]) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.text("How fresh do the numbers need to be?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Interviewer");
    tmux.text("I'll assume events are about 1 KB each.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("◆");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Scratchpad");
    tmux.text("= 50k events/s * 1 KB/event -> MB/s");
    tmux.wait_for("= 50 MB/s");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Pipeline");
    tmux.text("kafka: absorbs the 5x spike");
    tmux.keys(&["Enter"]);
    tmux.text("collector -> kafka -> flink");
    tmux.wait_for("no reason");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Your answer");
    tmux.text("Offsets are committed only after the upsert keyed by event id succeeds.");
    tmux.keys(&["Enter"]);
    tmux.keys(&["C-n"]);
    tmux.wait_for("finish and score");
    tmux.text("It breaks first at the hot partition; I would monitor consumer lag first.");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Ctrl-N again scores");
    tmux.keys(&["C-n"]);
    let card = tmux.wait_for("Saved to history");
    assert!(card.contains("/100"), "{card}");
    // `r` asks where, proposing the data folder's reports/ (whatever the current folder);
    // Enter saves there, and a second one goes beside the first instead of over it.
    tmux.keys(&["r"]);
    let asked = tmux.wait_for("Save the report");
    let reports_dir = data.path().join("reports");
    assert!(
        asked.contains(&format!(
            "> {}/dei-realtime-analytics-",
            reports_dir.display()
        )),
        "{asked}"
    );
    tmux.keys(&["Enter"]);
    let first = saved_report(&tmux.wait_for("Report saved to"));
    assert!(
        first.starts_with(&reports_dir.display().to_string()),
        "{first}"
    );
    tmux.keys(&["r"]);
    tmux.wait_for("Save the report");
    tmux.keys(&["Enter"]);
    // The second is named after the same minute with "-2", or after the next minute when the
    // clock turned between the two keys; either way it is a new file beside the first.
    let deadline = Instant::now() + Duration::from_secs(90);
    while saved_report(&tmux.screen()) == first {
        assert!(
            Instant::now() < deadline,
            "the second report was never saved"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let reports: Vec<PathBuf> = std::fs::read_dir(data.path().join("reports"))
        .expect("reports folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(reports.len(), 2, "{reports:?}");
    tmux.keys(&["q"]);
    let after = tmux.wait_for("realtime-analytics:");
    assert!(after.contains("Saved to history"), "{after}");

    let entries = history(data.path());
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&entries[0]).expect("readable"))
            .expect("JSON");
    assert_eq!(entry["scenario"], "realtime-analytics");
    assert_eq!(entry["mode"], "practice");
    assert!(entry["score"].as_u64().is_some_and(|s| s <= 100));
    assert!(
        entry["answer"]
            .as_str()
            .is_some_and(|a| a.contains("## Defend"))
    );
    assert!(
        !data.path().join("drafts/realtime-analytics.json").exists(),
        "the draft is gone once the session is in the history"
    );
}

#[test]
fn e_rewrites_a_move_scores_again_and_the_entry_keeps_both_scores() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start("reopen", data.path(), &["practice", "realtime-analytics"]) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.text("How fresh do the numbers need to be?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Interviewer");
    for _ in 0..4 {
        tmux.keys(&["C-n"]);
    }
    tmux.wait_for("finish and score");
    tmux.text("It is fine.");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Ctrl-N again scores");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Saved to history");
    let entries = history(data.path());
    assert_eq!(entries.len(), 1, "{entries:?}");
    let read = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(&entries[0]).expect("readable"))
            .expect("JSON")
    };
    let first = read();
    assert!(first.get("first").is_none());
    // The window shrinks to the smallest size: the box and the editor still fit.
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "80", "-y", "24"]);
    tmux.keys(&["e"]);
    tmux.wait_for("Which move do you want to rewrite?");
    tmux.keys(&["5"]);
    tmux.wait_for("Rewriting Defend");
    tmux.keys(&["End"]);
    tmux.text(
        " It breaks first at the hot seller partition at 10x, so I would salt that key. \
         I would monitor consumer lag first, because lag is what the dashboard feels.",
    );
    tmux.keys(&["C-n"]);
    let card = tmux.wait_for("Scored again after rewriting Defend");
    assert!(card.contains("first scored"), "{card}");
    let again = read();
    assert_eq!(again["first"]["score"], first["score"]);
    assert_eq!(again["first"]["reopened"], serde_json::json!(["defend"]));
    // Scored again: the Defend move's points are the new answer's.
    assert_ne!(again["moves"], first["moves"], "{again}");
    assert!(
        again["answer"]
            .as_str()
            .is_some_and(|a| a.contains("monitor consumer lag"))
    );
    assert_eq!(history(data.path()).len(), 1, "replaced, not added");
    // Ctrl-Q while rewriting scores the rewrite and leaves.
    tmux.keys(&["e"]);
    tmux.wait_for("Which move do you want to rewrite?");
    tmux.keys(&["1"]);
    tmux.wait_for("Rewriting Clarify");
    tmux.keys(&["End"]);
    tmux.text(" How many readers query it at once?");
    tmux.keys(&["C-q"]);
    let after = tmux.wait_for("first scored");
    assert!(after.contains("Saved to history"), "{after}");
    assert_eq!(tmux.wait_exit(), "0");
    let last = read();
    assert!(
        last["answer"]
            .as_str()
            .is_some_and(|a| a.contains("How many readers query it at once?")),
        "{last}"
    );
    assert_eq!(last["first"]["score"], first["score"]);
    assert_eq!(
        last["first"]["reopened"],
        serde_json::json!(["defend", "clarify"])
    );
    let listed = Command::new(env!("CARGO_BIN_EXE_dei"))
        .arg("history")
        .env("DEI_DATA", data.path())
        .output()
        .expect("runs");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains(&format!(" {} ", last["score"])),
        "the history lists the new score: {listed}"
    );
}

#[test]
fn quit_saves_the_draft_and_resume_continues_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start("resume", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.text("How fresh must the lake be?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Interviewer");
    tmux.text("half a thought");
    tmux.keys(&["C-q"]);
    let after = tmux.wait_for("--resume");
    assert!(after.contains("Draft saved"), "{after}");
    drop(tmux);
    assert!(data.path().join("drafts/cdc-ingestion.json").exists());

    // Starting again without --resume refuses to overwrite the draft.
    let refused = Command::new(env!("CARGO_BIN_EXE_dei"))
        .env("DEI_DATA", data.path())
        .args(["practice", "cdc-ingestion"])
        .output()
        .expect("runs");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("--resume") && said.contains("--new"),
        "{said}"
    );

    let Some(tmux) = Tmux::start(
        "resume2",
        data.path(),
        &["practice", "cdc-ingestion", "--resume"],
    ) else {
        return;
    };
    let screen = tmux.wait_for("half a thought");
    assert!(screen.contains("How fresh must the lake be?"), "{screen}");
    tmux.keys(&["C-c"]);
    tmux.wait_for("--resume");
}

/// The drafts folder's files, by name.
fn drafts(data: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data.join("drafts"))
        .expect("drafts folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn with_a_draft_waiting_the_start_screen_offers_resume_start_over_or_quit() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start("start", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.text("How fresh must the lake be?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Interviewer");
    tmux.keys(&["C-q"]);
    tmux.wait_for("--resume");
    drop(tmux);

    // q: nothing changes, and the way back is said.
    let Some(tmux) = Tmux::start("start-q", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    let asked = tmux.wait_for("A draft is waiting");
    assert!(
        asked.contains("left at Clarify") && asked.contains("n        start over"),
        "{asked}"
    );
    tmux.keys(&["q"]);
    let said = tmux.wait_for("cdc-ingestion --resume");
    assert!(said.contains("The draft is as it was"), "{said}");
    assert_eq!(tmux.wait_exit(), "0");
    tmux.assert_terminal_restored("after the start screen");
    drop(tmux);
    assert_eq!(drafts(data.path()), ["cdc-ingestion.json"]);

    // Enter (the default) resumes.
    let Some(tmux) = Tmux::start("start-enter", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    tmux.wait_for("A draft is waiting");
    tmux.keys(&["Enter"]);
    tmux.wait_for("How fresh must the lake be?");
    tmux.keys(&["C-q"]);
    tmux.wait_for("--resume");
    drop(tmux);

    // n starts over, the old draft kept beside the new one.
    let Some(tmux) = Tmux::start("start-n", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    tmux.wait_for("A draft is waiting");
    tmux.keys(&["n"]);
    let fresh = tmux.wait_for("Your question");
    assert!(!fresh.contains("How fresh must the lake be?"), "{fresh}");
    tmux.text("A new start");
    tmux.keys(&["C-q"]);
    let after = tmux.wait_for("--resume");
    assert!(after.contains("The old draft is kept as"), "{after}");
    drop(tmux);
    let kept = drafts(data.path());
    assert_eq!(kept.len(), 2, "{kept:?}");
    let old = kept
        .iter()
        .find(|n| *n != "cdc-ingestion.json")
        .expect("the old draft");
    assert!(
        draft_text(&data.path().join("drafts").join(old)).contains("How fresh must the lake be?")
    );
}

#[test]
fn a_scenario_written_by_the_user_can_be_practised() {
    let data = tempfile::tempdir().expect("temp dir");
    let folder = tempfile::tempdir().expect("temp dir");
    let made = Command::new(env!("CARGO_BIN_EXE_dei"))
        .args(["scenario", "new", "my-pipeline", "--dir"])
        .arg(folder.path())
        .output()
        .expect("runs");
    assert!(made.status.success(), "{made:?}");
    let scenarios = format!("--scenarios '{}'", folder.path().display());
    let Some(tmux) = Tmux::start(
        "user",
        data.path(),
        &[&scenarios, "practice", "my-pipeline"],
    ) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.text("How fresh must it be?");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Interviewer");
    assert!(screen.contains("●"), "the fact is pinned:\n{screen}");
    tmux.keys(&["C-q"]);
    tmux.wait_for("--resume");
    assert!(data.path().join("drafts/my-pipeline.json").exists());
}

#[test]
fn a_one_minute_mock_locks_and_scores_when_time_is_up() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start(
        "mock",
        data.path(),
        &["mock", "realtime-analytics", "--minutes", "1"],
    ) else {
        return;
    };
    tmux.wait_for("left");
    tmux.text("How fresh must the numbers be?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Interviewer");
    tmux.keys(&["C-n", "C-n"]);
    tmux.wait_for("Pipeline");
    tmux.text("kafka: absorbs the spike");
    // Half time plays the curveball, then the clock runs out on its own.
    tmux.wait_for("Curveball");
    let card = tmux.wait_for("Time is up");
    assert!(card.contains("Scorecard"), "{card}");
    tmux.keys(&["q"]);
    tmux.wait_for("realtime-analytics:");
    let entries = history(data.path());
    assert_eq!(entries.len(), 1, "{entries:?}");
    let entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&entries[0]).expect("readable"))
            .expect("JSON");
    assert_eq!(entry["mode"], "mock");
    assert_eq!(entry["mock"]["minutes"], 1);
    assert_eq!(entry["mock"]["timed_out"], true);
    assert_eq!(entry["mock"]["timeline"].as_array().map(Vec::len), Some(5));
    assert!(entry["mock"]["curveball"]["id"].is_string());
}

#[test]
fn ctrl_e_edits_the_move_in_the_editor_and_comes_back() {
    let data = tempfile::tempdir().expect("temp dir");
    let editor = data.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\necho 'kafka: absorbs the spike, written in the editor' >> \"$1\"\n",
    )
    .expect("written");
    let chmod = Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .expect("chmod runs");
    assert!(chmod.success());
    let editor_env = format!("EDITOR='{}'", editor.display());
    let Some(tmux) = Tmux::start_with_env(
        "editor",
        data.path(),
        &[&editor_env],
        &["practice", "realtime-analytics"],
    ) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.keys(&["C-n", "C-n"]);
    tmux.wait_for("Pipeline");
    tmux.text("collector -> kafka");
    tmux.keys(&["C-e"]);
    let screen = tmux.wait_for("written in the editor");
    assert!(
        screen.contains("│collector -> kafka "),
        "the editor's line comes on a line of its own:\n{screen}"
    );
}

/// The draft as JSON text, once it exists (written as the program exits).
fn draft_text(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(Instant::now() < deadline, "no draft at {}", path.display());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_signal_saves_the_draft_restores_the_terminal_and_exits_128_plus_n() {
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let data = tempfile::tempdir().expect("temp dir");
        let name = format!("sig{signal}");
        let Some(tmux) = Tmux::start(&name, data.path(), &["practice", "realtime-analytics"])
        else {
            return;
        };
        tmux.wait_for("Your question");
        // Typed and killed within the autosave interval: only the signal path saves it.
        let typed = format!("What is the peak rate, asked before SIG{signal}?");
        tmux.text(&typed);
        tmux.wait_for(&typed[..30]);
        tmux.kill(signal);
        let status = tmux.wait_exit();
        assert_eq!(status, (128 + number).to_string(), "SIG{signal}");
        tmux.assert_terminal_restored(&format!("SIG{signal}"));
        let draft = draft_text(&data.path().join("drafts/realtime-analytics.json"));
        assert!(draft.contains(&typed), "SIG{signal}: {draft}");
        assert!(
            !data.path().join("drafts/realtime-analytics.lock").exists(),
            "SIG{signal}: the lock goes with the session"
        );
    }
}

#[test]
fn a_signal_in_a_mock_or_the_drill_restores_the_terminal_too() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start(
        "sigmock",
        data.path(),
        &["mock", "realtime-analytics", "--minutes", "30"],
    ) else {
        return;
    };
    tmux.wait_for("left");
    tmux.text("Mock question before SIGTERM");
    tmux.wait_for("Mock question before");
    tmux.kill("TERM");
    assert_eq!(tmux.wait_exit(), "143");
    tmux.assert_terminal_restored("mock");
    let drafts: Vec<PathBuf> = std::fs::read_dir(data.path().join("drafts"))
        .expect("drafts folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert!(draft_text(&drafts[0]).contains("Mock question before SIGTERM"));
    drop(tmux);

    let Some(tmux) = Tmux::start("sigdrill", data.path(), &["drill"]) else {
        return;
    };
    tmux.wait_for("dei drill");
    tmux.kill("HUP");
    assert_eq!(tmux.wait_exit(), "129");
    tmux.assert_terminal_restored("drill");
}

#[test]
fn closing_the_terminal_keeps_the_draft() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start("close", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.text("Typed just before the window closed");
    tmux.wait_for("Typed just before");
    tmux.run(&["kill-session", "-t", tmux.session]);
    let draft = draft_text(&data.path().join("drafts/cdc-ingestion.json"));
    assert!(
        draft.contains("Typed just before the window closed"),
        "{draft}"
    );
}

#[test]
fn a_save_that_fails_keeps_the_screen_and_w_writes_the_answer_elsewhere() {
    let data = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start("unsaved", data.path(), &["practice", "realtime-analytics"])
    else {
        return;
    };
    tmux.wait_for("Your question");
    // The data folder breaks under the session, so every save fails as on a full disk,
    // whoever runs the test (root included): a folder where the draft goes, a file where the
    // history folder goes.
    std::fs::create_dir(data.path().join("drafts/realtime-analytics.json")).expect("folder");
    std::fs::write(data.path().join("history"), "in the way").expect("write");
    tmux.text("How fresh must the numbers be?");
    // The autosave fails and says so, naming the file.
    tmux.wait_for("Not saved · Ctrl-S tries again · could not save the draft");
    tmux.keys(&["C-q"]);
    let screen = tmux.wait_for("Your work is still here");
    assert!(
        screen.contains("drafts/realtime-analytics.json"),
        "{screen}"
    );

    // `w`: a path that is taken is refused and left alone; a new one is written.
    let taken = elsewhere.path().join("taken.md");
    std::fs::write(&taken, "mine").expect("write");
    tmux.keys(&["w"]);
    tmux.wait_for("Write the answer to a new file");
    tmux.text(&taken.display().to_string());
    tmux.keys(&["Enter"]);
    tmux.wait_for("already exists");
    assert_eq!(std::fs::read_to_string(&taken).expect("read"), "mine");
    tmux.keys(&["C-u"]);
    let copy = elsewhere.path().join("answer.md");
    tmux.text(&copy.display().to_string());
    tmux.keys(&["Enter"]);
    tmux.wait_for("the answer is in");
    let written = std::fs::read_to_string(&copy).expect("written");
    assert!(
        written.contains("How fresh must the numbers be?"),
        "{written}"
    );

    // More typed since: quitting asks, and only y leaves.
    tmux.text(" And how many events a day?");
    tmux.keys(&["C-q"]);
    tmux.wait_for("Your work is still here");
    tmux.keys(&["C-q"]);
    tmux.wait_for("Quit without saving?");
    tmux.keys(&["n"]);
    tmux.wait_for("Your work is still here");
    tmux.keys(&["C-q"]);
    tmux.wait_for("Quit without saving?");
    tmux.keys(&["y"]);
    assert_eq!(tmux.wait_exit(), "1");
    let after = tmux.wait_for("Not saved:");
    assert!(after.contains("The answer was written to"), "{after}");
    tmux.assert_terminal_restored("after a failed save");
    let files: Vec<_> = std::fs::read_dir(elsewhere.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(files.len(), 2, "nothing else is made: {files:?}");
}

/// Waits until `path` holds `needle` (a draft being autosaved).
fn wait_for_file(path: &Path, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.contains(needle)
        {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} never held {needle:?}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_second_window_on_a_draft_shows_it_read_only_and_saves_nothing() {
    let data = tempfile::tempdir().expect("temp dir");
    let draft = data.path().join("drafts/cdc-ingestion.json");
    let lock = data.path().join("drafts/cdc-ingestion.lock");
    let Some(first) = Tmux::start("lock1", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    first.wait_for("Your question");
    first.text("Typed in the first window");
    wait_for_file(&draft, "Typed in the first window");
    let pid = first.dei_pid();
    let held = std::fs::read_to_string(&lock).expect("the lock is there");
    assert!(held.contains(&format!("\"pid\": {pid}")), "{held}");

    let Some(second) = Tmux::start(
        "lock2",
        data.path(),
        &["practice", "cdc-ingestion", "--resume"],
    ) else {
        return;
    };
    second.wait_for(&format!("This draft is open in another window (pid {pid}"));
    second.keys(&["r"]);
    second.wait_for("READ-ONLY");
    // The first window's text, as last saved (a frame may be caught half drawn: wait).
    second.wait_for("Typed in the first window");
    second.text("typed in the second window");
    second.wait_for("Read-only: open in another window");
    second.keys(&["C-s"]);
    second.keys(&["C-q"]);
    assert_eq!(second.wait_exit(), "0");
    second.wait_for("nothing was saved");
    second.assert_terminal_restored("read-only window");
    assert_eq!(std::fs::read_to_string(&lock).expect("still held"), held);

    // Without a terminal the second window is a clear error.
    let refused = Command::new(env!("CARGO_BIN_EXE_dei"))
        .env("DEI_DATA", data.path())
        .args(["practice", "cdc-ingestion", "--resume"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains(&format!("open in another window (pid {pid}")) && said.contains(".lock"),
        "{said}"
    );

    // The first window goes on, and its quit saves its own text only and frees the draft.
    first.text(", and more");
    first.keys(&["C-q"]);
    assert_eq!(first.wait_exit(), "0");
    let saved = std::fs::read_to_string(&draft).expect("saved");
    assert!(
        saved.contains("Typed in the first window, and more"),
        "{saved}"
    );
    assert!(!saved.contains("second window"), "{saved}");
    assert!(!lock.exists(), "the lock goes with the session");
}

#[test]
fn a_lock_left_by_kill_9_is_taken_over_with_a_note() {
    let data = tempfile::tempdir().expect("temp dir");
    let lock = data.path().join("drafts/cdc-ingestion.lock");
    let Some(first) = Tmux::start("stale1", data.path(), &["practice", "cdc-ingestion"]) else {
        return;
    };
    first.wait_for("Your question");
    first.text("Before the crash");
    wait_for_file(
        &data.path().join("drafts/cdc-ingestion.json"),
        "Before the crash",
    );
    let pid = first.dei_pid();
    first.kill("KILL");
    first.wait_exit();
    assert!(lock.exists(), "kill -9 leaves the file behind");
    drop(first);

    let Some(second) = Tmux::start(
        "stale2",
        data.path(),
        &["practice", "cdc-ingestion", "--resume"],
    ) else {
        return;
    };
    second.wait_for("took over the lock");
    let screen = second.wait_for("Before the crash");
    assert!(!screen.contains("READ-ONLY"), "{screen}");
    let held = std::fs::read_to_string(&lock).expect("the new lock");
    assert!(!held.contains(&format!("\"pid\": {pid}")), "{held}");
    second.keys(&["C-q"]);
    assert_eq!(second.wait_exit(), "0");
    assert!(second.screen().contains(&format!("pid {pid} ")));
    assert!(!lock.exists());
}

#[test]
fn a_120_kb_paste_sent_as_keys_arrives_whole_without_another_key() {
    // tmux's paste-buffer without -p types the text as keys, as a terminal without bracketed
    // paste does. crossterm once left its last kilobytes unread until the next key press.
    let data = tempfile::tempdir().expect("temp dir");
    let pad = "= peak = 10k events/s * 5 * 1 KB/event -> MB/s\nA note about the peak.\n"
        .repeat(1_700)
        + "= 1 TB / 1 day -> MB/s\nThe last line of the paste";
    assert!(pad.len() > 119_000);
    let file = data.path().join("pad.txt");
    std::fs::write(&file, &pad).expect("write");
    let Some(tmux) = Tmux::start("bigpaste", data.path(), &["practice", "realtime-analytics"])
    else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.keys(&["C-n"]);
    tmux.wait_for("Scratchpad");
    tmux.run(&["load-buffer", &file.display().to_string()]);
    tmux.run(&["paste-buffer", "-t", tmux.session]);
    // No key after it: the whole text comes on its own, the last line worked out.
    let screen = tmux.wait_for("The last line of the paste");
    assert!(screen.contains("= 11.57 MB/s"), "{screen}");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    let draft: serde_json::Value = serde_json::from_str(&draft_text(
        &data.path().join("drafts/realtime-analytics.json"),
    ))
    .expect("JSON");
    assert_eq!(draft["size"].as_str(), Some(pad.as_str()));
}

#[test]
fn an_editor_that_leaves_a_fifo_does_not_freeze_the_screen() {
    let data = tempfile::tempdir().expect("temp dir");
    let editor = data.path().join("editor.sh");
    // Swaps the file it is given for a FIFO: reading it back would wait for ever.
    std::fs::write(&editor, "#!/bin/sh\nrm -f \"$1\"\nmkfifo \"$1\"\n").expect("written");
    let chmod = Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .expect("chmod runs");
    assert!(chmod.success());
    let env = [
        format!("EDITOR='{}'", editor.display()),
        format!("TMPDIR='{}'", data.path().display()),
    ];
    let env: Vec<&str> = env.iter().map(String::as_str).collect();
    let Some(tmux) = Tmux::start_with_env(
        "editorfifo",
        data.path(),
        &env,
        &["practice", "realtime-analytics"],
    ) else {
        return;
    };
    tmux.wait_for("Your question");
    tmux.keys(&["C-n", "C-n"]);
    tmux.wait_for("Pipeline");
    tmux.text("collector -> kafka");
    tmux.keys(&["C-e"]);
    tmux.wait_for("not a regular file");
    // The screen still answers: the text is as it was, and Ctrl-Q saves and quits.
    tmux.text(" -> flink");
    tmux.wait_for("collector -> kafka -> flink");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    let draft = draft_text(&data.path().join("drafts/realtime-analytics.json"));
    assert!(draft.contains("collector -> kafka -> flink"), "{draft}");
}

/// A tiny tmpfs, unmounted when dropped; `None` where mounting is not allowed.
struct TinyDisk {
    path: PathBuf,
}

impl TinyDisk {
    fn mount(at: &Path) -> Option<Self> {
        std::fs::create_dir_all(at).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
            .arg(at)
            .output()
            .ok()?;
        if !mounted.status.success() {
            eprintln!("note: cannot mount a tmpfs here; the full-disk test is skipped");
            return None;
        }
        Some(Self {
            path: at.to_path_buf(),
        })
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        // dei may still be on its way out after its terminal closed.
        for _ in 0..50 {
            let unmounted = Command::new("umount").arg(&self.path).output();
            if unmounted.is_ok_and(|out| out.status.success()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

#[test]
fn a_full_disk_keeps_the_session_and_w_writes_the_answer_elsewhere() {
    let outside = tempfile::tempdir().expect("temp dir");
    let Some(disk) = TinyDisk::mount(&outside.path().join("disk")) else {
        return;
    };
    let data = disk.path.join("data");
    let Some(tmux) = Tmux::start("fulldisk", &data, &["practice", "cdc-ingestion"]) else {
        return;
    };
    tmux.wait_for("Your question");
    // Fill the disk, as a download or a log would.
    let mut filler = std::fs::File::create(disk.path.join("filler")).expect("filler");
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);
    tmux.text("Typed on a full disk");
    tmux.wait_for("Not saved · Ctrl-S tries again · could not save the draft");
    tmux.keys(&["C-q"]);
    tmux.wait_for("Your work is still here");
    tmux.keys(&["w"]);
    let copy = outside.path().join("answer.md");
    tmux.text(&copy.display().to_string());
    tmux.keys(&["Enter"]);
    tmux.wait_for("the answer is in");
    let written = std::fs::read_to_string(&copy).expect("written");
    assert!(written.contains("Typed on a full disk"), "{written}");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), "0");
    let after = tmux.wait_for("Not saved:");
    assert!(after.contains("The answer was written to"), "{after}");
    // The reason, as the file system gave it (the terminal wraps the long line).
    assert!(
        after.replace('\n', "").contains("No space left on device"),
        "{after}"
    );
    drop(tmux);
}

/// The path in the status line's "Report saved to PATH".
fn saved_report(screen: &str) -> String {
    screen
        .lines()
        .find_map(|line| {
            line.split_once("Report saved to ")
                .map(|(_, path)| path.trim().to_owned())
        })
        .unwrap_or_default()
}

#[test]
fn leaving_the_drill_prints_what_the_session_did() {
    let data = tempfile::tempdir().expect("temp dir");
    let Some(tmux) = Tmux::start("drillsum", data.path(), &["drill"]) else {
        return;
    };
    tmux.wait_for("Space show the answer");
    tmux.keys(&["Space"]);
    // Each grade key says what it schedules.
    tmux.wait_for("3 Good · 1d");
    tmux.keys(&["1"]);
    tmux.wait_for("Card 2 of");
    tmux.keys(&["Space"]);
    tmux.wait_for("3 Good ·");
    tmux.keys(&["3"]);
    tmux.wait_for("Card 3 of");
    tmux.keys(&["q"]);
    let said = tmux.wait_for("Schedule saved to");
    assert!(
        said.contains("Drill: 2 cards reviewed, 1 right, 1 wrong (Again)."),
        "{said}"
    );
    assert!(said.contains("Next due "), "{said}");
    assert_eq!(tmux.wait_exit(), "0");
}
