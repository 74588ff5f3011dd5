//! Selecting a row by position (a mouse click, mapped by the ui).

use super::{App, Screen};

impl App {
    /// Put the cursor on the `i`-th shown row of the list in front.
    pub(super) fn select_row(&mut self, i: usize) {
        if !self.popups.is_empty() {
            return;
        }
        match self.screen {
            Screen::Accounts if i < self.accounts.visible.len() => self.accounts.selected = i,
            Screen::Today if i < self.today.list.len() => self.today.list.selected = i,
            Screen::Quiet if i < self.quiet.list.len() => self.quiet.list.selected = i,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{Action, App, Screen};
    use crate::clock::Clock;
    use crate::i18n::{I18n, Lang};
    use crate::store::Store;
    use chrono::{TimeZone, Utc};

    #[test]
    fn select_moves_the_cursor_and_open_opens_that_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        crate::demo::generate(&mut store, 30, 3, t).unwrap();
        let mut app = App::new(store, Clock::fixed(t), I18n::new(Lang::En)).unwrap();
        app.update(Action::Screen(Screen::Accounts));
        app.update(Action::Select(4));
        assert_eq!(app.accounts.selected, 4);
        let id = app.accounts.selected_id();
        // Past the end: nothing moves.
        app.update(Action::Select(10_000));
        assert_eq!(app.accounts.selected, 4);
        app.update(Action::Open);
        assert_eq!(app.screen, Screen::Account);
        assert_eq!(app.account.as_ref().map(|v| v.account.id), id);
        app.update(Action::Screen(Screen::Quiet));
        app.update(Action::Select(2));
        assert_eq!(app.quiet.list.selected, 2);
        app.update(Action::Screen(Screen::Today));
        app.update(Action::Select(1));
        assert_eq!(app.today.list.selected, 1.min(app.today.list.len() - 1));
        // A form in front: a click does not move the list behind it.
        app.update(Action::Screen(Screen::Accounts));
        app.update(Action::AddAccount);
        app.update(Action::Select(0));
        assert_eq!(app.accounts.selected, 4);
    }
}
