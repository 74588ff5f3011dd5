use super::*;
use crate::domain::insight::PurchaseDay;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn lifetime_value_on_hand_computed_cases() {
    // One purchase a month of 100, 1 % a month, three months:
    // 100/1.01 + 100/1.01² + 100/1.01³ = 294.098520723…
    let v = discounted_value(100.0, 3, 0.01, |weeks| weeks * 7.0 / 30.0);
    assert!((v - 294.098_520_723_555_6).abs() < 1e-9, "{v}");
    // Cumulative 0.5, 0.8, 1.0 purchases at the month ends 30/7, 60/7, 90/7
    // weeks: 100 (0.5/1.01 + 0.3/1.01² + 0.2/1.01³) = 98.325634935…
    let mut asked = Vec::new();
    let v = discounted_value(100.0, 3, 0.01, |weeks| {
        asked.push(weeks);
        [0.5, 0.8, 1.0][asked.len() - 1]
    });
    assert!((v - 98.325_634_935_810_02).abs() < 1e-9, "{v}");
    assert_eq!(asked, vec![30.0 / 7.0, 60.0 / 7.0, 90.0 / 7.0]);
    assert_eq!(discounted_value(100.0, 0, 0.01, |w| w), 0.0);
}

#[test]
fn customer_value_combines_the_fits() {
    let fit = Fit {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
        log_likelihood: 0.0,
        iterations: 0,
        at_limit: false,
    };
    let gg = GgFit {
        p: 6.25,
        q: 3.74,
        v: 15.44,
        minor_per_major: 100.0,
        log_likelihood: 0.0,
        iterations: 0,
        at_limit: false,
    };
    let s = Summary {
        account_id: 4,
        frequency: 2,
        recency_weeks: 30.43,
        t_weeks: 38.86,
        monetary: 2234.5,
        first_day: d(1997, 1, 1),
        last_day: d(1997, 8, 2),
        purchase_days: 3,
        total_spend: 7000,
    };
    let params = ValueParams {
        horizon_weeks: 39.0,
        minor_per_major: 100,
        ..ValueParams::default()
    };
    let v = customer_value(&s, Some(d(1997, 12, 1)), Some(&fit), Some(&gg), &params);
    assert_eq!(v.p_alive, Some(fit.p_alive(2, 30.43, 38.86)));
    let e = v.expected_purchases.unwrap();
    assert!((e - fit.expected_purchases(39.0, 2, 30.43, 38.86)).abs() < 1e-12);
    let spend = gg.expected_average_spend(2, 2234.5).unwrap();
    assert_eq!(v.expected_spend, Some(spend));
    let want = discounted_value(spend, 12, 0.01, |w| {
        fit.expected_purchases(w, 2, 30.43, 38.86)
    });
    assert!((v.clv.unwrap() - want).abs() < 1e-9 * want);
    assert_eq!(v.expected_next_order_on, Some(d(1997, 12, 1)));
    // Without fits, only what needs no model.
    let bare = customer_value(&s, None, None, None, &params);
    assert_eq!(
        (bare.p_alive, bare.expected_spend, bare.clv),
        (None, None, None)
    );
}

#[test]
fn analyse_reports_why_there_is_no_fit() {
    // Three customers: far too few to fit, but summaries and next orders.
    let customers: Vec<CustomerPurchases> = (0..3)
        .map(|i| CustomerPurchases {
            account_id: i,
            days: vec![
                PurchaseDay {
                    day: d(2024, 1, 1),
                    amount: 1000,
                },
                PurchaseDay {
                    day: d(2024, 1, 11),
                    amount: 2000,
                },
            ],
        })
        .collect();
    let a = analyse(&customers, d(2024, 2, 1), ValueParams::default());
    assert_eq!(a.summaries.len(), 3);
    assert!(matches!(
        a.bgnbd,
        Err(FitError::TooFewCustomers { customers: 3, .. })
    ));
    assert!(matches!(
        a.gamma_gamma,
        Err(FitError::TooFewCustomers { .. })
    ));
    assert_eq!(a.per_customer.len(), 3);
    assert!(a
        .per_customer
        .iter()
        .all(|v| v.clv.is_none() && v.p_alive.is_none()));
    assert_eq!(
        a.per_customer[0].expected_next_order_on,
        Some(d(2024, 1, 21))
    );
}

#[test]
fn round_minor_rounds_half_away_from_zero() {
    assert_eq!(round_minor(2.5), Some(3));
    assert_eq!(round_minor(-2.5), Some(-3));
    assert_eq!(round_minor(1234.49), Some(1234));
    assert_eq!(round_minor(f64::NAN), None);
    assert_eq!(round_minor(1e300), None);
}

#[test]
fn cached_figures_equal_the_one_customer_path_bit_for_bit() {
    // 120 customers in a few shared (x, T) shapes plus unique ones.
    let customers: Vec<CustomerPurchases> = (0..120)
        .map(|i: i64| {
            let first = d(2024, 1, 1) + chrono::Days::new((i % 7) as u64);
            let days = (0..=(i % 4))
                .map(|k| PurchaseDay {
                    day: first + chrono::Days::new((k * (10 + i % 5)) as u64),
                    amount: 1000 + 37 * i + k,
                })
                .collect();
            CustomerPurchases {
                account_id: i,
                days,
            }
        })
        .collect();
    let as_of = d(2024, 3, 1);
    let fit = Fit {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
        log_likelihood: 0.0,
        iterations: 0,
        at_limit: false,
    };
    let gg = GgFit {
        p: 6.25,
        q: 3.74,
        v: 15.44,
        minor_per_major: 1.0,
        log_likelihood: 0.0,
        iterations: 0,
        at_limit: false,
    };
    let params = ValueParams::default();
    let cached = customer_values(&customers, as_of, Some(&fit), Some(&gg), &params);
    assert_eq!(cached.len(), 120);
    for (c, v) in customers.iter().zip(&cached) {
        let s = summarize_one(c, as_of).unwrap();
        let one = customer_value(
            &s,
            expected_next_order(c, as_of),
            Some(&fit),
            Some(&gg),
            &params,
        );
        assert_eq!(&one, v);
        assert!(v.clv.unwrap() > 0.0);
    }
}

#[test]
fn a_held_value_gives_back_what_was_kept_in_half_the_room() {
    let full = CustomerValue {
        account_id: 7,
        p_alive: Some(0.25),
        expected_purchases: Some(1.5),
        expected_spend: Some(12_345.0),
        clv: Some(98_765.5),
        expected_next_order_on: NaiveDate::from_ymd_opt(2026, 12, 24),
    };
    let none = CustomerValue {
        account_id: 8,
        p_alive: Some(0.0),
        expected_purchases: None,
        expected_spend: None,
        clv: None,
        expected_next_order_on: None,
    };
    for v in [full, none] {
        assert_eq!(HeldValue::hold(&v).value(v.account_id), v);
    }
    assert!(std::mem::size_of::<HeldValue>() <= 40);
    assert!(std::mem::size_of::<HeldValue>() * 2 <= std::mem::size_of::<CustomerValue>());
}
