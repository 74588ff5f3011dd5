//! Quick date entry: turns what an operator types ("tomorrow 9:00", "+2w",
//! "来週月曜", "R8.11.23") into a local calendar date or wall-clock time.
//!
//! Everything here is pure: callers pass `now`, so the same input always
//! resolves the same way in tests and under `SALESBENCH_NOW`.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use std::ops::RangeInclusive;
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

use super::zone::{LocalTimeProblem, Zone};

/// A resolved date entry, in the operator's local wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    /// A whole day: the input named no time of day.
    Date(NaiveDate),
    /// A day and a time of day.
    DateTime(NaiveDateTime),
}

impl When {
    /// The calendar day, whether or not a time was given.
    pub fn date(&self) -> NaiveDate {
        match self {
            When::Date(d) => *d,
            When::DateTime(dt) => dt.date(),
        }
    }

    /// The time of day, if the input gave one.
    pub fn time(&self) -> Option<NaiveTime> {
        match self {
            When::Date(_) => None,
            When::DateTime(dt) => Some(dt.time()),
        }
    }
}

/// Why a date entry could not be resolved. Each message names the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WhenError {
    /// Nothing but whitespace was typed.
    #[error("no date given (try today, tomorrow, +3d, mon, 2026-12-01, 12/1)")]
    Empty,
    /// The input matches none of the accepted forms.
    #[error("unrecognised date \"{0}\" (try today, tomorrow, +3d, mon, 2026-12-01, 12/1)")]
    Unrecognised(String),
    /// The form is right but the calendar has no such day (2026-02-30, 13/1).
    #[error("no such date: {0}")]
    NoSuchDate(String),
    /// The form is right but the clock has no such time (25:00, 14:60).
    #[error("no such time: {0} (use 24-hour time, 0:00 to 23:59)")]
    NoSuchTime(String),
    /// The result falls outside the range chrono can represent (+99999999y).
    #[error("date out of range: {0}")]
    OutOfRange(String),
    /// The local time does not exist: the clocks jump over it when daylight
    /// saving starts (02:30 on the March change day in New York).
    #[error("no such local time: {0} is skipped when the clocks go forward (daylight saving); give a time before or after the change")]
    SkippedTime(String),
}

/// How a recognised date form failed; `parse_when` turns it into a
/// `WhenError` that quotes the whole input as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fail {
    NoSuchDate,
    OutOfRange,
}

/// Size of one unit of a relative offset such as `+3d` or `2週間後`.
#[derive(Debug, Clone, Copy)]
enum Step {
    Days(i64),
    Months(i64),
}

/// Words that are a fixed number of days from today.
fn day_word(key: &str) -> Option<i64> {
    Some(match key {
        "today" | "今日" | "本日" | "きょう" => 0,
        "tomorrow" | "明日" | "あした" | "あす" => 1,
        "明後日" | "あさって" => 2,
        "yesterday" | "昨日" | "きのう" => -1,
        "一昨日" | "おととい" => -2,
        _ => return None,
    })
}

/// Week words, longest first so `再来週` is not read as `来週`.
#[rustfmt::skip]
const WEEK_WORDS: [(&str, i64); 5] =
    [("再来週", 2), ("先々週", -2), ("来週", 1), ("今週", 0), ("先週", -1)];

fn en_step(word: &str) -> Option<Step> {
    Some(match word {
        "d" | "day" | "days" => Step::Days(1),
        "w" | "wk" | "wks" | "week" | "weeks" => Step::Days(7),
        "m" | "mo" | "mos" | "month" | "months" => Step::Months(1),
        "y" | "yr" | "yrs" | "year" | "years" => Step::Months(12),
        _ => return None,
    })
}

/// Japanese counters; the ヶ/ケ/カ/ヵ/か/箇 spellings are all in real use.
fn ja_step(word: &str) -> Option<Step> {
    Some(match word {
        "日" => Step::Days(1),
        "週" | "週間" => Step::Days(7),
        "ヶ月" | "か月" | "カ月" | "ヵ月" | "ケ月" | "箇月" => Step::Months(1),
        "年" => Step::Months(12),
        _ => return None,
    })
}

/// Era prefix and the Gregorian year of its year 0.
#[rustfmt::skip]
const ERAS: [(&str, i32); 6] =
    [("令和", 2018), ("r", 2018), ("平成", 1988), ("h", 1988), ("昭和", 1925), ("s", 1925)];

/// Weekday names, Monday first to match chrono's `num_days_from_monday`.
const EN_DAYS: &str = "monday tuesday wednesday thursday friday saturday sunday";
const JA_DAYS: [char; 7] = ['月', '火', '水', '木', '金', '土', '日'];

/// Resolves a quick date entry against `now`, the operator's local
/// wall-clock time.
///
/// Accepted (case-insensitive; full-width digits and punctuation too):
/// `today` `tomorrow` `yesterday` `now`; `+3d` `3d` `-2d` `+2w` `+1m` `+1y`
/// (months clamp to month end: Jan 31 +1m is Feb 28/29); `mon`..`sun`,
/// `monday`..`sunday`, `月曜`/`月曜日` (next occurrence strictly after
/// today); `2026-12-01`, `2026/12/01`, `20261201`, `2026年12月1日`; `12/1`
/// and `12月1日` (next occurrence on or after today); `今日` `明日` `明後日`
/// `昨日` `一昨日`, `3日後` `2週間後` `1ヶ月後` `3日前`; `来週` (+7 days),
/// `来週月曜`/`来週の月曜日` (weeks start on Monday); era dates
/// `R8.11.23` `R8/11/23` `令和8年11月23日` `令和元年5月1日` `H31.4.30`
/// `S64.1.7` (era years are not checked against the era's end, because
/// documents printed before a change keep using the old era). Any of these
/// may be followed by a time `14:30`, `14:30:00`, `14時`, `14時30分` or
/// `14時半`; a time alone means today at that time.
pub fn parse_when(input: &str, now: NaiveDateTime) -> Result<When, WhenError> {
    let norm = normalize(input);
    if norm.is_empty() {
        return Err(WhenError::Empty);
    }
    let unrecognised = || WhenError::Unrecognised(input.trim().to_string());
    let (date_text, time) = split_time(&norm)?;
    let key: String = date_text.chars().filter(|c| !c.is_whitespace()).collect();
    if key == "now" || key == "今" {
        // "now 14:30" contradicts itself; refuse rather than guess.
        return match time {
            None => Ok(When::DateTime(now)),
            Some(_) => Err(unrecognised()),
        };
    }
    let date = if key.is_empty() {
        now.date()
    } else {
        let typed = || input.trim().to_string();
        match resolve_date(&key, now.date()) {
            None => return Err(unrecognised()),
            Some(Ok(date)) => date,
            Some(Err(Fail::NoSuchDate)) => return Err(WhenError::NoSuchDate(typed())),
            Some(Err(Fail::OutOfRange)) => return Err(WhenError::OutOfRange(typed())),
        }
    };
    Ok(match time {
        Some(t) => When::DateTime(date.and_time(t)),
        None => When::Date(date),
    })
}

/// Resolves a "when did it happen" entry (`--at`) to an instant.
///
/// RFC 3339 text with an offset (`2026-11-20T10:00:00+09:00`, `...Z`) is
/// taken as is. Anything else goes through [`parse_when`] against the
/// operator's local time now and is read as local time in `zone`, with the
/// offset in force on that date (daylight saving), not today's. A bare
/// date that is today means `now_utc` (the usual case: logging something
/// just done); any other bare date means 09:00 local that day, the start of
/// a business day, so the record sorts sensibly without pretending to a
/// precise time. A time the clocks skip is refused; one that happens twice
/// (the fall-back hour) is the earlier instant.
/// Future results are not rejected here; callers decide whether to allow them.
pub fn parse_instant(
    input: &str,
    now_utc: DateTime<Utc>,
    zone: impl Zone,
) -> Result<DateTime<Utc>, WhenError> {
    let typed = || input.trim().to_string();
    if let Ok(instant) = DateTime::parse_from_rfc3339(&normalize(input)) {
        return Ok(instant.with_timezone(&Utc));
    }
    let local_now = zone.local_time(now_utc);
    let local = match parse_when(input, local_now)? {
        When::DateTime(dt) => dt,
        When::Date(d) if d == local_now.date() => return Ok(now_utc),
        When::Date(d) => d
            .and_hms_opt(9, 0, 0)
            .ok_or_else(|| WhenError::OutOfRange(typed()))?,
    };
    zone.to_utc(local).map_err(|e| match e {
        LocalTimeProblem::Skipped(_) => WhenError::SkippedTime(typed()),
        LocalTimeProblem::OutOfRange(_) => WhenError::OutOfRange(typed()),
    })
}

/// The resolved date for display beside the input as typed:
/// `Tue 24 Nov 2026` / `2026年11月24日(火)`, with ` 14:30` appended when a
/// time was given. `_now` is part of the shared signature but does not
/// change the text: the full date is always shown so it can be checked.
pub fn describe(w: &When, _now: NaiveDateTime, ja: bool) -> String {
    let d = w.date();
    let day = if ja {
        let kanji = JA_DAYS[d.weekday().num_days_from_monday() as usize];
        format!("{}年{}月{}日({kanji})", d.year(), d.month(), d.day())
    } else {
        d.format("%a %-d %b %Y").to_string()
    };
    match w.time() {
        Some(t) => format!("{day} {}", t.format("%H:%M")),
        None => day,
    }
}

/// NFKC folds full-width digits, ／－：, ㋿ and half-width kana; the dash
/// look-alikes an IME produces (ー, −) are folded by hand as NFKC keeps them.
fn normalize(input: &str) -> String {
    let folded: String = input
        .nfkc()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{30FC}' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a trailing time of day off `s`. A malformed time is left in place
/// so the whole input is reported as unrecognised; a well-formed but
/// impossible one (25:00) is a `NoSuchTime` error.
fn split_time(s: &str) -> Result<(&str, Option<NaiveTime>), WhenError> {
    let Some((head, fields)) = time_suffix(s) else {
        return Ok((s, None));
    };
    let [Some(h), Some(m), Some(sec)] = fields.map(clock_field) else {
        return Ok((s, None));
    };
    let time = NaiveTime::from_hms_opt(h, m, sec)
        .ok_or_else(|| WhenError::NoSuchTime(s[head.len()..].to_string()))?;
    // ISO "2026-12-01T14:30" (lowercased to 't') and "明日の14時" have a
    // joiner between date and time.
    let head = head.trim_end();
    let head = match head.strip_suffix('t') {
        Some(rest) if rest.ends_with(is_digit) => rest,
        _ => head,
    };
    let head = head.strip_suffix('の').unwrap_or(head).trim_end();
    Ok((head, Some(time)))
}

/// Finds a trailing `H:MM`, `H:MM:SS`, `H時`, `H時M分` or `H時半`: returns
/// the text before it and its hour, minute and second fields, unchecked.
fn time_suffix(s: &str) -> Option<(&str, [&str; 3])> {
    let (before, m) = if let Some(rest) = s.strip_suffix("時半") {
        (rest, "30")
    } else if let Some(split) = s.strip_suffix('分').and_then(|r| r.rsplit_once('時')) {
        split
    } else if let Some(rest) = s.strip_suffix('時') {
        (rest, "0")
    } else {
        let head = s.trim_end_matches(|c| is_digit(c) || c == ':');
        let mut fields = s[head.len()..].split(':');
        let [h, m] = [fields.next()?, fields.next()?];
        let sec = fields.next().unwrap_or("00");
        let exact = fields.next().is_none() && m.len() == 2 && sec.len() == 2;
        return exact.then_some((head, [h, m, sec]));
    };
    let head = before.trim_end_matches(is_digit);
    Some((head, [&before[head.len()..], m, "0"]))
}

/// One or two ASCII digits.
fn clock_field(f: &str) -> Option<u32> {
    let ok = (1..=2).contains(&f.len()) && f.chars().all(is_digit);
    ok.then(|| f.parse().ok()).flatten()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Resolves a date key (normalised, no whitespace). `None` means no form
/// matched; `Some(Err)` means a form matched but the date is impossible.
fn resolve_date(key: &str, today: NaiveDate) -> Option<Result<NaiveDate, Fail>> {
    if let Some(days) = day_word(key) {
        return Some(add_days(today, days).ok_or(Fail::OutOfRange));
    }
    if let Some(wd) = weekday_en(key).or_else(|| weekday_ja(key)) {
        return Some(next_weekday(today, wd).ok_or(Fail::OutOfRange));
    }
    week_relative(key, today)
        .or_else(|| relative(key, today))
        .or_else(|| numeric_date(key, today))
}

/// `mon`, `tues`, `thursday`: any prefix of a full name of 3+ letters.
/// Returns days from Monday.
fn weekday_en(key: &str) -> Option<i64> {
    let found = EN_DAYS.split(' ').position(|name| name.starts_with(key));
    found
        .filter(|_| key.len() >= 3)
        .and_then(|i| i64::try_from(i).ok())
}

/// `月曜` or `月曜日`. Returns days from Monday.
fn weekday_ja(key: &str) -> Option<i64> {
    let mut chars = key.chars();
    let first = chars.next()?;
    matches!(chars.as_str(), "曜" | "曜日").then_some(())?;
    let found = JA_DAYS.iter().position(|kanji| *kanji == first);
    found.and_then(|i| i64::try_from(i).ok())
}

fn days_from_monday(d: NaiveDate) -> i64 {
    i64::from(d.weekday().num_days_from_monday())
}

/// Next weekday `wd` strictly after today, so `mon` on a Monday is a week
/// away: "mon" typed on a Monday means the coming one, not today.
fn next_weekday(today: NaiveDate, wd: i64) -> Option<NaiveDate> {
    let ahead = (wd - days_from_monday(today)).rem_euclid(7);
    add_days(today, if ahead == 0 { 7 } else { ahead })
}

/// `来週` (+7 days), `来週月曜`, `来週の月曜日`, `今週金曜`, `先週の水曜`.
fn week_relative(key: &str, today: NaiveDate) -> Option<Result<NaiveDate, Fail>> {
    let (rest, weeks) = WEEK_WORDS
        .iter()
        .find_map(|&(word, weeks)| key.strip_prefix(word).map(|rest| (rest, weeks)))?;
    let rest = rest.strip_prefix('の').unwrap_or(rest);
    let target = if rest.is_empty() {
        add_days(today, 7 * weeks)
    } else {
        // Weeks start on Monday, so 来週月曜 on a Sunday is tomorrow.
        let wd = weekday_ja(rest)?;
        add_days(today, 7 * weeks - days_from_monday(today) + wd)
    };
    Some(target.ok_or(Fail::OutOfRange))
}

/// `+3d`, `3d`, `-1w`, `+1m`, `+2weeks`; `3日後`, `2週間後`, `1ヶ月後`, `3日前`.
fn relative(key: &str, today: NaiveDate) -> Option<Result<NaiveDate, Fail>> {
    let (body, sign, ja) = if let Some(body) = key.strip_suffix('後') {
        (body, 1, true)
    } else if let Some(body) = key.strip_suffix('前') {
        (body, -1, true)
    } else if let Some(body) = key.strip_prefix('-') {
        (body, -1, false)
    } else {
        (key.strip_prefix('+').unwrap_or(key), 1, false)
    };
    let unit = body.trim_start_matches(is_digit);
    let n: i64 = body[..body.len() - unit.len()].parse().ok()?;
    let step = if ja { ja_step(unit) } else { en_step(unit) }?;
    Some(shift(today, sign * n, step).ok_or(Fail::OutOfRange))
}

/// Months clamp to the last day of the month (chrono's rule), which is
/// what "+1m" from Jan 31 should mean.
fn shift(today: NaiveDate, n: i64, step: Step) -> Option<NaiveDate> {
    match step {
        Step::Days(size) => add_days(today, n.checked_mul(size)?),
        Step::Months(size) => {
            let n = n.checked_mul(size)?;
            let months = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
            if n >= 0 {
                today.checked_add_months(months)
            } else {
                today.checked_sub_months(months)
            }
        }
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let days = Days::new(n.unsigned_abs());
    if n >= 0 {
        d.checked_add_days(days)
    } else {
        d.checked_sub_days(days)
    }
}

/// `2026-12-01`, `2026/12/01`, `2026.12.1`, `20261201`, `2026年12月1日`;
/// era dates `R8.11.23`, `R8/11/23`, `令和8年11月23日`, `令和元年5月1日`;
/// and year-less `12/1`, `12月1日`, meaning the next one on or after today.
fn numeric_date(key: &str, today: NaiveDate) -> Option<Result<NaiveDate, Fail>> {
    let era = ERAS
        .iter()
        .find_map(|&(era, base)| key.strip_prefix(era).map(|rest| (rest, base)));
    let (rest, era_base) = match era {
        // 元年 is year 1 of the era.
        Some((rest, base)) => match rest.strip_prefix('元') {
            Some(after) => (format!("1{after}"), Some(base)),
            None => (rest.to_string(), Some(base)),
        },
        None => (key.to_string(), None),
    };
    let separators: String = rest.chars().filter(|c| !is_digit(*c)).collect();
    let body = rest.strip_suffix('日').unwrap_or(&rest);
    let fields: Vec<&str> = body.split(|c| !is_digit(c)).collect();
    let field = |i: usize, len: RangeInclusive<usize>| {
        let text = fields.get(i).filter(|f| len.contains(&f.len()))?;
        text.parse::<u32>().ok()
    };
    let year_first = matches!(separators.as_str(), "--" | "//" | ".." | "年月日" | "年月");
    let month_first = matches!(separators.as_str(), "/" | "月日" | "月");
    match (era_base, fields.len()) {
        (Some(base), 3) if year_first => {
            let (n, m, d) = (field(0, 1..=2)?, field(1, 1..=2)?, field(2, 1..=2)?);
            // Era years are 1-based; the era's end year is not checked.
            let year = i32::try_from(n).ok().filter(|n| *n > 0).map(|n| base + n);
            Some(year.map_or(Err(Fail::NoSuchDate), |y| ymd(y, m, d)))
        }
        (None, 3) if year_first => {
            let (y, m, d) = (field(0, 4..=4)?, field(1, 1..=2)?, field(2, 1..=2)?);
            Some(ymd(i32::try_from(y).ok()?, m, d))
        }
        (None, 2) if month_first => Some(next_month_day(today, field(0, 1..=2)?, field(1, 1..=2)?)),
        (None, 1) if separators.is_empty() => {
            let n = field(0, 8..=8)?;
            Some(ymd(i32::try_from(n / 10_000).ok()?, n / 100 % 100, n % 100))
        }
        _ => None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, Fail> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Fail::NoSuchDate)
}

/// The first `m/d` on or after today. Feb 29 waits for the next leap year
/// (up to 8 years away across a skipped century leap day).
fn next_month_day(today: NaiveDate, m: u32, d: u32) -> Result<NaiveDate, Fail> {
    // 2000 was a leap year, so this admits every day that exists in some year.
    if NaiveDate::from_ymd_opt(2000, m, d).is_none() {
        return Err(Fail::NoSuchDate);
    }
    (today.year()..=today.year().saturating_add(8))
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .find(|date| *date >= today)
        .ok_or(Fail::OutOfRange)
}

#[cfg(test)]
#[path = "when_tests.rs"]
mod tests;
