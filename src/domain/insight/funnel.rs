//! The new → repeat → loyal funnel, per monthly cohort of first purchase
//! and in total.
//!
//! The stages nest: every customer who bought is `new` (one purchase day
//! or more), `repeat` counts those who came back on a second day, `loyal`
//! those with at least the loyal threshold of purchase days (5 unless the
//! configuration says otherwise).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::month::Month;
use super::CustomerPurchases;

/// Purchase days that make a customer loyal, unless configured.
pub const DEFAULT_LOYAL_PURCHASE_DAYS: u32 = 5;

/// One stage count of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelCounts {
    /// Customers who bought at least once.
    pub new: u64,
    /// Of those, who bought on two days or more.
    pub repeat: u64,
    /// Of those, who bought on the loyal threshold of days or more.
    pub loyal: u64,
    /// `repeat / new` (None with no customers).
    pub repeat_rate: Option<f64>,
    /// `loyal / repeat` (None with no repeat customers).
    pub loyal_rate: Option<f64>,
    /// The median days from the first purchase day to the second, over
    /// the repeat customers.
    pub median_days_to_second: Option<f64>,
}

/// One cohort's funnel: the customers whose first purchase fell in `month`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelCohort {
    pub month: Month,
    #[serde(flatten)]
    pub counts: FunnelCounts,
}

/// The whole funnel report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    /// Oldest cohort first; months without a first purchase are left out.
    pub cohorts: Vec<FunnelCohort>,
    pub total: FunnelCounts,
}

#[derive(Default)]
struct Tally {
    new: u64,
    repeat: u64,
    loyal: u64,
    days_to_second: Vec<i64>,
}

impl Tally {
    fn add(&mut self, purchase_days: usize, days_to_second: Option<i64>, loyal_days: usize) {
        self.new += 1;
        if purchase_days >= 2 {
            self.repeat += 1;
        }
        if purchase_days >= loyal_days {
            self.loyal += 1;
        }
        self.days_to_second.extend(days_to_second);
    }

    fn counts(mut self) -> FunnelCounts {
        let rate = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        FunnelCounts {
            new: self.new,
            repeat: self.repeat,
            loyal: self.loyal,
            repeat_rate: rate(self.repeat, self.new),
            loyal_rate: rate(self.loyal, self.repeat),
            median_days_to_second: median(&mut self.days_to_second),
        }
    }
}

/// The median of whole numbers (the mean of the middle two for an even
/// count); None for none.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(match n % 2 {
        1 => values[n / 2] as f64,
        _ => (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0,
    })
}

/// The funnel from purchases on or before `as_of`. `loyal_days` below 2
/// is taken as 2: loyalty needs a return.
pub fn funnel(customers: &[CustomerPurchases], as_of: NaiveDate, loyal_days: u32) -> Funnel {
    let loyal_days = (loyal_days as usize).max(2);
    let mut by_month: BTreeMap<Month, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for c in customers {
        let days = c.up_to(as_of);
        let Some(first) = days.first() else { continue };
        let to_second = days
            .get(1)
            .map(|second| (second.day - first.day).num_days());
        by_month
            .entry(Month::of(first.day))
            .or_default()
            .add(days.len(), to_second, loyal_days);
        total.add(days.len(), to_second, loyal_days);
    }
    Funnel {
        cohorts: by_month
            .into_iter()
            .map(|(month, t)| FunnelCohort {
                month,
                counts: t.counts(),
            })
            .collect(),
        total: total.counts(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::PurchaseDay;

    fn customer(account_id: i64, days: &[&str]) -> CustomerPurchases {
        CustomerPurchases {
            account_id,
            days: days
                .iter()
                .map(|d| PurchaseDay {
                    day: d.parse().unwrap(),
                    amount: 1000,
                })
                .collect(),
        }
    }

    #[test]
    fn stages_nest_per_cohort_and_in_total() {
        let customers = [
            customer(1, &["2026-01-05"]),
            customer(2, &["2026-01-10", "2026-01-20"]),
            customer(
                3,
                &[
                    "2026-01-31",
                    "2026-03-01",
                    "2026-04-01",
                    "2026-05-01",
                    "2026-06-01",
                ],
            ),
            customer(4, &["2026-03-03", "2026-03-13", "2026-12-01"]),
            // Only after the as-of date: not counted.
            customer(5, &["2026-12-02"]),
            customer(6, &[]),
        ];
        let f = funnel(&customers, "2026-11-30".parse().unwrap(), 5);
        let rows: Vec<(String, u64, u64, u64, Option<f64>)> = f
            .cohorts
            .iter()
            .map(|c| {
                let k = &c.counts;
                (
                    c.month.to_string(),
                    k.new,
                    k.repeat,
                    k.loyal,
                    k.median_days_to_second,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2026-01".to_string(), 3, 2, 1, Some(19.5)),
                ("2026-03".to_string(), 1, 1, 0, Some(10.0)),
            ]
        );
        let t = &f.total;
        assert_eq!((t.new, t.repeat, t.loyal), (4, 3, 1));
        assert_eq!(t.median_days_to_second, Some(10.0));
        assert_eq!(t.repeat_rate, Some(0.75));
        assert_eq!(t.loyal_rate, Some(1.0 / 3.0));
        // A lower threshold makes more customers loyal.
        let f3 = funnel(&customers, "2026-11-30".parse().unwrap(), 2);
        assert_eq!(f3.total.loyal, 3);
    }

    #[test]
    fn nobody_bought_gives_empty_rates() {
        let f = funnel(&[customer(1, &[])], "2026-11-30".parse().unwrap(), 5);
        assert!(f.cohorts.is_empty());
        assert_eq!(f.total.new, 0);
        assert_eq!(f.total.repeat_rate, None);
        assert_eq!(f.total.median_days_to_second, None);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        for (mut v, want) in [
            (vec![], None),
            (vec![4], Some(4.0)),
            (vec![9, 1, 5], Some(5.0)),
            (vec![10, 1, 3, 8], Some(5.5)),
        ] {
            assert_eq!(median(&mut v), want);
        }
    }
}
