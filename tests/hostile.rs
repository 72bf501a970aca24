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

/// OSC 52 (write the clipboard), OSC 0 (the window's title), clear the screen, a C1 CSI.
const ESCAPES: &str = "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m";

/// Whether `text` holds a control character that would drive a terminal. With `--color
/// always`, dei's own colours (ESC `[` ... `m`) are allowed.
fn drives_the_terminal(text: &str, colours: bool) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_control() && c != '\n' && c != '\t') {
        let tail = &rest[i..];
        let sgr = tail.strip_prefix("\u{1b}[").and_then(|t| {
            let end = t.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            t[end..].starts_with('m').then_some(end + 3)
        });
        match sgr {
            Some(len) if colours => rest = &tail[len..],
            _ => return true,
        }
    }
    false
}

#[test]
fn an_answer_s_escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let answer = dir.path().join("answer.md");
    let strong = std::fs::read_to_string(root().join(STRONG)).expect("fixture");
    // In the first sentences, which the scorecard quotes.
    std::fs::write(
        &answer,
        format!("{ESCAPES}{strong}").replace(". ", &format!(".{ESCAPES} ")),
    )
    .expect("write");
    for colour in ["never", "always"] {
        let run = dei(
            &[
                "--color",
                colour,
                "score",
                "realtime-analytics",
                utf8(&answer),
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("pwned"), "the text around them stays");
        assert!(
            !drives_the_terminal(&run.stdout, colour == "always"),
            "--color {colour}: {:?}",
            run.stdout
        );
    }

    for blank in ["\0\0\0\n", "\u{200B}\u{200B}\n"] {
        std::fs::write(&answer, blank).expect("write");
        let run = dei(&["score", "realtime-analytics", utf8(&answer)], &[]);
        assert_eq!(run.code, 2, "{blank:?}: {}", run.stdout);
        assert!(run.stderr.contains("is empty"), "{}", run.stderr);
    }
}

#[test]
fn scenario_check_rejects_control_characters_and_never_echoes_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
        .expect("fixture");
    let toml_escapes = "\\u001b]0;pwned\\u0007\\u001b[2J";
    std::fs::write(
        dir.path().join("title.toml"),
        minimal.replace(
            "title = \"A tiny pipeline\"",
            &format!("title = \"A tiny {toml_escapes}pipeline\""),
        ),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("prompt.md"),
        format!("# A prompt\n\nIt has {ESCAPES} in it.\n"),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("file.toml"),
        minimal
            .replace("id = \"tiny-pipeline\"", "id = \"from-file\"")
            .replace(
                "prompt = \"\"\"",
                "prompt_file = \"prompt.md\"\nignored = \"\"\"",
            ),
    )
    .expect("write");
    let folder = utf8(dir.path());
    let run = dei(
        &[
            "scenario",
            "check",
            &format!("{folder}/title.toml"),
            &format!("{folder}/file.toml"),
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`title` holds the control character U+001B"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`prompt.md` holds the control character U+001B on line 3"),
        "{}",
        run.stderr
    );
    assert!(!drives_the_terminal(&run.stderr, false), "{:?}", run.stderr);

    // Such a file is never listed, so its title never reaches `list` or `show`.
    let run = dei(&["--scenarios", folder, "list"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("tiny"), "{}", run.stdout);
    assert!(!drives_the_terminal(&run.stdout, false), "{:?}", run.stdout);
    assert!(!drives_the_terminal(&run.stderr, false), "{:?}", run.stderr);
}

#[test]
fn a_history_entry_s_text_is_printed_without_its_control_characters() {
    let data = tempfile::tempdir().expect("temp dir");
    let history = data.path().join("history");
    std::fs::create_dir_all(&history).expect("folder");
    let entry = serde_json::json!({
        "format": 1,
        "scenario": format!("realtime-analytics{ESCAPES}"),
        "mode": "practice",
        "started": "2026-11-10T09:40:00Z",
        "finished": "2026-11-10T10:22:00Z",
        "score": 60,
        "band": "mixed",
        "moves": [],
        "signals_hit": [],
        "signals_missed": [],
        "red_flags": [],
        "claims": 0,
        "claims_off": 0,
        "followups": [],
        "answer": "## Clarify\n\nHow fresh?\n"
    });
    std::fs::write(
        history.join("2026-11-10T09-40-00Z-x-practice.json"),
        serde_json::to_string_pretty(&entry).expect("JSON"),
    )
    .expect("write");
    // A band dei never gives is refused, and the refusal does not echo its escapes.
    let mut odd = entry.clone();
    odd["band"] = serde_json::json!(format!("mixed{ESCAPES}"));
    std::fs::write(
        history.join("2026-11-11T09-40-00Z-x-practice.json"),
        serde_json::to_string_pretty(&odd).expect("JSON"),
    )
    .expect("write");
    let env = [("DEI_DATA", data.path())];
    for args in [&["history"][..], &["stats"][..]] {
        let run = dei(args, &env);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("pwned"), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("expected strong, mixed or weak")
                && !drives_the_terminal(&run.stderr, false),
            "{args:?}: {:?}",
            run.stderr
        );
        assert!(
            !drives_the_terminal(&run.stdout, false),
            "{args:?}: {:?}",
            run.stdout
        );
    }
}

#[test]
fn a_report_path_in_a_missing_folder_is_refused_before_the_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("typo/report.md");
    for command in ["practice", "mock"] {
        let run = dei(
            &[command, "realtime-analytics", "--report", utf8(&missing)],
            &[],
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    }
    let run = dei(
        &[
            "practice",
            "realtime-analytics",
            "--report",
            utf8(dir.path()),
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
    assert!(!dir.path().join("typo").exists());
}

#[test]
fn an_id_too_long_for_a_file_name_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = format!("a{}", "-b".repeat(110));
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
        .expect("fixture");
    let file = dir.path().join("long.toml");
    std::fs::write(
        &file,
        minimal.replace("id = \"tiny-pipeline\"", &format!("id = \"{long}\"")),
    )
    .expect("write");
    let run = dei(&["scenario", "check", utf8(&file)], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the id is 221 characters long; at most 64 are allowed"),
        "{}",
        run.stderr
    );
    let run = dei(&["scenario", "new", &long, "--dir", utf8(dir.path())], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("at most 64"), "{}", run.stderr);
    // 64 is fine.
    let longest = format!("a{}", "-b".repeat(31)) + "c";
    assert_eq!(longest.len(), 64);
    let run = dei(
        &["scenario", "new", &longest, "--dir", utf8(dir.path())],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn fifty_thousand_bad_items_give_a_bounded_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
        .expect("fixture");
    let items: Vec<String> = (0..50_000).map(|i| format!("\"Bad{i}\"")).collect();
    let file = dir.path().join("units.toml");
    std::fs::write(
        &file,
        format!("{minimal}\n[sizing]\nunits = [{}]\n", items.join(", ")),
    )
    .expect("write");
    // Once 24 GB and killed: each problem kept and printed the whole 600 KB line.
    let run = dei(&["scenario", "check", utf8(&file)], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("and 49950 more problems not shown; fix these first"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(500)..]
    );
    assert!(
        run.stderr.lines().all(|l| l.chars().count() < 400),
        "a line is clipped around its caret"
    );
    assert!(run.stderr.len() < 50 * 1024, "{} bytes", run.stderr.len());
}

#[test]
fn an_answer_dense_with_numbers_is_scored_in_one_pass() {
    // Once 123 s: every number lexed the rest of its sentence again. Each is 200 KB.
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text, claims) in [
        ("seconds.md", "1 s ".repeat(50_000), 0),
        ("rates.md", "50 MB/s ".repeat(25_000), 25_000),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, &text).expect("write");
        let run = dei(
            &[
                "score",
                "realtime-analytics",
                utf8(&file),
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        assert_eq!(
            json["claims"].as_array().map(Vec::len),
            Some(claims),
            "{name}"
        );
    }
}

#[test]
fn load_profile_fields_out_of_range_are_located_errors() {
    // Once these passed `scenario check` and the simulation silently disappeared; 10bn events
    // made every `dei score` take over a minute.
    let dir = tempfile::tempdir().expect("temp dir");
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
        .expect("fixture");
    let good_skew = "events = \"1M\"\npartitions = 24\nkeys = \"50k\"\nhot_key_share = \"40%\"\n";
    let good_redelivery = "events = \"100k\"\nbatch = 500\ncrash_rate = \"2%\"\n";
    let good_files = "rate = \"50k events/s\"\nevent_size = \"1 KB\"\npartitions = 24\nflush = \"5 s\"\nhours = 24\n";
    let cases = [
        (
            "skew",
            good_skew.replace("partitions = 24", "partitions = 0"),
            "partitions",
            "from 1 to 100,000",
        ),
        (
            "skew",
            good_skew.replace("\"40%\"", "\"200%\""),
            "hot_key_share",
            "from 0% to 100%",
        ),
        (
            "skew",
            good_skew.replace("\"1M\"", "\"-5\""),
            "events",
            "whole number from 1 to 10,000,000",
        ),
        (
            "skew",
            good_skew.replace("\"1M\"", "\"10bn\""),
            "events",
            "whole number from 1 to 10,000,000",
        ),
        (
            "skew",
            format!("{good_skew}zipf = 1000.0\n"),
            "zipf",
            "at most 5",
        ),
        (
            "redelivery",
            good_redelivery.replace("batch = 500", "batch = 0"),
            "batch",
            "from 1",
        ),
        (
            "redelivery",
            good_redelivery.replace("\"100k\"", "\"10bn\""),
            "events",
            "10,000,000",
        ),
        (
            "small_files",
            good_files.replace("\"1 KB\"", "\"0 KB\""),
            "event_size",
            "more than 0",
        ),
        (
            "small_files",
            good_files.replace("hours = 24", "hours = 0"),
            "hours",
            "from 1",
        ),
    ];
    for (kind, body, field, expected) in cases {
        let file = dir.path().join("profile.toml");
        let text = format!("{minimal}\n[load_profiles.{kind}]\n{body}");
        std::fs::write(&file, &text).expect("write");
        let run = dei(&["scenario", "check", utf8(&file)], &[]);
        assert_eq!(run.code, 2, "{kind}.{field}: {}", run.stderr);
        let line = text
            .lines()
            .position(|l| {
                l.starts_with(&format!("{field} ="))
                    && text.contains(&format!("[load_profiles.{kind}]"))
            })
            .expect("the field's line")
            + 1;
        assert!(
            run.stderr.contains(&format!("profile.toml:{line}:")),
            "{kind}.{field} at line {line}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("`{field}`")) && run.stderr.contains(expected),
            "{kind}.{field}: {}",
            run.stderr
        );
    }
}

#[test]
fn sim_options_that_cannot_mean_anything_are_refused() {
    for (args, expected) in [
        (
            vec!["--event-size", "abc"],
            "--event-size abc: unknown unit",
        ),
        (
            vec![
                "--event-size",
                "0 KB",
                "--partition-capacity",
                "10MB/s",
                "--rate",
                "50k/s",
            ],
            "--event-size 0 KB: must be above 0",
        ),
        (
            vec!["--event-size", "1KB"],
            "only used to read a --partition-capacity",
        ),
        (
            vec!["--events", "200%"],
            "--events 200%: a percentage is a share",
        ),
    ] {
        let mut all = vec!["sim", "skew"];
        all.extend(&args);
        let run = dei(&all, &[]);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    let run = dei(
        &[
            "sim",
            "skew",
            "--event-size",
            "1KB",
            "--partition-capacity",
            "10MB/s",
            "--rate",
            "50k/s",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}
