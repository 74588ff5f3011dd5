//! The operator's time zone as rules: which UTC offset is in force at an
//! instant, and which instants a wall-clock time names. With daylight
//! saving the answer depends on the date in question, never on today's
//! offset: 10:00 on 15 July in New York is 14:00 UTC even when asked in
//! November.
//!
//! Pure: [`Zone`] is a trait, so every rule here is tested against fixed,
//! hand-written rules without touching the process's `TZ`. The zone that
//! reads the system's tz database lives at the edge
//! (`crate::clock::OperatorZone`).

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Utc};
use thiserror::Error;

/// Why a wall-clock time names no instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum LocalTimeProblem {
    /// The zone's clocks jump over it (the spring-forward gap), so no
    /// instant has it and it cannot be stored as given.
    #[error("{} does not exist: the clocks go forward over it (daylight saving)", .0.format("%Y-%m-%d %H:%M"))]
    Skipped(NaiveDateTime),
    /// Beyond the range of instants chrono can represent.
    #[error("{0} is out of range")]
    OutOfRange(NaiveDateTime),
}

/// A time zone's rules. Only the two lookups are required; every
/// conversion the program makes is a provided method built on them, so
/// all front ends convert the same way.
pub trait Zone: std::fmt::Debug {
    /// The offset in force at the instant `t`.
    fn offset_at(&self, t: DateTime<Utc>) -> FixedOffset;

    /// The offsets under which the wall-clock time `local` occurs: one
    /// usually, two in a fall-back hour (it happens twice), none in a
    /// spring-forward gap.
    fn offsets_of(&self, local: NaiveDateTime) -> LocalResult<FixedOffset>;

    /// The wall-clock time at the instant `t`, with the offset in force
    /// then.
    fn local_time(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.offset_at(t)).naive_local()
    }

    /// The operator's calendar day of the instant `t`.
    fn local_day(&self, t: DateTime<Utc>) -> NaiveDate {
        self.local_time(t).date()
    }

    /// The instant a wall-clock time names. In a fall-back hour that
    /// happens twice, the earlier of the two, whatever the current clock
    /// says; in a spring-forward gap, an error naming the time.
    fn to_utc(&self, local: NaiveDateTime) -> Result<DateTime<Utc>, LocalTimeProblem> {
        let at = |o| instant(local, o).ok_or(LocalTimeProblem::OutOfRange(local));
        match self.offsets_of(local) {
            LocalResult::Single(o) => at(o),
            LocalResult::Ambiguous(a, b) => Ok(at(a)?.min(at(b)?)),
            LocalResult::None => Err(LocalTimeProblem::Skipped(local)),
        }
    }

    /// [`Zone::to_utc`], except that a time in a spring-forward gap moves
    /// forward by the gap (02:30 becomes 03:30 when 02:00 jumps to 03:00),
    /// as calendars do: for times that must land somewhere, such as a
    /// follow-up's time in an exported calendar.
    fn to_utc_shifting_gaps(
        &self,
        local: NaiveDateTime,
    ) -> Result<DateTime<Utc>, LocalTimeProblem> {
        match self.to_utc(local) {
            Err(LocalTimeProblem::Skipped(_)) => {
                // Clocks only skip forward, so the offset before the gap
                // is the smaller of the offsets a day either side.
                let around = local.and_utc();
                let day = Duration::days(1);
                let side = |t: Option<DateTime<Utc>>| self.offset_at(t.unwrap_or(around));
                let (a, b) = (
                    side(around.checked_sub_signed(day)),
                    side(around.checked_add_signed(day)),
                );
                let before = std::cmp::min_by_key(a, b, FixedOffset::local_minus_utc);
                instant(local, before).ok_or(LocalTimeProblem::OutOfRange(local))
            }
            other => other,
        }
    }

    /// The first instant of the local day `d` (midnight, or the end of the
    /// gap where a zone skips midnight).
    fn day_start(&self, d: NaiveDate) -> Result<DateTime<Utc>, LocalTimeProblem> {
        self.to_utc_shifting_gaps(d.and_time(chrono::NaiveTime::MIN))
    }
}

/// A fixed offset is a zone without daylight saving (Japan, UTC, tests).
impl Zone for FixedOffset {
    fn offset_at(&self, _t: DateTime<Utc>) -> FixedOffset {
        *self
    }

    fn offsets_of(&self, _local: NaiveDateTime) -> LocalResult<FixedOffset> {
        LocalResult::Single(*self)
    }
}

/// The instant at which the wall clock reads `local` under offset `o`.
fn instant(local: NaiveDateTime, o: FixedOffset) -> Option<DateTime<Utc>> {
    let t = local.and_local_timezone(o).single()?;
    Some(t.with_timezone(&Utc))
}

#[cfg(test)]
#[path = "zone_tests.rs"]
pub(crate) mod tests;
