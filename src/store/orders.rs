//! Orders: purchases are history and count as a touch. An order can be
//! edited (every earlier version kept in `order_revisions`) and voided
//! (kept, marked, no longer a purchase or a touch; reversible, every void
//! and restoration kept in `order_voids`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::conversations::{dated, ensure_account, marks_of, recompute_touch, record_touch};
use super::run;
use super::{parse_ts, ts, Result, Store, StoreError};
use crate::clock::OperatorZone;
use crate::domain::history::Refusal;
use crate::domain::model::{Order, OrderChange, OrderVersion, Retraction};
use crate::domain::zone::Zone;

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
        let (zone, currency) = (self.zone, self.currency);
        self.write(|tx| {
            super::settings::pin_currency(tx, currency)?;
            add_order_in(tx, zone, account_id, ordered_at, amount, note, now)
        })
    }

    /// An account's orders (voided ones too, marked), oldest first.
    pub fn orders(&self, account_id: i64) -> Result<Vec<Order>> {
        self.orders_where(account_id, None)
    }

    /// One order with its earlier versions and voids.
    pub fn order(&self, id: i64) -> Result<Order> {
        let account_id: i64 = self
            .conn
            .query_row("SELECT account_id FROM orders WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| not_found(id))?;
        self.orders_where(account_id, Some(id))?
            .pop()
            .ok_or_else(|| not_found(id))
    }

    /// Void an order: it stays in history, marked with the reason, and
    /// stops counting as a purchase and a touch (the account's facts are
    /// recomputed in the same transaction). Reversible with
    /// [`Store::restore_order`].
    pub fn void_order(&mut self, id: i64, reason: &str, now: DateTime<Utc>) -> Result<()> {
        super::check_texts(&[("reason", reason)])?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "reason",
                message: "problem.required".into(),
            });
        }
        self.write(|tx| set_void_in(tx, id, Some(reason.trim()), now).map(|_| ()))
    }

    /// Undo a void; the void itself stays on record.
    pub fn restore_order(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| set_void_in(tx, id, None, now).map(|_| ()))
    }

    /// Change an order's date, amount or note; the version it replaces is
    /// kept with the time it was written.
    pub fn edit_order(&mut self, id: i64, change: &OrderChange, now: DateTime<Utc>) -> Result<()> {
        let currency = self.currency;
        self.write(|tx| {
            if change.amount.is_some() {
                super::settings::pin_currency(tx, currency)?;
            }
            edit_in(tx, id, change, now)
        })
    }

    fn orders_where(&self, account_id: i64, only: Option<i64>) -> Result<Vec<Order>> {
        let mut revisions: HashMap<i64, Vec<OrderVersion>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT r.order_id, r.ordered_at, r.amount, r.note, r.written_at, r.replaced_at \
             FROM order_revisions r JOIN orders o ON o.id = r.order_id \
             WHERE o.account_id = ?1 AND (?2 IS NULL OR o.id = ?2) ORDER BY r.uuid",
        )?;
        let rows = st.query_map(params![account_id, only], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                OrderVersion {
                    ordered_at: parse_ts(1, &r.get::<_, String>(1)?)?,
                    amount: r.get(2)?,
                    note: r.get(3)?,
                    at: parse_ts(4, &r.get::<_, String>(4)?)?,
                    replaced_at: parse_ts(5, &r.get::<_, String>(5)?)?,
                },
            ))
        })?;
        for row in rows {
            let (id, v) = row?;
            revisions.entry(id).or_default().push(v);
        }
        let mut marks = marks_of(
            &self.conn,
            "SELECT v.order_id, v.action, v.reason, v.at FROM order_voids v \
             JOIN orders o ON o.id = v.order_id \
             WHERE o.account_id = ?1 AND (?2 IS NULL OR o.id = ?2) ORDER BY v.id",
            account_id,
            only,
        )?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, ordered_at, amount, note, voided_at, void_reason FROM orders \
             WHERE account_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY ordered_at, id",
        )?;
        let rows = st.query_map(params![account_id, only], |r| {
            let voided = match r.get::<_, Option<String>>(4)? {
                Some(at) => Some(Retraction {
                    reason: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    at: parse_ts(4, &at)?,
                }),
                None => None,
            };
            Ok(Order {
                id: r.get(0)?,
                account_id,
                ordered_at: parse_ts(1, &r.get::<_, String>(1)?)?,
                amount: r.get(2)?,
                note: r.get(3)?,
                revisions: Vec::new(),
                voided,
                retractions: Vec::new(),
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let mut o = row?;
            o.revisions = revisions.remove(&o.id).unwrap_or_default();
            o.retractions = marks.remove(&o.id).unwrap_or_default();
            out.push(o);
        }
        Ok(out)
    }
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "order",
        key: id.to_string(),
    }
}

/// The order's account and when it was voided (if it is).
fn order_state(tx: &Transaction<'_>, id: i64) -> Result<(i64, Option<(String, String)>)> {
    let found: Option<(i64, Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT account_id, voided_at, void_reason FROM orders WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (account_id, at, reason) = found.ok_or_else(|| not_found(id))?;
    Ok((account_id, at.map(|at| (at, reason.unwrap_or_default()))))
}

/// Void (`Some(reason)`) or restore (`None`) an order, refusing a second
/// void (it would hide the first reason) and a restore of a live order.
/// Returns the order's account.
pub(super) fn set_void_in(
    tx: &Transaction<'_>,
    id: i64,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let (account_id, voided) = order_state(tx, id)?;
    match (reason, voided) {
        (Some(_), Some((at, why))) => {
            return Err(StoreError::Refused(Refusal::AlreadyVoided {
                id,
                reason: why,
                at: parse_ts(0, &at)?,
            }))
        }
        (None, None) => return Err(StoreError::Refused(Refusal::NotVoided { id })),
        _ => {}
    }
    let (action, why) = match reason {
        Some(r) => ("void", r),
        None => ("restore", ""),
    };
    run(
        tx,
        "INSERT INTO order_voids (order_id, action, reason, at) VALUES (?1, ?2, ?3, ?4)",
        params![id, action, why, ts(now)],
    )?;
    run(
        tx,
        "UPDATE orders SET voided_at = ?2, void_reason = ?3 WHERE id = ?1",
        params![id, reason.map(|_| ts(now)), reason],
    )?;
    if reason.is_none() {
        // A purchase again: a prospect with a live order is a customer.
        // (Voiding leaves the status alone: someone may have set it.)
        become_customer(tx, account_id, now)?;
    }
    recompute_touch(tx, account_id)?;
    Ok(account_id)
}

/// [`Store::edit_order`] inside a transaction the caller owns.
fn edit_in(tx: &Transaction<'_>, id: i64, change: &OrderChange, now: DateTime<Utc>) -> Result<()> {
    super::check_texts(&[("note", change.note.as_deref().unwrap_or(""))])?;
    let (account_id, voided) = order_state(tx, id)?;
    if voided.is_some() {
        return Err(StoreError::Refused(Refusal::EditVoided { id }));
    }
    let (ordered_at, amount, note, written_at): (String, i64, String, String) = tx.query_row(
        "SELECT ordered_at, amount, note, coalesce(revised_at, created_at) FROM orders WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let new_at = match change.ordered_at {
        Some(at) => ts(dated(at, now)?),
        None => ordered_at.clone(),
    };
    let new_amount = change.amount.unwrap_or(amount);
    if new_amount < 0 {
        return Err(StoreError::Invalid {
            field: "amount",
            message: "problem.negative".into(),
        });
    }
    let new_note = change
        .note
        .as_deref()
        .map_or(note.clone(), |n| n.trim().to_string());
    if (&new_at, new_amount, &new_note) == (&ordered_at, amount, &note) {
        return Err(StoreError::Refused(Refusal::NothingChanged { id }));
    }
    run(tx,
        "INSERT INTO order_revisions (order_id, ordered_at, amount, note, written_at, replaced_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, ordered_at, amount, note, written_at, ts(now)],
    )?;
    run(
        tx,
        "UPDATE orders SET ordered_at = ?2, amount = ?3, note = ?4, revised_at = ?5 WHERE id = ?1",
        params![id, new_at, new_amount, new_note, ts(now)],
    )?;
    recompute_touch(tx, account_id)
}

/// A prospect with a live order is a customer: move it, through the
/// change log like any edit. Other statuses are someone's judgement and
/// are left alone.
pub(super) fn become_customer(
    tx: &Transaction<'_>,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let changed = tx
        .prepare_cached(
            "UPDATE accounts SET status = 'customer', updated_at = ?2 \
             WHERE id = ?1 AND status = 'prospect'",
        )?
        .execute(params![account_id, ts(now)])?;
    if changed > 0 {
        tx.prepare_cached(
            "INSERT INTO account_changes (account_id, field, old_value, new_value, changed_at) \
             VALUES (?1, 'status', 'prospect', 'customer', ?2)",
        )?
        .execute(params![account_id, ts(now)])?;
    }
    Ok(())
}

/// [`Store::add_order`] inside a transaction the caller owns.
pub(super) fn add_order_in(
    tx: &Transaction<'_>,
    zone: OperatorZone,
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
    let ordered_at = dated(ordered_at, now)?;
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
    let id = write_order_in(tx, zone, &order, now)?;
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
    zone: OperatorZone,
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
    become_customer(tx, o.account_id, now)?;
    if o.first {
        // Contact plans set to start with a first purchase, counted from
        // its day in the operator's calendar.
        let start = zone.local_day(o.ordered_at);
        for plan_id in super::plans::auto_plans(tx)? {
            // Applied by hand already: not a second set of the same calls.
            if super::plans::applied_at(tx, plan_id, o.account_id)?.is_none() {
                super::plans::apply_in(tx, plan_id, o.account_id, start, now)?;
            }
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
