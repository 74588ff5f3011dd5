//! Special functions the customer models need: log-gamma, digamma, the
//! gamma ratio with signs, and the Gaussian hypergeometric function ₂F₁.
//!
//! Plain `f64`, no allocation; accurate to about 1e-14 relative in the
//! ranges the models use (positive parameters, 0 ≤ z < 1).

use std::f64::consts::PI;

/// Lanczos coefficients (g = 7, n = 9), good to about 1e-15 relative.
const LANCZOS_G: f64 = 7.0;
const LANCZOS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// `ln |Γ(x)|`. Infinite at the poles (0, −1, −2, …).
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 && x == x.floor() {
        return f64::INFINITY;
    }
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1−x) = π / sin(πx).
        return (PI / (PI * x).sin().abs()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = LANCZOS[0];
    for (i, c) in LANCZOS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + LANCZOS_G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The sign of Γ(x): negative on (−1, 0), (−3, −2), …; 0 at the poles.
pub fn gamma_sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x == x.floor() {
        0.0
    } else if (x.floor() as i64) % 2 == 0 {
        1.0
    } else {
        -1.0
    }
}

/// `Π Γ(num) / Π Γ(den)`, computed in logs so large arguments do not
/// overflow. A pole in the denominator makes the ratio 0 (1/Γ is entire).
pub fn gamma_ratio(num: &[f64], den: &[f64]) -> f64 {
    let mut log = 0.0;
    let mut sign = 1.0;
    for &x in den {
        let s = gamma_sign(x);
        if s == 0.0 {
            return 0.0;
        }
        sign *= s;
        log -= ln_gamma(x);
    }
    for &x in num {
        let s = gamma_sign(x);
        if s == 0.0 {
            return f64::NAN;
        }
        sign *= s;
        log += ln_gamma(x);
    }
    sign * log.exp()
}

/// `ln Γ(x + n) − ln Γ(x)` for x > 0: a sum of logs for small `n`, exact
/// even where x is so large that the two log-gammas would cancel.
pub fn ln_rising(x: f64, n: u32) -> f64 {
    if n <= RISING_BY_SUM {
        (0..n).map(|j| (x + f64::from(j)).ln()).sum()
    } else {
        ln_gamma(x + f64::from(n)) - ln_gamma(x)
    }
}

/// `ψ(x + n) − ψ(x)` for x > 0, the derivative of [`ln_rising`].
pub fn digamma_rising(x: f64, n: u32) -> f64 {
    if n <= RISING_BY_SUM {
        (0..n).map(|j| 1.0 / (x + f64::from(j))).sum()
    } else {
        digamma(x + f64::from(n)) - digamma(x)
    }
}

/// `ln Γ(z + q) − ln Γ(z)` for z, q > 0, without the cancellation of two
/// large log-gammas: the recurrence lifts z to 12 or more, then Stirling's
/// series gives the difference as (z − ½) ln(1 + q/z) + q ln(z + q) − q
/// plus the difference of the series' tails.
pub fn ln_gamma_ratio(z: f64, q: f64) -> f64 {
    let (mut z, mut acc) = (z, 0.0);
    while z < 12.0 {
        // R(z) = R(z + 1) − ln(1 + q/z)
        acc -= (q / z).ln_1p();
        z += 1.0;
    }
    acc + (z - 0.5) * (q / z).ln_1p() + q * (z + q).ln() - q + stirling_tail(z + q)
        - stirling_tail(z)
}

/// ψ(z + q) − ψ(z) for z, q > 0 (the derivative of [`ln_gamma_ratio`] in
/// q is ψ(z + q); this is its counterpart in z up to sign).
pub fn digamma_ratio(z: f64, q: f64) -> f64 {
    let (mut z, mut acc) = (z, 0.0);
    while z < 12.0 {
        // D(z) = D(z + 1) + 1/z − 1/(z + q)
        acc += 1.0 / z - 1.0 / (z + q);
        z += 1.0;
    }
    // ψ(w) = ln w − 1/(2w) − Σ B₂ₖ/(2k w²ᵏ)
    let tail = |w: f64| {
        let inv2 = 1.0 / (w * w);
        -0.5 / w
            - inv2
                * (1.0 / 12.0
                    - inv2
                        * (1.0 / 120.0
                            - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))))
    };
    acc + (q / z).ln_1p() + tail(z + q) - tail(z)
}

/// ln Γ(w) − [(w − ½) ln w − w + ½ ln 2π] for w ≥ 12 (Stirling's series).
fn stirling_tail(w: f64) -> f64 {
    let inv = 1.0 / w;
    let inv2 = inv * inv;
    inv * (1.0 / 12.0
        - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 / 1188.0))))
}

/// Up to this many terms the rising factorial is summed term by term.
const RISING_BY_SUM: u32 = 24;

/// The digamma function ψ(x) = d/dx ln Γ(x).
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || (x <= 0.0 && x == x.floor()) {
        return f64::NAN;
    }
    if x < 0.0 {
        // Reflection: ψ(1−x) − ψ(x) = π cot(πx).
        return digamma(1.0 - x) - PI / (PI * x).tan();
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 12.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // Asymptotic series; at x ≥ 12 the next term is below 3e-15 of ψ.
    let series = inv2
        * (1.0 / 12.0
            - inv2
                * (1.0 / 120.0
                    - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))));
    acc + x.ln() - 0.5 * inv - series
}

/// Below this |z| the Gauss series is summed directly.
const DIRECT_BELOW: f64 = 0.75;
/// `c − a − b` closer than this to an integer counts as that integer.
const INTEGER_EPS: f64 = 1e-9;
/// Between `INTEGER_EPS` and this, the connection formula cancels badly,
/// so the (slower) direct series is used while z ≤ [`SERIES_UP_TO`].
const NEAR_INTEGER: f64 = 1e-4;
const SERIES_UP_TO: f64 = 0.9999;
/// Safety cap on series terms (reached only for z within ~1e-5 of 1).
const MAX_TERMS: usize = 4_000_000;

/// The Gaussian hypergeometric function ₂F₁(a, b; c; z) for real
/// parameters and z ≤ 1.
///
/// How it is evaluated:
/// - |z| ≤ 0.75: the Gauss series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ.
/// - z < 0: Pfaff's transformation to z/(z−1) ∈ (0, 1).
/// - 0.75 < z ≤ 1: the connection formula in 1−z (Abramowitz & Stegun
///   15.3.6), whose series converge fast there; when c−a−b is an integer
///   that formula is singular and DLMF 15.8.10 (with its logarithm) is
///   used instead. Within 1e-4 of an integer the connection formula
///   cancels, so the direct series is used up to z = 0.9999; beyond that
///   up to about 1e-16/dist(c−a−b, ℤ) relative accuracy is lost.
///
/// Returns NaN where the function is undefined (c a non-positive integer
/// without an earlier terminating a or b, z > 1, z = 1 with c−a−b ≤ 0).
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if ![a, b, c, z].iter().all(|v| v.is_finite()) || z > 1.0 {
        return f64::NAN;
    }
    if z == 0.0 || a == 0.0 || b == 0.0 {
        return 1.0;
    }
    if is_non_positive_integer(a) || is_non_positive_integer(b) {
        // A polynomial: the series terminates (before any pole of c that
        // lies beyond the degree).
        return series(a, b, c, z);
    }
    if is_non_positive_integer(c) {
        return f64::NAN;
    }
    if z < 0.0 {
        if z >= -0.5 {
            return series(a, b, c, z);
        }
        // Pfaff: ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)).
        return (1.0 - z).powf(-a) * hyp2f1(a, c - b, c, z / (z - 1.0));
    }
    if z <= DIRECT_BELOW {
        return series(a, b, c, z);
    }
    let m = c - a - b;
    let k = m.round();
    let dist = (m - k).abs();
    if dist < INTEGER_EPS {
        return integer_gap(a, b, c, k as i64, z);
    }
    if dist < NEAR_INTEGER && z <= SERIES_UP_TO {
        return series(a, b, c, z);
    }
    connection(a, b, c, z)
}

fn is_non_positive_integer(x: f64) -> bool {
    x <= 0.0 && x == x.floor()
}

/// The Gauss series, summed until the remaining tail is below 1e-17 of
/// the sum (bounding the tail by a geometric series in z).
fn series(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    let tail_factor = if z.abs() < 1.0 {
        1.0 / (1.0 - z.abs())
    } else {
        1.0
    };
    for n in 0..MAX_TERMS {
        let n = n as f64;
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if term == 0.0 {
            break;
        }
        let ratio = ((a + n + 1.0) * (b + n + 1.0) / ((c + n + 1.0) * (n + 2.0)) * z).abs();
        if ratio < 1.0 && term.abs() * tail_factor <= 1e-17 * sum.abs() {
            break;
        }
    }
    sum
}

/// A&S 15.3.6, for non-integer m = c−a−b and 0.75 < z ≤ 1.
fn connection(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let m = c - a - b;
    let w = 1.0 - z;
    let first = gamma_ratio(&[c, m], &[c - a, c - b]);
    let first = if first == 0.0 {
        0.0
    } else {
        first * hyp2f1(a, b, 1.0 - m, w)
    };
    if w == 0.0 {
        // Gauss's theorem (m > 0), or a divergent value (m < 0).
        return if m > 0.0 { first } else { f64::INFINITY };
    }
    let second = gamma_ratio(&[c, -m], &[a, b]);
    let second = if second == 0.0 {
        0.0
    } else {
        w.powf(m) * second * hyp2f1(c - a, c - b, 1.0 + m, w)
    };
    first + second
}

/// ₂F₁ when c − a − b = m is an integer (DLMF 15.8.10), 0.75 < z ≤ 1.
/// A negative m is first turned positive by Euler's transformation.
fn integer_gap(a: f64, b: f64, c: f64, m: i64, z: f64) -> f64 {
    let w = 1.0 - z;
    if m < 0 {
        // ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z).
        if w == 0.0 {
            return f64::INFINITY;
        }
        return w.powi(m as i32) * hyp2f1(c - a, c - b, c, z);
    }
    if w == 0.0 {
        return if m > 0 {
            gamma_ratio(&[c, m as f64], &[c - a, c - b])
        } else {
            f64::INFINITY
        };
    }
    let mf = m as f64;
    // Finite part: Γ(c)/(Γ(a+m)Γ(b+m)) Σ_{k<m} (a)_k (b)_k (m−k−1)!/k! (z−1)^k.
    let mut finite = 0.0;
    if m > 0 {
        let mut poch = 1.0; // (a)_k (b)_k / k! (z−1)^k
        let mut fact = gamma_ratio(&[mf], &[]); // (m−1)!
        for k in 0..m {
            let kf = k as f64;
            finite += poch * fact;
            poch *= (a + kf) * (b + kf) / (kf + 1.0) * (z - 1.0);
            if k + 1 < m {
                fact /= mf - kf - 1.0;
            }
        }
        finite *= gamma_ratio(&[c], &[a + mf, b + mf]);
    }
    // Logarithmic part.
    let ln_w = w.ln();
    let mut term = gamma_ratio(&[], &[mf + 1.0]); // 1/(k! (k+m)!) at k = 0
    let mut psi_1 = digamma(1.0);
    let mut psi_m1 = digamma(mf + 1.0);
    let mut psi_a = digamma(a + mf);
    let mut psi_b = digamma(b + mf);
    let mut sum = 0.0;
    for k in 0..MAX_TERMS {
        let kf = k as f64;
        let piece = term * (ln_w - psi_1 - psi_m1 + psi_a + psi_b);
        sum += piece;
        let scale = ln_w.abs() + psi_1.abs() + psi_m1.abs() + psi_a.abs() + psi_b.abs();
        if term.abs() * scale <= 1e-17 * sum.abs() {
            break;
        }
        term *= (a + mf + kf) * (b + mf + kf) / ((kf + 1.0) * (kf + mf + 1.0)) * w;
        psi_1 += 1.0 / (kf + 1.0);
        psi_m1 += 1.0 / (kf + mf + 1.0);
        psi_a += 1.0 / (a + mf + kf);
        psi_b += 1.0 / (b + mf + kf);
        if term == 0.0 {
            break;
        }
    }
    let sign = if m % 2 == 0 { 1.0 } else { -1.0 }; // (z−1)^m = (−w)^m
    finite - sign * w.powi(m as i32) * gamma_ratio(&[c], &[a, b]) * sum
}

#[cfg(test)]
#[path = "special_tests.rs"]
mod tests;
