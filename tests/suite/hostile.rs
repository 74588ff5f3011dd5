//! Hostile text: names, notes and bodies carrying terminal escapes, C0/C1
//! controls, bidi overrides, joiners, emoji, a 10,000-character line and a
//! 1 MB body. Stored and exported exactly (JSON round trip, byte for
//! byte); shown safely (plain CLI output, every TUI screen in a
//! `TestBackend` at 80x24, and the real TUI's bytes in a pseudo-terminal).

use crate::common::pty as harness;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use serde_json::Value;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

use salesbench::app::App;
use salesbench::clock::Clock;
use salesbench::i18n::{I18n, Lang};
use salesbench::store::Store;
use salesbench::ui::{self, keymap};

const BIN: &str = env!("CARGO_BIN_EXE_salesbench");
const NOW: &str = "2026-11-23T09:00:00+09:00";

/// A 10,000-character line: wide, narrow and combined characters, no break.
fn long_line() -> String {
    let unit = "長x👍🏽e\u{301}";
    let chars_per_unit = unit.chars().count();
    let mut s = unit.repeat(10_000 / chars_per_unit);
    while s.chars().count() < 10_000 {
        s.push('y');
    }
    s
}

/// Each starts and ends with a visible character: the store trims the
/// whitespace around a name or summary, and that is not what is tested.
fn hostile_names() -> Vec<String> {
    vec![
        "Evil\u{1b}[31mRed\u{1b}[0m Corp".into(),
        "Title\u{1b}]0;title\u{7}Co\u{1b}[6n\u{1b}[21t".into(),
        "C0\u{1}\u{2}\u{8}\u{b}\u{c}\u{e}\u{1f}\u{7f}\tTab\r\nCRLF\rEnd".into(),
        "C1\u{80}\u{85}\u{9b}31m\u{9d}0;x\u{9c}\u{9f}End".into(),
        "Bidi\u{202e}gpj.exe\u{202c} \u{2066}iso\u{2069} \u{200f}\u{061c}\u{200e}End".into(),
        "ZWJ 👨\u{200d}👩\u{200d}👧\u{200d}👦 🏳\u{fe0f}\u{200d}🌈 👍🏽 🇯🇵 e\u{301}".into(),
        "田中\u{200b}商店\u{feff}ｶﾞ\u{2028}改行\u{2029}段落".into(),
        "=HYPERLINK(\"http://x.example\",\"y\"),\"q\"\"\",cell;\u{1b}[2J".into(),
    ]
}

/// `(name, text)` per account: the text goes in the note, a tag, the
/// summary and the body. Names are one line of at most 1,000 characters
/// (longer is refused), so the 10,000-character line is a text only.
fn cases() -> Vec<(String, String)> {
    let mut cases: Vec<_> = hostile_names()
        .into_iter()
        .map(|n| (n.clone(), n))
        .collect();
    cases.push(("Long\u{1b}[1m line\u{202e}".into(), long_line()));
    cases
}

/// About 1 MB of text, every hostile fragment inside it (NUL is refused on
/// write: `tests/suite/import/hazards.rs`).
fn megabyte_body() -> String {
    let mut body = String::from("start of the body\n");
    while body.len() < 1 << 20 {
        for name in hostile_names() {
            body.push_str(&name);
            body.push('\n');
        }
        body.push_str(&long_line());
        body.push('\n');
    }
    body.push_str("end of the body");
    body
}

/// A database in a scratch directory (also `HOME`), filled through the
/// binary: one account per case, each with a conversation, and the first
/// with the 1 MB body.
struct Bench {
    dir: TempDir,
    db: PathBuf,
    cases: Vec<(String, String)>,
    body: String,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("sales.db");
        let bench = Bench {
            dir,
            db,
            cases: cases(),
            body: megabyte_body(),
        };
        for (i, (name, text)) in bench.cases.iter().enumerate() {
            let args = [
                "account",
                "add",
                name,
                "--note",
                text,
                "--reading",
                name,
                "--tag",
                text,
            ];
            let id = bench.run(&args, None);
            assert_eq!(id.trim(), (i + 1).to_string(), "account id");
            // Backdated, so the accounts also show on the Quiet screen.
            let args = [
                "log",
                id.trim(),
                "--summary",
                text,
                "--body",
                "-",
                "--at",
                "-90d",
            ];
            bench.run(&args, Some(bench.body_of(i)));
        }
        bench
    }

    fn body_of(&self, i: usize) -> &str {
        if i == 0 {
            &self.body
        } else {
            &self.cases[i].1
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env("SALESBENCH_NOW", NOW)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env("HOME", self.dir.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("SALESBENCH_DB")
            .current_dir(self.dir.path())
            .args(["--lang", "en", "--db"])
            .arg(&self.db);
        cmd
    }

    /// Run `args` (with `stdin`), expect success and a quiet stderr.
    fn run(&self, args: &[&str], stdin: Option<&str>) -> String {
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn salesbench");
        let mut pipe = child.stdin.take().expect("stdin");
        let input = stdin.unwrap_or("").to_owned();
        let writer = std::thread::spawn(move || pipe.write_all(input.as_bytes()));
        let out = child.wait_with_output().expect("wait");
        writer.join().expect("writer").expect("write stdin");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let head: Vec<_> = args
            .iter()
            .map(|a| a.chars().take(20).collect::<String>())
            .collect();
        assert!(out.status.success(), "{head:?} failed: {stderr}");
        assert!(stderr.is_empty(), "{head:?} said: {stderr}");
        String::from_utf8(out.stdout).expect("UTF-8 stdout")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args, None)).expect("JSON")
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// What may not reach a terminal: every control but line feed and tab,
/// and every bidi control.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

#[test]
fn hostile_text_is_stored_and_exported_exactly() {
    let b = Bench::new();
    let export_path = b.dir.path().join("conversations.json");
    let export = export_path.to_str().expect("UTF-8 path");
    b.run(
        &["export", "conversations", "--format", "json", "-o", export],
        None,
    );
    let raw_export = std::fs::read_to_string(&export_path).expect("read export");
    // JSON escapes every control and bidi mark (serde_json alone leaves
    // DEL, C1 and bidi raw), so the file is safe to `cat`.
    for (what, raw) in [
        ("export", raw_export.as_str()),
        (
            "show --json",
            &b.run(&["account", "show", "4", "--json"], None),
        ),
        ("history --json", &b.run(&["history", "5", "--json"], None)),
    ] {
        let bad: Vec<char> = raw
            .chars()
            .filter(|&c| c != '\n' && unsafe_char(c))
            .collect();
        assert!(bad.is_empty(), "{what}: raw {bad:?}");
    }
    let exported: Value = serde_json::from_str(&raw_export).expect("JSON");
    let exported = exported.as_array().expect("an array");

    for (i, (name, text)) in b.cases.iter().enumerate() {
        let id = (i + 1).to_string();
        let account = b.json(&["account", "show", &id, "--json"]);
        assert_eq!(account["name"], name.as_str(), "account {id} name");
        assert_eq!(account["reading"], name.as_str(), "account {id} reading");
        assert!(account["note"] == text.as_str(), "account {id} note");
        assert!(
            account["tags"] == serde_json::json!([text]),
            "account {id} tags"
        );

        let history = b.json(&["history", &id, "--json"]);
        let entry = &history[0];
        assert!(entry["summary"] == text.as_str(), "account {id} summary");
        let stored = entry["body"].as_str().expect("a body");
        assert!(
            stored == b.body_of(i),
            "account {id}: body changed ({} bytes)",
            stored.len()
        );

        let row = exported
            .iter()
            .find(|c| c["account_id"] == i as i64 + 1)
            .expect("exported");
        assert_eq!(row["account_name"], name.as_str(), "exported name");
        assert!(row["summary"] == text.as_str(), "exported summary");
        assert!(
            row["body"] == b.body_of(i),
            "account {id}: exported body changed"
        );
    }
    let listed = b.json(&["account", "list", "--json"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(b.cases.len()));

    // A name is one line: 10,000 characters is refused, clearly.
    let out = b
        .cmd()
        .args(["account", "add", &long_line()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "salesbench: name: too long\n"
    );
}

#[test]
fn plain_cli_output_carries_no_terminal_controls() {
    let b = Bench::new();
    let mut runs: Vec<Vec<String>> = vec![
        vec!["account".into(), "list".into()],
        vec!["quiet".into()],
        vec!["today".into()],
    ];
    for id in 1..=b.cases.len() {
        runs.push(vec!["account".into(), "show".into(), id.to_string()]);
        runs.push(vec!["history".into(), id.to_string()]);
    }
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = b.run(&args, None);
        let bad: Vec<char> = out.chars().filter(|c| unsafe_char(*c)).collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
    }
    let list = b.run(&["account", "list"], None);
    assert!(
        list.contains("Evil[31mRed[0m Corp"),
        "names still shown: {list}"
    );
    assert_eq!(list.lines().count(), b.cases.len(), "one line per account");
}

// ---- the TUI in a TestBackend ----

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = keymap::resolve(app, KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(action);
    }
}

/// The visible text of each row, continuation cells skipped.
fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            let (mut s, mut x) = (String::new(), 0);
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += sym.width().max(1) as u16;
            }
            s
        })
        .collect()
}

/// Draw at 80x24; no cell may hold a control or bidi character, no wide
/// character may stick out, and the top bar and footer are where they
/// belong. Returns the rows.
fn draw(app: &App, what: &str, footer: &str) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let buf = terminal
        .draw(|f| ui::draw(app, f))
        .expect("draw")
        .buffer
        .clone();
    let shown = rows(&buf);
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(unsafe_char) && !sym.contains('\t'),
                "{what}: {sym:?} at ({x}, {y})\n{}",
                shown.join("\n")
            );
            assert!(x + sym.width() as u16 <= 80, "{what}: {sym:?} sticks out");
            x += sym.width().max(1) as u16;
        }
    }
    assert!(
        shown[0].starts_with(" salesbench"),
        "{what}: top bar\n{}",
        shown.join("\n")
    );
    assert!(
        shown[23].contains(footer),
        "{what}: footer\n{}",
        shown.join("\n")
    );
    shown
}

#[test]
fn every_screen_draws_hostile_text_safely_at_80x24() {
    let b = Bench::new();
    let store = Store::open(&b.db).expect("open the store");
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let mut app = App::new(store, Clock::fixed(now), I18n::new(Lang::En)).expect("app");

    let list = draw(&app, "accounts", "? help");
    let n = b.cases.len();
    assert!(list[1].starts_with(&format!("{n} of {n}")), "{}", list[1]);
    assert!(list[2].starts_with("Name"), "column header: {}", list[2]);
    for (key, what) in [('3', "quiet"), ('2', "today"), ('1', "accounts again")] {
        press(&mut app, KeyCode::Char(key));
        draw(&app, what, "? help");
    }

    for (name, _) in &b.cases {
        let pos = app
            .accounts
            .visible
            .iter()
            .position(|&i| app.accounts.rows.get(i).is_some_and(|r| r.name == *name))
            .expect("listed");
        press(&mut app, KeyCode::Char('g'));
        for _ in 0..pos {
            press(&mut app, KeyCode::Char('j'));
        }
        press(&mut app, KeyCode::Enter);
        let opened = app.account.as_ref().map(|v| v.account.name.clone());
        assert_eq!(opened.as_deref(), Some(name.as_str()));

        let screen = draw(&app, "account", "? help");
        let visible: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(2)
            .collect();
        assert!(screen[1].contains(&visible), "title row: {}", screen[1]);
        assert!(
            screen[2..8].iter().any(|r| r.chars().all(|c| c == '─')),
            "the rule under the header\n{}",
            screen.join("\n")
        );

        press(&mut app, KeyCode::Enter);
        assert!(!app.popups.is_empty(), "the conversation viewer opens");
        draw(&app, "conversation", "Esc close");
        for _ in 0..3 {
            press(&mut app, KeyCode::PageDown);
        }
        draw(&app, "conversation, scrolled", "Esc close");
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('l'));
        draw(&app, "log form", "");
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Esc);
        assert!(app.popups.is_empty(), "popups closed");
        let list = draw(&app, "accounts after Esc", "? help");
        assert!(
            list[1].starts_with(&format!("{n} of {n}")),
            "back on the list"
        );
    }
}

// ---- the real TUI ----

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_real_tui_never_writes_injected_sequences() {
    let data = harness::DataDir::new();
    for name in &hostile_names() {
        let id = data.cli(&["account", "add", name]);
        data.cli(&["log", id.trim(), "--summary", name, "--body", name]);
    }
    let mut tui = data.tui();
    tui.wait_for("Corp");
    tui.send(harness::keys::ENTER);
    tui.wait_for("open in full");
    tui.send(harness::keys::ENTER);
    tui.wait_for("Conversation #");
    // One key at a time, each seen to land: an Esc followed at once by
    // another key reads as Alt+key in a terminal, which a loaded machine
    // makes likely.
    tui.send(harness::keys::ESC);
    tui.wait_until("the conversation closed", |s| !s.contains("Conversation #"));
    tui.send(harness::keys::ESC);
    tui.wait_until("back on the list", |s| s.contains("by last touch"));
    tui.send("q");
    assert!(tui.wait_exit().success());

    let raw = tui.raw();
    // (`\x1b[2J` and `\x1b[31m` are left out: the TUI itself sends them.)
    let injected: [&[u8]; 7] = [
        b"\x1b]0;title",
        b"title\x07",
        b"\x1b[6n",
        b"\x1b[21t",
        "\u{9b}".as_bytes(),
        "\u{202e}".as_bytes(),
        "\u{2066}".as_bytes(),
    ];
    for seq in injected {
        assert!(
            !find(&raw, seq),
            "the terminal was sent {:?}",
            String::from_utf8_lossy(seq)
        );
    }
    assert!(!raw.contains(&0x07), "the terminal was sent BEL");
    assert!(find(&raw, b"Evil"), "the names were drawn");
}
