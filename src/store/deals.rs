//! Deals: add, edit, move, win, lose, reopen — each change of a field is
//! recorded (old value, new value, when) in the same transaction that
//! makes it; nothing is deleted. Conversations may be linked to a deal of
//! their account.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::deal_writes::{add_in, check_fields, edit_in, link_in, lose_in, record, win_in};
use super::run;
use super::{parse_ts, parse_word, ts, Result, Store, StoreError};
use crate::domain::deals::{
    Board, Deal, DealChange, DealDetail, DealField, DealFieldChange, DealFilter, DealStatus,
    LinkedConversation, LostReason, NewDeal, Rank,
};
use crate::domain::history::Refusal;
use crate::domain::model::{ConversationKind, NewConversation};
use crate::domain::triage::LapseReason;

/// Every deal column the domain `Deal` needs, with its account's and
/// contact's names and its last linked conversation (`{linked}`: one of
/// the two forms below). Its last change is `updated_at`: every recorded
/// change sets it in the same transaction.
const COLUMNS: &str = "SELECT d.id, d.account_id, a.name, d.contact_id, c.name, d.title, d.value, \
     d.stage, d.probability, d.expected_close_on, d.rank, d.next_step, d.status, d.lost_reason, \
     d.lost_note, d.closed_at, d.order_id, d.stage_entered_at, d.created_at, d.updated_at, ";

/// One deal: its last linked conversation looked up by the index.
fn select_one() -> String {
    format!(
        "{COLUMNS} (SELECT max(v.happened_at) FROM conversations v \
         WHERE v.deal_id = d.id AND v.retracted_at IS NULL) \
         FROM deals d JOIN accounts a ON a.id = d.account_id \
         LEFT JOIN contacts c ON c.id = d.contact_id WHERE d.id = ?1"
    )
}

/// Many deals: every deal's last linked conversation in one pass over
/// the linked ones (the Pipeline screen reads thousands at once).
fn select_many(filter: &str) -> String {
    format!(
        "{COLUMNS} l.at FROM deals d JOIN accounts a ON a.id = d.account_id \
         LEFT JOIN contacts c ON c.id = d.contact_id \
         LEFT JOIN (SELECT deal_id, max(happened_at) AS at FROM conversations \
                    WHERE deal_id IS NOT NULL AND retracted_at IS NULL GROUP BY deal_id) l \
           ON l.deal_id = d.id \
         WHERE {filter}"
    )
}

fn date_col(col: usize, s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(|s| {
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, e.into())
        })
    })
    .transpose()
}

fn ts_opt(col: usize, s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.map(|s| parse_ts(col, &s)).transpose()
}

fn deal_row(r: &Row<'_>) -> rusqlite::Result<Deal> {
    let created_at = parse_ts(18, &r.get::<_, String>(18)?)?;
    let updated_at = parse_ts(19, &r.get::<_, String>(19)?)?;
    let linked = ts_opt(20, r.get(20)?)?;
    let last_activity_at = [Some(created_at), Some(updated_at), linked]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(created_at);
    Ok(Deal {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account_name: r.get(2)?,
        contact_id: r.get(3)?,
        contact_name: r.get(4)?,
        title: r.get(5)?,
        value: r.get(6)?,
        stage: r.get(7)?,
        probability: r.get(8)?,
        expected_close_on: date_col(9, r.get(9)?)?,
        rank: parse_word(10, &r.get::<_, String>(10)?, Rank::parse)?,
        next_step: r.get(11)?,
        status: parse_word(12, &r.get::<_, String>(12)?, DealStatus::parse)?,
        lost_reason: r
            .get::<_, Option<String>>(13)?
            .map(|s| parse_word(13, &s, LostReason::parse))
            .transpose()?,
        lost_note: r.get(14)?,
        closed_at: ts_opt(15, r.get(15)?)?,
        order_id: r.get(16)?,
        stage_entered_at: parse_ts(17, &r.get::<_, String>(17)?)?,
        last_activity_at,
        created_at,
        updated_at,
    })
}

pub(super) fn load(tx: &Transaction<'_>, id: i64) -> Result<Deal> {
    tx.prepare_cached(&select_one())?
        .query_row([id], deal_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

pub(super) fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "deal",
        key: id.to_string(),
    }
}

pub(super) fn invalid(field: &'static str, key: &str) -> StoreError {
    StoreError::Invalid {
        field,
        message: key.into(),
    }
}

impl Store {
    fn check_stage(&self, stage: &str) -> Result<()> {
        match self.pipeline.stage(stage) {
            Some(_) => Ok(()),
            None => Err(invalid("stage", "deals12.stage_not_configured")),
        }
    }

    /// Add a deal (in the pipeline's first stage unless one is given);
    /// returns its id.
    pub fn add_deal(&mut self, d: &NewDeal, now: DateTime<Utc>) -> Result<i64> {
        let mut ids = self.add_deals(std::slice::from_ref(d), now)?;
        ids.pop()
            .ok_or_else(|| StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Add several deals in one transaction (all or none); their ids in order.
    pub fn add_deals(&mut self, deals: &[NewDeal], now: DateTime<Utc>) -> Result<Vec<i64>> {
        let mut stages = Vec::with_capacity(deals.len());
        for d in deals {
            super::check_texts(&[("title", &d.title), ("next_step", &d.next_step)])?;
            check_fields(Some(&d.title), Some(d.value), d.probability)?;
            let stage = match &d.stage {
                Some(s) => s.clone(),
                None => self
                    .pipeline
                    .stages()
                    .first()
                    .map(|s| s.key.clone())
                    .ok_or_else(|| invalid("stage", "deals12.stage_not_configured"))?,
            };
            self.check_stage(&stage)?;
            stages.push(stage);
        }
        let currency = self.currency;
        self.write(|tx| {
            super::settings::pin_currency(tx, currency)?;
            let mut ids = Vec::with_capacity(deals.len());
            for (d, stage) in deals.iter().zip(&stages) {
                ids.push(add_in(tx, d, stage, now)?);
            }
            Ok(ids)
        })
    }

    /// Change fields of an open deal; each changed one is recorded. A
    /// stage change restarts its days in stage. A closed deal, an unknown
    /// stage or an edit that changes nothing is refused, writing nothing.
    pub fn edit_deal(&mut self, id: i64, c: &DealChange, now: DateTime<Utc>) -> Result<()> {
        for (field, text) in [("title", &c.title), ("next_step", &c.next_step)] {
            if let Some(t) = text {
                super::check_texts(&[(field, t)])?;
            }
        }
        check_fields(c.title.as_deref(), c.value, c.probability.flatten())?;
        if let Some(s) = &c.stage {
            self.check_stage(s)?;
        }
        self.write(|tx| edit_in(tx, id, c, now))
    }

    /// Move an open deal to another stage (recorded; its days in stage
    /// start again).
    pub fn move_deal(&mut self, id: i64, stage: &str, now: DateTime<Utc>) -> Result<()> {
        let c = DealChange {
            stage: Some(stage.to_string()),
            ..DealChange::default()
        };
        self.edit_deal(id, &c, now)
    }

    /// Mark an open deal won; with `order` (amount, when) the purchase is
    /// recorded in the same transaction and its id returned. Won or lost
    /// already: refused, nothing written.
    pub fn win_deal(
        &mut self,
        id: i64,
        order: Option<(i64, DateTime<Utc>)>,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let (zone, currency) = (self.zone, self.currency);
        self.write(|tx| win_in(tx, zone, currency, id, order, now))
    }

    /// Mark an open deal lost, with why and an optional note. Won or lost
    /// already: refused, nothing written.
    pub fn lose_deal(
        &mut self,
        id: i64,
        reason: LostReason,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        super::check_texts(&[("note", note)])?;
        self.write(|tx| lose_in(tx, id, reason, note, now))
    }

    /// Open a won or lost deal again, in the stage it closed from. What
    /// it was (status, reason, when, the order's link) is recorded; an
    /// order recorded when it was won stays a purchase. An open deal:
    /// refused.
    pub fn reopen_deal(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let d = load(tx, id)?;
            if d.status == DealStatus::Open {
                return Err(StoreError::Refused(Refusal::DealOpen { id }));
            }
            let status = Some(d.status.as_str().to_string());
            record(tx, id, DealField::Status, status, Some("open".into()), now)?;
            let closed = d.closed_at.map(ts);
            record(tx, id, DealField::ClosedAt, closed, None, now)?;
            if let Some(r) = d.lost_reason {
                record(
                    tx,
                    id,
                    DealField::LostReason,
                    Some(r.as_str().into()),
                    None,
                    now,
                )?;
            }
            if let Some(o) = d.order_id {
                record(tx, id, DealField::Order, Some(o.to_string()), None, now)?;
            }
            run(
                tx,
                "UPDATE deals SET status = 'open', closed_at = NULL, lost_reason = NULL, \
                 order_id = NULL, updated_at = ?2 WHERE id = ?1",
                params![id, ts(now)],
            )?;
            Ok(())
        })
    }

    /// The deals `filter` lets through, by id; `rotting` is judged with
    /// this store's pipeline at `now`.
    pub fn deals(&self, filter: &DealFilter, now: DateTime<Utc>) -> Result<Vec<Deal>> {
        let sql = select_many(
            "(?1 IS NULL OR d.status = ?1) AND (?2 IS NULL OR d.stage = ?2) \
             AND (?3 IS NULL OR d.rank = ?3) AND (?4 IS NULL OR d.account_id = ?4) ORDER BY d.id",
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(
            params![
                filter.status.map(DealStatus::as_str),
                filter.stage,
                filter.rank.map(Rank::as_str),
                filter.account_id
            ],
            deal_row,
        )?;
        let mut out = Vec::new();
        for d in rows {
            let d = d?;
            if !filter.rotting || d.rotting(&self.pipeline, now) {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// The open deals that may need a word today: past their expected
    /// close date, or with no change for at least the shortest rotting
    /// limit of any stage (a deal cannot rot sooner). The rest are never
    /// read, so Today stays cheap however large the pipeline.
    pub fn deals_past_due_or_still(&self, now: DateTime<Utc>) -> Result<Vec<Deal>> {
        let today = self.local_day(now);
        let shortest = self
            .pipeline
            .stages()
            .iter()
            .map(|s| s.rotting_days)
            .chain([crate::domain::deals::DEFAULT_ROTTING_DAYS])
            .min()
            .unwrap_or(0);
        let still_since = now - chrono::Duration::days(shortest.into());
        let sql = format!(
            "{COLUMNS} (SELECT max(v.happened_at) FROM conversations v \
             WHERE v.deal_id = d.id AND v.retracted_at IS NULL) \
             FROM deals d JOIN accounts a ON a.id = d.account_id \
             LEFT JOIN contacts c ON c.id = d.contact_id \
             WHERE d.status = 'open' AND (d.expected_close_on < ?1 OR d.updated_at < ?2) \
             ORDER BY d.id"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(
            params![today.format("%Y-%m-%d").to_string(), ts(still_since)],
            deal_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// What the Pipeline screen shows: every open deal in its stage's
    /// column, best prospects first, with the columns' totals.
    pub fn pipeline_board(&self, now: DateTime<Utc>) -> Result<Board> {
        let deals = self.deals(&DealFilter::open(), now)?;
        let today = self.local_day(now);
        Ok(Board::new(
            deals,
            &self.pipeline,
            self.currency.minor_units,
            now,
            today,
        ))
    }

    /// Every deal by id with its account's customer code (exports); with
    /// `closing_only`, the open deals of listed accounts that have an
    /// expected close date, by that date (the calendar).
    pub fn for_each_deal<E: From<StoreError>>(
        &self,
        closing_only: bool,
        mut f: impl FnMut(&Deal, Option<&str>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let filter = if closing_only {
            "d.status = 'open' AND d.expected_close_on IS NOT NULL AND a.archived = 0 \
             ORDER BY d.expected_close_on, d.id"
        } else {
            "1 ORDER BY d.id"
        };
        let sql = format!(
            "{COLUMNS} NULL, a.code FROM deals d JOIN accounts a ON a.id = d.account_id \
             LEFT JOIN contacts c ON c.id = d.contact_id WHERE {filter}"
        );
        let mut st = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let deal = deal_row(r).map_err(StoreError::from)?;
            let code: Option<String> = r.get(21).map_err(StoreError::from)?;
            f(&deal, code.as_deref())?;
        }
        Ok(())
    }

    /// One deal.
    pub fn deal(&self, id: i64) -> Result<Deal> {
        self.conn
            .prepare_cached(&select_one())?
            .query_row([id], deal_row)
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// One deal with its recorded changes and linked conversations.
    pub fn deal_detail(&self, id: i64) -> Result<DealDetail> {
        let deal = self.deal(id)?;
        let mut st = self.conn.prepare_cached(
            "SELECT field, old_value, new_value, at FROM deal_changes WHERE deal_id = ?1 \
             ORDER BY id",
        )?;
        let changes = st
            .query_map([id], |r| {
                Ok(DealFieldChange {
                    field: parse_word(0, &r.get::<_, String>(0)?, DealField::parse)?,
                    old_value: r.get(1)?,
                    new_value: r.get(2)?,
                    at: parse_ts(3, &r.get::<_, String>(3)?)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT v.id, v.happened_at, v.kind, \
             COALESCE((SELECT r.summary FROM conversation_revisions r \
                       WHERE r.conversation_id = v.id ORDER BY r.uuid DESC LIMIT 1), v.summary), \
             v.retracted_at IS NOT NULL \
             FROM conversations v WHERE v.deal_id = ?1 ORDER BY v.happened_at DESC, v.id DESC",
        )?;
        let conversations = st
            .query_map([id], |r| {
                Ok(LinkedConversation {
                    id: r.get(0)?,
                    happened_at: parse_ts(1, &r.get::<_, String>(1)?)?,
                    kind: parse_word(2, &r.get::<_, String>(2)?, ConversationKind::parse)?,
                    summary: r.get(3)?,
                    retracted: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(DealDetail {
            deal,
            changes,
            conversations,
        })
    }

    /// [`Store::log_with`], the conversation linked to `deal` (a deal of
    /// the same account; another account's is refused, nothing written).
    pub fn log_with_deal(
        &mut self,
        c: &NewConversation,
        lapse_reason: Option<LapseReason>,
        follow_up: Option<i64>,
        deal: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.write(|tx| {
            let id = super::conversations::log_in(tx, c, lapse_reason, follow_up, now)?;
            if let Some(deal) = deal {
                link_in(tx, id, c.account_id, deal)?;
            }
            Ok(id)
        })
    }
}

#[cfg(test)]
#[path = "deals_tests.rs"]
mod tests;
