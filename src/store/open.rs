//! Opening a file safely: refuse non-SQLite files untouched, create new
//! files private to their owner, set the pragmas.
//!
//! SQLite's locks are POSIX advisory locks, owned by the process: closing
//! *any* descriptor of the database file drops every lock the process holds
//! on it, and the next process to close its last connection then deletes
//! the live WAL. So the header check below, which reads the file through a
//! plain handle, runs only while no connection of this process has that
//! file open; a second connection (the TUI's background loader) skips it.
//! [`LiveFile`] keeps the register of what is open.

use std::io::Read;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError};

/// Prepared statements kept per connection (see `open`).
const STATEMENT_CACHE: usize = 256;
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Identity of a file that survives renames: device and inode.
type FileId = (u64, u64);

/// The database files this process has open through SQLite, with how many
/// connections each. Guarded by one lock that is also held across every
/// open, so no thread reads a header while another opens the same file.
static LIVE: Mutex<Vec<(FileId, usize)>> = Mutex::new(Vec::new());

fn live_files() -> std::sync::MutexGuard<'static, Vec<(FileId, usize)>> {
    // A panic elsewhere while holding it leaves the list itself intact.
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(meta: &std::fs::Metadata) -> FileId {
    // No inode numbers: fall back to size and creation time, enough to tell
    // the one database a process opens twice.
    let created = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    (created, 0)
}

/// One connection's claim on a database file; the file counts as live in
/// this process until every claim is dropped. Declared after the
/// connection in [`super::Store`], so it is released after the connection
/// closes.
#[derive(Debug)]
pub(super) struct LiveFile {
    id: FileId,
}

impl Drop for LiveFile {
    fn drop(&mut self) {
        let mut live = live_files();
        if let Some(pos) = live.iter().position(|(id, _)| *id == self.id) {
            live[pos].1 -= 1;
            if live[pos].1 == 0 {
                live.swap_remove(pos);
            }
        }
    }
}

/// Whether `path` is a database file (or one of its -wal, -shm, -journal
/// companions) that a connection of this process has open. Anything that
/// would open, write, rename or remove a user-named file checks this
/// first: touching such a file outside SQLite breaks its locks.
pub fn is_live(path: &Path) -> bool {
    let live = live_files();
    let named = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .is_some_and(|m| live.iter().any(|(id, _)| *id == file_id(&m)))
    };
    if named(path) {
        return true;
    }
    // A companion is live when the file it accompanies is.
    let s = path.as_os_str().to_string_lossy();
    ["-wal", "-shm", "-journal"]
        .iter()
        .filter_map(|suffix| s.strip_suffix(suffix))
        .any(|base| named(Path::new(base)))
}

/// Check the path, create it 0600 if absent, open and configure it.
pub(super) fn open_checked(path: &Path) -> Result<(Connection, LiveFile)> {
    let mut live = live_files();
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Only regular files (or links to one): a FIFO would block the header
    // read forever, a directory or a dangling link is a typo.
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(StoreError::NotAFile {
                path: path.to_path_buf(),
            })
        }
        // Absent, yet something is there: a link to nothing.
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && std::fs::symlink_metadata(path).is_ok() =>
        {
            return Err(StoreError::NotAFile {
                path: path.to_path_buf(),
            })
        }
        _ => {}
    }
    let already_open = std::fs::metadata(path)
        .ok()
        .map(|m| file_id(&m))
        .filter(|id| live.iter().any(|(l, _)| l == id));
    match already_open {
        // Checked when this process first opened it; a plain read now would
        // drop the locks of the connections already open.
        Some(_) => {}
        None => check_header(path)?,
    }
    let conn = configure(path)?;
    let id = std::fs::metadata(path).map(|m| file_id(&m)).map_err(io)?;
    match live.iter_mut().find(|(l, _)| *l == id) {
        Some(entry) => entry.1 += 1,
        None => live.push((id, 1)),
    }
    Ok((conn, LiveFile { id }))
}

/// Refuse a file that is not SQLite or shorter than its header says; create
/// an absent one empty and private. Reads through a plain handle: call it
/// only while no connection of this process has the file open.
fn check_header(path: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::File::open(path) {
        Ok(mut f) => {
            let mut head = Vec::with_capacity(100);
            f.by_ref().take(100).read_to_end(&mut head).map_err(io)?;
            // Empty is fine (SQLite treats it as new); anything else must
            // carry the header, or we would scribble on someone's file.
            if !head.is_empty() && !head.starts_with(SQLITE_HEADER.as_slice()) {
                return Err(StoreError::NotADatabase {
                    path: path.to_path_buf(),
                });
            }
            let len = f.metadata().map_err(io)?.len();
            if let Some(expected) = truncated(&head, len, path) {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: format!("it is {len} bytes but its header says {expected}"),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_private(path).map_err(io)?,
        Err(e) => return Err(io(e)),
    }
    Ok(())
}

/// Open the connection and set the pragmas.
fn configure(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        _ => StoreError::Sqlite(e),
    })?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // journal_mode answers with a row, so it is queried, not executed.
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
                path: path.to_path_buf(),
            },
            _ => StoreError::Sqlite(e),
        })?;
    // An 8 MB page cache (SQLite's default is 2 MB): enough for the
    // screens' joins, small enough that the TUI stays well under its
    // memory budget with two connections open at start-up.
    // Statement journals in memory: every write to a shared table runs
    // the sync triggers, so each statement keeps the pages it changes
    // until it ends — a few pages a row, which on disk cost a temp-file
    // write each (an import of a million orders went from minutes to
    // seconds). Migrations, whose single statements touch whole tables,
    // switch back to a file while they run (see migrate.rs).
    // Every write runs a few dozen distinct statements (an order: its
    // checks, the account's facts, a plan's follow-ups), and each carries
    // the sync triggers compiled in: rusqlite's default cache of 16 made
    // them be prepared again per row.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY;",
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        _ => StoreError::Sqlite(e),
    })?;
    Ok(conn)
}

/// The size the header promises, when the file is shorter than that and
/// no write-ahead log could make up the difference. SQLite would read the
/// missing bytes as zeros and the next write would make the loss
/// permanent, so such a file is refused instead.
fn truncated(head: &[u8], len: u64, path: &Path) -> Option<u64> {
    if head.len() < 100 {
        return (len > 0 && len < 100).then_some(100);
    }
    let be32 = |i: usize| u32::from_be_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    // The in-header page count is only valid when the change counter
    // matches the version-valid-for number (SQLite's own rule).
    if be32(24) != be32(92) || page_size < 512 {
        return None;
    }
    let expected = page_size * u64::from(be32(28));
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_has_data = std::fs::metadata(&wal)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    (len < expected && !wal_has_data).then_some(expected)
}

/// Create an empty file readable and writable by its owner only: it will
/// hold customers' personal data. Missing folders above it (the default
/// data folder on first start) are made owner-only too, 0700 whatever the
/// umask; folders already there are left as they are.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let mut folders = std::fs::DirBuilder::new();
        folders.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            folders.mode(0o700);
        }
        folders.create(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(|_| ())
}
