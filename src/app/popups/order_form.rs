//! Record a purchase, or edit one (its earlier version is kept).

use super::dates::{describe_when, instant};
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::App;
use crate::domain::history::Refusal;
use crate::domain::model::{Order, OrderChange};
use crate::domain::money::{format_plain, parse_amount_in};
use crate::domain::zone::Zone;
use crate::store::StoreError;

/// The order form; `editing` holds the order as it was when opened.
#[derive(Debug)]
pub struct OrderPopup {
    pub account_id: i64,
    pub editing: Option<Box<Order>>,
    pub form: Form,
}

impl OrderPopup {
    /// Record a purchase.
    pub fn add(app: &App, account_id: i64) -> OrderPopup {
        let mut form = Form::new(
            vec![
                Field::text("amount", "field.amount", ""),
                Field::text("when", "field.when", ""),
                Field::text("note", "field.note", ""),
            ],
            0,
        );
        describe_when(&mut form, "when", app);
        OrderPopup {
            account_id,
            editing: None,
            form,
        }
    }

    /// Edit an order, pre-filled; a voided one is refused.
    pub fn edit(app: &App, id: i64) -> Result<OrderPopup, StoreError> {
        let o = live_order(app, id)?;
        let mut form = Form::new(
            vec![
                // Plain, in the currency's units: 29.33, not the 2933 cents.
                Field::text(
                    "amount",
                    "field.amount",
                    &format_plain(o.amount, app.store.currency()),
                ),
                Field::date("when", "field.when", &when_text(app, &o)),
                Field::text("note", "field.note", &o.note),
            ],
            0,
        );
        describe_when(&mut form, "when", app);
        Ok(OrderPopup {
            account_id: o.account_id,
            editing: Some(Box::new(o)),
            form,
        })
    }
}

/// The order as it is on file now, or the refusal when it is voided
/// (another program may have voided it since the viewer opened).
pub fn live_order(app: &App, id: i64) -> Result<Order, StoreError> {
    let o = app.store.order(id)?;
    if o.voided.is_some() {
        return Err(StoreError::Refused(Refusal::EditVoided { id }));
    }
    Ok(o)
}

/// The order's date as the edit form shows it: local date and time, to
/// the minute (read back unchanged, the date is left alone).
fn when_text(app: &App, o: &Order) -> String {
    app.clock
        .zone()
        .local_time(o.ordered_at)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

impl FormPopup for OrderPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        let name = crate::domain::text::shown(&app.account_name(self.account_id)).into_owned();
        match &self.editing {
            Some(o) => app.i18n.f(
                "ordertui.edit_title",
                &[("id", &o.id.to_string()), ("name", &name)],
            ),
            None => app.i18n.f("form.order", &[("name", &name)]),
        }
    }
    fn edited(&mut self, app: &App) {
        describe_when(&mut self.form, "when", app);
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let form = &self.form;
        let currency = app.store.currency();
        let amount = parse_amount_in(&form.value("amount"), currency)
            .map_err(|e| vec![("amount", FieldProblem::Amount(e, currency))])?;
        let Some(o) = &self.editing else {
            return Ok(Command::AddOrder {
                account_id: self.account_id,
                at: instant(form, "when", app)?,
                amount,
                note: form.value("note"),
            });
        };
        // Only what was changed goes to the store, which keeps the
        // version it replaces.
        let ordered_at = if form.value("when").trim() == when_text(app, o) {
            None
        } else {
            Some(instant(form, "when", app)?).filter(|at| *at != o.ordered_at)
        };
        let note = form.value("note");
        let change = OrderChange {
            ordered_at,
            amount: Some(amount).filter(|a| *a != o.amount),
            note: Some(note.trim().to_string()).filter(|n| *n != o.note),
        };
        if change == OrderChange::default() {
            return Err(vec![(form.focused_name(), FieldProblem::NothingChanged)]);
        }
        Ok(Command::EditOrder {
            id: o.id,
            account_id: o.account_id,
            change,
        })
    }
}
