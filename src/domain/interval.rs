//! Expected contact interval and "gone quiet", per account.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// The expected interval when neither the account nor its history says.
pub const DEFAULT_INTERVAL_DAYS: u32 = 30;

/// Gaps needed before an account's own rhythm is trusted.
pub const MIN_GAPS_TO_LEARN: usize = 3;
/// How many recent gaps the learned interval looks at.
pub const GAPS_CONSIDERED: usize = 10;

/// Where an account's expected interval came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalSource {
    Account,
    Learned,
    Default,
}

/// The median gap in days between distinct touch days, newest last in
/// `days`; `None` until there are [`MIN_GAPS_TO_LEARN`] gaps.
pub fn learned_interval(days: &[NaiveDate]) -> Option<f64> {
    let mut sorted: Vec<NaiveDate> = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut gaps: Vec<i64> = sorted
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .collect();
    if gaps.len() > GAPS_CONSIDERED {
        gaps.drain(..gaps.len() - GAPS_CONSIDERED);
    }
    if gaps.len() < MIN_GAPS_TO_LEARN {
        return None;
    }
    gaps.sort_unstable();
    let n = gaps.len();
    let median = if n % 2 == 1 {
        gaps[n / 2] as f64
    } else {
        (gaps[n / 2 - 1] + gaps[n / 2]) as f64 / 2.0
    };
    Some(median.max(1.0))
}

/// The interval in force and where it came from.
pub fn expected_interval(
    set_on_account: Option<u32>,
    learned: Option<f64>,
    default_days: u32,
) -> (f64, IntervalSource) {
    match (set_on_account, learned) {
        (Some(d), _) => (f64::from(d.max(1)), IntervalSource::Account),
        (None, Some(l)) => (l.max(1.0), IntervalSource::Learned),
        (None, None) => (f64::from(default_days.max(1)), IntervalSource::Default),
    }
}

/// Whole days since the last touch (0 when never touched is not asked:
/// an account never touched has no rhythm to break).
pub fn days_silent(last_touch: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - last_touch).num_days().max(0)
}

/// How overdue relative to the account's own rhythm: silent / expected.
pub fn overdue_ratio(days_silent: i64, expected_days: f64) -> f64 {
    days_silent as f64 / expected_days.max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn learns_median_of_recent_gaps_once_there_are_enough() {
        assert_eq!(learned_interval(&[d(1, 1), d(1, 8), d(1, 15)]), None);
        assert_eq!(
            learned_interval(&[d(1, 1), d(1, 8), d(1, 15), d(1, 22)]),
            Some(7.0)
        );
        // Same-day touches collapse; an outlier does not move the median.
        assert_eq!(
            learned_interval(&[d(1, 1), d(1, 1), d(1, 8), d(1, 15), d(3, 15)]),
            Some(7.0)
        );
        // Even count: mean of the two middle gaps.
        assert_eq!(
            learned_interval(&[d(1, 1), d(1, 3), d(1, 7), d(1, 13), d(1, 21)]),
            Some(5.0)
        );
    }

    #[test]
    fn account_setting_beats_learned_beats_default() {
        assert_eq!(
            expected_interval(Some(14), Some(7.0), 30),
            (14.0, IntervalSource::Account)
        );
        assert_eq!(
            expected_interval(None, Some(7.0), 30),
            (7.0, IntervalSource::Learned)
        );
        assert_eq!(
            expected_interval(None, None, 30),
            (30.0, IntervalSource::Default)
        );
    }

    #[test]
    fn weekly_customer_three_weeks_silent_outranks_yearly_thirteen_months() {
        let weekly = overdue_ratio(21, 7.0);
        let yearly = overdue_ratio(395, 365.0);
        assert!(weekly > yearly);
    }
}
