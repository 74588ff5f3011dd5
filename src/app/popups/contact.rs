//! Add a person at the account, or edit one already on record.

use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, Form};
use crate::app::App;
use crate::domain::model::Contact;

/// The contact form. With people on record its first field picks whom to
/// edit ("new" adds one), so adding and editing share one form.
#[derive(Debug)]
pub struct ContactPopup {
    pub account_id: i64,
    pub form: Form,
    contacts: Vec<Contact>,
    /// The person last loaded into the fields.
    chosen: Option<i64>,
}

impl ContactPopup {
    pub fn open(app: &App, account_id: i64) -> ContactPopup {
        let contacts = app.store.contacts(account_id).unwrap_or_default();
        let mut fields = Vec::new();
        if !contacts.is_empty() {
            let mut options = vec![(String::new(), "form.new_contact".to_string())];
            options.extend(contacts.iter().map(|c| (c.id.to_string(), c.name.clone())));
            fields.push(Field::choice("which", "field.which_contact", options, ""));
        }
        fields.extend([
            Field::text("name", "field.name", ""),
            Field::text("reading", "field.reading", ""),
            Field::text("role", "field.role", ""),
            Field::text("phone", "field.phone", ""),
            Field::text("email", "field.email", ""),
        ]);
        ContactPopup {
            account_id,
            form: Form::new(fields, 0),
            contacts,
            chosen: None,
        }
    }
}

impl FormPopup for ContactPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n.t("form.contacts")
    }
    /// Choosing a person fills the fields with what is on record.
    fn edited(&mut self, _app: &App) {
        if self.form.focused_name() != "which" {
            return;
        }
        let chosen = self.form.value("which").parse::<i64>().ok();
        if chosen == self.chosen {
            return;
        }
        self.chosen = chosen;
        let c = chosen
            .and_then(|id| self.contacts.iter().find(|c| c.id == id).cloned())
            .unwrap_or_default();
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        self.form.set("name", &c.name);
        self.form.set("reading", &s(&c.reading));
        self.form.set("role", &s(&c.role));
        self.form.set("phone", &s(&c.phone));
        self.form.set("email", &s(&c.email));
    }
    fn submit(&self, _app: &App) -> Result<Command, FieldErrors> {
        let form = &self.form;
        let editing = form.value("which").parse::<i64>().ok();
        Ok(Command::SaveContact(Contact {
            id: editing.unwrap_or(0),
            account_id: self.account_id,
            name: form.value("name"),
            reading: form.optional("reading"),
            role: form.optional("role"),
            phone: form.optional("phone"),
            email: form.optional("email"),
        }))
    }
}
