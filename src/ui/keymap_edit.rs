//! Key presses in a text field become editing commands for `app`.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::EditCmd;

/// The editing command a key asks for, if any.
///
/// Tab, BackTab, Esc and Ctrl-S are never commands, so the form acts on
/// them; unknown Ctrl letters pass through too.
pub fn edit_cmd(key: KeyEvent) -> Option<EditCmd> {
    use EditCmd as E;
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let other = key
        .modifiers
        .intersects(KeyModifiers::SUPER | KeyModifiers::HYPER);
    Some(match key.code {
        // Ctrl+Alt together is how Windows reports AltGr characters.
        KeyCode::Char(c) if ctrl == alt && !other => E::Insert(c),
        KeyCode::Char(c) if ctrl && !alt => match c.to_ascii_lowercase() {
            'a' => E::LineStart,
            'e' => E::LineEnd,
            'u' => E::DeleteToLineStart,
            'k' => E::DeleteToLineEnd,
            'w' => E::DeleteWordBack,
            _ => return None,
        },
        KeyCode::Backspace if ctrl || alt => E::DeleteWordBack,
        KeyCode::Backspace => E::Backspace,
        KeyCode::Delete => E::Delete,
        KeyCode::Left if ctrl || alt => E::WordLeft,
        KeyCode::Left => E::Left,
        KeyCode::Right if ctrl || alt => E::WordRight,
        KeyCode::Right => E::Right,
        KeyCode::Home if ctrl => E::Start,
        KeyCode::Home => E::LineStart,
        KeyCode::End if ctrl => E::End,
        KeyCode::End => E::LineEnd,
        KeyCode::Enter if ctrl || alt => E::LeaveField,
        KeyCode::Enter => E::Newline,
        KeyCode::Up => E::Up,
        KeyCode::Down => E::Down,
        _ => return None,
    })
}
