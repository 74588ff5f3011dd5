//! A database damaged in the middle (bytes overwritten, not truncated):
//! commands say so and name the newest backup, `check` finds it, and the
//! daily backup does not keep a damaged copy as if it were sound.

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use super::support::{names_in, Bench};

/// Overwrite the start of the root page of `table` with garbage, through
/// a plain file write while no connection is open in this process.
fn damage_root_of(db: &Path, table: &str) {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(db).expect("open");
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .expect("root page");
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size");
        conn.close().expect("close");
        (root, size)
    };
    assert!(root > 1, "{table} is not on the first page");
    let len = std::fs::metadata(db).expect("size").len();
    let at = ((root - 1) * page_size) as u64;
    assert!(at + 400 < len, "inside the file, not its end");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(db)
        .expect("open file");
    f.seek(SeekFrom::Start(at)).expect("seek");
    f.write_all(&[0xA5; 400]).expect("garbage");
    f.sync_all().expect("sync");
}

/// A demo database with one manual backup; returns the backup's path.
fn demo_with_backup(b: &Bench) -> String {
    b.ok(&["demo", "--accounts", "200"]);
    b.ok(&["backup"]).trim_end().to_string()
}

fn failing(b: &Bench, args: &[&str]) -> (Option<i32>, String, String) {
    let out = b.cmd().args(args).output().expect("run");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    (out.status.code(), stdout, stderr)
}

#[test]
fn commands_on_a_damaged_file_say_so_and_name_the_newest_backup() {
    let b = Bench::new();
    let newest = demo_with_backup(&b);
    damage_root_of(&b.db, "accounts");
    for args in [
        &["account", "list"][..],
        &["log", "1", "--summary", "電話した"][..],
    ] {
        let (code, _, err) = failing(&b, args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains("damaged"), "{args:?}: {err}");
        assert!(err.contains(&newest), "{args:?}: {err}");
        assert!(
            err.contains(&format!("salesbench restore {newest}")),
            "{args:?}: {err}"
        );
    }
    let (code, _, err) = failing(&b, &["--lang", "ja", "account", "list"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("壊れています") && err.contains(&newest),
        "{err}"
    );
    assert!(!err.contains("damaged"), "English in Japanese: {err}");
}

#[test]
fn check_finds_the_damage_and_passes_a_sound_file() {
    let b = Bench::new();
    let newest = demo_with_backup(&b);
    assert_eq!(b.ok(&["check"]).trim_end(), "ok: no problems found");
    let json: serde_json::Value = serde_json::from_str(&b.ok(&["check", "--json"])).expect("json");
    assert_eq!(json["ok"], true);
    assert_eq!(json["problems"], serde_json::json!([]));
    assert_eq!(json["newest_backup"], newest.as_str());

    damage_root_of(&b.db, "conversations");
    let (code, out, err) = failing(&b, &["check"]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(out.contains("damaged") && out.contains(&newest), "{out}");
    assert!(err.contains("damaged"), "{err}");
    let (code, out, _) = failing(&b, &["check", "--json"]);
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["ok"], false);
    assert!(
        json["problems"].as_array().is_some_and(|p| !p.is_empty()),
        "{json}"
    );
    assert_eq!(json["newest_backup"], newest.as_str());
}

#[test]
fn the_daily_backup_reports_a_damaged_copy_and_does_not_keep_it() {
    let b = Bench::new();
    let newest = demo_with_backup(&b);
    // Damage a table `account list` never reads: only the copy shows it.
    damage_root_of(&b.db, "conversations");
    let out = b
        .cmd_on_at(&b.db, "2026-11-24T09:00:00+09:00")
        .args(["account", "list"])
        .output()
        .expect("run");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(err.contains("damaged") && err.contains(&newest), "{err}");
    let daily: Vec<String> = names_in(&b.path("backups"))
        .into_iter()
        .filter(|n| n.contains("daily"))
        .collect();
    assert!(daily.is_empty(), "a damaged daily copy was kept: {daily:?}");
}
