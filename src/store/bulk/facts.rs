//! The per-account facts a bulk-loaded history implies, derived the way
//! the one-row write path derives them, and the checks it makes.

use chrono::{DateTime, NaiveDate, Utc};

use super::{BulkAccount, FollowUpClosed};
use crate::domain::interval::{learned_interval, GAPS_CONSIDERED};
use crate::domain::model::Status;
use crate::domain::time::trunc_secs;
use crate::domain::triage::LapseReason;
use crate::store::{Result, StoreError};

/// Must equal the number of recent rows per table that the normal write
/// path reads when it relearns an interval (`RECENT_TOUCHES` in
/// conversations.rs); the equivalence test fails if they part.
const RECENT_TOUCHES: usize = 4 * (GAPS_CONSIDERED + 1);

/// The same checks the one-row write path makes, plus index bounds.
pub(super) fn check_history(a: &BulkAccount) -> Result<()> {
    let invalid = |field, message: &str| {
        Err(StoreError::Invalid {
            field,
            message: message.into(),
        })
    };
    let blank = |s: &str, b: &str| s.trim().is_empty() && b.trim().is_empty();
    let bad_contact = |i: Option<usize>| i.is_some_and(|i| i >= a.contacts.len());
    if a.contacts.iter().any(|c| c.name.trim().is_empty()) {
        return invalid("name", "problem.required");
    }
    for c in &a.conversations {
        if blank(&c.summary, &c.body) || c.edits.iter().any(|e| blank(&e.summary, &e.body)) {
            return invalid("summary", "problem.required");
        }
        if c.retraction
            .as_ref()
            .is_some_and(|r| r.reason.trim().is_empty())
        {
            return invalid("reason", "problem.required");
        }
        if bad_contact(c.contact) {
            return invalid("contact", "contact index outside the account's contacts");
        }
    }
    if a.orders.iter().any(|o| o.amount < 0) {
        return invalid("amount", "problem.negative");
    }
    for u in &a.follow_ups {
        match &u.closed {
            Some(FollowUpClosed::Done { conversation, .. })
                if *conversation >= a.conversations.len() =>
            {
                return invalid(
                    "follow-up",
                    "conversation index outside the account's conversations",
                );
            }
            Some(FollowUpClosed::Cancelled { reason, .. }) if reason.trim().is_empty() => {
                return invalid("reason", "problem.required");
            }
            _ if bad_contact(u.contact) => {
                return invalid("contact", "contact index outside the account's contacts");
            }
            _ => {}
        }
    }
    Ok(())
}

/// What the account's latest touch was.
#[derive(Debug, Clone, Copy)]
pub(super) struct LastTouch<'a> {
    pub at: DateTime<Utc>,
    pub kind: &'a str,
    pub summary: &'a str,
}

/// The per-account columns the normal write path keeps current.
pub(super) struct Facts<'a> {
    pub last_touch: Option<LastTouch<'a>>,
    pub last_order: Option<(DateTime<Utc>, i64)>,
    pub learned_interval_days: Option<f64>,
    pub next_follow_up_on: Option<NaiveDate>,
    pub lapse_reason: Option<LapseReason>,
    /// `(old, new, at)` for each change of the lapse reason.
    pub lapse_changes: Vec<(Option<LapseReason>, LapseReason, DateTime<Utc>)>,
    /// The status after the history: a prospect with an order is a customer.
    pub status: Status,
    /// When a prospect became a customer by its first order.
    pub became_customer: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl<'a> Facts<'a> {
    /// As `RECOMPUTE_TOUCH_FACTS`, `relearn_interval`, `refresh_next_due`
    /// and `set_lapse_reason` leave them after the history is logged.
    pub fn of(a: &'a BulkAccount) -> Facts<'a> {
        // Latest live touch; at the same instant a conversation beats an
        // order, then the later-written row wins (ids rise in list order).
        let conversations = a
            .conversations
            .iter()
            .enumerate()
            .filter(|(_, c)| c.retraction.is_none());
        let touches = conversations
            .map(|(i, c)| {
                let summary = c.edits.last().map_or(&c.summary, |e| &e.summary).trim();
                ((trunc_secs(c.happened_at), 1, i), c.kind.as_str(), summary)
            })
            .chain(
                a.orders
                    .iter()
                    .enumerate()
                    .map(|(i, o)| ((trunc_secs(o.ordered_at), 0, i), "order", o.note.trim())),
            );
        let last_touch = touches
            .max_by_key(|(key, ..)| *key)
            .map(|((at, ..), kind, summary)| LastTouch { at, kind, summary });
        let last_order = a
            .orders
            .iter()
            .enumerate()
            .max_by_key(|(i, o)| (trunc_secs(o.ordered_at), *i))
            .map(|(_, o)| (trunc_secs(o.ordered_at), o.amount));

        let mut lapse_reason = None;
        let mut lapse_changes = Vec::new();
        let mut updated_at = a.created_at;
        let mut status = a.fields.status.unwrap_or(Status::Prospect);
        // As `become_customer` does when the first order is written.
        let became_customer = match status {
            Status::Prospect => a.orders.iter().map(|o| o.created_at).min(),
            _ => None,
        };
        if let Some(at) = became_customer {
            status = Status::Customer;
            updated_at = updated_at.max(at);
        }
        for c in &a.conversations {
            if let Some(new) = c.lapse_reason.filter(|r| Some(*r) != lapse_reason) {
                lapse_changes.push((lapse_reason, new, c.logged_at));
                lapse_reason = Some(new);
                updated_at = updated_at.max(c.logged_at);
            }
        }

        Facts {
            last_touch,
            last_order,
            learned_interval_days: learned(a),
            next_follow_up_on: a
                .follow_ups
                .iter()
                .filter(|u| u.closed.is_none())
                .map(|u| u.due_on)
                .min(),
            lapse_reason,
            lapse_changes,
            status,
            became_customer,
            updated_at,
        }
    }
}

/// The interval learned from the distinct UTC days of the most recent
/// [`RECENT_TOUCHES`] live conversations and orders, newest
/// [`GAPS_CONSIDERED`] + 1 days.
fn learned(a: &BulkAccount) -> Option<f64> {
    let mut conversations: Vec<DateTime<Utc>> = a
        .conversations
        .iter()
        .filter(|c| c.retraction.is_none())
        .map(|c| trunc_secs(c.happened_at))
        .collect();
    let mut orders: Vec<DateTime<Utc>> =
        a.orders.iter().map(|o| trunc_secs(o.ordered_at)).collect();
    let mut days: Vec<NaiveDate> = Vec::with_capacity(2 * RECENT_TOUCHES);
    for touches in [&mut conversations, &mut orders] {
        touches.sort_unstable_by(|x, y| y.cmp(x));
        days.extend(touches.iter().take(RECENT_TOUCHES).map(|t| t.date_naive()));
    }
    days.sort_unstable();
    days.dedup();
    let keep = days.len().saturating_sub(GAPS_CONSIDERED + 1);
    learned_interval(&days[keep..])
}
