//! SQLite storage. SQL never leaves this folder: callers get typed methods
//! returning domain values.

mod accounts;
mod agenda;
mod archived;
pub mod backup;
pub mod bulk;
mod concurrency;
mod contacts;
mod conversations;
mod deal_batch;
mod deal_writes;
mod deals;
mod drafts;
pub mod export;
mod follow_up_edits;
mod followups;
pub mod import;
pub mod migrate;
mod open;

pub use open::is_live;
mod insight;
pub(crate) mod key_blocks;
mod list_rows;
mod orders;
mod plans;
pub mod replica;
pub mod settings;
mod text_search;
mod triage;
mod twin;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Offset, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use accounts::AccountListRow;
pub use deal_batch::DealBatch;
pub use insight::CustomerLabel;

/// The stored-text rule (no NUL, at most 16 MB per field) for fields about
/// to be written; the error names the first field that breaks it.
fn check_texts(fields: &[(&'static str, &str)]) -> Result<()> {
    crate::domain::limits::check_texts(fields).map_err(accounts::invalid)
}

use crate::clock::OperatorZone;
use crate::domain::zone::Zone;

/// The page cache of [`Store::for_one_pass`], in KiB (256 pages of 4 KiB).
const ONE_PASS_CACHE_KIB: u32 = 1024;

/// What can go wrong in storage, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a SQLite database; refusing to open it (the file was left untouched)")]
    NotADatabase { path: PathBuf },
    #[error("{path}: written by a newer salesbench (schema {found}, this one knows up to {supported}); upgrade salesbench to open it")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: not a regular file (a directory, pipe, device or broken link); give the path of a database file")]
    NotAFile { path: PathBuf },
    #[error("{what} {key} not found")]
    NotFound { what: &'static str, key: String },
    #[error("{path}: looks damaged ({detail}); refusing to open it (the file was left untouched). Restore a backup with `salesbench restore`")]
    Damaged { path: PathBuf, detail: String },
    #[error("{}: {}; nothing was changed", path.display(), why.text(&crate::i18n::I18n::new(crate::i18n::Lang::En)))]
    RestoreRefused {
        path: PathBuf,
        why: backup::RestoreProblem,
    },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    Ambiguous(String),
    /// What was asked contradicts what is on record (already retracted,
    /// not voided, plan already applied ...).
    #[error("{0}")]
    Refused(crate::domain::history::Refusal),
    /// Another process kept the database locked longer than a restore waits.
    #[error("{path}: another program kept the database busy (an import?); nothing was restored, try again when it is done")]
    Busy { path: PathBuf },
    /// A path given to backup or restore that cannot be used as asked.
    #[error("{}", mistake.english(path))]
    BadPath {
        path: PathBuf,
        mistake: backup::PathMistake,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// SQLite found the file damaged (`SQLITE_CORRUPT`, or `SQLITE_NOTADB`
    /// after it opened). Writing on would make it worse: stop and restore
    /// a backup. `path` is filled in where the database is known.
    #[error("{}: the database file is damaged ({detail}); restore a backup with `salesbench restore`", path.as_deref().map(|p| p.display().to_string()).unwrap_or_else(|| "database".into()))]
    Corrupt {
        path: Option<PathBuf>,
        detail: String,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// Damage is told apart here, once, for every query of the store.
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Corrupt {
                    path: None,
                    detail: e.to_string(),
                }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// True when the user can fix it (bad input, unknown id): CLI exit 2.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Sqlite(_)
                | StoreError::Io { .. }
                | StoreError::Busy { .. }
                | StoreError::Corrupt { .. }
        )
    }

    /// True when the database file itself is damaged: the front ends stop
    /// writing and point at the newest backup.
    pub fn is_damaged(&self) -> bool {
        matches!(
            self,
            StoreError::Damaged { .. } | StoreError::Corrupt { .. }
        )
    }

    /// The same error, naming the database `path` if it did not yet.
    pub fn in_database(self, path: &Path) -> StoreError {
        match self {
            StoreError::Corrupt { path: None, detail } => StoreError::Corrupt {
                path: Some(path.to_path_buf()),
                detail,
            },
            other => other,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One open salesbench database.
pub struct Store {
    conn: Connection,
    /// Released after `conn` closes (fields drop in order): see [`open`].
    _live: open::LiveFile,
    path: PathBuf,
    /// The operator's zone: dates without a time (due dates, plan steps)
    /// live in the local calendar, each day with its own offset.
    zone: OperatorZone,
    /// Set when a query found the file damaged: writes stop.
    damaged: std::cell::Cell<bool>,
    /// The currency amounts are read and written in (see `settings`).
    currency: crate::domain::money::Currency,
    /// The deal pipeline (the configuration's; the default until set).
    pipeline: crate::domain::deals::Pipeline,
}

impl Store {
    /// Open (creating if absent) the database at `path`, refusing anything
    /// that is not a SQLite file or was written by a newer schema.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, &crate::clock::Clock::system())
    }

    /// [`Store::open`], with the clock that names the backup taken before
    /// a migration (the store itself never reads the environment).
    pub fn open_with(path: &Path, clock: &crate::clock::Clock) -> Result<Store> {
        let (conn, live) = open::open_checked(path)?;
        let mut store = Store {
            conn,
            _live: live,
            path: path.to_path_buf(),
            zone: OperatorZone::Fixed(chrono::Utc.fix()),
            damaged: std::cell::Cell::new(false),
            currency: crate::domain::money::Currency::JPY,
            pipeline: crate::domain::deals::Pipeline::default(),
        };
        migrate::migrate(&mut store.conn, path, clock.now())?;
        store.reread_currency()?;
        Ok(store)
    }

    /// Set the operator's zone (from the injected clock).
    pub fn set_zone(&mut self, zone: OperatorZone) {
        self.zone = zone;
    }

    /// Use the configured deal pipeline (`Config::pipeline`): stage
    /// keys, default probabilities and rotting limits.
    pub fn set_pipeline(&mut self, pipeline: crate::domain::deals::Pipeline) {
        self.pipeline = pipeline;
    }

    /// The deal pipeline in use.
    pub fn pipeline(&self) -> &crate::domain::deals::Pipeline {
        &self.pipeline
    }

    /// Set a zone without daylight saving: one offset all year.
    pub fn set_local_offset(&mut self, offset: chrono::FixedOffset) {
        self.zone = OperatorZone::Fixed(offset);
    }

    /// The operator's zone.
    pub fn zone(&self) -> OperatorZone {
        self.zone
    }

    /// The operator's calendar day of an instant, with the offset in force
    /// at that instant.
    pub fn local_day(&self, t: DateTime<Utc>) -> chrono::NaiveDate {
        self.zone.local_day(t)
    }

    /// Where this database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` in one IMMEDIATE transaction: all of it lands or none.
    /// Once the file is known to be damaged nothing more is written.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.refuse_writes_if_damaged()?;
        let written: Result<T> = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        if let Err(e) = &written {
            if e.is_damaged() {
                self.stop_writes();
            }
        }
        written
    }

    /// Run `f`'s reads as of one moment (one read transaction): a command
    /// that reads in several steps sees no write land between them. A
    /// store call inside that opens a read transaction of its own joins
    /// this one instead ([`Store::reading`]).
    pub fn in_one_read<T>(&self, f: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = f(self)?;
        tx.finish()?;
        Ok(out)
    }

    /// For a command that reads thousands of pages once each (a search's
    /// key blocks and hits): a small page cache from here on. SQLite then
    /// reuses the buffer of a page it is done with instead of allocating
    /// a new one (new memory, faulted in page by page) for each page until
    /// its cache is full: `account list --search sato` at 100k accounts
    /// went from 55 to 42 ms. Interior pages, read again for every lookup,
    /// still stay in a cache of this size.
    pub fn for_one_pass(&self) -> Result<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{ONE_PASS_CACHE_KIB}"))?;
        Ok(())
    }

    /// A read transaction for one store call, unless the caller has one
    /// open already ([`Store::in_one_read`]); `None` then.
    pub(crate) fn reading(&self) -> Result<Option<Transaction<'_>>> {
        match self.conn.is_autocommit() {
            true => Ok(Some(self.conn.unchecked_transaction()?)),
            false => Ok(None),
        }
    }

    /// The file was found damaged (by any query): write nothing more
    /// through this store, so the damage does not spread; restoring a
    /// backup is still allowed, and is the way out.
    pub fn stop_writes(&self) {
        self.damaged.set(true);
    }

    /// Whether writes were stopped because the file is damaged.
    pub fn writes_stopped(&self) -> bool {
        self.damaged.get()
    }

    /// The error every write meets once writes are stopped.
    pub(crate) fn refuse_writes_if_damaged(&self) -> Result<()> {
        match self.damaged.get() {
            true => Err(StoreError::Corrupt {
                path: Some(self.path.clone()),
                detail: "nothing more is written to a damaged file".into(),
            }),
            false => Ok(()),
        }
    }

    /// `PRAGMA integrity_check`'s answer (`"ok"` when sound).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// Run one write, its statement kept in the connection's cache. A write
/// to a table with sync triggers compiles them all when prepared (~45% of
/// `demo`'s time went to preparing the same few `UPDATE`s again per deal):
/// a write that may run more than once per process goes through here, not
/// `Connection::execute`.
pub(crate) fn run(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(p)
}

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    crate::domain::time::to_rfc3339(t)
}

/// Parse a stored instant; a malformed one is a corrupt row, reported as such.
pub(crate) fn parse_ts(col: usize, s: &str) -> rusqlite::Result<DateTime<Utc>> {
    crate::domain::time::from_rfc3339(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            format!("not an RFC 3339 instant: {s:?}").into(),
        )
    })
}

/// Turn a stored word back into its enum, or report the corrupt row.
pub(crate) fn parse_word<T>(
    col: usize,
    s: &str,
    f: fn(&str) -> std::result::Result<T, String>,
) -> rusqlite::Result<T> {
    f(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, e.into())
    })
}

#[cfg(test)]
pub mod testing;

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "triage_tests.rs"]
mod triage_tests;
