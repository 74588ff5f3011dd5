//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
//! "RFM and CLV: using iso-value curves"; Fader & Hardie 2013, "The
//! Gamma-Gamma model of monetary value"), fitted on repeat customers.
//!
//! Amounts are fitted in the currency's major unit (dollars, yen), so v is
//! in that unit whatever the store keeps; spends come back in minor units.

use std::collections::BTreeMap;

use super::bgnbd::{check_counts, FitError, MIN_CUSTOMERS, MIN_REPEAT_CUSTOMERS};
use super::optimise::{minimise, Settings};
use super::special::{digamma, ln_gamma};
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
}

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
    let mut iterations = 0;
    for start in starts {
        let m = minimise(
            |t, g| data.mean_neg_log_likelihood(t, g),
            start.map(|v: f64| v.max(1e-300).ln()),
            &Settings::default(),
        );
        iterations += m.iterations;
        if m.converged {
            let [p, q, v] = m.x.map(f64::exp);
            return Ok(GgFit {
                p,
                q,
                v,
                minor_per_major: scale,
                log_likelihood: -m.value * data.customers,
                iterations,
            });
        }
    }
    Err(FitError::NotConverged { iterations })
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

/// Repeat customers grouped by identical (x, m̄), in a fixed order.
struct Grouped {
    /// (x, m̄ in major units, how many customers)
    cells: Vec<(f64, f64, f64)>,
    customers: f64,
    mean_m: f64,
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
        let cells: Vec<(f64, f64, f64)> = cells
            .into_iter()
            .map(|((x, m), n)| (f64::from(x), f64::from_bits(m), f64::from(n)))
            .collect();
        let customers: f64 = cells.iter().map(|c| c.2).sum();
        let mean_m = cells.iter().map(|c| c.1 * c.2).sum::<f64>() / customers.max(1.0);
        Grouped {
            cells,
            customers,
            mean_m,
        }
    }

    /// Mean negative log-likelihood at log-parameters `theta` = ln(p, q,
    /// v), and its gradient with respect to them.
    fn mean_neg_log_likelihood(&self, theta: &[f64; 3], grad: &mut [f64; 3]) -> f64 {
        let [p, q, v] = theta.map(f64::exp);
        let (lg_q, psi_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
        let mut ll = 0.0;
        let mut d = [0.0; 3];
        for &(x, m, w) in &self.cells {
            let px = p * x;
            let ln_xmv = (x * m + v).ln();
            let (ln_m, ln_x) = (m.ln(), x.ln());
            ll += w
                * (ln_gamma(px + q) - ln_gamma(px) - lg_q
                    + q * ln_v
                    + (px - 1.0) * ln_m
                    + px * ln_x
                    - (px + q) * ln_xmv);
            let psi_pxq = digamma(px + q);
            d[0] += w * x * (psi_pxq - digamma(px) + ln_m + ln_x - ln_xmv);
            d[1] += w * (psi_pxq - psi_q + ln_v - ln_xmv);
            d[2] += w * (q / v - (px + q) / (x * m + v));
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
