//! The customer models on the CDNOW sample of Fader, Hardie & Lee (2005),
//! read through the pure domain API: the published parameters, the
//! paper's worked example, and every customer against the Python
//! `lifetimes` package (tests/fixtures/cdnow_lifetimes.csv).

use chrono::NaiveDate;
use salesbench::domain::insight::bgnbd::{fit_bgnbd, Fit};
use salesbench::domain::insight::summary::{summarize, Summary};
use salesbench::domain::insight::{CustomerPurchases, PurchaseDay};

const SAMPLE: &str = include_str!("fixtures/CDNOW_sample.txt");

/// The paper's calibration period ends here (39 weeks).
fn calibration_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(1997, 9, 30).unwrap()
}

/// The sample as USD orders in cents, one entry per customer and calendar
/// day (several lines on one date summed), customers in file order.
fn cdnow() -> Vec<CustomerPurchases> {
    let mut customers: Vec<CustomerPurchases> = Vec::new();
    for line in SAMPLE.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let id: i64 = f[0].parse().unwrap();
        let day = NaiveDate::parse_from_str(f[2], "%Y%m%d").unwrap();
        let cents = (f[4].parse::<f64>().unwrap() * 100.0).round() as i64;
        if customers.last().map(|c| c.account_id) != Some(id) {
            customers.push(CustomerPurchases {
                account_id: id,
                days: Vec::new(),
            });
        }
        let c = customers.last_mut().unwrap();
        match c.days.last_mut() {
            Some(last) if last.day == day => last.amount += cents,
            _ => c.days.push(PurchaseDay { day, amount: cents }),
        }
    }
    customers
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
    let _: &Fit = &fit;
}

#[test]
fn gamma_gamma_reproduces_the_published_parameters() {
    let fit =
        salesbench::domain::insight::gamma_gamma::fit_gamma_gamma(&calibration(), 100).unwrap();
    eprintln!("{fit:?}");
    assert_eq!(round_to(fit.p, 2), 6.25, "{fit:?}");
    assert_eq!(round_to(fit.q, 2), 3.74, "{fit:?}");
    assert_eq!(round_to(fit.v, 2), 15.44, "{fit:?}");
}
