//! The automatic backups: before a schema migration, and once a day.

use super::support::{names_in, Bench};

/// The bench's database at schema version 1 holding one account, as an
/// older salesbench left it (the next open migrates it).
pub(crate) fn schema_v1_with_one_account(b: &Bench) {
    let mut conn = rusqlite::Connection::open(&b.db).expect("create");
    salesbench::store::migrate::migrate_to(&mut conn, 1).expect("schema v1");
    conn.execute(
        "INSERT INTO accounts (name, created_at, updated_at) VALUES ('山田商店', ?1, ?1)",
        ["2025-01-01T00:00:00Z"],
    )
    .expect("insert");
    drop(conn);
}

#[test]
fn a_migration_keeps_a_copy_of_the_database_as_it_was() {
    let b = Bench::new();
    schema_v1_with_one_account(&b);

    assert!(b.ok(&["account", "list"]).contains("山田商店"));
    let copy = b
        .path("backups")
        .join("sales-20261123T000000Z-pre-migration-v1.db");
    assert!(copy.exists(), "{:?}", names_in(&b.path("backups")));
    let old = rusqlite::Connection::open(&copy).expect("open copy");
    let version: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 1, "the copy is the unmigrated file");
    let name: String = old
        .query_row("SELECT name FROM accounts", [], |r| r.get(0))
        .expect("account");
    assert_eq!(name, "山田商店");
}

#[test]
fn a_new_database_needs_no_backup() {
    let b = Bench::new();
    b.add("最初の顧客", &[]);
    assert!(!b.path("backups").exists());
}

#[test]
fn the_first_start_of_a_local_day_takes_one_and_14_are_kept() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let folder = b.path("backups");
    let run = |now: &str| {
        b.cmd_on_at(&b.db, now)
            .args(["account", "list"])
            .assert()
            .success();
        names_in(&folder)
    };
    assert_eq!(
        run("2026-11-23T09:00:00+09:00"),
        ["sales-20261123T000000Z-daily.db"]
    );
    assert_eq!(run("2026-11-23T23:30:00+09:00").len(), 1, "same day");
    // 08:00 in Tokyo on the 24th is still the 23rd in UTC: a new local day.
    assert_eq!(
        run("2026-11-24T08:00:00+09:00"),
        [
            "sales-20261123T000000Z-daily.db",
            "sales-20261123T230000Z-daily.db"
        ]
    );
    // A manual backup counts for its day.
    b.cmd_on_at(&b.db, "2026-11-25T09:00:00+09:00")
        .arg("backup")
        .assert()
        .success();
    assert_eq!(run("2026-11-25T10:00:00+09:00").len(), 3);

    for day in 1..=20 {
        run(&format!("2026-12-{day:02}T09:00:00+09:00"));
    }
    let names = names_in(&folder);
    let daily: Vec<&String> = names.iter().filter(|n| n.ends_with("-daily.db")).collect();
    assert_eq!(daily.len(), 14);
    assert_eq!(daily[0], "sales-20261207T000000Z-daily.db");
    assert!(names.contains(&"sales-20261125T000000Z-manual.db".to_string()));
}
