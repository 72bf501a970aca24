//! Calculator speed: a typical expression must evaluate within 20 us; claim extraction must
//! add at most 1 ms to scoring a 1,500-word answer.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dei::calc::Calculator;
use dei::rubric::Rubric;
use dei::scenario::Catalog;

mod common;

fn bench(c: &mut Criterion) {
    let mut calc = Calculator::new();
    c.bench_function("evaluate a typical expression", |b| {
        b.iter(|| calc.show(black_box("10k events/s * 5 * 1 KB/event -> MB/s")));
    });
    let fresh = "2 billion events/day * 500 B/event -> TB/day";
    c.bench_function("new calculator and one expression", |b| {
        b.iter(|| Calculator::new().show(black_box(fresh)));
    });

    let rubric = Rubric::builtin();
    let catalog = Catalog::builtin(rubric);
    let scenario = catalog.get("realtime-analytics").expect("built-in");
    let answer = common::long_answer(scenario);
    let parsed = dei::answer::Answer::parse(&answer);
    c.bench_function("check the claims of a 1,500-word answer", |b| {
        b.iter(|| dei::score::claims::check(black_box(&parsed), scenario));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
