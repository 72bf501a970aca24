//! The interviewer's own cost (issue 12: a reply in the TUI within one frame, `dei ask` within
//! 10 ms as a process): preparing it for a scenario, a Clarify reply, and judging a deep-dive
//! reply. The process figure is measured against a hello-world (see the issue note); most of it
//! is loading the catalog, which every command pays.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dei::practice::Interviewer;
use dei::rubric::Rubric;
use dei::scenario::Catalog;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::builtin(Rubric::builtin());
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    let followup = &scenario.followups[1];
    c.bench_function("interviewer: prepare for a scenario", |b| {
        b.iter(|| Interviewer::new(black_box(scenario)));
    });
    let interviewer = Interviewer::new(scenario);
    c.bench_function("interviewer: Clarify reply, two questions", |b| {
        b.iter(|| {
            interviewer.reply(
                black_box(
                    "How far behind can the charts run, and what happens to traffic during a sale?",
                ),
                &[],
            )
        });
    });
    c.bench_function("interviewer: judge a deep-dive reply", |b| {
        b.iter(|| {
            interviewer.judge(
                followup,
                black_box(
                    "Offsets are committed only after the write succeeds, so the batch is read \
                     again on restart; the aggregates are upserts keyed on the window start and \
                     dimensions, so writing them twice changes nothing.",
                ),
            )
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
