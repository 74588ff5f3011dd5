//! The Quiet list and the Today queue, read from per-account facts kept
//! current on write: the cost follows the number of accounts, never the
//! number of conversations.

use chrono::{DateTime, NaiveDate, Utc};

use super::{parse_ts, parse_word, Result, Store};
use crate::domain::interval::{days_silent, expected_interval, overdue_ratio};
use crate::domain::triage::{
    count_today, is_quiet, quiet_order, today_queue, LapseReason, QuietRow, TodayCounts, TodayItem,
    TODAY_QUIET_LIMIT,
};
use crate::domain::zone::Zone;

/// The last touch's summary is an order's whole note or a conversation's
/// summary, which can be megabytes: lists read a preview of it.
const QUIET_COLS: &str = "last_touch_at, interval_days, learned_interval_days, id, name, \
    reading, last_touch_kind, substr(last_touch_summary, 1, 200), last_order_amount, \
    lapse_reason, next_follow_up_on";

/// The quiet row for one `QUIET_COLS` row, or `None` when within rhythm.
fn quiet_from(
    r: &rusqlite::Row<'_>,
    now: DateTime<Utc>,
    default_days: u32,
) -> rusqlite::Result<Option<QuietRow>> {
    let last_touch_at = parse_ts(0, r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?;
    let (expected, source) = expected_interval(r.get(1)?, r.get(2)?, default_days);
    let silent = days_silent(last_touch_at, now);
    if !is_quiet(silent, expected) {
        return Ok(None);
    }
    let next: Option<String> = r.get(10)?;
    Ok(Some(QuietRow {
        account_id: r.get(3)?,
        name: r.get(4)?,
        reading: r.get(5)?,
        last_touch_at,
        last_touch_kind: r.get(6)?,
        last_touch_summary: r.get(7)?,
        days_silent: silent,
        expected_interval_days: expected,
        interval_source: source,
        overdue_ratio: overdue_ratio(silent, expected),
        last_order_amount: r.get(8)?,
        lapse_reason: r
            .get::<_, Option<String>>(9)?
            .map(|s| parse_word(9, &s, LapseReason::parse))
            .transpose()?,
        has_open_follow_up: next.is_some(),
        next_follow_up_on: next.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
    }))
}

impl Store {
    /// Accounts gone quiet as of `now`, most overdue (relative to their own
    /// rhythm) first. Archived and lost accounts are left out.
    pub fn quiet_accounts(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
        limit: Option<usize>,
    ) -> Result<Vec<QuietRow>> {
        // One pass over the accounts table; the rule is applied here, in
        // Rust, and only quiet rows have their text columns read. (Doing
        // the date arithmetic in SQL cost ~0.25 s at 100k accounts.)
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {QUIET_COLS} FROM accounts NOT INDEXED \
                 WHERE archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL"
        ))?;
        let mut rows = st.query([])?;
        let mut out: Vec<QuietRow> = Vec::new();
        while let Some(r) = rows.next()? {
            if let Some(q) = quiet_from(r, now, default_days)? {
                out.push(q);
            }
        }
        out.sort_by(quiet_order);
        if let Some(l) = limit {
            out.truncate(l);
        }
        Ok(out)
    }

    /// One account's quiet row as of `now`, or `None` when it is not quiet
    /// (or archived, or lost): for refreshing after a write to it.
    pub fn quiet_row(
        &self,
        id: i64,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<Option<QuietRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {QUIET_COLS} FROM accounts WHERE id = ?1 \
             AND archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL"
        ))?;
        let mut rows = st.query([id])?;
        match rows.next()? {
            Some(r) => Ok(quiet_from(r, now, default_days)?),
            None => Ok(None),
        }
    }

    /// The Today queue and the day's counts, as of `now`.
    pub fn today(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<(Vec<TodayItem>, TodayCounts)> {
        let quiet = self.quiet_accounts(now, default_days, None)?;
        self.today_with(now, &quiet)
    }

    /// The Today queue from quiet rows already loaded (the TUI has them
    /// for its Quiet screen; no need to rank every account twice).
    pub fn today_with(
        &self,
        now: DateTime<Utc>,
        quiet: &[QuietRow],
    ) -> Result<(Vec<TodayItem>, TodayCounts)> {
        let today = self.local_day(now);
        let due = self.follow_ups_due(today)?;
        let done = self.done_today(now)?;
        let mut counts = count_today(&due, quiet, today, done);
        let queue = today_queue(due, quiet, today, TODAY_QUIET_LIMIT);
        let deals = self.deals_for_today(now)?;
        counts.deals = deals.len();
        Ok((crate::domain::triage::with_deals(queue, deals), counts))
    }

    /// The open deals past their expected close date or rotting, the
    /// most promising first.
    pub fn deals_for_today(&self, now: DateTime<Utc>) -> Result<Vec<TodayItem>> {
        let today = self.local_day(now);
        let deals = self.deals_past_due_or_still(now)?;
        Ok(crate::domain::triage::deals_for_today(
            deals,
            self.pipeline(),
            self.currency().minor_units,
            now,
            today,
        ))
    }

    /// Follow-ups completed since the start of the operator's day.
    pub fn done_today(&self, now: DateTime<Utc>) -> Result<usize> {
        let today = self.local_day(now);
        let start_of_day = self.zone.day_start(today).unwrap_or(now);
        self.done_since(start_of_day)
    }
}
