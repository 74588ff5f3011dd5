//! `salesbench report ...` on a real database filled through the CLI:
//! field names and values of every report, `--as-of`, `--csv`, Japanese
//! text, fixed RFM cut-offs from the configuration, and mistakes.

use serde_json::{json, Value};

use super::support::{array, Bench};

/// A bench whose configuration file is `config` (absent when empty).
fn bench_with_config(config: &str) -> Bench {
    let b = Bench::new();
    if !config.is_empty() {
        b.set_config(config);
    }
    b
}

fn run(b: &Bench, args: &[&str]) -> String {
    let out = b
        .cmd()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn report(b: &Bench, args: &[&str]) -> Value {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = run(b, &all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}): {out}"))
}

fn order(b: &Bench, account: &str, day: &str, amount: &str) -> String {
    run(b, &["order", account, "--amount", amount, "--at", day])
        .trim()
        .to_string()
}

/// Four customers, one account whose only order was voided, one prospect;
/// quiet contacts with and without a lapse reason (the clock: 2026-11-23).
fn shop(config: &str) -> Bench {
    let b = bench_with_config(config);
    for (name, code) in [
        ("Alpha", "C001"),
        ("Beta", "C002"),
        ("Gamma", "C003"),
        ("Delta", "C004"),
        ("Echo", "C005"),
        ("Foxtrot", "C006"),
    ] {
        run(&b, &["account", "add", name, "--code", code]);
    }
    for (day, amount) in [
        ("2026-01-10", "10000"),
        ("2026-02-10", "3000"),
        ("2026-02-10", "2000"),
        ("2026-03-10", "10000"),
        ("2026-05-10", "10000"),
        ("2026-11-20", "20000"),
    ] {
        order(&b, "C001", day, amount);
    }
    order(&b, "C002", "2026-06-15", "30000");
    order(&b, "C003", "2026-01-20", "5000");
    let voided = order(&b, "C003", "2026-04-01", "99999");
    run(&b, &["order", "void", &voided, "--reason", "entered twice"]);
    order(&b, "C003", "2026-06-01", "8000");
    let voided = order(&b, "C004", "2026-11-22", "50000");
    run(&b, &["order", "void", &voided, "--reason", "test sale"]);
    order(&b, "C006", "2026-02-01", "4000");
    order(&b, "C006", "2026-05-20", "6000");
    // Within Alpha's rhythm: not quiet. A note while quiet contacts nobody.
    run(
        &b,
        &["log", "C001", "--summary", "thanks", "--at", "2026-01-25"],
    );
    run(
        &b,
        &[
            "log",
            "C001",
            "--kind",
            "note",
            "--summary",
            "memo",
            "--at",
            "2026-09-01",
        ],
    );
    // Quiet (59 days after the last order); the only order within 60
    // days afterwards is voided.
    run(
        &b,
        &[
            "log",
            "C003",
            "--summary",
            "complaint",
            "--at",
            "2026-03-20",
            "--lapse-reason",
            "something_wrong",
        ],
    );
    run(
        &b,
        &[
            "log",
            "C002",
            "--summary",
            "asked",
            "--at",
            "2026-08-01",
            "--lapse-reason",
            "no_value",
        ],
    );
    // Quiet, then an order 19 days later: won back.
    run(
        &b,
        &["log", "C006", "--summary", "catch up", "--at", "2026-05-01"],
    );
    b
}

#[test]
fn rfm_rows_have_the_scores_and_segments_of_the_purchases() {
    let b = shop("");
    let rows = array(report(&b, &["rfm"]));
    let want = json!([
        {"account_id": 1, "code": "C001", "name": "Alpha", "recency_days": 3, "frequency": 5,
         "monetary": 55000, "r": 5, "f": 5, "m": 5, "segment": "champions", "currency": "JPY"},
        {"account_id": 2, "code": "C002", "name": "Beta", "recency_days": 161, "frequency": 1,
         "monetary": 30000, "r": 4, "f": 1, "m": 4, "segment": "promising", "currency": "JPY"},
        {"account_id": 3, "code": "C003", "name": "Gamma", "recency_days": 175, "frequency": 2,
         "monetary": 13000, "r": 2, "f": 2, "m": 2, "segment": "loyal_customers", "currency": "JPY"},
        {"account_id": 6, "code": "C006", "name": "Foxtrot", "recency_days": 187, "frequency": 2,
         "monetary": 10000, "r": 1, "f": 4, "m": 1, "segment": "lost", "currency": "JPY"},
    ]);
    assert_eq!(Value::Array(rows), want);

    let segments = array(report(&b, &["segments"]));
    assert_eq!(segments.len(), 11, "every segment, empty ones too");
    let pick = |name: &str| {
        segments
            .iter()
            .find(|s| s["segment"] == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone()
    };
    assert_eq!(
        pick("champions"),
        json!({"segment": "champions", "customers": 1, "revenue": 55000, "currency": "JPY"})
    );
    assert_eq!(pick("lost")["revenue"], 10000);
    assert_eq!(pick("at_risk")["customers"], 0);
}

#[test]
fn as_of_looks_back_from_that_date() {
    let b = shop("");
    let rows = array(report(&b, &["rfm", "--as-of", "2026-03-31"]));
    // Beta and the June orders had not happened yet.
    let got: Vec<(i64, i64, i64, i64)> = rows
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_i64().unwrap();
            (
                n("account_id"),
                n("recency_days"),
                n("frequency"),
                n("monetary"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![(1, 21, 3, 25000), (3, 70, 1, 5000), (6, 58, 1, 4000)]
    );
}

#[test]
fn funnel_cohorts_and_revenue_leave_voided_orders_out() {
    let b = shop("");
    let f = report(&b, &["funnel"]);
    let cohorts: Vec<Value> = array(f["cohorts"].clone())
        .into_iter()
        .map(|c| {
            json!([
                c["month"],
                c["new"],
                c["repeat"],
                c["loyal"],
                c["median_days_to_second"]
            ])
        })
        .collect();
    assert_eq!(
        cohorts,
        vec![
            json!(["2026-01", 2, 2, 1, 81.5]),
            json!(["2026-02", 1, 1, 0, 108.0]),
            json!(["2026-06", 1, 0, 0, null]),
        ]
    );
    let t = &f["total"];
    assert_eq!(
        json!([
            t["new"],
            t["repeat"],
            t["loyal"],
            t["median_days_to_second"]
        ]),
        json!([4, 3, 1, 108.0])
    );
    assert_eq!(t["repeat_rate"], 0.75);

    let c = array(report(&b, &["cohorts"]));
    assert_eq!(
        Value::Array(c),
        json!([
            {"month": "2026-01", "size": 2,
             "retention": [1.0, 0.5, 0.5, 0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.5]},
            {"month": "2026-02", "size": 1,
             "retention": [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]},
            {"month": "2026-06", "size": 1, "retention": [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]},
        ])
    );

    let r = array(report(&b, &["revenue"]));
    let got: Vec<Value> = r
        .iter()
        .map(|m| json!([m["month"], m["total"], m["new"], m["returning"]]))
        .collect();
    assert_eq!(
        got,
        vec![
            json!(["2026-01", 15000, 15000, 0]),
            json!(["2026-02", 9000, 4000, 5000]),
            json!(["2026-03", 10000, 0, 10000]),
            json!(["2026-04", 0, 0, 0]),
            json!(["2026-05", 16000, 0, 16000]),
            json!(["2026-06", 38000, 30000, 8000]),
            json!(["2026-07", 0, 0, 0]),
            json!(["2026-08", 0, 0, 0]),
            json!(["2026-09", 0, 0, 0]),
            json!(["2026-10", 0, 0, 0]),
            json!(["2026-11", 20000, 0, 20000]),
        ]
    );
    assert_eq!(r[1]["returning_share"], 5000.0 / 9000.0);
    assert_eq!(r[1]["currency"], "JPY");
}

#[test]
fn winback_by_lapse_reason_now_and_as_of_earlier() {
    let b = shop("");
    let rows = report(&b, &["winback"]);
    assert_eq!(
        rows,
        json!([
            {"lapse_reason": "life_changed", "contacted": 0, "won_back": 0, "rate": null, "pending": 0},
            {"lapse_reason": "something_wrong", "contacted": 1, "won_back": 0, "rate": 0.0, "pending": 0},
            {"lapse_reason": "no_value", "contacted": 1, "won_back": 0, "rate": 0.0, "pending": 0},
            {"lapse_reason": "unknown", "contacted": 1, "won_back": 1, "rate": 1.0, "pending": 0},
        ])
    );
    // On 10 May Gamma's and Foxtrot's 60 days were still running, and
    // Beta had not bought yet. Gamma's reason was given on 20 March.
    let rows = array(report(&b, &["winback", "--as-of", "2026-05-10"]));
    let got: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!([
                r["lapse_reason"],
                r["contacted"],
                r["won_back"],
                r["pending"]
            ])
        })
        .collect();
    assert_eq!(
        got,
        vec![
            json!(["life_changed", 0, 0, 0]),
            json!(["something_wrong", 1, 0, 1]),
            json!(["no_value", 0, 0, 0]),
            json!(["unknown", 1, 0, 1]),
        ]
    );
}

#[test]
fn csv_has_a_header_and_the_json_rows() {
    let b = shop("");
    let out = run(&b, &["report", "segments", "--csv"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "segment,customers,revenue,currency");
    assert_eq!(lines[1], "champions,1,55000,JPY");
    assert_eq!(lines.len(), 12);
    let out = run(&b, &["report", "rfm", "--csv", "--as-of", "2026-03-31"]);
    assert_eq!(
        out,
        "account_id,code,name,recency_days,frequency,monetary,r,f,m,segment,currency\n\
         1,C001,Alpha,21,3,25000,5,5,5,champions,JPY\n\
         3,C003,Gamma,70,1,5000,1,1,3,lost,JPY\n\
         6,C006,Foxtrot,58,1,4000,3,3,1,about_to_sleep,JPY\n"
    );
    let out = run(&b, &["report", "winback", "--csv"]);
    assert!(
        out.starts_with("lapse_reason,contacted,won_back,rate,pending\nlife_changed,0,0,,0\n"),
        "{out}"
    );
    let out = run(&b, &["report", "cohorts", "--csv"]);
    assert!(out.starts_with("month,size,month_0,month_1,"), "{out}");
    assert!(out.contains("\n2026-06,1,1,0,0,0,0,0,,,,,\n"), "{out}");
}

#[test]
fn japanese_text_tables_have_no_english() {
    let b = shop("");
    for (which, want) in [
        ("rfm", "優良顧客"),
        ("segments", "失えない顧客"),
        ("funnel", "リピート率"),
        ("cohorts", "1ヶ月後"),
        ("revenue", "既存顧客比率"),
        ("winback", "不満・トラブル"),
    ] {
        let out = run(&b, &["--lang", "ja", "report", which]);
        assert!(out.contains(want), "{which}: {out}");
        assert!(out.contains("2026-11-23時点"), "{which}: {out}");
        for english in [
            "Champions",
            "Segment",
            "Customer",
            "As of",
            "Month",
            "total",
            "Rate",
        ] {
            assert!(!out.contains(english), "{which} shows {english:?}: {out}");
        }
    }
    let out = run(&b, &["report", "rfm"]);
    assert!(
        out.contains("Champions") && out.contains("¥55,000"),
        "{out}"
    );
}

#[test]
fn fixed_cut_offs_and_loyal_threshold_come_from_the_configuration() {
    let b = shop(
        "loyal_purchase_days = 2\n[rfm]\nrecency_days = [7, 30, 90, 180]\n\
         frequency = [2, 3, 4, 5]\nmonetary = [5000, 10000, 20000, 50000]\n",
    );
    let rows = array(report(&b, &["rfm"]));
    let got: Vec<(i64, u64, u64, u64)> = rows
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_u64().unwrap();
            (r["account_id"].as_i64().unwrap(), n("r"), n("f"), n("m"))
        })
        .collect();
    assert_eq!(
        got,
        vec![(1, 5, 5, 5), (2, 2, 1, 4), (3, 2, 2, 3), (6, 1, 2, 3)]
    );
    assert_eq!(report(&b, &["funnel"])["total"]["loyal"], 3);
}

#[test]
fn an_empty_database_reports_nothing_and_mistakes_exit_2() {
    let b = bench_with_config("");
    run(&b, &["account", "add", "Nobody"]);
    assert_eq!(report(&b, &["rfm"]), json!([]));
    assert_eq!(report(&b, &["funnel"])["total"]["new"], 0);
    let out = run(&b, &["report", "revenue"]);
    assert_eq!(out, "No purchases on or before 2026-11-23.\n");
    let before = b.dump();
    for bad in ["2026-13-45", "someday"] {
        let e = b.user_error(&["report", "cohorts", "--as-of", bad]);
        assert!(e.contains("--as-of") && e.contains(bad), "{e}");
    }
    assert_eq!(b.dump(), before, "a mistake writes nothing");
    // Reading a report never creates a database.
    let missing = b.dir.path().join("none.db");
    b.bare_cmd()
        .arg("--db")
        .arg(&missing)
        .args(["report", "rfm"])
        .assert()
        .code(2);
    assert!(!missing.exists());
}
