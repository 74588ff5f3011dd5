//! The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005,
//! "Counting your customers the easy way"): a maximum-likelihood fit of
//! r, α, a, b, and per customer the probability of still being active and
//! the expected number of purchases in the next t weeks (equation 10).
//!
//! The fit groups customers with identical (x, t_x, T), works on
//! log-parameters with an analytic gradient and BFGS, and falls back to
//! other fixed start points if the first does not converge. The shapes
//! r, a, b stay within [10⁻⁶, 10⁶]: data more regular than the model
//! allows (everyone buying at the same rate, or dropping out with the same
//! chance) drives them towards ∞, and at 10⁶ the model is its limit to
//! within 0.1%. Same input, bit-identical output.

use std::collections::BTreeMap;

use super::optimise::{minimise, Settings};
use super::special::{digamma_rising, hyp2f1, ln_rising};
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
    /// A shape parameter ended on its limit (10⁻⁶ or 10⁶): the data sit
    /// at one of the model's limit cases.
    pub at_limit: bool,
}

/// Log-parameter box: shapes r, a, b in [10⁻⁶, 10⁶], the scale α wider
/// (with r at 10⁶, α = r / rate).
const SHAPE: (f64, f64) = (-13.815_510_557_964_274, 13.815_510_557_964_274);
const SCALE: (f64, f64) = (-30.0, 30.0);

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
    // almost always converges, the others are there for odd data. A fit
    // that ends on a limit may be a corner the optimiser drifted into, so
    // the other starts are tried too and the best likelihood is kept.
    let span = data.mean_t.max(1e-3);
    let starts = [
        [1.0, span, 1.0, 1.0],
        [0.1, span / 10.0, 0.5, 5.0],
        [5.0, span * 5.0, 3.0, 0.5],
    ];
    let mut iterations = 0;
    let mut best: Option<Fit> = None;
    for start in first.into_iter().chain(starts) {
        match fit_from(data, start) {
            Ok(fit) => {
                iterations += fit.iterations;
                if !fit.at_limit {
                    return Ok(Fit { iterations, ..fit });
                }
                if best.is_none_or(|b| fit.log_likelihood > b.log_likelihood) {
                    best = Some(fit);
                }
            }
            Err(FitError::NotConverged { iterations: n }) => iterations += n,
            Err(e) => return Err(e),
        }
    }
    best.map(|fit| Fit { iterations, ..fit })
        .ok_or(FitError::NotConverged { iterations })
}

fn fit_from(data: &Grouped, start: [f64; 4]) -> Result<Fit, FitError> {
    let theta = start.map(|v| v.max(1e-300).ln());
    let m = minimise(
        |t, g| data.mean_neg_log_likelihood(t, g),
        theta,
        &[SHAPE, SCALE, SHAPE, SHAPE],
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
        at_limit: m.at_edge,
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
            * ((self.r + xf) * ((t - t_x) / (self.alpha + t_x)).ln_1p()).exp();
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
        let power = (-(r + xf) * (horizon / (alpha + t)).ln_1p()).exp();
        (a + b + xf - 1.0) / (a - 1.0) * (1.0 - power * hyp)
    }

    /// Equation 10: the expected number of purchases in the next `horizon`
    /// weeks of a customer with `x` repeat purchases, the last at `t_x`
    /// weeks after the first, observed for `t` weeks.
    pub fn expected_purchases(&self, horizon: f64, x: u32, t_x: f64, t: f64) -> f64 {
        self.p_alive(x, t_x, t) * self.purchases_if_alive(horizon, x, t)
    }
}

/// Customers grouped by x, then by identical (t_x, T), in a fixed order;
/// the times themselves are kept once each in `times` (customers share
/// first and last purchase days), so the logs of α + t are taken once per
/// distinct time in each evaluation, not once per customer.
struct Grouped {
    classes: Vec<XClass>,
    /// Every distinct t_x and T, ascending.
    times: Vec<f64>,
    customers: f64,
    mean_t: f64,
}

struct XClass {
    x: f64,
    weight: f64,
    /// (index of t_x, index of T in `times`, how many customers)
    cells: Vec<(u32, u32, f64)>,
}

/// The parts of −r ln(1 + t/α) − x ln(α + t) that depend on t alone.
#[derive(Clone, Copy, Default)]
struct AtTime {
    ln_at: f64,
    ln1p: f64,
    inv_at: f64,
    /// t / (α (α + t)): d/dα of −ln(1 + t/α) is −this.
    d_ln1p: f64,
}

impl Grouped {
    fn new(summaries: &[Summary]) -> Self {
        // Keys as bit patterns: non-negative floats sort the same way, and
        // the BTreeMap fixes the summation order (determinism).
        let mut cells: BTreeMap<(u32, u64, u64), u32> = BTreeMap::new();
        let mut times: BTreeMap<u64, u32> = BTreeMap::new();
        for s in summaries {
            let key = (s.frequency, s.recency_weeks.to_bits(), s.t_weeks.to_bits());
            *cells.entry(key).or_insert(0) += 1;
            times.insert(key.1, 0);
            times.insert(key.2, 0);
        }
        for (i, index) in times.values_mut().enumerate() {
            *index = i as u32;
        }
        let mut classes: Vec<XClass> = Vec::new();
        for ((x, tx, t), n) in cells {
            let xf = f64::from(x);
            let cell = (times[&tx], times[&t], f64::from(n));
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
        let times: Vec<f64> = times.keys().map(|&t| f64::from_bits(t)).collect();
        let customers = summaries.len() as f64;
        // Summed in the grouped order, so input order cannot change it.
        let total_t: f64 = classes
            .iter()
            .flat_map(|c| c.cells.iter().map(|&(_, t, n)| times[t as usize] * n))
            .sum();
        let mean_t = total_t / customers.max(1.0);
        Grouped {
            classes,
            times,
            customers,
            mean_t,
        }
    }

    /// Mean negative log-likelihood per customer at log-parameters
    /// `theta`, and its gradient with respect to them. Written so that no
    /// two large terms cancel (r ln α against (r + x) ln(α + T) becomes
    /// −r ln(1 + T/α) − x ln(α + T)), which keeps it exact up to the box's
    /// edge.
    fn mean_neg_log_likelihood(&self, theta: &[f64; 4], grad: &mut [f64; 4]) -> f64 {
        let [r, alpha, a, b] = theta.map(f64::exp);
        let (ln_a, inv_a) = (a.ln(), 1.0 / a);
        let at: Vec<AtTime> = self
            .times
            .iter()
            .map(|&t| AtTime {
                ln_at: (alpha + t).ln(),
                ln1p: (t / alpha).ln_1p(),
                inv_at: 1.0 / (alpha + t),
                d_ln1p: t / (alpha * (alpha + t)),
            })
            .collect();
        let mut ll = 0.0;
        let mut d = [0.0; 4]; // d ll / d (r, α, a, b)
        for class in &self.classes {
            let (x, n) = (class.x, class.x as u32);
            let a1 = ln_rising(r, n);
            let a2 = ln_rising(b, n) - ln_rising(a + b, n);
            let psi_abx = digamma_rising(a + b, n);
            ll += class.weight * (a1 + a2);
            d[0] += class.weight * digamma_rising(r, n);
            d[2] -= class.weight * psi_abx;
            d[3] += class.weight * (digamma_rising(b, n) - psi_abx);
            // −r ln(1 + t/α) − x ln(α + t) and its derivatives in r, α.
            let tail = |k: u32| {
                let p = at[k as usize];
                (
                    -r * p.ln1p - x * p.ln_at,
                    -p.ln1p,
                    r * p.d_ln1p - x * p.inv_at,
                )
            };
            let (ln_bx1, inv_bx1) = if x > 0.0 {
                ((b + x - 1.0).ln(), 1.0 / (b + x - 1.0))
            } else {
                (0.0, 0.0)
            };
            for &(tx, t, w) in &class.cells {
                let (l3, dr3, dalpha3) = tail(t);
                if x == 0.0 {
                    ll += w * l3;
                    d[0] += w * dr3;
                    d[1] += w * dalpha3;
                    continue;
                }
                let (tail4, dr4, dalpha4) = tail(tx);
                let l4 = ln_a - ln_bx1 + tail4;
                // ln(e^l3 + e^l4) and the two shares, with one exp (ln of
                // 1 + small, small ≤ 1, needs no ln_1p).
                let (top, small) = (l3.max(l4), (-(l3 - l4).abs()).exp());
                let share_top = 1.0 / (1.0 + small);
                let (s3, s4) = if l3 >= l4 {
                    (share_top, small * share_top)
                } else {
                    (small * share_top, share_top)
                };
                ll += w * (top + (1.0 + small).ln());
                d[0] += w * (s3 * dr3 + s4 * dr4);
                d[1] += w * (s3 * dalpha3 + s4 * dalpha4);
                d[2] += w * s4 * inv_a;
                d[3] -= w * s4 * inv_bx1;
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
