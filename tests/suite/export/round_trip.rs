//! Export, import into an empty database with `salesbench import`, export
//! again: the same files, but for ids and creation times, which a new
//! database assigns afresh.

use std::path::Path;

use super::support::Bench;

/// Columns a fresh database cannot reproduce.
const FRESH: [&str; 3] = ["id", "account_id", "created_at"];

/// The CSV cells with the fresh columns blanked.
fn masked(bytes: &[u8], shift_jis: bool) -> Vec<Vec<String>> {
    let text = if shift_jis {
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
        assert!(!bad);
        text.into_owned()
    } else {
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<String> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record: Vec<String> = record.expect("record").iter().map(String::from).collect();
        if i == 0 {
            header = record.clone();
            rows.push(record);
            continue;
        }
        rows.push(
            record
                .into_iter()
                .zip(&header)
                .map(|(cell, column)| {
                    if FRESH.contains(&column.as_str()) {
                        String::new()
                    } else {
                        cell
                    }
                })
                .collect(),
        );
    }
    rows
}

fn accounts_and_orders(b: &Bench, with_orders: bool) {
    b.add(
        "株式会社山田製作所",
        &[
            "--reading",
            "やまだせいさくしょ",
            "--code",
            "C-001",
            "--status",
            "customer",
            "--phone",
            "03-1234-5678",
            "--email",
            "info@yamada.example.jp",
            "--address",
            "東京都千代田区1-2-3, 4F",
            "--tag",
            "製造",
            "--tag",
            "VIP",
            "--note",
            "二行の\n備考 \"引用\"",
            "--honorific",
            "onchu",
            "--interval-days",
            "30",
        ],
    );
    b.add(
        "田中 花子",
        &[
            "--reading",
            "たなか はなこ",
            "--kind",
            "person",
            "--honorific",
            "sama",
            "--code",
            "P-7",
        ],
    );
    b.add(
        "Acme Corp",
        &[
            "--code",
            "A-9",
            "--email",
            "buyer@acme.example",
            "--status",
            "lost",
        ],
    );
    b.add("ｶﾌｪ ﾓｶ", &["--phone", "090-1111-2222", "--kind", "person"]);
    if !with_orders {
        return;
    }
    b.ok(&[
        "order",
        "C-001",
        "--amount",
        "12000",
        "--at",
        "2026-11-02",
        "--note",
        "紙コップ 1000個入",
    ]);
    let gift = b.ok(&[
        "order",
        "P-7",
        "--amount",
        "800",
        "--at",
        "2026-10-05 18:45",
        "--note",
        "Gift, wrapped",
    ]);
    // A voided order comes back voided, with its reason and time, and
    // with every earlier void and restoration.
    b.ok(&["order", "void", gift.trim(), "--reason", "入力ミス"]);
    b.ok(&["order", "restore", gift.trim()]);
    b.ok(&["order", "void", gift.trim(), "--reason", "二重登録, 返金済"]);
    b.ok(&[
        "order",
        "C-001",
        "--amount",
        "3400",
        "--at",
        "2026-11-16 11:20",
    ]);
    b.ok(&[
        "order",
        "A-9",
        "--amount",
        "0",
        "--at",
        "2026-09-30",
        "--note",
        "sample \"free\"",
    ]);
}

fn export(b: &Bench, db: &Path, table: &str, file: &Path, extra: &[&str]) -> Vec<u8> {
    b.cmd_on_at(db, super::support::NOW)
        .args(["export", table, "-o", file.to_str().expect("utf-8 path")])
        .args(extra)
        .assert()
        .success();
    std::fs::read(file).expect("export written")
}

/// Run `args` on the bench's database with the clock at `now`; stdout.
fn at(b: &Bench, now: &str, args: &[&str]) -> String {
    let out = b.cmd_on_at(&b.db, now).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

/// Deals in every state: open with and without a probability of its own,
/// moved on, won with its order, lost with a reason and a note, lost and
/// reopened. Needs the accounts of [`accounts_and_orders`].
fn deals(b: &Bench) {
    let add = |now: &str, args: &[&str]| -> String {
        let mut all = vec!["deal", "add"];
        all.extend_from_slice(args);
        at(b, now, &all).trim().to_string()
    };
    add(
        "2026-11-01T10:00:00+09:00",
        &[
            "C-001",
            "--title",
            "年間契約, 紙コップ",
            "--value",
            "120000",
            "--stage",
            "quote",
            "--probability",
            "65",
            "--close",
            "2026-12-20",
            "--rank",
            "A",
            "--next",
            "見積を送る \"至急\"",
        ],
    );
    let moved = add(
        "2026-11-02T10:00:00+09:00",
        &["A-9", "--title", "Cups", "--value", "5000", "--rank", "C"],
    );
    at(
        b,
        "2026-11-05T10:00:00+09:00",
        &["deal", "move", &moved, "proposal"],
    );
    let won = add(
        "2026-11-03T10:00:00+09:00",
        &["P-7", "--title", "Gift set", "--value", "800"],
    );
    at(
        b,
        "2026-11-10T15:30:00+09:00",
        &["deal", "won", &won, "--order"],
    );
    let lost = add(
        "2026-11-04T10:00:00+09:00",
        &["A-9", "--title", "lost one", "--value", "7000"],
    );
    let note = "他社, 安い\n二行目";
    at(
        b,
        "2026-11-11T10:00:00+09:00",
        &[
            "deal",
            "lost",
            &lost,
            "--reason",
            "competitor",
            "--note",
            note,
        ],
    );
    let reopened = add(
        "2026-11-05T10:00:00+09:00",
        &[
            "C-001",
            "--title",
            "再開した案件",
            "--value",
            "900",
            "--close",
            "2026-12-01",
        ],
    );
    at(
        b,
        "2026-11-12T10:00:00+09:00",
        &[
            "deal", "lost", &reopened, "--reason", "timing", "--note", "later",
        ],
    );
    at(
        b,
        "2026-11-13T10:00:00+09:00",
        &["deal", "reopen", &reopened],
    );
}

fn round_trip(tables: &[&str], extra: &[&str], shift_jis: bool) {
    let b = Bench::new();
    accounts_and_orders(&b, tables.contains(&"orders"));
    if tables.contains(&"deals") {
        deals(&b);
    }
    let copy = b.path("copy.db");
    let mut before = Vec::new();
    for table in tables {
        let first = b.path(&format!("{table}-1.csv"));
        before.push(export(&b, &b.db, table, &first, extra));
        b.cmd_on_at(&copy, super::support::NOW)
            .args(["import", table, first.to_str().expect("utf-8 path")])
            .assert()
            .success();
    }
    for (table, before) in tables.iter().zip(before) {
        let after = export(&b, &copy, table, &b.path(&format!("{table}-2.csv")), extra);
        if *table == "deals" {
            // A deal keeps its own times: the very same bytes.
            assert_eq!(before, after, "deals: byte for byte");
        }
        let (before, after) = (masked(&before, shift_jis), masked(&after, shift_jis));
        assert_eq!(before.len(), after.len(), "{table}: row count");
        for (x, y) in before.iter().zip(&after) {
            assert_eq!(x, y, "{table}");
        }
    }
}

#[test]
fn accounts_survive_a_round_trip_in_utf8_with_bom() {
    round_trip(&["accounts"], &["--bom"], false);
}

#[test]
fn accounts_survive_a_round_trip_in_shift_jis() {
    round_trip(&["accounts"], &["--encoding", "shift_jis"], true);
}

#[test]
fn accounts_and_orders_survive_a_round_trip_in_utf8_with_bom() {
    round_trip(&["accounts", "orders"], &["--bom"], false);
}

#[test]
fn accounts_and_orders_survive_a_round_trip_in_shift_jis() {
    round_trip(&["accounts", "orders"], &["--encoding", "shift_jis"], true);
}

#[test]
fn deals_in_every_state_survive_a_round_trip_in_utf8_with_bom() {
    round_trip(&["accounts", "orders", "deals"], &["--bom"], false);
}

#[test]
fn deals_in_every_state_survive_a_round_trip_in_shift_jis() {
    round_trip(
        &["accounts", "orders", "deals"],
        &["--encoding", "shift_jis"],
        true,
    );
}

#[test]
fn a_deals_export_holds_every_state_and_no_figure_that_moves_with_the_clock() {
    let b = Bench::new();
    accounts_and_orders(&b, false);
    deals(&b);
    let csv = b.ok(&["export", "deals"]);
    let header = csv.lines().next().expect("header");
    assert_eq!(
        header,
        "id,account_id,account_code,account_name,contact,title,value,currency,stage,\
         probability,expected_close_on,rank,next_step,status,lost_reason,lost_note,closed_at,\
         stage_entered_at,created_at,updated_at"
    );
    for volatile in ["rotting", "score", "days_in_stage", "weighted_value"] {
        assert!(!header.contains(volatile), "{volatile} in {header}");
    }
    let rows = masked(csv.as_bytes(), false);
    let cells = |title: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r[5] == title)
            .unwrap_or_else(|| panic!("{title} in {csv}"))
            .clone()
    };
    let own = cells("年間契約, 紙コップ");
    assert_eq!((own[8].as_str(), own[9].as_str()), ("quote", "65"));
    assert_eq!(own[10], "2026-12-20");
    let stage_default = cells("Cups");
    assert_eq!(
        (stage_default[8].as_str(), stage_default[9].as_str()),
        ("proposal", "")
    );
    assert_eq!(
        stage_default[17], "2026-11-05T01:00:00Z",
        "in this stage since the move"
    );
    let won = cells("Gift set");
    assert_eq!(
        (won[13].as_str(), won[16].as_str()),
        ("won", "2026-11-10T06:30:00Z")
    );
    let lost = cells("lost one");
    assert_eq!(
        (lost[13].as_str(), lost[14].as_str(), lost[15].as_str()),
        ("lost", "competitor", "他社, 安い\n二行目")
    );
    let reopened = cells("再開した案件");
    assert_eq!(
        (
            reopened[13].as_str(),
            reopened[14].as_str(),
            reopened[16].as_str()
        ),
        ("open", "", "")
    );
    let json: serde_json::Value =
        serde_json::from_str(&b.ok(&["export", "deals", "--format", "json"])).expect("JSON");
    assert_eq!(json[0]["value"], 120000);
    assert_eq!(json[0]["probability"], 65);
    assert_eq!(json[1]["probability"], serde_json::Value::Null);
}

/// Cells a spreadsheet would run as formulas: `+SUM(1,2)`, `=HYPERLINK`,
/// `@`, `-`, and a cell that already starts with `'` before one.
fn formula_cells(b: &Bench) {
    b.add(
        "+SUM(1,2)",
        &[
            "--code",
            "F-1",
            "--note",
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "--tag",
            "@vip",
            "--phone",
            "+81-3-1234-5678",
            "--address=-1 Minus Street",
        ],
    );
    b.add("'=literal", &["--code", "F-2", "--note", "'hello"]);
    b.ok(&[
        "order",
        "F-1",
        "--amount",
        "0",
        "--at",
        "2026-11-02",
        "--note=-500 discount",
    ]);
}

#[test]
fn formula_cells_are_neutralised_unless_raw_and_survive_a_round_trip() {
    let b = Bench::new();
    formula_cells(&b);
    let accounts = String::from_utf8(b.ok_bytes(&["export", "accounts"])).expect("utf-8");
    for cell in [
        ",\"'+SUM(1,2)\",",
        "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"",
        ",'@vip,",
        ",'+81-3-1234-5678,",
        ",'-1 Minus Street,",
        ",''=literal,",
        ",'hello,",
    ] {
        assert!(accounts.contains(cell), "{cell} in {accounts}");
    }
    let raw = String::from_utf8(b.ok_bytes(&["export", "accounts", "--raw"])).expect("utf-8");
    for cell in [",\"+SUM(1,2)\",", "\"=HYPERLINK(", ",@vip,", ",'=literal,"] {
        assert!(raw.contains(cell), "{cell} in {raw}");
    }
    let orders = String::from_utf8(b.ok_bytes(&["export", "orders"])).expect("utf-8");
    assert!(orders.contains(",'-500 discount"), "{orders}");
    // Amounts are numbers and are written as such: never given a quote.
    assert!(!orders.contains(",'0"), "{orders}");
    let json = b.ok(&["export", "accounts", "--format", "json"]);
    assert!(json.contains("\"name\": \"+SUM(1,2)\"") || json.contains("\"name\":\"+SUM(1,2)\""));

    // Export → import → export: the same bytes (but for fresh ids).
    let copy = b.path("copy.db");
    let mut before = Vec::new();
    for table in ["accounts", "orders"] {
        let first = b.path(&format!("{table}-1.csv"));
        before.push(export(&b, &b.db, table, &first, &[]));
        b.cmd_on_at(&copy, super::support::NOW)
            .args(["import", table, first.to_str().expect("utf-8 path")])
            .assert()
            .success();
    }
    for (table, before) in ["accounts", "orders"].into_iter().zip(before) {
        let after = export(&b, &copy, table, &b.path(&format!("{table}-2.csv")), &[]);
        assert_eq!(masked(&before, false), masked(&after, false), "{table}");
    }
    let conn = rusqlite::Connection::open(&copy).expect("open copy");
    let mut st = conn
        .prepare("SELECT name, note FROM accounts ORDER BY id")
        .expect("query");
    let names: Vec<[String; 2]> = st
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?]))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        names,
        [
            ["+SUM(1,2)", "=HYPERLINK(\"http://evil.example\",\"click\")"],
            ["'=literal", "'hello"]
        ]
    );
}

/// Conversations, one edited and one retracted, restored and retracted
/// again: every version and every mark comes back.
#[test]
fn conversations_survive_a_round_trip_with_every_retraction() {
    let b = Bench::new();
    accounts_and_orders(&b, false);
    let call = b.ok(&[
        "log",
        "C-001",
        "--summary",
        "見積の件",
        "--body",
        "単価 1,200円",
        "--at",
        "2026-11-20 10:00",
    ]);
    b.ok(&["log", "edit", call.trim(), "--summary", "見積の件（訂正）"]);
    let wrong = b.ok(&[
        "log",
        "P-7",
        "--summary",
        "wrong account",
        "--at",
        "2026-11-21",
    ]);
    b.ok(&["log", "retract", wrong.trim(), "--reason", "顧客違い"]);
    b.ok(&["log", "restore", wrong.trim()]);
    b.ok(&["log", "retract", wrong.trim(), "--reason", "重複, \"再\""]);
    let copy = b.path("copy.db");
    let mut before = Vec::new();
    for table in ["accounts", "conversations"] {
        let first = b.path(&format!("{table}-1.csv"));
        before.push(export(&b, &b.db, table, &first, &[]));
        b.cmd_on_at(&copy, super::support::NOW)
            .args(["import", table, first.to_str().expect("utf-8 path")])
            .assert()
            .success();
    }
    for (table, before) in ["accounts", "conversations"].into_iter().zip(before) {
        let after = export(&b, &copy, table, &b.path(&format!("{table}-2.csv")), &[]);
        assert_eq!(masked(&before, false), masked(&after, false), "{table}");
    }
    let conn = rusqlite::Connection::open(&copy).expect("open copy");
    let marks: Vec<(String, String)> = conn
        .prepare("SELECT action, reason FROM conversation_retractions ORDER BY id")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let want = [
        ("retract", "顧客違い"),
        ("restore", ""),
        ("retract", "重複, \"再\""),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, r)| (a.to_string(), r.to_string()))
        .collect();
    assert_eq!(marks, want, "the copy holds every mark");
}
