//! One deal in full (Enter on the Pipeline): its figures, its next step,
//! every recorded change and the conversations linked to it. `w` / `L`
//! close it won or lost from here, `e` changes it, `o` reopens a closed
//! one (asked first).

use super::conversation::scroll;
use super::{Component, Confirm, EditDealPopup, LostPopup, OnYes, Outcome, View, WonPopup};
use crate::app::command::Command;
use crate::app::keymap::Layer;
use crate::app::{Action, App};
use crate::domain::deals::{DealDetail, DealStatus};
use crate::domain::history::Refusal;
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

impl DealViewer {
    /// "Reopen this won deal?": yes reopens it in the stage it closed from.
    fn ask_to_reopen(&self, app: &App) -> Confirm {
        let d = &self.detail.deal;
        let title = crate::domain::text::sanitize(&d.title).into_owned();
        let stage = app
            .store
            .pipeline()
            .stage(&d.stage)
            .map(|s| s.name(app.i18n.ja()).to_string())
            .unwrap_or_else(|| d.stage.clone());
        let status = app.i18n.t(d.status.label_key());
        Confirm {
            question: app.i18n.f(
                "deal_tui12.reopen_question",
                &[("title", &title), ("status", &status), ("stage", &stage)],
            ),
            on_yes: OnYes::Run(Box::new(Command::ReopenDeal {
                id: d.id,
                account_id: d.account_id,
            })),
        }
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
            Action::EditDeal if open => {
                Outcome::Push(EditDealPopup::open(app, self.detail.deal.clone()).into())
            }
            // Closed: say to reopen it first.
            Action::EditDeal => Outcome::Refuse(StoreError::Refused(Refusal::DealClosed {
                id: self.detail.deal.id,
            })),
            Action::ReopenDeal if open => Outcome::Refuse(StoreError::Refused(Refusal::DealOpen {
                id: self.detail.deal.id,
            })),
            Action::ReopenDeal => Outcome::Push(self.ask_to_reopen(app).into()),
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
