//! The Pipeline screen's data with 10,000 open deals: every open deal with
//! its account, last activity (linked conversations and recorded changes),
//! weighted value, rotting and score, laid out in stage columns with
//! totals. Target: < 50 ms. And the deals the Today queue brings up, read
//! on every reload of Today.

mod common;

use chrono::{Duration, FixedOffset};
use criterion::{criterion_group, criterion_main, Criterion};
use salesbench::domain::deals::{NewDeal, Rank};
use salesbench::store::Store;

const DEALS: usize = 10_000;
const ACCOUNTS: usize = 1_000;

/// A copy of the 1,000-account demo database with 10,000 open deals in
/// every stage, a few hundred moved (on record) and some linked calls;
/// made once and cached beside the demo databases.
fn deals_db() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("deals-{DEALS}.db"));
    let done = dir.join(format!("deals-{DEALS}.ok"));
    if done.exists() {
        return path;
    }
    let src = common::demo_db(ACCOUNTS);
    let _ = std::fs::remove_file(&path);
    let from = rusqlite::Connection::open(&src).unwrap();
    from.backup(rusqlite::MAIN_DB, &path, None).unwrap();
    drop(from);
    let mut store = Store::open(&path).unwrap();
    let stages = ["lead", "proposal", "quote", "negotiation"];
    let start = common::now() - Duration::days(60);
    let deals: Vec<NewDeal> = (0..DEALS)
        .map(|i| NewDeal {
            account_id: (i % ACCOUNTS) as i64 + 1,
            contact_id: None,
            title: format!("案件 {i}"),
            value: 10_000 + (i as i64 * 7_919) % 5_000_000,
            stage: Some(stages[i % 4].to_string()),
            probability: (i % 5 == 0).then_some(60),
            expected_close_on: (i % 3 != 0)
                .then(|| (common::now() + Duration::days((i % 120) as i64 - 30)).date_naive()),
            rank: [Rank::A, Rank::B, Rank::C][i % 3],
            next_step: String::new(),
        })
        .collect();
    let ids = store.add_deals(&deals, start).unwrap();
    for (n, id) in ids.iter().enumerate().step_by(40) {
        let at = start + Duration::days((n % 50) as i64);
        store.move_deal(*id, "negotiation", at).ok();
        let mut call = common::call((n % ACCOUNTS) as i64 + 1);
        call.happened_at = at;
        store
            .log_with_deal(&call, None, None, Some(*id), at)
            .unwrap();
    }
    std::fs::write(&done, b"ok").unwrap();
    path
}

fn pipeline(c: &mut Criterion) {
    let mut store = Store::open(&deals_db()).unwrap();
    store.set_local_offset(FixedOffset::east_opt(9 * 3600).unwrap());
    let mut group = c.benchmark_group("deals");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(3));
    group.bench_function("pipeline-screen-data-10000", |b| {
        b.iter(|| {
            let board = store.pipeline_board(common::now()).unwrap();
            // The demo accounts may bring a pipeline of their own.
            let shown: usize = board.columns.iter().map(|c| c.deals.len()).sum();
            assert!(shown >= DEALS, "{shown}");
            board.totals()
        })
    });
    // Today's deals when every one of them needs a word (all 10,000 have
    // rotted): the worst case, read on every reload of the Today queue.
    group.bench_function("today-deals-10000", |b| {
        b.iter(|| {
            let items = store.deals_for_today(common::now()).unwrap();
            assert!(items.len() >= DEALS, "{}", items.len());
            items.len()
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
