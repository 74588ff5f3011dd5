//! `salesbench backup [PATH]`: where copies go, how many are kept, and
//! that a copy taken while another process writes is sound.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use salesbench::domain::model::{ConversationKind, Direction, NewConversation};
use salesbench::store::Store;

use super::support::{integrity, mode, names_in, Bench};

fn now_on(day: u32) -> String {
    format!("2026-11-{day:02}T09:00:00+09:00")
}

#[test]
fn without_a_path_copies_go_to_the_folder_and_the_newest_14_stay() {
    let b = Bench::new();
    b.add("株式会社山田製作所", &[]);
    let folder = b.path("backups");
    for day in 1..=16 {
        let printed = b
            .cmd_on_at(&b.db, &now_on(day))
            .arg("backup")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let printed = String::from_utf8(printed).expect("UTF-8");
        let want = folder.join(format!("sales-202611{day:02}T000000Z-manual.db"));
        assert_eq!(printed.trim_end(), want.to_str().expect("utf-8 path"));
    }
    let names = names_in(&folder);
    let want: Vec<String> = (3..=16)
        .map(|day| format!("sales-202611{day:02}T000000Z-manual.db"))
        .collect();
    assert_eq!(names, want, "the two oldest were pruned");
    if cfg!(unix) {
        assert_eq!(mode(&folder), 0o700);
        for name in &names {
            assert_eq!(mode(&folder.join(name)), 0o600, "{name}");
        }
    }
    // Two in the same second do not overwrite each other.
    b.ok(&["backup"]);
    b.ok(&["backup"]);
    let names = names_in(&folder);
    assert!(names.contains(&"sales-20261123T000000Z-manual.db".to_string()));
    assert!(names.contains(&"sales-20261123T000000Z-manual-2.db".to_string()));
    assert_eq!(names.len(), 14);
}

#[test]
fn a_path_gets_a_sound_copy_and_an_existing_file_is_never_overwritten() {
    let b = Bench::new();
    b.add("株式会社山田製作所", &["--code", "C-1"]);
    b.add("Acme", &[]);
    let copy = b.path("copy.db");
    let printed = b.ok(&["backup", copy.to_str().expect("utf-8 path")]);
    assert_eq!(printed.trim_end(), copy.to_str().expect("utf-8 path"));
    assert_eq!(integrity(&copy), "ok");
    let list = |db: &std::path::Path| {
        let out = b
            .cmd_on_at(db, super::support::NOW)
            .args(["account", "list"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("UTF-8")
    };
    assert_eq!(list(&copy), list(&b.db));
    if cfg!(unix) {
        assert_eq!(mode(&copy), 0o600);
    }

    let before = std::fs::read(&copy).expect("read copy");
    let err = b.user_error(&["backup", copy.to_str().expect("utf-8 path")]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&copy).expect("read copy"), before);

    // A folder gets a timestamped file inside it.
    let dir = b.path("usb");
    std::fs::create_dir(&dir).expect("mkdir");
    b.ok(&["backup", dir.to_str().expect("utf-8 path")]);
    assert_eq!(names_in(&dir), ["sales-20261123T000000Z-manual.db"]);
}

/// Log conversations from another connection as fast as it can until told
/// to stop; each moves its account's last touch in the same transaction.
fn writer(db: std::path::PathBuf, stop: Arc<AtomicBool>, written: Arc<AtomicU64>) {
    let mut store = Store::open(&db).expect("open for writing");
    let accounts: i64 = 20;
    let start: DateTime<Utc> = "2026-11-23T00:00:00Z".parse().expect("time");
    let mut i: i64 = 0;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let at = start + Duration::seconds(i);
        let c = NewConversation {
            account_id: 1 + i % accounts,
            contact_id: None,
            kind: ConversationKind::Call,
            direction: Direction::Out,
            happened_at: at,
            summary: format!("定期連絡 {i}"),
            body: "在庫の確認。".repeat(20),
            outcome: None,
        };
        store
            .log_conversation(&c, at)
            .expect("log while backing up");
        written.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn a_backup_taken_during_concurrent_writes_is_consistent() {
    let b = Bench::new();
    b.ok(&["demo", "--accounts", "300"]);
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let handle = {
        let (db, stop, written) = (b.db.clone(), stop.clone(), written.clone());
        std::thread::spawn(move || writer(db, stop, written))
    };
    while written.load(Ordering::Relaxed) < 20 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mut copies = Vec::new();
    for i in 0..5 {
        let before = written.load(Ordering::Relaxed);
        let copy = b.path(&format!("during-{i}.db"));
        b.ok(&["backup", copy.to_str().expect("utf-8 path")]);
        copies.push((copy, before, written.load(Ordering::Relaxed)));
    }
    stop.store(true, Ordering::Relaxed);
    handle.join().expect("writer finished cleanly");
    assert!(
        copies.iter().any(|(_, before, after)| after > before),
        "the writer kept writing while backups ran"
    );

    for (copy, ..) in &copies {
        assert_eq!(integrity(copy), "ok", "{}", copy.display());
        let conn = rusqlite::Connection::open(copy).expect("open copy");
        // Every logged conversation moved its account's last touch in the
        // same transaction: a torn copy would show one without the other.
        let torn: i64 = conn
            .query_row(
                "SELECT count(*) FROM accounts a WHERE a.last_touch_at < \
                 (SELECT max(happened_at) FROM conversations c \
                  WHERE c.account_id = a.id AND c.retracted_at IS NULL)",
                [],
                |r| r.get(0),
            )
            .expect("query copy");
        assert_eq!(torn, 0, "{}", copy.display());
        drop(conn);
        b.cmd_on_at(copy, super::support::NOW)
            .args(["today"])
            .assert()
            .success();
    }
}
