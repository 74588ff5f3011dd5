//! The one place that asks the operating system what time it is, and in
//! which zone the operator lives.
//!
//! `SALESBENCH_NOW` (RFC 3339) pins the clock so runs are reproducible;
//! `TZ` (or the system's zone) says where the operator is.

use chrono::{DateTime, FixedOffset, Local, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};

use crate::domain::zone::Zone;

/// The operator's time zone. `System` asks the tz database (`TZ`,
/// `/etc/localtime`, `/usr/share/zoneinfo`) for the offset in force at
/// each date, so daylight saving is honoured; `Fixed` is one offset all
/// year (tests, and operators who want no daylight saving).
///
/// It lives here, at the edge, because reading the tz database is I/O;
/// the rules it answers with are the pure [`Zone`] trait in `domain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorZone {
    System,
    Fixed(FixedOffset),
}

impl Zone for OperatorZone {
    fn offset_at(&self, t: DateTime<Utc>) -> FixedOffset {
        match self {
            OperatorZone::System => Local.offset_from_utc_datetime(&t.naive_utc()).fix(),
            OperatorZone::Fixed(o) => *o,
        }
    }

    fn offsets_of(&self, local: NaiveDateTime) -> LocalResult<FixedOffset> {
        match self {
            OperatorZone::System => Local.offset_from_local_datetime(&local).map(|o| o.fix()),
            OperatorZone::Fixed(o) => LocalResult::Single(*o),
        }
    }
}

impl From<FixedOffset> for OperatorZone {
    fn from(offset: FixedOffset) -> OperatorZone {
        OperatorZone::Fixed(offset)
    }
}

/// Source of "now" and of the operator's zone for the whole program,
/// injected everywhere.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
    zone: OperatorZone,
}

impl Clock {
    /// The real clock, unless `SALESBENCH_NOW` pins it; the system's zone.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("SALESBENCH_NOW") {
            Ok(v) if !v.trim().is_empty() => DateTime::parse_from_rfc3339(v.trim())
                .map(|t| Clock::fixed(t.with_timezone(&Utc)))
                .map_err(|e| format!("SALESBENCH_NOW: not an RFC 3339 time ({e}): {v}")),
            _ => Ok(Clock::system()),
        }
    }

    /// The real clock in the system's zone (no `SALESBENCH_NOW`).
    pub fn system() -> Clock {
        Clock {
            fixed: None,
            zone: OperatorZone::System,
        }
    }

    /// A clock stopped at `t` (tests, benchmarks, `SALESBENCH_NOW`), in
    /// the system's zone.
    pub fn fixed(t: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Some(t),
            zone: OperatorZone::System,
        }
    }

    /// The same clock in another zone.
    pub fn in_zone(self, zone: OperatorZone) -> Clock {
        Clock { zone, ..self }
    }

    /// The current instant, truncated to whole seconds (what we store).
    #[allow(clippy::disallowed_methods)] // the one sanctioned call
    pub fn now(&self) -> DateTime<Utc> {
        let t = self.fixed.unwrap_or_else(Utc::now);
        crate::domain::time::trunc_secs(t)
    }

    /// The operator's zone: converts with the offset in force at the date
    /// in question, never today's.
    pub fn zone(&self) -> OperatorZone {
        self.zone
    }

    /// The operator's local wall-clock time now.
    pub fn local_now(&self) -> NaiveDateTime {
        self.zone.local_time(self.now())
    }
}
