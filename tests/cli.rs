//! The real binary, driven as a user would: commands, output formats, and every kind of bad
//! input, with error messages snapshot-tested.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `dei` with a private config folder, so the developer's own scenarios never leak in.
fn dei_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let home = tempfile::tempdir().expect("temp home");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dei"));
    cmd.args(args)
        .current_dir(cwd)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("DEI_SCENARIOS")
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("dei runs");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(input) = stdin {
        // A huge input may be refused before it is all read; that is not a test failure.
        let _ = pipe.write_all(input);
    }
    drop(pipe);
    let out = child.wait_with_output().expect("dei finishes");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dei(args: &[&str]) -> Run {
    dei_in(&root(), args, None, &[])
}

const STRONG: &str = "tests/fixtures/answers/realtime-analytics/strong-prose.md";
const PARTS_LIST: &str = "tests/fixtures/answers/realtime-analytics/parts-list.md";

#[test]
fn list_shows_the_built_in_scenarios() {
    let run = dei(&["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn list_as_json() {
    let run = dei(&["list", "--format", "json"]);
    assert_eq!(run.code, 0);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let first = &rows[0];
    for key in [
        "id",
        "title",
        "archetype",
        "difficulty",
        "summary",
        "origin",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
    assert_eq!(first["origin"], "builtin");
}

#[test]
fn show_renders_the_prompt() {
    let run = dei(&["show", "realtime-analytics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn show_raw_prints_the_markdown() {
    let run = dei(&["show", "realtime-analytics", "--raw"]);
    assert!(run.stdout.starts_with('#'));
}

#[test]
fn score_prints_a_scorecard() {
    let run = dei(&["score", "realtime-analytics", PARTS_LIST]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn score_json_has_the_documented_shape() {
    let run = dei(&["score", "realtime-analytics", STRONG, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let card: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(card["scenario"], "realtime-analytics");
    assert!(card["score"].as_u64().is_some_and(|s| s <= 100));
    assert!(["strong", "mixed", "weak"].contains(&card["band"].as_str().expect("band")));
    let stages: Vec<&str> = card["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| s["stage"].as_str().expect("stage"))
        .collect();
    assert_eq!(stages, ["clarify", "size", "sketch", "deep-dive", "defend"]);
    for stage in card["stages"].as_array().expect("stages") {
        assert!(stage["score"].as_u64() <= stage["max"].as_u64());
    }
    let ids = |key: &str| -> Vec<String> {
        card[key]
            .as_array()
            .expect(key)
            .iter()
            .map(|i| {
                assert!(
                    i.get("hit").is_some()
                        && i.get("evidence").is_some()
                        && i.get("advice").is_some()
                );
                i["id"].as_str().expect("id").to_owned()
            })
            .collect()
    };
    let signals = ids("signals");
    for id in dei::rubric::RuleId::SIGNALS.map(dei::rubric::RuleId::as_str) {
        assert_eq!(signals.iter().filter(|s| *s == id).count(), 1, "{id}");
    }
    let flags = ids("red_flags");
    for id in dei::rubric::RuleId::RED_FLAGS.map(dei::rubric::RuleId::as_str) {
        assert_eq!(flags.iter().filter(|s| *s == id).count(), 1, "{id}");
    }
}

#[test]
fn score_checks_the_numbers() {
    let run = dei(&[
        "score",
        "realtime-analytics",
        "tests/fixtures/answers/holdout/03-sampling-math.md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let numbers = run
        .stdout
        .split("\nNumbers\n")
        .nth(1)
        .expect("a Numbers section");
    insta::assert_snapshot!(numbers);
    let json = dei(&[
        "score",
        "realtime-analytics",
        "tests/fixtures/answers/holdout/03-sampling-math.md",
        "--format",
        "json",
    ]);
    let card: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let answer =
        std::fs::read_to_string(root().join("tests/fixtures/answers/holdout/03-sampling-math.md"))
            .expect("fixture");
    let claims = card["claims"].as_array().expect("claims");
    assert!(!claims.is_empty());
    for claim in claims {
        let span = claim["span"].as_array().expect("span");
        let (start, end) = (
            span[0].as_u64().expect("start") as usize,
            span[1].as_u64().expect("end") as usize,
        );
        assert_eq!(answer.get(start..end), claim["text"].as_str(), "{claim}");
        assert!(["ok", "off"].contains(&claim["verdict"].as_str().expect("verdict")));
        assert!(
            claim["value"].is_number()
                && claim["unit"].is_string()
                && claim["expected"].is_string()
        );
    }
    let capacity = card["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .find(|s| s["id"] == "capacity-math")
        .expect("capacity-math");
    assert_eq!(
        capacity["hit"], false,
        "numbers 100x off do not earn capacity-math"
    );
}

#[test]
fn calc_prints_results_json_and_errors() {
    let run = dei(&["calc", "10k events/s * 5 * 1 KB/event -> MB/s"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "50 MB/s\n"));
    let run = dei(&[
        "calc",
        "10k events/s * 5 * 1 KB/event",
        "--to",
        "MB/s",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["value"], 50.0);
    assert_eq!(json["unit"], "MB/s");
    assert_eq!(json["display"], "50 MB/s");
    let mut errors = Vec::new();
    for expr in [
        "50 MB/s + 3 s",
        "5 evnts/s",
        "5 MB / 0",
        "(5 + 3",
        "10 GB -> events",
    ] {
        let run = dei(&["calc", expr]);
        assert_eq!(run.code, 2, "{expr}");
        errors.push(run.stderr);
    }
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn calc_errors_are_json_under_format_json() {
    let run = dei(&["calc", "20% of", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["expression"], "20% of");
    assert_eq!(json["error"], "the expression ends too early");
    assert_eq!(json["span"], serde_json::json!([6, 6]));
    assert!(
        json["help"]
            .as_str()
            .is_some_and(|h| h.contains("20% of 5 TB")),
        "{json}"
    );
    let run = dei(&["calc", "--format", "json", "5 orders/s", "--to", "events/s"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["span"], serde_json::json!([2, 8]));
    assert!(
        json["help"]
            .as_str()
            .is_some_and(|h| h.contains("--unit order")),
        "{json}"
    );
}

#[test]
fn calc_takes_a_leading_sign_options_after_the_expression_and_counts_to_declare() {
    let run = dei(&["calc", "-2^2"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "-4\n"),
        "{}",
        run.stderr
    );
    let run = dei(&["calc", "10 MB/s", "--to", "GB/day", "--format=json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["display"], "864 GB/day");
    let run = dei(&["calc", "--unit", "order", "5 orders/s * 1 KB/order"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "5 KB/s\n"),
        "{}",
        run.stderr
    );
    let run = dei(&["calc", "5 MB", "--color", "never"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("goes before the expression"),
        "{}",
        run.stderr
    );
}

#[test]
fn calc_accepts_every_unit_its_help_suggests_for_to() {
    let help = dei(&["calc", "--help"]).stdout;
    for (expr, unit) in [
        ("10k events/s * 1 KB/event", "MB/s"),
        ("10 MB/s", "GB/day"),
        ("90 min", "hours"),
        ("10k events/s", "events/s"),
        ("1 / (5 min)", "per s"),
        ("$20/day", "$/month"),
        ("0.005", "%"),
    ] {
        assert!(
            help.contains(&format!("`{unit}`")),
            "{unit} is not in the help"
        );
        let run = dei(&["calc", expr, "--to", unit]);
        assert_eq!(run.code, 0, "{expr} --to {unit}: {}", run.stderr);
    }
}

#[test]
fn calc_hints_say_the_fix() {
    let mut errors = Vec::new();
    for expr in [
        "of 5 TB",
        "10 GB over 2 hours",
        "12 TB at 200 MB/s",
        "4.25M-5.75M rows",
        "24 to 48 hours",
        "a few TB",
        "5m",
        "10k * 1 KB -> MB/s",
        "5 orders/s * 1 KB/order",
        "10 MBPS",
    ] {
        let run = dei(&["calc", expr]);
        assert_eq!(run.code, 2, "{expr}");
        errors.push(run.stderr);
    }
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn calc_session_keeps_variables_and_declared_units() {
    let input = b"peak = 10k events/s * 5\npeak * 1 day\nunit order\n300 orders/s * 1 day\n5 evnts\nans / 2\n5 widgets/s\nvars\n";
    let run = dei_in(&root(), &["calc"], Some(input), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "peak = 50,000 events/s\n4.32 billion events\ndeclared the count `order`\n25.92 million orders\n12.96 million orders\npeak = 50,000 events/s\n"
    );
    assert!(
        run.stderr
            .contains("declare it as a count first (`unit widget`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `events`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn calc_facts_evaluate_and_name_their_sources() {
    let run = dei(&["calc", "--facts", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let facts: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let facts = facts.as_array().expect("list");
    assert!(facts.len() >= 8);
    for fact in facts {
        assert!(
            fact["source"].as_str().is_some_and(|s| !s.is_empty()),
            "{fact}"
        );
        assert!(
            fact["year"]
                .as_u64()
                .is_some_and(|y| (1990..=2030).contains(&y)),
            "{fact}"
        );
        assert!(fact["display"].is_string());
    }
}

#[test]
fn simulations_explain_what_happened() {
    let mut outputs = Vec::new();
    for args in [
        &[
            "sim",
            "skew",
            "--salt",
            "24",
            "--rate",
            "50k/s",
            "--partition-capacity",
            "10 MB/s",
            "--event-size",
            "1 KB",
        ][..],
        &["sim", "redelivery", "--write", "insert"][..],
        &["sim", "redelivery", "--write", "upsert"][..],
        &["sim", "redelivery", "--commit", "before-write"][..],
        &["sim", "small-files", "--compact-every", "1h"][..],
    ] {
        let run = dei(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        outputs.push(format!("$ dei {}\n{}", args.join(" "), run.stdout));
    }
    insta::assert_snapshot!(outputs.join("\n"));
}

#[test]
fn simulations_reproduce_and_print_json() {
    let once = dei(&["sim", "skew", "--seed", "7", "--format", "json"]);
    let twice = dei(&["sim", "skew", "--seed", "7", "--format", "json"]);
    assert_eq!(once.stdout, twice.stdout);
    let json: serde_json::Value = serde_json::from_str(&once.stdout).expect("JSON");
    for key in [
        "partitions",
        "max_partition_share",
        "imbalance",
        "totals_match",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&dei(&["sim", "redelivery", "--format", "json"]).stdout)
            .expect("JSON");
    for key in [
        "true_total",
        "counted_total",
        "duplicates_applied",
        "lost_events",
        "crashes",
        "error_pct",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&dei(&["sim", "small-files", "--format", "json"]).stdout)
            .expect("JSON");
    assert_eq!(json["files_written"], 17_280);
    for key in [
        "files_per_hour",
        "avg_file_bytes",
        "files_after_compaction",
        "query_seconds_before",
        "query_seconds_after",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

#[test]
fn simulation_options_are_checked() {
    let mut errors = Vec::new();
    for args in [
        &["sim", "small-files", "--rate", "10k"][..],
        &["sim", "small-files", "--flush", "5 MB"][..],
        &["sim", "skew", "--partitions", "0"][..],
        &["sim", "skew", "--hot-key-share", "140%"][..],
        &[
            "sim",
            "skew",
            "--rate",
            "50k/s",
            "--partition-capacity",
            "10 MB/s",
        ][..],
        &["sim", "redelivery", "--crash-rate", "100%"][..],
        &["sim", "redelivery", "--batch", "1.5"][..],
    ] {
        let run = dei(args);
        assert_eq!(run.code, 2, "{args:?}");
        errors.push(run.stderr);
    }
    insta::assert_snapshot!(errors.join(""));
}

#[test]
fn score_reads_standard_input() {
    let answer = std::fs::read(root().join(STRONG)).expect("fixture");
    let from_stdin = dei_in(
        &root(),
        &["score", "realtime-analytics", "-", "--format", "json"],
        Some(&answer),
        &[],
    );
    let from_file = dei(&["score", "realtime-analytics", STRONG, "--format", "json"]);
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let forced = dei(&[
        "--color",
        "always",
        "score",
        "realtime-analytics",
        PARTS_LIST,
    ]);
    assert!(forced.stdout.contains('\u{1b}'));
    let piped = dei(&["score", "realtime-analytics", PARTS_LIST]);
    assert!(!piped.stdout.contains('\u{1b}'));
    let no_color = dei_in(
        &root(),
        &["score", "realtime-analytics", PARTS_LIST],
        None,
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
    );
    assert!(!no_color.stdout.contains('\u{1b}'));
}

#[test]
fn unknown_scenario_suggests_the_nearest() {
    let run = dei(&["score", "realtime-analytic", STRONG]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn bad_answers_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("empty.md"), "  \n\n").expect("write");
    std::fs::write(dir.path().join("latin1.md"), b"Caf\xe9 au lait\n").expect("write");
    std::fs::write(dir.path().join("huge.md"), "word ".repeat(2_100_000)).expect("write");
    std::fs::create_dir(dir.path().join("folder.md")).expect("mkdir");
    let mut messages = Vec::new();
    for name in [
        "empty.md",
        "latin1.md",
        "huge.md",
        "folder.md",
        "missing.md",
    ] {
        let run = dei_in(
            dir.path(),
            &["score", "realtime-analytics", name],
            None,
            &[],
        );
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stdout.is_empty(), "{name}");
        assert!(!run.stderr.contains("panicked"), "{name}");
        messages.push(run.stderr);
    }
    insta::assert_snapshot!(messages.join("\n"));
}

#[test]
fn huge_standard_input_is_refused() {
    let input = vec![b'a'; 10 * 1024 * 1024];
    let run = dei_in(
        &root(),
        &["score", "realtime-analytics", "-"],
        Some(&input),
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("standard input is over 1024 KB"),
        "{}",
        run.stderr
    );
}

#[test]
fn scenario_check_reports_every_problem() {
    let fixtures = root().join("tests/fixtures/scenarios");
    let run = dei_in(
        &fixtures,
        &[
            "scenario",
            "check",
            "many-problems.toml",
            "broken-syntax.toml",
            "empty.toml",
            "not-utf8.toml",
        ],
        None,
        &[],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn scenario_check_locates_deep_nesting_and_names_datetimes() {
    // Once "recursion limit" with no place, and "invalid type: map" for a datetime.
    let dir = tempfile::tempdir().expect("temp dir");
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
        .expect("fixture");
    let dotted = vec!["a"; 100].join(".");
    let files = [
        (
            "deep-array.toml",
            format!("{minimal}\nx = {}{}\n", "[".repeat(100), "]".repeat(100)),
        ),
        (
            "deep-inline.toml",
            format!("{minimal}\nx = {}1{}\n", "{a=".repeat(100), "}".repeat(100)),
        ),
        ("deep-key.toml", format!("{minimal}\n{dotted} = 1\n")),
        ("deep-header.toml", format!("{minimal}\n[{dotted}]\n")),
        (
            "datetime.toml",
            minimal
                .replace("\"A tiny pipeline\"", "1979-05-27T07:32:00Z")
                .replace("\"A nightly job that copies one table\"", "1979-05-27")
                .replace("\"rows\"]", "07:32:00]"),
        ),
    ];
    let mut args = vec!["scenario", "check"];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("write");
        args.push(name);
    }
    let run = dei_in(dir.path(), &args, None, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn scenario_check_reports_blank_texts_and_loose_references() {
    let fixtures = root().join("tests/fixtures/scenarios");
    let run = dei_in(
        &fixtures,
        &["scenario", "check", "more-problems.toml"],
        None,
        &[],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn scenario_check_evaluates_sizing_expressions() {
    let fixtures = root().join("tests/fixtures/scenarios");
    let run = dei_in(
        &fixtures,
        &["scenario", "check", "bad-sizing.toml"],
        None,
        &[],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn scenario_check_reads_load_profiles() {
    let fixtures = root().join("tests/fixtures/scenarios");
    let run = dei_in(
        &fixtures,
        &["scenario", "check", "bad-profile.toml"],
        None,
        &[],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn scenario_new_writes_a_valid_template_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().to_str().expect("UTF-8");
    let run = dei(&["scenario", "new", "late-orders", "--dir", path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = dir.path().join("late-orders.toml");
    let check = dei(&["scenario", "check", file.to_str().expect("UTF-8")]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    std::fs::write(&file, "id = \"mine\"\n").expect("edit");
    let again = dei(&["scenario", "new", "late-orders", "--dir", path]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).expect("kept"),
        "id = \"mine\"\n"
    );
    let listed = dei(&["--scenarios", path, "list"]);
    assert!(
        listed.stderr.contains("late-orders.toml"),
        "the edited file is reported: {}",
        listed.stderr
    );
    assert_eq!(dei(&["scenario", "new", "Bad Id", "--dir", path]).code, 2);
}

#[test]
fn scenario_check_scores_the_model_answer() {
    let dir = tempfile::tempdir().expect("temp");
    let scenario = std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
        .expect("fixture")
        .replace(
            "summary = \"A nightly job that copies one table\"",
            "summary = \"A nightly job that copies one table\"\nmodel_answer_file = \"weak.md\"",
        );
    std::fs::write(dir.path().join("with-model.toml"), scenario).expect("write");
    std::fs::write(
        dir.path().join("weak.md"),
        "Kafka, then Spark, then a warehouse, done.\n",
    )
    .expect("write");
    let run = dei_in(
        dir.path(),
        &["scenario", "check", "with-model.toml"],
        None,
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the model answer scores 0 (weak), not strong"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("raises `tool-list`"), "{}", run.stderr);
}

#[test]
fn scenario_check_grades_each_signal_example() {
    let dir = tempfile::tempdir().expect("temp");
    let scenario = std::fs::read_to_string(root().join("tests/fixtures/scenarios/minimal.toml"))
        .expect("fixture")
        + "\n[[rubric.signals]]\nid = \"row-counts\"\ntitle = \"Checks the copied rows\"\n\
           stage = \"deep-dive\"\nadvice = \"Compare row counts after each copy.\"\n\
           mechanisms = [\"compare* .. row count*\"]\n\
           fires = [\"After each copy we compare the row counts of source and target tables, \
           and a mismatch pages the owner.\", \"We trust the copy.\"]\n\
           clears = [\"Row counts are a thing.\"]\n";
    std::fs::write(dir.path().join("signals.toml"), scenario).expect("write");
    let run = dei_in(
        dir.path(),
        &["scenario", "check", "signals.toml"],
        None,
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "signal `row-counts` is not earned by its `fires` example \"We trust the copy.\""
        ),
        "{}",
        run.stderr
    );
    // The example that shows the mechanism earns it, and the one that only names it clears.
    assert_eq!(
        run.stderr.matches("signal `row-counts`").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn scenario_check_accepts_a_valid_file() {
    let fixtures = root().join("tests/fixtures/scenarios");
    let run = dei_in(&fixtures, &["scenario", "check", "minimal.toml"], None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "ok minimal.toml (tiny-pipeline)\n");
}

#[test]
fn scenario_check_reports_duplicate_ids_across_files() {
    let dir = tempfile::tempdir().expect("temp");
    let minimal = root().join("tests/fixtures/scenarios/minimal.toml");
    std::fs::copy(&minimal, dir.path().join("a.toml")).expect("copy");
    std::fs::copy(&minimal, dir.path().join("b.toml")).expect("copy");
    let run = dei_in(
        dir.path(),
        &["scenario", "check", "a.toml", "b.toml"],
        None,
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("b.toml: duplicate scenario id `tiny-pipeline`"),
        "{}",
        run.stderr
    );
}

/// A folder with the valid user scenarios only.
fn user_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    for name in ["minimal.toml", "override.toml"] {
        std::fs::copy(
            root().join("tests/fixtures/scenarios").join(name),
            dir.path().join(name),
        )
        .expect("copy");
    }
    dir
}

#[test]
fn user_scenarios_load_and_override_built_ins() {
    let folder = user_folder();
    let path = folder.path().to_str().expect("UTF-8 temp path");
    for run in [
        dei(&["--scenarios", path, "list", "--format", "json"]),
        dei_in(
            &root(),
            &["list", "--format", "json"],
            None,
            &[("DEI_SCENARIOS", path)],
        ),
    ] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let rows = rows.as_array().expect("list");
        let ra = rows
            .iter()
            .find(|r| r["id"] == "realtime-analytics")
            .expect("listed");
        assert_eq!(ra["origin"], "user");
        assert_eq!(ra["overrides_builtin"], true);
        assert_eq!(ra["difficulty"], "hard");
        assert!(
            rows.iter()
                .any(|r| r["id"] == "tiny-pipeline" && r["origin"] == "user")
        );
    }
    let text = dei(&["--scenarios", path, "list"]);
    assert!(text.stdout.contains("user*"));
    let show = dei(&["--scenarios", path, "show", "tiny-pipeline"]);
    assert!(
        show.stdout
            .contains("A nightly job copies the orders table"),
        "{}",
        show.stdout
    );
}

#[test]
fn the_config_folder_is_a_scenario_source() {
    let home = tempfile::tempdir().expect("temp");
    let folder = home.path().join("dei/scenarios");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::copy(
        root().join("tests/fixtures/scenarios/minimal.toml"),
        folder.join("minimal.toml"),
    )
    .expect("copy");
    let config = home.path().to_str().expect("UTF-8");
    let run = dei_in(
        &root(),
        &["show", "tiny-pipeline"],
        None,
        &[("XDG_CONFIG_HOME", config)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_broken_user_override_is_reported_not_replaced_by_the_built_in() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("realtime-analytics.toml"),
        "id = \"realtime-analytics\"\ntitle = 3\n",
    )
    .expect("write");
    let path = dir.path().to_str().expect("UTF-8");
    let run = dei(&["--scenarios", path, "show", "realtime-analytics"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("has problems"), "{}", run.stderr);
    assert!(run.stderr.contains("expected a string"), "{}", run.stderr);
    let list = dei(&["--scenarios", path, "list"]);
    assert_eq!(list.code, 0);
    assert!(list.stderr.contains("warning: skipped"), "{}", list.stderr);
}

#[test]
fn a_broken_override_is_found_by_its_id_whatever_the_file_name() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(
        dir.path().join("my-take.toml"),
        "id = \"realtime-analytics\"\ndifficulty = \"medum\"\n",
    )
    .expect("write");
    let path = dir.path().to_str().expect("UTF-8");
    for args in [
        &["--scenarios", path, "show", "realtime-analytics"][..],
        &["--scenarios", path, "score", "realtime-analytics", STRONG][..],
    ] {
        let run = dei(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains("my-take.toml"), "{}", run.stderr);
    }
}

#[test]
fn scenario_files_that_are_not_regular_files_are_refused() {
    let run = dei(&["scenario", "check", "/dev/zero"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn a_failed_check_keeps_its_exit_code_when_the_reader_goes_away() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dei"))
        .args(["scenario", "check", "many-problems.toml"])
        .current_dir(root().join("tests/fixtures/scenarios"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stderr.take());
    drop(child.stdout.take());
    let status = child.wait().expect("finishes");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn completions_report_a_full_disk_instead_of_panicking() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // Not every system has /dev/full.
    };
    let out = Command::new(env!("CARGO_BIN_EXE_dei"))
        .args(["completions", "bash"])
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No space left"));
}

#[test]
fn a_missing_scenarios_folder_is_an_error() {
    let run = dei(&["--scenarios", "/nonexistent/dei-test", "list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("/nonexistent/dei-test"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_and_completions() {
    let help = dei(&["--help"]);
    assert_eq!(help.code, 0);
    insta::assert_snapshot!(help.stdout);
    for sub in ["list", "show", "score", "scenario", "completions"] {
        let run = dei(&[sub, "--help"]);
        assert_eq!(run.code, 0, "{sub}");
        assert!(run.stdout.contains("Usage: dei"), "{sub}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let run = dei(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(run.stdout.contains("scenario"), "{shell}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    for args in [
        &["show", "realtime-analytics"][..],
        &["score", "realtime-analytics", STRONG, "--format", "json"][..],
        &["score", "realtime-analytics", STRONG][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dei"))
            .args(args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("finishes");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}");
    }
}

#[test]
fn practice_reports_a_bad_draft_and_refuses_without_a_terminal() {
    let data = tempfile::tempdir().expect("temp dir");
    let drafts = data.path().join("drafts");
    std::fs::create_dir_all(&drafts).expect("drafts folder");
    let draft = drafts.join("realtime-analytics.json");
    let env = [("DEI_DATA", data.path().to_str().expect("UTF-8 path"))];
    let cwd = data.path();
    let mut messages = Vec::new();
    for bytes in [
        &b"{\"format\": 1, \"scenario\": \"realt"[..],
        &b"{\"a\": 1}\n\xff\xfe"[..],
        &b"{\"format\": 9}"[..],
    ] {
        std::fs::write(&draft, bytes).expect("written");
        let run = dei_in(
            cwd,
            &["practice", "realtime-analytics", "--resume"],
            None,
            &env,
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(
            std::fs::read(&draft).expect("still there"),
            bytes,
            "left untouched"
        );
        messages.push(
            run.stderr
                .replace(data.path().to_str().expect("UTF-8"), "<data>"),
        );
    }
    // No draft and no terminal: a clear refusal that points at `dei score`.
    std::fs::remove_file(&draft).expect("removed");
    let run = dei_in(cwd, &["practice", "realtime-analytics"], None, &env);
    assert_eq!(run.code, 2);
    messages.push(run.stderr.clone());
    let run = dei_in(cwd, &["mock", "realtime-analytics", "--resume"], None, &env);
    assert_eq!(run.code, 2);
    messages.push(
        run.stderr
            .replace(data.path().to_str().expect("UTF-8"), "<data>"),
    );
    insta::assert_snapshot!(messages.join("\n"));
}
