//! Local times and daylight saving: the real binary with `TZ` set to a
//! zone that changes its clocks. A wall-clock time is read with the offset
//! in force on its own date, never with today's; a time the clocks skip is
//! refused; a time that happens twice is the earlier instant, whatever the
//! current clock says.

use assert_cmd::Command;
use serde_json::Value;

use super::support::{array, parse_id, stdout_of, Bench};

const NEW_YORK: &str = "America/New_York";
/// 07:00 EST on Friday 20 November 2026: standard time, -5.
const NOVEMBER: &str = "2026-11-20T12:00:00Z";
/// 08:00 EDT on Monday 20 July 2026: summer time, -4.
const JULY: &str = "2026-07-20T12:00:00Z";
/// 07:00 EST on Sunday 20 December 2026.
const DECEMBER: &str = "2026-12-20T12:00:00Z";

/// The bench's command in `zone` with the clock at `now`.
fn cmd(b: &Bench, zone: &str, now: &str) -> Command {
    let mut cmd = b.cmd();
    cmd.env("TZ", zone).env("SALESBENCH_NOW", now);
    cmd
}

fn ok(b: &Bench, zone: &str, now: &str, args: &[&str]) -> String {
    stdout_of(cmd(b, zone, now).args(args).assert().success())
}

/// A bench with one account, "Acme".
fn acme() -> Bench {
    let b = Bench::new();
    b.add("Acme", &[]);
    b
}

/// Log a call at `at` (as typed) and return its stored instant.
fn logged_at(b: &Bench, zone: &str, now: &str, at: &str) -> String {
    let id = parse_id(&ok(
        b,
        zone,
        now,
        &["log", "Acme", "--summary", at, "--at", at],
    ));
    instant_of(b, "conversation", id)
}

/// The stored instant of one history entry, as `history --json` gives it.
fn instant_of(b: &Bench, kind: &str, id: i64) -> String {
    let history: Vec<Value> = array(b.json(&["history", "Acme", "--json"]));
    let row = history
        .iter()
        .find(|r| r["type"] == kind && r["id"] == id)
        .unwrap_or_else(|| panic!("no {kind} {id} in {history:?}"));
    row["at"].as_str().expect("at is text").to_string()
}

#[test]
fn a_summer_time_entered_in_winter_uses_summer_time() {
    let b = acme();
    // 10:00 EDT (-4), though in November New York is on -5.
    assert_eq!(
        logged_at(&b, NEW_YORK, NOVEMBER, "2026-07-15 10:00"),
        "2026-07-15T14:00:00Z"
    );
    assert_eq!(
        logged_at(&b, NEW_YORK, NOVEMBER, "R8.7.15 11:00"),
        "2026-07-15T15:00:00Z"
    );
    // And a winter time entered in summer uses winter time.
    assert_eq!(
        logged_at(&b, NEW_YORK, JULY, "2026-01-15 10:00"),
        "2026-01-15T15:00:00Z"
    );
    // A bare date is 09:00 local on that date: EDT in July.
    let order = ok(
        &b,
        NEW_YORK,
        NOVEMBER,
        &["order", "Acme", "--amount", "1000", "--at", "2026-07-15"],
    );
    assert_eq!(
        instant_of(&b, "order", parse_id(&order)),
        "2026-07-15T13:00:00Z"
    );
}

#[test]
fn a_skipped_time_is_refused_in_both_languages_and_nothing_is_written() {
    let b = acme();
    let before = b.dump();
    let refused = |lang: &str| {
        let out = cmd(&b, NEW_YORK, NOVEMBER)
            .args(["--lang", lang, "log", "Acme", "--summary", "x"])
            .args(["--at", "2026-03-08 02:30"])
            .assert()
            .code(2)
            .get_output()
            .clone();
        assert!(out.stdout.is_empty(), "{lang}: printed {:?}", out.stdout);
        String::from_utf8(out.stderr).expect("UTF-8")
    };
    let en = refused("en");
    assert!(
        en.contains("--at") && en.contains("2026-03-08 02:30"),
        "{en}"
    );
    assert!(en.contains("daylight saving"), "{en}");
    let ja = refused("ja");
    assert!(
        ja.contains("--at") && ja.contains("2026-03-08 02:30"),
        "{ja}"
    );
    assert!(ja.contains("夏時間") && ja.contains("存在しません"), "{ja}");
    assert!(!ja.contains("daylight") && !ja.contains("clocks"), "{ja}");
    for stderr in [&en, &ja] {
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert_eq!(b.dump(), before, "a refused time wrote something");
    // Either side of the gap is fine.
    assert_eq!(
        logged_at(&b, NEW_YORK, NOVEMBER, "2026-03-08 01:59"),
        "2026-03-08T06:59:00Z"
    );
    assert_eq!(
        logged_at(&b, NEW_YORK, NOVEMBER, "2026-03-08 03:00"),
        "2026-03-08T07:00:00Z"
    );
}

#[test]
fn a_time_that_happens_twice_is_the_earlier_whatever_the_clock() {
    // History is never in the future, so every clock is after the time;
    // 05:45Z falls between its two occurrences (01:45 EDT).
    for now in ["2026-11-01T05:45:00Z", NOVEMBER, DECEMBER] {
        let b = acme();
        // 01:30 EDT (05:30Z), then again at 01:30 EST (06:30Z).
        assert_eq!(
            logged_at(&b, NEW_YORK, now, "2026-11-01 01:30"),
            "2026-11-01T05:30:00Z",
            "asked at {now}"
        );
    }
}

#[test]
fn times_are_shown_with_the_offset_of_their_own_date() {
    let b = acme();
    // 00:30 EDT on 16 July: with November's -5 it would show as 23:30 on
    // the 15th, a day early.
    let at = "2026-07-16T04:30:00Z";
    ok(
        &b,
        NEW_YORK,
        NOVEMBER,
        &["log", "Acme", "--summary", "late", "--at", at],
    );
    let history = ok(&b, NEW_YORK, NOVEMBER, &["history", "Acme"]);
    assert!(history.contains("2026-07-16 00:30"), "{history}");
    let list = ok(&b, NEW_YORK, NOVEMBER, &["account", "list"]);
    assert!(list.trim_end().ends_with("2026-07-16"), "{list}");
}

#[test]
fn done_today_counts_from_the_day_s_own_midnight() {
    let b = acme();
    let due = ["follow-up", "Acme", "--due", "2026-11-01", "--note", "call"];
    let id = parse_id(&ok(&b, NEW_YORK, "2026-10-25T12:00:00Z", &due));
    // 00:30 EDT on 1 November, the day the clocks go back at 02:00.
    let id = id.to_string();
    ok(&b, NEW_YORK, "2026-11-01T04:30:00Z", &["done", &id]);
    // 07:00 EST the same day: the day began at 00:00 EDT (04:00Z), not
    // at 00:00 EST (05:00Z), so the call made at 00:30 counts.
    let today = ok(&b, NEW_YORK, "2026-11-01T12:00:00Z", &["today"]);
    assert!(today.contains("done today 1"), "{today}");
}

#[test]
fn quiet_as_of_a_summer_date_uses_that_date_s_offset() {
    let b = Bench::new();
    b.add("Acme", &["--interval-days", "7"]);
    // 12:30 EDT on 1 July, given as an instant so only `--as-of` is read
    // in the zone.
    logged_at(&b, NEW_YORK, NOVEMBER, "2026-07-01T16:30:00Z");
    // As of 15 July at the current local time (12:00): 13 days and 23.5
    // hours silent. Counting with November's offset made it 14 days.
    let now = "2026-11-20T17:00:00Z";
    let out = ok(
        &b,
        NEW_YORK,
        now,
        &["quiet", "--json", "--as-of", "2026-07-15"],
    );
    let rows: Vec<Value> = array(serde_json::from_str(&out).expect("JSON"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["days_silent"], 13, "{rows:?}");
}

#[test]
fn a_calendar_event_in_the_gap_moves_forward_by_the_gap() {
    let b = acme();
    let due = [
        "follow-up",
        "Acme",
        "--due",
        "2027-03-14 02:30",
        "--note",
        "x",
    ];
    ok(&b, NEW_YORK, JULY, &due);
    let due = [
        "follow-up",
        "Acme",
        "--due",
        "2027-01-15 10:00",
        "--note",
        "y",
    ];
    ok(&b, NEW_YORK, JULY, &due);
    let ics = ok(&b, NEW_YORK, JULY, &["export", "calendar"]);
    // 02:30 does not exist on 14 March 2027; 03:30 EDT does.
    assert!(ics.contains("DTSTART:20270314T073000Z"), "{ics}");
    assert!(ics.contains("DTSTART:20270115T150000Z"), "{ics}");
}

#[test]
fn tokyo_has_no_daylight_saving_and_is_unchanged() {
    let b = acme();
    for (now, at, want) in [
        (NOVEMBER, "2026-07-15 10:00", "2026-07-15T01:00:00Z"),
        (JULY, "2026-01-15 10:00", "2026-01-15T01:00:00Z"),
        (NOVEMBER, "2026-03-08 02:30", "2026-03-07T17:30:00Z"),
        (DECEMBER, "2026-11-01 01:30", "2026-10-31T16:30:00Z"),
    ] {
        assert_eq!(logged_at(&b, "Asia/Tokyo", now, at), want, "{at} at {now}");
    }
    let history = ok(&b, "Asia/Tokyo", NOVEMBER, &["history", "Acme"]);
    assert!(history.contains("2026-07-15 10:00"), "{history}");
}
