//! Tables in every format and encoding.

use serde_json::Value;

use super::fixture::{parse_csv, shop, YAMADA_NOTE};
use super::support::{mode, names_in, Bench};

const TABLES: [&str; 4] = ["accounts", "conversations", "orders", "follow-ups"];

#[test]
fn accounts_csv_has_the_published_header_and_every_field() {
    let b = Bench::new();
    let s = shop(&b);
    let csv = parse_csv(&b.ok(&["export", "accounts"]));
    assert_eq!(
        csv.header.join(","),
        "id,code,name,reading,kind,status,phone,email,address,tags,note,interval_days,\
         honorific,lapse_reason,archived,last_touch_at,created_at"
    );
    assert_eq!(csv.rows.len(), 4, "archived accounts are exported too");
    let y = csv.row("id", &s.yamada.to_string());
    let want = [
        ("code", "C-001"),
        ("name", "株式会社山田製作所"),
        ("reading", "やまだせいさくしょ"),
        ("kind", "company"),
        ("status", "customer"),
        ("phone", "03-1234-5678"),
        ("email", "info@yamada.example.jp"),
        ("address", "東京都千代田区1-2-3, 4F"),
        ("tags", "製造;VIP"),
        ("note", YAMADA_NOTE),
        ("interval_days", "30"),
        ("honorific", "onchu"),
        ("lapse_reason", ""),
        ("archived", "false"),
        // Completing a follow-up logged a conversation now.
        ("last_touch_at", "2026-11-23T00:00:00Z"),
        ("created_at", "2026-11-23T00:00:00Z"),
    ];
    for (column, value) in want {
        assert_eq!(y[column], value, "{column}");
    }
    let t = csv.row("id", &s.tanaka.to_string());
    assert_eq!(t["kind"], "person");
    assert_eq!(t["honorific"], "sama");
    assert_eq!(t["lapse_reason"], "life_changed");
    assert_eq!(t["code"], "");
    assert_eq!(csv.row("name", "アーカイブ商店")["archived"], "true");
    assert_eq!(
        csv.row("id", &s.acme.to_string())["email"],
        "buyer@acme.example"
    );
}

#[test]
fn orders_and_follow_ups_carry_their_account() {
    let b = Bench::new();
    let s = shop(&b);
    let orders = parse_csv(&b.ok(&["export", "orders"]));
    assert_eq!(
        orders.header.join(","),
        "id,account_id,account_code,account_name,ordered_at,amount,note,voided,void_reason,voided_at,\
         retractions,currency"
    );
    assert_eq!(orders.rows.len(), 3);
    let first = &orders.rows[0];
    assert_eq!(first["account_id"], s.yamada.to_string());
    assert_eq!(first["account_code"], "C-001");
    assert_eq!(first["account_name"], "株式会社山田製作所");
    assert_eq!(first["amount"], "12000");
    assert_eq!(first["currency"], "JPY");
    assert_eq!(first["note"], "紙コップ 1000個入");
    assert_eq!(orders.rows[2]["note"], "Gift, wrapped");
    assert_eq!(first["voided"], "false");
    assert_eq!(first["void_reason"], "");

    // A voided order is exported, marked with why and when.
    let id = orders.rows[2]["id"].clone();
    b.ok(&["order", "void", &id, "--reason", "返品"]);
    let orders = parse_csv(&b.ok(&["export", "orders"]));
    let voided = &orders.rows[2];
    assert_eq!(voided["voided"], "true");
    assert_eq!(voided["void_reason"], "返品");
    assert_eq!(voided["voided_at"], "2026-11-23T00:00:00Z");
    assert_eq!(first["retractions"], "", "none: an empty cell");
    // Every void and restoration, not only the current one: one JSON
    // text in the cell, oldest first.
    b.ok(&["order", "restore", &id]);
    b.ok(&["order", "void", &id, "--reason", "二重登録, \"再\""]);
    let orders = parse_csv(&b.ok(&["export", "orders"]));
    let marks: Value = serde_json::from_str(&orders.rows[2]["retractions"]).expect("JSON");
    let at = "2026-11-23T00:00:00Z";
    assert_eq!(
        marks,
        serde_json::json!([
            {"action": "void", "reason": "返品", "at": at},
            {"action": "restore", "reason": "", "at": at},
            {"action": "void", "reason": "二重登録, \"再\"", "at": at},
        ])
    );

    let fus = parse_csv(&b.ok(&["export", "follow-ups"]));
    assert_eq!(
        fus.header.join(","),
        "id,account_id,account_code,account_name,contact,kind,due_on,due_time,note,state,\
         conversation_id,cancel_reason,plan"
    );
    assert_eq!(fus.rows.len(), 6, "open, done and cancelled alike");
    let timed = fus.row("id", &s.timed.to_string());
    assert_eq!(
        (timed["due_on"].as_str(), timed["due_time"].as_str()),
        ("2026-12-02", "14:30")
    );
    let done = fus.row("id", &s.done.to_string());
    assert_eq!(done["state"], "done");
    assert!(done["conversation_id"].parse::<i64>().is_ok());
    let cancelled = fus.row("id", &s.cancelled.to_string());
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(cancelled["cancel_reason"], "不要になった");
    let snoozed = fus.row("id", &s.snoozed.to_string());
    assert_eq!(snoozed["due_on"], "2026-12-03");
    assert_eq!(snoozed["account_code"], "A-9");
}

#[test]
fn conversations_list_every_revision_and_mark_retractions() {
    let b = Bench::new();
    let s = shop(&b);
    let csv = parse_csv(&b.ok(&["export", "conversations"]));
    assert_eq!(
        csv.header.join(","),
        "id,account_id,account_code,account_name,contact,kind,direction,happened_at,logged_at,\
         revision,is_current,summary,body,outcome,retracted,retract_reason,retracted_at,retractions"
    );
    let edited = csv.rows_where("id", &s.edited.to_string());
    let marks: Vec<(&str, &str, &str)> = edited
        .iter()
        .map(|r| {
            (
                r["revision"].as_str(),
                r["is_current"].as_str(),
                r["summary"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("1", "false", "見積の件"),
            ("2", "false", "見積の件（訂正）"),
            ("3", "true", "見積の件（訂正）"),
        ]
    );
    assert_eq!(edited[0]["body"], "単価 1,200円で提示");
    assert_eq!(edited[2]["body"], "単価 1,150円で再提示");
    assert_eq!(edited[2]["outcome"], "検討中");
    assert!(edited
        .iter()
        .all(|r| r["happened_at"] == "2026-11-20T01:00:00Z" && r["retracted"] == "false"));

    let gone = csv.row("id", &s.retracted.to_string());
    assert_eq!(gone["retracted"], "true");
    assert_eq!(gone["retract_reason"], "顧客違い");
    assert_eq!(gone["retracted_at"], "2026-11-23T00:00:00Z");
    assert_eq!(gone["is_current"], "true");
    // Every retraction and restoration, not only the current one.
    let id = s.retracted.to_string();
    b.ok(&["log", "restore", &id]);
    b.ok(&["log", "retract", &id, "--reason", "重複"]);
    let csv = parse_csv(&b.ok(&["export", "conversations"]));
    let marks: Value = serde_json::from_str(&csv.row("id", &id)["retractions"]).expect("JSON");
    let at = "2026-11-23T00:00:00Z";
    assert_eq!(
        marks,
        serde_json::json!([
            {"action": "retract", "reason": "顧客違い", "at": at},
            {"action": "restore", "reason": "", "at": at},
            {"action": "retract", "reason": "重複", "at": at},
        ])
    );
    assert_eq!(csv.row("id", &id)["retract_reason"], "重複");
    // Four conversations (one with two edits) plus the one completing a follow-up.
    assert_eq!(csv.rows.len(), 5 + 2);
}

/// JSON holds the same rows with the same keys, in header order, typed.
#[test]
fn json_matches_csv_for_every_table() {
    let b = Bench::new();
    shop(&b);
    for table in TABLES {
        let csv = parse_csv(&b.ok(&["export", table]));
        let text = b.ok(&["export", table, "--format", "json"]);
        let json: Value = serde_json::from_str(&text).expect("valid JSON");
        let objects = json.as_array().expect("an array");
        assert_eq!(objects.len(), csv.rows.len(), "{table}");
        for (object, row) in objects.iter().zip(&csv.rows) {
            let object = object.as_object().expect("an object");
            let keys: Vec<&String> = object.keys().collect();
            let mut sorted = csv.header.clone();
            sorted.sort();
            assert_eq!(keys, sorted.iter().collect::<Vec<_>>(), "{table}");
            for (key, value) in object {
                if key == "retractions" {
                    // The same list: a JSON text in the cell, empty for none.
                    let cell = &row[key];
                    let parsed: Value = match cell.as_str() {
                        "" => serde_json::json!([]),
                        text => serde_json::from_str(text).expect("a JSON list"),
                    };
                    assert_eq!(value, &parsed, "{table}.{key}");
                    continue;
                }
                let as_cell = match value {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().expect("tags are text"))
                        .collect::<Vec<_>>()
                        .join(";"),
                    other => other.to_string(),
                };
                assert_eq!(as_cell, row[key], "{table}.{key}");
            }
        }
        // Keys appear in the CSV's column order.
        let first = text.lines().nth(1).expect("a row");
        let positions: Vec<usize> = csv
            .header
            .iter()
            .map(|h| first.find(&format!("\"{h}\":")).expect("key present"))
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{table}: {first}"
        );
    }
}

#[test]
fn shift_jis_decodes_back_to_the_same_text_and_bom_marks_utf8() {
    let b = Bench::new();
    shop(&b);
    for table in TABLES {
        for format in ["csv", "json"] {
            let utf8 = b.ok(&["export", table, "--format", format]);
            let sjis = b.ok_bytes(&[
                "export",
                table,
                "--format",
                format,
                "--encoding",
                "shift_jis",
            ]);
            assert!(
                std::str::from_utf8(&sjis).is_err(),
                "{table} {format}: Shift_JIS output is not UTF-8"
            );
            let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&sjis);
            assert!(!bad, "{table} {format}: malformed Shift_JIS");
            assert_eq!(decoded, utf8, "{table} {format}");

            let with_bom = b.ok_bytes(&["export", table, "--format", format, "--bom"]);
            assert_eq!(&with_bom[..3], b"\xEF\xBB\xBF", "{table} {format}");
            assert_eq!(&with_bom[3..], utf8.as_bytes());
            assert!(!utf8.starts_with('\u{feff}'));
        }
    }
    let err = b.user_error(&["export", "accounts", "--encoding", "shift_jis", "--bom"]);
    assert!(err.contains("--bom"), "{err}");
}

#[test]
fn a_character_shift_jis_cannot_hold_is_an_error_naming_record_and_field() {
    let b = Bench::new();
    b.add("株式会社ヤマダ", &[]);
    let yoshino = b.add("𠮷野家", &["--reading", "よしのや"]);
    let out = b.path("accounts.csv");
    let err = b.user_error(&[
        "export",
        "accounts",
        "--encoding",
        "shift_jis",
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(err.contains(&format!("account {yoshino}")), "{err}");
    assert!(err.contains("field name"), "{err}");
    assert!(err.contains('𠮷') && err.contains("U+20BB7"), "{err}");
    assert!(!out.exists(), "no half-written file");
    assert!(
        !names_in(b.dir.path()).iter().any(|n| n.contains("tmp")),
        "no temp file left: {:?}",
        names_in(b.dir.path())
    );

    // ¥ would come back as a backslash: refused too, in a conversation body.
    let c = b.id(&[
        "log",
        "株式会社ヤマダ",
        "--summary",
        "価格",
        "--body",
        "¥1,000 引き",
    ]);
    let err = b.user_error(&["export", "conversations", "--encoding", "sjis"]);
    assert!(
        err.contains(&format!("conversation {c} revision 1, field body")),
        "{err}"
    );
    // UTF-8 holds everything.
    assert!(b.ok(&["export", "accounts"]).contains("𠮷野家"));
}

#[test]
fn output_file_is_private_and_equals_standard_output() {
    let b = Bench::new();
    shop(&b);
    for table in TABLES {
        let out = b.path(&format!("{table}.csv"));
        let printed = b.ok(&["export", table, "-o", out.to_str().expect("utf-8 path")]);
        assert_eq!(printed, "", "nothing on stdout with -o");
        let written = std::fs::read_to_string(&out).expect("file written");
        assert_eq!(written, b.ok(&["export", table]));
        assert!(written.ends_with("\r\n"), "CSV lines end in CRLF");
        if cfg!(unix) {
            assert_eq!(mode(&out), 0o600, "{table}");
        }
    }
}

#[test]
fn empty_tables_and_mistakes() {
    let b = Bench::new();
    // An empty file is a new database; a read never creates one.
    std::fs::write(&b.db, "").expect("create an empty file");
    assert_eq!(
        b.ok(&["export", "orders"]),
        "id,account_id,account_code,account_name,ordered_at,amount,note,voided,void_reason,\
         voided_at,retractions,currency\r\n"
    );
    assert_eq!(b.ok(&["export", "orders", "--format", "json"]), "[]\n");
    let err = b.user_error(&["export", "invoices"]);
    assert!(
        err.contains("accounts, conversations, orders, follow-ups, deals, calendar"),
        "{err}"
    );
    let err = b.user_error(&["export", "orders", "--format", "xml"]);
    assert!(err.contains("csv, json"), "{err}");
    let err = b.user_error(&["export", "orders", "--encoding", "latin1"]);
    assert!(err.contains("utf-8, shift_jis"), "{err}");
    let err = b.user_error(&["export", "calendar", "--format", "json"]);
    assert!(err.contains("iCalendar"), "{err}");
}
