//! Bulk loader tests: what it derives must equal what the normal write
//! path derives, and a load leaves the connection as it found it.

use super::*;
use crate::domain::model::NewConversation;
use crate::domain::model::{AccountFields, ConversationKind, Direction, Retraction, Revision};
use crate::domain::triage::LapseReason;
use chrono::NaiveTime;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bulk.db")).unwrap();
    (dir, store)
}

/// Every column of `accounts` the write path keeps current, by id, as text.
fn facts(store: &Store) -> Vec<Vec<Option<String>>> {
    let mut st = store
        .conn
        .prepare(
            "SELECT id, last_touch_at, last_touch_kind, last_touch_summary, last_order_at, \
             last_order_amount, learned_interval_days, next_follow_up_on, lapse_reason, \
             search_key, updated_at, honorific FROM accounts ORDER BY id",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| {
            (0..12)
                .map(|i| {
                    let v: rusqlite::types::Value = r.get(i)?;
                    Ok(match v {
                        rusqlite::types::Value::Null => None,
                        other => Some(format!("{other:?}")),
                    })
                })
                .collect()
        })
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn derived_columns_match_the_normal_write_path() {
    let (_d, mut store) = fresh();
    crate::demo::generate(&mut store, 300, 42, now()).unwrap();
    let bulk = facts(&store);
    let count = |col: usize| bulk.iter().filter(|row| row[col].is_some()).count();
    assert!(count(6) > 150, "most accounts have a learned interval");
    assert!(count(7) > 20, "some have an open follow-up");
    assert!(count(8) > 5, "some have a lapse reason");

    // Recompute every account exactly as a retraction or edit does, the
    // next follow-up as closing one does, and every search key as an edit.
    let ids: Vec<i64> = store
        .search_keys(true)
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    store
        .write(|tx| {
            for id in &ids {
                super::super::conversations::recompute_touch(tx, *id)?;
                super::super::followups::refresh_next_due(tx, *id)?;
            }
            Ok(())
        })
        .unwrap();
    let keys: Vec<(i64, String)> = store.search_keys(true).unwrap();
    for (id, stored) in &keys {
        let a = store.account(*id).unwrap();
        assert_eq!(
            &super::super::accounts::key_for(&a.fields().normalised()),
            stored,
            "account {id}"
        );
    }
    assert_eq!(facts(&store), bulk);

    // The change log explains each lapse reason.
    let unexplained: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM accounts a WHERE lapse_reason IS NOT (SELECT new_value \
             FROM account_changes c WHERE c.account_id = a.id AND field = 'lapse_reason' \
             ORDER BY c.id DESC LIMIT 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unexplained, 0);
    let dangling: i64 = store
        .conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0, "every reference points at a real row");

    // And one more conversation through the normal path lands on top.
    let id = ids[0];
    let later = store.account(id).unwrap().last_touch_at.unwrap() + chrono::Duration::hours(1);
    let c = NewConversation {
        account_id: id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: later,
        summary: "follow-up".into(),
        body: String::new(),
        outcome: None,
    };
    store.log_conversation(&c, now()).unwrap();
    assert_eq!(store.account(id).unwrap().last_touch_at, Some(later));
}

fn one(code: &str) -> BulkAccount {
    BulkAccount {
        fields: AccountFields {
            name: "Dup".into(),
            code: Some(code.into()),
            ..Default::default()
        },
        created_at: now(),
        contacts: vec![BulkContact {
            name: "A".into(),
            ..Default::default()
        }],
        conversations: vec![],
        orders: vec![BulkOrder {
            ordered_at: now(),
            amount: 3000,
            note: "x".into(),
            created_at: now(),
        }],
        follow_ups: vec![],
    }
}

#[test]
fn settings_are_restored_and_a_failed_load_writes_nothing() {
    let (_d, mut store) = fresh();
    let pragmas = |s: &Store| -> (i64, i64, bool) {
        let get = |p: &str| -> i64 {
            s.conn
                .query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
                .unwrap()
        };
        (
            get("cache_size"),
            get("synchronous"),
            get("foreign_keys") == 1,
        )
    };
    let before = pragmas(&store);
    assert!(before.2, "the store checks foreign keys");
    crate::demo::generate(&mut store, 5, 1, now()).unwrap();
    assert_eq!(pragmas(&store), before);

    let err = store
        .bulk_load(|w| {
            w.add_account(&one("X1"))?;
            w.add_account(&one("X1"))
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err}");
    assert_eq!(store.accounts(true).unwrap().len(), 5, "rolled back");
    assert_eq!(pragmas(&store), before);

    let bad = BulkAccount {
        fields: AccountFields::default(),
        ..one("X2")
    };
    let err = store.bulk_load(|w| w.add_account(&bad)).unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { field: "name", .. }),
        "{err}"
    );
    let id = store.bulk_load(|w| w.add_account(&one("X3"))).unwrap();
    assert_eq!(store.account(id).unwrap().last_touch_at, Some(now()));
    assert_eq!(store.orders(id).unwrap().len(), 1);
    assert_eq!(store.contacts(id).unwrap().len(), 1);
}

#[test]
fn customer_codes_continue_after_the_highest() {
    let (_d, mut store) = fresh();
    let next = |s: &mut Store| s.bulk_load(|w| w.next_customer_code_number()).unwrap();
    assert_eq!(next(&mut store), 1);
    for code in ["C000041", "C12x", "VIP-7", "C000009"] {
        let f = AccountFields {
            name: code.into(),
            code: Some(code.into()),
            ..Default::default()
        };
        store.add_account(&f, now()).unwrap();
    }
    assert_eq!(next(&mut store), 42);
}

/// Write `a` through the one-row API, each step at the time it happened.
fn replay(store: &mut Store, a: &BulkAccount) -> i64 {
    use crate::domain::model::Contact;
    use crate::domain::triage::NewFollowUp;
    let id = store.add_account(&a.fields, a.created_at).unwrap();
    let contacts: Vec<i64> = a
        .contacts
        .iter()
        .map(|c| {
            let c = Contact {
                id: 0,
                account_id: id,
                name: c.name.clone(),
                reading: c.reading.clone(),
                role: c.role.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
            };
            store.add_contact(&c, a.created_at).unwrap()
        })
        .collect();
    let contact = |i: Option<usize>| i.map(|i| contacts[i]);

    // (when, step order at the same instant, what)
    enum Step {
        Schedule(usize),
        Log(usize),
        Order(usize),
        Edit(usize, usize),
        Retract(usize),
        Cancel(usize),
    }
    let mut steps: Vec<(DateTime<Utc>, u8, Step)> = Vec::new();
    for (i, u) in a.follow_ups.iter().enumerate() {
        steps.push((u.created_at, 0, Step::Schedule(i)));
        if let Some(FollowUpClosed::Cancelled { at, .. }) = &u.closed {
            steps.push((*at, 5, Step::Cancel(i)));
        }
    }
    for (i, c) in a.conversations.iter().enumerate() {
        steps.push((c.logged_at, 1, Step::Log(i)));
        for (j, e) in c.edits.iter().enumerate() {
            steps.push((e.at, 3, Step::Edit(i, j)));
        }
        if let Some(r) = &c.retraction {
            steps.push((r.at, 4, Step::Retract(i)));
        }
    }
    for (i, o) in a.orders.iter().enumerate() {
        steps.push((o.created_at, 2, Step::Order(i)));
    }
    steps.sort_by_key(|(at, order, _)| (*at, *order));

    let mut follow_up_ids = vec![0; a.follow_ups.len()];
    let mut conversation_ids = vec![0; a.conversations.len()];
    for (now, _, step) in steps {
        match step {
            Step::Schedule(i) => {
                let u = &a.follow_ups[i];
                let f = NewFollowUp {
                    account_id: id,
                    contact_id: contact(u.contact),
                    kind: u.kind,
                    due_on: u.due_on,
                    due_time: u.due_time,
                    note: u.note.clone(),
                };
                follow_up_ids[i] = store.add_follow_up(&f, now).unwrap();
            }
            Step::Log(i) => {
                let c = &a.conversations[i];
                let new = NewConversation {
                    account_id: id,
                    contact_id: contact(c.contact),
                    kind: c.kind,
                    direction: c.direction,
                    happened_at: c.happened_at,
                    summary: c.summary.clone(),
                    body: c.body.clone(),
                    outcome: c.outcome.clone(),
                };
                let closes = a.follow_ups.iter().position(|u| {
                    matches!(u.closed, Some(FollowUpClosed::Done { conversation, .. }) if conversation == i)
                });
                conversation_ids[i] = match closes {
                    Some(u) => store
                        .complete_follow_up(follow_up_ids[u], &new, c.lapse_reason, now)
                        .unwrap(),
                    None => store.log_with(&new, c.lapse_reason, None, now).unwrap(),
                };
            }
            Step::Order(i) => {
                let o = &a.orders[i];
                store
                    .add_order(id, o.ordered_at, o.amount, &o.note, now)
                    .unwrap();
            }
            Step::Edit(i, j) => {
                let e = &a.conversations[i].edits[j];
                store
                    .revise_conversation(
                        conversation_ids[i],
                        &e.summary,
                        &e.body,
                        e.outcome.as_deref(),
                        now,
                    )
                    .unwrap();
            }
            Step::Retract(i) => {
                let reason = &a.conversations[i].retraction.as_ref().unwrap().reason;
                store
                    .retract_conversation(conversation_ids[i], reason, now)
                    .unwrap();
            }
            Step::Cancel(i) => {
                let Some(FollowUpClosed::Cancelled { reason, .. }) = &a.follow_ups[i].closed else {
                    unreachable!()
                };
                store
                    .cancel_follow_up(follow_up_ids[i], reason, now)
                    .unwrap();
            }
        }
    }
    id
}

/// An account with the edge cases: the latest conversation edited (new
/// summary) and another retracted, the lapse reason changed twice and
/// repeated once, two orders on one instant, open, done and cancelled
/// follow-ups.
fn edge_cases() -> BulkAccount {
    let t =
        |day: i64, min: i64| now() - chrono::Duration::days(day) + chrono::Duration::minutes(min);
    let talk = |day: i64, summary: &str, lapse: Option<LapseReason>| BulkConversation {
        contact: Some(0),
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: t(day, 0),
        logged_at: t(day, 5),
        summary: summary.into(),
        body: "body".into(),
        outcome: None,
        lapse_reason: lapse,
        edits: vec![],
        retraction: None,
    };
    let mut conversations = vec![
        talk(60, "first", Some(LapseReason::NoValue)),
        talk(40, "second", Some(LapseReason::NoValue)),
        talk(20, "third", Some(LapseReason::SomethingWrong)),
        talk(10, "fourth", None),
        talk(3, "fifth", None),
    ];
    conversations[3].edits.push(Revision {
        summary: "fourth, corrected".into(),
        body: "body\nmore".into(),
        outcome: Some("ok".into()),
        at: t(9, 0),
    });
    conversations[4].retraction = Some(Retraction {
        reason: "wrong account".into(),
        at: t(2, 0),
    });
    let order = |day: i64, amount: i64| BulkOrder {
        ordered_at: t(day, 30),
        amount,
        note: format!("order {amount}"),
        created_at: t(day, 31),
    };
    let follow_up = |due: i64, closed: Option<FollowUpClosed>| BulkFollowUp {
        contact: None,
        kind: ConversationKind::Visit,
        due_on: (now() + chrono::Duration::days(due)).date_naive(),
        due_time: NaiveTime::from_hms_opt(10, 0, 0),
        note: "visit".into(),
        created_at: t(45, 0),
        closed,
    };
    BulkAccount {
        fields: AccountFields {
            name: "株式会社テスト".into(),
            reading: Some("てすと".into()),
            ..Default::default()
        },
        created_at: t(90, 0),
        contacts: vec![BulkContact {
            name: "田中 花子".into(),
            ..Default::default()
        }],
        conversations,
        orders: vec![order(50, 3000), order(30, 5000), order(30, 7000)],
        follow_ups: vec![
            follow_up(5, None),
            follow_up(-1, None),
            follow_up(
                -20,
                Some(FollowUpClosed::Done {
                    conversation: 2,
                    at: t(20, 5),
                }),
            ),
            follow_up(
                -30,
                Some(FollowUpClosed::Cancelled {
                    reason: "not needed".into(),
                    at: t(35, 0),
                }),
            ),
        ],
    }
}

#[test]
fn bulk_load_equals_replaying_through_the_write_path() {
    let mut accounts = crate::demo::sample_accounts(40, 9, now().date_naive(), now());
    accounts.push(edge_cases());
    let (_d1, mut bulk) = fresh();
    let bulk_ids: Vec<i64> = bulk
        .bulk_load(|w| accounts.iter().map(|a| w.add_account(a)).collect())
        .unwrap();
    let (_d2, mut normal) = fresh();
    let normal_ids: Vec<i64> = accounts.iter().map(|a| replay(&mut normal, a)).collect();
    assert_eq!(bulk_ids, normal_ids);
    assert_eq!(facts(&bulk), facts(&normal));
    let edited_latest = facts(&bulk).last().unwrap()[3].clone();
    assert_eq!(
        edited_latest.as_deref(),
        Some("Text(\"fourth, corrected\")")
    );
    type Change = (i64, String, Option<String>, Option<String>, String);
    let changes = |s: &Store| -> Vec<Change> {
        let mut st = s
            .conn
            .prepare("SELECT account_id, field, old_value, new_value, changed_at FROM account_changes ORDER BY id")
            .unwrap();
        let rows = st
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    assert_eq!(changes(&bulk), changes(&normal));
    for id in bulk_ids {
        assert_eq!(bulk.account(id).unwrap(), normal.account(id).unwrap());
        assert_eq!(
            bulk.timeline(id).unwrap().len(),
            normal.timeline(id).unwrap().len()
        );
        let state = |s: &Store| {
            let mut f = s.follow_ups_of(id).unwrap();
            f.iter_mut().for_each(|f| {
                f.id = 0;
                f.conversation_id = f.conversation_id.map(|_| 0);
            });
            f
        };
        assert_eq!(state(&bulk), state(&normal));
    }
}
