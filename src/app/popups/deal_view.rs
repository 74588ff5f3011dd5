//! One deal in full (Enter on the Pipeline): its figures, its next step,
//! every recorded change and the conversations linked to it. `w` / `L`
//! close it won or lost from here.

use super::conversation::scroll;
use super::{Component, LostPopup, Outcome, View, WonPopup};
use crate::app::keymap::Layer;
use crate::app::{Action, App};
use crate::domain::deals::{DealDetail, DealStatus};
use crate::store::StoreError;

#[derive(Debug)]
pub struct DealViewer {
    pub detail: Box<DealDetail>,
    pub scroll: u16,
}

impl DealViewer {
    pub fn open(app: &App, id: i64) -> Result<DealViewer, StoreError> {
        Ok(DealViewer {
            detail: Box::new(app.store.deal_detail(id)?),
            scroll: 0,
        })
    }
}

impl Component for DealViewer {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        if scroll(&mut self.scroll, action) {
            return Outcome::Consumed;
        }
        let open = self.detail.deal.status == DealStatus::Open;
        match action {
            Action::Cancel | Action::Back => Outcome::Close,
            Action::Open => Outcome::Run(crate::app::command::Command::OpenAccount(
                self.detail.deal.account_id,
            )),
            Action::WonDeal if open => {
                Outcome::Push(WonPopup::open(app, self.detail.deal.clone()).into())
            }
            Action::LostDeal if open => {
                Outcome::Push(LostPopup::open(self.detail.deal.clone()).into())
            }
            _ => Outcome::Ignored,
        }
    }
    fn layer(&self) -> Layer {
        Layer::Deal
    }
    fn view(&self, _app: &App) -> View<'_> {
        View::Deal(self)
    }
    /// Won or lost from here: the deal as it is now.
    fn reload(&mut self, app: &App) -> bool {
        match app.store.deal_detail(self.detail.deal.id) {
            Ok(d) => {
                *self.detail = d;
                true
            }
            Err(_) => false,
        }
    }
}
