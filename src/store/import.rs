//! Imports: many rows from a file written in one IMMEDIATE transaction
//! through the same store code hand entry uses. Accounts are added and
//! updated (with the change log) exactly as `account add` / `account
//! edit` do. Orders and conversations are inserted by the same per-row
//! code as `order` / `log` (first-order contact plans fire on the row that
//! is the account's first order); the per-account facts those commands
//! move forward row by row (last touch, last order, learned interval) are
//! settled before commit by the same code, called once per account with
//! its latest row, which leaves the same values. An
//! in-memory index of the accounts (customer code, e-mail, phone digits,
//! folded name) matches each row to its customer without a scan.

use crate::domain::zone::Zone;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

mod deals;
mod index;
mod support;

pub use deals::ImportedDeal;

pub use index::{CustomerKey, Lookup, MatchKey, MatchedBy};

use super::{accounts, conversations, orders, ts, Result, Store, StoreError};
use crate::clock::OperatorZone;
use crate::domain::model::{Account, AccountFields, NewConversation};
use crate::domain::triage::LapseReason;
use index::{AccountIndex, IdMap};
use support::{accounts_with_orders, unclaimed, OrderState, Pragmas};

/// Page cache for an import (KiB), given back afterwards. With team sync
/// every row also writes its event and UUID index entry: at a million
/// orders 64 MiB spilled dirty pages and re-read them (41.5 s), 256 MiB
/// does not (30.2 s; peak resident memory 340 -> 570 MB).
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

/// What one imported row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    New(i64),
    Updated(i64),
    /// Already there exactly as the row says; nothing was written.
    Unchanged(i64),
}

/// How an import's transaction ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Commit,
    Rollback,
}

/// One import in progress: an open IMMEDIATE transaction plus the index.
pub struct ImportSession<'c> {
    tx: Transaction<'c>,
    zone: OperatorZone,
    /// The currency of the amounts given (recorded with the first order).
    currency: crate::domain::money::Currency,
    index: AccountIndex,
    /// Highest order / conversation id before the import: only rows that
    /// were already there count as "already imported".
    orders_before: i64,
    conversations_before: i64,
    deals_before: i64,
    /// Existing rows an earlier line of this file was matched to, so two
    /// identical lines are not both swallowed by one stored row.
    claimed_orders: HashSet<i64>,
    claimed_conversations: HashSet<i64>,
    claimed_deals: HashSet<i64>,
    /// Per account: whether it has an order, and the imported order its
    /// facts end on. Loaded on the first order row.
    order_state: Option<IdMap<OrderState>>,
    last_conversation: HashMap<i64, (DateTime<Utc>, &'static str, String)>,
    /// Accounts whose conversations were edited or retracted here: their
    /// facts are recomputed from their rows, as those commands do.
    recompute: HashSet<i64>,
}

impl Store {
    /// Run `f` with an [`ImportSession`] in one IMMEDIATE transaction, then
    /// commit or roll back as `f` says. Nothing is written unless `f`
    /// returns `Ok(.., Finish::Commit)`. Connection settings are restored.
    pub fn import<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut ImportSession<'_>) -> std::result::Result<(T, Finish), E>,
    ) -> std::result::Result<T, E> {
        self.refuse_writes_if_damaged()?;
        let saved = Pragmas::read(&self.conn)?;
        // Foreign keys are not checked row by row: every row's account is
        // checked in this same transaction first (by the per-row code, or
        // for orders by the session's index of the accounts), and the check
        // costs a lookup per row. (SQLite ignores this pragma inside a
        // transaction: set it before.)
        let out = Pragmas {
            cache_size: -IMPORT_CACHE_KIB,
            foreign_keys: false,
        }
        .apply(&self.conn)
        .map_err(E::from)
        .and_then(|()| run(&mut self.conn, self.zone, self.currency, f));
        let restored = saved.apply(&self.conn);
        let (out, finish) = out?;
        restored?;
        if finish == Finish::Commit {
            // One big commit leaves a WAL as large as the data: fold it in now.
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .map_err(StoreError::from)?;
        }
        Ok(out)
    }
}

fn run<T, E: From<StoreError>>(
    conn: &mut rusqlite::Connection,
    zone: OperatorZone,
    currency: crate::domain::money::Currency,
    f: impl FnOnce(&mut ImportSession<'_>) -> std::result::Result<(T, Finish), E>,
) -> std::result::Result<(T, Finish), E> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let max_id = |table: &str| -> Result<i64> {
        Ok(tx.query_row(
            &format!("SELECT coalesce(max(id), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?)
    };
    // Its events are recorded set by set when it commits.
    let marks = crate::store::replica::bulk::begin(&tx)?;
    let mut session = ImportSession {
        orders_before: max_id("orders")?,
        conversations_before: max_id("conversations")?,
        deals_before: max_id("deals")?,
        index: AccountIndex::load(&tx)?,
        tx,
        zone,
        currency,
        claimed_orders: HashSet::new(),
        claimed_conversations: HashSet::new(),
        claimed_deals: HashSet::new(),
        order_state: None,
        last_conversation: HashMap::new(),
        recompute: HashSet::new(),
    };
    let (out, finish) = f(&mut session)?;
    match finish {
        Finish::Commit => {
            crate::store::replica::bulk::end(&session.tx, &marks)?;
            session.settle_touches()?;
            session.tx.commit().map_err(StoreError::from)?
        }
        Finish::Rollback => session.tx.rollback().map_err(StoreError::from)?,
    }
    Ok((out, finish))
}

impl ImportSession<'_> {
    /// The one account a row names (customer code first, then e-mail,
    /// phone, then name with a reading that does not disagree).
    pub fn find(&self, key: &MatchKey) -> Lookup {
        self.index.find(key)
    }

    /// One account as it stands inside this import.
    pub fn account(&self, id: i64) -> Result<Account> {
        accounts::account_in(&self.tx, id)
    }

    /// Create an account, exactly as `account add` does.
    pub fn add_account(&mut self, fields: &AccountFields, now: DateTime<Utc>) -> Result<i64> {
        let id = accounts::add_account_in(&self.tx, fields, now)?;
        self.index
            .insert(id, &MatchKey::of_fields(&fields.clone().normalised()));
        Ok(id)
    }

    /// Change an account's fields through the change log, exactly as
    /// `account edit` does; `false` when nothing differed.
    pub fn update_account(
        &mut self,
        id: i64,
        fields: &AccountFields,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let old = self.account(id)?.fields();
        let changed = accounts::update_account_in(&self.tx, id, fields, now)?;
        if changed {
            self.index.remove(id, &MatchKey::of_fields(&old));
            self.index
                .insert(id, &MatchKey::of_fields(&fields.clone().normalised()));
        }
        Ok(changed)
    }

    /// Hide or show an account as `account archive` / `restore` do;
    /// `false` when it already was.
    pub fn set_archived(&mut self, id: i64, archived: bool, now: DateTime<Utc>) -> Result<bool> {
        if self.account(id)?.archived == archived {
            return Ok(false);
        }
        accounts::set_archived_in(&self.tx, id, archived, now)?;
        Ok(true)
    }

    /// Record why the customer stopped buying, as `log --lapse-reason`
    /// does; `false` when that was already on record.
    pub fn set_lapse_reason(
        &mut self,
        id: i64,
        reason: LapseReason,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        if self.account(id)?.lapse_reason == Some(reason) {
            return Ok(false);
        }
        conversations::set_lapse_reason(&self.tx, id, reason, now)?;
        Ok(true)
    }

    /// Record a purchase as `order` does (touch facts settled at commit),
    /// unless the same purchase (account, day, amount, note) was already
    /// stored before this import.
    pub fn add_order(
        &mut self,
        account_id: i64,
        ordered_at: DateTime<Utc>,
        amount: i64,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Written> {
        let ordered_at = conversations::dated(ordered_at, now)?;
        if self.orders_before > 0 {
            // The same purchase is the same account, calendar day, amount
            // and receipt/note: a register's bare date lands on a time
            // that may differ between imports (never later than now).
            let day = self.zone.local_day(ordered_at);
            let start = |d: chrono::NaiveDate| {
                d.and_hms_opt(0, 0, 0)
                    .and_then(|m| self.zone.to_utc_shifting_gaps(m).ok())
            };
            let (Some(from), Some(to)) = (start(day), day.succ_opt().and_then(start)) else {
                return Err(StoreError::Invalid {
                    field: "date",
                    message: format!("{day} is out of range"),
                });
            };
            let mut st = self.tx.prepare_cached(
                "SELECT id FROM orders WHERE account_id = ?1 AND ordered_at >= ?2 \
                 AND ordered_at < ?3 AND amount = ?4 AND note = ?5 AND id <= ?6 ORDER BY id",
            )?;
            let args = params![
                account_id,
                ts(from),
                ts(to),
                amount,
                note.trim(),
                self.orders_before
            ];
            if let Some(id) = unclaimed(&mut st, args, &mut self.claimed_orders)? {
                return Ok(Written::Unchanged(id));
            }
        }
        // The checks `order` makes, answered from this transaction's own
        // index: no other writer can add accounts or orders meanwhile.
        if amount < 0 {
            return Err(StoreError::Invalid {
                field: "amount",
                message: "problem.negative".into(),
            });
        }
        if !self.index.exists(account_id) {
            return Err(StoreError::NotFound {
                what: "account",
                key: account_id.to_string(),
            });
        }
        let states = match &mut self.order_state {
            Some(states) => states,
            unloaded => {
                // The first order row: the amounts' currency is recorded.
                super::settings::pin_currency(&self.tx, self.currency)?;
                unloaded.insert(accounts_with_orders(&self.tx)?)
            }
        };
        let state = states.entry(account_id).or_default();
        let order = orders::NewOrder {
            account_id,
            ordered_at,
            amount,
            note,
            first: !state.has_orders,
        };
        let id = orders::write_order_in(&self.tx, self.zone, &order, now)?;
        state.has_orders = true;
        if state.latest.is_none_or(|(at, ..)| ordered_at >= at) {
            state.latest = Some((ordered_at, amount, id));
        }
        Ok(Written::New(id))
    }

    /// Log a conversation as `log` does (touch facts settled at commit; an
    /// unsent draft for the account is left alone, since the imported
    /// conversation is not what it was becoming), unless the same one
    /// (account, time, kind, summary, body) was already stored.
    pub fn log_conversation(&mut self, c: &NewConversation, now: DateTime<Utc>) -> Result<Written> {
        let c = &*conversations::dated_conversation(c, now)?;
        if self.conversations_before > 0 {
            let mut st = self.tx.prepare_cached(
                "SELECT id FROM conversations WHERE account_id = ?1 AND happened_at = ?2 \
                 AND kind = ?3 AND summary = ?4 AND body = ?5 AND id <= ?6 ORDER BY id",
            )?;
            let args = params![
                c.account_id,
                ts(c.happened_at),
                c.kind.as_str(),
                c.summary.trim(),
                c.body.trim_end(),
                self.conversations_before
            ];
            if let Some(id) = unclaimed(&mut st, args, &mut self.claimed_conversations)? {
                return Ok(Written::Unchanged(id));
            }
        }
        let id = conversations::insert_conversation_in(&self.tx, c, now)?;
        let (at, kind, summary) = conversations::touch_of(c);
        let later = |old: &(DateTime<Utc>, &str, String)| at >= old.0;
        if self.last_conversation.get(&c.account_id).is_none_or(later) {
            let latest = (at, kind, summary.to_string());
            self.last_conversation.insert(c.account_id, latest);
        }
        Ok(Written::New(id))
    }

    /// Store new text for a conversation as `log edit` does (every earlier
    /// version kept).
    pub fn revise_conversation(
        &mut self,
        id: i64,
        summary: &str,
        body: &str,
        outcome: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        conversations::revise_in(&self.tx, id, summary, body, outcome, now)?;
        self.recompute.insert(self.account_of(id)?);
        Ok(())
    }

    /// Retract a conversation as `log retract` does.
    pub fn retract_conversation(
        &mut self,
        id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        conversations::retract_in(&self.tx, id, reason, now)?;
        self.recompute.insert(self.account_of(id)?);
        Ok(())
    }

    /// Undo a retraction as `log restore` does.
    pub fn restore_conversation(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        conversations::set_retraction_in(&self.tx, id, None, now)?;
        self.recompute.insert(self.account_of(id)?);
        Ok(())
    }

    /// Undo a void as `order restore` does.
    pub fn restore_order(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let account_id = orders::set_void_in(&self.tx, id, None, now)?;
        self.recompute.insert(account_id);
        Ok(())
    }

    /// Void an order as `order void` does (its account's facts are
    /// recomputed at commit).
    pub fn void_order(&mut self, id: i64, reason: &str, now: DateTime<Utc>) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "reason",
                message: "problem.required".into(),
            });
        }
        let account_id = orders::set_void_in(&self.tx, id, Some(reason.trim()), now)?;
        self.recompute.insert(account_id);
        Ok(())
    }

    /// The account's contact with exactly this name, if there is one.
    pub fn contact_named(&self, account_id: i64, name: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id FROM contacts WHERE account_id = ?1 AND name = ?2 ORDER BY id LIMIT 1",
            )?
            .query_row(params![account_id, name.trim()], |r| r.get(0))
            .optional()?)
    }

    fn account_of(&self, conversation_id: i64) -> Result<i64> {
        Ok(self
            .tx
            .prepare_cached("SELECT account_id FROM conversations WHERE id = ?1")?
            .query_row([conversation_id], |r| r.get(0))?)
    }

    /// Bring each account's last touch, last order and learned interval up
    /// to date, with the same per-row code `order` and `log` run, called
    /// once with the account's latest imported row. That code only moves
    /// facts forward (the later call winning at the same second), so this
    /// leaves what calling it for every row would, at a fraction of the
    /// cost: it is what keeps a million-row import within seconds.
    fn settle_touches(&mut self) -> Result<()> {
        let mut orders: Vec<_> = (self.order_state.take().unwrap_or_default())
            .into_iter()
            .filter_map(|(id, state)| Some((id, state.latest?)))
            .collect();
        orders.sort_unstable_by_key(|(id, _)| *id);
        for (id, (at, amount, order_id)) in orders {
            let note: String = self
                .tx
                .prepare_cached("SELECT note FROM orders WHERE id = ?1")?
                .query_row([order_id], |r| r.get(0))?;
            orders::touch_for_order_in(&self.tx, id, at, amount, &note)?;
        }
        let mut talks: Vec<_> = self.last_conversation.drain().collect();
        talks.sort_unstable_by_key(|(id, _)| *id);
        for (id, (at, kind, summary)) in talks {
            if !self.recompute.contains(&id) {
                conversations::record_touch(&self.tx, id, at, kind, &summary)?;
            }
        }
        let mut ids: Vec<i64> = self.recompute.drain().collect();
        ids.sort_unstable();
        for id in ids {
            conversations::recompute_touch(&self.tx, id)?;
        }
        Ok(())
    }
}
