use super::*;
use chrono::TimeZone;

/// Day `n` of the made-up calendar, at 10:00 UTC.
fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0).unwrap() + Duration::days(n)
}

fn history(touches: &[(i64, TouchKind)], reasons: &[(i64, LapseReason)]) -> WinbackHistory {
    WinbackHistory {
        account_id: 1,
        interval_days: None,
        touches: touches
            .iter()
            .map(|&(n, kind)| Touch { at: day(n), kind })
            .collect(),
        reasons: reasons.iter().map(|&(n, r)| (day(n), r)).collect(),
    }
}

type Touches = &'static [(i64, TouchKind)];
type Reasons = &'static [(i64, LapseReason)];

use LapseReason::*;
use TouchKind::{Contact, Note, Order};

#[test]
fn which_contacts_were_made_while_quiet() {
    // (touches, account's own interval, the quiet contacts' days)
    let table: &[(Touches, Option<u32>, &[i64])] = &[
        // Default rhythm 30: silent 30 is not past it, 31 is.
        (&[(0, Order), (30, Contact)], None, &[]),
        (&[(0, Order), (31, Contact)], None, &[31]),
        // The second call of a silence follows a touch: not quiet.
        (&[(0, Order), (40, Contact), (45, Contact)], None, &[40]),
        // Never bought before: a prospect, not a win-back.
        (&[(0, Contact), (90, Contact)], None, &[]),
        // A note is a touch but contacts nobody.
        (&[(0, Order), (50, Note), (55, Contact)], None, &[]),
        (&[(0, Order), (50, Note)], None, &[]),
        // The account's own interval wins over the default.
        (&[(0, Order), (60, Contact)], Some(90), &[]),
        (&[(0, Order), (60, Contact)], Some(14), &[60]),
        // A learned weekly rhythm (three gaps of 7) makes 10 days quiet.
        (
            &[
                (0, Order),
                (7, Contact),
                (14, Order),
                (21, Contact),
                (31, Contact),
            ],
            None,
            &[31],
        ),
        // ... but only from the touches before the contact.
        (&[(0, Order), (7, Contact), (17, Contact)], None, &[]),
        // Several lapses, several quiet contacts.
        (
            &[(0, Order), (40, Contact), (50, Order), (200, Contact)],
            None,
            &[40, 200],
        ),
        // Beyond the as-of date (day 300) nothing is known.
        (&[(0, Order), (301, Contact)], None, &[]),
    ];
    for &(touches, interval, want) in table {
        let mut h = history(touches, &[]);
        h.interval_days = interval;
        let got = quiet_contacts(&h, day(300), 30);
        let want: Vec<DateTime<Utc>> = want.iter().map(|&n| day(n)).collect();
        assert_eq!(got, want, "{touches:?} interval {interval:?}");
    }
}

#[test]
fn won_back_within_sixty_days_and_the_reason_then() {
    let until = day(400);
    // (touches, reasons recorded, outcome)
    let table: &[(Touches, Reasons, Option<Outcome>)] = &[
        (&[(0, Order), (10, Contact)], &[], None),
        (
            &[(0, Order), (100, Contact), (160, Order)],
            &[(100, SomethingWrong)],
            Some(Outcome {
                reason: SomethingWrong,
                won_back: true,
                pending: false,
            }),
        ),
        // 61 days is too late; no reason recorded is unknown.
        (
            &[(0, Order), (100, Contact), (161, Order)],
            &[],
            Some(Outcome {
                reason: Unknown,
                won_back: false,
                pending: false,
            }),
        ),
        // A reason learned on a later call of the same attempt counts;
        // one recorded after the 60 days does not.
        (
            &[(0, Order), (100, Contact), (120, Contact)],
            &[(120, NoValue), (170, LifeChanged)],
            Some(Outcome {
                reason: NoValue,
                won_back: false,
                pending: false,
            }),
        ),
        // The first lapse failed, the second was won back: won back, with
        // the reason of the attempt that worked.
        (
            &[
                (0, Order),
                (50, Contact),
                (120, Order),
                (200, Contact),
                (210, Order),
            ],
            &[(50, NoValue), (200, LifeChanged)],
            Some(Outcome {
                reason: LifeChanged,
                won_back: true,
                pending: false,
            }),
        ),
        // Contacted 20 days before the as-of date, no order yet: pending.
        (
            &[(0, Order), (380, Contact)],
            &[],
            Some(Outcome {
                reason: Unknown,
                won_back: false,
                pending: true,
            }),
        ),
        // An order after the as-of date is not known yet.
        (
            &[(0, Order), (380, Contact), (401, Order)],
            &[],
            Some(Outcome {
                reason: Unknown,
                won_back: false,
                pending: true,
            }),
        ),
    ];
    for (touches, reasons, want) in table {
        let h = history(touches, reasons);
        assert_eq!(outcome(&h, until, 30), *want, "{touches:?} {reasons:?}");
    }
}

#[test]
fn rows_per_reason_count_each_customer_once() {
    let accounts = vec![
        history(
            &[(0, Order), (100, Contact), (130, Order)],
            &[(100, SomethingWrong)],
        ),
        history(&[(0, Order), (100, Contact)], &[(100, SomethingWrong)]),
        history(&[(0, Order), (100, Contact), (101, Order)], &[]),
        history(&[(0, Order), (10, Contact)], &[]),
    ];
    let rows = winback(&accounts, day(400), 30);
    let got: Vec<(&str, u64, u64, Option<f64>)> = rows
        .iter()
        .map(|r| (r.lapse_reason.as_str(), r.contacted, r.won_back, r.rate))
        .collect();
    assert_eq!(
        got,
        vec![
            ("life_changed", 0, 0, None),
            ("something_wrong", 2, 1, Some(0.5)),
            ("no_value", 0, 0, None),
            ("unknown", 1, 1, Some(1.0)),
        ]
    );
}
