//! Opening a file safely: refuse non-SQLite files untouched, create new
//! files private to their owner, set the pragmas.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Check the path, create it 0600 if absent, open and configure it.
pub(super) fn open_checked(path: &Path) -> Result<Connection> {
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
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA cache_size = -8192;",
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
/// hold customers' personal data.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
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
