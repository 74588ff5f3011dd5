//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
//! "RFM and CLV: using iso-value curves"; Fader & Hardie 2013, "The
//! Gamma-Gamma model of monetary value"), fitted on repeat customers.
//!
//! Amounts are fitted in the currency's major unit (dollars, yen), so v is
//! in that unit whatever the store keeps; spends come back in minor units.

use std::collections::BTreeMap;

use super::bgnbd::{check_counts, FitError, MIN_CUSTOMERS, MIN_REPEAT_CUSTOMERS};
use super::optimise::{minimise, Settings};
use super::special::{digamma_ratio, ln_gamma, ln_gamma_ratio};
use super::summary::Summary;

/// Fitted Gamma-Gamma parameters: spend per purchase is Gamma(p, ν) with
/// ν ~ Gamma(q, v) across customers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GgFit {
    pub p: f64,
    pub q: f64,
    /// Scale, in the currency's major unit.
    pub v: f64,
    /// Minor units per major unit the fit was made with (100 for USD,
    /// 1 for JPY).
    pub minor_per_major: f64,
    pub log_likelihood: f64,
    pub iterations: u32,
    /// p or q ended on its limit (10⁶): spend per purchase hardly varies
    /// around each customer's mean, or the means hardly vary between
    /// customers.
    pub at_limit: bool,
}

/// Log-parameter box: shapes p, q in [10⁻⁶, 10⁶], the scale v wider.
const SHAPE: (f64, f64) = (-13.815_510_557_964_274, 13.815_510_557_964_274);
const SCALE: (f64, f64) = (-40.0, 40.0);

/// Fits the Gamma-Gamma model on the repeat customers (frequency > 0 and
/// a positive repeat-day mean). `minor_per_major` converts the summaries'
/// minor-unit amounts to the major unit the model is fitted in.
pub fn fit_gamma_gamma(summaries: &[Summary], minor_per_major: i64) -> Result<GgFit, FitError> {
    check_counts(summaries)?;
    let scale = minor_per_major.max(1) as f64;
    let data = Grouped::new(summaries, scale);
    let spenders = data.customers as usize;
    if spenders < MIN_REPEAT_CUSTOMERS {
        return Err(FitError::TooFewCustomers {
            customers: summaries.len(),
            repeat_customers: spenders,
            min_customers: MIN_CUSTOMERS,
            min_repeat_customers: MIN_REPEAT_CUSTOMERS,
        });
    }
    let starts = [
        [1.0, 2.0, data.mean_m],
        [10.0, 5.0, data.mean_m * 5.0],
        [0.5, 1.5, data.mean_m / 5.0],
    ];
    // As for BG/NBD: a fit on a limit is kept only if no start does better.
    let mut iterations = 0;
    let mut best: Option<GgFit> = None;
    for start in starts {
        let m = minimise(
            |t, g| data.mean_neg_log_likelihood(t, g),
            start.map(|v: f64| v.max(1e-300).ln()),
            &[SHAPE, SHAPE, SCALE],
            &Settings::default(),
        );
        iterations += m.iterations;
        if !m.converged {
            continue;
        }
        let [p, q, v] = m.x.map(f64::exp);
        let fit = GgFit {
            p,
            q,
            v,
            minor_per_major: scale,
            log_likelihood: -m.value * data.customers,
            iterations,
            at_limit: m.at_edge,
        };
        if !fit.at_limit {
            return Ok(fit);
        }
        if best.is_none_or(|b| fit.log_likelihood > b.log_likelihood) {
            best = Some(fit);
        }
    }
    best.map(|fit| GgFit { iterations, ..fit })
        .ok_or(FitError::NotConverged { iterations })
}

impl GgFit {
    /// The expected spend per purchase of a customer with `x` repeat
    /// purchases averaging `monetary` (minor units), in minor units:
    /// E(M | p, q, v, x, m̄) = p (v + x m̄) / (p x + q − 1). With x = 0 it
    /// is the population mean p v / (q − 1). `None` where that mean does
    /// not exist (p x + q ≤ 1).
    pub fn expected_average_spend(&self, x: u32, monetary: f64) -> Option<f64> {
        let xf = f64::from(x);
        let m = if x == 0 {
            0.0
        } else {
            monetary / self.minor_per_major
        };
        let denominator = self.p * xf + self.q - 1.0;
        if denominator <= 0.0 {
            return None;
        }
        let spend = self.p * (self.v + xf * m) / denominator * self.minor_per_major;
        spend.is_finite().then_some(spend)
    }
}

/// Repeat customers grouped by x, then by identical m̄, in a fixed order.
struct Grouped {
    classes: Vec<XClass>,
    customers: f64,
    mean_m: f64,
}

struct XClass {
    x: f64,
    weight: f64,
    /// (m̄ in major units, ln m̄, how many customers)
    cells: Vec<(f64, f64, f64)>,
}

impl Grouped {
    fn new(summaries: &[Summary], scale: f64) -> Self {
        let mut cells: BTreeMap<(u32, u64), u32> = BTreeMap::new();
        for s in summaries {
            let m = s.monetary / scale;
            if s.frequency > 0 && m > 0.0 && m.is_finite() {
                *cells.entry((s.frequency, m.to_bits())).or_insert(0) += 1;
            }
        }
        let mut classes: Vec<XClass> = Vec::new();
        for ((x, m), n) in cells {
            let m = f64::from_bits(m);
            let (x, cell) = (f64::from(x), (m, m.ln(), f64::from(n)));
            match classes.last_mut() {
                Some(c) if c.x == x => {
                    c.weight += cell.2;
                    c.cells.push(cell);
                }
                _ => classes.push(XClass {
                    x,
                    weight: cell.2,
                    cells: vec![cell],
                }),
            }
        }
        let all = || classes.iter().flat_map(|c| c.cells.iter());
        let customers: f64 = all().map(|c| c.2).sum();
        let mean_m = all().map(|c| c.0 * c.2).sum::<f64>() / customers.max(1.0);
        Grouped {
            classes,
            customers,
            mean_m,
        }
    }

    /// Mean negative log-likelihood at log-parameters `theta` = ln(p, q,
    /// v), and its gradient with respect to them. The special functions
    /// depend on x alone (once per class). Written so that no two large
    /// terms cancel near the box's edge: ln Γ(px + q) − ln Γ(px) as one
    /// ratio, and q ln v + px ln x + (px − 1) ln m̄ − (px + q) ln(x m̄ + v)
    /// as −ln m̄ − q ln(1 + x m̄/v) − px ln(1 + v/(x m̄)).
    fn mean_neg_log_likelihood(&self, theta: &[f64; 3], grad: &mut [f64; 3]) -> f64 {
        let [p, q, v] = theta.map(f64::exp);
        let lg_q = ln_gamma(q);
        let mut ll = 0.0;
        let mut d = [0.0; 3];
        for class in &self.classes {
            let (x, px) = (class.x, p * class.x);
            ll += class.weight * (ln_gamma_ratio(px, q) - lg_q);
            d[0] += class.weight * x * digamma_ratio(px, q);
            d[1] += class.weight * digamma_ratio(q, px);
            for &(m, ln_m, w) in &class.cells {
                let xm = x * m;
                let spend_over_v = (xm / v).ln_1p();
                let v_over_spend = (v / xm).ln_1p();
                ll -= w * (ln_m + q * spend_over_v + px * v_over_spend);
                d[0] -= w * x * v_over_spend;
                d[1] -= w * spend_over_v;
                d[2] += w * (q * xm / (v * (xm + v)) - px / (xm + v));
            }
        }
        let n = self.customers.max(1.0);
        let params = [p, q, v];
        for i in 0..3 {
            grad[i] = -d[i] * params[i] / n;
        }
        -ll / n
    }
}

#[cfg(test)]
#[path = "gamma_gamma_tests.rs"]
mod tests;
