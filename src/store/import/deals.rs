//! Deals brought back from a file: each written whole (status, reason,
//! times as the file gives them) in the import's transaction, with the
//! checks `deal add` makes. A deal already stored before the import (same
//! account, title and creation time) is not written twice.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::support::unclaimed;
use super::{ImportSession, Written};
use crate::domain::deals::{DealStatus, LostReason, Rank};
use crate::store::deal_writes::check_fields;
use crate::store::deals::invalid;
use crate::store::followups::day;
use crate::store::{ts, Result, StoreError};

/// A whole deal, as an export holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedDeal<'a> {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub title: &'a str,
    pub value: i64,
    pub stage: &'a str,
    /// `None`: the stage's.
    pub probability: Option<u8>,
    pub expected_close_on: Option<NaiveDate>,
    pub rank: Rank,
    pub next_step: &'a str,
    pub status: DealStatus,
    pub lost_reason: Option<LostReason>,
    pub lost_note: &'a str,
    /// When it was won or lost (`None` while open).
    pub closed_at: Option<DateTime<Utc>>,
    pub stage_entered_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ImportSession<'_> {
    /// Write one deal as the file has it, unless the same one (account,
    /// title, creation time) was stored before this import.
    pub fn import_deal(&mut self, d: &ImportedDeal<'_>) -> Result<Written> {
        crate::store::check_texts(&[
            ("title", d.title),
            ("next_step", d.next_step),
            ("note", d.lost_note),
        ])?;
        check_fields(Some(d.title), Some(d.value), d.probability)?;
        if d.status == DealStatus::Lost && d.lost_reason.is_none() {
            return Err(invalid("lost_reason", "deals_io12.missing_lost_reason"));
        }
        if !self.index.exists(d.account_id) {
            return Err(StoreError::NotFound {
                what: "account",
                key: d.account_id.to_string(),
            });
        }
        let title = d.title.trim();
        if self.deals_before > 0 {
            let mut st = self.tx.prepare_cached(
                "SELECT id FROM deals WHERE account_id = ?1 AND title = ?2 AND created_at = ?3 \
                 AND id <= ?4 ORDER BY id",
            )?;
            let args = params![d.account_id, title, ts(d.created_at), self.deals_before];
            if let Some(id) = unclaimed(&mut st, args, &mut self.claimed_deals)? {
                return Ok(Written::Unchanged(id));
            }
        }
        crate::store::settings::pin_currency(&self.tx, self.currency)?;
        self.tx
            .prepare_cached(
                "INSERT INTO deals (account_id, contact_id, title, value, stage, probability, \
                 expected_close_on, rank, next_step, status, lost_reason, lost_note, closed_at, \
                 stage_entered_at, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                d.account_id,
                d.contact_id,
                title,
                d.value,
                d.stage,
                d.probability,
                d.expected_close_on.map(day),
                d.rank.as_str(),
                d.next_step.trim(),
                d.status.as_str(),
                d.lost_reason.map(LostReason::as_str),
                d.lost_note.trim(),
                d.closed_at.map(ts),
                ts(d.stage_entered_at),
                ts(d.created_at),
                ts(d.updated_at),
            ])?;
        Ok(Written::New(self.tx.last_insert_rowid()))
    }
}
