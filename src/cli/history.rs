//! `salesbench history ACCOUNT`

use serde::Serialize;

use super::{emit, emit_json_list, CliResult, Ctx};
use crate::domain::model::{Mark, TimelineEntry};
use crate::domain::money::{format_money, Currency};
use crate::domain::text::sanitize;
use crate::domain::time::to_rfc3339;
use crate::domain::zone::Zone;

/// One history line in JSON: the same shape for conversations and orders.
#[derive(Serialize)]
struct HistoryJson {
    #[serde(rename = "type")]
    kind_of_entry: &'static str,
    id: i64,
    at: String,
    kind: String,
    direction: Option<String>,
    contact: Option<String>,
    summary: Option<String>,
    body: Option<String>,
    outcome: Option<String>,
    /// Orders: in minor units of `currency` (yen; cents for USD).
    amount: Option<i64>,
    /// The ISO 4217 code of `amount` (and of the revisions' amounts);
    /// null where there is no amount.
    currency: Option<&'static str>,
    note: Option<String>,
    /// A conversation: how many texts it has had (1 = never edited). An
    /// order: its earlier versions, oldest first, each with when it was
    /// written (empty = never edited).
    revisions: serde_json::Value,
    edited: bool,
    retracted: bool,
    retract_reason: Option<String>,
    logged_at: Option<String>,
    /// Orders: voided (kept, no longer a purchase). False for conversations.
    voided: bool,
    void_reason: Option<String>,
    /// Every retract / void / restore, oldest first.
    retractions: Vec<MarkJson>,
}

#[derive(Serialize)]
struct MarkJson {
    action: &'static str,
    reason: String,
    at: String,
}

#[derive(Serialize)]
struct OrderVersionJson {
    ordered_at: String,
    amount: i64,
    note: String,
    at: String,
}

fn marks(list: &[Mark]) -> Vec<MarkJson> {
    list.iter()
        .map(|m| MarkJson {
            action: m.action.as_str(),
            reason: m.reason.clone(),
            at: to_rfc3339(m.at),
        })
        .collect()
}

fn to_json(e: &TimelineEntry, currency: Currency) -> HistoryJson {
    match e {
        TimelineEntry::Conversation(c) => {
            let cur = c.current();
            HistoryJson {
                kind_of_entry: "conversation",
                id: c.id,
                at: to_rfc3339(c.happened_at),
                kind: c.kind.to_string(),
                direction: Some(c.direction.to_string()),
                contact: c.contact_name.clone(),
                summary: cur.map(|r| r.summary.clone()),
                body: cur.map(|r| r.body.clone()),
                outcome: cur.and_then(|r| r.outcome.clone()),
                amount: None,
                currency: None,
                note: None,
                revisions: c.revisions.len().into(),
                edited: c.edited(),
                retracted: c.retracted.is_some(),
                retract_reason: c.retracted.as_ref().map(|r| r.reason.clone()),
                logged_at: Some(to_rfc3339(c.logged_at)),
                voided: false,
                void_reason: None,
                retractions: marks(&c.retractions),
            }
        }
        TimelineEntry::Order(o) => HistoryJson {
            kind_of_entry: "order",
            id: o.id,
            at: to_rfc3339(o.ordered_at),
            kind: "order".into(),
            direction: None,
            contact: None,
            summary: None,
            body: None,
            outcome: None,
            amount: Some(o.amount),
            currency: Some(currency.code),
            note: Some(o.note.clone()),
            revisions: serde_json::to_value(
                o.revisions
                    .iter()
                    .map(|v| OrderVersionJson {
                        ordered_at: to_rfc3339(v.ordered_at),
                        amount: v.amount,
                        note: v.note.clone(),
                        at: to_rfc3339(v.at),
                    })
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_default(),
            edited: o.edited(),
            retracted: false,
            retract_reason: None,
            logged_at: None,
            voided: o.voided.is_some(),
            void_reason: o.voided.as_ref().map(|r| r.reason.clone()),
            retractions: marks(&o.retractions),
        },
    }
}

pub(super) fn run(key: &str, json: bool, ctx: &mut Ctx<'_>) -> CliResult {
    let id = ctx.store.resolve_account(key).map_err(|e| ctx.err(e))?;
    let entries = ctx.store.timeline(id).map_err(|e| ctx.err(e))?;
    if json {
        let rows: Vec<HistoryJson> = entries
            .iter()
            .map(|e| to_json(e, ctx.store.currency()))
            .collect();
        return emit_json_list(ctx.out, &rows);
    }
    let zone = ctx.clock.zone();
    let ja = ctx.i18n.ja();
    for e in &entries {
        let when = zone.local_time(e.at()).format("%Y-%m-%d %H:%M");
        let line = match e {
            TimelineEntry::Conversation(c) => {
                let cur = c.current();
                let mut marks = String::new();
                if c.edited() {
                    marks.push_str(&format!(
                        " [{}]",
                        ctx.i18n
                            .f("history.edited_n", &[("n", &c.revisions.len().to_string())])
                    ));
                }
                if let Some(r) = &c.retracted {
                    marks.push_str(&format!(
                        " [{}: {}]",
                        ctx.i18n.t("history.retracted"),
                        sanitize(&r.reason)
                    ));
                }
                let direction = crate::domain::model::direction_key(c.kind, c.direction)
                    .map(|k| format!(" {}", ctx.i18n.t(k)))
                    .unwrap_or_default();
                format!(
                    "{when}  #{} {}{direction}  {}{marks}",
                    c.id,
                    ctx.i18n.t(&format!("conv.{}", c.kind)),
                    sanitize(cur.map(|r| r.summary.as_str()).unwrap_or("")),
                )
            }
            TimelineEntry::Order(o) => {
                let mut marks = String::new();
                if o.edited() {
                    let n = (o.revisions.len() + 1).to_string();
                    marks.push_str(&format!(
                        " [{}]",
                        ctx.i18n.f("history.edited_n", &[("n", &n)])
                    ));
                }
                if let Some(r) = &o.voided {
                    marks.push_str(&format!(
                        " [{}: {}]",
                        ctx.i18n.t("record_history.voided"),
                        sanitize(&r.reason)
                    ));
                }
                format!(
                    "{when}  #{} {} {}  {}{marks}",
                    o.id,
                    ctx.i18n.t("history.order"),
                    format_money(o.amount, ctx.store.currency(), ja),
                    sanitize(&o.note)
                )
            }
        };
        emit(ctx.out, &line)?;
    }
    Ok(())
}
