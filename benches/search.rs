//! Per-keystroke account filter over demo databases of 1k, 10k, 100k,
//! and conversation text search at the same sizes.
//! Target at 100k: < 16 ms per keystroke.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use salesbench::domain::search::SearchIndex;
use salesbench::store::Store;

fn filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter");
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    for n in common::sizes() {
        let store = Store::open(&common::demo_db(n)).unwrap();
        let keys = store.search_keys(false).unwrap();
        // Each query is typed a character at a time, as a person would:
        // the measured cost is the whole sequence divided by its length.
        for (label, query) in [
            ("latin-1", "a"),
            ("latin-3", "ind"),
            ("latin-6", "sonsfo"),
            ("kana-1", "た"),
            ("kana-3", "たなか"),
            ("romaji-6", "tanaka"),
            ("phone-6", "090123"),
        ] {
            group.bench_with_input(BenchmarkId::new(label, n), &query, |b, q| {
                let mut index = SearchIndex::new(keys.clone());
                b.iter(|| {
                    index.filter("");
                    let mut typed = String::new();
                    let mut last = 0;
                    for ch in q.chars() {
                        typed.push(ch);
                        last = index.filter(&typed).len();
                    }
                    last
                })
            });
        }
        // The same first keystroke without the folding cost (raw name keys):
        // folding happens on write, so this should be no faster.
        let raw: Vec<(i64, String)> = store
            .accounts(false)
            .unwrap()
            .into_iter()
            .map(|a| (a.id, a.name.to_lowercase()))
            .collect();
        group.bench_with_input(BenchmarkId::new("unfolded-latin-3", n), &"ind", |b, q| {
            let mut index = SearchIndex::new(raw.clone());
            b.iter(|| {
                index.filter("");
                let mut typed = String::new();
                for ch in q.chars() {
                    typed.push(ch);
                    index.filter(&typed);
                }
            })
        });
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
