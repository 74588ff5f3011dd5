//! `report forecast`: open deals' value and weighted value (value ×
//! probability) by month of expected close, beside the value won each
//! month. JSON rows: `month, open_value, weighted_value, won_value, deals`.

use super::table::{Format, Table};
use crate::cli::args::ForecastOptions;
use crate::cli::{emit, emit_json, CliResult, Ctx};
use crate::domain::deals::{forecast, DealFilter};

pub(super) fn forecast_report(ctx: &mut Ctx<'_>, o: &ForecastOptions) -> CliResult {
    let deals = ctx
        .store
        .deals(&DealFilter::default(), ctx.clock.now())
        .map_err(|e| ctx.err(e))?;
    let months = forecast(&deals, ctx.store.pipeline(), &ctx.clock.zone());
    let format = match (o.json, o.csv) {
        (true, _) => Format::Json,
        (_, true) => Format::Csv,
        _ => Format::Text,
    };
    if format == Format::Json {
        return emit_json(ctx.out, &months);
    }
    let mut t = Table::new(
        ctx.i18n,
        &[
            ("month", "deals12.col_month", false),
            ("open_value", "deals12.col_open_value", true),
            ("weighted_value", "deals12.col_weighted", true),
            ("won_value", "deals12.col_won_value", true),
            ("deals", "deals12.col_deals", true),
        ],
    );
    let text = format == Format::Text;
    for m in &months {
        let amount = |a: i64| match text {
            true => super::money(ctx, a),
            false => a.to_string(),
        };
        t.row(vec![
            m.month.clone(),
            amount(m.open_value),
            amount(m.weighted_value),
            amount(m.won_value),
            m.deals.to_string(),
        ]);
    }
    match format {
        Format::Csv => t.csv(ctx.out),
        _ if months.is_empty() => {
            let line = ctx.i18n.t("deals12.no_forecast");
            emit(ctx.out, &line)
        }
        _ => t.text(ctx.out),
    }
}
