//! Replacing the database with a backup: the candidate is copied beside
//! the database and checked there (SQLite header, integrity check, schema
//! version, our tables) before the current file is touched; the current
//! one is then kept as a backup and the checked copy renamed over it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::{
    create_private, io_err, remove_companions, sweep_leftovers, sync_dir, BackupKind, PathMistake,
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
];

/// What a successful restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the replaced database was kept.
    pub kept: PathBuf,
    /// The schema version of the restored file (migrated on open if older).
    pub schema_version: i64,
}

fn refuse(src: &Path, why: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid {
        field: "restore",
        message: format!("{}: {why}; nothing was changed", src.display()),
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
        return Err(refuse(src, "not a SQLite database"));
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
    .map_err(|e| refuse(src, format!("cannot be opened ({e})")))?;
    let unreadable = |e: rusqlite::Error| refuse(src, format!("not a readable database ({e})"));
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(unreadable)?;
    let mut st = conn.prepare("PRAGMA integrity_check").map_err(unreadable)?;
    let problems: Vec<String> = st
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| refuse(src, format!("integrity check failed ({e})")))?;
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
            format!("integrity check failed: {first}{more}"),
        ));
    }
    if version > migrate::latest() {
        return Err(refuse(
            src,
            format!(
                "written by a newer salesbench (schema {version}, this one knows up to {})",
                migrate::latest()
            ),
        ));
    }
    if version < 1 {
        return Err(refuse(src, "not a salesbench database (no schema version)"));
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
            return Err(refuse(
                src,
                format!("not a salesbench database (no {name} table)"),
            ));
        }
    }
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(unreadable)?;
    conn.close().map_err(|(_, e)| unreadable(e))?;
    Ok(version)
}

impl Store {
    /// Replace this database with the backup at `src`, after checking it.
    /// Refuses, changing nothing, when the file is not a sound salesbench
    /// database this build can open, or when another process (the TUI)
    /// has the database open. The replaced database is kept in the
    /// backups folder; the store is reopened on the restored file.
    pub fn restore_from(&mut self, src: &Path, now: DateTime<Utc>) -> Result<Restored> {
        let same = std::fs::canonicalize(src)
            .ok()
            .zip(std::fs::canonicalize(&self.path).ok())
            .is_some_and(|(a, b)| a == b);
        if same {
            return Err(refuse(src, "that is the database in use"));
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
        let checked = stage(src, &staging)
            .and_then(|()| check(&staging, src))
            .and_then(|v| self.take_sole_use(src).map(|()| v));
        // Whatever the check left beside the staged copy is stale now.
        remove_companions(&staging);
        let version = match checked {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&staging);
                return Err(e);
            }
        };
        let kept = match self.backup_to_folder(BackupKind::PreRestore, now) {
            Ok(k) => k,
            Err(e) => {
                let _ = std::fs::remove_file(&staging);
                return Err(e);
            }
        };
        self.swap_in(&staging, &dir)?;
        Ok(Restored {
            kept,
            schema_version: version,
        })
    }

    /// Make sure no other connection has the file open: leaving WAL mode
    /// needs sole use, and also folds the WAL into the file, so no -wal
    /// remains beside it.
    fn take_sole_use(&mut self, src: &Path) -> Result<()> {
        self.conn.busy_timeout(Duration::from_millis(500))?;
        let mode = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            });
        self.conn.busy_timeout(Duration::from_secs(10))?;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("delete") => Ok(()),
            _ => Err(refuse(
                src,
                format!(
                    "{} is open in another salesbench (the TUI?); close it and retry",
                    self.path.display()
                ),
            )),
        }
    }

    /// Close the connection, rename the checked copy over the database and
    /// reopen. Stale companions of the old file are removed first so SQLite
    /// never replays them into the new one.
    fn swap_in(&mut self, staging: &Path, dir: &Path) -> Result<()> {
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        old.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
        remove_companions(&self.path);
        let renamed = std::fs::rename(staging, &self.path).map_err(|e| io_err(&self.path, e));
        sync_dir(dir);
        let offset = self.local_offset;
        // Reopen either way: on failure the old file is still in place.
        let reopened = Store::open(&self.path);
        match (renamed, reopened) {
            (Ok(()), Ok(store)) => {
                *self = store;
                self.local_offset = offset;
                Ok(())
            }
            (Err(e), Ok(store)) => {
                *self = store;
                self.local_offset = offset;
                let _ = std::fs::remove_file(staging);
                Err(e)
            }
            (_, Err(e)) => Err(e),
        }
    }
}
