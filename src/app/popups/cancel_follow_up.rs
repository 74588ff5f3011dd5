//! Cancel a follow-up, saying why (it stays in history).

use super::log::follow_up_title;
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, Form};
use crate::app::App;
use crate::store::StoreError;

#[derive(Debug)]
pub struct CancelFollowUpPopup {
    pub follow_up_id: i64,
    pub account_id: i64,
    pub form: Form,
    pub title: String,
}

impl CancelFollowUpPopup {
    pub fn open(app: &App, follow_up_id: i64) -> Result<CancelFollowUpPopup, StoreError> {
        let f = app.store.follow_up(follow_up_id)?;
        Ok(CancelFollowUpPopup {
            follow_up_id,
            account_id: f.account_id,
            form: Form::new(vec![Field::text("reason", "field.reason", "")], 0),
            title: follow_up_title(app, "form.cancel_follow_up", &f),
        })
    }
}

impl FormPopup for CancelFollowUpPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, _app: &App) -> String {
        self.title.clone()
    }
    fn submit(&self, _app: &App) -> Result<Command, FieldErrors> {
        Ok(Command::CancelFollowUp {
            id: self.follow_up_id,
            account_id: self.account_id,
            reason: self.form.value("reason"),
        })
    }
}
