//! The account list held column by column: what the Accounts screen keeps
//! for every listed account, without a heap allocation per account.
//!
//! A million accounts held as one `AccountListRow` each (three strings and
//! a vector per row) take ~370 bytes an account; here names and readings
//! lie back to back in one buffer, tags are numbers into one table of the
//! tags in use, and each account costs ~60 bytes with its text.

use chrono::{DateTime, Utc};

use crate::domain::model::Status;
use crate::store::AccountListRow;

/// One listed account, borrowed from [`AccountRows`].
#[derive(Debug, Clone, Copy)]
pub struct ListRow<'a> {
    pub id: i64,
    pub name: &'a str,
    pub reading: Option<&'a str>,
    pub status: Status,
    pub last_touch_at: Option<DateTime<Utc>>,
    tag_ids: &'a [u32],
    tag_names: &'a [String],
}

impl<'a> ListRow<'a> {
    /// The account's tags, in the order recorded.
    pub fn tags(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        let names = self.tag_names;
        self.tag_ids
            .iter()
            .filter_map(move |&t| names.get(t as usize).map(String::as_str))
    }

    /// The row as the store types it (owned strings).
    pub fn to_owned_row(&self) -> AccountListRow {
        AccountListRow {
            id: self.id,
            name: self.name.to_string(),
            reading: self.reading.map(str::to_string),
            status: self.status,
            tags: self.tags().map(str::to_string).collect(),
            last_touch_at: self.last_touch_at,
            search_key: String::new(),
        }
    }
}

/// Where one row's text and tags lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spans {
    /// Start of the name in `text`.
    start: u32,
    /// End of the name, start of the reading.
    name_end: u32,
    /// End of the reading; `u32::MAX` when the account has none.
    reading_end: u32,
    /// Start of the tags in `tag_ids`.
    tags_start: u32,
    tags_len: u32,
}

/// Listed accounts, in a caller's order, column by column.
#[derive(Debug, Clone, Default)]
pub struct AccountRows {
    ids: Vec<i64>,
    status: Vec<Status>,
    touched: Vec<Option<DateTime<Utc>>>,
    spans: Vec<Spans>,
    /// Names and readings back to back.
    text: String,
    /// Each row's tags, as numbers into `tag_names`.
    tag_ids: Vec<u32>,
    tag_names: Vec<String>,
    tag_number: std::collections::HashMap<String, u32>,
    /// Bytes of `text` and entries of `tag_ids` no row refers to any more.
    garbage: usize,
}

impl AccountRows {
    /// How many rows are held.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no row is held.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids, in row order.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// Every tag any row has had (some may be no row's any more).
    pub fn tag_names(&self) -> &[String] {
        &self.tag_names
    }

    /// Row `i`.
    pub fn get(&self, i: usize) -> Option<ListRow<'_>> {
        let s = *self.spans.get(i)?;
        let (start, name_end) = (s.start as usize, s.name_end as usize);
        let reading = (s.reading_end != u32::MAX)
            .then(|| self.text.get(name_end..s.reading_end as usize))
            .flatten();
        let tags_start = s.tags_start as usize;
        Some(ListRow {
            id: self.ids[i],
            name: self.text.get(start..name_end).unwrap_or_default(),
            reading,
            status: self.status[i],
            last_touch_at: self.touched[i],
            tag_ids: self
                .tag_ids
                .get(tags_start..tags_start + s.tags_len as usize)
                .unwrap_or_default(),
            tag_names: &self.tag_names,
        })
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = ListRow<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Appends one row.
    pub fn push(&mut self, row: &AccountListRow) {
        self.push_parts(
            row.id,
            &row.name,
            row.reading.as_deref(),
            row.status,
            row.last_touch_at,
            row.tags.iter().map(String::as_str),
        );
    }

    /// Appends one row from its parts (the store reads straight into it).
    pub fn push_parts<'t>(
        &mut self,
        id: i64,
        name: &str,
        reading: Option<&str>,
        status: Status,
        last_touch_at: Option<DateTime<Utc>>,
        tags: impl IntoIterator<Item = &'t str>,
    ) {
        let spans = self.add_text_and_tags(name, reading, tags);
        self.ids.push(id);
        self.status.push(status);
        self.touched.push(last_touch_at);
        self.spans.push(spans);
    }

    /// Gives back the room grown for rows that never came (a list read
    /// row by row holds up to twice what it needs).
    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.status.shrink_to_fit();
        self.touched.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.text.shrink_to_fit();
        self.tag_ids.shrink_to_fit();
    }

    /// Bytes held on the heap (capacity, not length; the tag names'
    /// lookup table counted at one entry per name).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.ids.capacity() * size_of::<i64>()
            + self.status.capacity() * size_of::<Status>()
            + self.touched.capacity() * size_of::<Option<DateTime<Utc>>>()
            + self.spans.capacity() * size_of::<Spans>()
            + self.text.capacity()
            + self.tag_ids.capacity() * size_of::<u32>()
            + self
                .tag_names
                .iter()
                .map(|t| 2 * (t.capacity() + size_of::<String>()) + size_of::<u32>())
                .sum::<usize>()
    }

    /// Inserts one row at `at` (clamped to the end).
    pub fn insert(&mut self, at: usize, row: &AccountListRow) {
        let at = at.min(self.len());
        let spans = self.add_text_and_tags(
            &row.name,
            row.reading.as_deref(),
            row.tags.iter().map(String::as_str),
        );
        self.ids.insert(at, row.id);
        self.status.insert(at, row.status);
        self.touched.insert(at, row.last_touch_at);
        self.spans.insert(at, spans);
    }

    /// Removes row `i` (its text stays until enough has gone to be worth
    /// packing again).
    pub fn remove(&mut self, i: usize) {
        if i >= self.len() {
            return;
        }
        let s = self.spans.remove(i);
        self.ids.remove(i);
        self.status.remove(i);
        self.touched.remove(i);
        let end = if s.reading_end == u32::MAX {
            s.name_end
        } else {
            s.reading_end
        };
        self.garbage += (end - s.start) as usize + s.tags_len as usize;
        if self.garbage > 1 << 20 && self.garbage > self.text.len() / 2 {
            self.reorder(&(0..self.len()).collect::<Vec<_>>());
        }
    }

    /// Puts the rows in the order of `order` (indices of the current rows;
    /// any left out are dropped), packing the text anew.
    pub fn reorder(&mut self, order: &[usize]) {
        let old = std::mem::take(self);
        self.tag_names = old.tag_names.clone();
        self.tag_number = old.tag_number.clone();
        self.text
            .reserve_exact(old.text.len().saturating_sub(old.garbage));
        self.ids.reserve_exact(order.len());
        self.status.reserve_exact(order.len());
        self.touched.reserve_exact(order.len());
        self.spans.reserve_exact(order.len());
        self.tag_ids.reserve_exact(old.tag_ids.len());
        for &i in order {
            if let Some(r) = old.get(i) {
                let spans = self.add_text_and_tags(r.name, r.reading, r.tags());
                self.ids.push(r.id);
                self.status.push(r.status);
                self.touched.push(r.last_touch_at);
                self.spans.push(spans);
            }
        }
    }

    fn add_text_and_tags<'t>(
        &mut self,
        name: &str,
        reading: Option<&str>,
        tags: impl IntoIterator<Item = &'t str>,
    ) -> Spans {
        // Offsets are 32-bit: names and readings are bounded by the
        // domain's limits, so 4 GB of them is far past any book.
        let start = self.text.len() as u32;
        self.text.push_str(name);
        let name_end = self.text.len() as u32;
        let reading_end = match reading {
            Some(r) => {
                self.text.push_str(r);
                self.text.len() as u32
            }
            None => u32::MAX,
        };
        let tags_start = self.tag_ids.len() as u32;
        for t in tags {
            let n = match self.tag_number.get(t) {
                Some(&n) => n,
                None => {
                    let n = self.tag_names.len() as u32;
                    self.tag_names.push(t.to_string());
                    self.tag_number.insert(t.to_string(), n);
                    n
                }
            };
            self.tag_ids.push(n);
        }
        Spans {
            start,
            name_end,
            reading_end,
            tags_start,
            tags_len: self.tag_ids.len() as u32 - tags_start,
        }
    }
}

/// Rows read in the file's order and the order to show them in: a
/// search's hits, best first, without copying every row into place.
#[derive(Debug, Clone, Default)]
pub struct OrderedRows {
    pub rows: AccountRows,
    /// Indices into `rows`, in the order to show.
    pub order: Vec<usize>,
}

impl OrderedRows {
    /// The rows in the order to show.
    pub fn iter(&self) -> impl Iterator<Item = ListRow<'_>> {
        self.order.iter().filter_map(|&i| self.rows.get(i))
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

impl FromIterator<AccountListRow> for AccountRows {
    fn from_iter<I: IntoIterator<Item = AccountListRow>>(iter: I) -> AccountRows {
        let mut rows = AccountRows::default();
        for r in iter {
            rows.push(&r);
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(id: i64, name: &str, reading: Option<&str>, tags: &[&str]) -> AccountListRow {
        AccountListRow {
            id,
            name: name.into(),
            reading: reading.map(str::to_string),
            status: if id % 2 == 0 {
                Status::Customer
            } else {
                Status::Prospect
            },
            tags: tags.iter().map(|t| t.to_string()).collect(),
            last_touch_at: (id % 3 != 0).then(|| Utc.timestamp_opt(1_700_000_000 + id, 0).unwrap()),
            search_key: String::new(),
        }
    }

    fn owned(rows: &AccountRows) -> Vec<AccountListRow> {
        rows.iter().map(|r| r.to_owned_row()).collect()
    }

    #[test]
    fn gives_back_each_row_as_pushed() {
        let input = vec![
            row(1, "田中商店", Some("たなかしょうてん"), &["VIP", "卸"]),
            row(2, "Acme", None, &[]),
            row(3, "", Some(""), &["卸"]),
            row(4, "佐藤", None, &["new", "VIP", "new"]),
        ];
        let rows: AccountRows = input.iter().cloned().collect();
        assert_eq!(owned(&rows), input);
        assert_eq!(rows.tag_names(), ["VIP", "卸", "new"]);
        assert_eq!(rows.ids(), [1, 2, 3, 4]);
        assert!(rows.get(4).is_none());
    }

    #[test]
    fn a_listed_account_costs_under_eighty_bytes() {
        // As the demo's: a Japanese name and reading, most with a tag.
        let mut rows = AccountRows::default();
        for i in 0..10_000 {
            let tag = ["VIP", "卸", "新規"][i % 3];
            rows.push(&row(i as i64, "岡田 典子", Some("おかだ のりこ"), &[tag]));
        }
        rows.shrink_to_fit();
        let per_row = rows.heap_bytes() / rows.len();
        // Text alone is 35 bytes; one `AccountListRow` each took ~370.
        assert!(per_row < 80, "{per_row} bytes an account");
    }

    #[test]
    fn insert_remove_and_reorder_keep_every_other_row_whole() {
        let mut expected: Vec<AccountListRow> = (1..200)
            .map(|i| {
                let name = format!("会社{i}");
                let reading = (i % 4 != 0).then(|| format!("かいしゃ{i}"));
                row(
                    i,
                    &name,
                    reading.as_deref(),
                    if i % 5 == 0 { &["a"] } else { &[] },
                )
            })
            .collect();
        let mut rows: AccountRows = expected.iter().cloned().collect();
        // Remove enough to make it pack its text again on the way.
        for k in 0..150 {
            let at = (k * 7) % expected.len();
            expected.remove(at);
            rows.remove(at);
            let new = row(
                1000 + k as i64,
                &"長い名前".repeat(200),
                Some("よみ"),
                &["b"],
            );
            let at = (k * 13) % (expected.len() + 1);
            expected.insert(at, new.clone());
            rows.insert(at, &new);
            expected.remove(at);
            rows.remove(at);
        }
        assert_eq!(owned(&rows), expected);
        let order: Vec<usize> = (0..expected.len()).rev().step_by(2).collect();
        rows.reorder(&order);
        let picked: Vec<_> = order.iter().map(|&i| expected[i].clone()).collect();
        assert_eq!(owned(&rows), picked);
        // Packed again: the text holds only what the rows refer to.
        let live: usize = picked
            .iter()
            .map(|r| r.name.len() + r.reading.as_ref().map_or(0, String::len))
            .sum();
        assert_eq!(rows.text.len(), live);
    }
}
