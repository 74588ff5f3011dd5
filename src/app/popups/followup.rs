//! Follow-up popups: schedule, snooze, cancel, and completing one by
//! logging the conversation (which then offers to schedule the next).

use super::{LogForm, Popup, PopupKind};
use crate::app::form::{Field, Form};
use crate::app::App;
use crate::domain::interval::expected_interval;
use crate::domain::model::ConversationKind;
use crate::domain::triage::NewFollowUp;
use crate::domain::when::parse_when;

type Errors = Vec<(&'static str, String)>;

/// Schedule a follow-up for the account; `due` pre-fills the date.
pub fn open_follow_up_form(app: &mut App, account_id: i64, due: Option<String>) {
    open_follow_up_form_with(app, account_id, due, None);
}

/// The schedule form with a contact pre-chosen (the next call goes to
/// the person just spoken to).
pub fn open_follow_up_form_with(
    app: &mut App,
    account_id: i64,
    due: Option<String>,
    contact: Option<i64>,
) {
    let contacts = app.store.contacts(account_id).unwrap_or_default();
    let mut who = vec![(String::new(), "form.nobody".to_string())];
    who.extend(contacts.iter().map(|c| (c.id.to_string(), c.name.clone())));
    let kinds = ConversationKind::ALL
        .iter()
        .map(|k| (k.to_string(), format!("conv.{k}")))
        .collect();
    let due = due.unwrap_or_else(|| app.i18n.t("quick.tomorrow"));
    let mut form = Form::new(
        vec![
            Field::date("due", "field.due", &due),
            Field::choice("kind", "field.conv_kind", kinds, "call"),
            Field::choice(
                "contact",
                "field.contact",
                who,
                &contact.map(|c| c.to_string()).unwrap_or_default(),
            ),
            Field::text("note", "field.note", ""),
        ],
        0,
    );
    describe_due(app, &mut form, "due");
    app.popups.push(Popup {
        kind: PopupKind::FollowUp { account_id, form },
    });
}

/// Ask for the day to move a follow-up to.
pub fn open_snooze_form(app: &mut App, follow_up_id: i64) {
    let tomorrow = app.i18n.t("quick.tomorrow");
    let mut form = Form::new(vec![Field::date("until", "field.until", &tomorrow)], 0);
    describe_due(app, &mut form, "until");
    let title = follow_up_title(app, "form.snooze", follow_up_id);
    app.popups.push(Popup {
        kind: PopupKind::Snooze {
            follow_up_id,
            form,
            title,
        },
    });
}

/// Ask why before cancelling a follow-up.
pub fn open_cancel_form(app: &mut App, follow_up_id: i64) {
    let form = Form::new(vec![Field::text("reason", "field.reason", "")], 0);
    let title = follow_up_title(app, "form.cancel_follow_up", follow_up_id);
    app.popups.push(Popup {
        kind: PopupKind::CancelFollowUp {
            follow_up_id,
            form,
            title,
        },
    });
}

/// Completing a follow-up is logging the conversation: the log form,
/// pre-filled with the account and the follow-up's contact and kind.
pub fn open_complete_form(app: &mut App, account_id: i64, follow_up_id: i64) {
    let follow_up = match app.store.follow_up(follow_up_id) {
        Ok(f) => f,
        Err(e) => return app.error(&e),
    };
    super::build::open_log_form(app, account_id, None);
    if let Some(Popup {
        kind: PopupKind::Log(l),
    }) = app.popups.last_mut()
    {
        l.follow_up = Some(follow_up_id);
        l.title = Some(follow_up_title_of(&app.i18n, "form.complete", &follow_up));
        l.form.set("kind", follow_up.kind.as_str());
        if let Some(c) = follow_up.contact_id {
            l.form.set("contact", &c.to_string());
        }
    }
}

/// After a follow-up is done: offer its plan's next step when one is
/// scheduled, else the next follow-up, a rhythm's length away.
pub fn offer_next(app: &mut App, account_id: i64, contact: Option<i64>, done: i64) {
    if super::history::offer_plan_step(app, done) {
        return;
    }
    let default_days = app.config.default_interval_days;
    let days = app
        .store
        .account(account_id)
        .map(|a| expected_interval(a.interval_days, a.learned_interval_days, default_days).0)
        .unwrap_or(f64::from(default_days));
    let days = (days.round().max(1.0) as i64).to_string();
    let due = app.i18n.f("quick.in_days", &[("n", &days)]);
    open_follow_up_form_with(app, account_id, Some(due), contact);
    app.info(app.i18n.t("status.done_schedule_next"));
}

/// Show the resolved day beside a date field, or the problem.
pub fn describe_due(app: &App, form: &mut Form, field: &'static str) {
    let (now, zone, fmt) = (app.now(), app.clock.zone(), app.date_format());
    super::build::describe_when(form, field, now, zone, fmt, &app.i18n);
    if form.value(field).trim().is_empty() {
        form.hints.insert(field, app.i18n.t("hint.date_required"));
    }
}

fn due(app: &App, form: &Form, field: &'static str) -> Result<crate::domain::when::When, Errors> {
    let input = form.value(field);
    if input.trim().is_empty() {
        return Err(vec![(field, app.i18n.t("problem.required"))]);
    }
    parse_when(&input, app.clock.local_now()).map_err(|e| vec![(field, app.i18n.when_error(&e))])
}

/// Save the schedule form.
pub fn save_follow_up(app: &mut App, account_id: i64, form: &Form) -> Result<&'static str, Errors> {
    let when = due(app, form, "due")?;
    let f = NewFollowUp {
        account_id,
        contact_id: form.value("contact").parse().ok(),
        kind: ConversationKind::parse(&form.value("kind")).unwrap_or(ConversationKind::Call),
        due_on: when.date(),
        due_time: when.time(),
        note: form.value("note"),
    };
    let now = app.now();
    app.store
        .add_follow_up(&f, now)
        .map(|_| "status.follow_up_added")
        .map_err(|e| super::save::field_error(app, e))
}

/// Save the snooze form.
pub fn save_snooze(app: &mut App, id: i64, form: &Form) -> Result<&'static str, Errors> {
    let when = due(app, form, "until")?;
    // A plan step offered after the one before it, kept as scheduled:
    // nothing to move, nothing to record.
    if let Ok(f) = app.store.follow_up(id) {
        if f.due_on == when.date() && (when.time().is_none() || f.due_time == when.time()) {
            return Ok("record_history.plan_step_kept");
        }
    }
    let now = app.now();
    app.store
        .snooze_follow_up(id, when.date(), when.time(), now)
        .map(|_| "status.snoozed")
        .map_err(|e| super::save::field_error(app, e))
}

/// Save the cancel form.
pub fn save_cancel(app: &mut App, id: i64, form: &Form) -> Result<&'static str, Errors> {
    let now = app.now();
    app.store
        .cancel_follow_up(id, &form.value("reason"), now)
        .map(|_| "status.follow_up_cancelled")
        .map_err(|e| super::save::field_error(app, e))
}

/// When a log form completes a follow-up: the account, the contact
/// spoken to and the follow-up, for the "schedule the next one" offer.
pub fn completes(l: &LogForm) -> Option<(i64, Option<i64>, i64)> {
    l.follow_up
        .map(|id| (l.account_id, l.form.value("contact").parse().ok(), id))
}

/// Title of a snooze or cancel form: which follow-up it is about.
fn follow_up_title(app: &App, key: &str, id: i64) -> String {
    match app.store.follow_up(id) {
        Ok(f) => follow_up_title_of(&app.i18n, key, &f),
        Err(_) => app.i18n.t(key),
    }
}

fn follow_up_title_of(
    i18n: &crate::i18n::I18n,
    key: &str,
    f: &crate::domain::triage::FollowUp,
) -> String {
    let mut s = format!("{} · {}", i18n.t(key), f.account_name);
    if !f.note.is_empty() {
        s.push_str(&format!(" — {}", f.note));
    }
    s
}

/// Apply a contact plan to the account: pick the plan and the start day.
pub fn open_plan_form(app: &mut App, account_id: i64) {
    let plans = match app.store.plans() {
        Ok(p) => p,
        Err(e) => return app.error(&e),
    };
    if plans.is_empty() {
        return app.info(app.i18n.t("status.no_plans"));
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
    describe_due(app, &mut form, "start");
    app.popups.push(Popup {
        kind: PopupKind::ApplyPlan { account_id, form },
    });
}

fn steps_label(p: &crate::domain::triage::Plan) -> String {
    p.steps
        .iter()
        .map(|s| format!("+{}", s.offset_days))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Save the plan form: one follow-up per step, in one transaction.
pub fn save_plan(app: &mut App, account_id: i64, form: &Form) -> Result<&'static str, Errors> {
    due(app, form, "start")?;
    let Ok(plan_id) = form.value("plan").parse::<i64>() else {
        return Err(vec![("plan", app.i18n.t("problem.required"))]);
    };
    super::history::ask_before_reapplying(app, plan_id, account_id)?;
    apply_plan(app, account_id, form, false)
}

/// Apply the plan the form names; `again` when the operator said yes to
/// applying it a second time.
pub fn apply_plan(
    app: &mut App,
    account_id: i64,
    form: &Form,
    again: bool,
) -> Result<&'static str, Errors> {
    let start = due(app, form, "start")?;
    let Ok(plan_id) = form.value("plan").parse::<i64>() else {
        return Err(vec![("plan", app.i18n.t("problem.required"))]);
    };
    let now = app.now();
    app.store
        .apply_plan(plan_id, account_id, start.date(), again, now)
        .map(|_| "status.plan_applied")
        .map_err(|e| super::save::field_error(app, e))
}
