//! Customer lifetime value and the one entry point the CLI and TUI call:
//! [`analyse`] fits both models and gives each customer P(alive),
//! expected purchases, expected spend, lifetime value and the expected
//! next order. With the fits cached, [`customer_values`] recomputes the
//! per-customer figures alone (cheap: no fitting).

use std::collections::HashMap;
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
#[derive(Debug, Clone, Copy, PartialEq)]
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

/// A [`CustomerValue`] as a screen holds a million of them: no id (the map
/// it sits in keys it) and no option tags (`NaN` is none), 40 bytes
/// instead of 80.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeldValue {
    p_alive: f64,
    expected_purchases: f64,
    expected_spend: f64,
    clv: f64,
    expected_next_order_on: Option<NaiveDate>,
}

impl HeldValue {
    /// Keeps `v` (its id aside).
    pub fn hold(v: &CustomerValue) -> HeldValue {
        let f = |x: Option<f64>| x.unwrap_or(f64::NAN);
        HeldValue {
            p_alive: f(v.p_alive),
            expected_purchases: f(v.expected_purchases),
            expected_spend: f(v.expected_spend),
            clv: f(v.clv),
            expected_next_order_on: v.expected_next_order_on,
        }
    }

    /// The value of account `account_id` again, as it was kept.
    pub fn value(&self, account_id: i64) -> CustomerValue {
        let f = |x: f64| (!x.is_nan()).then_some(x);
        CustomerValue {
            account_id,
            p_alive: f(self.p_alive),
            expected_purchases: f(self.expected_purchases),
            expected_spend: f(self.expected_spend),
            clv: f(self.clv),
            expected_next_order_on: self.expected_next_order_on,
        }
    }
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
///
/// The model part that depends only on (x, T) is computed once per
/// distinct pair: customers who first bought on the same day with as many
/// repeat purchases share it.
pub fn customer_values(
    customers: &[CustomerPurchases],
    as_of: NaiveDate,
    bgnbd: Option<&Fit>,
    gamma_gamma: Option<&GgFit>,
    params: &ValueParams,
) -> Vec<CustomerValue> {
    let stride = params.months as usize + 1;
    let mut index: HashMap<(u32, u64), usize> = HashMap::new();
    let mut curves: Vec<f64> = Vec::new();
    customers
        .iter()
        .filter_map(|c| {
            let s = summarize_one(c, as_of)?;
            let curve = bgnbd.map(|fit| {
                let key = (s.frequency, s.t_weeks.to_bits());
                let at = *index.entry(key).or_insert_with(|| {
                    let at = curves.len();
                    if_alive_curve(fit, s.frequency, s.t_weeks, params, &mut curves);
                    at
                });
                &curves[at..at + stride]
            });
            let next = expected_next_order(c, as_of);
            Some(value_from(&s, next, bgnbd, gamma_gamma, params, curve))
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
    let mut curve = Vec::new();
    if let Some(fit) = bgnbd {
        if_alive_curve(fit, s.frequency, s.t_weeks, params, &mut curve);
    }
    let curve = bgnbd.map(|_| curve.as_slice());
    value_from(s, expected_next_order_on, bgnbd, gamma_gamma, params, curve)
}

/// Appends the expected purchases of a still-active customer with `x`
/// repeat purchases observed for `t` weeks: over the horizon, then by the
/// end of each month.
fn if_alive_curve(fit: &Fit, x: u32, t: f64, params: &ValueParams, out: &mut Vec<f64>) {
    out.push(fit.purchases_if_alive(params.horizon_weeks, x, t));
    for i in 1..=params.months {
        out.push(fit.purchases_if_alive(month_end_weeks(i), x, t));
    }
}

/// Month i (of 30 days) ends this many weeks from now.
fn month_end_weeks(i: u32) -> f64 {
    f64::from(i) * DAYS_PER_MONTH / DAYS_PER_WEEK
}

/// `curve` is [`if_alive_curve`] for this customer's (x, T), when BG/NBD
/// is fitted.
fn value_from(
    s: &Summary,
    expected_next_order_on: Option<NaiveDate>,
    bgnbd: Option<&Fit>,
    gamma_gamma: Option<&GgFit>,
    params: &ValueParams,
    curve: Option<&[f64]>,
) -> CustomerValue {
    let p_alive = bgnbd.map(|f| f.p_alive(s.frequency, s.recency_weeks, s.t_weeks));
    let alive_curve = p_alive.zip(curve);
    let expected_purchases = alive_curve.map(|(p, curve)| p * curve[0]);
    let expected_spend =
        gamma_gamma.and_then(|g| g.expected_average_spend(s.frequency, s.monetary));
    let clv = alive_curve
        .zip(expected_spend)
        .map(|((p, curve), spend)| {
            let mut month_ends = curve[1..].iter();
            discounted_value(spend, params.months, params.monthly_discount, |_| {
                p * month_ends.next().copied().unwrap_or(f64::NAN)
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
        let cumulative = expected_by(month_end_weeks(i));
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
