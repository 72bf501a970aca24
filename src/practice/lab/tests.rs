//! The lab against the built-in scenarios.

use super::*;
use crate::rubric::Rubric;
use crate::scenario::Catalog;

fn catalog() -> Catalog {
    Catalog::builtin(Rubric::builtin())
}

fn lab(catalog: &Catalog, kind: LabKind) -> Lab {
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    Lab::new(scenario, kind).expect("realtime-analytics has every profile")
}

#[test]
fn kinds_follow_the_profiles() {
    let catalog = catalog();
    let all = catalog.get("realtime-analytics").expect("built-in");
    assert_eq!(
        Lab::kinds(all),
        [LabKind::Skew, LabKind::Redelivery, LabKind::SmallFiles]
    );
    let batch = catalog.get("batch-redesign").expect("built-in");
    assert_eq!(Lab::kinds(batch), [LabKind::SmallFiles]);
    assert!(Lab::new(batch, LabKind::Skew).is_none());
}

#[test]
fn salting_lowers_the_hottest_partition() {
    let catalog = catalog();
    let mut lab = lab(&catalog, LabKind::Skew);
    let before = lab.run().expect("runs");
    assert!(!before.holds(), "{}", before.summary());
    for _ in 0..3 {
        lab.adjust(true);
    }
    assert_eq!(lab.knobs(), &Knobs::Skew { salt: 8 });
    assert_eq!(lab.knob_rows(), [("salt".into(), "×8 sub-keys".into())]);
    let after = lab.run().expect("runs");
    let LabOutcome::Skew {
        baseline, current, ..
    } = &after
    else {
        panic!("a skew outcome: {after:?}");
    };
    assert!(current.max_partition_share < baseline.max_partition_share / 2.0);
    assert!(after.holds(), "{}", after.summary());
    assert!(
        after
            .summary()
            .starts_with("Salting the hot key over 8 sub-keys"),
        "{}",
        after.summary()
    );
}

#[test]
fn upserts_after_the_write_are_exact_and_committing_first_loses_events() {
    let catalog = catalog();
    let mut lab = lab(&catalog, LabKind::Redelivery);
    let inserts = lab.run().expect("runs");
    assert!(!inserts.holds());
    assert!(
        inserts.summary().contains("too much"),
        "{}",
        inserts.summary()
    );

    lab.select_next();
    lab.adjust(true);
    assert_eq!(
        lab.knobs(),
        &Knobs::Redelivery {
            commit: CommitOrder::AfterWrite,
            write: WriteMode::Upsert
        }
    );
    let exact = lab.run().expect("runs");
    let LabOutcome::Redelivery { outcome, .. } = &exact else {
        panic!("a redelivery outcome: {exact:?}");
    };
    assert!(outcome.error_pct.abs() < f64::EPSILON && outcome.crashes > 0);
    assert!(exact.holds(), "{}", exact.summary());

    lab.select_prev();
    lab.adjust(false);
    let lost = lab.run().expect("runs");
    let LabOutcome::Redelivery { outcome, .. } = &lost else {
        panic!("a redelivery outcome: {lost:?}");
    };
    assert!(outcome.lost_events > 0 && outcome.error_pct < 0.0);
    assert!(!lost.holds());
    assert!(lost.summary().contains("too little"), "{}", lost.summary());
}

#[test]
fn compaction_collapses_the_files() {
    let catalog = catalog();
    let mut lab = lab(&catalog, LabKind::SmallFiles);
    assert_eq!(
        lab.knob_rows(),
        [
            ("flush".into(), "every 5 s".into()),
            ("compaction".into(), "off".into())
        ]
    );
    let without = lab.run().expect("runs");
    assert!(!without.holds(), "{}", without.summary());
    lab.select_next();
    lab.adjust(true);
    lab.adjust(true);
    assert_eq!(lab.knob_rows()[1].1, "every 1 h");
    let with = lab.run().expect("runs");
    let (LabOutcome::SmallFiles { outcome: a, .. }, LabOutcome::SmallFiles { outcome: b, .. }) =
        (&without, &with)
    else {
        panic!("small-files outcomes");
    };
    assert_eq!(a.files_after_compaction, a.files_written);
    assert!(b.files_after_compaction < a.files_after_compaction / 10);
    assert!(with.holds(), "{}", with.summary());
}

#[test]
fn knobs_stay_in_range() {
    let catalog = catalog();
    for kind in [LabKind::Skew, LabKind::Redelivery, LabKind::SmallFiles] {
        let mut lab = lab(&catalog, kind);
        for up in [true, false, true] {
            for _ in 0..40 {
                lab.adjust(up);
                lab.select_next();
                lab.adjust(up);
                assert!(lab.selected() < lab.knob_rows().len());
                match *lab.knobs() {
                    Knobs::Skew { salt } => assert!((1..=MAX_SALT).contains(&salt)),
                    Knobs::Redelivery { .. } => {}
                    Knobs::SmallFiles {
                        flush_seconds,
                        compact_every,
                    } => {
                        assert!(FLUSHES.contains(&flush_seconds));
                        assert!(COMPACTIONS.contains(&compact_every.unwrap_or(0.0)));
                    }
                }
            }
        }
    }
    let mut lab = lab(&catalog, LabKind::SmallFiles);
    lab.select_prev();
    for _ in 0..10 {
        lab.adjust(false);
    }
    assert_eq!(lab.knob_rows()[1].1, "off");
    assert!((step(&COMPACTIONS, 1800.0, true) - 3600.0).abs() < f64::EPSILON);
    assert!((step(&COMPACTIONS, 1800.0, false) - 900.0).abs() < f64::EPSILON);
    assert!((step(&FLUSHES, 7200.0, true) - 7200.0).abs() < f64::EPSILON);
    assert!((step(&FLUSHES, 7200.0, false) - 3600.0).abs() < f64::EPSILON);
}

#[test]
fn reads_the_knobs_of_the_model_answers_simulations() {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    let answer = scenario.model_answer.as_deref().expect("a model answer");
    let card = crate::score::score(scenario, answer, rubric);
    assert!(!card.simulations.is_empty());
    for sim in &card.simulations {
        let lab = Lab::from_simulation(scenario, sim).expect("reads the knobs");
        assert_eq!(lab.kind().id(), sim.kind);
        let knobs = match lab.knobs() {
            Knobs::Skew { salt } => serde_json::json!({ "salt": salt }),
            Knobs::Redelivery { commit, write } => {
                serde_json::json!({ "commit": commit, "write": write })
            }
            Knobs::SmallFiles {
                flush_seconds,
                compact_every,
            } => serde_json::json!({
                "flush_seconds": flush_seconds,
                "compact_every": compact_every,
            }),
        };
        for (key, value) in knobs.as_object().expect("an object") {
            assert_eq!(&sim.config[key], value, "{} {key}", sim.kind);
        }
        // The lab runs what the scorer ran, so it reaches the scorer's verdict.
        let outcome = lab.run().expect("runs");
        assert_eq!(
            outcome.holds(),
            sim.verdict == crate::score::design::SimVerdict::Holds,
            "{}",
            outcome.summary()
        );
    }
}

#[test]
fn a_large_profile_is_scaled_and_says_so() {
    let catalog = catalog();
    let mut lab = lab(&catalog, LabKind::Redelivery);
    if let Profile::Redelivery(p) = &mut lab.profile {
        p.events = "10M".into();
    }
    let outcome = lab.run().expect("runs");
    assert_eq!(outcome.scaled_from(), Some(10_000_000));
    let LabOutcome::Redelivery { config, .. } = &outcome else {
        panic!("a redelivery outcome");
    };
    assert_eq!(config.events, LAB_MAX_EVENTS);
    assert!(
        outcome
            .summary()
            .ends_with("(run on 1,000,000 of the profile's 10,000,000 events)."),
        "{}",
        outcome.summary()
    );
}

#[test]
fn summaries_read_as_sentences() {
    let catalog = catalog();
    for kind in [LabKind::Skew, LabKind::Redelivery, LabKind::SmallFiles] {
        let summary = lab(&catalog, kind).run().expect("runs").summary();
        assert!(summary.ends_with('.'), "{summary}");
        println!("{summary}");
    }
}

/// The lab a practice answer opens on for `kind`: the session's moves made into the Markdown
/// answer the scorer grades, and the lab read from the simulation it ran.
fn lab_of_session(session: &crate::practice::Session, kind: LabKind) -> Lab {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    let card = crate::score::score(scenario, &session.answer_markdown(""), rubric);
    let sim = card
        .simulations
        .iter()
        .find(|s| s.kind == kind.id())
        .unwrap_or_else(|| panic!("no {} simulation: {:?}", kind.id(), card.simulations));
    Lab::from_simulation(scenario, sim).expect("reads the knobs")
}

#[test]
fn the_lab_runs_the_design_the_deep_dive_settles() {
    use crate::practice::{Exchange, Mode, Session};
    let mut session = Session::new(
        "realtime-analytics",
        Mode::Practice,
        "2026-11-24T09:00:00Z".into(),
    );
    session.sketch = "kafka: 24 partitions keyed by seller_id, hot sellers salted\n\
                      iceberg: the writer commits every 5 minutes, nightly compaction of the small files\n"
        .into();
    let reply = |followup: &str, reply: &str| Exchange {
        reply: reply.into(),
        ..Exchange::asked(followup, "")
    };
    session.deep_dive.push(reply(
        "hot-seller",
        "We salt a hot seller's key from 0 to 15, so it spreads over 16 sub-keys, and a second \
         step sums the partials.",
    ));
    session.deep_dive.push(reply(
        "tiny-files",
        "Nightly leaves a day of small files for the dashboards, so compaction runs hourly.",
    ));
    assert_eq!(
        lab_of_session(&session, LabKind::Skew).knobs(),
        &Knobs::Skew { salt: 16 }
    );
    assert_eq!(
        lab_of_session(&session, LabKind::SmallFiles).knobs(),
        &Knobs::SmallFiles {
            flush_seconds: 300.0,
            compact_every: Some(3600.0),
        }
    );
    // A contrast in the sketch keys by its first half.
    session.sketch = "kafka: partitioned by seller_id, not by user id\n".into();
    session.deep_dive.clear();
    assert_eq!(
        lab_of_session(&session, LabKind::Skew).knobs(),
        &Knobs::Skew { salt: 1 }
    );
}

#[test]
fn compaction_with_nothing_to_merge_says_the_files_are_already_large() {
    let catalog = catalog();
    let mut lab = lab(&catalog, LabKind::SmallFiles);
    // The longest flush writes files already at their target size.
    for _ in 0..20 {
        lab.adjust(true);
    }
    lab.select_next();
    lab.adjust(true);
    lab.adjust(true);
    let run = lab.run().expect("runs");
    let LabOutcome::SmallFiles { outcome, .. } = &run else {
        panic!("a small-files outcome");
    };
    assert_eq!(
        outcome.files_after_compaction,
        outcome.files_written,
        "{}",
        run.summary()
    );
    let said = run.summary();
    assert!(
        said.contains("has nothing to do, the files are already large"),
        "{said}"
    );
    assert!(!said.contains("instead of"), "{said}");
}
