//! Bulk loading: many whole accounts (fields, contacts, conversations with
//! their edits and retractions, orders, follow-ups) written in one
//! IMMEDIATE transaction with cached statements. The demo generator uses
//! it to write a million conversations in seconds.
//!
//! The per-account facts kept current on write (last touch and what it
//! was, last order, learned interval, next follow-up, lapse reason, search
//! key) are computed here exactly as the one-row-at-a-time write path
//! leaves them, so a bulk-loaded account is indistinguishable from one
//! typed in by hand; the tests check that against the real path.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Connection, Transaction, TransactionBehavior};

mod facts;

use super::{ts, Result, Store, StoreError};
use crate::domain::model::{
    AccountFields, AccountKind, ConversationKind, Direction, Retraction, Revision,
};
use crate::domain::triage::LapseReason;
use facts::{check_history, Facts};

/// Page cache for the load (KiB, as `cache_size` takes negative numbers):
/// large enough that index pages are not spilled and re-read mid-load.
const BULK_CACHE_KIB: i64 = 256 * 1024;

/// A person at a bulk-loaded account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BulkContact {
    pub name: String,
    pub reading: Option<String>,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A conversation with everything that later happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkConversation {
    /// Index into [`BulkAccount::contacts`].
    pub contact: Option<usize>,
    pub kind: ConversationKind,
    pub direction: Direction,
    pub happened_at: DateTime<Utc>,
    pub logged_at: DateTime<Utc>,
    pub summary: String,
    pub body: String,
    pub outcome: Option<String>,
    /// Why the customer stopped, recorded when this was logged.
    pub lapse_reason: Option<LapseReason>,
    /// Later versions of the text, oldest first.
    pub edits: Vec<Revision>,
    pub retraction: Option<Retraction>,
}

/// A purchase of a bulk-loaded account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkOrder {
    pub ordered_at: DateTime<Utc>,
    /// Yen (minor units), never negative.
    pub amount: i64,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// How a follow-up was closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpClosed {
    /// Completed by the conversation at this index of
    /// [`BulkAccount::conversations`].
    Done {
        conversation: usize,
        at: DateTime<Utc>,
    },
    Cancelled {
        reason: String,
        at: DateTime<Utc>,
    },
}

/// A scheduled contact; open unless `closed`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkFollowUp {
    /// Index into [`BulkAccount::contacts`].
    pub contact: Option<usize>,
    pub kind: ConversationKind,
    /// In the operator's calendar.
    pub due_on: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub closed: Option<FollowUpClosed>,
}

/// One account and its whole history, as plain values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkAccount {
    pub fields: AccountFields,
    pub created_at: DateTime<Utc>,
    pub contacts: Vec<BulkContact>,
    /// In the order they were logged.
    pub conversations: Vec<BulkConversation>,
    pub orders: Vec<BulkOrder>,
    pub follow_ups: Vec<BulkFollowUp>,
}

/// An account change to log: (when, rank at the same instant), field,
/// old value, new value.
type Change<'a> = ((DateTime<Utc>, u8), &'a str, Option<&'a str>, &'a str);

/// Writes accounts inside the transaction opened by [`Store::bulk_load`].
pub struct BulkWriter<'c> {
    tx: Transaction<'c>,
}

/// The connection settings a bulk load changes, read before and put back after.
struct SavedPragmas {
    cache_size: i64,
    foreign_keys: bool,
}

impl SavedPragmas {
    fn read(conn: &Connection) -> Result<SavedPragmas> {
        Ok(SavedPragmas {
            cache_size: conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?,
            foreign_keys: conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
        })
    }

    /// Settings for the load. Foreign keys are not checked row by row: the
    /// writer takes every parent id from the row it has just inserted, so
    /// a dangling reference cannot arise, and the checks cost ~15%.
    /// (SQLite ignores this pragma inside a transaction, so it is set
    /// before the transaction begins.)
    fn apply_bulk(conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(())
    }

    fn restore(&self, conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "cache_size", self.cache_size)?;
        conn.pragma_update(None, "foreign_keys", self.foreign_keys)?;
        Ok(())
    }
}

impl Store {
    /// Run `f` with a [`BulkWriter`] in one IMMEDIATE transaction: all of
    /// it lands or none. The connection's settings are the same afterwards
    /// as before, whether `f` succeeds or fails.
    pub fn bulk_load<T>(&mut self, f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>) -> Result<T> {
        let saved = SavedPragmas::read(&self.conn)?;
        let out = SavedPragmas::apply_bulk(&self.conn)
            .and_then(|()| run_in_transaction(&mut self.conn, self.currency, f));
        let restored = saved.restore(&self.conn);
        let out = out?;
        restored?;
        // One huge commit leaves a WAL as large as the data; fold it into
        // the main file now and shrink it, rather than leave it on disk.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(out)
    }
}

fn run_in_transaction<T>(
    conn: &mut Connection,
    currency: crate::domain::money::Currency,
    f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Its amounts are in the store's currency, recorded as the database's.
    super::settings::pin_currency(&tx, currency)?;
    // Its events are recorded set by set at the end.
    let marks = super::replica::bulk::begin(&tx)?;
    let mut writer = BulkWriter { tx };
    let out = f(&mut writer)?;
    super::replica::bulk::end(&writer.tx, &marks)?;
    writer.tx.commit()?;
    Ok(out)
}

impl BulkWriter<'_> {
    /// The first free number for customer codes of the form `C000123`:
    /// one past the highest such code already stored.
    pub fn next_customer_code_number(&self) -> Result<u64> {
        let highest: Option<i64> = self.tx.query_row(
            "SELECT max(CAST(substr(code, 2) AS INTEGER)) FROM accounts \
             WHERE code GLOB 'C[0-9]*' AND code NOT GLOB 'C*[^0-9]*'",
            [],
            |r| r.get(0),
        )?;
        Ok(highest.map_or(1, |n| n.max(0) as u64 + 1))
    }

    /// Insert one account with its contacts, conversations (with their
    /// edits and retractions), orders and follow-ups; returns its new id.
    pub fn add_account(&mut self, a: &BulkAccount) -> Result<i64> {
        let f = a.fields.clone().normalised();
        f.validate().map_err(|e| StoreError::Invalid {
            field: e.field,
            message: e.problem.key().to_string(),
        })?;
        check_history(a)?;
        let facts = Facts::of(a);
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT INTO accounts (code, name, reading, kind, status, phone, email, address, \
             tags, note, interval_days, learned_interval_days, last_touch_at, last_touch_kind, \
             last_touch_summary, last_order_at, last_order_amount, next_follow_up_on, \
             lapse_reason, honorific, search_key, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
             ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
        )?
        .execute(params![
            f.code,
            f.name,
            f.reading,
            f.kind.unwrap_or(AccountKind::Company).as_str(),
            facts.status.as_str(),
            f.phone,
            f.email,
            f.address,
            serde_json::to_string(&f.tags).unwrap_or_else(|_| "[]".into()),
            f.note,
            f.interval_days,
            facts.learned_interval_days,
            facts.last_touch.map(|t| ts(t.at)),
            facts.last_touch.map(|t| t.kind),
            facts.last_touch.map(|t| t.summary),
            facts.last_order.map(|(at, _)| ts(at)),
            facts.last_order.map(|(_, amount)| amount),
            facts.next_follow_up_on.map(day),
            facts.lapse_reason.map(LapseReason::as_str),
            f.honorific.map(|h| h.as_str()),
            super::accounts::key_for(&f),
            ts(a.created_at),
            ts(facts.updated_at),
        ])?;
        let account_id = tx.last_insert_rowid();

        let mut contact_ids = Vec::with_capacity(a.contacts.len());
        let mut st = tx.prepare_cached(
            "INSERT INTO contacts (account_id, name, reading, role, phone, email, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        for c in &a.contacts {
            let (name, reading, role) = (c.name.trim(), &c.reading, &c.role);
            st.execute(params![
                account_id,
                name,
                reading,
                role,
                c.phone,
                c.email,
                ts(a.created_at)
            ])?;
            contact_ids.push(tx.last_insert_rowid());
        }
        let contact_id = |i: Option<usize>| i.and_then(|i| contact_ids.get(i).copied());

        let mut conversation_ids = Vec::with_capacity(a.conversations.len());
        for c in &a.conversations {
            conversation_ids.push(self.add_conversation(account_id, contact_id(c.contact), c)?);
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO account_changes (account_id, field, old_value, new_value, changed_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        // In the order the write path makes them: by time, and at the same
        // instant a conversation (its lapse reason) before an order.
        let mut changes: Vec<Change<'_>> = facts
            .lapse_changes
            .iter()
            .map(|(old, new, at)| {
                let old = old.map(LapseReason::as_str);
                ((*at, 1), "lapse_reason", old, new.as_str())
            })
            .collect();
        if let Some(at) = facts.became_customer {
            changes.push(((at, 2), "status", Some("prospect"), "customer"));
        }
        changes.sort_by_key(|(key, ..)| *key);
        for ((at, _), field, old, new) in changes {
            st.execute(params![account_id, field, old, new, ts(at)])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO orders (account_id, ordered_at, amount, note, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for o in &a.orders {
            let (at, created) = (ts(o.ordered_at), ts(o.created_at));
            st.execute(params![account_id, at, o.amount, o.note.trim(), created])?;
        }
        let mut st = tx.prepare_cached(
            "INSERT INTO follow_ups (account_id, contact_id, kind, due_on, due_time, note, state, \
             created_at, closed_at, conversation_id, cancel_reason) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for u in &a.follow_ups {
            let (state, closed_at, conversation, reason) = match &u.closed {
                None => ("open", None, None, None),
                Some(FollowUpClosed::Done { conversation, at }) => (
                    "done",
                    Some(ts(*at)),
                    conversation_ids.get(*conversation),
                    None,
                ),
                Some(FollowUpClosed::Cancelled { reason, at }) => {
                    ("cancelled", Some(ts(*at)), None, Some(reason.trim()))
                }
            };
            st.execute(params![
                account_id,
                contact_id(u.contact),
                u.kind.as_str(),
                day(u.due_on),
                u.due_time.map(|t| t.format("%H:%M").to_string()),
                u.note.trim(),
                state,
                ts(u.created_at),
                closed_at,
                conversation,
                reason,
            ])?;
        }
        Ok(account_id)
    }

    fn add_conversation(
        &self,
        account_id: i64,
        contact_id: Option<i64>,
        c: &BulkConversation,
    ) -> Result<i64> {
        let tx = &self.tx;
        tx.prepare_cached(
            "INSERT INTO conversations (account_id, contact_id, kind, direction, happened_at, \
             summary, body, outcome, logged_at, retracted_at, retract_reason) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            account_id,
            contact_id,
            c.kind.as_str(),
            c.direction.as_str(),
            ts(c.happened_at),
            c.summary.trim(),
            c.body.trim_end(),
            c.outcome,
            ts(c.logged_at),
            c.retraction.as_ref().map(|r| ts(r.at)),
            c.retraction.as_ref().map(|r| r.reason.trim()),
        ])?;
        let id = tx.last_insert_rowid();
        if !c.edits.is_empty() {
            let mut st = tx.prepare_cached(
                "INSERT INTO conversation_revisions (conversation_id, summary, body, outcome, revised_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for e in &c.edits {
                st.execute(params![
                    id,
                    e.summary.trim(),
                    e.body.trim_end(),
                    e.outcome,
                    ts(e.at)
                ])?;
            }
        }
        if let Some(r) = &c.retraction {
            tx.prepare_cached(
                "INSERT INTO conversation_retractions (conversation_id, action, reason, at) \
                 VALUES (?1, 'retract', ?2, ?3)",
            )?
            .execute(params![id, r.reason.trim(), ts(r.at)])?;
        }
        Ok(id)
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests;
