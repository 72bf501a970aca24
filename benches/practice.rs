//! Performance targets of the practice screen (issue 6): a frame at 120x40 within 1 ms; a
//! keystroke to the redrawn frame, with the live rubric re-scoring a 1,500-word answer,
//! within 16 ms; start-up (catalog, scorer, first frame) within 50 ms. Resident memory is
//! measured on the real binary (see the issue note).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dei::practice::{Mode, Session};
use dei::rubric::Rubric;
use dei::scenario::{Catalog, Stage};
use dei::tui::{App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    let answer = common::long_answer(scenario);

    // A session in Defend with the whole 1,500-word answer typed there, live rubric on.
    let mut session = Session::new(&scenario.id, Mode::Practice, "2026-11-24T09:00:00Z".into());
    session.stage = Stage::Defend;
    session.defend.clone_from(&answer);
    let mut app = App::new(scenario, rubric, session, Theme::color());
    let _ = app.handle(&Event::Key(KeyEvent::new(
        KeyCode::F(2),
        KeyModifiers::NONE,
    )));
    app.refresh();
    assert!(app.live().is_some(), "the live rubric is on");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("backend");

    c.bench_function("frame 120x40 (Defend, 1,500 words, live rubric)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draws");
        });
    });

    c.bench_function(
        "keystroke to frame with live re-score of 1,500 words",
        |b| {
            let mut flip = false;
            b.iter(|| {
                // Type and delete, so the answer stays the same size.
                let event = if flip {
                    Event::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE))
                } else {
                    key('x')
                };
                flip = !flip;
                let _ = app.handle(black_box(&event));
                // As the shell does before every frame: the live rubric is scored again here.
                app.refresh();
                terminal
                    .draw(|f| f.render_widget(&app, f.area()))
                    .expect("draws");
            });
        },
    );

    let mut clarify = App::new(
        scenario,
        rubric,
        Session::new(&scenario.id, Mode::Practice, "2026-11-24T09:00:00Z".into()),
        Theme::color(),
    );
    for c in "How fresh must the numbers be?".chars() {
        let _ = clarify.handle(&key(c));
    }
    let _ = clarify.handle(&Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    c.bench_function("frame 120x40 (Clarify, prompt and transcript)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(&clarify, f.area()))
                .expect("draws");
        });
    });

    screens(c, scenario, rubric, &answer, &mut terminal);
    big_scratchpad(c, scenario, rubric, &mut terminal);
    startup(c, rubric);
}

/// The other screens, each with a realistic amount on it, and a lab re-run.
fn screens(
    c: &mut Criterion,
    scenario: &dei::scenario::Scenario,
    rubric: &Rubric,
    answer: &str,
    terminal: &mut Terminal<TestBackend>,
) {
    let mut sketch = Session::new(&scenario.id, Mode::Practice, String::new());
    sketch.stage = Stage::Sketch;
    sketch.sketch = "collector: takes events from web and app, buffers on disk\n\
        kafka: absorbs the 5x sale spike, 7 days of replay\n\
        flink: one-minute windows by event time, 2-minute watermark\n\
        iceberg: the history analysts trust, compacted hourly\n\
        pinot: pre-aggregated for fast group-bys\n\
        collector -> kafka -> flink -> pinot\nkafka -> iceberg"
        .into();
    let sketch = App::new(scenario, rubric, sketch, Theme::color());
    c.bench_function("frame 120x40 (Sketch, 5 components, 2 flows)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(&sketch, f.area()))
                .expect("draws");
        });
    });
    let mut size = Session::new(&scenario.id, Mode::Practice, String::new());
    size.stage = Stage::Size;
    size.size = "= avg = 10k events/s\n= peak = 5 * avg\n= peak * 1 KB/event -> MB/s\n\
        = avg * 1 KB/event * 1 day -> GB\n= 50 MB/s / (10 MB/s) \nSo 5 partitions at least."
        .into();
    let size = App::new(scenario, rubric, size, Theme::color());
    c.bench_function("frame 120x40 (Size, 5 calculator lines)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(&size, f.area()))
                .expect("draws");
        });
    });
    let mut defend = Session::new(&scenario.id, Mode::Practice, String::new());
    defend.stage = Stage::Defend;
    answer.clone_into(&mut defend.defend);
    let mut done = App::new(scenario, rubric, defend, Theme::color());
    let ctrl_n = Event::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    let _ = done.handle(&ctrl_n);
    let _ = done.handle(&ctrl_n);
    assert!(done.is_finished());
    c.bench_function("frame 120x40 (scorecard of 1,500 words)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(&done, f.area()))
                .expect("draws");
        });
    });
    if let Some(lab) = dei::practice::lab::Lab::new(scenario, dei::practice::lab::LabKind::Skew) {
        c.bench_function("lab re-run: skew on the scenario's profile", |b| {
            b.iter(|| black_box(&lab).run());
        });
    }
}

/// Issue 11: a 120 KB scratchpad stays responsive, pasted or typed a key at a time.
fn big_scratchpad(
    c: &mut Criterion,
    scenario: &dei::scenario::Scenario,
    rubric: &Rubric,
    terminal: &mut Terminal<TestBackend>,
) {
    let pad =
        "= peak = 10k events/s * 5 * 1 KB/event -> MB/s\nA note about the peak.\n".repeat(1_700);
    let mut big = Session::new(&scenario.id, Mode::Practice, String::new());
    big.stage = Stage::Size;
    let mut big = App::new(scenario, rubric, big, Theme::color());
    let _ = big.handle(&Event::Paste(pad.clone()));
    c.bench_function("keystroke to frame in a 120 KB scratchpad", |b| {
        let mut flip = false;
        b.iter(|| {
            let event = if flip {
                Event::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE))
            } else {
                key('=')
            };
            flip = !flip;
            let _ = big.handle(&event);
            terminal
                .draw(|f| f.render_widget(&big, f.area()))
                .expect("draws");
        });
    });
    c.bench_function("paste 120 KB into the scratchpad to frame", |b| {
        b.iter(|| {
            let mut session = Session::new(&scenario.id, Mode::Practice, String::new());
            session.stage = Stage::Size;
            let mut app = App::new(scenario, rubric, session, Theme::color());
            let _ = app.handle(&Event::Paste(pad.clone()));
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draws");
        });
    });
    let typed: Vec<Event> = "= x = 10k events/s * 5\n"
        .chars()
        .map(|c| {
            if c == '\n' {
                Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
            } else {
                key(c)
            }
        })
        .collect();
    c.bench_function("24 keys at once to frame in a 120 KB scratchpad", |b| {
        b.iter(|| {
            let _ = big.handle_all(&typed);
            terminal
                .draw(|f| f.render_widget(&big, f.area()))
                .expect("draws");
        });
    });
}

fn startup(c: &mut Criterion, rubric: &'static Rubric) {
    c.bench_function("start-up: catalog, scorer, first frame", |b| {
        b.iter(|| {
            let catalog = Catalog::builtin(rubric);
            let scenario = catalog.get("realtime-analytics").expect("built-in");
            let session = Session::new(&scenario.id, Mode::Practice, String::new());
            let app = App::new(scenario, rubric, session, Theme::color());
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("backend");
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draws");
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
