//! The Agenda: open follow-ups by day, and what was done today.

use chrono::{Duration, NaiveDate};
use rusqlite::params;

use super::followups::{day, row, COLS, FROM};
use super::{parse_ts, parse_word, ts, Result, Store};
use crate::domain::agenda::{Agenda, DoneKind, DoneToday, AGENDA_LIMIT};
use crate::domain::model::ConversationKind;
use crate::domain::zone::Zone;

impl Store {
    /// Open follow-ups of listed accounts due before `from` (overdue) and
    /// from `from` through `through`, by day and time (each part at most
    /// [`AGENDA_LIMIT`]); and what was done on `from`: follow-ups completed
    /// or cancelled, and conversations logged that closed none.
    pub fn agenda(&self, from: NaiveDate, through: NaiveDate) -> Result<Agenda> {
        let open = |cond: &str, args: &[String]| -> Result<Vec<_>> {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {COLS} {FROM} WHERE f.state = 'open' AND a.archived = 0 AND {cond} \
                 ORDER BY f.due_on, f.due_time IS NOT NULL, f.due_time, f.id LIMIT {AGENDA_LIMIT}"
            ))?;
            let rows = st.query_map(rusqlite::params_from_iter(args), row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        let overdue = open("f.due_on < ?1", &[day(from)])?;
        let upcoming = open(
            "f.due_on >= ?1 AND f.due_on <= ?2",
            &[day(from), day(through)],
        )?;
        let start = self.zone.day_start(from);
        let end = self.zone.day_start(from + Duration::days(1));
        let done_today = match (start, end) {
            (Ok(start), Ok(end)) => self.done_between(&ts(start), &ts(end))?,
            _ => Vec::new(),
        };
        Ok(Agenda {
            overdue,
            upcoming,
            done_today,
        })
    }

    fn done_between(&self, start: &str, end: &str) -> Result<Vec<DoneToday>> {
        let mut st = self.conn.prepare_cached(
            "SELECT f.closed_at, f.account_id, a.name, f.kind, f.state, \
                    substr(coalesce(nullif(f.note, ''), t.summary, ''), 1, 200) \
               FROM follow_ups f JOIN accounts a ON a.id = f.account_id \
               LEFT JOIN conversation_text t ON t.rowid = f.conversation_id \
              WHERE f.state IN ('done', 'cancelled') AND f.closed_at >= ?1 AND f.closed_at < ?2 \
             UNION ALL \
             SELECT c.logged_at, c.account_id, a.name, c.kind, 'logged', \
                    substr(coalesce(t.summary, c.summary), 1, 200) \
               FROM conversations c JOIN accounts a ON a.id = c.account_id \
               LEFT JOIN conversation_text t ON t.rowid = c.id \
              WHERE c.logged_at >= ?1 AND c.logged_at < ?2 AND c.retracted_at IS NULL \
                AND NOT EXISTS (SELECT 1 FROM follow_ups d WHERE d.conversation_id = c.id) \
             ORDER BY 1 LIMIT ?3",
        )?;
        let rows = st.query_map(params![start, end, AGENDA_LIMIT as i64], |r| {
            let what = match r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)? {
                "done" => DoneKind::Completed,
                "cancelled" => DoneKind::Cancelled,
                _ => DoneKind::Logged,
            };
            Ok(DoneToday {
                at: parse_ts(0, &r.get::<_, String>(0)?)?,
                account_id: r.get(1)?,
                account_name: r.get(2)?,
                kind: parse_word(3, &r.get::<_, String>(3)?, ConversationKind::parse)?,
                what,
                text: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
#[path = "agenda_tests.rs"]
mod tests;
