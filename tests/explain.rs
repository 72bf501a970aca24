//! `dei score --explain`: every rubric item lists the sentences it considered and why each did
//! or did not count, in text and in JSON.

use std::process::Command;

const ANSWER: &str = "Before I draw anything I would want to know how fresh the dashboard must be.\n\n\
At 10k events/s average and 5x at peak, that is 50k events/s, and at 1 KB that is 50 MB/s.\n\n\
We write with upserts keyed on the event id, so a redelivered batch changes nothing.\n\n\
Actually, we do not need upserts at all. Compaction we can skip for now.\n";

fn score(extra: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("answer.md");
    std::fs::write(&path, ANSWER).expect("answer");
    let mut args = vec![
        "score",
        "realtime-analytics",
        path.to_str().expect("UTF-8 path"),
    ];
    args.extend(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_dei"))
        .args(&args)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("DEI_SCENARIOS")
        .env("COLUMNS", "100")
        .output()
        .expect("dei runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn text_explains_each_item_with_its_sentences() {
    let text = score(&["--explain"]);
    let why = text
        .split("Why each item came out so")
        .nth(1)
        .expect("an explanation section");
    insta::assert_snapshot!(why);
}

#[test]
fn json_adds_considered_to_each_item_only_when_asked() {
    let plain: serde_json::Value =
        serde_json::from_str(&score(&["--format", "json"])).expect("JSON");
    assert!(plain["signals"][0].get("considered").is_none());
    let json: serde_json::Value =
        serde_json::from_str(&score(&["--format", "json", "--explain"])).expect("JSON");
    let failure = json["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .find(|s| s["id"] == "failure-modes")
        .expect("failure-modes");
    let considered = failure["considered"].as_array().expect("considered");
    let upsert = considered
        .iter()
        .find(|c| {
            let [a, b] = [c["span"][0].as_u64(), c["span"][1].as_u64()]
                .map(|x| usize::try_from(x.unwrap_or_default()).unwrap_or_default());
            ANSWER[a..b].starts_with("We write with upserts")
        })
        .expect("the upsert sentence is considered");
    assert_eq!(upsert["counted"], false);
    assert!(
        upsert["why"]
            .as_str()
            .unwrap_or_default()
            .starts_with("taken back later"),
        "{upsert}"
    );
}
