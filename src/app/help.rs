//! The `?` overlay's own keys: it scrolls when it is taller than the
//! screen; any other key closes it without acting underneath.

use super::keymap::screen_layer;
use super::{Action, App};

impl App {
    /// A key while help is open.
    pub(super) fn update_help(&mut self, action: &Action) {
        let rows = self
            .keymap
            .bindings(screen_layer(self))
            .iter()
            .filter(|b| self.binding_applies(&b.action))
            .count();
        // The overlay shows the screen's height less its frame: a page's
        // rows and the six lines around them (tabs, header, status,
        // footer, borders).
        let page = self.page_rows + 6;
        let max = rows.saturating_sub(page);
        let by: isize = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page as isize,
            Action::PageUp => -(page as isize),
            Action::Top => isize::MIN / 2,
            _ => {
                self.help = false;
                self.help_scroll = 0;
                return;
            }
        };
        self.help_scroll = (self.help_scroll as isize)
            .saturating_add(by)
            .clamp(0, max as isize) as usize;
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{Action, App};
    use crate::clock::Clock;
    use crate::i18n::{I18n, Lang};
    use crate::store::Store;
    use chrono::{TimeZone, Utc};

    #[test]
    fn help_scrolls_within_its_rows_and_any_other_key_closes_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sb.db")).unwrap();
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        let mut app = App::new(store, Clock::fixed(t), I18n::new(Lang::Ja)).unwrap();
        // 50x20: twelve rows of list, eighteen lines of help.
        app.page_rows = 12;
        app.update(Action::ToggleHelp);
        app.update(Action::Down);
        app.update(Action::Down);
        assert!(app.help);
        assert_eq!(app.help_scroll, 2);
        app.update(Action::PageDown);
        app.update(Action::PageDown);
        let rows = app
            .keymap
            .bindings(crate::app::keymap::Layer::Accounts)
            .iter()
            .filter(|b| app.binding_applies(&b.action))
            .count();
        assert_eq!(app.help_scroll, rows - 18, "stops at the last row");
        app.update(Action::Up);
        assert_eq!(app.help_scroll, rows - 19);
        app.update(Action::Top);
        assert_eq!(app.help_scroll, 0);
        // Another key closes help and does nothing underneath.
        app.update(Action::AddAccount);
        assert!(!app.help && app.popups.is_empty());
        // Opened again, it starts at its top.
        app.update(Action::ToggleHelp);
        app.update(Action::Down);
        app.update(Action::ToggleHelp);
        app.update(Action::ToggleHelp);
        assert_eq!(app.help_scroll, 0);
    }
}
