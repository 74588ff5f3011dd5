//! The store-level claim behind a fast import: writing the rows in one
//! transaction and settling each account's facts once leaves exactly what
//! `Store::add_order` / `Store::log_conversation` row by row leave, for
//! any order of rows, backdated ones and same-second ties included.

use std::path::Path;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use salesbench::domain::model::{AccountFields, ConversationKind, Direction, NewConversation};
use salesbench::domain::triage::PlanStep;
use salesbench::domain::when::parse_instant;
use salesbench::import::{import_file, EncodingChoice, Options, Target};
use salesbench::store::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
}

fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).unwrap()
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const ACCOUNTS: u64 = 25;

/// Accounts, a first-order plan, and some history on a few of them.
fn store_at(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_local_offset(jst());
    for i in 0..ACCOUNTS {
        let f = AccountFields {
            name: format!("Shop {i}"),
            code: Some(format!("C{i:02}")),
            ..Default::default()
        };
        s.add_account(&f, now()).unwrap();
    }
    let steps = [
        PlanStep::parse("3:thanks").unwrap(),
        PlanStep::parse("21:check in").unwrap(),
    ];
    s.add_plan("welcome", &steps, true, now()).unwrap();
    let at = |d: u32| {
        jst()
            .with_ymd_and_hms(2026, 6, d, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    for id in [1, 2, 3] {
        s.add_order(id, at(id as u32), 100, "earlier", now())
            .unwrap();
        let c = conversation(id, at(10 + id as u32), "call before");
        s.log_conversation(&c, now()).unwrap();
    }
    s
}

fn conversation(account_id: i64, at: DateTime<Utc>, summary: &str) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: at,
        summary: summary.to_string(),
        body: String::new(),
        outcome: None,
    }
}

/// Random rows: (account, date cell, amount, note). Few distinct dates, so
/// many rows share a second; dates from before and after existing history.
fn rows(seed: u64, n: usize) -> Vec<(i64, String, i64, String)> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| {
            let month = 1 + rng.next(11);
            let day = 1 + rng.next(3) * 9;
            let date = match rng.next(3) {
                0 => format!("2026/{month}/{day}"),
                1 => format!("R8.{month}.{day}"),
                _ => format!("2026-{month:02}-{day:02} 1{}:00", rng.next(3)),
            };
            let account = 1 + rng.next(ACCOUNTS) as i64;
            (account, date, 100 * rng.next(50) as i64, format!("row {i}"))
        })
        .collect()
}

fn dump(path: &Path) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for table in [
        "accounts",
        "orders",
        "conversations",
        "follow_ups",
        "account_changes",
    ] {
        let mut st = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
            .unwrap();
        // A row's UUID is made where the row is made.
        let kept: Vec<usize> = (0..st.column_count())
            .filter(|&i| st.column_name(i).unwrap() != "uuid")
            .collect();
        let rows = st
            .query_map([], |r| {
                kept.iter()
                    .map(|&i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            let mut row = row.unwrap();
            row.insert(0, table.to_string());
            out.push(row);
        }
    }
    out
}

fn options(target: Target, file: &Path) -> Options {
    Options {
        target,
        file: file.to_path_buf(),
        encoding: EncodingChoice::Auto,
        maps: Vec::new(),
        dry_run: false,
        rejects: None,
        create_missing: false,
        progress: false,
        lang: salesbench::i18n::Lang::En,
    }
}

#[test]
fn imported_orders_equal_orders_added_one_by_one() {
    for seed in [1, 2, 3] {
        let dir = tempfile::tempdir().unwrap();
        let (hand, bulk) = (dir.path().join("hand.db"), dir.path().join("bulk.db"));
        let rows = rows(seed, 300);
        let mut s = store_at(&hand);
        for (account, date, amount, note) in &rows {
            let at = parse_instant(date, now(), jst()).unwrap();
            s.add_order(*account, at, *amount, note, now()).unwrap();
        }
        drop(s);
        let mut s = store_at(&bulk);
        let mut csv = String::from("date,code,amount,note\n");
        for (account, date, amount, note) in &rows {
            csv.push_str(&format!("{date},C{:02},{amount},{note}\n", account - 1));
        }
        let file = dir.path().join("orders.csv");
        std::fs::write(&file, csv).unwrap();
        let report = import_file(&mut s, &options(Target::Orders, &file), now(), jst()).unwrap();
        assert_eq!((report.new, report.rejected), (300, 0));
        drop(s);
        assert_eq!(dump(&hand), dump(&bulk), "seed {seed}");
    }
}

#[test]
fn imported_conversations_equal_conversations_logged_one_by_one() {
    for seed in [4, 5] {
        let dir = tempfile::tempdir().unwrap();
        let (hand, bulk) = (dir.path().join("hand.db"), dir.path().join("bulk.db"));
        let rows = rows(seed, 200);
        let mut s = store_at(&hand);
        for (account, date, _, note) in &rows {
            let at = parse_instant(date, now(), jst()).unwrap();
            s.log_conversation(&conversation(*account, at, note), now())
                .unwrap();
        }
        drop(s);
        let mut s = store_at(&bulk);
        let mut csv = String::from("date,code,kind,summary\n");
        for (account, date, _, note) in &rows {
            csv.push_str(&format!("{date},C{:02},call,{note}\n", account - 1));
        }
        let file = dir.path().join("calls.csv");
        std::fs::write(&file, csv).unwrap();
        let opts = options(Target::Conversations, &file);
        let report = import_file(&mut s, &opts, now(), jst()).unwrap();
        assert_eq!((report.new, report.rejected), (200, 0));
        drop(s);
        assert_eq!(dump(&hand), dump(&bulk), "seed {seed}");
    }
}
