//! Terminal keys into the app's compiled keymap (`app::keymap`, from
//! `assets/keymap.toml` and the config's `[keys]`): the one source of
//! routing, the footer and the `?` overlay.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use crate::app::keymap::{layer, screen_layer, Binding, Key, KeyName, Layer};
use crate::app::{Action, App};

/// The bindings of `layer` as compiled at start-up (overrides included),
/// without those that cannot act now (restore on a live account).
pub fn active(app: &App, layer: Layer) -> Vec<&Binding> {
    app.keymap
        .bindings(layer)
        .iter()
        .filter(|b| app.binding_applies(&b.action))
        .collect()
}

/// A terminal key as the keymap knows it; keys with Alt (or Super) are
/// never bound, so they only ever reach text fields.
pub fn key_of(ev: KeyEvent) -> Option<Key> {
    if ev
        .modifiers
        .intersects(KeyModifiers::ALT | KeyModifiers::SUPER | KeyModifiers::HYPER)
    {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let name = match ev.code {
        // Shift arrives with upper-case letters and some symbols: the
        // character already says it. Ctrl-S and Ctrl-Shift-S are one key.
        KeyCode::Char(c) if ctrl => KeyName::Char(c.to_ascii_lowercase()),
        KeyCode::Char(c) => KeyName::Char(c),
        KeyCode::Enter => KeyName::Enter,
        KeyCode::Esc => KeyName::Esc,
        KeyCode::Tab => KeyName::Tab,
        KeyCode::BackTab => KeyName::BackTab,
        KeyCode::Backspace => KeyName::Backspace,
        KeyCode::Delete => KeyName::Delete,
        KeyCode::Up => KeyName::Up,
        KeyCode::Down => KeyName::Down,
        KeyCode::Left => KeyName::Left,
        KeyCode::Right => KeyName::Right,
        KeyCode::Home => KeyName::Home,
        KeyCode::End => KeyName::End,
        KeyCode::PageUp => KeyName::PageUp,
        KeyCode::PageDown => KeyName::PageDown,
        KeyCode::F(n) => KeyName::F(n),
        _ => return None,
    };
    Some(Key { name, ctrl })
}

/// Turn a key press into an action: the keymap first; keys no binding
/// claims edit the text of a form or the filter.
pub fn resolve(app: &App, ev: KeyEvent) -> Option<Action> {
    if let Some(a) = key_of(ev).and_then(|k| crate::app::keymap::route(app, k)) {
        return Some(a);
    }
    let layer = layer(app);
    if layer == Layer::Help {
        // Any key closes help, even one the keymap cannot name.
        return Some(Action::ToggleHelp);
    }
    if layer.takes_text() {
        return edit::edit_cmd(ev).map(Action::Edit);
    }
    None
}

#[path = "keymap_edit.rs"]
mod edit;
pub use edit::edit_cmd;
