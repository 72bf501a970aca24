//! The calculator against the numbers candidates compute, written the way they write them.

use super::*;

fn show(input: &str) -> String {
    Calculator::new()
        .show(input)
        .unwrap_or_else(|e| panic!("{input}: {}", e.render(input)))
        .display
}

fn error(input: &str) -> CalcError {
    Calculator::new().eval(input).expect_err(input)
}

#[test]
fn the_realtime_analytics_numbers() {
    assert_eq!(show("10k events/s * 5 * 1 KB/event -> MB/s"), "50 MB/s");
    assert_eq!(show("10k events/s * 5"), "50,000 events/s");
    assert_eq!(
        show("10,000 events/s * 1 day"),
        "864 million events (~0.9 billion)"
    );
    assert_eq!(show("10k events/s * 1 KB/event * 1 day -> GB"), "864 GB");
    assert_eq!(show("864 GB/day / 5"), "172.8 GB/day");
    assert_eq!(show("864 GB/day / 5 * 30 days -> TB"), "5.184 TB");
    assert_eq!(show("50 MB/s / (10 MB/s)"), "5");
    assert_eq!(show("12 TB / (200 MB/s)"), "16.67 hours");
    assert_eq!(show("2000 changes/s * 1 day"), "172.8 million changes");
}

#[test]
fn input_the_way_people_write_it() {
    assert_eq!(show("~170 GB"), "170 GB");
    assert_eq!(show("50,000 events per second"), "50,000 events/s");
    assert_eq!(show("10_000 rows/sec"), "10,000 rows/s");
    assert_eq!(show("1e4 requests/s"), "10,000 requests/s");
    assert_eq!(show("5 TB a month -> GB/day"), "166.7 GB/day");
    assert_eq!(show("2bn events"), "2 billion events");
    assert_eq!(show("3B rows"), "3 billion rows");
    assert_eq!(show("5x * 10k"), "50,000");
    assert_eq!(show("$9 a night"), "$9/night");
    assert_eq!(show("$9.5 a night"), "$9.50/night");
    assert_eq!(show("1 Gb/s -> MB/s"), "125 MB/s");
    assert_eq!(show("1 KiB -> B"), "1,024 B");
    assert_eq!(show("3% * 2 billion events"), "60 million events");
}

#[test]
fn percentages_stay_percentages_and_never_round_to_100() {
    assert_eq!(show("99.9999999%"), "99.9999999%");
    assert_eq!(show("100% - 0.5%"), "99.5%");
    assert_eq!(show("0.005 -> %"), "0.5%");
}

#[test]
fn durations_are_humanised() {
    assert_eq!(show("90 s"), "1.5 minutes");
    assert_eq!(show("1 year -> days"), "365 days");
    assert_eq!(show("1 month -> days"), "30 days");
}

#[test]
fn variables_carry_across_lines() {
    let mut calc = Calculator::new();
    calc.eval("peak = 10k events/s * 5").expect("assign");
    let answer = calc.show("peak * 1 day").expect("use");
    assert_eq!(answer.display, "4.32 billion events");
}

#[test]
fn declared_counts_are_their_own_dimension() {
    let mut calc = Calculator::new();
    assert_eq!(error("5 orders/s").kind, ErrorKind::UnknownUnit);
    calc.declare_count("order").expect("declare");
    assert_eq!(
        calc.show("300 orders/s * 1 day").expect("ok").display,
        "25.92 million orders"
    );
    let err = calc.eval("1 events + 1 orders").expect_err("mixed counts");
    assert_eq!(err.kind, ErrorKind::Dimensions);
}

#[test]
fn errors_point_at_the_place_and_say_the_fix() {
    let input = "50 MB/s + 3 s";
    let err = error(input);
    assert_eq!(err.kind, ErrorKind::Dimensions);
    assert_eq!(
        err.render(input),
        "cannot add a data rate and a time\n  50 MB/s + 3 s\n  ^^^^^^^^^^^^^\n  help: only like quantities add up; multiply or divide to combine different ones (MB/s × s = MB)"
    );
    let err = error("5 evnts/s");
    assert_eq!(err.kind, ErrorKind::UnknownUnit);
    assert_eq!(err.span, 2..7);
    assert_eq!(err.help.as_deref(), Some("did you mean `events`?"));
    assert_eq!(error("5 MB / 0").kind, ErrorKind::Arithmetic);
    assert_eq!(error("events/s -> MB/s").kind, ErrorKind::Dimensions);
    assert_eq!(error("(5 + 3").kind, ErrorKind::Syntax);
    assert_eq!(error("5 +").kind, ErrorKind::Syntax);
    assert_eq!(error("").kind, ErrorKind::Syntax);
}

#[test]
fn side_by_side_binds_tighter_than_division() {
    assert_eq!(show("10 MB / 2 s"), "5 MB/s");
    assert_eq!(show("1 / 2 s"), "0.5 per s");
    assert_eq!(show("2 h 30 min"), "2.5 hours");
}

#[test]
fn only_percentages_are_shown_as_percentages() {
    assert_eq!(show("1000 * 5%"), "50");
    assert_eq!(show("50% * 200"), "100");
    assert_eq!(show("50% * 10%"), "5%");
}

#[test]
fn overflow_and_absurd_powers_are_errors() {
    assert_eq!(error("1e400").kind, ErrorKind::Syntax);
    assert_eq!(error("1e308 + 1e308").kind, ErrorKind::Arithmetic);
    assert_eq!(error(&"s ".repeat(20)).kind, ErrorKind::Dimensions);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(error(&deep).kind, ErrorKind::Syntax);
    let signs = format!("{}1", "-".repeat(100_000));
    assert_eq!(error(&signs).kind, ErrorKind::Syntax);
    assert_eq!(show(&format!("{}1{}", "(".repeat(30), ")".repeat(30))), "1");
}

#[test]
fn events_never_equal_files() {
    assert_eq!(error("1 events/s + 1 files/s").kind, ErrorKind::Dimensions);
}

#[test]
fn a_long_run_of_durations_side_by_side_is_a_loop_not_a_recursion() {
    // 25,000 durations side by side aborted with a stack overflow when each began a
    // recursive call that the nesting limit did not count.
    assert_eq!(show(&"1 s ".repeat(25_000)), "6.944 hours");
    assert_eq!(
        show(&format!("{}-> s", "1 s ".repeat(100_000))),
        "100,000 s"
    );
    // Folded from the right as before: durations add up, anything else multiplies.
    assert_eq!(show("1 h 30 min 30 min"), "2 hours");
    assert_eq!(show("2 h 30 min -> min"), "150 min");
    assert_eq!(show("1 h 2 events -> h events"), "2 h events");
    assert_eq!(error("1e308 s 1e308 s").kind, ErrorKind::Arithmetic);
}

#[test]
fn numbers_are_never_silently_wrong() {
    // Once 0 events: "10" times "000".
    assert_eq!(show("10 000 events"), "10,000 events");
    assert_eq!(show("1 000 000 * 2"), "2 million");
    // A four-digit number is not the first group of a spaced one.
    assert_eq!(show("2021 100"), "202,100");
    // Too small to represent is an error, as too large is.
    assert!(error("1e-400").message.contains("not a number"));
    assert!(error("1e400").message.contains("not a number"));
    assert_eq!(show("0e-5"), "0");
    // A power of a power counts in full.
    assert!(error("(s^8)^8").message.contains("beyond the power of 12"));
    assert!(error("((MB^4)^2)^2").message.contains("beyond the power"));
    assert_eq!(show("(s^2)^3 / s^6"), "1");
}

#[test]
fn the_case_of_the_b_decides_bytes_or_bits() {
    assert_eq!(show("10 MBps"), "10 MB/s");
    assert_eq!(show("10 Mbps"), "1.25 MB/s");
    assert_eq!(show("1 GBps -> Gbps"), "8 Gbps");
    assert_eq!(show("5 kB"), "5 KB");
    assert_eq!(show("64 kBps"), "64 KB/s");
    assert_eq!(show("1 EB -> PB"), "1,000 PB");
    assert_eq!(show("10 GBs"), "10 GB");
    let err = error("10 MBPS");
    assert!(
        err.help
            .as_deref()
            .is_some_and(|h| h.contains("case of the b")),
        "{err:?}"
    );
}

#[test]
fn durations_are_read_glued_and_multiplied_whole() {
    assert_eq!(show("2h30m"), "2.5 hours");
    assert_eq!(show("1h30"), "1.5 hours");
    assert_eq!(show("1m30s"), "1.5 minutes");
    assert_eq!(show("1d12h -> h"), "36 h");
    assert_eq!(show("2h 30m -> min"), "150 min");
    assert_eq!(show("5x 2 h 30 min"), "12.5 hours");
    assert_eq!(show("5x"), "5");
    assert_eq!(show("10m events"), "10 million events");
    let err = error("5m");
    assert_eq!(err.message, "`5m` could be 5 million or 5 minutes");
}

#[test]
fn a_sign_applies_to_the_power() {
    assert_eq!(show("-2^2"), "-4");
    assert_eq!(show("(-2)^2"), "4");
    assert_eq!(show("2^3^2"), "512");
    assert_eq!(show("2^-1"), "0.5");
    assert_eq!(show("3 - 2^2"), "-1");
}

#[test]
fn of_for_and_over() {
    assert_eq!(show("20% of 5 TB"), "1 TB");
    assert_eq!(show("half of 10 TB"), "5 TB");
    assert_eq!(show("three nines of a year"), "8.76 hours");
    assert_eq!(show("99.9% of a year"), "364.6 days");
    assert_eq!(show("10 MB/s over 24 hours"), "864 GB");
    assert_eq!(
        show("100 events per second for a day"),
        "8.64 million events"
    );
    assert!(
        error("10 GB of 5 TB")
            .help
            .as_deref()
            .is_some_and(|h| h.contains("20% of 5 TB"))
    );
    assert!(
        error("10 GB over 2 hours")
            .help
            .as_deref()
            .is_some_and(|h| h.contains("10 GB / 2 hours"))
    );
    assert!(error("10 MB/s for 3").message.contains("how long"));
}

#[test]
fn number_words() {
    assert_eq!(show("ten thousand events/s"), "10,000 events/s");
    assert_eq!(show("twenty-five GB"), "25 GB");
    assert_eq!(show("one hundred and twenty rows"), "120 rows");
    assert_eq!(show("two thousand five hundred"), "2,500");
    assert_eq!(show("half a TB"), "500 GB");
    assert_eq!(show("half an hour"), "30 minutes");
    assert_eq!(show("a billion events"), "1 billion events");
    assert_eq!(show("three nines"), "99.9%");
    assert!(
        error("a few TB")
            .help
            .as_deref()
            .is_some_and(|h| h.contains("say how many"))
    );
    assert_eq!(error("a quarter").kind, ErrorKind::UnknownUnit);
}

#[test]
fn words_that_name_what_is_counted_are_passed_over_but_typos_are_not() {
    assert_eq!(show("50 MB/s peak"), "50 MB/s");
    assert_eq!(show("5 TB * 3 replicas"), "15 TB");
    assert_eq!(show("3 replicas * 5 TB"), "15 TB");
    assert_eq!(show("1 TB raw * 0.3"), "300 GB");
    assert_eq!(show("10 TB daily"), "10 TB/day");
    assert_eq!(
        error("10 evnts").help.as_deref(),
        Some("did you mean `events`?")
    );
    assert_eq!(error("1 dya").kind, ErrorKind::UnknownUnit);
    assert_eq!(error("5 eventsk").kind, ErrorKind::UnknownUnit);
    // Followed by arithmetic, a word is part of it.
    assert_eq!(error("5 orders/s").kind, ErrorKind::UnknownUnit);
}

#[test]
fn a_unit_written_with_a_slash_is_one_unit_after_a_spaced_slash() {
    assert_eq!(show("1 TB / 100 MB/s"), "2.778 hours");
    assert_eq!(show("$0.023/GB/month * 50 TB"), "$1,150/month");
    assert_eq!(show("10 MB / 2 s"), "5 MB/s");
}

#[test]
fn ranges_are_refused_with_both_ends() {
    for (input, help) in [
        ("4.25M-5.75M rows", "`4.25M rows` and `5.75M rows`"),
        ("24 to 48 hours", "`24 hours` and `48 hours`"),
        ("100-200 MB/s", "`100 MB/s` and `200 MB/s`"),
    ] {
        let err = error(input);
        assert!(err.message.contains("is a range"), "{input}: {err:?}");
        assert!(
            err.help.as_deref().is_some_and(|h| h.contains(help)),
            "{input}: {err:?}"
        );
    }
    assert_eq!(show("5 GB - 2 GB"), "3 GB");
}

#[test]
fn money_shows_the_figures_that_matter() {
    assert_eq!(show("$0.004"), "$0.004");
    assert_eq!(show("$0.023/GB/month"), "$23/TB/month");
    assert_eq!(show("$1,800 / 90 TB"), "$20/TB");
    assert_eq!(show("$3B/year"), "$3 billion/year");
    assert_eq!(show("$0.20 / 1M requests"), "$0.20/million requests");
    assert_eq!(show("$600/month -> $/day"), "$20/day");
    assert_eq!(show("$28,800"), "$28,800");
}

#[test]
fn hints_name_the_fix_that_works_where_the_user_is() {
    let help = |place: Place| {
        Calculator::new()
            .with_place(place)
            .eval("5 orders/s * 1 KB/order")
            .expect_err("undeclared")
            .help
            .unwrap_or_default()
    };
    assert!(help(Place::Command).contains("--unit order"));
    assert!(help(Place::Session).contains("(`unit order`)"));
    assert!(help(Place::Scratchpad).contains("(`= unit order`)"));
    for place in [Place::Command, Place::Elsewhere] {
        assert!(!help(place).contains("`unit order`"), "{place:?}");
    }
    // Never "declare" a word that is not a count.
    let of = error("of 5 TB").help.unwrap_or_default();
    assert!(
        of.contains("20% of 5 TB") && !of.contains("unit of"),
        "{of}"
    );
    let at = error("12 TB at 200 MB/s").help.unwrap_or_default();
    assert!(at.contains("`12 TB / (200 MB/s)`"), "{at}");
    let rate = error("10k * 1 KB -> MB/s").help.unwrap_or_default();
    assert!(rate.contains("add a unit"), "{rate}");
}

#[test]
fn every_unit_a_hint_suggests_is_accepted_as_a_target() {
    let calc = Calculator::new();
    for expr in [
        "5 GB",
        "5 MB/s",
        "5 s",
        "5 events/s",
        "5 events",
        "1/(5 min)",
        "$5/day",
        "$5",
        "2 KB/event",
        "5",
        "5 GB * 2 s",
        "$5/TB",
    ] {
        let dims = calc.evaluate(expr).expect(expr).quantity.dims;
        let suggested = hints::example_units(&dims, calc.units());
        let units: Vec<&str> = suggested
            .split([',', '`'])
            .flat_map(|s| s.split(" or "))
            .map(|s| s.trim().trim_start_matches("a plain number").trim())
            .filter(|s| !s.is_empty())
            .collect();
        assert!(!units.is_empty(), "{expr}: {suggested}");
        for unit in units {
            let line = format!("{expr} -> {unit}");
            assert!(
                calc.evaluate(&line).is_ok(),
                "{line}: suggested in `{suggested}`"
            );
        }
    }
}

#[test]
fn the_last_result_is_a_name_in_a_session() {
    let mut calc = Calculator::new().with_place(Place::Session);
    let hint = calc
        .eval("ans * 2")
        .expect_err("no result yet")
        .help
        .unwrap_or_default();
    assert!(hint.contains("none yet"), "{hint}");
    let answer = calc.eval("10 MB/s").expect("a rate");
    calc.set_last(&answer.quantity);
    assert_eq!(calc.show("ans * 1 day").expect("ans").display, "864 GB");
    assert_eq!(calc.show("_ / 2").expect("_").display, "5 MB/s");
}
