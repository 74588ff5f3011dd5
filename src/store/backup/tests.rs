//! Unit tests of backup naming and the folder.

use super::*;
use chrono::TimeZone;

#[test]
fn names_round_trip_and_strangers_are_ignored() {
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 5).unwrap();
    for kind in [
        BackupKind::Manual,
        BackupKind::Daily,
        BackupKind::PreMigration(3),
        BackupKind::PreRestore,
    ] {
        for seq in [1, 2, 17] {
            let name = file_name("sales", at, kind, seq);
            assert_eq!(parse_name("sales", &name), Some((at, kind, seq)), "{name}");
            assert_eq!(parse_name("sales-2", &name), None);
        }
    }
    assert_eq!(
        file_name("sales", at, BackupKind::Daily, 1),
        "sales-20261123T000005Z-daily.db"
    );
    for stranger in [
        "sales.db",
        "sales-notes.txt",
        "sales-20261123T000005Z.db",
        "sales-20261123T000005Z-weekly.db",
        "sales-20261123T000005Z-daily-1.db",
        "sales-2-20261123T000005Z-daily.db",
    ] {
        assert_eq!(parse_name("sales", stranger), None, "{stranger}");
    }
}

#[test]
fn pre_migration_copies_share_one_pool() {
    assert!(BackupKind::PreMigration(1).same_pool(BackupKind::PreMigration(2)));
    assert!(!BackupKind::Daily.same_pool(BackupKind::Manual));
}

#[test]
fn the_folder_sits_beside_the_database() {
    assert_eq!(
        folder_for(Path::new("/data/sales.db")),
        PathBuf::from("/data/backups")
    );
    assert_eq!(folder_for(Path::new("sales.db")), PathBuf::from("backups"));
}
