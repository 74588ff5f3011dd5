//! Importing amounts in the database's currency: a dollar register read
//! exactly in cents, decimals the currency cannot hold refused at their
//! line, and an export in another currency refused instead of misread.

use super::support::Bench;

fn dollar_shop() -> Bench {
    let b = Bench::new();
    b.file("config.toml", b"currency = \"USD\"\n");
    b.add("Acme", &["--code", "A1"]);
    b
}

#[test]
fn a_dollar_register_is_stored_in_cents() {
    let b = dollar_shop();
    let pos = b.file(
        "pos.csv",
        "date,customer code,amount,note\n\
         2026/11/01,A1,29.33,one\n\
         2026/11/02,A1,\"$1,234.50\",two\n\
         2026/11/03,A1,USD 7,three\n\
         2026/11/04,A1,0.5,four\n"
            .as_bytes(),
    );
    let out = b.import("orders", &pos, &[]);
    assert!(out.contains("4 new"), "{out}");
    let rows = b.rows("SELECT amount, note FROM orders ORDER BY ordered_at");
    assert_eq!(
        rows,
        [
            ["2933", "one"],
            ["123450", "two"],
            ["700", "three"],
            ["50", "four"]
        ]
    );
    let currency = b.rows("SELECT value FROM settings WHERE key = 'currency'");
    assert_eq!(currency, [["USD"]]);
    // Importing the same register again finds the same purchases.
    let again = b.import("orders", &pos, &[]);
    assert!(again.contains("4 unchanged"), "{again}");
}

#[test]
fn a_third_decimal_is_a_bad_row_named_by_line_and_column_in_both_languages() {
    let b = dollar_shop();
    let pos = b.file(
        "pos.csv",
        "date,customer code,amount\n2026/11/01,A1,29.33\n2026/11/02,A1,29.333\n".as_bytes(),
    );
    let f = pos.to_str().unwrap();
    let err = b.refused(&["import", "orders", f]);
    assert!(
        err.contains("line 3, column amount: USD amounts have at most 2 decimals: \"29.333\""),
        "{err}"
    );
    let ja = b.refused(&["--lang", "ja", "import", "orders", f]);
    assert!(
        ja.contains("USD の金額は小数点以下 2 桁までです：「29.333」"),
        "{ja}"
    );
    assert!(b.rows("SELECT id FROM orders").is_empty());
}

#[test]
fn yen_refuses_cents_at_their_line() {
    let b = Bench::new();
    b.add("Acme", &["--code", "A1"]);
    let pos = b.file(
        "pos.csv",
        "date,customer code,amount\n2026/11/01,A1,12000\n2026/11/02,A1,29.33\n".as_bytes(),
    );
    let f = pos.to_str().unwrap();
    let err = b.refused(&["import", "orders", f]);
    assert!(
        err.contains("line 3, column amount: yen has no fractional part: \"29.33\""),
        "{err}"
    );
    let ja = b.refused(&["--lang", "ja", "import", "orders", f]);
    assert!(ja.contains("円に小数はありません：「29.33」"), "{ja}");
    assert!(b.rows("SELECT id FROM orders").is_empty());
}

#[test]
fn dollar_exports_round_trip_and_another_currency_is_refused() {
    let b = dollar_shop();
    b.ok(&["order", "A1", "--amount", "29.33", "--at", "2026-11-01"]);
    b.ok(&["order", "A1", "--amount", "1234.5", "--at", "2026-11-02"]);
    let csv = b.path("orders.csv");
    b.ok(&["export", "orders", "--output", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with(",currency"),
        "{text}"
    );
    assert!(
        text.contains(",29.33,") && text.contains(",1234.50,"),
        "{text}"
    );
    assert!(text.lines().skip(1).all(|l| l.ends_with(",USD")), "{text}");
    let json = b.path("orders.json");
    b.ok(&[
        "export",
        "orders",
        "--format",
        "json",
        "--output",
        json.to_str().unwrap(),
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(rows[0]["amount"], 2_933);
    assert_eq!(rows[0]["currency"], "USD");

    // Into a new dollar database: the same cents.
    let copy = Bench::new();
    copy.file("config.toml", b"currency = \"USD\"\n");
    copy.add("Acme", &["--code", "A1"]);
    let out = copy.import("orders", &csv, &[]);
    assert!(out.contains("2 new"), "{out}");
    let amounts = copy.rows("SELECT amount FROM orders ORDER BY ordered_at");
    assert_eq!(amounts, [["2933"], ["123450"]]);

    // Into a yen database: 29.33 is not yen, and the column says so.
    let yen = Bench::new();
    yen.add("Acme", &["--code", "A1"]);
    yen.ok(&["order", "A1", "--amount", "100", "--at", "2026-10-01"]);
    let err = yen.refused(&["import", "orders", csv.to_str().unwrap()]);
    assert!(
        err.contains("line 2, column currency: amount in \"USD\", but this database keeps its amounts in JPY"),
        "{err}"
    );
    assert_eq!(yen.rows("SELECT amount FROM orders"), [["100"]]);
}
