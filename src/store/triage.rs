//! The Quiet list and the Today queue, read from per-account facts kept
//! current on write: the cost follows the number of accounts, never the
//! number of conversations.

use chrono::{DateTime, NaiveDate, Utc};

use super::{parse_ts, parse_word, Result, Store};
use crate::domain::interval::{days_silent, expected_interval, overdue_ratio};
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
        // One pass over the accounts table; the rule is applied here, in
        // Rust, and only quiet rows have their text columns read. (Doing
        // the date arithmetic in SQL cost ~0.25 s at 100k accounts.)
        let mut st = self.conn.prepare_cached(
            "SELECT last_touch_at, interval_days, learned_interval_days, id, name, reading, \
                    last_touch_kind, last_touch_summary, last_order_amount, lapse_reason, \
                    next_follow_up_on \
             FROM accounts NOT INDEXED \
             WHERE archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL",
        )?;
        let mut rows = st.query([])?;
        let mut out: Vec<QuietRow> = Vec::new();
        while let Some(r) = rows.next()? {
            let last_touch_at = parse_ts(0, r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?;
            let (expected, source) = expected_interval(r.get(1)?, r.get(2)?, default_days);
            let silent = days_silent(last_touch_at, now);
            if (silent as f64) <= expected {
                continue;
            }
            let next: Option<String> = r.get(10)?;
            out.push(QuietRow {
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
            });
        }
        out.sort_by(|a, b| {
            b.overdue_ratio
                .total_cmp(&a.overdue_ratio)
                .then(a.account_id.cmp(&b.account_id))
        });
        if let Some(l) = limit {
            out.truncate(l);
        }
        Ok(out)
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
