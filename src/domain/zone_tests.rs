use super::*;
use chrono::{NaiveTime, TimeZone};

/// Hand-written rules for one year of a zone with daylight saving, so the
/// tests do not depend on the machine's tz database or `TZ`: `standard`
/// outside `[from, until)` (UTC), `standard + 1h` inside.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    standard: i32,
    from: (u32, u32, u32),
    until: (u32, u32, u32),
}

/// America/New_York in 2026: EST (-5), EDT (-4) from 8 March 02:00 EST
/// (07:00Z) to 1 November 02:00 EDT (06:00Z).
pub(crate) const NEW_YORK: Rules = Rules {
    standard: -5 * 3600,
    from: (3, 8, 7),
    until: (11, 1, 6),
};

/// A zone whose clocks skip midnight (as Chile's and some others have):
/// -4 standard, -3 from 6 September 00:00 local (04:00Z).
pub(crate) const SKIPS_MIDNIGHT: Rules = Rules {
    standard: -4 * 3600,
    from: (9, 6, 4),
    until: (12, 31, 0),
};

impl Zone for Rules {
    fn offset_at(&self, t: DateTime<Utc>) -> FixedOffset {
        let utc = |(m, d, h)| Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap();
        let summer = t >= utc(self.from) && t < utc(self.until);
        FixedOffset::east_opt(self.standard + if summer { 3600 } else { 0 }).unwrap()
    }

    /// Each candidate offset that maps `local` to an instant where that
    /// offset is indeed in force, the earlier-in-UTC (summer) one first.
    fn offsets_of(&self, local: NaiveDateTime) -> LocalResult<FixedOffset> {
        let found: Vec<FixedOffset> = [self.standard + 3600, self.standard]
            .into_iter()
            .filter_map(FixedOffset::east_opt)
            .filter(|o| self.offset_at((local - *o).and_utc()) == *o)
            .collect();
        match found[..] {
            [o] => LocalResult::Single(o),
            [a, b] => LocalResult::Ambiguous(a, b),
            _ => LocalResult::None,
        }
    }
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn show(r: Result<DateTime<Utc>, LocalTimeProblem>) -> String {
    match r {
        Ok(t) => crate::domain::time::to_rfc3339(t),
        Err(LocalTimeProblem::Skipped(_)) => "skipped".into(),
        Err(LocalTimeProblem::OutOfRange(_)) => "out of range".into(),
    }
}

#[test]
#[rustfmt::skip]
fn wall_clock_to_instant_uses_the_offset_of_that_date() {
    let jst = FixedOffset::east_opt(9 * 3600).unwrap();
    let cases: [(&dyn Zone, &str, &str); 12] = [
        (&NEW_YORK, "2026-07-15 10:00", "2026-07-15T14:00:00Z"),
        (&NEW_YORK, "2026-01-15 10:00", "2026-01-15T15:00:00Z"),
        (&NEW_YORK, "2026-11-20 07:00", "2026-11-20T12:00:00Z"),
        // The spring-forward gap: 02:00 jumps to 03:00.
        (&NEW_YORK, "2026-03-08 01:59", "2026-03-08T06:59:00Z"),
        (&NEW_YORK, "2026-03-08 02:00", "skipped"),
        (&NEW_YORK, "2026-03-08 02:30", "skipped"),
        (&NEW_YORK, "2026-03-08 03:00", "2026-03-08T07:00:00Z"),
        // The fall-back hour happens twice: the earlier instant.
        (&NEW_YORK, "2026-11-01 00:59", "2026-11-01T04:59:00Z"),
        (&NEW_YORK, "2026-11-01 01:30", "2026-11-01T05:30:00Z"),
        (&NEW_YORK, "2026-11-01 02:00", "2026-11-01T07:00:00Z"),
        // No daylight saving: one offset all year.
        (&jst, "2026-07-15 10:00", "2026-07-15T01:00:00Z"),
        (&jst, "2026-03-08 02:30", "2026-03-07T17:30:00Z"),
    ];
    for (zone, wall, want) in cases {
        assert_eq!(show(zone.to_utc(local(wall))), want, "{wall} in {zone:?}");
    }
}

#[test]
#[rustfmt::skip]
fn instant_to_wall_clock_and_day_use_the_offset_in_force_then() {
    let cases = [
        ("2026-07-15T14:00:00Z", "2026-07-15 10:00"),
        ("2026-01-15T15:00:00Z", "2026-01-15 10:00"),
        ("2026-03-08T06:59:00Z", "2026-03-08 01:59"),
        ("2026-03-08T07:00:00Z", "2026-03-08 03:00"),
        ("2026-11-01T05:30:00Z", "2026-11-01 01:30"),
        ("2026-11-01T06:30:00Z", "2026-11-01 01:30"),
        // Near midnight the day itself depends on the offset: with
        // November's -5 these would read 22:30 and 23:30 on the 15th.
        ("2026-07-16T03:30:00Z", "2026-07-15 23:30"),
        ("2026-07-16T04:30:00Z", "2026-07-16 00:30"),
    ];
    for (t, want) in cases {
        assert_eq!(NEW_YORK.local_time(utc(t)), local(want), "{t}");
        assert_eq!(NEW_YORK.local_day(utc(t)), local(want).date(), "{t}");
    }
}

#[test]
#[rustfmt::skip]
fn gaps_shift_forward_where_a_time_must_land() {
    let cases: [(&dyn Zone, &str, &str); 4] = [
        (&NEW_YORK, "2026-03-08 02:30", "2026-03-08T07:30:00Z"), // 03:30 EDT
        (&NEW_YORK, "2026-07-15 10:00", "2026-07-15T14:00:00Z"),
        (&NEW_YORK, "2026-11-01 01:30", "2026-11-01T05:30:00Z"),
        (&SKIPS_MIDNIGHT, "2026-09-06 00:15", "2026-09-06T04:15:00Z"), // 01:15
    ];
    for (zone, wall, want) in cases {
        assert_eq!(show(zone.to_utc_shifting_gaps(local(wall))), want, "{wall}");
    }
}

#[test]
#[rustfmt::skip]
fn a_day_starts_at_its_first_instant() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let cases: [(&dyn Zone, &str, &str); 5] = [
        (&NEW_YORK, "2026-07-15", "2026-07-15T04:00:00Z"),
        (&NEW_YORK, "2026-12-15", "2026-12-15T05:00:00Z"),
        (&NEW_YORK, "2026-03-08", "2026-03-08T05:00:00Z"),
        // Midnight does not exist: the day starts at 01:00, the gap's end.
        (&SKIPS_MIDNIGHT, "2026-09-06", "2026-09-06T04:00:00Z"),
        (&SKIPS_MIDNIGHT, "2026-09-07", "2026-09-07T03:00:00Z"),
    ];
    for (zone, day, want) in cases {
        assert_eq!(show(zone.day_start(d(day))), want, "{day}");
        let start = zone.day_start(d(day)).unwrap();
        assert_eq!(zone.local_day(start), d(day), "{day} starts inside it");
        let before = start - chrono::Duration::seconds(1);
        assert!(zone.local_day(before) < d(day), "{day}: the second before is the day before");
    }
}

#[test]
fn the_edges_of_time_are_an_error_not_a_panic() {
    let east = FixedOffset::east_opt(14 * 3600).unwrap();
    let west = FixedOffset::west_opt(12 * 3600).unwrap();
    let first = NaiveDate::MIN.and_time(NaiveTime::MIN);
    let last = NaiveDate::MAX.and_hms_opt(23, 59, 0).unwrap();
    assert_eq!(east.to_utc(first), Err(LocalTimeProblem::OutOfRange(first)));
    assert_eq!(west.to_utc(last), Err(LocalTimeProblem::OutOfRange(last)));
    assert!(east.to_utc(last).is_ok());
}
