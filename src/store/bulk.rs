//! Bulk loading: many whole accounts (fields, contacts, conversations with
//! their edits and retractions, orders) written in one IMMEDIATE
//! transaction with cached statements. The demo generator uses it to write
//! a million conversations in seconds.
//!
//! The derived columns (`last_touch_at`, `learned_interval_days`,
//! `search_key`) are computed here exactly as the one-row-at-a-time write
//! path computes them, so a bulk-loaded account is indistinguishable from
//! one typed in by hand.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, Transaction, TransactionBehavior};

use super::{ts, Result, Store, StoreError};
use crate::domain::interval::{learned_interval, GAPS_CONSIDERED};
use crate::domain::model::{
    AccountFields, AccountKind, ConversationKind, Direction, Retraction, Revision, Status,
};
use crate::domain::time::trunc_secs;

/// Must equal the number of recent rows per table that the normal write
/// path reads when it relearns an interval (`RECENT_TOUCHES` in
/// conversations.rs); the equivalence test in this file fails if they part.
const RECENT_TOUCHES: usize = 4 * (GAPS_CONSIDERED + 1);

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

/// One account and its whole history, as plain values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkAccount {
    pub fields: AccountFields,
    pub created_at: DateTime<Utc>,
    pub contacts: Vec<BulkContact>,
    pub conversations: Vec<BulkConversation>,
    pub orders: Vec<BulkOrder>,
}

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
            .and_then(|()| run_in_transaction(&mut self.conn, f));
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
    f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut writer = BulkWriter { tx };
    let out = f(&mut writer)?;
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
    /// edits and retractions) and orders; returns the new account id.
    pub fn add_account(&mut self, a: &BulkAccount) -> Result<i64> {
        let f = a.fields.clone().normalised();
        f.validate().map_err(|e| StoreError::Invalid {
            field: e.field,
            message: e.problem.key().to_string(),
        })?;
        check_history(a)?;
        let (last_touch_at, learned) = derived_touch(a);
        let created = ts(a.created_at);
        let tx = &self.tx;
        let mut st = tx.prepare_cached(
            "INSERT INTO accounts (code, name, reading, kind, status, phone, email, address, \
             tags, note, interval_days, learned_interval_days, last_touch_at, search_key, \
             created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        )?;
        st.execute(params![
            f.code,
            f.name,
            f.reading,
            f.kind.unwrap_or(AccountKind::Company).as_str(),
            f.status.unwrap_or(Status::Prospect).as_str(),
            f.phone,
            f.email,
            f.address,
            serde_json::to_string(&f.tags).unwrap_or_else(|_| "[]".into()),
            f.note,
            f.interval_days,
            learned,
            last_touch_at.map(ts),
            super::accounts::key_for(&f),
            created,
        ])?;
        let account_id = tx.last_insert_rowid();

        let mut contact_ids = Vec::with_capacity(a.contacts.len());
        let mut st = tx.prepare_cached(
            "INSERT INTO contacts (account_id, name, reading, role, phone, email, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        for c in &a.contacts {
            st.execute(params![
                account_id,
                c.name.trim(),
                c.reading,
                c.role,
                c.phone,
                c.email,
                created
            ])?;
            contact_ids.push(tx.last_insert_rowid());
        }

        for c in &a.conversations {
            self.add_conversation(account_id, &contact_ids, c)?;
        }

        let mut st = tx.prepare_cached(
            "INSERT INTO orders (account_id, ordered_at, amount, note, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for o in &a.orders {
            st.execute(params![
                account_id,
                ts(o.ordered_at),
                o.amount,
                o.note.trim(),
                ts(o.created_at)
            ])?;
        }
        Ok(account_id)
    }

    fn add_conversation(
        &self,
        account_id: i64,
        contact_ids: &[i64],
        c: &BulkConversation,
    ) -> Result<()> {
        let tx = &self.tx;
        let contact_id = c.contact.and_then(|i| contact_ids.get(i).copied());
        let mut st = tx.prepare_cached(
            "INSERT INTO conversations (account_id, contact_id, kind, direction, happened_at, \
             summary, body, outcome, logged_at, retracted_at, retract_reason) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        st.execute(params![
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
        let conversation_id = tx.last_insert_rowid();
        if !c.edits.is_empty() {
            let mut st = tx.prepare_cached(
                "INSERT INTO conversation_revisions (conversation_id, summary, body, outcome, revised_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for e in &c.edits {
                st.execute(params![
                    conversation_id,
                    e.summary.trim(),
                    e.body.trim_end(),
                    e.outcome,
                    ts(e.at)
                ])?;
            }
        }
        if let Some(r) = &c.retraction {
            let mut st = tx.prepare_cached(
                "INSERT INTO conversation_retractions (conversation_id, action, reason, at) \
                 VALUES (?1, 'retract', ?2, ?3)",
            )?;
            st.execute(params![conversation_id, r.reason.trim(), ts(r.at)])?;
        }
        Ok(())
    }
}

/// The same checks the one-row write path makes on a history.
fn check_history(a: &BulkAccount) -> Result<()> {
    let required = |field| StoreError::Invalid {
        field,
        message: "problem.required".into(),
    };
    if a.contacts.iter().any(|c| c.name.trim().is_empty()) {
        return Err(required("name"));
    }
    for c in &a.conversations {
        let blank = |s: &str, b: &str| s.trim().is_empty() && b.trim().is_empty();
        if blank(&c.summary, &c.body) || c.edits.iter().any(|e| blank(&e.summary, &e.body)) {
            return Err(required("summary"));
        }
        if c.retraction
            .as_ref()
            .is_some_and(|r| r.reason.trim().is_empty())
        {
            return Err(required("reason"));
        }
        if c.contact.is_some_and(|i| i >= a.contacts.len()) {
            return Err(StoreError::Invalid {
                field: "contact",
                message: "contact index outside the account's contacts".into(),
            });
        }
    }
    if a.orders.iter().any(|o| o.amount < 0) {
        return Err(StoreError::Invalid {
            field: "amount",
            message: "problem.negative".into(),
        });
    }
    Ok(())
}

/// `(last_touch_at, learned_interval_days)` as the normal write path leaves
/// them: the latest instant among live conversations and orders, and the
/// interval learned from the distinct UTC days of the most recent
/// [`RECENT_TOUCHES`] rows of each, newest [`GAPS_CONSIDERED`] + 1 days.
fn derived_touch(a: &BulkAccount) -> (Option<DateTime<Utc>>, Option<f64>) {
    let mut conversations: Vec<DateTime<Utc>> = a
        .conversations
        .iter()
        .filter(|c| c.retraction.is_none())
        .map(|c| trunc_secs(c.happened_at))
        .collect();
    let mut orders: Vec<DateTime<Utc>> =
        a.orders.iter().map(|o| trunc_secs(o.ordered_at)).collect();
    let last = conversations.iter().chain(orders.iter()).max().copied();
    let mut days: Vec<NaiveDate> = Vec::with_capacity(2 * RECENT_TOUCHES);
    for touches in [&mut conversations, &mut orders] {
        touches.sort_unstable_by(|x, y| y.cmp(x));
        days.extend(touches.iter().take(RECENT_TOUCHES).map(|t| t.date_naive()));
    }
    days.sort_unstable();
    days.dedup();
    let keep = days.len().saturating_sub(GAPS_CONSIDERED + 1);
    (last, learned_interval(&days[keep..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Account, NewConversation};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
    }

    fn fresh() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("bulk.db")).unwrap();
        (dir, store)
    }

    /// `(id, last_touch_at, learned_interval_days, search_key)` by id.
    type TouchState = (i64, Option<DateTime<Utc>>, Option<f64>, String);

    fn touch_state(store: &Store) -> Vec<TouchState> {
        let mut all: Vec<Account> = store.accounts(true).unwrap();
        all.sort_by_key(|a| a.id);
        let keys: std::collections::HashMap<i64, String> =
            store.search_keys(true).unwrap().into_iter().collect();
        all.into_iter()
            .map(|a| {
                (
                    a.id,
                    a.last_touch_at,
                    a.learned_interval_days,
                    keys[&a.id].clone(),
                )
            })
            .collect()
    }

    #[test]
    fn derived_columns_match_the_normal_write_path() {
        let (_d, mut store) = fresh();
        crate::demo::generate(&mut store, 300, 42, now()).unwrap();
        let bulk = touch_state(&store);
        assert!(
            bulk.iter()
                .filter(|(_, _, learned, _)| learned.is_some())
                .count()
                > 150
        );

        // Recompute every account exactly as a retraction does, and every
        // search key as an edit does.
        store
            .write(|tx| {
                for (id, ..) in &bulk {
                    super::super::conversations::recompute_touch(tx, *id)?;
                }
                Ok(())
            })
            .unwrap();
        let ids: Vec<i64> = bulk.iter().map(|(id, ..)| *id).collect();
        for id in &ids {
            let a = store.account(*id).unwrap();
            let key = super::super::accounts::key_for(&a.fields().normalised());
            let stored = &bulk.iter().find(|(i, ..)| i == id).unwrap().3;
            assert_eq!(&key, stored, "search key of account {id}");
        }
        assert_eq!(touch_state(&store), bulk);
        let dangling: i64 = store
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(dangling, 0, "every reference points at a real row");

        // And one more conversation through the normal path lands on top.
        let (id, last, ..) = bulk[0].clone();
        let later = last.unwrap() + chrono::Duration::hours(1);
        store
            .log_conversation(
                &NewConversation {
                    account_id: id,
                    contact_id: None,
                    kind: ConversationKind::Call,
                    direction: Direction::Out,
                    happened_at: later,
                    summary: "follow-up".into(),
                    body: String::new(),
                    outcome: None,
                },
                now(),
            )
            .unwrap();
        assert_eq!(store.account(id).unwrap().last_touch_at, Some(later));
    }

    #[test]
    fn settings_are_restored_and_a_failed_load_writes_nothing() {
        let (_d, mut store) = fresh();
        let cache = |s: &Store| -> i64 {
            s.conn
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        let sync = |s: &Store| -> i64 {
            s.conn
                .query_row("PRAGMA synchronous", [], |r| r.get(0))
                .unwrap()
        };
        let fk = |s: &Store| -> bool {
            s.conn
                .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
                .unwrap()
        };
        let before = (cache(&store), sync(&store), fk(&store));
        assert!(before.2, "the store checks foreign keys");
        crate::demo::generate(&mut store, 5, 1, now()).unwrap();
        assert_eq!((cache(&store), sync(&store), fk(&store)), before);
        let cache0 = before.0;

        let account = |code: &str| BulkAccount {
            fields: AccountFields {
                name: "Dup".into(),
                code: Some(code.into()),
                ..Default::default()
            },
            created_at: now(),
            contacts: vec![BulkContact {
                name: "A".into(),
                ..Default::default()
            }],
            conversations: vec![],
            orders: vec![BulkOrder {
                ordered_at: now(),
                amount: 3000,
                note: String::new(),
                created_at: now(),
            }],
        };
        let err = store
            .bulk_load(|w| {
                w.add_account(&account("X1"))?;
                w.add_account(&account("X1"))
            })
            .unwrap_err();
        assert!(matches!(err, StoreError::Sqlite(_)), "{err}");
        assert_eq!(store.accounts(true).unwrap().len(), 5, "rolled back");
        assert_eq!((cache(&store), fk(&store)), (cache0, true));

        let bad = BulkAccount {
            fields: AccountFields::default(),
            ..account("X2")
        };
        let err = store.bulk_load(|w| w.add_account(&bad)).unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid { field: "name", .. }),
            "{err}"
        );
        let id = store.bulk_load(|w| w.add_account(&account("X3"))).unwrap();
        assert_eq!(store.account(id).unwrap().last_touch_at, Some(now()));
        assert_eq!(store.orders(id).unwrap().len(), 1);
        assert_eq!(store.contacts(id).unwrap().len(), 1);
    }

    #[test]
    fn customer_codes_continue_after_the_highest() {
        let (_d, mut store) = fresh();
        let next = |s: &mut Store| s.bulk_load(|w| w.next_customer_code_number()).unwrap();
        assert_eq!(next(&mut store), 1);
        for code in ["C000041", "C12x", "VIP-7", "C000009"] {
            let f = AccountFields {
                name: code.into(),
                code: Some(code.into()),
                ..Default::default()
            };
            store.add_account(&f, now()).unwrap();
        }
        assert_eq!(next(&mut store), 42);
    }
}
