//! Orders: purchases are history and count as a touch.

use chrono::{DateTime, Utc};
use rusqlite::params;

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
        if amount < 0 {
            return Err(StoreError::Invalid {
                field: "amount",
                message: "problem.negative".into(),
            });
        }
        let start = self.local_day(ordered_at);
        self.write(|tx| {
            ensure_account(tx, account_id)?;
            let first: bool = tx.query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM orders WHERE account_id = ?1)",
                [account_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO orders (account_id, ordered_at, amount, note, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![account_id, ts(ordered_at), amount, note.trim(), ts(now)],
            )?;
            let id = tx.last_insert_rowid();
            record_touch(tx, account_id, ordered_at, "order", note.trim())?;
            tx.execute(
                "UPDATE accounts SET last_order_at = ?2, last_order_amount = ?3 \
                 WHERE id = ?1 AND (last_order_at IS NULL OR last_order_at <= ?2)",
                params![account_id, ts(ordered_at), amount],
            )?;
            if first {
                // Contact plans set to start with a first purchase.
                for plan_id in super::plans::auto_plans(tx)? {
                    super::plans::apply_in(tx, plan_id, account_id, start, now)?;
                }
            }
            Ok(id)
        })
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
