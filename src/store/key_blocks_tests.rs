//! The packed keys must always be the account rows' own keys, whatever
//! wrote the rows and whatever happened to the blocks.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::domain::model::AccountFields;
use crate::domain::search_packed::PackedKeys;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("keys.db")).unwrap();
    (dir, store)
}

/// The packed keys against the rows read one by one, archived or not;
/// and sifted for a query, against those rows' keys the sieve keeps.
fn assert_agree(store: &Store) {
    for all in [false, true] {
        let rows = store.search_keys(all).unwrap();
        let packed = owned(&store.packed_search_keys(all).unwrap());
        assert_same(&packed, &rows);
        for query in SIFTED {
            let sieve = Sieve::new(query);
            let sifted = owned(&store.packed_search_keys_where(all, Some(&sieve)).unwrap());
            let kept: Vec<_> = rows
                .iter()
                .filter(|(_, key)| sieve.shows(key))
                .cloned()
                .collect();
            assert_same(&sifted, &kept);
            for two_threads in [false, true] {
                let keys = packed_in(&store.conn, all, Some(&sieve), two_threads).unwrap();
                assert_same(&owned(&keys), &kept);
            }
        }
    }
}

/// Queries whose sifted keys are checked: a Latin run, scattered
/// letters, kana, a kanji head, digits (also found in the ids of the
/// block's text, which must not count), letters no key holds, and a query
/// that folds to nothing (every key kept).
const SIFTED: [&str; 8] = ["tan", "tnk", "たなか", "田中", "03", "1", "zqxj", "\u{7}"];

/// Equal lists, or the first place they differ (not 3,000 keys).
fn assert_same(got: &[(i64, String)], want: &[(i64, String)]) {
    if let Some(i) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) {
        panic!("differ at {i}: {:?} vs {:?}", got.get(i), want.get(i));
    }
}

fn owned(keys: &PackedKeys) -> Vec<(i64, String)> {
    keys.pairs()
        .map(|(id, key)| (id, key.to_string()))
        .collect()
}

fn blocks(store: &Store) -> Vec<i64> {
    let mut st = store
        .conn
        .prepare("SELECT block FROM account_key_blocks ORDER BY block")
        .unwrap();
    let rows = st.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

fn named(name: &str) -> AccountFields {
    AccountFields {
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn a_bulk_load_leaves_every_block_made() {
    let (_d, mut store) = fresh();
    crate::demo::generate(&mut store, 2_500, 3, now()).unwrap();
    assert_eq!(blocks(&store), vec![0, 1, 2]);
    assert_agree(&store);
}

#[test]
fn each_write_rebuilds_its_block_at_once() {
    let (_d, mut store) = fresh();
    crate::demo::generate(&mut store, 1_100, 4, now()).unwrap();
    let id = store.add_account(&named("鈴木商店"), now()).unwrap();
    assert_eq!(id >> BITS, 1);
    let block_text = |store: &Store| -> String {
        store
            .conn
            .query_row(
                "SELECT keys FROM account_key_blocks WHERE block = 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(block_text(&store).contains("鈴木商店"));
    assert_agree(&store);
    let mut fields = store.account(id).unwrap().fields();
    fields.name = "鈴木青果".into();
    fields.reading = Some("すずきせいか".into());
    store.update_account(id, &fields, now()).unwrap();
    assert!(block_text(&store).contains("suzukiseika"));
    assert!(!block_text(&store).contains("鈴木商店"));
    assert_agree(&store);
    store.set_archived(id, true, now()).unwrap();
    assert_agree(&store);
    assert!(!store
        .packed_search_keys(false)
        .unwrap()
        .pairs()
        .any(|(k, _)| k == id));
    store.set_archived(id, false, now()).unwrap();
    assert_agree(&store);
    assert_eq!(blocks(&store), vec![0, 1]);
}

#[test]
fn a_missing_or_damaged_block_is_read_from_the_rows() {
    let (_d, mut store) = fresh();
    crate::demo::generate(&mut store, 3_000, 5, now()).unwrap();
    let before = owned(&store.packed_search_keys(true).unwrap());
    store
        .conn
        .execute_batch(
            "DELETE FROM account_key_blocks WHERE block = 0; \
             UPDATE account_key_blocks SET keys = 'not a block' WHERE block = 1; \
             UPDATE account_key_blocks SET keys = X'1e3132ff1f30' WHERE block = 2;",
        )
        .unwrap();
    assert_same(&owned(&store.packed_search_keys(true).unwrap()), &before);
    assert_agree(&store);
    // The next bulk write's end makes the missing block again.
    store.write(rebuild_missing).unwrap();
    assert_eq!(blocks(&store), vec![0, 1, 2]);
    assert_same(&owned(&store.packed_search_keys(true).unwrap()), &before);
}

#[test]
fn an_empty_book_has_no_keys() {
    let (_d, store) = fresh();
    assert!(store.packed_search_keys(true).unwrap().is_empty());
    assert!(blocks(&store).is_empty());
}
