//! `report churn`: per customer the chance of still buying (P(alive)),
//! expected purchases over a horizon, expected spend per order, lifetime
//! value and the expected next order, with the RFM segment; most valuable
//! first.

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{first_failure, why};
use super::table::{Format, Table};
use super::{emit_line, money, scoring, segment_name, Setup};
use crate::cli::args::ChurnOptions;
use crate::cli::{CliError, CliResult, Ctx};
use crate::domain::insight::clv::{analyse, round_minor, ValueParams};
use crate::domain::insight::rfm::{rfm, Segment};
use crate::i18n::I18n;

/// Longest horizon and lifetime asked for: 20 years, 50 years.
const MAX_HORIZON_WEEKS: u32 = 1040;
const MAX_MONTHS: u32 = 600;

/// One customer's row as scripts see it. Amounts are whole minor units.
#[derive(Serialize)]
struct ChurnRow<'a> {
    account_id: i64,
    code: Option<&'a str>,
    name: &'a str,
    frequency: u32,
    recency_weeks: f64,
    t_weeks: f64,
    monetary: i64,
    p_alive: Option<f64>,
    expected_purchases: Option<f64>,
    expected_spend: Option<i64>,
    clv: Option<i64>,
    expected_next_order_on: Option<NaiveDate>,
    segment: Segment,
    currency: &'a str,
}

/// The value parameters from the flags, each checked and named when
/// wrong (exit 2).
fn value_params(
    i18n: &I18n,
    o: &ChurnOptions,
    minor_per_major: i64,
) -> Result<ValueParams, CliError> {
    let d = ValueParams::default();
    let whole = |flag: &str, input: &Option<String>, default: u32, max: u32| {
        input.as_deref().map_or(Ok(default), |s| {
            s.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| bad_flag(i18n, flag, s, &max.to_string()))
        })
    };
    let horizon = whole("horizon-weeks", &o.horizon_weeks, 52, MAX_HORIZON_WEEKS)?;
    let months = whole("months", &o.months, d.months, MAX_MONTHS)?;
    let monthly_discount = match o.discount.as_deref() {
        None => d.monthly_discount,
        Some(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|r| (0.0..=1.0).contains(r))
            .ok_or_else(|| bad_flag(i18n, "discount", s, "1"))?,
    };
    Ok(ValueParams {
        months,
        monthly_discount,
        horizon_weeks: f64::from(horizon),
        minor_per_major,
    })
}

fn bad_flag(i18n: &I18n, flag: &str, value: &str, max: &str) -> CliError {
    CliError::User(i18n.f(
        &format!("report.bad_{}", flag.replace('-', "_")),
        &[("value", value), ("max", max)],
    ))
}

pub(super) fn churn_report(ctx: &mut Ctx<'_>, o: &ChurnOptions) -> CliResult {
    let s = super::setup(ctx, &o.report)?;
    let params = value_params(ctx.i18n, o, s.currency.scale())?;
    let scoring = scoring(ctx.config);
    // One moment for the purchases and the names; the names are read on
    // another core while the models are fitted on this one.
    let (labels, (analysis, segments)) = ctx
        .store
        .in_one_read(|store| {
            let customers = store.customer_purchases()?;
            let ids: Vec<i64> = customers.iter().map(|c| c.account_id).collect();
            store.customer_labels_meanwhile(&ids, || {
                let analysis = analyse(&customers, s.as_of, params);
                let segments: HashMap<i64, _> = rfm(&customers, s.as_of, scoring)
                    .into_iter()
                    .map(|r| (r.account_id, r.segment))
                    .collect();
                (analysis, segments)
            })
        })
        .map_err(|e| ctx.err(e))?;
    let mut rows: Vec<ChurnRow<'_>> = analysis
        .summaries
        .iter()
        .zip(&analysis.per_customer)
        .map(|(sm, v)| {
            let (code, name) = labels
                .get(&sm.account_id)
                .map_or((None, ""), |l| (l.code.as_deref(), l.name.as_str()));
            ChurnRow {
                account_id: sm.account_id,
                code,
                name,
                frequency: sm.frequency,
                recency_weeks: sm.recency_weeks,
                t_weeks: sm.t_weeks,
                monetary: round_minor(sm.monetary).unwrap_or(0),
                p_alive: v.p_alive,
                expected_purchases: v.expected_purchases,
                expected_spend: v.expected_spend.and_then(round_minor),
                clv: v.clv.and_then(round_minor),
                expected_next_order_on: v.expected_next_order_on,
                segment: segments
                    .get(&sm.account_id)
                    .copied()
                    .unwrap_or(Segment::Others),
                currency: s.currency.code,
            }
        })
        .collect();
    // Most valuable first; without a value, last; then by id.
    rows.sort_unstable_by_key(|r| (r.clv.is_none(), Reverse(r.clv), r.account_id));
    let failure = first_failure(&analysis).map(|e| why(ctx.i18n, e));
    match s.format {
        Format::Json => crate::cli::emit_json_list(ctx.out, &rows),
        Format::Csv => table(ctx, &s, &rows).csv(ctx.out),
        Format::Text if rows.is_empty() => {
            let date = s.as_of.to_string();
            emit_line(ctx, &ctx.i18n.f("report.none", &[("date", &date)]))
        }
        Format::Text => {
            let date = s.as_of.to_string();
            emit_line(ctx, &ctx.i18n.f("report.as_of", &[("date", &date)]))?;
            if let Some(line) = failure {
                emit_line(ctx, &line)?;
            }
            let terms = ctx.i18n.f(
                "report.churn_terms",
                &[
                    ("weeks", &params.horizon_weeks.to_string()),
                    ("months", &params.months.to_string()),
                    ("rate", &format!("{}%", params.monthly_discount * 100.0)),
                ],
            );
            emit_line(ctx, &terms)?;
            table(ctx, &s, &rows).text(ctx.out)
        }
    }
}

/// The rows as a table: CSV cells exact, text cells for reading.
fn table(ctx: &Ctx<'_>, s: &Setup, rows: &[ChurnRow<'_>]) -> Table {
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("account_id", "=ID", true),
            ("code", "report.code", false),
            ("name", "report.name", false),
            ("frequency", "report.repeat_purchases", true),
            ("recency_weeks", "", true),
            ("t_weeks", "", true),
            ("monetary", "report.repeat_spend", true),
            ("p_alive", "report.p_alive", true),
            ("expected_purchases", "report.expected_purchases", true),
            ("expected_spend", "report.expected_spend", true),
            ("clv", "report.clv", true),
            (
                "expected_next_order_on",
                "report.expected_next_order",
                false,
            ),
            ("segment", "report.segment", false),
            ("currency", "", false),
        ],
    );
    let text = s.format == Format::Text;
    let opt =
        |v: Option<String>| v.unwrap_or_else(|| if text { "-".into() } else { String::new() });
    let amount = |a: i64| if text { money(ctx, a) } else { a.to_string() };
    for r in rows {
        t.row(vec![
            r.account_id.to_string(),
            r.code.unwrap_or("").to_string(),
            r.name.to_string(),
            r.frequency.to_string(),
            r.recency_weeks.to_string(),
            r.t_weeks.to_string(),
            amount(r.monetary),
            opt(r.p_alive.map(|p| match text {
                true => format!("{:.1}%", p * 100.0),
                false => p.to_string(),
            })),
            opt(r.expected_purchases.map(|e| match text {
                true => format!("{e:.2}"),
                false => e.to_string(),
            })),
            opt(r.expected_spend.map(amount)),
            opt(r.clv.map(amount)),
            opt(r.expected_next_order_on.map(|d| d.to_string())),
            match text {
                true => segment_name(ctx, r.segment),
                false => r.segment.as_str().to_string(),
            },
            s.currency.code.to_string(),
        ]);
    }
    t
}
