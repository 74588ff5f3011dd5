//! Shared set-up: demo databases of a given size, made once and cached
//! under target/bench-data so repeated runs skip generation.

#![allow(dead_code)] // each bench uses a different part

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use salesbench::domain::model::{ConversationKind, Direction, NewConversation};
use salesbench::store::Store;

/// The fixed "now" every benchmark runs at.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
}

/// Sizes measured, overridable with `SALESBENCH_BENCH_SIZES=1000,10000`.
pub fn sizes() -> Vec<usize> {
    std::env::var("SALESBENCH_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// Path of a demo database with `n` accounts, generated on first use.
pub fn demo_db(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("demo-{n}.db"));
    let done = dir.join(format!("demo-{n}.ok"));
    if !done.exists() {
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(path.with_extension("db-wal"));
        let mut store = Store::open(&path).unwrap();
        let t = std::time::Instant::now();
        salesbench::demo::generate(&mut store, n, 1, now()).unwrap();
        eprintln!("generated {n} demo accounts in {:?}", t.elapsed());
        std::fs::write(&done, b"ok").unwrap();
    }
    path
}

/// A private copy of the demo database (for benchmarks that write).
pub fn scratch_copy(n: usize) -> (tempfile::TempDir, PathBuf) {
    let src = demo_db(n);
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join("sb.db");
    // The online backup gives a consistent copy including the WAL.
    let from = rusqlite::Connection::open(&src).unwrap();
    from.backup(rusqlite::MAIN_DB, &dst, None).unwrap();
    (dir, dst)
}

/// A call logged now on `account_id` (what a write bench writes).
#[allow(dead_code)]
pub fn call(account_id: i64) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: now(),
        summary: "折り返しの電話".into(),
        body: "見積もりの件で折り返し。来週訪問。".into(),
        outcome: None,
    }
}
