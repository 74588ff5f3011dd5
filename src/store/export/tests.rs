//! Unit tests of the export row readers.

use super::*;
use crate::domain::model::{AccountFields, NewConversation};
use chrono::TimeZone;

#[test]
fn revisions_are_merged_into_their_own_conversation_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    let t = |m: i64| {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + chrono::Duration::minutes(m)
    };
    let mut ids = Vec::new();
    for name in ["A", "B"] {
        let fields = AccountFields {
            name: name.into(),
            ..Default::default()
        };
        let account_id = store.add_account(&fields, t(0)).unwrap();
        for n in 0..3 {
            let c = NewConversation {
                account_id,
                contact_id: None,
                kind: ConversationKind::Call,
                direction: Direction::Out,
                happened_at: t(n),
                summary: format!("{name}{n}"),
                body: String::new(),
                outcome: None,
            };
            ids.push(store.log_conversation(&c, t(n)).unwrap());
        }
    }
    // Edits out of id order: the last conversation first, the first twice.
    store
        .revise_conversation(ids[5], "B2'", "", None, t(10))
        .unwrap();
    store
        .revise_conversation(ids[0], "A0'", "", None, t(11))
        .unwrap();
    store
        .revise_conversation(ids[0], "A0''", "", None, t(12))
        .unwrap();
    store.retract_conversation(ids[2], "wrong", t(13)).unwrap();
    let mut rows = Vec::new();
    store
        .for_each_conversation_revision(|r| {
            rows.push((
                r.id,
                r.revision,
                r.is_current,
                r.text.summary.clone(),
                r.retracted.is_some(),
            ));
            Ok::<(), StoreError>(())
        })
        .unwrap();
    let want = [
        (ids[0], 1, false, "A0", false),
        (ids[0], 2, false, "A0'", false),
        (ids[0], 3, true, "A0''", false),
        (ids[1], 1, true, "A1", false),
        (ids[2], 1, true, "A2", true),
        (ids[3], 1, true, "B0", false),
        (ids[4], 1, true, "B1", false),
        (ids[5], 1, false, "B2", false),
        (ids[5], 2, true, "B2'", false),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(id, rev, cur, s, r)| (*id, *rev, *cur, s.to_string(), *r))
        .collect();
    assert_eq!(rows, want);
}

#[test]
fn a_callback_error_stops_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    for name in ["A", "B", "C"] {
        let fields = AccountFields {
            name: name.into(),
            ..Default::default()
        };
        store
            .add_account(&fields, Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
            .unwrap();
    }
    let mut seen = 0;
    let out = store.for_each_account(|_| {
        seen += 1;
        Err(StoreError::Ambiguous("stop".into()))
    });
    assert!(matches!(out, Err(StoreError::Ambiguous(_))));
    assert_eq!(seen, 1);
}
