//! Archived accounts on the Accounts screen: shown on request (marked),
//! and restored with one key, on record like `account restore`.

use super::{App, Screen};
use crate::domain::account_rows::AccountRows;
use crate::domain::search_packed::PackedKeys;
use crate::store::StoreError;

impl App {
    /// Put freshly read list rows in place, with the archived accounts
    /// after them when they are shown. `keys` are the listed accounts'
    /// search keys when read with the rows; read here otherwise.
    pub(super) fn set_account_rows(&mut self, mut rows: AccountRows, keys: Option<PackedKeys>) {
        let keys = match keys.filter(|_| !self.accounts.show_archived) {
            Some(keys) => keys,
            None => match self.store.packed_search_keys(self.accounts.show_archived) {
                Ok(keys) => keys,
                Err(e) => {
                    self.error(&e);
                    PackedKeys::default()
                }
            },
        };
        self.accounts.archived.clear();
        if self.accounts.show_archived {
            match self.store.archived_list_rows() {
                Ok(archived) => {
                    self.accounts.archived = archived.iter().map(|r| r.id).collect();
                    for r in &archived {
                        rows.push(r);
                    }
                }
                Err(e) => self.error(&e),
            }
        }
        self.accounts.replace_rows(rows, keys);
    }

    /// After a write to one account: its row as the list shows it now
    /// (an archived account stays, marked, while archived ones are shown).
    pub(super) fn refresh_account_row(&mut self, id: i64) -> Result<(), StoreError> {
        let mut row = self.store.account_list_row(id)?;
        self.accounts.archived.remove(&id);
        if row.is_none() && self.accounts.show_archived {
            row = self.store.archived_list_row(id)?;
            if row.is_some() {
                self.accounts.archived.insert(id);
            }
        }
        self.accounts.update_row(id, row);
        Ok(())
    }

    /// Show or hide the archived accounts.
    pub(super) fn toggle_archived(&mut self) {
        self.accounts.show_archived = !self.accounts.show_archived;
        match self.store.account_list() {
            Ok(rows) => self.set_account_rows(rows, None),
            Err(e) => self.error(&e),
        }
        let key = if self.accounts.show_archived {
            "filters11.archived_shown"
        } else {
            "filters11.archived_hidden"
        };
        self.info(self.i18n.t(key));
    }

    /// Bring the selected archived account back into the lists.
    pub(super) fn restore_account(&mut self) {
        if self.screen != Screen::Accounts || !self.accounts.selected_is_archived() {
            return;
        }
        let Some(id) = self.accounts.selected_id() else {
            return;
        };
        let now = self.now();
        match self.store.set_archived(id, false, now) {
            Ok(()) => {
                self.refresh_account(id);
                let name = crate::domain::text::sanitize(&self.account_name(id)).into_owned();
                self.info(self.i18n.f("filters11.restored", &[("name", &name)]));
            }
            Err(e) => self.error(&e),
        }
    }
}

impl App {
    /// Whether a binding of the active layer can act now: the footer and
    /// help leave out the ones that cannot (restore on a live account).
    pub fn binding_applies(&self, action: &super::Action) -> bool {
        match action {
            super::Action::RestoreAccount => {
                self.screen == Screen::Accounts
                    && (self.accounts.selected_is_archived() || self.last_undo.is_some())
            }
            _ => true,
        }
    }
}
