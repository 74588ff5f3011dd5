//! The won and lost deals, the latest closed first (`c` on the Pipeline):
//! the one place a closed deal is reached, to read it or reopen it.

use super::{Component, DealViewer, Outcome, View};
use crate::app::keymap::Layer;
use crate::app::{Action, App};
use crate::domain::deals::{Deal, DealFilter, DealStatus};
use crate::store::StoreError;

#[derive(Debug)]
pub struct ClosedDealsPopup {
    /// Latest closed first.
    pub deals: Vec<Deal>,
    pub selected: usize,
}

impl ClosedDealsPopup {
    pub fn open(app: &App) -> Result<ClosedDealsPopup, StoreError> {
        Ok(ClosedDealsPopup {
            deals: closed_deals(app)?,
            selected: 0,
        })
    }

    /// The deal under the cursor.
    pub fn current(&self) -> Option<&Deal> {
        self.deals.get(self.selected)
    }
}

fn closed_deals(app: &App) -> Result<Vec<Deal>, StoreError> {
    let now = app.now();
    let mut deals = Vec::new();
    for status in [DealStatus::Won, DealStatus::Lost] {
        let filter = DealFilter {
            status: Some(status),
            ..DealFilter::default()
        };
        deals.extend(app.store.deals(&filter, now)?);
    }
    deals.sort_by_key(|d| std::cmp::Reverse((d.closed_at, d.id)));
    Ok(deals)
}

impl Component for ClosedDealsPopup {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        let last = self.deals.len().saturating_sub(1) as isize;
        let page = app.page_rows.max(1) as isize;
        let to = match action {
            Action::Up => self.selected as isize - 1,
            Action::Down => self.selected as isize + 1,
            Action::PageUp => self.selected as isize - page,
            Action::PageDown => self.selected as isize + page,
            Action::Top => 0,
            Action::Bottom => last,
            Action::Cancel | Action::Back => return Outcome::Close,
            Action::Open => {
                return match self.current() {
                    Some(d) => match DealViewer::open(app, d.id) {
                        Ok(v) => Outcome::Push(v.into()),
                        Err(e) => Outcome::Refuse(e),
                    },
                    None => Outcome::Consumed,
                }
            }
            _ => return Outcome::Ignored,
        };
        self.selected = to.clamp(0, last.max(0)) as usize;
        Outcome::Consumed
    }
    fn layer(&self) -> Layer {
        Layer::ClosedDeals
    }
    fn view(&self, _app: &App) -> View<'_> {
        View::ClosedDeals(self)
    }
    fn opening_note(&self, app: &App) -> Option<String> {
        self.deals
            .is_empty()
            .then(|| app.i18n.t("deal_tui12.no_closed"))
    }
    /// A deal reopened from here leaves the list.
    fn reload(&mut self, app: &App) -> bool {
        let keep = self.current().map(|d| d.id);
        if let Ok(deals) = closed_deals(app) {
            self.deals = deals;
        }
        self.selected = keep
            .and_then(|id| self.deals.iter().position(|d| d.id == id))
            .unwrap_or(self.selected)
            .min(self.deals.len().saturating_sub(1));
        true
    }
}
