//! Many deal writes in one transaction (demo data, imports): each dated
//! as given, each recorded exactly as the one-at-a-time methods record it.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::deal_writes::{add_in, check_fields, edit_in, link_in, lose_in, win_in};
use super::deals::invalid;
use super::{Result, Store};
use crate::clock::OperatorZone;
use crate::domain::deals::{DealChange, LostReason, NewDeal, Pipeline};
use crate::domain::money::Currency;

/// Deal writes inside one open transaction; see [`Store::deal_batch`].
pub struct DealBatch<'a> {
    tx: &'a Transaction<'a>,
    pipeline: &'a Pipeline,
    zone: OperatorZone,
    currency: Currency,
}

impl DealBatch<'_> {
    /// [`Store::add_deal`], created at `at`.
    pub fn add(&mut self, d: &NewDeal, at: DateTime<Utc>) -> Result<i64> {
        super::check_texts(&[("title", &d.title), ("next_step", &d.next_step)])?;
        check_fields(Some(&d.title), Some(d.value), d.probability)?;
        let first = self.pipeline.stages().first().map(|s| s.key.as_str());
        let stage = d.stage.as_deref().or(first).unwrap_or_default();
        if self.pipeline.stage(stage).is_none() {
            return Err(invalid("stage", "deals12.stage_not_configured"));
        }
        add_in(self.tx, d, stage, at)
    }

    /// [`Store::edit_deal`] (or a move), at `at`.
    pub fn edit(&mut self, id: i64, c: &DealChange, at: DateTime<Utc>) -> Result<()> {
        if let Some(s) = &c.stage {
            if self.pipeline.stage(s).is_none() {
                return Err(invalid("stage", "deals12.stage_not_configured"));
            }
        }
        check_fields(c.title.as_deref(), c.value, c.probability.flatten())?;
        edit_in(self.tx, id, c, at)
    }

    /// [`Store::win_deal`], at `at`.
    pub fn win(
        &mut self,
        id: i64,
        order: Option<(i64, DateTime<Utc>)>,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        win_in(self.tx, self.zone, self.currency, id, order, at)
    }

    /// [`Store::lose_deal`], at `at`.
    pub fn lose(
        &mut self,
        id: i64,
        reason: LostReason,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        super::check_texts(&[("note", note)])?;
        lose_in(self.tx, id, reason, note, at)
    }

    /// Link conversation `id` of `account_id` (already in the history)
    /// to `deal`, a deal of the same account.
    pub fn link(&mut self, id: i64, account_id: i64, deal: i64) -> Result<()> {
        link_in(self.tx, id, account_id, deal)
    }
}

impl Store {
    /// Run `f` with a [`DealBatch`] in one transaction: all of it lands or
    /// none.
    pub fn deal_batch<T>(&mut self, f: impl FnOnce(&mut DealBatch<'_>) -> Result<T>) -> Result<T> {
        let pipeline = self.pipeline.clone();
        let (zone, currency) = (self.zone, self.currency);
        self.write(|tx| {
            super::settings::pin_currency(tx, currency)?;
            let mut batch = DealBatch {
                tx,
                pipeline: &pipeline,
                zone,
                currency,
            };
            f(&mut batch)
        })
    }
}
