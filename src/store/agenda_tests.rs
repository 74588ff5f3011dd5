//! The Agenda: overdue first, the coming days in order, archived accounts
//! left out, and today's completions, cancels and logs.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::domain::agenda::DoneKind;
use crate::domain::model::{AccountFields, ConversationKind, Direction, NewConversation};
use crate::domain::triage::NewFollowUp;
use crate::store::Store;

/// Monday 2026-11-23 10:00 in Tokyo.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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
    s.add_account(&f, t0() - Duration::days(30)).unwrap()
}

fn schedule(s: &mut Store, account_id: i64, due: &str, time: Option<&str>, note: &str) -> i64 {
    let f = NewFollowUp {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        due_on: day(due),
        due_time: time.map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap()),
        note: note.into(),
    };
    s.add_follow_up(&f, t0() - Duration::days(30)).unwrap()
}

fn conv(account_id: i64, at: DateTime<Utc>, summary: &str) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Meeting,
        direction: Direction::Out,
        happened_at: at,
        summary: summary.into(),
        body: String::new(),
        outcome: None,
    }
}

#[test]
fn agenda_lists_overdue_then_each_day_and_what_was_done_today() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let b = acct(&mut s, "佐藤工業");
    let gone = acct(&mut s, "休眠");
    let late = schedule(&mut s, a, "2026-11-20", None, "遅れ");
    let later_today = schedule(&mut s, b, "2026-11-23", Some("15:00"), "午後");
    let early_today = schedule(&mut s, a, "2026-11-23", Some("09:30"), "朝");
    let untimed_today = schedule(&mut s, b, "2026-11-23", None, "いつでも");
    let next_week = schedule(&mut s, a, "2026-11-30", None, "来週");
    let _too_far = schedule(&mut s, a, "2026-12-30", None, "先");
    let _archived = schedule(&mut s, gone, "2026-11-24", None, "隠れる");
    s.set_archived(gone, true, t0()).unwrap();

    // Done today: one completed, one cancelled, one plain log; a log of
    // yesterday and a retracted one are not.
    let done = schedule(&mut s, b, "2026-11-23", None, "完了する");
    let cancelled = schedule(&mut s, a, "2026-11-25", None, "取消する");
    s.complete_follow_up(done, &conv(b, t0(), "済んだ"), None, t0())
        .unwrap();
    s.cancel_follow_up(cancelled, "不要", t0() + Duration::minutes(1))
        .unwrap();
    s.log_conversation(&conv(a, t0(), "記録だけ"), t0() + Duration::minutes(2))
        .unwrap();
    let yesterday = t0() - Duration::days(1);
    s.log_conversation(&conv(a, yesterday, "昨日"), yesterday)
        .unwrap();
    let r = s
        .log_conversation(&conv(a, t0(), "取り消し"), t0() + Duration::minutes(3))
        .unwrap();
    s.retract_conversation(r, "誤記", t0()).unwrap();

    let agenda = s.agenda(day("2026-11-23"), day("2026-12-20")).unwrap();
    let ids = |v: &[crate::domain::triage::FollowUp]| v.iter().map(|f| f.id).collect::<Vec<_>>();
    assert_eq!(ids(&agenda.overdue), [late]);
    assert_eq!(
        ids(&agenda.upcoming),
        [untimed_today, early_today, later_today, next_week]
    );
    let done: Vec<(DoneKind, &str)> = agenda
        .done_today
        .iter()
        .map(|d| (d.what, d.text.as_str()))
        .collect();
    assert_eq!(
        done,
        [
            (DoneKind::Completed, "完了する"),
            (DoneKind::Cancelled, "取消する"),
            (DoneKind::Logged, "記録だけ"),
        ]
    );
    assert_eq!(agenda.done_today[2].account_name, "田中商店");
    assert_eq!(agenda.done_today[2].kind, ConversationKind::Meeting);
}
