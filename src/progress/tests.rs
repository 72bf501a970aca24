use super::*;

fn summary(file: &str, started: &str, scenario: &str, score: u32) -> Summary {
    Summary {
        file: file.to_owned(),
        started: started.to_owned(),
        finished: started.to_owned(),
        scenario: scenario.into(),
        mode: Mode::Practice,
        score,
        band: "mixed".into(),
        seconds: 0,
        items: Items::default(),
    }
}

fn ids(list: &[&str]) -> Vec<SharedId> {
    list.iter().map(|s| SharedId::new(s)).collect()
}

#[test]
fn sparkline_spans_the_bars_from_0_to_100() {
    assert_eq!(sparkline(&[0, 14, 50, 86, 100]), "▁▂▅▇█");
    assert_eq!(sparkline(&[250]), "█");
    assert_eq!(sparkline(&[]), "");
}

#[test]
fn trend_compares_the_last_three_with_the_three_before() {
    assert_eq!(trend(&[]), None);
    assert_eq!(trend(&[40]), None);
    assert_eq!(trend(&[40, 60]), Some(20));
    // last three 70, 80, 90 (mean 80) against 40, 50, 60 (mean 50); 10 is out of the window.
    assert_eq!(trend(&[10, 40, 50, 60, 70, 80, 90]), Some(30));
    assert_eq!(trend(&[80, 70, 60, 50]), Some(-20));
}

#[test]
fn date_shows_the_stored_utc_minute() {
    let s = summary("a", "2026-11-24T09:40:12Z", "x", 1);
    assert_eq!(s.date(), "2026-11-24 09:40");
    let odd = summary("a", "yesterday", "x", 1);
    assert_eq!(odd.date(), "yesterday");
}

#[test]
fn history_is_newest_first_filtered_and_limited() {
    let mut mock = summary("c", "2026-01-03T00:00:00Z", "a", 3);
    mock.mode = Mode::Mock;
    let all = vec![
        summary("a", "2026-01-01T00:00:00Z", "a", 1),
        mock,
        summary("b", "2026-01-02T00:00:00Z", "b", 2),
        summary("d", "2026-01-04T00:00:00Z", "a", 4),
    ];
    let files = |rows: Vec<&Summary>| rows.iter().map(|s| s.file.clone()).collect::<Vec<_>>();
    assert_eq!(
        files(history(&all, &Filter::default())),
        ["d", "c", "b", "a"]
    );
    let only_a = Filter {
        scenario: Some("a"),
        ..Filter::default()
    };
    assert_eq!(files(history(&all, &only_a)), ["d", "c", "a"]);
    let practice_a = Filter {
        mode: Some(Mode::Practice),
        limit: Some(1),
        ..only_a
    };
    assert_eq!(files(history(&all, &practice_a)), ["d"]);
}

#[test]
fn stats_follow_each_scenario_in_time_order() {
    let all = vec![
        summary("3", "2026-01-03T00:00:00Z", "a", 90),
        summary("1", "2026-01-01T00:00:00Z", "a", 30),
        summary("2", "2026-01-02T00:00:00Z", "a", 60),
        summary("4", "2026-01-02T00:00:00Z", "b", 50),
    ];
    let stats = Stats::new(&all, 5, |_, _| true);
    assert_eq!(stats.count, 4);
    assert!((stats.average - 57.5).abs() < 1e-9);
    let a = &stats.scenarios[0];
    assert_eq!(a.scenario, "a");
    assert_eq!(a.scores, [30, 60, 90]);
    assert_eq!((a.count, a.last, a.best), (3, 90, 90));
    assert!((a.average - 60.0).abs() < 1e-9);
    assert_eq!(a.trend, Some(45));
    assert_eq!(a.sparkline, "▃▅▇");
    assert_eq!(stats.scenarios[1].trend, None);
}

#[test]
fn missed_most_counts_against_the_sessions_the_item_was_in_force() {
    let mut one = summary("1", "2026-01-01T00:00:00Z", "a", 40);
    one.items = Items::new(
        &[],
        &ids(&["capacity-math", "tradeoffs"]),
        &ids(&["no-replay"]),
    );
    let mut two = summary("2", "2026-01-02T00:00:00Z", "a", 50);
    two.items = Items::new(
        &ids(&["tradeoffs"]),
        &ids(&["capacity-math"]),
        &ids(&["no-replay"]),
    );
    let mut three = summary("3", "2026-01-03T00:00:00Z", "b", 60);
    three.items = Items::new(&ids(&["capacity-math", "tradeoffs"]), &[], &[]);
    // `no-replay` is scoped out of scenario b: its share is over the two sessions of a.
    let stats = Stats::new(&[one, two, three], 5, |scenario, _| scenario == "a");
    let got: Vec<_> = stats
        .missed_most
        .iter()
        .map(|m| (m.id.as_str(), m.kind, m.count, m.sessions, m.share))
        .collect();
    assert_eq!(
        got,
        [
            ("no-replay", ItemKind::RedFlag, 2, 2, 1.0),
            ("capacity-math", ItemKind::Signal, 2, 3, 0.67),
            ("tradeoffs", ItemKind::Signal, 1, 3, 0.33),
        ]
    );
    let top = Stats::new(&[], 1, |_, _| true);
    assert!(top.missed_most.is_empty());
    assert_eq!(top.count, 0);
}

#[test]
fn describe_names_the_items_the_rubric_knows() {
    let mut s = summary("1", "2026-01-01T00:00:00Z", "a", 40);
    s.items = Items::new(&[], &ids(&["capacity-math", "scenario-own"]), &[]);
    let mut stats = Stats::new(&[s], 5, |_, _| true);
    let rubric = crate::rubric::Rubric::builtin();
    stats.describe(|_, id| {
        rubric
            .signal(id)
            .map(|d| (d.title.clone(), d.advice.clone()))
    });
    let math = &stats.missed_most[0];
    assert_eq!(math.id, "capacity-math");
    assert_eq!(
        math.title.as_deref(),
        Some("Back-of-envelope math justifies the scale")
    );
    assert_eq!(stats.missed_most[1].title, None);
}

#[test]
fn a_summary_keeps_what_history_and_stats_need() {
    let entry: HistoryEntry = serde_json::from_value(serde_json::json!({
        "format": 1, "scenario": "a", "mode": "mock",
        "started": "2026-01-01T10:00:00Z", "finished": "2026-01-01T10:45:00Z",
        "score": 71, "band": "mixed",
        "moves": [
            {"stage": "clarify", "score": 5, "max": 10, "seconds": 300},
            {"stage": "size", "score": 5, "max": 10, "seconds": 420}
        ],
        "signals_hit": ["tradeoffs"], "signals_missed": ["capacity-math"],
        "red_flags": ["no-replay"], "claims": 0, "claims_off": 0,
        "followups": [], "answer": "long"
    }))
    .expect("a valid entry");
    let s = Summary::new("f", entry);
    assert_eq!(s.seconds, 720);
    assert_eq!(s.minutes(), 12);
    assert_eq!(s.time_spent(), "12 min");
    let short = Summary {
        seconds: 17,
        ..s.clone()
    };
    assert_eq!(short.time_spent(), "17 s", "not 0 min");
    let minute = Summary {
        seconds: 60,
        ..s.clone()
    };
    assert_eq!(minute.time_spent(), "1 min");
    assert_eq!(s.mode, Mode::Mock);
    assert_eq!(s.items.red_flags(), ["no-replay"]);
    assert_eq!(s.items.signals_hit(), ["tradeoffs"]);
    assert_eq!(s.items.signals_missed(), ["capacity-math"]);
}
