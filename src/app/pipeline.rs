//! The Pipeline screen's state: one column per open stage, each with its
//! deals (most promising first), totals and weighted totals, and a
//! selection per column.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Action, App, Screen};
use crate::domain::deals::{Deal, DealFilter, Pipeline, Stage};

/// One open stage and its deals.
#[derive(Debug, Clone)]
pub struct PipelineColumn {
    pub stage: Stage,
    /// Most promising first (the prospect score).
    pub deals: Vec<Deal>,
    /// Sum of the deals' values, and of value × probability.
    pub total: i64,
    pub weighted: i64,
    pub selected: usize,
}

/// The pipeline as loaded.
#[derive(Debug, Clone, Default)]
pub struct PipelineState {
    pub columns: Vec<PipelineColumn>,
    /// The column in front.
    pub column: usize,
    /// Read at least once since the screen was entered.
    pub loaded: bool,
}

impl PipelineState {
    /// Put the open deals into their stages' columns, keeping the cursor
    /// on the same deal when it is still there.
    pub fn set(
        &mut self,
        pipeline: &Pipeline,
        deals: Vec<Deal>,
        (now, today): (DateTime<Utc>, NaiveDate),
        minor: u8,
    ) {
        let keep = self.current().map(|d| d.id);
        let mut columns: Vec<PipelineColumn> = pipeline
            .stages()
            .iter()
            .map(|s| PipelineColumn {
                stage: s.clone(),
                deals: Vec::new(),
                total: 0,
                weighted: 0,
                selected: 0,
            })
            .collect();
        for d in deals {
            // A deal in a stage no longer configured stays in view, in the
            // first column, rather than disappearing.
            let at = columns
                .iter()
                .position(|c| c.stage.key == d.stage)
                .unwrap_or(0);
            if let Some(c) = columns.get_mut(at) {
                c.total += d.value;
                c.weighted += d.weighted_value(pipeline);
                c.deals.push(d);
            }
        }
        for c in &mut columns {
            c.deals
                .sort_by_key(|d| std::cmp::Reverse(d.score(pipeline, minor, now, today).total));
        }
        self.columns = columns;
        self.column = self.column.min(self.columns.len().saturating_sub(1));
        if let Some(id) = keep {
            for (ci, c) in self.columns.iter_mut().enumerate() {
                if let Some(ri) = c.deals.iter().position(|d| d.id == id) {
                    c.selected = ri;
                    self.column = ci;
                }
            }
        }
        for c in &mut self.columns {
            c.selected = c.selected.min(c.deals.len().saturating_sub(1));
        }
        self.loaded = true;
    }

    /// The selected deal of the column in front.
    pub fn current(&self) -> Option<&Deal> {
        let c = self.columns.get(self.column)?;
        c.deals.get(c.selected)
    }

    /// Move between columns and within one; true when `action` was a move.
    pub fn navigate(&mut self, action: &Action, page: isize) -> bool {
        let n = self.columns.len();
        match action {
            Action::Left if self.column > 0 => self.column -= 1,
            Action::Right if self.column + 1 < n => self.column += 1,
            Action::Left | Action::Right => {}
            _ => {
                let Some(c) = self.columns.get_mut(self.column) else {
                    return false;
                };
                let last = c.deals.len().saturating_sub(1) as isize;
                let to = match action {
                    Action::Up => c.selected as isize - 1,
                    Action::Down => c.selected as isize + 1,
                    Action::PageUp => c.selected as isize - page,
                    Action::PageDown => c.selected as isize + page,
                    Action::Top => 0,
                    Action::Bottom => last,
                    _ => return false,
                };
                c.selected = to.clamp(0, last.max(0)) as usize;
            }
        }
        true
    }
}

impl App {
    /// Read the open deals again.
    pub fn reload_pipeline(&mut self) {
        let now = self.now();
        let pipeline = self.store.pipeline().clone();
        let minor = self.store.currency().minor_units;
        match self.store.deals(&DealFilter::open(), now) {
            Ok(deals) => self
                .pipeline
                .set(&pipeline, deals, (now, self.today()), minor),
            Err(e) => self.error(&e),
        }
    }

    /// After a write or a reload: the pipeline, when shown, is read again.
    pub fn pipeline_changed(&mut self) {
        if self.screen == Screen::Pipeline {
            self.reload_pipeline();
        }
    }

    /// The Pipeline's keys; false when `action` is left to the common ones.
    pub(super) fn update_pipeline(&mut self, action: &Action) -> bool {
        if *action == Action::Screen(Screen::Pipeline) {
            self.screen = Screen::Pipeline;
            self.reload_pipeline();
            return true;
        }
        if self.screen != Screen::Pipeline {
            return false;
        }
        let page = self.page_rows.max(1) as isize;
        if self.pipeline.navigate(action, page) {
            return true;
        }
        if *action == Action::NewDeal {
            self.open_popup(super::popups::NewDealPopup::open(self, None));
            return true;
        }
        let Some(deal) = self.pipeline.current().cloned() else {
            return false;
        };
        let pipeline = self.store.pipeline().clone();
        match action {
            Action::NextStage | Action::PrevStage => {
                let to = if *action == Action::NextStage {
                    pipeline.next(&deal.stage)
                } else {
                    pipeline.previous(&deal.stage)
                };
                let Some(to) = to.cloned() else {
                    return true;
                };
                let now = self.now();
                match self.store.move_deal(deal.id, &to.key, now) {
                    Ok(()) => {
                        self.reload_pipeline();
                        // Follow the deal to its new column.
                        if let Some(ci) = self
                            .pipeline
                            .columns
                            .iter()
                            .position(|c| c.stage.key == to.key)
                        {
                            self.pipeline.column = ci;
                        }
                        let name = to.name(self.i18n.ja()).to_string();
                        let title = crate::domain::text::sanitize(&deal.title).into_owned();
                        self.info(
                            self.i18n
                                .f("pipeline12.moved", &[("title", &title), ("stage", &name)]),
                        );
                    }
                    Err(e) => self.error(&e),
                }
                true
            }
            Action::WonDeal => {
                self.open_popup(super::popups::WonPopup::open(self, deal));
                true
            }
            Action::LostDeal => {
                self.open_popup(super::popups::LostPopup::open(deal));
                true
            }
            _ => false,
        }
    }
}
