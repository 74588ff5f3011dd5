//! The database file itself, the environment, hostile text and the demo.

use crate::support::{parse_id, stdout_of, Bench};

const ESC: char = '\u{1b}';

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    for text in ["Shopping list:\n- milk\n- 卵 x 10\n", "hi"] {
        let b = Bench::new();
        std::fs::write(&b.db, text).expect("write");
        let out = b
            .cmd()
            .args(["account", "list"])
            .assert()
            .failure()
            .get_output()
            .clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a SQLite database"), "{err}");
        assert_eq!(std::fs::read(&b.db).expect("read"), text.as_bytes());
        let mut leftovers: Vec<_> = std::fs::read_dir(b.dir.path())
            .expect("list dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, ["sales.db"], "no -wal/-shm left beside it");
    }
}

#[test]
fn a_database_from_a_newer_salesbench_is_refused() {
    let b = Bench::new();
    b.add("Acme", &[]);
    let conn = rusqlite::Connection::open(&b.db).expect("open");
    conn.pragma_update(None, "user_version", 999)
        .expect("set user_version");
    drop(conn);
    let before = b.dump();

    let out = b
        .cmd()
        .args(["account", "add", "Globex"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("newer salesbench"), "{err}");
    assert!(out.stdout.is_empty());
    let conn = rusqlite::Connection::open(&b.db).expect("reopen");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, 999, "schema version was rewritten");
    drop(conn);
    assert_eq!(b.dump(), before);
}

#[cfg(unix)]
#[test]
fn a_new_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let b = Bench::new();
    let nested = b.dir.path().join("new/dir/sales.db");
    for path in [&b.db, &nested] {
        b.bare_cmd()
            .arg("--db")
            .arg(path)
            .args(["account", "add", "Acme"])
            .assert()
            .success();
        let mode = std::fs::metadata(path).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{} has mode {mode:o}", path.display());
    }
}

#[test]
fn salesbench_db_is_used_without_db_flag() {
    let b = Bench::new();
    let from_env = b.dir.path().join("from-env.db");
    let out = b
        .bare_cmd()
        .env("SALESBENCH_DB", &from_env)
        .args(["account", "add", "Acme"])
        .assert()
        .success();
    let id = parse_id(&stdout_of(out));
    assert!(from_env.exists(), "SALESBENCH_DB file not created");
    assert!(!b.db.exists());

    let listed = b
        .bare_cmd()
        .env("SALESBENCH_DB", &from_env)
        .args(["account", "list", "--json"])
        .assert()
        .success();
    let list: serde_json::Value = serde_json::from_str(&stdout_of(listed)).expect("JSON");
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["name"], "Acme");

    // --db wins over the variable.
    b.bare_cmd()
        .env("SALESBENCH_DB", &from_env)
        .arg("--db")
        .arg(&b.db)
        .args(["account", "add", "Globex"])
        .assert()
        .success();
    assert_eq!(b.list(false).len(), 1, "--db got its own account");
    assert_eq!(crate::support::dump(&from_env).matches("Globex").count(), 0);
}

#[test]
fn control_characters_round_trip_in_json_but_never_reach_the_terminal() {
    let b = Bench::new();
    let name = "Evil\u{1b}[31mName";
    let summary = "bell\u{7} and \u{1b}]0;title\u{7} and \u{9b}2J";
    let id = b.add(name, &["--reading", "\u{1b}[2Jreading"]);
    b.log(&id.to_string(), &["--summary", summary]);

    assert_eq!(b.list(false)[0]["name"], name);
    assert_eq!(b.show(&id.to_string())["name"], name);
    assert_eq!(b.history(&id.to_string())[0]["summary"], summary);

    let id = id.to_string();
    for args in [
        vec!["account", "list"],
        vec!["account", "show", &id],
        vec!["history", &id],
    ] {
        let out = b.ok(&args);
        assert!(
            out.contains("Evil") || out.contains("bell"),
            "{args:?}: {out}"
        );
        assert!(!out.contains(ESC), "{args:?} printed ESC: {out:?}");
        assert!(!out.contains('\u{7}'), "{args:?} printed BEL: {out:?}");
        assert!(!out.contains('\u{9b}'), "{args:?} printed CSI: {out:?}");
    }
}

#[test]
fn demo_writes_the_requested_number_of_accounts_reproducibly() {
    let b = Bench::new();
    b.ok(&["demo", "--accounts", "50", "--seed", "7"]);
    assert_eq!(b.list(true).len(), 50);
    let listed = b.list(false);
    assert_eq!(listed.len(), 50, "demo accounts should all be listed");
    assert!(
        listed.iter().any(|a| a["last_touch_at"].is_string()),
        "no history at all"
    );

    let again = Bench::new();
    again.ok(&["demo", "--accounts", "50", "--seed", "7"]);
    assert_eq!(again.list(true), b.list(true), "same seed, same data");
}

/// `--db` naming a FIFO used to hang on the header read; a directory or a
/// dangling link gave "File exists (os error 17)" with exit 1. Anything that
/// is not a regular file (or a link to one) is refused at once, exit 2.
#[cfg(unix)]
#[test]
fn a_path_that_is_not_a_regular_file_is_refused_at_once() {
    let b = Bench::new();
    let fifo = b.dir.path().join("pipe.db");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let folder = b.dir.path().join("folder.db");
    std::fs::create_dir(&folder).expect("mkdir");
    let dangling = b.dir.path().join("dangling.db");
    std::os::unix::fs::symlink(b.dir.path().join("nowhere.db"), &dangling).expect("symlink");

    for path in [&fifo, &folder, &dangling] {
        let out = b
            .bare_cmd()
            .arg("--db")
            .arg(path)
            .args(["account", "list"])
            .timeout(std::time::Duration::from_secs(10))
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a regular file"), "{path:?}: {err}");
    }
    assert!(
        !b.dir.path().join("nowhere.db").exists(),
        "the link's target was created"
    );
}
