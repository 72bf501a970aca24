//! Performance targets of the foundation: scoring a 1,500-word answer in the library within
//! 2 ms (fast enough to re-score on every keystroke), and loading the built-in catalog: its
//! headers (`dei list`), one scenario (`dei show`, `dei score`) or all of them. Whole-process times are measured with hyperfine; see the README.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dei::rubric::Rubric;
use dei::scenario::Catalog;

mod common;

fn bench(c: &mut Criterion) {
    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    let answer = common::long_answer(scenario);
    // Warm the compiled vocabulary, as a running session would have.
    let _ = dei::score::score(scenario, &answer, rubric);

    c.bench_function("score 1,500-word answer", |b| {
        b.iter(|| dei::score::score(black_box(scenario), black_box(&answer), rubric));
    });
    let scorer = dei::score::Scorer::new(scenario, rubric);
    c.bench_function("re-score 1,500-word answer with a prepared scorer", |b| {
        b.iter(|| scorer.score(black_box(&answer)));
    });
    c.bench_function("parse 1,500-word answer", |b| {
        b.iter(|| dei::answer::Answer::parse(black_box(&answer)));
    });
    c.bench_function("load built-in catalog (headers only, `dei list`)", |b| {
        b.iter(|| Catalog::builtin(black_box(rubric)));
    });
    c.bench_function(
        "open one built-in scenario (`dei show`, `dei score`)",
        |b| {
            b.iter(|| {
                let catalog = Catalog::builtin(black_box(rubric));
                catalog
                    .get("realtime-analytics")
                    .map(|s| s.sizes.len())
                    .ok()
            });
        },
    );
    c.bench_function("open every built-in scenario", |b| {
        b.iter(|| Catalog::builtin(black_box(rubric)).scenarios().len());
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
