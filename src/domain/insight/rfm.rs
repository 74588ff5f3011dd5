//! RFM: how recently, how often and how much each customer bought, each
//! scored 1–5, and the segment the three scores put them in.
//!
//! Scores come from quintiles over the customers (the default), or from
//! fixed cut-offs in the configuration for a shop with too few customers
//! for quintiles to mean much.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::CustomerPurchases;

/// One customer's RFM figures as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RfmRow {
    pub account_id: i64,
    /// Days from the last purchase day to the as-of date.
    pub recency_days: i64,
    /// Purchase days up to the as-of date.
    pub frequency: i64,
    /// Total spend up to the as-of date, in minor units.
    pub monetary: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: Segment,
}

/// Fixed cut-offs: four ascending bounds per measure.
///
/// Recency: at most `recency_days[0]` days scores 5, at most `[1]` 4, at
/// most `[2]` 3, at most `[3]` 2, more 1. Frequency and monetary: at
/// least `[3]` scores 5, at least `[2]` 4, at least `[1]` 3, at least
/// `[0]` 2, less 1.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RfmCutoffs {
    pub recency_days: [i64; 4],
    pub frequency: [i64; 4],
    pub monetary: [i64; 4],
}

impl RfmCutoffs {
    /// Each list must rise strictly, or some score could never be given.
    pub fn check(&self) -> Result<(), String> {
        for (name, v) in [
            ("recency_days", &self.recency_days),
            ("frequency", &self.frequency),
            ("monetary", &self.monetary),
        ] {
            if v.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!(
                    "rfm.{name}: the four cut-offs must rise strictly, got {v:?}"
                ));
            }
        }
        Ok(())
    }
}

/// How the 1–5 scores are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scoring<'a> {
    /// By the customer's fifth of the ranking among all customers.
    Quintiles,
    Fixed(&'a RfmCutoffs),
}

/// The RFM segments, in the order their rules are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Champions,
    PotentialLoyalist,
    LoyalCustomers,
    Promising,
    NewCustomers,
    CantLoseThem,
    AtRisk,
    NeedAttention,
    AboutToSleep,
    Lost,
    Others,
}

type Range = (u8, u8);

/// (segment, R range, F range, M range), inclusive; the first match wins.
const RULES: [(Segment, Range, Range, Range); 10] = [
    (Segment::Champions, (5, 5), (5, 5), (5, 5)),
    (Segment::PotentialLoyalist, (3, 5), (3, 5), (2, 5)),
    (Segment::LoyalCustomers, (2, 4), (2, 4), (2, 4)),
    (Segment::Promising, (3, 4), (1, 3), (3, 5)),
    (Segment::NewCustomers, (4, 5), (1, 3), (1, 5)),
    (Segment::CantLoseThem, (1, 2), (3, 4), (4, 5)),
    (Segment::AtRisk, (1, 2), (2, 5), (4, 5)),
    (Segment::NeedAttention, (1, 3), (3, 5), (3, 5)),
    (Segment::AboutToSleep, (2, 3), (1, 3), (1, 4)),
    (Segment::Lost, (1, 1), (1, 5), (1, 5)),
];

impl Segment {
    /// Every segment, in rule order (`Others` last).
    pub const ALL: [Segment; 11] = [
        Segment::Champions,
        Segment::PotentialLoyalist,
        Segment::LoyalCustomers,
        Segment::Promising,
        Segment::NewCustomers,
        Segment::CantLoseThem,
        Segment::AtRisk,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::Lost,
        Segment::Others,
    ];

    /// The segment of scores `r`, `f`, `m`: the first rule they match.
    pub fn of(r: u8, f: u8, m: u8) -> Segment {
        let within = |v: u8, (lo, hi): Range| (lo..=hi).contains(&v);
        RULES
            .iter()
            .find(|(_, rr, fr, mr)| within(r, *rr) && within(f, *fr) && within(m, *mr))
            .map_or(Segment::Others, |rule| rule.0)
    }

    /// The name scripts see (`champions`, `at_risk` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::PotentialLoyalist => "potential_loyalist",
            Segment::LoyalCustomers => "loyal_customers",
            Segment::Promising => "promising",
            Segment::NewCustomers => "new_customers",
            Segment::CantLoseThem => "cant_lose_them",
            Segment::AtRisk => "at_risk",
            Segment::NeedAttention => "need_attention",
            Segment::AboutToSleep => "about_to_sleep",
            Segment::Lost => "lost",
            Segment::Others => "others",
        }
    }
}

/// Every customer who bought on or before `as_of`, with scores and
/// segment, in `customers`' order.
pub fn rfm(customers: &[CustomerPurchases], as_of: NaiveDate, scoring: Scoring<'_>) -> Vec<RfmRow> {
    let mut rows: Vec<RfmRow> = customers
        .iter()
        .filter_map(|c| {
            let days = c.up_to(as_of);
            let last = days.last()?;
            Some(RfmRow {
                account_id: c.account_id,
                recency_days: (as_of - last.day).num_days(),
                frequency: days.len() as i64,
                monetary: days.iter().map(|d| d.amount).sum(),
                r: 0,
                f: 0,
                m: 0,
                segment: Segment::Others,
            })
        })
        .collect();
    match scoring {
        Scoring::Quintiles => {
            // Fewer days since the last purchase is better: rank on the negation.
            let r = quintiles(&rows, |x| -x.recency_days);
            let f = quintiles(&rows, |x| x.frequency);
            let m = quintiles(&rows, |x| x.monetary);
            for (i, row) in rows.iter_mut().enumerate() {
                (row.r, row.f, row.m) = (r[i], f[i], m[i]);
            }
        }
        Scoring::Fixed(c) => {
            for row in rows.iter_mut() {
                row.r = 5 - c
                    .recency_days
                    .iter()
                    .filter(|b| row.recency_days > **b)
                    .count() as u8;
                row.f = 1 + c.frequency.iter().filter(|b| row.frequency >= **b).count() as u8;
                row.m = 1 + c.monetary.iter().filter(|b| row.monetary >= **b).count() as u8;
            }
        }
    }
    for row in rows.iter_mut() {
        row.segment = Segment::of(row.r, row.f, row.m);
    }
    rows
}

/// Score 1–5 for each row by quintile of its rank, higher `key` scoring
/// higher. With the customers ranked 0..n from worst to best, rank i sits
/// at p = i/(n-1) of the way up and scores ⌈5p⌉ (at least 1): the bins of
/// pandas' `qcut(x.rank(method="first"), 5)`, so the lowest customer
/// always scores 1 and the highest 5. Equal keys are ranked by account id
/// (the lower id first, so lower): scores never depend on row order. A
/// lone customer, both highest and lowest, scores 3.
fn quintiles(rows: &[RfmRow], key: impl Fn(&RfmRow) -> i64) -> Vec<u8> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (key(&rows[i]), rows[i].account_id));
    let n = rows.len();
    let mut scores = vec![3u8; n];
    if n < 2 {
        return scores;
    }
    for (rank, &i) in order.iter().enumerate() {
        scores[i] = match rank {
            0 => 1,
            // ⌈5·rank/(n-1)⌉ in whole numbers.
            _ => (5 * rank).div_ceil(n - 1) as u8,
        };
    }
    scores
}

#[cfg(test)]
#[path = "rfm_tests.rs"]
mod tests;
