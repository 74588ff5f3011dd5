//! What retention may delete: only daily and manual copies, never the copy
//! just written, never a pre-restore or pre-migration copy.

use std::path::Path;

use super::automatic::schema_v1_with_one_account;
use super::support::{names_in, Bench};

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Run `backup` at `now`; returns the printed path.
fn backup_at(b: &Bench, now: &str) -> String {
    let out = b
        .cmd_on_at(&b.db, now)
        .arg("backup")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .expect("UTF-8")
        .trim_end()
        .to_string()
}

#[test]
fn fifteen_restores_keep_every_pre_restore_copy_and_the_original_data() {
    let b = Bench::new();
    b.add("最初の顧客", &[]);
    let original = b.dump();
    let other = b.path("other.db");
    b.ok(&["backup", p(&other)]);
    b.cmd_on_at(&other, super::support::NOW)
        .args(["account", "add", "別の顧客"])
        .assert()
        .success();
    for day in 1..=15 {
        b.cmd_on_at(&b.db, &format!("2026-12-{day:02}T09:00:00+09:00"))
            .args(["restore", p(&other)])
            .assert()
            .success();
    }
    let names = names_in(&b.path("backups"));
    let kept: Vec<&String> = names
        .iter()
        .filter(|n| n.ends_with("-pre-restore.db"))
        .collect();
    assert_eq!(kept.len(), 15, "{names:?}");
    let first = b.path("backups").join(kept[0]);
    assert_eq!(
        super::support::dump(&first),
        original,
        "the copy of the original data is still there"
    );
}

#[test]
fn pre_migration_copies_are_never_pruned() {
    let b = Bench::new();
    schema_v1_with_one_account(&b);
    let folder = b.path("backups");
    std::fs::create_dir(&folder).expect("mkdir");
    let planted: Vec<String> = (1..=15)
        .map(|day| format!("sales-202610{day:02}T000000Z-pre-migration-v1.db"))
        .collect();
    for name in &planted {
        std::fs::write(folder.join(name), b"").expect("plant");
    }
    b.ok(&["account", "list"]);
    let names = names_in(&folder);
    for name in &planted {
        assert!(names.contains(name), "{name} was pruned: {names:?}");
    }
    assert!(
        names.contains(&"sales-20261123T000000Z-pre-migration-v1.db".to_string()),
        "{names:?}"
    );
}

#[test]
fn a_clock_behind_the_newest_names_never_prunes_the_copy_just_written() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let folder = b.path("backups");
    for day in 1..=14 {
        backup_at(&b, &format!("2030-01-{day:02}T09:00:00+09:00"));
    }
    let printed = backup_at(&b, super::support::NOW);
    assert!(
        Path::new(&printed).exists(),
        "printed {printed} but it is gone: {:?}",
        names_in(&folder)
    );
    let names = names_in(&folder);
    assert_eq!(names.len(), 14, "{names:?}");
    assert!(names.contains(&"sales-20261123T000000Z-manual.db".to_string()));
    assert!(
        !names.contains(&"sales-20300101T000000Z-manual.db".to_string()),
        "the oldest of the others went: {names:?}"
    );
}

#[test]
fn a_clock_ahead_of_the_names_prunes_the_oldest() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let folder = b.path("backups");
    for day in 1..=14 {
        backup_at(&b, &format!("2026-11-{day:02}T09:00:00+09:00"));
    }
    let printed = backup_at(&b, "2030-01-01T09:00:00+09:00");
    assert!(Path::new(&printed).exists(), "{printed}");
    let names = names_in(&folder);
    assert_eq!(names.len(), 14, "{names:?}");
    assert!(!names.contains(&"sales-20261101T000000Z-manual.db".to_string()));
    assert!(names.contains(&"sales-20300101T000000Z-manual.db".to_string()));
}
