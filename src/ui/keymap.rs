//! One keymap: each layer's bindings with a description. The footer and
//! the `?` overlay are drawn from it, never written twice.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::{Action, App, PopupKind, Screen};

/// Which set of bindings is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Today,
    Quiet,
    Reports,
    Accounts,
    Filter,
    Account,
    Form,
    Conversation,
    Order,
    Confirm,
}

/// One binding: the keys, what they do, how it is described.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Vec<(KeyCode, KeyModifiers)>,
    /// Shown in the footer and help, e.g. `j/↓`.
    pub label: &'static str,
    /// The label of a key the user rebound in the config.
    pub custom_label: Option<String>,
    pub action: Action,
    /// Message-catalogue key of the description.
    pub desc: &'static str,
    /// Listed in the footer (everything is listed in help).
    pub footer: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), NONE)
}

fn b(
    keys: Vec<(KeyCode, KeyModifiers)>,
    label: &'static str,
    action: Action,
    desc: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        label,
        custom_label: None,
        action,
        desc,
        footer,
    }
}

fn moves() -> Vec<Binding> {
    vec![
        b(
            vec![ch('j'), (KeyCode::Down, NONE)],
            "j/↓",
            Action::Down,
            "key.down",
            false,
        ),
        b(
            vec![ch('k'), (KeyCode::Up, NONE)],
            "k/↑",
            Action::Up,
            "key.up",
            false,
        ),
        b(
            vec![(KeyCode::PageDown, NONE), (KeyCode::Char('d'), CTRL)],
            "PgDn",
            Action::PageDown,
            "key.page_down",
            false,
        ),
        b(
            vec![(KeyCode::PageUp, NONE), (KeyCode::Char('u'), CTRL)],
            "PgUp",
            Action::PageUp,
            "key.page_up",
            false,
        ),
        b(
            vec![ch('g'), (KeyCode::Home, NONE)],
            "g",
            Action::Top,
            "key.top",
            false,
        ),
        b(
            vec![ch('G'), (KeyCode::End, NONE)],
            "G",
            Action::Bottom,
            "key.bottom",
            false,
        ),
    ]
}

/// Closing and scrolling a viewer (conversation, order).
fn viewer_keys() -> Vec<Binding> {
    let mut v = vec![b(
        vec![(KeyCode::Esc, NONE), ch('q')],
        "Esc",
        Action::Back,
        "key.close",
        true,
    )];
    v.extend(moves().into_iter().filter(|m| m.action != Action::Bottom));
    v
}

fn global() -> Vec<Binding> {
    vec![
        b(
            vec![ch('1')],
            "1",
            Action::Screen(Screen::Accounts),
            "key.screen_accounts",
            false,
        ),
        b(
            vec![ch('2')],
            "2",
            Action::Screen(Screen::Today),
            "key.screen_today",
            false,
        ),
        b(
            vec![ch('3')],
            "3",
            Action::Screen(Screen::Quiet),
            "key.screen_quiet",
            false,
        ),
        b(
            vec![ch('4')],
            "4",
            Action::Screen(Screen::Reports),
            "insight.key_screen",
            false,
        ),
        b(vec![ch('?')], "?", Action::ToggleHelp, "key.help", true),
        b(vec![ch('q')], "q", Action::Quit, "key.quit", true),
    ]
}

fn account_actions() -> Vec<Binding> {
    vec![
        b(vec![ch('l')], "l", Action::Log, "key.log", true),
        b(vec![ch('o')], "o", Action::AddOrder, "key.order", true),
        b(
            vec![ch('e')],
            "e",
            Action::EditAccount,
            "key.edit_account",
            true,
        ),
        b(
            vec![ch('c')],
            "c",
            Action::AddContact,
            "key.contacts",
            false,
        ),
        b(
            vec![ch('a')],
            "a",
            Action::AddAccount,
            "key.add_account",
            false,
        ),
        b(vec![ch('x')], "x", Action::Archive, "key.archive", false),
        b(
            vec![ch('f')],
            "f",
            Action::ScheduleFollowUp,
            "key.schedule",
            false,
        ),
        b(
            vec![ch('p')],
            "p",
            Action::ApplyPlan,
            "key.apply_plan",
            false,
        ),
    ]
}

/// The bindings of one layer, in help order.
pub fn bindings(layer: Layer) -> Vec<Binding> {
    let mut v = Vec::new();
    match layer {
        Layer::Today => {
            v.push(b(vec![ch('l')], "l", Action::Log, "key.log_complete", true));
            v.push(b(
                vec![(KeyCode::Enter, NONE)],
                "Enter",
                Action::Open,
                "key.open",
                true,
            ));
            v.push(b(vec![ch('z')], "z", Action::Snooze, "key.snooze", true));
            v.push(b(
                vec![ch('c')],
                "c",
                Action::CancelFollowUp,
                "key.cancel_follow_up",
                true,
            ));
            v.push(b(
                vec![ch('f')],
                "f",
                Action::ScheduleFollowUp,
                "key.schedule",
                true,
            ));
            v.extend(moves());
            v.extend(global());
        }
        Layer::Quiet => {
            v.push(b(
                vec![ch('f')],
                "f",
                Action::ScheduleFollowUp,
                "key.schedule",
                true,
            ));
            v.push(b(vec![ch('l')], "l", Action::Log, "key.log", true));
            v.push(b(
                vec![(KeyCode::Enter, NONE)],
                "Enter",
                Action::Open,
                "key.open",
                true,
            ));
            v.push(b(vec![ch('z')], "z", Action::Snooze, "key.snooze", false));
            v.push(b(
                vec![ch('c')],
                "c",
                Action::CancelFollowUp,
                "key.cancel_follow_up",
                false,
            ));
            v.push(reports::quiet_sort());
            v.extend(moves());
            v.extend(global());
        }
        Layer::Reports => v.extend(reports::bindings()),
        Layer::Accounts => {
            v.push(b(
                vec![(KeyCode::Enter, NONE)],
                "Enter",
                Action::Open,
                "key.open",
                true,
            ));
            v.push(b(
                vec![ch('/')],
                "/",
                Action::StartFilter,
                "key.filter",
                true,
            ));
            v.push(b(
                vec![ch('a')],
                "a",
                Action::AddAccount,
                "key.add_account",
                true,
            ));
            v.extend(
                account_actions()
                    .into_iter()
                    .filter(|x| x.action != Action::AddAccount)
                    .map(|mut x| {
                        x.footer = x.action == Action::Log;
                        x
                    }),
            );
            v.push(b(vec![ch('s')], "s", Action::ToggleSort, "key.sort", true));
            v.push(b(
                vec![ch('I'), ch(':')],
                "I",
                Action::Import,
                "key.import",
                false,
            ));
            v.push(b(
                vec![(KeyCode::Esc, NONE)],
                "Esc",
                Action::Back,
                "key.clear_filter",
                false,
            ));
            v.extend(moves());
            v.extend(global());
        }
        Layer::Filter => {
            v.push(b(
                vec![(KeyCode::Enter, NONE)],
                "Enter",
                Action::Open,
                "key.open",
                true,
            ));
            v.push(b(
                vec![(KeyCode::Tab, NONE)],
                "Tab",
                Action::NextField,
                "key.keep_filter",
                true,
            ));
            v.push(b(
                vec![(KeyCode::Esc, NONE)],
                "Esc",
                Action::Cancel,
                "key.clear_filter",
                true,
            ));
            v.push(b(
                vec![(KeyCode::Down, NONE), (KeyCode::Char('n'), CTRL)],
                "↓",
                Action::Down,
                "key.down",
                false,
            ));
            v.push(b(
                vec![(KeyCode::Up, NONE), (KeyCode::Char('p'), CTRL)],
                "↑",
                Action::Up,
                "key.up",
                false,
            ));
        }
        Layer::Account => {
            v.push(b(
                vec![(KeyCode::Enter, NONE)],
                "Enter",
                Action::Open,
                "key.open_conversation",
                true,
            ));
            v.extend(account_actions());
            v.push(b(
                vec![ch('z')],
                "z",
                Action::Snooze,
                "key.snooze_next",
                false,
            ));
            v.push(b(
                vec![ch('X')],
                "X",
                Action::CancelFollowUp,
                "key.cancel_next",
                false,
            ));
            v.push(b(
                vec![(KeyCode::Esc, NONE), (KeyCode::Backspace, NONE)],
                "Esc",
                Action::Back,
                "key.back",
                true,
            ));
            v.extend(moves());
            v.extend(global());
        }
        Layer::Form => {
            v.push(b(
                vec![(KeyCode::Char('s'), CTRL)],
                "Ctrl-S",
                Action::Save,
                "key.save",
                true,
            ));
            v.push(b(
                vec![(KeyCode::Tab, NONE)],
                "Tab",
                Action::NextField,
                "key.next_field",
                true,
            ));
            v.push(b(
                vec![
                    (KeyCode::BackTab, KeyModifiers::SHIFT),
                    (KeyCode::BackTab, NONE),
                ],
                "S-Tab",
                Action::PrevField,
                "key.prev_field",
                false,
            ));
            v.push(b(
                vec![(KeyCode::Esc, NONE)],
                "Esc",
                Action::Cancel,
                "key.cancel",
                true,
            ));
            v.push(b(
                vec![(KeyCode::Char('d'), CTRL)],
                "Ctrl-D",
                Action::DiscardDraft,
                "key.discard_draft",
                false,
            ));
        }
        Layer::Conversation => {
            v.push(b(
                vec![ch('r')],
                "r",
                Action::ToggleRevisions,
                "key.revisions",
                true,
            ));
            v.push(b(
                vec![ch('e')],
                "e",
                Action::EditConversation,
                "key.edit_conversation",
                true,
            ));
            v.push(b(vec![ch('x')], "x", Action::Retract, "key.retract", true));
            v.push(b(
                vec![ch('u')],
                "u",
                Action::RestoreConversation,
                "key.restore",
                false,
            ));
            v.extend(viewer_keys());
        }
        // The conversation viewer's keys, for an order: e / x / u.
        Layer::Order => {
            v.push(b(
                vec![ch('e')],
                "e",
                Action::EditOrder,
                "key.edit_order",
                true,
            ));
            v.push(b(
                vec![ch('x')],
                "x",
                Action::VoidOrder,
                "key.void_order",
                true,
            ));
            v.push(b(
                vec![ch('u')],
                "u",
                Action::RestoreOrder,
                "key.restore_order",
                true,
            ));
            v.extend(viewer_keys());
        }
        Layer::Confirm => {
            v.push(b(
                vec![ch('y'), (KeyCode::Enter, NONE)],
                "y",
                Action::Confirm(true),
                "key.yes",
                true,
            ));
            v.push(b(
                vec![ch('n'), (KeyCode::Esc, NONE)],
                "n",
                Action::Confirm(false),
                "key.no",
                true,
            ));
        }
    }
    v
}

impl Binding {
    /// The label to show: the user's key when rebound.
    pub fn shown_label(&self) -> &str {
        self.custom_label.as_deref().unwrap_or(self.label)
    }
}

/// The bindings of `layer` with the user's overrides from the config
/// (`[keys] log = "L"`): the name is the description key without `key.`.
/// The footer, help and key handling all read this, so they agree.
pub fn active(app: &App, layer: Layer) -> Vec<Binding> {
    let mut v = bindings(layer);
    if app.config.keys.is_empty() {
        return v;
    }
    for b in v.iter_mut() {
        let name = b.desc.trim_start_matches("key.");
        if let Some(key) = app.config.keys.get(name).and_then(|k| parse_key(k)) {
            b.keys = vec![key];
            b.label = "";
            b.custom_label = Some(key_label(key));
        }
    }
    v
}

/// The layer that receives keys now.
pub fn layer(app: &App) -> Layer {
    match app.popups.last().map(|p| &p.kind) {
        Some(PopupKind::Confirm { .. } | PopupKind::ImportPreview { .. }) => Layer::Confirm,
        Some(PopupKind::Conversation { .. }) => Layer::Conversation,
        Some(PopupKind::OrderView { .. }) => Layer::Order,
        Some(_) => Layer::Form,
        None if app.screen == Screen::Accounts && app.accounts.filtering => Layer::Filter,
        None if app.screen == Screen::Account => Layer::Account,
        None if app.screen == Screen::Today => Layer::Today,
        None if app.screen == Screen::Quiet => Layer::Quiet,
        None if app.screen == Screen::Reports => Layer::Reports,
        None => Layer::Accounts,
    }
}

/// Turn a key press into an action for the current layer. Keys no binding
/// claims go to text fields as input.
pub fn resolve(app: &App, key: KeyEvent) -> Option<Action> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(CTRL) {
        return Some(Action::Quit);
    }
    // Help sits on top of every layer: any other key closes it (Esc too,
    // on screens where Esc means nothing) and never acts underneath.
    if app.help {
        return Some(Action::ToggleHelp);
    }
    let layer = layer(app);
    // Shift arrives with upper-case letters and some symbols; ignore it there.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    for binding in active(app, layer) {
        if binding
            .keys
            .iter()
            .any(|&(c, m)| c == key.code && m == mods)
        {
            return Some(binding.action);
        }
    }
    match layer {
        Layer::Form | Layer::Filter => edit::edit_cmd(key).map(Action::Edit),
        _ => None,
    }
}

#[path = "keymap_reports.rs"]
mod reports;

#[path = "keymap_edit.rs"]
mod edit;
pub use edit::edit_cmd;

#[path = "keymap_parse.rs"]
mod parse;
use parse::key_label;
pub use parse::parse_key;

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
