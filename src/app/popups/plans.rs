//! Contact plans: create one, or edit one on file (its earlier steps and
//! every change are kept). Steps are typed one per line as
//! `DAYS:NOTE` or `DAYS:KIND:NOTE` — the same as `plan add --step`.

use super::FormPopup;
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, FieldProblem, Form};
use crate::app::App;
use crate::domain::triage::{Plan, PlanStep};
use crate::store::StoreError;

#[derive(Debug)]
pub struct PlansPopup {
    pub form: Form,
    plans: Vec<Plan>,
    /// The plan last loaded into the fields.
    chosen: Option<i64>,
}

impl PlansPopup {
    pub fn open(app: &App) -> Result<PlansPopup, StoreError> {
        let plans = app.store.plans()?;
        let mut which = vec![(String::new(), "plan11.new_plan".to_string())];
        which.extend(plans.iter().map(|p| (p.id.to_string(), p.name.clone())));
        let yes_no = vec![
            ("no".to_string(), "plan11.auto_no".to_string()),
            ("yes".to_string(), "plan11.auto_yes".to_string()),
        ];
        let mut fields = Vec::new();
        if !plans.is_empty() {
            fields.push(Field::choice("which", "plan11.field_which", which, ""));
        }
        fields.extend([
            Field::text("name", "field.name", ""),
            Field::choice("auto", "plan11.field_auto", yes_no, "no"),
            Field::multiline("steps", "field.steps", ""),
        ]);
        let mut form = Form::new(fields, 0);
        form.hints.insert("steps", app.i18n.t("plan11.steps_hint"));
        Ok(PlansPopup {
            form,
            plans,
            chosen: None,
        })
    }

    /// The steps, one per line; a kind may be given in the operator's words.
    fn steps(&self, app: &App) -> Result<Vec<PlanStep>, FieldErrors> {
        let mut steps = Vec::new();
        for (i, line) in self.form.value("steps").lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match PlanStep::parse_with(line, |w| app.i18n.conversation_kind(w)) {
                Ok(s) => steps.push(s),
                Err(e) => return Err(vec![("steps", FieldProblem::Step(i + 1, e))]),
            }
        }
        Ok(steps)
    }
}

impl FormPopup for PlansPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        app.i18n.t("plan11.title")
    }
    /// Choosing a plan fills the fields with it, its kinds in the
    /// operator's words.
    fn edited(&mut self, app: &App) {
        if self.form.focused_name() != "which" {
            return;
        }
        let chosen = self.form.value("which").parse::<i64>().ok();
        if chosen == self.chosen {
            return;
        }
        self.chosen = chosen;
        let plan = chosen.and_then(|id| self.plans.iter().find(|p| p.id == id));
        let (name, auto, steps) = match plan {
            Some(p) => (
                p.name.clone(),
                p.auto_on_first_order,
                p.steps
                    .iter()
                    .map(|s| {
                        let kind = app.i18n.t(&format!("conv.{}", s.kind));
                        format!("{}:{kind}:{}", s.offset_days, s.note)
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            None => Default::default(),
        };
        self.form.set("name", &name);
        self.form.set("auto", if auto { "yes" } else { "no" });
        self.form.set("steps", &steps);
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let steps = self.steps(app)?;
        if steps.is_empty() {
            return Err(vec![(
                "steps",
                FieldProblem::Store("plan11.needs_step".into()),
            )]);
        }
        Ok(Command::SavePlan {
            id: self.form.value("which").parse().ok(),
            name: self.form.value("name"),
            steps,
            auto_on_first_order: self.form.value("auto") == "yes",
        })
    }
}
