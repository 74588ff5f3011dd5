//! User mistakes: one clear message, exit 2, nothing written.

use super::support::{sjis, Bench};

fn refused(b: &Bench, args: &[&str]) -> String {
    let before = b.counts();
    let err = b.refused(args);
    assert_eq!(b.counts(), before, "{args:?} wrote something");
    err
}

#[test]
fn mistakes_in_the_command_or_the_file_are_exit_2_with_a_clear_message() {
    let b = Bench::new();
    b.add("Acme", &[]);
    let good = b.file("good.csv", b"name,phone\nAcme,03-1234-5678\n");
    let good = good.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["import", "accounts", good, "--map", "phone=telephone"],
            "--map: unknown field \"telephone\" for accounts",
        ),
        (
            vec!["import", "accounts", good, "--map", "phone"],
            "--map: expected COLUMN=FIELD",
        ),
        (
            vec!["import", "accounts", good, "--map", "fax=phone"],
            "--map: no column \"fax\" in the file",
        ),
        (
            vec!["import", "orders", good, "--map", "phone=honorific"],
            "unknown field \"honorific\" for orders",
        ),
        (
            vec!["import", "accounts", good, "--encoding", "latin-1"],
            "--encoding: \"latin-1\" is not one of: auto, utf-8, shift_jis",
        ),
        (
            vec!["import", "accounts", "missing.csv"],
            "missing.csv: cannot read:",
        ),
        (
            vec!["import", "accounts", good, "--skip-invalid", good],
            "that is the file being imported",
        ),
        (vec!["import", "orders", good], "no date column found"),
    ];
    for (args, want) in cases {
        let err = refused(&b, &args);
        assert!(err.contains(want), "{args:?}: want {want:?} in {err:?}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line: {err}"
        );
    }
}

#[test]
fn files_that_are_not_csv_are_refused() {
    let b = Bench::new();
    b.add("Acme", &[]);
    let dir = b.dir.path().to_str().unwrap().to_string();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "photo.csv",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "not a CSV file: it contains binary data",
        ),
        (
            "book.csv",
            b"PK\x03\x04\x14\0\x06\0".to_vec(),
            "Excel workbook, not CSV",
        ),
        ("empty.csv", Vec::new(), "the file is empty"),
        ("blank.csv", b"\r\n\r\n".to_vec(), "the file is empty"),
        (
            "prose.csv",
            "買い物リスト\n牛乳\n卵\n".as_bytes().to_vec(),
            "no name column found",
        ),
    ];
    for (name, bytes, want) in cases {
        let f = b.file(name, &bytes);
        let err = refused(&b, &["import", "accounts", f.to_str().unwrap()]);
        assert!(err.contains(want), "{name}: want {want:?} in {err:?}");
    }
    let err = refused(&b, &["import", "accounts", &dir]);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn a_forced_encoding_that_does_not_fit_names_the_fix() {
    let b = Bench::new();
    b.add("Acme", &[]);
    let f = b.file("sjis.csv", &sjis("会社名,備考\r\n田中商店,常連\r\n"));
    let f = f.to_str().unwrap();
    let err = refused(&b, &["import", "accounts", f, "--encoding", "utf-8"]);
    assert!(
        err.contains("not valid UTF-8 text (try --encoding utf-8 or shift_jis)"),
        "{err}"
    );
    // Auto-detection reads it; forcing Shift_JIS does too.
    assert!(b
        .import(
            "accounts",
            std::path::Path::new(f),
            &["--encoding", "shift_jis", "--dry-run"]
        )
        .contains("1 would be new"));
}

#[test]
fn progress_is_silent_when_stderr_is_not_a_terminal() {
    let b = Bench::new();
    let mut csv = String::from("name\n");
    for i in 0..5000 {
        csv.push_str(&format!("Shop {i}\n"));
    }
    let f = b.file("many.csv", csv.as_bytes());
    // `ok` asserts stderr is empty.
    assert!(b.import("accounts", &f, &[]).contains("5000 new"));
}

/// The same rule as `log` and `order`: history is not dated ahead of the
/// clock (a few minutes of skew is taken as now); a future row is a bad
/// row naming its line and date column.
#[test]
fn future_dated_orders_and_conversations_are_bad_rows() {
    let b = Bench::new();
    b.add("Acme", &["--code", "A1"]);
    let orders = b.file(
        "pos.csv",
        "date,customer code,amount\n2026/11/20,A1,1000\n2026/11/30,A1,2000\n".as_bytes(),
    );
    let err = refused(&b, &["import", "orders", orders.to_str().unwrap()]);
    assert!(
        err.contains("line 3, column date: date") && err.contains("is in the future"),
        "{err}"
    );
    let calls = b.file(
        "calls.csv",
        "date,name,summary\n2026-11-23 09:04,Acme,skewed\n2026-11-24 10:00,Acme,planned\n"
            .as_bytes(),
    );
    let err = refused(&b, &["import", "conversations", calls.to_str().unwrap()]);
    assert!(
        err.contains("line 3, column date: date") && err.contains("is in the future"),
        "{err}"
    );
    let rejects = b.path("rejects.csv");
    let out = b.import(
        "conversations",
        &calls,
        &["--skip-invalid", rejects.to_str().unwrap()],
    );
    assert!(out.contains("1 new"), "{out}");
    let touch = b.rows("SELECT last_touch_at FROM accounts WHERE code = 'A1'");
    assert_eq!(touch, [["2026-11-23T00:00:00Z"]], "never in the future");
}

#[test]
fn bad_rows_are_reported_in_japanese_under_lang_ja() {
    let b = Bench::new();
    b.add("Acme", &["--code", "C1"]);
    let file = b.file(
        "orders.csv",
        "顧客コード,日付,金額\nNOPE,2026-01-05,100\nC1,2026-13-45,abc\n".as_bytes(),
    );
    let err = refused(
        &b,
        &["import", "orders", file.to_str().unwrap(), "--lang", "ja"],
    );
    for want in [
        "2行のうち2行に不備があります。何も書き込んでいません",
        "2行目：列「顧客コード」：顧客が見つかりません：顧客コード \"NOPE\" の顧客はいません",
        "3行目：列「日付」：日付として読めません：\"2026-13-45\"（存在しない日付です：2026-13-45）",
        "列「金額」：金額として読めません",
    ] {
        assert!(err.contains(want), "want {want:?} in {err}");
    }
    for english in [
        "line ",
        "column ",
        "unknown customer",
        "bad rows",
        "no such date",
    ] {
        assert!(!err.contains(english), "English {english:?} in {err}");
    }
    // The same file dry-run with --skip-invalid lists the rows the same way.
    let rejects = b.path("rejects.csv");
    let out = b.ok(&[
        "import",
        "orders",
        file.to_str().unwrap(),
        "--dry-run",
        "--skip-invalid",
        rejects.to_str().unwrap(),
        "--lang",
        "ja",
    ]);
    assert!(out.contains("取り込めなかった行："), "{out}");
    // Mistakes with the command or the file as a whole, too.
    let good = b.file("good.csv", "name,phone\nAcme,03-1234-5678\n".as_bytes());
    let good = good.to_str().unwrap();
    for (args, want) in [
        (
            vec!["import", "accounts", good, "--map", "phone"],
            "--map：列名=項目 の形で指定してください",
        ),
        (
            vec!["import", "accounts", good, "--map", "fax=phone"],
            "--map：ファイルに「fax」という列はありません",
        ),
        (
            vec!["import", "orders", good, "--map", "phone=honorific"],
            "orders に「honorific」という項目はありません",
        ),
        (
            vec!["import", "accounts", good, "--encoding", "latin-1"],
            "--encoding：「latin-1」は指定できません",
        ),
        (
            vec!["import", "accounts", "missing.csv"],
            "読めません：ファイルがありません",
        ),
        (vec!["import", "orders", good], "date の列が見つかりません"),
    ] {
        let mut args = args;
        args.extend(["--lang", "ja"]);
        let err = refused(&b, &args);
        assert!(err.contains(want), "{args:?}: want {want:?} in {err}");
    }
    assert!(out.contains("試行：購入"), "{out}");
    assert!(!out.contains("rejected rows"), "{out}");
}
