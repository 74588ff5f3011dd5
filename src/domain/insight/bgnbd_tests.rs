use chrono::NaiveDate;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::*;

fn summary(id: i64, x: u32, tx: f64, t: f64) -> Summary {
    let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    Summary {
        account_id: id,
        frequency: x,
        recency_weeks: tx,
        t_weeks: t,
        monetary: 0.0,
        first_day: day,
        last_day: day,
        purchase_days: x + 1,
        total_spend: 0,
    }
}

/// 2,000 customers simulated from the model with the paper's CDNOW
/// parameters (fixed seed), observed for 20 to 39 weeks.
fn synthetic() -> Vec<Summary> {
    let mut rng = SmallRng::seed_from_u64(10);
    (0..2000)
        .map(|i| {
            let t = 20.0 + 19.0 * rng.random::<f64>();
            let rate = gamma(&mut rng, 0.243) / 4.414;
            let g = gamma(&mut rng, 0.793);
            let drop = g / (g + gamma(&mut rng, 2.426));
            let (mut x, mut tx, mut now) = (0, 0.0, 0.0);
            loop {
                now += -(1.0 - rng.random::<f64>()).ln() / rate;
                if now > t {
                    break;
                }
                x += 1;
                tx = now;
                if rng.random::<f64>() < drop {
                    break;
                }
            }
            summary(i, x, tx, t)
        })
        .collect()
}

/// A Gamma(shape, 1) draw (Marsaglia & Tsang; boosted below shape 1).
fn gamma(rng: &mut SmallRng, shape: f64) -> f64 {
    if shape < 1.0 {
        let u: f64 = rng.random();
        return gamma(rng, shape + 1.0) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let (u1, u2): (f64, f64) = (rng.random(), rng.random());
        let z = (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let v = (1.0 + c * z).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u: f64 = rng.random();
        if u.ln() < 0.5 * z * z + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// The CDNOW parameters of the paper.
fn paper() -> Fit {
    Fit {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
        log_likelihood: 0.0,
        iterations: 0,
        at_limit: false,
    }
}

#[test]
fn gradient_matches_finite_differences() {
    let data = Grouped::new(&synthetic());
    let theta = [-0.7, 1.2, 0.3, -0.2];
    let mut g = [0.0; 4];
    data.mean_neg_log_likelihood(&theta, &mut g);
    for i in 0..4 {
        let h = 1e-6;
        let (mut up, mut down) = (theta, theta);
        up[i] += h;
        down[i] -= h;
        let mut scratch = [0.0; 4];
        let numeric = (data.mean_neg_log_likelihood(&up, &mut scratch)
            - data.mean_neg_log_likelihood(&down, &mut scratch))
            / (2.0 * h);
        assert!(
            (numeric - g[i]).abs() < 1e-7,
            "d/dθ{i}: {} vs {numeric}",
            g[i]
        );
    }
}

#[test]
fn far_off_start_points_reach_the_same_optimum() {
    let data = synthetic();
    let best = fit_bgnbd(&data).unwrap();
    assert!(best.r > 0.0 && best.alpha > 0.0 && best.a > 0.0 && best.b > 0.0);
    let same = |fit: &Fit, what: &str| {
        for (got, want) in [
            (fit.r, best.r),
            (fit.alpha, best.alpha),
            (fit.a, best.a),
            (fit.b, best.b),
        ] {
            assert!(
                (got - want).abs() < 1e-6 * want,
                "{what}: {fit:?} vs {best:?}"
            );
        }
    };
    // The optimiser alone gets there from starts off by orders of magnitude.
    let grouped = Grouped::new(&data);
    for start in [
        [1e-3, 1e3, 50.0, 1e-2],
        [20.0, 0.01, 0.01, 100.0],
        [1e-4, 1e-4, 1e-4, 1e-4],
        [100.0, 1.0, 1.0, 100.0],
        [0.01, 100.0, 100.0, 0.01],
    ] {
        let fit = fit_from(&grouped, start).unwrap_or_else(|e| panic!("{start:?}: {e}"));
        same(&fit, &format!("{start:?}"));
    }
    // Far out in the flat corner where everything is huge (it used to
    // drift into a → 0, b → ∞ and give up there): the box and the exact
    // likelihood bring it back, alone and with the fall-backs.
    let corner = [1e4, 1e4, 1e4, 1e4];
    same(&fit_from(&grouped, corner).unwrap(), "corner");
    same(
        &fit_bgnbd_from(&data, corner).unwrap(),
        "corner with fall-backs",
    );
}

#[test]
fn too_little_data_is_a_typed_error() {
    let no_repeats: Vec<Summary> = (0..500).map(|i| summary(i, 0, 0.0, 30.0)).collect();
    assert_eq!(
        fit_bgnbd(&no_repeats),
        Err(FitError::TooFewCustomers {
            customers: 500,
            repeat_customers: 0,
            min_customers: MIN_CUSTOMERS,
            min_repeat_customers: MIN_REPEAT_CUSTOMERS,
        })
    );
    assert!(matches!(
        fit_bgnbd(&[]),
        Err(FitError::TooFewCustomers { customers: 0, .. })
    ));
    let few: Vec<Summary> = synthetic().into_iter().take(40).collect();
    assert!(matches!(
        fit_bgnbd(&few),
        Err(FitError::TooFewCustomers { customers: 40, .. })
    ));
}

#[test]
fn degenerate_data_gives_a_fit_or_an_error_never_nan() {
    // Everyone active to the end (no sign of drop-out), or everyone a
    // one-time buyer bar the minimum: the optimum may sit on a boundary.
    let always_active: Vec<Summary> = (0..100).map(|i| summary(i, 3, 30.0, 30.0)).collect();
    let mut mostly_once: Vec<Summary> = (0..100).map(|i| summary(i, 0, 0.0, 30.0)).collect();
    mostly_once.extend((0..20).map(|i| summary(100 + i, 1, 0.0, 30.0)));
    for data in [always_active, mostly_once] {
        match fit_bgnbd(&data) {
            Ok(fit) => {
                assert!([fit.r, fit.alpha, fit.a, fit.b, fit.log_likelihood]
                    .iter()
                    .all(|v| v.is_finite()));
            }
            Err(e) => assert!(matches!(e, FitError::NotConverged { .. }), "{e}"),
        }
    }
}

#[test]
fn same_input_gives_bit_identical_output_whatever_the_order() {
    let data = synthetic();
    let first = fit_bgnbd(&data).unwrap();
    assert_eq!(first, fit_bgnbd(&data).unwrap());
    let mut reversed = data;
    reversed.reverse();
    let again = fit_bgnbd(&reversed).unwrap();
    assert_eq!(first.r.to_bits(), again.r.to_bits());
    assert_eq!(first, again);
}

#[test]
fn paper_example_expected_purchases_and_p_alive() {
    // Fader, Hardie & Lee (2005), section 5: x = 2, t_x = 30.43, T = 38.86
    // gives 1.226 expected purchases in the next 39 weeks.
    let fit = paper();
    let e = fit.expected_purchases(39.0, 2, 30.43, 38.86);
    assert!((e - 1.226).abs() < 5e-4, "{e}");
    let p = fit.p_alive(2, 30.43, 38.86);
    assert!(p > 0.0 && p < 1.0);
    assert!((e - p * fit.purchases_if_alive(39.0, 2, 38.86)).abs() < 1e-15);
    // More time, more purchases; none in no time; one-time buyers alive.
    assert!(fit.expected_purchases(52.0, 2, 30.43, 38.86) > e);
    assert_eq!(fit.expected_purchases(0.0, 2, 30.43, 38.86), 0.0);
    assert_eq!(fit.p_alive(0, 0.0, 38.86), 1.0);
}

/// `n` customers who buy like clockwork: every 26–30 days (whole days),
/// first purchase spread over a year, a 5% chance of stopping after each
/// purchase, observed to day 400. Far less variable than the model's
/// Poisson buying, so its optimum runs off to a boundary.
pub(crate) fn clockwork(n: usize) -> Vec<Summary> {
    let mut rng = SmallRng::seed_from_u64(7);
    (0..n)
        .map(|i| {
            let first = rng.random_range(0..365);
            let gap = rng.random_range(26..=30);
            let (mut day, mut x) = (first, 0u32);
            while day + gap <= 400 && rng.random::<f64>() >= 0.05 {
                day += gap;
                x += 1;
            }
            let mut s = summary(
                i as i64,
                x,
                f64::from(day - first) / 7.0,
                f64::from(400 - first) / 7.0,
            );
            s.monetary = if x > 0 {
                3000.0 + f64::from(gap) * 10.0
            } else {
                0.0
            };
            s
        })
        .collect()
}

#[test]
fn clockwork_buying_fits_the_limit_quickly_and_predicts_sensibly() {
    // Rates all alike: r and α run off together (the Poisson limit). The
    // fit stops r on its limit, fits the rest given it, and the work stays
    // bounded (it took 1,500 iterations and then failed before).
    let data = clockwork(3_000);
    let fit = fit_bgnbd(&data).unwrap();
    assert!(fit.at_limit, "{fit:?}");
    assert_eq!(fit.r, 1e6_f64.ln().exp());
    assert!(fit.iterations < 400, "{fit:?}");
    // The rate every customer shares: about one purchase a month (26–30
    // days; a little slower as the model reads some stops as pauses).
    let weekly = fit.r / fit.alpha;
    assert!((7.0 / 35.0..=7.0 / 26.0).contains(&weekly), "{weekly}");
    // A customer who bought monthly to the end is alive and will buy
    // about 12 times in the next 52 weeks; one silent for 40 weeks is
    // almost surely gone.
    let active = fit.p_alive(10, 40.0, 40.0);
    let gone = fit.p_alive(4, 16.0, 56.0);
    assert!(active > 0.9 && gone < 0.01, "{active} {gone}");
    let next = fit.expected_purchases(52.0, 10, 40.0, 40.0);
    assert!((9.0..=14.0).contains(&next), "{next}");
    let spend = crate::domain::insight::gamma_gamma::fit_gamma_gamma(&data, 1).unwrap();
    let m = spend.expected_average_spend(10, 3280.0).unwrap();
    assert!((m - 3280.0).abs() < 5.0, "{spend:?} {m}");
    // Deterministic like any other fit.
    assert_eq!(fit, fit_bgnbd(&data).unwrap());
}
