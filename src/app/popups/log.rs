//! Log a conversation, complete a follow-up by logging it, or revise one
//! (a new revision: the earlier text is kept). What is typed is saved as
//! a draft every few seconds and on close, so nothing typed is lost.

use std::time::Instant;

use chrono::{DateTime, Utc};

use super::dates::{contact_choices, describe_when, instant, words};
use super::{FormPopup, Outcome};
use crate::app::command::Command;
use crate::app::form::{Field, FieldErrors, Form};
use crate::app::{Action, App};
use crate::domain::model::{ConversationKind, Direction, Draft, NewConversation, Revision, Status};
use crate::domain::triage::{FollowUp, LapseReason};
use crate::store::StoreError;

/// The log-conversation form with its draft bookkeeping.
#[derive(Debug)]
pub struct LogPopup {
    pub account_id: i64,
    /// Set when revising an existing conversation.
    pub editing: Option<i64>,
    pub form: Form,
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

impl LogPopup {
    /// Log a conversation. Opens in the summary field, so logging a call is
    /// `l`, type, `Ctrl-S`; a saved draft comes back pre-filled.
    pub fn open(app: &App, account_id: i64) -> Result<LogPopup, StoreError> {
        let mut form = Form::new(
            vec![
                Field::choice(
                    "kind",
                    "field.conv_kind",
                    words(ConversationKind::ALL, "conv"),
                    "call",
                ),
                Field::choice(
                    "direction",
                    "field.direction",
                    words(Direction::ALL, "dir"),
                    "out",
                ),
                Field::choice(
                    "contact",
                    "field.contact",
                    contact_choices(app, account_id),
                    "",
                ),
                Field::text("when", "field.when", ""),
                Field::text("summary", "field.summary", ""),
                Field::multiline("body", "field.body", ""),
            ],
            4,
        );
        // Ask why a customer stopped only where it applies: lapsed or quiet.
        let lapsed = app
            .store
            .account(account_id)
            .is_ok_and(|a| a.status == Status::Lapsed);
        let quiet = app
            .quiet
            .list
            .items
            .iter()
            .any(|q| q.account_id == account_id);
        if lapsed || quiet {
            let mut reasons = vec![(String::new(), "lapse.none".to_string())];
            reasons.extend(words(LapseReason::ALL, "lapse"));
            form.fields
                .push(Field::choice("lapse", "field.lapse_reason", reasons, ""));
        }
        // Which deal it moves on, when the account has open ones.
        let deals = app.store.deals(
            &crate::domain::deals::DealFilter {
                account_id: Some(account_id),
                ..crate::domain::deals::DealFilter::open()
            },
            app.now(),
        )?;
        if !deals.is_empty() {
            let mut options = vec![(String::new(), "pipeline12.no_deal".to_string())];
            options.extend(deals.iter().map(|d| (d.id.to_string(), d.title.clone())));
            form.fields
                .push(Field::choice("deal", "pipeline12.field_deal", options, ""));
        }
        let mut restored = None;
        if let Some(d) = app.store.draft(account_id)? {
            for (name, v) in [
                ("kind", &d.kind),
                ("direction", &d.direction),
                ("contact", &d.contact),
                ("when", &d.when),
                ("summary", &d.summary),
                ("body", &d.body),
            ] {
                form.set(name, v);
            }
            form.touched = true;
            restored = Some(app.now());
        }
        describe_when(&mut form, "when", app);
        Ok(LogPopup {
            account_id,
            editing: None,
            form,
            dirty: false,
            last_saved: None,
            restored,
            follow_up: None,
            title: None,
        })
    }

    /// Revise a conversation: its current text, to change.
    pub fn revise(app: &App, id: i64) -> Result<LogPopup, StoreError> {
        let c = app.store.conversation(id)?;
        let cur = c.current().cloned().unwrap_or_else(|| Revision {
            summary: String::new(),
            body: String::new(),
            outcome: None,
            at: c.logged_at,
        });
        let form = Form::new(
            vec![
                Field::text("summary", "field.summary", &cur.summary),
                Field::multiline("body", "field.body", &cur.body),
                Field::text(
                    "outcome",
                    "field.outcome",
                    cur.outcome.as_deref().unwrap_or(""),
                ),
            ],
            0,
        );
        Ok(LogPopup {
            account_id: c.account_id,
            editing: Some(id),
            form,
            dirty: false,
            last_saved: None,
            restored: None,
            follow_up: None,
            title: None,
        })
    }

    /// Completing a follow-up is logging the conversation: the log form,
    /// pre-filled with the follow-up's contact and kind.
    pub fn complete(app: &App, follow_up_id: i64) -> Result<LogPopup, StoreError> {
        let f = app.store.follow_up(follow_up_id)?;
        let mut l = LogPopup::open(app, f.account_id)?;
        l.follow_up = Some(follow_up_id);
        l.title = Some(follow_up_title(app, "form.complete", &f));
        l.form.set("kind", f.kind.as_str());
        if let Some(c) = f.contact_id {
            l.form.set("contact", &c.to_string());
        }
        Ok(l)
    }

    /// Whether the throttled draft save is due at `mono`.
    pub fn needs_save(&self, mono: Instant) -> bool {
        self.editing.is_none()
            && self.dirty
            && self.last_saved.is_none_or(|t| {
                mono.duration_since(t).as_secs() as i64 >= crate::app::DRAFT_EVERY_SECS
            })
    }

    /// Record a successful draft save.
    pub fn saved(&mut self, mono: Instant) {
        self.dirty = false;
        self.last_saved = Some(mono);
    }

    /// Closing keeps a draft of what was typed.
    pub fn keeps_draft(&self) -> bool {
        self.editing.is_none() && !self.draft().is_blank()
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

impl FormPopup for LogPopup {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }
    fn title(&self, app: &App) -> String {
        let name = crate::domain::text::shown(&app.account_name(self.account_id)).into_owned();
        let key = match self.editing {
            Some(_) => "form.edit_conversation",
            None => "form.log",
        };
        self.title
            .clone()
            .unwrap_or_else(|| app.i18n.f(key, &[("name", &name)]))
    }
    fn opening_note(&self, app: &App) -> Option<String> {
        self.restored.map(|_| app.i18n.t("status.draft_restored"))
    }
    fn handle_own(&mut self, action: &Action, _app: &App) -> Outcome {
        match action {
            Action::DiscardDraft if self.editing.is_none() => {
                Outcome::Run(Command::DiscardDraft(self.account_id))
            }
            _ => Outcome::Ignored,
        }
    }
    fn edited(&mut self, app: &App) {
        self.dirty = self.editing.is_none();
        if self.editing.is_none() {
            describe_when(&mut self.form, "when", app);
        }
    }
    fn submit(&self, app: &App) -> Result<Command, FieldErrors> {
        let form = &self.form;
        if let Some(id) = self.editing {
            return Ok(Command::Revise {
                id,
                account_id: self.account_id,
                summary: form.value("summary"),
                body: form.value("body"),
                outcome: form.optional("outcome"),
            });
        }
        let conversation = NewConversation {
            account_id: self.account_id,
            contact_id: form.value("contact").parse::<i64>().ok(),
            kind: ConversationKind::parse(&form.value("kind")).unwrap_or(ConversationKind::Call),
            direction: Direction::parse(&form.value("direction")).unwrap_or(Direction::Out),
            happened_at: instant(form, "when", app)?,
            summary: form.value("summary"),
            body: form.value("body"),
            outcome: None,
        };
        Ok(Command::Log {
            conversation,
            lapse: LapseReason::parse(&form.value("lapse")).ok(),
            completes: self.follow_up,
            deal: form.value("deal").parse().ok(),
        })
    }
}

/// Title of a form about one follow-up: which one it is.
pub fn follow_up_title(app: &App, key: &str, f: &FollowUp) -> String {
    let mut s = format!("{} · {}", app.i18n.t(key), f.account_name);
    if !f.note.is_empty() {
        s.push_str(&format!(" — {}", f.note));
    }
    s
}
