//! Numbered SQL migrations embedded in the binary, tracked by
//! `PRAGMA user_version`, applied in one transaction.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{Result, StoreError};

/// One step of the schema: SQL, or code where the SQL is made from a
/// description (the team-sync triggers, from the shared tables' list).
pub enum Migration {
    Sql(&'static str),
    Code(fn(&Transaction<'_>) -> Result<()>),
}

use Migration::{Code, Sql};

impl Migration {
    fn apply(&self, tx: &Transaction<'_>) -> Result<()> {
        match self {
            Sql(sql) => Ok(tx.execute_batch(sql)?),
            Code(f) => f(tx),
        }
    }
}

/// Every migration in order; index + 1 is the schema version it produces.
pub const MIGRATIONS: &[Migration] = &[
    Sql(include_str!("migrations/0001_core.sql")),
    Sql(include_str!("migrations/0002_triage.sql")),
    Sql(include_str!("migrations/0003_honorific.sql")),
    Sql(include_str!("migrations/0004_order_history.sql")),
    Sql(include_str!("migrations/0005_currency.sql")),
    Sql(include_str!("migrations/0006_purchase_index.sql")),
    Sql(include_str!("migrations/0007_search.sql")),
    Sql(include_str!("migrations/0008_follow_up_changes.sql")),
    Sql(include_str!("migrations/0009_plan_edits.sql")),
    Sql(include_str!("migrations/0010_deals.sql")),
    Code(super::replica::capture::install),
    Code(super::replica::capture::retrigger),
    Code(super::key_blocks::install),
    Sql(include_str!("migrations/0014_due_counts_index.sql")),
    Sql(include_str!("migrations/0015_quiet_unplanned_index.sql")),
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Bring the file up to [`latest`], or refuse a newer one.
pub(super) fn migrate(conn: &mut Connection, path: &Path, now: DateTime<Utc>) -> Result<()> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
                path: path.to_path_buf(),
            },
            _ => StoreError::Sqlite(e),
        })?;
    if found > latest() {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: latest(),
        });
    }
    if found == latest() {
        return Ok(());
    }
    if found > 0 {
        // An existing database: keep a copy of it as it was first.
        super::backup::before_migration(conn, path, found, now)?;
    }
    // A migration's statements rewrite whole tables: their journals go to
    // a temporary file, not memory.
    conn.pragma_update(None, "temp_store", "FILE")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for m in &MIGRATIONS[found as usize..] {
        m.apply(&tx)?;
    }
    tx.pragma_update(None, "user_version", latest())?;
    tx.commit()?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Apply only the first `version` migrations (tests of upgrade paths).
pub fn migrate_to(conn: &mut Connection, version: usize) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for m in &MIGRATIONS[..version] {
        m.apply(&tx)?;
    }
    tx.pragma_update(None, "user_version", version as i64)?;
    tx.commit()?;
    Ok(())
}
