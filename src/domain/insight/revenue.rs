//! Revenue by month, split into what first-time customers spent in the
//! month of their first purchase and what returning customers spent.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::month::Month;
use super::CustomerPurchases;

/// One month's revenue, in minor units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevenueMonth {
    pub month: Month,
    pub total: i64,
    /// From customers in the month of their first purchase (all of that
    /// month's purchases, a second visit in it included).
    pub new: i64,
    /// From customers who first bought in an earlier month.
    pub returning: i64,
    /// `returning / total` (None for a month without revenue).
    pub returning_share: Option<f64>,
}

/// Every month from the first purchase to the as-of month (months without
/// sales included, as zeros), from purchases on or before `as_of`.
pub fn revenue_by_month(customers: &[CustomerPurchases], as_of: NaiveDate) -> Vec<RevenueMonth> {
    let mut by_month: HashMap<Month, (i64, i64)> = HashMap::new();
    let mut first_month: Option<Month> = None;
    for c in customers {
        let days = c.up_to(as_of);
        let Some(first) = days.first() else { continue };
        let start = Month::of(first.day);
        first_month = Some(first_month.map_or(start, |m| m.min(start)));
        for d in days {
            let m = Month::of(d.day);
            let (new, returning) = by_month.entry(m).or_default();
            if m == start {
                *new += d.amount;
            } else {
                *returning += d.amount;
            }
        }
    }
    let Some(first_month) = first_month else {
        return Vec::new();
    };
    first_month
        .through(Month::of(as_of))
        .map(|month| {
            let (new, returning) = by_month.get(&month).copied().unwrap_or_default();
            let total = new + returning;
            RevenueMonth {
                month,
                total,
                new,
                returning,
                returning_share: (total > 0).then(|| returning as f64 / total as f64),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::PurchaseDay;

    fn customer(account_id: i64, days: &[(&str, i64)]) -> CustomerPurchases {
        CustomerPurchases {
            account_id,
            days: days
                .iter()
                .map(|(d, amount)| PurchaseDay {
                    day: d.parse().unwrap(),
                    amount: *amount,
                })
                .collect(),
        }
    }

    #[test]
    fn new_and_returning_by_month_with_empty_months_in_between() {
        let customers = [
            customer(
                1,
                &[
                    ("2026-08-03", 1000),
                    ("2026-08-20", 500),
                    ("2026-10-01", 300),
                ],
            ),
            customer(2, &[("2026-10-09", 2000), ("2026-11-30", 100)]),
            customer(3, &[("2026-12-01", 7777)]),
        ];
        let got = revenue_by_month(&customers, "2026-11-30".parse().unwrap());
        let rows: Vec<(String, i64, i64, i64, Option<f64>)> = got
            .into_iter()
            .map(|r| {
                (
                    r.month.to_string(),
                    r.total,
                    r.new,
                    r.returning,
                    r.returning_share,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2026-08".into(), 1500, 1500, 0, Some(0.0)),
                ("2026-09".into(), 0, 0, 0, None),
                ("2026-10".into(), 2300, 2000, 300, Some(300.0 / 2300.0)),
                ("2026-11".into(), 100, 0, 100, Some(1.0)),
            ]
        );
        assert!(revenue_by_month(&customers, "2026-01-01".parse().unwrap()).is_empty());
    }
}
