//! `order void / restore / edit`: corrections that keep every earlier
//! value, and what an order does to the account's status and facts.

use serde_json::Value;

use super::support::{parse_id, Bench};

/// 2026-11-23 09:00 Tokyo, the pinned now.
const NOW_UTC: &str = "2026-11-23T00:00:00Z";

fn with_account() -> Bench {
    let b = Bench::new();
    b.add("田中商店", &["--code", "C001"]);
    b
}

fn order(b: &Bench, args: &[&str]) -> i64 {
    let mut all = vec!["order", "C001"];
    all.extend_from_slice(args);
    parse_id(&b.ok(&all))
}

fn order_row(b: &Bench, id: i64) -> Value {
    b.history("C001")
        .into_iter()
        .find(|r| r["type"] == "order" && r["id"] == id)
        .unwrap_or_else(|| panic!("no order {id}"))
}

fn quiet_row(b: &Bench) -> Value {
    b.json(&["quiet", "--json", "--as-of", "2027-06-01"])
        .as_array()
        .expect("quiet list")
        .iter()
        .find(|r| r["name"] == "田中商店")
        .cloned()
        .unwrap_or(Value::Null)
}

#[test]
fn void_keeps_the_order_marked_and_it_stops_counting_until_restored() {
    let b = with_account();
    let old = order(&b, &["--amount", "3000", "--at", "2026-10-01"]);
    let new = order(&b, &["--amount", "9000", "--at", "2026-11-20"]);
    assert_eq!(b.show("C001")["last_touch_at"], "2026-11-20T00:00:00Z");
    assert_eq!(quiet_row(&b)["last_order_amount"], 9000);

    assert_eq!(
        b.ok(&["order", "void", &new.to_string(), "--reason", "二重登録"]),
        ""
    );
    let r = order_row(&b, new);
    assert_eq!(r["voided"], true);
    assert_eq!(r["void_reason"], "二重登録");
    assert_eq!(r["amount"], 9000, "kept as it was");
    assert_eq!(r["retractions"][0]["action"], "void");
    assert_eq!(r["retractions"][0]["reason"], "二重登録");
    assert_eq!(r["retractions"][0]["at"], NOW_UTC);
    assert_eq!(order_row(&b, old)["voided"], false);
    assert_eq!(
        b.history("C001").len(),
        2,
        "the voided order stays in history"
    );
    assert_eq!(
        b.show("C001")["last_touch_at"],
        "2026-10-01T00:00:00Z",
        "no longer a touch"
    );
    assert_eq!(
        quiet_row(&b)["last_order_amount"],
        3000,
        "no longer the last order"
    );

    b.ok(&["order", "restore", &new.to_string()]);
    let r = order_row(&b, new);
    assert_eq!(r["voided"], false);
    let actions: Vec<&str> = r["retractions"]
        .as_array()
        .expect("list")
        .iter()
        .map(|m| m["action"].as_str().expect("action"))
        .collect();
    assert_eq!(actions, ["void", "restore"]);
    assert_eq!(b.show("C001")["last_touch_at"], "2026-11-20T00:00:00Z");
}

#[test]
fn void_twice_restore_a_live_order_and_unknown_ids_exit_2_and_write_nothing() {
    let b = with_account();
    let id = order(&b, &["--amount", "3000", "--at", "2026-10-01"]).to_string();
    let before = b.dump();
    let live = b.user_error(&["order", "restore", &id]);
    assert!(live.contains("not voided"), "{live}");
    assert!(b
        .user_error(&["order", "void", "999", "--reason", "x"])
        .contains("999"));
    assert!(b
        .user_error(&["order", "void", &id, "--reason", " "])
        .contains("reason"));
    assert_eq!(b.dump(), before);

    b.ok(&["order", "void", &id, "--reason", "誤入力"]);
    let before = b.dump();
    let twice = b.user_error(&["order", "void", &id, "--reason", "また"]);
    assert!(
        twice.contains("already voided") && twice.contains("誤入力"),
        "{twice}"
    );
    let edit = b.user_error(&["order", "edit", &id, "--amount", "1"]);
    assert!(edit.contains("restore"), "{edit}");
    assert_eq!(b.dump(), before);
}

#[test]
fn edit_keeps_every_earlier_version_and_moves_the_facts() {
    let b = with_account();
    let id = order(
        &b,
        &["--amount", "3000", "--at", "2026-10-01", "--note", "A4"],
    );
    let sid = id.to_string();
    b.ok(&["order", "edit", &sid, "--amount", "¥3,300"]);
    b.ok(&[
        "order",
        "edit",
        &sid,
        "--at",
        "2026-11-02",
        "--note",
        "A4 x2",
    ]);
    let r = order_row(&b, id);
    assert_eq!(r["amount"], 3300);
    assert_eq!(r["note"], "A4 x2");
    assert_eq!(r["at"], "2026-11-02T00:00:00Z");
    assert_eq!(r["edited"], true);
    let versions = r["revisions"].as_array().expect("revisions is a list");
    let seen: Vec<(i64, &str, &str)> = versions
        .iter()
        .map(|v| {
            assert_eq!(v["at"], NOW_UTC, "when that version was written");
            (
                v["amount"].as_i64().expect("amount"),
                v["note"].as_str().expect("note"),
                v["ordered_at"].as_str().expect("ordered_at"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (3000, "A4", "2026-10-01T00:00:00Z"),
            (3300, "A4", "2026-10-01T00:00:00Z")
        ]
    );
    assert_eq!(b.show("C001")["last_touch_at"], "2026-11-02T00:00:00Z");

    let before = b.dump();
    assert!(b.user_error(&["order", "edit", &sid]).contains("--amount"));
    assert!(b
        .user_error(&["order", "edit", &sid, "--amount", "3300"])
        .contains("changes nothing"));
    assert!(b
        .user_error(&["order", "edit", &sid, "--amount", "-1"])
        .contains("--amount"));
    assert!(b
        .user_error(&["order", "edit", &sid, "--at", "tomorrow"])
        .contains("--at"));
    assert_eq!(b.dump(), before);
}

#[test]
fn the_old_order_form_still_works_beside_the_new_words() {
    let b = with_account();
    // An account named like an action word is reached by its code.
    b.add("edit", &["--code", "E1"]);
    let id = parse_id(&b.ok(&["order", "E1", "--amount", "100", "--at", "2026-11-01"]));
    assert_eq!(b.history("E1").len(), 1);
    assert!(id > 0);
    let missing = b.cmd().args(["order", "C001"]).assert().code(2);
    let err = String::from_utf8_lossy(&missing.get_output().stderr).to_string();
    assert!(err.contains("--amount"), "{err}");
}

#[test]
fn a_first_order_makes_a_prospect_a_customer_in_the_change_log() {
    let b = with_account();
    b.add("佐藤工務店", &["--code", "C002", "--status", "lost"]);
    assert_eq!(b.show("C001")["status"], "prospect");
    let id = order(&b, &["--amount", "1000", "--at", "2026-11-01"]);
    let shown = b.show("C001");
    assert_eq!(shown["status"], "customer");
    let changes: Vec<(&str, &str, &str)> = shown["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["field"].as_str().expect("field"),
                c["old"].as_str().unwrap_or(""),
                c["new"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(changes, [("status", "prospect", "customer")]);

    // Voiding the only order leaves the status as it is (a person may
    // have set it since); a second order logs no second change.
    b.ok(&["order", "void", &id.to_string(), "--reason", "誤入力"]);
    assert_eq!(b.show("C001")["status"], "customer");
    order(&b, &["--amount", "500", "--at", "2026-11-02"]);
    assert_eq!(
        b.show("C001")["changes"].as_array().expect("changes").len(),
        1
    );

    // Only a prospect moves: other statuses are someone's judgement.
    b.ok(&["order", "C002", "--amount", "1000", "--at", "2026-11-01"]);
    assert_eq!(b.show("C002")["status"], "lost");
}
