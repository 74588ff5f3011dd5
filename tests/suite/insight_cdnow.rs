//! The customer models on the CDNOW sample of Fader, Hardie & Lee (2005),
//! read through the pure domain API: the published parameters, the
//! paper's worked example, and every customer against the Python
//! `lifetimes` package (tests/fixtures/cdnow_lifetimes.csv).

use crate::common::cdnow as cdnow_sample;
use chrono::NaiveDate;
use salesbench::domain::insight::bgnbd::{fit_bgnbd, Fit};
use salesbench::domain::insight::clv::{analyse, customer_value, ValueParams};
use salesbench::domain::insight::gamma_gamma::{fit_gamma_gamma, GgFit};
use salesbench::domain::insight::summary::{summarize, Summary};

use cdnow_sample::{cdnow, SAMPLE};

/// The paper's calibration period ends here (39 weeks).
fn calibration_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(1997, 9, 30).unwrap()
}

fn calibration() -> Vec<Summary> {
    summarize(&cdnow(), calibration_end())
}

fn round_to(v: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v * k).round() / k
}

#[test]
fn the_sample_has_the_published_shape() {
    let customers = cdnow();
    assert_eq!(customers.len(), 2357);
    let s = calibration();
    assert_eq!(s.len(), 2357);
    assert_eq!(s.iter().filter(|s| s.frequency > 0).count(), 946);
    // Several lines on one date are one purchase day.
    let lines = SAMPLE.lines().filter(|l| !l.trim().is_empty()).count();
    let days: usize = customers.iter().map(|c| c.days.len()).sum();
    assert_eq!(lines, 6919);
    assert!(days < lines, "{days} purchase days from {lines} lines");
}

#[test]
fn bgnbd_reproduces_the_published_parameters() {
    let fit = fit_bgnbd(&calibration()).unwrap();
    eprintln!("{fit:?}");
    assert_eq!(round_to(fit.r, 3), 0.243, "{fit:?}");
    assert_eq!(round_to(fit.alpha, 3), 4.414, "{fit:?}");
    assert_eq!(round_to(fit.a, 3), 0.793, "{fit:?}");
    assert_eq!(round_to(fit.b, 3), 2.426, "{fit:?}");
    // The paper's worked example, with our parameters.
    let e = fit.expected_purchases(39.0, 2, 30.43, 38.86);
    assert_eq!(round_to(e, 3), 1.226, "{e}");
}

#[test]
fn gamma_gamma_reproduces_the_published_parameters() {
    let fit = fit_gamma_gamma(&calibration(), 100).unwrap();
    eprintln!("{fit:?}");
    assert_eq!(round_to(fit.p, 2), 6.25, "{fit:?}");
    assert_eq!(round_to(fit.q, 2), 3.74, "{fit:?}");
    assert_eq!(round_to(fit.v, 2), 15.44, "{fit:?}");
}

/// One row of tests/fixtures/cdnow_lifetimes.csv.
struct Reference {
    id: i64,
    frequency: u32,
    recency: f64,
    t: f64,
    p_alive: f64,
    expected_39w: f64,
    expected_spend: f64,
    clv_12m: f64,
}

/// lifetimes' fitted BG/NBD and Gamma-Gamma parameters (from the '#'
/// lines) and its per-customer figures.
fn lifetimes_reference() -> (Fit, GgFit, Vec<Reference>) {
    let text = include_str!("../fixtures/cdnow_lifetimes.csv");
    let param = |line: &str, name: &str| -> f64 {
        let key = format!(" {name}=");
        let at = line.find(&key).unwrap() + key.len();
        line[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let bg_line = text
        .lines()
        .find(|l| l.starts_with("# lifetimes") && l.contains("BG/NBD"))
        .unwrap();
    let gg_line = text.lines().find(|l| l.contains("Gamma-Gamma")).unwrap();
    let fit = Fit {
        r: param(bg_line, "r"),
        alpha: param(bg_line, "alpha"),
        a: param(bg_line, "a"),
        b: param(bg_line, "b"),
        log_likelihood: f64::NAN,
        iterations: 0,
        at_limit: false,
    };
    let gg = GgFit {
        p: param(gg_line, "p"),
        q: param(gg_line, "q"),
        v: param(gg_line, "v"),
        minor_per_major: 100.0,
        log_likelihood: f64::NAN,
        iterations: 0,
        at_limit: false,
    };
    let rows = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("customer_id"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let num = |i: usize| f[i].parse::<f64>().unwrap();
            Reference {
                id: f[0].parse().unwrap(),
                frequency: f[1].parse().unwrap(),
                recency: num(2),
                t: num(3),
                p_alive: num(4),
                expected_39w: num(5),
                expected_spend: num(6),
                clv_12m: num(7),
            }
        })
        .collect();
    (fit, gg, rows)
}

#[test]
fn every_customer_matches_lifetimes_with_its_parameters_and_with_ours() {
    let (theirs, their_gg, rows) = lifetimes_reference();
    assert_eq!(rows.len(), 2357);
    let ours = fit_bgnbd(&calibration()).unwrap();
    let our_gg = fit_gamma_gamma(&calibration(), 100).unwrap();
    // The two fits agree far beyond the published three decimals.
    for (a, b) in [
        (ours.r, theirs.r),
        (ours.alpha, theirs.alpha),
        (ours.a, theirs.a),
        (ours.b, theirs.b),
    ] {
        assert!((a - b).abs() < 1e-5 * b, "{ours:?} vs {theirs:?}");
    }
    for (a, b) in [
        (our_gg.p, their_gg.p),
        (our_gg.q, their_gg.q),
        (our_gg.v, their_gg.v),
    ] {
        assert!((a - b).abs() < 1e-5 * b, "{our_gg:?} vs {their_gg:?}");
    }
    let summaries = calibration();
    let by_id: std::collections::HashMap<i64, &Summary> =
        summaries.iter().map(|s| (s.account_id, s)).collect();
    let params = ValueParams {
        horizon_weeks: 39.0,
        minor_per_major: 100,
        ..ValueParams::default()
    };
    for (label, fit, gg) in [
        ("lifetimes' parameters", &theirs, &their_gg),
        ("our parameters", &ours, &our_gg),
    ] {
        let mut worst = [0.0f64; 4];
        for row in &rows {
            let s = by_id[&row.id];
            // Same summary, computed independently.
            assert_eq!(s.frequency, row.frequency, "customer {}", row.id);
            assert!(
                (s.recency_weeks - row.recency).abs() < 1e-9,
                "customer {}",
                row.id
            );
            assert!((s.t_weeks - row.t).abs() < 1e-9, "customer {}", row.id);
            let v = customer_value(s, None, Some(fit), Some(gg), &params);
            let diffs = [
                (v.p_alive.unwrap() - row.p_alive).abs(),
                (v.expected_purchases.unwrap() - row.expected_39w).abs(),
                // Spends in dollars (ours are cents).
                (v.expected_spend.unwrap() / 100.0 - row.expected_spend).abs(),
                (v.clv.unwrap() / 100.0 - row.clv_12m).abs(),
            ];
            for (w, d) in worst.iter_mut().zip(diffs) {
                *w = w.max(d);
            }
            assert!(
                diffs.iter().all(|d| *d < 1e-4),
                "{label}, customer {}: {diffs:?}",
                row.id
            );
        }
        eprintln!("{label}: worst |Δ| p_alive, E[39w], spend $, CLV $: {worst:?}");
    }
}

#[test]
fn analyse_is_bit_identical_from_run_to_run() {
    let customers = cdnow();
    let params = ValueParams {
        minor_per_major: 100,
        ..ValueParams::default()
    };
    let first = analyse(&customers, calibration_end(), params);
    let second = analyse(&customers, calibration_end(), params);
    assert_eq!(first.summaries.len(), 2357);
    assert!(first.bgnbd.is_ok() && first.gamma_gamma.is_ok());
    // Everything but the measured time.
    assert_eq!(first.summaries, second.summaries);
    assert_eq!(first.bgnbd, second.bgnbd);
    assert_eq!(first.gamma_gamma, second.gamma_gamma);
    assert_eq!(first.per_customer, second.per_customer);
    let bits = |a: &salesbench::domain::insight::clv::Analysis| -> Vec<u64> {
        a.per_customer
            .iter()
            .map(|v| v.clv.unwrap().to_bits())
            .collect()
    };
    assert_eq!(bits(&first), bits(&second));
    // Customer 4 of the paper: a repeat buyer with an expected next order.
    let four = first
        .per_customer
        .iter()
        .find(|v| v.account_id == 4)
        .unwrap();
    // Purchase days 1997-01-01, 01-18, 08-02: gaps 17 and 196, median
    // (17 + 196) / 2 = 106.5, rounded to 107 days after 08-02.
    assert_eq!(
        four.expected_next_order_on,
        NaiveDate::from_ymd_opt(1997, 11, 17)
    );
}
