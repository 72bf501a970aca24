//! Simulator speed: skew at least 100M events/s on one core, redelivery at least 20M
//! events/s, small files in milliseconds for 30 days, default sizes well under 100 ms.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dei::sim::redelivery::{CommitOrder, RedeliveryConfig, WriteMode};
use dei::sim::skew::{KeyLaw, SkewConfig};
use dei::sim::small_files::SmallFilesConfig;
use dei::sim::{redelivery, skew, small_files};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("sim");
    group.sample_size(20);

    let events = 10_000_000;
    let hot = SkewConfig {
        events,
        partitions: 24,
        keys: 50_000,
        law: KeyLaw::HotKey { share: 0.4 },
        salt: 1,
        rate: None,
        partition_capacity: None,
    };
    group.throughput(Throughput::Elements(events));
    group.bench_function("skew, hot key, 10M events", |b| {
        b.iter(|| skew::run(black_box(&hot), 1));
    });
    let salted = SkewConfig {
        salt: 24,
        ..hot.clone()
    };
    group.bench_function("skew, salted x24, 10M events", |b| {
        b.iter(|| skew::run(black_box(&salted), 1));
    });
    let zipf = SkewConfig {
        law: KeyLaw::Zipf { exponent: 1.1 },
        ..hot.clone()
    };
    group.bench_function("skew, zipf, 10M events", |b| {
        b.iter(|| skew::run(black_box(&zipf), 1));
    });

    let consumer = RedeliveryConfig {
        events,
        batch: 500,
        crash_rate: 0.02,
        commit: CommitOrder::AfterWrite,
        write: WriteMode::Upsert,
    };
    group.bench_function("redelivery, upsert, 10M events", |b| {
        b.iter(|| redelivery::run(black_box(&consumer), 1));
    });

    group.throughput(Throughput::Elements(1));
    let month = SmallFilesConfig {
        rate: 50_000.0,
        event_size: 1000.0,
        partitions: 24,
        flush_seconds: 5.0,
        flush_bytes: None,
        hours: 720.0,
        compact_every: Some(3600.0),
        target_file: 512e6,
        open_cost: 0.02,
        scan_rate: 1e9,
    };
    group.bench_function("small files, 30 days", |b| {
        b.iter(|| small_files::run(black_box(&month)));
    });

    let default_skew = SkewConfig {
        events: 1_000_000,
        ..hot
    };
    group.throughput(Throughput::Elements(default_skew.events));
    group.bench_function("skew at the default size (1M events)", |b| {
        b.iter(|| skew::run(black_box(&default_skew), 1));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
