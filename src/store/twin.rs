//! A second reader on the moment an open read transaction sees, for a walk
//! over a whole table split between two threads: each half is read on its
//! own connection, and both see the same commits.
//!
//! SQLite's snapshot API does it (`sqlite3_snapshot_get` / `_open`, built
//! in by `SQLITE_ENABLE_SNAPSHOT` in `.cargo/config.toml`): the twin's read
//! transaction starts exactly where the first one stands, whatever other
//! processes committed in between. The first connection's open read
//! transaction keeps that moment from being checkpointed away until both
//! are done.

use std::path::Path;
use std::time::Duration;

use rusqlite::{ffi, Connection, OpenFlags};

use super::{Result, Store};

/// A table whose last id is this or more is walked in two halves at once
/// (the second connection costs a few milliseconds to open).
pub(super) const TWO_WALKS_FROM: i64 = 20_000;

impl Store {
    /// For a walk over `table` split by id, inside an open read: the last
    /// id this read sees, and a twin on the same moment when that is
    /// `two_walks_from` or more (and SQLite can give one).
    pub(super) fn twin_for(
        &self,
        table: &'static str,
        two_walks_from: i64,
    ) -> Result<(i64, Option<Connection>)> {
        let last: i64 = self.conn.query_row(
            &format!("SELECT coalesce(max(id), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?;
        let twin = match last >= two_walks_from {
            true => twin_of(&self.conn, &self.path),
            false => None,
        };
        Ok((last, twin))
    }
}

/// `there` run on `twin` on another thread while `here` runs on this one:
/// both answers, once both are done (a panic on the other thread goes on
/// here).
pub(super) fn at_once<A: Send, B>(
    twin: Connection,
    there: impl FnOnce(&Connection) -> A + Send,
    here: impl FnOnce() -> B,
) -> (A, B) {
    std::thread::scope(|s| {
        let later = s.spawn(move || there(&twin));
        let now = here();
        let later = later
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (later, now)
    })
}

/// A connection to `path` whose read transaction sees exactly what
/// `conn`'s open read transaction sees, or `None` when that cannot be had
/// (no read transaction open, or a commit landed before the twin could
/// start on a file SQLite takes no snapshot of): the caller then reads
/// everything on `conn` alone.
pub(super) fn twin_of(conn: &Connection, path: &Path) -> Option<Connection> {
    if conn.is_autocommit() {
        return None;
    }
    if let Some(moment) = Moment::of(conn) {
        return open_at(path, &moment);
    }
    // SQLite takes no snapshot of a WAL nothing was written to since it was
    // created (the usual state of a file no program had open): `conn` then
    // reads the database file alone, and no checkpoint may change that
    // file while it reads. A twin that finds the WAL empty too reads the
    // same file, so the same moment; one that finds commits there (a
    // snapshot can be taken) came later, and is not used. (A file not in
    // WAL mode: `conn`'s read lock keeps every writer out, so a twin sees
    // the same; no snapshot is taken there either.)
    let twin = open(path)?;
    twin.execute_batch("BEGIN").ok()?;
    let _: i64 = twin
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .ok()?;
    match Moment::of(&twin) {
        None => Some(twin),
        Some(_later) => None,
    }
}

/// A snapshot of a connection's open read transaction, freed when dropped.
struct Moment(*mut ffi::sqlite3_snapshot);

impl Moment {
    /// `conn`'s read transaction's moment, or `None` when SQLite takes none.
    fn of(conn: &Connection) -> Option<Moment> {
        let mut moment: *mut ffi::sqlite3_snapshot = std::ptr::null_mut();
        // SAFETY: the handle is `conn`'s own and lives as long as `conn`;
        // the schema name is a NUL-terminated literal; `moment` is only
        // kept when SQLite says it wrote it.
        let rc = unsafe { ffi::sqlite3_snapshot_get(conn.handle(), c"main".as_ptr(), &mut moment) };
        (rc == ffi::SQLITE_OK && !moment.is_null()).then_some(Moment(moment))
    }
}

impl Drop for Moment {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `sqlite3_snapshot_get` and is freed
        // once, here.
        unsafe { ffi::sqlite3_snapshot_free(self.0) };
    }
}

/// A connection to `path` as the store opens its own (read-write: a
/// read-only one to a WAL file needs its shared-memory file writable
/// anyway); it never writes.
fn open(path: &Path) -> Option<Connection> {
    let twin = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    twin.busy_timeout(Duration::from_secs(10)).ok()?;
    Some(twin)
}

/// A connection to `path` with a read transaction at `moment`.
fn open_at(path: &Path, moment: &Moment) -> Option<Connection> {
    let twin = open(path)?;
    // A read first: a connection that has read nothing does not know the
    // file is in WAL mode, and SQLite refuses it the snapshot. It also
    // reads the schema.
    let _: i64 = twin
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .ok()?;
    // Then a transaction begun with nothing read yet: the snapshot opens
    // its read transaction.
    twin.execute_batch("BEGIN").ok()?;
    // SAFETY: the twin's handle is valid while `twin` lives; `moment` is
    // live (borrowed).
    let rc = unsafe { ffi::sqlite3_snapshot_open(twin.handle(), c"main".as_ptr(), moment.0) };
    (rc == ffi::SQLITE_OK).then_some(twin)
}
