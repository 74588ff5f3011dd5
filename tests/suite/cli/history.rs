//! `log`, `log edit / retract / restore`, `order` and `history --json`.

use chrono::DateTime;
use serde_json::Value;

use super::support::{parse_id, Bench};

const HISTORY_FIELDS: [&str; 9] = [
    "type",
    "id",
    "at",
    "kind",
    "summary",
    "body",
    "amount",
    "revisions",
    "retracted",
];

/// 2026-11-23 09:00 Tokyo, the pinned now.
const NOW_UTC: &str = "2026-11-23T00:00:00Z";

fn with_account() -> Bench {
    let b = Bench::new();
    b.add("田中商店", &["--code", "C001"]);
    b
}

fn last_touch(b: &Bench) -> Value {
    b.show("田中商店")["last_touch_at"].clone()
}

fn row(history: &[Value], kind_of_entry: &str, id: i64) -> Value {
    history
        .iter()
        .find(|r| r["type"] == kind_of_entry && r["id"] == id)
        .unwrap_or_else(|| panic!("no {kind_of_entry} {id} in {history:?}"))
        .clone()
}

#[test]
fn log_prints_the_id_and_history_has_every_field_newest_first() {
    let b = with_account();
    let old = b.log(
        "田中",
        &[
            "--summary",
            "見積依頼",
            "--body",
            "A4を500枚",
            "--at",
            "2026-11-20 14:30",
        ],
    );
    let order = parse_id(&b.ok(&["order", "C001", "--amount", "8000", "--at", "2026-11-21"]));
    let new = b.log("田中", &["--kind", "visit", "--summary", "訪問"]);
    assert_ne!(old, new);

    let history = b.history("田中");
    assert_eq!(history.len(), 3);
    for r in &history {
        for field in HISTORY_FIELDS {
            assert!(r.get(field).is_some(), "history row lacks {field}: {r}");
        }
        let at = r["at"].as_str().expect("at is text");
        assert!(
            DateTime::parse_from_rfc3339(at).is_ok(),
            "not RFC 3339: {at}"
        );
    }
    let order_of: Vec<(&str, i64)> = history
        .iter()
        .map(|r| {
            (
                r["type"].as_str().expect("type"),
                r["id"].as_i64().expect("id"),
            )
        })
        .collect();
    assert_eq!(
        order_of,
        [
            ("conversation", new),
            ("order", order),
            ("conversation", old)
        ],
        "newest first"
    );
    let first = &history[2];
    assert_eq!(first["at"], "2026-11-20T05:30:00Z", "14:30 Tokyo");
    assert_eq!(first["kind"], "call", "default kind");
    assert_eq!(first["summary"], "見積依頼");
    assert_eq!(first["body"], "A4を500枚");
    assert_eq!(first["amount"], Value::Null);
    assert_eq!(first["revisions"], 1);
    assert_eq!(first["retracted"], false);
    assert_eq!(history[0]["kind"], "visit");
    assert_eq!(history[0]["at"], NOW_UTC, "no --at means now");
}

#[test]
fn body_from_stdin_round_trips_japanese_multiline_text() {
    let b = with_account();
    let text = "本日お電話。\n\n  ・来月の納品は 12/5 に変更\n・請求書は「経理部」宛て\nEnd → 了";
    let id = parse_id(&b.ok_with_stdin(&["log", "田中", "--summary", "電話", "--body", "-"], text));
    let r = row(&b.history("田中"), "conversation", id);
    assert_eq!(r["body"], text);
    assert_eq!(r["summary"], "電話");
}

#[test]
fn at_yesterday_direction_and_contact_are_recorded() {
    let b = with_account();
    b.ok(&[
        "account",
        "contact",
        "田中商店",
        "佐藤花子",
        "--role",
        "部長",
    ]);
    let id = b.log(
        "田中",
        &[
            "--kind",
            "email",
            "--summary",
            "お礼",
            "--at",
            "yesterday",
            "--direction",
            "in",
            "--contact",
            "佐藤",
        ],
    );
    let r = row(&b.history("田中"), "conversation", id);
    let at = DateTime::parse_from_rfc3339(r["at"].as_str().expect("at")).expect("RFC 3339");
    assert_eq!(at.date_naive().to_string(), "2026-11-22", "yesterday, {at}");
    assert_eq!(r["kind"], "email");
    assert_eq!(r["direction"], "in");
    assert_eq!(r["contact"], "佐藤花子");
}

#[test]
fn edit_adds_a_revision_and_keeps_the_summary() {
    let b = with_account();
    let id = b.log("田中", &["--summary", "電話", "--body", "最初の本文"]);
    let out = b.ok(&["log", "edit", &id.to_string(), "--body", "訂正後の本文"]);
    assert_eq!(out, "");
    let r = row(&b.history("田中"), "conversation", id);
    assert_eq!(r["revisions"], 2);
    assert_eq!(r["body"], "訂正後の本文");
    assert_eq!(r["summary"], "電話");

    b.ok_with_stdin(
        &["log", "edit", &id.to_string(), "--body", "-"],
        "三度目\nの本文",
    );
    let r = row(&b.history("田中"), "conversation", id);
    assert_eq!(r["revisions"], 3);
    assert_eq!(r["body"], "三度目\nの本文");
}

#[test]
fn retract_keeps_the_row_moves_last_touch_back_and_restore_undoes_it() {
    let b = with_account();
    let old = b.log("田中", &["--summary", "初回", "--at", "2026-11-20 14:30"]);
    let new = b.log("田中", &["--summary", "二回目"]);
    assert_eq!(last_touch(&b), NOW_UTC);

    b.ok(&[
        "log",
        "retract",
        &new.to_string(),
        "--reason",
        "別の顧客の記録",
    ]);
    let history = b.history("田中");
    assert_eq!(history.len(), 2, "retracted row is kept");
    let r = row(&history, "conversation", new);
    assert_eq!(r["retracted"], true);
    assert_eq!(r["retract_reason"], "別の顧客の記録");
    assert_eq!(row(&history, "conversation", old)["retracted"], false);
    assert_eq!(last_touch(&b), "2026-11-20T05:30:00Z", "moves back");

    b.ok(&["log", "restore", &new.to_string()]);
    assert_eq!(
        row(&b.history("田中"), "conversation", new)["retracted"],
        false
    );
    assert_eq!(last_touch(&b), NOW_UTC, "moves forward again");
}

#[test]
fn retracting_the_only_touch_clears_last_touch() {
    let b = with_account();
    let id = b.log("田中", &["--summary", "誤記録"]);
    b.ok(&["log", "retract", &id.to_string(), "--reason", "間違い"]);
    assert_eq!(last_touch(&b), Value::Null);
}

#[test]
fn order_records_yen_and_moves_last_touch() {
    let b = with_account();
    assert_eq!(last_touch(&b), Value::Null);
    let id = parse_id(&b.ok(&["order", "田中", "--amount", "¥12,000", "--at", "2026-11-01"]));
    let history = b.history("田中");
    assert_eq!(history.len(), 1);
    let r = row(&history, "order", id);
    assert_eq!(r["amount"], 12000);
    assert_eq!(r["at"], "2026-11-01T00:00:00Z", "09:00 Tokyo on that day");
    assert_eq!(last_touch(&b), "2026-11-01T00:00:00Z");

    // An older order does not make the customer look quieter.
    b.ok(&["order", "田中", "--amount", "500円", "--at", "2026-10-01"]);
    assert_eq!(last_touch(&b), "2026-11-01T00:00:00Z");
    b.ok(&["order", "田中", "--amount", "12000"]);
    assert_eq!(last_touch(&b), NOW_UTC);
}

#[test]
fn bad_amounts_exit_2_name_the_flag_and_write_nothing() {
    let b = with_account();
    b.ok(&["order", "田中", "--amount", "1000", "--at", "2026-11-01"]);
    let before = b.dump();
    let history = b.history("田中");
    let cases: [&[&str]; 4] = [
        &["--amount=-5"],
        &["--amount", "abc"],
        &["--amount", ""],
        &["--amount", "-5"],
    ];
    for amount in cases {
        let mut args = vec!["order", "田中"];
        args.extend_from_slice(amount);
        let out = b.cmd().args(&args).assert().code(2).get_output().clone();
        let err = String::from_utf8_lossy(&out.stderr);
        // The first line is the message; clap's usage lines would name
        // --amount whatever the mistake was.
        let first = err.lines().next().unwrap_or_default();
        assert!(first.contains("--amount"), "{args:?}: {err}");
        assert_eq!(b.history("田中"), history, "{args:?} changed history");
    }
    assert_eq!(b.dump(), before);
}

/// The `--at` help offers `-2d`; a value starting with `-` must reach the
/// date parser, not be taken for a flag.
#[test]
fn at_accepts_relative_days_with_a_leading_minus() {
    let b = with_account();
    let spaced = b.log("田中", &["--summary", "二日前", "--at", "-2d"]);
    let joined = b.log("田中", &["--summary", "二日前", "--at=-2d"]);
    let history = b.history("田中");
    for id in [spaced, joined] {
        let r = row(&history, "conversation", id);
        assert_eq!(r["at"], "2026-11-21T00:00:00Z", "09:00 Tokyo two days ago");
    }
}

/// Retracting twice would hide the first reason; restoring twice records
/// an undo of nothing. Both are refused, naming what is on record, and
/// write nothing; every retract and restore stays listed.
#[test]
fn retract_twice_and_restore_twice_are_refused_and_every_mark_is_listed() {
    let b = with_account();
    let id = b.log("田中", &["--summary", "電話"]).to_string();
    let never = b.user_error(&["log", "restore", &id]);
    assert!(never.contains("not retracted"), "{never}");
    b.ok(&["log", "retract", &id, "--reason", "別の顧客の記録"]);
    let before = b.dump();
    let twice = b.user_error(&["log", "retract", &id, "--reason", "二度目"]);
    assert!(
        twice.contains("already retracted") && twice.contains("別の顧客の記録"),
        "names the earlier reason: {twice}"
    );
    let ja = b
        .cmd()
        .args(["--lang", "ja", "log", "retract", &id, "--reason", "x"])
        .assert()
        .code(2);
    let ja = String::from_utf8_lossy(&ja.get_output().stderr).to_string();
    assert!(ja.contains("すでに取り消されています"), "{ja}");
    assert_eq!(b.dump(), before, "a refused retraction wrote something");

    b.ok(&["log", "restore", &id]);
    let before = b.dump();
    b.user_error(&["log", "restore", &id]);
    assert_eq!(b.dump(), before, "a refused restore wrote something");
    b.ok(&["log", "retract", &id, "--reason", "やはり誤り"]);

    let r = row(&b.history("田中"), "conversation", id.parse().expect("id"));
    assert_eq!(r["retract_reason"], "やはり誤り");
    let marks: Vec<(&str, &str)> = r["retractions"]
        .as_array()
        .expect("retractions is a list")
        .iter()
        .map(|m| {
            assert_eq!(m["at"], NOW_UTC);
            (
                m["action"].as_str().expect("action"),
                m["reason"].as_str().expect("reason"),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("retract", "別の顧客の記録"),
            ("restore", ""),
            ("retract", "やはり誤り")
        ]
    );
}

/// A planned call is a follow-up, not history: a conversation or order
/// dated ahead of the clock is refused (a few minutes of skew is taken as
/// now, so the last touch is never in the future).
#[test]
fn future_dated_conversations_and_orders_are_refused_with_a_hint() {
    let b = with_account();
    let before = b.dump();
    for args in [
        &["log", "田中", "--summary", "来週の電話", "--at", "tomorrow"][..],
        &[
            "log",
            "田中",
            "--summary",
            "十分後",
            "--at",
            "2026-11-23 09:10",
        ],
        &["order", "田中", "--amount", "1000", "--at", "+2d"],
    ] {
        let err = b.user_error(args);
        assert!(
            err.contains("--at") && err.contains("follow-up"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(b.dump(), before, "a refused date wrote something");

    let skewed = b.log(
        "田中",
        &["--summary", "時計のずれ", "--at", "2026-11-23 09:04"],
    );
    assert_eq!(
        row(&b.history("田中"), "conversation", skewed)["at"],
        NOW_UTC
    );
    assert_eq!(last_touch(&b), NOW_UTC, "never in the future");
    let order = parse_id(&b.ok(&["order", "田中", "--amount", "1", "--at", "2026-11-23 09:05"]));
    assert_eq!(row(&b.history("田中"), "order", order)["at"], NOW_UTC);
}
