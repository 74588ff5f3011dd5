//! Replicas of one book, merged through a log of events — here without a
//! server (a plain list stands in for it: push appends what it lacks,
//! pull hands each replica the others' events above its heads), so the
//! merge itself is tested on many random histories. The PostgreSQL
//! server is tested in `sync_*.rs`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use salesbench::domain::deals::{NewDeal, Rank};
use salesbench::domain::model::{
    AccountFields, ConversationKind, Direction, NewConversation, TimelineEntry,
};
use salesbench::domain::triage::NewFollowUp;
use salesbench::store::replica::SyncEvent;
use salesbench::store::Store;
use salesbench::sync::run::{sync_as_new_replica, sync_once, Remote, SyncError};
use salesbench::sync::server::PgRemote;
use salesbench::sync::ServerError;

use crate::common::memory_server;
use crate::common::pg;
use memory_server::Server;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap()
}

fn replica(dir: &std::path::Path, name: &str) -> Store {
    Store::open(&dir.join(format!("{name}.db"))).unwrap()
}

fn call(account_id: i64, at: DateTime<Utc>, summary: String) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: at,
        summary,
        body: "本文".into(),
        outcome: None,
    }
}

/// One random piece of offline work on `s`.
fn work(s: &mut Store, rng: &mut SmallRng, at: DateTime<Utc>, tag: &str, facts: &mut usize) {
    let accounts = s.accounts(true).unwrap();
    if accounts.is_empty() || rng.random_range(0..10) == 0 {
        let f = AccountFields {
            name: format!("顧客 {tag}"),
            phone: Some(format!("03-{:04}", rng.random_range(0..10_000))),
            ..Default::default()
        };
        s.add_account(&f, at).unwrap();
        return;
    }
    let a = &accounts[rng.random_range(0..accounts.len())];
    match rng.random_range(0..9) {
        0 | 1 => {
            s.log_conversation(&call(a.id, at, format!("電話 {tag}")), at)
                .unwrap();
            *facts += 1;
        }
        2 => {
            s.add_order(a.id, at, rng.random_range(1..50) * 1000, tag, at)
                .unwrap();
        }
        3 => {
            // The same fields edited on several replicas.
            let mut f = a.fields();
            f.phone = Some(format!(
                "03-{:04}-{:04}",
                rng.random_range(0..10_000),
                rng.random_range(0..10_000)
            ));
            if rng.random_bool(0.5) {
                f.note = format!("メモ {tag}");
            }
            s.update_account(a.id, &f, at).unwrap();
        }
        4 => {
            let talks: Vec<i64> = s
                .timeline(a.id)
                .unwrap()
                .into_iter()
                .filter_map(|e| match e {
                    TimelineEntry::Conversation(c) => Some(c.id),
                    _ => None,
                })
                .collect();
            if let Some(&c) = talks.first() {
                match rng.random_range(0..3) {
                    0 => {
                        let _ = s.retract_conversation(c, &format!("取消 {tag}"), at);
                    }
                    1 => {
                        let _ = s.restore_conversation(c, at);
                    }
                    _ => s
                        .revise_conversation(c, &format!("訂正 {tag}"), "本文", None, at)
                        .unwrap(),
                }
            }
        }
        5 => {
            let f = NewFollowUp {
                account_id: a.id,
                contact_id: None,
                kind: ConversationKind::Call,
                due_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                due_time: None,
                note: format!("予定 {tag}"),
            };
            s.add_follow_up(&f, at).unwrap();
        }
        6 => {
            // Complete a follow-up that is open here (perhaps done on
            // another replica already).
            let due = s
                .follow_ups_due_first(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), 50)
                .unwrap();
            if let Some(f) = due.first() {
                s.complete_follow_up(
                    f.id,
                    &call(f.account_id, at, format!("完了 {tag}")),
                    None,
                    at,
                )
                .unwrap();
                *facts += 1;
            }
        }
        7 => {
            let d = NewDeal {
                account_id: a.id,
                contact_id: None,
                title: format!("商談 {tag}"),
                value: 10_000,
                stage: None,
                probability: None,
                expected_close_on: None,
                rank: Rank::B,
                next_step: String::new(),
            };
            s.add_deal(&d, at).unwrap();
        }
        _ => {
            let open = s
                .deals(&salesbench::domain::deals::DealFilter::open(), at)
                .unwrap();
            if let Some(d) = open.first() {
                let to = ["proposal", "quote", "negotiation"][rng.random_range(0..3)];
                let _ = s.move_deal(d.id, to, at);
            }
        }
    }
}

/// Every conversation's account, current summary and whether retracted.
fn shown_texts(s: &Store) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for a in s.accounts(true).unwrap() {
        for e in s.timeline(a.id).unwrap() {
            if let TimelineEntry::Conversation(c) = e {
                let text = c.current().map(|r| r.summary.clone()).unwrap_or_default();
                out.push((a.name.clone(), text, c.retracted.is_some()));
            }
        }
    }
    out.sort();
    out
}

/// Three replicas work and sync at random, then all sync: returns how
/// many conflicts the replicas were told of.
/// Every event the server holds, per origin in order.
fn all_events(server: &mut dyn Remote) -> Vec<SyncEvent> {
    let mut heads: Vec<([u8; 16], i64)> = server.heads().unwrap().into_iter().collect();
    heads.sort();
    let mut out = Vec::new();
    for (origin, head) in heads {
        let run = server.pull(origin, 0, head as usize + 1).unwrap();
        assert_eq!(run.len() as i64, head, "gapless per origin");
        out.extend(run);
    }
    out
}

fn converge(seed: u64, server: &mut dyn Remote) -> i64 {
    let dir = tempfile::tempdir().unwrap();
    let mut reps: Vec<Store> = ["a", "b", "c"]
        .iter()
        .map(|n| replica(dir.path(), n))
        .collect();
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut facts = 0;
    let mut at = t0();
    for round in 0..12 {
        for (i, s) in reps.iter_mut().enumerate() {
            for k in 0..rng.random_range(0..6) {
                at += Duration::minutes(1);
                work(s, &mut rng, at, &format!("{round}.{i}.{k}"), &mut facts);
            }
        }
        // Some replicas sync, in a shuffled order; the rest stay offline.
        let mut order: Vec<usize> = (0..reps.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
        for &i in &order {
            if rng.random_bool(0.6) {
                sync_once(&mut reps[i], server, t0()).unwrap();
            }
        }
    }
    // Everyone syncs, twice over (the first pass may bring what others
    // pushed after).
    for _ in 0..2 {
        for s in reps.iter_mut() {
            sync_once(s, server, t0()).unwrap();
        }
    }
    let books: Vec<Vec<String>> = reps.iter().map(|s| s.shared_rows().unwrap()).collect();
    for (i, b) in books.iter().enumerate().skip(1) {
        if *b != books[0] {
            let only: Vec<&String> = b.iter().filter(|r| !books[0].contains(r)).take(3).collect();
            let missing: Vec<&String> =
                books[0].iter().filter(|r| !b.contains(r)).take(3).collect();
            panic!("seed {seed}: replica {i} differs: has {only:#?}\nlacks {missing:#?}");
        }
    }
    // What the operator reads: each conversation's current text (the
    // newest revision, wherever it was written) is the same everywhere.
    let shown: Vec<Vec<(String, String, bool)>> = reps.iter().map(shown_texts).collect();
    assert!(
        shown.iter().all(|x| *x == shown[0]),
        "seed {seed}: texts differ"
    );
    // Every conversation logged anywhere is here once.
    let talks = books[0]
        .iter()
        .filter(|r| r.contains("\"t\":\"conversations\""))
        .count();
    assert_eq!(talks, facts, "seed {seed}");
    for s in &reps {
        let st = s.replica_state().unwrap();
        assert_eq!((st.local_pending(), st.waiting), (0, 0), "seed {seed}");
        assert_eq!(s.integrity_check().unwrap(), "ok");
        // The account filter's packed keys are the rows' own, whatever
        // was taken in.
        let packed: Vec<(i64, String)> = s
            .packed_search_keys(true)
            .unwrap()
            .pairs()
            .map(|(id, key)| (id, key.to_string()))
            .collect();
        assert!(packed == s.search_keys(true).unwrap(), "seed {seed}: keys");
    }
    // Each origin's events were taken in by the others exactly.
    let events = all_events(server);
    let mut per: HashMap<[u8; 16], usize> = HashMap::new();
    for e in &events {
        *per.entry(e.origin).or_default() += 1;
    }
    assert_eq!(per.len(), 3);
    // Every value a field ever had is in the history: each phone number
    // set anywhere is a change on record (or the value it was made with).
    let history = books[0].join("\n");
    for e in &events {
        let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap();
        if p["t"] == "accounts" && e.kind == "set" {
            if let Some(phone) = p["v"]["phone"].as_str() {
                assert!(
                    history.contains(&format!("\"new_value\":\"{phone}\"")),
                    "seed {seed}: {phone} lost"
                );
            }
        }
    }
    reps.iter()
        .map(|s| s.replica_state().unwrap().unseen_conflicts)
        .sum()
}

#[test]
fn three_replicas_with_random_offline_work_end_identical() {
    let conflicts: i64 = (0..12)
        .map(|seed| converge(seed, &mut Server::default()))
        .sum();
    // Phones were edited on several replicas apart: some of it clashed.
    assert!(conflicts > 0);
}

/// The same, through a real PostgreSQL server, each operator as their own
/// role with only the grants `server init` prints.
#[test]
fn three_replicas_converge_through_a_real_postgresql_server() {
    let Some(pg) = pg::server() else { return };
    let mut conflicts = 0;
    for seed in 0..3 {
        let book = pg.fresh("converge");
        book.init();
        let url = book.operator("rep");
        let mut remote = PgRemote::connect(&url).unwrap();
        conflicts += converge(100 + seed, &mut remote);
        assert_eq!(book.duplicates(), 0);
        assert!(book.runs().iter().all(|(n, max)| n == max), "gapless");
    }
    assert!(conflicts > 0);
}

#[test]
fn the_same_customer_code_made_on_two_replicas_is_reported_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (replica(dir.path(), "a"), replica(dir.path(), "b"));
    let mut server = Server::default();
    for (s, name) in [(&mut a, "山田製作所"), (&mut b, "山田製作所（本社）")] {
        let f = AccountFields {
            name: name.into(),
            code: Some("A1".into()),
            ..Default::default()
        };
        s.add_account(&f, t0()).unwrap();
    }
    for _ in 0..2 {
        for s in [&mut a, &mut b] {
            server.sync(s);
        }
    }
    assert_eq!(a.shared_rows().unwrap(), b.shared_rows().unwrap());
    for s in [&a, &b] {
        let all = s.accounts(true).unwrap();
        assert_eq!(all.len(), 2, "both customers kept");
        let coded: Vec<_> = all
            .iter()
            .filter(|x| x.code.as_deref() == Some("A1"))
            .collect();
        assert_eq!(coded.len(), 1, "one keeps the code");
        let c = s.unseen_conflicts().unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(
            (c[0].field.as_str(), c[0].kept.as_deref()),
            ("duplicate_code", Some("A1"))
        );
    }
}

#[test]
fn the_books_currency_travels_and_another_currency_is_refused() {
    use salesbench::domain::money::Currency;
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) = (
        replica(dir.path(), "a"),
        replica(dir.path(), "b"),
        replica(dir.path(), "c"),
    );
    let mut server = Server::default();
    let f = AccountFields {
        name: "田中商店".into(),
        ..Default::default()
    };
    let id = a.add_account(&f, t0()).unwrap();
    a.add_order(id, t0(), 12_000, "", t0()).unwrap();
    server.sync(&mut a);
    // A new file, configured for dollars, joins: the book's yen win.
    b.use_currency(Currency::from_code("USD").unwrap()).unwrap();
    server.sync(&mut b);
    assert_eq!(b.currency().code, "JPY");
    // A file that already counts in dollars cannot take yen amounts in.
    c.use_currency(Currency::from_code("USD").unwrap()).unwrap();
    let cid = c.add_account(&f, t0()).unwrap();
    c.add_order(cid, t0(), 2933, "", t0()).unwrap();
    let before = c.shared_rows().unwrap();
    let heads = c.sync_heads().unwrap();
    let e = c.take_in(&server.events).unwrap_err();
    assert!(
        format!("{e:?}").contains("sync13.currency_differs"),
        "{e:?}"
    );
    assert_eq!(c.shared_rows().unwrap(), before, "nothing taken in");
    assert_eq!(c.sync_heads().unwrap(), heads);
}

#[test]
fn a_sync_cut_off_at_any_call_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (replica(dir.path(), "a"), replica(dir.path(), "b"));
    let mut server = Server::default();
    let mut facts = 0;
    let mut rng = SmallRng::seed_from_u64(7);
    let mut at = t0();
    for cut in 0..40 {
        for s in [&mut a, &mut b] {
            for k in 0..3 {
                at += Duration::minutes(1);
                work(s, &mut rng, at, &format!("{cut}.{k}"), &mut facts);
            }
        }
        // The server goes away after a few calls: a clear error, the
        // file as it was or further along, never broken.
        server.fail_after = Some(server.calls + cut % 7);
        for s in [&mut a, &mut b] {
            match sync_once(s, &mut server, at) {
                Ok(_) | Err(SyncError::Remote(ServerError::Unreachable { .. })) => {}
                Err(e) => panic!("cut {cut}: {e:?}"),
            }
        }
        server.fail_after = None;
    }
    for _ in 0..2 {
        for s in [&mut a, &mut b] {
            let sum = server.sync(s);
            assert_eq!(sum.local_pending, 0);
        }
    }
    assert_eq!(a.shared_rows().unwrap(), b.shared_rows().unwrap());
    let talks = a
        .shared_rows()
        .unwrap()
        .iter()
        .filter(|r| r.contains("\"t\":\"conversations\""))
        .count();
    assert_eq!(talks, facts);
    let mut seen = std::collections::HashSet::new();
    assert!(
        server.events.iter().all(|e| seen.insert(e.uuid)),
        "each event once"
    );
}

#[test]
fn a_copied_file_is_refused_before_its_events_are_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = replica(dir.path(), "a");
    let f = AccountFields {
        name: "田中商店".into(),
        ..Default::default()
    };
    a.add_account(&f, t0()).unwrap();
    let mut server = Server::default();
    server.sync(&mut a);
    drop(a);
    std::fs::copy(dir.path().join("a.db"), dir.path().join("copy.db")).unwrap();
    let mut a = replica(dir.path(), "a");
    let mut copy = replica(dir.path(), "copy");
    let id = a.accounts(true).unwrap()[0].id;
    a.log_conversation(&call(id, t0(), "本物".into()), t0())
        .unwrap();
    copy.log_conversation(&call(id, t0(), "写し".into()), t0())
        .unwrap();
    server.sync(&mut a);
    let e = sync_once(&mut copy, &mut server, t0()).unwrap_err();
    assert!(matches!(e, SyncError::Copied), "{e:?}");
    assert_eq!(
        copy.replica_state().unwrap().local_pending(),
        1,
        "kept here"
    );
    // Made a replica of its own, it joins the book with its new work.
    sync_as_new_replica(&mut copy, &mut server, t0()).unwrap();
    server.sync(&mut a);
    assert_eq!(a.shared_rows().unwrap(), copy.shared_rows().unwrap());
    let talks = |s: &Store| s.timeline(id).unwrap().len();
    assert_eq!(
        (talks(&a), talks(&copy)),
        (2, 2),
        "本物 and 写し, once each"
    );
    assert_ne!(
        a.replica_state().unwrap().origin,
        copy.replica_state().unwrap().origin
    );
}

/// A backup put back after the file synced more: refused, and made a
/// replica of its own it takes back its own later work from the server.
#[test]
fn a_backup_put_back_gets_its_later_work_back_from_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = replica(dir.path(), "a");
    let mut b = replica(dir.path(), "b");
    let mut server = Server::default();
    let f = AccountFields {
        name: "田中商店".into(),
        ..Default::default()
    };
    let id = a.add_account(&f, t0()).unwrap();
    server.sync(&mut a);
    a.backup_to(&dir.path().join("backup.db")).unwrap();
    a.log_conversation(&call(id, t0(), "バックアップの後".into()), t0())
        .unwrap();
    server.sync(&mut a);
    drop(a);
    std::fs::copy(dir.path().join("backup.db"), dir.path().join("a.db")).unwrap();
    let mut a = replica(dir.path(), "a");
    // Nothing new written since the restore: still refused.
    let e = sync_once(&mut a, &mut server, t0()).unwrap_err();
    assert!(matches!(e, SyncError::Copied), "{e:?}");
    a.log_conversation(&call(id, t0(), "復元の後".into()), t0())
        .unwrap();
    let e = sync_once(&mut a, &mut server, t0()).unwrap_err();
    assert!(matches!(e, SyncError::Copied), "{e:?}");
    sync_as_new_replica(&mut a, &mut server, t0()).unwrap();
    server.sync(&mut b);
    server.sync(&mut a);
    assert_eq!(a.shared_rows().unwrap(), b.shared_rows().unwrap());
    let texts: Vec<String> = a
        .timeline(id)
        .unwrap()
        .iter()
        .map(|e| format!("{e:?}"))
        .collect();
    let all = texts.join("\n");
    assert!(
        all.contains("バックアップの後") && all.contains("復元の後"),
        "{all}"
    );
}

/// A broken event on the server: the sync stops with words for the
/// operator (no English in Japanese), nothing of the batch applied.
#[test]
fn a_broken_event_from_the_server_is_refused_in_the_operators_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = replica(dir.path(), "a");
    let mut server = Server::default();
    server.events.push(SyncEvent {
        uuid: [7; 16],
        origin: [9; 16],
        origin_seq: 1,
        hlc: 1,
        kind: "insert".into(),
        payload: "not json".into(),
    });
    let before = a.shared_rows().unwrap();
    let e = sync_once(&mut a, &mut server, t0()).unwrap_err();
    let zone = salesbench::clock::OperatorZone::System;
    let ja = e.message(
        &salesbench::i18n::I18n::new(salesbench::i18n::Lang::Ja),
        &zone,
    );
    assert!(ja.contains("取り込めません"), "{ja}");
    assert!(!ja.chars().any(|c| c.is_ascii_alphabetic()), "{ja}");
    let en = e.message(
        &salesbench::i18n::I18n::new(salesbench::i18n::Lang::En),
        &zone,
    );
    assert!(
        en.contains("cannot be taken in") && en.contains("not JSON"),
        "{en}"
    );
    assert_eq!(a.shared_rows().unwrap(), before);
    assert_eq!(a.sync_heads().unwrap().len(), 0, "nothing of it taken in");
}
