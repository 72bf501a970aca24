//! The progress target: `dei history` and `dei stats` over 10,000 past sessions answer in
//! under 100 ms. Measured in the library: (a) building the summary index from scratch, which
//! happens once (or after the index is deleted), and (b) history and stats with a warm index,
//! which is every run after that. The whole binary is measured with hyperfine; see
//! docs/data-files.md.
//!
//! Set `DEI_BENCH_KEEP=<folder>` to generate the history there and keep it (for hyperfine),
//! `DEI_BENCH_SESSIONS=<n>` for another size than 10,000 (the 100,000-session target), and
//! `DEI_BENCH_GENERATE_ONLY=1` to stop once the folder is written:
//!
//! ```sh
//! DEI_BENCH_KEEP=/tmp/h100k DEI_BENCH_SESSIONS=100000 DEI_BENCH_GENERATE_ONLY=1 \
//!     cargo bench --bench progress
//! DEI_DATA=/tmp/h100k hyperfine 'target/release/dei history' 'target/release/dei stats'
//! ```

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dei::practice::HistoryEntry;
use dei::progress::{self, Filter, Stats, Summary};
use dei::store::Store;

/// Sessions in the generated history, unless `DEI_BENCH_SESSIONS` says otherwise.
const SESSIONS: usize = 10_000;
/// Words in each generated answer.
const ANSWER_WORDS: usize = 1_000;

const SCENARIOS: [&str; 6] = [
    "realtime-analytics",
    "cdc-ingestion",
    "dedup-reconcile",
    "feature-store",
    "lakehouse-deletions",
    "warehouse-cost-cut",
];
const SIGNALS: [&str; 6] = [
    "tradeoffs",
    "assumptions",
    "capacity-math",
    "breaking-points",
    "five-moves",
    "failure-modes",
];
const FLAGS: [&str; 4] = ["no-replay", "ignores-skew", "no-monitoring", "tool-list"];

/// An answer of about [`ANSWER_WORDS`] words, in the five moves.
fn answer(n: usize) -> String {
    let sentence = "Peak is 50k events per second at 1 KB each so about 50 MB/s, and I would \
                    partition by seller id with salting for the hot sellers because one seller \
                    can carry forty percent of traffic. ";
    let words_per = sentence.split_whitespace().count();
    let mut out = format!("## Clarify\n\nSession {n}: how fresh must it be?\n\n## Size\n\n");
    for i in 0..ANSWER_WORDS / words_per {
        if i % 8 == 7 {
            out.push_str("\n\n## Deep-dive\n\n");
        }
        out.push_str(sentence);
    }
    out
}

/// A realistic entry: spread over scenarios and a year, scores drifting up.
fn entry(n: usize) -> HistoryEntry {
    let scenario = SCENARIOS[n % SCENARIOS.len()];
    let score = (30 + n * 7 % 50 + n / 400) as u32;
    let missed: Vec<&str> = SIGNALS
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| (n + i).is_multiple_of(3))
        .map(|(_, id)| id)
        .collect();
    let hit: Vec<&str> = SIGNALS
        .iter()
        .copied()
        .filter(|id| !missed.contains(id))
        .collect();
    let flags: Vec<&str> = FLAGS
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| (n + i).is_multiple_of(4))
        .map(|(_, id)| id)
        .collect();
    let day = n / 28;
    let started = format!(
        "20{:02}-{:02}-{:02}T{:02}:{:02}:00Z",
        26 + day / 365,
        1 + day % 365 / 31,
        1 + day % 28,
        n % 24,
        n % 60
    );
    serde_json::from_value(serde_json::json!({
        "format": 1,
        "scenario": scenario,
        "mode": if n.is_multiple_of(5) { "mock" } else { "practice" },
        "started": started,
        "finished": started,
        "score": score.min(100),
        "band": if score >= 75 { "strong" } else if score >= 50 { "mixed" } else { "weak" },
        "moves": [
            {"stage": "clarify", "score": 8, "max": 20, "seconds": 300},
            {"stage": "size", "score": 8, "max": 20, "seconds": 420},
            {"stage": "sketch", "score": 8, "max": 20, "seconds": 900},
            {"stage": "deep-dive", "score": 8, "max": 20, "seconds": 600},
            {"stage": "defend", "score": 8, "max": 20, "seconds": 300}
        ],
        "signals_hit": hit,
        "signals_missed": missed,
        "red_flags": flags,
        "claims": 4,
        "claims_off": n % 2,
        "followups": [
            {"followup": "crashed-consumer", "question": "What if the consumer crashes?",
             "reply": "It resumes from the last committed offset and upserts by event id."}
        ],
        "answer": answer(n),
    }))
    .expect("a valid history entry")
}

/// How many sessions to generate: `DEI_BENCH_SESSIONS`, else [`SESSIONS`].
fn sessions() -> usize {
    std::env::var("DEI_BENCH_SESSIONS")
        .ok()
        .map_or(SESSIONS, |n| {
            n.parse().expect("DEI_BENCH_SESSIONS is a number")
        })
}

/// Writes `sessions` entries into `root`'s history folder, named and laid out as
/// `dei practice` writes them (`Store::save_session`'s pretty JSON, `-2` for a name taken),
/// but without its two `fsync`s per file, which would make 100,000 of them take minutes.
fn generate(root: &Path, sessions: usize) -> Store {
    let store = Store::at(root);
    if store.history_paths().map_or(0, |p| p.len()) == sessions {
        return store;
    }
    let folder = root.join("history");
    std::fs::create_dir_all(&folder).expect("history folder");
    let mut taken = std::collections::HashSet::new();
    for n in 0..sessions {
        let e = entry(n);
        let stem = e.file_stem();
        let mut name = stem.clone();
        for k in 2.. {
            if taken.insert(name.clone()) {
                break;
            }
            name = format!("{stem}-{k}");
        }
        let mut bytes = serde_json::to_vec_pretty(&e).expect("serializes");
        bytes.push(b'\n');
        std::fs::write(folder.join(format!("{name}.json")), bytes).expect("written");
    }
    store
}

/// What `dei history` and `dei stats` do in the library, minus printing.
fn history_and_stats(store: &Store) -> (usize, Stats) {
    let got = store
        .indexed_history::<HistoryEntry, Summary>(Summary::new)
        .expect("reads");
    assert!(got.skipped.is_empty() && got.notes.is_empty());
    let mut summaries = got.summaries;
    progress::sort_oldest_first(&mut summaries);
    let rows = progress::history(&summaries, &Filter::default()).len();
    let stats = Stats::new(&summaries, 5, |_, _| true);
    (rows, stats)
}

fn bench(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp folder");
    let root =
        std::env::var_os("DEI_BENCH_KEEP").map_or_else(|| temp.path().to_path_buf(), Into::into);
    let sessions = sessions();
    let store = generate(&root, sessions);
    if std::env::var_os("DEI_BENCH_GENERATE_ONLY").is_some() {
        return;
    }
    let index = store.history_index_path();
    let title = format!("progress over {sessions} sessions");

    let mut group = c.benchmark_group(&title);
    group.sample_size(10);
    group.bench_function("build the index from scratch", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&index);
            history_and_stats(black_box(&store))
        });
    });
    group.finish();

    let (rows, _) = history_and_stats(&store);
    assert_eq!(rows, sessions);
    let mut group = c.benchmark_group(&title);
    group.sample_size(30);
    group.bench_function("history and stats, warm index", |b| {
        b.iter(|| history_and_stats(black_box(&store)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
