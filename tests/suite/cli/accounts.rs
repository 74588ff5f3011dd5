//! `account add / list / show / edit / archive / restore` and how an
//! ACCOUNT argument is resolved.

use serde_json::{json, Value};

use super::support::Bench;

const LIST_FIELDS: [&str; 11] = [
    "id",
    "code",
    "name",
    "reading",
    "kind",
    "status",
    "phone",
    "email",
    "tags",
    "last_touch_at",
    "archived",
];

fn add_tanaka(b: &Bench) -> i64 {
    b.add(
        "田中商店",
        &[
            "--reading",
            "タナカショウテン",
            "--code",
            "C001",
            "--kind",
            "company",
            "--status",
            "customer",
            "--phone",
            "03-1234-5678",
            "--email",
            "info@tanaka.example",
            "--tag",
            "卸",
            "--tag",
            "東京",
            "--note",
            "月末締め",
            "--interval-days",
            "14",
        ],
    )
}

fn ids(list: &[Value]) -> Vec<i64> {
    list.iter().map(|a| a["id"].as_i64().expect("id")).collect()
}

#[test]
fn add_prints_the_new_id_and_list_json_has_every_field() {
    let b = Bench::new();
    let first = add_tanaka(&b);
    let second = b.add("Smith & Co", &["--kind", "person"]);
    assert!(first > 0);
    assert_ne!(first, second);

    let list = b.list(false);
    assert_eq!(list.len(), 2);
    for a in &list {
        for field in LIST_FIELDS {
            assert!(a.get(field).is_some(), "list --json lacks {field}: {a}");
        }
    }
    let t = list
        .iter()
        .find(|a| a["id"] == first)
        .expect("田中商店 listed");
    assert_eq!(t["name"], "田中商店");
    assert_eq!(t["reading"], "タナカショウテン");
    assert_eq!(t["code"], "C001");
    assert_eq!(t["kind"], "company");
    assert_eq!(t["status"], "customer");
    assert_eq!(t["phone"], "03-1234-5678");
    assert_eq!(t["email"], "info@tanaka.example");
    assert_eq!(t["tags"], json!(["卸", "東京"]));
    assert_eq!(t["last_touch_at"], Value::Null);
    assert_eq!(t["archived"], false);

    let s = list
        .iter()
        .find(|a| a["id"] == second)
        .expect("Smith listed");
    assert_eq!(s["kind"], "person");
    assert_eq!(s["status"], "prospect", "default status");
    assert_eq!(s["code"], Value::Null);
    assert_eq!(s["tags"], json!([]));
}

#[test]
fn show_json_has_the_account_its_note_and_interval() {
    let b = Bench::new();
    let id = add_tanaka(&b);
    let shown = b.show(&id.to_string());
    assert_eq!(shown["id"], id);
    assert_eq!(shown["name"], "田中商店");
    assert_eq!(shown["note"], "月末締め");
    assert_eq!(shown["interval_days"], 14);
    assert_eq!(shown["expected_interval_days"], 14.0);
    assert_eq!(shown["changes"], json!([]));
    assert_eq!(shown["contacts"], json!([]));
}

#[test]
fn edit_changes_the_field_and_records_the_change() {
    let b = Bench::new();
    add_tanaka(&b);
    let out = b.ok(&["account", "edit", "C001", "--phone", "06-9999-0000"]);
    assert_eq!(out, "", "edit prints nothing");

    let shown = b.show("C001");
    assert_eq!(shown["phone"], "06-9999-0000");
    assert_eq!(
        shown["email"], "info@tanaka.example",
        "untouched field kept"
    );
    assert_eq!(
        shown["tags"],
        json!(["卸", "東京"]),
        "tags kept without --tag"
    );
    let changes = shown["changes"].as_array().expect("changes array");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["field"], "phone");
    assert_eq!(changes[0]["old"], "03-1234-5678");
    assert_eq!(changes[0]["new"], "06-9999-0000");

    b.ok(&["account", "edit", "C001", "--name", "田中商店本店"]);
    let shown = b.show("C001");
    assert_eq!(shown["name"], "田中商店本店");
    let fields: Vec<&str> = shown["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["phone", "name"], "oldest change first");
}

#[test]
fn archive_hides_from_list_and_restore_brings_back() {
    let b = Bench::new();
    let kept = b.add("Acme", &[]);
    let hidden = b.add("Globex", &[]);

    b.ok(&["account", "archive", "Globex"]);
    assert_eq!(ids(&b.list(false)), [kept]);
    let all = b.list(true);
    assert_eq!(all.len(), 2);
    let g = all
        .iter()
        .find(|a| a["id"] == hidden)
        .expect("--all lists it");
    assert_eq!(g["archived"], true);
    let plain = b.ok(&["account", "list"]);
    assert!(
        !plain.contains("Globex"),
        "plain list shows archived: {plain}"
    );

    b.ok(&["account", "restore", "Globex"]);
    let mut listed = ids(&b.list(false));
    listed.sort();
    assert_eq!(listed, [kept, hidden]);
    assert_eq!(b.show("Globex")["archived"], false);
}

#[test]
fn account_is_found_by_id_code_exact_name_and_unique_part() {
    let b = Bench::new();
    let tanaka = add_tanaka(&b);
    let smith = b.add("Smith & Co", &["--code", "S-7"]);
    let aozora = b.add("アオゾラ工房", &[]);
    for (key, want) in [
        (tanaka.to_string(), tanaka),
        (smith.to_string(), smith),
        ("C001".into(), tanaka),
        ("S-7".into(), smith),
        ("田中商店".into(), tanaka),
        ("田中".into(), tanaka),
        ("商店".into(), tanaka),
        ("Smith & Co".into(), smith),
        ("smith".into(), smith),
        ("ｱｵｿﾞﾗ".into(), aozora),
        ("ｱｵｿﾞﾗ工房".into(), aozora),
    ] {
        assert_eq!(b.show(&key)["id"], want, "resolving {key:?}");
    }
}

#[test]
fn exact_name_wins_over_a_longer_name_containing_it() {
    let b = Bench::new();
    let short = b.add("田中商店", &[]);
    let long = b.add("田中商店本店", &[]);
    assert_eq!(b.show("田中商店")["id"], short);
    assert_eq!(b.show("本店")["id"], long);
}

#[test]
fn several_matches_exit_2_and_list_the_candidates() {
    let b = Bench::new();
    let a = b.add("山田工業", &[]);
    let c = b.add("山田商事", &[]);
    b.add("佐藤製作所", &[]);
    let before = b.dump();

    let err = b.user_error(&["account", "show", "山田"]);
    assert!(
        err.contains("山田工業") && err.contains("山田商事"),
        "{err}"
    );
    assert!(
        err.contains(&a.to_string()) && err.contains(&c.to_string()),
        "{err}"
    );
    assert!(!err.contains("佐藤"), "{err}");

    b.user_error(&["log", "山田", "--summary", "電話"]);
    b.user_error(&["account", "edit", "山田", "--phone", "03-0000-0000"]);
    assert_eq!(b.dump(), before, "an ambiguous key wrote something");
}

#[test]
fn contact_is_added_and_shown() {
    let b = Bench::new();
    add_tanaka(&b);
    let out = b.ok(&["account", "contact", "田中", "佐藤花子", "--role", "部長"]);
    let contact_id = super::support::parse_id(&out);
    let contacts = b.show("田中")["contacts"].clone();
    assert_eq!(contacts.as_array().map(Vec::len), Some(1), "{contacts}");
    assert_eq!(contacts[0]["id"], contact_id);
    assert_eq!(contacts[0]["name"], "佐藤花子");
    assert_eq!(contacts[0]["role"], "部長");
}

#[test]
fn edit_with_an_empty_value_clears_the_field() {
    let b = Bench::new();
    add_tanaka(&b);
    b.ok(&[
        "account",
        "edit",
        "C001",
        "--email",
        "",
        "--interval-days",
        "0",
    ]);
    let shown = b.show("C001");
    assert_eq!(shown["email"], Value::Null);
    assert_eq!(shown["interval_days"], Value::Null);
    let email = shown["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["field"] == "email")
        .cloned()
        .expect("email change logged");
    assert_eq!(email["old"], "info@tanaka.example");
    assert_eq!(email["new"], Value::Null);
}
