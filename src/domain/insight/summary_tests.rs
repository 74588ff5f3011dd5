use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn customer(id: i64, days: &[(&str, i64)]) -> CustomerPurchases {
    CustomerPurchases {
        account_id: id,
        days: days
            .iter()
            .map(|&(day, amount)| PurchaseDay {
                day: d(day),
                amount,
            })
            .collect(),
    }
}

#[test]
fn frequency_recency_t_and_monetary_follow_the_issue() {
    let c = customer(
        7,
        &[
            ("2024-01-01", 500),
            ("2024-01-15", 300),
            ("2024-02-12", 700),
        ],
    );
    let s = summarize_one(&c, d("2024-03-11")).unwrap();
    assert_eq!(s.account_id, 7);
    assert_eq!(s.frequency, 2);
    assert_eq!(s.purchase_days, 3);
    assert_eq!(s.recency_weeks, 6.0); // 42 days
    assert_eq!(s.t_weeks, 10.0); // 70 days
    assert_eq!(s.monetary, 500.0); // (300 + 700) / 2: the first day is not a repeat
    assert_eq!(s.total_spend, 1500);
    assert_eq!(
        (s.first_day, s.last_day),
        (d("2024-01-01"), d("2024-02-12"))
    );
}

#[test]
fn one_time_buyers_have_zero_monetary_and_recency() {
    let c = customer(1, &[("2024-01-01", 999)]);
    let s = summarize_one(&c, d("2024-01-04")).unwrap();
    assert_eq!((s.frequency, s.recency_weeks, s.monetary), (0, 0.0, 0.0));
    assert_eq!(s.t_weeks, 3.0 / 7.0);
    assert_eq!(s.total_spend, 999);
}

#[test]
fn purchases_after_the_as_of_date_are_ignored() {
    let c = customer(
        1,
        &[
            ("2024-01-01", 100),
            ("2024-01-08", 200),
            ("2024-01-09", 400),
        ],
    );
    let s = summarize_one(&c, d("2024-01-08")).unwrap();
    assert_eq!((s.frequency, s.recency_weeks, s.t_weeks), (1, 1.0, 1.0));
    assert_eq!((s.monetary, s.total_spend), (200.0, 300));
    // Nobody is summarised before their first purchase.
    let all = summarize(
        &[c.clone(), customer(2, &[("2024-02-01", 1)])],
        d("2023-12-31"),
    );
    assert!(all.is_empty());
    let all = summarize(&[c, customer(2, &[("2024-02-01", 1)])], d("2024-01-31"));
    assert_eq!(all.len(), 1);
}

#[test]
fn same_day_orders_are_one_purchase_even_when_the_input_repeats_a_day() {
    // The store groups by day already; unsorted or repeated days are still
    // counted per calendar day, amounts summed.
    let messy = customer(
        3,
        &[
            ("2024-01-08", 200),
            ("2024-01-01", 100),
            ("2024-01-08", 50),
            ("2024-01-01", 1),
        ],
    );
    let tidy = customer(3, &[("2024-01-01", 101), ("2024-01-08", 250)]);
    let as_of = d("2024-02-01");
    assert_eq!(summarize_one(&messy, as_of), summarize_one(&tidy, as_of));
    let s = summarize_one(&messy, as_of).unwrap();
    assert_eq!((s.frequency, s.monetary, s.total_spend), (1, 250.0, 351));
}

#[test]
fn next_order_is_last_day_plus_median_gap() {
    let as_of = d("2024-06-01");
    // Gaps 10, 30, 12: median 12.
    let c = customer(
        1,
        &[
            ("2024-01-01", 1),
            ("2024-01-11", 1),
            ("2024-02-10", 1),
            ("2024-02-22", 1),
        ],
    );
    assert_eq!(expected_next_order(&c, as_of), Some(d("2024-03-05")));
    // Gaps 10 and 13: (10 + 13) / 2 = 11.5, rounded to 12.
    let c = customer(
        2,
        &[("2024-01-01", 1), ("2024-01-11", 1), ("2024-01-24", 1)],
    );
    assert_eq!(expected_next_order(&c, as_of), Some(d("2024-02-05")));
    // Only purchases up to the as-of date count.
    assert_eq!(
        expected_next_order(&c, d("2024-01-20")),
        Some(d("2024-01-21"))
    );
    // One purchase day: no usual gap.
    let c = customer(3, &[("2024-01-01", 1)]);
    assert_eq!(expected_next_order(&c, as_of), None);
}
