//! Files and text that must not get in: an unclosed quote that would
//! swallow the rest of the file, byte-order marks in the middle, NUL
//! characters and oversized fields, and a rejects file that cannot be
//! written where it was asked for.

use super::support::Bench;

/// Every row of every table, to show "nothing was written".
fn refused_quietly(b: &Bench, args: &[&str]) -> String {
    let before = b.counts();
    let err = b.refused(args);
    assert_eq!(b.counts(), before, "{args:?} wrote something");
    err
}

#[test]
fn an_unclosed_quote_is_refused_at_the_line_it_opens_in_both_languages() {
    let b = Bench::new();
    b.add("Acme", &[]);
    let csv = "name,note\nAlpha,ok\n\"Unterminated,never closed\nBeta,x\nGamma,y\n";
    let file = b.file("broken.csv", csv.as_bytes());
    let f = file.to_str().unwrap();
    let err = refused_quietly(&b, &["import", "accounts", f]);
    assert!(err.contains("broken.csv: line 3:"), "{err}");
    assert!(err.contains("never closed"), "{err}");
    let ja = refused_quietly(&b, &["--lang", "ja", "import", "accounts", f]);
    assert!(ja.contains("3行目"), "{ja}");
    assert!(ja.contains("閉じられていません"), "{ja}");
    // --skip-invalid does not make it a bad row: the file is unreadable.
    let rejects = b.path("rejects.csv");
    let r = rejects.to_str().unwrap();
    refused_quietly(&b, &["import", "accounts", f, "--skip-invalid", r]);
    assert!(!rejects.exists());
    // An unclosed quote in the header row too.
    let head = b.file("head.csv", b"\"name,note\nAlpha,ok\n");
    let err = refused_quietly(&b, &["import", "accounts", head.to_str().unwrap()]);
    assert!(err.contains("line 1:"), "{err}");
}

#[test]
fn a_byte_order_mark_inside_the_file_is_not_part_of_any_name() {
    let b = Bench::new();
    // Two Excel "CSV UTF-8" files pasted together, and a stray mark in a note.
    let csv = "\u{feff}name,note\nAlpha,a\u{feff}b\n\u{feff}Beta,x\n\"\u{feff}Gamma\",y\n";
    let file = b.file("pasted.csv", csv.as_bytes());
    let out = b.import("accounts", &file, &[]);
    assert!(out.contains("3 new"), "{out}");
    let rows = b.rows("SELECT name, note FROM accounts ORDER BY id");
    assert_eq!(rows, [["Alpha", "ab"], ["Beta", "x"], ["Gamma", "y"]]);
    let marked = b.rows(
        "SELECT count(*) FROM accounts WHERE instr(name, char(65279)) > 0 \
         OR instr(note, char(65279)) > 0",
    );
    assert_eq!(marked, [["0"]]);
}

#[test]
fn a_rejects_path_that_cannot_be_used_is_refused_before_anything_is_written() {
    let b = Bench::new();
    b.add("Acme", &[]);
    let file = b.file(
        "mixed.csv",
        b"name,email\nGood,good@example.jp\nBad,not-an-email\n",
    );
    let f = file.to_str().unwrap();
    let folder = b.path("rejects");
    std::fs::create_dir(&folder).unwrap();
    let d = folder.to_str().unwrap();
    let err = refused_quietly(&b, &["import", "accounts", f, "--skip-invalid", d]);
    assert!(err.contains("that is a folder"), "{err}");
    assert!(!b.path("rejects.partial").exists(), "no .partial left");
    let ja = refused_quietly(
        &b,
        &["--lang", "ja", "import", "accounts", f, "--skip-invalid", d],
    );
    assert!(ja.contains("フォルダです"), "{ja}");
    let db = b.db.to_str().unwrap().to_string();
    let err = refused_quietly(&b, &["import", "accounts", f, "--skip-invalid", &db]);
    assert!(err.contains("the database itself"), "{err}");
    let wal = format!("{db}-wal");
    let err = refused_quietly(&b, &["import", "accounts", f, "--skip-invalid", &wal]);
    assert!(err.contains("the database itself"), "{err}");
    let nowhere = b.path("no/such/folder/rejects.csv");
    let n = nowhere.to_str().unwrap();
    let err = refused_quietly(&b, &["import", "accounts", f, "--skip-invalid", n]);
    assert!(err.contains("does not exist"), "{err}");
    let names: Vec<String> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[cfg(unix)]
#[test]
fn the_rejects_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let b = Bench::new();
    let file = b.file(
        "mixed.csv",
        b"name,email\nGood,good@example.jp\nBad,not-an-email\n",
    );
    let rejects = b.path("rejects.csv");
    // An older rejects file, world-readable, is replaced by a private one.
    std::fs::write(&rejects, "old").unwrap();
    std::fs::set_permissions(&rejects, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = b.import(
        "accounts",
        &file,
        &["--skip-invalid", rejects.to_str().unwrap()],
    );
    assert!(out.contains("1 new"), "{out}");
    let mode = std::fs::metadata(&rejects).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(text, "name,email\nBad,not-an-email\n");
}

#[test]
fn nul_in_an_imported_cell_is_a_bad_row_naming_line_and_column() {
    let b = Bench::new();
    b.add("Acme", &[]);
    // Past the first 256 KiB, where the check for binary files looks.
    let mut csv = format!("name,note\nLong,{}\n", "x".repeat(300 * 1024));
    csv.push_str("Fine,ok\nNul,before\0after\n");
    let file = b.file("nul.csv", csv.as_bytes());
    let f = file.to_str().unwrap();
    let err = refused_quietly(&b, &["import", "accounts", f]);
    assert!(
        err.contains("line 4, column note: contains a NUL character"),
        "{err}"
    );
    let ja = refused_quietly(&b, &["--lang", "ja", "import", "accounts", f]);
    assert!(ja.contains("NUL 文字"), "{ja}");
    let rejects = b.path("rejects.csv");
    b.import(
        "accounts",
        &file,
        &["--skip-invalid", rejects.to_str().unwrap()],
    );
    let nul = b.rows("SELECT count(*) FROM accounts WHERE instr(note, char(0)) > 0");
    assert_eq!(nul, [["0"]]);
    assert_eq!(b.rows("SELECT count(*) FROM accounts"), [["3"]]);
}

#[test]
fn nul_and_oversized_text_from_standard_input_are_refused_naming_the_field() {
    let b = Bench::new();
    b.add("Acme", &[]);
    let before = b.counts();
    let r = b.run_with_stdin(
        &["log", "Acme", "--summary", "call", "--body", "-"],
        b"line one\0line two".to_vec(),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("body: contains a NUL character"), "{r:?}");
    let big = vec![b'a'; 16 * 1024 * 1024 + 1];
    let r = b.run_with_stdin(&["log", "Acme", "--summary", "call", "--body", "-"], big);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("body: is larger than 16 MB"), "{r:?}");
    let r = b.run_with_stdin(
        &[
            "--lang",
            "ja",
            "log",
            "Acme",
            "--summary",
            "call",
            "--body",
            "-",
        ],
        b"\0".to_vec(),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("NUL 文字"), "{r:?}");
    assert_eq!(b.counts(), before);
    // Exactly 16 MB is kept.
    let fits = vec![b'a'; 16 * 1024 * 1024];
    let r = b.run_with_stdin(&["log", "Acme", "--summary", "long", "--body", "-"], fits);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn every_store_write_path_refuses_nul() {
    use chrono::{TimeZone, Utc};
    use salesbench::domain::model::{AccountFields, ConversationKind, Direction, NewConversation};
    use salesbench::store::{Store, StoreError};
    let b = Bench::new();
    let mut s = Store::open(&b.db).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let field = |e: StoreError| match e {
        StoreError::Invalid { field, message } => (field, message),
        other => panic!("{other:?}"),
    };
    let mut f = AccountFields {
        name: "Acme".into(),
        ..Default::default()
    };
    let id = s.add_account(&f, now).unwrap();
    f.note = "a\0b".into();
    let e = field(s.update_account(id, &f, now).unwrap_err());
    assert_eq!(e, ("note", "importx.has_nul".to_string()));
    f.note.clear();
    f.name = "Ac\0me".into();
    assert_eq!(field(s.add_account(&f, now).unwrap_err()).0, "name");
    let e = field(s.add_order(id, now, 100, "x\0", now).unwrap_err());
    assert_eq!(e, ("note", "importx.has_nul".to_string()));
    let mut c = NewConversation {
        account_id: id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: now,
        summary: "s\0".into(),
        body: String::new(),
        outcome: None,
    };
    assert_eq!(field(s.log_conversation(&c, now).unwrap_err()).0, "summary");
    c.summary = "ok".into();
    c.outcome = Some("\0".into());
    assert_eq!(field(s.log_conversation(&c, now).unwrap_err()).0, "outcome");
    c.outcome = None;
    let cid = s.log_conversation(&c, now).unwrap();
    let e = s
        .revise_conversation(cid, "ok", "b\0", None, now)
        .unwrap_err();
    assert_eq!(field(e).0, "body");
}
