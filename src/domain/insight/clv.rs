//! Customer lifetime value and the one entry point the CLI and TUI call:
//! [`analyse`] fits both models and gives each customer P(alive),
//! expected purchases, expected spend, lifetime value and the expected
//! next order. With the fits cached, [`customer_values`] recomputes the
//! per-customer figures alone (cheap: no fitting).

use std::time::Instant;

use chrono::NaiveDate;

use super::bgnbd::{fit_bgnbd, Fit, FitError};
use super::gamma_gamma::{fit_gamma_gamma, GgFit};
use super::summary::{expected_next_order, summarize, summarize_one, Summary, DAYS_PER_WEEK};
use super::CustomerPurchases;

/// Days in a month for lifetime value.
pub const DAYS_PER_MONTH: f64 = 30.0;

/// What the per-customer figures are computed for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueParams {
    /// Lifetime value horizon in months of 30 days (default 12).
    pub months: u32,
    /// Discount rate per month (default 0.01, 1 %).
    pub monthly_discount: f64,
    /// Horizon of `expected_purchases`, in weeks (default 52).
    pub horizon_weeks: f64,
    /// Minor units per major unit of the currency: 1 for JPY (default),
    /// 100 for USD. The spend model is fitted in the major unit.
    pub minor_per_major: i64,
}

impl Default for ValueParams {
    fn default() -> Self {
        ValueParams {
            months: 12,
            monthly_discount: 0.01,
            horizon_weeks: 52.0,
            minor_per_major: 1,
        }
    }
}

/// One customer's figures. Those that need a model are `None` when that
/// model could not be fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerValue {
    pub account_id: i64,
    /// Probability the customer is still active (BG/NBD).
    pub p_alive: Option<f64>,
    /// Expected purchases in the next `horizon_weeks` (BG/NBD).
    pub expected_purchases: Option<f64>,
    /// Expected spend per future purchase, minor units (Gamma-Gamma).
    pub expected_spend: Option<f64>,
    /// Discounted value of the next `months`, minor units (both models).
    pub clv: Option<f64>,
    /// Last purchase day plus the usual gap; repeat customers only.
    pub expected_next_order_on: Option<NaiveDate>,
}

/// Everything [`analyse`] computes.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// One per customer with a purchase on or before the as-of date.
    pub summaries: Vec<Summary>,
    pub bgnbd: Result<Fit, FitError>,
    pub gamma_gamma: Result<GgFit, FitError>,
    /// In the order of `summaries`.
    pub per_customer: Vec<CustomerValue>,
    /// Wall time of the two fits, in milliseconds.
    pub fit_ms: f64,
}

/// Summarises the customers as of `as_of`, fits BG/NBD and Gamma-Gamma
/// and computes every customer's figures.
pub fn analyse(customers: &[CustomerPurchases], as_of: NaiveDate, params: ValueParams) -> Analysis {
    let summaries = summarize(customers, as_of);
    // A duration for the operator, not a reading of the calendar clock.
    let started = Instant::now();
    let bgnbd = fit_bgnbd(&summaries);
    let gamma_gamma = fit_gamma_gamma(&summaries, params.minor_per_major);
    let fit_ms = started.elapsed().as_secs_f64() * 1000.0;
    let per_customer = customer_values(
        customers,
        as_of,
        bgnbd.as_ref().ok(),
        gamma_gamma.as_ref().ok(),
        &params,
    );
    Analysis {
        summaries,
        bgnbd,
        gamma_gamma,
        per_customer,
        fit_ms,
    }
}

/// The figures of every customer with a purchase on or before `as_of`
/// (input order), from fits already made.
pub fn customer_values(
    customers: &[CustomerPurchases],
    as_of: NaiveDate,
    bgnbd: Option<&Fit>,
    gamma_gamma: Option<&GgFit>,
    params: &ValueParams,
) -> Vec<CustomerValue> {
    customers
        .iter()
        .filter_map(|c| {
            let summary = summarize_one(c, as_of)?;
            Some(customer_value(
                &summary,
                expected_next_order(c, as_of),
                bgnbd,
                gamma_gamma,
                params,
            ))
        })
        .collect()
}

/// One customer's figures from their summary and the fits.
pub fn customer_value(
    s: &Summary,
    expected_next_order_on: Option<NaiveDate>,
    bgnbd: Option<&Fit>,
    gamma_gamma: Option<&GgFit>,
    params: &ValueParams,
) -> CustomerValue {
    let p_alive = bgnbd.map(|f| f.p_alive(s.frequency, s.recency_weeks, s.t_weeks));
    let expected_purchases = bgnbd
        .zip(p_alive)
        .map(|(f, p)| p * f.purchases_if_alive(params.horizon_weeks, s.frequency, s.t_weeks));
    let expected_spend =
        gamma_gamma.and_then(|g| g.expected_average_spend(s.frequency, s.monetary));
    let clv = bgnbd
        .zip(p_alive)
        .zip(expected_spend)
        .map(|((f, p), spend)| {
            discounted_value(spend, params.months, params.monthly_discount, |weeks| {
                p * f.purchases_if_alive(weeks, s.frequency, s.t_weeks)
            })
        })
        .filter(|v| v.is_finite());
    CustomerValue {
        account_id: s.account_id,
        p_alive,
        expected_purchases,
        expected_spend,
        clv,
        expected_next_order_on,
    }
}

/// Lifetime value over `months` months of 30 days: Σᵢ spend ×
/// (E[purchases by the end of month i] − E[… by the end of month i−1]) /
/// (1 + d)ⁱ, where `expected_by(weeks)` gives the cumulative expected
/// purchases after `weeks` weeks (month i ends at 30 i / 7 weeks).
pub fn discounted_value(
    spend: f64,
    months: u32,
    monthly_discount: f64,
    mut expected_by: impl FnMut(f64) -> f64,
) -> f64 {
    let mut value = 0.0;
    let mut before = 0.0;
    let mut discount = 1.0;
    for i in 1..=months {
        let cumulative = expected_by(f64::from(i) * DAYS_PER_MONTH / DAYS_PER_WEEK);
        discount *= 1.0 + monthly_discount;
        value += spend * (cumulative - before) / discount;
        before = cumulative;
    }
    value
}

/// Rounds a minor-unit figure to a whole minor unit (half away from
/// zero), for JSON and display; `None` for NaN or out of range.
pub fn round_minor(value: f64) -> Option<i64> {
    let r = value.round();
    // i64::MAX as f64 rounds up to 2^63, which is out of range.
    (r.is_finite() && r >= i64::MIN as f64 && r < i64::MAX as f64).then_some(r as i64)
}

#[cfg(test)]
#[path = "clv_tests.rs"]
mod tests;
