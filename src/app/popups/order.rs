//! Orders from the account timeline: the order viewer (every earlier
//! version, every void and restoration), the edit form and the void form.
//! Edits and voids go through the store's order edit / void, so nothing
//! recorded is ever lost.

use super::{Popup, PopupKind};
use crate::app::form::{Field, Form};
use crate::app::{Action, App};
use crate::domain::history::Refusal;
use crate::domain::model::{Order, OrderChange};
use crate::domain::money::{format_plain, parse_amount_in};
use crate::domain::when::parse_instant;
use crate::domain::zone::Zone;
use crate::store::StoreError;

type Errors = Vec<(&'static str, String)>;

/// Show one order in full.
pub fn open_order_view(app: &mut App, id: i64) {
    match app.store.order(id) {
        Ok(order) => app.popups.push(Popup {
            kind: PopupKind::OrderView {
                order: Box::new(order),
                scroll: 0,
            },
        }),
        Err(e) => app.error(&e),
    }
}

/// Keys in the order viewer: the same as the conversation viewer's
/// (`e` edit, `x` void, `u` restore, `j`/`k` scroll, Esc close).
pub fn update_view(app: &mut App, action: Action) {
    let Some(Popup {
        kind: PopupKind::OrderView { order, scroll },
    }) = app.popups.last_mut()
    else {
        return;
    };
    match action {
        Action::Cancel | Action::Back => {
            app.popups.pop();
        }
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = scroll.saturating_add(10),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::Top => *scroll = 0,
        Action::EditOrder => {
            let id = order.id;
            open_edit_form(app, id);
        }
        Action::VoidOrder => {
            let id = order.id;
            open_void_form(app, id);
        }
        Action::RestoreOrder => {
            let id = order.id;
            restore(app, id);
        }
        _ => {}
    }
}

/// The order's date as the edit form shows it: local date and time, to
/// the minute (read back unchanged, the date is left alone).
pub fn when_text(app: &App, o: &Order) -> String {
    app.clock
        .zone()
        .local_time(o.ordered_at)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The order as it is on file now, or the refusal to show when it is
/// voided (another program may have voided it since the viewer opened).
fn live_order(app: &mut App, id: i64) -> Option<Order> {
    match app.store.order(id) {
        Ok(o) if o.voided.is_some() => {
            app.error(&StoreError::Refused(Refusal::EditVoided { id }));
            None
        }
        Ok(o) => Some(o),
        Err(e) => {
            app.error(&e);
            None
        }
    }
}

/// Edit an order: the order form, pre-filled.
fn open_edit_form(app: &mut App, id: i64) {
    let Some(o) = live_order(app, id) else {
        return;
    };
    let mut form = Form::new(
        vec![
            // Plain, in the currency's units: 29.33, not the 2933 cents.
            Field::text(
                "amount",
                "field.amount",
                &format_plain(o.amount, app.store.currency()),
            ),
            Field::date("when", "field.when", &when_text(app, &o)),
            Field::text("note", "field.note", &o.note),
        ],
        0,
    );
    let (now, zone, fmt) = (app.now(), app.clock.zone(), app.date_format());
    super::build::describe_when(&mut form, "when", now, zone, fmt, &app.i18n);
    app.popups.push(Popup {
        kind: PopupKind::Order {
            account_id: o.account_id,
            editing: Some(id),
            form,
        },
    });
}

/// Ask for the reason, then void. A voided order is refused at once, with
/// when and why it was voided.
fn open_void_form(app: &mut App, id: i64) {
    match app.store.order(id) {
        Ok(o) => {
            if let Some(v) = o.voided {
                let refusal = Refusal::AlreadyVoided {
                    id,
                    reason: v.reason,
                    at: v.at,
                };
                return app.error(&StoreError::Refused(refusal));
            }
        }
        Err(e) => return app.error(&e),
    }
    let form = Form::new(vec![Field::text("reason", "field.reason", "")], 0);
    app.popups.push(Popup {
        kind: PopupKind::VoidOrder { order_id: id, form },
    });
}

/// Undo a void from the viewer; the viewer then shows the order afresh.
fn restore(app: &mut App, id: i64) {
    let now = app.now();
    match app.store.restore_order(id, now) {
        Ok(()) => {
            reopen_view(app, id);
            app.info(app.i18n.t("ordertui.restored"));
        }
        Err(e) => app.error(&e),
    }
}

/// After a write: the viewer under the top popup shows the order as it is
/// now, and the account everywhere is brought up to date.
pub fn reopen_view(app: &mut App, id: i64) {
    if let Some(Popup {
        kind: PopupKind::OrderView { order, .. },
    }) = app.popups.last_mut()
    {
        match app.store.order(id) {
            Ok(o) => **order = o,
            Err(_) => {
                app.popups.pop();
            }
        }
    }
    match app.store.order(id) {
        Ok(o) => app.refresh_account(o.account_id),
        Err(_) => app.refresh(),
    }
}

/// Save the edit form: only what was changed is given to the store, which
/// keeps the version it replaces.
pub fn save_edit(app: &mut App, id: i64, form: &Form) -> Result<&'static str, Errors> {
    let Some(o) = live_order(app, id) else {
        return Err(vec![]);
    };
    let currency = app.store.currency();
    let amount = parse_amount_in(&form.value("amount"), currency)
        .map_err(|e| vec![("amount", app.i18n.amount_error(&e, currency))])?;
    let now = app.now();
    let when = form.value("when");
    let ordered_at = if when.trim() == when_text(app, &o) {
        None
    } else {
        let at = parse_instant(&when, now, app.clock.zone())
            .map_err(|e| vec![("when", app.i18n.when_error(&e))])?;
        Some(at).filter(|at| *at != o.ordered_at)
    };
    let note = form.value("note");
    let change = OrderChange {
        ordered_at,
        amount: Some(amount).filter(|a| *a != o.amount),
        note: Some(note.trim().to_string()).filter(|n| *n != o.note),
    };
    if change == OrderChange::default() {
        let focus = form.focused_name();
        return Err(vec![(focus, app.i18n.t("ordertui.nothing_changed"))]);
    }
    app.store
        .edit_order(id, &change, now)
        .map(|_| "ordertui.edited")
        .map_err(|e| super::save::field_error(app, e))
}

/// Save the void form.
pub fn save_void(app: &mut App, id: i64, form: &Form) -> Result<&'static str, Errors> {
    let now = app.now();
    app.store
        .void_order(id, &form.value("reason"), now)
        .map(|_| "ordertui.voided")
        .map_err(|e| super::save::field_error(app, e))
}
