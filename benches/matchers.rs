//! The fuzzy matchers side by side on the demo's 100k account keys
//! (`Store::search_keys`): skim v2 (fuzzy-matcher, used today), nucleo
//! (helix's matcher) and frizbee (SIMD Smith-Waterman). Measured: the time
//! to score every key for a query, one thread; printed before the figures:
//! how many keys each one matches and the five it ranks first.
//!
//! `SALESBENCH_BENCH_SIZES=100000 cargo bench --bench matchers`

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use nucleo_matcher::Utf32Str;
use salesbench::domain::fold::fold_query;
use salesbench::store::Store;

const QUERIES: &[&str] = &[
    "a",
    "tan",
    "田中",
    "たなか",
    "tanaka",
    "sato",
    "0312",
    "tnk",
];

/// Scores of every key for `query`, `None` for a key that does not match.
trait Scorer {
    fn name(&self) -> &'static str;
    fn scores(&mut self, keys: &[String], query: &str) -> Vec<Option<i64>>;
}

struct Skim(SkimMatcherV2);

impl Scorer for Skim {
    fn name(&self) -> &'static str {
        "skim-v2"
    }
    fn scores(&mut self, keys: &[String], query: &str) -> Vec<Option<i64>> {
        keys.iter().map(|k| self.0.fuzzy_match(k, query)).collect()
    }
}

struct Nucleo(nucleo_matcher::Matcher);

impl Scorer for Nucleo {
    fn name(&self) -> &'static str {
        "nucleo"
    }
    fn scores(&mut self, keys: &[String], query: &str) -> Vec<Option<i64>> {
        let (mut nbuf, mut hbuf) = (Vec::new(), Vec::new());
        let needle = Utf32Str::new(query, &mut nbuf);
        keys.iter()
            .map(|k| {
                let hay = Utf32Str::new(k, &mut hbuf);
                self.0.fuzzy_match(hay, needle).map(i64::from)
            })
            .collect()
    }
}

struct Frizbee;

impl Scorer for Frizbee {
    fn name(&self) -> &'static str {
        "frizbee"
    }
    fn scores(&mut self, keys: &[String], query: &str) -> Vec<Option<i64>> {
        let config = frizbee::Config {
            casing: frizbee::CaseMatching::Respect,
            ..frizbee::Config::default()
        };
        let mut matcher = frizbee::Matcher::new(query, &config);
        let mut scores = vec![None; keys.len()];
        for m in matcher.match_list(keys) {
            scores[m.index as usize] = Some(i64::from(m.score));
        }
        scores
    }
}

fn scorers() -> Vec<Box<dyn Scorer>> {
    let mut config = nucleo_matcher::Config::DEFAULT;
    // Keys and queries are folded already.
    config.ignore_case = false;
    config.normalize = false;
    vec![
        Box::new(Skim(SkimMatcherV2::default().respect_case())),
        Box::new(Nucleo(nucleo_matcher::Matcher::new(config))),
        Box::new(Frizbee),
    ]
}

/// The five best keys (their first two fields), best first, ties in key order.
fn top(keys: &[String], scores: &[Option<i64>]) -> Vec<String> {
    let mut ranked: Vec<(i64, usize)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (s, i)))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
        .iter()
        .take(5)
        .map(|&(s, i)| {
            let head: Vec<&str> = keys[i].split('|').take(2).collect();
            format!("{}({s})", head.join("|"))
        })
        .collect()
}

fn matchers(c: &mut Criterion) {
    let mut group = c.benchmark_group("matchers");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(1));
    for n in common::sizes() {
        let store = Store::open(&common::demo_db(n)).unwrap();
        let keys: Vec<String> = store
            .search_keys(false)
            .unwrap()
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        let mut scorers = scorers();
        for &raw in QUERIES {
            let query = fold_query(raw);
            for scorer in scorers.iter_mut() {
                let scores = scorer.scores(&keys, &query);
                let count = scores.iter().flatten().count();
                eprintln!(
                    "n={n} {raw:?} {}: {count} match; top {:?}",
                    scorer.name(),
                    top(&keys, &scores)
                );
                group.bench_with_input(
                    BenchmarkId::new(format!("{}/{raw}", scorer.name()), n),
                    &query,
                    |b, q| b.iter(|| scorer.scores(&keys, q).len()),
                );
            }
        }
    }
    group.finish();
}

criterion_group!(benches, matchers);
criterion_main!(benches);
