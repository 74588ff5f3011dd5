//! Store tests for follow-ups, plans, quiet and today, on real files.

use super::*;
use crate::domain::interval::IntervalSource;
use crate::domain::model::*;
use crate::domain::triage::*;
use chrono::{Duration, NaiveDate, TimeZone};

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

fn acct(s: &mut Store, name: &str, interval: Option<u32>) -> i64 {
    let f = AccountFields {
        name: name.into(),
        interval_days: interval,
        ..Default::default()
    };
    s.add_account(&f, t0()).unwrap()
}

fn call(account_id: i64, at: DateTime<Utc>, summary: &str) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: at,
        summary: summary.into(),
        body: String::new(),
        outcome: None,
    }
}

fn follow_up(account_id: i64, due: &str, note: &str) -> NewFollowUp {
    NewFollowUp {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        due_on: day(due),
        due_time: None,
        note: note.into(),
    }
}

#[test]
fn follow_up_life_cycle_done_links_the_conversation() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "A", None);
    let id = s
        .add_follow_up(&follow_up(a, "2026-11-20", "quote"), t0())
        .unwrap();
    assert_eq!(s.follow_ups_due(day("2026-11-23")).unwrap().len(), 1);
    assert_eq!(s.follow_ups_due(day("2026-11-19")).unwrap().len(), 0);
    let conv = s
        .complete_follow_up(
            id,
            &call(a, t0(), "talked"),
            Some(LapseReason::NoValue),
            t0(),
        )
        .unwrap();
    let f = s.follow_up(id).unwrap();
    assert_eq!(f.state, FollowUpState::Done);
    assert_eq!(f.conversation_id, Some(conv));
    assert!(s.follow_ups_due(day("2026-11-23")).unwrap().is_empty());
    assert_eq!(s.done_since(t0() - Duration::hours(1)).unwrap(), 1);
    // Closing it twice is refused and writes nothing.
    let before = s.timeline(a).unwrap().len();
    assert!(s
        .complete_follow_up(id, &call(a, t0(), "again"), None, t0())
        .is_err());
    assert_eq!(s.timeline(a).unwrap().len(), before);
    // The reason is kept on the account and in its change log.
    let changes = s.account_changes(a).unwrap();
    assert_eq!(changes.last().unwrap().new.as_deref(), Some("no_value"));
}

#[test]
fn snooze_records_the_old_date_and_cancel_keeps_history() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "A", None);
    let id = s
        .add_follow_up(&follow_up(a, "2026-11-23", ""), t0())
        .unwrap();
    s.snooze_follow_up(id, day("2026-11-30"), None, t0())
        .unwrap();
    assert_eq!(s.follow_up(id).unwrap().due_on, day("2026-11-30"));
    let snoozed: (String, String) = s
        .conn
        .query_row(
            "SELECT from_on, to_on FROM follow_up_snoozes WHERE follow_up_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(snoozed, ("2026-11-23".into(), "2026-11-30".into()));
    assert!(s.cancel_follow_up(id, " ", t0()).is_err());
    s.cancel_follow_up(id, "moved to email", t0()).unwrap();
    let f = s.follow_up(id).unwrap();
    assert_eq!(
        (f.state, f.cancel_reason.as_deref()),
        (FollowUpState::Cancelled, Some("moved to email"))
    );
    assert_eq!(s.follow_ups_of(a).unwrap().len(), 1);
    assert!(s
        .snooze_follow_up(id, day("2026-12-01"), None, t0())
        .is_err());
}

#[test]
fn plans_apply_by_hand_and_on_the_first_order_only() {
    let (_d, mut s) = fresh();
    let steps: Vec<PlanStep> = [
        "1:thank-you call",
        "7:check how it is going",
        "30:offer a refill",
    ]
    .iter()
    .map(|x| PlanStep::parse(x).unwrap())
    .collect();
    let plan = s
        .add_plan("after first purchase", &steps, true, t0())
        .unwrap();
    assert!(s
        .add_plan("after first purchase", &steps, false, t0())
        .is_err());
    let a = acct(&mut s, "A", None);
    // 2026-11-23 01:00Z is 10:00 in Tokyo: day 1 is the 24th.
    s.add_order(a, t0(), 5000, "starter kit", t0()).unwrap();
    let later = t0() + Duration::days(2);
    s.add_order(a, later, 5000, "second", later).unwrap();
    let dues: Vec<(NaiveDate, String)> = s
        .follow_ups_of(a)
        .unwrap()
        .into_iter()
        .map(|f| (f.due_on, f.note))
        .collect();
    assert_eq!(
        dues,
        [
            (day("2026-11-24"), "thank-you call".to_string()),
            (day("2026-11-30"), "check how it is going".to_string()),
            (day("2026-12-23"), "offer a refill".to_string()),
        ]
    );
    let b = acct(&mut s, "B", None);
    let ids = s
        .apply_plan(plan, b, day("2026-12-01"), false, t0())
        .unwrap();
    assert_eq!(ids.len(), 3);
    assert_eq!(
        s.follow_up(ids[2]).unwrap().plan_name.as_deref(),
        Some("after first purchase")
    );
}

#[test]
fn quiet_ranks_by_own_rhythm_and_leaves_out_lost_and_archived() {
    let (_d, mut s) = fresh();
    let weekly = acct(&mut s, "weekly", Some(7));
    let yearly = acct(&mut s, "yearly", Some(365));
    let current = acct(&mut s, "current", Some(30));
    let lost = acct(&mut s, "lost", Some(7));
    let archived = acct(&mut s, "archived", Some(7));
    let learned = acct(&mut s, "learned", None);
    s.log_conversation(
        &call(weekly, t0() - Duration::days(21), "weekly chat"),
        t0(),
    )
    .unwrap();
    s.add_order(yearly, t0() - Duration::days(395), 90000, "annual", t0())
        .unwrap();
    s.log_conversation(&call(current, t0() - Duration::days(3), "fine"), t0())
        .unwrap();
    for id in [lost, archived] {
        s.log_conversation(&call(id, t0() - Duration::days(100), "x"), t0())
            .unwrap();
    }
    let mut f = s.account(lost).unwrap().fields();
    f.status = Some(Status::Lost);
    s.update_account(lost, &f, t0()).unwrap();
    s.set_archived(archived, true, t0()).unwrap();
    for weeks in [12, 11, 10, 9] {
        s.add_order(
            learned,
            t0() - Duration::weeks(weeks),
            1000,
            "weekly order",
            t0(),
        )
        .unwrap();
    }
    s.add_follow_up(&follow_up(learned, "2026-12-01", ""), t0())
        .unwrap();
    let q = s.quiet_accounts(t0(), 30, None).unwrap();
    let names: Vec<&str> = q.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["learned", "weekly", "yearly"]);
    assert_eq!(q[1].days_silent, 21);
    assert_eq!(q[1].last_touch_summary.as_deref(), Some("weekly chat"));
    assert_eq!(q[0].interval_source, IntervalSource::Learned);
    assert!(q[0].has_open_follow_up);
    assert_eq!(q[2].last_order_amount, Some(90000));
    assert_eq!(q[2].last_touch_kind.as_deref(), Some("order"));
    assert_eq!(s.quiet_accounts(t0(), 30, Some(1)).unwrap().len(), 1);
    // Today: no follow-up due yet; quiet ones without a plan follow.
    let (items, counts) = s.today(t0(), 30).unwrap();
    assert_eq!(
        items.iter().map(TodayItem::account_id).collect::<Vec<_>>(),
        [weekly, yearly]
    );
    assert_eq!(counts.quiet_without_plan, 2);
}

#[test]
fn retraction_and_edits_keep_the_quiet_facts_true() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "A", Some(7));
    s.log_conversation(&call(a, t0() - Duration::days(20), "older"), t0())
        .unwrap();
    let newer = s
        .log_conversation(&call(a, t0() - Duration::days(10), "newer"), t0())
        .unwrap();
    s.revise_conversation(newer, "newer, edited", "", None, t0())
        .unwrap();
    assert_eq!(
        s.quiet_accounts(t0(), 30, None).unwrap()[0]
            .last_touch_summary
            .as_deref(),
        Some("newer, edited")
    );
    s.retract_conversation(newer, "wrong account", t0())
        .unwrap();
    let q = s.quiet_accounts(t0(), 30, None).unwrap();
    assert_eq!(
        (q[0].days_silent, q[0].last_touch_summary.as_deref()),
        (20, Some("older"))
    );
}

#[test]
fn version_one_files_get_their_facts_backfilled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sb.db");
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        migrate::migrate_to(&mut c, 1).unwrap();
        c.execute_batch(
            "INSERT INTO accounts (id, name, created_at, updated_at, last_touch_at) \
               VALUES (1, 'A', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'); \
             INSERT INTO conversations (account_id, kind, direction, happened_at, summary, body, logged_at) \
               VALUES (1, 'visit', 'out', '2026-02-01T00:00:00Z', 'visit', '', '2026-02-01T00:00:00Z'); \
             INSERT INTO orders (account_id, ordered_at, amount, note, created_at) \
               VALUES (1, '2026-03-01T00:00:00Z', 4200, 'refill', '2026-03-01T00:00:00Z');",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    let q = s.quiet_accounts(t0(), 30, None).unwrap();
    assert_eq!(q[0].last_order_amount, Some(4200));
    assert_eq!(q[0].last_touch_kind.as_deref(), Some("order"));
    assert_eq!(q[0].last_touch_summary.as_deref(), Some("refill"));
}

#[test]
fn a_customer_exactly_at_their_rhythm_is_not_quiet() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "rhythm", None);
    // Gaps of 23, 24, 23 and 24 days: a learned rhythm of 23.5, shown as 24.
    for back in [118, 95, 71, 48, 24] {
        s.log_conversation(&call(a, t0() - Duration::days(back), "x"), t0())
            .unwrap();
    }
    // 24 days silent of a usual 24: not quiet, on Quiet, Today or the CLI
    // (which all read this list).
    assert!(s.quiet_accounts(t0(), 30, None).unwrap().is_empty());
    assert_eq!(s.quiet_row(a, t0(), 30).unwrap(), None);
    assert!(s.today(t0(), 30).unwrap().0.is_empty());
    // A day later it is.
    let later = t0() + Duration::days(1);
    let q = s.quiet_accounts(later, 30, None).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].days_silent, q[0].expected_interval_days), (25, 23.5));
}

#[test]
fn snooze_refuses_a_past_date_and_writes_nothing() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "A", None);
    let id = s
        .add_follow_up(&follow_up(a, "2026-11-20", ""), t0())
        .unwrap();
    // t0 is 2026-11-23 in the operator's zone.
    let err = s
        .snooze_follow_up(id, day("2026-11-22"), None, t0())
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid { field: "until", message } if message == "fixes11.snooze_past"),
        "{err:?}"
    );
    assert_eq!(s.follow_up(id).unwrap().due_on, day("2026-11-20"));
    // Today and later are fine.
    s.snooze_follow_up(id, day("2026-11-23"), None, t0())
        .unwrap();
    assert_eq!(s.follow_up(id).unwrap().due_on, day("2026-11-23"));
}

#[test]
fn today_ranks_from_numbers_as_the_whole_quiet_list_would() {
    let (_d, mut s) = fresh();
    let mut lost = Vec::new();
    for i in 0..70i64 {
        // Intervals and silences repeat, so many ratios tie (ids break them).
        let a = acct(
            &mut s,
            &format!("A{i}"),
            [None, Some(7), Some(14)][(i % 3) as usize],
        );
        let silent = Duration::days(5 + (i % 11) * 4);
        s.log_conversation(&call(a, t0() - silent, &format!("c{i}")), t0())
            .unwrap();
        match i % 7 {
            0 => {
                s.add_follow_up(&follow_up(a, "2026-12-10", "later"), t0())
                    .unwrap();
            }
            1 => s.set_archived(a, true, t0()).unwrap(),
            2 => lost.push(a),
            _ => {}
        }
    }
    for a in lost {
        let mut f = s.account(a).unwrap().fields();
        f.status = Some(Status::Lost);
        s.update_account(a, &f, t0()).unwrap();
    }
    let all = s.quiet_accounts(t0(), 30, None).unwrap();
    let unplanned: Vec<&QuietRow> = all.iter().filter(|q| !q.has_open_follow_up).collect();
    assert!(unplanned.len() > TODAY_QUIET_LIMIT && all.len() > unplanned.len());
    let (items, counts) = s.today(t0(), 30).unwrap();
    assert_eq!(counts.quiet_without_plan, unplanned.len());
    let shown: Vec<&QuietRow> = items
        .iter()
        .filter_map(|i| match i {
            TodayItem::Quiet(q) => Some(q),
            _ => None,
        })
        .collect();
    assert_eq!(shown, unplanned[..TODAY_QUIET_LIMIT].to_vec());
    // A limit keeps the head of the same order.
    for limit in [0, 1, 9, all.len(), all.len() + 5] {
        let some = s.quiet_accounts(t0(), 30, Some(limit)).unwrap();
        assert_eq!(some, all[..limit.min(all.len())].to_vec(), "limit {limit}");
    }
    let mut resorted = all.clone();
    resorted.sort_by(quiet_order);
    assert_eq!(resorted, all);
}

#[test]
fn due_follow_ups_come_in_queue_order_whatever_order_they_were_made() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "A", None);
    let b = acct(&mut s, "B", None);
    let at = |h: u32| Some(chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap());
    // (account, due, time), made in an order unlike the queue's.
    let made = [
        (a, "2026-11-23", at(15)),
        (b, "2026-11-20", None),
        (a, "2026-11-23", None),
        (b, "2026-11-23", at(9)),
        (a, "2026-11-20", at(10)),
        (b, "2026-11-24", None),
    ];
    let mut ids = Vec::new();
    for (account, due, time) in made {
        let mut f = follow_up(account, due, "");
        f.due_time = time;
        ids.push(s.add_follow_up(&f, t0()).unwrap());
    }
    let got: Vec<i64> = s
        .follow_ups_due(day("2026-11-23"))
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(got, [ids[1], ids[4], ids[2], ids[3], ids[0]]);
}

#[test]
fn a_quiet_rows_summary_is_cut_at_two_hundred_chars_however_long() {
    let (_d, mut s) = fresh();
    let cases = [
        ("short", "a".repeat(150), "a".repeat(150)),
        ("ascii", "b".repeat(300), "b".repeat(200)),
        ("kana", "か".repeat(300), "か".repeat(200)),
        ("edge", "ç".repeat(201), "ç".repeat(200)),
    ];
    for (name, summary, _) in &cases {
        let a = acct(&mut s, name, Some(7));
        s.log_conversation(&call(a, t0() - Duration::days(20), summary), t0())
            .unwrap();
    }
    let q = s.quiet_accounts(t0(), 30, None).unwrap();
    for (name, _, want) in &cases {
        let row = q.iter().find(|r| r.name == *name).unwrap();
        assert_eq!(
            row.last_touch_summary.as_deref(),
            Some(want.as_str()),
            "{name}"
        );
    }
}

/// A store with quiet and current accounts, closed, so the file has no
/// WAL content left (the state a command usually finds).
fn quiet_book(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("sb.db");
    let mut s = Store::open(&path).unwrap();
    for i in 0..12 {
        let id = acct(&mut s, &format!("acct {i}"), Some(7 + i));
        let ago = Duration::days(i64::from(i) * 5);
        s.log_conversation(&call(id, t0() - ago, "call"), t0())
            .unwrap();
    }
    path
}

/// The twin's own view of how many accounts there are.
fn twin_count(st: &Store) -> Option<i64> {
    let twin = super::twin::twin_of(&st.conn, &st.path)?;
    Some(
        twin.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
            .unwrap(),
    )
}

#[test]
fn quiet_walked_in_two_halves_is_the_one_walk_list_and_a_twin_is_had() {
    let dir = tempfile::tempdir().unwrap();
    let path = quiet_book(&dir);
    let s = Store::open(&path).unwrap();
    let one = s.quiet_walked(t0(), 30, None, i64::MAX).unwrap();
    assert!(one.len() >= 5, "{}", one.len());
    // Fresh file, nothing in its WAL: the twin is had without a snapshot.
    let (two, count) = s
        .in_one_read(|st| Ok((st.quiet_walked(t0(), 30, None, 1)?, twin_count(st))))
        .unwrap();
    assert_eq!(count, Some(12));
    assert_eq!(two, one);
    assert_eq!(s.quiet_walked(t0(), 30, Some(3), 1).unwrap(), one[..3]);
    // After a write of this process, through a snapshot.
    let mut s = s;
    acct(&mut s, "no touch yet", None);
    let (two, count) = s
        .in_one_read(|st| Ok((st.quiet_walked(t0(), 30, None, 1)?, twin_count(st))))
        .unwrap();
    assert_eq!(count, Some(13));
    assert_eq!(two, one);
}

/// Another process's quiet account, committed while `st` reads.
fn commit_elsewhere(path: &std::path::Path, name: &str) {
    let mut other = Store::open(path).unwrap();
    let id = acct(&mut other, name, Some(7));
    other
        .log_conversation(&call(id, t0() - Duration::days(300), "long ago"), t0())
        .unwrap();
}

#[test]
fn a_twin_never_sees_what_was_committed_after_the_first_read_began() {
    let dir = tempfile::tempdir().unwrap();
    let path = quiet_book(&dir);
    let mut s = Store::open(&path).unwrap();
    // Twice: on a fresh file (empty WAL), then with this process's own
    // write in the WAL (snapshots).
    for round in 0..2 {
        let before = s.quiet_walked(t0(), 30, None, i64::MAX).unwrap();
        let (during, count) = s
            .in_one_read(|st| {
                let n: i64 = st
                    .conn
                    .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?;
                commit_elsewhere(&path, &format!("later {round}"));
                let during = st.quiet_walked(t0(), 30, None, 1)?;
                // No twin, or one that sees what the first read saw.
                let seen = twin_count(st);
                assert!(seen.is_none_or(|c| c == n), "{seen:?} against {n}");
                Ok((during, n))
            })
            .unwrap();
        assert_eq!(during, before, "round {round}");
        let after = s.quiet_walked(t0(), 30, None, 1).unwrap();
        assert_eq!(after.len(), before.len() + 1, "round {round}");
        assert_eq!(count, 12 + round * 2);
        if round == 0 {
            acct(&mut s, "own write", None);
        }
    }
}

#[test]
fn today_with_the_due_follow_ups_read_on_two_threads_is_the_same_queue() {
    let dir = tempfile::tempdir().unwrap();
    let path = quiet_book(&dir);
    let mut s = Store::open(&path).unwrap();
    s.set_local_offset(chrono::FixedOffset::east_opt(9 * 3600).unwrap());
    let ids: Vec<i64> = s.accounts(false).unwrap().iter().map(|a| a.id).collect();
    // Due in both id halves, out of due order, one in the future.
    for (i, due) in [
        "2026-11-23",
        "2026-11-01",
        "2026-11-30",
        "2026-11-20",
        "2026-11-23",
        "2026-10-15",
    ]
    .iter()
    .enumerate()
    {
        s.add_follow_up(&follow_up(ids[i * 2], due, &format!("f{i}")), t0())
            .unwrap();
    }
    let one = s.today_walked(t0(), 30, i64::MAX).unwrap();
    let two = s.today_walked(t0(), 30, 1).unwrap();
    assert_eq!(two, one);
    let due = one
        .0
        .iter()
        .filter(|i| matches!(i, TodayItem::FollowUp { .. }))
        .count();
    assert_eq!(due, 5, "{:?}", one.0);
    assert_eq!((one.1.due_today, one.1.overdue), (2, 3), "{:?}", one.1);
}
