//! The writes of deals inside a transaction the caller owns: shared by
//! the `Store` methods (one transaction each) and [`super::deal_batch`].

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::deals::{invalid, load, not_found};
use super::followups::day;
use super::run;
use super::{ts, Result, StoreError};
use crate::domain::deals::{Deal, DealChange, DealField, DealStatus, LostReason, NewDeal};
use crate::domain::history::Refusal;

/// An open deal, or the refusal to change a closed one.
fn load_open(tx: &Transaction<'_>, id: i64) -> Result<Deal> {
    let d = load(tx, id)?;
    match d.status {
        DealStatus::Open => Ok(d),
        _ => Err(StoreError::Refused(Refusal::DealClosed { id })),
    }
}

/// Record one field's change (the caller writes the new value).
pub(super) fn record(
    tx: &Transaction<'_>,
    id: i64,
    field: DealField,
    old: Option<String>,
    new: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO deal_changes (deal_id, field, old_value, new_value, at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, field.as_str(), old, new, ts(now)])?;
    Ok(())
}

pub(super) fn add_in(
    tx: &Transaction<'_>,
    d: &NewDeal,
    stage: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    super::conversations::ensure_account(tx, d.account_id)?;
    if let Some(c) = d.contact_id {
        super::follow_up_edits::check_contact(tx, d.account_id, c)?;
    }
    tx.prepare_cached(
        "INSERT INTO deals (account_id, contact_id, title, value, stage, probability, \
         expected_close_on, rank, next_step, stage_entered_at, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10)",
    )?
    .execute(params![
        d.account_id,
        d.contact_id,
        d.title.trim(),
        d.value,
        stage,
        d.probability,
        d.expected_close_on.map(day),
        d.rank.as_str(),
        d.next_step.trim(),
        ts(now)
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Title present, value not negative, probability a percent.
pub(super) fn check_fields(
    title: Option<&str>,
    value: Option<i64>,
    probability: Option<u8>,
) -> Result<()> {
    if title.is_some_and(|t| t.trim().is_empty()) {
        return Err(invalid("title", "deals12.title_required"));
    }
    if value.is_some_and(|v| v < 0) {
        return Err(invalid("value", "deals12.negative_value"));
    }
    if probability.is_some_and(|p| p > 100) {
        return Err(invalid("probability", "deals12.probability_over"));
    }
    Ok(())
}

/// Link conversation `id` of `account_id` to `deal`, a deal of the same account.
pub(super) fn link_in(tx: &Transaction<'_>, id: i64, account_id: i64, deal: i64) -> Result<()> {
    let owner: i64 = tx
        .query_row("SELECT account_id FROM deals WHERE id = ?1", [deal], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| not_found(deal))?;
    if owner != account_id {
        return Err(invalid("deal", "deals12.deal_elsewhere"));
    }
    run(
        tx,
        "UPDATE conversations SET deal_id = ?2 WHERE id = ?1",
        params![id, deal],
    )?;
    Ok(())
}

/// [`Store::win_deal`] inside a transaction the caller owns.
pub(super) fn win_in(
    tx: &Transaction<'_>,
    zone: crate::clock::OperatorZone,
    currency: crate::domain::money::Currency,
    id: i64,
    order: Option<(i64, DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let d = load(tx, id)?;
    refuse_closed(&d)?;
    record_close(tx, &d, DealStatus::Won, now)?;
    let Some((amount, at)) = order else {
        return Ok(None);
    };
    super::settings::pin_currency(tx, currency)?;
    let o = super::orders::add_order_in(tx, zone, d.account_id, at, amount, &d.title, now)?;
    record(tx, id, DealField::Order, None, Some(o.to_string()), now)?;
    run(
        tx,
        "UPDATE deals SET order_id = ?2 WHERE id = ?1",
        params![id, o],
    )?;
    Ok(Some(o))
}

/// [`Store::lose_deal`] inside a transaction the caller owns.
pub(super) fn lose_in(
    tx: &Transaction<'_>,
    id: i64,
    reason: LostReason,
    note: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let d = load(tx, id)?;
    refuse_closed(&d)?;
    record_close(tx, &d, DealStatus::Lost, now)?;
    let reason = reason.as_str();
    record(
        tx,
        id,
        DealField::LostReason,
        None,
        Some(reason.into()),
        now,
    )?;
    let note = note.trim();
    if !note.is_empty() {
        let old = Some(d.lost_note.clone()).filter(|n| !n.is_empty());
        record(tx, id, DealField::LostNote, old, Some(note.into()), now)?;
    }
    run(
        tx,
        "UPDATE deals SET lost_reason = ?2, lost_note = ?3 WHERE id = ?1",
        params![id, reason, note],
    )?;
    Ok(())
}

fn refuse_closed(d: &Deal) -> Result<()> {
    let at = d.closed_at.unwrap_or(d.updated_at);
    match d.status {
        DealStatus::Open => Ok(()),
        DealStatus::Won => Err(StoreError::Refused(Refusal::DealWonAlready {
            id: d.id,
            at,
        })),
        DealStatus::Lost => Err(StoreError::Refused(Refusal::DealLostAlready {
            id: d.id,
            at,
        })),
    }
}

/// Record and write the close of an open deal as `status`.
fn record_close(
    tx: &Transaction<'_>,
    d: &Deal,
    status: DealStatus,
    now: DateTime<Utc>,
) -> Result<()> {
    let new = Some(status.as_str().to_string());
    record(tx, d.id, DealField::Status, Some("open".into()), new, now)?;
    record(tx, d.id, DealField::ClosedAt, None, Some(ts(now)), now)?;
    run(
        tx,
        "UPDATE deals SET status = ?2, closed_at = ?3, updated_at = ?3 WHERE id = ?1",
        params![d.id, status.as_str(), ts(now)],
    )?;
    Ok(())
}

pub(super) fn edit_in(
    tx: &Transaction<'_>,
    id: i64,
    c: &DealChange,
    now: DateTime<Utc>,
) -> Result<()> {
    let d = load_open(tx, id)?;
    if let Some(Some(contact)) = c.contact_id {
        super::follow_up_edits::check_contact(tx, d.account_id, contact)?;
    }
    let text = |v: Option<String>| v;
    let num = |v: Option<i64>| v.map(|v| v.to_string());
    let mut sets: Vec<(DealField, &'static str, Option<String>, Option<String>)> = Vec::new();
    let mut field = |f, column, old: Option<String>, new: Option<String>| {
        if old != new {
            sets.push((f, column, old, new));
        }
    };
    if let Some(t) = &c.title {
        field(
            DealField::Title,
            "title",
            text(Some(d.title.clone())),
            Some(t.trim().into()),
        );
    }
    if let Some(v) = c.value {
        field(DealField::Value, "value", num(Some(d.value)), num(Some(v)));
    }
    if let Some(s) = &c.stage {
        field(
            DealField::Stage,
            "stage",
            Some(d.stage.clone()),
            Some(s.clone()),
        );
    }
    if let Some(p) = c.probability {
        let old = d.probability.map(i64::from);
        field(
            DealField::Probability,
            "probability",
            num(old),
            num(p.map(i64::from)),
        );
    }
    if let Some(on) = c.expected_close_on {
        let old = d.expected_close_on.map(day);
        field(
            DealField::ExpectedCloseOn,
            "expected_close_on",
            old,
            on.map(day),
        );
    }
    if let Some(r) = c.rank {
        field(
            DealField::Rank,
            "rank",
            Some(d.rank.as_str().into()),
            Some(r.as_str().into()),
        );
    }
    if let Some(n) = &c.next_step {
        let new = Some(n.trim().to_string());
        field(
            DealField::NextStep,
            "next_step",
            Some(d.next_step.clone()),
            new,
        );
    }
    if let Some(p) = c.contact_id {
        field(DealField::Contact, "contact_id", num(d.contact_id), num(p));
    }
    if sets.is_empty() {
        return Err(StoreError::Refused(Refusal::DealUnchanged { id }));
    }
    for (f, column, old, new) in sets {
        record(tx, id, f, old, new.clone(), now)?;
        // `column` is one of the fixed words above, never user text.
        run(
            tx,
            &format!("UPDATE deals SET {column} = ?2 WHERE id = ?1"),
            params![id, new],
        )?;
        if f == DealField::Stage {
            run(
                tx,
                "UPDATE deals SET stage_entered_at = ?2 WHERE id = ?1",
                params![id, ts(now)],
            )?;
        }
    }
    run(
        tx,
        "UPDATE deals SET updated_at = ?2 WHERE id = ?1",
        params![id, ts(now)],
    )?;
    Ok(())
}
