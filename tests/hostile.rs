//! Hostile files and abnormal ends (issue 11): FIFOs in place of every file dei reads, control
//! characters in user text, huge and deeply nested input. Each run has a watchdog, so a
//! regression that blocks fails with "hung" instead of stalling the suite; the watchdog is a
//! hang detector, not a timing assertion (its limit is far above any normal run).

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far longer than any run takes; only a blocked process reaches it.
const HUNG_AFTER: Duration = Duration::from_secs(60);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `dei` in a private home with `env`, killing it (and failing) if it hangs.
fn dei(args: &[&str], env: &[(&str, &Path)]) -> Run {
    let home = tempfile::tempdir().expect("temp home");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dei"));
    cmd.args(args)
        .current_dir(root())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("DEI_DATA", home.path().join("data"))
        .env_remove("DEI_SCENARIOS")
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("dei runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > HUNG_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dei {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().expect("exit code"),
        stdout: out_reader.join().expect("stdout read"),
        stderr: err_reader.join().expect("stderr read"),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

const STRONG: &str = "tests/fixtures/answers/realtime-analytics/strong-prose.md";

#[test]
fn a_fifo_answer_or_scenario_file_is_refused_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("answer.md");
    mkfifo(&fifo);
    let run = dei(&["score", "realtime-analytics", utf8(&fifo)], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("answer.md"), "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);

    let run = dei(&["scenario", "check", utf8(&fifo)], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("answer.md"), "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn a_fifo_named_by_a_user_scenario_or_in_its_folder_does_not_hang_the_catalog() {
    let dir = tempfile::tempdir().expect("temp dir");
    mkfifo(&dir.path().join("prompt.md"));
    std::fs::write(
        dir.path().join("piped.toml"),
        std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
            .expect("fixture")
            .replace("id = \"tiny-pipeline\"", "id = \"piped\"")
            .replace(
                "prompt = \"\"\"",
                "prompt_file = \"prompt.md\"\nignored = \"\"\"",
            ),
    )
    .expect("write");
    mkfifo(&dir.path().join("fifo.toml"));
    let folder = utf8(dir.path());
    let run = dei(&["--scenarios", folder, "list"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("realtime-analytics"), "{}", run.stdout);
    for name in ["piped.toml", "fifo.toml"] {
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
    }
    let run = dei(&["scenario", "check", &format!("{folder}/piped.toml")], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot read `prompt.md`: it is not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fifo_in_the_data_folder_is_reported_not_waited_on() {
    let data = tempfile::tempdir().expect("temp dir");
    let env = [("DEI_DATA", data.path())];
    for folder in ["drafts", "history"] {
        std::fs::create_dir_all(data.path().join(folder)).expect("folder");
    }

    mkfifo(&data.path().join("drafts/realtime-analytics.json"));
    let run = dei(&["practice", "realtime-analytics", "--resume"], &env);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("realtime-analytics.json") && run.stderr.contains("not a regular"),
        "{}",
        run.stderr
    );

    mkfifo(&data.path().join("drill.json"));
    let run = dei(&["drill"], &env);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("drill.json") && run.stderr.contains("not a regular"),
        "{}",
        run.stderr
    );

    // The index is a cache: a FIFO in its place is noted and the history read without it.
    mkfifo(&data.path().join("history/.index.json"));
    let run = dei(&["history"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(".index.json"), "{}", run.stderr);

    // A score still works with all of that in the data folder.
    let run = dei(&["score", "realtime-analytics", STRONG], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_calculator_never_overflows_the_stack() {
    // Once exit 134 (a stack overflow): each duration side by side recursed, uncounted.
    let run = dei(&["calc", &"1 s ".repeat(25_000)], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("6.944 hours"), "{}", run.stdout);
    let deep = format!("{}1{}", "(".repeat(50_000), ")".repeat(50_000));
    let run = dei(&["calc", &deep], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("levels deep"), "{}", run.stderr);
}
