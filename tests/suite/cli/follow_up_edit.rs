//! `salesbench follow-up edit ID`: changing an open follow-up, on record,
//! and its refusals in both languages.

use super::support::{array, parse_id, Bench};

#[test]
fn follow_up_edit_changes_the_fields_and_refuses_in_japanese() {
    let b = Bench::new();
    b.add("田中商店", &[]);
    b.ok(&["account", "contact", "田中商店", "田中 一郎"]);
    let id = parse_id(&b.ok(&["follow-up", "田中商店", "--due", "+3d", "--note", "見積"]));
    let id_text = id.to_string();
    b.ok(&[
        "follow-up",
        "edit",
        &id_text,
        "--due",
        "today",
        "--time",
        "10:30",
        "--kind",
        "visit",
        "--contact",
        "一郎",
        "--note",
        "見積書を持参",
    ]);
    let today = array(b.json(&["today", "--json"]));
    let row = today
        .iter()
        .find(|r| r["follow_up_id"] == id)
        .unwrap_or_else(|| panic!("{today:?}"));
    assert_eq!(row["due_at"], "2026-11-23T10:30");
    assert_eq!(row["kind"], "visit");
    assert_eq!(row["contact"], "田中 一郎");
    assert_eq!(row["note"], "見積書を持参");
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    let changes: i64 = conn
        .query_row(
            "SELECT count(*) FROM follow_up_changes WHERE follow_up_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(changes, 5, "one row per changed field");

    // Scheduling still works as before.
    assert!(parse_id(&b.ok(&["follow-up", "田中", "--due", "tomorrow"])) > id);

    let unchanged = b.user_error(&[
        "--lang",
        "ja",
        "follow-up",
        "edit",
        &id_text,
        "--note",
        "見積書を持参",
    ]);
    assert!(unchanged.contains("変更点がありません"), "{unchanged}");
    let bad_time = b.user_error(&[
        "--lang",
        "ja",
        "follow-up",
        "edit",
        &id_text,
        "--time",
        "25:00",
    ]);
    assert!(
        bad_time.contains("--time") && bad_time.contains("25:00"),
        "{bad_time}"
    );
    assert!(!bad_time.contains("no such"), "{bad_time}");

    let bad_kind = b.user_error(&[
        "--lang",
        "ja",
        "follow-up",
        "edit",
        &id_text,
        "--kind",
        "fax",
    ]);
    assert!(
        bad_kind.contains("--kind") && !bad_kind.contains("is not"),
        "{bad_kind}"
    );
    let bad_kind = b.user_error(&[
        "--lang",
        "ja",
        "follow-up",
        "田中",
        "--due",
        "today",
        "--kind",
        "fax",
    ]);
    assert!(!bad_kind.contains("is not"), "{bad_kind}");

    b.ok(&["cancel", &id_text, "--reason", "不要"]);
    let before = b.dump();
    let ja = b.user_error(&["--lang", "ja", "follow-up", "edit", &id_text, "--note", "x"]);
    assert!(ja.contains("取り消されています"), "{ja}");
    let en = b.user_error(&["follow-up", "edit", &id_text, "--note", "x"]);
    assert!(en.contains("is cancelled"), "{en}");
    assert_eq!(b.dump(), before, "a refused edit writes nothing");
}
