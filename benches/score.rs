//! Scoring speed: the scorer must be fast enough to re-score on every keystroke.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let rubric = dei::rubric::Rubric::builtin();
    let catalog = dei::scenario::Catalog::builtin(rubric);
    let scenario = catalog
        .get("realtime-analytics")
        .expect("built-in scenario");
    let answer = scenario.model_answer.clone().unwrap_or_default();
    c.bench_function("score model answer", |b| {
        b.iter(|| dei::score::score(black_box(scenario), black_box(&answer), rubric));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
