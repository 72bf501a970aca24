//! Every shipped scenario loads, validates and is worth practising: its model answer scores
//! strong against its own rubric with no red flag.

use dei::rubric::Rubric;
use dei::scenario::{Archetype, Catalog};
use dei::score::{Band, score};

#[test]
fn every_built_in_scenario_loads() {
    let catalog = Catalog::builtin(Rubric::builtin());
    assert!(!catalog.scenarios().is_empty());
    assert!(catalog.broken().is_empty());
    for s in catalog.scenarios() {
        assert!(s.file.starts_with("<builtin>/scenarios/"), "{}", s.file);
        assert!(!s.prompt.trim().is_empty(), "{}: empty prompt", s.id);
        assert!(s.facts.iter().any(|f| f.key), "{}: no key facts", s.id);
    }
}

/// At run time built-in scenarios skip the checks `dei scenario check` runs; here every one
/// passes them in full, as a user's file would have to.
#[test]
fn every_built_in_scenario_passes_the_full_checks() {
    use dei::scenario::{BuiltinFiles, Origin, builtin_file, parse_scenario};
    let catalog = Catalog::builtin(Rubric::builtin());
    for s in catalog.scenarios() {
        let path = s.file.trim_start_matches("<builtin>/");
        let source = builtin_file(path).expect("embedded");
        let checked = parse_scenario(
            source,
            &s.file,
            std::path::Path::new(path),
            Origin::User,
            &BuiltinFiles,
            Rubric::builtin(),
        );
        if let Err(problems) = checked {
            let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
            panic!("{}:\n{}", s.id, text.join("\n"));
        }
    }
}

#[test]
fn realtime_analytics_is_complete() {
    let catalog = Catalog::builtin(Rubric::builtin());
    let s = catalog.get("realtime-analytics").expect("shipped");
    assert_eq!(s.archetype, Archetype::RealtimeAnalytics);
    assert!(s.model_answer.is_some());
    assert!(s.followups.len() >= 4);
    assert!(!s.sketch.components.is_empty());
    assert!(s.sketch.components.iter().all(|c| !c.reason.is_empty()));
    assert!(!s.sizing.derived.is_empty());
    assert!(!s.defend.is_empty());
}

#[test]
fn every_model_answer_scores_strong_with_no_red_flag() {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    for s in catalog.scenarios() {
        let Some(answer) = &s.model_answer else {
            panic!("{} has no model answer", s.id);
        };
        let card = score(s, answer, rubric);
        let fired: Vec<&str> = card.raised_flags().map(|f| f.id.as_str()).collect();
        let missed: Vec<&str> = card.missed_signals().map(|f| f.id.as_str()).collect();
        assert_eq!(
            card.band,
            Band::Strong,
            "{}: {} (missed {missed:?}, fired {fired:?})",
            s.id,
            card.score
        );
        assert!(fired.is_empty(), "{}: red flags {fired:?}", s.id);
        let off: Vec<&str> = card
            .claims
            .iter()
            .filter(|c| c.verdict == dei::score::claims::ClaimVerdict::Off)
            .map(|c| c.text.as_str())
            .collect();
        assert!(
            off.is_empty(),
            "{}: model answer numbers off: {off:?}",
            s.id
        );
        assert!(
            !card.claims.is_empty(),
            "{}: the model answer states no checkable number",
            s.id
        );
        let broken: Vec<&str> = card
            .simulations
            .iter()
            .filter(|sim| sim.verdict == dei::score::design::SimVerdict::Breaks)
            .map(|sim| sim.kind)
            .collect();
        assert!(
            broken.is_empty(),
            "{}: the model answer's design breaks in {broken:?}",
            s.id
        );
        let profiles = &s.load_profiles;
        if profiles.skew.is_some()
            || profiles.redelivery.is_some()
            || profiles.small_files.is_some()
        {
            assert!(
                !card.simulations.is_empty(),
                "{}: the scenario has load profiles but its model answer states no design choice to simulate",
                s.id
            );
        }
    }
}

#[test]
fn scenario_check_holds_every_model_answer_to_the_same_bar() {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    for s in catalog.scenarios() {
        let mut problems = dei::score::model_answer_problems(s, rubric);
        problems.extend(dei::score::signal_example_problems(s, rubric));
        assert!(problems.is_empty(), "{}: {problems:#?}", s.id);
    }
}

#[test]
fn every_sizing_expression_evaluates() {
    let catalog = Catalog::builtin(Rubric::builtin());
    for s in catalog.scenarios() {
        let defined = s.sizing.given.len() + s.sizing.derived.len();
        assert_eq!(
            s.sizes.len(),
            defined,
            "{}: a sizing expression did not evaluate",
            s.id
        );
        assert!(
            s.sizes.iter().all(|q| q.quantity.value.is_finite()),
            "{}",
            s.id
        );
    }
}

#[test]
fn every_follow_up_probes_known_rubric_ids() {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    for s in catalog.scenarios() {
        for f in &s.followups {
            for probe in &f.probes {
                assert!(
                    rubric.knows(probe) || s.rubric.signals.iter().any(|x| &x.id == probe),
                    "{}: follow-up {} probes unknown {probe}",
                    s.id,
                    f.id
                );
            }
        }
    }
}
