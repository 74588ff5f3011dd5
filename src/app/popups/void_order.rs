//! Void an order, saying why (it stays on record, and can be restored).

use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, Form};
use crate::app::App;
use crate::domain::history::Refusal;
use crate::store::StoreError;

#[derive(Debug)]
pub struct VoidOrderPopup {
    pub order_id: i64,
    pub account_id: i64,
    pub form: Form,
}

impl VoidOrderPopup {
    /// Ask for the reason; a voided order is refused at once, with when
    /// and why it was voided.
    pub fn open(app: &App, id: i64) -> Result<VoidOrderPopup, StoreError> {
        let o = app.store.order(id)?;
        if let Some(v) = o.voided {
            return Err(StoreError::Refused(Refusal::AlreadyVoided {
                id,
                reason: v.reason,
                at: v.at,
            }));
        }
        Ok(VoidOrderPopup {
            order_id: id,
            account_id: o.account_id,
            form: Form::new(vec![Field::text("reason", "field.reason", "")], 0),
        })
    }
}

impl FormPopup for VoidOrderPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n
            .f("ordertui.void_title", &[("id", &self.order_id.to_string())])
    }
    fn submit(&self, _app: &App) -> Result<Command, FieldErrors> {
        Ok(Command::VoidOrder {
            id: self.order_id,
            account_id: self.account_id,
            reason: self.form.value("reason"),
        })
    }
}
