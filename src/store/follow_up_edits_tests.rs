//! Follow-up edits on record, reopening a cancel, undoing a snooze, and
//! `Store::undo` for each kind of reversible action.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::domain::agenda::{FollowUpChange, FollowUpField, Undo};
use crate::domain::history::Refusal;
use crate::domain::model::{AccountFields, Contact, ConversationKind, Direction, NewConversation};
use crate::domain::triage::{FollowUpState, NewFollowUp};
use crate::store::{Store, StoreError};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn hm(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    store.set_local_offset(chrono::FixedOffset::east_opt(9 * 3600).unwrap());
    (dir, store)
}

fn acct(s: &mut Store, name: &str) -> i64 {
    let f = AccountFields {
        name: name.into(),
        ..Default::default()
    };
    s.add_account(&f, t0()).unwrap()
}

fn contact(s: &mut Store, account_id: i64, name: &str) -> i64 {
    let c = Contact {
        id: 0,
        account_id,
        name: name.into(),
        reading: None,
        role: None,
        phone: None,
        email: None,
    };
    s.add_contact(&c, t0()).unwrap()
}

fn schedule(s: &mut Store, account_id: i64, due: &str) -> i64 {
    let f = NewFollowUp {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        due_on: day(due),
        due_time: None,
        note: "見積の確認".into(),
    };
    s.add_follow_up(&f, t0()).unwrap()
}

fn next_due(s: &Store, account_id: i64) -> Option<String> {
    s.conn
        .query_row(
            "SELECT next_follow_up_on FROM accounts WHERE id = ?1",
            [account_id],
            |r| r.get(0),
        )
        .unwrap()
}

fn refusal(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("want a refusal, got {other:?}"),
    }
}

#[test]
fn an_edit_changes_each_field_and_records_old_and_new() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let p = contact(&mut s, a, "田中 一郎");
    let f = schedule(&mut s, a, "2026-11-25");
    let later = t0() + Duration::hours(1);
    let change = FollowUpChange {
        due_on: Some(day("2026-11-27")),
        due_time: Some(Some(hm("10:30"))),
        kind: Some(ConversationKind::Visit),
        contact_id: Some(Some(p)),
        note: Some(" 見積書を持参 ".into()),
    };
    s.edit_follow_up(f, &change, later).unwrap();
    let now = s.follow_up(f).unwrap();
    assert_eq!(now.due_on, day("2026-11-27"));
    assert_eq!(now.due_time, Some(hm("10:30")));
    assert_eq!(now.kind, ConversationKind::Visit);
    assert_eq!(now.contact_id, Some(p));
    assert_eq!(now.note, "見積書を持参");
    assert_eq!(next_due(&s, a).as_deref(), Some("2026-11-27"));

    let log: Vec<(FollowUpField, Option<String>, Option<String>)> = s
        .follow_up_changes(f)
        .unwrap()
        .into_iter()
        .inspect(|c| assert_eq!(c.at, later))
        .map(|c| (c.field, c.old_value, c.new_value))
        .collect();
    let text = |v: &str| Some(v.to_string());
    assert_eq!(
        log,
        [
            (FollowUpField::DueOn, text("2026-11-25"), text("2026-11-27")),
            (FollowUpField::DueTime, None, text("10:30")),
            (FollowUpField::Kind, text("call"), text("visit")),
            (FollowUpField::Contact, None, Some(p.to_string())),
            (
                FollowUpField::Note,
                text("見積の確認"),
                text("見積書を持参")
            ),
        ]
    );

    // Only what differs is recorded; clearing the time is a change.
    let clear = FollowUpChange {
        due_on: Some(day("2026-11-27")),
        due_time: Some(None),
        ..Default::default()
    };
    s.edit_follow_up(f, &clear, later).unwrap();
    let log = s.follow_up_changes(f).unwrap();
    assert_eq!(log.len(), 6);
    assert_eq!(log[5].field, FollowUpField::DueTime);
    assert_eq!(log[5].new_value, None);
    assert_eq!(s.follow_up(f).unwrap().due_time, None);
}

#[test]
fn an_edit_refuses_closed_follow_ups_foreign_contacts_and_no_change() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let b = acct(&mut s, "佐藤工業");
    let theirs = contact(&mut s, b, "佐藤 花子");
    let f = schedule(&mut s, a, "2026-11-25");
    let g = schedule(&mut s, a, "2026-11-26");
    let note = |n: &str| FollowUpChange {
        note: Some(n.into()),
        ..Default::default()
    };

    let e = s
        .edit_follow_up(
            f,
            &FollowUpChange {
                contact_id: Some(Some(theirs)),
                ..Default::default()
            },
            t0(),
        )
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Invalid { field: "contact", message } if message == "agenda11.contact_elsewhere"),
        "{e:?}"
    );
    assert_eq!(
        refusal(s.edit_follow_up(f, &note("見積の確認"), t0()).unwrap_err()),
        Refusal::FollowUpUnchanged { id: f }
    );
    assert!(s.follow_up_changes(f).unwrap().is_empty());

    s.cancel_follow_up(f, "不要", t0()).unwrap();
    assert_eq!(
        refusal(s.edit_follow_up(f, &note("x"), t0()).unwrap_err()),
        Refusal::FollowUpCancelled { id: f }
    );
    let c = NewConversation {
        account_id: a,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: t0(),
        summary: "済".into(),
        body: String::new(),
        outcome: None,
    };
    s.complete_follow_up(g, &c, None, t0()).unwrap();
    assert_eq!(
        refusal(s.edit_follow_up(g, &note("x"), t0()).unwrap_err()),
        Refusal::FollowUpDone { id: g }
    );
    assert!(s.follow_up_changes(f).unwrap().is_empty());
    assert!(s.follow_up_changes(g).unwrap().is_empty());
}

#[test]
fn reopening_a_cancel_keeps_the_cancellation_on_record() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let f = schedule(&mut s, a, "2026-11-25");
    s.cancel_follow_up(f, "先方都合", t0()).unwrap();
    assert_eq!(next_due(&s, a), None);
    let later = t0() + Duration::minutes(1);
    s.undo(&Undo::Cancel(f), later).unwrap();
    let now = s.follow_up(f).unwrap();
    assert_eq!(now.state, FollowUpState::Open);
    assert_eq!(now.cancel_reason, None);
    assert_eq!(next_due(&s, a).as_deref(), Some("2026-11-25"));
    let log = s.follow_up_changes(f).unwrap();
    let fields: Vec<_> = log.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            FollowUpField::State,
            FollowUpField::CancelReason,
            FollowUpField::ClosedAt
        ]
    );
    assert_eq!(log[0].old_value.as_deref(), Some("cancelled"));
    assert_eq!(log[1].old_value.as_deref(), Some("先方都合"));
    assert!(log[2].old_value.is_some());
    assert_eq!(
        refusal(s.reopen_follow_up(f, later).unwrap_err()),
        Refusal::FollowUpNotCancelled { id: f }
    );
}

#[test]
fn undoing_a_snooze_moves_back_even_to_a_past_day_and_is_recorded() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let f = schedule(&mut s, a, "2026-11-20"); // overdue
    assert_eq!(
        refusal(s.undo_snooze(f, t0()).unwrap_err()),
        Refusal::NoSnoozeToUndo { id: f }
    );
    s.snooze_follow_up(f, day("2026-11-30"), Some(hm("09:00")), t0())
        .unwrap();
    assert_eq!(next_due(&s, a).as_deref(), Some("2026-11-30"));
    s.undo(&Undo::Snooze(f), t0()).unwrap();
    let now = s.follow_up(f).unwrap();
    assert_eq!((now.due_on, now.due_time), (day("2026-11-20"), None));
    assert_eq!(next_due(&s, a).as_deref(), Some("2026-11-20"));
    let rows: Vec<(String, String, Option<i64>)> = s
        .conn
        .prepare("SELECT from_on, to_on, undoes FROM follow_up_snoozes WHERE follow_up_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([f], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].0, "2026-11-30");
    assert_eq!(rows[1].1, "2026-11-20");
    assert!(rows[1].2.is_some(), "marked as an undo");
    // An undo is not itself undone by another undo.
    assert_eq!(
        refusal(s.undo_snooze(f, t0()).unwrap_err()),
        Refusal::NoSnoozeToUndo { id: f }
    );
}

#[test]
fn undo_reverses_an_archive_a_void_and_a_retraction() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    s.set_archived(a, true, t0()).unwrap();
    s.undo(&Undo::Archive(a), t0()).unwrap();
    assert!(!s.account(a).unwrap().archived);

    let o = s.add_order(a, t0(), 1200, "", t0()).unwrap();
    s.void_order(o, "二重登録", t0()).unwrap();
    s.undo(&Undo::Void(o), t0()).unwrap();
    assert!(s.order(o).unwrap().voided.is_none());
    assert_eq!(
        s.order(o).unwrap().retractions.len(),
        2,
        "void and restore kept"
    );

    let c = NewConversation {
        account_id: a,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: t0(),
        summary: "挨拶".into(),
        body: String::new(),
        outcome: None,
    };
    let c = s.log_conversation(&c, t0()).unwrap();
    s.retract_conversation(c, "誤記", t0()).unwrap();
    s.undo(&Undo::Retract(c), t0()).unwrap();
    let conv = s.conversation(c).unwrap();
    assert!(conv.retracted.is_none());
    assert_eq!(conv.retractions.len(), 2);
}
