use chrono::NaiveDate;

use super::*;

fn summary(id: i64, x: u32, monetary: f64) -> Summary {
    let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    Summary {
        account_id: id,
        frequency: x,
        recency_weeks: 1.0,
        t_weeks: 10.0,
        monetary,
        first_day: day,
        last_day: day,
        purchase_days: x + 1,
        total_spend: 0,
    }
}

/// 300 repeat customers with spread-out means (in cents) and 100 one-time
/// buyers.
fn spenders() -> Vec<Summary> {
    let mut out: Vec<Summary> = (0..300)
        .map(|i: u32| {
            let x = 1 + i % 6;
            let cents = 800.0 + f64::from(i * 7919 % 4000) + 300.0 * f64::from(i % 3);
            summary(i64::from(i), x, cents)
        })
        .collect();
    out.extend((300..400).map(|i| summary(i, 0, 0.0)));
    out
}

#[test]
fn gradient_matches_finite_differences() {
    let data = Grouped::new(&spenders(), 100.0);
    let theta = [1.1, 0.9, 2.3];
    let mut g = [0.0; 3];
    data.mean_neg_log_likelihood(&theta, &mut g);
    for i in 0..3 {
        let h = 1e-6;
        let (mut up, mut down) = (theta, theta);
        up[i] += h;
        down[i] -= h;
        let mut scratch = [0.0; 3];
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
fn v_is_in_the_major_unit_and_spends_in_the_minor_unit() {
    let cents = spenders();
    let yen_like: Vec<Summary> = cents
        .iter()
        .map(|s| Summary {
            monetary: s.monetary / 100.0,
            ..s.clone()
        })
        .collect();
    let usd = fit_gamma_gamma(&cents, 100).unwrap();
    let major = fit_gamma_gamma(&yen_like, 1).unwrap();
    for (a, b) in [(usd.p, major.p), (usd.q, major.q), (usd.v, major.v)] {
        assert!((a - b).abs() < 1e-6 * b, "{usd:?} vs {major:?}");
    }
    let in_cents = usd.expected_average_spend(3, 1500.0).unwrap();
    let in_dollars = major.expected_average_spend(3, 15.0).unwrap();
    assert!((in_cents - 100.0 * in_dollars).abs() < 1e-6 * in_cents);
}

#[test]
fn expected_spend_formula_on_a_hand_computed_case() {
    let fit = GgFit {
        p: 6.25,
        q: 3.74,
        v: 15.44,
        minor_per_major: 100.0,
        log_likelihood: 0.0,
        iterations: 0,
        at_limit: false,
    };
    // x = 2, m̄ = $20.00: 6.25 (15.44 + 40) / (12.5 + 2.74) = 346.5 / 15.24.
    let want = 6.25 * (15.44 + 40.0) / (12.5 + 3.74 - 1.0) * 100.0;
    assert!((fit.expected_average_spend(2, 2000.0).unwrap() - want).abs() < 1e-9);
    // No repeats: the population mean p v / (q − 1), whatever monetary says.
    let mean = 6.25 * 15.44 / 2.74 * 100.0;
    assert!((fit.expected_average_spend(0, 12345.0).unwrap() - mean).abs() < 1e-9);
    let heavy_tailed = GgFit { q: 0.8, ..fit };
    assert_eq!(heavy_tailed.expected_average_spend(0, 0.0), None);
}

#[test]
fn too_few_spending_repeat_customers_is_a_typed_error_and_fits_are_deterministic() {
    let mut data = spenders();
    for s in data.iter_mut().skip(10).take(290) {
        s.monetary = 0.0; // free repeat orders say nothing about spend
    }
    assert!(matches!(
        fit_gamma_gamma(&data, 100),
        Err(FitError::TooFewCustomers {
            repeat_customers: 10,
            ..
        })
    ));
    let data = spenders();
    let first = fit_gamma_gamma(&data, 100).unwrap();
    let mut reversed = data;
    reversed.reverse();
    assert_eq!(first, fit_gamma_gamma(&reversed, 100).unwrap());
}
