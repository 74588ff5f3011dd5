//! The App's side of insight: when to compute, taking the result, the
//! Reports screen's keys and the Quiet screen's order.

use std::cmp::Ordering;
use std::time::Instant;

use super::{InsightJob, QuietSort, Section, REFIT_EVERY};
use crate::app::{Action, App, Screen};
use crate::domain::insight::clv::ValueParams;
use crate::domain::triage::{quiet_order, QuietRow};
use crate::store::StoreError;

/// How many customers the "valuable and slipping away" list holds.
pub const TOP_SHOWN: usize = 50;

/// One line of the top list: a quiet customer with an expected value.
#[derive(Debug, Clone, PartialEq)]
pub struct TopCustomer {
    pub account_id: i64,
    pub name: String,
    pub clv: f64,
    pub p_alive: Option<f64>,
    pub days_silent: i64,
    pub expected_interval_days: f64,
}

impl App {
    /// Something that feeds the reports changed (own write, import,
    /// another process): compute again soon.
    pub fn insight_changed(&mut self) {
        self.insight.wanted = true;
    }

    /// What the event loop hands the worker when it takes `wanted`. The
    /// cached fit is reused when younger than [`REFIT_EVERY`]; a refit is
    /// then due once it is old enough.
    pub fn begin_insight(&mut self, mono: Instant) -> InsightJob {
        let st = &mut self.insight;
        st.wanted = false;
        st.computing = true;
        let young = st
            .fitted_at
            .is_some_and(|t| mono.duration_since(t) < REFIT_EVERY);
        let fits = match (&st.current, young) {
            (Some(i), true) => i.fits.clone(),
            _ => None,
        };
        if fits.is_none() {
            st.fit_started = Some(mono);
        }
        st.refit_due = fits.is_some();
        let previous = match (&fits, &self.insight.current) {
            (None, Some(i)) => i.fits.clone(),
            _ => None,
        };
        let warm_start = previous
            .as_ref()
            .and_then(|f| f.bgnbd.as_ref().ok())
            .map(|f| [f.r, f.alpha, f.a, f.b]);
        let minor_units = self.store.currency().minor_units;
        InsightJob {
            as_of: self.today(),
            now: self.now(),
            pipeline: self.store.pipeline().clone(),
            loyal_days: self.config.loyal_purchase_days,
            rfm: self.config.rfm.clone(),
            params: ValueParams {
                minor_per_major: 10_i64.pow(u32::from(minor_units)),
                ..ValueParams::default()
            },
            fits,
            warm_start,
            previous,
        }
    }

    /// Take the worker's result (a first answer while the models are
    /// being fitted leaves the computation under way).
    pub fn receive_insight(&mut self, result: Result<super::Insight, StoreError>) {
        let first = matches!(&result, Ok(i) if i.fitting);
        self.insight.computing = first;
        match result {
            Ok(insight) => {
                if insight.refitted {
                    self.insight.fitted_at = self.insight.fit_started.take();
                }
                self.insight.current = Some(insight);
                self.after_quiet_change();
            }
            Err(e) => self.error(&e),
        }
        self.needs_redraw = true;
    }

    /// Compute on this thread, on the App's own connection (tests, and
    /// headless callers that have no event loop).
    pub fn compute_insight_now(&mut self, mono: Instant) {
        let job = self.begin_insight(mono);
        let result = job.run(&self.store);
        self.receive_insight(result);
    }

    /// From [`App::tick`]: a fit that was reused over changed data is
    /// redone once it is a minute old.
    pub(crate) fn insight_tick(&mut self, mono: Instant) {
        let st = &mut self.insight;
        if st.refit_due
            && !st.computing
            && st
                .fitted_at
                .is_none_or(|t| mono.duration_since(t) >= REFIT_EVERY)
        {
            st.wanted = true;
        }
    }

    /// The Quiet list or the figures changed: put the list in the chosen
    /// order (the cursor stays on its account) and rebuild the top list.
    pub fn after_quiet_change(&mut self) {
        let keep = self.quiet.list.current().map(|q| q.account_id);
        let sort = self.insight.quiet_sort();
        let new_order = self.insight.applied_sort != Some(sort);
        let st = &self.insight;
        let clv = |q: &QuietRow| st.value_of(q.account_id).and_then(|v| v.clv);
        let p = |q: &QuietRow| st.value_of(q.account_id).and_then(|v| v.p_alive);
        let desc = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => b.total_cmp(&a),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        // The order changes under any filter: all rows first, the filter
        // again at the end.
        self.quiet.list.shown = None;
        let items = &mut self.quiet.list.items;
        match sort {
            QuietSort::Overdue => items.sort_by(quiet_order),
            QuietSort::Value => items.sort_by(|a, b| desc(clv(a), clv(b)).then(quiet_order(a, b))),
            QuietSort::Active => items.sort_by(|a, b| desc(p(a), p(b)).then(quiet_order(a, b))),
        }
        if new_order {
            // A new order starts at its top.
            self.quiet.list.selected = 0;
            self.quiet.list.offset = 0;
        } else if let Some(i) = keep.and_then(|id| items.iter().position(|q| q.account_id == id)) {
            self.quiet.list.selected = i;
        }
        let mut top: Vec<TopCustomer> = self
            .quiet
            .list
            .items
            .iter()
            .filter_map(|q| {
                let v = st.value_of(q.account_id)?;
                Some(TopCustomer {
                    account_id: q.account_id,
                    name: q.name.to_string(),
                    clv: v.clv?,
                    p_alive: v.p_alive,
                    days_silent: q.days_silent,
                    expected_interval_days: q.expected_interval_days,
                })
            })
            .collect();
        top.sort_by(|a, b| {
            b.clv
                .total_cmp(&a.clv)
                .then(a.account_id.cmp(&b.account_id))
        });
        top.truncate(TOP_SHOWN);
        self.insight.top = top;
        self.insight.applied_sort = Some(sort);
        self.insight.selected = self
            .insight
            .selected
            .min(self.section_len().saturating_sub(1));
        self.insight.offset = self.insight.offset.min(self.insight.selected);
        self.refilter_quiet();
    }

    /// Rows the current section can move over.
    fn section_len(&self) -> usize {
        let Some(i) = &self.insight.current else {
            return 0;
        };
        match self.insight.section {
            Section::Segments => i.segments.len(),
            Section::Funnel => 0,
            Section::Cohorts => i.cohorts.len(),
            Section::Revenue => i.revenue.len(),
            Section::Forecast => i.forecast.len(),
            Section::Top => self.insight.top.len(),
        }
    }

    /// The account under the cursor of the top list.
    pub fn reports_account_id(&self) -> Option<i64> {
        (self.insight.section == Section::Top)
            .then(|| self.insight.top.get(self.insight.selected))
            .flatten()
            .map(|t| t.account_id)
    }

    /// The Reports screen's keys and the Quiet screen's `s`; false when
    /// the action is not one of them.
    pub(crate) fn update_insight(&mut self, action: &Action) -> bool {
        let page = self.page_rows.max(1) as isize;
        let st = &mut self.insight;
        let step = |s: Section, by: isize| {
            let n = Section::ALL.len() as isize;
            let i = Section::ALL.iter().position(|x| *x == s).unwrap_or(0) as isize;
            Section::ALL[(i + by).rem_euclid(n) as usize]
        };
        let moved: Option<isize> = match action {
            Action::Up => Some(-1),
            Action::Down => Some(1),
            Action::PageUp => Some(-page),
            Action::PageDown => Some(page),
            Action::Top => Some(isize::MIN / 2),
            Action::Bottom => Some(isize::MAX / 2),
            _ => None,
        };
        match (self.screen, action) {
            (_, Action::Screen(Screen::Reports)) => self.screen = Screen::Reports,
            (Screen::Quiet, Action::ToggleSort) => self.cycle_quiet_sort(),
            (Screen::Reports, Action::NextField | Action::PrevField) => {
                let by = if *action == Action::NextField { 1 } else { -1 };
                st.section = step(st.section, by);
                st.selected = 0;
                st.offset = 0;
            }
            (Screen::Reports, _) if moved.is_some() => {
                let max = self.section_len().saturating_sub(1) as isize;
                let by = moved.unwrap_or(0);
                let st = &mut self.insight;
                st.selected = (st.selected as isize).saturating_add(by).clamp(0, max) as usize;
                // The top list is as tall as a page (the screen's rows
                // under its title, model line, tabs and headers).
                st.offset = in_view(st.offset, st.selected, self.page_rows);
            }
            (Screen::Reports, Action::Open) => {
                if let Some(id) = self.reports_account_id() {
                    self.open_account(id);
                }
            }
            _ => return false,
        }
        true
    }

    /// `s` on the Quiet screen: value → overdue → P(active) → value.
    /// Without a model there is only the overdue order.
    fn cycle_quiet_sort(&mut self) {
        if !self.insight.fitted() {
            self.info(self.i18n.t("insight.sort_needs_model"));
            return;
        }
        self.insight.quiet_sort = Some(match self.insight.quiet_sort() {
            QuietSort::Value => QuietSort::Overdue,
            QuietSort::Overdue => QuietSort::Active,
            QuietSort::Active => QuietSort::Value,
        });
        self.after_quiet_change();
    }
}

/// The first row to show so that `selected` is among `height` rows,
/// moving from `offset` only as far as needed.
pub fn in_view(offset: usize, selected: usize, height: usize) -> usize {
    if selected < offset {
        selected
    } else if height > 0 && selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}
