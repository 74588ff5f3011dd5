//! `salesbench deal add|list|show|edit|move|won|lost|reopen`. Every
//! mistake (unknown stage, negative value, won twice ...) is one line in
//! the operator's language, exit 2, nothing written.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::args::{DealAction, DealFlags};
use super::log::find_contact;
use super::report::table::Table;
use super::{emit, emit_json, CliError, CliResult, Ctx};
use crate::domain::deals::{
    Deal, DealChange, DealDetail, DealField, DealFieldChange, DealFilter, DealStatus,
    LinkedConversation, LostReason, NewDeal, Pipeline, Rank,
};
use crate::domain::money::{format_money, parse_amount_in};
use crate::domain::when::parse_when;
use crate::domain::zone::Zone;

pub(super) fn run(action: DealAction, ctx: &mut Ctx<'_>) -> CliResult {
    let now = ctx.clock.now();
    match action {
        DealAction::Add {
            account,
            title,
            value,
            flags,
        } => {
            let account_id = ctx
                .store
                .resolve_account(&account)
                .map_err(|e| ctx.err(e))?;
            let value = amount(ctx, &value, "--value")?;
            let contact_id = match flags.contact.as_deref() {
                Some(name) => Some(find_contact(ctx, account_id, name)?),
                None => None,
            };
            let d = NewDeal {
                account_id,
                contact_id,
                title,
                value,
                stage: flags.stage.as_deref().map(|s| stage(ctx, s)).transpose()?,
                probability: flags
                    .probability
                    .as_deref()
                    .map(|p| probability(ctx, p))
                    .transpose()?,
                expected_close_on: flags.close.as_deref().map(|c| close(ctx, c)).transpose()?,
                rank: flags
                    .rank
                    .as_deref()
                    .map(|r| rank(ctx, r))
                    .transpose()?
                    .unwrap_or_default(),
                next_step: flags.next.unwrap_or_default(),
            };
            let id = ctx.store.add_deal(&d, now).map_err(|e| ctx.err(e))?;
            emit(ctx.out, &id.to_string())
        }
        DealAction::List {
            stage: s,
            rank: r,
            rotting,
            status,
            json,
        } => {
            let filter = DealFilter {
                status: match status.trim() {
                    "all" => None,
                    word => Some(DealStatus::parse(word).map_err(|_| {
                        CliError::User(ctx.i18n.not_one_of(
                            "--status",
                            word,
                            "open, won, lost, all",
                        ))
                    })?),
                },
                stage: s.as_deref().map(|s| stage(ctx, s)).transpose()?,
                rank: r.as_deref().map(|r| rank(ctx, r)).transpose()?,
                account_id: None,
                rotting,
            };
            let deals = ctx.store.deals(&filter, now).map_err(|e| ctx.err(e))?;
            let mut shown: Vec<DealJson> = deals.iter().map(|d| deal_json(ctx, d)).collect();
            // Best prospects first.
            shown.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
            if json {
                return emit_json(ctx.out, &shown);
            }
            list_text(ctx, &shown)
        }
        DealAction::Show { id, json } => {
            let detail = ctx.store.deal_detail(id).map_err(|e| ctx.err(e))?;
            show(ctx, &detail, json)
        }
        DealAction::Edit {
            id,
            title,
            value,
            flags,
        } => edit(ctx, id, title, value, flags),
        DealAction::Move { id, stage: s } => {
            let s = stage(ctx, &s)?;
            ctx.store.move_deal(id, &s, now).map_err(|e| ctx.err(e))
        }
        DealAction::Won {
            id,
            order,
            amount: a,
            at,
        } => {
            if !order && (a.is_some() || at.is_some()) {
                return Err(CliError::User(ctx.i18n.t("deals12.amount_without_order")));
            }
            let order = match order {
                false => None,
                true => {
                    let value = match &a {
                        Some(a) => amount(ctx, a, "--amount")?,
                        None => ctx.store.deal(id).map_err(|e| ctx.err(e))?.value,
                    };
                    Some((value, super::log::when(ctx, at.as_deref(), "--at")?))
                }
            };
            let order_id = ctx.store.win_deal(id, order, now).map_err(|e| ctx.err(e))?;
            match order_id {
                Some(o) => emit(ctx.out, &o.to_string()),
                None => Ok(()),
            }
        }
        DealAction::Lost { id, reason, note } => {
            let reason = LostReason::parse(&reason).map_err(|_| {
                let choices: Vec<_> = LostReason::ALL.iter().map(|r| r.as_str()).collect();
                CliError::User(
                    ctx.i18n
                        .not_one_of("--reason", &reason, &choices.join(", ")),
                )
            })?;
            ctx.store
                .lose_deal(id, reason, note.as_deref().unwrap_or(""), now)
                .map_err(|e| ctx.err(e))
        }
        DealAction::Reopen { id } => ctx.store.reopen_deal(id, now).map_err(|e| ctx.err(e)),
    }
}

fn edit(
    ctx: &mut Ctx<'_>,
    id: i64,
    title: Option<String>,
    value: Option<String>,
    flags: DealFlags,
) -> CliResult {
    let account_id = ctx.store.deal(id).map_err(|e| ctx.err(e))?.account_id;
    let cleared = |s: &str| s.trim().is_empty();
    let change = DealChange {
        title,
        value: value
            .as_deref()
            .map(|v| amount(ctx, v, "--value"))
            .transpose()?,
        stage: flags.stage.as_deref().map(|s| stage(ctx, s)).transpose()?,
        probability: match flags.probability.as_deref() {
            None => None,
            Some(p) if cleared(p) => Some(None),
            Some(p) => Some(Some(probability(ctx, p)?)),
        },
        expected_close_on: match flags.close.as_deref() {
            None => None,
            Some(c) if cleared(c) => Some(None),
            Some(c) => Some(Some(close(ctx, c)?)),
        },
        rank: flags.rank.as_deref().map(|r| rank(ctx, r)).transpose()?,
        next_step: flags.next,
        contact_id: match flags.contact.as_deref() {
            None => None,
            Some(c) if cleared(c) => Some(None),
            Some(c) => Some(Some(find_contact(ctx, account_id, c)?)),
        },
    };
    if change == DealChange::default() {
        return Err(CliError::User(ctx.i18n.t("deals12.edit_nothing")));
    }
    ctx.store
        .edit_deal(id, &change, ctx.clock.now())
        .map_err(|e| ctx.err(e))
}

/// A value or amount in the database's currency, named by its flag.
fn amount(ctx: &Ctx<'_>, input: &str, flag: &str) -> Result<i64, CliError> {
    let currency = ctx.store.currency();
    parse_amount_in(input, currency)
        .map_err(|e| CliError::User(format!("{flag}: {}", ctx.i18n.amount_error(&e, currency))))
}

/// A stage key of the configured pipeline.
fn stage(ctx: &Ctx<'_>, input: &str) -> Result<String, CliError> {
    let key = input.trim().to_ascii_lowercase();
    match ctx.store.pipeline().stage(&key) {
        Some(s) => Ok(s.key.clone()),
        None => Err(CliError::User(ctx.i18n.f(
            "deals12.unknown_stage",
            &[
                ("stage", &crate::domain::text::sanitize(input)),
                ("valid", &ctx.store.pipeline().keys()),
            ],
        ))),
    }
}

fn probability(ctx: &Ctx<'_>, input: &str) -> Result<u8, CliError> {
    let t = input.trim().trim_end_matches('%');
    match t.parse::<u8>() {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err(CliError::User(format!(
            "--probability: {}",
            ctx.i18n.f(
                "deals12.probability_range",
                &[("value", &crate::domain::text::sanitize(input))]
            )
        ))),
    }
}

fn close(ctx: &Ctx<'_>, input: &str) -> Result<NaiveDate, CliError> {
    parse_when(input, ctx.clock.local_now())
        .map(|w| w.date())
        .map_err(|e| CliError::User(format!("--close: {}", ctx.i18n.when_error(&e))))
}

fn rank(ctx: &Ctx<'_>, input: &str) -> Result<Rank, CliError> {
    Rank::parse(input).map_err(|_| CliError::User(ctx.i18n.not_one_of("--rank", input, "A, B, C")))
}

/// A deal in JSON: the fields outside checks rely on, then a few more.
#[derive(Serialize)]
pub(super) struct DealJson {
    id: i64,
    account_id: i64,
    account_name: String,
    title: String,
    value: i64,
    currency: &'static str,
    stage: String,
    probability: u8,
    weighted_value: i64,
    expected_close_on: Option<NaiveDate>,
    rank: Rank,
    next_step: String,
    status: DealStatus,
    lost_reason: Option<LostReason>,
    #[serde(serialize_with = "crate::domain::time::ser")]
    stage_entered_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::time::ser")]
    last_activity_at: DateTime<Utc>,
    rotting: bool,
    days_in_stage: i64,
    score: i64,
    #[serde(serialize_with = "crate::domain::time::ser")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::time::ser")]
    updated_at: DateTime<Utc>,
    contact: Option<String>,
    lost_note: String,
    #[serde(serialize_with = "crate::domain::time::ser_opt")]
    closed_at: Option<DateTime<Utc>>,
    order_id: Option<i64>,
    /// The score as its sum (rank + size − quiet days − 2 × overdue days).
    score_explained: String,
}

fn deal_json(ctx: &Ctx<'_>, d: &Deal) -> DealJson {
    let pipeline: &Pipeline = ctx.store.pipeline();
    let now = ctx.clock.now();
    let currency = ctx.store.currency();
    let today = ctx.clock.zone().local_day(now);
    let score = d.score(pipeline, currency.minor_units, now, today);
    DealJson {
        id: d.id,
        account_id: d.account_id,
        account_name: d.account_name.clone(),
        title: d.title.clone(),
        value: d.value,
        currency: currency.code,
        stage: d.stage.clone(),
        probability: d.probability(pipeline),
        weighted_value: d.weighted_value(pipeline),
        expected_close_on: d.expected_close_on,
        rank: d.rank,
        next_step: d.next_step.clone(),
        status: d.status,
        lost_reason: d.lost_reason,
        stage_entered_at: d.stage_entered_at,
        last_activity_at: d.last_activity_at,
        rotting: d.rotting(pipeline, now),
        days_in_stage: d.days_in_stage(now),
        score: score.total,
        created_at: d.created_at,
        updated_at: d.updated_at,
        contact: d.contact_name.clone(),
        lost_note: d.lost_note.clone(),
        closed_at: d.closed_at,
        order_id: d.order_id,
        score_explained: score.explain(),
    }
}

/// A recorded value as the operator reads it: stage names, status and
/// reason labels, amounts in the currency, instants in local time.
fn change_value(ctx: &Ctx<'_>, field: DealField, value: Option<&str>) -> String {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return "-".into();
    };
    let word = |key: Option<&'static str>| key.map_or_else(|| v.to_string(), |k| ctx.i18n.t(k));
    match field {
        DealField::Stage => stage_name(ctx, v),
        DealField::Status => word(DealStatus::parse(v).ok().map(DealStatus::label_key)),
        DealField::LostReason => word(LostReason::parse(v).ok().map(LostReason::label_key)),
        DealField::Value => v.parse().map_or_else(|_| v.to_string(), |a| money(ctx, a)),
        DealField::Probability => format!("{v}%"),
        DealField::ClosedAt => crate::domain::time::from_rfc3339(v).map_or_else(
            || v.to_string(),
            |t| {
                ctx.clock
                    .zone()
                    .local_time(t)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        ),
        _ => v.to_string(),
    }
}

fn money(ctx: &Ctx<'_>, amount: i64) -> String {
    format_money(amount, ctx.store.currency(), ctx.i18n.ja())
}

fn stage_name(ctx: &Ctx<'_>, key: &str) -> String {
    ctx.store
        .pipeline()
        .stage(key)
        .map_or_else(|| key.to_string(), |s| s.name(ctx.i18n.ja()).to_string())
}

fn status_cell(ctx: &Ctx<'_>, d: &DealJson) -> String {
    match (d.status, d.rotting) {
        (DealStatus::Open, true) => ctx.i18n.t("deals12.rotting"),
        (DealStatus::Open, false) => String::new(),
        (s, _) => ctx.i18n.t(s.label_key()),
    }
}

fn list_text(ctx: &mut Ctx<'_>, deals: &[DealJson]) -> CliResult {
    if deals.is_empty() {
        let line = ctx.i18n.t("deals12.no_deals");
        return emit(ctx.out, &line);
    }
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("id", "deals12.col_id", true),
            ("title", "deals12.col_title", false),
            ("account", "deals12.col_account", false),
            ("value", "deals12.col_value", true),
            ("stage", "deals12.col_stage", false),
            ("probability", "deals12.col_probability", true),
            ("weighted", "deals12.col_weighted", true),
            ("close", "deals12.col_close", false),
            ("rank", "deals12.col_rank", false),
            ("score", "deals12.col_score", true),
            ("status", "deals12.col_status", false),
        ],
    );
    for d in deals {
        t.row(vec![
            d.id.to_string(),
            d.title.clone(),
            d.account_name.clone(),
            money(ctx, d.value),
            stage_name(ctx, &d.stage),
            format!("{}%", d.probability),
            money(ctx, d.weighted_value),
            d.expected_close_on
                .map(|c| c.to_string())
                .unwrap_or_default(),
            d.rank.to_string(),
            d.score.to_string(),
            status_cell(ctx, d),
        ]);
    }
    t.text(ctx.out)
}

#[derive(Serialize)]
struct DetailJson<'a> {
    #[serde(flatten)]
    deal: DealJson,
    changes: &'a [DealFieldChange],
    conversations: &'a [LinkedConversation],
}

fn show(ctx: &mut Ctx<'_>, detail: &DealDetail, json: bool) -> CliResult {
    let d = deal_json(ctx, &detail.deal);
    if json {
        let out = DetailJson {
            deal: d,
            changes: &detail.changes,
            conversations: &detail.conversations,
        };
        return emit_json(ctx.out, &out);
    }
    let i18n = ctx.i18n;
    let zone = ctx.clock.zone();
    let local = |t: DateTime<Utc>| zone.local_time(t).format("%Y-%m-%d %H:%M").to_string();
    let mut lines = vec![
        format!("{} {}  {}", d.id, d.title, d.account_name),
        format!(
            "{}: {}  {}: {}%  {}: {}",
            i18n.t("deals12.col_value"),
            money(ctx, d.value),
            i18n.t("deals12.col_probability"),
            d.probability,
            i18n.t("deals12.col_weighted"),
            money(ctx, d.weighted_value)
        ),
        format!(
            "{}: {}  {}: {}  {}: {}",
            i18n.t("deals12.col_stage"),
            stage_name(ctx, &d.stage),
            i18n.t("deals12.col_status"),
            i18n.t(d.status.label_key()),
            i18n.t("deals12.days_in_stage"),
            d.days_in_stage
        ),
        format!(
            "{}: {}  {}: {}  {}: {} ({})",
            i18n.t("deals12.col_close"),
            d.expected_close_on
                .map(|c| c.to_string())
                .unwrap_or_default(),
            i18n.t("deals12.col_rank"),
            d.rank,
            i18n.t("deals12.col_score"),
            d.score,
            d.score_explained
        ),
        format!(
            "{}: {}{}",
            i18n.t("deals12.last_activity"),
            local(d.last_activity_at),
            if d.rotting {
                format!("  {}", i18n.t("deals12.rotting"))
            } else {
                String::new()
            }
        ),
    ];
    if !d.next_step.is_empty() {
        lines.push(format!("{}: {}", i18n.t("deals12.next_step"), d.next_step));
    }
    if let Some(c) = &d.contact {
        lines.push(format!("{}: {c}", i18n.t("deals12.contact")));
    }
    if let Some(r) = d.lost_reason {
        lines.push(format!(
            "{}: {} {}",
            i18n.t("deals12.lost_reason"),
            i18n.t(r.label_key()),
            d.lost_note
        ));
    }
    if let Some(o) = d.order_id {
        lines.push(format!("{}: {o}", i18n.t("deals12.won_order")));
    }
    if !detail.changes.is_empty() {
        lines.push(format!("{}:", i18n.t("deals12.history")));
        for c in &detail.changes {
            let shown = |v: &Option<String>| change_value(ctx, c.field, v.as_deref());
            lines.push(format!(
                "  {}  {}: {} → {}",
                local(c.at),
                i18n.t(c.field.label_key()),
                shown(&c.old_value),
                shown(&c.new_value)
            ));
        }
    }
    if !detail.conversations.is_empty() {
        lines.push(format!("{}:", i18n.t("deals12.conversations")));
        for c in &detail.conversations {
            lines.push(format!(
                "  {}  {}  {}",
                local(c.happened_at),
                c.id,
                c.summary
            ));
        }
    }
    for l in lines {
        emit(ctx.out, &crate::domain::text::sanitize(&l))?;
    }
    Ok(())
}
