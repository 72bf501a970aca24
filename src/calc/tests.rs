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
