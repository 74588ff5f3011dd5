//! Day counts and "3 days ago" / "3日前" labels for lists such as the last
//! touch on an account. Pure: the caller passes `today` (local date).

use chrono::{Datelike, NaiveDate};

/// Whole days from `from` to `to`: positive when `to` is later.
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// A short label for how far `then` is from `today`, in English or Japanese.
///
/// Past: `today`/`今日`, `yesterday`/`昨日`, `N days ago`/`N日前` up to 13
/// days, `N weeks ago`/`N週間前` from 14 days, `N months ago`/`Nか月前` from
/// 60 days (30-day months), and `N years ago`/`N年前` once a calendar
/// anniversary has passed. The future mirrors it: `tomorrow`/`明日`,
/// `in N days`/`N日後`, and so on. Counts round down, so a label never
/// overstates how long it has been.
pub fn relative_day_label(then: NaiveDate, today: NaiveDate, ja: bool) -> String {
    let days = days_between(today, then);
    match (days, ja) {
        (0, false) => return "today".to_string(),
        (0, true) => return "今日".to_string(),
        (-1, false) => return "yesterday".to_string(),
        (-1, true) => return "昨日".to_string(),
        (1, false) => return "tomorrow".to_string(),
        (1, true) => return "明日".to_string(),
        _ => {}
    }
    let (earlier, later) = if days < 0 {
        (then, today)
    } else {
        (today, then)
    };
    let span = days.unsigned_abs();
    let years = whole_years(earlier, later);
    let (count, en_unit, ja_unit) = if years >= 1 {
        (years, "year", "年")
    } else if span >= 60 {
        (span / 30, "month", "か月")
    } else if span >= 14 {
        (span / 7, "week", "週間")
    } else {
        (span, "day", "日")
    };
    let plural = if count == 1 { "" } else { "s" };
    match (days < 0, ja) {
        (true, false) => format!("{count} {en_unit}{plural} ago"),
        (false, false) => format!("in {count} {en_unit}{plural}"),
        (true, true) => format!("{count}{ja_unit}前"),
        (false, true) => format!("{count}{ja_unit}後"),
    }
}

/// Completed calendar years from `earlier` to `later` (the anniversary
/// counts; a Feb 29 start completes its year on Mar 1 in common years).
fn whole_years(earlier: NaiveDate, later: NaiveDate) -> u64 {
    let mut years = i64::from(later.year()) - i64::from(earlier.year());
    if (later.month(), later.day()) < (earlier.month(), earlier.day()) {
        years -= 1;
    }
    years.max(0).unsigned_abs()
}

#[cfg(test)]
#[path = "relative_tests.rs"]
mod tests;
