//! Follow-ups, contact plans, why customers stop, and the Today queue.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use compact_str::CompactString;
use serde::Serialize;

use super::interval::IntervalSource;
use super::model::ConversationKind;

word_enum!(
    /// Where a follow-up stands. Done and cancelled ones stay in history.
    FollowUpState { Open => "open", Done => "done", Cancelled => "cancelled" }
);
word_enum!(
    /// Why a customer stopped buying: the three reasons customers give, or unknown.
    LapseReason {
        LifeChanged => "life_changed",
        SomethingWrong => "something_wrong",
        NoValue => "no_value",
        Unknown => "unknown",
    }
);

/// A scheduled contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub kind: ConversationKind,
    pub due_on: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub note: String,
    pub state: FollowUpState,
    pub conversation_id: Option<i64>,
    pub cancel_reason: Option<String>,
    pub plan_name: Option<String>,
}

/// What `follow-up` or the schedule form submits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub kind: ConversationKind,
    pub due_on: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub note: String,
}

/// A named list of steps applied after, e.g., a first purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub id: i64,
    pub name: String,
    pub auto_on_first_order: bool,
    pub steps: Vec<PlanStep>,
}

/// One step: so many days after the start, do this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    pub offset_days: u32,
    pub kind: ConversationKind,
    pub note: String,
}

/// One recorded change of a plan: which field, from what, to what, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanChange {
    /// `name`, `auto_on_first_order` or `steps` (one `DAYS:KIND:NOTE` a line).
    pub field: String,
    pub old: String,
    pub new: String,
    pub at: DateTime<Utc>,
}

/// Why a plan step could not be read (typed; `I18n::step_problem` says it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepProblem {
    /// No `:` between the days and the note.
    NoColon(String),
    /// The part before `:` is not a whole number of days.
    NotDays(String),
    /// Nothing after the `:`.
    EmptyNote(String),
}

impl PlanStep {
    /// Parse `DAYS:NOTE` (`7:check how it is going`), or `DAYS:KIND:NOTE`
    /// with a conversation kind (`30:email:refill offer`; a kind's
    /// Japanese label is read too, through `kind_word`).
    pub fn parse(s: &str) -> Result<PlanStep, StepProblem> {
        PlanStep::parse_with(s, |w| ConversationKind::parse(w).ok())
    }

    /// [`PlanStep::parse`] reading a kind with `kind_word`.
    pub fn parse_with(
        s: &str,
        kind_word: impl Fn(&str) -> Option<ConversationKind>,
    ) -> Result<PlanStep, StepProblem> {
        let (days, rest) = s
            .split_once([':', '：'])
            .ok_or_else(|| StepProblem::NoColon(s.trim().to_string()))?;
        let offset_days = days
            .trim()
            .parse::<u32>()
            .map_err(|_| StepProblem::NotDays(days.trim().to_string()))?;
        let (kind, note) = match rest.split_once([':', '：']) {
            Some((k, note)) => match kind_word(k.trim()) {
                Some(kind) => (kind, note),
                None => (ConversationKind::Call, rest),
            },
            None => (ConversationKind::Call, rest),
        };
        if note.trim().is_empty() {
            return Err(StepProblem::EmptyNote(s.trim().to_string()));
        }
        Ok(PlanStep {
            offset_days,
            kind,
            note: note.trim().to_string(),
        })
    }

    /// The step as `parse` reads it back: `DAYS:KIND:NOTE`.
    pub fn line(&self) -> String {
        format!("{}:{}:{}", self.offset_days, self.kind, self.note)
    }
}

/// One account that has gone quiet, with what the Quiet screen shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuietRow {
    pub account_id: i64,
    /// Short strings are held inline (no allocation): a million
    /// accounts have ~380k quiet rows.
    pub name: CompactString,
    pub reading: Option<CompactString>,
    #[serde(serialize_with = "super::time::ser")]
    pub last_touch_at: DateTime<Utc>,
    /// A conversation kind, or `order`.
    pub last_touch_kind: Option<CompactString>,
    pub last_touch_summary: Option<CompactString>,
    pub days_silent: i64,
    pub expected_interval_days: f64,
    pub interval_source: IntervalSource,
    pub overdue_ratio: f64,
    pub last_order_amount: Option<i64>,
    pub lapse_reason: Option<LapseReason>,
    pub has_open_follow_up: bool,
    pub next_follow_up_on: Option<NaiveDate>,
}

/// One item of the Today queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TodayItem {
    FollowUp {
        follow_up: FollowUp,
        overdue_days: i64,
    },
    Quiet(QuietRow),
    /// An open deal past its expected close date, or rotting.
    Deal {
        deal: Box<super::deals::Deal>,
        /// Days past its expected close date (0: not past).
        overdue_days: i64,
        /// Days without activity, when that is past its stage's limit.
        rotting_days: Option<i64>,
    },
}

impl TodayItem {
    /// The account this item is about.
    pub fn account_id(&self) -> i64 {
        match self {
            TodayItem::FollowUp { follow_up, .. } => follow_up.account_id,
            TodayItem::Quiet(q) => q.account_id,
            TodayItem::Deal { deal, .. } => deal.account_id,
        }
    }
}

/// How many deals the Today queue brings up at most: the day belongs to
/// the calls; the rest wait on the Pipeline, counted above the queue.
pub const TODAY_DEAL_LIMIT: usize = 5;

/// The open deals that need a word today: past their expected close date
/// or rotting, the most promising first (the prospect score), then the
/// longest overdue.
pub fn deals_for_today(
    deals: Vec<super::deals::Deal>,
    pipeline: &super::deals::Pipeline,
    minor_units: u8,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Vec<TodayItem> {
    let mut items: Vec<(i64, i64, TodayItem)> = deals
        .into_iter()
        .filter_map(|d| {
            let overdue_days = d.days_overdue(today);
            let rotting_days = d.rotting(pipeline, now).then(|| d.days_quiet(now));
            if overdue_days == 0 && rotting_days.is_none() {
                return None;
            }
            let score = d.score(pipeline, minor_units, now, today).total;
            Some((
                score,
                overdue_days,
                TodayItem::Deal {
                    deal: Box::new(d),
                    overdue_days,
                    rotting_days,
                },
            ))
        })
        .collect();
    items.sort_by_key(|i| std::cmp::Reverse((i.0, i.1)));
    items.into_iter().map(|(_, _, i)| i).collect()
}

/// The queue with `deals` after its overdue follow-ups (before today's).
/// Of `deals`, the first [`TODAY_DEAL_LIMIT`].
pub fn with_deals(mut queue: Vec<TodayItem>, deals: Vec<TodayItem>) -> Vec<TodayItem> {
    let at = queue
        .iter()
        .position(|i| !matches!(i, TodayItem::FollowUp { overdue_days, .. } if *overdue_days > 0))
        .unwrap_or(queue.len());
    queue.splice(at..at, deals.into_iter().take(TODAY_DEAL_LIMIT));
    queue
}

/// The day's counts shown above the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct TodayCounts {
    pub due_today: usize,
    pub overdue: usize,
    pub done_today: usize,
    pub quiet_without_plan: usize,
    /// Open deals past their close date or rotting (the queue shows the
    /// first few).
    pub deals: usize,
}

/// How many quiet accounts without a plan the Today queue brings up.
pub const TODAY_QUIET_LIMIT: usize = 20;

/// The counts above the queue, from open follow-ups due by `today`, the
/// quiet rows and how many were done today.
pub fn count_today(
    due: &[FollowUp],
    quiet: &[QuietRow],
    today: NaiveDate,
    done_today: usize,
) -> TodayCounts {
    let open_due = || due.iter().filter(|f| f.state == FollowUpState::Open);
    TodayCounts {
        due_today: open_due().filter(|f| f.due_on == today).count(),
        overdue: open_due().filter(|f| f.due_on < today).count(),
        done_today,
        quiet_without_plan: quiet.iter().filter(|q| !q.has_open_follow_up).count(),
        deals: 0,
    }
}

/// An expected interval in whole days, as lists show it (23.5 is 24; at
/// least 1): the quiet rule reads the same number the operator sees.
pub fn interval_days_shown(expected_days: f64) -> i64 {
    (expected_days.round() as i64).max(1)
}

/// Quiet: silent for more whole days than the usual interval as shown. A
/// customer exactly at their rhythm (24 of a usual 24 days) is not quiet.
/// Quiet, Today and the CLI all read the store's list, which applies this.
pub fn is_quiet(days_silent: i64, expected_days: f64) -> bool {
    days_silent > interval_days_shown(expected_days)
}

/// Quiet order: most overdue for its own rhythm first; ties by id, so the
/// order is stable.
pub fn quiet_order(a: &QuietRow, b: &QuietRow) -> std::cmp::Ordering {
    b.overdue_ratio
        .total_cmp(&a.overdue_ratio)
        .then(a.account_id.cmp(&b.account_id))
}

/// Assemble the queue: overdue follow-ups (oldest first), then today's,
/// then the most overdue quiet accounts that have no follow-up.
/// `follow_ups` are the open ones due on or before `today`, any order.
pub fn today_queue(
    mut follow_ups: Vec<FollowUp>,
    quiet: &[QuietRow],
    today: NaiveDate,
    quiet_limit: usize,
) -> Vec<TodayItem> {
    follow_ups.retain(|f| f.state == FollowUpState::Open && f.due_on <= today);
    follow_ups.sort_by_key(|a| (a.due_on, a.due_time, a.id));
    let mut out: Vec<TodayItem> = follow_ups
        .into_iter()
        .map(|f| TodayItem::FollowUp {
            overdue_days: (today - f.due_on).num_days(),
            follow_up: f,
        })
        .collect();
    // The best few of possibly tens of thousands: select, then sort only them.
    let mut candidates: Vec<&QuietRow> = quiet.iter().filter(|q| !q.has_open_follow_up).collect();
    if candidates.len() > quiet_limit && quiet_limit > 0 {
        candidates.select_nth_unstable_by(quiet_limit - 1, |a, b| quiet_order(a, b));
    }
    candidates.truncate(quiet_limit);
    candidates.sort_by(|a, b| quiet_order(a, b));
    out.extend(candidates.into_iter().cloned().map(TodayItem::Quiet));
    out
}

#[cfg(test)]
#[path = "triage_tests.rs"]
mod tests;
