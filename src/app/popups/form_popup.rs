//! What every form does: move between fields, edit, paste, ask before
//! throwing away what was typed, and save through its own `submit`.

use super::{Component, Confirm, Outcome, View};
use crate::app::command::Command;
use crate::app::form::{FieldErrors, Form};
use crate::app::keymap::Layer;
use crate::app::{Action, App, EditCmd};

/// A popup that is a form.
pub trait FormPopup {
    fn form(&self) -> &Form;
    fn form_mut(&mut self) -> &mut Form;
    /// The box's title, in the operator's language.
    fn title(&self, app: &App) -> String;
    /// What saving does: the command to run, or what is wrong, by field.
    fn submit(&self, app: &App) -> Result<Command, FieldErrors>;
    /// Keys of its own, seen before the common ones.
    fn handle_own(&mut self, _action: &Action, _app: &App) -> Outcome {
        Outcome::Ignored
    }
    /// After the operator changed a field: hints, dependent fields.
    fn edited(&mut self, _app: &App) {}
    /// A line for the status bar when the form opens.
    fn opening_note(&self, _app: &App) -> Option<String> {
        None
    }
}

impl<T: FormPopup + std::fmt::Debug> Component for T {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        match self.handle_own(action, app) {
            Outcome::Ignored => handle_form(self, action, app),
            own => own,
        }
    }
    fn layer(&self) -> Layer {
        Layer::Form
    }
    fn view(&self, app: &App) -> View<'_> {
        View::Form {
            form: FormPopup::form(self),
            title: self.title(app),
        }
    }
    fn form(&self) -> Option<&Form> {
        Some(FormPopup::form(self))
    }
    fn form_mut(&mut self) -> Option<&mut Form> {
        Some(FormPopup::form_mut(self))
    }
    fn opening_note(&self, app: &App) -> Option<String> {
        FormPopup::opening_note(self, app)
    }
}

fn handle_form<T: FormPopup>(p: &mut T, action: &Action, app: &App) -> Outcome {
    match action {
        Action::Save => match p.submit(app) {
            Ok(command) => Outcome::Run(command),
            Err(errors) => {
                p.form_mut().show_errors(errors);
                Outcome::Consumed
            }
        },
        Action::Cancel | Action::Back if p.form().touched => {
            Outcome::Push(Confirm::close_form(app).into())
        }
        Action::Cancel | Action::Back => Outcome::Close,
        Action::NextField => {
            p.form_mut().move_focus(true);
            Outcome::Consumed
        }
        Action::PrevField => {
            p.form_mut().move_focus(false);
            Outcome::Consumed
        }
        Action::Edit(cmd) => {
            let changed = p.form_mut().input(*cmd);
            // Enter in a one-line field moves on, as in any form.
            if !changed && matches!(cmd, EditCmd::Newline | EditCmd::LeaveField) {
                p.form_mut().move_focus(true);
            }
            if changed {
                p.edited(app);
            }
            Outcome::Consumed
        }
        Action::Paste(s) => {
            p.form_mut().paste(s);
            p.edited(app);
            Outcome::Consumed
        }
        _ => Outcome::Ignored,
    }
}
