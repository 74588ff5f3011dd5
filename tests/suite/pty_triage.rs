//! End to end: completing a due follow-up from the Today screen of the
//! real binary in an 80x24 pseudo-terminal, then checking what was stored
//! through the CLI and the database itself.

use crate::common::pty as harness;

use harness::keys::CTRL_S;
use harness::DataDir;

const ACCOUNT: &str = "田中商店";
const NOTE: &str = "quote follow-up";
const SUMMARY: &str = "Quote accepted, order next month";

/// `(id, state, conversation_id, due_on)` of every follow-up of the account.
fn follow_ups(db: &std::path::Path, account: &str) -> Vec<(i64, String, Option<i64>, String)> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the database");
    let mut st = conn
        .prepare(
            "SELECT f.id, f.state, f.conversation_id, f.due_on FROM follow_ups f \
             JOIN accounts a ON a.id = f.account_id WHERE a.name = ?1 ORDER BY f.id",
        )
        .expect("prepare");
    let rows = st
        .query_map([account], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .expect("query");
    rows.collect::<Result<_, _>>().expect("read follow-ups")
}

#[test]
fn complete_a_due_follow_up_and_schedule_the_next() {
    let data = DataDir::new();
    data.cli(&["account", "add", ACCOUNT, "--reading", "たなかしょうてん"]);
    let id: i64 = data
        .cli(&["follow-up", ACCOUNT, "--due", "today", "--note", NOTE])
        .trim()
        .parse()
        .expect("follow-up prints its id");

    let today: Vec<serde_json::Value> =
        serde_json::from_str(&data.cli(&["today", "--json"])).expect("today --json is JSON");
    assert_eq!(today.len(), 1, "{today:?}");
    assert_eq!(today[0]["follow_up_id"], id);
    assert_eq!(today[0]["due_at"], "2026-11-23");

    let mut tui = data.tui();
    // Something is due, so the day starts on Today.
    tui.wait_until("Today with the follow-up", |s| {
        s.contains("Due today 1") && s.contains(ACCOUNT) && s.contains(NOTE)
    });

    tui.send("l");
    tui.wait_for("Complete follow-up · 田中商店 — quote follow-up");
    tui.send(SUMMARY);
    tui.wait_for(SUMMARY);
    tui.send(CTRL_S);
    let screen = tui.wait_until("the schedule-next form", |s| {
        s.contains("Schedule follow-up") && !s.contains("Log conversation")
    });
    // Pre-filled a rhythm away (the default 30 days), resolved beside it.
    assert!(
        screen.contains("+30d"),
        "due date pre-filled\n{}",
        tui.dump()
    );
    assert!(
        screen.contains("→ Wed 23 Dec 2026"),
        "the pre-filled date resolved\n{}",
        tui.dump()
    );
    tui.send(CTRL_S);
    tui.wait_until("back on Today, the item done", |s| {
        !s.contains("Schedule follow-up") && s.contains("done today 1") && !s.contains(NOTE)
    });
    tui.send("q");
    assert!(tui.wait_exit().success());

    // Nothing left due today.
    let today: Vec<serde_json::Value> =
        serde_json::from_str(&data.cli(&["today", "--json"])).expect("today --json is JSON");
    assert!(
        today.iter().all(|i| i["follow_up_id"] != id),
        "the follow-up is no longer due: {today:?}"
    );

    // The conversation is in the history.
    let history: Vec<serde_json::Value> =
        serde_json::from_str(&data.cli(&["history", ACCOUNT, "--json"]))
            .expect("history --json is JSON");
    let conv = history
        .iter()
        .find(|e| e["type"] == "conversation" && e["summary"] == SUMMARY)
        .unwrap_or_else(|| panic!("the logged conversation in {history:?}"));
    let conv_id = conv["id"].as_i64().expect("an id");
    assert_eq!(conv["kind"], "call");

    // The old follow-up is done and linked to it; a new one is open.
    let fus = follow_ups(&data.db, ACCOUNT);
    assert_eq!(fus.len(), 2, "{fus:?}");
    assert_eq!(
        fus[0],
        (
            id,
            "done".to_string(),
            Some(conv_id),
            "2026-11-23".to_string()
        )
    );
    assert_eq!(fus[1].1, "open", "{fus:?}");
    assert_eq!(fus[1].2, None, "{fus:?}");
    assert_eq!(fus[1].3, "2026-12-23", "{fus:?}");
}
