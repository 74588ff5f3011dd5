//! End to end: the real binary in an 80x24 pseudo-terminal, driven by
//! keys, asserting on what a person would see. Every wait has a deadline.

// Shared by every test that drives the real TUI; each uses part of it.
use crate::common::pty as harness;

use std::thread;
use std::time::{Duration, Instant};

use harness::keys::{CTRL_C, CTRL_S, ENTER, ESC, F12, TAB};
use harness::{find_bytes, DataDir, DEADLINE, ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN};

const TANAKA: &str = "田中商店";
const TANAKA_READING: &str = "たなかしょうてん";

#[test]
fn add_account_log_a_call_and_find_both_after_restart() {
    let data = DataDir::new();
    let mut tui = data.tui();
    tui.wait_for("--demo");

    tui.send("a");
    tui.wait_for("Add account");
    tui.send(TANAKA);
    tui.wait_for(TANAKA);
    tui.send(TAB);
    tui.send(TANAKA_READING);
    tui.wait_for(TANAKA_READING);
    tui.send(CTRL_S);
    tui.wait_until("the new account in the list", |s| {
        s.contains("Account added.")
            && s.contains("1 of 1")
            && s.contains(TANAKA)
            && !s.contains("Add account")
    });

    tui.send(ENTER);
    tui.wait_for("No conversations or orders yet");
    tui.send("l");
    tui.wait_for("Log conversation · 田中商店");
    // The form opens with the cursor in Summary: type straight away.
    let summary_row = tui.row_of("Summary").expect("a Summary field");
    // The frame's text can arrive before its cursor move: wait for both.
    tui.wait_until_screen("the cursor in Summary", |s| {
        s.cursor_position().0 == summary_row
    });
    tui.send("初回の電話");
    tui.wait_for("初回の電話");
    tui.send(TAB);
    tui.send("来週見積もりを送る");
    tui.wait_for("来週見積もりを送る");
    tui.send(CTRL_S);
    let screen = tui.wait_until("the conversation in the timeline", |s| {
        s.contains("Conversation logged.")
            && s.contains("初回の電話")
            && !s.contains("Log conversation")
    });
    // Logged "now": the pinned clock, shown in Tokyo time.
    assert!(
        screen.contains("Mon 23 Nov 09:00"),
        "timeline entry at the pinned time\n{}",
        tui.dump()
    );
    assert!(
        screen.contains("来週見積もりを送る"),
        "body preview under the entry\n{}",
        tui.dump()
    );

    tui.send("q");
    assert!(tui.wait_exit().success());

    // A fresh start on the same database shows both again.
    let mut tui = data.tui();
    tui.wait_until("the account listed after restart", |s| {
        s.contains("1 of 1") && s.contains(TANAKA)
    });
    tui.send(ENTER);
    tui.wait_for("初回の電話");
    tui.send("q");
    assert!(tui.wait_exit().success());

    let json = data.cli(&["history", TANAKA, "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("history --json is JSON");
    assert_eq!(rows.len(), 1, "one entry stored: {json}");
    let c = &rows[0];
    assert_eq!(c["type"], "conversation", "{json}");
    assert_eq!(c["summary"], "初回の電話", "{json}");
    assert_eq!(c["body"], "来週見積もりを送る", "{json}");
    assert_eq!(c["kind"], "call", "{json}");
    assert_eq!(c["direction"], "out", "{json}");
}

#[test]
fn filter_by_romaji_reading_and_clear_with_esc() {
    let data = DataDir::new();
    data.cli(&["account", "add", TANAKA, "--reading", TANAKA_READING]);
    data.cli(&["account", "add", "Acme Corp"]);
    data.cli(&[
        "account",
        "add",
        "佐藤工業",
        "--reading",
        "さとうこうぎょう",
    ]);

    let mut tui = data.tui();
    let all = |s: &str| {
        s.contains("3 of 3")
            && s.contains(TANAKA)
            && s.contains("Acme Corp")
            && s.contains("佐藤工業")
    };
    tui.wait_until("all three accounts", all);

    tui.send("/");
    tui.wait_for("complete / keep");
    tui.send("tanaka");
    tui.wait_until("only 田中商店 matching tanaka", |s| {
        s.contains("/tanaka")
            && s.contains("1 of 3")
            && s.contains(TANAKA)
            && !s.contains("Acme Corp")
            && !s.contains("佐藤工業")
    });

    tui.send(ESC);
    tui.wait_until("all three back, filter gone", |s| {
        all(s) && !s.contains("tanaka")
    });

    // Type romaji, open what it found: the account screen of 田中商店.
    tui.send("/");
    tui.wait_for("complete / keep");
    tui.send("tanaka");
    tui.wait_for("1 of 3");
    tui.send("\r");
    tui.wait_until("田中商店's own screen", |s| {
        s.contains(TANAKA) && s.contains(TANAKA_READING) && s.contains("No conversations")
    });

    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// Poll the database the app writes to until the draft holds `summary`.
fn wait_for_draft(db: &std::path::Path, summary: &str) {
    let start = Instant::now();
    loop {
        let found: Result<Vec<String>, rusqlite::Error> =
            rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .and_then(|conn| {
                    let mut stmt = conn.prepare("SELECT summary FROM drafts")?;
                    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                    rows.collect()
                });
        match found {
            Ok(v) if v.iter().any(|s| s == summary) => return,
            last => assert!(
                start.elapsed() < DEADLINE,
                "no draft with summary {summary:?} within {DEADLINE:?}; last read: {last:?}"
            ),
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn draft_survives_the_process_being_killed() {
    let data = DataDir::new();
    data.cli(&["account", "add", TANAKA, "--reading", TANAKA_READING]);
    let typed = "見積もりの件で折り返し";

    let mut tui = data.tui();
    tui.wait_for(TANAKA);
    tui.send(ENTER);
    tui.wait_for("No conversations or orders yet");
    tui.send("l");
    tui.wait_for("Log conversation · 田中商店");
    tui.send(typed);
    tui.wait_for(typed);
    wait_for_draft(&data.db, typed);
    tui.kill_hard();

    let mut tui = data.tui();
    tui.wait_for(TANAKA);
    tui.send(ENTER);
    tui.wait_for("No conversations or orders yet");
    tui.send("l");
    tui.wait_until("the draft restored into the form", |s| {
        s.contains("Log conversation · 田中商店")
            && s.contains(typed)
            && s.contains("Your unsaved draft is back")
    });
    assert_eq!(
        tui.row_of(typed),
        tui.row_of("Summary"),
        "the draft text is in the Summary field\n{}",
        tui.dump()
    );
}

#[test]
fn ctrl_c_in_a_form_saves_the_draft_and_quits_and_so_it_does_from_help() {
    let data = DataDir::new();
    data.cli(&["account", "add", TANAKA, "--reading", TANAKA_READING]);
    let mut tui = data.tui();
    tui.wait_for(TANAKA);
    tui.send(ENTER);
    tui.wait_for("No conversations or orders yet");
    tui.send("l");
    tui.wait_for("Log conversation · 田中商店");
    tui.send("見積もり");
    wait_for_draft(&data.db, "見積もり");
    // Typed within the draft throttle: only quitting can save this part.
    tui.send("の件");
    tui.wait_for("見積もりの件");
    tui.send(CTRL_C);
    assert!(tui.wait_exit().success());
    wait_for_draft(&data.db, "見積もりの件");

    let mut tui = data.tui();
    tui.wait_for(TANAKA);
    tui.send("?");
    tui.wait_for("close help");
    tui.send(CTRL_C);
    assert!(tui.wait_exit().success(), "Ctrl-C quits with help open");
}

#[test]
fn quitting_leaves_the_alternate_screen_and_raw_mode() {
    let data = DataDir::new();
    let mut tui = data.tui();
    tui.wait_for("--demo");
    assert!(
        tui.with_screen(|s| s.alternate_screen()),
        "the TUI runs on the alternate screen\n{}",
        tui.dump()
    );
    assert!(
        !tui.termios().contains("ICANON"),
        "the TUI runs in raw mode: {}",
        tui.termios()
    );

    tui.send("q");
    assert!(tui.wait_exit().success());

    let raw = tui.raw();
    let entered = find_bytes(&raw, ENTER_ALT_SCREEN, 0).expect("entered the alternate screen");
    assert!(
        find_bytes(&raw, LEAVE_ALT_SCREEN, entered).is_some(),
        "no \\e[?1049l after \\e[?1049h in the output"
    );
    assert!(
        !tui.with_screen(|s| s.alternate_screen()),
        "back on the main screen\n{}",
        tui.dump()
    );
    assert!(
        tui.termios().contains("ICANON"),
        "canonical mode restored on exit: {}",
        tui.termios()
    );
}

#[test]
fn a_panic_still_restores_the_terminal() {
    let data = DataDir::new();
    let mut tui = data.tui_with_env(&[("SALESBENCH_DEBUG_PANIC", "1")]);
    tui.wait_for("--demo");
    tui.send(F12);
    let status = tui.wait_exit();
    assert!(!status.success(), "a panic exits non-zero, got {status:?}");

    let raw = tui.raw();
    let message = b"debug panic requested with F12";
    let entered = find_bytes(&raw, ENTER_ALT_SCREEN, 0).expect("entered the alternate screen");
    let left = find_bytes(&raw, LEAVE_ALT_SCREEN, entered)
        .expect("left the alternate screen after the panic");
    let said = find_bytes(&raw, message, entered).unwrap_or_else(|| {
        panic!(
            "no panic message in the output:\n{}",
            String::from_utf8_lossy(&raw[entered..])
        )
    });
    assert!(
        left < said,
        "the alternate screen is left before the panic message is printed"
    );
    // Output processing is back (raw mode off): the tty turns "\n" into "\r\n".
    let after = &raw[said + message.len()..];
    assert!(
        after.starts_with(b"\r\n"),
        "raw mode still on after the panic: {:?}",
        String::from_utf8_lossy(&after[..after.len().min(40)])
    );
    // And a person sees the message on the normal screen.
    assert!(
        !tui.with_screen(|s| s.alternate_screen()),
        "still on the alternate screen\n{}",
        tui.dump()
    );
    assert!(
        tui.contents().contains("debug panic requested with F12"),
        "panic message not visible\n{}",
        tui.dump()
    );
    assert!(
        tui.termios().contains("ICANON"),
        "canonical mode restored after the panic: {}",
        tui.termios()
    );
}
