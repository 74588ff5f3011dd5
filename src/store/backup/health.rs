//! Is the database file sound? The full integrity check and the foreign
//! key check for `salesbench check`, and the quick check of a fresh copy.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{folder_for, list};
use crate::store::{Result, Store, StoreError};

/// At most this many problems are collected (SQLite stops there too).
const MAX_PROBLEMS: usize = 100;

/// What `PRAGMA integrity_check` and `foreign_key_check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// One line per problem, in SQLite's words; empty when sound.
    pub problems: Vec<String>,
}

impl Health {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The problem lines of an integrity or quick check (`["ok"]` is none).
fn check_rows(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(&format!("PRAGMA {pragma}({MAX_PROBLEMS})"))?;
    let rows: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .iter()
        .flat_map(|r| r.lines())
        .filter(|l| !l.trim().is_empty() && *l != "ok" && !l.starts_with("***"))
        .map(str::to_string)
        .collect())
}

fn foreign_key_rows(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = st.query_map([], |r| {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        Ok(format!(
            "{table} row {}: refers to a missing {parent} row",
            rowid.map_or("?".into(), |id| id.to_string())
        ))
    })?;
    rows.take(MAX_PROBLEMS).collect()
}

/// Damage that stops a check from running is itself the finding.
fn or_problem(found: rusqlite::Result<Vec<String>>) -> Result<Vec<String>> {
    match found.map_err(StoreError::from) {
        Ok(p) => Ok(p),
        Err(StoreError::Corrupt { detail, .. }) => Ok(vec![detail]),
        Err(e) => Err(e),
    }
}

/// `PRAGMA quick_check` of a database file (a fresh backup copy).
pub(super) fn quick_check(db: &Path) -> Result<Vec<String>> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    or_problem(check_rows(&conn, "quick_check"))
}

/// The newest backup of `db` in its backups folder, if any.
pub fn newest_backup(db: &Path) -> Option<PathBuf> {
    list(&folder_for(db), db)
        .ok()
        .and_then(|l| l.into_iter().next())
        .map(|b| b.path)
}

impl Store {
    /// The full integrity check and the foreign key check. Reads every
    /// page, so it takes a while on a big file; nothing is written.
    pub fn health(&self) -> Result<Health> {
        let mut problems = or_problem(check_rows(&self.conn, "integrity_check"))?;
        if problems.is_empty() {
            problems = or_problem(foreign_key_rows(&self.conn))?;
        }
        Ok(Health { problems })
    }
}
