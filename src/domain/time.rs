//! How instants are written to and read from storage and JSON.

use chrono::{DateTime, NaiveDate, SecondsFormat, Timelike, Utc};

/// Drop sub-second precision: stored instants are whole seconds, so text
/// comparison in SQL orders them correctly.
pub fn trunc_secs(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0).unwrap_or(t)
}

/// The storage and JSON form: RFC 3339, UTC, `Z`, whole seconds.
pub fn to_rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parse the storage form (any RFC 3339 is accepted). The form this
/// program writes, `YYYY-MM-DDTHH:MM:SSZ`, is read directly (the reports
/// read hundreds of thousands of them); anything else goes through
/// chrono's full parser.
pub fn from_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    storage_form(s).or_else(|| {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, with a valid date and time.
fn storage_form(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let date = storage_day(&b[..10])?;
    let time = chrono::NaiveTime::from_hms_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
    )?;
    Some(date.and_time(time).and_utc())
}

/// Parse a stored day. The form this program writes, `YYYY-MM-DD`, is read
/// directly (`quiet` reads one per quiet account with a follow-up: ~100k
/// at a million accounts); anything else goes through chrono's parser.
pub fn day_from_storage(s: &str) -> Option<NaiveDate> {
    match s.len() == 10 {
        true => storage_day(s.as_bytes()),
        false => None,
    }
    .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// `YYYY-MM-DD` (ten bytes) with a valid date.
fn storage_day(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

/// The decimal number `digits` spell, or `None` if one is not a digit.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// Serialize an instant in the storage form (serde `serialize_with`).
pub fn ser<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&to_rfc3339(*t))
}

/// Serialize an optional instant in the storage form, or null.
pub fn ser_opt<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn round_trips_and_sorts_as_text() {
        let a = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let b = Utc.with_ymd_and_hms(2026, 11, 2, 3, 4, 5).unwrap();
        assert_eq!(to_rfc3339(a), "2026-01-02T03:04:05Z");
        assert_eq!(from_rfc3339(&to_rfc3339(a)), Some(a));
        assert!(to_rfc3339(a) < to_rfc3339(b));
        assert_eq!(from_rfc3339("2026-01-02T12:04:05+09:00"), Some(a));
        assert_eq!(from_rfc3339("yesterday"), None);
    }
}

#[cfg(test)]
mod storage_form_tests {
    use super::*;

    #[test]
    fn the_storage_form_reads_the_same_as_the_full_parser() {
        for s in [
            "2026-12-01T09:30:05Z",
            "2024-02-29T23:59:59Z",
            "1997-01-01T00:00:00Z",
        ] {
            let full = DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
            assert_eq!(storage_form(s), Some(full), "{s}");
            assert_eq!(to_rfc3339(full), s);
        }
        // Not the storage form: left to the full parser, which reads
        // what is RFC 3339 and refuses the rest.
        for s in [
            "2026-12-01T09:30:05+09:00",
            "2026-12-01T09:30:05.5Z",
            "2026-02-30T09:30:05Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01 09:30:05Z",
            "２０２６-12-01T09:30:05Z",
        ] {
            assert_eq!(storage_form(s), None, "{s}");
        }
        assert_eq!(
            from_rfc3339("2026-12-01T18:30:05+09:00"),
            from_rfc3339("2026-12-01T09:30:05Z")
        );
        assert_eq!(from_rfc3339("2026-02-30T09:30:05Z"), None);
    }
}

#[cfg(test)]
mod storage_day_tests {
    use super::*;

    #[test]
    fn a_stored_day_reads_as_chrono_reads_it() {
        for s in [
            "2026-12-01",
            "2024-02-29",
            "0999-01-01",
            "2026-02-30",
            "2026-13-01",
            "2026-1-5",
            "2026-01-5 ",
            "2026/01/05",
            "２０２６-1-1",
            "",
            "tomorrow",
        ] {
            assert_eq!(
                day_from_storage(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s:?}"
            );
        }
        assert_eq!(
            storage_day(b"2026-12-01"),
            NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(storage_day(b"2026-12-0x"), None);
    }
}
