//! A small, deterministic BFGS minimiser for the model fits (a handful of
//! parameters, an analytic gradient). The fits run it on log-parameters,
//! so every point it tries is valid; a step that overflows (NaN or ∞)
//! is simply shortened.

/// Where the minimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Minimum<const N: usize> {
    pub x: [f64; N],
    pub value: f64,
    pub iterations: u32,
    pub converged: bool,
}

/// Stopping rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Converged when every gradient component is below this.
    pub gradient_tolerance: f64,
    /// When no step improves any more, a gradient below this still counts
    /// as converged (the objective is flat to rounding there).
    pub stall_tolerance: f64,
    pub max_iterations: u32,
    /// Longest step in any coordinate (log-parameters: a factor e^5).
    pub max_step: f64,
    /// Coordinates beyond ±this mean the optimum is at the boundary (a
    /// parameter running to 0 or ∞): not converged.
    pub bound: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            gradient_tolerance: 1e-9,
            stall_tolerance: 1e-6,
            max_iterations: 500,
            max_step: 5.0,
            bound: 40.0,
        }
    }
}

fn dot<const N: usize>(u: &[f64; N], v: &[f64; N]) -> f64 {
    u.iter().zip(v).map(|(a, b)| a * b).sum()
}

fn max_abs<const N: usize>(v: &[f64; N]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

fn identity<const N: usize>() -> [[f64; N]; N] {
    let mut h = [[0.0; N]; N];
    for (i, row) in h.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    h
}

/// Minimises `f`, which returns the objective at `x` and writes its
/// gradient into the second argument (a non-finite value marks `x` as
/// outside the domain).
pub(crate) fn minimise<const N: usize>(
    mut f: impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    start: [f64; N],
    settings: &Settings,
) -> Minimum<N> {
    let mut x = start;
    let mut g = [0.0; N];
    let mut fx = f(&x, &mut g);
    let stop = |x: [f64; N], value: f64, iterations: u32, converged: bool| Minimum {
        x,
        value,
        iterations,
        converged,
    };
    if !fx.is_finite() || !g.iter().all(|v| v.is_finite()) {
        return stop(x, fx, 0, false);
    }
    let mut h = identity::<N>();
    let mut fresh = true; // h is the identity (no curvature learnt yet)
    let mut g_new = [0.0; N];
    for iteration in 1..=settings.max_iterations {
        if max_abs(&g) < settings.gradient_tolerance {
            return stop(x, fx, iteration - 1, true);
        }
        let mut p = [0.0; N];
        for i in 0..N {
            p[i] = -dot(&h[i], &g);
        }
        let mut slope = dot(&g, &p);
        if slope >= 0.0 || !slope.is_finite() {
            h = identity();
            fresh = true;
            p = g.map(|v| -v);
            slope = dot(&g, &p);
        }
        let longest = max_abs(&p);
        if longest > settings.max_step {
            let k = settings.max_step / longest;
            p = p.map(|v| v * k);
            slope *= k;
        }
        // Backtracking line search (Armijo), halving the step; a full
        // step that is still steeply downhill is doubled instead (weak
        // Wolfe curvature), which crosses flat regions in few iterations.
        let mut step = 1.0;
        let mut accepted = None;
        let mut g_trial = [0.0; N];
        for _ in 0..60 {
            let trial = along(&x, &p, step);
            let ft = f(&trial, &mut g_trial);
            if ft.is_finite()
                && g_trial.iter().all(|v| v.is_finite())
                && ft <= fx + 1e-4 * step * slope
            {
                accepted = Some((trial, ft));
                g_new = g_trial;
                break;
            }
            step *= 0.5;
        }
        if step == 1.0 {
            let mut doublings = 0;
            while let Some((_, f_best)) = accepted {
                if doublings == 20 || dot(&g_new, &p) >= 0.9 * slope {
                    break;
                }
                step *= 2.0;
                doublings += 1;
                let trial = along(&x, &p, step);
                if max_abs(&trial) > settings.bound {
                    break;
                }
                let ft = f(&trial, &mut g_trial);
                if !(ft.is_finite()
                    && g_trial.iter().all(|v| v.is_finite())
                    && ft <= fx + 1e-4 * step * slope
                    && ft < f_best)
                {
                    break;
                }
                accepted = Some((trial, ft));
                g_new = g_trial;
            }
        }
        let Some((x_new, f_new)) = accepted else {
            if !fresh {
                // The curvature estimate misled us: start it again.
                h = identity();
                fresh = true;
                continue;
            }
            let flat = max_abs(&g) < settings.stall_tolerance;
            return stop(x, fx, iteration, flat);
        };
        let mut s = [0.0; N];
        let mut y = [0.0; N];
        for i in 0..N {
            s[i] = x_new[i] - x[i];
            y[i] = g_new[i] - g[i];
        }
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() {
            if fresh {
                // Scale the first guess of the inverse Hessian (Nocedal &
                // Wright 6.20) so the next step has a sensible length.
                let k = sy / dot(&y, &y);
                for (i, row) in h.iter_mut().enumerate() {
                    row[i] = k;
                }
                fresh = false;
            }
            bfgs_update(&mut h, &s, &y, sy);
        }
        let improvement = fx - f_new;
        x = x_new;
        fx = f_new;
        g = g_new;
        if max_abs(&x) > settings.bound {
            return stop(x, fx, iteration, false);
        }
        if improvement <= 1e-16 * fx.abs().max(1.0) && max_abs(&g) < settings.stall_tolerance {
            return stop(x, fx, iteration, true);
        }
    }
    let converged = max_abs(&g) < settings.gradient_tolerance;
    stop(x, fx, settings.max_iterations, converged)
}

/// x + step · p.
fn along<const N: usize>(x: &[f64; N], p: &[f64; N], step: f64) -> [f64; N] {
    let mut out = *x;
    for i in 0..N {
        out[i] += step * p[i];
    }
    out
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, with ρ = 1 / sᵀy.
fn bfgs_update<const N: usize>(h: &mut [[f64; N]; N], s: &[f64; N], y: &[f64; N], sy: f64) {
    let rho = 1.0 / sy;
    let mut hy = [0.0; N];
    for i in 0..N {
        hy[i] = dot(&h[i], y);
    }
    let yhy = dot(y, &hy);
    for i in 0..N {
        for j in 0..N {
            h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock_from_far_away() {
        let rosenbrock = |x: &[f64; 2], g: &mut [f64; 2]| {
            let (a, b) = (x[0], x[1]);
            g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
            g[1] = 200.0 * (b - a * a);
            (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
        };
        let m = minimise(rosenbrock, [-3.0, 8.0], &Settings::default());
        assert!(m.converged, "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8,
            "{m:?}"
        );
    }

    #[test]
    fn a_minimum_at_infinity_is_not_converged() {
        // e^(−x) decreases for ever: the bound stops it.
        let m = minimise(
            |x: &[f64; 1], g: &mut [f64; 1]| {
                g[0] = -(-x[0]).exp() - 1e-3;
                (-x[0]).exp() - 1e-3 * x[0]
            },
            [0.0],
            &Settings::default(),
        );
        assert!(!m.converged, "{m:?}");
    }
}
