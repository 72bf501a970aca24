//! `dei calibrate`, driven as a scenario author would: the project's own labelled answers
//! must hold their floors, the JSON has exactly the documented shape, and a broken labels file
//! is reported at its line and column.

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dei(args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("temp home");
    let out = Command::new(env!("CARGO_BIN_EXE_dei"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("DEI_SCENARIOS")
        .env_remove("COLUMNS")
        .output()
        .expect("dei runs");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// The floors of one set, as `--min-*` arguments.
fn floors(set: &str) -> Vec<String> {
    let text = std::fs::read_to_string("tests/calibration-floors.toml").expect("floors file");
    let table: toml::Table = toml::from_str(&text).expect("floors parse");
    let section = table[set].as_table().expect("a [set] of floors");
    ["band", "ids", "order", "claims"]
        .iter()
        .flat_map(|name| {
            let value = section[*name].as_float().expect("a share");
            [format!("--min-{name}"), value.to_string()]
        })
        .collect()
}

#[test]
fn the_projects_own_calibration_set_holds_its_floors() {
    let mut args = vec![
        "calibrate".to_owned(),
        "tests/fixtures/calibration".to_owned(),
    ];
    args.extend(floors("own"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = dei(&args);
    assert_eq!(run.code, 0, "{}\n{}", run.stderr, run.stdout);
    assert!(
        run.stdout.starts_with("30 labelled answers"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_has_exactly_the_documented_fields() {
    let run = dei(&[
        "calibrate",
        "tests/fixtures/calibration",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let mut keys: Vec<&str> = json
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["band", "cases", "claims", "disagreements", "ids", "order"]
    );
    assert_eq!(json["cases"], 30);
    for figure in ["band", "ids", "order", "claims"] {
        let tally = &json[figure];
        assert!(
            tally["agree"].as_u64() <= tally["total"].as_u64(),
            "{figure}"
        );
    }
    let first = &json["disagreements"][0];
    let mut fields: Vec<&str> = first
        .as_object()
        .expect("a disagreement")
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["detail", "file", "kind"]);
    assert!(["band", "id", "order", "claim"].contains(&first["kind"].as_str().unwrap_or_default()));
}

#[test]
fn an_unmet_floor_exits_1_and_says_which() {
    let run = dei(&[
        "calibrate",
        "tests/fixtures/calibration",
        "--min-band",
        "100%",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("calibration floor not met: band"),
        "{}",
        run.stderr
    );
    let run = dei(&[
        "calibrate",
        "tests/fixtures/calibration",
        "--min-band",
        "lots",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("write 0.95, 95 or 95%"),
        "{}",
        run.stderr
    );
}

fn folder_with(labels: &str, answers: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("labels.toml"), labels).expect("labels");
    for (name, text) in answers {
        let path = dir.path().join("answers").join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, text).expect("answer");
    }
    dir
}

fn run_in(dir: &Path) -> Run {
    dei(&["calibrate", dir.to_str().expect("UTF-8 path")])
}

#[test]
fn a_broken_labels_file_is_reported_at_file_line() {
    let dir = folder_with(
        "[[case]]\nfile = \"realtime-analytics/a.md\"\nscenario = \"realtime-analytics\"\nband = \"excellent\"\n",
        &[("realtime-analytics/a.md", "We use Kafka.")],
    );
    let run = run_in(dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("labels.toml:4:8"), "{}", run.stderr);
    let dir = folder_with(
        "[[case]]\nfile = \"realtime-analytics/a.md\"\nscenario = \"realtime-analytic\"\nband = \"weak\"\n",
        &[("realtime-analytics/a.md", "We use Kafka.")],
    );
    let run = run_in(dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("labels.toml:3:12"), "{}", run.stderr);
    assert!(run.stderr.contains("realtime-analytics"), "{}", run.stderr);
    let dir = folder_with(
        "[[case]]\nfile = \"realtime-analytics/missing.md\"\nscenario = \"realtime-analytics\"\nband = \"weak\"\n",
        &[],
    );
    let run = run_in(dir.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("labels.toml:2:8"), "{}", run.stderr);
}

#[test]
fn unlabelled_answers_are_named_and_not_graded() {
    let dir = folder_with(
        "[[case]]\nfile = \"realtime-analytics/a.md\"\nscenario = \"realtime-analytics\"\nband = \"weak\"\nred_flags = [\"tool-list\"]\n",
        &[
            ("realtime-analytics/a.md", "Kafka, Spark, Snowflake. Done."),
            ("realtime-analytics/b.md", "Kafka, Flink."),
        ],
    );
    let run = run_in(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("realtime-analytics/b.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("1 labelled answer in"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_number_battery_holds_its_floors() {
    let run = dei(&[
        "calibrate",
        "tests/fixtures/claims/battery.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["numbers"], 87, "{json}");
    let text = std::fs::read_to_string("tests/calibration-floors.toml").expect("floors file");
    let table: toml::Table = toml::from_str(&text).expect("floors parse");
    let floors = table["numbers"].as_table().expect("[numbers] floors");
    assert!(!floors.is_empty());
    for (name, floor) in floors {
        let tally = &json[name];
        let (agree, total) = (
            tally["agree"].as_f64().expect("agree"),
            tally["total"].as_f64().expect("total"),
        );
        let floor = floor.as_float().expect("a share");
        assert!(
            total > 0.0 && agree / total + 1e-9 >= floor,
            "{name}: {agree}/{total} is below {floor}"
        );
    }
}

#[test]
fn a_battery_with_a_number_not_in_its_sentence_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("battery.toml");
    std::fs::write(
        &path,
        "[[sentence]]\nscenario = \"realtime-analytics\"\ntext = \"Peak is 50 MB/s.\"\n\
         [[sentence.numbers]]\nnumber = \"60 MB/s\"\nlabel = \"ok\"\n",
    )
    .expect("write");
    let run = dei(&["calibrate", path.to_str().expect("UTF-8 path")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("\"60 MB/s\" is not in \"Peak is 50 MB/s.\""),
        "{}",
        run.stderr
    );
}
