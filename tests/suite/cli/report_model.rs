//! `salesbench report churn` and `report model` on real databases: the
//! CDNOW sample imported as a dollar register (the published parameters
//! and the paper's worked example through the binary), a small yen shop
//! with too little history, CSV, Japanese text, and mistaken flags.

use assert_cmd::Command;
use serde_json::Value;

use super::support::{array, stdout_of, Bench};

const SAMPLE: &str = include_str!("../../fixtures/CDNOW_sample.txt");

/// A bench with its own configuration file.
struct Shop {
    bench: Bench,
}

impl Shop {
    fn new(config: &str) -> Shop {
        let bench = Bench::new();
        bench.set_config(config);
        Shop { bench }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.bench.cmd();
        cmd.args(args);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        stdout_of(self.cmd(args).assert().success())
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}): {out}"))
    }

    /// Exit 2, nothing on stdout, one line on stderr: that line.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.cmd(args).assert().code(2).get_output().clone();
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        stderr.trim_end().to_string()
    }
}

/// The CDNOW sample as a register export (date, customer code, name,
/// amount in dollars) imported into a USD database.
fn cdnow() -> Shop {
    let shop = Shop::new("currency = \"USD\"\n");
    let mut csv = String::from("date,customer code,customer name,amount\n");
    for line in SAMPLE.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let d = f[2];
        let id: u32 = f[0].parse().unwrap();
        csv.push_str(&format!(
            "{}/{}/{},{},顧客{id},{}\n",
            &d[..4],
            &d[4..6],
            &d[6..],
            f[0],
            f[4]
        ));
    }
    let path = shop.bench.dir.path().join("cdnow.csv");
    std::fs::write(&path, csv).unwrap();
    let out = shop.ok(&[
        "import",
        "orders",
        path.to_str().unwrap(),
        "--create-missing",
    ]);
    assert!(out.contains("6919 new"), "{out}");
    shop
}

fn round_to(v: &Value, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")) * k).round() / k
}

const CHURN_FIELDS: [&str; 14] = [
    "account_id",
    "code",
    "name",
    "frequency",
    "recency_weeks",
    "t_weeks",
    "monetary",
    "p_alive",
    "expected_purchases",
    "expected_spend",
    "clv",
    "expected_next_order_on",
    "segment",
    "currency",
];

#[test]
fn model_on_cdnow_gives_the_published_parameters() {
    let shop = cdnow();
    let m = shop.json(&["report", "model", "--as-of", "1997-09-30", "--json"]);
    assert_eq!(m["as_of"], "1997-09-30");
    assert_eq!(m["customers"], 2357);
    assert_eq!(m["repeat_customers"], 946);
    assert_eq!(m["currency"], "USD");
    assert_eq!(m["reason"], Value::Null);
    let bg = &m["bgnbd"];
    let got: Vec<f64> = ["r", "alpha", "a", "b"]
        .iter()
        .map(|k| round_to(&bg[k], 3))
        .collect();
    assert_eq!(got, vec![0.243, 4.414, 0.793, 2.426], "{m}");
    assert!(bg["log_likelihood"].as_f64().unwrap() < 0.0, "{m}");
    let gg = &m["gamma_gamma"];
    let got: Vec<f64> = ["p", "q", "v"]
        .iter()
        .map(|k| round_to(&gg[k], 2))
        .collect();
    assert_eq!(got, vec![6.25, 3.74, 15.44], "{m}");
    assert!(m["fit_ms"].as_f64().unwrap() >= 0.0);

    let ja = shop.ok(&["--lang", "ja", "report", "model", "--as-of", "1997-09-30"]);
    assert!(ja.contains("r = 0.243") && ja.contains("v = 15.44"), "{ja}");
    for english in ["Customers", "Repeat", "Spend", "Fitted", "As of"] {
        assert!(!ja.contains(english), "shows {english:?}: {ja}");
    }
}

#[test]
fn churn_on_cdnow_has_every_field_and_the_papers_worked_example() {
    let shop = cdnow();
    let args = [
        "report",
        "churn",
        "--as-of",
        "1997-09-30",
        "--json",
        "--horizon-weeks",
        "39",
    ];
    let rows = array(shop.json(&args));
    assert_eq!(rows.len(), 2357);
    for r in &rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = CHURN_FIELDS.to_vec();
        let mut keys = keys.clone();
        want.sort_unstable();
        keys.sort_unstable();
        assert_eq!(keys, want, "{r}");
        assert_eq!(r["currency"], "USD");
        for amount in ["monetary", "expected_spend", "clv"] {
            assert!(r[amount].is_i64(), "{amount} is whole cents: {r}");
        }
        assert!(r["p_alive"]
            .as_f64()
            .is_some_and(|p| (0.0..=1.0).contains(&p)));
    }
    // Customer x = 2, t_x = 30.43, T = 38.86 of Fader, Hardie & Lee.
    let example: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            r["frequency"] == 2
                && round_to(&r["recency_weeks"], 2) == 30.43
                && round_to(&r["t_weeks"], 2) == 38.86
        })
        .collect();
    assert!(
        !example.is_empty(),
        "no customer with x=2, t_x=30.43, T=38.86"
    );
    for r in example {
        assert_eq!(round_to(&r["expected_purchases"], 3), 1.226, "{r}");
    }
    // Most valuable first, then by id.
    let order: Vec<(i64, i64)> = rows
        .iter()
        .map(|r| {
            (
                -r["clv"].as_i64().unwrap(),
                r["account_id"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted);
    // Customer 4 (code 00004): first bought 1997-01-01; the segment is
    // that of `report rfm`.
    let four = rows.iter().find(|r| r["code"] == "00004").unwrap();
    assert_eq!(four["name"], "顧客4");
    assert_eq!(four["expected_next_order_on"], "1997-11-17");
    let rfm = array(shop.json(&["report", "rfm", "--as-of", "1997-09-30", "--json"]));
    let rfm_four = rfm.iter().find(|r| r["code"] == "00004").unwrap();
    assert_eq!(four["segment"], rfm_four["segment"]);
    // A longer horizon, more expected purchases.
    let year = array(shop.json(&["report", "churn", "--as-of", "1997-09-30", "--json"]));
    let year_four = year.iter().find(|r| r["code"] == "00004").unwrap();
    assert!(year_four["expected_purchases"].as_f64() > four["expected_purchases"].as_f64());
}

#[test]
fn churn_csv_has_a_header_and_japanese_text_no_english_headings() {
    let shop = cdnow();
    let csv = shop.ok(&["report", "churn", "--as-of", "1997-09-30", "--csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(CHURN_FIELDS.join(",").as_str()));
    assert_eq!(lines.count(), 2357);

    let ja = shop.ok(&["--lang", "ja", "report", "churn", "--as-of", "1997-09-30"]);
    let heading = ja.lines().take(3).collect::<Vec<_>>().join("\n");
    for want in [
        "1997-09-30時点",
        "継続購入の見込み",
        "顧客生涯価値",
        "次回購入予定日",
    ] {
        assert!(heading.contains(want), "{heading}");
    }
    for english in [
        "As of", "Customer", "Code", "Still", "Exp", "Lifetime", "Next", "Segment", "Repeat",
        "weeks", "months",
    ] {
        assert!(!heading.contains(english), "shows {english:?}: {heading}");
    }
    assert!(!ja.contains("Champions") && ja.contains("優良顧客"));
    let en = shop.ok(&["report", "churn", "--as-of", "1997-09-30"]);
    assert!(
        en.contains("Lifetime value") && en.contains("$1,162.87"),
        "{en}"
    );
}

/// Three yen customers: far too few for the models.
fn small_yen_shop() -> Shop {
    let shop = Shop::new("");
    for (code, name) in [("C1", "Alpha"), ("C2", "Beta"), ("C3", "Gamma")] {
        shop.ok(&["account", "add", name, "--code", code]);
    }
    for (code, day, amount) in [
        ("C1", "2026-01-10", "10000"),
        ("C1", "2026-03-10", "12000"),
        ("C1", "2026-05-10", "9000"),
        ("C2", "2026-06-15", "30000"),
        ("C3", "2026-02-01", "4000"),
    ] {
        shop.ok(&["order", code, "--amount", amount, "--at", day]);
    }
    shop
}

#[test]
fn a_small_shop_has_no_model_and_says_why() {
    let shop = small_yen_shop();
    let m = shop.json(&["report", "model", "--json"]);
    assert_eq!(m["customers"], 3);
    assert_eq!(m["repeat_customers"], 1);
    assert_eq!(m["currency"], "JPY");
    assert_eq!(m["bgnbd"], Value::Null);
    assert_eq!(m["gamma_gamma"], Value::Null);
    assert_eq!(m["reason"], "too_few_customers");

    let rows = array(shop.json(&["report", "churn", "--json"]));
    assert_eq!(rows.len(), 3);
    for r in &rows {
        for figure in ["p_alive", "expected_purchases", "expected_spend", "clv"] {
            assert_eq!(r[figure], Value::Null, "{r}");
        }
    }
    // Without values, by account id; the repeat buyer's next order is
    // still expected (gaps 59 and 61 days: 60 after 10 May).
    let ids: Vec<&Value> = rows.iter().map(|r| &r["code"]).collect();
    assert_eq!(ids, ["C1", "C2", "C3"]);
    assert_eq!(rows[0]["expected_next_order_on"], "2026-07-09");
    assert_eq!(rows[0]["monetary"], 10500);
    assert_eq!(rows[0]["currency"], "JPY");

    let en = shop.ok(&["report", "churn"]);
    let why = "Too little history for the model: 3 customers with purchases (needs about 50)";
    assert!(en.lines().nth(1).unwrap().starts_with(why), "{en}");
    let ja = shop.ok(&["--lang", "ja", "report", "churn"]);
    assert!(
        ja.lines()
            .nth(1)
            .unwrap()
            .contains("購入のある顧客は3人です（目安は50人以上）"),
        "{ja}"
    );
    let ja = shop.ok(&["--lang", "ja", "report", "model"]);
    assert!(ja.contains("予測に必要な履歴が足りません"), "{ja}");
}

#[test]
fn mistaken_flags_exit_2_naming_the_flag_in_both_languages() {
    let shop = small_yen_shop();
    for (flag, value) in [
        ("--horizon-weeks", "0"),
        ("--horizon-weeks", "abc"),
        ("--months", "0"),
        ("--months", "-3"),
        ("--discount", "-1"),
        ("--discount", "x"),
        ("--as-of", "2026-13-45"),
    ] {
        let e = shop.refused(&["report", "churn", flag, value]);
        assert!(e.contains(flag) && e.contains(value), "{e}");
        let ja = shop.refused(&["--lang", "ja", "report", "churn", flag, value]);
        assert!(ja.contains(flag) && ja.contains(value), "{ja}");
        assert!(
            !ja.contains("give") && !ja.contains("whole number"),
            "English in {ja}"
        );
    }
    let e = shop.refused(&["report", "model", "--as-of", "someday"]);
    assert!(e.contains("--as-of") && e.contains("someday"), "{e}");
    // The limits themselves are fine.
    shop.ok(&[
        "report",
        "churn",
        "--horizon-weeks",
        "1",
        "--months",
        "1",
        "--discount",
        "0",
    ]);
}
