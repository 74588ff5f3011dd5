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
