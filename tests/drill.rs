//! The drill without a terminal: the scheduler against a fake clock (unit and property
//! tests), the session queue and misses, the screen driven by synthetic keys and snapshotted
//! at 120x40 and 80x24, the saved state, and the binary's refusals.

use std::process::{Command, Stdio};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dei::drill::{
    CHECKLIST, CardKind, CardState, Day, Deck, DrillState, Grade, MAX_INTERVAL, MIN_EASE, Misses,
    NEW_PER_SESSION, Verdict,
};
use dei::rubric::{Rubric, RuleId};
use dei::scenario::Catalog;
use dei::store::{Store, StoreError};
use dei::tui::Theme;
use dei::tui::drill::{Action, DrillApp, Inputs, Mode, Phase};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fake clock's first day: 2026-11-24.
fn monday() -> Day {
    "2026-11-24".parse().expect("a date")
}

fn deck() -> Deck {
    Deck::build(
        Rubric::builtin(),
        Catalog::builtin(Rubric::builtin()).scenarios(),
    )
}

fn inputs<'a>(deck: &'a Deck, misses: &'a Misses) -> Inputs<'a> {
    Inputs {
        deck,
        rubric: Rubric::builtin(),
        misses,
    }
}

fn key(app: &mut DrillApp<'_>, code: KeyCode) -> Action {
    app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_text(app: &mut DrillApp<'_>, text: &str) {
    for c in text.chars() {
        assert_eq!(key(app, KeyCode::Char(c)), Action::None);
    }
}

fn screen(app: &DrillApp<'_>, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("draws");
    terminal.backend().to_string()
}

fn snapshot_both(name: &str, app: &DrillApp<'_>) {
    insta::assert_snapshot!(format!("{name}_120x40"), screen(app, 120, 40));
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
}

// ---- the deck ----

#[test]
fn the_deck_has_every_kind_of_card_with_unique_ids() {
    let deck = deck();
    let mut ids: Vec<&str> = deck.cards().iter().map(|c| c.id.as_str()).collect();
    let first: Vec<String> = CHECKLIST.iter().map(|f| format!("flag:{f}")).collect();
    assert_eq!(
        ids[..8],
        first.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(
        ids.iter()
            .any(|id| id.starts_with("followup:realtime-analytics:"))
    );
    assert!(ids.contains(&"estimate:realtime-analytics:peak_bandwidth"));
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "card ids are unique");
}

#[test]
fn every_estimation_card_accepts_its_own_answer_and_states_its_inputs() {
    let deck = deck();
    let mut estimates = 0;
    for card in deck.cards() {
        let CardKind::Estimate(est) = &card.kind else {
            continue;
        };
        estimates += 1;
        assert!(card.front.contains(':'), "{}: {}", card.id, card.front);
        // The expected value written in the unit asked, as a candidate would type it.
        let typed = format!("{} {}", est.value, est.unit);
        let verdict = deck.judge(card, &typed).expect("an estimate");
        assert!(
            matches!(verdict, Verdict::Right { .. }),
            "{}: typed {typed:?}, got {verdict:?}",
            card.id
        );
    }
    assert!(estimates >= 30, "only {estimates} estimation cards");
}

fn peak_bandwidth(deck: &Deck) -> &dei::drill::Card {
    deck.get("estimate:realtime-analytics:peak_bandwidth")
        .expect("the DOMAIN.md example is a card")
}

#[test]
fn estimates_are_judged_with_units_and_a_tolerance() {
    let deck = deck();
    let card = peak_bandwidth(&deck);
    let judge = |text: &str| deck.judge(card, text).expect("an estimate");
    assert!(matches!(judge("50 MB/s"), Verdict::Right { .. }));
    assert!(matches!(judge("0.05 GB/s"), Verdict::Right { .. }));
    assert!(matches!(judge("50"), Verdict::Right { .. }), "read as MB/s");
    assert!(matches!(judge("60 MB/s"), Verdict::Near { .. }));
    assert!(matches!(judge("41 MB/s"), Verdict::Near { .. }));
    assert!(matches!(
        judge("70 MB/s"),
        Verdict::Wrong { high: true, .. }
    ));
    assert!(matches!(
        judge("5 MB/s"),
        Verdict::Wrong { high: false, .. }
    ));
    let Verdict::WrongUnit { got, expected } = judge("50 MB") else {
        panic!("a size is not a rate");
    };
    assert_eq!(
        (got.as_str(), expected.as_str()),
        ("a data size", "a data rate")
    );
    assert!(
        matches!(judge("fifty"), Verdict::Right { .. }),
        "number words are read"
    );
    assert!(matches!(judge("a few"), Verdict::Unreadable { .. }));
    assert!(matches!(judge("  "), Verdict::Unreadable { .. }));
    assert_eq!(judge("50 MB/s").suggested(), Some(Grade::Good));
    assert_eq!(judge("60 MB/s").suggested(), Some(Grade::Hard));
    assert_eq!(judge("5 MB/s").suggested(), Some(Grade::Again));
    assert_eq!(
        judge("50 MB").suggested(),
        None,
        "a wrong unit may be fixed"
    );
}

// ---- the scheduler, against a fake clock ----

#[test]
fn consecutive_good_reviews_spread_out_and_again_starts_over() {
    let mut day = monday();
    let mut state = CardState::first(Grade::Good, day);
    let mut intervals = vec![state.interval];
    for _ in 0..4 {
        day = state.due;
        state = state.review(Grade::Good, day);
        intervals.push(state.interval);
    }
    assert_eq!(intervals, [1, 6, 15, 38, 95]);
    assert_eq!(state.due.to_string(), "2027-04-28");
    let lapsed = state.review(Grade::Again, state.due);
    assert_eq!((lapsed.interval, lapsed.reps, lapsed.lapses), (0, 0, 1));
    assert_eq!(lapsed.due, state.due);
}

fn grade() -> impl Strategy<Value = Grade> {
    prop_oneof![
        Just(Grade::Again),
        Just(Grade::Hard),
        Just(Grade::Good),
        Just(Grade::Easy)
    ]
}

/// A card's state after `grades`, each reviewed `delay` days after it fell due (or before,
/// when negative: a missed item brings it forward).
fn history(grades: &[(Grade, i8)]) -> CardState {
    let mut state = CardState::first(Grade::Good, monday());
    for &(grade, delay) in grades {
        let day = Day::from_epoch_days(state.due.epoch_days() + i64::from(delay));
        state = state.review(grade, day);
    }
    state
}

proptest! {
    #[test]
    fn intervals_grow_on_consecutive_good(
        before in proptest::collection::vec((grade(), -3i8..5), 0..12),
        goods in 2usize..15,
    ) {
        let mut state = history(&before);
        let mut last = state.interval;
        for _ in 0..goods {
            state = state.review(Grade::Good, state.due);
            prop_assert!(
                state.interval > last || state.interval == MAX_INTERVAL,
                "{last} -> {}", state.interval
            );
            prop_assert!(state.interval <= MAX_INTERVAL);
            last = state.interval;
        }
    }

    #[test]
    fn again_resets(before in proptest::collection::vec((grade(), -3i8..5), 0..12), late in 0u32..30) {
        let state = history(&before);
        let day = state.due.plus(late);
        let lapsed = state.review(Grade::Again, day);
        prop_assert_eq!(lapsed.interval, 0);
        prop_assert_eq!(lapsed.reps, 0);
        prop_assert_eq!(lapsed.due, day);
        prop_assert_eq!(lapsed.lapses, state.lapses + u32::from(state.reps > 0));
        prop_assert!(lapsed.ease >= MIN_EASE);
    }

    #[test]
    fn due_dates_never_go_backwards(
        reviews in proptest::collection::vec((grade(), -5i16..40), 1..30),
    ) {
        // The fake clock only moves forward, but may review a card early or late.
        let mut clock = monday();
        let mut state = CardState::first(Grade::Good, clock);
        for (grade, offset) in reviews {
            let wanted = Day::from_epoch_days(state.due.epoch_days() + i64::from(offset));
            clock = clock.max(wanted);
            let next = state.review(grade, clock);
            prop_assert!(next.due >= clock, "due {} before the review on {clock}", next.due);
            prop_assert!(next.last_review >= state.last_review);
            if grade == Grade::Again {
                prop_assert_eq!(next.due, clock);
            } else {
                prop_assert!(next.due > clock);
                prop_assert!(next.due >= state.due, "{} moved back to {}", state.due, next.due);
            }
            state = next;
        }
    }

    #[test]
    fn a_clock_set_back_schedules_nothing_in_the_past(
        before in proptest::collection::vec((grade(), 0i8..5), 0..8),
        back in 1u32..400,
        grade in grade(),
    ) {
        let state = history(&before);
        let earlier = Day::from_epoch_days(state.last_review.epoch_days() - i64::from(back));
        let next = state.review(grade, earlier);
        prop_assert!(next.due >= state.last_review);
        prop_assert_eq!(next.last_review, state.last_review);
    }

    #[test]
    fn the_state_round_trips_through_json(
        cards in proptest::collection::btree_map(
            "[a-z]{1,6}:[a-z-]{1,12}",
            (proptest::collection::vec((grade(), -3i8..9), 0..10), 0u32..50),
            0..12,
        ),
    ) {
        let mut state = DrillState::default();
        for (id, (grades, misses)) in cards {
            let mut card = history(&grades);
            card.misses_seen = misses;
            state.cards.insert(id, card);
        }
        let json = serde_json::to_string_pretty(&state).expect("serialises");
        let back: DrillState = serde_json::from_str(&json).expect("reads back");
        prop_assert_eq!(back, state);
    }
}

// ---- misses and the queue ----

fn misses_of(sessions: &[&[&str]]) -> Misses {
    let mut misses = Misses::new();
    for ids in sessions {
        misses.add_session(ids.iter().copied());
    }
    misses
}

#[test]
fn a_new_candidate_gets_the_checklist_first_and_a_limited_number_of_new_cards() {
    let deck = deck();
    let queue = DrillState::default().queue(&deck, &Misses::new(), monday(), NEW_PER_SESSION);
    assert_eq!(queue.len(), NEW_PER_SESSION);
    assert_eq!(queue[..8], [0, 1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn missed_items_come_first_most_missed_first_then_probing_follow_ups() {
    let deck = deck();
    let misses = misses_of(&[
        &["ignores-skew", "capacity-math"],
        &["ignores-skew"],
        &["ignores-skew", "no-replay"],
    ]);
    let mut state = DrillState::default();
    // Reviewed long ago and due in a year: a miss still brings it forward.
    state.record("flag:ignores-skew", Grade::Easy, monday(), 0);
    let queue = state.queue(&deck, &misses, monday(), NEW_PER_SESSION);
    let ids: Vec<&str> = queue.iter().map(|&i| deck.cards()[i].id.as_str()).collect();
    assert_eq!(
        ids[..3],
        [
            "flag:ignores-skew",
            "flag:hand-wave-scale",
            "flag:no-replay"
        ]
    );
    let CardKind::FollowUp { probes, .. } = &deck.get(ids[3]).expect("a card").kind else {
        panic!("{} should be a follow-up", ids[3]);
    };
    assert!(probes.iter().any(|p| p == "ignores-skew"), "{probes:?}");
    // Once graded with those misses known, they wait for their schedule again.
    let count = misses.count(deck.get("flag:ignores-skew").expect("a card"));
    assert_eq!(count, 3);
    state.record("flag:ignores-skew", Grade::Good, monday(), count);
    let queue = state.queue(&deck, &misses, monday(), NEW_PER_SESSION);
    assert!(!queue.contains(&4), "not due, no new misses");
}

#[test]
fn reviewed_cards_come_back_when_due() {
    let deck = deck();
    let mut state = DrillState::default();
    state.record("flag:no-clarify", Grade::Good, monday(), 0);
    let misses = Misses::new();
    let today = state.queue(&deck, &misses, monday(), 0);
    assert!(today.is_empty(), "graded Good today: due tomorrow");
    let tomorrow = state.queue(&deck, &misses, monday().plus(1), 0);
    assert_eq!(tomorrow, [0]);
    assert_eq!(state.due_later(monday()), (1, Some(monday().plus(1))));
}

#[test]
fn the_summary_names_the_three_most_missed_or_says_there_is_no_history() {
    let rubric = Rubric::builtin();
    let empty = dei::drill::summary(rubric, &Misses::new());
    assert_eq!(empty.sessions, 0);
    let flags: Vec<RuleId> = empty.items.iter().map(|i| i.flag).collect();
    assert_eq!(flags, CHECKLIST[..3]);
    let misses = misses_of(&[
        &["no-monitoring", "failure-modes"],
        &["no-monitoring"],
        &["happy-path-only"],
        &["no-compaction"],
    ]);
    let summary = dei::drill::summary(rubric, &misses);
    let ranked: Vec<(&str, u32)> = summary
        .items
        .iter()
        .map(|i| (i.flag.as_str(), i.missed))
        .collect();
    assert_eq!(
        ranked,
        [
            ("no-monitoring", 2),
            ("happy-path-only", 2),
            ("no-compaction", 1)
        ]
    );
}

// ---- the screen ----

#[test]
fn a_review_reveals_grades_and_saves() {
    let deck = deck();
    let misses = Misses::new();
    let mut app = DrillApp::review(
        inputs(&deck, &misses),
        DrillState::default(),
        monday(),
        Theme::plain(),
    );
    assert_eq!(app.card().map(|c| c.id.as_str()), Some("flag:no-clarify"));
    snapshot_both("front", &app);
    assert_eq!(
        key(&mut app, KeyCode::Char('3')),
        Action::None,
        "not revealed yet"
    );
    assert_eq!(key(&mut app, KeyCode::Char(' ')), Action::None);
    assert_eq!(app.phase, Phase::Revealed);
    snapshot_both("revealed", &app);
    assert_eq!(key(&mut app, KeyCode::Char('1')), Action::Save);
    assert!(app.is_dirty());
    assert_eq!((app.done, app.again), (1, 1));
    assert_eq!(app.state.cards["flag:no-clarify"].due, monday());
    assert_eq!(
        app.remaining(),
        NEW_PER_SESSION,
        "Again puts it back in the queue"
    );
    assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    assert_eq!(key(&mut app, KeyCode::Char('3')), Action::Save);
    assert_eq!(
        app.state.cards["flag:hand-wave-scale"].due,
        monday().plus(1)
    );
    assert_eq!(key(&mut app, KeyCode::F(1)), Action::None);
    assert!(app.show_help);
    insta::assert_snapshot!("help_80x24", screen(&app, 80, 24));
    assert_eq!(key(&mut app, KeyCode::Char('x')), Action::None);
    assert!(!app.show_help, "any key closes the help");
    assert_eq!(key(&mut app, KeyCode::Char('q')), Action::Quit);
}

fn estimate_app<'a>(deck: &'a Deck, misses: &'a Misses) -> DrillApp<'a> {
    DrillApp::with_cards(
        inputs(deck, misses),
        DrillState::default(),
        monday(),
        Theme::plain(),
        Mode::Review,
        &[
            "estimate:realtime-analytics:peak_bandwidth",
            "flag:no-replay",
        ],
    )
}

#[test]
fn an_estimate_judged_right_suggests_good() {
    let deck = deck();
    let misses = Misses::new();
    let mut app = estimate_app(&deck, &misses);
    assert!(app.typing());
    type_text(&mut app, "5 q");
    assert_eq!(key(&mut app, KeyCode::Backspace), Action::None);
    assert_eq!(key(&mut app, KeyCode::Backspace), Action::None);
    assert_eq!(key(&mut app, KeyCode::Backspace), Action::None);
    type_text(&mut app, "48 MB/s");
    assert_eq!(app.input, "48 MB/s", "q and space are typed, not keys");
    assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    assert_eq!(app.phase, Phase::Revealed);
    snapshot_both("estimate_right", &app);
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Action::Save,
        "takes the suggestion"
    );
    assert_eq!(
        app.state.cards["estimate:realtime-analytics:peak_bandwidth"].interval,
        1
    );
    assert_eq!(app.card().map(|c| c.id.as_str()), Some("flag:no-replay"));
}

#[test]
fn an_estimate_judged_wrong_suggests_again_and_a_wrong_unit_may_be_fixed() {
    let deck = deck();
    let misses = Misses::new();
    let mut app = estimate_app(&deck, &misses);
    type_text(&mut app, "50 MB");
    assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    assert_eq!(app.phase, Phase::Front, "a wrong unit is not judged");
    assert!(matches!(app.verdict, Some(Verdict::WrongUnit { .. })));
    insta::assert_snapshot!("estimate_wrong_unit_80x24", screen(&app, 80, 24));
    assert_eq!(key(&mut app, KeyCode::Esc), Action::None);
    assert_eq!(app.input, "");
    assert!(
        app.verdict.is_none(),
        "Esc clears what was said about the answer too"
    );
    let cleared = screen(&app, 80, 24);
    assert!(!cleared.contains("unit"), "{cleared}");
    type_text(&mut app, "400 MB/s");
    assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    assert_eq!(app.phase, Phase::Revealed);
    snapshot_both("estimate_wrong", &app);
    assert_eq!(key(&mut app, KeyCode::Char('1')), Action::Save);
    assert_eq!(app.again, 1);
}

#[test]
fn tab_shows_an_estimate_without_an_answer_and_then_grades_are_chosen() {
    let deck = deck();
    let misses = Misses::new();
    let mut app = estimate_app(&deck, &misses);
    assert_eq!(key(&mut app, KeyCode::Tab), Action::None);
    assert_eq!(app.phase, Phase::Revealed);
    assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    assert!(app.status.is_some(), "asks for a grade");
    assert_eq!(key(&mut app, KeyCode::Char('2')), Action::Save);
}

#[test]
fn an_empty_session_says_nothing_is_due() {
    let deck = deck();
    let misses = Misses::new();
    let mut state = DrillState::default();
    state.record("flag:no-clarify", Grade::Good, monday(), 0);
    let mut app = DrillApp::with_cards(
        inputs(&deck, &misses),
        state,
        monday(),
        Theme::plain(),
        Mode::Review,
        &[] as &[&str],
    );
    assert_eq!(app.phase, Phase::Done);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Nothing is due today."), "{text}");
    assert!(text.contains("the next comes up on 2026-11-25"), "{text}");
    assert_eq!(key(&mut app, KeyCode::Enter), Action::Quit);
}

fn run_night_before(name: &str, misses: &Misses) -> String {
    let deck = deck();
    let mut app = DrillApp::night_before(
        inputs(&deck, misses),
        DrillState::default(),
        monday(),
        Theme::plain(),
    );
    let mut seen = Vec::new();
    while app.phase != Phase::Done {
        seen.push(app.card().map(|c| c.id.clone()).unwrap_or_default());
        assert_eq!(key(&mut app, KeyCode::Char(' ')), Action::None);
        assert_eq!(key(&mut app, KeyCode::Char('3')), Action::None, "ungraded");
        assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    }
    let expected: Vec<String> = CHECKLIST.iter().map(|f| format!("flag:{f}")).collect();
    assert_eq!(seen, expected);
    assert!(
        app.state.cards.is_empty(),
        "the night-before run grades nothing"
    );
    assert!(!app.is_dirty());
    insta::assert_snapshot!(format!("{name}_120x40"), screen(&app, 120, 40));
    screen(&app, 80, 24)
}

#[test]
fn the_night_before_runs_the_checklist_and_names_the_most_missed() {
    let misses = misses_of(&[
        &["no-monitoring", "failure-modes"],
        &["no-monitoring", "ignores-skew"],
        &["ignores-skew", "assumptions"],
        &["no-monitoring"],
    ]);
    let small = run_night_before("night_before_summary", &misses);
    insta::assert_snapshot!("night_before_summary_80x24", small);
}

#[test]
fn one_session_with_no_checklist_item_missed_is_not_called_missed_most() {
    let small = run_night_before("night_before_none_missed", &misses_of(&[&["tool-list"]]));
    assert!(!small.contains("Missed most"), "{small}");
    assert!(
        small.contains("You missed none of the checklist in your one session"),
        "{small}"
    );
    insta::assert_snapshot!("night_before_none_missed_80x24", small);
}

#[test]
fn grade_keys_show_the_interval_each_grade_schedules() {
    let deck = deck();
    let misses = Misses::new();
    let mut state = DrillState::default();
    // Reviewed Good twice: Good now gives 15 days (see the scheduler's tests).
    state.record("flag:no-clarify", Grade::Good, monday(), 0);
    let later = monday().plus(1);
    state.record("flag:no-clarify", Grade::Good, later, 0);
    let due = later.plus(6);
    let mut app = DrillApp::with_cards(
        inputs(&deck, &misses),
        state,
        due,
        Theme::plain(),
        Mode::Review,
        &["flag:no-clarify"],
    );
    assert_eq!(key(&mut app, KeyCode::Char(' ')), Action::None);
    assert_eq!(app.next_interval(Grade::Again).as_deref(), Some("today"));
    assert_eq!(app.next_interval(Grade::Good).as_deref(), Some("15d"));
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("1 Again · today"), "{shown}");
    assert!(shown.contains("3 Good · 15d"), "{shown}");
    insta::assert_snapshot!("grade_keys_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("grade_keys_200x60", screen(&app, 200, 60));
    // Showing is not grading.
    assert_eq!(app.state.cards["flag:no-clarify"].interval, 6);
}

#[test]
fn quitting_sums_up_the_session() {
    let deck = deck();
    let misses = Misses::new();
    let mut app = DrillApp::review(
        inputs(&deck, &misses),
        DrillState::default(),
        monday(),
        Theme::plain(),
    );
    assert_eq!(
        app.session_summary(),
        None,
        "nothing graded, nothing to sum up"
    );
    let _ = key(&mut app, KeyCode::Char(' '));
    assert_eq!(key(&mut app, KeyCode::Char('1')), Action::Save);
    let _ = key(&mut app, KeyCode::Char(' '));
    assert_eq!(key(&mut app, KeyCode::Char('3')), Action::Save);
    assert_eq!(
        app.session_summary().as_deref(),
        Some(
            "Drill: 2 cards reviewed, 1 right, 1 wrong (Again). 1 still due today. \
             Next due 2026-11-25; 1 card scheduled."
        )
    );
}

#[test]
fn without_history_the_night_before_says_so() {
    let small = run_night_before("night_before_no_history", &Misses::new());
    assert!(small.contains("not your own"), "{small}");
    insta::assert_snapshot!("night_before_no_history_80x24", small);
}

// ---- the saved state ----

#[test]
fn the_state_is_saved_atomically_and_a_damaged_file_is_reported_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::at(dir.path());
    let path = store.drill_path();
    assert_eq!(store.load_json::<DrillState>(&path).expect("no file"), None);
    let mut state = DrillState::default();
    state.record("flag:no-clarify", Grade::Good, monday(), 2);
    store.save_json(&path, &state).expect("saves");
    assert_eq!(
        store.load_json::<DrillState>(&path).expect("reads"),
        Some(state)
    );
    std::fs::write(&path, "{\"format\": 1, \"cards\": {").expect("writes");
    let err = store.load_json::<DrillState>(&path).expect_err("corrupt");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("drill.json"), "{err}");
    std::fs::write(&path, "{\"format\": 9, \"cards\": {}, \"fsrs\": true}").expect("writes");
    let err = store.load_json::<DrillState>(&path).expect_err("newer");
    assert!(
        matches!(err, StoreError::NewerFormat { found: 9, .. }),
        "{err}"
    );
}

fn dei_drill(data: &std::path::Path) -> std::process::Output {
    dei_drill_with(data, &[])
}

fn dei_drill_with(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dei"))
        .arg("drill")
        .args(args)
        .env("DEI_DATA", data)
        .env("HOME", data)
        .env("XDG_CONFIG_HOME", data.join("config"))
        .env_remove("DEI_SCENARIOS")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("runs")
}

#[test]
fn dei_drill_without_a_terminal_exits_2_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dei_drill(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dei drill needs a terminal"), "{stderr}");
    assert!(!dir.path().join("drill.json").exists(), "nothing written");
}

#[test]
fn dei_drill_reports_a_corrupt_schedule_by_path_and_leaves_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("drill.json");
    std::fs::write(&path, "{\"format\": 1, \"cards\": [oops]}").expect("writes");
    let out = dei_drill(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(stderr.contains("move it aside to start over"), "{stderr}");
    assert!(stderr.contains("--night-before"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        "{\"format\": 1, \"cards\": [oops]}"
    );
    // The night-before run grades nothing, so it goes ahead (here: up to the terminal check).
    let out = dei_drill_with(dir.path(), &["--night-before"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("needs a terminal"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        "{\"format\": 1, \"cards\": [oops]}"
    );
}

#[test]
fn a_card_brought_forward_by_misses_says_why() {
    let deck = deck();
    let misses = misses_of(&[&["no-replay"], &["tradeoffs"]]);
    let mut app = DrillApp::review(
        inputs(&deck, &misses),
        DrillState::default(),
        monday(),
        Theme::plain(),
    );
    assert_eq!(app.card().map(|c| c.id.as_str()), Some("flag:no-replay"));
    assert_eq!(app.missed(), Some(1));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Up first: you missed this in 1 of your 2 sessions."),
        "{text}"
    );
    assert_eq!(key(&mut app, KeyCode::Char(' ')), Action::None);
    assert_eq!(key(&mut app, KeyCode::Char('3')), Action::Save);
    assert_eq!(app.state.cards["flag:no-replay"].misses_seen, 1);
}
