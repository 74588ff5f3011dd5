//! `salesbench log ...` and `salesbench order ...`

use std::io::Read;

use chrono::{DateTime, Utc};

use super::args::{LogAction, LogArgs, OrderAction, OrderArgs};
use super::{emit, CliError, CliResult, Ctx};
use crate::domain::fold::fold;
use crate::domain::model::{ConversationKind, Direction, NewConversation, OrderChange};
use crate::domain::money::parse_amount_in;
use crate::domain::triage::LapseReason;
use crate::domain::when::parse_instant;
use crate::store::StoreError;

pub(super) fn run_log(args: LogArgs, ctx: &mut Ctx<'_>) -> CliResult {
    match args.action {
        Some(LogAction::Edit {
            id,
            summary,
            body,
            outcome,
        }) => {
            let old = ctx.store.conversation(id).map_err(|e| ctx.err(e))?;
            let cur = old
                .current()
                .cloned()
                .ok_or_else(|| CliError::Internal(format!("conversation {id} has no text")))?;
            if summary.is_none() && body.is_none() && outcome.is_none() {
                return Err(CliError::User(
                    "log edit: give --summary, --body or --outcome".into(),
                ));
            }
            let body = match body {
                Some(b) => read_body(&b)?,
                None => cur.body,
            };
            let summary = summary.unwrap_or(cur.summary);
            let outcome = outcome.or(cur.outcome);
            ctx.store
                .revise_conversation(id, &summary, &body, outcome.as_deref(), ctx.clock.now())
                .map_err(|e| ctx.err(e))
        }
        Some(LogAction::Retract { id, reason }) => ctx
            .store
            .retract_conversation(id, &reason, ctx.clock.now())
            .map_err(|e| dated_err(ctx, e)),
        Some(LogAction::Restore { id }) => ctx
            .store
            .restore_conversation(id, ctx.clock.now())
            .map_err(|e| dated_err(ctx, e)),
        None => {
            let key = args.account.unwrap_or_default();
            let account_id = ctx.store.resolve_account(&key).map_err(|e| ctx.err(e))?;
            let kind = ConversationKind::parse(&args.kind)
                .map_err(|e| CliError::User(format!("--kind: {e}")))?;
            let direction = Direction::parse(&args.direction)
                .map_err(|e| CliError::User(format!("--direction: {e}")))?;
            let happened_at = when(ctx, args.at.as_deref(), "--at")?;
            let contact_id = match args.contact {
                Some(name) => Some(find_contact(ctx, account_id, &name)?),
                None => None,
            };
            let body = match args.body {
                Some(b) => read_body(&b)?,
                None => String::new(),
            };
            let c = NewConversation {
                account_id,
                contact_id,
                kind,
                direction,
                happened_at,
                summary: args.summary.unwrap_or_default(),
                body,
                outcome: args.outcome,
            };
            let lapse = match args.lapse_reason.as_deref() {
                Some(r) => Some(
                    LapseReason::parse(r)
                        .map_err(|e| CliError::User(format!("--lapse-reason: {e}")))?,
                ),
                None => None,
            };
            let id = ctx
                .store
                .log_with_deal(&c, lapse, None, args.deal, ctx.clock.now())
                .map_err(|e| dated_err(ctx, e))?;
            emit(ctx.out, &id.to_string())
        }
    }
}

pub(super) fn run_order(args: OrderArgs, ctx: &mut Ctx<'_>) -> CliResult {
    let now = ctx.clock.now();
    match args.action {
        Some(OrderAction::Void { id, reason }) => ctx
            .store
            .void_order(id, &reason, now)
            .map_err(|e| dated_err(ctx, e)),
        Some(OrderAction::Restore { id }) => ctx
            .store
            .restore_order(id, now)
            .map_err(|e| dated_err(ctx, e)),
        Some(OrderAction::Edit {
            id,
            amount,
            at,
            note,
        }) => {
            if amount.is_none() && at.is_none() && note.is_none() {
                return Err(CliError::User(
                    "order edit: give --amount, --at or --note".into(),
                ));
            }
            let change = OrderChange {
                amount: match amount {
                    Some(a) => Some(parse_amount_flag(ctx, &a)?),
                    None => None,
                },
                ordered_at: match at {
                    Some(a) => Some(when(ctx, Some(&a), "--at")?),
                    None => None,
                },
                note,
            };
            ctx.store
                .edit_order(id, &change, now)
                .map_err(|e| dated_err(ctx, e))
        }
        None => {
            let key = args.account.unwrap_or_default();
            let account_id = ctx.store.resolve_account(&key).map_err(|e| ctx.err(e))?;
            let amount = parse_amount_flag(ctx, args.amount.as_deref().unwrap_or_default())?;
            let at = when(ctx, args.at.as_deref(), "--at")?;
            let id = ctx
                .store
                .add_order(account_id, at, amount, &args.note, now)
                .map_err(|e| dated_err(ctx, e))?;
            emit(ctx.out, &id.to_string())
        }
    }
}

/// `--amount`, read in the database's currency; a mistake is named by the
/// flag, in the operator's language.
pub(super) fn parse_amount_flag(ctx: &Ctx<'_>, input: &str) -> Result<i64, CliError> {
    let currency = ctx.store.currency();
    parse_amount_in(input, currency)
        .map_err(|e| CliError::User(format!("--amount: {}", ctx.i18n.amount_error(&e, currency))))
}

/// A store error, with a refused date named by the flag that gave it.
fn dated_err(ctx: &Ctx<'_>, e: StoreError) -> CliError {
    match e {
        StoreError::Invalid {
            field: "when",
            message,
        } => CliError::User(format!("--at: {}", ctx.i18n.t(&message))),
        other => ctx.err(other),
    }
}

/// Parse a "when did it happen" flag; absent means now.
pub(super) fn when(
    ctx: &Ctx<'_>,
    input: Option<&str>,
    flag: &str,
) -> Result<DateTime<Utc>, CliError> {
    match input {
        None => Ok(ctx.clock.now()),
        Some(s) => parse_instant(s, ctx.clock.now(), ctx.clock.zone())
            .map_err(|e| CliError::User(format!("{flag}: {}", ctx.i18n.when_error(&e)))),
    }
}

/// `--body -` reads standard input.
pub(super) fn read_body(arg: &str) -> Result<String, CliError> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).map_err(|e| {
        CliError::User(format!(
            "--body -: could not read standard input as UTF-8 text: {e}"
        ))
    })?;
    Ok(s)
}

/// A contact at the account by exact or unique partial (folded) name.
pub(super) fn find_contact(ctx: &Ctx<'_>, account_id: i64, name: &str) -> Result<i64, CliError> {
    let contacts = ctx.store.contacts(account_id).map_err(|e| ctx.err(e))?;
    if let Some(c) = contacts.iter().find(|c| c.name == name.trim()) {
        return Ok(c.id);
    }
    let q = fold(name);
    let hits: Vec<_> = contacts
        .iter()
        .filter(|c| fold(&c.name).contains(&q))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one.id),
        [] => Err(CliError::User(format!(
            "--contact: no contact {name:?} at this account"
        ))),
        many => Err(CliError::User(format!(
            "--contact: {name:?} matches {}: {}",
            many.len(),
            many.iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
