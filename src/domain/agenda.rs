//! Follow-up edits kept on record, the undo of the last reversible
//! action, and the Agenda: open follow-ups by day and what was done today.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::model::ConversationKind;
use super::triage::FollowUp;

/// What an edit of an open follow-up changes: `None` leaves a field as it
/// is; `Some(None)` clears an optional one (time, contact).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUpChange {
    pub due_on: Option<NaiveDate>,
    pub due_time: Option<Option<NaiveTime>>,
    pub kind: Option<ConversationKind>,
    pub contact_id: Option<Option<i64>>,
    pub note: Option<String>,
}

word_enum!(
    /// A follow-up field whose earlier value is kept when it changes.
    FollowUpField {
        DueOn => "due_on",
        DueTime => "due_time",
        Kind => "kind",
        Contact => "contact",
        Note => "note",
        State => "state",
        CancelReason => "cancel_reason",
        ClosedAt => "closed_at",
    }
);

/// One recorded change of one follow-up field (stored words: dates as
/// `YYYY-MM-DD`, times `HH:MM`, a contact by id, a state by its word).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpFieldChange {
    pub field: FollowUpField,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    #[serde(serialize_with = "super::time::ser")]
    pub at: DateTime<Utc>,
}

/// The last reversible action, as the TUI remembers it for `u`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undo {
    /// An account was archived: restore it.
    Archive(i64),
    /// A follow-up was snoozed: move it back.
    Snooze(i64),
    /// A follow-up was cancelled: reopen it.
    Cancel(i64),
    /// An order was voided: restore it.
    Void(i64),
    /// A conversation was retracted: restore it.
    Retract(i64),
}

/// How many follow-ups each part of the Agenda holds at most (and how
/// many things done today): a screen's worth many times over.
pub const AGENDA_LIMIT: usize = 2000;

/// How many days ahead the Agenda shows by default.
pub const AGENDA_DAYS: i64 = 28;

/// The Agenda's content: open follow-ups from the overdue ones to the last
/// day asked for, and what was closed or logged today.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Agenda {
    /// Open follow-ups due before the first day, oldest first.
    pub overdue: Vec<FollowUp>,
    /// Open follow-ups from the first day through the last, by day and time.
    pub upcoming: Vec<FollowUp>,
    /// What was done today, in the order it happened.
    pub done_today: Vec<DoneToday>,
}

/// One thing done today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneToday {
    pub at: DateTime<Utc>,
    pub account_id: i64,
    pub account_name: String,
    pub kind: ConversationKind,
    pub what: DoneKind,
    /// The follow-up's note, or the conversation's summary.
    pub text: String,
}

/// How a [`DoneToday`] came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneKind {
    /// A follow-up completed (by the conversation that closed it).
    Completed,
    /// A follow-up cancelled.
    Cancelled,
    /// A conversation logged (not closing a follow-up).
    Logged,
}
