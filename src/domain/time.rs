//! How instants are written to and read from storage and JSON.

use chrono::{DateTime, SecondsFormat, Timelike, Utc};

/// Drop sub-second precision: stored instants are whole seconds, so text
/// comparison in SQL orders them correctly.
pub fn trunc_secs(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0).unwrap_or(t)
}

/// The storage and JSON form: RFC 3339, UTC, `Z`, whole seconds.
pub fn to_rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parse the storage form (any RFC 3339 is accepted).
pub fn from_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
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
