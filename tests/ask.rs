//! `dei ask`, driven as a scenario author or a script would: the exact JSON of both kinds of
//! reply, the errors, and the interviewer's figures on the hand-labelled batteries in
//! `tests/fixtures/ask/` (floors in `tests/calibration-floors.toml`, `[interviewer]`).

use std::io::Write as _;
use std::process::{Command, Stdio};

use serde::Deserialize;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dei(args: &[&str], stdin: Option<&str>) -> Run {
    let home = tempfile::tempdir().expect("temp home");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dei"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("DEI_SCENARIOS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dei runs");
    let mut pipe = child.stdin.take().expect("stdin");
    if let Some(input) = stdin {
        pipe.write_all(input.as_bytes()).expect("stdin written");
    }
    drop(pipe);
    let out = child.wait_with_output().expect("dei finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

fn json(args: &[&str]) -> serde_json::Value {
    let run = dei(args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

fn keys(value: &serde_json::Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn a_clarify_message_gets_the_fact_it_asks_about_in_the_documented_json() {
    let reply = json(&[
        "ask",
        "realtime-analytics",
        "--format",
        "json",
        "Do the ops dashboards and the analysts' BI queries have to agree exactly?",
    ]);
    assert_eq!(keys(&reply), ["assumptions", "facts", "kind", "reply"]);
    assert_eq!(reply["facts"], serde_json::json!(["consistency"]));
    assert_eq!(reply["kind"], "facts");
    assert!(
        reply["reply"]
            .as_str()
            .is_some_and(|r| r.contains("Eventual consistency"))
    );
}

#[test]
fn assumptions_are_acknowledged_or_corrected() {
    let fine = json(&[
        "ask",
        "realtime-analytics",
        "--format",
        "json",
        "I'll assume a few minutes of delay on the charts is acceptable.",
    ]);
    assert_eq!(fine["kind"], "noted");
    assert_eq!(fine["facts"], serde_json::json!([]));
    assert_eq!(fine["assumptions"].as_array().map(Vec::len), Some(1));
    let wrong = json(&[
        "ask",
        "realtime-analytics",
        "--format",
        "json",
        "I'll assume the dashboards need sub-second updates.",
    ]);
    assert_eq!(wrong["kind"], "corrected");
    assert_eq!(wrong["facts"], serde_json::json!(["freshness"]));
    assert!(
        wrong["reply"]
            .as_str()
            .is_some_and(|r| r.starts_with("Actually, "))
    );
}

#[test]
fn a_repeated_question_is_answered_as_said_before() {
    let reply = json(&[
        "ask",
        "realtime-analytics",
        "--revealed",
        "peak",
        "--format",
        "json",
        "What was the sale traffic again?",
    ]);
    assert_eq!(reply["facts"], serde_json::json!(["peak"]));
    assert!(
        reply["reply"]
            .as_str()
            .is_some_and(|r| r.starts_with("As I said: "))
    );
}

#[test]
fn a_follow_up_reply_is_graded_and_a_thin_one_probed() {
    let thin = json(&[
        "ask",
        "realtime-analytics",
        "--followup",
        "crashed-consumer",
        "--format",
        "json",
        "No idea, honestly.",
    ]);
    assert_eq!(
        keys(&thin),
        ["covered", "grade", "missing", "probe", "reply"]
    );
    assert_eq!(thin["grade"], "thin");
    assert_eq!(thin["covered"], serde_json::json!([]));
    assert!(thin["probe"].is_string());
    let good = json(&[
        "ask",
        "realtime-analytics",
        "--followup",
        "crashed-consumer",
        "--format",
        "json",
        "Offsets are only committed once the write has succeeded, so on restart the same batch \
         is read again. That is safe because each aggregate is an upsert keyed on the window \
         start and the dimensions that sets the total, so a second write changes nothing; an \
         increment would double-count revenue.",
    ]);
    assert_eq!(good["grade"], "good", "{good}");
    assert!(good["probe"].is_null());
    assert!(good["covered"].as_array().is_some_and(|c| c.len() >= 3));
}

#[test]
fn the_message_can_come_from_standard_input() {
    let run = dei(
        &["ask", "realtime-analytics", "--format", "json", "-"],
        Some("How long must raw events be kept?"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reply: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(reply["facts"], serde_json::json!(["retention"]));
}

#[test]
fn unknown_ids_and_empty_messages_exit_2_with_a_suggestion() {
    let run = dei(&["ask", "realtime-analytic", "hi"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("realtime-analytics"), "{}", run.stderr);
    let run = dei(
        &[
            "ask",
            "realtime-analytics",
            "--followup",
            "crashed-consumr",
            "x",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `crashed-consumer`?"),
        "{}",
        run.stderr
    );
    let run = dei(
        &["ask", "realtime-analytics", "--revealed", "peek", "x"],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`peak`"), "{}", run.stderr);
    let run = dei(&["ask", "realtime-analytics", "  "], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("empty"), "{}", run.stderr);
}

#[test]
fn explain_shows_how_the_facts_weigh() {
    let run = dei(
        &[
            "ask",
            "realtime-analytics",
            "--explain",
            "How stale can the charts be?",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("freshness"), "{}", run.stdout);
    assert!(run.stdout.contains("asked"), "{}", run.stdout);
}

#[derive(Deserialize)]
struct ClarifyCase {
    scenario: String,
    text: String,
    #[serde(default)]
    revealed: Vec<String>,
    facts: Vec<String>,
    kind: String,
}

#[derive(Deserialize)]
struct FollowUpCase {
    scenario: String,
    followup: String,
    text: String,
    covered: Vec<usize>,
    grade: String,
}

#[derive(Deserialize)]
struct Battery<T> {
    case: Vec<T>,
}

#[derive(Deserialize)]
struct Floors {
    interviewer: InterviewerFloors,
}

#[derive(Deserialize)]
struct InterviewerFloors {
    right_facts: f64,
    right_kind: f64,
    grade: f64,
}

fn floors() -> InterviewerFloors {
    let text = std::fs::read_to_string("tests/calibration-floors.toml").expect("floors file");
    toml::from_str::<Floors>(&text)
        .expect("floors parse")
        .interviewer
}

fn battery<T: for<'de> Deserialize<'de>>(name: &str) -> Vec<T> {
    let text = std::fs::read_to_string(format!("tests/fixtures/ask/{name}")).expect("battery");
    toml::from_str::<Battery<T>>(&text)
        .expect("battery parses")
        .case
}

#[allow(clippy::cast_precision_loss)]
fn share(agree: usize, total: usize) -> f64 {
    agree as f64 / total.max(1) as f64
}

#[test]
fn clarify_battery_meets_its_floors() {
    let cases: Vec<ClarifyCase> = battery("clarify.toml");
    let (mut facts_ok, mut kind_ok) = (0, 0);
    for case in &cases {
        let mut args = vec!["ask", case.scenario.as_str(), "--format", "json"];
        for id in &case.revealed {
            args.extend(["--revealed", id.as_str()]);
        }
        args.extend(["--", case.text.as_str()]);
        let reply = json(&args);
        let mut got: Vec<String> = reply["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        got.sort();
        let mut want = case.facts.clone();
        want.sort();
        facts_ok += usize::from(got == want);
        kind_ok += usize::from(reply["kind"] == case.kind.as_str());
    }
    let floors = floors();
    let (facts, kind) = (share(facts_ok, cases.len()), share(kind_ok, cases.len()));
    assert!(
        facts >= floors.right_facts,
        "right facts {facts_ok}/{} below {}",
        cases.len(),
        floors.right_facts
    );
    assert!(
        kind >= floors.right_kind,
        "right kind {kind_ok}/{} below {}",
        cases.len(),
        floors.right_kind
    );
}

#[test]
fn follow_up_battery_meets_its_floors_and_every_thin_reply_is_probed() {
    let cases: Vec<FollowUpCase> = battery("followups.toml");
    let mut graded = 0;
    for case in &cases {
        let reply = json(&[
            "ask",
            &case.scenario,
            "--followup",
            &case.followup,
            "--format",
            "json",
            "--",
            &case.text,
        ]);
        graded += usize::from(reply["grade"] == case.grade.as_str());
        if case.grade == "thin" {
            assert!(
                reply["probe"].is_string(),
                "thin reply not probed: {:?}",
                case.text
            );
        }
        if case.covered.len() >= 3 {
            assert!(
                reply["probe"].is_null(),
                "good reply probed: {:?}",
                case.text
            );
        }
    }
    let floor = floors().grade;
    assert!(
        share(graded, cases.len()) >= floor,
        "grade {graded}/{} below {floor}",
        cases.len()
    );
}
