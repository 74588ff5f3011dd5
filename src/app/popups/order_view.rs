//! One order with every earlier version and every void and restoration:
//! `e` edits it, `x` voids it, `u` restores a void.

use super::conversation::scroll;
use super::{Component, OrderPopup, Outcome, View, VoidOrderPopup};
use crate::app::command::Command;
use crate::app::keymap::Layer;
use crate::app::{Action, App};
use crate::domain::model::Order;
use crate::store::StoreError;

#[derive(Debug)]
pub struct OrderViewer {
    pub order: Box<Order>,
    pub scroll: u16,
}

impl OrderViewer {
    pub fn open(app: &App, id: i64) -> Result<OrderViewer, StoreError> {
        Ok(OrderViewer {
            order: Box::new(app.store.order(id)?),
            scroll: 0,
        })
    }
}

impl Component for OrderViewer {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        if scroll(&mut self.scroll, action) {
            return Outcome::Consumed;
        }
        let id = self.order.id;
        let pushed = |p: Result<Outcome, StoreError>| p.unwrap_or_else(Outcome::Refuse);
        match action {
            Action::Cancel | Action::Back => Outcome::Close,
            Action::EditOrder => pushed(OrderPopup::edit(app, id).map(|p| Outcome::Push(p.into()))),
            Action::VoidOrder => {
                pushed(VoidOrderPopup::open(app, id).map(|p| Outcome::Push(p.into())))
            }
            Action::RestoreOrder => Outcome::Run(Command::RestoreOrder {
                id,
                account_id: self.order.account_id,
            }),
            _ => Outcome::Ignored,
        }
    }
    fn layer(&self) -> Layer {
        Layer::Order
    }
    fn view(&self, _app: &App) -> View<'_> {
        View::Order(self)
    }
    /// After an edit, a void or a restoration: the order as it is now.
    fn reload(&mut self, app: &App) -> bool {
        match app.store.order(self.order.id) {
            Ok(o) => {
                *self.order = o;
                true
            }
            Err(_) => false,
        }
    }
}
