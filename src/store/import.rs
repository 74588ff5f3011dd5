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

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, Transaction, TransactionBehavior};

use super::{accounts, conversations, orders, ts, Result, Store, StoreError};
use crate::domain::fold::{fold, phone_digits};
use crate::domain::model::{Account, AccountFields, NewConversation};

/// Page cache for an import (KiB): big enough that the orders index is not
/// spilled and re-read while a million rows go in; given back afterwards.
const IMPORT_CACHE_KIB: i64 = 128 * 1024;

/// Phone numbers shorter than this (after keeping digits) are not used to
/// match accounts: `0` or an extension number says nothing about who it is.
const MIN_PHONE_DIGITS: usize = 6;

/// Which key tied a row to an existing account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    Code,
    Email,
    Phone,
    Name,
}

impl std::fmt::Display for MatchedBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MatchedBy::Code => "customer code",
            MatchedBy::Email => "e-mail",
            MatchedBy::Phone => "phone",
            MatchedBy::Name => "name and reading",
        })
    }
}

/// What a row says about who the customer is; any part may be missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct CustomerKey<'a> {
    pub code: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub name: Option<&'a str>,
    pub reading: Option<&'a str>,
}

/// The account a [`CustomerKey`] names, if exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Found(i64, MatchedBy),
    Missing,
    /// No key named exactly one account; `by` named `count` of them.
    Ambiguous {
        by: MatchedBy,
        count: usize,
    },
}

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

fn code_key(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn email_key(s: &str) -> Option<String> {
    Some(s.trim().to_lowercase()).filter(|s| !s.is_empty())
}

fn phone_key(s: &str) -> Option<String> {
    Some(phone_digits(s)).filter(|d| d.len() >= MIN_PHONE_DIGITS)
}

/// Folded (NFKC, case, kana) with all spaces removed: `田中　花子` = `田中花子`.
fn name_key(s: &str) -> Option<String> {
    Some(fold(s).split_whitespace().collect::<String>()).filter(|s| !s.is_empty())
}

/// Every account's keys, kept in step with the rows the import writes.
#[derive(Default)]
struct AccountIndex {
    code: HashMap<String, i64>,
    has_code: HashSet<i64>,
    email: HashMap<String, Vec<i64>>,
    phone: HashMap<String, Vec<i64>>,
    /// Folded name → (id, folded reading).
    name: HashMap<String, Vec<(i64, Option<String>)>>,
}

impl AccountIndex {
    fn load(tx: &Transaction<'_>) -> Result<AccountIndex> {
        let mut index = AccountIndex::default();
        let mut st = tx.prepare("SELECT id, code, email, phone, name, reading FROM accounts")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let opt = |i| r.get::<_, Option<String>>(i);
            let (code, email, phone) = (opt(1)?, opt(2)?, opt(3)?);
            let (name, reading) = (r.get::<_, String>(4)?, opt(5)?);
            index.insert(
                r.get(0)?,
                CustomerKey {
                    code: code.as_deref(),
                    email: email.as_deref(),
                    phone: phone.as_deref(),
                    name: Some(&name),
                    reading: reading.as_deref(),
                },
            );
        }
        Ok(index)
    }

    fn insert(&mut self, id: i64, k: CustomerKey<'_>) {
        if let Some(code) = k.code.and_then(code_key) {
            self.code.insert(code, id);
            self.has_code.insert(id);
        }
        if let Some(e) = k.email.and_then(email_key) {
            self.email.entry(e).or_default().push(id);
        }
        if let Some(p) = k.phone.and_then(phone_key) {
            self.phone.entry(p).or_default().push(id);
        }
        if let Some(n) = k.name.and_then(name_key) {
            let reading = k.reading.and_then(name_key);
            self.name.entry(n).or_default().push((id, reading));
        }
    }

    fn remove(&mut self, id: i64, k: CustomerKey<'_>) {
        if let Some(code) = k.code.and_then(code_key) {
            self.code.remove(&code);
            self.has_code.remove(&id);
        }
        if let Some(e) = k.email.and_then(email_key) {
            drop_id(&mut self.email, &e, |&x| x == id);
        }
        if let Some(p) = k.phone.and_then(phone_key) {
            drop_id(&mut self.phone, &p, |&x| x == id);
        }
        if let Some(n) = k.name.and_then(name_key) {
            drop_id(&mut self.name, &n, |x| x.0 == id);
        }
    }

    fn find(&self, k: &CustomerKey<'_>) -> Lookup {
        let code = k.code.and_then(code_key);
        if let Some(id) = code.as_ref().and_then(|c| self.code.get(c)) {
            return Lookup::Found(*id, MatchedBy::Code);
        }
        // A row with a customer code that is not on file is not an account
        // that has another code, however alike the rest looks.
        let fits = |id: &i64| code.is_none() || !self.has_code.contains(id);
        let mut ambiguous = None;
        let mut decide = |by, ids: Vec<i64>| match ids.as_slice() {
            [] => None,
            [one] => Some(Lookup::Found(*one, by)),
            many => {
                ambiguous.get_or_insert(Lookup::Ambiguous {
                    by,
                    count: many.len(),
                });
                None
            }
        };
        let candidates = |map: &HashMap<String, Vec<i64>>, key: Option<String>| {
            key.and_then(|key| map.get(&key))
                .map(|ids| ids.iter().copied().filter(fits).collect())
                .unwrap_or_default()
        };
        let by_email = candidates(&self.email, k.email.and_then(email_key));
        if let Some(found) = decide(MatchedBy::Email, by_email) {
            return found;
        }
        let by_phone = candidates(&self.phone, k.phone.and_then(phone_key));
        if let Some(found) = decide(MatchedBy::Phone, by_phone) {
            return found;
        }
        // Same name, and readings that do not disagree (one may be missing).
        let reading = k.reading.and_then(name_key);
        let by_name: Vec<i64> = k
            .name
            .and_then(name_key)
            .and_then(|n| self.name.get(&n))
            .map(|v| {
                v.iter()
                    .filter(|(id, r)| {
                        fits(id) && (reading.is_none() || r.is_none() || *r == reading)
                    })
                    .map(|(id, _)| *id)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(found) = decide(MatchedBy::Name, by_name) {
            return found;
        }
        ambiguous.unwrap_or(Lookup::Missing)
    }
}

fn drop_id<T>(map: &mut HashMap<String, Vec<T>>, key: &str, is_it: impl Fn(&T) -> bool) {
    if let Some(v) = map.get_mut(key) {
        v.retain(|x| !is_it(x));
        if v.is_empty() {
            map.remove(key);
        }
    }
}

fn key_of(f: &AccountFields) -> CustomerKey<'_> {
    CustomerKey {
        code: f.code.as_deref(),
        email: f.email.as_deref(),
        phone: f.phone.as_deref(),
        name: Some(&f.name),
        reading: f.reading.as_deref(),
    }
}

/// One import in progress: an open IMMEDIATE transaction plus the index.
pub struct ImportSession<'c> {
    tx: Transaction<'c>,
    local_offset: FixedOffset,
    index: AccountIndex,
    /// Highest order / conversation id before the import: only rows that
    /// were already there count as "already imported".
    orders_before: i64,
    conversations_before: i64,
    /// Existing rows an earlier line of this file was matched to, so two
    /// identical lines are not both swallowed by one stored row.
    claimed_orders: HashSet<i64>,
    claimed_conversations: HashSet<i64>,
    /// Per account, the imported order / conversation its facts end on:
    /// the latest, and among equals the later row. Settled before commit.
    last_order: HashMap<i64, (DateTime<Utc>, i64, String)>,
    last_conversation: HashMap<i64, (DateTime<Utc>, &'static str, String)>,
}

impl Store {
    /// Run `f` with an [`ImportSession`] in one IMMEDIATE transaction, then
    /// commit or roll back as `f` says. Nothing is written unless `f`
    /// returns `Ok(.., Finish::Commit)`. Connection settings are restored.
    pub fn import<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut ImportSession<'_>) -> std::result::Result<(T, Finish), E>,
    ) -> std::result::Result<T, E> {
        let saved = Pragmas::read(&self.conn)?;
        // Foreign keys are not checked row by row: every row's account is
        // checked by the per-row code (`ensure_account`) in this same
        // transaction, and the check costs a lookup per row. (SQLite
        // ignores this pragma inside a transaction: set it before.)
        let out = Pragmas {
            cache_size: -IMPORT_CACHE_KIB,
            foreign_keys: false,
        }
        .apply(&self.conn)
        .map_err(E::from)
        .and_then(|()| run(&mut self.conn, self.local_offset, f));
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

/// The connection settings an import changes, and puts back.
struct Pragmas {
    cache_size: i64,
    foreign_keys: bool,
}

impl Pragmas {
    fn read(conn: &rusqlite::Connection) -> Result<Pragmas> {
        Ok(Pragmas {
            cache_size: conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?,
            foreign_keys: conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
        })
    }

    fn apply(&self, conn: &rusqlite::Connection) -> Result<()> {
        conn.pragma_update(None, "cache_size", self.cache_size)?;
        conn.pragma_update(None, "foreign_keys", self.foreign_keys)?;
        Ok(())
    }
}

fn run<T, E: From<StoreError>>(
    conn: &mut rusqlite::Connection,
    local_offset: FixedOffset,
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
    let mut session = ImportSession {
        orders_before: max_id("orders")?,
        conversations_before: max_id("conversations")?,
        index: AccountIndex::load(&tx)?,
        tx,
        local_offset,
        claimed_orders: HashSet::new(),
        claimed_conversations: HashSet::new(),
        last_order: HashMap::new(),
        last_conversation: HashMap::new(),
    };
    let (out, finish) = f(&mut session)?;
    match finish {
        Finish::Commit => {
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
    pub fn find(&self, key: &CustomerKey<'_>) -> Lookup {
        self.index.find(key)
    }

    /// One account as it stands inside this import.
    pub fn account(&self, id: i64) -> Result<Account> {
        accounts::account_in(&self.tx, id)
    }

    /// Create an account, exactly as `account add` does.
    pub fn add_account(&mut self, fields: &AccountFields, now: DateTime<Utc>) -> Result<i64> {
        let id = accounts::add_account_in(&self.tx, fields, now)?;
        self.index.insert(id, key_of(&fields.clone().normalised()));
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
            self.index.remove(id, key_of(&old));
            self.index.insert(id, key_of(&fields.clone().normalised()));
        }
        Ok(changed)
    }

    /// Record a purchase as `order` does (touch facts settled at commit),
    /// unless the same purchase (account, time, amount, note) was already
    /// stored before this import.
    pub fn add_order(
        &mut self,
        account_id: i64,
        ordered_at: DateTime<Utc>,
        amount: i64,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Written> {
        if self.orders_before > 0 {
            let mut st = self.tx.prepare_cached(
                "SELECT id FROM orders WHERE account_id = ?1 AND ordered_at = ?2 AND amount = ?3 \
                 AND note = ?4 AND id <= ?5 ORDER BY id",
            )?;
            let at = ts(ordered_at);
            let args = params![account_id, at, amount, note.trim(), self.orders_before];
            if let Some(id) = unclaimed(&mut st, args, &mut self.claimed_orders)? {
                return Ok(Written::Unchanged(id));
            }
        }
        let id = orders::insert_order_in(
            &self.tx,
            self.local_offset,
            account_id,
            ordered_at,
            amount,
            note,
            now,
        )?;
        let later = |old: &(DateTime<Utc>, i64, String)| ordered_at >= old.0;
        if self.last_order.get(&account_id).is_none_or(later) {
            let latest = (ordered_at, amount, note.trim().to_string());
            self.last_order.insert(account_id, latest);
        }
        Ok(Written::New(id))
    }

    /// Log a conversation as `log` does (touch facts settled at commit; an
    /// unsent draft for the account is left alone, since the imported
    /// conversation is not what it was becoming), unless the same one
    /// (account, time, kind, summary, body) was already stored.
    pub fn log_conversation(&mut self, c: &NewConversation, now: DateTime<Utc>) -> Result<Written> {
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

    /// Bring each account's last touch, last order and learned interval up
    /// to date, with the same per-row code `order` and `log` run, called
    /// once with the account's latest imported row. That code only moves
    /// facts forward (the later call winning at the same second), so this
    /// leaves what calling it for every row would, at a fraction of the
    /// cost: it is what keeps a million-row import within seconds.
    fn settle_touches(&mut self) -> Result<()> {
        let mut orders: Vec<_> = self.last_order.drain().collect();
        orders.sort_unstable_by_key(|(id, _)| *id);
        for (id, (at, amount, note)) in orders {
            orders::touch_for_order_in(&self.tx, id, at, amount, &note)?;
        }
        let mut talks: Vec<_> = self.last_conversation.drain().collect();
        talks.sort_unstable_by_key(|(id, _)| *id);
        for (id, (at, kind, summary)) in talks {
            conversations::record_touch(&self.tx, id, at, kind, &summary)?;
        }
        Ok(())
    }
}

/// The first matching stored row no earlier line has claimed; claims it.
fn unclaimed(
    st: &mut rusqlite::CachedStatement<'_>,
    args: &[&dyn rusqlite::ToSql],
    claimed: &mut HashSet<i64>,
) -> Result<Option<i64>> {
    let mut rows = st.query(args)?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if claimed.insert(id) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
