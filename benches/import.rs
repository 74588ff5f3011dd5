//! Importing 100,000 account rows (Shift_JIS, Japanese headers) and then
//! 1,000,000 order rows (a register export, with a first-order contact
//! plan in place) into a fresh database. Target: each under 10 s on a
//! 2-core machine, with memory bounded (peak RSS printed at the end).
//!
//! `cargo bench --bench import`; sizes via SALESBENCH_IMPORT_ACCOUNTS and
//! SALESBENCH_IMPORT_ORDERS. The CSV files are generated once under
//! target/bench-data/import.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use salesbench::domain::triage::PlanStep;
use salesbench::import::{import_file, EncodingChoice, Options, Report, Target};
use salesbench::store::Store;

fn size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn data_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/import");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A tiny deterministic generator (no dependency on rand's API).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A customer list as Excel in Japan saves it: Shift_JIS, CRLF.
fn accounts_csv(n: usize) -> PathBuf {
    let path = data_dir().join(format!("accounts-{n}.csv"));
    if path.exists() {
        return path;
    }
    let mut text = String::from(
        "顧客コード,会社名,フリガナ,電話番号,メールアドレス,郵便番号,住所,タグ,備考\r\n",
    );
    let kinds = ["商店", "製作所", "工務店", "食堂", "薬局"];
    for i in 0..n {
        let kind = kinds[i % kinds.len()];
        text.push_str(&format!(
            "C{i:06},テスト{kind}{i},テスト{i},03-{:04}-{:04},shop{i}@example.jp,150-{:04},\
             東京都渋谷区神南{}丁目{}番,\"常連,紹介\",\"{}\"\r\n",
            i / 10_000,
            i % 10_000,
            i % 10_000,
            i % 9 + 1,
            i % 30 + 1,
            if i % 7 == 0 {
                "複数行の\r\nメモ"
            } else {
                ""
            },
        ));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A register export: date, customer code, amount, receipt number.
fn orders_csv(n: usize, accounts: usize) -> PathBuf {
    let path = data_dir().join(format!("orders-{n}-{accounts}.csv"));
    if path.exists() {
        return path;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(out, "日付,顧客コード,金額,レシート番号").unwrap();
    let start = NaiveDate::from_ymd_opt(2024, 11, 1).unwrap();
    let mut rng = Lcg(42);
    for i in 0..n {
        // Chronological, as registers export; ~750 days.
        let day = start + Duration::days((i as i64 * 750) / n as i64);
        let amount = (rng.next(200) + 1) * 100;
        let amount = match i % 3 {
            0 => format!("\"¥{},{:03}\"", amount / 1000, amount % 1000),
            1 => format!("{amount}円"),
            _ => amount.to_string(),
        };
        let code = rng.next(accounts as u64);
        writeln!(
            out,
            "{},C{code:06},{amount},R{i:08}",
            day.format("%Y/%m/%d")
        )
        .unwrap();
    }
    out.flush().unwrap();
    path
}

fn run(store: &mut Store, target: Target, file: &Path) -> Report {
    let opts = Options {
        target,
        file: file.to_path_buf(),
        encoding: EncodingChoice::Auto,
        maps: Vec::new(),
        dry_run: false,
        rejects: None,
        create_missing: false,
        progress: false,
        lang: salesbench::i18n::Lang::En,
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let jst = FixedOffset::east_opt(9 * 3600).unwrap();
    let t = Instant::now();
    let cpu = cpu_secs();
    let report = import_file(store, &opts, now, jst).unwrap();
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu;
    let mb = std::fs::metadata(file).unwrap().len() as f64 / 1e6;
    println!(
        "import {:<13} {:>9} rows  {:>7.1} MB  {:>6.2} s (cpu {:>6.2} s)  {:>9.0} rows/s  ({} new, {} updated, {} unchanged, {} rejected)",
        target.as_str(),
        report.rows,
        mb,
        secs,
        cpu,
        report.rows as f64 / secs,
        report.new,
        report.updated,
        report.unchanged,
        report.rejected
    );
    report
}

/// CPU seconds (user + system, all threads) this process has used, on
/// Linux; the machine is shared, so wall time alone is noisy.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line; 12 and 13 here.
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "VmHWM: unavailable".into())
}

fn main() {
    let n_accounts = size("SALESBENCH_IMPORT_ACCOUNTS", 100_000);
    let n_orders = size("SALESBENCH_IMPORT_ORDERS", 1_000_000);
    let accounts = accounts_csv(n_accounts);
    let orders = orders_csv(n_orders, n_accounts);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("import.db")).unwrap();
    store.set_local_offset(FixedOffset::east_opt(9 * 3600).unwrap());
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let steps = [
        PlanStep::parse("7:お礼の電話").unwrap(),
        PlanStep::parse("30:使い心地の確認").unwrap(),
    ];
    // A contact plan that starts with each account's first order (the
    // costlier path); SALESBENCH_IMPORT_PLAN=0 measures without one.
    if size("SALESBENCH_IMPORT_PLAN", 1) == 1 {
        store.add_plan("welcome", &steps, true, now).unwrap();
    }
    let a = run(&mut store, Target::Accounts, &accounts);
    assert_eq!(a.new as usize, n_accounts);
    let o = run(&mut store, Target::Orders, &orders);
    assert_eq!(o.new as usize, n_orders);
    // Again: every row is already there.
    let again = run(&mut store, Target::Orders, &orders);
    assert_eq!(again.unchanged as usize, n_orders);
    println!("peak memory: {}", peak_rss());
}
