//! Customer insight from purchase history: per-customer summaries, the
//! BG/NBD and Gamma-Gamma models and lifetime value, RFM segments, the
//! new → repeat → loyal funnel, cohort retention, revenue by month and
//! win-back. Pure functions over [`CustomerPurchases`]; the store only
//! supplies them (non-voided orders, grouped by calendar day in the
//! operator's zone).

use chrono::NaiveDate;

/// One customer's purchases, one entry per calendar day on which they
/// bought (several orders on a day are one purchase, amounts summed),
/// oldest first. Amounts are in the currency's minor unit (yen, cents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPurchases {
    pub account_id: i64,
    pub days: Vec<PurchaseDay>,
}

/// A day on which a customer bought, and how much in total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseDay {
    pub day: NaiveDate,
    pub amount: i64,
}

impl CustomerPurchases {
    /// The purchase days on or before `as_of` (a report looks back from
    /// a date).
    pub fn up_to(&self, as_of: NaiveDate) -> &[PurchaseDay] {
        let n = self.days.partition_point(|d| d.day <= as_of);
        &self.days[..n]
    }
}

pub mod bgnbd;
pub mod clv;
pub mod cohorts;
pub mod funnel;
pub mod gamma_gamma;
pub mod month;
mod optimise;
pub mod revenue;
pub mod rfm;
pub mod special;
pub mod summary;
pub mod winback;
