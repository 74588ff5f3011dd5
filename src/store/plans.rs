//! Contact plans: named lists of steps that become follow-ups.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::run;
use super::{parse_word, ts, Result, Store, StoreError};
use crate::domain::history::Refusal;
use crate::domain::model::ConversationKind;
use crate::domain::triage::{NewFollowUp, Plan, PlanChange, PlanStep};

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
        "SELECT offset_days, kind, note FROM plan_steps WHERE plan_id = ?1 AND retired_at IS NULL \
         ORDER BY position",
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

/// A plan's name and steps as a write accepts them; the trimmed name.
fn checked_plan<'a>(name: &'a str, steps: &[PlanStep]) -> Result<&'a str> {
    super::check_texts(&[("name", name)])?;
    for s in steps {
        super::check_texts(&[("steps", &s.note)])?;
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
            field: "steps",
            message: "plan11.needs_step".into(),
        });
    }
    Ok(name)
}

/// Refuse a name another plan has.
fn name_free(tx: &Transaction<'_>, name: &str, except: Option<i64>) -> Result<()> {
    let taken: Option<i64> = tx
        .query_row(
            "SELECT id FROM plans WHERE name = ?1 AND id IS NOT ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(_) => Err(StoreError::Invalid {
            field: "name",
            message: "problem.taken_plan".into(),
        }),
        None => Ok(()),
    }
}

fn insert_steps(tx: &Transaction<'_>, id: i64, steps: &[PlanStep]) -> Result<()> {
    for (i, s) in steps.iter().enumerate() {
        run(
            tx,
            "INSERT INTO plan_steps (plan_id, position, offset_days, kind, note) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, i as i64 + 1, s.offset_days, s.kind.as_str(), s.note],
        )?;
    }
    Ok(())
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
        let name = checked_plan(name, steps)?;
        self.write(|tx| {
            name_free(tx, name, None)?;
            run(
                tx,
                "INSERT INTO plans (name, auto_on_first_order, created_at) VALUES (?1, ?2, ?3)",
                params![name, auto_on_first_order, ts(now)],
            )?;
            let id = tx.last_insert_rowid();
            insert_steps(tx, id, steps)?;
            Ok(id)
        })
    }

    /// Change a plan: its name, whether it starts with a first order, its
    /// steps. The steps it had are kept (retired) and every change is
    /// recorded; follow-ups already made from it stay as they are.
    pub fn edit_plan(
        &mut self,
        id: i64,
        name: &str,
        steps: &[PlanStep],
        auto_on_first_order: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let name = checked_plan(name, steps)?;
        self.write(|tx| {
            let (old_name, old_auto): (String, bool) = tx
                .query_row(
                    "SELECT name, auto_on_first_order FROM plans WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound {
                    what: "plan",
                    key: id.to_string(),
                })?;
            name_free(tx, name, Some(id))?;
            let old_steps = steps_of(tx, id)?;
            let lines = |s: &[PlanStep]| s.iter().map(PlanStep::line).collect::<Vec<_>>().join("\n");
            let record = |field: &str, old: String, new: String| -> Result<()> {
                if old != new {
                    run(tx,
                        "INSERT INTO plan_changes (plan_id, field, old_value, new_value, at) \
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![id, field, old, new, ts(now)],
                    )?;
                }
                Ok(())
            };
            record("name", old_name, name.to_string())?;
            record(
                "auto_on_first_order",
                old_auto.to_string(),
                auto_on_first_order.to_string(),
            )?;
            record("steps", lines(&old_steps), lines(steps))?;
            run(tx,
                "UPDATE plans SET name = ?2, auto_on_first_order = ?3 WHERE id = ?1",
                params![id, name, auto_on_first_order],
            )?;
            if old_steps != steps {
                run(tx,
                    "UPDATE plan_steps SET retired_at = ?2 WHERE plan_id = ?1 AND retired_at IS NULL",
                    params![id, ts(now)],
                )?;
                insert_steps(tx, id, steps)?;
            }
            Ok(())
        })
    }

    /// Every recorded change of a plan, oldest first.
    pub fn plan_changes(&self, id: i64) -> Result<Vec<PlanChange>> {
        let mut st = self.conn.prepare(
            "SELECT field, old_value, new_value, at FROM plan_changes WHERE plan_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?;
        rows.map(|r| {
            let (field, old, new, at) = r?;
            Ok(PlanChange {
                field,
                old,
                new,
                at: super::parse_ts(3, &at)?,
            })
        })
        .collect()
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
