//! User mistakes: exit 2, one clear line on stderr, nothing written.

use super::support::Bench;

/// A bench with one account and one conversation, so "nothing written"
/// is checked against a database that has rows in it.
fn seeded() -> Bench {
    let b = Bench::new();
    b.add(
        "田中商店",
        &["--code", "C001", "--email", "info@tanaka.example"],
    );
    b.log("田中商店", &["--summary", "初回"]);
    b
}

/// Run each case; each must be a one-line exit-2 error containing the
/// given words, and leave every table exactly as it was.
fn refused(b: &Bench, cases: &[(&[&str], &[&str])]) {
    let before = b.dump();
    let accounts = b.list(true).len();
    let history = b.history("C001").len();
    for (args, words) in cases {
        let err = b.user_error(args);
        assert!(err.starts_with("salesbench: "), "{args:?}: {err}");
        for w in *words {
            assert!(err.contains(w), "{args:?}: message lacks {w:?}: {err}");
        }
        assert_eq!(b.list(true).len(), accounts, "{args:?} added an account");
        assert_eq!(b.history("C001").len(), history, "{args:?} added history");
        assert_eq!(b.dump(), before, "{args:?} wrote to the database");
    }
}

#[test]
fn unknown_account() {
    let b = seeded();
    refused(
        &b,
        &[
            (&["account", "show", "存在しない"], &["存在しない"]),
            (
                &["account", "edit", "nobody", "--phone", "03-1111-2222"],
                &["nobody"],
            ),
            (&["account", "archive", "99999"], &["99999"]),
            (&["log", "nobody", "--summary", "電話"], &["nobody"]),
            (&["order", "nobody", "--amount", "100"], &["nobody"]),
            (&["history", "nobody", "--json"], &["nobody"]),
            (&["account", "contact", "nobody", "佐藤"], &["nobody"]),
        ],
    );
}

#[test]
fn bad_kind_and_status() {
    let b = seeded();
    refused(
        &b,
        &[
            (
                &["account", "add", "Acme", "--kind", "robot"],
                &["--kind", "robot"],
            ),
            (
                &["account", "add", "Acme", "--status", "happy"],
                &["--status", "happy"],
            ),
            (
                &["account", "edit", "C001", "--status", "happy"],
                &["--status"],
            ),
            (
                &["log", "C001", "--kind", "fax", "--summary", "x"],
                &["--kind", "fax"],
            ),
            (
                &["log", "C001", "--direction", "sideways", "--summary", "x"],
                &["--direction"],
            ),
        ],
    );
}

#[test]
fn empty_name_and_bad_fields() {
    let b = seeded();
    refused(
        &b,
        &[
            (&["account", "add", ""], &["name"]),
            (&["account", "add", "   "], &["name"]),
            (&["account", "edit", "C001", "--name", ""], &["name"]),
            (
                &["account", "add", "Acme", "--email", "not-an-email"],
                &["email"],
            ),
            (
                &["account", "add", "Acme", "--email", "a b@example.com"],
                &["email"],
            ),
            (
                &["account", "edit", "C001", "--email", "@example.com"],
                &["email"],
            ),
            (
                &["account", "add", "Acme", "--phone", "call me"],
                &["phone"],
            ),
            (
                &["account", "add", "Acme", "--interval-days", "0"],
                &["--interval-days"],
            ),
        ],
    );
}

#[test]
fn duplicate_code() {
    let b = seeded();
    b.add("Acme", &["--code", "A-1"]);
    refused(
        &b,
        &[
            (&["account", "add", "Globex", "--code", "C001"], &["code"]),
            (&["account", "add", "Globex", "--code", " C001 "], &["code"]),
            (&["account", "edit", "Acme", "--code", "C001"], &["code"]),
        ],
    );
}

#[test]
fn unparseable_at() {
    let b = seeded();
    refused(
        &b,
        &[
            (
                &["log", "C001", "--summary", "x", "--at", "next blursday"],
                &["--at"],
            ),
            (
                &["log", "C001", "--summary", "x", "--at", "2026-13-45"],
                &["--at"],
            ),
            (
                &["order", "C001", "--amount", "100", "--at", "someday"],
                &["--at"],
            ),
        ],
    );
}

#[test]
fn log_without_summary_or_body() {
    let b = seeded();
    refused(
        &b,
        &[
            (&["log", "C001"], &["summary"]),
            (
                &["log", "C001", "--summary", "  ", "--body", "\n"],
                &["summary"],
            ),
            (&["log", "edit", "1"], &["--body"]),
            (&["log", "retract", "1", "--reason", " "], &["reason"]),
            (&["log", "edit", "999", "--body", "x"], &["999"]),
            (
                &["log", "C001", "--summary", "x", "--contact", "誰か"],
                &["--contact"],
            ),
        ],
    );
}

/// `export -o DIR` failed late (exit 1, "Is a directory") and `export -o`
/// naming the database renamed the export over the live database. Both
/// are user mistakes: exit 2, nothing written anywhere.
#[test]
fn export_refuses_a_folder_and_the_database_itself() {
    let b = seeded();
    let folder = b.dir.path().join("exports");
    std::fs::create_dir(&folder).expect("mkdir");
    let db = b.db.display().to_string();
    let wal = format!("{db}-wal");
    let folder_s = folder.display().to_string();
    let before = std::fs::read(&b.db).expect("read");
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(b.dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        names
    };
    let files = listing();
    refused(
        &b,
        &[
            (
                &["export", "accounts", "-o", &folder_s],
                &["folder", &folder_s],
            ),
            (&["export", "calendar", "-o", &folder_s], &["folder"]),
            (&["export", "orders", "-o", &db], &["database", &db]),
            (
                &["export", "conversations", "--format", "json", "-o", &wal],
                &["database"],
            ),
        ],
    );
    assert!(
        std::fs::read(&b.db).expect("read") == before,
        "the database changed"
    );
    assert_eq!(listing(), files, "files were left beside it");
    assert_eq!(std::fs::read_dir(&folder).expect("list").count(), 0);
}

/// Opening a database makes its `-shm` file; when the disk (or a size
/// limit) has no room for it, SQLite's answer was "database error: disk
/// I/O error". It says the disk is full, and which database.
#[cfg(unix)]
#[test]
fn no_room_for_the_shared_memory_file_says_the_disk_is_full() {
    use std::os::unix::process::CommandExt;
    let b = seeded();
    let before = std::fs::read(&b.db).expect("read");
    let limited = |lang: &str| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_salesbench"));
        cmd.env("SALESBENCH_NOW", super::support::NOW)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env("HOME", b.dir.path())
            .current_dir(b.dir.path())
            .arg("--db")
            .arg(&b.db)
            .args(["--lang", lang, "account", "list"]);
        // SAFETY: signal and setrlimit are async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                // Ignored, writes past the limit fail with EFBIG as on a full disk.
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let lim = libc::rlimit {
                    rlim_cur: 4096,
                    rlim_max: 4096,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        cmd.output().expect("run")
    };
    for lang in ["en", "ja"] {
        let out = limited(lang);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        assert!(out.stdout.is_empty());
        let words = if lang == "en" {
            "the disk is full"
        } else {
            "ディスクがいっぱい"
        };
        assert!(err.contains(words), "{lang}: {err}");
        assert!(err.contains(&b.db.display().to_string()), "{err}");
        assert!(
            std::fs::read(&b.db).expect("read") == before,
            "the file changed"
        );
    }
    assert_eq!(b.list(true).len(), 1, "usable once there is room");
}

#[test]
fn export_and_date_mistakes_are_in_japanese_under_lang_ja() {
    let b = seeded();
    refused(
        &b,
        &[
            (
                &["export", "nothing", "--lang", "ja"],
                &["export：「nothing」は指定できません", "のどれかです"],
            ),
            (
                &["export", "accounts", "--format", "xml", "--lang", "ja"],
                &["--format：「xml」は指定できません（csv, json のどれかです）"],
            ),
            (
                &["export", "accounts", "--encoding", "latin1", "--lang", "ja"],
                &["--encoding：「latin1」は指定できません"],
            ),
            (
                &[
                    "export",
                    "accounts",
                    "--bom",
                    "--encoding",
                    "sjis",
                    "--lang",
                    "ja",
                ],
                &["Shift_JIS には付けられません"],
            ),
            (
                &["export", "calendar", "--format", "json", "--lang", "ja"],
                &["カレンダーは常に iCalendar"],
            ),
            (
                &["follow-up", "C001", "--due", "13/45", "--lang", "ja"],
                &["存在しない日付です：13/45"],
            ),
            (
                &["plan", "add", "様子見", "--step", "7", "--lang", "ja"],
                &["--step", "「日数:メモ」の形で"],
            ),
            (
                &["plan", "add", "様子見", "--step", "seven:x", "--lang", "ja"],
                &["seven は日数（整数）ではありません"],
            ),
            (
                &[
                    "plan",
                    "add",
                    "様子見",
                    "--step",
                    "7:メール:",
                    "--lang",
                    "ja",
                ],
                &["メモが空です"],
            ),
        ],
    );
    for args in [
        &["export", "nothing", "--lang", "ja"][..],
        &["follow-up", "C001", "--due", "13/45", "--lang", "ja"][..],
    ] {
        let err = b.user_error(args);
        assert!(
            !err.contains("is not one of") && !err.contains("no such date"),
            "{err}"
        );
    }
}

#[test]
fn usage_mistakes_clap_catches_are_in_japanese_under_lang_ja() {
    let b = seeded();
    for (args, want) in [
        (
            &["account", "add", "--lang", "ja"][..],
            "必要な引数がありません：<NAME>",
        ),
        (
            &["report", "nope", "--lang", "ja"][..],
            "知らないサブコマンドです：nope",
        ),
        (
            &["--lang=ja", "today", "--limit", "3"][..],
            "知らないオプションです：--limit",
        ),
    ] {
        let out = b.cmd().args(args).assert().code(2).get_output().clone();
        let stderr = String::from_utf8(out.stderr).expect("UTF-8");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert!(stderr.contains("使い方："), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("error:") && !stderr.contains("Usage:"),
            "{stderr}"
        );
    }
    // English stays clap's own.
    let out = b
        .cmd()
        .args(["account", "add", "--lang", "en"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("required arguments were not provided"));
}
