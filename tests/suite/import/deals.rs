//! `import deals`: a hand-made list with Japanese headers in Shift_JIS,
//! every bad cell named by line and column (exit 2, nothing written), a
//! file already imported not imported twice.

use super::support::{sjis, Bench};

/// A customer list, then deals for it.
fn shop(b: &Bench) {
    b.add("株式会社山田製作所", &["--code", "C-001"]);
    b.add("Acme Corp", &["--code", "A-9"]);
}

fn deal_list(b: &Bench) -> serde_json::Value {
    serde_json::from_str(&b.ok(&["deal", "list", "--json", "--status", "all"]))
        .expect("deal list --json")
}

#[test]
fn a_japanese_list_in_shift_jis_comes_in_with_its_stages_ranks_and_statuses() {
    let b = Bench::new();
    shop(&b);
    let text = "顧客コード,商談名,金額,段階,確度,受注予定日,見込み度,次のステップ,状態,失注理由,失注メモ\r\n\
                C-001,紙コップ 年間契約,\"120,000\",提案,,2026/12/20,A,見積を送る,進行中,,\r\n\
                A-9,Cups,5000,quote,65%,,ｂ,,受注,,\r\n\
                C-001,旧案件,7000,,,,C,,失注,競合,他社が安い\r\n";
    let file = b.file("商談.csv", &sjis(text));
    let out = b.import("deals", &file, &[]);
    assert!(out.contains("3 new"), "{out}");
    let rows = b.rows(
        "SELECT a.code, d.title, d.value, d.stage, d.probability, d.expected_close_on, d.rank, \
         d.next_step, d.status, d.lost_reason, d.lost_note, d.closed_at IS NOT NULL \
         FROM deals d JOIN accounts a ON a.id = d.account_id ORDER BY d.id",
    );
    let want: Vec<Vec<&str>> = vec![
        vec![
            "C-001",
            "紙コップ 年間契約",
            "120000",
            "proposal",
            "∅",
            "2026-12-20",
            "A",
            "見積を送る",
            "open",
            "∅",
            "",
            "0",
        ],
        vec![
            "A-9", "Cups", "5000", "quote", "65", "∅", "B", "", "won", "∅", "", "1",
        ],
        vec![
            "C-001",
            "旧案件",
            "7000",
            "lead",
            "∅",
            "∅",
            "C",
            "",
            "lost",
            "competitor",
            "他社が安い",
            "1",
        ],
    ];
    assert_eq!(rows, want);
    // The same file again: nothing new.
    let again = b.import("deals", &file, &[]);
    assert!(
        again.contains("0 new") && again.contains("3 unchanged"),
        "{again}"
    );
    assert_eq!(b.rows("SELECT count(*) FROM deals"), vec![vec!["3"]]);
}

#[test]
fn an_unknown_stage_on_line_3_is_named_with_its_column_and_nothing_is_written() {
    let b = Bench::new();
    shop(&b);
    let text = "account_code,title,value,stage\n\
                C-001,Good one,1000,lead\n\
                A-9,Bad stage,2000,closing\n";
    let file = b.file("deals.csv", text.as_bytes());
    let f = file.to_str().unwrap();
    let before = b.counts();
    let err = b.refused(&["import", "deals", f]);
    assert!(err.contains("line 3, column stage"), "{err}");
    assert!(err.contains("\"closing\""), "{err}");
    assert!(err.contains("lead, proposal, quote, negotiation"), "{err}");
    assert!(!err.contains("line 2"), "{err}");
    assert_eq!(b.counts(), before, "nothing written");
    assert_eq!(deal_list(&b), serde_json::json!([]));

    // In Japanese: the same line and column, in Japanese words.
    let r = b.run(&["--lang", "ja", "import", "deals", f]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("3行目") || r.stderr.contains("3 行目"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("stage"), "{}", r.stderr);
    assert!(
        r.stderr.contains("パイプラインの段階ではありません"),
        "{}",
        r.stderr
    );
    let en_words = [
        "unknown", "stage of", "pipeline", "nothing", "written", "column", "line",
    ];
    let bare = r
        .stderr
        .replace("deals.csv", "")
        .replace("\"closing\"", "")
        .replace("lead, proposal, quote, negotiation", "")
        .replace("column stage", "")
        .replace("--skip-invalid", "")
        .replace("REJECTS.csv", "");
    for w in en_words {
        let hit = bare
            .split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
            .any(|s| s.contains(w));
        assert!(!hit, "English {w:?} in Japanese: {}", r.stderr);
    }

    // With --skip-invalid the good row comes in and the bad one is set aside.
    let rejects = b.path("rejects.csv");
    let out = b.import(
        "deals",
        &file,
        &["--skip-invalid", rejects.to_str().unwrap()],
    );
    assert!(out.contains("1 new"), "{out}");
    let kept = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        kept.contains("Bad stage") && !kept.contains("Good one"),
        "{kept}"
    );
}

#[test]
fn every_kind_of_bad_cell_names_its_line_and_column() {
    let b = Bench::new();
    shop(&b);
    let text = "account_code,title,value,rank,status,lost_reason,probability,expected_close_on,created_at\n\
                ZZZ,Unknown account,1000,,,,,,\n\
                C-001,Negative,-5,,,,,,\n\
                C-001,Bad rank,100,D,,,,,\n\
                C-001,Bad status,100,,maybe,,,,\n\
                C-001,Bad reason,100,,lost,bored,,,\n\
                C-001,No reason,100,,lost,,,,\n\
                C-001,Bad probability,100,,,,150,,\n\
                C-001,Bad close,100,,,,,2026-13-40,\n\
                C-001,Bad time,100,,,,,,yesterday-ish\n\
                C-001,,100,,,,,,\n";
    let file = b.file("deals.csv", text.as_bytes());
    let before = b.counts();
    let err = b.refused(&["import", "deals", file.to_str().unwrap()]);
    for want in [
        "line 2, column account_code: unknown customer",
        "line 3, column value: amount cannot be negative",
        "line 4, column rank: not a rank: \"D\"",
        "line 5, column status: not a deal status: \"maybe\"",
        "line 6, column lost_reason: not a reason for losing: \"bored\"",
        "line 7, column lost_reason: a lost deal needs the reason",
        "line 8, column probability: not a probability: \"150\"",
        "line 9, column expected_close_on: not a date: \"2026-13-40\"",
        "line 10, column created_at:",
        "line 11, column title: missing deal title",
    ] {
        assert!(err.contains(want), "want {want:?} in {err}");
    }
    assert_eq!(b.counts(), before, "nothing written");
}
