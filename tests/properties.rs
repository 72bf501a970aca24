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
            // The forms of issue 13.
            Just(" of ".to_owned()),
            Just(" for ".to_owned()),
            Just(" over ".to_owned()),
            Just(" at ".to_owned()),
            Just(" to ".to_owned()),
            Just("h".to_owned()),
            Just("m".to_owned()),
            Just("x".to_owned()),
            Just(" half ".to_owned()),
            Just(" twenty".to_owned()),
            Just(" thousand".to_owned()),
            Just(" nines".to_owned()),
            Just(" peak".to_owned()),
            Just(" MBps".to_owned()),
            Just("/s".to_owned()),
            Just(" ans".to_owned()),
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

/// What the calculator reads `input` as, in base units.
fn value_of(input: &str) -> f64 {
    dei::calc::Calculator::new()
        .eval(input)
        .unwrap_or_else(|e| panic!("{input}: {}", e.render(input)))
        .quantity
        .value
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// A whole number below a million in English words, spelled here apart from the calculator.
fn spelled(n: u32) -> String {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let below_hundred = |n: u32| match n {
        0..20 => SMALL[n as usize].to_owned(),
        _ if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_owned(),
        _ => format!("{}-{}", TENS[(n / 10) as usize], SMALL[(n % 10) as usize]),
    };
    let below_thousand = |n: u32| match (n / 100, n % 100) {
        (0, rest) => below_hundred(rest),
        (h, 0) => format!("{} hundred", SMALL[h as usize]),
        (h, rest) => format!("{} hundred and {}", SMALL[h as usize], below_hundred(rest)),
    };
    match (n / 1000, n % 1000) {
        (0, rest) => below_thousand(rest),
        (k, 0) => format!("{} thousand", below_thousand(k)),
        (k, rest) => format!("{} thousand {}", below_thousand(k), below_thousand(rest)),
    }
}

proptest! {
    #[test]
    fn thousands_separated_by_spaces_read_as_one_number(n in 1_000u64..1_000_000_000_000) {
        let digits = n.to_string();
        let head = digits.len() % 3;
        let mut groups = vec![&digits[..head]];
        groups.extend((head..digits.len()).step_by(3).map(|i| &digits[i..i + 3]));
        let spaced = groups.into_iter().filter(|g| !g.is_empty()).collect::<Vec<_>>().join(" ");
        prop_assert!(close(value_of(&format!("{spaced} events")), n as f64), "{spaced}");
    }

    #[test]
    fn glued_durations_add_their_parts(h in 0u32..100, m in 1u32..60, s in 1u32..60) {
        let seconds = f64::from(h * 3600 + m * 60);
        let (glued, bare, full, times) = (
            format!("{h}h{m}m"),
            format!("{h}h{m}"),
            format!("{h}h{m}m{s}s"),
            format!("3x {h} h {m} min"),
        );
        prop_assert!(close(value_of(&glued), seconds), "{glued}");
        prop_assert!(close(value_of(&bare), seconds), "{bare}");
        prop_assert!(close(value_of(&full), seconds + f64::from(s)), "{full}");
        prop_assert!(close(value_of(&times), 3.0 * seconds), "{times}");
    }

    #[test]
    fn a_sign_applies_to_the_whole_power(a in 1u32..30, b in 1i32..5) {
        let (plain, parenthesised) = (format!("-{a}^{b}"), format!("(-{a})^{b}"));
        let power = f64::from(a).powi(b);
        prop_assert!(close(value_of(&plain), -power), "{plain}");
        prop_assert!(close(value_of(&parenthesised), (-f64::from(a)).powi(b)), "{parenthesised}");
    }

    #[test]
    fn of_for_and_over_are_the_sums_they_say(p in 0.1f64..100.0, x in 0.1f64..1e6, h in 1u32..1000) {
        let (of, over, for_) = (
            format!("{p}% of {x} GB"),
            format!("{x} MB/s over {h} hours"),
            format!("{x} MB/s for {h} h"),
        );
        prop_assert!(close(value_of(&of), p / 100.0 * x * 1e9), "{of}");
        let amount = x * 1e6 * f64::from(h) * 3600.0;
        prop_assert!(close(value_of(&over), amount), "{over}");
        prop_assert!(close(value_of(&for_), amount), "{for_}");
    }

    #[test]
    fn number_words_read_as_their_digits(n in 1u32..1_000_000) {
        let words = format!("{} events", spelled(n));
        prop_assert!(close(value_of(&words), f64::from(n)), "{words}");
    }

    #[test]
    fn words_that_name_what_is_counted_never_change_the_value(
        x in 0.1f64..1e6,
        n in 1u32..100,
        word in prop::sample::select(vec!["peak", "total", "replicas", "copies", "average", "compressed"]),
    ) {
        // `raw` is one letter from `row`: a word of its own after a size, a typo after a count.
        let raw = format!("{x} TB raw");
        prop_assert!(close(value_of(&raw), x * 1e12), "{raw}");
        let (after, times, before) = (
            format!("{x} TB {word}"),
            format!("{x} TB * {n} {word}"),
            format!("{n} {word} * {x} TB"),
        );
        prop_assert!(close(value_of(&after), x * 1e12), "{after}");
        prop_assert!(close(value_of(&times), x * 1e12 * f64::from(n)), "{times}");
        prop_assert!(close(value_of(&before), x * 1e12 * f64::from(n)), "{before}");
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
