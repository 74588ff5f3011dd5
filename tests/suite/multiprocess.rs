//! Several real processes on one database file at once: the TUI open in a
//! pseudo-terminal while CLI commands read and write the same file. Nothing
//! any of them writes may be lost, and the files of a live process are
//! never removed by another one exiting.

use crate::common::pty as harness;

use std::path::{Path, PathBuf};

use harness::keys::{CTRL_S, ENTER, TAB};
use harness::{DataDir, Tui};

const ACCOUNT: &str = "テスト商店";

fn companion(db: &Path, suffix: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The database files the process `pid` holds open that were removed
/// from the folder (`/proc/PID/fd/N -> ... (deleted)`).
fn deleted_db_files(pid: u32, db: &Path) -> Vec<String> {
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    let mut out = Vec::new();
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return out;
    };
    for fd in fds.flatten() {
        if let Ok(target) = std::fs::read_link(fd.path()) {
            let t = target.to_string_lossy().into_owned();
            if t.contains(&name) && t.ends_with("(deleted)") {
                out.push(t);
            }
        }
    }
    out
}

/// The summaries of an account's conversations, as the CLI reports them.
fn summaries(data: &DataDir, account: &str) -> Vec<String> {
    let json = data.cli(&["history", account, "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("history --json");
    rows.iter()
        .filter(|r| r["type"] == "conversation")
        .filter_map(|r| r["summary"].as_str().map(str::to_owned))
        .collect()
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

/// Log a conversation from the TUI's account list (the account selected).
fn log_from_tui(tui: &mut Tui, summary: &str) {
    tui.send("l");
    tui.wait_for("Log conversation");
    tui.send(summary);
    tui.wait_for(summary);
    tui.send(TAB);
    tui.send("body");
    tui.send(CTRL_S);
    tui.wait_until("the conversation saved", |s| {
        s.contains("Conversation logged.") && !s.contains("Log conversation")
    });
}

/// The reproduction from the issue: the TUI open, any other command runs
/// and exits. Before the fix the TUI held no lock (its header check closed
/// a descriptor of the file), so that command's exit deleted the live WAL
/// and everything the TUI wrote afterwards went into deleted files.
#[test]
fn a_second_process_exiting_never_removes_the_files_of_the_open_tui() {
    let data = DataDir::new();
    data.cli(&["account", "add", ACCOUNT]);
    let mut tui = data.tui();
    tui.wait_until("the account list loaded", |s| {
        s.contains("1 of 1") && s.contains(ACCOUNT)
    });

    data.cli(&["plan", "list"]);
    data.cli(&["account", "list"]);

    for suffix in ["-wal", "-shm"] {
        assert!(
            companion(&data.db, suffix).exists(),
            "{suffix} of the live database removed by another process"
        );
    }
    assert_eq!(
        deleted_db_files(tui.pid(), &data.db),
        Vec::<String>::new(),
        "the TUI writes into deleted files"
    );

    // What the TUI writes now is seen by other processes at once.
    log_from_tui(&mut tui, "TUIからの記録");
    assert_eq!(summaries(&data, ACCOUNT), vec!["TUIからの記録"]);

    // A CLI write while the TUI is open survives the TUI quitting.
    data.cli(&["log", ACCOUNT, "--summary", "CLIからの記録"]);
    tui.send("q");
    assert!(tui.wait_exit().success());

    let mut got = summaries(&data, ACCOUNT);
    got.sort();
    assert_eq!(got, vec!["CLIからの記録", "TUIからの記録"]);
    assert_eq!(integrity(&data.db), "ok");
}

/// Another process's writes show up in the open TUI within about a second,
/// without a key press, keeping the selection and an open form as typed.
#[test]
fn the_open_tui_shows_what_other_processes_write() {
    let data = DataDir::new();
    data.cli(&["account", "add", ACCOUNT]);
    let mut tui = data.tui();
    tui.wait_until("the account list loaded", |s| {
        s.contains("1 of 1") && s.contains(ACCOUNT)
    });

    data.cli(&["account", "add", "二番目の顧客"]);
    tui.wait_until("the CLI's account in the list", |s| {
        s.contains("2 of 2") && s.contains("二番目の顧客")
    });

    // An import of many rows from another terminal.
    let csv = data.dir.path().join("more.csv");
    let mut text = String::from("name,reading\n");
    for i in 0..50 {
        text.push_str(&format!("取込顧客{i:02},とりこみ\n"));
    }
    std::fs::write(&csv, text).expect("write the CSV");
    data.cli(&["import", "accounts", csv.to_str().unwrap()]);
    tui.wait_for("52 of 52");

    // Another terminal schedules a call for today: the Today queue has it.
    data.cli(&[
        "follow-up",
        ACCOUNT,
        "--due",
        "today",
        "--note",
        "見積もりの確認",
    ]);
    tui.send("2");
    tui.wait_for("見積もりの確認");
    tui.send("1");
    tui.wait_for("52 of 52");

    // The open account's timeline follows, and a form being typed in stays.
    tui.send("/");
    tui.send("テスト");
    tui.send(ENTER);
    tui.wait_for("No conversations or orders yet");
    tui.send("l");
    tui.wait_for("Log conversation");
    tui.send("書きかけの要件");
    tui.wait_for("書きかけの要件");
    data.cli(&["log", ACCOUNT, "--summary", "別端末からの電話"]);
    data.cli(&["order", ACCOUNT, "--amount", "12000"]);
    tui.send(harness::keys::ESC);
    // Closing a typed-in form asks first: the form was still there.
    tui.wait_for("Close");
    tui.send("y");
    tui.wait_until("the other terminal's entries in the timeline", |s| {
        s.contains("別端末からの電話") && s.contains("12,000")
    });
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// No write is refused because another program holds the write lock:
/// longer than the 10 s that used to end in "database is locked".
#[test]
fn writes_wait_for_another_programs_lock_instead_of_failing() {
    let data = DataDir::new();
    data.cli(&["account", "add", ACCOUNT]);
    let mut tui = data.tui();
    tui.wait_until("the account list loaded", |s| {
        s.contains("1 of 1") && s.contains(ACCOUNT)
    });

    // Another program takes the write lock and keeps it for 11 s.
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let db = data.db.clone();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute_batch("BEGIN IMMEDIATE")
            .expect("take the write lock");
        locked_tx.send(()).expect("signal");
        std::thread::sleep(std::time::Duration::from_secs(11));
        conn.execute_batch("COMMIT").expect("release");
    });
    locked_rx.recv().expect("the lock is held");

    let cli = data
        .cli_command(&["log", ACCOUNT, "--summary", "待たされた記録"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the CLI");

    tui.send("l");
    tui.wait_for("Log conversation");
    tui.send("画面からの記録");
    tui.wait_for("画面からの記録");
    tui.send(CTRL_S);
    tui.wait_until("the TUI says it waits, the form still open", |s| {
        s.contains("Waiting to save") && s.contains("Log conversation")
    });
    // The screen is not frozen while it waits: keys still move the cursor.
    tui.send(TAB);
    tui.send("本文");
    tui.wait_for("本文");

    let out = cli.wait_with_output().expect("the CLI finishes");
    holder.join().expect("the lock holder");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the CLI write failed: {stderr}");
    assert_eq!(
        stderr.matches("waiting for another program").count(),
        1,
        "said once on stderr: {stderr}"
    );
    tui.wait_until("the TUI's save went through", |s| {
        s.contains("Conversation logged.") && !s.contains("Log conversation")
    });
    tui.send("q");
    assert!(tui.wait_exit().success());
    let mut got = summaries(&data, ACCOUNT);
    got.sort();
    let mut want = vec!["画面からの記録", "待たされた記録"];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(integrity(&data.db), "ok");
}

/// Every log and order summary/amount on an account, as the CLI reports them
/// from the database at `db` (a backup or the live file).
fn entries_in(data: &DataDir, db: &Path, account: &str) -> (Vec<String>, usize) {
    let out = data
        .cli_command(&["history", account, "--json"])
        .arg("--db")
        .arg(db)
        .output()
        .expect("run history");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut logs: Vec<String> = rows
        .iter()
        .filter(|r| r["type"] == "conversation")
        .filter_map(|r| r["summary"].as_str().map(str::to_owned))
        .collect();
    logs.sort();
    let orders = rows.iter().filter(|r| r["type"] == "order").count();
    (logs, orders)
}

/// Run `args` as a CLI process; panics with its stderr unless it succeeds.
fn run_ok(data: &DataDir, args: &[&str]) {
    let out = data.cli_command(args).output().expect("run the CLI");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The suite the issue asks for: the TUI open while CLI readers, writers,
/// an import, a backup and then a restore run at the same time. Every
/// write from every process is present (in the live file, or in the copy
/// the restore kept), the database is sound, the TUI showed the CLI's
/// writes without a restart, and the backup holds the TUI's writes.
#[test]
fn tui_and_cli_readers_writers_import_backup_and_restore_at_once() {
    let data = DataDir::new();
    data.cli(&["account", "add", ACCOUNT]);
    data.cli(&["account", "add", "並行商事"]);
    let mut tui = data.tui();
    tui.wait_until("the account list loaded", |s| s.contains("2 of 2"));
    // The TUI's own write, before anything else starts.
    tui.send("/");
    tui.send("テスト");
    tui.send(ENTER);
    tui.wait_for("No conversations or orders yet");
    log_from_tui(&mut tui, "TUI記録その1");

    let csv = data.dir.path().join("import.csv");
    let mut text = String::from("name,reading\n");
    for i in 0..100 {
        text.push_str(&format!("一括{i:03},いっかつ\n"));
    }
    std::fs::write(&csv, text).expect("write the CSV");
    let snapshot = data.dir.path().join("snapshot.db");

    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..12 {
                run_ok(
                    &data,
                    &["log", "並行商事", "--summary", &format!("CLI記録{i:02}")],
                );
            }
        });
        s.spawn(|| {
            for i in 1..=12 {
                run_ok(
                    &data,
                    &["order", "並行商事", "--amount", &format!("{}", i * 100)],
                );
            }
        });
        s.spawn(|| {
            for _ in 0..8 {
                run_ok(&data, &["today", "--json"]);
                run_ok(&data, &["account", "list"]);
                run_ok(&data, &["history", "並行商事", "--json"]);
            }
        });
        s.spawn(|| run_ok(&data, &["import", "accounts", csv.to_str().unwrap()]));
        s.spawn(|| run_ok(&data, &["backup", snapshot.to_str().unwrap()]));
    });

    // The TUI shows the other processes' work without a restart (Esc
    // leaves the account, a second Esc clears the filter).
    tui.send(harness::keys::ESC);
    tui.wait_for("of 102");
    tui.send(harness::keys::ESC);
    tui.wait_for("102 of 102");
    tui.send("/");
    tui.send("並行");
    tui.send(ENTER);
    tui.wait_until("the CLI's conversations in the open TUI", |s| {
        s.contains("CLI記録11")
    });
    // One key at a time: Esc and a key right after it read as Alt+key.
    tui.send(harness::keys::ESC);
    tui.wait_until("back on the list", |s| s.contains("of 102"));
    tui.send(harness::keys::ESC);
    tui.wait_for("102 of 102");

    // Everything is in the live file, and the database is sound.
    let (logs, orders) = entries_in(&data, &data.db, "並行商事");
    assert_eq!(logs.len(), 12, "{logs:?}");
    assert_eq!(orders, 12);
    assert_eq!(entries_in(&data, &data.db, ACCOUNT).0, vec!["TUI記録その1"]);
    assert_eq!(integrity(&data.db), "ok");
    // The backup taken meanwhile holds the TUI's write.
    assert_eq!(
        entries_in(&data, &snapshot, ACCOUNT).0,
        vec!["TUI記録その1"],
        "the backup lacks what the TUI wrote before it"
    );

    // A second TUI write, then a restore of the snapshot while the TUI is
    // open; then a third TUI write after it.
    tui.send("/");
    tui.send("テスト");
    tui.send(ENTER);
    tui.wait_for("TUI記録その1");
    log_from_tui(&mut tui, "TUI記録その2");
    run_ok(&data, &["restore", snapshot.to_str().unwrap()]);
    tui.wait_until("the restored content in the open TUI", |s| {
        s.contains("TUI記録その1") && !s.contains("TUI記録その2")
    });
    log_from_tui(&mut tui, "TUI記録その3");
    tui.send("q");
    assert!(tui.wait_exit().success());

    // After the restore the live file has the snapshot plus the TUI's
    // write that came after it; the copy kept by the restore has the rest.
    let mut want_live = vec!["TUI記録その1", "TUI記録その3"];
    want_live.sort();
    assert_eq!(entries_in(&data, &data.db, ACCOUNT).0, want_live);
    assert_eq!(integrity(&data.db), "ok");
    let kept: Vec<PathBuf> = std::fs::read_dir(data.dir.path().join("backups"))
        .expect("the backups folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains("pre-restore"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let mut want_kept = vec!["TUI記録その1", "TUI記録その2"];
    want_kept.sort();
    assert_eq!(entries_in(&data, &kept[0], ACCOUNT).0, want_kept);
    let (logs, orders) = entries_in(&data, &kept[0], "並行商事");
    assert_eq!((logs.len(), orders), (12, 12));
    assert_eq!(integrity(&kept[0]), "ok");
}

/// Naming the database itself (or its -wal/-shm) where a CSV or a backup
/// is expected is refused before any plain handle touches it: closing
/// such a handle would drop the process's SQLite locks, and the live WAL
/// of the open TUI could then be deleted.
#[test]
fn the_database_given_as_a_csv_or_a_backup_is_refused_and_the_tui_keeps_its_files() {
    let data = DataDir::new();
    data.cli(&["account", "add", ACCOUNT]);
    let mut tui = data.tui();
    tui.wait_until("the account list loaded", |s| s.contains("1 of 1"));
    let db = data.db.to_str().unwrap().to_string();
    let wal = format!("{db}-wal");
    for args in [
        vec!["import", "accounts", db.as_str()],
        vec!["import", "orders", wal.as_str()],
        vec!["restore", db.as_str()],
        vec!["restore", wal.as_str()],
    ] {
        let out = data.cli_command(&args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    for suffix in ["-wal", "-shm"] {
        assert!(companion(&data.db, suffix).exists(), "{suffix} removed");
    }
    assert_eq!(deleted_db_files(tui.pid(), &data.db), Vec::<String>::new());
    log_from_tui(&mut tui, "まだ書ける");
    assert_eq!(summaries(&data, ACCOUNT), vec!["まだ書ける"]);
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// Deals changed by several processes at the same moment: each change is
/// read and written in one transaction, so the recorded history is one
/// unbroken chain (every old value is the previous new one), and of a
/// win and a loss racing for the same deal exactly one lands.
#[test]
fn concurrent_deal_moves_and_closes_keep_one_consistent_record() {
    let data = DataDir::new();
    data.cli(&["account", "add", ACCOUNT]);
    let ids: Vec<String> = (0..4)
        .map(|i| {
            let title = format!("案件{i}");
            data.cli(&["deal", "add", ACCOUNT, "--title", &title, "--value", "1000"])
                .trim()
                .to_string()
        })
        .collect();
    let spawn = |args: &[&str]| {
        data.cli_command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start the CLI")
    };
    // Every deal moved by two processes at once, to different stages.
    let moves: Vec<_> = ids
        .iter()
        .flat_map(|id| {
            [
                spawn(&["deal", "move", id, "quote"]),
                spawn(&["deal", "move", id, "negotiation"]),
            ]
        })
        .collect();
    for p in moves {
        let out = p.wait_with_output().expect("a move finishes");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for id in &ids {
        let d: serde_json::Value =
            serde_json::from_str(&data.cli(&["deal", "show", id, "--json"])).expect("JSON");
        let changes = d["changes"].as_array().expect("changes");
        assert_eq!(changes.len(), 2, "{d}");
        assert_eq!(changes[0]["old_value"], "lead");
        assert_eq!(changes[1]["old_value"], changes[0]["new_value"]);
        assert_eq!(d["stage"], changes[1]["new_value"]);
    }
    // A win with its order and a loss race for each deal: one of them.
    let closes: Vec<_> = ids
        .iter()
        .map(|id| {
            (
                spawn(&["deal", "won", id, "--order"]),
                spawn(&["deal", "lost", id, "--reason", "price"]),
            )
        })
        .collect();
    let mut won = 0;
    for (id, (w, l)) in ids.iter().zip(closes) {
        let (w, l) = (w.wait_with_output().unwrap(), l.wait_with_output().unwrap());
        assert_ne!(
            w.status.success(),
            l.status.success(),
            "deal {id}: both or neither"
        );
        let loser = if w.status.success() { &l } else { &w };
        assert_eq!(loser.status.code(), Some(2), "deal {id}");
        let d: serde_json::Value =
            serde_json::from_str(&data.cli(&["deal", "show", id, "--json"])).expect("JSON");
        let want = if w.status.success() { "won" } else { "lost" };
        assert_eq!(d["status"], want);
        let closed = d["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["field"] == "status")
            .count();
        assert_eq!(closed, 1, "{d}");
        won += usize::from(w.status.success());
    }
    let json = data.cli(&["history", ACCOUNT, "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("history");
    let orders = rows.iter().filter(|r| r["type"] == "order").count();
    assert_eq!(orders, won, "one order per won deal, none for a lost one");
    assert_eq!(integrity(&data.db), "ok");
}
