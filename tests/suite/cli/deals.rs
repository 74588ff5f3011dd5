//! `deal add|list|show|edit|move|won|lost|reopen`, `log --deal` and
//! `report forecast`: the names and JSON fields outside checks rely on,
//! and every mistake refused with one line, exit 2, nothing written.

use serde_json::Value;

use super::support::{array, parse_id, Bench};

/// A bench with one account (code C001) and one contact.
fn seeded() -> Bench {
    let b = Bench::new();
    b.add("田中商店", &["--code", "C001"]);
    b.ok(&["account", "contact", "C001", "田中 一郎"]);
    b
}

fn add(b: &Bench, extra: &[&str]) -> i64 {
    let mut args = vec!["deal", "add", "C001"];
    args.extend_from_slice(extra);
    parse_id(&b.ok(&args))
}

fn show(b: &Bench, id: i64) -> Value {
    b.json(&["deal", "show", &id.to_string(), "--json"])
}

const FIELDS: &[&str] = &[
    "id",
    "account_id",
    "account_name",
    "title",
    "value",
    "currency",
    "stage",
    "probability",
    "weighted_value",
    "expected_close_on",
    "rank",
    "next_step",
    "status",
    "lost_reason",
    "stage_entered_at",
    "last_activity_at",
    "rotting",
    "days_in_stage",
    "score",
    "created_at",
    "updated_at",
];

#[test]
fn add_prints_the_id_and_show_has_every_field() {
    let b = seeded();
    let id = add(
        &b,
        &[
            "--title",
            "複合機入替",
            "--value",
            "1,200,000",
            "--close",
            "2026-12-20",
            "--rank",
            "a",
            "--next",
            "見積提出",
            "--contact",
            "田中",
        ],
    );
    let d = show(&b, id);
    for f in FIELDS {
        assert!(d.get(f).is_some(), "no {f} in {d}");
    }
    assert_eq!(d["account_name"], "田中商店");
    assert_eq!(d["value"], 1_200_000);
    assert_eq!(d["currency"], "JPY");
    assert_eq!(d["stage"], "lead");
    assert_eq!(d["probability"], 10);
    assert_eq!(d["weighted_value"], 120_000);
    assert_eq!(d["expected_close_on"], "2026-12-20");
    assert_eq!(d["rank"], "A");
    assert_eq!(d["status"], "open");
    assert_eq!(d["lost_reason"], Value::Null);
    assert_eq!(d["rotting"], false);
    assert_eq!(d["days_in_stage"], 0);
    assert_eq!(d["stage_entered_at"], "2026-11-23T00:00:00Z");
    assert_eq!(d["contact"], "田中 一郎");
    assert_eq!(d["changes"], Value::Array(vec![]));
    // The default stages are the keys in JSON.
    let id2 = add(
        &b,
        &[
            "--title",
            "保守",
            "--value",
            "30000",
            "--stage",
            "negotiation",
            "--probability",
            "90",
        ],
    );
    let d = show(&b, id2);
    assert_eq!(
        (d["stage"].as_str(), d["probability"].as_i64()),
        (Some("negotiation"), Some(90))
    );
}

#[test]
fn the_life_of_a_deal_is_on_record_and_won_with_order_becomes_a_purchase() {
    let b = seeded();
    let id = add(&b, &["--title", "複合機", "--value", "500000"]).to_string();
    b.ok(&[
        "deal",
        "edit",
        &id,
        "--value",
        "480000",
        "--rank",
        "B",
        "--next",
        "決裁待ち",
    ]);
    b.ok(&["deal", "move", &id, "quote"]);
    let conv = b.log("C001", &["--summary", "見積説明", "--deal", &id]);
    let d = show(&b, id.parse().unwrap());
    assert_eq!(d["stage"], "quote");
    assert_eq!(d["weighted_value"], 240_000);
    let changes = array(d["changes"].clone());
    let fields: Vec<&str> = changes
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["value", "next_step", "stage"]);
    assert_eq!(d["conversations"][0]["id"], conv);
    let order = parse_id(&b.ok(&["deal", "won", &id, "--order"]));
    let d = show(&b, id.parse().unwrap());
    assert_eq!(d["status"], "won");
    assert_eq!(d["order_id"], order);
    let history = b.history("C001");
    let bought: Vec<_> = history.iter().filter(|h| h["type"] == "order").collect();
    assert_eq!(bought.len(), 1);
    assert_eq!(bought[0]["amount"], 480_000);
    // Reopen, then lose with a reason.
    b.ok(&["deal", "reopen", &id]);
    b.ok(&[
        "deal",
        "lost",
        &id,
        "--reason",
        "no_budget",
        "--note",
        "来期に再検討",
    ]);
    let d = show(&b, id.parse().unwrap());
    assert_eq!(
        (d["status"].as_str(), d["lost_reason"].as_str()),
        (Some("lost"), Some("no_budget"))
    );
    // The order stays a purchase.
    assert_eq!(
        b.history("C001")
            .iter()
            .filter(|h| h["type"] == "order")
            .count(),
        1
    );
}

#[test]
fn list_filters_and_orders_by_score() {
    let b = seeded();
    let small = add(&b, &["--title", "小", "--value", "1000", "--rank", "C"]);
    let big = add(
        &b,
        &[
            "--title", "大", "--value", "5000000", "--rank", "A", "--stage", "quote",
        ],
    );
    let lost = add(&b, &["--title", "失", "--value", "1"]);
    b.ok(&["deal", "lost", &lost.to_string(), "--reason", "price"]);
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["deal", "list", "--json"];
        all.extend_from_slice(args);
        array(b.json(&all))
            .iter()
            .map(|d| d["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&[]), [big, small]);
    assert_eq!(ids(&["--stage", "quote"]), [big]);
    assert_eq!(ids(&["--rank", "c"]), [small]);
    assert_eq!(ids(&["--rotting"]), Vec::<i64>::new());
    assert_eq!(ids(&["--status", "lost"]), [lost]);
    let text = b.ok(&["deal", "list", "--lang", "ja"]);
    assert!(text.contains("見積") && text.contains("見込み度"), "{text}");
}

#[test]
fn deals_rot_after_two_weeks_untouched() {
    let b = seeded();
    let id = add(&b, &["--title", "放置", "--value", "1000"]);
    let later = b
        .cmd()
        .env("SALESBENCH_NOW", "2026-12-10T09:00:00+09:00")
        .args(["deal", "list", "--rotting", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: Vec<Value> = serde_json::from_slice(&later).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], id);
    assert_eq!(rows[0]["rotting"], true);
    assert_eq!(rows[0]["days_in_stage"], 17);
}

#[test]
fn forecast_by_month_of_expected_close() {
    let b = seeded();
    add(
        &b,
        &[
            "--title",
            "a",
            "--value",
            "1000",
            "--stage",
            "quote",
            "--close",
            "2026-12-10",
        ],
    );
    add(
        &b,
        &["--title", "b", "--value", "2000", "--close", "2026-12-24"],
    );
    add(
        &b,
        &["--title", "c", "--value", "3000", "--close", "2027-01-15"],
    );
    let w = add(&b, &["--title", "d", "--value", "700"]);
    b.ok(&["deal", "won", &w.to_string()]);
    let rows = array(b.json(&["report", "forecast", "--json"]));
    let got: Vec<Value> = rows.clone();
    assert_eq!(
        got,
        vec![
            serde_json::json!({"month": "2026-11", "open_value": 0, "weighted_value": 0, "won_value": 700, "deals": 0}),
            serde_json::json!({"month": "2026-12", "open_value": 3000, "weighted_value": 700, "won_value": 0, "deals": 2}),
            serde_json::json!({"month": "2027-01", "open_value": 3000, "weighted_value": 300, "won_value": 0, "deals": 1}),
        ]
    );
    let ja = b.ok(&["report", "forecast", "--lang", "ja"]);
    assert!(ja.contains("加重金額") && ja.contains("2026-12"), "{ja}");
}

/// Each case: one line, exit 2, the words given, nothing written.
fn refused(b: &Bench, cases: &[(&[&str], &[&str])]) {
    let before = b.dump();
    for (args, words) in cases {
        let err = b.user_error(args);
        for w in *words {
            assert!(err.contains(w), "{args:?}: lacks {w:?}: {err}");
        }
        assert_eq!(b.dump(), before, "{args:?} wrote to the database");
    }
}

#[test]
fn mistakes_exit_2_with_one_line_and_write_nothing() {
    let b = seeded();
    let id = add(&b, &["--title", "複合機", "--value", "1000"]).to_string();
    b.ok(&["deal", "won", &id]);
    let other = b.add("山田製作所", &[]).to_string();
    refused(
        &b,
        &[
            (
                &[
                    "deal", "add", "C001", "--title", "x", "--value", "1", "--stage", "closing",
                ],
                &["closing", "lead, proposal, quote, negotiation"],
            ),
            (
                &["deal", "add", "C001", "--title", "x", "--value", "-5"],
                &["--value", "negative"],
            ),
            (
                &[
                    "deal",
                    "add",
                    "C001",
                    "--title",
                    "x",
                    "--value",
                    "1",
                    "--probability",
                    "120",
                ],
                &["--probability", "120"],
            ),
            (
                &[
                    "deal", "add", "C001", "--title", "x", "--value", "1", "--rank", "D",
                ],
                &["--rank", "D"],
            ),
            (
                &["deal", "add", "C001", "--title", " ", "--value", "1"],
                &["title"],
            ),
            (
                &["deal", "add", "nobody", "--title", "x", "--value", "1"],
                &["nobody"],
            ),
            (&["deal", "won", &id], &["won already"]),
            (&["deal", "won", &id, "--order"], &["won already"]),
            (
                &["deal", "lost", &id, "--reason", "price"],
                &["won already"],
            ),
            (&["deal", "move", &id, "quote"], &["reopen"]),
            (
                &["deal", "lost", &id, "--reason", "bored"],
                &["bored", "no_budget"],
            ),
            (&["deal", "won", "999"], &["999"]),
            (&["deal", "show", "999"], &["deal 999 not found"]),
            (&["deal", "edit", &id], &["--title"]),
            (&["deal", "won", &id, "--amount", "5"], &["--order"]),
            (
                &["log", &other, "--summary", "x", "--deal", &id],
                &["another account"],
            ),
        ],
    );
    b.ok(&["deal", "reopen", &id]);
    refused(&b, &[(&["deal", "reopen", &id], &["is open"])]);
}

#[test]
fn mistakes_are_in_japanese_under_lang_ja() {
    let b = seeded();
    let id = add(&b, &["--title", "複合機", "--value", "1000"]).to_string();
    b.ok(&["deal", "won", &id]);
    refused(
        &b,
        &[
            (
                &[
                    "deal", "add", "C001", "--title", "x", "--value", "1", "--stage", "closing",
                    "--lang", "ja",
                ],
                &["段階「closing」はありません"],
            ),
            (
                &[
                    "deal", "add", "C001", "--title", "x", "--value", "-5", "--lang", "ja",
                ],
                &["--value"],
            ),
            (&["deal", "won", &id, "--lang", "ja"], &["すでに受注済み"]),
            (&["deal", "show", "999", "--lang", "ja"], &["商談"]),
            (
                &[
                    "deal",
                    "add",
                    "C001",
                    "--title",
                    "x",
                    "--value",
                    "1",
                    "--probability",
                    "abc",
                    "--lang",
                    "ja",
                ],
                &["確度"],
            ),
        ],
    );
    for args in [
        &["deal", "won", &id, "--lang", "ja"][..],
        &["deal", "show", "999", "--lang", "ja"][..],
        &[
            "deal", "add", "C001", "--title", "x", "--value", "-5", "--lang", "ja",
        ][..],
    ] {
        let err = b.user_error(args);
        assert!(
            !err.contains("deal ") && !err.contains("negative") && !err.contains("already"),
            "{err}"
        );
    }
}

#[test]
fn configured_stages_are_the_cli_words() {
    let b = seeded();
    b.set_config(
        "[[stages]]\nkey = \"first\"\nname_en = \"First\"\nname_ja = \"初回\"\nprobability = 25\n",
    );
    let id = add(&b, &["--title", "x", "--value", "400"]);
    let d = show(&b, id);
    assert_eq!(
        (d["stage"].as_str(), d["weighted_value"].as_i64()),
        (Some("first"), Some(100))
    );
    let err = b.user_error(&["deal", "move", &id.to_string(), "lead"]);
    assert!(err.contains("first"), "{err}");
}
