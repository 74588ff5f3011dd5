//! `salesbench follow-up ACCOUNT ...` (schedule) and `follow-up edit ID`.

use chrono::NaiveTime;

use super::args::{FollowUpAction, FollowUpArgs};
use super::log::find_contact;
use super::triage::{follow_up, when};
use super::{CliError, CliResult, Ctx};
use crate::domain::agenda::FollowUpChange;
use crate::domain::model::ConversationKind;

pub(super) fn run(args: FollowUpArgs, ctx: &mut Ctx<'_>) -> CliResult {
    match args.action {
        Some(FollowUpAction::Edit {
            id,
            due,
            time,
            kind,
            contact,
            note,
        }) => {
            let f = ctx.store.follow_up(id).map_err(|e| ctx.err(e))?;
            let mut change = FollowUpChange {
                note,
                ..Default::default()
            };
            if let Some(due) = due {
                let w = when(ctx, &due, "--due")?;
                change.due_on = Some(w.date());
                if let Some(t) = w.time() {
                    change.due_time = Some(Some(t));
                }
            }
            if let Some(t) = time {
                change.due_time = Some(parse_time(ctx, &t)?);
            }
            if let Some(k) = kind {
                change.kind = Some(parse_kind(ctx, &k)?);
            }
            if let Some(name) = contact {
                change.contact_id = Some(match name.trim() {
                    "" => None,
                    name => Some(find_contact(ctx, f.account_id, name)?),
                });
            }
            ctx.store
                .edit_follow_up(id, &change, ctx.clock.now())
                .map_err(|e| ctx.err(e))
        }
        None => follow_up(
            ctx,
            &args.account.unwrap_or_default(),
            &args.due.unwrap_or_default(),
            &args.note,
            &args.kind,
            args.contact.as_deref(),
        ),
    }
}

/// A conversation kind, refused in the operator's language.
pub(super) fn parse_kind(ctx: &Ctx<'_>, s: &str) -> Result<ConversationKind, CliError> {
    ConversationKind::parse(s).map_err(|_| {
        let valid: Vec<&str> = ConversationKind::ALL.iter().map(|k| k.as_str()).collect();
        CliError::User(ctx.i18n.f(
            "usage.invalid_value_of",
            &[
                ("arg", "--kind"),
                ("value", s),
                ("valid", &valid.join(", ")),
            ],
        ))
    })
}

/// `HH:MM` (or `H:MM`); empty clears the time.
fn parse_time(ctx: &Ctx<'_>, s: &str) -> Result<Option<NaiveTime>, CliError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .map(Some)
        .map_err(|_| {
            CliError::User(format!(
                "--time: {}",
                ctx.i18n.f("when.no_such_time", &[("when", s)])
            ))
        })
}
