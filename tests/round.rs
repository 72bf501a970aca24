//! Whole practice rounds driven through [`Round`], the core of the practice screen, without a
//! terminal and without typing a character: what the candidate sends, the moves, a mock's
//! clock and the scorecard, checked against the events each call says happened.

use dei::practice::interviewer::Grade;
use dei::practice::interviewer::{MAX_FOLLOWUPS, NEUTRAL};
use dei::practice::lab::LabKind;
use dei::practice::mock::MockState;
use dei::practice::round::{
    CURVEBALL_QUIET_SECONDS, DEEP_DIVE_DONE, Event, LabControl, MOVING_ON, MoveState, NO_QUESTION,
};
use dei::practice::{HistoryEntry, Mode, Pin, Round, Session, Speaker};
use dei::rubric::Rubric;
use dei::scenario::{Catalog, Scenario, Stage};

fn scenario() -> Scenario {
    Catalog::builtin(Rubric::builtin())
        .get("realtime-analytics")
        .expect("built in")
        .clone()
}

fn practice(s: &Scenario) -> Round<'_> {
    let session = Session::new(&s.id, Mode::Practice, "2026-11-24T09:00:00Z".into());
    Round::new(s, Rubric::builtin(), session)
}

fn mock(s: &Scenario, minutes: u32) -> Round<'_> {
    let mut session = Session::new(&s.id, Mode::Mock, "2026-11-24T09:00:00Z".into());
    session.mock = Some(MockState::new(minutes));
    Round::new(s, Rubric::builtin(), session)
}

fn fact_reply<'s>(s: &'s Scenario, id: &str) -> &'s str {
    s.facts
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.reply.trim())
        .expect("a fact of the scenario")
}

/// The ids of the follow-ups asked in `events`.
fn asked(events: &[Event]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::FollowUpAsked { id } => Some(id.as_str()),
            _ => None,
        })
        .collect()
}

/// Clarify, Size and Sketch done reasonably, ending in Deep-dive; returns what entering
/// Deep-dive did.
fn to_the_deep_dive(round: &mut Round<'_>) -> Vec<Event> {
    let _ = round.send("How fresh do the numbers need to be?");
    let _ = round.send("What does peak traffic look like during a sale?");
    let _ = round.next_move();
    round.set_text(
        "Peak is five times the average.\n= peak = 50k events/s\n\
         = peak * 1 KB/event -> MB/s\nSo about 50 MB/s at peak."
            .into(),
    );
    let _ = round.next_move();
    round.set_text(
        "collector: buffers when kafka is slow\nkafka: absorbs the 5x spike\n\
         flink: windowed counts per minute\ncollector -> kafka -> flink"
            .into(),
    );
    round.next_move()
}

#[test]
fn a_clarify_question_gets_its_fact_said_and_pinned_once() {
    let s = scenario();
    let mut round = practice(&s);
    let fresh = fact_reply(&s, "freshness");
    assert_eq!(
        round.send("  How fresh do the numbers need to be?  "),
        [
            Event::Sent {
                stage: Stage::Clarify
            },
            Event::Pinned(Pin::Fact {
                id: "freshness".into(),
                text: fresh.into(),
            }),
            Event::Said {
                stage: Stage::Clarify,
                text: fresh.into(),
            },
        ]
    );
    let turns = &round.session().transcript;
    assert_eq!(turns.len(), 2);
    assert_eq!(turns[0].speaker, Speaker::Candidate);
    assert_eq!(turns[0].text, "How fresh do the numbers need to be?");
    // Asked again: said again briefly, pinned no second time.
    let again = round.send("And how fresh again?");
    assert!(
        !again.iter().any(|e| matches!(e, Event::Pinned(_))),
        "{again:?}"
    );
    assert!(
        matches!(&again[1], Event::Said { text, .. } if text.starts_with("As I said: ")),
        "{again:?}"
    );
    assert_eq!(round.session().pinned.len(), 1);
    // An assumption is pinned as the candidate's own; an unknown gets the neutral line.
    let assumed = round.send("I'll assume we can use managed cloud services.");
    assert!(
        assumed.contains(&Event::Pinned(Pin::Assumption {
            text: "I'll assume we can use managed cloud services.".into()
        })),
        "{assumed:?}"
    );
    assert_eq!(
        round.send("What colour is the logo?").last(),
        Some(&Event::Said {
            stage: Stage::Clarify,
            text: NEUTRAL.into()
        })
    );
    // Nothing is sent blank, nor in a move that is a document.
    assert_eq!(round.send("   "), []);
    let _ = round.next_move();
    assert_eq!(round.send("How fresh?"), []);
    assert!(round.session().said(Stage::Size).next().is_none());
}

#[test]
fn moves_send_what_was_typed_check_the_numbers_and_go_back() {
    let s = scenario();
    let mut round = practice(&s);
    assert_eq!(round.previous_move(), [], "nothing before Clarify");
    // Typed and not sent: sent on the way out, with its reply.
    round.set_text("How fresh must it be?".into());
    let moved = round.next_move();
    assert_eq!(
        moved.first(),
        Some(&Event::Sent {
            stage: Stage::Clarify
        })
    );
    assert_eq!(
        moved.last(),
        Some(&Event::Moved {
            from: Stage::Clarify,
            to: Stage::Size
        })
    );
    assert!(round.session().unsent.is_empty());
    assert!(matches!(&round.session().pinned[0], Pin::Fact { id, .. } if id == "freshness"));
    // Leaving Size checks the numbers and says so.
    round.set_text("Average 10k events/s, peak five times that.\nSo 5 GB/s at peak.".into());
    let moved = round.next_move();
    assert_eq!(moved[0], Event::NumbersChecked);
    assert!(
        matches!(&moved[1], Event::Said { stage: Stage::Size, text } if text.contains("5 GB/s")),
        "{moved:?}"
    );
    assert_eq!(
        moved[2],
        Event::Moved {
            from: Stage::Size,
            to: Stage::Sketch
        }
    );
    let claims = round.numbers().expect("numbers checked");
    assert!(
        claims.iter().any(|c| c.text.contains("5 GB/s")),
        "{claims:?}"
    );
    // Back a move: nothing sent, asked or scored; the text is kept.
    assert_eq!(
        round.previous_move(),
        [Event::Moved {
            from: Stage::Sketch,
            to: Stage::Size
        }]
    );
    assert_eq!(round.stage(), Stage::Size);
    assert!(round.session().size.contains("5 GB/s"));
}

#[test]
fn the_deep_dive_asks_a_follow_up_files_its_answer_and_asks_the_next() {
    let s = scenario();
    let mut round = practice(&s);
    let entered = to_the_deep_dive(&mut round);
    let first = asked(&entered);
    assert_eq!(first.len(), 1, "{entered:?}");
    let first = first[0].to_owned();
    let open = round.session().open_followup().expect("a question open");
    assert_eq!(open.followup, first);
    assert!(
        entered.contains(&Event::Said {
            stage: Stage::DeepDive,
            text: open.question.clone()
        }),
        "{entered:?}"
    );
    let answered = round.send(
        "We partition by seller id, and salt the hottest sellers over 8 sub-keys so one \
         seller cannot overload a partition; totals are merged downstream.",
    );
    assert_eq!(
        answered[..2],
        [
            Event::Sent {
                stage: Stage::DeepDive
            },
            Event::Replied {
                followup: Some(first.clone())
            },
        ]
    );
    assert!(
        answered.contains(&Event::LabChanged {
            kind: LabKind::Skew
        }),
        "a stated design opens its lab: {answered:?}"
    );
    // Part of the answer: probed once, and the follow-up stays open for the probe's answer.
    assert!(
        answered.contains(&Event::Probed {
            followup: first.clone()
        }),
        "{answered:?}"
    );
    assert!(asked(&answered).is_empty(), "{answered:?}");
    assert!(round.session().deep_dive[0].reply.contains("8 sub-keys"));
    let answered = round.send("Per-task lag shows it; the cluster average hides it.");
    assert!(
        answered.contains(&Event::Replied {
            followup: Some(first.clone())
        }),
        "{answered:?}"
    );
    let second = asked(&answered);
    assert_eq!(second.len(), 1, "{answered:?}");
    assert_ne!(second[0], first);
    // Answer until the interviewer closes; at most MAX_FOLLOWUPS are asked, each probed at
    // most once.
    let mut closed = Vec::new();
    for _ in 0..2 * MAX_FOLLOWUPS {
        closed = round.send("Offsets commit after an upsert keyed by event id.");
        if closed.contains(&Event::DeepDiveClosed) {
            break;
        }
    }
    assert_eq!(
        closed.last(),
        Some(&Event::Said {
            stage: Stage::DeepDive,
            text: DEEP_DIVE_DONE.into()
        })
    );
    assert!(round.session().deep_dive.len() <= MAX_FOLLOWUPS);
    // With nothing open, more words join the last reply and nothing is asked.
    let more = round.send("And the dashboards read the upserted table.");
    assert!(
        more.contains(&Event::Replied { followup: None }),
        "{more:?}"
    );
    assert!(asked(&more).is_empty());
    let last = round.session().deep_dive.last().expect("an exchange");
    assert!(
        last.replies()
            .ends_with("\n\nAnd the dashboards read the upserted table.")
    );
}

#[test]
fn leaving_the_deep_dive_files_the_reply_without_asking_more() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let open = round
        .session()
        .open_followup()
        .expect("open")
        .followup
        .clone();
    round.set_text("Upserts keyed by event id.".into());
    let moved = round.next_move();
    assert!(
        moved.contains(&Event::Replied {
            followup: Some(open)
        }),
        "{moved:?}"
    );
    assert!(asked(&moved).is_empty(), "no new question on the way out");
    assert_eq!(round.stage(), Stage::Defend);
    assert!(round.answer().contains("Upserts keyed by event id."));
}

#[test]
fn the_lab_turns_its_knobs_and_shows_the_next_simulation() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let _ = round.send(
        "We key revenue by seller and salt the hottest sellers over 16 sub-keys, combining \
         the partials downstream.",
    );
    let rows = |round: &Round<'_>| round.lab().map(|l| l.lab.knob_rows());
    let before = rows(&round);
    assert_eq!(
        round.control_lab(LabControl::Raise),
        [Event::LabRan {
            kind: LabKind::Skew
        }]
    );
    assert_ne!(rows(&round), before);
    assert_eq!(round.control_lab(LabControl::NextKnob), []);
    let next = round.control_lab(LabControl::NextSimulation);
    assert!(
        matches!(next[..], [Event::LabChanged { kind }] if kind != LabKind::Skew),
        "{next:?}"
    );
}

#[test]
fn a_mock_clock_nudges_plays_the_curveball_and_finishes_at_time_up() {
    let s = scenario();
    let mut round = mock(&s, 10);
    let _ = round.send("How fresh must the numbers be?");
    // Time is counted in whole seconds.
    assert_eq!(round.tick(999), []);
    assert_eq!(round.tick(1), [Event::MockTimePassed { seconds: 1 }]);
    assert_eq!(round.tick(59_000), [Event::MockTimePassed { seconds: 59 }]);
    // Clarify's budget in a 10-minute round is 67 s.
    let over = round.tick(8_000);
    assert!(
        matches!(&over[1], Event::Nudged { message } if message.starts_with("Clarify has run past")),
        "{over:?}"
    );
    // Neither the numbers check nor the lab in a mock.
    let _ = round.next_move();
    let moved = round.next_move();
    assert!(!moved.contains(&Event::NumbersChecked), "{moved:?}");
    assert!(round.numbers().is_none());
    // Half time plays the curveball, said in the current move.
    let half = round.tick(240_000);
    let played = round
        .session()
        .mock
        .as_ref()
        .and_then(|m| m.curveball.clone())
        .expect("played at half time");
    assert!(half.contains(&Event::CurveballPlayed {
        id: played.id.clone()
    }));
    assert!(half.contains(&Event::Said {
        stage: Stage::Sketch,
        text: format!("One change: {}", played.line)
    }));
    round.set_text(
        "kafka: absorbs the spike; at ten times the peak we add partitions ahead of launch, \
         and a separate fast path serves orders only"
            .into(),
    );
    // A tick past the end stops at the end, scores and says time is up.
    let end = round.tick(900_000);
    assert_eq!(end[0], Event::MockTimePassed { seconds: 292 });
    assert!(
        matches!(
            end[end.len() - 2..],
            [Event::Finished { .. }, Event::TimeUp]
        ),
        "{end:?}"
    );
    assert_eq!(round.session().total_seconds(), 600);
    let record = round.mock_record().expect("a mock record");
    assert!(record.timed_out);
    assert!(record.curveball.as_ref().is_some_and(|c| c.addressed));
    assert!(round.lab().is_none());
    assert_eq!(round.tick(5_000), [], "the clock stops once scored");
}

#[test]
fn time_up_sends_what_was_typed_before_scoring() {
    let s = scenario();
    let mut round = mock(&s, 1);
    round.set_text("How many events a second at peak?".into());
    let end = round.tick(60_000);
    let sent = end.iter().position(|e| {
        *e == Event::Sent {
            stage: Stage::Clarify,
        }
    });
    let finished = end.iter().position(|e| matches!(e, Event::Finished { .. }));
    assert!(sent.is_some() && sent < finished, "{end:?}");
    let (_, answer) = round.finished().expect("scored");
    assert!(
        answer.contains("How many events a second at peak?"),
        "{answer}"
    );
}

#[test]
fn finishing_scores_the_answer_once_and_locks_the_round() {
    let s = scenario();
    let mut round = practice(&s);
    assert_eq!(round.finish(), [Event::NothingToScore]);
    assert!(round.finished().is_none());
    let _ = to_the_deep_dive(&mut round);
    let _ = round.send("Offsets are committed after the upsert keyed by event id.");
    let _ = round.next_move();
    round.set_text(
        "I traded exactly-once for idempotent upserts because they are simpler to run. \
         It breaks first at the hot seller partition at 10x; I would monitor consumer lag."
            .into(),
    );
    // From Defend, the next move is the scorecard.
    let done = round.next_move();
    let [Event::Finished { score }] = done[..] else {
        panic!("{done:?}");
    };
    let (card, answer) = round.finished().expect("scored");
    assert_eq!(card.score, score);
    assert!(score > 0);
    assert!(answer.contains("## Defend"), "{answer}");
    assert_eq!(round.numbers(), Some(card.claims.as_slice()));
    assert_eq!(round.work_text(), *answer);
    // Locked: nothing more is sent, moved, typed, timed or scored.
    let transcript = round.session().transcript.len();
    assert_eq!(round.finish(), []);
    assert_eq!(round.send("One more thing?"), []);
    assert_eq!(round.next_move(), []);
    assert_eq!(round.previous_move(), []);
    assert_eq!(round.tick(10_000), []);
    round.set_text("changed".into());
    assert_eq!(round.session().transcript.len(), transcript);
    assert!(!round.session().defend.contains("changed"));
}

#[test]
fn a_reopened_move_is_rewritten_and_the_whole_answer_scored_again_keeping_the_first_score() {
    let s = scenario();
    let mut round = practice(&s);
    // Not before the round is scored.
    assert_eq!(round.rescore(Stage::Defend, "Anything."), []);
    let _ = to_the_deep_dive(&mut round);
    let _ = round.send("Offsets are committed after the upsert keyed by event id.");
    let _ = round.next_move();
    round.set_text("It is fine.".into());
    let _ = round.next_move();
    let first = round.finished().expect("scored").0.score;
    assert!(round.first().is_none() && round.rescored().is_none());
    // The text as it stands changes nothing.
    assert_eq!(round.rescore(Stage::Defend, "It is fine."), []);
    let defend = "I traded exactly-once for idempotent upserts because they are simpler to run. \
                  It breaks first at the hot seller partition at 10x; I would monitor consumer \
                  lag first, then the dead-letter queue.";
    let events = round.rescore(Stage::Defend, defend);
    let [
        Event::Rescored {
            stage: Stage::Defend,
            first: was,
            score,
        },
    ] = events[..]
    else {
        panic!("{events:?}");
    };
    assert_eq!(was, first);
    assert!(score > first, "{first} -> {score}");
    let (card, answer) = round.finished().expect("still scored");
    assert_eq!(card.score, score);
    assert!(answer.contains("monitor consumer"), "{answer}");
    assert_eq!(round.session().defend, defend);
    assert_eq!(round.first().map(|c| c.score), Some(first));
    // Clarify, a conversation, is rewritten as the answer's text; what was said stays.
    let said = round.session().said(Stage::Clarify).count();
    let clarify = format!(
        "{}\n\nHow many readers query the dashboard at once?",
        round.session().move_text(Stage::Clarify)
    );
    let events = round.rescore(Stage::Clarify, &clarify);
    assert!(
        matches!(events[..], [Event::Rescored { stage: Stage::Clarify, first: f, .. }] if f == first)
    );
    assert_eq!(round.session().said(Stage::Clarify).count(), said);
    assert!(
        round
            .finished()
            .expect("scored")
            .1
            .contains("How many readers")
    );
    // The first score is the very first, however many times it is scored again.
    assert_eq!(round.first().map(|c| c.score), Some(first));
    assert_eq!(round.reopened(), [Stage::Defend, Stage::Clarify]);
    let rescored = round.rescored().expect("both scores");
    let sentence = rescored.sentence(&round.finished().expect("scored").0);
    assert!(
        sentence.starts_with("Scored again after rewriting Defend and Clarify: "),
        "{sentence}"
    );
    assert!(
        sentence.contains(&format!("first scored {first} / 100")),
        "{sentence}"
    );
}

#[test]
fn the_live_scorecard_is_scored_only_when_refreshed_after_a_change() {
    let s = scenario();
    let mut round = practice(&s);
    assert!(round.live().is_none());
    round.refresh_live();
    let empty = round.live().expect("scored").score;
    let _ = round.send("How fresh must it be, and what is the peak rate?");
    assert_eq!(round.live().map(|c| c.score), Some(empty), "not yet");
    round.refresh_live();
    assert!(round.live().is_some_and(|c| c.score >= empty));
}

#[test]
fn a_resumed_round_past_size_has_its_numbers_and_lab_back() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let _ = round.send(
        "We key revenue by seller and salt the hottest sellers over 16 sub-keys, combining \
         the partials downstream.",
    );
    let resumed = Round::new(&s, Rubric::builtin(), round.session().clone());
    assert_eq!(resumed.stage(), Stage::DeepDive);
    assert!(resumed.numbers().is_some());
    assert_eq!(
        resumed.lab().map(|l| l.lab.kind()),
        round.lab().map(|l| l.lab.kind())
    );
}

/// The follow-up waiting for an answer, by id.
fn open_id(round: &Round<'_>) -> String {
    round
        .session()
        .open_followup()
        .expect("a follow-up open")
        .followup
        .clone()
}

/// A reply that makes the follow-up's first three good points, in their own words.
fn good_reply(s: &Scenario, id: &str) -> String {
    let followup = s
        .followups
        .iter()
        .find(|f| f.id == id)
        .expect("a follow-up");
    followup.good_points[..3].join(" ")
}

/// What the interviewer said in `events`.
fn said(events: &[Event]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Said { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_thin_reply_is_probed_once_then_the_next_follow_up_comes() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let first = open_id(&round);
    let thin = round.send("Add more partitions.");
    assert!(
        thin.contains(&Event::Judged {
            followup: first.clone(),
            grade: Grade::Thin
        }),
        "{thin:?}"
    );
    assert!(
        thin.contains(&Event::Probed {
            followup: first.clone()
        }),
        "{thin:?}"
    );
    assert!(
        asked(&thin).is_empty(),
        "the follow-up stays open: {thin:?}"
    );
    let exchange = round.session().open_followup().expect("still open");
    assert_eq!(exchange.followup, first);
    let probe = exchange.probe.clone().expect("a probe asked");
    assert_eq!(exchange.open_question(), probe);
    assert_eq!(said(&thin).len(), 1);
    assert!(said(&thin)[0].ends_with(&probe), "{thin:?}");
    // The probe's answer is judged with the first reply; still thin, so the round moves on.
    let moved = round.send("More nodes, then.");
    assert!(
        !moved.iter().any(|e| matches!(e, Event::Probed { .. })),
        "{moved:?}"
    );
    assert_eq!(said(&moved)[0], MOVING_ON, "{moved:?}");
    let next = asked(&moved);
    assert_eq!(next.len(), 1, "{moved:?}");
    assert_ne!(next[0], first);
    let done = &round.session().deep_dive[0];
    assert_eq!(done.grade, Some(Grade::Thin));
    assert_eq!(done.probe_reply, "More nodes, then.");
    assert!(done.covered.is_empty());
    assert_eq!(
        done.missing.len(),
        s.followups
            .iter()
            .find(|f| f.id == first)
            .expect("asked")
            .good_points
            .len()
    );
    // A thin reply's feedback says what it did instead of making a point.
    assert!(
        !done.feedback.is_empty() && !done.feedback.starts_with("Made 1"),
        "{}",
        done.feedback
    );
    // Both replies are in the answer the scorer grades.
    let answer = round.answer();
    assert!(answer.contains("Add more partitions.") && answer.contains("More nodes, then."));
}

#[test]
fn a_good_reply_is_acknowledged_and_not_probed() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let first = open_id(&round);
    let good = round.send(&good_reply(&s, &first));
    assert!(
        good.contains(&Event::Judged {
            followup: first.clone(),
            grade: Grade::Good
        }),
        "{good:?}"
    );
    assert!(
        !good.iter().any(|e| matches!(e, Event::Probed { .. })),
        "{good:?}"
    );
    assert_eq!(asked(&good).len(), 1, "{good:?}");
    let exchange = &round.session().deep_dive[0];
    assert_eq!(exchange.probe, None);
    assert_eq!(exchange.covered, [0, 1, 2]);
    // The acknowledgement, then the next question.
    let words = said(&good);
    assert_eq!(words.len(), 2, "{good:?}");
    assert_eq!(words[1], round.session().deep_dive[1].question);
}

#[test]
fn i_dont_know_gets_a_hint_and_the_probe() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let first = open_id(&round);
    let events = round.send("I don't know.");
    assert!(
        events.contains(&Event::Probed {
            followup: first.clone()
        }),
        "{events:?}"
    );
    let probe = round.session().deep_dive[0].probe.clone().expect("probed");
    let words = said(&events);
    assert_eq!(words.len(), 1, "{events:?}");
    // More than the probe: a hint to reason from comes first.
    assert!(words[0].ends_with(&probe), "{}", words[0]);
    assert!(words[0].len() > probe.len() + 20, "no hint: {}", words[0]);
    assert_eq!(open_id(&round), first);
    // A good answer to the probe, judged with the first reply, is acknowledged.
    let better = round.send(&good_reply(&s, &first));
    assert!(
        better.contains(&Event::Judged {
            followup: first.clone(),
            grade: Grade::Good
        }),
        "{better:?}"
    );
    assert_ne!(said(&better)[0], MOVING_ON);
    assert_eq!(asked(&better).len(), 1, "{better:?}");
}

#[test]
fn a_question_back_gets_the_facts_then_the_probe() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let first = open_id(&round);
    let events = round.send("How many events per second are there at peak?");
    assert!(
        events.contains(&Event::Probed {
            followup: first.clone()
        }),
        "{events:?}"
    );
    let words = said(&events);
    assert_eq!(words.len(), 1, "{events:?}");
    assert!(words[0].starts_with(fact_reply(&s, "peak")), "{}", words[0]);
    let probe = round.session().deep_dive[0].probe.clone().expect("probed");
    assert!(words[0].ends_with(&probe), "{}", words[0]);
    assert_eq!(open_id(&round), first);
}

#[test]
fn leaving_the_deep_dive_grades_the_reply_without_a_probe() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    round.set_text("Add more partitions.".into());
    let moved = round.next_move();
    assert!(
        !moved.iter().any(|e| matches!(e, Event::Probed { .. })),
        "{moved:?}"
    );
    assert!(said(&moved).is_empty(), "{moved:?}");
    let exchange = &round.session().deep_dive[0];
    assert_eq!(exchange.grade, Some(Grade::Thin));
    assert_eq!(exchange.probe, None);
    assert!(round.session().open_followup().is_none());
}

#[test]
fn a_draft_left_on_a_probe_resumes_waiting_for_its_answer() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    let first = open_id(&round);
    let _ = round.send("Add more partitions.");
    let saved = serde_json::to_string(round.session()).expect("saves");
    let session: Session = serde_json::from_str(&saved).expect("loads");
    let mut resumed = Round::new(&s, Rubric::builtin(), session);
    assert_eq!(open_id(&resumed), first);
    let events = resumed.send("More nodes, then.");
    assert!(
        events.contains(&Event::Replied {
            followup: Some(first.clone())
        }),
        "{events:?}"
    );
    assert_eq!(asked(&events).len(), 1, "{events:?}");
    assert_eq!(
        resumed.session().deep_dive[0].probe_reply,
        "More nodes, then."
    );
}

/// The part of `report` from `heading` to the next heading of its level.
fn section<'r>(report: &'r str, heading: &str) -> &'r str {
    let start = report.find(heading).expect("the section");
    let rest = &report[start..];
    let end = rest[heading.len()..]
        .find("\n## ")
        .map_or(rest.len(), |i| i + heading.len());
    &rest[..end]
}

#[test]
fn the_scorecard_report_and_history_show_each_follow_up_graded() {
    let s = scenario();
    let mut round = practice(&s);
    let _ = to_the_deep_dive(&mut round);
    // "I don't know", then part of the answer to the probe.
    let first = open_id(&round);
    let _ = round.send("I don't know.");
    let point = s
        .followups
        .iter()
        .find(|f| f.id == first)
        .expect("asked")
        .good_points[0]
        .clone();
    let _ = round.send(&point);
    // A good reply to the second.
    let second = open_id(&round);
    let _ = round.send(&good_reply(&s, &second));
    // A tool name, and no better after the probe.
    let _ = round.send("Add more partitions.");
    let _ = round.send("More nodes.");
    assert!(round.session().open_followup().is_none());
    let _ = round.next_move();
    round.set_text(
        "I traded exactly-once for idempotent upserts; it breaks first at the hot seller.".into(),
    );
    let _ = round.finish();
    let (card, answer) = round.finished().expect("scored").clone();
    let session = round.session();
    let grades: Vec<Option<Grade>> = session.deep_dive.iter().map(|e| e.grade).collect();
    assert_eq!(
        grades,
        [Some(Grade::Partial), Some(Grade::Good), Some(Grade::Thin)]
    );
    let text = dei::render::plain(&dei::render::followups(&s, &session.deep_dive, 100));
    insta::assert_snapshot!("followups_scorecard_section", text);
    let report = dei::render::report::report(&s, session, &card, &answer, None, None);
    insta::assert_snapshot!(
        "followups_report_section",
        section(&report, "## Follow-ups")
    );
    // The Deep-dive move says which follow-ups fell short, wherever its points are shown.
    let deep = card
        .stages
        .iter()
        .find(|m| m.stage == Stage::DeepDive)
        .expect("a deep-dive move");
    assert!(deep.score < deep.max, "{deep:?}");
    let lost = deep.lost.as_deref().unwrap_or_default();
    let stale = &session.deep_dive[2].followup;
    assert!(
        lost.ends_with(&format!("; follow-ups: {first} partial, {stale} thin")),
        "{lost}"
    );
    assert!(
        report.contains(&format!("{first} partial, {stale} thin")),
        "{report}"
    );
    let entry = HistoryEntry::new(&s, session, &card, &answer, "2026-11-24T09:30:00Z".into());
    let moved = entry
        .moves
        .iter()
        .find(|m| m.stage == Stage::DeepDive)
        .expect("a move");
    assert_eq!(moved.lost.as_deref(), Some(lost));
    assert_eq!(entry.followup_grades.len(), 3);
    assert_eq!(entry.followup_grades[0].followup, first);
    assert_eq!(entry.followup_grades[0].grade, Grade::Partial);
    assert_eq!(entry.followup_grades[0].covered, [point.trim()]);
    let json = serde_json::to_value(&entry).expect("serialises");
    assert_eq!(json["followup_grades"][1]["grade"], "good");
    assert_eq!(json["followups"][0]["probe_reply"], point.trim());
}

#[test]
fn leaving_clarify_without_a_question_gets_one_line_of_pushback_and_moves_on() {
    let s = scenario();
    let mut round = practice(&s);
    let moved = round.next_move();
    assert!(
        moved.contains(&Event::PushedBack {
            message: NO_QUESTION.into()
        }),
        "{moved:?}"
    );
    assert_eq!(round.stage(), Stage::Size, "the move changes all the same");
    let said: Vec<&str> = round
        .session()
        .transcript
        .iter()
        .filter(|t| t.speaker == Speaker::Interviewer)
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(said, [NO_QUESTION]);
    // Once is enough: back and forth again says nothing more.
    let _ = round.previous_move();
    let moved = round.next_move();
    assert!(
        !moved.iter().any(|e| matches!(e, Event::PushedBack { .. })),
        "{moved:?}"
    );

    // A question first: no pushback.
    let mut round = practice(&s);
    let _ = round.send("How fresh do the numbers need to be?");
    let moved = round.next_move();
    assert!(
        !moved.iter().any(|e| matches!(e, Event::PushedBack { .. })),
        "{moved:?}"
    );
}

#[test]
fn the_move_bar_says_done_only_at_the_rubrics_standard_for_the_move() {
    let s = scenario();
    let mut round = practice(&s);
    assert!(
        round
            .move_states()
            .iter()
            .all(|m| *m == MoveState::NotStarted),
        "{:?}",
        round.move_states()
    );
    // A one-line hand-wave in Size is visited, not done.
    let _ = round.send("How fresh do the numbers need to be?");
    let _ = round.next_move();
    round.set_text("It is a lot of data.".into());
    let _ = round.next_move();
    let states = round.move_states();
    assert_eq!(states[1], MoveState::Visited, "{states:?}");
    assert_eq!(states[2], MoveState::NotStarted, "{states:?}");
    // The same move worked properly is done, by the scorer's points for it.
    let _ = round.previous_move();
    round.set_text(
        "Peak is five times the average.\n= peak = 50k events/s\n\
         = peak * 1 KB/event -> MB/s\nSo about 50 MB/s at peak, which sizes the partitions: \
         24 partitions of 5 MB/s each leave headroom, and 4 TB a day sets the retention cost."
            .into(),
    );
    let _ = round.next_move();
    let card = dei::score::Scorer::new(&s, Rubric::builtin()).score(&round.answer());
    let size = card
        .stages
        .iter()
        .find(|p| p.stage == Stage::Size)
        .expect("size points");
    let expected = if size.score * 100 >= dei::score::STRONG_AT * size.max {
        MoveState::Done
    } else {
        MoveState::Visited
    };
    assert_eq!(round.move_states()[1], expected, "{size:?}");

    // A mock says no more than written until it is scored.
    let mut round = mock(&s, 45);
    let _ = round.send("How fresh do the numbers need to be?");
    let _ = round.next_move();
    assert_eq!(round.move_states()[0], MoveState::Visited);
}

#[test]
fn move_state_follows_the_scorers_points() {
    let points = |score, max| dei::score::StageScore {
        stage: Stage::Size,
        score,
        max,
        present: true,
        lost: None,
    };
    assert_eq!(MoveState::of(false, None), MoveState::NotStarted);
    assert_eq!(MoveState::of(true, None), MoveState::Visited);
    assert_eq!(
        MoveState::of(true, Some(&points(15, 22))),
        MoveState::Visited
    );
    assert_eq!(MoveState::of(true, Some(&points(16, 22))), MoveState::Done);
    assert_eq!(
        MoveState::of(false, Some(&points(0, 22))),
        MoveState::NotStarted
    );
    assert_eq!(MoveState::of(true, Some(&points(0, 0))), MoveState::Visited);
}

#[test]
fn a_curveball_taken_on_in_a_move_rewritten_after_scoring_counts() {
    let s = scenario();
    let mut round = mock(&s, 10);
    let _ = round.send("How fresh must the numbers be?");
    let _ = round.next_move();
    let _ = round.next_move();
    let _ = round.tick(300_000);
    let _ = round.tick(900_000);
    let record = round.mock_record().expect("scored");
    assert!(record.curveball.as_ref().is_some_and(|c| !c.addressed));
    // Clarify rewritten (a conversation move: its text stands in the answer) takes it on.
    let clarify = "How fresh must the numbers be? At ten times the peak we add partitions \
                   ahead of launch, and a separate fast path serves orders only.";
    let events = round.rescore(Stage::Clarify, clarify);
    assert!(matches!(events[..], [Event::Rescored { .. }]), "{events:?}");
    let record = round.mock_record().expect("scored again");
    assert!(record.curveball.as_ref().is_some_and(|c| c.addressed));
}

#[test]
fn a_mocks_curveball_never_arrives_in_the_same_instant_as_a_follow_up() {
    let s = scenario();
    let mut round = mock(&s, 45);
    let _ = round.send("How fresh must the numbers be?");
    let _ = round.tick(60_000);
    let _ = round.next_move();
    let _ = round.next_move();
    round.set_text("kafka: absorbs the spike\ncollector -> kafka -> flink".into());
    // Reaching Deep-dive asks the first follow-up; the curveball, due now, waits.
    let entered = round.next_move();
    assert!(!asked(&entered).is_empty(), "{entered:?}");
    let next = round.tick(1_000);
    assert!(
        !next
            .iter()
            .any(|e| matches!(e, Event::CurveballPlayed { .. })),
        "{next:?}"
    );
    let quiet = round.tick((CURVEBALL_QUIET_SECONDS - 2) * 1000);
    assert!(
        !quiet
            .iter()
            .any(|e| matches!(e, Event::CurveballPlayed { .. })),
        "{quiet:?}"
    );
    // Once the follow-up has had its moment, the curveball comes on its own.
    let later = round.tick(1_000);
    assert!(
        later
            .iter()
            .any(|e| matches!(e, Event::CurveballPlayed { .. })),
        "{later:?}"
    );
    assert!(asked(&later).is_empty(), "{later:?}");
}
