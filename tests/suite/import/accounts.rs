//! Customer lists: encodings, Japanese headers, bad rows, duplicates.

use serde_json::Value;

use super::support::{bom, sjis, Bench};

fn show(b: &Bench, key: &str) -> Value {
    serde_json::from_str(&b.ok(&["account", "show", key, "--json"])).expect("json")
}

#[test]
fn a_shift_jis_list_with_japanese_headers_crlf_and_multi_line_notes() {
    let b = Bench::new();
    // Excel's Shift_JIS CSV: CRLF, a quoted note over two lines, a row
    // padded with trailing empty columns and one cut short.
    let csv = "顧客コード,会社名,フリガナ,電話番号,メールアドレス,郵便番号,住所,タグ,備考\r\n\
        C001,株式会社山田製作所,ヤマダセイサクショ,03-1234-5678,info@yamada.example.jp,150-0001,東京都渋谷区神宮前1-2-3,\"製造,常連\",\"1行目\r\n2行目\"\r\n\
        C002,髙橋 一郎,タカハシ イチロウ,090-1111-2222,,,,,,,\r\n\
        C003,ｶﾌｪ・ド・ﾊﾟﾘ\r\n";
    let file = b.file("customers.csv", &sjis(csv));
    let out = b.import("accounts", &file, &[]);
    assert!(out.contains("(Shift_JIS, 3 rows)"), "{out}");
    assert!(
        out.contains("3 new, 0 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    let yamada = show(&b, "C001");
    assert_eq!(yamada["name"], "株式会社山田製作所");
    assert_eq!(yamada["reading"], "ヤマダセイサクショ");
    assert_eq!(yamada["phone"], "03-1234-5678");
    assert_eq!(yamada["address"], "〒150-0001 東京都渋谷区神宮前1-2-3");
    assert_eq!(yamada["tags"], serde_json::json!(["製造", "常連"]));
    assert_eq!(yamada["note"], "1行目\n2行目");
    assert_eq!(show(&b, "C002")["name"], "髙橋 一郎");
    assert_eq!(show(&b, "C003")["name"], "ｶﾌｪ・ド・ﾊﾟﾘ");
}

#[test]
fn bad_rows_reject_the_whole_file_naming_line_column_and_problem() {
    let b = Bench::new();
    b.add("Existing Co", &[]);
    let before = b.counts();
    let csv = "会社名,メールアドレス,連絡間隔\r\n\
        Good One,good@example.com,30\r\n\
        \"Two\r\nLines\",two@example.com,\r\n\
        ,nobody@example.com,\r\n\
        Bad Mail,not-an-email,\r\n\
        Bad Interval,,soon\r\n\
        Good Two,,\r\n";
    let file = b.file("list.csv", &bom(csv));
    let err = b.refused(&["import", "accounts", file.to_str().unwrap()]);
    assert!(
        err.contains("3 bad rows of 6; nothing was written"),
        "{err}"
    );
    assert!(err.contains("line 5, column 会社名: missing name"), "{err}");
    assert!(
        err.contains("line 6, column メールアドレス: not an e-mail address: \"not-an-email\""),
        "{err}"
    );
    assert!(
        err.contains("line 7, column 連絡間隔: not a number of days: \"soon\""),
        "{err}"
    );
    assert_eq!(b.counts(), before, "nothing written");
}

#[test]
fn skip_invalid_writes_the_good_rows_and_keeps_the_bad_ones_byte_for_byte() {
    let b = Bench::new();
    let header = "会社名,電話番号,メールアドレス\r\n";
    let bad1 = "\"不正な\r\nメール\",03-0000-0000,あいう\r\n";
    let bad2 = ",06-1111-1111,\r\n";
    let csv = format!("{header}田中商店,03-1111-2222,\r\n{bad1}{bad2}山田工務店,,\r\n");
    let file = b.file("in.csv", &sjis(&csv));
    let rejects = b.path("rejects.csv");
    let out = b.import(
        "accounts",
        &file,
        &["--skip-invalid", rejects.to_str().unwrap()],
    );
    assert!(
        out.contains("2 new, 0 updated, 0 unchanged, 2 rejected"),
        "{out}"
    );
    assert!(out.contains("line 3, column メールアドレス"), "{out}");
    assert!(out.contains("line 5, column 会社名: missing name"), "{out}");
    let kept = std::fs::read(&rejects).unwrap();
    assert_eq!(
        kept,
        sjis(&format!("{header}{bad1}{bad2}")),
        "same bytes, same encoding"
    );
    assert_eq!(
        b.rows("SELECT name FROM accounts ORDER BY id"),
        [["田中商店"], ["山田工務店"]]
    );
    // Fixed in place, the rejects file goes in like any other.
    let fixed = b.file(
        "fixed.csv",
        &sjis(&format!(
            "{header}不正なメール,03-0000-0000,x@example.jp\r\n"
        )),
    );
    assert!(b.import("accounts", &fixed, &[]).contains("1 new"));
}

#[test]
fn an_existing_account_is_updated_not_duplicated_and_the_change_is_logged() {
    let b = Bench::new();
    let tanaka = b.add(
        "田中商店",
        &["--email", "tanaka@example.jp", "--phone", "03-1111-2222"],
    );
    let yamada = b.add("山田製作所", &["--code", "Y1"]);
    let sato = b.add(
        "佐藤 花子",
        &["--reading", "さとう はなこ", "--kind", "person"],
    );
    let csv = "name,reading,code,email,phone,address,tags\n\
        田中商店,,,TANAKA@example.jp,03-9999-0000,,\n\
        山田製作所（本社）,,Y1,,,大阪市北区,\n\
        佐藤花子,サトウハナコ,,,,,VIP\n\
        田中商店 支店,,,,０３－９９９９－００００,,\n\
        新しいお店,,N1,,,,\n";
    let file = b.file("update.csv", csv.as_bytes());
    let out = b.import("accounts", &file, &[]);
    assert!(
        out.contains("1 new, 4 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    assert!(
        out.contains("line 5: same account as line 2 (by phone)"),
        "two rows for one account are reported: {out}"
    );
    assert_eq!(b.rows("SELECT count(*) FROM accounts"), [["4"]]);
    let changes = show(&b, &tanaka.to_string())["changes"].clone();
    let phone: Vec<&Value> = changes
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["field"] == "phone")
        .collect();
    assert_eq!(phone[0]["old"], "03-1111-2222");
    assert_eq!(phone[0]["new"], "03-9999-0000");
    assert_eq!(show(&b, &yamada.to_string())["address"], "大阪市北区");
    assert_eq!(show(&b, &yamada.to_string())["name"], "山田製作所（本社）");
    assert_eq!(
        show(&b, &sato.to_string())["tags"],
        serde_json::json!(["VIP"])
    );
}

#[test]
fn dry_run_says_what_would_happen_and_writes_nothing() {
    let b = Bench::new();
    b.add("Acme", &["--code", "A1", "--phone", "03-1234-5678"]);
    let before = b.counts();
    let acme_before = b.rows("SELECT * FROM accounts");
    let csv = "code,name,phone\nA1,Acme,03-1234-5678\nA1,Acme,03-0000-9999\nB2,Beta,\nC3,,\n";
    let file = b.file("dry.csv", csv.as_bytes());
    let rejects = b.path("never.csv");
    let out = b.import(
        "accounts",
        &file,
        &["--dry-run", "--skip-invalid", rejects.to_str().unwrap()],
    );
    assert!(out.starts_with("dry run: import accounts"), "{out}");
    assert!(out.contains("nothing was written"), "{out}");
    assert!(
        out.contains("1 would be new, 1 would be updated, 1 unchanged, 1 rejected"),
        "{out}"
    );
    assert!(out.contains("line 5, column name: missing name"), "{out}");
    assert_eq!(b.counts(), before);
    assert_eq!(b.rows("SELECT * FROM accounts"), acme_before);
    assert!(!rejects.exists(), "a dry run writes no rejects file");
}

#[test]
fn exported_account_files_come_back_unchanged() {
    // The headers `salesbench export accounts` writes.
    let b = Bench::new();
    let csv = "code,name,reading,kind,status,phone,email,address,tags,note,interval_days,honorific\n\
        C1,田中 花子,たなか はなこ,person,customer,090-1234-5678,hanako@example.jp,東京都,\"VIP, 紹介\",\"二行の\nメモ\",14,sama\n\
        ,Acme Ltd,,company,prospect,,,,,,,\n";
    let file = b.file("export.csv", csv.as_bytes());
    assert!(b.import("accounts", &file, &[]).contains("2 new"));
    let hanako = show(&b, "C1");
    assert_eq!(hanako["kind"], "person");
    assert_eq!(hanako["status"], "customer");
    assert_eq!(hanako["interval_days"], 14);
    assert_eq!(hanako["honorific"], "sama");
    assert_eq!(hanako["tags"], serde_json::json!(["VIP", "紹介"]));
    assert_eq!(hanako["note"], "二行の\nメモ");
    let again = b.import("accounts", &file, &[]);
    assert!(
        again.contains("0 new, 0 updated, 2 unchanged, 0 rejected"),
        "{again}"
    );
    // Archived and why-they-stopped come back too, through the change log.
    let more = "code,name,lapse_reason,archived\nC1,田中 花子,life_changed,true\n";
    let file = b.file("more.csv", more.as_bytes());
    assert!(b
        .import("accounts", &file, &[])
        .contains("0 new, 1 updated"));
    let hanako = show(&b, "C1");
    assert_eq!(hanako["archived"], true);
    assert_eq!(hanako["lapse_reason"], "life_changed");
    let fields: Vec<&str> = hanako["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["archived", "lapse_reason"]);
}

#[test]
fn without_a_kind_column_the_kind_comes_from_the_name_and_is_reported() {
    let b = Bench::new();
    // Already on file as a company: an import row for it leaves that alone.
    b.add("Kept Company", &["--email", "kept@example.jp"]);
    let csv = "氏名,メールアドレス\n田中 花子,\n株式会社山田製作所,\n㈱丸福,\nAcme, Inc.,\n\
        \"Foo Co.,Ltd.\",\nJohn Smith,\nKept Company,kept@example.jp\n";
    let csv = csv.replace("Acme, Inc.,", "\"Acme, Inc.\",");
    let file = b.file("people.csv", csv.as_bytes());
    let f = file.to_str().unwrap();
    let dry = b.ok(&["import", "accounts", f, "--dry-run"]);
    assert!(
        dry.contains("kind inferred from the name (no kind column): 2 person, 4 company"),
        "{dry}"
    );
    let out = b.import("accounts", &file, &[]);
    assert!(out.contains("6 new, 0 updated, 1 unchanged"), "{out}");
    assert!(out.contains(": 2 person, 4 company"), "{out}");
    let kinds = b.rows("SELECT name, kind FROM accounts ORDER BY id");
    assert_eq!(
        kinds,
        [
            ["Kept Company", "company"],
            ["田中 花子", "person"],
            ["株式会社山田製作所", "company"],
            ["㈱丸福", "company"],
            ["Acme, Inc.", "company"],
            ["Foo Co.,Ltd.", "company"],
            ["John Smith", "person"],
        ]
    );
    // In Japanese (all seven new here), and not when the file has a kind column.
    let b = Bench::new();
    let ja = b.ok(&["--lang", "ja", "import", "accounts", f, "--dry-run"]);
    assert!(ja.contains("個人 2件、法人 5件"), "{ja}");
    let typed = b.file("typed.csv", "name,kind\n田中 花子,company\n".as_bytes());
    let out = b.import("accounts", &typed, &[]);
    assert!(!out.contains("inferred"), "{out}");
    assert_eq!(b.rows("SELECT kind FROM accounts"), [["company"]]);
}
