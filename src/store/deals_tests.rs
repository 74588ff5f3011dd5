//! Deals in the store: every transition, its record, and its refusals.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::domain::deals::{
    DealChange, DealField, DealFilter, DealStatus, LostReason, NewDeal, Pipeline, Rank, Stage,
};
use crate::domain::history::Refusal;
use crate::domain::model::{AccountFields, Contact, ConversationKind, Direction, NewConversation};
use crate::store::{Store, StoreError};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()
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

fn new_deal(account_id: i64, title: &str, value: i64) -> NewDeal {
    NewDeal {
        account_id,
        contact_id: None,
        title: title.into(),
        value,
        stage: None,
        probability: None,
        expected_close_on: None,
        rank: Rank::B,
        next_step: String::new(),
    }
}

fn conv(account_id: i64, at: DateTime<Utc>) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: at,
        summary: "見積の件".into(),
        body: String::new(),
        outcome: None,
    }
}

fn changes(s: &Store, id: i64) -> Vec<(DealField, Option<String>, Option<String>)> {
    s.deal_detail(id)
        .unwrap()
        .changes
        .into_iter()
        .map(|c| (c.field, c.old_value, c.new_value))
        .collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn refused(e: StoreError) -> Refusal {
    match e {
        StoreError::Refused(r) => r,
        other => panic!("not a refusal: {other:?}"),
    }
}

#[test]
fn a_new_deal_starts_in_the_first_stage_with_its_probability() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let id = s
        .add_deal(&new_deal(a, " 複合機 ", 1_200_000), t0())
        .unwrap();
    let d = s.deal(id).unwrap();
    assert_eq!(
        (d.title.as_str(), d.stage.as_str(), d.status, d.rank),
        ("複合機", "lead", DealStatus::Open, Rank::B)
    );
    assert_eq!(d.account_name, "田中商店");
    assert_eq!(d.probability(s.pipeline()), 10);
    assert_eq!(d.weighted_value(s.pipeline()), 120_000);
    assert_eq!((d.stage_entered_at, d.last_activity_at), (t0(), t0()));
    assert!(changes(&s, id).is_empty());
}

#[test]
fn bad_deals_are_refused_and_nothing_is_written() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let b = acct(&mut s, "山田製作所");
    let bob = s
        .add_contact(
            &Contact {
                id: 0,
                account_id: b,
                name: "山田".into(),
                reading: None,
                role: None,
                phone: None,
                email: None,
            },
            t0(),
        )
        .unwrap();
    let mut cases = vec![
        NewDeal {
            stage: Some("nope".into()),
            ..new_deal(a, "x", 1)
        },
        new_deal(a, "x", -1),
        new_deal(a, "  ", 1),
        new_deal(999, "x", 1),
        NewDeal {
            probability: Some(101),
            ..new_deal(a, "x", 1)
        },
    ];
    cases.push(NewDeal {
        contact_id: Some(bob),
        ..new_deal(a, "x", 1)
    });
    for d in cases {
        assert!(s.add_deal(&d, t0()).is_err(), "{d:?}");
    }
    assert!(s.deals(&DealFilter::default(), t0()).unwrap().is_empty());
}

#[test]
fn edits_and_moves_are_recorded_field_by_field() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let id = s.add_deal(&new_deal(a, "複合機", 100), t0()).unwrap();
    let t1 = t0() + Duration::days(3);
    let close = NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
    let c = DealChange {
        value: Some(300),
        probability: Some(Some(40)),
        expected_close_on: Some(Some(close)),
        rank: Some(Rank::A),
        next_step: Some("見積提出".into()),
        title: Some("複合機".into()),
        ..DealChange::default()
    };
    s.edit_deal(id, &c, t1).unwrap();
    assert_eq!(
        changes(&s, id),
        [
            (DealField::Value, some("100"), some("300")),
            (DealField::Probability, None, some("40")),
            (DealField::ExpectedCloseOn, None, some("2026-12-20")),
            (DealField::Rank, some("B"), some("A")),
            (DealField::NextStep, some(""), some("見積提出")),
        ]
    );
    let d = s.deal(id).unwrap();
    assert_eq!((d.value, d.probability, d.rank), (300, Some(40), Rank::A));
    assert_eq!(d.expected_close_on, Some(close));
    assert_eq!((d.updated_at, d.last_activity_at), (t1, t1));
    // Stage unchanged: the days in stage still count from the start.
    assert_eq!(d.stage_entered_at, t0());
    let t2 = t1 + Duration::days(1);
    s.move_deal(id, "quote", t2).unwrap();
    let d = s.deal(id).unwrap();
    assert_eq!((d.stage.as_str(), d.stage_entered_at), ("quote", t2));
    assert_eq!(
        changes(&s, id).last().unwrap(),
        &(DealField::Stage, some("lead"), some("quote"))
    );
    // Clearing the probability goes back to the stage's.
    let back = DealChange {
        probability: Some(None),
        ..DealChange::default()
    };
    s.edit_deal(id, &back, t2).unwrap();
    assert_eq!(s.deal(id).unwrap().probability(s.pipeline()), 50);
    let before = changes(&s, id);
    let e = s.move_deal(id, "quote", t2).unwrap_err();
    assert_eq!(refused(e), Refusal::DealUnchanged { id });
    assert!(s.move_deal(id, "nope", t2).is_err());
    assert!(s.edit_deal(999, &back, t2).is_err());
    assert_eq!(changes(&s, id), before);
}

#[test]
fn won_with_an_order_records_the_purchase_in_the_same_transaction() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let id = s.add_deal(&new_deal(a, "複合機", 500_000), t0()).unwrap();
    let t1 = t0() + Duration::days(2);
    let order = s.win_deal(id, Some((480_000, t1)), t1).unwrap().unwrap();
    let d = s.deal(id).unwrap();
    assert_eq!(
        (d.status, d.closed_at, d.order_id),
        (DealStatus::Won, Some(t1), Some(order))
    );
    assert_eq!(d.weighted_value(s.pipeline()), 500_000);
    let o = s.order(order).unwrap();
    assert_eq!((o.account_id, o.amount), (a, 480_000));
    assert_eq!(
        changes(&s, id),
        [
            (DealField::Status, some("open"), some("won")),
            (DealField::ClosedAt, None, some("2026-11-25T01:00:00Z")),
            (DealField::Order, None, Some(order.to_string())),
        ]
    );
    // Twice: refused, naming when it was won; nothing more written.
    let e = s.win_deal(id, Some((1, t1)), t1).unwrap_err();
    assert_eq!(refused(e), Refusal::DealWonAlready { id, at: t1 });
    let e = s.lose_deal(id, LostReason::Price, "", t1).unwrap_err();
    assert_eq!(refused(e), Refusal::DealWonAlready { id, at: t1 });
    let e = s.move_deal(id, "quote", t1).unwrap_err();
    assert_eq!(refused(e), Refusal::DealClosed { id });
    assert_eq!(s.orders(a).unwrap().len(), 1);
    assert_eq!(changes(&s, id).len(), 3);
}

#[test]
fn a_refused_order_leaves_the_deal_open() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let id = s.add_deal(&new_deal(a, "複合機", 1), t0()).unwrap();
    assert!(s.win_deal(id, Some((-5, t0())), t0()).is_err());
    assert_eq!(s.deal(id).unwrap().status, DealStatus::Open);
    assert!(changes(&s, id).is_empty());
    assert!(s.orders(a).unwrap().is_empty());
}

#[test]
fn lost_with_a_reason_then_reopened_keeps_everything_on_record() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let id = s.add_deal(&new_deal(a, "複合機", 100), t0()).unwrap();
    let e = s.reopen_deal(id, t0()).unwrap_err();
    assert_eq!(refused(e), Refusal::DealOpen { id });
    let t1 = t0() + Duration::hours(1);
    s.lose_deal(id, LostReason::Competitor, " 他社に決定 ", t1)
        .unwrap();
    let d = s.deal(id).unwrap();
    assert_eq!(
        (d.status, d.lost_reason, d.lost_note.as_str()),
        (DealStatus::Lost, Some(LostReason::Competitor), "他社に決定")
    );
    let e = s.lose_deal(id, LostReason::Price, "", t1).unwrap_err();
    assert_eq!(refused(e), Refusal::DealLostAlready { id, at: t1 });
    let e = s.win_deal(id, None, t1).unwrap_err();
    assert_eq!(refused(e), Refusal::DealLostAlready { id, at: t1 });
    let t2 = t1 + Duration::hours(1);
    s.reopen_deal(id, t2).unwrap();
    let d = s.deal(id).unwrap();
    assert_eq!(
        (d.status, d.lost_reason, d.closed_at),
        (DealStatus::Open, None, None)
    );
    assert_eq!(d.stage, "lead");
    assert_eq!(
        changes(&s, id),
        [
            (DealField::Status, some("open"), some("lost")),
            (DealField::ClosedAt, None, some("2026-11-23T02:00:00Z")),
            (DealField::LostReason, None, some("competitor")),
            (DealField::LostNote, None, some("他社に決定")),
            (DealField::Status, some("lost"), some("open")),
            (DealField::ClosedAt, some("2026-11-23T02:00:00Z"), None),
            (DealField::LostReason, some("competitor"), None),
        ]
    );
    // Won after reopening: no order asked, none recorded.
    assert_eq!(s.win_deal(id, None, t2).unwrap(), None);
}

#[test]
fn linked_conversations_reset_the_rotting_clock_and_other_accounts_deals_are_refused() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let b = acct(&mut s, "山田製作所");
    let id = s.add_deal(&new_deal(a, "複合機", 100), t0()).unwrap();
    let later = t0() + Duration::days(15);
    let rotting = DealFilter {
        rotting: true,
        ..DealFilter::open()
    };
    assert_eq!(s.deals(&rotting, later).unwrap().len(), 1);
    let t1 = t0() + Duration::days(10);
    let c = s
        .log_with_deal(&conv(a, t1), None, None, Some(id), t1)
        .unwrap();
    assert!(s.deals(&rotting, later).unwrap().is_empty());
    let d = s.deal(id).unwrap();
    assert_eq!(d.last_activity_at, t1);
    let detail = s.deal_detail(id).unwrap();
    assert_eq!(detail.conversations.len(), 1);
    assert_eq!(detail.conversations[0].id, c);
    assert_eq!(detail.conversations[0].summary, "見積の件");
    // Another account's deal: refused, no conversation written.
    let before = s.timeline(b).unwrap().len();
    let e = s
        .log_with_deal(&conv(b, t1), None, None, Some(id), t1)
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Invalid { field: "deal", .. }),
        "{e:?}"
    );
    assert!(s
        .log_with_deal(&conv(b, t1), None, None, Some(999), t1)
        .is_err());
    assert_eq!(s.timeline(b).unwrap().len(), before);
    // A retracted conversation no longer counts as activity.
    s.retract_conversation(c, "誤記録", t1).unwrap();
    assert_eq!(s.deal(id).unwrap().last_activity_at, t0());
}

#[test]
fn lists_filter_by_status_stage_rank_account_and_rotting() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let b = acct(&mut s, "山田製作所");
    let x = s.add_deal(&new_deal(a, "x", 1), t0()).unwrap();
    let y = s
        .add_deal(
            &NewDeal {
                stage: Some("quote".into()),
                rank: Rank::A,
                ..new_deal(b, "y", 2)
            },
            t0(),
        )
        .unwrap();
    let z = s.add_deal(&new_deal(a, "z", 3), t0()).unwrap();
    s.lose_deal(z, LostReason::Timing, "", t0()).unwrap();
    let ids =
        |f: DealFilter| -> Vec<i64> { s.deals(&f, t0()).unwrap().iter().map(|d| d.id).collect() };
    assert_eq!(ids(DealFilter::default()), [x, y, z]);
    assert_eq!(ids(DealFilter::open()), [x, y]);
    let stage = DealFilter {
        stage: Some("quote".into()),
        ..DealFilter::open()
    };
    assert_eq!(ids(stage), [y]);
    let rank = DealFilter {
        rank: Some(Rank::A),
        ..DealFilter::default()
    };
    assert_eq!(ids(rank), [y]);
    let account = DealFilter {
        account_id: Some(a),
        ..DealFilter::open()
    };
    assert_eq!(ids(account), [x]);
}

#[test]
fn the_configured_pipeline_decides_stages_and_rotting() {
    let (_d, mut s) = fresh();
    let stage = |key: &str, days| {
        (
            Stage {
                key: key.into(),
                name_en: key.into(),
                name_ja: key.into(),
                probability: 0,
                rotting_days: days,
            },
            25,
        )
    };
    s.set_pipeline(Pipeline::new(vec![stage("first", 2), stage("second", 30)]).unwrap());
    let a = acct(&mut s, "田中商店");
    let id = s.add_deal(&new_deal(a, "x", 100), t0()).unwrap();
    assert_eq!(s.deal(id).unwrap().stage, "first");
    assert!(s.move_deal(id, "quote", t0()).is_err());
    let rotting = DealFilter {
        rotting: true,
        ..DealFilter::open()
    };
    assert_eq!(
        s.deals(&rotting, t0() + Duration::days(3)).unwrap().len(),
        1
    );
    s.move_deal(id, "second", t0() + Duration::days(3)).unwrap();
    assert!(s
        .deals(&rotting, t0() + Duration::days(4))
        .unwrap()
        .is_empty());
}

#[test]
fn today_reads_only_the_deals_that_need_a_word_and_counts_them_all() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "株式会社テスト");
    let day = |n: i64| t0() + Duration::days(n);
    let at = day(20);
    // Untouched since it was made: rotting (the limit is 14 days).
    let still = s.add_deal(&new_deal(a, "still", 100), t0()).unwrap();
    // Touched five days ago: neither rotting nor overdue.
    let fresh_one = s.add_deal(&new_deal(a, "fresh", 100), t0()).unwrap();
    let nudge = DealChange {
        next_step: Some("電話する".into()),
        ..DealChange::default()
    };
    s.edit_deal(fresh_one, &nudge, day(15)).unwrap();
    // Touched lately but its close date has passed: overdue.
    let mut late = new_deal(a, "late", 100);
    late.expected_close_on = Some(day(5).date_naive());
    let late = s.add_deal(&late, t0()).unwrap();
    s.edit_deal(late, &nudge, day(15)).unwrap();
    // No change for long, but a conversation about it two days ago.
    let talked = s.add_deal(&new_deal(a, "talked", 100), t0()).unwrap();
    s.log_with_deal(&conv(a, day(18)), None, None, Some(talked), day(18))
        .unwrap();
    // Closed: never on Today.
    let won = s.add_deal(&new_deal(a, "won", 100), t0()).unwrap();
    s.win_deal(won, None, day(1)).unwrap();

    let read: Vec<i64> = s
        .deals_past_due_or_still(at)
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(read, [still, late, talked], "only candidates are read");
    let needing: Vec<i64> = s
        .deals_for_today(at)
        .unwrap()
        .iter()
        .filter_map(|i| match i {
            crate::domain::triage::TodayItem::Deal { deal, .. } => Some(deal.id),
            _ => None,
        })
        .collect();
    let mut sorted = needing.clone();
    sorted.sort();
    assert_eq!(sorted, [still, late]);

    // More than the queue holds: the queue shows the first few, the
    // counts say how many.
    for i in 0..8 {
        s.add_deal(&new_deal(a, &format!("old {i}"), 100), t0())
            .unwrap();
    }
    let (items, counts) = s.today(at, 30).unwrap();
    let shown = items
        .iter()
        .filter(|i| matches!(i, crate::domain::triage::TodayItem::Deal { .. }))
        .count();
    assert_eq!(counts.deals, 10);
    assert_eq!(shown, crate::domain::triage::TODAY_DEAL_LIMIT);
}
