//! Money in the configured currency: exact amounts in minor units, shown
//! in the currency's form, refused when the currency cannot hold them, and
//! the database's currency winning over a configuration that changed.

use assert_cmd::Command;
use serde_json::Value;

use super::support::{array, parse_id, stdout_of, Bench};

/// A bench whose configuration file says `config`, with one account C001.
struct Money {
    bench: Bench,
}

impl Money {
    fn new(config: &str) -> Money {
        let m = Money {
            bench: Bench::new(),
        };
        m.set_config(config);
        m.ok(&["account", "add", "Acme", "--code", "C001"]);
        m
    }

    fn set_config(&self, config: &str) {
        self.bench.set_config(config);
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.bench.cmd();
        cmd.args(args);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        stdout_of(self.cmd(args).assert().success())
    }

    /// Exit 2: the stderr text.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.cmd(args).assert().code(2).get_output().clone();
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
        stderr
            .trim_end()
            .strip_prefix("salesbench: ")
            .unwrap_or_else(|| panic!("{args:?}: {stderr:?}"))
            .to_string()
    }

    fn history(&self) -> Vec<Value> {
        array(serde_json::from_str(&self.ok(&["history", "C001", "--json"])).expect("JSON"))
    }

    /// What the database holds, read after the command ended.
    fn stored_amounts(&self) -> Vec<i64> {
        let conn = rusqlite::Connection::open(&self.bench.db).expect("open");
        let mut st = conn
            .prepare("SELECT amount FROM orders ORDER BY id")
            .expect("select");
        let rows = st.query_map([], |r| r.get(0)).expect("query");
        rows.collect::<Result<_, _>>().expect("amounts")
    }

    fn recorded_currency(&self) -> Option<String> {
        let conn = rusqlite::Connection::open(&self.bench.db).expect("open");
        conn.query_row(
            "SELECT value FROM settings WHERE key = 'currency'",
            [],
            |r| r.get(0),
        )
        .ok()
    }
}

#[test]
fn dollars_are_stored_in_cents_and_shown_as_dollars() {
    let m = Money::new("currency = \"USD\"\n");
    let id = parse_id(&m.ok(&["order", "C001", "--amount", "29.33"]));
    m.ok(&["order", "C001", "--amount", "$1,234.50"]);
    m.ok(&["order", "C001", "--amount", "USD 7"]);
    assert_eq!(m.stored_amounts(), [2_933, 123_450, 700]);
    assert_eq!(m.recorded_currency().as_deref(), Some("USD"));

    let text = m.ok(&["history", "C001"]);
    assert!(text.contains("$29.33"), "{text}");
    assert!(text.contains("$1,234.50"), "{text}");
    let ja = m.ok(&["--lang", "ja", "history", "C001"]);
    assert!(ja.contains("$29.33") && !ja.contains('円'), "{ja}");

    // JSON: the amount in minor units as before, and its currency beside it.
    let rows = m.history();
    let order = rows.iter().find(|r| r["id"] == id).expect("order row");
    assert_eq!(order["amount"], 2_933);
    assert_eq!(order["currency"], "USD");

    // An edit reads the amount the same way.
    m.ok(&["order", "edit", &id.to_string(), "--amount", "30.5"]);
    assert_eq!(m.stored_amounts()[0], 3_050);
    let order = m
        .history()
        .into_iter()
        .find(|r| r["id"] == id)
        .expect("order row");
    assert_eq!(order["revisions"][0]["amount"], 2_933);
}

#[test]
fn dollars_refuse_a_third_decimal_naming_the_flag_in_both_languages() {
    let m = Money::new("currency = \"USD\"\n");
    let en = m.refused(&["order", "C001", "--amount", "29.333"]);
    assert_eq!(
        en.trim_end(),
        "--amount: USD amounts have at most 2 decimals: \"29.333\""
    );
    let ja = m.refused(&["--lang", "ja", "order", "C001", "--amount", "29.333"]);
    assert_eq!(
        ja.trim_end(),
        "--amount: USD の金額は小数点以下 2 桁までです：「29.333」"
    );
    let id = parse_id(&m.ok(&["order", "C001", "--amount", "1"]));
    let edit = m.refused(&["order", "edit", &id.to_string(), "--amount", "0.001"]);
    assert!(
        edit.starts_with("--amount: USD amounts have at most 2"),
        "{edit}"
    );
    assert_eq!(m.stored_amounts(), [100]);
}

#[test]
fn yen_refuses_cents_in_english_and_japanese() {
    let m = Money::new("");
    let en = m.refused(&["order", "C001", "--amount", "29.33"]);
    assert_eq!(
        en.trim_end(),
        "--amount: yen has no fractional part: \"29.33\" (round to whole yen)"
    );
    let ja = m.refused(&["--lang", "ja", "order", "C001", "--amount", "29.33"]);
    assert_eq!(
        ja.trim_end(),
        "--amount: 円に小数はありません：「29.33」（1円単位に丸めてください）"
    );
    let ja = m.refused(&["--lang", "ja", "order", "C001", "--amount", "abc"]);
    assert!(
        ja.contains("金額として読めません") && ja.contains("12,000円"),
        "{ja}"
    );
    assert!(m.stored_amounts().is_empty());
    // Nothing was written, so nothing was recorded either.
    assert_eq!(m.recorded_currency(), None);

    // Today's yen forms still work, and show as before.
    m.ok(&["order", "C001", "--amount", "¥12,000"]);
    m.ok(&["order", "C001", "--amount", "１２，０００円"]);
    assert_eq!(m.stored_amounts(), [12_000, 12_000]);
    assert_eq!(m.recorded_currency().as_deref(), Some("JPY"));
    assert!(m.ok(&["history", "C001"]).contains("¥12,000"));
    assert!(m
        .ok(&["--lang", "ja", "history", "C001"])
        .contains("12,000円"));
}

#[test]
fn the_databases_currency_wins_over_a_changed_config_and_says_so() {
    let m = Money::new("");
    m.ok(&["order", "C001", "--amount", "12000"]);
    m.set_config("currency = \"USD\"\n");

    // Still yen: 12000 is not misread as $120.00, and the operator is told.
    let out = m
        .cmd(&["history", "C001"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("¥12,000"), "{stdout}");
    assert!(
        stderr.contains("keeps its amounts in JPY")
            && stderr.contains("asks for USD")
            && stderr.contains("JPY is used"),
        "{stderr}"
    );
    let ja = m
        .cmd(&["--lang", "ja", "history", "C001"])
        .assert()
        .success();
    let ja = String::from_utf8(ja.get_output().stderr.clone()).unwrap();
    assert!(ja.contains("データベースの通貨が優先されます"), "{ja}");

    // Amounts are read in yen too: cents are refused, yen accepted.
    let refused = m.refused(&["order", "C001", "--amount", "29.33"]);
    assert!(refused.contains("yen has no fractional part"), "{refused}");
    m.ok(&["order", "C001", "--amount", "500"]);
    assert_eq!(m.stored_amounts(), [12_000, 500]);
    assert_eq!(m.history()[0]["currency"], "JPY");
}

#[test]
fn until_the_first_amount_the_config_can_still_choose() {
    let m = Money::new("");
    m.set_config("currency = \"EUR\"\n");
    let out = m
        .cmd(&["order", "C001", "--amount", "€1,234.50"])
        .assert()
        .success();
    assert!(out.get_output().stderr.is_empty());
    assert_eq!(m.stored_amounts(), [123_450]);
    assert_eq!(m.recorded_currency().as_deref(), Some("EUR"));
    assert!(m.ok(&["history", "C001"]).contains("€1,234.50"));
}

#[test]
fn an_unknown_currency_is_a_config_warning_naming_the_line_and_yen_is_used() {
    let m = Money::new("language = \"ja\"\n\ncurrency = \"DOLLARS\"\n");
    let out = m
        .cmd(&["order", "C001", "--amount", "12000"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The rest of the file still counts: the warning is in Japanese.
    assert!(
        stderr.contains("config.toml:3")
            && stderr.contains("「DOLLARS」")
            && stderr.contains("円（JPY）を使います"),
        "{stderr}"
    );
    let en = m
        .cmd(&["--lang", "en", "history", "C001"])
        .assert()
        .success();
    let en = String::from_utf8(en.get_output().stderr.clone()).unwrap();
    assert!(en.contains("config.toml:3: currency \"DOLLARS\""), "{en}");
    assert_eq!(m.stored_amounts(), [12_000]);
    assert_eq!(m.recorded_currency().as_deref(), Some("JPY"));
}

#[test]
fn quiet_json_gives_the_currency_of_the_last_order_amount() {
    let m = Money::new("currency = \"GBP\"\n");
    m.ok(&["order", "C001", "--amount", "£19.99", "--at", "2026-01-10"]);
    let rows =
        array(serde_json::from_str(&m.ok(&["quiet", "--json", "--as-of", "2027-06-01"])).unwrap());
    let row = rows
        .iter()
        .find(|r| r["name"] == "Acme")
        .expect("quiet row");
    assert_eq!(row["last_order_amount"], 1_999);
    assert_eq!(row["currency"], "GBP");
    let text = m.ok(&["quiet", "--as-of", "2027-06-01"]);
    assert!(text.contains("£19.99"), "{text}");
}
