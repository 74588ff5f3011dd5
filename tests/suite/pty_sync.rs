//! The TUI open all day with team sync configured: it syncs in the
//! background, shows what arrived from another operator without a key
//! press, keeps an open form as typed, and sends what is written here —
//! from the TUI or from a script on the same file — to the team.

use crate::common::pg;
use crate::common::pty as harness;

use std::path::Path;
use std::process::Command;

use harness::keys::{CTRL_S, ESC, TAB};
use harness::DataDir;

const OURS: &str = "テスト商店";

/// The binary on another operator's file `db`, in English.
fn other(db: &Path, args: &[&str]) -> String {
    let out = Command::new(harness::BIN)
        .env("SALESBENCH_NOW", "2026-11-23T09:00:00+09:00")
        .env("TZ", "Asia/Tokyo")
        .env("SALESBENCH_CONFIG", "/nonexistent/config.toml")
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", "/nonexistent/pgpass")
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_open_tui_syncs_in_the_background_and_loses_nothing_it_writes() {
    let Some(pg) = pg::server() else { return };
    let book = pg.fresh("tui");
    book.init();
    let (ua, ub) = (book.operator("a"), book.operator("b"));
    let data = DataDir::new();
    data.cli(&["account", "add", OURS, "--code", "A-1"]);
    let b = data.dir.path().join("b.db");
    other(&b, &["account", "add", "高橋商事", "--code", "B-1"]);
    other(&b, &["sync", "--url", &ub]);

    let config = data.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[sync]\nurl = \"{ua}\"\ninterval_seconds = 5\n"),
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let mut tui = data.tui_with_env(&[("SALESBENCH_CONFIG", cfg)]);
    // The first sync runs at start: the other operator's account arrives
    // and the top line says so (short at 80 columns: the tabs need room).
    tui.wait_until("the book synced at start", |s| {
        s.contains("高橋商事") && s.lines().next().unwrap_or("").trim_end().ends_with("⇅ ✓")
    });

    // A form open while more arrives: it stays as typed.
    tui.send("l");
    tui.wait_for("Log conversation");
    tui.send("入力途中のメモ");
    other(&b, &["account", "add", "二社目工業", "--code", "B-2"]);
    other(&b, &["log", "B-1", "--summary", "相手側の記録"]);
    other(&b, &["sync", "--url", &ub]);
    // The next background sync (5 s) takes it in; the form is untouched.
    std::thread::sleep(std::time::Duration::from_secs(6));
    let screen = tui.wait_for("入力途中のメモ");
    assert!(screen.contains("Log conversation"), "{screen}");
    tui.send(TAB);
    tui.send("本文");
    tui.send(CTRL_S);
    tui.wait_until("the conversation saved", |s| {
        s.contains("Conversation logged.") && !s.contains("Log conversation")
    });
    tui.send(ESC);
    tui.wait_until("the second account from the other operator", |s| {
        s.contains("二社目工業")
    });

    // A script writes to the same file while the TUI is open.
    data.cli(&["log", "A-1", "--summary", "スクリプトからの記録"]);
    // Written here: sent within seconds, no key pressed.
    tui.wait_until("everything sent", |s| {
        let top = s.lines().next().unwrap_or("");
        top.trim_end().ends_with("⇅ ✓") && !top.contains('↑')
    });
    let mut got = String::new();
    for _ in 0..20 {
        other(&b, &["sync", "--url", &ub]);
        // The form logged for whichever account was selected.
        got = other(&b, &["history", "A-1"]) + &other(&b, &["history", "B-1"]);
        if got.contains("入力途中のメモ") && got.contains("スクリプトからの記録") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    assert!(
        got.contains("入力途中のメモ") && got.contains("スクリプトからの記録"),
        "{got}"
    );
    tui.send("q");
    assert!(tui.wait_exit().success());
    // Both files hold the same book in the end.
    other(&b, &["sync", "--url", &ub]);
    data.cli(&["sync", "--url", &ua]);
    let rows = |db: &Path| {
        salesbench::store::Store::open(db)
            .unwrap()
            .shared_rows()
            .unwrap()
    };
    assert!(rows(&data.db) == rows(&b));
}
