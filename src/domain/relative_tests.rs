use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
#[rustfmt::skip]
fn days_between_counts_calendar_days() {
    let cases = [
        ("2026-11-24", "2026-11-24", 0), ("2026-11-24", "2026-11-25", 1),
        ("2026-11-25", "2026-11-24", -1), ("2026-02-28", "2026-03-01", 1),
        ("2028-02-28", "2028-03-01", 2), ("2026-12-31", "2027-01-01", 1),
        ("2026-01-01", "2027-01-01", 365), ("2028-01-01", "2029-01-01", 366),
        ("2027-01-01", "2026-01-01", -365),
    ];
    for (from, to, want) in cases {
        assert_eq!(days_between(d(from), d(to)), want, "{from} -> {to}");
    }
}

#[test]
#[rustfmt::skip]
fn labels() {
    let today = "2026-11-24";
    // (then, English, Japanese)
    let cases = [
        ("2026-11-24", "today", "今日"),
        ("2026-11-23", "yesterday", "昨日"),
        ("2026-11-25", "tomorrow", "明日"),
        ("2026-11-22", "2 days ago", "2日前"),
        ("2026-11-21", "3 days ago", "3日前"),
        ("2026-11-11", "13 days ago", "13日前"),
        ("2026-11-10", "2 weeks ago", "2週間前"),
        ("2026-11-04", "2 weeks ago", "2週間前"),
        ("2026-11-03", "3 weeks ago", "3週間前"),
        ("2026-09-26", "8 weeks ago", "8週間前"),
        ("2026-09-25", "2 months ago", "2か月前"),
        ("2026-08-26", "3 months ago", "3か月前"),
        ("2025-11-25", "12 months ago", "12か月前"),
        ("2025-11-24", "1 year ago", "1年前"),
        ("2024-11-25", "1 year ago", "1年前"),
        ("2024-11-24", "2 years ago", "2年前"),
        ("2016-01-01", "10 years ago", "10年前"),
        ("2026-11-26", "in 2 days", "2日後"),
        ("2026-11-27", "in 3 days", "3日後"),
        ("2026-12-07", "in 13 days", "13日後"),
        ("2026-12-08", "in 2 weeks", "2週間後"),
        ("2027-01-22", "in 8 weeks", "8週間後"),
        ("2027-01-23", "in 2 months", "2か月後"),
        ("2027-11-23", "in 12 months", "12か月後"),
        ("2027-11-24", "in 1 year", "1年後"),
        ("2028-11-24", "in 2 years", "2年後"),
    ];
    for (then, en, ja) in cases {
        assert_eq!(relative_day_label(d(then), d(today), false), en, "{then}");
        assert_eq!(relative_day_label(d(then), d(today), true), ja, "{then}");
    }
}

#[test]
#[rustfmt::skip]
fn leap_days_and_year_ends() {
    // (then, today, English)
    let cases = [
        ("2028-02-29", "2028-03-01", "yesterday"),
        ("2026-12-31", "2027-01-01", "yesterday"),
        ("2027-01-01", "2026-12-31", "tomorrow"),
        // A Feb 29 start completes its first year on Mar 1 in a common year.
        ("2028-02-29", "2029-02-28", "12 months ago"),
        ("2028-02-29", "2029-03-01", "1 year ago"),
        // 2028 is a leap year: 365 days after Jan 1 is still Dec 31.
        ("2028-01-01", "2028-12-31", "12 months ago"),
        ("2028-01-01", "2029-01-01", "1 year ago"),
    ];
    for (then, today, want) in cases {
        assert_eq!(relative_day_label(d(then), d(today), false), want, "{then} at {today}");
    }
}

#[test]
fn labels_never_go_backwards_as_time_passes() {
    // Walking back day by day, the label's unit and count never shrink.
    let today = d("2026-11-24");
    let rank = |label: &str| {
        let n: u64 = label
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let unit = ["day", "week", "month", "year"]
            .iter()
            .position(|u| label.contains(u))
            .unwrap_or(0) as u64;
        (unit, n)
    };
    let mut last = (0, 0);
    for back in 2..=800 {
        let then = today - chrono::Days::new(back);
        let label = relative_day_label(then, today, false);
        let now_rank = rank(&label);
        assert!(now_rank >= last, "{label} after {last:?} at {back} days");
        last = now_rank;
    }
}
