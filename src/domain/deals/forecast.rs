//! The weighted forecast by month of expected close.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Deal, DealStatus, Pipeline};
use crate::domain::zone::Zone;

/// One month of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForecastMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Open deals expected to close this month: their value, weighted
    /// value and number.
    pub open_value: i64,
    pub weighted_value: i64,
    /// Deals won this month (by the day they were won).
    pub won_value: i64,
    pub deals: usize,
}

/// The weighted forecast: open deals by month of expected close (those
/// without a date are left out), won deals by month won in `zone`; lost
/// deals count nowhere. Months in order, only those with something in them.
pub fn forecast(deals: &[Deal], pipeline: &Pipeline, zone: &dyn Zone) -> Vec<ForecastMonth> {
    let mut months: BTreeMap<(i32, u32), ForecastMonth> = BTreeMap::new();
    fn month(months: &mut BTreeMap<(i32, u32), ForecastMonth>, d: NaiveDate) -> &mut ForecastMonth {
        months
            .entry((d.year(), d.month()))
            .or_insert_with(|| ForecastMonth {
                month: format!("{:04}-{:02}", d.year(), d.month()),
                open_value: 0,
                weighted_value: 0,
                won_value: 0,
                deals: 0,
            })
    }
    for d in deals {
        match (d.status, d.expected_close_on, d.closed_at) {
            (DealStatus::Open, Some(on), _) => {
                let m = month(&mut months, on);
                m.open_value += d.value;
                m.weighted_value += d.weighted_value(pipeline);
                m.deals += 1;
            }
            (DealStatus::Won, _, Some(at)) => {
                month(&mut months, zone.local_day(at)).won_value += d.value
            }
            _ => {}
        }
    }
    months.into_values().collect()
}
