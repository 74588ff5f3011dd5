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

/// [`Store::add_order`] inside a transaction the caller owns (an import
/// writes many rows in one). `local_offset` places the order on the
/// operator's calendar, where first-order plans count their steps from.
pub(super) fn add_order_in(
    tx: &Transaction<'_>,
    local_offset: FixedOffset,
    account_id: i64,
    ordered_at: DateTime<Utc>,
    amount: i64,
    note: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id = insert_order_in(tx, local_offset, account_id, ordered_at, amount, note, now)?;
    touch_for_order_in(tx, account_id, ordered_at, amount, note)?;
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

/// The order row itself and the plans a first order starts, without the
/// per-account touch facts: the caller brings those up to date with
/// [`touch_for_order_in`], at once ([`add_order_in`]) or once per account
/// with the latest of many rows (as an import does).
pub(super) fn insert_order_in(
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
    let start = ordered_at.with_timezone(&local_offset).date_naive();
    ensure_account(tx, account_id)?;
    let first: bool = tx
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM orders WHERE account_id = ?1)")?
        .query_row([account_id], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO orders (account_id, ordered_at, amount, note, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        account_id,
        ts(ordered_at),
        amount,
        note.trim(),
        ts(now)
    ])?;
    let id = tx.last_insert_rowid();
    if first {
        // Contact plans set to start with a first purchase.
        for plan_id in super::plans::auto_plans(tx)? {
            super::plans::apply_in(tx, plan_id, account_id, start, now)?;
        }
    }
    Ok(id)
}
