//! Calendar months, for the reports that count by month.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// A calendar month (`2026-11`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// The month `d` falls in.
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// Months from `self` to `later` (0 for the same month).
    pub fn months_until(self, later: Month) -> i64 {
        (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month)
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            m => Month {
                year: self.year,
                month: m + 1,
            },
        }
    }

    /// Every month from `self` to `last`, both included.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), move |m| Some(m.next()).filter(|n| *n <= last))
            .take_while(move |m| *m <= last)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_across_years() {
        let d = |s: &str| Month::of(s.parse().unwrap());
        assert_eq!(d("2025-11-30").months_until(d("2026-02-01")), 3);
        assert_eq!(d("2026-02-01").months_until(d("2026-02-28")), 0);
        let all: Vec<String> = d("2025-11-03")
            .through(d("2026-02-01"))
            .map(|m| m.to_string())
            .collect();
        assert_eq!(all, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(d("2026-03-01").through(d("2026-02-01")).count(), 0);
        assert_eq!(
            serde_json::to_string(&d("2026-07-04")).unwrap(),
            "\"2026-07\""
        );
    }
}
