//! Retract a conversation, saying why (it stays on record).

use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, Form};
use crate::app::App;

#[derive(Debug)]
pub struct RetractPopup {
    pub conversation_id: i64,
    pub account_id: i64,
    pub form: Form,
}

impl RetractPopup {
    pub fn open(conversation_id: i64, account_id: i64) -> RetractPopup {
        RetractPopup {
            conversation_id,
            account_id,
            form: Form::new(vec![Field::text("reason", "field.reason", "")], 0),
        }
    }
}

impl FormPopup for RetractPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n.t("form.retract")
    }
    fn submit(&self, _app: &App) -> Result<Command, FieldErrors> {
        Ok(Command::Retract {
            id: self.conversation_id,
            account_id: self.account_id,
            reason: self.form.value("reason"),
        })
    }
}
