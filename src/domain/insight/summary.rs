//! The per-customer purchase summary the models are fitted on
//! (frequency, recency, T, monetary value), and the expected next order.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};

use super::{CustomerPurchases, PurchaseDay};

/// Days per model time unit: the models count time in weeks.
pub const DAYS_PER_WEEK: f64 = 7.0;

/// One customer's purchase history as of a date, in the shape the
/// BG/NBD and Gamma-Gamma models take.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub account_id: i64,
    /// Repeat purchases: purchase days − 1.
    pub frequency: u32,
    /// Weeks from the first to the last purchase day (t_x).
    pub recency_weeks: f64,
    /// Weeks from the first purchase day to the as-of date (T).
    pub t_weeks: f64,
    /// Mean amount of the repeat purchase days (all but the first), in
    /// minor units; 0 without repeats.
    pub monetary: f64,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Calendar days with at least one purchase.
    pub purchase_days: u32,
    /// Everything bought on or before the as-of date, in minor units.
    pub total_spend: i64,
}

/// The summaries of every customer with at least one purchase on or
/// before `as_of`, in input order (customers without are left out).
///
/// Purchases are counted per calendar day: several entries on one day are
/// one purchase with the amounts summed, and days after `as_of` are
/// ignored. The input is expected sorted with one entry per day; anything
/// else is put in that shape first.
pub fn summarize(customers: &[CustomerPurchases], as_of: NaiveDate) -> Vec<Summary> {
    customers
        .iter()
        .filter_map(|c| summarize_one(c, as_of))
        .collect()
}

/// The summary of one customer, or `None` without purchases by `as_of`.
pub fn summarize_one(customer: &CustomerPurchases, as_of: NaiveDate) -> Option<Summary> {
    let days = purchase_days(customer, as_of);
    let first = days.first()?;
    let last = days.last()?;
    let repeats = &days[1..];
    let repeat_total: i64 = repeats.iter().map(|d| d.amount).sum();
    let monetary = if repeats.is_empty() {
        0.0
    } else {
        repeat_total as f64 / repeats.len() as f64
    };
    Some(Summary {
        account_id: customer.account_id,
        frequency: u32::try_from(repeats.len()).unwrap_or(u32::MAX),
        recency_weeks: weeks_between(first.day, last.day),
        t_weeks: weeks_between(first.day, as_of),
        monetary,
        first_day: first.day,
        last_day: last.day,
        purchase_days: u32::try_from(days.len()).unwrap_or(u32::MAX),
        total_spend: first.amount + repeat_total,
    })
}

/// The day the next purchase of a repeat customer is expected: the last
/// purchase day (on or before `as_of`) plus the customer's usual gap, the
/// median of the gaps between consecutive purchase days (with an even
/// number of gaps, the mean of the middle two, rounded half up to whole
/// days). `None` for a customer with fewer than two purchase days by
/// `as_of`. The day may lie before `as_of`: the order is overdue.
pub fn expected_next_order(customer: &CustomerPurchases, as_of: NaiveDate) -> Option<NaiveDate> {
    let days = purchase_days(customer, as_of);
    if days.len() < 2 {
        return None;
    }
    let mut gaps: Vec<i64> = days
        .windows(2)
        .map(|w| (w[1].day - w[0].day).num_days())
        .collect();
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    let median = if gaps.len() % 2 == 1 {
        gaps[mid]
    } else {
        // Sum of the two middle gaps, halved rounding half up.
        (gaps[mid - 1] + gaps[mid] + 1) / 2
    };
    let last = days.last()?.day;
    last.checked_add_days(Days::new(u64::try_from(median).ok()?))
}

/// Weeks between two days (may be fractional).
pub fn weeks_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64 / DAYS_PER_WEEK
}

/// The purchase days on or before `as_of`, sorted with one entry per day.
fn purchase_days(customer: &CustomerPurchases, as_of: NaiveDate) -> Cow<'_, [PurchaseDay]> {
    let tidy = customer.days.windows(2).all(|w| w[0].day < w[1].day);
    if tidy {
        return Cow::Borrowed(customer.up_to(as_of));
    }
    let mut days: Vec<PurchaseDay> = customer
        .days
        .iter()
        .copied()
        .filter(|d| d.day <= as_of)
        .collect();
    days.sort_by_key(|d| d.day);
    let mut merged: Vec<PurchaseDay> = Vec::with_capacity(days.len());
    for d in days {
        match merged.last_mut() {
            Some(last) if last.day == d.day => last.amount += d.amount,
            _ => merged.push(d),
        }
    }
    Cow::Owned(merged)
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
