//! Deals: add, edit, move, win, lose, reopen — each change of a field is
//! recorded (old value, new value, when) in the same transaction that
//! makes it; nothing is deleted. Conversations may be linked to a deal of
//! their account.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::followups::day;
use super::{parse_ts, parse_word, ts, Result, Store, StoreError};
use crate::domain::deals::{
    Board, Deal, DealChange, DealDetail, DealField, DealFieldChange, DealFilter, DealStatus,
    LinkedConversation, LostReason, NewDeal, Rank,
};
use crate::domain::history::Refusal;
use crate::domain::model::{ConversationKind, NewConversation};
use crate::domain::triage::LapseReason;

/// Every deal column the domain `Deal` needs, with its account's and
/// contact's names and the times its last activity is made of.
const SELECT: &str = "SELECT d.id, d.account_id, a.name, d.contact_id, c.name, d.title, d.value, \
     d.stage, d.probability, d.expected_close_on, d.rank, d.next_step, d.status, d.lost_reason, \
     d.lost_note, d.closed_at, d.order_id, d.stage_entered_at, d.created_at, d.updated_at, \
     (SELECT max(v.happened_at) FROM conversations v \
      WHERE v.deal_id = d.id AND v.retracted_at IS NULL), \
     (SELECT max(g.at) FROM deal_changes g WHERE g.deal_id = d.id) \
     FROM deals d JOIN accounts a ON a.id = d.account_id \
     LEFT JOIN contacts c ON c.id = d.contact_id";

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
    let linked = ts_opt(20, r.get(20)?)?;
    let changed = ts_opt(21, r.get(21)?)?;
    let last_activity_at = [Some(created_at), linked, changed]
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
        updated_at: parse_ts(19, &r.get::<_, String>(19)?)?,
    })
}

fn load(tx: &Transaction<'_>, id: i64) -> Result<Deal> {
    tx.prepare_cached(&format!("{SELECT} WHERE d.id = ?1"))?
        .query_row([id], deal_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "deal",
        key: id.to_string(),
    }
}

/// An open deal, or the refusal to change a closed one.
fn load_open(tx: &Transaction<'_>, id: i64) -> Result<Deal> {
    let d = load(tx, id)?;
    match d.status {
        DealStatus::Open => Ok(d),
        _ => Err(StoreError::Refused(Refusal::DealClosed { id })),
    }
}

/// Record one field's change (the caller writes the new value).
fn record(
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

fn invalid(field: &'static str, key: &str) -> StoreError {
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
        self.write(|tx| {
            let d = load(tx, id)?;
            refuse_closed(&d)?;
            record_close(tx, &d, DealStatus::Won, now)?;
            let order_id = match order {
                Some((amount, at)) => {
                    super::settings::pin_currency(tx, currency)?;
                    let o = super::orders::add_order_in(
                        tx,
                        zone,
                        d.account_id,
                        at,
                        amount,
                        &d.title,
                        now,
                    )?;
                    record(tx, id, DealField::Order, None, Some(o.to_string()), now)?;
                    tx.execute(
                        "UPDATE deals SET order_id = ?2 WHERE id = ?1",
                        params![id, o],
                    )?;
                    Some(o)
                }
                None => None,
            };
            Ok(order_id)
        })
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
        self.write(|tx| {
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
            tx.execute(
                "UPDATE deals SET lost_reason = ?2, lost_note = ?3 WHERE id = ?1",
                params![id, reason, note],
            )?;
            Ok(())
        })
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
            tx.execute(
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
        let sql = format!(
            "{SELECT} WHERE (?1 IS NULL OR d.status = ?1) AND (?2 IS NULL OR d.stage = ?2) \
             AND (?3 IS NULL OR d.rank = ?3) AND (?4 IS NULL OR d.account_id = ?4) ORDER BY d.id"
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

    /// One deal.
    pub fn deal(&self, id: i64) -> Result<Deal> {
        self.conn
            .prepare_cached(&format!("{SELECT} WHERE d.id = ?1"))?
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
                       WHERE r.conversation_id = v.id ORDER BY r.id DESC LIMIT 1), v.summary), \
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
                let owner: i64 = tx
                    .query_row("SELECT account_id FROM deals WHERE id = ?1", [deal], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .ok_or_else(|| not_found(deal))?;
                if owner != c.account_id {
                    return Err(invalid("deal", "deals12.deal_elsewhere"));
                }
                tx.execute(
                    "UPDATE conversations SET deal_id = ?2 WHERE id = ?1",
                    params![id, deal],
                )?;
            }
            Ok(id)
        })
    }
}

fn add_in(tx: &Transaction<'_>, d: &NewDeal, stage: &str, now: DateTime<Utc>) -> Result<i64> {
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
fn check_fields(title: Option<&str>, value: Option<i64>, probability: Option<u8>) -> Result<()> {
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
    tx.execute(
        "UPDATE deals SET status = ?2, closed_at = ?3, updated_at = ?3 WHERE id = ?1",
        params![d.id, status.as_str(), ts(now)],
    )?;
    Ok(())
}

fn edit_in(tx: &Transaction<'_>, id: i64, c: &DealChange, now: DateTime<Utc>) -> Result<()> {
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
        tx.execute(
            &format!("UPDATE deals SET {column} = ?2 WHERE id = ?1"),
            params![id, new],
        )?;
        if f == DealField::Stage {
            tx.execute(
                "UPDATE deals SET stage_entered_at = ?2 WHERE id = ?1",
                params![id, ts(now)],
            )?;
        }
    }
    tx.execute(
        "UPDATE deals SET updated_at = ?2 WHERE id = ?1",
        params![id, ts(now)],
    )?;
    Ok(())
}

#[cfg(test)]
#[path = "deals_tests.rs"]
mod tests;
