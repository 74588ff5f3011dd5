//! What the command line writes: on a terminal nothing typed or stored can
//! drive it; through a pipe or into a file every byte is exact; JSON keeps
//! DEL, C1 and bidi controls escaped and still parses to the stored text.

use std::ffi::OsStr;

use super::support::Bench;
use crate::common::pty::run_in_pty;

/// Stored and typed text that would drive a terminal: a title change
/// ended by BEL, a C1 CSI, a right-to-left override, DEL.
const HOSTILE: &str = "Evil\u{1b}]0;pwned\u{7}Co\u{9b}2J\u{202e}gpj.exe\u{7f}End";

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Anything in the bytes that a terminal would act on (the pty turns
/// `\n` into `\r\n`, so CR is allowed here).
fn controls_in(raw: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(raw)
        .chars()
        .filter(|&c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c))
        .collect()
}

fn bench_with_hostile_text() -> Bench {
    let b = Bench::new();
    b.add(HOSTILE, &["--code", "C001", "--note", HOSTILE]);
    b.log("C001", &["--summary", HOSTILE, "--body", HOSTILE]);
    b
}

fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
    args.iter().map(|a| a.into()).collect()
}

/// Errors echo what was typed (an account, `--db`, `-o`, `--at`,
/// `--amount`, a clap usage error), and exports print stored text: on a
/// terminal all of it arrived with its escape sequences intact.
#[test]
fn a_terminal_never_receives_a_control_sequence() {
    let b = bench_with_hostile_text();
    let db = b.db.display().to_string();
    let nobody = format!("x{HOSTILE}");
    let odd_dir = b.dir.path().join(format!("missing{HOSTILE}"));
    let odd_db = odd_dir.join("sales.db").display().to_string();
    let odd_out = odd_dir.join("out.csv").display().to_string();
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--db", &db, "account", "show", &nobody], "pwned"),
        (vec!["--db", &odd_db, "account", "add", "x"], "missingEvil"),
        (
            vec!["--db", &db, "export", "accounts", "-o", &odd_out],
            "missingEvil",
        ),
        (
            vec![
                "--db",
                &db,
                "log",
                "C001",
                "--summary",
                "x",
                "--at",
                HOSTILE,
            ],
            "--at",
        ),
        (
            vec!["--db", &db, "order", "C001", "--amount", HOSTILE],
            "--amount",
        ),
        (vec!["--db", &db, "done", HOSTILE], "invalid value"),
        (vec!["--db", &db, "export", "conversations"], "gpj.exe"),
        (
            vec!["--db", &db, "export", "accounts", "--format", "json"],
            "\\u202e",
        ),
        (vec!["--db", &db, "history", "C001"], "gpj.exe"),
        (
            vec!["--db", &db, "account", "show", "C001", "--json"],
            "\\u009b",
        ),
    ];
    for (args, visible) in runs {
        let argv: Vec<std::ffi::OsString> =
            os(&["--lang", "en"]).into_iter().chain(os(&args)).collect();
        let argv: Vec<&OsStr> = argv.iter().map(|a| a.as_os_str()).collect();
        let (_, raw) = run_in_pty(&argv, b.dir.path(), &[]);
        let bad = controls_in(&raw);
        assert!(
            bad.is_empty(),
            "{args:?} sent the terminal {bad:?}: {}",
            String::from_utf8_lossy(&raw)
        );
        let text = String::from_utf8_lossy(&raw);
        assert!(
            text.contains(visible),
            "{args:?}: {visible:?} not shown in {text}"
        );
    }
}

/// A pipe is not a terminal: exports and echoed paths pass byte for byte.
#[test]
fn a_pipe_gets_the_exact_bytes() {
    let b = bench_with_hostile_text();
    let out = b
        .cmd()
        .args(["export", "conversations"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(csv.contains(HOSTILE), "the CSV lost bytes: {csv:?}");

    let odd_db = b
        .dir
        .path()
        .join(format!("missing{HOSTILE}"))
        .join("sales.db");
    let out = b
        .bare_cmd()
        .arg("--db")
        .arg(&odd_db)
        .args(["account", "add", "x"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(err.contains(&odd_db.display().to_string()), "{err:?}");
}

/// `--json` and the JSON export wrote DEL, C1 and bidi controls raw
/// (serde_json escapes only C0): `\uXXXX` now, and the parsed text is
/// exactly what was stored.
#[test]
fn json_escapes_every_invisible_control_and_round_trips() {
    let b = bench_with_hostile_text();
    let path = b.dir.path().join("conversations.json");
    b.ok(&[
        "export",
        "conversations",
        "--format",
        "json",
        "-o",
        path.to_str().expect("UTF-8"),
    ]);
    let file = std::fs::read_to_string(&path).expect("read");
    let outputs = [
        ("account show", b.ok(&["account", "show", "C001", "--json"])),
        ("account list", b.ok(&["account", "list", "--json"])),
        ("history", b.ok(&["history", "C001", "--json"])),
        ("export", b.ok(&["export", "accounts", "--format", "json"])),
        ("export file", file),
    ];
    for (what, raw) in &outputs {
        let bad: Vec<char> = raw
            .chars()
            .filter(|&c| (c.is_control() && c != '\n') || is_bidi_control(c))
            .collect();
        assert!(bad.is_empty(), "{what}: raw {bad:?} in {raw}");
        for escaped in ["\\u001b", "\\u0007", "\\u009b", "\\u202e", "\\u007f"] {
            assert!(raw.contains(escaped), "{what}: no {escaped} in {raw}");
        }
    }
    let parse = |s: &str| -> serde_json::Value { serde_json::from_str(s).expect("JSON") };
    assert_eq!(parse(&outputs[0].1)["name"], HOSTILE);
    assert_eq!(parse(&outputs[0].1)["note"], HOSTILE);
    assert_eq!(parse(&outputs[1].1)[0]["name"], HOSTILE);
    assert_eq!(parse(&outputs[2].1)[0]["summary"], HOSTILE);
    assert_eq!(parse(&outputs[2].1)[0]["body"], HOSTILE);
    assert_eq!(parse(&outputs[3].1)[0]["name"], HOSTILE);
    assert_eq!(parse(&outputs[4].1)[0]["summary"], HOSTILE);
    assert_eq!(parse(&outputs[4].1)[0]["account_name"], HOSTILE);
}
