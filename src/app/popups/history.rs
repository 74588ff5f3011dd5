//! History corrections in the TUI: a plan applied a second time only on
//! "yes", and the plan's next step offered after one is done.

use super::{OnYes, Popup, PopupKind};
use crate::app::form::{Field, Form};
use crate::app::App;
use crate::domain::triage::FollowUp;

type Errors = Vec<(&'static str, String)>;

/// Before applying a plan the account already has: ask. `Ok` when it was
/// never applied (go ahead); `Err` (no field errors) when the question is
/// now on top.
pub fn ask_before_reapplying(app: &mut App, plan_id: i64, account_id: i64) -> Result<(), Errors> {
    let on = match app.store.plan_applied_at(plan_id, account_id) {
        Ok(Some(on)) => on,
        Ok(None) => return Ok(()),
        Err(e) => {
            app.error(&e);
            return Err(vec![]);
        }
    };
    let day = crate::domain::zone::Zone::local_day(&app.clock.zone(), on)
        .format("%Y-%m-%d")
        .to_string();
    let name = app
        .store
        .plans()
        .ok()
        .and_then(|ps| ps.into_iter().find(|p| p.id == plan_id))
        .map(|p| p.name)
        .unwrap_or_default();
    let question = app.i18n.f(
        "record_history.apply_again",
        &[
            ("plan", &crate::domain::text::sanitize(&name)),
            ("on", &day),
        ],
    );
    app.popups.push(Popup {
        kind: PopupKind::Confirm {
            question,
            on_yes: OnYes::ApplyPlanAgain,
        },
    });
    Err(vec![])
}

/// "Yes, apply it again": the plan form under the question, saved.
pub fn apply_plan_again(app: &mut App) {
    let Some(Popup {
        kind: PopupKind::ApplyPlan { account_id, form },
    }) = app.popups.last().cloned()
    else {
        return;
    };
    let result = super::followup::apply_plan(app, account_id, &form, true);
    match result {
        Ok(key) => {
            app.popups.pop();
            app.refresh_account(account_id);
            app.info(app.i18n.t(key));
        }
        Err(errors) => {
            if let Some(f) = app.popups.last_mut().and_then(Popup::form_mut) {
                f.errors.extend(errors);
            }
        }
    }
}

/// After a plan's step is done, its next step is already scheduled:
/// offer that one (its date and note) instead of a second follow-up
/// beside it. Saving the date unchanged keeps it; a new date moves it
/// (recorded as a snooze). `false` when there is no such step.
pub fn offer_plan_step(app: &mut App, done: i64) -> bool {
    let next: FollowUp = match app.store.next_plan_step(done) {
        Ok(Some(next)) => next,
        _ => return false,
    };
    let due = next.due_on.format("%Y-%m-%d").to_string();
    let mut form = Form::new(vec![Field::date("until", "field.due", &due)], 0);
    super::followup::describe_due(app, &mut form, "until");
    let mut title = format!(
        "{} · {}",
        app.i18n.t("record_history.next_plan_step"),
        next.account_name
    );
    if !next.note.is_empty() {
        title.push_str(&format!(" — {}", next.note));
    }
    app.popups.push(Popup {
        kind: PopupKind::Snooze {
            follow_up_id: next.id,
            form,
            title,
        },
    });
    app.info(app.i18n.t("record_history.done_next_plan_step"));
    true
}
