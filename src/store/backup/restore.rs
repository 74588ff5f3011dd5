//! Restoring a backup into the live database: the candidate is copied
//! beside the database, checked and migrated there before the live file is
//! touched; then the current content is kept as a backup and the checked
//! copy written in through SQLite's backup API, while other processes keep
//! the file open (see [`Store::restore_from`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{
    create_private, folder_for, io_err, remove_companions, sweep_leftovers, write_named,
    BackupKind, PathMistake,
};
use crate::store::{migrate, Result, Store, StoreError};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The tables each schema version must have, cumulatively.
const TABLES_BY_VERSION: &[(i64, &[&str])] = &[
    (
        1,
        &[
            "accounts",
            "account_changes",
            "contacts",
            "conversations",
            "conversation_revisions",
            "conversation_retractions",
            "orders",
            "drafts",
        ],
    ),
    (
        2,
        &["plans", "plan_steps", "follow_ups", "follow_up_snoozes"],
    ),
    (4, &["order_revisions", "order_voids", "plan_applications"]),
    (7, &["conversation_text"]),
    (8, &["follow_up_changes"]),
    (10, &["deals", "deal_changes"]),
];

/// How long a restore waits for a writer elsewhere (an import, the TUI)
/// to let go of the database before giving up, changing nothing.
const RESTORE_PATIENCE: Duration = Duration::from_secs(30);

/// What a successful restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the content it replaced was kept (a pre-restore copy in the
    /// backups folder, never pruned).
    pub kept: PathBuf,
    /// The schema version of the backup file as given; an older one was
    /// migrated to the current schema before it went in.
    pub schema_version: i64,
}

fn refuse(src: &Path, why: RestoreProblem) -> StoreError {
    StoreError::RestoreRefused {
        path: src.to_path_buf(),
        why,
    }
}

/// Why a file cannot be restored from (nothing is changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreProblem {
    NotSqlite,
    /// SQLite could not open it; its words.
    CannotOpen(String),
    /// SQLite could not read it; its words.
    Unreadable(String),
    /// `PRAGMA integrity_check` found damage; its first lines.
    Damaged(String),
    Newer {
        version: i64,
        supported: i64,
    },
    NoSchemaVersion,
    MissingTable(String),
    InUse,
}

impl RestoreProblem {
    /// In the operator's language.
    pub fn text(&self, i18n: &crate::i18n::I18n) -> String {
        match self {
            RestoreProblem::NotSqlite => i18n.t("restorep.not_sqlite"),
            RestoreProblem::CannotOpen(d) => i18n.f("restorep.cannot_open", &[("detail", d)]),
            RestoreProblem::Unreadable(d) => i18n.f("restorep.unreadable", &[("detail", d)]),
            RestoreProblem::Damaged(d) => i18n.f("restorep.damaged", &[("detail", d)]),
            RestoreProblem::Newer { version, supported } => i18n.f(
                "restorep.newer",
                &[
                    ("version", &version.to_string()),
                    ("supported", &supported.to_string()),
                ],
            ),
            RestoreProblem::NoSchemaVersion => i18n.t("restorep.no_schema_version"),
            RestoreProblem::MissingTable(t) => i18n.f("restorep.missing_table", &[("table", t)]),
            RestoreProblem::InUse => i18n.t("restorep.in_use"),
        }
    }
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Copy the candidate (and its WAL, if it has one) beside the database,
/// private, after checking it starts like a SQLite file.
fn stage(src: &Path, staging: &Path) -> Result<()> {
    let mistake = |mistake| StoreError::BadPath {
        path: src.to_path_buf(),
        mistake,
    };
    match std::fs::metadata(src) {
        Ok(m) if m.is_dir() => return Err(mistake(PathMistake::IsAFolder)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(mistake(PathMistake::NoSuchFile))
        }
        _ => {}
    }
    let mut file = std::fs::File::open(src).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => mistake(PathMistake::NoSuchFile),
        _ => io_err(src, e),
    })?;
    let mut head = Vec::with_capacity(16);
    (&mut file)
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| io_err(src, e))?;
    if head.as_slice() != SQLITE_HEADER.as_slice() {
        return Err(refuse(src, RestoreProblem::NotSqlite));
    }
    let _ = std::fs::remove_file(staging);
    for (from, to) in [
        (src.to_path_buf(), staging.to_path_buf()),
        (with_suffix(src, "-wal"), with_suffix(staging, "-wal")),
    ] {
        let mut input = match std::fs::File::open(&from) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_err(&from, e)),
        };
        let mut out = create_private(&to)?;
        std::io::copy(&mut input, &mut out).map_err(|e| io_err(&to, e))?;
        out.sync_all().map_err(|e| io_err(&to, e))?;
    }
    Ok(())
}

/// Check the staged copy is a sound salesbench database this build can
/// open; returns its schema version. Leaves it a single file (no WAL).
fn check(staging: &Path, src: &Path) -> Result<i64> {
    let conn = Connection::open_with_flags(
        staging,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refuse(src, RestoreProblem::CannotOpen(e.to_string())))?;
    let unreadable = |e: rusqlite::Error| refuse(src, RestoreProblem::Unreadable(e.to_string()));
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(unreadable)?;
    let mut st = conn.prepare("PRAGMA integrity_check").map_err(unreadable)?;
    let problems: Vec<String> = st
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| refuse(src, RestoreProblem::Damaged(e.to_string())))?;
    drop(st);
    if problems != ["ok"] {
        // One row may hold several lines under a "*** in database ***" banner.
        let lines: Vec<&str> = problems
            .iter()
            .flat_map(|p| p.lines())
            .filter(|l| !l.trim().is_empty() && !l.starts_with("***"))
            .collect();
        let first = lines.first().copied().unwrap_or("unknown problem");
        let more = match lines.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Err(refuse(
            src,
            RestoreProblem::Damaged(format!("{first}{more}")),
        ));
    }
    if version > migrate::latest() {
        return Err(refuse(
            src,
            RestoreProblem::Newer {
                version,
                supported: migrate::latest(),
            },
        ));
    }
    if version < 1 {
        return Err(refuse(src, RestoreProblem::NoSchemaVersion));
    }
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .map_err(unreadable)?;
    let tables: Vec<String> = st
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(unreadable)?;
    drop(st);
    let wanted = TABLES_BY_VERSION
        .iter()
        .filter(|(v, _)| *v <= version)
        .flat_map(|(_, names)| names.iter());
    for name in wanted {
        if !tables.iter().any(|t| t == name) {
            return Err(refuse(src, RestoreProblem::MissingTable(name.to_string())));
        }
    }
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(unreadable)?;
    conn.close().map_err(|(_, e)| unreadable(e))?;
    Ok(version)
}

/// Open the checked copy and bring it up to this build's schema, so what
/// goes into the live file is current (the live file is never migrated in
/// place). An older copy is kept first, named for the live database.
fn open_staged(staging: &Path, live: &Path, now: DateTime<Utc>) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(
        staging,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch("PRAGMA foreign_keys = ON")?;
    migrate::migrate(&mut conn, live, now)?;
    Ok(conn)
}

impl Store {
    /// Replace the content of this database with the backup at `src`,
    /// online: other connections, in this process or others (the TUI),
    /// stay open and see the restored content on their next query; no
    /// file is renamed or removed under them.
    ///
    /// The candidate is copied beside the database and checked there
    /// (SQLite header, integrity, schema version, our tables) and, if
    /// older, migrated; a bad one is refused with nothing changed. Then,
    /// holding the database's write lock (waiting a bounded time for a
    /// writer elsewhere to finish), the current content is kept as a
    /// pre-restore copy and the checked copy is written in through
    /// SQLite's backup API, in one transaction. Nobody can commit between
    /// the two, so every write lands either in the kept copy or after
    /// the restore.
    pub fn restore_from(&mut self, src: &Path, now: DateTime<Utc>) -> Result<Restored> {
        // The database itself, its -wal/-shm, or any other database this
        // process has open: copying it through a plain handle would drop
        // this process's SQLite locks on it.
        if super::super::is_live(src) {
            return Err(refuse(src, RestoreProblem::InUse));
        }
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "salesbench.db".into());
        sweep_leftovers(&self.path);
        let staging = dir.join(format!(".{name}.restore-{}", std::process::id()));
        let restored = stage(src, &staging)
            .and_then(|()| check(&staging, src))
            .and_then(|version| {
                let staged = open_staged(&staging, &self.path, now)?;
                let kept = self.copy_in(&staged, now);
                let closed = staged.close().map_err(|(_, e)| StoreError::from(e));
                let kept = kept?;
                closed?;
                Ok(Restored {
                    kept,
                    schema_version: version,
                })
            });
        let _ = std::fs::remove_file(&staging);
        remove_companions(&staging);
        if restored.is_ok() {
            // The restored data may record its own currency.
            self.reread_currency()?;
        }
        restored
    }

    /// Take the write lock, keep the current content, write `staged` in.
    fn copy_in(&mut self, staged: &Connection, now: DateTime<Utc>) -> Result<PathBuf> {
        // Our own busy wait is bounded by the patience loop below.
        self.conn.busy_timeout(Duration::from_millis(250))?;
        let kept = copy_in_locked(staged, &mut self.conn, &self.path, now);
        self.conn.busy_timeout(Duration::from_secs(10))?;
        kept
    }
}

fn busy(path: &Path) -> StoreError {
    StoreError::Busy {
        path: path.to_path_buf(),
    }
}

/// Step `backup` by `pages`, retrying while the live database is busy.
fn step_patiently(backup: &Backup<'_, '_>, pages: i32, path: &Path) -> Result<StepResult> {
    let started = Instant::now();
    loop {
        match backup.step(pages)? {
            StepResult::Busy | StepResult::Locked => {
                if started.elapsed() > RESTORE_PATIENCE {
                    return Err(busy(path));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            done_or_more => return Ok(done_or_more),
        }
    }
}

fn copy_in_locked(
    staged: &Connection,
    live: &mut Connection,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    let backup = Backup::new(staged, live)?;
    // A step of no pages takes the live database's write lock and keeps it
    // until the last step (or until `backup` is dropped, which rolls back).
    step_patiently(&backup, 0, path)?;
    // Read on a second connection: with our write lock held, its snapshot
    // is the last commit before the restore, and stays so.
    let reader = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    reader.busy_timeout(Duration::from_secs(10))?;
    let kept = write_named(
        &reader,
        &folder_for(path),
        path,
        BackupKind::PreRestore,
        now,
    )?;
    reader.close().map_err(|(_, e)| StoreError::from(e))?;
    while step_patiently(&backup, -1, path)? != StepResult::Done {}
    Ok(kept)
}
