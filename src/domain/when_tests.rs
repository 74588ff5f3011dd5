use super::*;
use chrono::FixedOffset;

/// Tuesday; the brief's own example date.
const NOW: &str = "2026-11-24 10:15";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn show(w: When) -> String {
    match w {
        When::Date(d) => d.format("%Y-%m-%d").to_string(),
        When::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// Each `(input, expected)` resolved against `now`; expected is `Y-M-D` for
/// a date and `Y-M-D H:M` for a date with time.
fn check(now: &str, cases: &[(&str, &str)]) {
    for (input, want) in cases {
        let got = parse_when(input, at(now)).map(show);
        assert_eq!(got, Ok(want.to_string()), "input {input:?} at {now}");
    }
}

#[test]
#[rustfmt::skip]
fn day_words() {
    check(NOW, &[
        ("today", "2026-11-24"), ("  TODAY ", "2026-11-24"), ("Tomorrow", "2026-11-25"),
        ("yesterday", "2026-11-23"), ("now", "2026-11-24 10:15"), ("NOW", "2026-11-24 10:15"),
        ("今", "2026-11-24 10:15"), ("今日", "2026-11-24"), ("本日", "2026-11-24"),
        ("きょう", "2026-11-24"), ("明日", "2026-11-25"), ("あした", "2026-11-25"),
        ("あす", "2026-11-25"), ("明後日", "2026-11-26"), ("あさって", "2026-11-26"),
        ("昨日", "2026-11-23"), ("きのう", "2026-11-23"), ("一昨日", "2026-11-22"),
        ("おととい", "2026-11-22"),
    ]);
}

#[test]
#[rustfmt::skip]
fn relative_offsets() {
    check(NOW, &[
        ("+3d", "2026-11-27"), ("3d", "2026-11-27"), ("+0d", "2026-11-24"),
        ("-2d", "2026-11-22"), ("+2w", "2026-12-08"), ("-1w", "2026-11-17"),
        ("+1m", "2026-12-24"), ("+2m", "2027-01-24"), ("-1m", "2026-10-24"),
        ("+1y", "2027-11-24"), ("-1y", "2025-11-24"), ("+12m", "2027-11-24"),
        ("+3 days", "2026-11-27"), ("2 weeks", "2026-12-08"), ("+1 month", "2026-12-24"),
        ("-1 year", "2025-11-24"), ("+40d", "2027-01-03"), ("＋３ｄ", "2026-11-27"),
        ("－２ｄ", "2026-11-22"), ("\u{2212}2d", "2026-11-22"), ("ー1w", "2026-11-17"),
        ("3日後", "2026-11-27"), ("３日後", "2026-11-27"), ("3日前", "2026-11-21"),
        ("2週間後", "2026-12-08"), ("2週後", "2026-12-08"), ("2週間前", "2026-11-10"),
        ("1ヶ月後", "2026-12-24"), ("1か月後", "2026-12-24"), ("1カ月後", "2026-12-24"),
        ("1ヵ月後", "2026-12-24"), ("1ケ月後", "2026-12-24"), ("1ｹ月後", "2026-12-24"),
        ("1ヶ月前", "2026-10-24"), ("1年後", "2027-11-24"), ("1年前", "2025-11-24"),
    ]);
}

#[test]
#[rustfmt::skip]
fn month_ends_and_leap_years() {
    check("2026-01-31 12:00", &[
        ("+1m", "2026-02-28"), ("1ヶ月後", "2026-02-28"), ("+2m", "2026-03-31"),
        ("+3m", "2026-04-30"), ("-1m", "2025-12-31"), ("-2m", "2025-11-30"),
        ("+1d", "2026-02-01"), ("+1y", "2027-01-31"),
    ]);
    check(
        "2028-01-31 12:00",
        &[("+1m", "2028-02-29"), ("+13m", "2029-02-28")],
    );
    check("2028-02-29 12:00", &[
        ("+1y", "2029-02-28"), ("-1y", "2027-02-28"), ("+4y", "2032-02-29"),
        ("tomorrow", "2028-03-01"), ("yesterday", "2028-02-28"), ("2/29", "2028-02-29"),
    ]);
    check("2026-03-01 12:00", &[
        ("yesterday", "2026-02-28"), ("-1m", "2026-02-01"), ("2/29", "2028-02-29"),
        ("2月29日", "2028-02-29"),
    ]);
    check(
        "2024-03-01 12:00",
        &[("yesterday", "2024-02-29"), ("-1d", "2024-02-29")],
    );
    // 2100 is not a leap year, so the next Feb 29 is eight years away.
    check("2097-03-01 12:00", &[("2/29", "2104-02-29")]);
    check("2026-12-31 18:00", &[
        ("tomorrow", "2027-01-01"), ("+1d", "2027-01-01"), ("1/1", "2027-01-01"),
        ("12/31", "2026-12-31"), ("来週", "2027-01-07"), ("fri", "2027-01-01"),
        ("来週月曜", "2027-01-04"),
    ]);
}

#[test]
#[rustfmt::skip]
fn weekdays_are_strictly_after_today() {
    // NOW is a Tuesday.
    check(NOW, &[
        ("mon", "2026-11-30"), ("tue", "2026-12-01"), ("wed", "2026-11-25"),
        ("thu", "2026-11-26"), ("fri", "2026-11-27"), ("sat", "2026-11-28"),
        ("sun", "2026-11-29"), ("Monday", "2026-11-30"), ("tues", "2026-12-01"),
        ("WEDNESDAY", "2026-11-25"), ("thurs", "2026-11-26"), ("月曜", "2026-11-30"),
        ("火曜日", "2026-12-01"), ("水曜", "2026-11-25"), ("木曜日", "2026-11-26"),
        ("金曜", "2026-11-27"), ("土曜", "2026-11-28"), ("日曜日", "2026-11-29"),
    ]);
    // Monday: "mon" is a week away; Sunday: "mon" is tomorrow.
    check("2026-11-23 09:00", &[
        ("mon", "2026-11-30"), ("月曜", "2026-11-30"), ("sun", "2026-11-29"),
    ]);
    check(
        "2026-11-29 09:00",
        &[("mon", "2026-11-30"), ("sun", "2026-12-06")],
    );
}

#[test]
#[rustfmt::skip]
fn japanese_weeks_start_on_monday() {
    check(NOW, &[
        ("来週", "2026-12-01"), ("再来週", "2026-12-08"), ("先週", "2026-11-17"),
        ("来週月曜", "2026-11-30"), ("来週月曜日", "2026-11-30"), ("来週の月曜", "2026-11-30"),
        ("来週 月曜", "2026-11-30"), ("来週の金曜日", "2026-12-04"), ("来週日曜", "2026-12-06"),
        ("再来週の水曜", "2026-12-09"), ("今週金曜", "2026-11-27"), ("今週の月曜", "2026-11-23"),
        ("先週水曜", "2026-11-18"),
    ]);
    // On a Sunday the next week starts tomorrow.
    check("2026-11-29 09:00", &[
        ("来週月曜", "2026-11-30"), ("来週の日曜", "2026-12-06"), ("今週の月曜", "2026-11-23"),
    ]);
    check(
        "2026-11-23 09:00",
        &[("来週月曜", "2026-11-30"), ("今週月曜", "2026-11-23")],
    );
}

#[test]
#[rustfmt::skip]
fn absolute_dates() {
    check(NOW, &[
        ("2026-12-01", "2026-12-01"), ("2026/12/01", "2026-12-01"),
        ("2026.12.1", "2026-12-01"), ("2026-1-5", "2026-01-05"), ("2020-02-29", "2020-02-29"),
        ("20261201", "2026-12-01"), ("2026年12月1日", "2026-12-01"), ("2026年12月1", "2026-12-01"),
        ("２０２６－１２－０１", "2026-12-01"), ("２０２６／１２／０１", "2026-12-01"), ("12/1", "2026-12-01"),
        ("１２／１", "2026-12-01"), ("11/24", "2026-11-24"), ("11/23", "2027-11-23"),
        ("1/5", "2027-01-05"), ("12月1日", "2026-12-01"), ("12月1", "2026-12-01"),
        ("１２月１日", "2026-12-01"), ("11月1日", "2027-11-01"),
    ]);
    check(
        "2026-12-02 09:00",
        &[("12/1", "2027-12-01"), ("12月1日", "2027-12-01")],
    );
}

#[test]
#[rustfmt::skip]
fn era_dates() {
    check(NOW, &[
        ("R8.11.23", "2026-11-23"), ("r8.11.23", "2026-11-23"), ("R8/11/23", "2026-11-23"),
        ("R8-11-23", "2026-11-23"), ("Ｒ８．１１．２３", "2026-11-23"), ("令和8年11月23日", "2026-11-23"),
        ("令和8年11月23", "2026-11-23"), ("令和 8年 11月 23日", "2026-11-23"),
        ("㋿8年11月23日", "2026-11-23"), ("令和元年5月1日", "2019-05-01"), ("R1.5.1", "2019-05-01"),
        ("H31.4.30", "2019-04-30"), ("平成31年4月30日", "2019-04-30"), ("平成元年1月8日", "1989-01-08"),
        ("H1.1.8", "1989-01-08"), ("S64.1.7", "1989-01-07"), ("昭和64年1月7日", "1989-01-07"),
        ("S1.12.25", "1926-12-25"),
    ]);
}

#[test]
#[rustfmt::skip]
fn with_times() {
    check(NOW, &[
        ("2026-12-01 14:30", "2026-12-01 14:30"), ("2026-12-01T14:30", "2026-12-01 14:30"),
        ("2026-12-01t14:30", "2026-12-01 14:30"), ("2026-12-01T14:30:00", "2026-12-01 14:30"),
        ("12/1 14:30", "2026-12-01 14:30"), ("today 15:00", "2026-11-24 15:00"),
        ("tomorrow 9:00", "2026-11-25 09:00"), ("tomorrow 09:00", "2026-11-25 09:00"),
        ("today15:00", "2026-11-24 15:00"), ("14:30", "2026-11-24 14:30"),
        ("9:05", "2026-11-24 09:05"), ("0:00", "2026-11-24 00:00"),
        ("23:59", "2026-11-24 23:59"), ("１４：３０", "2026-11-24 14:30"),
        ("14時", "2026-11-24 14:00"), ("14時30分", "2026-11-24 14:30"),
        ("9時5分", "2026-11-24 09:05"), ("14時半", "2026-11-24 14:30"),
        ("明日14時", "2026-11-25 14:00"), ("明日の14時", "2026-11-25 14:00"),
        ("明日 9時", "2026-11-25 09:00"), ("12月1日 14:30", "2026-12-01 14:30"),
        ("12月1日14時30分", "2026-12-01 14:30"), ("2026年12月1日 14時", "2026-12-01 14:00"),
        ("来週月曜10時", "2026-11-30 10:00"), ("mon 9:00", "2026-11-30 09:00"),
        ("+3d 8:00", "2026-11-27 08:00"), ("3日後 8:00", "2026-11-27 08:00"),
        ("R8.11.23 14:30", "2026-11-23 14:30"), ("yesterday 17:45", "2026-11-23 17:45"),
    ]);
    let w = parse_when("2026-12-01 14:30:45", at(NOW)).unwrap();
    assert_eq!(w.time(), NaiveTime::from_hms_opt(14, 30, 45));
}

#[test]
fn when_helpers() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let t = NaiveTime::from_hms_opt(14, 30, 0).unwrap();
    assert_eq!(When::Date(d).date(), d);
    assert_eq!(When::Date(d).time(), None);
    assert_eq!(When::DateTime(d.and_time(t)).date(), d);
    assert_eq!(When::DateTime(d.and_time(t)).time(), Some(t));
    // "now" keeps seconds so an instant logged "now" is exact.
    let now = at(NOW) + chrono::Duration::seconds(7);
    assert_eq!(parse_when("now", now), Ok(When::DateTime(now)));
}

#[test]
#[rustfmt::skip]
fn errors() {
    use WhenError::*;
    let unrecognised = [
        "xyz", " xyz ", "now 14:30", "14:3", "14:30:5", "1:2:3:4", "123:00", "1430",
        "2026-12-0114:30", "+3x", "+d", "3", "3日", "-3日後", "3d後", "mo", "月", "来週xyz",
        "12-01", "12.1", "2026-12/01", "26-12-01", "12/1/", "年1月2日", "R8", "X8.11.23",
        "2026-11-20T10:00:00+09:00", "99999999999999999999d",
    ];
    for input in unrecognised {
        let want = Unrecognised(input.trim().to_string());
        assert_eq!(parse_when(input, at(NOW)), Err(want), "input {input:?}");
    }
    let no_such_date = [
        "2026-02-30", "2026/02/29", "2026-13-01", "2026-00-10", "2026-04-31", "20260230",
        "2026年2月30日", "13/1", "2/30", "0/1", "1/0", "4月31日", "R8.2.30", "R0.1.1",
        "令和8年2月30日",
    ];
    for input in no_such_date {
        let want = NoSuchDate(input.to_string());
        assert_eq!(parse_when(input, at(NOW)), Err(want), "input {input:?}");
    }
    let others = [
        ("", Empty), ("   ", Empty), ("　", Empty),
        ("25:00", NoSuchTime("25:00".into())),
        ("today 24:00", NoSuchTime("24:00".into())),
        ("14:60", NoSuchTime("14:60".into())),
        ("2026-12-01 25:00", NoSuchTime("25:00".into())),
        ("25時", NoSuchTime("25時".into())),
        ("14時60分", NoSuchTime("14時60分".into())),
        ("+99999999y", OutOfRange("+99999999y".into())),
        ("+999999999d", OutOfRange("+999999999d".into())),
        ("-999999999w", OutOfRange("-999999999w".into())),
    ];
    for (input, want) in others {
        assert_eq!(parse_when(input, at(NOW)), Err(want), "input {input:?}");
    }
}

#[test]
fn error_messages_name_the_input() {
    let msg = |input: &str| parse_when(input, at(NOW)).unwrap_err().to_string();
    assert_eq!(
        msg("xyz"),
        "unrecognised date \"xyz\" (try today, tomorrow, +3d, mon, 2026-12-01, 12/1)"
    );
    assert_eq!(msg("2026-02-30"), "no such date: 2026-02-30");
    assert_eq!(
        msg("25:00"),
        "no such time: 25:00 (use 24-hour time, 0:00 to 23:59)"
    );
    assert!(msg("").starts_with("no date given"));
    assert_eq!(msg("+99999999y"), "date out of range: +99999999y");
}

#[test]
#[rustfmt::skip]
fn instants() {
    let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
    let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
    let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    // (now in UTC, offset, input, expected instant)
    let cases = [
        ("2026-11-24T01:15:00Z", tokyo, "2026-11-20T10:00:00+09:00", "2026-11-20T01:00:00Z"),
        ("2026-11-24T01:15:00Z", tokyo, "2026-11-20T01:00:00Z", "2026-11-20T01:00:00Z"),
        ("2026-11-24T01:15:00Z", tokyo, "2026-11-20t01:00:00z", "2026-11-20T01:00:00Z"),
        ("2026-11-24T01:15:00Z", tokyo, "２０２６－１１－２０T01:00:00Z", "2026-11-20T01:00:00Z"),
        ("2026-11-24T01:15:30Z", tokyo, "today", "2026-11-24T01:15:30Z"),
        ("2026-11-24T01:15:30Z", tokyo, "今日", "2026-11-24T01:15:30Z"),
        ("2026-11-24T01:15:30Z", tokyo, "now", "2026-11-24T01:15:30Z"),
        ("2026-11-24T01:15:30Z", tokyo, "11/24", "2026-11-24T01:15:30Z"),
        // Other bare dates are 09:00 local.
        ("2026-11-24T01:15:00Z", tokyo, "yesterday", "2026-11-23T00:00:00Z"),
        ("2026-11-24T01:15:00Z", tokyo, "-2d", "2026-11-22T00:00:00Z"),
        ("2026-11-24T01:15:00Z", tokyo, "2026-11-20", "2026-11-20T00:00:00Z"),
        ("2026-11-24T01:15:00Z", tokyo, "yesterday 15:30", "2026-11-23T06:30:00Z"),
        ("2026-11-24T01:15:00Z", tokyo, "2026-11-20T10:00", "2026-11-20T01:00:00Z"),
        // The local date is already the 25th in Tokyo.
        ("2026-11-24T20:00:00Z", tokyo, "today", "2026-11-24T20:00:00Z"),
        ("2026-11-24T20:00:00Z", tokyo, "yesterday", "2026-11-24T00:00:00Z"),
        ("2026-11-24T20:00:00Z", tokyo, "14:30", "2026-11-25T05:30:00Z"),
        // The local date is still the 23rd in New York.
        ("2026-11-24T03:00:00Z", new_york, "today", "2026-11-24T03:00:00Z"),
        ("2026-11-24T03:00:00Z", new_york, "yesterday", "2026-11-22T14:00:00Z"),
        ("2026-11-24T03:00:00Z", new_york, "22:00", "2026-11-24T03:00:00Z"),
    ];
    for (now, offset, input, want) in cases {
        assert_eq!(parse_instant(input, utc(now), offset), Ok(utc(want)), "{input:?} at {now}");
    }
    let now = utc("2026-11-24T01:15:00Z");
    assert_eq!(parse_instant(" xyz", now, tokyo), Err(WhenError::Unrecognised("xyz".into())));
    assert_eq!(parse_instant("2026-02-30", now, tokyo), Err(WhenError::NoSuchDate("2026-02-30".into())));
    assert_eq!(parse_instant("", now, tokyo), Err(WhenError::Empty));
}

/// Local times read with the offset in force on their own date, whatever
/// the date of `now`: the same answer asked in July, November or December.
#[test]
#[rustfmt::skip]
fn instants_across_daylight_saving() {
    use crate::domain::zone::tests::NEW_YORK;
    let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let nows = ["2026-11-20T12:00:00Z", "2026-07-20T12:00:00Z", "2026-12-20T12:00:00Z"];
    // (input, expected instant or error)
    let cases = [
        ("2026-07-15 10:00", Ok("2026-07-15T14:00:00Z")),
        ("2026-01-15 10:00", Ok("2026-01-15T15:00:00Z")),
        // A bare date is 09:00 local on that date.
        ("2026-07-15", Ok("2026-07-15T13:00:00Z")),
        ("2026-02-15", Ok("2026-02-15T14:00:00Z")),
        ("R8.7.15 10:00", Ok("2026-07-15T14:00:00Z")),
        // Fall-back: 01:30 happens twice; the earlier one.
        ("2026-11-01 01:30", Ok("2026-11-01T05:30:00Z")),
        ("2026-11-01 00:30", Ok("2026-11-01T04:30:00Z")),
        ("2026-11-01 02:30", Ok("2026-11-01T07:30:00Z")),
        // Spring-forward: 02:00 to 02:59 do not exist.
        ("2026-03-08 02:30", Err(WhenError::SkippedTime("2026-03-08 02:30".into()))),
        (" 2026-03-08T02:00 ", Err(WhenError::SkippedTime("2026-03-08T02:00".into()))),
        ("2026-03-08 03:00", Ok("2026-03-08T07:00:00Z")),
        // An explicit offset is taken as written.
        ("2026-03-08T02:30:00-05:00", Ok("2026-03-08T07:30:00Z")),
    ];
    for now in nows {
        for (input, want) in &cases {
            let want = want.clone().map(utc);
            assert_eq!(parse_instant(input, utc(now), NEW_YORK), want, "{input:?} at {now}");
        }
    }
    // "today" and "yesterday" are days in the zone of that day.
    let now = utc("2026-07-16T03:30:00Z"); // 23:30 on the 15th, EDT
    assert_eq!(parse_instant("today", now, NEW_YORK), Ok(now));
    assert_eq!(parse_instant("yesterday", now, NEW_YORK), Ok(utc("2026-07-14T13:00:00Z")));
    assert_eq!(parse_instant("21:00", now, NEW_YORK), Ok(utc("2026-07-16T01:00:00Z")));
}

#[test]
#[rustfmt::skip]
fn descriptions() {
    let now = at(NOW);
    let w = |s: &str| parse_when(s, now).unwrap();
    let cases = [
        ("today", "Tue 24 Nov 2026", "2026年11月24日(火)"),
        ("14:30", "Tue 24 Nov 2026 14:30", "2026年11月24日(火) 14:30"),
        ("12/1", "Tue 1 Dec 2026", "2026年12月1日(火)"),
        ("sun", "Sun 29 Nov 2026", "2026年11月29日(日)"),
        ("mon 9:05", "Mon 30 Nov 2026 09:05", "2026年11月30日(月) 09:05"),
        ("wed", "Wed 25 Nov 2026", "2026年11月25日(水)"),
        ("thu", "Thu 26 Nov 2026", "2026年11月26日(木)"),
        ("fri", "Fri 27 Nov 2026", "2026年11月27日(金)"),
        ("sat", "Sat 28 Nov 2026", "2026年11月28日(土)"),
        ("2027-01-04", "Mon 4 Jan 2027", "2027年1月4日(月)"),
        // Seconds are dropped: the entry is minute-precise.
        ("2026-12-01 14:30:45", "Tue 1 Dec 2026 14:30", "2026年12月1日(火) 14:30"),
    ];
    for (input, en, ja) in cases {
        assert_eq!(describe(&w(input), now, false), en, "{input:?}");
        assert_eq!(describe(&w(input), now, true), ja, "{input:?}");
    }
}
