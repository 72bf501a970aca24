//! Property tests: the text parsers never panic, spans stay inside the text, and a score is
//! always a well-formed scorecard, whatever the input.

use dei::answer::Answer;
use dei::rubric::{Rubric, RuleId};
use dei::scenario::Catalog;
use dei::text::{Pattern, tokenize};
use proptest::prelude::*;

/// Text with the characters answers are made of: words, digits, Markdown, punctuation,
/// apostrophes, multi-byte characters.
fn answerish() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,8}",
            "[0-9]{1,5}(\\.[0-9])?[kKMB]?",
            Just(" ".to_owned()),
            Just("\n".to_owned()),
            Just("\n\n".to_owned()),
            Just("# ".to_owned()),
            Just("- ".to_owned()),
            Just("**".to_owned()),
            Just("`".to_owned()),
            Just("| ".to_owned()),
            Just("'".to_owned()),
            Just("n't".to_owned()),
            Just("é".to_owned()),
            Just("—".to_owned()),
            Just("×".to_owned()),
            Just("\r\n".to_owned()),
            Just("\t".to_owned()),
            Just("&amp;".to_owned()),
            Just("\\*".to_owned()),
            Just("<div>".to_owned()),
            Just("</div>\n".to_owned()),
            Just("> ".to_owned()),
            Just("\n```\n".to_owned()),
            Just("1. ".to_owned()),
            Just("[^1]".to_owned()),
            Just("😀".to_owned()),
            Just("\u{200b}".to_owned()),
            Just("שלום".to_owned()),
            "[.,;:!?()/*=~$%-]",
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn tokens_have_valid_spans(text in answerish()) {
        for token in tokenize(&text) {
            prop_assert!(text.get(token.span.clone()).is_some());
            prop_assert!(!token.text.is_empty());
        }
    }

    #[test]
    fn pattern_parsing_never_panics(source in "[a-zé0-9*|().,_\\- ']{0,30}") {
        if let Ok(pattern) = Pattern::parse(&source) {
            let _ = pattern.find(&tokenize(&source));
        }
    }

    #[test]
    fn answers_parse_with_spans_inside_the_text(text in answerish()) {
        let answer = Answer::parse(&text);
        for sentence in &answer.sentences {
            prop_assert!(text.get(sentence.span.clone()).is_some(), "span {:?}", sentence.span);
            for token in &sentence.tokens {
                prop_assert!(text.get(token.span.clone()).is_some());
            }
        }
    }

    #[test]
    fn any_answer_gets_a_complete_scorecard(text in answerish()) {
        let rubric = Rubric::builtin();
        let catalog = Catalog::builtin(rubric);
        let scenario = catalog.get("realtime-analytics").expect("built-in");
        let card = dei::score::score(scenario, &text, rubric);
        prop_assert!(card.score <= 100);
        let stage_total: u32 = card.stages.iter().map(|s| s.max).sum();
        prop_assert_eq!(stage_total, 100);
        for id in RuleId::SIGNALS {
            prop_assert_eq!(card.signals.iter().filter(|s| s.id == id.as_str()).count(), 1);
        }
        for id in RuleId::RED_FLAGS {
            prop_assert_eq!(card.red_flags.iter().filter(|s| s.id == id.as_str()).count(), 1);
        }
        for item in card.signals.iter().chain(&card.red_flags) {
            prop_assert_eq!(item.hit, item.evidence.is_some());
            if let Some([start, end]) = item.span {
                prop_assert!(text.get(start..end).is_some());
            }
        }
    }
}

/// Expressions built from the calculator's own vocabulary.
fn expression() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[0-9]{1,4}(\\.[0-9]{1,2})?",
            Just("k".to_owned()),
            Just(" events".to_owned()),
            Just(" KB".to_owned()),
            Just(" MiB".to_owned()),
            Just(" s".to_owned()),
            Just(" day".to_owned()),
            Just(" per ".to_owned()),
            Just(" a ".to_owned()),
            Just(" * ".to_owned()),
            Just(" / ".to_owned()),
            Just(" + ".to_owned()),
            Just(" - ".to_owned()),
            Just(" -> ".to_owned()),
            Just("(".to_owned()),
            Just(")".to_owned()),
            Just("^".to_owned()),
            Just("%".to_owned()),
            Just("$".to_owned()),
            Just("~".to_owned()),
            Just(",".to_owned()),
            Just("é".to_owned()),
        ],
        0..14,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn the_calculator_never_panics_and_errors_point_inside(input in expression()) {
        let mut calc = dei::calc::Calculator::new();
        match calc.show(&input) {
            Ok(shown) => prop_assert!(!shown.display.is_empty()),
            Err(err) => {
                prop_assert!(err.span.end <= input.len());
                prop_assert!(input.is_char_boundary(err.span.start) && input.is_char_boundary(err.span.end));
                let _ = err.render(&input);
            }
        }
    }

    #[test]
    fn conversion_round_trips(value in 1e-3f64..1e12, units in prop::sample::select(vec![
        ("MB/s", "GB/day"), ("KB", "KiB"), ("events/s", "events/day"), ("TB/month", "MB/s"), ("hours", "s"),
    ])) {
        let (a, b) = units;
        let mut calc = dei::calc::Calculator::new();
        let there = calc.eval(&format!("{value:e} {a} -> {b}")).expect("converts");
        let shown_there = there.quantity.value / there.target.as_ref().expect("target").1;
        let back = calc.eval(&format!("{shown_there:e} {b} -> {a}")).expect("converts back");
        let value_back = back.quantity.value / back.target.as_ref().expect("target").1;
        prop_assert!((value_back - value).abs() <= value * 1e-9, "{value} {a} -> {shown_there} {b} -> {value_back}");
    }
}

mod simulations {
    use dei::sim::redelivery::{CommitOrder, RedeliveryConfig, WriteMode, run};
    use dei::sim::skew::{self, KeyLaw, SkewConfig};
    use proptest::prelude::*;

    fn config(
        events: u64,
        batch: u64,
        crash_rate: f64,
        commit: CommitOrder,
        write: WriteMode,
    ) -> RedeliveryConfig {
        RedeliveryConfig {
            events,
            batch,
            crash_rate,
            commit,
            write,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn upsert_after_write_counts_exactly(seed: u64, events in 1u64..5_000, batch in 1u64..300, crash in 0.0f64..0.9) {
            let out = run(&config(events, batch, crash, CommitOrder::AfterWrite, WriteMode::Upsert), seed).expect("valid");
            prop_assert_eq!(out.counted_total, out.true_total);
            prop_assert_eq!(out.lost_events, 0);
            prop_assert_eq!(out.duplicates_applied, 0);
        }

        #[test]
        fn insert_after_write_over_counts_once_a_crash_falls_between(seed: u64, events in 1u64..5_000, batch in 1u64..300, crash in 0.0f64..0.9) {
            let out = run(&config(events, batch, crash, CommitOrder::AfterWrite, WriteMode::Insert), seed).expect("valid");
            prop_assert_eq!(out.lost_events, 0);
            if out.crashes_between_write_and_commit > 0 {
                prop_assert!(out.counted_total > out.true_total);
            } else {
                prop_assert_eq!(out.counted_total, out.true_total);
            }
        }

        #[test]
        fn commit_before_write_loses_once_a_crash_falls_between(seed: u64, events in 1u64..5_000, batch in 1u64..300, crash in 0.0f64..0.9, upsert: bool) {
            let write = if upsert { WriteMode::Upsert } else { WriteMode::Insert };
            let out = run(&config(events, batch, crash, CommitOrder::BeforeWrite, write), seed).expect("valid");
            if out.crashes_between_commit_and_write > 0 {
                prop_assert!(out.lost_events > 0);
            } else {
                prop_assert_eq!(out.lost_events, 0);
            }
            prop_assert!(out.counted_total <= out.true_total);
        }

        #[test]
        fn skew_conserves_events_and_salted_totals_match(seed: u64, events in 1u64..20_000, partitions in 1u32..64, keys in 1u64..2_000, share in 0.0f64..1.0, salt in 1u32..32) {
            let config = SkewConfig { events, partitions, keys, law: KeyLaw::HotKey { share }, salt, rate: None, partition_capacity: None };
            let out = skew::run(&config, seed).expect("valid");
            prop_assert_eq!(out.partitions.iter().sum::<u64>(), events);
            prop_assert!(out.totals_match);
            prop_assert!(out.imbalance >= 1.0 - 1e-9);
            prop_assert!(out.max_partition_share <= 1.0);
            prop_assert_eq!(skew::run(&config, seed).expect("valid"), out, "the same seed reproduces");
        }
    }
}
