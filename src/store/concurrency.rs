//! Living with other processes on the same file: noticing what they wrote,
//! and waiting (never failing) while one of them holds the write lock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use super::{Result, Store, StoreError};

/// What the CLI prints, once, when a write has to wait for another
/// program's (set in the operator's language before the first write).
static WAIT_NOTICE: OnceLock<String> = OnceLock::new();
static NOTICE_GIVEN: AtomicBool = AtomicBool::new(false);

/// How many busy retries pass before the notice is printed (~1 s).
const QUIET_RETRIES: i32 = 20;

/// SQLite's busy callback for a patient connection: sleep and retry for as
/// long as it takes, saying so on stderr once after about a second.
fn wait_forever(retries: i32) -> bool {
    if retries == QUIET_RETRIES && !NOTICE_GIVEN.swap(true, Ordering::Relaxed) {
        if let Some(text) = WAIT_NOTICE.get() {
            eprintln!("salesbench: {text}");
        }
    }
    std::thread::sleep(Duration::from_millis(50));
    true
}

impl StoreError {
    /// Another connection holds the write lock (the write did not happen).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(e) if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
        )
    }
}

impl Store {
    /// A counter that moves whenever another connection (any process)
    /// commits to the file; this connection's own commits leave it alone.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// For a script or one-shot command: a write waits however long
    /// another program holds the lock (an import of millions of rows),
    /// printing `notice` on stderr once if the wait passes a second.
    pub fn wait_for_writers(&self, notice: String) {
        let _ = WAIT_NOTICE.set(notice);
        // The callback replaces the busy timeout set on open.
        if let Err(e) = self.conn.busy_handler(Some(wait_forever)) {
            eprintln!("salesbench: {e}");
        }
    }

    /// For the TUI: give up on a busy lock after `patience` so the screen
    /// never freezes; the caller keeps what was typed and tries again.
    pub fn set_busy_patience(&self, patience: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(patience)?)
    }
}
