//! The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005,
//! "Counting your customers the easy way"): a maximum-likelihood fit of
//! r, α, a, b, and per customer the probability of still being active and
//! the expected number of purchases in the next t weeks (equation 10).
//!
//! The fit groups customers with identical (x, t_x, T), works on
//! log-parameters with an analytic gradient and BFGS, and falls back to
//! other fixed start points if the first does not converge. Same input,
//! bit-identical output.

use std::collections::BTreeMap;

use super::optimise::{minimise, Settings};
use super::special::{digamma, hyp2f1, ln_gamma};
use super::summary::Summary;

/// Fewer customers with purchases than this: no fit.
pub const MIN_CUSTOMERS: usize = 50;
/// Fewer repeat customers (frequency > 0) than this: no fit.
pub const MIN_REPEAT_CUSTOMERS: usize = 20;

/// Fitted BG/NBD parameters: purchase rates are Gamma(r, α) (α in weeks),
/// drop-out probabilities after each purchase Beta(a, b).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
    /// The maximised log-likelihood summed over customers.
    pub log_likelihood: f64,
    /// BFGS iterations used (over all start points tried).
    pub iterations: u32,
}

/// Why a model could not be fitted; each variant is one line for the
/// operator.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error(
        "too few customers to fit: {customers} with purchases (need {min_customers}), \
         {repeat_customers} repeat customers (need {min_repeat_customers})"
    )]
    TooFewCustomers {
        customers: usize,
        repeat_customers: usize,
        min_customers: usize,
        min_repeat_customers: usize,
    },
    #[error("the fit did not converge after {iterations} iterations")]
    NotConverged { iterations: u32 },
}

/// Checks there is enough data for a fit.
pub(crate) fn check_counts(summaries: &[Summary]) -> Result<(), FitError> {
    let customers = summaries.len();
    let repeat_customers = summaries.iter().filter(|s| s.frequency > 0).count();
    if customers < MIN_CUSTOMERS || repeat_customers < MIN_REPEAT_CUSTOMERS {
        return Err(FitError::TooFewCustomers {
            customers,
            repeat_customers,
            min_customers: MIN_CUSTOMERS,
            min_repeat_customers: MIN_REPEAT_CUSTOMERS,
        });
    }
    Ok(())
}

/// Fits the BG/NBD model to the summaries (time in weeks).
pub fn fit_bgnbd(summaries: &[Summary]) -> Result<Fit, FitError> {
    check_counts(summaries)?;
    let data = Grouped::new(summaries);
    fit_with_fallbacks(&data, None)
}

/// Fits from the start point `[r, α, a, b]` (all > 0) first, then, if
/// that does not converge, from the same fixed start points as
/// [`fit_bgnbd`].
pub fn fit_bgnbd_from(summaries: &[Summary], start: [f64; 4]) -> Result<Fit, FitError> {
    check_counts(summaries)?;
    fit_with_fallbacks(&Grouped::new(summaries), Some(start))
}

fn fit_with_fallbacks(data: &Grouped, first: Option<[f64; 4]>) -> Result<Fit, FitError> {
    // Fixed start points, scaled to the data's time span; the first
    // almost always converges, the others are there for odd data.
    let span = data.mean_t.max(1e-3);
    let starts = [
        [1.0, span, 1.0, 1.0],
        [0.1, span / 10.0, 0.5, 5.0],
        [5.0, span * 5.0, 3.0, 0.5],
    ];
    let mut iterations = 0;
    for start in first.into_iter().chain(starts) {
        match fit_from(data, start) {
            Ok(fit) => {
                return Ok(Fit {
                    iterations: iterations + fit.iterations,
                    ..fit
                })
            }
            Err(FitError::NotConverged { iterations: n }) => iterations += n,
            Err(e) => return Err(e),
        }
    }
    Err(FitError::NotConverged { iterations })
}

fn fit_from(data: &Grouped, start: [f64; 4]) -> Result<Fit, FitError> {
    let theta = start.map(|v| v.max(1e-300).ln());
    let m = minimise(
        |t, g| data.mean_neg_log_likelihood(t, g),
        theta,
        &Settings::default(),
    );
    if !m.converged {
        return Err(FitError::NotConverged {
            iterations: m.iterations,
        });
    }
    let [r, alpha, a, b] = m.x.map(f64::exp);
    Ok(Fit {
        r,
        alpha,
        a,
        b,
        log_likelihood: -m.value * data.customers,
        iterations: m.iterations,
    })
}

impl Fit {
    /// The probability that a customer with `x` repeat purchases, the last
    /// at `t_x` weeks after the first, observed for `t` weeks, is still
    /// active. 1 for customers without repeat purchases (in this model one
    /// can only drop out right after a purchase).
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        if x == 0 {
            return 1.0;
        }
        let xf = f64::from(x);
        let odds = self.a / (self.b + xf - 1.0)
            * ((self.r + xf) * ((self.alpha + t) / (self.alpha + t_x)).ln()).exp();
        1.0 / (1.0 + odds)
    }

    /// Expected purchases in the next `horizon` weeks for a customer who is
    /// still active, observed for `t` weeks with `x` repeat purchases: the
    /// bracket of equation 10 without its P(alive) denominator.
    pub fn purchases_if_alive(&self, horizon: f64, x: u32, t: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let xf = f64::from(x);
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let z = horizon / (alpha + t + horizon);
        let hyp = hyp2f1(r + xf, b + xf, a + b + xf - 1.0, z);
        let power = ((r + xf) * ((alpha + t) / (alpha + t + horizon)).ln()).exp();
        (a + b + xf - 1.0) / (a - 1.0) * (1.0 - power * hyp)
    }

    /// Equation 10: the expected number of purchases in the next `horizon`
    /// weeks of a customer with `x` repeat purchases, the last at `t_x`
    /// weeks after the first, observed for `t` weeks.
    pub fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> f64 {
        self.p_alive(x, t_x, t) * self.purchases_if_alive(horizon, x, t)
    }
}

/// Customers grouped by x, then by identical (t_x, T), in a fixed order.
struct Grouped {
    classes: Vec<XClass>,
    customers: f64,
    mean_t: f64,
}

struct XClass {
    x: f64,
    weight: f64,
    /// (t_x, T, how many customers)
    cells: Vec<(f64, f64, f64)>,
}

impl Grouped {
    fn new(summaries: &[Summary]) -> Self {
        // Keys as bit patterns: non-negative floats sort the same way, and
        // the BTreeMap fixes the summation order (determinism).
        let mut cells: BTreeMap<(u32, u64, u64), u32> = BTreeMap::new();
        for s in summaries {
            let key = (s.frequency, s.recency_weeks.to_bits(), s.t_weeks.to_bits());
            *cells.entry(key).or_insert(0) += 1;
        }
        let mut classes: Vec<XClass> = Vec::new();
        for ((x, tx, t), n) in cells {
            let xf = f64::from(x);
            let cell = (f64::from_bits(tx), f64::from_bits(t), f64::from(n));
            match classes.last_mut() {
                Some(c) if c.x == xf => {
                    c.weight += cell.2;
                    c.cells.push(cell);
                }
                _ => classes.push(XClass {
                    x: xf,
                    weight: cell.2,
                    cells: vec![cell],
                }),
            }
        }
        let customers = summaries.len() as f64;
        // Summed in the grouped order, so input order cannot change it.
        let total_t: f64 = classes
            .iter()
            .flat_map(|c| c.cells.iter().map(|&(_, t, n)| t * n))
            .sum();
        let mean_t = total_t / customers.max(1.0);
        Grouped {
            classes,
            customers,
            mean_t,
        }
    }

    /// Mean negative log-likelihood per customer at log-parameters
    /// `theta`, and its gradient with respect to them.
    fn mean_neg_log_likelihood(&self, theta: &[f64; 4], grad: &mut [f64; 4]) -> f64 {
        let [r, alpha, a, b] = theta.map(f64::exp);
        let ln_alpha = alpha.ln();
        let (lg_r, psi_r) = (ln_gamma(r), digamma(r));
        let (lg_ab, psi_ab) = (ln_gamma(a + b), digamma(a + b));
        let (lg_b, psi_b) = (ln_gamma(b), digamma(b));
        let (ln_a, inv_a) = (a.ln(), 1.0 / a);
        let mut ll = 0.0;
        let mut d = [0.0; 4]; // d ll / d (r, α, a, b)
        for class in &self.classes {
            let x = class.x;
            let rx = r + x;
            let a1 = ln_gamma(rx) - lg_r + r * ln_alpha;
            let a2 = lg_ab + ln_gamma(b + x) - lg_b - ln_gamma(a + b + x);
            let da1_dr = digamma(rx) - psi_r + ln_alpha;
            let psi_abx = digamma(a + b + x);
            let da2_da = psi_ab - psi_abx;
            let da2_db = psi_ab + digamma(b + x) - psi_b - psi_abx;
            ll += class.weight * (a1 + a2);
            d[0] += class.weight * da1_dr;
            d[1] += class.weight * r / alpha;
            d[2] += class.weight * da2_da;
            d[3] += class.weight * da2_db;
            let ln_bx1 = if x > 0.0 { (b + x - 1.0).ln() } else { 0.0 };
            for &(tx, t, w) in &class.cells {
                let ln_at = (alpha + t).ln();
                let l3 = -rx * ln_at;
                if x == 0.0 {
                    ll += w * l3;
                    d[0] -= w * ln_at;
                    d[1] -= w * rx / (alpha + t);
                    continue;
                }
                let ln_atx = (alpha + tx).ln();
                let l4 = ln_a - ln_bx1 - rx * ln_atx;
                let top = l3.max(l4);
                let e3 = (l3 - top).exp();
                let e4 = (l4 - top).exp();
                let total = e3 + e4;
                let (s3, s4) = (e3 / total, e4 / total);
                ll += w * (top + total.ln());
                d[0] -= w * (s3 * ln_at + s4 * ln_atx);
                d[1] -= w * rx * (s3 / (alpha + t) + s4 / (alpha + tx));
                d[2] += w * s4 * inv_a;
                d[3] -= w * s4 / (b + x - 1.0);
            }
        }
        let n = self.customers;
        let params = [r, alpha, a, b];
        for i in 0..4 {
            // Chain rule to log-parameters; minimise the mean negative.
            grad[i] = -d[i] * params[i] / n;
        }
        -ll / n
    }
}

#[cfg(test)]
#[path = "bgnbd_tests.rs"]
mod tests;
