//! Changing an open follow-up after it was scheduled, and undoing a cancel
//! or a snooze: every earlier value stays on record.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::followups::{day, hm, open_one, refresh_next_due};
use super::run;
use super::{parse_ts, parse_word, ts, Result, Store, StoreError};
use crate::domain::agenda::{FollowUpChange, FollowUpField, FollowUpFieldChange, Undo};
use crate::domain::history::Refusal;

/// Record one field's change and write the new value.
fn change(
    tx: &Transaction<'_>,
    id: i64,
    field: FollowUpField,
    old: Option<String>,
    new: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO follow_up_changes (follow_up_id, field, old_value, new_value, at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, field.as_str(), old, new, ts(now)])?;
    let column = match field {
        FollowUpField::Contact => "contact_id",
        other => other.as_str(),
    };
    // `column` is one of the fixed words above, never user text.
    run(
        tx,
        &format!("UPDATE follow_ups SET {column} = ?2 WHERE id = ?1"),
        params![id, new],
    )?;
    Ok(())
}

pub(super) fn check_contact(tx: &Transaction<'_>, account_id: i64, contact_id: i64) -> Result<()> {
    let owner: Option<i64> = tx
        .query_row(
            "SELECT account_id FROM contacts WHERE id = ?1",
            [contact_id],
            |r| r.get(0),
        )
        .optional()?;
    match owner {
        None => Err(StoreError::NotFound {
            what: "contact",
            key: contact_id.to_string(),
        }),
        Some(a) if a != account_id => Err(StoreError::Invalid {
            field: "contact",
            message: "agenda11.contact_elsewhere".into(),
        }),
        Some(_) => Ok(()),
    }
}

impl Store {
    /// Change an open follow-up's due date, time, kind, contact or note.
    /// Each changed field is recorded (old value, new value, when) in the
    /// same transaction. A closed follow-up, a contact of another account
    /// or an edit that changes nothing is refused, writing nothing.
    pub fn edit_follow_up(
        &mut self,
        id: i64,
        c: &FollowUpChange,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if let Some(note) = &c.note {
            super::check_texts(&[("note", note)])?;
        }
        self.write(|tx| {
            open_one(tx, id)?;
            let f = tx.query_row(
                "SELECT account_id, due_on, due_time, kind, contact_id, note FROM follow_ups \
                 WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )?;
            let (account_id, due_on, due_time, kind, contact, note) = f;
            if let Some(Some(contact_id)) = c.contact_id {
                check_contact(tx, account_id, contact_id)?;
            }
            let mut changed = 0;
            let mut field = |field, old: Option<String>, new: Option<String>| -> Result<()> {
                if old != new {
                    changed += 1;
                    change(tx, id, field, old, new, now)?;
                }
                Ok(())
            };
            if let Some(d) = c.due_on {
                field(FollowUpField::DueOn, Some(due_on), Some(day(d)))?;
            }
            if let Some(t) = c.due_time {
                field(FollowUpField::DueTime, due_time, hm(t))?;
            }
            if let Some(k) = c.kind {
                field(FollowUpField::Kind, Some(kind), Some(k.as_str().into()))?;
            }
            if let Some(p) = c.contact_id {
                let id_text = |v: Option<i64>| v.map(|v| v.to_string());
                field(FollowUpField::Contact, id_text(contact), id_text(p))?;
            }
            if let Some(n) = &c.note {
                field(FollowUpField::Note, Some(note), Some(n.trim().to_string()))?;
            }
            if changed == 0 {
                return Err(StoreError::Refused(Refusal::FollowUpUnchanged { id }));
            }
            refresh_next_due(tx, account_id)
        })
    }

    /// Every recorded change of a follow-up's fields, oldest first.
    pub fn follow_up_changes(&self, id: i64) -> Result<Vec<FollowUpFieldChange>> {
        let mut st = self.conn.prepare_cached(
            "SELECT field, old_value, new_value, at FROM follow_up_changes \
             WHERE follow_up_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(FollowUpFieldChange {
                field: parse_word(0, &r.get::<_, String>(0)?, FollowUpField::parse)?,
                old_value: r.get(1)?,
                new_value: r.get(2)?,
                at: parse_ts(3, &r.get::<_, String>(3)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Undo a cancel: the follow-up is open again; its state, reason and
    /// closing time before are recorded as changes, so the cancellation
    /// stays on record.
    pub fn reopen_follow_up(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let found: Option<(i64, String, Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT account_id, state, cancel_reason, closed_at FROM follow_ups \
                     WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((account_id, state, reason, closed_at)) = found else {
                return Err(StoreError::NotFound {
                    what: "follow-up",
                    key: id.to_string(),
                });
            };
            if state != "cancelled" {
                return Err(StoreError::Refused(Refusal::FollowUpNotCancelled { id }));
            }
            change(
                tx,
                id,
                FollowUpField::State,
                Some(state),
                Some("open".into()),
                now,
            )?;
            change(tx, id, FollowUpField::CancelReason, reason, None, now)?;
            change(tx, id, FollowUpField::ClosedAt, closed_at, None, now)?;
            refresh_next_due(tx, account_id)
        })
    }

    /// Undo the last snooze of an open follow-up: it goes back to the day
    /// (and time) that snooze moved it from, even if that day is past. The
    /// move back is recorded as a snooze marked as the undo of that one.
    pub fn undo_snooze(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let (account_id, due, time) = open_one(tx, id)?;
            let last: Option<(i64, String, Option<String>, Option<i64>)> = tx
                .query_row(
                    "SELECT id, from_on, from_time, undoes FROM follow_up_snoozes \
                     WHERE follow_up_id = ?1 ORDER BY id DESC LIMIT 1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((snooze, from_on, from_time, None)) = last else {
                return Err(StoreError::Refused(Refusal::NoSnoozeToUndo { id }));
            };
            run(
                tx,
                "INSERT INTO follow_up_snoozes \
                 (follow_up_id, from_on, from_time, to_on, to_time, at, undoes) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, due, time, from_on, from_time, ts(now), snooze],
            )?;
            run(
                tx,
                "UPDATE follow_ups SET due_on = ?2, due_time = ?3 WHERE id = ?1",
                params![id, from_on, from_time],
            )?;
            refresh_next_due(tx, account_id)
        })
    }

    /// Reverse the last archive, snooze, cancel, void or retract; the
    /// reversal is itself on record.
    pub fn undo(&mut self, what: &Undo, now: DateTime<Utc>) -> Result<()> {
        match *what {
            Undo::Archive(account) => self.set_archived(account, false, now),
            Undo::Snooze(follow_up) => self.undo_snooze(follow_up, now),
            Undo::Cancel(follow_up) => self.reopen_follow_up(follow_up, now),
            Undo::Void(order) => self.restore_order(order, now),
            Undo::Retract(conversation) => self.restore_conversation(conversation, now),
        }
    }
}

#[cfg(test)]
#[path = "follow_up_edits_tests.rs"]
mod tests;
