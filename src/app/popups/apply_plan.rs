//! Apply a contact plan to an account: pick the plan and the start day.
//! A plan the account already has is applied again only on "yes".

use super::dates::{describe_due, due};
use super::{Confirm, FormPopup, OnYes, Outcome};
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::{Action, App};
use crate::domain::triage::Plan;
use crate::domain::zone::Zone;
use crate::store::StoreError;

#[derive(Debug)]
pub struct ApplyPlanPopup {
    pub account_id: i64,
    pub form: Form,
    plans: Vec<Plan>,
}

impl ApplyPlanPopup {
    /// `None` when there is no plan to apply (said on the status line).
    pub fn open(app: &App, account_id: i64) -> Result<Option<ApplyPlanPopup>, StoreError> {
        let plans = app.store.plans()?;
        if plans.is_empty() {
            return Ok(None);
        }
        let options = plans
            .iter()
            .map(|p| (p.id.to_string(), format!("{} ({})", p.name, steps_label(p))))
            .collect();
        let today = app.i18n.t("quick.today");
        let mut form = Form::new(
            vec![
                Field::choice("plan", "field.plan", options, ""),
                Field::date("start", "field.start", &today),
            ],
            0,
        );
        describe_due(&mut form, "start", app);
        Ok(Some(ApplyPlanPopup {
            account_id,
            form,
            plans,
        }))
    }

    fn command(&self, app: &App, again: bool) -> Result<Command, FieldErrors> {
        let start = due(&self.form, "start", app)?;
        let Ok(plan_id) = self.form.value("plan").parse::<i64>() else {
            return Err(vec![("plan", FieldProblem::Required)]);
        };
        Ok(Command::ApplyPlan {
            plan_id,
            account_id: self.account_id,
            start: start.date(),
            again,
        })
    }

    /// The question before applying a plan a second time, if it was
    /// applied before.
    fn ask_again(&self, app: &App, command: &Command) -> Result<Option<Confirm>, StoreError> {
        let Command::ApplyPlan { plan_id, .. } = command else {
            return Ok(None);
        };
        let Some(on) = app.store.plan_applied_at(*plan_id, self.account_id)? else {
            return Ok(None);
        };
        let day = Zone::local_day(&app.clock.zone(), on)
            .format("%Y-%m-%d")
            .to_string();
        let name = self
            .plans
            .iter()
            .find(|p| p.id == *plan_id)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let question = app.i18n.f(
            "record_history.apply_again",
            &[
                ("plan", &crate::domain::text::sanitize(&name)),
                ("on", &day),
            ],
        );
        let again = self.command(app, true).ok();
        Ok(again.map(|c| Confirm {
            question,
            on_yes: OnYes::Run(Box::new(c)),
        }))
    }
}

fn steps_label(p: &Plan) -> String {
    p.steps
        .iter()
        .map(|s| format!("+{}", s.offset_days))
        .collect::<Vec<_>>()
        .join(" ")
}

impl FormPopup for ApplyPlanPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        let name = crate::domain::text::shown(&app.account_name(self.account_id)).into_owned();
        app.i18n.f("form.apply_plan", &[("name", &name)])
    }
    fn edited(&mut self, app: &App) {
        describe_due(&mut self.form, "start", app);
    }
    /// Saving asks first when the plan was applied before.
    fn handle_own(&mut self, action: &Action, app: &App) -> Outcome {
        if *action != Action::Save {
            return Outcome::Ignored;
        }
        let command = match self.command(app, false) {
            Ok(c) => c,
            Err(errors) => {
                self.form.show_errors(errors);
                return Outcome::Consumed;
            }
        };
        match self.ask_again(app, &command) {
            Ok(Some(question)) => Outcome::Push(question.into()),
            Ok(None) => Outcome::Run(command),
            Err(e) => Outcome::Refuse(e),
        }
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        self.command(app, false)
    }
}
