//! Opening popups: each form built with its fields and starting values.

use chrono::{DateTime, Utc};

use super::{LogForm, OnYes, Popup, PopupKind};
use crate::app::form::{Field, Form};
use crate::app::App;
use crate::clock::OperatorZone;
use crate::domain::model::{AccountKind, ConversationKind, Direction, Status};
use crate::domain::when::parse_when;
use crate::domain::zone::Zone;
use crate::i18n::I18n;

fn words<T: Copy + std::fmt::Display>(all: &[T], prefix: &str) -> Vec<(String, String)> {
    all.iter()
        .map(|w| (w.to_string(), format!("{prefix}.{w}")))
        .collect()
}

/// Add (None) or edit an account.
pub fn open_account_form(app: &mut App, editing: Option<i64>) {
    let f = match editing {
        Some(id) => match app.store.account(id) {
            Ok(a) => a.fields(),
            Err(e) => return app.error(&e),
        },
        None => Default::default(),
    };
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut form = Form::new(
        vec![
            Field::text("name", "field.name", &f.name),
            Field::text("reading", "field.reading", &s(&f.reading)),
            Field::text("code", "field.code", &s(&f.code)),
            Field::choice(
                "kind",
                "field.kind",
                words(AccountKind::ALL, "kind"),
                &f.kind.unwrap_or(AccountKind::Company).to_string(),
            ),
            Field::choice(
                "status",
                "field.status",
                words(Status::ALL, "status"),
                &f.status.unwrap_or(Status::Prospect).to_string(),
            ),
            Field::choice(
                "honorific",
                "field.honorific",
                honorific_options(),
                f.honorific.map(|h| h.as_str()).unwrap_or(""),
            ),
            Field::text("phone", "field.phone", &s(&f.phone)),
            Field::text("email", "field.email", &s(&f.email)),
            Field::text("address", "field.address", &s(&f.address)),
            Field::text("tags", "field.tags", &f.tags.join(", ")),
            Field::text(
                "interval_days",
                "field.interval_days",
                &f.interval_days.map(|d| d.to_string()).unwrap_or_default(),
            ),
            Field::multiline("note", "field.note", &f.note),
        ],
        0,
    );
    nudge_reading(&mut form, &app.i18n);
    app.popups.push(Popup {
        kind: PopupKind::Account { editing, form },
    });
}

/// 様 / 御中 / 殿 / none, for the account form.
fn honorific_options() -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "honorific.none".to_string())];
    v.extend(
        crate::domain::model::Honorific::ALL
            .iter()
            .map(|h| (h.to_string(), format!("honorific.{h}"))),
    );
    v
}

/// Say so when a name with kanji has no reading: search by kana and
/// romaji, and 五十音 order, need one.
pub fn nudge_reading(form: &mut Form, i18n: &I18n) {
    let has_kanji = form
        .value("name")
        .chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c));
    if has_kanji && form.value("reading").trim().is_empty() {
        form.hints
            .insert("reading", i18n.t("hint.reading_missing").to_string());
    } else {
        form.hints.remove("reading");
    }
}

/// Add a person at the account.
pub fn open_contact_form(app: &mut App, account_id: i64) {
    let contacts = app.store.contacts(account_id).unwrap_or_default();
    let mut fields = Vec::new();
    // With people already on record, the first field picks whom to edit
    // ("new" adds one), so adding and editing share one form.
    if !contacts.is_empty() {
        let mut options = vec![(String::new(), "form.new_contact".to_string())];
        options.extend(contacts.iter().map(|c| (c.id.to_string(), c.name.clone())));
        fields.push(Field::choice("which", "field.which_contact", options, ""));
    }
    fields.extend([
        Field::text("name", "field.name", ""),
        Field::text("reading", "field.reading", ""),
        Field::text("role", "field.role", ""),
        Field::text("phone", "field.phone", ""),
        Field::text("email", "field.email", ""),
    ]);
    app.popups.push(Popup {
        kind: PopupKind::Contact {
            account_id,
            form: Form::new(fields, 0),
        },
    });
}

/// Fill the contact form with the person chosen in its first field.
pub fn load_chosen_contact(app: &mut App) {
    let Some(Popup {
        kind: PopupKind::Contact { account_id, form },
    }) = app.popups.last_mut()
    else {
        return;
    };
    let chosen = form.value("which").parse::<i64>().ok();
    let contact = chosen.and_then(|id| {
        app.store
            .contacts(*account_id)
            .ok()
            .and_then(|cs| cs.into_iter().find(|c| c.id == id))
    });
    let c = contact.unwrap_or_default();
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    form.set("name", &c.name);
    form.set("reading", &s(&c.reading));
    form.set("role", &s(&c.role));
    form.set("phone", &s(&c.phone));
    form.set("email", &s(&c.email));
}

/// Log a conversation (or, with `editing`, revise one). Opens in the
/// summary field, so logging a call is `l`, type, `Ctrl-S`; a saved draft
/// comes back pre-filled.
pub fn open_log_form(app: &mut App, account_id: i64, editing: Option<i64>) {
    if let Some(id) = editing {
        let c = match app.store.conversation(id) {
            Ok(c) => c,
            Err(e) => return app.error(&e),
        };
        let cur = c
            .current()
            .cloned()
            .unwrap_or_else(|| crate::domain::model::Revision {
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
        let l = LogForm {
            account_id,
            editing,
            form,
            contact_ids: vec![],
            dirty: false,
            last_saved: None,
            restored: None,
            follow_up: None,
            title: None,
        };
        app.popups.push(Popup {
            kind: PopupKind::Log(l),
        });
        return;
    }
    let contacts = app.store.contacts(account_id).unwrap_or_default();
    let mut contact_opts = vec![(String::new(), "form.nobody".to_string())];
    let mut contact_ids = vec![0];
    for c in &contacts {
        contact_opts.push((c.id.to_string(), c.name.clone()));
        contact_ids.push(c.id);
    }
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
            Field::choice("contact", "field.contact", contact_opts, ""),
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
        .is_ok_and(|a| a.status == crate::domain::model::Status::Lapsed);
    let quiet = app
        .quiet
        .list
        .items
        .iter()
        .any(|q| q.account_id == account_id);
    if lapsed || quiet {
        let mut reasons = vec![(String::new(), "lapse.none".to_string())];
        reasons.extend(
            crate::domain::triage::LapseReason::ALL
                .iter()
                .map(|r| (r.to_string(), format!("lapse.{r}"))),
        );
        form.fields
            .push(Field::choice("lapse", "field.lapse_reason", reasons, ""));
    }
    let mut restored = None;
    match app.store.draft(account_id) {
        Ok(Some(d)) => {
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
        Ok(None) => {}
        Err(e) => app.error(&e),
    }
    let (now, zone, fmt) = (app.now(), app.clock.zone(), app.date_format());
    describe_when(&mut form, "when", now, zone, fmt, &app.i18n);
    let l = LogForm {
        account_id,
        editing: None,
        form,
        contact_ids,
        dirty: false,
        last_saved: None,
        restored,
        follow_up: None,
        title: None,
    };
    app.popups.push(Popup {
        kind: PopupKind::Log(l),
    });
    if restored.is_some() {
        app.info(app.i18n.t("status.draft_restored").to_string());
    }
}

/// Record a purchase.
pub fn open_order_form(app: &mut App, account_id: i64) {
    let mut form = Form::new(
        vec![
            Field::text("amount", "field.amount", ""),
            Field::text("when", "field.when", ""),
            Field::text("note", "field.note", ""),
        ],
        0,
    );
    let (now, zone, fmt) = (app.now(), app.clock.zone(), app.date_format());
    describe_when(&mut form, "when", now, zone, fmt, &app.i18n);
    app.popups.push(Popup {
        kind: PopupKind::Order {
            account_id,
            editing: None,
            form,
        },
    });
}

/// Ask for the reason, then retract.
pub fn open_retract_form(app: &mut App, conversation_id: i64) {
    let form = Form::new(vec![Field::text("reason", "field.reason", "")], 0);
    app.popups.push(Popup {
        kind: PopupKind::Retract {
            conversation_id,
            form,
        },
    });
}

/// Show the selected timeline entry in full: a conversation or an order.
pub fn open_entry(app: &mut App) {
    use crate::domain::model::TimelineEntry;
    let (id, order) = match app.account.as_ref().and_then(|v| v.selected_entry()) {
        Some(TimelineEntry::Conversation(c)) => (c.id, false),
        Some(TimelineEntry::Order(o)) => (o.id, true),
        None => return,
    };
    if order {
        return super::order::open_order_view(app, id);
    }
    match app.store.conversation(id) {
        Ok(c) => app.popups.push(Popup {
            kind: PopupKind::Conversation {
                conversation: Box::new(c),
                show_revisions: false,
                scroll: 0,
            },
        }),
        Err(e) => app.error(&e),
    }
}

/// Ask before hiding an account.
pub fn open_archive_confirm(app: &mut App, id: i64) {
    let name = app.store.account(id).map(|a| a.name).unwrap_or_default();
    let question = app.i18n.f(
        "confirm.archive",
        &[("name", &crate::domain::text::sanitize(&name))],
    );
    app.popups.push(Popup {
        kind: PopupKind::Confirm {
            question,
            on_yes: OnYes::Archive(id),
        },
    });
}

/// Show the resolved date beside a date field as it is typed, or the
/// problem inline.
pub fn describe_when(
    form: &mut Form,
    field: &'static str,
    now: DateTime<Utc>,
    zone: OperatorZone,
    fmt: crate::domain::dates::DateFormat,
    i18n: &I18n,
) {
    let input = form.value(field);
    let local_now = zone.local_time(now);
    if input.trim().is_empty() {
        form.hints.insert(field, i18n.t("hint.now").to_string());
        form.errors.remove(field);
        return;
    }
    match parse_when(&input, local_now) {
        Ok(w) => {
            let mut text = fmt.long(w.date());
            if let Some(t) = w.time() {
                text.push_str(&t.format(" %H:%M").to_string());
            }
            form.hints.insert(field, format!("→ {text}"));
            form.errors.remove(field);
        }
        Err(e) => {
            form.hints.remove(field);
            form.errors.insert(field, i18n.when_error(&e));
        }
    }
}
