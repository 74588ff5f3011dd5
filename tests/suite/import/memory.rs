//! Lists read previews, never whole notes or bodies: one huge note must
//! not make `account list`, `quiet` or `today` hold it (a 200 MB note once
//! made `account list` use 1.37 GB).

use std::process::{Command, Stdio};

use super::support::{Bench, NOW};

/// Where [`measure_one_run`] reads the command to run.
const MEASURE_ARGS: &str = "SALESBENCH_TEST_MEASURE_ARGS";

/// Peak resident memory (KiB) of one run of the binary.
///
/// The kernel's peak for a process includes the memory of the process it
/// was forked from (a fork shares every page until exec), and this test
/// process holds large strings. So the run is started from a fresh, small
/// process: this test binary again, running only [`measure_one_run`],
/// which reports the peak of its own child through `RUSAGE_CHILDREN`.
fn peak_kib(b: &Bench, args: &[&str]) -> i64 {
    let mut cmd_args = vec!["--db".to_string(), b.db.display().to_string()];
    cmd_args.extend(args.iter().map(|a| a.to_string()));
    let out = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--ignored",
            "--exact",
            "import::memory::measure_one_run",
            "--nocapture",
        ])
        .env(MEASURE_ARGS, cmd_args.join("\u{1f}"))
        .env("SALESBENCH_NOW", NOW)
        .env("TZ", "Asia/Tokyo")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("SALESBENCH_DB")
        .stdin(Stdio::null())
        .output()
        .expect("run the measuring process");
    let text = String::from_utf8_lossy(&out.stdout);
    text.split("PEAK_KIB=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{args:?}: no measurement in {text}"))
}

/// Not a test of its own: the small process [`peak_kib`] starts. Runs
/// the binary once with the arguments it is given and prints the peak
/// resident memory of that run.
#[test]
#[ignore = "run by peak_kib in a fresh process"]
fn measure_one_run() {
    let args = std::env::var(MEASURE_ARGS).expect("started by peak_kib");
    let status = Command::new(env!("CARGO_BIN_EXE_salesbench"))
        .args(args.split('\u{1f}'))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn salesbench");
    assert!(status.success(), "salesbench {args:?} failed");
    // SAFETY: zeroed rusage is a valid out-parameter for getrusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(got, 0, "getrusage");
    println!("PEAK_KIB={}", usage.ru_maxrss);
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
