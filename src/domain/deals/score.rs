//! The prospect score: how a deal ranks among the pipeline's prospects.

use serde::Serialize;

use super::Rank;

/// The prospect score, read in one line:
///
/// `score = rank (A 30, B 20, C 10) + 10 × digits of the weighted value
/// in whole currency units − days since last activity − 2 × days past the
/// expected close date`
///
/// "Digits" is `log10(weighted + 1)`, so ¥1,000 weighs 30 and ¥1,000,000
/// weighs 60: size counts, but a quiet or overdue deal sinks whatever its
/// size. Higher first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Score {
    pub rank: i64,
    pub value: i64,
    pub quiet: i64,
    pub overdue: i64,
    pub total: i64,
}

impl Score {
    /// The score of a deal of `rank` whose weighted value is `weighted`
    /// minor units (`minor_units` decimals in the currency).
    pub fn of(
        rank: Rank,
        weighted: i64,
        minor_units: u8,
        days_quiet: i64,
        days_overdue: i64,
    ) -> Score {
        let whole = weighted.max(0) as f64 / 10f64.powi(minor_units.into());
        let value = (10.0 * (whole + 1.0).log10()).round() as i64;
        let (rank, quiet, overdue) = (rank.points(), days_quiet, 2 * days_overdue);
        Score {
            rank,
            value,
            quiet,
            overdue,
            total: rank + value - quiet - overdue,
        }
    }

    /// The score as its sum: `30 + 52 − 3 − 0 = 79`.
    pub fn explain(&self) -> String {
        format!(
            "{} + {} − {} − {} = {}",
            self.rank, self.value, self.quiet, self.overdue, self.total
        )
    }
}
