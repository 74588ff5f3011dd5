//! Logging one conversation (commit included, synchronous=FULL) on an
//! empty database and on demo databases: it must not grow with history.
//! Target: < 10 ms at 100k.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use salesbench::domain::model::AccountFields;
use salesbench::store::Store;

fn log(c: &mut Criterion) {
    let mut group = c.benchmark_group("log-conversation");
    group.sample_size(30);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
        let id = store
            .add_account(
                &AccountFields {
                    name: "Empty Co".into(),
                    ..Default::default()
                },
                common::now(),
            )
            .unwrap();
        group.bench_function(BenchmarkId::new("commit", 0), |b| {
            b.iter(|| {
                store
                    .log_conversation(&common::call(id), common::now())
                    .unwrap()
            })
        });
    }
    for n in common::sizes() {
        let (_dir, path) = common::scratch_copy(n);
        let mut store = Store::open(&path).unwrap();
        let id = store.search_keys(false).unwrap()[n / 2].0;
        group.bench_function(BenchmarkId::new("commit", n), |b| {
            b.iter(|| {
                store
                    .log_conversation(&common::call(id), common::now())
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, log);
criterion_main!(benches);
