//! Saving popups: validate, write in one transaction, or show the problem
//! inline at the field and write nothing.

use super::{Popup, PopupKind};
use crate::app::form::Form;
use crate::app::App;
use crate::domain::model::{
    AccountFields, AccountKind, Contact, ConversationKind, Direction, NewConversation, Status,
};
use crate::domain::money::parse_amount_in;
use crate::domain::when::parse_instant;
use crate::store::StoreError;

/// Save whatever form is on top.
pub fn save_top(app: &mut App) {
    let Some(top) = app.popups.last() else { return };
    let next_for = match &top.kind {
        PopupKind::Log(l) => super::followup::completes(l),
        _ => None,
    };
    // Which account the write touches: only it is refreshed afterwards.
    let affected = match &top.kind {
        PopupKind::Account { editing, .. } => *editing,
        PopupKind::Contact { account_id, .. }
        | PopupKind::Order { account_id, .. }
        | PopupKind::FollowUp { account_id, .. }
        | PopupKind::ApplyPlan { account_id, .. } => Some(*account_id),
        PopupKind::Log(l) => Some(l.account_id),
        PopupKind::VoidOrder { order_id, .. } => {
            app.store.order(*order_id).ok().map(|o| o.account_id)
        }
        PopupKind::Retract {
            conversation_id, ..
        } => app
            .store
            .conversation(*conversation_id)
            .ok()
            .map(|c| c.account_id),
        PopupKind::Snooze { follow_up_id, .. } | PopupKind::CancelFollowUp { follow_up_id, .. } => {
            app.store
                .follow_up(*follow_up_id)
                .ok()
                .map(|f| f.account_id)
        }
        _ => None,
    };
    let result = match &top.kind.clone() {
        PopupKind::Account { editing, form } => save_account(app, *editing, form.clone()),
        PopupKind::Contact { account_id, form } => save_contact(app, *account_id, form.clone()),
        PopupKind::Log(l) => save_log(app, l.clone()),
        PopupKind::Order {
            editing: Some(id),
            form,
            ..
        } => super::order::save_edit(app, *id, form),
        PopupKind::Order {
            account_id, form, ..
        } => save_order(app, *account_id, form.clone()),
        PopupKind::VoidOrder { order_id, form } => super::order::save_void(app, *order_id, form),
        PopupKind::Retract {
            conversation_id,
            form,
        } => save_retract(app, *conversation_id, form.clone()),
        PopupKind::Import { form } => {
            if let Err(errors) = super::import::preview(app, form) {
                if let Some(f) = app.popups.last_mut().and_then(Popup::form_mut_pub) {
                    f.errors.extend(errors);
                }
            }
            return;
        }
        PopupKind::ApplyPlan { account_id, form } => {
            let (id, form) = (*account_id, form.clone());
            super::followup::save_plan(app, id, &form)
        }
        PopupKind::FollowUp { account_id, form } => {
            let (id, form) = (*account_id, form.clone());
            super::followup::save_follow_up(app, id, &form)
        }
        PopupKind::Snooze {
            follow_up_id, form, ..
        } => {
            let (id, form) = (*follow_up_id, form.clone());
            super::followup::save_snooze(app, id, &form)
        }
        PopupKind::CancelFollowUp {
            follow_up_id, form, ..
        } => {
            let (id, form) = (*follow_up_id, form.clone());
            super::followup::save_cancel(app, id, &form)
        }
        _ => return,
    };

    match result {
        Ok(message_key) => {
            app.waiting_to_save = None;
            app.popups.pop();
            // An order edit or void: the viewer under it shows the order anew.
            if let Some(Popup {
                kind: PopupKind::OrderView { order, .. },
            }) = app.popups.last()
            {
                let id = order.id;
                super::order::reopen_view(app, id);
                app.info(app.i18n.t(message_key).to_string());
                return;
            }
            // A retraction or edit also closes the viewer under it (stale text).
            if matches!(
                app.popups.last(),
                Some(Popup {
                    kind: PopupKind::Conversation { .. }
                })
            ) {
                app.popups.pop();
            }
            let added = app.just_added.take();
            match affected.or(added) {
                Some(id) => app.refresh_account(id),
                None => app.refresh(),
            }
            if let Some(id) = added {
                app.accounts.select_id(id);
            }
            app.info(app.i18n.t(message_key).to_string());
            if let Some((account_id, contact, done)) = next_for {
                super::followup::offer_next(app, account_id, contact, done);
            }
        }
        Err(errors) => {
            if let Some(form) = app.popups.last_mut().and_then(Popup::form_mut_pub) {
                form.errors.extend(errors);
                form.focus_first_error();
            }
        }
    }
}

type Errors = Vec<(&'static str, String)>;

impl Popup {
    fn form_mut_pub(&mut self) -> Option<&mut Form> {
        self.form_mut()
    }
}

/// Translate a store error into a field error (or a status line).
pub(super) fn field_error(app: &mut App, e: StoreError) -> Errors {
    match e {
        // Another program holds the write lock: nothing was written, the
        // form stays as typed and the save is tried again shortly.
        e if e.is_busy() => {
            app.wait_to_save(std::time::Instant::now());
            vec![]
        }
        StoreError::Invalid { field, message } => vec![(field, app.i18n.t(&message).to_string())],
        other => {
            app.error(&other);
            vec![]
        }
    }
}

fn opt(s: String) -> Option<String> {
    Some(s).filter(|s| !s.trim().is_empty())
}

fn save_account(app: &mut App, editing: Option<i64>, form: Form) -> Result<&'static str, Errors> {
    let interval = form.value("interval_days");
    let interval_days = if interval.trim().is_empty() {
        None
    } else {
        match interval.trim().parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Err(vec![(
                    "interval_days",
                    app.i18n.t("problem.positive_days").to_string(),
                )])
            }
        }
    };
    let fields = AccountFields {
        honorific: crate::domain::model::Honorific::parse(&form.value("honorific")).ok(),
        name: form.value("name"),
        reading: opt(form.value("reading")),
        code: opt(form.value("code")),
        kind: AccountKind::parse(&form.value("kind")).ok(),
        status: Status::parse(&form.value("status")).ok(),
        phone: opt(form.value("phone")),
        email: opt(form.value("email")),
        address: opt(form.value("address")),
        tags: form
            .value("tags")
            .split([',', '、', '，'])
            .map(|t| t.trim().to_string())
            .collect(),
        note: form.value("note"),
        interval_days,
    };
    let now = app.now();
    match editing {
        Some(id) => app
            .store
            .update_account(id, &fields, now)
            .map(|_| "status.account_saved"),
        None => app.store.add_account(&fields, now).map(|id| {
            // Land the new account selected, so the next key acts on it.
            app.accounts.filter.set_value("");
            app.just_added = Some(id);
            "status.account_added"
        }),
    }
    .map_err(|e| field_error(app, e))
}

fn save_contact(app: &mut App, account_id: i64, form: Form) -> Result<&'static str, Errors> {
    let editing = form.value("which").parse::<i64>().ok();
    let c = Contact {
        id: editing.unwrap_or(0),
        account_id,
        name: form.value("name"),
        reading: opt(form.value("reading")),
        role: opt(form.value("role")),
        phone: opt(form.value("phone")),
        email: opt(form.value("email")),
    };
    let now = app.now();
    match editing {
        Some(_) => app
            .store
            .update_contact(&c, now)
            .map(|_| "status.contact_saved"),
        None => app
            .store
            .add_contact(&c, now)
            .map(|_| "status.contact_added"),
    }
    .map_err(|e| field_error(app, e))
}

fn save_log(app: &mut App, l: super::LogForm) -> Result<&'static str, Errors> {
    let form = &l.form;
    let now = app.now();
    if let Some(id) = l.editing {
        let outcome = opt(form.value("outcome"));
        return app
            .store
            .revise_conversation(
                id,
                &form.value("summary"),
                &form.value("body"),
                outcome.as_deref(),
                now,
            )
            .map(|_| "status.revised")
            .map_err(|e| field_error(app, e));
    }
    let when = form.value("when");
    let happened_at = if when.trim().is_empty() {
        now
    } else {
        parse_instant(&when, now, app.clock.zone())
            .map_err(|e| vec![("when", app.i18n.when_error(&e))])?
    };
    let contact_id = form.value("contact").parse::<i64>().ok();
    let c = NewConversation {
        account_id: l.account_id,
        contact_id,
        kind: ConversationKind::parse(&form.value("kind")).unwrap_or(ConversationKind::Call),
        direction: Direction::parse(&form.value("direction")).unwrap_or(Direction::Out),
        happened_at,
        summary: form.value("summary"),
        body: form.value("body"),
        outcome: None,
    };
    let lapse = crate::domain::triage::LapseReason::parse(&form.value("lapse")).ok();
    app.store
        .log_with(&c, lapse, l.follow_up, now)
        .map(|_| "status.logged")
        .map_err(|e| field_error(app, e))
}

fn save_order(app: &mut App, account_id: i64, form: Form) -> Result<&'static str, Errors> {
    let currency = app.store.currency();
    let amount = parse_amount_in(&form.value("amount"), currency)
        .map_err(|e| vec![("amount", app.i18n.amount_error(&e, currency))])?;
    let now = app.now();
    let when = form.value("when");
    let at = if when.trim().is_empty() {
        now
    } else {
        parse_instant(&when, now, app.clock.zone())
            .map_err(|e| vec![("when", app.i18n.when_error(&e))])?
    };
    app.store
        .add_order(account_id, at, amount, &form.value("note"), now)
        .map(|_| "status.order_added")
        .map_err(|e| field_error(app, e))
}

fn save_retract(app: &mut App, id: i64, form: Form) -> Result<&'static str, Errors> {
    let now = app.now();
    app.store
        .retract_conversation(id, &form.value("reason"), now)
        .map(|_| "status.retracted")
        .map_err(|e| field_error(app, e))
}

/// Undo a retraction from the conversation viewer.
pub fn restore_conversation(app: &mut App, id: i64) {
    let now = app.now();
    match app.store.restore_conversation(id, now) {
        Ok(()) => {
            app.popups.pop();
            match app.store.conversation(id) {
                Ok(c) => app.refresh_account(c.account_id),
                Err(_) => app.refresh(),
            }
            app.info(app.i18n.t("status.restored").to_string());
        }
        Err(e) => app.error(&e),
    }
}

/// Hide the account from lists (nothing is deleted).
pub fn archive(app: &mut App, id: i64) {
    let now = app.now();
    match app.store.set_archived(id, true, now) {
        Ok(()) => {
            app.account = None;
            app.screen = crate::app::Screen::Accounts;
            app.refresh_account(id);
            app.info(app.i18n.t("status.archived").to_string());
        }
        Err(e) => app.error(&e),
    }
}
