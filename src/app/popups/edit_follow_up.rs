//! Change an open follow-up's day, time, kind, person or note (from the
//! Agenda, `e`). Only what was changed goes to the store, which keeps the
//! earlier value of each field on record.

use super::dates::{contact_choices, describe_due, due, words};
use super::log::follow_up_title;
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::App;
use crate::domain::agenda::FollowUpChange;
use crate::domain::model::ConversationKind;
use crate::domain::triage::FollowUp;
use crate::store::StoreError;

#[derive(Debug)]
pub struct EditFollowUpPopup {
    /// The follow-up as it was when the form opened.
    pub follow_up: FollowUp,
    pub form: Form,
    pub title: String,
}

impl EditFollowUpPopup {
    pub fn open(app: &App, id: i64) -> Result<EditFollowUpPopup, StoreError> {
        let f = app.store.follow_up(id)?;
        let mut when = f.due_on.format("%Y-%m-%d").to_string();
        if let Some(t) = f.due_time {
            when.push_str(&t.format(" %H:%M").to_string());
        }
        let mut form = Form::new(
            vec![
                Field::date("due", "field.due", &when),
                Field::choice(
                    "kind",
                    "field.conv_kind",
                    words(ConversationKind::ALL, "conv"),
                    f.kind.as_str(),
                ),
                Field::choice(
                    "contact",
                    "field.contact",
                    contact_choices(app, f.account_id),
                    &f.contact_id.map(|c| c.to_string()).unwrap_or_default(),
                ),
                Field::text("note", "field.note", &f.note),
            ],
            0,
        );
        describe_due(&mut form, "due", app);
        Ok(EditFollowUpPopup {
            title: follow_up_title(app, "agendaedit11.title", &f),
            follow_up: f,
            form,
        })
    }
}

impl FormPopup for EditFollowUpPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, _app: &App) -> String {
        self.title.clone()
    }
    fn edited(&mut self, app: &App) {
        describe_due(&mut self.form, "due", app);
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let f = &self.follow_up;
        let when = due(&self.form, "due", app)?;
        let kind = ConversationKind::parse(&self.form.value("kind")).unwrap_or(f.kind);
        let contact = self.form.value("contact").parse::<i64>().ok();
        let note = self.form.value("note").trim().to_string();
        let change = FollowUpChange {
            due_on: Some(when.date()).filter(|d| *d != f.due_on),
            due_time: Some(when.time()).filter(|t| *t != f.due_time),
            kind: Some(kind).filter(|k| *k != f.kind),
            contact_id: Some(contact).filter(|c| *c != f.contact_id),
            note: Some(note).filter(|n| *n != f.note),
        };
        if change == FollowUpChange::default() {
            return Err(vec![(
                self.form.focused_name(),
                FieldProblem::NothingChanged,
            )]);
        }
        Ok(Command::EditFollowUp {
            id: f.id,
            account_id: f.account_id,
            change,
        })
    }
}
