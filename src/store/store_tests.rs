//! Store tests on real SQLite files in a temp dir.

use super::*;
use crate::domain::model::*;
use chrono::{Duration, TimeZone};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sb.db")).unwrap();
    (dir, store)
}

fn acct(store: &mut Store, name: &str) -> i64 {
    let f = AccountFields {
        name: name.into(),
        ..Default::default()
    };
    store.add_account(&f, t0()).unwrap()
}

fn call(account_id: i64, at: DateTime<Utc>, summary: &str) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: at,
        summary: summary.into(),
        body: "body\nline two".into(),
        outcome: None,
    }
}

#[test]
fn writes_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sb.db");
    let (id, cid) = {
        let mut s = Store::open(&path).unwrap();
        let id = acct(&mut s, "田中商店");
        let cid = s.log_conversation(&call(id, t0(), "挨拶"), t0()).unwrap();
        (id, cid)
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.account(id).unwrap().name, "田中商店");
    assert_eq!(s.account(id).unwrap().last_touch_at, Some(t0()));
    assert_eq!(
        s.conversation(cid).unwrap().current().unwrap().summary,
        "挨拶"
    );
    assert_eq!(s.schema_version().unwrap(), migrate::latest());
}

#[cfg(unix)]
#[test]
fn new_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _s) = fresh();
    let mode = std::fs::metadata(dir.path().join("sb.db"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn edit_keeps_every_earlier_revision() {
    let (_d, mut s) = fresh();
    let id = acct(&mut s, "A");
    let cid = s.log_conversation(&call(id, t0(), "first"), t0()).unwrap();
    s.revise_conversation(cid, "second", "new body", None, t0() + Duration::hours(1))
        .unwrap();
    s.revise_conversation(
        cid,
        "third",
        "newer body",
        Some("won"),
        t0() + Duration::hours(2),
    )
    .unwrap();
    let c = s.conversation(cid).unwrap();
    let summaries: Vec<&str> = c.revisions.iter().map(|r| r.summary.as_str()).collect();
    assert_eq!(summaries, ["first", "second", "third"]);
    assert!(c.edited());
    assert_eq!(c.revisions[0].body, "body\nline two");
    assert_eq!(c.current().unwrap().outcome.as_deref(), Some("won"));
}

#[test]
fn retraction_is_reversible_and_moves_last_touch() {
    let (_d, mut s) = fresh();
    let id = acct(&mut s, "A");
    let early = s
        .log_conversation(&call(id, t0() - Duration::days(10), "early"), t0())
        .unwrap();
    let late = s.log_conversation(&call(id, t0(), "late"), t0()).unwrap();
    assert_eq!(s.account(id).unwrap().last_touch_at, Some(t0()));
    s.retract_conversation(late, "wrong account", t0()).unwrap();
    let c = s.conversation(late).unwrap();
    assert_eq!(c.retracted.as_ref().unwrap().reason, "wrong account");
    assert_eq!(
        s.account(id).unwrap().last_touch_at,
        Some(t0() - Duration::days(10))
    );
    // Still in history, marked.
    assert_eq!(s.timeline(id).unwrap().len(), 2);
    s.restore_conversation(late, t0()).unwrap();
    assert!(s.conversation(late).unwrap().retracted.is_none());
    assert_eq!(s.account(id).unwrap().last_touch_at, Some(t0()));
    assert!(s.retract_conversation(early, "  ", t0()).is_err());
}

#[test]
fn backdated_entries_never_move_last_touch_back() {
    let (_d, mut s) = fresh();
    let id = acct(&mut s, "A");
    s.log_conversation(&call(id, t0(), "now"), t0()).unwrap();
    s.add_order(id, t0() - Duration::days(30), 12000, "", t0())
        .unwrap();
    assert_eq!(s.account(id).unwrap().last_touch_at, Some(t0()));
    let later = t0() + Duration::days(1);
    s.add_order(id, later, 500, "", later).unwrap();
    assert_eq!(
        s.account(id).unwrap().last_touch_at,
        Some(t0() + Duration::days(1))
    );
}

#[test]
fn timeline_is_newest_first_and_mixes_orders() {
    let (_d, mut s) = fresh();
    let id = acct(&mut s, "A");
    s.log_conversation(&call(id, t0() - Duration::days(2), "old call"), t0())
        .unwrap();
    s.add_order(id, t0() - Duration::days(1), 3000, "refill", t0())
        .unwrap();
    s.log_conversation(&call(id, t0(), "new call"), t0())
        .unwrap();
    let kinds: Vec<String> = s
        .timeline(id)
        .unwrap()
        .iter()
        .map(|e| match e {
            TimelineEntry::Conversation(c) => c.current().unwrap().summary.clone(),
            TimelineEntry::Order(o) => o.note.clone(),
        })
        .collect();
    assert_eq!(kinds, ["new call", "refill", "old call"]);
}

#[test]
fn learned_interval_is_kept_on_write() {
    let (_d, mut s) = fresh();
    let id = acct(&mut s, "A");
    for week in 0..5 {
        s.add_order(id, t0() - Duration::weeks(week), 100, "", t0())
            .unwrap();
    }
    assert_eq!(s.account(id).unwrap().learned_interval_days, Some(7.0));
}

#[test]
fn account_changes_are_logged_and_archive_hides() {
    let (_d, mut s) = fresh();
    let id = acct(&mut s, "A");
    let mut f = s.account(id).unwrap().fields();
    f.phone = Some("03-1234-5678".into());
    f.status = Some(Status::Customer);
    s.update_account(id, &f, t0() + Duration::hours(1)).unwrap();
    s.set_archived(id, true, t0() + Duration::hours(2)).unwrap();
    let changes: Vec<(String, Option<String>, Option<String>)> = s
        .account_changes(id)
        .unwrap()
        .into_iter()
        .map(|c| (c.field, c.old, c.new))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "status".into(),
                Some("prospect".into()),
                Some("customer".into())
            ),
            ("phone".into(), None, Some("03-1234-5678".into())),
            ("archived".into(), Some("false".into()), Some("true".into())),
        ]
    );
    assert!(s.account_list().unwrap().is_empty());
    assert_eq!(s.accounts(true).unwrap().len(), 1);
    s.set_archived(id, false, t0()).unwrap();
    assert_eq!(s.account_list().unwrap().len(), 1);
}

#[test]
fn invalid_fields_are_refused_and_nothing_written() {
    let (_d, mut s) = fresh();
    let blank = AccountFields {
        name: "  ".into(),
        ..Default::default()
    };
    assert!(matches!(
        s.add_account(&blank, t0()),
        Err(StoreError::Invalid { field: "name", .. })
    ));
    let bad_mail = AccountFields {
        name: "A".into(),
        email: Some("nope".into()),
        ..Default::default()
    };
    assert!(matches!(
        s.add_account(&bad_mail, t0()),
        Err(StoreError::Invalid { field: "email", .. })
    ));
    let coded = AccountFields {
        name: "A".into(),
        code: Some("C-1".into()),
        ..Default::default()
    };
    s.add_account(&coded, t0()).unwrap();
    assert!(matches!(
        s.add_account(&coded, t0()),
        Err(StoreError::Invalid { field: "code", .. })
    ));
    assert_eq!(s.accounts(true).unwrap().len(), 1);
}

#[test]
fn resolve_by_id_code_exact_and_unique_part() {
    let (_d, mut s) = fresh();
    let a = s
        .add_account(
            &AccountFields {
                name: "田中商店".into(),
                code: Some("C001".into()),
                ..Default::default()
            },
            t0(),
        )
        .unwrap();
    let b = acct(&mut s, "田中工務店");
    assert_eq!(s.resolve_account(&a.to_string()).unwrap(), a);
    assert_eq!(s.resolve_account("C001").unwrap(), a);
    assert_eq!(s.resolve_account("田中工務店").unwrap(), b);
    assert_eq!(s.resolve_account("工務").unwrap(), b);
    let err = s.resolve_account("田中").unwrap_err().to_string();
    assert!(
        err.contains("田中商店") && err.contains("田中工務店"),
        "{err}"
    );
    assert!(matches!(
        s.resolve_account("佐藤"),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn drafts_save_replace_and_go_when_logged() {
    let (_d, mut s) = fresh();
    let id = acct(&mut s, "A");
    let mut d = Draft {
        account_id: id,
        summary: "half".into(),
        ..Default::default()
    };
    s.save_draft(&d, t0()).unwrap();
    d.body = "typed more".into();
    s.save_draft(&d, t0()).unwrap();
    assert_eq!(s.draft(id).unwrap(), Some(d));
    s.log_conversation(&call(id, t0(), "done"), t0()).unwrap();
    assert_eq!(s.draft(id).unwrap(), None);
}

#[test]
fn refuses_a_file_that_is_not_sqlite_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let content = b"customer list\nnot a database at all, but important\n".repeat(20);
    std::fs::write(&path, &content).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), content);
    assert!(!dir.path().join("notes.txt-wal").exists());
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sb.db");
    drop(Store::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", migrate::latest() + 1)
            .unwrap();
    }
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
    assert!(err.to_string().contains("newer salesbench"));
}

#[test]
fn migrations_apply_from_empty_and_from_every_earlier_version() {
    for from in 0..=migrate::MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sb.db");
        {
            let mut c = rusqlite::Connection::open(&path).unwrap();
            migrate::migrate_to(&mut c, from).unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), migrate::latest());
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }
}

#[test]
fn once_damage_is_seen_nothing_more_is_written() {
    let (dir, mut store) = fresh();
    let db = dir.path().join("sb.db");
    let id = acct(&mut store, "Acme");
    store
        .log_conversation(&call(id, t0(), "first"), t0())
        .unwrap();
    drop(store);
    crate::store::testing::damage_root_of(&db, "conversations");

    let mut store = Store::open(&db).unwrap();
    let e = store
        .log_conversation(&call(id, t0(), "second"), t0())
        .unwrap_err();
    assert!(e.is_damaged(), "{e}");
    assert!(store.writes_stopped());
    // A write that would not touch the damaged page is refused too.
    let e = store
        .add_account(
            &AccountFields {
                name: "Globex".into(),
                ..Default::default()
            },
            t0(),
        )
        .unwrap_err();
    assert!(e.is_damaged(), "{e}");
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "nothing was added after the damage was seen");
}

#[test]
fn the_store_never_reads_the_environment() {
    // The clock (and SALESBENCH_NOW) reaches the store as an argument.
    fn scan(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scan(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for needle in ["std::env", "from_env", "env::var"] {
                    if text.contains(needle) && !path.ends_with("store_tests.rs") {
                        found.push(format!("{}: {needle}", path.display()));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    scan(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store"),
        &mut found,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn list_rows_by_ids_come_in_the_order_asked_either_way_they_are_read() {
    let (_d, mut s) = fresh();
    let ids: Vec<i64> = ["Aoki", "Baba", "Chiba", "Doi"]
        .iter()
        .map(|n| acct(&mut s, n))
        .collect();
    s.set_archived(ids[1], true, t0()).unwrap();
    // Best first as a search ranks them; an id with no account left out.
    let asked = [ids[3], 999, ids[1], ids[0]];
    for one_pass in [false, true] {
        let found = s.list_rows_in(&asked, one_pass).unwrap();
        let names: Vec<(i64, &str)> = found.iter().map(|r| (r.id, r.name)).collect();
        assert_eq!(
            names,
            vec![(ids[3], "Doi"), (ids[1], "Baba"), (ids[0], "Aoki")],
            "one pass: {one_pass}"
        );
    }
    assert!(s.list_rows_by_ids(&[]).unwrap().is_empty());
}

#[test]
fn reads_in_one_read_see_one_moment_and_nest() {
    let (dir, s) = fresh();
    let path = dir.path().join("sb.db");
    let mut other = Store::open(&path).unwrap();
    acct(&mut other, "Before");
    let (first, second) = s
        .in_one_read(|s| {
            let first = s.packed_search_keys(true)?.len();
            // A write from another connection lands between the two reads.
            acct(&mut other, "Between");
            Ok((first, s.packed_search_keys(true)?.len()))
        })
        .unwrap();
    assert_eq!((first, second), (1, 1), "both reads as of the same moment");
    assert_eq!(s.packed_search_keys(true).unwrap().len(), 2);
}

#[test]
fn one_pass_reads_shrink_the_page_cache_inside_a_read() {
    let (_dir, s) = fresh();
    let cache = |s: &Store| -> i64 {
        s.conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(cache(&s), -8192, "the screens' cache as opened");
    let n = s
        .in_one_read(|s| {
            s.for_one_pass()?;
            Ok(s.packed_search_keys(true)?.len())
        })
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(cache(&s), -i64::from(super::ONE_PASS_CACHE_KIB));
}
