//! Add or edit an account.

use super::dates::words;
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::App;
use crate::domain::model::{AccountFields, AccountKind, Honorific, Status};
use crate::i18n::I18n;
use crate::store::StoreError;

/// The account form; `editing` is the account being changed.
#[derive(Debug)]
pub struct AccountPopup {
    pub editing: Option<i64>,
    pub form: Form,
}

impl AccountPopup {
    /// Add (None) or edit an account.
    pub fn open(app: &App, editing: Option<i64>) -> Result<AccountPopup, StoreError> {
        let f = match editing {
            Some(id) => app.store.account(id)?.fields(),
            None => Default::default(),
        };
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut form = Form::new(
            vec![
                Field::text("name", "field.name", &f.name),
                Field::text("reading", "field.reading", &s(&f.reading)),
                Field::text("code", "field.code", &s(&f.code)),
                Field::choice(
                    "kind",
                    "field.kind",
                    words(AccountKind::ALL, "kind"),
                    &f.kind.unwrap_or(AccountKind::Company).to_string(),
                ),
                Field::choice(
                    "status",
                    "field.status",
                    words(Status::ALL, "status"),
                    &f.status.unwrap_or(Status::Prospect).to_string(),
                ),
                Field::choice(
                    "honorific",
                    "field.honorific",
                    honorific_options(),
                    f.honorific.map(|h| h.as_str()).unwrap_or(""),
                ),
                Field::text("phone", "field.phone", &s(&f.phone)),
                Field::text("email", "field.email", &s(&f.email)),
                Field::text("address", "field.address", &s(&f.address)),
                Field::text("tags", "field.tags", &f.tags.join(", ")),
                Field::text(
                    "interval_days",
                    "field.interval_days",
                    &f.interval_days.map(|d| d.to_string()).unwrap_or_default(),
                ),
                Field::multiline("note", "field.note", &f.note),
            ],
            0,
        );
        nudge_reading(&mut form, &app.i18n);
        Ok(AccountPopup { editing, form })
    }
}

impl FormPopup for AccountPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n.t(match self.editing {
            Some(_) => "form.edit_account",
            None => "form.add_account",
        })
    }
    fn edited(&mut self, app: &App) {
        nudge_reading(&mut self.form, &app.i18n);
    }
    fn submit(&self, _app: &App) -> Result<Command, FieldErrors> {
        let form = &self.form;
        let interval = form.value("interval_days");
        let interval_days = match interval.trim() {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(n) if n > 0 => Some(n),
                _ => return Err(vec![("interval_days", FieldProblem::PositiveDays)]),
            },
        };
        let fields = AccountFields {
            honorific: Honorific::parse(&form.value("honorific")).ok(),
            name: form.value("name"),
            reading: form.optional("reading"),
            code: form.optional("code"),
            kind: AccountKind::parse(&form.value("kind")).ok(),
            status: Status::parse(&form.value("status")).ok(),
            phone: form.optional("phone"),
            email: form.optional("email"),
            address: form.optional("address"),
            tags: form
                .value("tags")
                .split([',', '、', '，'])
                .map(|t| t.trim().to_string())
                .collect(),
            note: form.value("note"),
            interval_days,
        };
        Ok(match self.editing {
            Some(id) => Command::EditAccount(id, fields),
            None => Command::AddAccount(fields),
        })
    }
}

/// 様 / 御中 / 殿 / none, for the account form.
fn honorific_options() -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "honorific.none".to_string())];
    v.extend(words(Honorific::ALL, "honorific"));
    v
}

/// Say so when a name with kanji has no reading: search by kana and
/// romaji, and 五十音 order, need one.
fn nudge_reading(form: &mut Form, i18n: &I18n) {
    let has_kanji = form
        .value("name")
        .chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c));
    if has_kanji && form.value("reading").trim().is_empty() {
        form.hints.insert("reading", i18n.t("hint.reading_missing"));
    } else {
        form.hints.remove("reading");
    }
}
