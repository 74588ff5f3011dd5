//! Register exports and call logs: the same end state as typing each one.

use super::support::{sjis, Bench, FACTS};

/// Three customers, a first-order contact plan, and some history.
fn shop() -> Bench {
    let b = Bench::new();
    b.add("山田製作所", &["--code", "A1"]);
    b.add(
        "Beta Foods",
        &["--code", "B2", "--email", "order@beta.example"],
    );
    b.add("丸福食堂", &["--reading", "マルフクショクドウ"]);
    b.ok(&[
        "plan",
        "add",
        "welcome",
        "--step",
        "7:お礼の電話",
        "--step",
        "30:様子うかがい",
        "--auto",
    ]);
    b.ok(&["order", "A1", "--amount", "1000", "--at", "2026-10-01"]);
    // A conversation at the very second an imported order lands (09:00 on
    // a date without a time): at the same second a conversation outranks.
    b.ok(&[
        "log",
        "B2",
        "--summary",
        "電話で注文の相談",
        "--at",
        "2026-11-10 09:00",
    ]);
    b
}

/// (date, customer code, customer name, amount, note) in file order:
/// backdated rows, same-second ties, a first order, a name-only row.
const ROWS: &[(&str, &str, &str, &str, &str)] = &[
    ("2026/11/05", "A1", "", "12,000", "R-1"),
    ("2026/11/01", "A1", "", "500", ""),
    ("R8.11.10", "B2", "", "¥3,000", "first"),
    ("2026-11-10", "B2", "", "3000円", "second, same second"),
    ("令和8年11月20日", "", "丸福食堂", "800", ""),
    ("2026/11/21", "", "丸福食堂", "1,200", "again"),
    ("2026/11/22", "A1", "", "¥12,000", "latest"),
];

fn compare(sql: &str, a: &Bench, b: &Bench) {
    assert_eq!(a.rows(sql), b.rows(sql), "{sql}");
}

#[test]
fn imported_orders_leave_exactly_what_typing_them_leaves() {
    let by_hand = shop();
    for (date, code, name, amount, note) in ROWS {
        let who = if code.is_empty() { name } else { code };
        by_hand.ok(&[
            "order", who, "--amount", amount, "--at", date, "--note", note,
        ]);
    }
    let imported = shop();
    let mut csv = String::from("日付,顧客コード,顧客名,金額,備考\r\n");
    for (date, code, name, amount, note) in ROWS {
        csv.push_str(&format!("{date},{code},{name},\"{amount}\",\"{note}\"\r\n"));
    }
    let file = imported.file("register.csv", &sjis(&csv));
    let out = imported.import("orders", &file, &[]);
    assert!(
        out.contains("7 new, 0 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    for sql in [
        FACTS,
        "SELECT * FROM accounts ORDER BY id",
        "SELECT * FROM orders ORDER BY id",
        "SELECT * FROM follow_ups ORDER BY id",
    ] {
        compare(sql, &by_hand, &imported);
    }
    // The plan fired for the accounts whose first order came from the
    // file (A1's fired when its first order was typed in the set-up).
    let fired = imported.rows(
        "SELECT a.name, f.due_on, f.note FROM follow_ups f \
         JOIN accounts a ON a.id = f.account_id WHERE a.code IS NOT 'A1' ORDER BY f.id",
    );
    assert_eq!(
        fired,
        [
            ["Beta Foods", "2026-11-17", "お礼の電話"],
            ["Beta Foods", "2026-12-10", "様子うかがい"],
            ["丸福食堂", "2026-11-27", "お礼の電話"],
            ["丸福食堂", "2026-12-20", "様子うかがい"]
        ]
    );
    // Importing the same export again adds nothing.
    let again = imported.import("orders", &file, &[]);
    assert!(again.contains("0 new, 0 updated, 7 unchanged"), "{again}");
    compare("SELECT * FROM orders ORDER BY id", &by_hand, &imported);
}

#[test]
fn unknown_customers_reject_the_file_unless_asked_to_create_them() {
    let b = shop();
    let before = b.counts();
    let csv = "date,customer code,customer name,amount,receipt no\n\
        2026/11/20,A1,,1000,R-100\n\
        2026/11/20,Z9,新規のお客様,2000,R-101\n\
        2026/11/21,,,500,R-102\n\
        2026/11/21,A1,,-300,R-103\n\
        2026/13/01,A1,,300,R-104\n";
    let file = b.file("pos.csv", csv.as_bytes());
    let err = b.refused(&["import", "orders", file.to_str().unwrap()]);
    assert!(
        err.contains("4 bad rows of 5; nothing was written"),
        "{err}"
    );
    assert!(
        err.contains(
            "line 3, column customer code: unknown customer: no account with customer code \"Z9\""
        ),
        "{err}"
    );
    assert!(
        err.contains("line 4, column customer code: unknown customer"),
        "{err}"
    );
    assert!(
        err.contains("line 5, column amount: amount cannot be negative: \"-300\""),
        "{err}"
    );
    assert!(
        err.contains("line 6, column date: unparseable date \"2026/13/01\""),
        "{err}"
    );
    assert_eq!(b.counts(), before);

    let rejects = b.path("bad.csv");
    let out = b.import(
        "orders",
        &file,
        &[
            "--create-missing",
            "--skip-invalid",
            rejects.to_str().unwrap(),
        ],
    );
    assert!(
        out.contains("2 new, 0 updated, 0 unchanged, 3 rejected, 1 account created"),
        "{out}"
    );
    let created = b.rows("SELECT name, code FROM accounts WHERE code = 'Z9'");
    assert_eq!(created, [["新規のお客様", "Z9"]]);
    let notes = b.rows("SELECT note FROM orders WHERE ordered_at >= '2026-11-19' ORDER BY id");
    assert_eq!(notes, [["(receipt no: R-100)"], ["(receipt no: R-101)"]]);
    let kept = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(
        kept,
        "date,customer code,customer name,amount,receipt no\n\
         2026/11/21,,,500,R-102\n2026/11/21,A1,,-300,R-103\n2026/13/01,A1,,300,R-104\n"
    );
}

#[test]
fn call_logs_come_in_as_conversations_and_move_the_last_touch() {
    let b = shop();
    let csv = "日時,顧客名,種別,方向,件名,内容\r\n\
        2026/11/18 14:30,山田製作所,電話,着信,見積もりの件,\"来週訪問の約束。\r\n資料を持参\"\r\n\
        2026/11/19,Beta Foods,訪問,発信,,新メニューの試食\r\n\
        2026/11/20,丸福食堂,伝書鳩,,件名,\r\n";
    let file = b.file("calls.csv", csv.as_bytes());
    let err = b.refused(&["import", "conversations", file.to_str().unwrap()]);
    assert!(
        err.contains("line 5, column 種別: not a kind: \"伝書鳩\""),
        "{err}"
    );
    let fixed = csv.replace("伝書鳩", "メモ");
    let file = b.file("calls.csv", fixed.as_bytes());
    let out = b.import("conversations", &file, &[]);
    assert!(
        out.contains("3 new, 0 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    let history = b.ok(&["history", "A1"]);
    assert!(history.contains("見積もりの件"), "{history}");
    let yamada = b.rows(
        "SELECT c.kind, c.direction, c.happened_at, c.body FROM conversations c \
         JOIN accounts a ON a.id = c.account_id WHERE a.code = 'A1'",
    );
    assert_eq!(
        yamada,
        [[
            "call",
            "in",
            "2026-11-18T05:30:00Z",
            "来週訪問の約束。\n資料を持参"
        ]]
    );
    let touch = b.rows(
        "SELECT last_touch_at, last_touch_kind, last_touch_summary FROM accounts WHERE code = 'A1'",
    );
    assert_eq!(touch, [["2026-11-18T05:30:00Z", "call", "見積もりの件"]]);
    let again = b.import("conversations", &file, &[]);
    assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
}

#[test]
fn a_conversations_export_comes_back_with_its_edits_and_retractions() {
    let b = shop();
    // As `salesbench export conversations` writes it: one row per revision.
    let csv = "id,account_id,account_code,account_name,contact,kind,direction,happened_at,\
        logged_at,revision,is_current,summary,body,outcome,retracted,retract_reason,retracted_at\n\
        7,1,A1,山田製作所,,visit,out,2026-11-02T01:00:00Z,2026-11-02T03:00:00Z,1,false,訪問,初回,,false,,\n\
        7,1,A1,山田製作所,,visit,out,2026-11-02T01:00:00Z,2026-11-03T00:00:00Z,2,true,訪問（追記）,初回と追記,成約,false,,\n\
        8,1,A1,山田製作所,,call,in,2026-11-21T01:00:00Z,2026-11-21T02:00:00Z,1,true,間違い電話,,,true,別の顧客の記録,2026-11-22T00:00:00Z\n";
    let file = b.file("conversations.csv", csv.as_bytes());
    let out = b.import("conversations", &file, &[]);
    assert!(
        out.contains("2 new, 1 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    let talks = b.rows(
        "SELECT c.summary, c.logged_at, c.retracted_at, c.retract_reason, \
         (SELECT group_concat(r.summary || '@' || r.revised_at) FROM conversation_revisions r \
          WHERE r.conversation_id = c.id) FROM conversations c \
         JOIN accounts a ON a.id = c.account_id WHERE a.code = 'A1' ORDER BY c.id",
    );
    assert_eq!(
        talks,
        [
            [
                "訪問",
                "2026-11-02T03:00:00Z",
                "∅",
                "∅",
                "訪問（追記）@2026-11-03T00:00:00Z"
            ],
            [
                "間違い電話",
                "2026-11-21T02:00:00Z",
                "2026-11-22T00:00:00Z",
                "別の顧客の記録",
                "∅"
            ],
        ]
    );
    // The retracted call does not count; the edited visit's new text shows.
    let touch = b.rows("SELECT last_touch_at, last_touch_summary FROM accounts WHERE code = 'A1'");
    assert_eq!(touch, [["2026-11-02T01:00:00Z", "訪問（追記）"]]);
    let again = b.import("conversations", &file, &[]);
    assert!(again.contains("0 new, 0 updated, 3 unchanged"), "{again}");
    // A revision without its first row is a bad row, not a new conversation.
    let orphan = b.file(
        "orphan.csv",
        format!(
            "{}\n{}",
            csv.lines().next().unwrap(),
            csv.lines().nth(2).unwrap()
        )
        .as_bytes(),
    );
    let err = b.refused(&["import", "conversations", orphan.to_str().unwrap()]);
    assert!(
        err.contains("line 2, column revision: revision 2 of conversation \"7\" does not follow"),
        "{err}"
    );
}

#[test]
fn a_row_dated_today_is_that_day_and_importing_it_again_changes_nothing() {
    let b = shop();
    let csv = "日付,顧客コード,金額,レシート番号\r\n\
        2026/11/23,A1,1200,R-9\r\n\
        2026/11/23,B2,800,R-10\r\n\
        2026/11/22,B2,500,R-8\r\n";
    let file = b.file("today.csv", &sjis(csv));
    let f = file.to_str().unwrap();
    // Imported at 14:30 and again at 17:45 the same day, then the next morning.
    let first = b.run_at(
        "2026-11-23T14:30:00+09:00",
        &["import", "orders", f],
        vec![],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("3 new, 0 updated, 0 unchanged"),
        "{}",
        first.stdout
    );
    let stored = "SELECT ordered_at, amount, note FROM orders WHERE note LIKE '%R-%' ORDER BY id";
    let want = [
        ["2026-11-23T00:00:00Z", "1200", "(レシート番号: R-9)"],
        ["2026-11-23T00:00:00Z", "800", "(レシート番号: R-10)"],
        ["2026-11-22T00:00:00Z", "500", "(レシート番号: R-8)"],
    ];
    assert_eq!(b.rows(stored), want);
    let tables = b.counts();
    for now in ["2026-11-23T17:45:00+09:00", "2026-11-24T08:00:00+09:00"] {
        let again = b.run_at(now, &["import", "orders", f], vec![]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert!(
            again
                .stdout
                .contains("0 new, 0 updated, 3 unchanged, 0 rejected"),
            "{now}: {}",
            again.stdout
        );
        assert_eq!(b.counts(), tables, "{now}: nothing written");
    }
    let ja = b.run_at(
        "2026-11-23T18:00:00+09:00",
        &["--lang", "ja", "import", "orders", f],
        vec![],
    );
    assert!(
        ja.stdout
            .contains("新規 0件、更新 0件、変更なし 3件、不正 0件"),
        "{}",
        ja.stdout
    );
    assert_eq!(b.rows(stored), want);
}
