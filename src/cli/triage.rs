//! `follow-up`, `done`, `snooze`, `today`, `quiet`, `plan ...`

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::args::PlanAction;
use super::log::{find_contact, read_body};
use super::{emit, emit_json, emit_json_list, CliError, CliResult, Ctx};
use crate::domain::model::{Direction, NewConversation};
use crate::domain::money::format_money;
use crate::domain::text::sanitize;
use crate::domain::triage::{LapseReason, PlanStep, TodayItem};
use crate::domain::when::{parse_when, When};
use crate::domain::zone::Zone;

/// Parse a quick date against the operator's calendar.
pub(super) fn when(ctx: &Ctx<'_>, input: &str, flag: &str) -> Result<When, CliError> {
    parse_when(input, ctx.clock.local_now())
        .map_err(|e| CliError::User(format!("{flag}: {}", ctx.i18n.when_error(&e))))
}

pub(super) fn follow_up(
    ctx: &mut Ctx<'_>,
    account: &str,
    due: &str,
    note: &str,
    kind: &str,
    contact: Option<&str>,
) -> CliResult {
    let account_id = ctx.store.resolve_account(account).map_err(|e| ctx.err(e))?;
    let kind = super::follow_up_edit::parse_kind(ctx, kind)?;
    let due = when(ctx, due, "--due")?;
    let contact_id = contact
        .map(|c| find_contact(ctx, account_id, c))
        .transpose()?;
    let f = crate::domain::triage::NewFollowUp {
        account_id,
        contact_id,
        kind,
        due_on: due.date(),
        due_time: due.time(),
        note: note.to_string(),
    };
    let id = ctx
        .store
        .add_follow_up(&f, ctx.clock.now())
        .map_err(|e| ctx.err(e))?;
    emit(ctx.out, &id.to_string())
}

pub(super) fn done(
    ctx: &mut Ctx<'_>,
    id: i64,
    summary: Option<String>,
    body: Option<String>,
    lapse_reason: Option<&str>,
) -> CliResult {
    let f = ctx.store.follow_up(id).map_err(|e| ctx.err(e))?;
    let lapse = lapse_reason
        .map(|r| LapseReason::parse(r).map_err(|e| CliError::User(format!("--lapse-reason: {e}"))))
        .transpose()?;
    let body = body.map(|b| read_body(&b)).transpose()?.unwrap_or_default();
    // With nothing said, the follow-up's own note stands as the summary.
    let summary = summary.unwrap_or_else(|| {
        if body.trim().is_empty() {
            if f.note.is_empty() {
                ctx.i18n.t("followup.done_default")
            } else {
                f.note.clone()
            }
        } else {
            String::new()
        }
    });
    let c = NewConversation {
        account_id: f.account_id,
        contact_id: f.contact_id,
        kind: f.kind,
        direction: Direction::Out,
        happened_at: ctx.clock.now(),
        summary,
        body,
        outcome: None,
    };
    let conv = ctx
        .store
        .complete_follow_up(id, &c, lapse, ctx.clock.now())
        .map_err(|e| ctx.err(e))?;
    emit(ctx.out, &conv.to_string())
}

pub(super) fn snooze(ctx: &mut Ctx<'_>, id: i64, until: &str) -> CliResult {
    let to = when(ctx, until, "--until")?;
    ctx.store
        .snooze_follow_up(id, to.date(), to.time(), ctx.clock.now())
        .map_err(|e| ctx.err(e))
}

/// One Today row in JSON: the same shape for follow-ups and quiet accounts.
#[derive(Serialize)]
struct TodayJson {
    #[serde(rename = "type")]
    item_type: &'static str,
    follow_up_id: Option<i64>,
    /// A deal past its expected close date or rotting.
    deal_id: Option<i64>,
    account_id: i64,
    account_name: String,
    kind: Option<String>,
    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when a time was set.
    due_at: Option<String>,
    overdue_days: Option<i64>,
    note: Option<String>,
    contact: Option<String>,
    days_silent: Option<i64>,
    expected_interval_days: Option<f64>,
    overdue_ratio: Option<f64>,
    last_touch_summary: Option<String>,
}

fn today_json(item: &TodayItem) -> TodayJson {
    match item {
        TodayItem::FollowUp {
            follow_up: f,
            overdue_days,
        } => TodayJson {
            item_type: "follow_up",
            follow_up_id: Some(f.id),
            deal_id: None,
            account_id: f.account_id,
            account_name: f.account_name.clone(),
            kind: Some(f.kind.to_string()),
            due_at: Some(match f.due_time {
                Some(t) => format!("{}T{}", f.due_on, t.format("%H:%M")),
                None => f.due_on.to_string(),
            }),
            overdue_days: Some(*overdue_days),
            note: Some(f.note.clone()),
            contact: f.contact_name.clone(),
            days_silent: None,
            expected_interval_days: None,
            overdue_ratio: None,
            last_touch_summary: None,
        },
        TodayItem::Quiet(q) => TodayJson {
            item_type: "quiet",
            follow_up_id: None,
            deal_id: None,
            account_id: q.account_id,
            account_name: q.name.to_string(),
            kind: None,
            due_at: None,
            overdue_days: None,
            note: None,
            contact: None,
            days_silent: Some(q.days_silent),
            expected_interval_days: Some(q.expected_interval_days),
            overdue_ratio: Some(q.overdue_ratio),
            last_touch_summary: q.last_touch_summary.as_deref().map(str::to_string),
        },
        TodayItem::Deal {
            deal: d,
            overdue_days,
            rotting_days,
        } => TodayJson {
            item_type: "deal",
            follow_up_id: None,
            deal_id: Some(d.id),
            account_id: d.account_id,
            account_name: d.account_name.clone(),
            kind: None,
            due_at: d.expected_close_on.map(|c| c.to_string()),
            overdue_days: Some(*overdue_days),
            note: Some(d.title.clone()),
            contact: d.contact_name.clone(),
            days_silent: *rotting_days,
            expected_interval_days: None,
            overdue_ratio: None,
            last_touch_summary: None,
        },
    }
}

pub(super) fn today(ctx: &mut Ctx<'_>, json: bool) -> CliResult {
    let (items, counts) = ctx
        .store
        .today(ctx.clock.now(), ctx.config.default_interval_days)
        .map_err(|e| ctx.err(e))?;
    if json {
        return emit_json(ctx.out, &items.iter().map(today_json).collect::<Vec<_>>());
    }
    let header = crate::messages::today_counts(ctx.i18n, &counts);
    emit(ctx.out, &header)?;
    for item in &items {
        let line = match item {
            TodayItem::FollowUp {
                follow_up: f,
                overdue_days,
            } => format!(
                "#{}\t{}\t{}\t{}\t{}",
                f.id,
                sanitize(&f.account_name),
                ctx.i18n.t(&format!("conv.{}", f.kind)),
                sanitize(&f.note),
                late(ctx, *overdue_days)
            ),
            TodayItem::Deal {
                deal: d,
                overdue_days,
                rotting_days,
            } => format!(
                "deal#{}\t{}\t{}\t{}\t{}",
                d.id,
                sanitize(&d.account_name),
                ctx.i18n.t("pipeline12.today_deal"),
                sanitize(&d.title),
                crate::messages::deal_reason(ctx.i18n, *overdue_days, *rotting_days)
            ),
            TodayItem::Quiet(q) => format!(
                "-\t{}\t{}\t{}\t{}",
                sanitize(&q.name),
                ctx.i18n.t("today.contact_quiet"),
                sanitize(q.last_touch_summary.as_deref().unwrap_or("")),
                ctx.i18n
                    .f("today.silent", &[("days", &q.days_silent.to_string())])
            ),
        };
        emit(ctx.out, &line)?;
    }
    Ok(())
}

fn late(ctx: &Ctx<'_>, days: i64) -> String {
    match days {
        0 => ctx.i18n.t("today.due_today"),
        d => ctx.i18n.f("today.late", &[("days", &d.to_string())]),
    }
}

/// `--as-of DATE`: that day at the current local time of day, with the
/// offset in force on that day (not today's).
fn as_of(ctx: &Ctx<'_>, input: Option<&str>) -> Result<DateTime<Utc>, CliError> {
    let now = ctx.clock.now();
    let Some(input) = input else { return Ok(now) };
    let day: NaiveDate = when(ctx, input, "--as-of")?.date();
    let local = day.and_time(ctx.clock.local_now().time());
    ctx.clock
        .zone()
        .to_utc_shifting_gaps(local)
        .map_err(|_| CliError::User(format!("--as-of: date out of range: {input}")))
}

pub(super) fn quiet(
    ctx: &mut Ctx<'_>,
    json: bool,
    limit: Option<usize>,
    as_of_input: Option<&str>,
) -> CliResult {
    let now = as_of(ctx, as_of_input)?;
    let rows = ctx
        .store
        .quiet_accounts(now, ctx.config.default_interval_days, limit)
        .map_err(|e| ctx.err(e))?;
    if json {
        let currency = ctx.store.currency().code;
        let rows: Vec<QuietJson<'_>> = rows.iter().map(|row| QuietJson { row, currency }).collect();
        return emit_json_list(ctx.out, &rows);
    }
    for q in &rows {
        let line = format!(
            "{}\t{}\t{}\t{}/{}\t{:.1}\t{}\t{}",
            q.account_id,
            sanitize(&q.name),
            sanitize(q.last_touch_summary.as_deref().unwrap_or("")),
            q.days_silent,
            crate::domain::triage::interval_days_shown(q.expected_interval_days),
            q.overdue_ratio,
            q.last_order_amount
                .map(|a| format_money(a, ctx.store.currency(), ctx.i18n.ja()))
                .unwrap_or_default(),
            q.next_follow_up_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        emit(ctx.out, &line)?;
    }
    Ok(())
}

/// A quiet row in JSON: its fields unchanged, plus the ISO 4217 code of
/// `last_order_amount` (in that currency's minor units).
#[derive(Serialize)]
struct QuietJson<'a> {
    #[serde(flatten)]
    row: &'a crate::domain::triage::QuietRow,
    currency: &'static str,
}

pub(super) fn plan(ctx: &mut Ctx<'_>, action: PlanAction) -> CliResult {
    match action {
        PlanAction::Add { name, steps, auto } => {
            let steps: Vec<PlanStep> = steps
                .iter()
                .map(|s| {
                    PlanStep::parse_with(s, |w| ctx.i18n.conversation_kind(w)).map_err(|e| {
                        CliError::User(format!("--step: {}", ctx.i18n.step_problem(&e)))
                    })
                })
                .collect::<Result<_, _>>()?;
            let id = ctx
                .store
                .add_plan(&name, &steps, auto, ctx.clock.now())
                .map_err(|e| ctx.err(e))?;
            emit(ctx.out, &id.to_string())
        }
        PlanAction::List { json } => {
            let plans = ctx.store.plans().map_err(|e| ctx.err(e))?;
            if json {
                return emit_json(ctx.out, &plans);
            }
            for p in &plans {
                let auto = if p.auto_on_first_order {
                    ctx.i18n.t("plan.auto")
                } else {
                    String::new()
                };
                emit(
                    ctx.out,
                    &format!("{}\t{}\t{}", p.id, sanitize(&p.name), auto),
                )?;
                for s in &p.steps {
                    emit(
                        ctx.out,
                        &format!("\t+{}d\t{}", s.offset_days, sanitize(&s.note)),
                    )?;
                }
            }
            Ok(())
        }
        PlanAction::Apply {
            name,
            account,
            start,
            again,
        } => {
            let plan = ctx.store.plan_named(&name).map_err(|e| ctx.err(e))?;
            let account_id = ctx
                .store
                .resolve_account(&account)
                .map_err(|e| ctx.err(e))?;
            let start = match start {
                Some(s) => when(ctx, &s, "--start")?.date(),
                None => ctx.clock.local_now().date(),
            };
            let ids = ctx
                .store
                .apply_plan(plan.id, account_id, start, again, ctx.clock.now())
                .map_err(|e| ctx.err(e))?;
            for id in ids {
                emit(ctx.out, &id.to_string())?;
            }
            Ok(())
        }
    }
}
