//! `salesbench report rfm|segments|funnel|cohorts|revenue|winback`: the
//! descriptive customer-insight reports, as plain text tables in the
//! operator's language, or rows as `--json` / `--csv`; `report churn` and
//! `report model`: the predictive ones (`churn.rs`, `model.rs`).
//!
//! Amounts are whole minor units (yen); rows that carry amounts say their
//! currency.

mod churn;
mod forecast;
mod model;
mod rfm;
pub(super) mod table;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::args::{ReportOptions, ReportWhich};
use super::{CliError, CliResult, Ctx};
use crate::config::Config;
use crate::domain::insight::cohorts::cohorts;
use crate::domain::insight::funnel::{funnel, FunnelCounts};
use crate::domain::insight::revenue::{revenue_by_month, RevenueMonth};
use crate::domain::insight::rfm::{Scoring, Segment};
use crate::domain::insight::winback::winback;
use crate::domain::insight::CustomerPurchases;
use crate::domain::when::parse_when;
use crate::domain::zone::Zone;
use table::{Format, Table};

/// The currency of every amount in the reports: the database's own
/// (recorded with its first amount; see `store::settings`).
fn report_currency(store: &crate::store::Store) -> crate::domain::money::Currency {
    store.currency()
}

pub(super) fn run(which: ReportWhich, ctx: &mut Ctx<'_>) -> CliResult {
    let (report, opts): (fn(&mut Ctx<'_>, &Setup) -> CliResult, ReportOptions) = match which {
        ReportWhich::Churn(o) => return churn::churn_report(ctx, &o),
        ReportWhich::Model(o) => return model::model_report(ctx, &o),
        ReportWhich::Forecast(o) => return forecast::forecast_report(ctx, &o),
        ReportWhich::Rfm(o) => (rfm::rfm_report, o),
        ReportWhich::Segments(o) => (rfm::segments_report, o),
        ReportWhich::Funnel(o) => (funnel_report, o),
        ReportWhich::Cohorts(o) => (cohorts_report, o),
        ReportWhich::Revenue(o) => (revenue_report, o),
        ReportWhich::Winback(o) => (winback_report, o),
    };
    let setup = setup(ctx, &opts)?;
    report(ctx, &setup)
}

fn setup(ctx: &Ctx<'_>, opts: &ReportOptions) -> Result<Setup, CliError> {
    Ok(Setup {
        as_of: as_of_day(ctx, opts.as_of.as_deref())?,
        format: match (opts.json, opts.csv) {
            (true, _) => Format::Json,
            (_, true) => Format::Csv,
            _ => Format::Text,
        },
        currency: report_currency(ctx.store),
    })
}

/// One line of text output.
fn emit_line(ctx: &mut Ctx<'_>, line: &str) -> CliResult {
    super::emit(ctx.out, line)
}

/// What every report is run with.
struct Setup {
    as_of: NaiveDate,
    format: Format,
    currency: crate::domain::money::Currency,
}

/// `--as-of DATE` in the operator's calendar, else today.
fn as_of_day(ctx: &Ctx<'_>, input: Option<&str>) -> Result<NaiveDate, CliError> {
    let today = ctx.clock.local_now();
    match input {
        None => Ok(today.date()),
        Some(s) => parse_when(s, today)
            .map(|w| w.date())
            .map_err(|e| CliError::User(format!("--as-of: {}", ctx.i18n.when_error(&e)))),
    }
}

fn purchases(ctx: &Ctx<'_>) -> Result<Vec<CustomerPurchases>, CliError> {
    ctx.store.customer_purchases().map_err(|e| ctx.err(e))
}

fn scoring(config: &Config) -> Scoring<'_> {
    config
        .rfm
        .as_ref()
        .map_or(Scoring::Quintiles, Scoring::Fixed)
}

fn segment_name(ctx: &Ctx<'_>, s: Segment) -> String {
    ctx.i18n.t(&format!("report.segment_{}", s.as_str()))
}

fn money(ctx: &Ctx<'_>, amount: i64) -> String {
    crate::domain::money::format_money(amount, ctx.store.currency(), ctx.i18n.ja())
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".into(), |r| format!("{:.1}%", r * 100.0))
}

fn days(d: Option<f64>) -> String {
    d.map_or_else(|| "-".into(), |d| format!("{d:.1}"))
}

fn funnel_cells(month: String, c: &FunnelCounts) -> Vec<String> {
    vec![
        month,
        c.new.to_string(),
        c.repeat.to_string(),
        c.loyal.to_string(),
        c.median_days_to_second
            .map_or(String::new(), |d| d.to_string()),
        c.repeat_rate.map_or(String::new(), |r| r.to_string()),
        c.loyal_rate.map_or(String::new(), |r| r.to_string()),
    ]
}

fn funnel_report(ctx: &mut Ctx<'_>, s: &Setup) -> CliResult {
    let f = funnel(&purchases(ctx)?, s.as_of, ctx.config.loyal_purchase_days);
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("month", "report.month", false),
            ("new", "report.new", true),
            ("repeat", "report.repeat", true),
            ("loyal", "report.loyal", true),
            ("median_days_to_second", "report.median_to_second", true),
            ("repeat_rate", "report.repeat_rate", true),
            ("loyal_rate", "report.loyal_rate", true),
        ],
    );
    let total_name = match s.format {
        Format::Text => ctx.i18n.t("report.total"),
        _ => "total".to_string(),
    };
    let rows = f
        .cohorts
        .iter()
        .map(|c| (c.month.to_string(), &c.counts))
        .chain(std::iter::once((total_name, &f.total)));
    for (month, c) in rows {
        let mut cells = funnel_cells(month, c);
        if s.format == Format::Text {
            cells[4] = days(c.median_days_to_second);
            cells[5] = percent(c.repeat_rate);
            cells[6] = percent(c.loyal_rate);
        }
        t.row(cells);
    }
    finish(ctx, s, &f, t, f.total.new == 0)
}

fn cohorts_report(ctx: &mut Ctx<'_>, s: &Setup) -> CliResult {
    let rows = cohorts(&purchases(ctx)?, s.as_of);
    let span = rows.iter().map(|c| c.retention.len()).max().unwrap_or(0);
    let mut columns: Vec<(String, Option<String>, bool)> = vec![
        ("month".into(), Some(ctx.i18n.t("report.month")), false),
        ("size".into(), Some(ctx.i18n.t("report.size")), true),
    ];
    for k in 0..span {
        let shown = ctx.i18n.f("report.month_after", &[("k", &k.to_string())]);
        columns.push((format!("month_{k}"), Some(shown), true));
    }
    let mut t = Table::with_columns(columns);
    for c in &rows {
        let mut cells = vec![c.month.to_string(), c.size.to_string()];
        cells.extend(c.retention.iter().map(|&r| match s.format {
            Format::Text => percent(Some(r)),
            _ => r.to_string(),
        }));
        t.row(cells);
    }
    finish(ctx, s, &rows, t, rows.is_empty())
}

#[derive(Serialize)]
struct RevenueJson<'a> {
    #[serde(flatten)]
    month: &'a RevenueMonth,
    currency: &'a str,
}

fn revenue_report(ctx: &mut Ctx<'_>, s: &Setup) -> CliResult {
    let rows = revenue_by_month(&purchases(ctx)?, s.as_of);
    let json: Vec<RevenueJson<'_>> = rows
        .iter()
        .map(|month| RevenueJson {
            month,
            currency: s.currency.code,
        })
        .collect();
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("month", "report.month", false),
            ("total", "report.sales", true),
            ("new", "report.new_sales", true),
            ("returning", "report.returning_sales", true),
            ("returning_share", "report.returning_share", true),
            ("currency", "", false),
        ],
    );
    let text = s.format == Format::Text;
    for r in &rows {
        let amount = |a: i64| if text { money(ctx, a) } else { a.to_string() };
        t.row(vec![
            r.month.to_string(),
            amount(r.total),
            amount(r.new),
            amount(r.returning),
            match text {
                true => percent(r.returning_share),
                false => r.returning_share.map_or(String::new(), |x| x.to_string()),
            },
            s.currency.code.to_string(),
        ]);
    }
    finish(ctx, s, &json, t, rows.is_empty())
}

fn winback_report(ctx: &mut Ctx<'_>, s: &Setup) -> CliResult {
    let next_day = s.as_of + Duration::days(1);
    let until = ctx
        .clock
        .zone()
        .day_start(next_day)
        .map_err(|_| CliError::User(format!("--as-of: date out of range: {}", s.as_of)))?;
    let histories = ctx.store.winback_histories().map_err(|e| ctx.err(e))?;
    let rows = winback(&histories, until, ctx.config.default_interval_days);
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("lapse_reason", "report.lapse_reason", false),
            ("contacted", "report.contacted", true),
            ("won_back", "report.won_back", true),
            ("rate", "report.rate", true),
            ("pending", "report.pending", true),
        ],
    );
    let text = s.format == Format::Text;
    for r in &rows {
        let reason = r.lapse_reason.as_str();
        t.row(vec![
            if text {
                ctx.i18n.t(&format!("lapse.{reason}"))
            } else {
                reason.to_string()
            },
            r.contacted.to_string(),
            r.won_back.to_string(),
            match text {
                true => percent(r.rate),
                false => r.rate.map_or(String::new(), |x| x.to_string()),
            },
            r.pending.to_string(),
        ]);
    }
    let none = histories.is_empty();
    finish(ctx, s, &rows, t, none)
}

/// Write the report in the asked format: `json` as JSON, `table` as CSV
/// or text (text says so when there is nothing to show).
fn finish<T: Serialize>(
    ctx: &mut Ctx<'_>,
    s: &Setup,
    json: &T,
    table: Table,
    nothing: bool,
) -> CliResult {
    let date = s.as_of.to_string();
    match s.format {
        Format::Json => super::emit_json(ctx.out, json),
        Format::Csv => table.csv(ctx.out),
        Format::Text if nothing => {
            super::emit(ctx.out, &ctx.i18n.f("report.none", &[("date", &date)]))
        }
        Format::Text => {
            super::emit(ctx.out, &ctx.i18n.f("report.as_of", &[("date", &date)]))?;
            table.text(ctx.out)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::insight::rfm::Segment;
    use crate::domain::triage::LapseReason;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn every_segment_and_lapse_reason_is_named_in_both_languages() {
        for lang in [Lang::En, Lang::Ja] {
            let keys = I18n::keys(lang);
            let names = Segment::ALL
                .iter()
                .map(|s| format!("report.segment_{}", s.as_str()))
                .chain(
                    LapseReason::ALL
                        .iter()
                        .map(|r| format!("lapse.{}", r.as_str())),
                );
            for key in names {
                assert!(keys.contains(&key), "{lang:?} lacks {key}");
            }
        }
    }
}
