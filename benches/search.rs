//! Per-keystroke account filter over demo databases of 1k, 10k, 100k,
//! and conversation text search at the same sizes.
//! Target at 100k: at most 5 ms for the slowest keystroke of every query,
//! highlighting of the 40 visible rows included.
//! With 100k among the sizes, the filter is also timed over a SYNTHETIC
//! million keys made from the 100k demo's (no 1M demo database needed):
//! target under 16 ms.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion};
use salesbench::domain::search::{Highlighter, SearchIndex};
use salesbench::store::Store;

/// The queries typed, one char at a time.
const QUERIES: &[(&str, &str)] = &[
    ("latin-1", "a"),
    ("latin-3", "ind"),
    ("latin-6", "sonsfo"),
    ("kana-1", "た"),
    ("kana-3", "たなか"),
    ("romaji-6", "tanaka"),
    ("scatter-3", "tnk"),
    ("phone-6", "090123"),
];

/// Rows the account list shows at once.
const VISIBLE: usize = 40;

/// The prefix of `query` typed after `k` keystrokes.
fn prefix(query: &str, k: usize) -> String {
    query.chars().take(k).collect()
}

/// Times keystroke `k` alone: the index first holds the query up to the
/// keystroke before (untimed), as it does while a person types.
fn keystroke(index: &mut SearchIndex, query: &str, k: usize, iters: u64) -> Duration {
    let (before, typed) = (prefix(query, k - 1), prefix(query, k));
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        index.filter(&before);
        let t = Instant::now();
        std::hint::black_box(index.filter(&typed));
        total += t.elapsed();
    }
    total
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// Prints every keystroke's median for `query`, then has criterion
/// measure the slowest one, which is what a person waits for.
fn worst_keystroke(
    group: &mut BenchmarkGroup<'_, WallTime>,
    index: &mut SearchIndex,
    label: &str,
    query: &str,
    size: &str,
) {
    let chars = query.chars().count();
    let medians: Vec<Duration> = (1..=chars)
        .map(|k| median((0..9).map(|_| keystroke(index, query, k, 1)).collect()))
        .collect();
    let worst = (1..=chars).max_by_key(|&k| medians[k - 1]).unwrap_or(1);
    let hits = index.filter(query).len();
    eprintln!("{label} {query:?} n={size}: {hits} hits, per keystroke {medians:?}");
    group.bench_with_input(
        BenchmarkId::new(format!("after/{label}-worst-key"), size),
        &query,
        |b, q| b.iter_custom(|iters| keystroke(index, q, worst, iters)),
    );
}

/// SYNTHETIC: a million keys from the 100k demo's, ten copies with ids of
/// their own; each copy's digits are shifted (0→1, 1→2, ... in the
/// second) so no two copies' phone numbers agree and the copies are not
/// identical. Names and readings repeat, so hit counts are ten times the
/// 100k ones, as in a book ten times larger.
fn synthetic_million(keys: &[(i64, String)]) -> Vec<(i64, String)> {
    let stride = keys.iter().map(|(id, _)| *id).max().unwrap_or(0) + 1;
    (0..10u8)
        .flat_map(|copy| {
            keys.iter().map(move |(id, key)| {
                let shifted: String = key
                    .chars()
                    .map(|c| match c.to_digit(10) {
                        Some(d) if c.is_ascii_digit() => char::from(b'0' + ((d as u8 + copy) % 10)),
                        _ => c,
                    })
                    .collect();
                (i64::from(copy) * stride + id, shifted)
            })
        })
        .collect()
}

fn filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter");
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    for n in common::sizes() {
        let store = Store::open(&common::demo_db(n)).unwrap();
        let keys = store.search_keys(false).unwrap();
        let names: HashMap<i64, String> = store
            .accounts(false)
            .unwrap()
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let mut index = SearchIndex::new(keys.clone());
        // The hit counts and the first names: scattered letters
        // no longer flood the list.
        for query in ["a", "tan", "田中", "tanaka", "sato", "0312", "tnk"] {
            let found = index.filter(query);
            let top: Vec<&str> = found
                .iter()
                .take(5)
                .filter_map(|id| names.get(id).map(String::as_str))
                .collect();
            eprintln!("n={n} {query:?}: {} hits, first {top:?}", found.len());
        }
        for &(label, query) in QUERIES {
            // Highlighting the rows on screen after the last keystroke,
            // with one highlighter kept (not a matcher per row).
            let shown: Vec<&str> = index
                .filter(query)
                .iter()
                .take(VISIBLE)
                .filter_map(|id| names.get(id).map(String::as_str))
                .collect();
            worst_keystroke(&mut group, &mut index, label, query, &n.to_string());
            let mut highlighter = Highlighter::new();
            group.bench_with_input(
                BenchmarkId::new(format!("after/{label}-highlight-40"), n),
                &query,
                |b, q| {
                    b.iter(|| {
                        shown
                            .iter()
                            .map(|name| highlighter.positions(name, q).len())
                            .sum::<usize>()
                    })
                },
            );
        }
        if n == 100_000 {
            let mut million = SearchIndex::new(synthetic_million(&keys));
            for &(label, query) in QUERIES {
                worst_keystroke(&mut group, &mut million, label, query, "1000000-synthetic");
            }
        }
    }
    group.finish();
}

/// Conversation text search (FTS5 trigram, and the scan for 1-2
/// character words), first page of 20 hits, newest first.
fn conversation_text(c: &mut Criterion) {
    let mut group = c.benchmark_group("conversation_text");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    for n in common::sizes() {
        let store = Store::open(&common::demo_db(n)).unwrap();
        for (label, query) in [
            ("common-trigram", "見積を"),
            ("rare-trigram", "revised confirmation"),
            ("common-scan-2", "見積"),
            ("no-hit-scan-2", "鰻丼"),
            ("no-hit-trigram", "鰻丼定食"),
        ] {
            group.bench_with_input(BenchmarkId::new(label, n), &query, |b, q| {
                b.iter(|| store.search_conversations(q, 20).unwrap().len())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, filter, conversation_text);
criterion_main!(benches);
