//! User mistakes: exit 2, one clear line on stderr, nothing written.

use crate::support::Bench;

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
