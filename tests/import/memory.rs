//! Lists read previews, never whole notes or bodies: one huge note must
//! not make `account list`, `quiet` or `today` hold it (a 200 MB note once
//! made `account list` use 1.37 GB).

use std::process::{Command, Stdio};

use crate::support::{Bench, NOW};

/// Peak resident memory (KiB) of one run of the binary, read from the
/// kernel's accounting of that child alone (`wait4`).
fn peak_kib(b: &Bench, args: &[&str]) -> i64 {
    let child = Command::new(env!("CARGO_BIN_EXE_salesbench"))
        .env("SALESBENCH_NOW", NOW)
        .env("TZ", "Asia/Tokyo")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("SALESBENCH_DB")
        .arg("--db")
        .arg(&b.db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn salesbench");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid out-parameter; `pid` is our child,
    // waited for exactly once here (the Child is forgotten, not waited).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    assert_eq!(got, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{args:?} failed"
    );
    usage.ru_maxrss
}

#[test]
fn lists_stay_small_when_one_account_has_a_huge_note() {
    let b = Bench::new();
    b.add("Small", &[]);
    // A 15 MB note (just under the cap) and a 15 MB order note (which
    // becomes the last touch summary), imported as such text arrives.
    let note = "メモ".repeat(15 * 1024 * 1024 / 6);
    let csv = format!("name,code,note\nHuge,H1,\"{note}\"\n");
    let file = b.file("huge.csv", csv.as_bytes());
    b.import("accounts", &file, &[]);
    let order_note = "n".repeat(15 * 1024 * 1024);
    let orders = format!("date,code,amount,note\n2026/06/01,H1,100,{order_note}\n");
    let file = b.file("order.csv", orders.as_bytes());
    b.import("orders", &file, &[]);
    let baseline = peak_kib(&b, &["account", "list", "--search", "Small"]);
    for args in [
        vec!["account", "list"],
        vec!["account", "list", "--all"],
        vec!["quiet"],
        vec!["today"],
        vec!["quiet", "--json"],
        vec!["account", "list", "--search", "Huge"],
        // The JSON list carries whole notes, one account at a time.
        vec!["account", "list", "--json"],
    ] {
        let peak = peak_kib(&b, &args);
        assert!(
            peak < 100 * 1024,
            "{args:?}: peak {} MB (a search for another account: {} MB)",
            peak / 1024,
            baseline / 1024
        );
    }
}
