//! Schedule a follow-up for an account.

use super::dates::{contact_choices, describe_due, due, words};
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, Form};
use crate::app::App;
use crate::domain::model::ConversationKind;
use crate::domain::triage::NewFollowUp;

#[derive(Debug)]
pub struct FollowUpPopup {
    pub account_id: i64,
    pub form: Form,
    /// Offered after a follow-up was done ("schedule the next one").
    pub after_done: bool,
}

impl FollowUpPopup {
    /// The schedule form: `due` pre-fills the date (tomorrow by default),
    /// `contact` the person (the next call goes to whom was just spoken to).
    pub fn open(
        app: &App,
        account_id: i64,
        due: Option<String>,
        contact: Option<i64>,
    ) -> FollowUpPopup {
        let due = due.unwrap_or_else(|| app.i18n.t("quick.tomorrow"));
        let mut form = Form::new(
            vec![
                Field::date("due", "field.due", &due),
                Field::choice(
                    "kind",
                    "field.conv_kind",
                    words(ConversationKind::ALL, "conv"),
                    "call",
                ),
                Field::choice(
                    "contact",
                    "field.contact",
                    contact_choices(app, account_id),
                    &contact.map(|c| c.to_string()).unwrap_or_default(),
                ),
                Field::text("note", "field.note", ""),
            ],
            0,
        );
        describe_due(&mut form, "due", app);
        FollowUpPopup {
            account_id,
            form,
            after_done: false,
        }
    }
}

impl FormPopup for FollowUpPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        let name = crate::domain::text::shown(&app.account_name(self.account_id)).into_owned();
        app.i18n.f("form.follow_up", &[("name", &name)])
    }
    fn opening_note(&self, app: &App) -> Option<String> {
        self.after_done
            .then(|| app.i18n.t("status.done_schedule_next"))
    }
    fn edited(&mut self, app: &App) {
        describe_due(&mut self.form, "due", app);
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let when = due(&self.form, "due", app)?;
        Ok(Command::AddFollowUp(NewFollowUp {
            account_id: self.account_id,
            contact_id: self.form.value("contact").parse().ok(),
            kind: ConversationKind::parse(&self.form.value("kind"))
                .unwrap_or(ConversationKind::Call),
            due_on: when.date(),
            due_time: when.time(),
            note: self.form.value("note"),
        }))
    }
}
