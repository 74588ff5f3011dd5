//! Customer insight for the TUI: the Reports screen's figures, the model
//! fit and every customer's P(active) and expected value. Computed on a
//! worker from the purchase days (see [`InsightJob`]) and handed back as
//! [`Insight`]s; recomputed whenever the data changes, refitting the
//! models at most once every [`REFIT_EVERY`] and reusing the cached fit in
//! between (per-customer figures are cheap from a fit). When it refits,
//! the worker first sends the figures that need no fit (with the previous
//! fit's values, if any), then the whole result: the screen never waits
//! for the model.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::domain::by_id::ById;
use crate::domain::insight::bgnbd::{fit_bgnbd, fit_bgnbd_from, Fit, FitError};
use crate::domain::insight::clv::{customer_values, CustomerValue, HeldValue, ValueParams};
use crate::domain::insight::cohorts::{cohorts, Cohort};
use crate::domain::insight::funnel::{funnel, FunnelCounts};
use crate::domain::insight::gamma_gamma::{fit_gamma_gamma, GgFit};
use crate::domain::insight::revenue::{revenue_by_month, RevenueMonth};
use crate::domain::insight::rfm::{rfm, RfmCutoffs, Scoring, Segment};
use crate::domain::insight::summary::{summarize, Summary};
use crate::domain::insight::CustomerPurchases;
use crate::store::{Store, StoreError};

/// The least time between two model fits; figures in between come from
/// the cached fit.
pub const REFIT_EVERY: Duration = Duration::from_secs(60);

/// The two fitted models (or why each could not be fitted).
#[derive(Debug, Clone, PartialEq)]
pub struct Fits {
    pub bgnbd: Result<Fit, FitError>,
    pub gamma_gamma: Result<GgFit, FitError>,
    /// Wall time of the fit, in milliseconds.
    pub fit_ms: f64,
}

impl Fits {
    /// Both models fitted: per-customer value can be given.
    pub fn fitted(&self) -> bool {
        self.bgnbd.is_ok() && self.gamma_gamma.is_ok()
    }
}

/// One RFM segment's line on the Reports screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentShare {
    pub segment: Segment,
    pub customers: u64,
    /// Minor units, all time up to the as-of day.
    pub revenue: i64,
}

/// What the account header shows from the purchase history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccountFacts {
    pub purchase_days: u32,
    pub total_spend: i64,
    pub segment: Segment,
}

/// Everything computed for one data version.
#[derive(Debug, Clone, PartialEq)]
pub struct Insight {
    pub as_of: NaiveDate,
    pub customers: usize,
    pub repeat_customers: usize,
    pub segments: Vec<SegmentShare>,
    pub total_revenue: i64,
    pub funnel: FunnelCounts,
    pub cohorts: Vec<Cohort>,
    pub revenue: Vec<RevenueMonth>,
    /// `None` while the first fit is still running.
    pub fits: Option<Fits>,
    /// This computation fitted the models (else it reused a cached fit).
    pub refitted: bool,
    /// A first answer: the models are being fitted and the whole result
    /// follows on the same channel.
    pub fitting: bool,
    pub values: ById<HeldValue>,
    pub facts: ById<AccountFacts>,
    /// The weighted deal forecast by month (open, weighted, won).
    pub forecast: Vec<crate::domain::deals::ForecastMonth>,
}

/// What the worker is asked to compute.
#[derive(Debug, Clone)]
pub struct InsightJob {
    pub as_of: NaiveDate,
    /// The instant the job was asked for (deals' state as of then).
    pub now: chrono::DateTime<chrono::Utc>,
    /// The configured pipeline (stage probabilities for the forecast).
    pub pipeline: crate::domain::deals::Pipeline,
    pub loyal_days: u32,
    pub rfm: Option<RfmCutoffs>,
    pub params: ValueParams,
    /// A fit young enough to reuse; `None`: fit again.
    pub fits: Option<Fits>,
    /// When fitting again: the last purchase model's parameters, where
    /// the new fit starts (data changes little between two fits).
    pub warm_start: Option<[f64; 4]>,
    /// When fitting again: the fit to show meanwhile.
    pub previous: Option<Fits>,
}

impl InsightJob {
    /// Read the purchase days and compute everything (the worker's body;
    /// tests call it directly).
    pub fn run(&self, store: &Store) -> Result<Insight, StoreError> {
        let customers = store.customer_purchases()?;
        let forecast = self.forecast(store)?;
        Ok(Insight {
            forecast,
            ..self.compute(&customers)
        })
    }

    /// The deals by month of expected close (and won), with the pipeline
    /// the app was configured with.
    fn forecast(
        &self,
        store: &Store,
    ) -> Result<Vec<crate::domain::deals::ForecastMonth>, StoreError> {
        let deals = store.deals(&crate::domain::deals::DealFilter::default(), self.now)?;
        Ok(crate::domain::deals::forecast(
            &deals,
            &self.pipeline,
            &store.zone(),
        ))
    }

    /// Everything from the purchase days: pure, no I/O.
    pub fn compute(&self, customers: &[CustomerPurchases]) -> Insight {
        let summaries = summarize(customers, self.as_of);
        match &self.fits {
            Some(f) => self.assemble(customers, &summaries, Some(f.clone()), false),
            None => self.assemble(customers, &summaries, Some(self.fit(&summaries)), true),
        }
    }

    /// Both models fitted on the summaries.
    fn fit(&self, summaries: &[Summary]) -> Fits {
        // A duration for the operator, not a calendar reading.
        let started = Instant::now();
        let bgnbd = match self.warm_start {
            Some(start) => fit_bgnbd_from(summaries, start),
            None => fit_bgnbd(summaries),
        };
        let gamma_gamma = fit_gamma_gamma(summaries, self.params.minor_per_major);
        Fits {
            bgnbd,
            gamma_gamma,
            fit_ms: started.elapsed().as_secs_f64() * 1000.0,
        }
    }

    /// The figures from the purchase days and the given fits.
    fn assemble(
        &self,
        customers: &[CustomerPurchases],
        summaries: &[Summary],
        fits: Option<Fits>,
        refitted: bool,
    ) -> Insight {
        // Two halves on two threads: every customer's value, and the
        // screen's figures (the machines we run on have two cores).
        let (bgnbd, spend) = fits.as_ref().map_or((None, None), |f| {
            (f.bgnbd.as_ref().ok(), f.gamma_gamma.as_ref().ok())
        });
        let (values, figures) = std::thread::scope(|scope| {
            let values = scope.spawn(|| {
                customer_values(customers, self.as_of, bgnbd, spend, &self.params)
                    .iter()
                    .map(|v| (v.account_id, HeldValue::hold(v)))
                    .collect::<ById<_>>()
            });
            let figures = self.figures(customers, summaries);
            let values = values
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (values, figures)
        });
        Insight {
            fits,
            refitted,
            values,
            ..figures
        }
    }

    /// The figures that need no fit (the Insight's other fields empty).
    fn figures(&self, customers: &[CustomerPurchases], summaries: &[Summary]) -> Insight {
        let scoring = self.rfm.as_ref().map_or(Scoring::Quintiles, Scoring::Fixed);
        let rows = rfm(customers, self.as_of, scoring);
        let mut facts = Vec::with_capacity(rows.len());
        let mut by_segment: HashMap<Segment, (u64, i64)> = HashMap::new();
        let spend: HashMap<i64, (u32, i64)> = summaries
            .iter()
            .map(|s| (s.account_id, (s.purchase_days, s.total_spend)))
            .collect();
        for r in &rows {
            let (days, total) = spend.get(&r.account_id).copied().unwrap_or((0, r.monetary));
            let e = by_segment.entry(r.segment).or_default();
            e.0 += 1;
            e.1 += total;
            facts.push((
                r.account_id,
                AccountFacts {
                    purchase_days: days,
                    total_spend: total,
                    segment: r.segment,
                },
            ));
        }
        let segments: Vec<SegmentShare> = Segment::ALL
            .iter()
            .filter_map(|&segment| {
                let (customers, revenue) = by_segment.get(&segment).copied()?;
                Some(SegmentShare {
                    segment,
                    customers,
                    revenue,
                })
            })
            .collect();
        Insight {
            as_of: self.as_of,
            customers: summaries.len(),
            repeat_customers: summaries.iter().filter(|s| s.frequency > 0).count(),
            total_revenue: segments.iter().map(|s| s.revenue).sum(),
            segments,
            funnel: funnel(customers, self.as_of, self.loyal_days).total,
            cohorts: cohorts(customers, self.as_of),
            revenue: revenue_by_month(customers, self.as_of),
            fits: None,
            refitted: false,
            fitting: false,
            values: ById::default(),
            facts: facts.into_iter().collect(),
            forecast: Vec::new(),
        }
    }

    /// Run on a thread of its own with a connection of its own. Without a
    /// fit to reuse, two answers come: the figures that need no fit first
    /// (`fitting`), then everything.
    pub fn spawn(
        self,
        path: PathBuf,
        zone: crate::clock::OperatorZone,
    ) -> Receiver<Result<Insight, StoreError>> {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let read = Store::open(&path).and_then(|mut s| {
                s.set_zone(zone);
                Ok((s.customer_purchases()?, self.forecast(&s)?))
            });
            let (customers, forecast) = match read {
                Ok(c) => c,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            if self.fits.is_none() {
                let summaries = summarize(&customers, self.as_of);
                let first = Insight {
                    fitting: true,
                    forecast: forecast.clone(),
                    ..self.assemble(&customers, &summaries, self.previous.clone(), false)
                };
                if tx.send(Ok(first)).is_err() {
                    return;
                }
                let fits = self.fit(&summaries);
                let _ = tx.send(Ok(Insight {
                    forecast,
                    ..self.assemble(&customers, &summaries, Some(fits), true)
                }));
            } else {
                let _ = tx.send(Ok(Insight {
                    forecast,
                    ..self.compute(&customers)
                }));
            }
        });
        rx
    }
}

/// The sections of the Reports screen, switched with Tab / `[` `]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Segments,
    Funnel,
    Cohorts,
    Revenue,
    Forecast,
    Top,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Segments,
        Section::Funnel,
        Section::Cohorts,
        Section::Revenue,
        Section::Forecast,
        Section::Top,
    ];

    /// Catalogue key of the section's name.
    pub fn key(self) -> &'static str {
        match self {
            Section::Segments => "insight.section_segments",
            Section::Funnel => "insight.section_funnel",
            Section::Cohorts => "insight.section_cohorts",
            Section::Revenue => "insight.section_revenue",
            Section::Forecast => "pipeline12.section_forecast",
            Section::Top => "insight.section_top",
        }
    }
}

/// How the Quiet screen is ordered (`s` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuietSort {
    /// Expected value, highest first: the default when the model is fitted.
    Value,
    /// Days silent over the usual gap: the order without a model.
    Overdue,
    /// Probability of being active, highest first.
    Active,
}

impl QuietSort {
    /// Catalogue key of the order's name.
    pub fn key(self) -> &'static str {
        match self {
            QuietSort::Value => "insight.sort_value",
            QuietSort::Overdue => "insight.sort_overdue",
            QuietSort::Active => "insight.sort_active",
        }
    }
}

/// The insight state the App keeps.
pub struct InsightState {
    /// The latest figures; `None` until the first computation arrives.
    pub current: Option<Insight>,
    /// The data changed: compute again (the event loop takes this).
    pub wanted: bool,
    /// A computation is under way.
    pub computing: bool,
    /// When the cached fit was made (monotonic).
    pub fitted_at: Option<Instant>,
    /// The data changed since the cached fit: refit when it is old enough.
    pub refit_due: bool,
    /// When the fit under way started (becomes `fitted_at`).
    pub fit_started: Option<Instant>,
    /// Quiet customers by expected value, highest first.
    pub top: Vec<TopCustomer>,
    pub section: Section,
    /// Selection in the scrolling sections (cohort rows, top customers).
    pub selected: usize,
    /// The first top customer shown: kept by `update` so the selection
    /// stays in view (the screen only reads it).
    pub offset: usize,
    /// `None`: the default (by value when the model is fitted).
    pub quiet_sort: Option<QuietSort>,
    /// The order the Quiet list was last put in.
    pub applied_sort: Option<QuietSort>,
}

impl Default for InsightState {
    fn default() -> Self {
        InsightState {
            current: None,
            wanted: true,
            computing: false,
            fitted_at: None,
            refit_due: false,
            fit_started: None,
            top: Vec::new(),
            section: Section::Segments,
            selected: 0,
            offset: 0,
            quiet_sort: None,
            applied_sort: None,
        }
    }
}

impl InsightState {
    /// The models are fitted: values can be shown.
    pub fn fitted(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|i| i.fits.as_ref().is_some_and(Fits::fitted))
    }

    /// The figures of one account, when there are any.
    pub fn value_of(&self, id: i64) -> Option<CustomerValue> {
        Some(self.current.as_ref()?.values.get(&id)?.value(id))
    }

    /// The Quiet screen's order now.
    pub fn quiet_sort(&self) -> QuietSort {
        match (self.quiet_sort, self.fitted()) {
            (_, false) => QuietSort::Overdue,
            (Some(s), true) => s,
            (None, true) => QuietSort::Value,
        }
    }
}

#[path = "insight_update.rs"]
mod update;
pub use update::{in_view, TopCustomer, TOP_SHOWN};

#[cfg(test)]
#[path = "insight_tests.rs"]
mod tests;
