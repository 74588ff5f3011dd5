//! Accounts: add, edit with a change log, archive, list, resolve.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::run;
use super::{parse_ts, parse_word, ts, Result, Store, StoreError};
use crate::domain::fold;
use crate::domain::model::{
    Account, AccountFields, AccountKind, FieldChange, FieldError, Problem, Status,
};

/// The columns the accounts list shows (kept small: 100k of these load at start).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountListRow {
    pub id: i64,
    pub name: String,
    pub reading: Option<String>,
    pub status: Status,
    pub tags: Vec<String>,
    pub last_touch_at: Option<DateTime<Utc>>,
    pub search_key: String,
}

const ACCOUNT_COLS: &str = "id, code, name, reading, kind, status, phone, email, address, tags, \
     note, interval_days, learned_interval_days, last_touch_at, archived, created_at, updated_at, \
     lapse_reason, honorific";

fn account_from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        reading: r.get(3)?,
        kind: parse_word(4, &r.get::<_, String>(4)?, AccountKind::parse)?,
        status: parse_word(5, &r.get::<_, String>(5)?, Status::parse)?,
        phone: r.get(6)?,
        email: r.get(7)?,
        address: r.get(8)?,
        tags: tags_from_json(&r.get::<_, String>(9)?),
        note: r.get(10)?,
        interval_days: r.get(11)?,
        learned_interval_days: r.get(12)?,
        last_touch_at: r
            .get::<_, Option<String>>(13)?
            .map(|s| parse_ts(13, &s))
            .transpose()?,
        archived: r.get(14)?,
        created_at: parse_ts(15, &r.get::<_, String>(15)?)?,
        updated_at: parse_ts(16, &r.get::<_, String>(16)?)?,
        lapse_reason: r
            .get::<_, Option<String>>(17)?
            .map(|s| parse_word(17, &s, crate::domain::triage::LapseReason::parse))
            .transpose()?,
        honorific: r
            .get::<_, Option<String>>(18)?
            .map(|s| parse_word(18, &s, crate::domain::model::Honorific::parse))
            .transpose()?,
    })
}

pub(super) fn list_row(r: &Row<'_>) -> rusqlite::Result<AccountListRow> {
    Ok(AccountListRow {
        id: r.get(0)?,
        name: r.get(1)?,
        reading: r.get(2)?,
        status: parse_word(3, &r.get::<_, String>(3)?, Status::parse)?,
        tags: tags_from_json(&r.get::<_, String>(4)?),
        last_touch_at: r
            .get::<_, Option<String>>(5)?
            .map(|s| parse_ts(5, &s))
            .transpose()?,
        search_key: r.get(6)?,
    })
}

pub(super) fn tags_from_json(s: &str) -> Vec<String> {
    // Most accounts have none: skip the parser (100k list rows load at start).
    if s == "[]" {
        return Vec::new();
    }
    serde_json::from_str(s).unwrap_or_default()
}

fn tags_to_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

/// The folded search key stored beside the account.
pub(crate) fn key_for(f: &AccountFields) -> String {
    fold::search_key(
        &f.name,
        f.reading.as_deref(),
        f.phone.as_deref(),
        f.email.as_deref(),
        &f.tags,
    )
}

/// A domain field problem as the store reports it.
pub(super) fn invalid(e: FieldError) -> StoreError {
    StoreError::Invalid {
        field: e.field,
        message: e.problem.key().to_string(),
    }
}

/// Normalise and validate, then make sure the customer code is free.
fn checked(
    tx: &Transaction<'_>,
    f: &AccountFields,
    except_id: Option<i64>,
) -> Result<AccountFields> {
    let f = f.clone().normalised();
    f.validate().map_err(invalid)?;
    if let Some(code) = &f.code {
        let other: Option<i64> = tx
            .prepare_cached("SELECT id FROM accounts WHERE code = ?1")?
            .query_row([code], |r| r.get(0))
            .optional()?;
        if other.is_some() && other != except_id {
            return Err(invalid(FieldError {
                field: "code",
                problem: Problem::Taken,
            }));
        }
    }
    Ok(f)
}

impl Store {
    /// Create an account; returns its id.
    pub fn add_account(&mut self, fields: &AccountFields, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| add_account_in(tx, fields, now))
    }

    /// Replace an account's editable fields, logging each changed field.
    pub fn update_account(
        &mut self,
        id: i64,
        fields: &AccountFields,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| update_account_in(tx, id, fields, now).map(|_| ()))
    }

    /// Hide (or show again) an account; logged like any field change.
    pub fn set_archived(&mut self, id: i64, archived: bool, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| set_archived_in(tx, id, archived, now))
    }

    /// One account by id.
    pub fn account(&self, id: i64) -> Result<Account> {
        account_in(&self.conn, id)
    }

    /// Full records of the listed (optionally also archived) accounts, by name.
    pub fn accounts(&self, include_archived: bool) -> Result<Vec<Account>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {ACCOUNT_COLS} FROM accounts WHERE archived = 0 OR ?1 ORDER BY name, id"
        ))?;
        let rows = st.query_map([include_archived], account_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Full records of the accounts with these ids, in the order given
    /// (ids not found are skipped).
    pub fn accounts_by_ids(&self, ids: &[i64]) -> Result<Vec<Account>> {
        self.by_ids(ACCOUNT_COLS, ids, account_from_row, |a| a.id)
    }

    /// Rows of `cols` for these ids, in the order given: one statement
    /// that walks the table in id order (SQLite sorts the list), then put
    /// back in the order asked. Looked up one query at a time, 13,000 ids
    /// cost ~50 ms at 100k accounts; a pass over a whole table read in
    /// order costs less than that even when most of it is wanted.
    fn by_ids<T>(
        &self,
        cols: &str,
        ids: &[i64],
        read: fn(&Row<'_>) -> rusqlite::Result<T>,
        id_of: fn(&T) -> i64,
    ) -> Result<Vec<T>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if ids.len() > 20_000 {
            // Most of the table: one plain pass, picking them out.
            let mut st = self.conn.prepare(&format!("SELECT {cols} FROM accounts"))?;
            let mut by_id: std::collections::HashMap<i64, T> = st
                .query_map([], read)?
                .map(|r| r.map(|a| (id_of(&a), a)))
                .collect::<rusqlite::Result<_>>()?;
            return Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect());
        }
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {cols} FROM accounts WHERE id IN (SELECT value FROM json_each(?1))"
        ))?;
        let mut found: Vec<T> = st
            .query_map([list], read)?
            .collect::<rusqlite::Result<_>>()?;
        let wanted = crate::domain::search_packed::Positions::of(ids);
        found.sort_by_cached_key(|row| wanted.get(id_of(row)).unwrap_or(usize::MAX));
        Ok(found)
    }

    /// List rows of the listed (optionally also archived) accounts, by
    /// name: what `account list` prints, without notes or other long text.
    pub fn list_rows(&self, include_archived: bool) -> Result<Vec<AccountListRow>> {
        let mut st = self.conn.prepare(
            "SELECT id, name, reading, status, tags, last_touch_at, '' \
             FROM accounts WHERE archived = 0 OR ?1 ORDER BY name, id",
        )?;
        let rows = st.query_map([include_archived], list_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Full records of the listed (optionally also archived) accounts, most
    /// recently touched first (never touched last), then by name, handed to
    /// `f` one at a time: a long note is held only while its account is.
    pub fn for_each_listed_account<E: From<StoreError>>(
        &self,
        include_archived: bool,
        mut f: impl FnMut(&Account) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        // Sort ids only, then read each record: sorting whole records would
        // copy every note into SQLite's sorter.
        let ids: Vec<i64> = self
            .conn
            .prepare(
                "SELECT id FROM accounts WHERE archived = 0 OR ?1 \
                 ORDER BY last_touch_at IS NULL, last_touch_at DESC, name, id",
            )
            .and_then(|mut st| {
                st.query_map([include_archived], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(StoreError::from)?;
        for id in ids {
            f(&account_in(&self.conn, id)?)?;
        }
        Ok(())
    }

    /// One account's list row, or `None` when it is archived (or gone).
    pub fn account_list_row(&self, id: i64) -> Result<Option<AccountListRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, reading, status, tags, last_touch_at, search_key \
                 FROM accounts WHERE id = ?1 AND archived = 0",
                [id],
                list_row,
            )
            .optional()?)
    }

    /// `(id, search key)` of every listed (optionally also archived) account.
    pub fn search_keys(&self, include_archived: bool) -> Result<Vec<(i64, String)>> {
        let mut st = self
            .conn
            .prepare("SELECT id, search_key FROM accounts WHERE archived = 0 OR ?1 ORDER BY id")?;
        let rows = st.query_map([include_archived], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every recorded field change of an account, oldest first.
    pub fn account_changes(&self, id: i64) -> Result<Vec<FieldChange>> {
        let mut st = self.conn.prepare(
            "SELECT field, old_value, new_value, changed_at FROM account_changes \
             WHERE account_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(FieldChange {
                field: r.get(0)?,
                old: r.get(1)?,
                new: r.get(2)?,
                at: parse_ts(3, &r.get::<_, String>(3)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Find the one account a user means: an id, a customer code, an exact
    /// name, or a part of a name that matches exactly one account.
    pub fn resolve_account(&self, key: &str) -> Result<i64> {
        let key = key.trim();
        let not_found = || StoreError::NotFound {
            what: "account",
            key: format!("{key:?}"),
        };
        if key.is_empty() {
            return Err(not_found());
        }
        if let Ok(id) = key.parse::<i64>() {
            if let Some(id) = self
                .conn
                .query_row("SELECT id FROM accounts WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
            {
                return Ok(id);
            }
        }
        let one = |sql: &str, arg: &str| -> Result<Vec<(i64, String)>> {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map([arg], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let by_code = one("SELECT id, name FROM accounts WHERE code = ?1", key)?;
        if let [(id, _)] = by_code.as_slice() {
            return Ok(*id);
        }
        let exact = one(
            "SELECT id, name FROM accounts WHERE name = ?1 ORDER BY archived, id",
            key,
        )?;
        let candidates = match exact.len() {
            1 => return Ok(exact[0].0),
            0 => {
                // Folded substring over names, so ﾀﾅｶ finds タナカ and case is ignored.
                let q = fold::fold(key);
                let mut st = self
                    .conn
                    .prepare("SELECT id, name FROM accounts ORDER BY id")?;
                let rows =
                    st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
                let mut hits = Vec::new();
                for row in rows {
                    let (id, name) = row?;
                    if fold::fold(&name).contains(&q) {
                        hits.push((id, name));
                    }
                }
                hits
            }
            _ => exact,
        };
        match candidates.as_slice() {
            [] => Err(not_found()),
            [(id, _)] => Ok(*id),
            many => {
                let listed: Vec<String> = many
                    .iter()
                    .take(10)
                    .map(|(id, name)| format!("{id} {name}"))
                    .collect();
                Err(StoreError::Ambiguous(format!(
                    "{key:?} matches {} accounts: {}{}; use the id",
                    many.len(),
                    listed.join(", "),
                    if many.len() > 10 { ", ..." } else { "" }
                )))
            }
        }
    }
}

/// One account by id, on a connection or inside a caller's transaction.
pub(super) fn account_in(conn: &Connection, id: i64) -> Result<Account> {
    conn.prepare_cached(&format!(
        "SELECT {ACCOUNT_COLS} FROM accounts WHERE id = ?1"
    ))?
    .query_row([id], account_from_row)
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "account",
        key: id.to_string(),
    })
}

/// [`Store::set_archived`] inside a transaction the caller owns.
pub(super) fn set_archived_in(
    tx: &Transaction<'_>,
    id: i64,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let old = account_in(tx, id)?;
    if old.archived == archived {
        return Ok(());
    }
    run(
        tx,
        "INSERT INTO account_changes (account_id, field, old_value, new_value, changed_at) \
         VALUES (?1, 'archived', ?2, ?3, ?4)",
        params![id, old.archived.to_string(), archived.to_string(), ts(now)],
    )?;
    run(
        tx,
        "UPDATE accounts SET archived = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived, ts(now)],
    )?;
    Ok(())
}

/// [`Store::add_account`] inside a transaction the caller owns.
pub(super) fn add_account_in(
    tx: &Transaction<'_>,
    fields: &AccountFields,
    now: DateTime<Utc>,
) -> Result<i64> {
    let f = checked(tx, fields, None)?;
    tx.prepare_cached(
        "INSERT INTO accounts (code, name, reading, kind, status, phone, email, address, \
         tags, note, interval_days, search_key, created_at, updated_at, honorific) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
    )?
    .execute(params![
        f.code,
        f.name,
        f.reading,
        f.kind.unwrap_or(AccountKind::Company).as_str(),
        f.status.unwrap_or(Status::Prospect).as_str(),
        f.phone,
        f.email,
        f.address,
        tags_to_json(&f.tags),
        f.note,
        f.interval_days,
        key_for(&f),
        ts(now),
        f.honorific.map(|h| h.as_str()),
    ])?;
    Ok(tx.last_insert_rowid())
}

/// [`Store::update_account`] inside a transaction the caller owns;
/// `false` when no field differed (and nothing was written).
pub(super) fn update_account_in(
    tx: &Transaction<'_>,
    id: i64,
    fields: &AccountFields,
    now: DateTime<Utc>,
) -> Result<bool> {
    let old = account_in(tx, id)?;
    let mut f = checked(tx, fields, Some(id))?;
    f.kind = f.kind.or(Some(old.kind));
    f.status = f.status.or(Some(old.status));
    let before = old.fields();
    let changes = diff(&before, &f);
    if changes.is_empty() {
        return Ok(false);
    }
    for (field, o, n) in &changes {
        tx.prepare_cached(
            "INSERT INTO account_changes (account_id, field, old_value, new_value, changed_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, field, o, n, ts(now)])?;
    }
    tx.prepare_cached(
        "UPDATE accounts SET code=?2, name=?3, reading=?4, kind=?5, status=?6, phone=?7, \
         email=?8, address=?9, tags=?10, note=?11, interval_days=?12, search_key=?13, \
         updated_at=?14, honorific=?15 WHERE id=?1",
    )?
    .execute(params![
        id,
        f.code,
        f.name,
        f.reading,
        f.kind.unwrap_or(old.kind).as_str(),
        f.status.unwrap_or(old.status).as_str(),
        f.phone,
        f.email,
        f.address,
        tags_to_json(&f.tags),
        f.note,
        f.interval_days,
        key_for(&f),
        ts(now),
        f.honorific.map(|h| h.as_str()),
    ])?;
    Ok(true)
}

/// (field, old, new) for each field that differs.
fn diff(
    a: &AccountFields,
    b: &AccountFields,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    let mut cmp = |field: &'static str, x: Option<String>, y: Option<String>| {
        if x != y {
            out.push((field, x, y));
        }
    };
    cmp("name", Some(a.name.clone()), Some(b.name.clone()));
    cmp("reading", a.reading.clone(), b.reading.clone());
    cmp("code", a.code.clone(), b.code.clone());
    cmp(
        "kind",
        a.kind.map(|k| k.to_string()),
        b.kind.map(|k| k.to_string()),
    );
    cmp(
        "status",
        a.status.map(|k| k.to_string()),
        b.status.map(|k| k.to_string()),
    );
    cmp("phone", a.phone.clone(), b.phone.clone());
    cmp("email", a.email.clone(), b.email.clone());
    cmp("address", a.address.clone(), b.address.clone());
    cmp("tags", Some(a.tags.join(", ")), Some(b.tags.join(", ")));
    cmp("note", Some(a.note.clone()), Some(b.note.clone()));
    cmp(
        "honorific",
        a.honorific.map(|h| h.to_string()),
        b.honorific.map(|h| h.to_string()),
    );
    cmp(
        "interval_days",
        a.interval_days.map(|d| d.to_string()),
        b.interval_days.map(|d| d.to_string()),
    );
    out
}
