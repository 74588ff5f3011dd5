//! Move a follow-up to another day (the old day is recorded), or, after a
//! plan's step is done, keep or move the plan's next step.

use super::dates::{describe_due, due};
use super::log::follow_up_title;
use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, Form};
use crate::app::App;
use crate::domain::triage::FollowUp;
use crate::store::StoreError;

#[derive(Debug)]
pub struct SnoozePopup {
    pub follow_up: FollowUp,
    pub form: Form,
    /// Which follow-up, in words (account — note).
    pub title: String,
    /// Offered after the step before it was done: saving the day
    /// unchanged keeps it as scheduled.
    pub plan_step: bool,
}

impl SnoozePopup {
    /// Ask for the day to move a follow-up to.
    pub fn open(app: &App, follow_up_id: i64) -> Result<SnoozePopup, StoreError> {
        let f = app.store.follow_up(follow_up_id)?;
        let tomorrow = app.i18n.t("quick.tomorrow");
        let mut form = Form::new(vec![Field::date("until", "field.until", &tomorrow)], 0);
        describe_due(&mut form, "until", app);
        Ok(SnoozePopup {
            title: follow_up_title(app, "form.snooze", &f),
            follow_up: f,
            form,
            plan_step: false,
        })
    }

    /// After a plan's step is done its next step is already scheduled:
    /// offer that one (its date and note) instead of a second follow-up
    /// beside it.
    pub fn plan_step(app: &App, next: FollowUp) -> SnoozePopup {
        let day = next.due_on.format("%Y-%m-%d").to_string();
        let mut form = Form::new(vec![Field::date("until", "field.due", &day)], 0);
        describe_due(&mut form, "until", app);
        SnoozePopup {
            title: follow_up_title(app, "record_history.next_plan_step", &next),
            follow_up: next,
            form,
            plan_step: true,
        }
    }
}

impl FormPopup for SnoozePopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, _app: &App) -> String {
        self.title.clone()
    }
    fn opening_note(&self, app: &App) -> Option<String> {
        self.plan_step
            .then(|| app.i18n.t("record_history.done_next_plan_step"))
    }
    fn edited(&mut self, app: &App) {
        describe_due(&mut self.form, "until", app);
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let when = due(&self.form, "until", app)?;
        let f = &self.follow_up;
        // Kept as scheduled: nothing to move, nothing to record.
        if f.due_on == when.date() && (when.time().is_none() || f.due_time == when.time()) {
            return Ok(Command::KeepPlanStep {
                account_id: f.account_id,
            });
        }
        Ok(Command::Snooze {
            id: f.id,
            account_id: f.account_id,
            to: when.date(),
            time: when.time(),
        })
    }
}
