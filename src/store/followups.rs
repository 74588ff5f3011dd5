//! Follow-ups: scheduled, shown when due, closed by logging what was said.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::conversations::ensure_account;
use super::run;
use super::{parse_word, ts, Result, Store, StoreError};
use crate::domain::history::Refusal;
use crate::domain::model::{ConversationKind, NewConversation};
use crate::domain::triage::{FollowUp, FollowUpState, LapseReason, NewFollowUp};

pub(super) const COLS: &str =
    "f.id, f.account_id, a.name, f.contact_id, p.name, f.kind, f.due_on, f.due_time, \
    f.note, f.state, f.conversation_id, f.cancel_reason, pl.name";
pub(super) const FROM: &str = "FROM follow_ups f JOIN accounts a ON a.id = f.account_id \
    LEFT JOIN contacts p ON p.id = f.contact_id LEFT JOIN plans pl ON pl.id = f.plan_id";

fn parse_day(col: usize, s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Open follow-ups with ids in `ids` (inclusive) due on or before
/// `through`, of listed accounts, in id order.
///
/// Read in id order, to be put in queue order after: at 1M accounts 105k
/// are due, and fetched in due order each one's row (and its account's)
/// sat on a page far from the last, read from the file again and again
/// (1.2 s); in id order the pages come in file order (0.6 s). The ids come
/// from the index, whose range is sorted apart (`LIMIT -1` keeps SQLite
/// from folding that order away).
pub(super) fn due_in(
    conn: &rusqlite::Connection,
    through: NaiveDate,
    ids: (i64, i64),
) -> rusqlite::Result<Vec<FollowUp>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM (SELECT id FROM follow_ups \
            WHERE state = 'open' AND due_on <= ?1 AND id BETWEEN ?2 AND ?3 \
            ORDER BY id LIMIT -1) due \
         CROSS JOIN follow_ups f ON f.id = due.id \
         JOIN accounts a ON a.id = f.account_id \
         LEFT JOIN contacts p ON p.id = f.contact_id LEFT JOIN plans pl ON pl.id = f.plan_id \
         WHERE a.archived = 0"
    ))?;
    let rows = st.query_map(params![day(through), ids.0, ids.1], row)?;
    rows.collect()
}

/// Follow-ups in queue order: due day, time, id.
pub(super) fn in_queue_order(due: &mut [FollowUp]) {
    due.sort_unstable_by_key(|f| (f.due_on, f.due_time, f.id));
}

pub(super) fn row(r: &Row<'_>) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account_name: r.get(2)?,
        contact_id: r.get(3)?,
        contact_name: r.get(4)?,
        kind: parse_word(5, &r.get::<_, String>(5)?, ConversationKind::parse)?,
        due_on: parse_day(6, &r.get::<_, String>(6)?)?,
        due_time: r
            .get::<_, Option<String>>(7)?
            .and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok()),
        note: r.get(8)?,
        state: parse_word(9, &r.get::<_, String>(9)?, FollowUpState::parse)?,
        conversation_id: r.get(10)?,
        cancel_reason: r.get(11)?,
        plan_name: r.get(12)?,
    })
}

pub(super) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn hm(t: Option<NaiveTime>) -> Option<String> {
    t.map(|t| t.format("%H:%M").to_string())
}

/// Keep the account's earliest open due date current (Quiet shows it).
pub(super) fn refresh_next_due(tx: &Transaction<'_>, account_id: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE accounts SET next_follow_up_on = (SELECT min(due_on) FROM follow_ups \
         WHERE account_id = ?1 AND state = 'open') WHERE id = ?1",
    )?
    .execute([account_id])?;
    Ok(())
}

/// Insert one follow-up inside a transaction (plans use this too).
pub(super) fn insert(
    tx: &Transaction<'_>,
    f: &NewFollowUp,
    plan: Option<(i64, usize)>,
    now: DateTime<Utc>,
) -> Result<i64> {
    super::check_texts(&[("note", &f.note)])?;
    ensure_account(tx, f.account_id)?;
    tx.prepare_cached(
        "INSERT INTO follow_ups (account_id, contact_id, kind, due_on, due_time, note, created_at, \
         plan_id, plan_step) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
            f.account_id,
            f.contact_id,
            f.kind.as_str(),
            day(f.due_on),
            hm(f.due_time),
            f.note.trim(),
            ts(now),
            plan.map(|p| p.0),
            plan.map(|p| p.1 as i64),
    ])?;
    let id = tx.last_insert_rowid();
    refresh_next_due(tx, f.account_id)?;
    Ok(id)
}

pub(super) fn open_one(tx: &Transaction<'_>, id: i64) -> Result<(i64, String, Option<String>)> {
    let found: Option<(i64, String, String, Option<String>)> = tx
        .query_row(
            "SELECT account_id, state, due_on, due_time FROM follow_ups WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match found {
        None => Err(StoreError::NotFound {
            what: "follow-up",
            key: id.to_string(),
        }),
        Some((_, state, ..)) if state == "done" => {
            Err(StoreError::Refused(Refusal::FollowUpDone { id }))
        }
        Some((_, state, ..)) if state != "open" => {
            Err(StoreError::Refused(Refusal::FollowUpCancelled { id }))
        }
        Some((account, _, due, time)) => Ok((account, due, time)),
    }
}

/// Mark an open follow-up of `account_id` done by conversation `conv`.
pub(super) fn close_done(
    tx: &Transaction<'_>,
    id: i64,
    account_id: i64,
    conv: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let (owner, ..) = open_one(tx, id)?;
    if owner != account_id {
        return Err(StoreError::Invalid {
            field: "follow-up",
            message: format!("follow-up {id} belongs to another account"),
        });
    }
    run(
        tx,
        "UPDATE follow_ups SET state = 'done', conversation_id = ?2, closed_at = ?3 WHERE id = ?1",
        params![id, conv, ts(now)],
    )?;
    refresh_next_due(tx, account_id)
}

impl Store {
    /// Schedule a follow-up; returns its id.
    pub fn add_follow_up(&mut self, f: &NewFollowUp, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| insert(tx, f, None, now))
    }

    /// Complete a follow-up by logging the conversation: one transaction
    /// writes the conversation, marks the follow-up done and links them.
    pub fn complete_follow_up(
        &mut self,
        id: i64,
        c: &NewConversation,
        lapse_reason: Option<LapseReason>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.log_with(c, lapse_reason, Some(id), now)
    }

    /// Move a follow-up to another day; the old due date is recorded.
    pub fn snooze_follow_up(
        &mut self,
        id: i64,
        to: NaiveDate,
        to_time: Option<NaiveTime>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // Snoozing moves a follow-up later: a day already past is a typo.
        if to < self.local_day(now) {
            return Err(StoreError::Invalid {
                field: "until",
                message: "fixes11.snooze_past".into(),
            });
        }
        self.write(|tx| {
            let (account_id, from, from_time) = open_one(tx, id)?;
            run(tx,
                "INSERT INTO follow_up_snoozes (follow_up_id, from_on, from_time, to_on, to_time, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, from, from_time, day(to), hm(to_time), ts(now)],
            )?;
            run(tx,
                "UPDATE follow_ups SET due_on = ?2, due_time = ?3 WHERE id = ?1",
                params![id, day(to), hm(to_time)],
            )?;
            refresh_next_due(tx, account_id)
        })
    }

    /// Cancel a follow-up with a reason; it stays in history.
    pub fn cancel_follow_up(&mut self, id: i64, reason: &str, now: DateTime<Utc>) -> Result<()> {
        super::check_texts(&[("reason", reason)])?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "reason",
                message: "problem.required".into(),
            });
        }
        self.write(|tx| {
            let (account_id, ..) = open_one(tx, id)?;
            run(
                tx,
                "UPDATE follow_ups SET state = 'cancelled', cancel_reason = ?2, closed_at = ?3 \
                 WHERE id = ?1",
                params![id, reason.trim(), ts(now)],
            )?;
            refresh_next_due(tx, account_id)
        })
    }

    /// One follow-up.
    pub fn follow_up(&self, id: i64) -> Result<FollowUp> {
        self.conn
            .query_row(&format!("SELECT {COLS} {FROM} WHERE f.id = ?1"), [id], row)
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "follow-up",
                key: id.to_string(),
            })
    }

    /// The first `limit` open follow-ups due by `through` (what a screen
    /// can show), in queue order.
    pub fn follow_ups_due_first(&self, through: NaiveDate, limit: usize) -> Result<Vec<FollowUp>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} {FROM} WHERE f.state = 'open' AND f.due_on <= ?1 AND a.archived = 0 \
             ORDER BY f.due_on, f.due_time, f.id LIMIT ?2"
        ))?;
        let rows = st.query_map(params![day(through), limit as i64], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many open follow-ups are due on `today` and before it (listed
    /// accounts only), counted from the index without loading them.
    pub fn due_counts(&self, today: NaiveDate) -> Result<(usize, usize)> {
        let (due, overdue): (i64, i64) = self.conn.query_row(
            "SELECT coalesce(sum(due_on = ?1), 0), coalesce(sum(due_on < ?1), 0) FROM follow_ups \
             WHERE state = 'open' AND due_on <= ?1 \
               AND account_id NOT IN (SELECT id FROM accounts WHERE archived = 1)",
            [day(today)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((due as usize, overdue as usize))
    }

    /// Open follow-ups due on or before `through`, across all listed
    /// accounts, in queue order (due day, time, id).
    pub fn follow_ups_due(&self, through: NaiveDate) -> Result<Vec<FollowUp>> {
        let mut due = due_in(&self.conn, through, (i64::MIN, i64::MAX))?;
        in_queue_order(&mut due);
        Ok(due)
    }

    /// An account's follow-ups: open ones by due date, then closed ones.
    pub fn follow_ups_of(&self, account_id: i64) -> Result<Vec<FollowUp>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} {FROM} WHERE f.account_id = ?1 \
             ORDER BY f.state != 'open', f.due_on, f.due_time, f.id"
        ))?;
        let rows = st.query_map([account_id], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The open follow-up a plan made for the step after `id`'s, if `id`
    /// came from a plan and that step is still to do.
    pub fn next_plan_step(&self, id: i64) -> Result<Option<FollowUp>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLS} {FROM} JOIN follow_ups done ON done.id = ?1 \
                     WHERE f.account_id = done.account_id AND f.plan_id = done.plan_id \
                     AND f.plan_step > done.plan_step AND f.state = 'open' \
                     ORDER BY f.plan_step, f.due_on, f.id LIMIT 1"
                ),
                [id],
                row,
            )
            .optional()?)
    }

    /// Follow-ups closed as done since `since` (the start of the local day).
    pub fn done_since(&self, since: DateTime<Utc>) -> Result<usize> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM follow_ups WHERE state = 'done' AND closed_at >= ?1",
            [ts(since)],
            |r| r.get::<_, i64>(0),
        )? as usize)
    }
}
