//! Cohort retention: of the customers whose first purchase fell in a
//! month, the share who bought in each month after it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::month::Month;
use super::CustomerPurchases;

/// One first-purchase month and how its customers came back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub month: Month,
    /// Customers whose first purchase fell in `month`.
    pub size: u64,
    /// `retention[k]`: the share of the cohort that bought in the k-th
    /// month after `month` (month 0, the first, is always 1), up to the
    /// as-of month.
    pub retention: Vec<f64>,
}

/// Cohorts from purchases on or before `as_of`, oldest first; months
/// without a first purchase are left out.
pub fn cohorts(customers: &[CustomerPurchases], as_of: NaiveDate) -> Vec<Cohort> {
    let last = Month::of(as_of);
    // Per cohort: its size, and per month offset the customers who bought.
    let mut counts: BTreeMap<Month, (u64, Vec<u64>)> = BTreeMap::new();
    for c in customers {
        let days = c.up_to(as_of);
        let Some(first) = days.first() else { continue };
        let start = Month::of(first.day);
        let span = start.months_until(last) as usize + 1;
        let (size, active) = counts.entry(start).or_insert_with(|| (0, vec![0; span]));
        *size += 1;
        let offsets: BTreeSet<usize> = days
            .iter()
            .map(|d| start.months_until(Month::of(d.day)) as usize)
            .collect();
        for k in offsets {
            active[k] += 1;
        }
    }
    counts
        .into_iter()
        .map(|(month, (size, active))| Cohort {
            month,
            size,
            retention: active.iter().map(|&n| n as f64 / size as f64).collect(),
        })
        .collect()
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
                    amount: 500,
                })
                .collect(),
        }
    }

    #[test]
    fn shares_per_month_after_the_first() {
        let customers = [
            customer(1, &["2026-09-01", "2026-09-20", "2026-11-02"]),
            customer(2, &["2026-09-15", "2026-10-15"]),
            customer(3, &["2026-09-30"]),
            customer(4, &["2026-09-03", "2026-10-01", "2026-11-30", "2026-12-01"]),
            customer(5, &["2026-11-05"]),
            customer(6, &["2026-12-24"]),
        ];
        let got = cohorts(&customers, "2026-11-30".parse().unwrap());
        let rows: Vec<(String, u64, Vec<f64>)> = got
            .into_iter()
            .map(|c| (c.month.to_string(), c.size, c.retention))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2026-09".to_string(), 4, vec![1.0, 0.5, 0.5]),
                ("2026-11".to_string(), 1, vec![1.0]),
            ]
        );
    }

    #[test]
    fn a_cohort_spans_years() {
        let customers = [customer(1, &["2025-12-31", "2026-02-01"])];
        let got = cohorts(&customers, "2026-02-01".parse().unwrap());
        assert_eq!(got[0].retention, vec![1.0, 0.0, 1.0]);
    }
}
