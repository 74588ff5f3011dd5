//! One key as bindings and the config write it, without a terminal.

/// A key without a terminal: what was pressed and whether Ctrl was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub name: KeyName,
    pub ctrl: bool,
}

/// The keys bindings can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyName {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

const NAMED: [(&str, KeyName, &str); 15] = [
    ("enter", KeyName::Enter, "Enter"),
    ("esc", KeyName::Esc, "Esc"),
    ("tab", KeyName::Tab, "Tab"),
    ("backtab", KeyName::BackTab, "S-Tab"),
    ("backspace", KeyName::Backspace, "Backspace"),
    ("delete", KeyName::Delete, "Del"),
    ("up", KeyName::Up, "↑"),
    ("down", KeyName::Down, "↓"),
    ("left", KeyName::Left, "←"),
    ("right", KeyName::Right, "→"),
    ("home", KeyName::Home, "Home"),
    ("end", KeyName::End, "End"),
    ("pageup", KeyName::PageUp, "PgUp"),
    ("pagedown", KeyName::PageDown, "PgDn"),
    ("space", KeyName::Char(' '), "Space"),
];

impl Key {
    /// A key with no modifier.
    pub fn plain(name: KeyName) -> Key {
        Key { name, ctrl: false }
    }

    /// Parse a key as written in the keymap or the config: `L`, `ctrl-q`,
    /// `enter`, `f5`.
    pub fn parse(s: &str) -> Option<Key> {
        let s = s.trim();
        let (ctrl, rest) = match s.get(..5) {
            Some(p) if p.eq_ignore_ascii_case("ctrl-") && s.len() > 5 => (true, &s[5..]),
            _ => (false, s),
        };
        let lower = rest.to_ascii_lowercase();
        if let Some((_, name, _)) = NAMED.iter().find(|(n, _, _)| *n == lower) {
            return Some(Key { name: *name, ctrl });
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            return (1..=24).contains(&n).then_some(Key {
                name: KeyName::F(n),
                ctrl,
            });
        }
        let mut chars = rest.chars();
        let c = chars.next()?;
        if chars.next().is_some() || c.is_control() {
            return None;
        }
        let c = if ctrl { c.to_ascii_lowercase() } else { c };
        Some(Key {
            name: KeyName::Char(c),
            ctrl,
        })
    }

    /// How the footer and help write it: `l`, `Ctrl-S`, `Enter`, `F5`.
    pub fn label(self) -> String {
        let base = match self.name {
            KeyName::Char(' ') => "Space".to_string(),
            KeyName::Char(c) => c.to_string(),
            KeyName::F(n) => format!("F{n}"),
            other => NAMED
                .iter()
                .find(|(_, n, _)| *n == other)
                .map(|(_, _, l)| l.to_string())
                .unwrap_or_default(),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}
