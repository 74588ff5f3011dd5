//! The Account screen's state: the account, its people, its history.

use std::cell::Cell;

use crate::domain::model::{Account, Contact, TimelineEntry};
use crate::store::{Store, StoreError};

/// One open account.
pub struct AccountView {
    pub account: Account,
    pub contacts: Vec<Contact>,
    /// Newest first.
    pub timeline: Vec<TimelineEntry>,
    /// Open follow-ups, soonest first.
    pub follow_ups: Vec<crate::domain::triage::FollowUp>,
    /// Index into `timeline`.
    pub selected: usize,
    /// First timeline entry drawn; kept by the renderer.
    pub offset: Cell<usize>,
}

impl AccountView {
    /// Load everything the screen shows.
    pub fn load(store: &Store, id: i64) -> Result<AccountView, StoreError> {
        Ok(AccountView {
            account: store.account(id)?,
            contacts: store.contacts(id)?,
            timeline: store.timeline(id)?,
            follow_ups: store
                .follow_ups_of(id)?
                .into_iter()
                .filter(|f| f.state == crate::domain::triage::FollowUpState::Open)
                .collect(),
            selected: 0,
            offset: Cell::new(0),
        })
    }

    /// Move the selection by `delta`, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.timeline.is_empty() {
            return;
        }
        let max = self.timeline.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
    }

    /// The selected entry.
    pub fn selected_entry(&self) -> Option<&TimelineEntry> {
        self.timeline.get(self.selected)
    }
}
