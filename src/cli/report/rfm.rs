//! `report rfm` and `report segments`: each customer's RFM scores and
//! segment, and customers and revenue per segment.

use std::collections::HashMap;

use serde::Serialize;

use super::table::{Format, Table};
use super::{finish, money, purchases, scoring, segment_name, Setup};
use crate::cli::{CliError, CliResult, Ctx};
use crate::domain::insight::rfm::{rfm, RfmRow, Segment};

/// An RFM row as scripts see it.
#[derive(Serialize)]
struct RfmJson<'a> {
    account_id: i64,
    code: Option<&'a str>,
    name: &'a str,
    recency_days: i64,
    frequency: i64,
    monetary: i64,
    r: u8,
    f: u8,
    m: u8,
    segment: &'static str,
    currency: &'a str,
}

fn rfm_rows(ctx: &Ctx<'_>, s: &Setup) -> Result<Vec<RfmRow>, CliError> {
    Ok(rfm(&purchases(ctx)?, s.as_of, scoring(ctx.config)))
}

pub(super) fn rfm_report(ctx: &mut Ctx<'_>, s: &Setup) -> CliResult {
    let rows = rfm_rows(ctx, s)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.account_id).collect();
    let labels = ctx.store.customer_labels(&ids).map_err(|e| ctx.err(e))?;
    let label = |id: i64| {
        labels
            .get(&id)
            .map_or((None, ""), |l| (l.code.as_deref(), l.name.as_str()))
    };
    let json: Vec<RfmJson<'_>> = rows
        .iter()
        .map(|r| {
            let (code, name) = label(r.account_id);
            RfmJson {
                account_id: r.account_id,
                code,
                name,
                recency_days: r.recency_days,
                frequency: r.frequency,
                monetary: r.monetary,
                r: r.r,
                f: r.f,
                m: r.m,
                segment: r.segment.as_str(),
                currency: s.currency.code,
            }
        })
        .collect();
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("account_id", "=ID", true),
            ("code", "report.code", false),
            ("name", "report.name", false),
            ("recency_days", "report.recency", true),
            ("frequency", "report.frequency", true),
            ("monetary", "report.monetary", true),
            ("r", "=R", true),
            ("f", "=F", true),
            ("m", "=M", true),
            ("segment", "report.segment", false),
            ("currency", "", false),
        ],
    );
    for (r, j) in rows.iter().zip(&json) {
        let text = s.format == Format::Text;
        t.row(vec![
            r.account_id.to_string(),
            j.code.unwrap_or("").to_string(),
            j.name.to_string(),
            r.recency_days.to_string(),
            r.frequency.to_string(),
            if text {
                money(ctx, r.monetary)
            } else {
                r.monetary.to_string()
            },
            r.r.to_string(),
            r.f.to_string(),
            r.m.to_string(),
            if text {
                segment_name(ctx, r.segment)
            } else {
                r.segment.as_str().to_string()
            },
            s.currency.code.to_string(),
        ]);
    }
    finish(ctx, s, &json, t, rows.is_empty())
}

#[derive(Serialize)]
struct SegmentJson<'a> {
    segment: &'static str,
    customers: u64,
    revenue: i64,
    currency: &'a str,
}

pub(super) fn segments_report(ctx: &mut Ctx<'_>, s: &Setup) -> CliResult {
    let rows = rfm_rows(ctx, s)?;
    let mut per: HashMap<Segment, (u64, i64)> = HashMap::new();
    for r in &rows {
        let e = per.entry(r.segment).or_default();
        e.0 += 1;
        e.1 += r.monetary;
    }
    let json: Vec<SegmentJson<'_>> = Segment::ALL
        .iter()
        .map(|&seg| {
            let (customers, revenue) = per.get(&seg).copied().unwrap_or_default();
            SegmentJson {
                segment: seg.as_str(),
                customers,
                revenue,
                currency: s.currency.code,
            }
        })
        .collect();
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("segment", "report.segment", false),
            ("customers", "report.customers", true),
            ("revenue", "report.revenue", true),
            ("currency", "", false),
        ],
    );
    let text = s.format == Format::Text;
    for (seg, j) in Segment::ALL.iter().zip(&json) {
        t.row(vec![
            if text {
                segment_name(ctx, *seg)
            } else {
                j.segment.to_string()
            },
            j.customers.to_string(),
            if text {
                money(ctx, j.revenue)
            } else {
                j.revenue.to_string()
            },
            s.currency.code.to_string(),
        ]);
    }
    finish(ctx, s, &json, t, rows.is_empty())
}
