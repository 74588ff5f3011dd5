//! A generic form: labelled text fields and choices, one focused, with
//! inline errors. Each concrete form (account, contact, log, order,
//! retract) builds one of these and reads it back on save.

use std::collections::HashMap;

use super::text_edit::{EditCmd, TextEdit};
use crate::domain::money::{AmountError, Currency};
use crate::domain::when::WhenError;
use crate::i18n::I18n;

/// What is wrong with one field, typed until it is shown: the form
/// draws [`FieldProblem::text`], the one place it becomes words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// Nothing typed where something must be.
    Required,
    /// A date or time that cannot be read.
    When(WhenError),
    /// An amount that cannot be read in the book's currency.
    Amount(AmountError, Currency),
    /// A number of days that is not a whole number above zero.
    PositiveDays,
    /// Saving would change nothing.
    NothingChanged,
    /// The store's own check refused the value (a catalogue key).
    Store(String),
    /// A plan step (on this line of the steps) that cannot be read.
    Step(usize, crate::domain::triage::StepProblem),
    /// A problem that arrives already in the operator's words (an import
    /// file's refusal, worded by the import's own catalogue entries).
    Said(String),
}

impl FieldProblem {
    /// The problem in the operator's language.
    pub fn text(&self, i18n: &I18n) -> String {
        match self {
            FieldProblem::Required => i18n.t("problem.required"),
            FieldProblem::When(e) => i18n.when_error(e),
            FieldProblem::Amount(e, currency) => i18n.amount_error(e, *currency),
            FieldProblem::PositiveDays => i18n.t("problem.positive_days"),
            FieldProblem::NothingChanged => i18n.t("ordertui.nothing_changed"),
            FieldProblem::Store(key) => i18n.t(key),
            FieldProblem::Step(line, e) => i18n.f(
                "plan11.on_line",
                &[
                    ("line", &line.to_string()),
                    ("problem", &i18n.step_problem(e)),
                ],
            ),
            FieldProblem::Said(text) => text.clone(),
        }
    }
}

/// Problems found on submit, by field.
pub type FieldErrors = Vec<(&'static str, FieldProblem)>;

/// What a field holds.
#[derive(Debug, Clone)]
pub enum FieldInput {
    Text(TextEdit),
    /// A closed set of words (stored word, label key), with the chosen index.
    Choice {
        options: Vec<(String, String)>,
        chosen: usize,
    },
}

/// One labelled field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Identifier used for errors and reading values back.
    pub name: &'static str,
    /// Message-catalogue key of the label.
    pub label: &'static str,
    pub input: FieldInput,
}

impl Field {
    /// A single-line text field.
    pub fn text(name: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            name,
            label,
            input: FieldInput::Text(TextEdit::new(false).with_value(value)),
        }
    }
    /// A single-line field opening on a suggested date (`tomorrow`): the
    /// first character typed replaces it, a cursor move keeps it.
    pub fn date(name: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            name,
            label,
            input: FieldInput::Text(TextEdit::new(false).with_prefill(value)),
        }
    }
    /// A multi-line text field.
    pub fn multiline(name: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            name,
            label,
            input: FieldInput::Text(TextEdit::new(true).with_value(value)),
        }
    }
    /// A choice among `options` (word, label key), starting at `value`.
    pub fn choice(
        name: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        value: &str,
    ) -> Field {
        let chosen = options.iter().position(|(w, _)| w == value).unwrap_or(0);
        Field {
            name,
            label,
            input: FieldInput::Choice { options, chosen },
        }
    }
}

/// The state of an open form.
#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Field name -> what is wrong with it.
    pub errors: HashMap<&'static str, FieldProblem>,
    /// A line under a field (e.g. the resolved date); field name -> text.
    pub hints: HashMap<&'static str, String>,
    /// Something was typed since the form opened.
    pub touched: bool,
}

impl Form {
    /// A form focused on `focus`.
    pub fn new(fields: Vec<Field>, focus: usize) -> Form {
        Form {
            fields,
            focus,
            errors: HashMap::new(),
            hints: HashMap::new(),
            touched: false,
        }
    }

    /// The current value of a field (the chosen word for choices).
    pub fn value(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| match &f.input {
                FieldInput::Text(t) => t.value().to_string(),
                FieldInput::Choice { options, chosen } => options
                    .get(*chosen)
                    .map(|o| o.0.clone())
                    .unwrap_or_default(),
            })
            .unwrap_or_default()
    }

    /// Set a text field's value (used when a draft is restored).
    pub fn set(&mut self, name: &str, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            match &mut f.input {
                FieldInput::Text(t) => t.set_value(value),
                FieldInput::Choice { options, chosen } => {
                    if let Some(i) = options.iter().position(|o| o.0 == value) {
                        *chosen = i;
                    }
                }
            }
        }
    }

    /// Name of the focused field.
    pub fn focused_name(&self) -> &'static str {
        self.fields.get(self.focus).map(|f| f.name).unwrap_or("")
    }

    /// Move focus forward (`true`) or back, wrapping.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// Give a key to the focused field; true when it changed something or
    /// was consumed. Choices cycle with Left/Right/Space.
    pub fn input(&mut self, cmd: EditCmd) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let consumed = match &mut field.input {
            FieldInput::Text(t) => t.apply(cmd),
            FieldInput::Choice { options, chosen } => {
                let n = options.len().max(1);
                match cmd {
                    EditCmd::Right | EditCmd::Insert(' ') => {
                        *chosen = (*chosen + 1) % n;
                        true
                    }
                    EditCmd::Left => {
                        *chosen = (*chosen + n - 1) % n;
                        true
                    }
                    _ => false,
                }
            }
        };
        if consumed {
            self.touched = true;
            self.errors.remove(field.name);
        }
        consumed
    }

    /// Paste text into the focused text field.
    pub fn paste(&mut self, s: &str) {
        if let Some(Field {
            input: FieldInput::Text(t),
            name,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            t.paste(s);
            self.touched = true;
            self.errors.remove(*name);
        }
    }

    /// Show problems found on submit and land on the first of them.
    pub fn show_errors(&mut self, errors: FieldErrors) {
        self.errors.extend(errors);
        self.focus_first_error();
    }

    /// A field's value, `None` when blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.value(name)).filter(|s| !s.trim().is_empty())
    }

    /// Focus the first field with an error, so the user lands on it.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self
            .fields
            .iter()
            .position(|f| self.errors.contains_key(f.name))
        {
            self.focus = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_marks_touched_and_clears_the_fields_error() {
        let mut f = Form::new(
            vec![
                Field::text("name", "field.name", ""),
                Field::text("phone", "field.phone", ""),
            ],
            0,
        );
        f.errors.insert("name", FieldProblem::Required);
        assert!(f.input(EditCmd::Insert('田')));
        assert!(f.touched);
        assert!(!f.errors.contains_key("name"));
        assert_eq!(f.value("name"), "田");
        f.move_focus(true);
        assert_eq!(f.focused_name(), "phone");
        f.move_focus(true);
        assert_eq!(f.focused_name(), "name");
        f.move_focus(false);
        assert_eq!(f.focused_name(), "phone");
    }

    #[test]
    fn choices_cycle_both_ways() {
        let opts = vec![
            ("call".to_string(), "a".to_string()),
            ("email".into(), "b".into()),
            ("visit".into(), "c".into()),
        ];
        let mut f = Form::new(vec![Field::choice("kind", "field.kind", opts, "email")], 0);
        assert_eq!(f.value("kind"), "email");
        f.input(EditCmd::Right);
        assert_eq!(f.value("kind"), "visit");
        f.input(EditCmd::Right);
        assert_eq!(f.value("kind"), "call");
        f.input(EditCmd::Left);
        assert_eq!(f.value("kind"), "visit");
    }
}
