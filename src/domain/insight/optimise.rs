//! A small, deterministic BFGS minimiser for the model fits (a handful of
//! parameters, an analytic gradient). The fits run it on log-parameters
//! inside a box: a parameter that would run off to 0 or ∞ (the model's
//! limit case, e.g. customers who all buy at the same rate) stops at the
//! box's edge and the rest are fitted given it, so the work is bounded
//! and the answer is the limit's. A step that overflows (NaN or ∞) is
//! simply shortened.

/// Where the minimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Minimum<const N: usize> {
    pub x: [f64; N],
    pub value: f64,
    pub iterations: u32,
    pub converged: bool,
    /// Some coordinate ended on the box's edge, held there by the gradient.
    pub at_edge: bool,
}

/// Stopping rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Converged when every gradient component is below this.
    pub gradient_tolerance: f64,
    /// When progress has stopped (FLAT_WINDOW steps without a real
    /// improvement), a gradient below this still counts as converged.
    pub stall_tolerance: f64,
    /// When not even a tiny steepest-descent step lowers the objective, the
    /// point is as good as rounding can resolve: only a stiff direction
    /// (a narrow valley, pinned to far below any displayed digit) can hold
    /// a gradient this large there, so below it that counts as converged.
    pub rounding_tolerance: f64,
    pub max_iterations: u32,
    /// Longest step in any coordinate (log-parameters: a factor e^5).
    pub max_step: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            gradient_tolerance: 1e-9,
            stall_tolerance: 1e-6,
            rounding_tolerance: 1e-2,
            max_iterations: 500,
            max_step: 5.0,
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

/// Steps over which a lack of progress counts as flat.
const FLAT_WINDOW: usize = 10;

/// How close to an edge (in the coordinate) counts as on it.
const NEAR_EDGE: f64 = 1e-6;

/// Coordinates on an edge of the box that the gradient pushes outwards.
fn pushed_out<const N: usize>(x: &[f64; N], g: &[f64; N], bounds: &[(f64, f64); N]) -> [bool; N] {
    let mut out = [false; N];
    for i in 0..N {
        out[i] = (x[i] <= bounds[i].0 && g[i] > 0.0) || (x[i] >= bounds[i].1 && g[i] < 0.0);
    }
    out
}

/// The gradient with the held coordinates zeroed.
fn free_part<const N: usize>(v: &[f64; N], held: &[bool; N]) -> [f64; N] {
    let mut out = *v;
    for i in 0..N {
        if held[i] {
            out[i] = 0.0;
        }
    }
    out
}

/// Minimises `f` over the box `bounds` (inclusive, per coordinate); `f`
/// returns the objective at `x` and writes its gradient into the second
/// argument (a non-finite value marks `x` as outside the domain).
pub(crate) fn minimise<const N: usize>(
    mut f: impl FnMut(&[f64; N], &mut [f64; N]) -> f64,
    start: [f64; N],
    bounds: &[(f64, f64); N],
    settings: &Settings,
) -> Minimum<N> {
    let clamp = |x: [f64; N]| {
        let mut out = x;
        for i in 0..N {
            out[i] = out[i].clamp(bounds[i].0, bounds[i].1);
        }
        out
    };
    let mut x = clamp(start);
    let mut g = [0.0; N];
    let mut fx = f(&x, &mut g);
    let stop = |x: [f64; N], value: f64, iterations: u32, converged: bool| Minimum {
        x,
        value,
        iterations,
        converged,
        at_edge: converged && (0..N).any(|i| x[i] == bounds[i].0 || x[i] == bounds[i].1),
    };
    if !fx.is_finite() || !g.iter().all(|v| v.is_finite()) {
        return stop(x, fx, 0, false);
    }
    let mut h = identity::<N>();
    let mut fresh = true; // h is the identity (no curvature learnt yet)
                          // Coordinates held on an edge (an active set): one joins when a step
                          // ends on its edge with the gradient pushing out, and leaves only once
                          // the others have converged and the gradient pulls it back in, so
                          // the set does not flicker and each sub-problem keeps its curvature.
    let mut hold = pushed_out(&x, &g, bounds);
    let mut g_new = [0.0; N];
    // The objective FLAT_WINDOW accepted steps ago (∞ until then).
    let mut recent = [f64::INFINITY; FLAT_WINDOW];
    for iteration in 1..=settings.max_iterations {
        let mut pg = free_part(&g, &hold);
        if max_abs(&pg) < settings.gradient_tolerance {
            let out = pushed_out(&x, &g, bounds);
            if hold == out || !(0..N).any(|i| hold[i] && !out[i]) {
                return stop(x, fx, iteration - 1, true);
            }
            hold = out;
            h = identity();
            fresh = true;
            pg = free_part(&g, &hold);
        }
        let mut p = [0.0; N];
        for i in 0..N {
            p[i] = -dot(&h[i], &pg);
        }
        p = free_part(&p, &hold);
        let mut slope = dot(&pg, &p);
        if slope >= 0.0 || !slope.is_finite() {
            h = identity();
            fresh = true;
            p = pg.map(|v| -v);
            slope = dot(&pg, &p);
        }
        let longest = max_abs(&p);
        if longest > settings.max_step {
            let k = settings.max_step / longest;
            p = p.map(|v| v * k);
        }
        // Backtracking line search (Armijo on the step actually taken,
        // after clamping to the box), halving the step; a full step that
        // is still steeply downhill is doubled instead (weak Wolfe
        // curvature), which crosses flat regions in few iterations.
        let mut step = 1.0;
        let mut accepted = None;
        let mut g_trial = [0.0; N];
        let sufficient = |trial: &[f64; N], ft: f64, g_trial: &[f64; N]| {
            let mut moved = [0.0; N];
            for i in 0..N {
                moved[i] = trial[i] - x[i];
            }
            moved.iter().any(|&m| m != 0.0)
                && ft.is_finite()
                && g_trial.iter().all(|v| v.is_finite())
                && ft <= fx + 1e-4 * dot(&g, &moved)
        };
        for _ in 0..60 {
            let trial = clamp(along(&x, &p, step));
            let ft = f(&trial, &mut g_trial);
            if sufficient(&trial, ft, &g_trial) {
                accepted = Some((trial, ft));
                g_new = g_trial;
                break;
            }
            step *= 0.5;
        }
        if step == 1.0 {
            let slope = dot(&g, &p);
            let mut doublings = 0;
            while let Some((last, f_best)) = accepted {
                if doublings == 20 || dot(&g_new, &p) >= 0.9 * slope {
                    break;
                }
                step *= 2.0;
                doublings += 1;
                let trial = clamp(along(&x, &p, step));
                if trial == last {
                    break; // clamped: no further along
                }
                let ft = f(&trial, &mut g_trial);
                if !(sufficient(&trial, ft, &g_trial) && ft < f_best) {
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
            let pg = free_part(&g, &pushed_out(&x, &g, bounds));
            return stop(x, fx, iteration, max_abs(&pg) < settings.rounding_tolerance);
        };
        let mut s = [0.0; N];
        let mut y = [0.0; N];
        for i in 0..N {
            if !hold[i] {
                s[i] = x_new[i] - x[i];
                y[i] = g_new[i] - g[i];
            }
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
        // A coordinate that has come within NEAR_EDGE of an edge and is
        // still pushed out goes onto it (the objective falls to first
        // order), rather than creeping up on it for hundreds of steps.
        let mut snapped = x;
        for i in 0..N {
            let (lo, hi) = bounds[i];
            if !hold[i] && x[i] - lo < NEAR_EDGE && g[i] > 0.0 {
                snapped[i] = lo;
            } else if !hold[i] && hi - x[i] < NEAR_EDGE && g[i] < 0.0 {
                snapped[i] = hi;
            }
        }
        if snapped != x {
            let mut g_snapped = [0.0; N];
            let f_snapped = f(&snapped, &mut g_snapped);
            if f_snapped.is_finite() && g_snapped.iter().all(|v| v.is_finite()) && f_snapped <= fx {
                (x, fx, g) = (snapped, f_snapped, g_snapped);
            }
        }
        let joining = pushed_out(&x, &g, bounds);
        if (0..N).any(|i| joining[i] && !hold[i]) {
            for i in 0..N {
                hold[i] |= joining[i];
            }
            h = identity();
            fresh = true;
        }
        let pg = free_part(&g, &hold);
        // Flat: no real progress in the last step, or over the last
        // FLAT_WINDOW steps (where rounding in large terms lets tiny
        // "improvements" through forever), with a gradient near zero.
        let window = recent[iteration as usize % FLAT_WINDOW];
        recent[iteration as usize % FLAT_WINDOW] = fx;
        let scale = fx.abs().max(1.0);
        let flat = improvement <= 1e-16 * scale || window - fx <= 1e-11 * scale;
        if flat && max_abs(&pg) < settings.stall_tolerance {
            return stop(x, fx, iteration, true);
        }
    }
    let pg = free_part(&g, &hold);
    let converged = max_abs(&pg) < settings.gradient_tolerance;
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
        let wide = [(-50.0, 50.0); 2];
        let m = minimise(rosenbrock, [-3.0, 8.0], &wide, &Settings::default());
        assert!(m.converged, "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8,
            "{m:?}"
        );
    }

    #[test]
    fn a_minimum_beyond_the_box_stops_at_its_edge() {
        // e^(−x) − 10⁻³x decreases for ever: the edge at 30 holds it, and
        // the other coordinate is still fitted.
        let m = minimise(
            |x: &[f64; 2], g: &mut [f64; 2]| {
                g[0] = -(-x[0]).exp() - 1e-3;
                g[1] = 2.0 * (x[1] - 3.0);
                (-x[0]).exp() - 1e-3 * x[0] + (x[1] - 3.0).powi(2)
            },
            [0.0, -7.0],
            &[(-30.0, 30.0), (-30.0, 30.0)],
            &Settings::default(),
        );
        assert!(m.converged && m.at_edge, "{m:?}");
        assert_eq!(m.x[0], 30.0);
        assert!((m.x[1] - 3.0).abs() < 1e-9, "{m:?}");
        assert!(m.iterations < 50, "{m:?}");
    }

    #[test]
    fn an_interior_minimum_is_not_at_the_edge() {
        let m = minimise(
            |x: &[f64; 1], g: &mut [f64; 1]| {
                g[0] = 2.0 * (x[0] + 1.0);
                (x[0] + 1.0).powi(2)
            },
            [25.0],
            &[(-30.0, 30.0)],
            &Settings::default(),
        );
        assert!(m.converged && !m.at_edge, "{m:?}");
        assert!((m.x[0] + 1.0).abs() < 1e-9);
    }
}
