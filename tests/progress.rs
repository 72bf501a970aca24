//! `dei history` and `dei stats` driven as a user would, over a history folder written here:
//! good entries, a corrupt one and one from a newer dei, and the summary index they build.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use dei::practice::HistoryEntry;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `dei` with `DEI_DATA` at `data` and a private home, so nothing of the developer's
/// leaks in.
fn dei(data: &Path, args: &[&str]) -> Run {
    dei_wide(data, args, None)
}

/// Runs `dei` laid out for `columns` (as a shell's `COLUMNS` says), or the default 80.
fn dei_wide(data: &Path, args: &[&str], columns: Option<&str>) -> Run {
    let home = tempfile::tempdir().expect("temp home");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dei"));
    cmd.env_remove("COLUMNS");
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns);
    }
    let out = cmd
        .args(args)
        .env("DEI_DATA", data)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("DEI_SCENARIOS")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .expect("dei runs");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// A history entry as `dei practice` writes it.
fn entry(
    scenario: &str,
    mode: &str,
    day: u32,
    score: u32,
    missed: &[&str],
    flags: &[&str],
) -> HistoryEntry {
    let band = match score {
        75.. => "strong",
        50..75 => "mixed",
        _ => "weak",
    };
    let all = [
        "tradeoffs",
        "assumptions",
        "capacity-math",
        "breaking-points",
        "five-moves",
        "failure-modes",
    ];
    let hit: Vec<&str> = all.into_iter().filter(|id| !missed.contains(id)).collect();
    serde_json::from_value(serde_json::json!({
        "format": 1,
        "scenario": scenario,
        "mode": mode,
        "started": format!("2026-11-{day:02}T09:40:00Z"),
        "finished": format!("2026-11-{day:02}T10:22:00Z"),
        "score": score,
        "band": band,
        "moves": [
            {"stage": "clarify", "score": 8, "max": 20, "seconds": 300},
            {"stage": "size", "score": 8, "max": 20, "seconds": 420},
            {"stage": "sketch", "score": 8, "max": 20, "seconds": 900},
            {"stage": "deep-dive", "score": 8, "max": 20, "seconds": 600},
            {"stage": "defend", "score": 8, "max": 20, "seconds": 300}
        ],
        "signals_hit": hit,
        "signals_missed": missed,
        "red_flags": flags,
        "claims": 3,
        "claims_off": 1,
        "followups": [],
        "answer": "## Clarify\n\nHow fresh must it be?\n"
    }))
    .expect("a valid history entry")
}

/// Writes `entry` as `dei practice` names it, and returns the file's path.
fn save(data: &Path, entry: &HistoryEntry) -> std::path::PathBuf {
    let folder = data.join("history");
    fs::create_dir_all(&folder).expect("history folder");
    let path = folder.join(format!("{}.json", entry.file_stem()));
    let mut json = serde_json::to_string_pretty(entry).expect("serialises");
    json.push('\n');
    fs::write(&path, json).expect("written");
    path
}

/// A history of seven good sessions over two scenarios, one corrupt file and one from a newer
/// dei.
fn fixture(data: &Path) {
    let sessions = [
        (
            "realtime-analytics",
            "practice",
            3,
            38,
            &["capacity-math", "breaking-points", "assumptions"][..],
            &["no-replay", "tool-list"][..],
        ),
        (
            "realtime-analytics",
            "practice",
            5,
            52,
            &["capacity-math", "breaking-points"],
            &["no-replay"],
        ),
        (
            "cdc-ingestion",
            "practice",
            8,
            47,
            &["capacity-math", "failure-modes"],
            &["no-monitoring"],
        ),
        (
            "realtime-analytics",
            "mock",
            12,
            61,
            &["breaking-points"],
            &["no-replay"],
        ),
        ("cdc-ingestion", "mock", 16, 58, &["capacity-math"], &[]),
        (
            "realtime-analytics",
            "practice",
            20,
            74,
            &["capacity-math"],
            &[],
        ),
        ("realtime-analytics", "mock", 24, 83, &[], &[]),
    ];
    for (scenario, mode, day, score, missed, flags) in sessions {
        save(data, &entry(scenario, mode, day, score, missed, flags));
    }
    let folder = data.join("history");
    fs::write(
        folder.join("2026-11-10T08-00-00Z-realtime-analytics-practice.json"),
        "{\n  \"format\": 1,\n  \"scenario\": \"realtime-analytics\",\n  \"mode\": \n",
    )
    .expect("written");
    let mut newer =
        serde_json::to_value(entry("cdc-ingestion", "mock", 26, 90, &[], &[])).expect("serialises");
    newer["format"] = 99.into();
    fs::write(
        folder.join("2026-11-26T09-40-00Z-cdc-ingestion-mock.json"),
        serde_json::to_string_pretty(&newer).expect("serialises"),
    )
    .expect("written");
}

/// Paths on stderr, relative to the data folder, so snapshots do not hold temp names.
fn relative(text: &str, data: &Path) -> String {
    text.replace(&data.display().to_string(), "<data>")
}

#[test]
fn history_and_stats_show_the_good_sessions_and_name_the_bad_files() {
    let dir = tempfile::tempdir().expect("temp data");
    let data = dir.path();
    fixture(data);

    let history = dei(data, &["history"]);
    assert_eq!(history.code, 0, "{}", history.stderr);
    let stderr = relative(&history.stderr, data);
    assert!(
        stderr.contains("<data>/history/2026-11-10T08-00-00Z-realtime-analytics-practice.json:5:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "<data>/history/2026-11-26T09-40-00Z-cdc-ingestion-mock.json was written by a newer dei"
        ),
        "{stderr}"
    );
    assert_eq!(history.stdout.lines().count(), 8, "{}", history.stdout);
    insta::assert_snapshot!("history_text", history.stdout);
    insta::assert_snapshot!("history_warnings", stderr);

    let stats = dei(data, &["stats"]);
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert_eq!(stats.stderr.lines().count(), 2, "{}", stats.stderr);
    insta::assert_snapshot!("stats_text", stats.stdout);
    // A wide terminal gets longer sparklines and unwrapped advice.
    let wide = dei_wide(data, &["stats"], Some("120"));
    assert_eq!(wide.code, 0, "{}", wide.stderr);
    insta::assert_snapshot!("stats_text_120", wide.stdout);

    let json = dei(data, &["stats", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    insta::assert_snapshot!("stats_json", json.stdout);

    let json = dei(data, &["history", "--format", "json", "--limit", "2"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    insta::assert_snapshot!("history_json", json.stdout);
}

#[test]
fn filters_and_csv() {
    let dir = tempfile::tempdir().expect("temp data");
    let data = dir.path();
    fixture(data);

    let mock = dei(
        data,
        &[
            "history",
            "--mode",
            "mock",
            "--scenario",
            "realtime-analytics",
        ],
    );
    assert_eq!(mock.code, 0, "{}", mock.stderr);
    assert_eq!(mock.stdout.lines().count(), 4, "{}", mock.stdout);
    assert!(mock.stdout.contains("2 of 7 sessions"), "{}", mock.stdout);

    let csv = dei(data, &["history", "--format", "csv", "--limit", "3"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    insta::assert_snapshot!("history_csv", csv.stdout);

    let csv = dei(data, &["stats", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    insta::assert_snapshot!("stats_csv", csv.stdout);

    let one = dei(
        data,
        &["stats", "--scenario", "cdc-ingestion", "--format", "json"],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    let stats: serde_json::Value = serde_json::from_str(&one.stdout).expect("JSON");
    assert_eq!(stats["count"], 2);
    assert_eq!(stats["scenarios"][0]["scores"], serde_json::json!([47, 58]));

    // A known scenario without sessions is not an error.
    let none = dei(data, &["history", "--scenario", "feature-store"]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert_eq!(
        none.stdout,
        "No sessions of `feature-store` yet. Start one with dei practice feature-store.\n"
    );
}

#[test]
fn an_unknown_scenario_is_refused_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("temp data");
    let run = dei(dir.path(), &["stats", "--scenario", "realtime-analytic"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: no scenario with id `realtime-analytic`\n  help: did you mean `realtime-analytics`?\n"
    );
    let run = dei(dir.path(), &["history", "--scenario", "zzz"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`dei list` shows the scenario ids"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_history_says_how_to_start() {
    let dir = tempfile::tempdir().expect("temp data");
    for command in ["history", "stats"] {
        let run = dei(dir.path(), &[command]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stdout,
            "No sessions yet. Start one with dei practice ID (dei list shows the ids).\n"
        );
        assert_eq!(run.stderr, "");
    }
    let mock = dei(dir.path(), &["history", "--mode", "mock"]);
    assert!(
        mock.stdout.starts_with("No mock sessions yet."),
        "{}",
        mock.stdout
    );
    let json = dei(dir.path(), &["history", "--format", "json"]);
    assert_eq!(json.stdout, "[]\n");
}

#[test]
fn the_index_is_built_once_and_trusted_for_unchanged_files() {
    let dir = tempfile::tempdir().expect("temp data");
    let data = dir.path();
    let kept = save(
        data,
        &entry("realtime-analytics", "practice", 3, 38, &[], &[]),
    );
    save(data, &entry("cdc-ingestion", "mock", 4, 66, &[], &[]));
    let index = data.join("history/.index.json");

    let first = dei(data, &["history"]);
    assert_eq!((first.code, first.stderr.as_str()), (0, ""));
    assert!(index.is_file(), "the first run writes the index");
    let written = fs::metadata(&index)
        .expect("index")
        .modified()
        .expect("mtime");

    // The index is trusted for the files it knows by name (entries never change after they
    // are written), so the file is not opened and garbage in it goes unnoticed.
    fs::write(&kept, "{").expect("overwritten");
    let second = dei(data, &["history"]);
    assert_eq!((second.code, second.stderr.as_str()), (0, ""));
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(
        fs::metadata(&index)
            .expect("index")
            .modified()
            .expect("mtime"),
        written,
        "an up-to-date index is not rewritten"
    );

    // A file that is gone leaves the index; a new one is read.
    fs::remove_file(&kept).expect("removed");
    save(data, &entry("feature-store", "practice", 5, 71, &[], &[]));
    let third = dei(data, &["history"]);
    assert_eq!((third.code, third.stderr.as_str()), (0, ""));
    assert!(
        !third.stdout.contains("realtime-analytics"),
        "{}",
        third.stdout
    );
    assert!(third.stdout.contains("feature-store"), "{}", third.stdout);

    // A damaged index is reported once and rebuilt.
    fs::write(&index, "{\"format\": 1, \"entries\": [").expect("damaged");
    let fourth = dei(data, &["stats"]);
    assert_eq!(fourth.code, 0);
    assert!(
        relative(&fourth.stderr, data).contains(
            "<data>/history/.index.json: not a valid index (EOF while parsing a list at line 1 column 26); rebuilding it from the entries"
        ),
        "{}",
        fourth.stderr
    );
    let fifth = dei(data, &["stats"]);
    assert!(!fifth.stderr.contains(".index.json"), "{}", fifth.stderr);
}

#[test]
fn a_history_of_only_bad_files_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    std::fs::create_dir_all(&history).expect("history folder");
    std::fs::write(history.join("a.json"), "{oops").expect("written");
    for command in ["history", "stats"] {
        let run = dei(dir.path(), &[command]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("a.json"), "{}", run.stderr);
        assert!(
            run.stdout
                .starts_with("No readable sessions: 1 history file(s) skipped"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn entries_dei_never_wrote_are_reported_not_read_or_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    let good = save(
        dir.path(),
        &entry("realtime-analytics", "practice", 3, 80, &["tradeoffs"], &[]),
    );
    let text = fs::read_to_string(&good).expect("entry");
    fs::write(
        history.join("score.json"),
        text.replacen("\"score\": 80", "\"score\": 999", 1),
    )
    .expect("written");
    fs::write(
        history.join("band.json"),
        text.replace("\"strong\"", "\"legendary\""),
    )
    .expect("written");
    // Once skipped without a word: a folder, a pipe and a dangling link named like entries.
    fs::create_dir(history.join("folder.json")).expect("folder");
    let made = std::process::Command::new("mkfifo")
        .arg(history.join("pipe.json"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink(dir.path().join("nowhere"), history.join("link.json"))
        .expect("link");
    for command in ["history", "stats"] {
        let run = dei(dir.path(), &[command]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for (file, why) in [
            ("score.json", "a score of 999"),
            ("band.json", "the band \"legendary\""),
            ("folder.json", "not a regular file"),
            ("pipe.json", "not a regular file"),
            ("link.json", "No such file"),
        ] {
            assert!(
                run.stderr
                    .lines()
                    .any(|l| l.contains(file) && l.contains(why)),
                "{command} {file}: {}",
                run.stderr
            );
        }
        assert!(run.stdout.contains("realtime-analytics"), "{}", run.stdout);
    }
}
