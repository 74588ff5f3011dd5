//! Drafts: the log form as last typed, one per account.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::run;
use super::{Result, Store};
use crate::domain::model::Draft;

impl Store {
    /// Save (or replace) the account's draft; a blank one removes it.
    pub fn save_draft(&mut self, d: &Draft, now: DateTime<Utc>) -> Result<()> {
        super::check_texts(&[
            ("kind", &d.kind),
            ("direction", &d.direction),
            ("contact", &d.contact),
            ("when", &d.when),
            ("summary", &d.summary),
            ("body", &d.body),
        ])?;
        if d.is_blank() {
            return self.discard_draft(d.account_id);
        }
        self.write(|tx| {
            run(tx,
                "INSERT INTO drafts (account_id, kind, direction, contact, happened, summary, body, saved_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT (account_id) DO UPDATE SET kind=?2, direction=?3, contact=?4, \
                 happened=?5, summary=?6, body=?7, saved_at=?8",
                params![d.account_id, d.kind, d.direction, d.contact, d.when, d.summary, d.body, super::ts(now)],
            )?;
            Ok(())
        })
    }

    /// The account's saved draft, if any.
    pub fn draft(&self, account_id: i64) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .query_row(
                "SELECT kind, direction, contact, happened, summary, body FROM drafts WHERE account_id = ?1",
                [account_id],
                |r| {
                    Ok(Draft {
                        account_id,
                        kind: r.get(0)?,
                        direction: r.get(1)?,
                        contact: r.get(2)?,
                        when: r.get(3)?,
                        summary: r.get(4)?,
                        body: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Drop the account's draft (the user chose to start over).
    pub fn discard_draft(&mut self, account_id: i64) -> Result<()> {
        self.write(|tx| {
            run(tx, "DELETE FROM drafts WHERE account_id = ?1", [account_id])?;
            Ok(())
        })
    }
}
