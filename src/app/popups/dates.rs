//! Date fields in forms: the resolved day shown as it is typed, and read
//! back as a typed value or a typed problem.

use chrono::{DateTime, Utc};

use crate::app::form::{FieldErrors, FieldProblem, Form};
use crate::app::App;
use crate::domain::when::{parse_instant, parse_when, When};

/// Show the resolved date beside a date field as it is typed ("now" when
/// blank), or the problem inline.
pub fn describe_when(form: &mut Form, field: &'static str, app: &App) {
    let input = form.value(field);
    if input.trim().is_empty() {
        form.hints.insert(field, app.i18n.t("hint.now"));
        form.errors.remove(field);
        return;
    }
    match parse_when(&input, app.clock.local_now()) {
        Ok(w) => {
            let mut text = app.date_format().long(w.date());
            if let Some(t) = w.time() {
                text.push_str(&t.format(" %H:%M").to_string());
            }
            form.hints.insert(field, format!("→ {text}"));
            form.errors.remove(field);
        }
        Err(e) => {
            form.hints.remove(field);
            form.errors.insert(field, FieldProblem::When(e));
        }
    }
}

/// The same for a day that must be given (a follow-up's due date).
pub fn describe_due(form: &mut Form, field: &'static str, app: &App) {
    describe_when(form, field, app);
    if form.value(field).trim().is_empty() {
        form.hints.insert(field, app.i18n.t("hint.date_required"));
    }
}

/// A day that must be given.
pub fn due(form: &Form, field: &'static str, app: &App) -> Result<When, FieldErrors> {
    let input = form.value(field);
    if input.trim().is_empty() {
        return Err(vec![(field, FieldProblem::Required)]);
    }
    parse_when(&input, app.clock.local_now()).map_err(|e| vec![(field, FieldProblem::When(e))])
}

/// An instant, now when left blank.
pub fn instant(form: &Form, field: &'static str, app: &App) -> Result<DateTime<Utc>, FieldErrors> {
    let input = form.value(field);
    let now = app.now();
    if input.trim().is_empty() {
        return Ok(now);
    }
    parse_instant(&input, now, app.clock.zone()).map_err(|e| vec![(field, FieldProblem::When(e))])
}

/// Choices of a closed set of words: (stored word, label key).
pub fn words<T: Copy + std::fmt::Display>(all: &[T], prefix: &str) -> Vec<(String, String)> {
    all.iter()
        .map(|w| (w.to_string(), format!("{prefix}.{w}")))
        .collect()
}

/// Nobody, then the account's people: (contact id, name).
pub fn contact_choices(app: &App, account_id: i64) -> Vec<(String, String)> {
    let mut who = vec![(String::new(), "form.nobody".to_string())];
    let contacts = app.store.contacts(account_id).unwrap_or_default();
    who.extend(contacts.iter().map(|c| (c.id.to_string(), c.name.clone())));
    who
}
