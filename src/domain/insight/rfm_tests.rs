use super::*;
use crate::domain::insight::PurchaseDay;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn customer(account_id: i64, days: &[(&str, i64)]) -> CustomerPurchases {
    CustomerPurchases {
        account_id,
        days: days
            .iter()
            .map(|(d, amount)| PurchaseDay {
                day: day(d),
                amount: *amount,
            })
            .collect(),
    }
}

#[test]
fn every_segment_rule_and_its_precedence() {
    use Segment::*;
    let table: &[((u8, u8, u8), Segment)] = &[
        ((5, 5, 5), Champions),
        // 5,5,4 is not a champion: the next rule takes it.
        ((5, 5, 4), PotentialLoyalist),
        ((3, 3, 2), PotentialLoyalist),
        ((3, 3, 3), PotentialLoyalist),
        ((4, 5, 5), PotentialLoyalist),
        ((2, 2, 2), LoyalCustomers),
        ((2, 4, 4), LoyalCustomers),
        ((4, 2, 4), LoyalCustomers),
        ((3, 1, 3), Promising),
        ((4, 1, 5), Promising),
        ((3, 3, 1), AboutToSleep),
        ((4, 1, 1), NewCustomers),
        ((5, 3, 1), NewCustomers),
        ((5, 1, 5), NewCustomers),
        ((1, 3, 4), CantLoseThem),
        ((2, 4, 5), CantLoseThem),
        ((1, 2, 4), AtRisk),
        ((1, 5, 5), AtRisk),
        ((2, 5, 4), AtRisk),
        ((1, 3, 3), NeedAttention),
        ((3, 5, 1), Others),
        ((1, 5, 3), NeedAttention),
        ((2, 1, 1), AboutToSleep),
        ((3, 2, 1), AboutToSleep),
        ((3, 1, 2), AboutToSleep),
        ((2, 3, 1), AboutToSleep),
        ((1, 1, 1), Lost),
        ((1, 2, 3), Lost),
        ((1, 1, 5), Lost),
        ((2, 1, 5), Others),
        ((2, 5, 1), Others),
    ];
    for &((r, f, m), want) in table {
        assert_eq!(Segment::of(r, f, m), want, "R{r} F{f} M{m}");
    }
    // Every rule is reachable (each segment is some score's answer).
    for s in Segment::ALL {
        let reached = (1..=5u8)
            .flat_map(|r| (1..=5u8).flat_map(move |f| (1..=5u8).map(move |m| (r, f, m))))
            .any(|(r, f, m)| Segment::of(r, f, m) == s);
        assert!(reached, "{s:?} is never given");
    }
}

#[test]
fn quintile_scores_by_rank_with_ties_broken_by_account_id() {
    // (frequencies by account id 1..=n) -> scores
    let table: &[(&[i64], &[u8])] = &[
        (&[1, 2, 3, 4, 5], &[1, 2, 3, 4, 5]),
        (&[5, 4, 3, 2, 1], &[5, 4, 3, 2, 1]),
        // All equal: ranked by id, lower id lower.
        (&[1, 1, 1, 1, 1], &[1, 2, 3, 4, 5]),
        (&[1; 10], &[1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
        // A tie in the middle of distinct values.
        (&[7, 3, 3, 9, 1], &[4, 2, 3, 5, 1]),
        (&[2, 1], &[5, 1]),
        (&[1, 2, 3, 4], &[1, 2, 4, 5]),
        (&[1, 2, 3, 4, 5, 6, 7], &[1, 1, 2, 3, 4, 5, 5]),
        (&[4], &[3]),
        (&[1, 1, 1], &[1, 3, 5]),
    ];
    let as_of = day("2026-11-30");
    for &(freqs, want) in table {
        let customers: Vec<CustomerPurchases> = freqs
            .iter()
            .enumerate()
            .map(|(i, &n)| CustomerPurchases {
                account_id: i as i64 + 1,
                days: (0..n)
                    .map(|k| PurchaseDay {
                        day: day("2026-01-01") + chrono::Duration::days(k),
                        amount: 100,
                    })
                    .collect(),
            })
            .collect();
        let rows = rfm(&customers, as_of, Scoring::Quintiles);
        let got: Vec<u8> = rows.iter().map(|r| r.f).collect();
        assert_eq!(got, want, "frequencies {freqs:?}");
        // The input order never changes a score.
        let mut reversed = customers.clone();
        reversed.reverse();
        let mut again = rfm(&reversed, as_of, Scoring::Quintiles);
        again.reverse();
        assert_eq!(again, rows, "frequencies {freqs:?} reversed");
    }
}

#[test]
fn recency_is_reversed_and_figures_look_back_from_the_as_of_date() {
    let customers = [
        customer(1, &[("2026-11-29", 1000)]),
        customer(2, &[("2026-01-10", 500), ("2026-06-01", 700)]),
        customer(3, &[("2026-09-01", 100), ("2026-12-05", 99_999)]),
        customer(4, &[("2025-12-01", 2000)]),
        customer(5, &[("2026-10-01", 50)]),
        // Buys only after the as-of date: not a customer yet.
        customer(6, &[("2026-12-01", 50)]),
    ];
    let rows = rfm(&customers, day("2026-11-30"), Scoring::Quintiles);
    let got: Vec<(i64, i64, i64, i64, u8)> = rows
        .iter()
        .map(|r| (r.account_id, r.recency_days, r.frequency, r.monetary, r.r))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, 1, 1, 1000, 5),
            (2, 182, 2, 1200, 2),
            (3, 90, 1, 100, 3),
            (4, 364, 1, 2000, 1),
            (5, 60, 1, 50, 4),
        ]
    );
    let m: Vec<u8> = rows.iter().map(|r| r.m).collect();
    assert_eq!(m, vec![3, 4, 2, 5, 1]);
    assert_eq!(rows[0].segment, Segment::of(5, rows[0].f, 3));
}

#[test]
fn fixed_cut_offs_score_each_customer_alone() {
    let cut = RfmCutoffs {
        recency_days: [30, 90, 180, 365],
        frequency: [2, 3, 5, 10],
        monetary: [10_000, 50_000, 100_000, 500_000],
    };
    assert_eq!(cut.check(), Ok(()));
    let as_of = day("2026-11-30");
    // (days ago of the last purchase, purchase days, total) -> (r, f, m)
    type Case = ((i64, i64, i64), (u8, u8, u8));
    let table: &[Case] = &[
        ((0, 1, 9_999), (5, 1, 1)),
        ((30, 2, 10_000), (5, 2, 2)),
        ((31, 3, 50_000), (4, 3, 3)),
        ((90, 4, 99_999), (4, 3, 3)),
        ((91, 5, 100_000), (3, 4, 4)),
        ((180, 9, 499_999), (3, 4, 4)),
        ((181, 10, 500_000), (2, 5, 5)),
        ((365, 40, 9_000_000), (2, 5, 5)),
        ((366, 1, 0), (1, 1, 1)),
    ];
    for &((ago, n, total), want) in table {
        let last = as_of - chrono::Duration::days(ago);
        let mut days: Vec<PurchaseDay> = (1..n)
            .map(|k| PurchaseDay {
                day: last - chrono::Duration::days(k),
                amount: 0,
            })
            .collect();
        days.reverse();
        days.push(PurchaseDay {
            day: last,
            amount: total,
        });
        let c = CustomerPurchases {
            account_id: 1,
            days,
        };
        let row = &rfm(&[c], as_of, Scoring::Fixed(&cut))[0];
        assert_eq!(
            (row.r, row.f, row.m),
            want,
            "{ago} days ago, {n} days, {total}"
        );
    }
    let bad = RfmCutoffs {
        frequency: [2, 2, 5, 10],
        ..cut
    };
    assert!(bad.check().unwrap_err().contains("rfm.frequency"));
}
