//! History rules shared by every front end: what is refused when a record
//! is retracted, voided or re-applied, and how far ahead of the clock a
//! touch may be dated.

use chrono::{DateTime, Duration, NaiveDate, Offset, Utc};

use crate::domain::zone::Zone;

/// How far ahead of our clock a conversation or order may be dated: a
/// phone or another machine a few minutes fast is not a planned call.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// The catalogue key for "dated in the future" (a field problem, so forms
/// show it at the date field).
pub const IN_FUTURE: &str = "record_history.in_future";

/// When a touch dated `at` counts as having happened, given `now`: as
/// dated, or `now` when it is at most [`CLOCK_SKEW`] ahead (so the last
/// touch is never in the future). `None` when it lies further ahead: a
/// planned call is a follow-up, not history.
pub fn happened_by(at: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if at <= now {
        Some(at)
    } else if at - now <= CLOCK_SKEW {
        Some(now)
    } else {
        None
    }
}

/// A request that contradicts what is on record: a user mistake, shown in
/// the operator's language with what is there now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Retracting a conversation that is retracted already.
    AlreadyRetracted {
        id: i64,
        reason: String,
        at: DateTime<Utc>,
    },
    /// Restoring a conversation that is not retracted.
    NotRetracted { id: i64 },
    /// Voiding an order that is voided already.
    AlreadyVoided {
        id: i64,
        reason: String,
        at: DateTime<Utc>,
    },
    /// Restoring an order that is not voided.
    NotVoided { id: i64 },
    /// Editing a voided order (restore it first).
    EditVoided { id: i64 },
    /// An order edit that changes nothing.
    NothingChanged { id: i64 },
    /// Applying a plan the account already has (without "again").
    PlanApplied { plan: String, on: DateTime<Utc> },
    /// Editing, snoozing or cancelling a follow-up that is done already.
    FollowUpDone { id: i64 },
    /// Editing, snoozing or cancelling a follow-up that is cancelled.
    FollowUpCancelled { id: i64 },
    /// A follow-up edit that changes nothing.
    FollowUpUnchanged { id: i64 },
    /// Reopening a follow-up that is not cancelled.
    FollowUpNotCancelled { id: i64 },
    /// Undoing a snooze when the follow-up's last move was no snooze.
    NoSnoozeToUndo { id: i64 },
    /// Winning a deal that is won already.
    DealWonAlready { id: i64, at: DateTime<Utc> },
    /// Losing (or winning) a deal that is lost already.
    DealLostAlready { id: i64, at: DateTime<Utc> },
    /// Editing or moving a won or lost deal (reopen it first).
    DealClosed { id: i64 },
    /// Reopening a deal that is open.
    DealOpen { id: i64 },
    /// A deal edit or move that changes nothing.
    DealUnchanged { id: i64 },
}

impl Refusal {
    /// Every variant, with sample values (catalogue tests).
    pub fn samples() -> Vec<Refusal> {
        let at = DateTime::<Utc>::UNIX_EPOCH;
        vec![
            Refusal::AlreadyRetracted {
                id: 1,
                reason: "r".into(),
                at,
            },
            Refusal::NotRetracted { id: 1 },
            Refusal::AlreadyVoided {
                id: 1,
                reason: "r".into(),
                at,
            },
            Refusal::NotVoided { id: 1 },
            Refusal::EditVoided { id: 1 },
            Refusal::NothingChanged { id: 1 },
            Refusal::PlanApplied {
                plan: "p".into(),
                on: at,
            },
            Refusal::FollowUpDone { id: 1 },
            Refusal::FollowUpCancelled { id: 1 },
            Refusal::FollowUpUnchanged { id: 1 },
            Refusal::FollowUpNotCancelled { id: 1 },
            Refusal::NoSnoozeToUndo { id: 1 },
            Refusal::DealWonAlready { id: 1, at },
            Refusal::DealLostAlready { id: 1, at },
            Refusal::DealClosed { id: 1 },
            Refusal::DealOpen { id: 1 },
            Refusal::DealUnchanged { id: 1 },
        ]
    }

    /// The message-catalogue key.
    pub fn key(&self) -> &'static str {
        match self {
            Refusal::AlreadyRetracted { .. } => "record_history.already_retracted",
            Refusal::NotRetracted { .. } => "record_history.not_retracted",
            Refusal::AlreadyVoided { .. } => "record_history.already_voided",
            Refusal::NotVoided { .. } => "record_history.not_voided",
            Refusal::EditVoided { .. } => "record_history.edit_voided",
            Refusal::NothingChanged { .. } => "record_history.nothing_changed",
            Refusal::PlanApplied { .. } => "record_history.plan_applied",
            Refusal::FollowUpDone { .. } => "agenda11.follow_up_done",
            Refusal::FollowUpCancelled { .. } => "agenda11.follow_up_cancelled",
            Refusal::FollowUpUnchanged { .. } => "agenda11.follow_up_unchanged",
            Refusal::FollowUpNotCancelled { .. } => "agenda11.follow_up_not_cancelled",
            Refusal::NoSnoozeToUndo { .. } => "agenda11.no_snooze_to_undo",
            Refusal::DealWonAlready { .. } => "deals12.won_already",
            Refusal::DealLostAlready { .. } => "deals12.lost_already",
            Refusal::DealClosed { .. } => "deals12.closed",
            Refusal::DealOpen { .. } => "deals12.open_already",
            Refusal::DealUnchanged { .. } => "deals12.unchanged",
        }
    }

    /// The placeholders of the message, times in the operator's calendar.
    pub fn args(&self, zone: &dyn Zone) -> Vec<(&'static str, String)> {
        let local = |t: &DateTime<Utc>| zone.local_time(*t).format("%Y-%m-%d %H:%M");
        match self {
            Refusal::AlreadyRetracted { id, reason, at }
            | Refusal::AlreadyVoided { id, reason, at } => vec![
                ("id", id.to_string()),
                ("reason", crate::domain::text::sanitize(reason).into_owned()),
                ("at", local(at).to_string()),
            ],
            Refusal::NotRetracted { id }
            | Refusal::NotVoided { id }
            | Refusal::EditVoided { id }
            | Refusal::NothingChanged { id }
            | Refusal::FollowUpDone { id }
            | Refusal::FollowUpCancelled { id }
            | Refusal::FollowUpUnchanged { id }
            | Refusal::FollowUpNotCancelled { id }
            | Refusal::NoSnoozeToUndo { id }
            | Refusal::DealClosed { id }
            | Refusal::DealOpen { id }
            | Refusal::DealUnchanged { id } => vec![("id", id.to_string())],
            Refusal::DealWonAlready { id, at } | Refusal::DealLostAlready { id, at } => {
                vec![("id", id.to_string()), ("at", local(at).to_string())]
            }
            Refusal::PlanApplied { plan, on } => vec![
                ("plan", crate::domain::text::sanitize(plan).into_owned()),
                ("on", day(zone.local_day(*on))),
            ],
        }
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Untranslated form (logs); front ends translate with key + args.
        write!(f, "{}", self.key())?;
        for (name, value) in self.args(&chrono::Utc.fix()) {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_few_minutes_ahead_counts_as_now_and_more_is_refused() {
        let now = t("2026-11-23T00:00:00Z");
        let cases = [
            ("2026-11-22T23:00:00Z", Some("2026-11-22T23:00:00Z")),
            ("2026-11-23T00:00:00Z", Some("2026-11-23T00:00:00Z")),
            ("2026-11-23T00:04:59Z", Some("2026-11-23T00:00:00Z")),
            ("2026-11-23T00:05:00Z", Some("2026-11-23T00:00:00Z")),
            ("2026-11-23T00:05:01Z", None),
            ("2026-11-24T00:00:00Z", None),
        ];
        for (at, want) in cases {
            assert_eq!(happened_by(t(at), now), want.map(t), "{at}");
        }
    }

    #[test]
    fn every_refusal_names_its_record() {
        for r in Refusal::samples() {
            let args = r.args(&chrono::FixedOffset::east_opt(9 * 3600).unwrap());
            assert!(!args.is_empty(), "{r:?}");
        }
    }
}
