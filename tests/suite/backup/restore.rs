//! `salesbench restore PATH`: checks first, writes the backup into the live
//! database in one transaction, keeps what it replaced.

use std::path::{Path, PathBuf};

use super::support::{dump, integrity, mode, names_in, Bench};

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A good backup of `b`, copied to `name` for tampering.
fn copy_of_backup(b: &Bench, name: &str) -> PathBuf {
    let good = b.path("good.db");
    if !good.exists() {
        b.ok(&["backup", p(&good)]);
    }
    let copy = b.path(name);
    std::fs::copy(&good, &copy).expect("copy backup");
    copy
}

fn set_user_version(db: &Path, v: i64) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.pragma_update(None, "user_version", v)
        .expect("user_version");
}

#[test]
fn what_is_not_a_sound_salesbench_database_is_refused_untouched() {
    let b = Bench::new();
    b.add("株式会社山田製作所", &[]);
    b.add("Acme", &[]);
    let mut candidates: Vec<(PathBuf, &str)> = Vec::new();

    let text = b.path("notes.txt");
    std::fs::write(&text, "顧客リスト\n山田, 03-1234-5678\n").expect("write");
    candidates.push((text, "not a SQLite database"));
    let empty = b.path("empty.db");
    std::fs::write(&empty, "").expect("write");
    candidates.push((empty, "not a SQLite database"));
    candidates.push((b.path("missing.db"), "no such file"));

    let corrupt = copy_of_backup(&b, "corrupt.db");
    let mut bytes = std::fs::read(&corrupt).expect("read");
    assert!(bytes.len() > 4 * 4096, "enough pages to damage");
    for byte in &mut bytes[4096 + 100..3 * 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&corrupt, bytes).expect("write");
    candidates.push((corrupt, "nothing was changed"));

    let newer = copy_of_backup(&b, "newer.db");
    set_user_version(&newer, 999);
    candidates.push((newer, "newer salesbench"));

    let foreign = b.path("foreign.db");
    let conn = rusqlite::Connection::open(&foreign).expect("create");
    conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);")
        .expect("schema");
    drop(conn);
    candidates.push((foreign.clone(), "not a salesbench database"));
    let versioned = b.path("versioned.db");
    std::fs::copy(&foreign, &versioned).expect("copy");
    set_user_version(&versioned, 2);
    candidates.push((versioned, "no accounts table"));

    let before = b.dump();
    let files = names_in(b.dir.path());
    let backups = names_in(&b.path("backups"));
    for (candidate, why) in &candidates {
        let err = b.user_error(&["restore", p(candidate)]);
        assert!(err.contains(why), "{}: {err}", candidate.display());
        assert!(err.contains("nothing was changed"), "{err}");
        assert_eq!(
            b.dump(),
            before,
            "{}: database changed",
            candidate.display()
        );
        assert_eq!(
            names_in(b.dir.path()),
            files,
            "{}: files left",
            candidate.display()
        );
        assert_eq!(names_in(&b.path("backups")), backups);
        // The same refusal in Japanese, without the English words.
        let ja = b.user_error(&["restore", p(candidate), "--lang", "ja"]);
        assert!(
            ja.contains("何も変更していません") || ja.contains("ファイルが見つかりません"),
            "{ja}"
        );
        for english in ["nothing was changed", "not a", "newer salesbench", "table)"] {
            assert!(!ja.contains(english), "English in {ja}");
        }
    }
}

#[test]
fn a_good_backup_replaces_the_database_and_the_old_one_is_kept() {
    let b = Bench::new();
    b.add("株式会社山田製作所", &[]);
    let old = b.path("monday.db");
    b.ok(&["backup", p(&old)]);
    b.add("後から追加した顧客", &[]);
    let before = b.dump();

    let kept = PathBuf::from(b.ok(&["restore", p(&old)]).trim_end());
    assert_eq!(
        kept,
        b.path("backups")
            .join("sales-20261123T000000Z-pre-restore.db")
    );
    assert_eq!(dump(&kept), before, "the replaced database, whole");
    assert_eq!(integrity(&b.db), "ok");
    let list = b.ok(&["account", "list"]);
    assert!(list.contains("株式会社山田製作所"), "{list}");
    assert!(!list.contains("後から追加した顧客"), "{list}");
    if cfg!(unix) {
        assert_eq!(mode(&b.db), 0o600);
    }
    let leftovers: Vec<String> = names_in(b.dir.path())
        .into_iter()
        .filter(|n| n.starts_with('.') || n.ends_with("-wal") || n.ends_with("-shm"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The restored database takes writes as usual.
    b.add("復元後の顧客", &[]);
    assert_eq!(integrity(&b.db), "ok");
}

#[test]
fn a_connection_open_during_the_restore_reads_the_restored_rows() {
    let b = Bench::new();
    b.add("株式会社山田製作所", &[]);
    let old = b.path("old.db");
    b.ok(&["backup", p(&old)]);
    b.add("Acme", &[]);
    let tui = rusqlite::Connection::open(&b.db).expect("open like the TUI");
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
            .expect("read")
    };
    assert_eq!(count(&tui), 2);
    b.ok(&["restore", p(&old)]);
    assert_eq!(count(&tui), 1, "the open connection sees the restore");
    drop(tui);
    assert!(!b.ok(&["account", "list"]).contains("Acme"));
}

#[test]
fn an_older_schema_backup_is_restored_and_migrated() {
    let b = Bench::new();
    b.add("今の顧客", &[]);
    let v1 = b.path("v1.db");
    let mut conn = rusqlite::Connection::open(&v1).expect("create");
    salesbench::store::migrate::migrate_to(&mut conn, 1).expect("schema v1");
    conn.execute(
        "INSERT INTO accounts (name, created_at, updated_at) VALUES ('昔の顧客', ?1, ?1)",
        ["2025-01-01T00:00:00Z"],
    )
    .expect("insert");
    drop(conn);

    b.ok(&["restore", p(&v1)]);
    let list = b.ok(&["account", "list"]);
    assert!(
        list.contains("昔の顧客") && !list.contains("今の顧客"),
        "{list}"
    );
    let version: i64 = rusqlite::Connection::open(&b.db)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, salesbench::store::migrate::latest());
    let backups = names_in(&b.path("backups"));
    assert!(
        backups.contains(&"sales-20261123T000000Z-pre-migration-v1.db".to_string()),
        "{backups:?}"
    );
}

#[test]
fn a_live_database_is_restored_with_what_is_still_in_its_wal() {
    let b = Bench::new();
    b.add("今の顧客", &[]);
    let other = b.path("other.db");
    let mut live = salesbench::store::Store::open(&other).expect("open other");
    let fields = salesbench::domain::model::AccountFields {
        name: "WALにだけある顧客".into(),
        ..Default::default()
    };
    let t = "2026-11-20T00:00:00Z".parse().expect("time");
    live.add_account(&fields, t).expect("add");
    let wal = b.path("other.db-wal");
    assert!(
        std::fs::metadata(&wal)
            .map(|m| m.len() > 0)
            .unwrap_or(false),
        "the write is still in the WAL"
    );
    b.ok(&["restore", p(&other)]);
    drop(live);
    let list = b.ok(&["account", "list"]);
    assert!(list.contains("WALにだけある顧客"), "{list}");
    assert!(names_in(b.dir.path()).iter().all(|n| !n.starts_with('.')));
}
