//! The one place that asks the operating system what time it is.
//!
//! `SALESBENCH_NOW` (RFC 3339) pins the clock so runs are reproducible.

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, Offset, TimeZone, Utc};

/// Source of "now" for the whole program, injected everywhere.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// The real clock, unless `SALESBENCH_NOW` pins it.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("SALESBENCH_NOW") {
            Ok(v) if !v.trim().is_empty() => DateTime::parse_from_rfc3339(v.trim())
                .map(|t| Clock::fixed(t.with_timezone(&Utc)))
                .map_err(|e| format!("SALESBENCH_NOW: not an RFC 3339 time ({e}): {v}")),
            _ => Ok(Clock { fixed: None }),
        }
    }

    /// A clock stopped at `t` (tests, benchmarks, `SALESBENCH_NOW`).
    pub fn fixed(t: DateTime<Utc>) -> Clock {
        Clock { fixed: Some(t) }
    }

    /// The current instant, truncated to whole seconds (what we store).
    #[allow(clippy::disallowed_methods)] // the one sanctioned call
    pub fn now(&self) -> DateTime<Utc> {
        let t = self.fixed.unwrap_or_else(Utc::now);
        crate::domain::time::trunc_secs(t)
    }

    /// The operator's UTC offset at `now` (from `TZ` / the system zone).
    pub fn local_offset(&self) -> FixedOffset {
        Local
            .offset_from_utc_datetime(&self.now().naive_utc())
            .fix()
    }

    /// The operator's local wall-clock time now.
    pub fn local_now(&self) -> NaiveDateTime {
        self.now().with_timezone(&self.local_offset()).naive_local()
    }
}
