//! The stored-text rule (no NUL, at most 16 MB per field) on the write
//! paths that did not check it yet: follow-up notes, contacts, plan names
//! and steps, drafts, and the retract / void / cancel reasons, plus the
//! note of an order edit. Each is refused with the field named, and
//! nothing is written.
//!
//! These go through the store, not the binary: a command-line argument
//! cannot hold a NUL byte (the kernel passes C strings) nor 16 MB (Linux
//! caps one argument at 128 KiB), so the CLI can never deliver these
//! values; the TUI's forms and drafts, a paste, can.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use tempfile::TempDir;

use salesbench::domain::limits::MAX_TEXT_BYTES;
use salesbench::domain::model::{
    AccountFields, Contact, ConversationKind, Direction, Draft, NewConversation, OrderChange,
};
use salesbench::domain::triage::{NewFollowUp, PlanStep};
use salesbench::store::{Store, StoreError};

const NUL: &str = "before\0after";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
}

struct Bench {
    _dir: TempDir,
    s: Store,
    account: i64,
    conversation: i64,
    order: i64,
    follow_up: i64,
}

fn bench() -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("salesbench.db")).unwrap();
    let fields = AccountFields {
        name: "田中商店".into(),
        ..Default::default()
    };
    let account = s.add_account(&fields, now()).unwrap();
    let c = NewConversation {
        account_id: account,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: now(),
        summary: "called".into(),
        body: String::new(),
        outcome: None,
    };
    let conversation = s.log_conversation(&c, now()).unwrap();
    let order = s.add_order(account, now(), 3000, "A4", now()).unwrap();
    let follow_up = s
        .add_follow_up(&follow_up(account, "call back"), now())
        .unwrap();
    Bench {
        _dir: dir,
        s,
        account,
        conversation,
        order,
        follow_up,
    }
}

fn follow_up(account_id: i64, note: &str) -> NewFollowUp {
    NewFollowUp {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        due_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        due_time: None,
        note: note.into(),
    }
}

fn refused<T: std::fmt::Debug>(what: &str, r: Result<T, StoreError>, field: &str, problem: &str) {
    match r {
        Err(StoreError::Invalid {
            field: named,
            message,
        }) => {
            assert_eq!(named, field, "{what}: names the field");
            assert_eq!(message, problem, "{what}");
        }
        other => panic!("{what}: refused at {field}, got {other:?}"),
    }
}

/// Everything a write could have changed, to compare before and after.
fn state(b: &Bench) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        b.s.contacts(b.account).unwrap(),
        b.s.plans().unwrap(),
        b.s.draft(b.account).unwrap(),
        b.s.follow_ups_of(b.account).unwrap(),
        b.s.timeline(b.account).unwrap(),
        b.s.account(b.account).unwrap(),
    )
}

#[test]
fn nul_is_refused_on_every_remaining_text_field_with_the_field_named() {
    let mut b = bench();
    let before = state(&b);
    let p = "importx.has_nul";
    let (a, id) = (b.account, b.follow_up);

    refused(
        "follow-up note",
        b.s.add_follow_up(&follow_up(a, NUL), now()),
        "note",
        p,
    );
    refused(
        "cancel reason",
        b.s.cancel_follow_up(id, NUL, now()),
        "reason",
        p,
    );
    let person = |f: &dyn Fn(&mut Contact)| {
        let mut c = Contact {
            account_id: a,
            name: "佐藤".into(),
            ..Default::default()
        };
        f(&mut c);
        c
    };
    type Set<'a> = &'a dyn Fn(&mut Contact);
    let cases: [(&str, Set); 5] = [
        ("name", &|c| c.name = NUL.into()),
        ("reading", &|c| c.reading = Some(NUL.into())),
        ("role", &|c| c.role = Some(NUL.into())),
        ("phone", &|c| c.phone = Some(NUL.into())),
        ("email", &|c| c.email = Some(NUL.into())),
    ];
    for (field, set) in cases {
        refused("contact", b.s.add_contact(&person(set), now()), field, p);
    }
    let step = |note: &str| PlanStep {
        offset_days: 7,
        kind: ConversationKind::Call,
        note: note.into(),
    };
    refused(
        "plan name",
        b.s.add_plan(NUL, &[step("ok")], false, now()),
        "name",
        p,
    );
    refused(
        "plan step",
        b.s.add_plan("welcome", &[step("ok"), step(NUL)], false, now()),
        "steps",
        p,
    );
    let draft = Draft {
        account_id: a,
        kind: "call".into(),
        direction: "out".into(),
        contact: String::new(),
        when: String::new(),
        summary: "half typed".into(),
        body: NUL.into(),
    };
    refused("draft", b.s.save_draft(&draft, now()), "body", p);
    refused(
        "retract reason",
        b.s.retract_conversation(b.conversation, NUL, now()),
        "reason",
        p,
    );
    refused(
        "void reason",
        b.s.void_order(b.order, NUL, now()),
        "reason",
        p,
    );
    let change = OrderChange {
        note: Some(NUL.into()),
        ..Default::default()
    };
    refused(
        "order edit note",
        b.s.edit_order(b.order, &change, now()),
        "note",
        p,
    );

    assert_eq!(state(&b), before, "nothing was written");
}

#[test]
fn a_contact_updated_with_nul_is_refused_too() {
    let mut b = bench();
    let c = Contact {
        account_id: b.account,
        name: "佐藤".into(),
        ..Default::default()
    };
    let id = b.s.add_contact(&c, now()).unwrap();
    let before = state(&b);
    let changed = Contact {
        id,
        role: Some(NUL.into()),
        ..c
    };
    refused(
        "contact edit",
        b.s.update_contact(&changed, now()),
        "role",
        "importx.has_nul",
    );
    assert_eq!(state(&b), before);
}

#[test]
fn more_than_16_mb_is_refused_with_the_field_named() {
    let mut b = bench();
    let before = state(&b);
    let big = "a".repeat(MAX_TEXT_BYTES + 1);
    let p = "importx.too_large";
    refused(
        "follow-up note",
        b.s.add_follow_up(&follow_up(b.account, &big), now()),
        "note",
        p,
    );
    refused(
        "void reason",
        b.s.void_order(b.order, &big, now()),
        "reason",
        p,
    );
    assert_eq!(state(&b), before, "nothing was written");
}
