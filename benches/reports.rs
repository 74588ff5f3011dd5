//! The customer-insight reports' data at 1k / 10k / 100k demo accounts:
//! loading the purchase days, and everything the Reports screen shows
//! (RFM and segments, funnel, cohorts, revenue by month), and win-back.
//! Target at 100k: the Reports screen's data < 200 ms.

mod common;

use chrono::{Duration, FixedOffset, NaiveDate};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use salesbench::domain::insight::cohorts::cohorts;
use salesbench::domain::insight::funnel::funnel;
use salesbench::domain::insight::revenue::revenue_by_month;
use salesbench::domain::insight::rfm::{rfm, Scoring};
use salesbench::domain::insight::winback::winback;
use salesbench::domain::zone::Zone;
use salesbench::store::Store;

fn open(n: usize) -> Store {
    let mut store = Store::open(&common::demo_db(n)).unwrap();
    store.set_local_offset(FixedOffset::east_opt(9 * 3600).unwrap());
    store
}

fn reports(c: &mut Criterion) {
    let mut group = c.benchmark_group("reports");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(3));
    for n in common::sizes() {
        let store = open(n);
        let today: NaiveDate = store.local_day(common::now());
        group.bench_function(BenchmarkId::new("purchase-days-load", n), |b| {
            b.iter(|| store.customer_purchases().unwrap())
        });
        // What the Reports screen needs, from the database up.
        group.bench_function(BenchmarkId::new("screen-data", n), |b| {
            b.iter(|| {
                let customers = store.customer_purchases().unwrap();
                let rows = rfm(&customers, today, Scoring::Quintiles);
                let f = funnel(&customers, today, 5);
                let c = cohorts(&customers, today);
                let r = revenue_by_month(&customers, today);
                (rows.len(), f.total.new, c.len(), r.len())
            })
        });
        let until = store.zone().day_start(today + Duration::days(1)).unwrap();
        group.bench_function(BenchmarkId::new("winback", n), |b| {
            b.iter(|| winback(&store.winback_histories().unwrap(), until, 30))
        });
    }
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
