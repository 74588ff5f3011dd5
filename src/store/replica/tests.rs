//! The event log: what each write appends, and what the database refuses.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;

use super::spec::SHARED;
use crate::domain::model::AccountFields;
use crate::store::Store;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sb.db")).unwrap();
    (dir, store)
}

/// Every column of every shared table is sent, merged or derived: a new
/// column cannot be forgotten by the sync.
#[test]
fn every_column_of_a_shared_table_is_accounted_for() {
    let (_d, s) = fresh();
    for t in SHARED {
        let mut cols: Vec<String> = s
            .conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{}')", t.name))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        cols.retain(|c| c != "id" && c != "uuid");
        let mut known: Vec<String> = t
            .sent()
            .chain(t.derived.iter().copied())
            .map(String::from)
            .collect();
        cols.sort();
        known.sort();
        assert_eq!(cols, known, "{}", t.name);
        for (c, _) in t.refs {
            assert!(t.sent().any(|s| s == *c), "{}.{c}", t.name);
        }
    }
}

fn events(c: &Connection) -> Vec<(i64, String, serde_json::Value)> {
    c.prepare("SELECT origin_seq, kind, payload FROM sync_events ORDER BY origin_seq")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                serde_json::from_str(&r.get::<_, String>(2)?).unwrap(),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_new_account_and_an_edit_are_events_in_order_with_clocks() {
    let (_d, mut s) = fresh();
    let mut f = AccountFields {
        name: "田中商店".into(),
        phone: Some("03-1111-2222".into()),
        ..Default::default()
    };
    let id = s.add_account(&f, t0()).unwrap();
    f.phone = Some("03-9999-0000".into());
    s.update_account(id, &f, t0()).unwrap();
    let ev = events(&s.conn);
    assert_eq!(ev.len(), 3, "{ev:?}");
    assert_eq!(ev[0].1, "insert");
    assert_eq!(ev[0].2["t"], "accounts");
    assert_eq!(ev[0].2["v"]["name"], "田中商店");
    assert_eq!(ev[0].2["v"]["phone"], "03-1111-2222");
    assert!(
        ev[0].2["v"].get("search_key").is_none(),
        "derived: not sent"
    );
    // The change on record is a fact of its own, the new value a field
    // set in place.
    assert_eq!(
        (ev[1].1.as_str(), &ev[1].2["t"]),
        ("insert", &"account_changes".into())
    );
    assert_eq!(ev[1].2["v"]["account_id"], ev[0].2["u"]);
    assert_eq!(ev[1].2["v"]["old_value"], "03-1111-2222");
    assert_eq!(ev[2].1, "set");
    assert_eq!(ev[2].2["u"], ev[0].2["u"]);
    assert_eq!(ev[2].2["v"]["phone"], "03-9999-0000");
    assert!(ev[2].2["v"].get("name").is_none(), "unchanged: not sent");
    let (seq, hlc): (i64, i64) = s
        .conn
        .query_row("SELECT seq, hlc FROM sync_state", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(seq, ev.last().map(|e| e.0).unwrap());
    let hlcs: Vec<i64> = s
        .conn
        .prepare("SELECT hlc FROM sync_events ORDER BY origin_seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(hlcs.windows(2).all(|w| w[0] < w[1]), "{hlcs:?}");
    assert_eq!(hlc, *hlcs.last().unwrap());
}

#[test]
fn the_database_refuses_deleting_shared_rows_and_changing_fixed_columns() {
    let (_d, mut s) = fresh();
    let f = AccountFields {
        name: "田中商店".into(),
        ..Default::default()
    };
    let id = s.add_account(&f, t0()).unwrap();
    let e = s
        .conn
        .execute("DELETE FROM accounts WHERE id = ?1", [id])
        .unwrap_err();
    assert!(e.to_string().contains("never deleted"), "{e}");
    let e = s
        .conn
        .execute("UPDATE accounts SET created_at = 'x' WHERE id = ?1", [id])
        .unwrap_err();
    assert!(e.to_string().contains("fixed column"), "{e}");
    let e = s
        .conn
        .execute(
            "UPDATE accounts SET uuid = randomblob(16) WHERE id = ?1",
            [id],
        )
        .unwrap_err();
    assert!(e.to_string().contains("uuid never changes"), "{e}");
}
