//! The account list read column by column: the Accounts screen's rows
//! and a search's hits, without a string per field.

use rusqlite::{Row, Transaction};

use super::accounts::tags_from_json;
use super::{parse_ts, parse_word, Result, Store};
use crate::domain::account_rows::{AccountRows, OrderedRows};
use crate::domain::model::Status;

/// The columns [`push_list_row`] reads, in its order.
const LIST_COLS: &str = "id, name, reading, status, tags, last_touch_at";

/// [`LIST_COLS`] without the tags (read as none): what a search prints.
const PRINTED_COLS: &str = "id, name, reading, status, NULL, last_touch_at";

/// Appends a row of [`LIST_COLS`] to `out`, reading its text in place.
fn push_list_row(out: &mut AccountRows, r: &Row<'_>) -> rusqlite::Result<()> {
    let str_at = |col: usize| -> rusqlite::Result<Option<&str>> {
        match r.get_ref(col)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            v => v.as_str().map(Some).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    col,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            }),
        }
    };
    let status = parse_word(3, str_at(3)?.unwrap_or_default(), Status::parse)?;
    let touched = str_at(5)?.map(|s| parse_ts(5, s)).transpose()?;
    let tags = tags_from_json(str_at(4)?.unwrap_or("[]"));
    out.push_parts(
        r.get(0)?,
        str_at(1)?.unwrap_or_default(),
        str_at(2)?,
        status,
        touched,
        tags.iter().map(String::as_str),
    );
    Ok(())
}

impl Store {
    /// The non-archived accounts with just what the list needs; their
    /// search keys come packed ([`Store::packed_search_keys`]), not one
    /// string per row.
    /// Read column by column ([`AccountRows`]): no string is made per
    /// account but a tag list's when it has tags.
    pub fn account_list(&self) -> Result<AccountRows> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {LIST_COLS} FROM accounts NOT INDEXED WHERE archived = 0"
        ))?;
        let mut out = AccountRows::default();
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            push_list_row(&mut out, r)?;
        }
        out.shrink_to_fit();
        Ok(out)
    }

    /// List rows (archived ones too) of these ids, to be shown in the order
    /// given (an id with no account is left out): what `account list
    /// --search` prints, without reading whole records, making a string
    /// per row or moving rows into place. Their tags are not read (none is
    /// printed; parsing them was ~5% of a one-letter search).
    /// Few ids are looked up in one statement; when they are more than an
    /// eighth of the table, it is read in one pass, picking them out. A
    /// lookup costs ~5 µs, a row passed over in a scan ~0.6 µs: at a
    /// million accounts a fixed 20,000 made `--search tan` (24,602 hits)
    /// scan 450 MB in 0.6 s where the lookups take ~0.1 s.
    pub fn list_rows_by_ids(&self, ids: &[i64]) -> Result<OrderedRows> {
        if ids.is_empty() {
            return Ok(OrderedRows::default());
        }
        let tx = self.reading()?;
        // Ids are dense: the largest is about the table's size, and found
        // without reading the table.
        let table: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM accounts", [], |r| {
                    r.get(0)
                })?;
        let one_pass = i64::try_from(ids.len()).unwrap_or(i64::MAX) > table / 8;
        let rows = self.list_rows_in(ids, one_pass)?;
        tx.map(Transaction::finish).transpose()?;
        Ok(rows)
    }

    /// [`Store::list_rows_by_ids`], reading the whole table in one pass
    /// when `one_pass`, otherwise looking the ids up.
    pub(super) fn list_rows_in(&self, ids: &[i64], one_pass: bool) -> Result<OrderedRows> {
        let mut found = AccountRows::default();
        if ids.is_empty() {
            return Ok(OrderedRows::default());
        }
        let wanted = crate::domain::search_packed::Positions::of(ids);
        // Where each found row goes, by its id's place in `ids`.
        let mut place: Vec<usize> = Vec::with_capacity(ids.len());
        let tx = self.reading()?;
        {
            let (mut st, list);
            let mut rows = if one_pass {
                st = self
                    .conn
                    .prepare(&format!("SELECT {PRINTED_COLS} FROM accounts"))?;
                st.query([])?
            } else {
                list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
                st = self.conn.prepare(&format!(
                    "SELECT {PRINTED_COLS} FROM accounts \
                      WHERE id IN (SELECT value FROM json_each(?1))"
                ))?;
                st.query([&list])?
            };
            while let Some(r) = rows.next()? {
                if let Some(at) = wanted.get(r.get(0)?) {
                    push_list_row(&mut found, r)?;
                    place.push(at);
                }
            }
        }
        tx.map(Transaction::finish).transpose()?;
        // Each id's place is unique: the order is the inverse of `place`.
        let mut at_place = vec![usize::MAX; ids.len()];
        for (i, &p) in place.iter().enumerate() {
            at_place[p] = i;
        }
        let order = at_place.into_iter().filter(|&i| i != usize::MAX).collect();
        Ok(OrderedRows { rows: found, order })
    }
}
