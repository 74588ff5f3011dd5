//! A yes/no question.

use super::{Component, Outcome, View};
use crate::app::command::Command;
use crate::app::keymap::Layer;
use crate::app::{Action, App};

/// What "yes" does.
#[derive(Debug, Clone)]
pub enum OnYes {
    /// Close the form under the question (its draft stays).
    CloseForm,
    /// Run a command (archive an account, apply a plan again).
    Run(Box<Command>),
}

/// A question waiting for y or n.
#[derive(Debug)]
pub struct Confirm {
    pub question: String,
    pub on_yes: OnYes,
}

impl Confirm {
    /// "Close without saving?" over a form something was typed into.
    pub fn close_form(app: &App) -> Confirm {
        Confirm {
            question: app.i18n.t("confirm.close_form"),
            on_yes: OnYes::CloseForm,
        }
    }

    /// Ask before hiding an account (nothing is deleted).
    pub fn archive(app: &App, id: i64) -> Confirm {
        let name = app.store.account(id).map(|a| a.name).unwrap_or_default();
        Confirm {
            question: app.i18n.f(
                "confirm.archive",
                &[("name", &crate::domain::text::sanitize(&name))],
            ),
            on_yes: OnYes::Run(Box::new(Command::Archive(id))),
        }
    }
}

impl Component for Confirm {
    fn handle(&mut self, action: &Action, _app: &App) -> Outcome {
        match action {
            Action::Confirm(true) | Action::Save | Action::Open => match &self.on_yes {
                OnYes::CloseForm => Outcome::Run(Command::CloseBelow),
                OnYes::Run(command) => Outcome::Run((**command).clone()),
            },
            Action::Confirm(false) | Action::Cancel | Action::Back => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
    fn layer(&self) -> Layer {
        Layer::Confirm
    }
    fn view(&self, _app: &App) -> View<'_> {
        View::Confirm(self)
    }
}
