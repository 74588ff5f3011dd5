//! The database file itself, the environment, hostile text and the demo.

use super::support::{parse_id, stdout_of, Bench};

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
    b.ok(&["account", "add", "Acme"]);
    let mode = std::fs::metadata(&b.db).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{} has mode {mode:o}", b.db.display());
}

/// `sh -c 'umask 000; exec salesbench ...'`: files made as permissive as
/// the process allows.
#[cfg(unix)]
fn umask_000(b: &Bench) -> assert_cmd::Command {
    let mut cmd = b.at_home();
    cmd.env("SB_UNDER_TEST", env!("CARGO_BIN_EXE_salesbench"));
    let mut sh = assert_cmd::Command::new("sh");
    sh.args(["-c", "umask 000; exec \"$SB_UNDER_TEST\" \"$@\"", "sh"]);
    // Keep the environment the bench pinned.
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.current_dir(b.dir.path())
        .timeout(std::time::Duration::from_secs(60));
    sh
}

/// Under `umask 000` the default data folder came out 0777, open to every
/// user of the machine. Every folder salesbench makes is 0700 and every
/// file 0600, whatever the umask.
#[cfg(unix)]
#[test]
fn files_and_folders_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let b = Bench::new();
    umask_000(&b)
        .args(["account", "add", "Acme"])
        .assert()
        .success();
    umask_000(&b).args(["backup"]).assert().success();
    let explicit = b.dir.path().join("given.db");
    umask_000(&b)
        .arg("--db")
        .arg(&explicit)
        .args(["account", "add", "Globex"])
        .assert()
        .success();
    let share = b.dir.path().join(".local/share");
    let data = share.join("salesbench");
    assert!(
        data.join("salesbench.db").is_file(),
        "default database made"
    );
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    for dir in [&share, &data, &data.join("backups")] {
        assert_eq!(
            mode(dir),
            0o700,
            "{} has mode {:o}",
            dir.display(),
            mode(dir)
        );
    }
    let mut files = vec![explicit];
    for dir in [&data, &data.join("backups")] {
        for entry in std::fs::read_dir(dir).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 3, "{files:?}");
    for f in &files {
        assert_eq!(mode(f), 0o600, "{} has mode {:o}", f.display(), mode(f));
    }
}

/// `--db` in a folder that does not exist used to create the whole tree
/// silently: a typo made a second, empty database somewhere.
#[test]
fn a_given_database_in_a_missing_folder_is_refused() {
    let b = Bench::new();
    let nested = b.dir.path().join("new/dir/sales.db");
    for (flag, env) in [(true, false), (false, true)] {
        let mut cmd = b.at_home();
        if flag {
            cmd.arg("--db").arg(&nested);
        }
        if env {
            cmd.env("SALESBENCH_DB", &nested);
        }
        let out = cmd
            .args(["account", "add", "Acme"])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("does not exist"), "{err}");
        assert!(
            err.contains(&b.dir.path().join("new/dir").display().to_string()),
            "{err}"
        );
        assert!(!b.dir.path().join("new").exists(), "the folders were made");
    }
    // A file where the folder should be.
    std::fs::write(b.dir.path().join("plain"), "x").expect("write");
    let out = b
        .at_home()
        .arg("--db")
        .arg(b.dir.path().join("plain/sales.db"))
        .args(["account", "add", "Acme"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a folder"), "{err}");
    // In Japanese too.
    let out = b
        .at_home()
        .arg("--db")
        .arg(&nested)
        .args(["--lang", "ja", "account", "add", "Acme"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("フォルダ") && err.contains("ありません"),
        "{err}"
    );
}

/// Commands that only read used to create an empty database wherever the
/// path pointed (and the default one), then print nothing: the user never
/// learned the path was wrong.
#[test]
fn read_only_commands_never_create_a_database() {
    let b = Bench::new();
    let reads: [&[&str]; 10] = [
        &["account", "list"],
        &["account", "show", "1"],
        &["history", "1"],
        &["today"],
        &["quiet"],
        &["export", "accounts"],
        &["export", "calendar"],
        &["plan", "list"],
        &["backup"],
        &["check"],
    ];
    for args in reads {
        let err = b.user_error(args);
        assert!(err.contains("no database at"), "{args:?}: {err}");
        assert!(err.contains(&b.db.display().to_string()), "{args:?}: {err}");
        assert!(!b.db.exists(), "{args:?} created the database");
        // The default database, likewise.
        let out = b.at_home().args(args).assert().code(2).get_output().clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no database at"), "{args:?}: {err}");
        assert!(
            !b.dir.path().join(".local").exists(),
            "{args:?} made the data folder"
        );
        assert_eq!(
            std::fs::read_dir(b.dir.path()).expect("list").count(),
            0,
            "{args:?} left files"
        );
    }
    let out = b
        .cmd()
        .args(["--lang", "ja", "today"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("データベースがありません"), "{err}");
    // Writing commands still start a new database, and then reads work.
    b.add("Acme", &[]);
    assert!(b.ok(&["account", "list"]).contains("Acme"));
}

/// `SALESBENCH_CONFIG=/dev/zero` read without end (2.9 GB and growing).
/// At most 1 MB is read; more is a warning, and the defaults are used.
#[test]
fn an_endless_or_huge_config_is_a_warning_not_a_memory_hog() {
    let b = Bench::new();
    let big = b.dir.path().join("big.toml");
    // Valid TOML (comments), just far too much of it.
    let line = format!("# {}\n", "x".repeat(99));
    std::fs::write(&big, line.repeat(20_000)).expect("write 2 MB");
    for config in [std::path::Path::new("/dev/zero"), big.as_path()] {
        let out = b
            .cmd()
            .env("SALESBENCH_CONFIG", config)
            .args(["account", "add", "Acme"])
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .success()
            .get_output()
            .clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("larger than 1 MB"), "{config:?}: {err}");
        assert!(err.contains(&config.display().to_string()), "{err}");
        parse_id(&String::from_utf8_lossy(&out.stdout));
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
    assert_eq!(super::support::dump(&from_env).matches("Globex").count(), 0);
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

/// A first import's dry run, before any database exists, previews against
/// an empty one and leaves nothing behind.
#[test]
fn a_dry_run_before_any_database_previews_and_creates_nothing() {
    let b = Bench::new();
    let csv = b.dir.path().join("first.csv");
    std::fs::write(&csv, "name\n田中商店\nAcme\n").expect("write the CSV");
    let out = b.ok(&["import", "accounts", csv.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("2 would be new"), "{out}");
    assert!(!b.db.exists(), "the dry run created the database");
    let left: Vec<_> = std::fs::read_dir(b.dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["first.csv"]);
}
