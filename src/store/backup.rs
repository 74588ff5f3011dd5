//! Backups: consistent copies of the live database through SQLite's online
//! backup API (safe while the TUI writes), a `backups/` folder beside the
//! database with the newest [`KEEP`] daily and manual copies (copies made
//! before a restore or a migration are never pruned), the automatic ones
//! (before a schema migration, once a day), and a checked restore.
//!
//! Files in the folder are named `<db stem>-<UTC time>-<kind>[-<n>].db`,
//! e.g. `sales-20261123T000000Z-daily.db`; anything else there is left
//! alone.

mod health;
mod mistake;
mod restore;
pub use restore::RestoreProblem;
mod stale;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use super::{Result, Store, StoreError};

pub use health::{newest_backup, Health};
pub use mistake::PathMistake;
pub use restore::Restored;

/// How many daily and how many manual backups the folder keeps.
pub const KEEP: usize = 14;

/// How long a backup waits for a busy source before giving up.
const BUSY_PATIENCE: Duration = Duration::from_secs(30);

const STAMP: &str = "%Y%m%dT%H%M%SZ";
const STAMP_LEN: usize = 16;

/// Why a backup was made; each kind is kept (and pruned) separately, so a
/// run of daily backups never pushes out the copy taken before a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// `salesbench backup` without a file name.
    Manual,
    /// The first start of a day.
    Daily,
    /// Before migrating from this schema version.
    PreMigration(i64),
    /// The database a restore replaced.
    PreRestore,
}

impl BackupKind {
    fn label(self) -> String {
        match self {
            BackupKind::Manual => "manual".into(),
            BackupKind::Daily => "daily".into(),
            BackupKind::PreMigration(v) => format!("pre-migration-v{v}"),
            BackupKind::PreRestore => "pre-restore".into(),
        }
    }

    fn parse(label: &str) -> Option<BackupKind> {
        match label {
            "manual" => Some(BackupKind::Manual),
            "daily" => Some(BackupKind::Daily),
            "pre-restore" => Some(BackupKind::PreRestore),
            _ => label
                .strip_prefix("pre-migration-v")
                .and_then(|v| v.parse().ok())
                .map(BackupKind::PreMigration),
        }
    }

    /// Kinds pruned together (every schema version's pre-migration copy).
    fn same_pool(self, other: BackupKind) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// Only the routine copies are pruned. A pre-restore or pre-migration
    /// copy may be the only one of data that is gone from the live file.
    fn pruned(self) -> bool {
        matches!(self, BackupKind::Daily | BackupKind::Manual)
    }
}

/// One backup file in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub at: DateTime<Utc>,
    pub kind: BackupKind,
    /// 1, or the counter added when the same second was taken already.
    pub seq: u32,
}

/// `backups/` beside the database file.
pub fn folder_for(db: &Path) -> PathBuf {
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("backups"),
        _ => PathBuf::from("backups"),
    }
}

fn stem_of(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "salesbench".into())
}

fn file_name(stem: &str, at: DateTime<Utc>, kind: BackupKind, seq: u32) -> String {
    let stamp = at.format(STAMP);
    match seq {
        1 => format!("{stem}-{stamp}-{}.db", kind.label()),
        n => format!("{stem}-{stamp}-{}-{n}.db", kind.label()),
    }
}

/// Read a name written by [`file_name`] for this stem; `None` for anything else.
fn parse_name(stem: &str, name: &str) -> Option<(DateTime<Utc>, BackupKind, u32)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".db")?;
    let stamp = rest.get(..STAMP_LEN)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    let label = rest.get(STAMP_LEN..)?.strip_prefix('-')?;
    if let Some(kind) = BackupKind::parse(label) {
        return Some((at, kind, 1));
    }
    let (label, n) = label.rsplit_once('-')?;
    let seq = n.parse().ok().filter(|n| *n > 1)?;
    BackupKind::parse(label).map(|kind| (at, kind, seq))
}

/// The backups of database `db` in `dir`, newest first.
pub fn list(dir: &Path, db: &Path) -> Result<Vec<BackupFile>> {
    let stem = stem_of(db);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_err(dir, e))?;
        let name = entry.file_name();
        let Some((at, kind, seq)) = name.to_str().and_then(|n| parse_name(&stem, n)) else {
            continue;
        };
        out.push(BackupFile {
            path: entry.path(),
            at,
            kind,
            seq,
        });
    }
    out.sort_by_key(|b| std::cmp::Reverse((b.at, b.seq)));
    Ok(out)
}

/// After writing `written`, keep it and the newest [`KEEP`] - 1 other
/// backups of its pool (daily or manual; other kinds are never pruned).
/// The new copy is kept whatever its name says: a clock set back would
/// otherwise make it the "oldest" and delete the file just printed.
fn prune(dir: &Path, db: &Path, kind: BackupKind, written: &Path) -> Result<()> {
    if !kind.pruned() {
        return Ok(());
    }
    let others = list(dir, db)?
        .into_iter()
        .filter(|b| b.kind.same_pool(kind) && b.path != written);
    for old in others.skip(KEEP.saturating_sub(1)) {
        std::fs::remove_file(&old.path).map_err(|e| io_err(&old.path, e))?;
    }
    Ok(())
}

fn io_err(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Remove leftovers of killed backups and restores of `db`: staged
/// restores beside it, half-written copies in its backups folder.
pub(super) fn sweep_leftovers(db: &Path) {
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned());
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    stale::sweep(&dir, |base| Some(base) == name.as_deref());
    let stem = stem_of(db);
    stale::sweep(&folder_for(db), |base| parse_name(&stem, base).is_some());
}

/// Create `path` empty and private (0600): a backup holds customers' data.
pub(super) fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map_err(|e| io_err(path, e))
}

fn bad_path(path: &Path, mistake: PathMistake) -> StoreError {
    StoreError::BadPath {
        path: path.to_path_buf(),
        mistake,
    }
}

/// Create `dir` (and parents) if absent; a new folder is owner-only (0700).
/// A file standing where a folder must be is the operator's to move.
fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let blocker = dir
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| a.exists());
    if let Some(file) = blocker.filter(|a| !a.is_dir()) {
        return Err(bad_path(file, PathMistake::NotAFolder));
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| io_err(dir, e))
}

/// Remove a database file's companions (journal, WAL, shared memory).
pub(super) fn remove_companions(db: &Path) {
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        // Absent is the normal case; anything else surfaces on next open.
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Make a rename in `dir` durable.
pub(super) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        // Best effort: the data itself was synced by SQLite's commit.
        let _ = d.sync_all();
    }
}

/// Copy the live database behind `src` to the new file `dest`: one backup
/// step over all pages reads a single snapshot, so the copy is consistent
/// however busy other writers are. Written beside `dest` under a hidden
/// name and renamed into place, so a half-written copy never looks done.
pub(super) fn copy_database(src: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(bad_path(dest, PathMistake::AlreadyExists));
    }
    let text = dest.as_os_str().to_string_lossy();
    if text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        // `backup usb/`: a folder was meant, and it is not there.
        return Err(bad_path(dest, PathMistake::NoSuchFolder));
    }
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup.db".into());
    stale::sweep(&dir, |base| base == name);
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp); // a leftover of a crashed run with our pid
    create_private(&tmp)?;
    let copied = copy_into(src, &tmp).and_then(|()| {
        std::fs::rename(&tmp, dest).map_err(|e| io_err(dest, e))?;
        sync_dir(&dir);
        Ok(())
    });
    if copied.is_err() {
        let _ = std::fs::remove_file(&tmp);
        remove_companions(&tmp);
    }
    copied
}

fn copy_into(src: &Connection, tmp: &Path) -> Result<()> {
    let mut dst = Connection::open(tmp)?;
    {
        let backup = Backup::new(src, &mut dst)?;
        let started = Instant::now();
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ if started.elapsed() > BUSY_PATIENCE => {
                    return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed busy; backup not taken".into()),
                    )));
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
    // A self-contained file: no -wal/-shm needed to read it, even from
    // read-only media. Opening it as a database switches WAL back on.
    let _mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    dst.close().map_err(|(_, e)| StoreError::Sqlite(e))
}

/// Copy `src` into `dir` under a fresh timestamped name; returns the path.
fn write_named(
    src: &Connection,
    dir: &Path,
    db: &Path,
    kind: BackupKind,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    sweep_leftovers(db);
    let stem = stem_of(db);
    let mut seq = 1;
    let dest = loop {
        let p = dir.join(file_name(&stem, now, kind, seq));
        if !p.exists() {
            break p;
        }
        seq += 1;
    };
    copy_database(src, &dest)?;
    Ok(dest)
}

/// The backup taken before migrating a non-empty database from schema
/// version `from`, into the backups folder, named by `now` (the clock
/// given to [`Store::open_with`]).
pub(super) fn before_migration(
    conn: &Connection,
    db: &Path,
    from: i64,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    let dir = folder_for(db);
    let kind = BackupKind::PreMigration(from);
    write_named(conn, &dir, db, kind, now)
}

impl Store {
    /// The folder of automatic and default backups: `backups/` beside the database.
    pub fn backup_folder(&self) -> PathBuf {
        folder_for(&self.path)
    }

    /// A consistent copy of the live database at `dest`, which must not exist.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        copy_database(&self.conn, dest)
    }

    /// A copy in `dir` named by time and kind (nothing is pruned there).
    pub fn backup_into(&self, dir: &Path, kind: BackupKind, now: DateTime<Utc>) -> Result<PathBuf> {
        write_named(&self.conn, dir, &self.path, kind, now)
    }

    /// A copy in the backups folder. Daily and manual copies keep the
    /// newest [`KEEP`] of their kind (always including this one); the
    /// other kinds are never pruned.
    pub fn backup_to_folder(&self, kind: BackupKind, now: DateTime<Utc>) -> Result<PathBuf> {
        let dir = self.backup_folder();
        let path = write_named(&self.conn, &dir, &self.path, kind, now)?;
        prune(&dir, &self.path, kind, &path)?;
        Ok(path)
    }

    /// The backups of this database in the backups folder, newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>> {
        list(&self.backup_folder(), &self.path)
    }

    /// The once-a-day backup: taken when the database holds accounts and
    /// no backup of any kind was made today (operator's calendar). The
    /// copy is quick-checked: a damaged one is not kept (it would count
    /// as today's backup and push a sound one out) and the damage is
    /// reported as [`StoreError::Corrupt`].
    pub fn daily_backup(&self, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        self.daily_backup_checked(now)
            .map_err(|e| e.in_database(&self.path))
    }

    fn daily_backup_checked(&self, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        let has_data: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM accounts)", [], |r| r.get(0))?;
        if !has_data {
            return Ok(None);
        }
        let today = self.local_day(now);
        if self
            .backups()?
            .iter()
            .any(|b| self.local_day(b.at) == today)
        {
            return Ok(None);
        }
        let copy = self.backup_to_folder(BackupKind::Daily, now)?;
        let problems = health::quick_check(&copy);
        match problems {
            Ok(p) if p.is_empty() => Ok(Some(copy)),
            found => {
                let _ = std::fs::remove_file(&copy);
                Err(match found {
                    Ok(p) => StoreError::Corrupt {
                        path: None,
                        detail: match p.len() {
                            1 => p[0].clone(),
                            n => format!("{} (+{} more)", p[0], n - 1),
                        },
                    },
                    Err(e) => e,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests;
