//! Archived accounts for the Accounts list when the operator asks to see
//! them (the ordinary list leaves them out).

use rusqlite::OptionalExtension;

use super::accounts::list_row;
use super::{AccountListRow, Result, Store};

const COLS: &str = "id, name, reading, status, tags, last_touch_at, search_key";

impl Store {
    /// List rows (search keys included) of every archived account.
    pub fn archived_list_rows(&self) -> Result<Vec<AccountListRow>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLS} FROM accounts WHERE archived = 1"))?;
        let rows = st.query_map([], list_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One account's list row when it is archived, else `None`.
    pub fn archived_list_row(&self, id: i64) -> Result<Option<AccountListRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLS} FROM accounts WHERE id = ?1 AND archived = 1"),
                [id],
                list_row,
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::model::AccountFields;
    use crate::store::Store;
    use chrono::{TimeZone, Utc};

    #[test]
    fn lists_only_archived_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("sb.db")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let fields = |name: &str| AccountFields {
            name: name.into(),
            ..AccountFields::default()
        };
        let kept = s.add_account(&fields("Kept"), now).unwrap();
        let gone = s.add_account(&fields("Gone"), now).unwrap();
        s.set_archived(gone, true, now).unwrap();
        let rows = s.archived_list_rows().unwrap();
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [gone]);
        assert!(!rows[0].search_key.is_empty());
        assert!(s.archived_list_row(kept).unwrap().is_none());
        assert_eq!(s.archived_list_row(gone).unwrap().unwrap().name, "Gone");
    }
}
