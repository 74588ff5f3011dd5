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
            let mut head = Vec::with_capacity(16);
            f.by_ref().take(16).read_to_end(&mut head).map_err(io)?;
            // Empty is fine (SQLite treats it as new); anything else must
            // carry the header, or we would scribble on someone's file.
            if !head.is_empty() && head.as_slice() != SQLITE_HEADER.as_slice() {
                return Err(StoreError::NotADatabase {
                    path: path.to_path_buf(),
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
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // A 32 MB page cache and memory-mapped reads: screens that rank every
    // account read the accounts table in one pass without a syscall a page.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;",
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        _ => StoreError::Sqlite(e),
    })?;
    Ok(conn)
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
