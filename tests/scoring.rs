//! The scorer against graded answers: the hand-made fixtures must come out as an expert grades
//! them, and agreement on the held-out set (written separately, never tuned against line by
//! line) must not fall below its recorded level.

use std::collections::BTreeMap;
use std::path::Path;

use dei::rubric::Rubric;
use dei::scenario::Catalog;
use dei::score::{Band, Scorecard, score};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    band: String,
    #[serde(default)]
    score: Option<u32>,
    #[serde(default)]
    signals_hit: Vec<String>,
    #[serde(default)]
    signals_missed: Vec<String>,
    #[serde(default)]
    flags_fired: Vec<String>,
    #[serde(default)]
    flags_clear: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    why: Option<String>,
}

fn load(folder: &str, manifest: &str) -> Vec<(String, String, Expected)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let text = std::fs::read_to_string(dir.join(manifest)).expect("manifest");
    let expected: BTreeMap<String, Expected> = toml::from_str(&text).expect("manifest parses");
    expected
        .into_iter()
        .map(|(name, e)| {
            let answer = std::fs::read_to_string(dir.join(format!("{name}.md")))
                .unwrap_or_else(|err| panic!("{name}.md: {err}"));
            (name, answer, e)
        })
        .collect()
}

fn grade(answer: &str) -> Scorecard {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    score(scenario, answer, rubric)
}

/// Every way `card` disagrees with what the expert is certain of.
fn disagreements(card: &Scorecard, e: &Expected) -> Vec<String> {
    let hit = |list: &[dei::score::ItemResult], id: &str| {
        list.iter()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("{id} missing from the scorecard"))
            .hit
    };
    let mut out = Vec::new();
    if card.band.name() != e.band {
        out.push(format!("band {} (expected {})", card.band.name(), e.band));
    }
    for id in &e.signals_hit {
        if !hit(&card.signals, id) {
            out.push(format!("signal {id} missed"));
        }
    }
    for id in &e.signals_missed {
        if hit(&card.signals, id) {
            out.push(format!("signal {id} credited"));
        }
    }
    for id in &e.flags_fired {
        if !hit(&card.red_flags, id) {
            out.push(format!("red flag {id} not raised"));
        }
    }
    for id in &e.flags_clear {
        if hit(&card.red_flags, id) {
            out.push(format!("red flag {id} raised"));
        }
    }
    out
}

#[test]
fn fixtures_score_as_an_expert_grades_them() {
    check_folder("tests/fixtures/answers/realtime-analytics");
}

/// Answers written to fool the scorer: buzzwords with vacuous reasons, sarcasm, dismissals,
/// questions only, numbers about the team, a copied prompt, terse but strong notes.
#[test]
fn adversarial_answers_are_not_fooled() {
    check_folder("tests/fixtures/answers/probes");
}

fn check_folder(folder: &str) {
    let mut failures = Vec::new();
    for (name, answer, expected) in load(folder, "expected.toml") {
        let card = grade(&answer);
        let problems = disagreements(&card, &expected);
        if !problems.is_empty() {
            failures.push(format!("{name} ({}): {}", card.score, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_hit_quotes_its_evidence_from_the_answer() {
    for (name, answer, _) in load("tests/fixtures/answers/realtime-analytics", "expected.toml") {
        let card = grade(&answer);
        for item in card.signals.iter().chain(&card.red_flags) {
            if item.hit {
                assert!(
                    item.evidence.is_some(),
                    "{name}: {} has no evidence",
                    item.id
                );
            } else {
                assert!(
                    item.evidence.is_none(),
                    "{name}: {} is not hit but has evidence",
                    item.id
                );
            }
            assert!(!item.advice.is_empty(), "{name}: {} has no advice", item.id);
            if let Some([start, end]) = item.span {
                let quoted = answer.get(start..end).expect("span on char boundaries");
                let first_word = item
                    .evidence
                    .as_deref()
                    .and_then(|e| e.split_whitespace().next())
                    .expect("quoted evidence");
                assert!(
                    quoted.contains(first_word),
                    "{name}: span of {} does not hold its quote",
                    item.id
                );
            }
        }
    }
}

fn band_rank(band: &str) -> i32 {
    match band {
        "strong" => 2,
        "mixed" => 1,
        _ => 0,
    }
}

/// Agreement on the held-out set: 12 of 14 bands exact, none two bands off. The known misses
/// are two answers that walk into the hot-seller trap, which the grader weighs more heavily
/// than the rubric's penalty does.
#[test]
fn held_out_answers_agree_with_the_grader() {
    let graded = load("tests/fixtures/answers/holdout", "grades.toml");
    let mut exact = 0;
    let mut report = Vec::new();
    for (name, answer, expected) in &graded {
        let card = grade(answer);
        let distance = (band_rank(card.band.name()) - band_rank(&expected.band)).abs();
        assert!(
            distance < 2,
            "{name}: scored {} ({}), graded {}",
            card.score,
            card.band.name(),
            expected.band
        );
        if distance == 0 {
            exact += 1;
        }
        let gap = expected.score.map(|s| i64::from(card.score) - i64::from(s));
        report.push(format!(
            "{name}: {} {} (grader {} {:?}, gap {gap:?})",
            card.score,
            card.band.name(),
            expected.band,
            expected.score
        ));
    }
    println!("{}", report.join("\n"));
    assert!(
        exact >= 12,
        "only {exact} of {} bands agree:\n{}",
        graded.len(),
        report.join("\n")
    );
}

#[test]
fn bands_follow_the_score() {
    assert_eq!(Band::of(100), Band::Strong);
    assert_eq!(Band::of(dei::score::STRONG_AT), Band::Strong);
    assert_eq!(Band::of(dei::score::STRONG_AT - 1), Band::Mixed);
    assert_eq!(Band::of(dei::score::MIXED_AT), Band::Mixed);
    assert_eq!(Band::of(dei::score::MIXED_AT - 1), Band::Weak);
}
