//! Orders: purchases are history and count as a touch.

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{params, Transaction};

use super::conversations::{ensure_account, record_touch};
use super::{parse_ts, ts, Result, Store, StoreError};
use crate::domain::model::Order;

impl Store {
    /// Record a purchase; moves the account's last touch in the same transaction.
    pub fn add_order(
        &mut self,
        account_id: i64,
        ordered_at: DateTime<Utc>,
        amount: i64,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let offset = self.local_offset;
        self.write(|tx| add_order_in(tx, offset, account_id, ordered_at, amount, note, now))
    }

    /// An account's orders, oldest first.
    pub fn orders(&self, account_id: i64) -> Result<Vec<Order>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, ordered_at, amount, note FROM orders WHERE account_id = ?1 \
             ORDER BY ordered_at, id",
        )?;
        let rows = st.query_map([account_id], |r| {
            Ok(Order {
                id: r.get(0)?,
                account_id,
                ordered_at: parse_ts(1, &r.get::<_, String>(1)?)?,
                amount: r.get(2)?,
                note: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// [`Store::add_order`] inside a transaction the caller owns.
pub(super) fn add_order_in(
    tx: &Transaction<'_>,
    local_offset: FixedOffset,
    account_id: i64,
    ordered_at: DateTime<Utc>,
    amount: i64,
    note: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    if amount < 0 {
        return Err(StoreError::Invalid {
            field: "amount",
            message: "problem.negative".into(),
        });
    }
    ensure_account(tx, account_id)?;
    let first: bool = tx
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM orders WHERE account_id = ?1)")?
        .query_row([account_id], |r| r.get(0))?;
    let order = NewOrder {
        account_id,
        ordered_at,
        amount,
        note,
        first,
    };
    let id = write_order_in(tx, local_offset, &order, now)?;
    touch_for_order_in(tx, account_id, ordered_at, amount, note)?;
    Ok(id)
}

/// An order about to be written, its checks done: the account exists, the
/// amount is not negative, and `first` says whether the account has no
/// order yet.
pub(super) struct NewOrder<'a> {
    pub account_id: i64,
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    pub note: &'a str,
    pub first: bool,
}

/// The order row and, for an account's first order, the contact plans
/// that start with it — without the per-account touch facts, which the
/// caller brings up to date with [`touch_for_order_in`]: at once
/// ([`add_order_in`]) or once per account with the latest of many rows
/// (an import, which answers the checks from its own index of the same
/// transaction).
pub(super) fn write_order_in(
    tx: &Transaction<'_>,
    local_offset: FixedOffset,
    o: &NewOrder<'_>,
    now: DateTime<Utc>,
) -> Result<i64> {
    crate::domain::limits::check_text("note", o.note).map_err(super::accounts::invalid)?;
    tx.prepare_cached(
        "INSERT INTO orders (account_id, ordered_at, amount, note, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        o.account_id,
        ts(o.ordered_at),
        o.amount,
        o.note.trim(),
        ts(now)
    ])?;
    let id = tx.last_insert_rowid();
    if o.first {
        // Contact plans set to start with a first purchase, counted from
        // its day in the operator's calendar.
        let start = o.ordered_at.with_timezone(&local_offset).date_naive();
        for plan_id in super::plans::auto_plans(tx)? {
            super::plans::apply_in(tx, plan_id, o.account_id, start, now)?;
        }
    }
    Ok(id)
}

/// What an order does to its account's facts: moves the last touch and
/// the last order forward (never back; at the same second the later call
/// wins) and relearns the rhythm. Since nothing moves back, calling this
/// once with the latest of many orders (the last one given, among equals)
/// leaves what calling it for each of them would.
pub(super) fn touch_for_order_in(
    tx: &Transaction<'_>,
    account_id: i64,
    ordered_at: DateTime<Utc>,
    amount: i64,
    note: &str,
) -> Result<()> {
    record_touch(tx, account_id, ordered_at, "order", note.trim())?;
    tx.prepare_cached(
        "UPDATE accounts SET last_order_at = ?2, last_order_amount = ?3 \
         WHERE id = ?1 AND (last_order_at IS NULL OR last_order_at <= ?2)",
    )?
    .execute(params![account_id, ts(ordered_at), amount])?;
    Ok(())
}
