//! The CDNOW sample of Fader, Hardie & Lee (2005) (tests/fixtures), read
//! as the store would supply it. Shared by tests/suite/insight_cdnow.rs and
//! benches/insight.rs.

use chrono::NaiveDate;
use salesbench::domain::insight::{CustomerPurchases, PurchaseDay};

/// The sample file as committed.
pub const SAMPLE: &str = include_str!("../fixtures/CDNOW_sample.txt");

/// The sample as USD orders in cents, one entry per customer and calendar
/// day (several lines on one date summed), customers in file order.
pub fn cdnow() -> Vec<CustomerPurchases> {
    let mut customers: Vec<CustomerPurchases> = Vec::new();
    for line in SAMPLE.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let id: i64 = f[0].parse().unwrap();
        let day = NaiveDate::parse_from_str(f[2], "%Y%m%d").unwrap();
        let cents = (f[4].parse::<f64>().unwrap() * 100.0).round() as i64;
        if customers.last().map(|c| c.account_id) != Some(id) {
            customers.push(CustomerPurchases {
                account_id: id,
                days: Vec::new(),
            });
        }
        let c = customers.last_mut().unwrap();
        match c.days.last_mut() {
            Some(last) if last.day == day => last.amount += cents,
            _ => c.days.push(PurchaseDay { day, amount: cents }),
        }
    }
    customers
}
