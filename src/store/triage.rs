//! The Quiet list and the Today queue, read from per-account facts kept
//! current on write: the cost follows the number of accounts, never the
//! number of conversations.

use chrono::{DateTime, NaiveDate, Utc};

use super::{parse_ts, parse_word, ts, Result, Store};
use crate::domain::interval::{expected_interval, overdue_ratio};
use crate::domain::triage::{today_queue, LapseReason, QuietRow, TodayCounts, TodayItem};

/// How many quiet accounts without a plan the Today queue brings up.
pub const TODAY_QUIET_LIMIT: usize = 20;

impl Store {
    /// Accounts gone quiet as of `now`, most overdue (relative to their own
    /// rhythm) first. Archived and lost accounts are left out.
    pub fn quiet_accounts(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
        limit: Option<usize>,
    ) -> Result<Vec<QuietRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, reading, last_touch_at, last_touch_kind, last_touch_summary, \
                    interval_days, learned_interval_days, last_order_amount, lapse_reason, next_follow_up_on, \
                    CAST(julianday(?1) - julianday(last_touch_at) AS INTEGER) AS silent, \
                    coalesce(interval_days, learned_interval_days, ?2) AS expected \
             FROM accounts \
             WHERE archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL \
               AND CAST(julianday(?1) - julianday(last_touch_at) AS INTEGER) > coalesce(interval_days, learned_interval_days, ?2) \
             ORDER BY CAST(julianday(?1) - julianday(last_touch_at) AS INTEGER) * 1.0 \
                      / max(coalesce(interval_days, learned_interval_days, ?2), 1) DESC, id \
             LIMIT ?3",
        )?;
        let limit = limit.map_or(-1, |l| l as i64);
        let rows = st.query_map(rusqlite::params![ts(now), default_days, limit], |r| {
            let (expected, source) = expected_interval(r.get(6)?, r.get(7)?, default_days);
            let silent: i64 = r.get(11)?;
            let next: Option<String> = r.get(10)?;
            Ok(QuietRow {
                account_id: r.get(0)?,
                name: r.get(1)?,
                reading: r.get(2)?,
                last_touch_at: parse_ts(3, &r.get::<_, String>(3)?)?,
                last_touch_kind: r.get(4)?,
                last_touch_summary: r.get(5)?,
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
                next_follow_up_on: next
                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The Today queue and the day's counts, as of `now`.
    pub fn today(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<(Vec<TodayItem>, TodayCounts)> {
        let quiet = self.quiet_accounts(now, default_days, None)?;
        self.today_with(now, quiet)
    }

    /// The Today queue from quiet rows already loaded (the TUI has them
    /// for its Quiet screen; no need to rank every account twice).
    pub fn today_with(
        &self,
        now: DateTime<Utc>,
        quiet: Vec<QuietRow>,
    ) -> Result<(Vec<TodayItem>, TodayCounts)> {
        let today = self.local_day(now);
        let due = self.follow_ups_due(today)?;
        let quiet_without_plan = quiet.iter().filter(|q| !q.has_open_follow_up).count();
        let start_of_day = today
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(self.local_offset).single())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now);
        let counts = TodayCounts {
            due_today: due.iter().filter(|f| f.due_on == today).count(),
            overdue: due.iter().filter(|f| f.due_on < today).count(),
            done_today: self.done_since(start_of_day)?,
            quiet_without_plan,
        };
        Ok((today_queue(due, quiet, today, TODAY_QUIET_LIMIT), counts))
    }
}
