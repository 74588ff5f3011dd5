//! Popups: forms, the conversation viewer and confirmations. They see keys
//! before the screen does.

use std::time::Instant;

use chrono::{DateTime, Utc};

use super::form::Form;
use super::{Action, App, EditCmd};
use crate::domain::model::{Conversation, Draft, Order};

mod build;
mod followup;
mod history;
mod import;
mod order;
mod save;

pub(super) use build::{
    open_account_form, open_archive_confirm, open_contact_form, open_entry, open_log_form,
    open_order_form,
};
pub(super) use followup::{
    open_cancel_form, open_complete_form, open_follow_up_form, open_plan_form, open_snooze_form,
};
pub(super) use import::open_import_form;
pub(super) use save::save_top;

/// What a confirmation does on "yes".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnYes {
    /// Close the form under the question (its draft stays).
    CloseForm,
    /// Archive the account.
    Archive(i64),
    /// Apply the plan in the form under the question a second time.
    ApplyPlanAgain,
}

/// The log-conversation form with its draft bookkeeping.
#[derive(Debug, Clone)]
pub struct LogForm {
    pub account_id: i64,
    /// Set when editing an existing conversation (a new revision).
    pub editing: Option<i64>,
    pub form: Form,
    /// Contact ids in the order of the contact choice (0 = nobody).
    pub contact_ids: Vec<i64>,
    /// Typed since the last draft save.
    pub dirty: bool,
    pub last_saved: Option<Instant>,
    /// A draft was restored into the form when it opened.
    pub restored: Option<DateTime<Utc>>,
    /// Saving completes this follow-up.
    pub follow_up: Option<i64>,
    /// Shown instead of the usual title (completing a follow-up says so).
    pub title: Option<String>,
}

impl LogForm {
    /// Whether the throttled draft save is due at `mono`.
    pub fn needs_save(&self, mono: Instant) -> bool {
        self.editing.is_none()
            && self.dirty
            && self
                .last_saved
                .is_none_or(|t| mono.duration_since(t).as_secs() as i64 >= super::DRAFT_EVERY_SECS)
    }

    /// Record a successful draft save.
    pub fn saved(&mut self, mono: Instant) {
        self.dirty = false;
        self.last_saved = Some(mono);
    }

    /// The form as a draft row.
    pub fn draft(&self) -> Draft {
        Draft {
            account_id: self.account_id,
            kind: self.form.value("kind"),
            direction: self.form.value("direction"),
            contact: self.form.value("contact"),
            when: self.form.value("when"),
            summary: self.form.value("summary"),
            body: self.form.value("body"),
        }
    }
}

/// Which popup.
#[derive(Debug, Clone)]
pub enum PopupKind {
    Account {
        editing: Option<i64>,
        form: Form,
    },
    Contact {
        account_id: i64,
        form: Form,
    },
    Log(LogForm),
    Order {
        account_id: i64,
        /// Set when editing an existing order (its earlier version is kept).
        editing: Option<i64>,
        form: Form,
    },
    VoidOrder {
        order_id: i64,
        form: Form,
    },
    Retract {
        conversation_id: i64,
        form: Form,
    },
    FollowUp {
        account_id: i64,
        form: Form,
    },
    ApplyPlan {
        account_id: i64,
        form: Form,
    },
    Import {
        form: Form,
    },
    /// The dry run's report, waiting for yes or no.
    ImportPreview {
        form: Form,
        lines: Vec<String>,
        can_commit: bool,
    },
    Snooze {
        follow_up_id: i64,
        form: Form,
        /// Which follow-up, in words (account — note).
        title: String,
    },
    CancelFollowUp {
        follow_up_id: i64,
        form: Form,
        title: String,
    },
    Conversation {
        conversation: Box<Conversation>,
        show_revisions: bool,
        scroll: u16,
    },
    /// One order with every earlier version and every void / restoration.
    OrderView {
        order: Box<Order>,
        scroll: u16,
    },
    Confirm {
        question: String,
        on_yes: OnYes,
    },
}

/// One open popup.
#[derive(Debug, Clone)]
pub struct Popup {
    pub kind: PopupKind,
}

impl Popup {
    /// The form inside, if this popup is a form.
    pub fn form(&self) -> Option<&Form> {
        match &self.kind {
            PopupKind::Account { form, .. }
            | PopupKind::Contact { form, .. }
            | PopupKind::Order { form, .. }
            | PopupKind::Retract { form, .. }
            | PopupKind::VoidOrder { form, .. }
            | PopupKind::FollowUp { form, .. }
            | PopupKind::ApplyPlan { form, .. }
            | PopupKind::Import { form }
            | PopupKind::Snooze { form, .. }
            | PopupKind::CancelFollowUp { form, .. } => Some(form),
            PopupKind::Log(l) => Some(&l.form),
            _ => None,
        }
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.kind {
            PopupKind::Account { form, .. }
            | PopupKind::Contact { form, .. }
            | PopupKind::Order { form, .. }
            | PopupKind::Retract { form, .. }
            | PopupKind::VoidOrder { form, .. }
            | PopupKind::FollowUp { form, .. }
            | PopupKind::ApplyPlan { form, .. }
            | PopupKind::Import { form }
            | PopupKind::Snooze { form, .. }
            | PopupKind::CancelFollowUp { form, .. } => Some(form),
            PopupKind::Log(l) => Some(&mut l.form),
            _ => None,
        }
    }
}

/// Route an action to the top popup.
pub(super) fn update(app: &mut App, action: Action) {
    let Some(top) = app.popups.last_mut() else {
        return;
    };
    match &mut top.kind {
        PopupKind::Confirm { on_yes, .. } => {
            let on_yes = on_yes.clone();
            match action {
                Action::Confirm(true) | Action::Save | Action::Open => {
                    app.popups.pop();
                    confirmed(app, on_yes);
                }
                Action::Confirm(false) | Action::Cancel | Action::Back => {
                    app.popups.pop();
                }
                _ => {}
            }
        }
        PopupKind::ImportPreview {
            form, can_commit, ..
        } => {
            let (form, ok) = (form.clone(), *can_commit);
            match action {
                Action::Confirm(true) | Action::Save | Action::Open if ok => {
                    import::commit(app, &form)
                }
                Action::Confirm(false) | Action::Cancel | Action::Back | Action::Confirm(true) => {
                    app.popups.pop();
                }
                _ => {}
            }
        }
        PopupKind::Conversation {
            conversation,
            show_revisions,
            scroll,
        } => match action {
            Action::Cancel | Action::Back => {
                app.popups.pop();
            }
            Action::ToggleRevisions => *show_revisions = !*show_revisions,
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Top => *scroll = 0,
            // Already retracted: refused at once, saying when and why.
            Action::Retract => match &conversation.retracted {
                Some(r) => {
                    let refusal = crate::domain::history::Refusal::AlreadyRetracted {
                        id: conversation.id,
                        reason: r.reason.clone(),
                        at: r.at,
                    };
                    app.error(&crate::store::StoreError::Refused(refusal));
                }
                None => {
                    let id = conversation.id;
                    build::open_retract_form(app, id);
                }
            },
            Action::RestoreConversation => {
                let id = conversation.id;
                save::restore_conversation(app, id);
            }
            Action::EditConversation => {
                let (account_id, id) = (conversation.account_id, conversation.id);
                open_log_form(app, account_id, Some(id));
            }
            _ => {}
        },
        PopupKind::OrderView { .. } => order::update_view(app, action),
        _ => form_update(app, action),
    }
}

fn form_update(app: &mut App, action: Action) {
    let Some(top) = app.popups.last_mut() else {
        return;
    };
    match action {
        Action::Save => save::save_top(app),
        Action::Cancel | Action::Back => {
            let touched = top.form().is_some_and(|f| f.touched);
            if touched {
                let question = app.i18n.t("confirm.close_form").to_string();
                app.popups.push(Popup {
                    kind: PopupKind::Confirm {
                        question,
                        on_yes: OnYes::CloseForm,
                    },
                });
            } else {
                close_top_form(app);
            }
        }
        Action::NextField => {
            if let Some(f) = top.form_mut() {
                f.move_focus(true);
            }
        }
        Action::PrevField => {
            if let Some(f) = top.form_mut() {
                f.move_focus(false);
            }
        }
        Action::DiscardDraft => {
            if let PopupKind::Log(l) = &top.kind {
                if l.editing.is_none() {
                    let (account_id, editing) = (l.account_id, l.editing);
                    if let Err(e) = app.store.discard_draft(account_id) {
                        app.error(&e);
                    }
                    app.popups.pop();
                    open_log_form(app, account_id, editing);
                    app.info(app.i18n.t("status.draft_discarded").to_string());
                }
            }
        }
        Action::Edit(cmd) => {
            let changed = top.form_mut().is_some_and(|f| f.input(cmd));
            // Enter in a one-line field moves on, as in any form.
            if !changed && matches!(cmd, EditCmd::Newline | EditCmd::LeaveField) {
                if let Some(f) = top.form_mut() {
                    f.move_focus(true);
                }
            }
            after_edit(app, changed);
        }
        Action::Paste(s) => {
            if let Some(f) = top.form_mut() {
                f.paste(&s);
            }
            after_edit(app, true);
        }
        _ => {}
    }
}

/// Bookkeeping after the user typed into the top form.
fn after_edit(app: &mut App, changed: bool) {
    if !changed {
        return;
    }
    if let Some(Popup {
        kind: PopupKind::Contact { form, .. },
    }) = app.popups.last()
    {
        if form.focused_name() == "which" {
            build::load_chosen_contact(app);
        }
    }
    let now = app.now();
    let zone = app.clock.zone();
    let fmt = app.date_format();
    if let Some(Popup {
        kind: PopupKind::Log(l),
        ..
    }) = app.popups.last_mut()
    {
        l.dirty = l.editing.is_none();
        build::describe_when(&mut l.form, "when", now, zone, fmt, &app.i18n);
    }
    if let Some(Popup {
        kind: PopupKind::Order { form, .. },
        ..
    }) = app.popups.last_mut()
    {
        build::describe_when(form, "when", now, zone, fmt, &app.i18n);
    }
    let date_field = match app.popups.last() {
        Some(Popup {
            kind: PopupKind::FollowUp { .. },
        }) => Some("due"),
        Some(Popup {
            kind: PopupKind::Snooze { .. },
        }) => Some("until"),
        Some(Popup {
            kind: PopupKind::ApplyPlan { .. },
        }) => Some("start"),
        _ => None,
    };
    if let Some(field) = date_field {
        if let Some(mut form) = app.popups.last().and_then(Popup::form).cloned() {
            followup::describe_due(app, &mut form, field);
            if let Some(f) = app.popups.last_mut().and_then(Popup::form_mut) {
                *f = form;
            }
        }
    }
    if let Some(Popup {
        kind: PopupKind::Account { form, .. },
        ..
    }) = app.popups.last_mut()
    {
        build::nudge_reading(form, &app.i18n);
    }
}

/// Close the top form, saving a log form's draft first so it stays.
fn close_top_form(app: &mut App) {
    app.flush_drafts();
    let kept = matches!(app.popups.last(), Some(Popup { kind: PopupKind::Log(l), .. }) if l.editing.is_none() && !l.draft().is_blank());
    app.popups.pop();
    if kept {
        app.info(app.i18n.t("status.draft_kept").to_string());
    }
}

fn confirmed(app: &mut App, on_yes: OnYes) {
    match on_yes {
        OnYes::CloseForm => close_top_form(app),
        OnYes::Archive(id) => save::archive(app, id),
        OnYes::ApplyPlanAgain => history::apply_plan_again(app),
    }
}
