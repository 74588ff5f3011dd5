//! Win-back: of the customers contacted while they were quiet, the share
//! who ordered again within 60 days, by why they had stopped.
//!
//! "Quiet at that time" is rebuilt from the stored history, with the rule
//! the Quiet screen applies today, as it would have been applied then:
//!
//! - a *contact* is a conversation that is not retracted and not a note
//!   (a note to oneself reaches nobody); it must come after the customer's
//!   first order (win-back is about customers);
//! - the days silent are whole days from the previous touch (any
//!   conversation, notes included, or order; voided and retracted ones
//!   never happened) to the contact;
//! - the expected interval is the account's own setting (as set now: the
//!   change log keeps earlier settings, but a setting is a standing
//!   agreement and rarely changes), else the rhythm learned from the touch
//!   days before the contact (the same median-of-recent-gaps rule), else
//!   the configured default;
//! - quiet means days silent > expected interval. Only the first contact
//!   of a silence can be quiet: it is itself a touch.
//!
//! Each customer counts once. Won back: some quiet contact was followed by
//! an order within 60 days after it (the first such contact decides);
//! otherwise the latest quiet contact decides, and if its 60 days have not
//! yet run out by the as-of date the customer is also counted as
//! `pending` (they may still order). The lapse reason is the account's
//! reason as given (dated by the conversation that gave it) by the end of
//! the deciding contact's 60 days, or the as-of date if sooner: the reason
//! is usually learned during the win-back calls. No reason recorded counts
//! as `unknown`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::interval::{expected_interval, learned_interval, GAPS_CONSIDERED};
use crate::domain::triage::LapseReason;

/// Days after a quiet contact within which an order counts as won back.
pub const WINBACK_WINDOW_DAYS: i64 = 60;

/// What a touch was, for win-back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TouchKind {
    Order,
    /// A conversation with the customer (call, email, meeting, visit).
    Contact,
    /// A note: a touch for the rhythm, but nobody was contacted.
    Note,
}

/// One touch of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touch {
    pub at: DateTime<Utc>,
    pub kind: TouchKind,
}

/// What win-back needs to know of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WinbackHistory {
    pub account_id: i64,
    /// The account's own expected interval, if set.
    pub interval_days: Option<u32>,
    /// Non-retracted conversations and non-voided orders, oldest first.
    pub touches: Vec<Touch>,
    /// Every lapse reason recorded for the account, oldest first.
    pub reasons: Vec<(DateTime<Utc>, LapseReason)>,
}

/// One lapse reason's win-back figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WinbackRow {
    pub lapse_reason: LapseReason,
    /// Customers contacted while quiet.
    pub contacted: u64,
    /// Of those, who ordered within 60 days of a quiet contact.
    pub won_back: u64,
    /// `won_back / contacted` (None when nobody was contacted).
    pub rate: Option<f64>,
    /// Not won back yet, the 60 days still running at the as-of date.
    pub pending: u64,
}

/// How one customer's quiet contacts ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub reason: LapseReason,
    pub won_back: bool,
    pub pending: bool,
}

/// Win-back by lapse reason (every reason, in its display order), from
/// touches before `until` (the first instant after the as-of day).
pub fn winback(
    accounts: &[WinbackHistory],
    until: DateTime<Utc>,
    default_days: u32,
) -> Vec<WinbackRow> {
    let mut rows: Vec<WinbackRow> = LapseReason::ALL
        .iter()
        .map(|&lapse_reason| WinbackRow {
            lapse_reason,
            contacted: 0,
            won_back: 0,
            rate: None,
            pending: 0,
        })
        .collect();
    for a in accounts {
        let Some(o) = outcome(a, until, default_days) else {
            continue;
        };
        if let Some(row) = rows.iter_mut().find(|r| r.lapse_reason == o.reason) {
            row.contacted += 1;
            row.won_back += u64::from(o.won_back);
            row.pending += u64::from(o.pending);
        }
    }
    for r in rows.iter_mut() {
        r.rate = (r.contacted > 0).then(|| r.won_back as f64 / r.contacted as f64);
    }
    rows
}

/// The contacts of `a` made while it was quiet, before `until`.
pub fn quiet_contacts(
    a: &WinbackHistory,
    until: DateTime<Utc>,
    default_days: u32,
) -> Vec<DateTime<Utc>> {
    let touches = &a.touches;
    let mut quiet = Vec::new();
    let mut previous: Option<DateTime<Utc>> = None;
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut ordered = false;
    let mut i = 0;
    while i < touches.len() && touches[i].at < until {
        let at = touches[i].at;
        // Touches at the same instant see the same past.
        let same = touches[i..].iter().take_while(|t| t.at == at).count();
        let group = &touches[i..i + same];
        if let Some(prev) = previous.filter(|_| ordered) {
            if group.iter().any(|t| t.kind == TouchKind::Contact) {
                // The rhythm learned as the store learns it: UTC days of
                // the recent touches.
                let recent = &days[days.len().saturating_sub(GAPS_CONSIDERED + 1)..];
                let (expected, _) =
                    expected_interval(a.interval_days, learned_interval(recent), default_days);
                if (at - prev).num_days() as f64 > expected {
                    quiet.push(at);
                }
            }
        }
        for t in group {
            ordered |= t.kind == TouchKind::Order;
        }
        let day = at.date_naive();
        if days.last() != Some(&day) {
            days.push(day);
        }
        previous = Some(at);
        i += same;
    }
    quiet
}

/// How `a`'s quiet contacts ended, or None if it had none.
pub fn outcome(a: &WinbackHistory, until: DateTime<Utc>, default_days: u32) -> Option<Outcome> {
    let contacts = quiet_contacts(a, until, default_days);
    let window = Duration::days(WINBACK_WINDOW_DAYS);
    let ordered_after = |c: DateTime<Utc>| {
        a.touches
            .iter()
            .any(|t| t.kind == TouchKind::Order && t.at > c && t.at <= c + window && t.at < until)
    };
    let (deciding, won_back) = match contacts.iter().find(|c| ordered_after(**c)) {
        Some(c) => (*c, true),
        None => (*contacts.last()?, false),
    };
    let known_by = (deciding + window).min(until);
    let reason = a
        .reasons
        .iter()
        .rev()
        .find(|(at, _)| *at <= known_by)
        .map_or(LapseReason::Unknown, |(_, r)| *r);
    Some(Outcome {
        reason,
        won_back,
        pending: !won_back && deciding + window >= until,
    })
}

#[cfg(test)]
#[path = "winback_tests.rs"]
mod tests;
