//! Contact plans: named lists of steps that become follow-ups.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{parse_word, ts, Result, Store, StoreError};
use crate::domain::history::Refusal;
use crate::domain::model::ConversationKind;
use crate::domain::triage::{NewFollowUp, Plan, PlanStep};

/// Ids of the plans that start with an account's first order.
pub(super) fn auto_plans(tx: &Transaction<'_>) -> Result<Vec<i64>> {
    let mut st =
        tx.prepare_cached("SELECT id FROM plans WHERE auto_on_first_order = 1 ORDER BY id")?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Create the plan's follow-ups for the account, counted from `start`.
pub(super) fn apply_in(
    tx: &Transaction<'_>,
    plan_id: i64,
    account_id: i64,
    start: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    let steps = steps_of(tx, plan_id)?;
    tx.prepare_cached(
        "INSERT INTO plan_applications (plan_id, account_id, start_on, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        plan_id,
        account_id,
        start.format("%Y-%m-%d").to_string(),
        ts(now)
    ])?;
    let mut ids = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let f = NewFollowUp {
            account_id,
            contact_id: None,
            kind: step.kind,
            due_on: start + Duration::days(i64::from(step.offset_days)),
            due_time: None,
            note: step.note.clone(),
        };
        ids.push(super::followups::insert(
            tx,
            &f,
            Some((plan_id, i + 1)),
            now,
        )?);
    }
    Ok(ids)
}

/// When the plan was last applied to the account, if ever.
pub(super) fn applied_at(
    conn: &rusqlite::Connection,
    plan_id: i64,
    account_id: i64,
) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT max(at) FROM plan_applications WHERE plan_id = ?1 AND account_id = ?2",
        )?
        .query_row(params![plan_id, account_id], |r| r.get(0))?;
    Ok(match at {
        Some(at) => Some(super::parse_ts(0, &at)?),
        None => None,
    })
}

fn steps_of(conn: &rusqlite::Connection, plan_id: i64) -> Result<Vec<PlanStep>> {
    let mut st = conn.prepare_cached(
        "SELECT offset_days, kind, note FROM plan_steps WHERE plan_id = ?1 ORDER BY position",
    )?;
    let rows = st.query_map([plan_id], |r| {
        Ok(PlanStep {
            offset_days: r.get(0)?,
            kind: parse_word(1, &r.get::<_, String>(1)?, ConversationKind::parse)?,
            note: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Create a plan; returns its id.
    pub fn add_plan(
        &mut self,
        name: &str,
        steps: &[PlanStep],
        auto_on_first_order: bool,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        super::check_texts(&[("name", name)])?;
        for s in steps {
            super::check_texts(&[("step", &s.note)])?;
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid {
                field: "name",
                message: "problem.required".into(),
            });
        }
        if steps.is_empty() {
            return Err(StoreError::Invalid {
                field: "step",
                message: "a plan needs at least one --step DAYS:NOTE".into(),
            });
        }
        self.write(|tx| {
            let taken: Option<i64> =
                tx.query_row("SELECT id FROM plans WHERE name = ?1", [name], |r| r.get(0)).optional()?;
            if taken.is_some() {
                return Err(StoreError::Invalid { field: "name", message: "problem.taken_plan".into() });
            }
            tx.execute(
                "INSERT INTO plans (name, auto_on_first_order, created_at) VALUES (?1, ?2, ?3)",
                params![name, auto_on_first_order, ts(now)],
            )?;
            let id = tx.last_insert_rowid();
            for (i, s) in steps.iter().enumerate() {
                tx.execute(
                    "INSERT INTO plan_steps (plan_id, position, offset_days, kind, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, i as i64 + 1, s.offset_days, s.kind.as_str(), s.note],
                )?;
            }
            Ok(id)
        })
    }

    /// Every plan with its steps.
    pub fn plans(&self) -> Result<Vec<Plan>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name, auto_on_first_order FROM plans ORDER BY name")?;
        let heads: Vec<(i64, String, bool)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        heads
            .into_iter()
            .map(|(id, name, auto)| {
                Ok(Plan {
                    id,
                    name,
                    auto_on_first_order: auto,
                    steps: steps_of(&self.conn, id)?,
                })
            })
            .collect()
    }

    /// A plan by exact name (or id).
    pub fn plan_named(&self, key: &str) -> Result<Plan> {
        self.plans()?
            .into_iter()
            .find(|p| p.name == key.trim() || p.id.to_string() == key.trim())
            .ok_or(StoreError::NotFound {
                what: "plan",
                key: format!("{key:?}"),
            })
    }

    /// Create the plan's follow-ups for the account, counted from `start`.
    /// A plan the account already has is refused unless `again`: two
    /// sets of the same calls are rarely meant.
    pub fn apply_plan(
        &mut self,
        plan_id: i64,
        account_id: i64,
        start: NaiveDate,
        again: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        self.write(|tx| {
            if !again {
                if let Some(on) = applied_at(tx, plan_id, account_id)? {
                    let plan: String =
                        tx.query_row("SELECT name FROM plans WHERE id = ?1", [plan_id], |r| {
                            r.get(0)
                        })?;
                    return Err(StoreError::Refused(Refusal::PlanApplied { plan, on }));
                }
            }
            apply_in(tx, plan_id, account_id, start, now)
        })
    }

    /// When the plan was last applied to the account, if ever (the TUI
    /// asks before applying it again).
    pub fn plan_applied_at(&self, plan_id: i64, account_id: i64) -> Result<Option<DateTime<Utc>>> {
        applied_at(&self.conn, plan_id, account_id)
    }
}
