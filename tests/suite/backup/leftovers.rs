//! Temporary files of a backup or restore killed half-way (SIGKILL, power
//! cut) are removed by the next backup or restore once their process is
//! gone; those of a running process, and strangers, are left alone.

use std::path::{Path, PathBuf};

use super::support::{names_in, Bench};

/// The id of a process that has exited (and been reaped).
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

/// Plant a leftover and its SQLite companions; returns every path.
fn plant(dir: &Path, base: &str, pid: u32) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("mkdir");
    ["", "-journal", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let path = dir.join(format!("{base}-{pid}{suffix}"));
            std::fs::write(&path, b"half a copy").expect("plant");
            path
        })
        .collect()
}

struct Planted {
    stale: Vec<PathBuf>,
    alive: Vec<PathBuf>,
    strangers: Vec<PathBuf>,
}

fn plant_all(b: &Bench) -> Planted {
    let dead = dead_pid();
    let me = std::process::id();
    let folder = b.path("backups");
    let mut stale = plant(b.dir.path(), ".sales.db.restore", dead);
    stale.extend(plant(&folder, ".sales-20261122T000000Z-daily.db.tmp", dead));
    stale.extend(plant(
        &folder,
        ".sales-20261120T000000Z-pre-restore.db.tmp",
        dead,
    ));
    let mut alive = plant(b.dir.path(), ".sales.db.restore", me);
    alive.extend(plant(&folder, ".sales-20261122T000000Z-manual.db.tmp", me));
    let mut strangers = plant(b.dir.path(), ".notes.txt.tmp", dead);
    strangers.extend(plant(&folder, ".other-20261122T000000Z-daily.db.tmp", dead));
    strangers.push(b.path("sales.db.restore-1"));
    std::fs::write(strangers.last().expect("pushed"), b"x").expect("plant");
    Planted {
        stale,
        alive,
        strangers,
    }
}

fn assert_swept(p: &Planted, b: &Bench, after: &str) {
    for path in &p.stale {
        assert!(
            !path.exists(),
            "{after}: {} is still there: {:?} {:?}",
            path.display(),
            names_in(b.dir.path()),
            names_in(&b.path("backups"))
        );
    }
    for path in p.alive.iter().chain(&p.strangers) {
        assert!(path.exists(), "{after}: {} was removed", path.display());
    }
}

#[test]
fn a_backup_removes_leftovers_of_dead_processes_only() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let planted = plant_all(&b);
    b.ok(&["backup"]);
    assert_swept(&planted, &b, "backup");
}

#[test]
fn a_restore_removes_leftovers_of_dead_processes_only() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let copy = b.path("copy.db");
    b.ok(&["backup", copy.to_str().expect("utf-8 path")]);
    let planted = plant_all(&b);
    b.ok(&["restore", copy.to_str().expect("utf-8 path")]);
    assert_swept(&planted, &b, "restore");
}

#[test]
fn the_daily_backup_removes_leftovers_of_dead_processes_only() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let planted = plant_all(&b);
    b.cmd_on_at(&b.db, "2026-11-24T09:00:00+09:00")
        .args(["account", "list"])
        .assert()
        .success();
    assert!(names_in(&b.path("backups")).contains(&"sales-20261124T000000Z-daily.db".to_string()));
    assert_swept(&planted, &b, "daily backup");
}
