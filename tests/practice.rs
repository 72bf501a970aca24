//! The practice screen without a terminal: synthetic key events drive [`App`] through each
//! move, and every screen is rendered to a `TestBackend` and compared with its snapshot at
//! 120x40, 80x24 and 200x60.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use dei::practice::{Mode, Pin, Session, Speaker};
use dei::rubric::Rubric;
use dei::scenario::{Catalog, Scenario, Stage};
use dei::tui::app::{Focus, ScoreTab};
use dei::tui::{Action, App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn scenario(id: &str) -> Scenario {
    Catalog::builtin(Rubric::builtin())
        .get(id)
        .expect("built in")
        .clone()
}

fn session(id: &str) -> Session {
    Session::new(id, Mode::Practice, "2026-11-24T09:00:00Z".into())
}

fn press(app: &mut App<'_>, code: KeyCode, modifiers: KeyModifiers) -> Action {
    app.handle(&Event::Key(KeyEvent::new(code, modifiers)))
}

fn key(app: &mut App<'_>, code: KeyCode) -> Action {
    press(app, code, KeyModifiers::NONE)
}

fn ctrl(app: &mut App<'_>, c: char) -> Action {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        let action = if c == '\n' {
            press(app, KeyCode::Enter, KeyModifiers::ALT)
        } else {
            key(app, KeyCode::Char(c))
        };
        assert_eq!(action, Action::None);
    }
}

fn say(app: &mut App<'_>, text: &str) {
    type_text(app, text);
    assert_eq!(key(app, KeyCode::Enter), Action::None);
}

fn screen(app: &App<'_>, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("draws");
    terminal.backend().to_string()
}

/// The screen at the smallest size the layout is drawn for, a common one, and a wide one
/// (where the writing side stops at reading width).
fn snapshot_three(name: &str, app: &App<'_>) {
    insta::assert_snapshot!(format!("{name}_120x40"), screen(app, 120, 40));
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_200x60"), screen(app, 200, 60));
}

/// A candidate who does the whole round reasonably well.
fn play_through(app: &mut App<'_>) {
    say(app, "How fresh do the numbers need to be?");
    say(app, "What does peak traffic look like during a sale?");
    say(app, "I'll assume events are about 1 KB each.");
    assert_eq!(ctrl(app, 'n'), Action::None);
    type_text(
        app,
        "Peak is five times the average.\n= peak = 50k events/s\n= peak * 1 KB/event -> MB/s\n\
         So about 50 MB/s at peak, which sizes the partitions.",
    );
    assert_eq!(ctrl(app, 'n'), Action::None);
    type_text(
        app,
        "collector: takes events from the apps and buffers when kafka is slow\n\
         kafka: absorbs the 5x spike and keeps 7 days for replay\n\
         flink: windowed counts per minute with checkpointed state\n\
         pinot\n\
         collector -> kafka -> flink -> pinot",
    );
    assert_eq!(ctrl(app, 'n'), Action::None);
}

#[test]
fn clarify_answers_from_the_facts_and_pins_facts_and_assumptions() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    say(&mut app, "How fresh do the numbers need to be?");
    let last = app.session().transcript.last().expect("a reply");
    assert_eq!(last.speaker, Speaker::Interviewer);
    let fresh = s
        .facts
        .iter()
        .find(|f| f.id == "freshness")
        .expect("a freshness fact");
    assert_eq!(last.text, fresh.reply.trim());
    assert!(matches!(&app.session().pinned[0], Pin::Fact { id, .. } if id == "freshness"));
    say(&mut app, "What colour is the logo?");
    assert_eq!(
        app.session().transcript.last().map(|t| t.text.as_str()),
        Some(dei::practice::interviewer::NEUTRAL)
    );
    say(&mut app, "I'll assume we can use managed cloud services.");
    assert!(matches!(
        app.session().pinned.last(),
        Some(Pin::Assumption { .. })
    ));
    // Enter on an empty line sends nothing.
    let turns = app.session().transcript.len();
    assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    assert_eq!(app.session().transcript.len(), turns);
    snapshot_three("clarify", &app);
}

#[test]
fn alt_enter_and_ctrl_j_make_new_lines_and_paste_keeps_them() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    type_text(&mut app, "one\ntwo");
    assert_eq!(
        press(&mut app, KeyCode::Char('j'), KeyModifiers::CONTROL),
        Action::None
    );
    let _ = app.handle(&Event::Paste("three\r\nfour ✓ 数据".into()));
    assert_eq!(app.text(), "one\ntwo\nthree\nfour ✓ 数据");
    assert_eq!(
        app.session()
            .unsent
            .get(&Stage::Clarify)
            .map(String::as_str),
        Some("one\ntwo\nthree\nfour ✓ 数据")
    );
    assert!(app.is_dirty());
}

#[test]
fn size_works_the_scratchpad_and_checks_numbers_when_the_move_ends() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Size);
    type_text(
        &mut app,
        "Average 10k events/s, peak five times that.\n= peak = 50k events/s\n\
         = peak * 1 KB/event -> MB/s\n= 3 apples +\nSo 5 GB/s at peak.",
    );
    let worked = app.worked();
    assert_eq!(worked[1].result.as_deref(), Ok("50 MB/s"));
    assert!(worked[2].result.is_err());
    snapshot_three("size", &app);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    let claims = app.round().numbers().expect("numbers checked");
    assert!(
        claims.iter().any(
            |c| c.text.contains("5 GB/s") && c.verdict == dei::score::claims::ClaimVerdict::Off
        ),
        "{claims:?}"
    );
    let said = &app.session().transcript.last().expect("a line").text;
    assert!(said.contains("5 GB/s"), "{said}");
}

#[test]
fn sketch_draws_the_pipeline_and_marks_a_component_without_a_reason() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Sketch);
    type_text(
        &mut app,
        "kafka: absorbs the 5x spike\nflink: counts per minute\npinot\nkafka -> flink -> pinot",
    );
    let screen = screen(&app, 120, 40);
    assert!(screen.contains("no reason"), "{screen}");
    snapshot_three("sketch", &app);
}

#[test]
fn alt_arrows_scroll_a_drawing_taller_than_its_panel() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Sketch);
    type_text(
        &mut app,
        "collector: buffers\nkafka: absorbs spikes\nflink: counts\npinot: serves\n\
         s3: replay\ncollector -> kafka -> flink -> pinot\nkafka -> s3 -> pinot",
    );
    snapshot_three("sketch_graph", &app);
    let top = screen(&app, 80, 24);
    assert!(top.contains("more below: Alt-↓"), "{top}");
    assert!(!top.contains("│ s3 │"), "{top}");
    let alt = |app: &mut App<'_>, code| press(app, code, KeyModifiers::ALT);
    assert_eq!(alt(&mut app, KeyCode::Down), Action::None);
    let below = screen(&app, 80, 24);
    assert!(
        below.contains("│ s3 │") && below.contains("more above: Alt-↑"),
        "{below}"
    );
    // Not past the last row, however often; back up to the top.
    for _ in 0..10 {
        assert_eq!(alt(&mut app, KeyCode::Down), Action::None);
    }
    assert!(screen(&app, 80, 24).contains("│ s3 │"));
    for _ in 0..2 {
        assert_eq!(alt(&mut app, KeyCode::Up), Action::None);
    }
    assert_eq!(screen(&app, 80, 24), top);
    // The text itself is unchanged by the keys.
    assert!(app.session().sketch.ends_with("kafka -> s3 -> pinot"));
}

#[test]
fn deep_dive_asks_follow_ups_one_at_a_time_aimed_at_gaps() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    play_through(&mut app);
    assert_eq!(app.stage(), Stage::DeepDive);
    let first = app.session().open_followup().expect("a question").clone();
    assert!(s.followups.iter().any(|f| f.id == first.followup));
    say(
        &mut app,
        "We partition by seller id, and salt the hottest sellers over 8 sub-keys so one \
         seller cannot overload a partition; totals are merged downstream.",
    );
    assert!(app.session().deep_dive[0].reply.len() > 10);
    // Part of the answer: one probe, on the same follow-up.
    let probed = app.session().open_followup().expect("the probe").clone();
    assert_eq!(probed.followup, first.followup);
    assert!(probed.probe.is_some(), "{probed:?}");
    say(
        &mut app,
        "Per-task lag climbs on that one task while the cluster average looks fine.",
    );
    let second = app
        .session()
        .open_followup()
        .expect("a second question")
        .clone();
    assert_ne!(second.followup, first.followup);
    say(
        &mut app,
        "The consumer commits offsets only after the write succeeds, and every write is an \
         upsert keyed on the event id, so a replayed batch replaces itself.",
    );
    assert!(app.round().lab().is_some(), "a stated design opens the lab");
    snapshot_three("deep_dive", &app);
    // Tab gives the lab the keys; arrows change a knob and re-run.
    assert_eq!(key(&mut app, KeyCode::Tab), Action::None);
    assert_eq!(app.focus, Focus::Lab);
    let before = app.round().lab().map(|l| l.lab.knob_rows());
    assert_eq!(key(&mut app, KeyCode::Right), Action::None);
    let after = app.round().lab().map(|l| l.lab.knob_rows());
    assert_ne!(before, after);
    assert_eq!(key(&mut app, KeyCode::Tab), Action::None);
    assert_eq!(app.focus, Focus::Editor);
    say(
        &mut app,
        "Watermarks close each minute window after two minutes of lateness.",
    );
    // At most three follow-ups, then the interviewer closes.
    assert!(app.session().deep_dive.len() <= 3);
}

#[test]
fn defend_then_ctrl_n_scores_and_the_scorecard_has_two_views() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    play_through(&mut app);
    say(
        &mut app,
        "Offsets are committed after the upsert keyed by event id, so replays are harmless.",
    );
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Defend);
    type_text(
        &mut app,
        "I traded exactly-once for idempotent upserts because they are simpler to run. \
         It breaks first at the hot seller partition at 10x; I would monitor consumer lag first.",
    );
    snapshot_three("defend", &app);
    // The first Ctrl-N asks; any other key keeps writing; two in a row score.
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert!(app.confirm_finish && !app.is_finished());
    type_text(&mut app, " ");
    assert!(!app.confirm_finish);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::Finished);
    let (card, answer) = app.round().finished().expect("scored");
    assert!(answer.contains("## Defend"), "{answer}");
    assert!(card.score > 0);
    snapshot_three("scorecard", &app);
    assert_eq!(key(&mut app, KeyCode::Tab), Action::None);
    assert_eq!(app.score_tab, ScoreTab::Answers);
    snapshot_three("answers", &app);
    assert_eq!(key(&mut app, KeyCode::Char('q')), Action::Quit);
}

#[test]
fn r_asks_where_the_report_goes_with_a_default_in_reports() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    app.reports_dir = Some("/data/dei/reports".into());
    play_through(&mut app);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    type_text(&mut app, "It breaks first at the hot seller partition.");
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::Finished);
    assert_eq!(key(&mut app, KeyCode::Char('r')), Action::None);
    let prompt = app.report_prompt.as_ref().expect("the box is open");
    assert_eq!(
        prompt.typed,
        "/data/dei/reports/dei-realtime-analytics-202611240900.md"
    );
    snapshot_three("report_prompt", &app);
    // Keys edit the path; q is typed, not quit.
    assert_eq!(key(&mut app, KeyCode::Char('q')), Action::None);
    assert!(
        app.report_prompt
            .as_ref()
            .is_some_and(|p| p.typed.ends_with("0900.mdq"))
    );
    assert_eq!(key(&mut app, KeyCode::Enter), Action::ExportReport);
    // Esc closes the box, nothing written.
    assert_eq!(key(&mut app, KeyCode::Esc), Action::None);
    assert!(app.report_prompt.is_none());
    assert_eq!(key(&mut app, KeyCode::Char('q')), Action::Quit);
}

#[test]
fn e_reopens_a_move_rewrites_it_and_scores_the_answer_again() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    play_through(&mut app);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    type_text(&mut app, "It is fine.");
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::Finished);
    let first = app.round().finished().expect("scored").0.score;
    // e asks which move, proposing the one that lost the most; Esc goes back.
    assert_eq!(key(&mut app, KeyCode::Char('e')), Action::None);
    snapshot_three("reopen_pick", &app);
    assert_eq!(key(&mut app, KeyCode::Esc), Action::None);
    assert!(!app.is_rewriting());
    assert_eq!(key(&mut app, KeyCode::Char('e')), Action::None);
    // 5 opens Defend as written.
    assert_eq!(key(&mut app, KeyCode::Char('5')), Action::None);
    assert_eq!(
        app.reopened_text(),
        Some((Stage::Defend, "It is fine.".to_owned()))
    );
    // Keys go into the move's text: q is a letter here, and Enter a new line.
    for _ in 0.."It is fine.".len() {
        assert_eq!(key(&mut app, KeyCode::Backspace), Action::None);
    }
    type_text(
        &mut app,
        "It breaks first at the hot seller partition at 10x, so I would salt that key; \
         I would monitor consumer lag first, because lag is what the dashboard feels.",
    );
    snapshot_three("reopen_edit", &app);
    // Esc with changes asks first; another key keeps writing.
    assert_eq!(key(&mut app, KeyCode::Esc), Action::None);
    assert!(app.is_rewriting());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Esc again"))
    );
    assert_eq!(ctrl(&mut app, 'n'), Action::Rescored);
    assert!(!app.is_rewriting());
    let (card, answer) = app.round().finished().expect("scored again");
    assert!(card.score > first, "{first} -> {}", card.score);
    assert!(answer.contains("monitor consumer lag"), "{answer}");
    assert_eq!(app.round().first().map(|c| c.score), Some(first));
    snapshot_three("rescored", &app);
    // Esc twice drops a change: the score stands.
    let now = card.score;
    assert_eq!(key(&mut app, KeyCode::Char('e')), Action::None);
    assert_eq!(key(&mut app, KeyCode::Char('1')), Action::None);
    type_text(&mut app, "x");
    assert_eq!(key(&mut app, KeyCode::Esc), Action::None);
    assert_eq!(key(&mut app, KeyCode::Esc), Action::None);
    assert!(!app.is_rewriting());
    assert_eq!(app.round().finished().expect("scored").0.score, now);
    // Ctrl-Q while rewriting keeps the rewrite: it is scored before leaving.
    assert_eq!(key(&mut app, KeyCode::Char('e')), Action::None);
    assert_eq!(key(&mut app, KeyCode::Char('1')), Action::None);
    type_text(
        &mut app,
        "\n\nHow many readers query the dashboard at once?",
    );
    assert_eq!(ctrl(&mut app, 'q'), Action::Quit);
    assert!(
        app.round()
            .finished()
            .expect("scored")
            .1
            .contains("How many readers")
    );
    assert_eq!(app.round().reopened(), [Stage::Defend, Stage::Clarify]);
}

#[test]
fn the_scorecard_pages_by_a_screen_and_home_end_go_to_the_ends() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    play_through(&mut app);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    type_text(&mut app, "It breaks first at the hot seller partition.");
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::Finished);
    // 40 rows: a 3-row header, the footer and the panel's borders leave 34 lines of card.
    let _ = screen(&app, 120, 40);
    assert_eq!(app.scroll, 0);
    assert_eq!(key(&mut app, KeyCode::End), Action::None);
    let end = app.scroll;
    assert!(end > 20, "{end}");
    let bottom = screen(&app, 120, 40);
    assert!(
        bottom.contains("Your answer") || bottom.contains('│'),
        "{bottom}"
    );
    assert_eq!(key(&mut app, KeyCode::PageDown), Action::None);
    assert_eq!(app.scroll, end, "never past the end");
    assert_eq!(screen(&app, 120, 40), bottom);
    assert_eq!(key(&mut app, KeyCode::Home), Action::None);
    assert_eq!(app.scroll, 0);
    assert_eq!(key(&mut app, KeyCode::PageDown), Action::None);
    assert_eq!(app.scroll, end.min(34));
    assert_eq!(key(&mut app, KeyCode::PageUp), Action::None);
    assert_eq!(app.scroll, 0);
}

#[test]
fn previous_move_and_quit_keep_everything() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    type_text(&mut app, "= 2 * 3");
    assert_eq!(ctrl(&mut app, 'p'), Action::None);
    assert_eq!(app.stage(), Stage::Clarify);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.text(), "= 2 * 3");
    assert_eq!(ctrl(&mut app, 's'), Action::Save);
    assert_eq!(ctrl(&mut app, 'e'), Action::ExternalEdit);
    assert_eq!(ctrl(&mut app, 'q'), Action::Quit);
    assert_eq!(ctrl(&mut app, 'c'), Action::Quit);
}

#[test]
fn a_resumed_draft_opens_where_it_stopped() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    play_through(&mut app);
    type_text(&mut app, "half an answ");
    let json = serde_json::to_string(app.session()).expect("serialises");
    let draft: Session = serde_json::from_str(&json).expect("reads back");
    let resumed = App::new(&s, Rubric::builtin(), draft, Theme::plain());
    assert_eq!(resumed.stage(), Stage::DeepDive);
    assert_eq!(resumed.text(), "half an answ");
    assert!(resumed.round().numbers().is_some());
}

#[test]
fn help_live_rubric_scrolling_and_time() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    assert_eq!(key(&mut app, KeyCode::F(1)), Action::None);
    assert!(app.show_help);
    snapshot_three("help", &app);
    assert_eq!(key(&mut app, KeyCode::Char('x')), Action::None);
    assert!(!app.show_help, "any key closes the help");
    assert_eq!(app.text(), "", "and is not typed");
    assert_eq!(key(&mut app, KeyCode::F(2)), Action::None);
    assert!(app.show_rubric);
    say(&mut app, "How fresh must it be, and what is the peak rate?");
    assert!(
        app.live().is_none(),
        "scored before the frame, not on every key"
    );
    app.refresh();
    assert!(app.live().is_some());
    snapshot_three("rubric", &app);
    // A page up, as far as the conversation goes (in the small window it does not fit).
    let _ = screen(&app, 80, 24);
    assert_eq!(key(&mut app, KeyCode::PageUp), Action::None);
    let paged = app.scroll;
    assert!(paged > 3, "{paged}");
    let _ = app.handle(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 0,
        row: 0,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.scroll, paged - 3);
    assert_eq!(app.tick(61_500), Action::None);
    assert_eq!(app.tick(600), Action::None);
    assert_eq!(app.session().seconds[&Stage::Clarify], 62);
}

#[test]
fn a_small_terminal_gets_a_notice() {
    let s = scenario("realtime-analytics");
    let app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    let small = screen(&app, 60, 20);
    assert!(small.contains("at least 80 x 24"), "{small}");
    insta::assert_snapshot!("too_small_60x20", small);
    // Keys wait until the window is large enough again (quit still works).
    let mut app = app;
    assert_eq!(key(&mut app, KeyCode::Char('x')), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Clarify);
    assert_eq!(app.text(), "");
    assert_eq!(ctrl(&mut app, 'q'), Action::Quit);
    let _ = screen(&app, 120, 40);
    assert_eq!(key(&mut app, KeyCode::Char('x')), Action::None);
    assert_eq!(app.text(), "x");
}

#[test]
fn text_typed_but_not_sent_goes_with_the_move() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    type_text(&mut app, "How fresh must it be?");
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Size);
    assert!(
        app.session()
            .said(Stage::Clarify)
            .any(|t| t == "How fresh must it be?")
    );
    assert!(matches!(&app.session().pinned[0], Pin::Fact { id, .. } if id == "freshness"));
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::DeepDive);
    let asked = app.session().deep_dive.len();
    type_text(&mut app, "Upserts keyed by event id.");
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Defend);
    assert_eq!(
        app.session().deep_dive.len(),
        asked,
        "no new question on the way out"
    );
    assert_eq!(
        app.session().deep_dive[asked - 1].reply,
        "Upserts keyed by event id."
    );
    assert!(app.answer().contains("Upserts keyed by event id."));
}

#[test]
fn ctrl_j_is_a_new_line_everywhere_and_never_deletes() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    for _ in 0..4 {
        assert_eq!(ctrl(&mut app, 'n'), Action::None);
    }
    assert_eq!(app.stage(), Stage::Defend);
    type_text(&mut app, "first");
    assert_eq!(ctrl(&mut app, 'j'), Action::None);
    type_text(&mut app, "second");
    assert_eq!(app.text(), "first\nsecond");
}

#[test]
fn a_paste_while_the_help_is_open_only_closes_it() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    assert_eq!(key(&mut app, KeyCode::F(1)), Action::None);
    let _ = app.handle(&Event::Paste("unseen".into()));
    assert!(!app.show_help);
    assert_eq!(app.text(), "");
}

#[test]
fn scrolling_stops_at_the_top_of_the_conversation() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    for question in [
        "How fresh must it be?",
        "What is the peak?",
        "Who reads it?",
        "How long is it kept?",
    ] {
        say(&mut app, question);
    }
    let _ = screen(&app, 120, 40);
    for _ in 0..50 {
        assert_eq!(key(&mut app, KeyCode::PageUp), Action::None);
    }
    let top = app.scroll;
    assert!(top > 0 && top < 100, "{top}");
    let at_top = screen(&app, 120, 40);
    assert!(
        at_top.contains(s.title.as_str()) || at_top.contains("Live analytics"),
        "{at_top}"
    );
    // A page down: the conversation's 34 lines at 120x40 are more than it was scrolled.
    assert!(top < 34, "{top}");
    assert_eq!(key(&mut app, KeyCode::PageDown), Action::None);
    assert_eq!(app.scroll, 0);
}

fn mock_session(id: &str, minutes: u32) -> Session {
    let mut s = Session::new(id, Mode::Mock, "2026-11-24T09:00:00Z".into());
    s.mock = Some(dei::practice::mock::MockState::new(minutes));
    s
}

#[test]
fn a_mock_counts_down_nudges_plays_the_curveball_and_locks_at_time_up() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(
        &s,
        Rubric::builtin(),
        mock_session(&s.id, 10),
        Theme::plain(),
    );
    // No live rubric in a mock.
    assert_eq!(key(&mut app, KeyCode::F(2)), Action::None);
    assert!(!app.show_rubric);
    say(&mut app, "How fresh must the numbers be?");
    // Clarify's budget in a 10-minute round is 67 s: the nudge comes once it is spent.
    assert_eq!(app.tick(60_000), Action::None);
    assert!(app.status.is_none());
    assert_eq!(app.tick(8_000), Action::None);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Clarify has run past")),
        "{:?}",
        app.status
    );
    snapshot_three("mock_clarify", &app);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    // Half time plays the curveball.
    assert_eq!(app.tick(240_000), Action::None);
    let played = app
        .session()
        .mock
        .as_ref()
        .and_then(|m| m.curveball.clone())
        .expect("played at half time");
    assert_eq!(played.stage, Stage::Sketch);
    type_text(
        &mut app,
        "kafka: absorbs the spike; at ten times the peak we add partitions ahead of launch, \
         and a separate fast path serves orders only",
    );
    snapshot_three("mock_curveball", &app);
    // Time up: locked and scored, with the curveball taken on.
    assert_eq!(app.tick(300_000), Action::Finished);
    assert!(
        app.status
            .as_deref()
            .is_some_and(|s| s.contains("Time is up"))
    );
    let record = app.round().mock_record().expect("a mock record");
    assert!(record.timed_out);
    assert!(record.curveball.as_ref().is_some_and(|c| c.addressed));
    assert_eq!(record.rushed_at, None, "a question came first");
    assert_eq!(app.tick(5_000), Action::None, "the clock stops once scored");
    // Typing is locked.
    assert_eq!(key(&mut app, KeyCode::Char('x')), Action::None);
    assert!(!app.answer().contains("launchx"));
    snapshot_three("mock_scorecard", &app);
}

#[test]
fn rushing_to_the_sketch_in_a_mock_raises_no_clarify() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(
        &s,
        Rubric::builtin(),
        mock_session(&s.id, 45),
        Theme::plain(),
    );
    assert_eq!(app.tick(30_000), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(app.stage(), Stage::Sketch);
    type_text(
        &mut app,
        "kafka: absorbs the 5x spike\ncollector -> kafka -> flink",
    );
    for _ in 0..2 {
        assert_eq!(ctrl(&mut app, 'n'), Action::None);
    }
    assert_eq!(app.stage(), Stage::Defend);
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::Finished);
    let (card, _) = app.round().finished().expect("scored");
    // The answer alone already raises it here (a sketch with no question); the rush is
    // recorded either way, and never costs twice (see practice::mock's tests).
    assert!(card.raised_flags().any(|f| f.id == "no-clarify"));
    let record = app.round().mock_record().expect("a mock record");
    assert_eq!(record.rushed_at, Some(30));
    assert!(!record.timed_out);
    // No lab and no numbers verdict during a mock.
    assert!(app.round().lab().is_none());
}

#[test]
fn the_opening_screen_shows_the_prompt_the_moves_and_the_hint() {
    let s = scenario("realtime-analytics");
    let app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    let screen = screen(&app, 120, 40);
    assert!(screen.contains("[1 Clarify]"), "{screen}");
    assert!(screen.contains("Clarify: ask about freshness"), "{screen}");
    snapshot_three("opening", &app);
}

#[test]
fn a_resumed_mock_gives_no_hints_and_a_long_pause_never_skips_the_curveball() {
    let s = scenario("realtime-analytics");
    let mut session = mock_session(&s.id, 10);
    session.stage = Stage::Sketch;
    session.size = "Peak is 50k events/s * 1 KB = 999 GB/s.".into();
    let mut app = App::new(&s, Rubric::builtin(), session, Theme::plain());
    assert!(
        app.round().numbers().is_none(),
        "no numbers check in a mock until the end"
    );
    assert!(!screen(&app, 120, 40).contains("999 GB/s: expected"));
    // One tick far past the end: the curveball is played, the round ends at its length.
    assert_eq!(app.tick(605_000), Action::Finished);
    let record = app.round().mock_record().expect("a mock record");
    assert!(record.curveball.is_some());
    assert_eq!(app.session().total_seconds(), 600);
    let (card, _) = app.round().finished().expect("scored");
    assert!(card.claims.iter().any(|c| c.text.contains("999 GB/s")));
}

#[test]
fn the_lab_follows_new_designs_and_stays_put_otherwise() {
    use dei::practice::lab::LabKind;
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    for _ in 0..3 {
        assert_eq!(ctrl(&mut app, 'n'), Action::None);
    }
    let kind = |app: &App<'_>| app.round().lab().map(|l| l.lab.kind());
    say(
        &mut app,
        "We key revenue by seller and salt the hottest sellers over 16 sub-keys, combining \
         the partials downstream.",
    );
    assert_eq!(kind(&app), Some(LabKind::Skew));
    say(
        &mut app,
        "Offsets are committed only after the write succeeds, and every write is an upsert \
         keyed by event id.",
    );
    assert_eq!(
        kind(&app),
        Some(LabKind::Redelivery),
        "a new design is news"
    );
    say(
        &mut app,
        "Freshness is checked every minute against the newest event time and pages on-call.",
    );
    assert_eq!(
        kind(&app),
        Some(LabKind::Redelivery),
        "nothing new: the lab stays"
    );
}

#[test]
fn an_empty_session_is_not_scored_and_skipped_moves_are_marked() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    for _ in 0..4 {
        assert_eq!(ctrl(&mut app, 'n'), Action::None);
    }
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::None, "nothing to score");
    assert!(!app.is_finished());
    assert!(
        app.status
            .as_deref()
            .is_some_and(|m| m.starts_with("Nothing is written yet")),
        "{:?}",
        app.status
    );
    let screen = screen(&app, 120, 40);
    assert!(screen.contains("– Clarify"), "{screen}");
    assert!(!screen.contains("✓ Clarify"), "{screen}");
}

#[test]
fn keys_that_arrive_together_do_what_they_do_one_by_one() {
    // A terminal without bracketed paste sends a paste as keys; the screen puts runs of typed
    // characters into the editor in one piece, with the same result as key by key.
    let plain = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    let chars = |text: &str| -> Vec<Event> {
        text.chars()
            .map(|c| {
                if c == '\n' {
                    plain(KeyCode::Enter)
                } else {
                    plain(KeyCode::Char(c))
                }
            })
            .collect()
    };
    let with = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
    let mut events = chars("How many events a second at peak?\n");
    events.extend(chars("two lines"));
    events.push(with(KeyCode::Enter, KeyModifiers::ALT));
    events.extend(chars("in one question\n"));
    events.push(plain(KeyCode::F(1)));
    events.extend(chars("xI'll assume a 1 KB event."));
    events.push(with(KeyCode::Char('n'), KeyModifiers::CONTROL));
    events.extend(chars(
        "= peak = 10k events/s * 5\n= peak * 1 KB/event -> MB/s\nnotes",
    ));
    events.push(plain(KeyCode::Backspace));
    events.push(plain(KeyCode::Left));
    events.extend(chars("ABC\n\n"));
    events.push(with(KeyCode::Char('p'), KeyModifiers::CONTROL));
    events.extend(chars("more"));
    let scenario = scenario("realtime-analytics");
    let rubric = Rubric::builtin();
    let mut one_by_one = App::new(&scenario, rubric, session(&scenario.id), Theme::plain());
    for event in &events {
        assert_eq!(one_by_one.handle(event), Action::None);
    }
    let mut together = App::new(&scenario, rubric, session(&scenario.id), Theme::plain());
    assert_eq!(together.handle_all(&events), []);
    assert_eq!(together.session(), one_by_one.session());
    assert!(
        together
            .session()
            .text(Stage::Size)
            .ends_with("notABC\n\ne"),
        "{:?}",
        together.session().text(Stage::Size)
    );
    assert_eq!(together.session().text(Stage::Clarify), "more");
    assert_eq!(screen(&together, 120, 40), screen(&one_by_one, 120, 40));
}

#[test]
fn a_failed_save_says_why_and_where_and_offers_a_way_out() {
    let scenario = scenario("realtime-analytics");
    let mut app = App::new(
        &scenario,
        Rubric::builtin(),
        session("realtime-analytics"),
        Theme::plain(),
    );
    type_text(&mut app, "How fresh must the numbers be?");
    app.rescue.failed(
        "the draft",
        "/data/dei/drafts/realtime-analytics.json: No space left on device (os error 28)",
    );
    // An autosave that failed: said in the footer, and typing goes on.
    let footer = screen(&app, 120, 40);
    assert!(
        footer.contains("Not saved · Ctrl-S tries again · could not save the draft"),
        "{footer}"
    );
    app.rescue.open();
    snapshot_three("not_saved", &app);
    // The box has the keys: nothing typed reaches the answer.
    assert_eq!(key(&mut app, KeyCode::Char('w')), Action::None);
    type_text(&mut app, "~/answer.md");
    insta::assert_snapshot!("write_elsewhere_80x24", screen(&app, 80, 24));
    assert_eq!(key(&mut app, KeyCode::Enter), Action::WriteElsewhere);
    assert_eq!(app.rescue.typed(), "~/answer.md");
    assert_eq!(key(&mut app, KeyCode::Esc), Action::None);
    assert_eq!(ctrl(&mut app, 'q'), Action::None);
    insta::assert_snapshot!("quit_unsaved_80x24", screen(&app, 80, 24));
    assert_eq!(key(&mut app, KeyCode::Char('y')), Action::QuitUnsaved);
    assert_eq!(app.text(), "How fresh must the numbers be?");
}

#[test]
fn a_read_only_window_shows_the_draft_and_changes_nothing() {
    let scenario = scenario("realtime-analytics");
    let mut draft = session("realtime-analytics");
    draft
        .unsent
        .insert(Stage::Clarify, "Typed elsewhere".into());
    let mut app = App::new(&scenario, Rubric::builtin(), draft, Theme::plain());
    app.read_only = true;
    type_text(&mut app, "not mine");
    assert_eq!(key(&mut app, KeyCode::Enter), Action::None);
    let _ = app.handle(&Event::Paste("pasted".into()));
    assert_eq!(app.text(), "Typed elsewhere");
    assert!(!app.is_dirty());
    assert_eq!(ctrl(&mut app, 'e'), Action::None, "no $EDITOR");
    assert_eq!(ctrl(&mut app, 's'), Action::None);
    // Move to move without asking, sending or scoring.
    for _ in 0..6 {
        assert_eq!(ctrl(&mut app, 'n'), Action::None);
    }
    assert_eq!(app.stage(), Stage::Defend);
    assert!(!app.is_finished() && app.session().transcript.is_empty());
    assert_eq!(ctrl(&mut app, 'p'), Action::None);
    assert_eq!(app.stage(), Stage::DeepDive);
    for _ in 0..3 {
        let _ = ctrl(&mut app, 'p');
    }
    insta::assert_snapshot!("read_only_80x24", screen(&app, 80, 24));
    assert_eq!(ctrl(&mut app, 'q'), Action::Quit);

    // A read-only mock's clock is the other window's: time never runs out here.
    let mut app = App::new(
        &scenario,
        Rubric::builtin(),
        mock_session("realtime-analytics", 1),
        Theme::plain(),
    );
    app.read_only = true;
    assert_eq!(app.tick(10 * 60 * 1000), Action::None);
    assert!(!app.is_finished());
    assert_eq!(app.session().total_seconds(), 0);
}

#[test]
fn the_scorecard_ends_with_each_follow_up_graded() {
    let s = scenario("realtime-analytics");
    let mut app = App::new(&s, Rubric::builtin(), session(&s.id), Theme::plain());
    play_through(&mut app);
    // "I don't know", then part of an answer to the probe.
    say(&mut app, "I don't know.");
    assert!(app.session().deep_dive[0].probe.is_some());
    assert_eq!(app.session().deep_dive[0].followup, "hot-seller");
    say(
        &mut app,
        "We salt the hot seller's key over 8 sub-keys and combine the partial counts in a \
         second stage.",
    );
    assert_eq!(app.session().deep_dive.len(), 2, "the next follow-up");
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    type_text(
        &mut app,
        "It breaks first at the hot seller partition at 10x.",
    );
    assert_eq!(ctrl(&mut app, 'n'), Action::None);
    assert_eq!(ctrl(&mut app, 'n'), Action::Finished);
    // Scrolled down to the follow-ups, each with its grade, points and feedback.
    let mut shown = screen(&app, 120, 40);
    for _ in 0..200 {
        if shown.contains("→ Made 1 of 5 points") && shown.contains("hot-seller  partial") {
            break;
        }
        let _ = key(&mut app, KeyCode::Down);
        shown = screen(&app, 120, 40);
    }
    assert!(shown.contains("hot-seller  partial"), "{shown}");
    assert!(shown.contains("→ Made 1 of 5 points"), "{shown}");
    insta::assert_snapshot!("scorecard_followups_120x40", shown);
    // At the end: the key facts never asked for, each with a question that finds it.
    let _ = key(&mut app, KeyCode::End);
    let end = screen(&app, 120, 40);
    assert!(end.contains("Facts you never asked for"), "{end}");
    insta::assert_snapshot!("scorecard_unasked_120x40", end);
    insta::assert_snapshot!("scorecard_unasked_80x24", {
        let _ = screen(&app, 80, 24);
        let _ = key(&mut app, KeyCode::End);
        screen(&app, 80, 24)
    });
}
