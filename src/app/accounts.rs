//! The Accounts screen's state: all listed accounts, the filter, the sort.

use std::collections::{BTreeSet, HashSet};

use super::list_filter::ListFilter;
use crate::domain::account_query::Vocabulary;
use crate::domain::account_rows::{AccountRows, ListRow};
use crate::domain::fold;
use crate::domain::search::SearchIndex;
use crate::domain::search_packed::{PackedKeys, Positions};
use crate::store::AccountListRow;

/// How the unfiltered list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Most recently touched first; never touched last.
    LastTouch,
    /// 五十音 by reading, then name; accounts without a reading after.
    Name,
}

/// Everything the Accounts screen shows.
pub struct AccountsState {
    /// Every listed account, in `sort` order (column by column: a million
    /// accounts in ~60 MB).
    pub rows: AccountRows,
    /// Indices into `rows` currently shown (filtered), in display order.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// First visible row: kept by `update` so the selection stays in view
    /// (see `App::keep_in_view`); drawing only reads it.
    pub offset: usize,
    pub sort: Sort,
    pub filter: ListFilter,
    /// The filter input has the keyboard.
    pub filtering: bool,
    /// The words the filter knows: status labels and every tag listed.
    pub vocab: Vocabulary,
    /// Archived accounts are listed too (marked).
    pub show_archived: bool,
    /// Which listed rows are archived accounts.
    pub archived: HashSet<i64>,
    index: SearchIndex,
    position: Positions,
}

impl AccountsState {
    /// Build from the store's rows, keys and all.
    pub fn new(rows: Vec<AccountListRow>) -> AccountsState {
        let mut keys = PackedKeys::default();
        for r in &rows {
            keys.push(r.id, &r.search_key);
        }
        let mut s = AccountsState {
            rows: AccountRows::default(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            sort: Sort::LastTouch,
            filter: ListFilter::default(),
            filtering: false,
            vocab: Vocabulary::default(),
            show_archived: false,
            archived: HashSet::new(),
            index: SearchIndex::new(Vec::new()),
            position: Positions::of(&[]),
        };
        s.replace_rows(rows.into_iter().collect(), keys);
        s
    }

    /// Replace the data (after a write), keeping the selection on the same
    /// account when it is still listed.
    pub fn replace_rows(&mut self, mut rows: AccountRows, mut keys: PackedKeys) {
        let keep = self.selected_id();
        rows.reorder(&sort_order(&rows, self.sort));
        // The index holds the keys in the list's order: its ties fall the
        // way the list is sorted.
        keys.arrange(rows.ids().iter().copied());
        self.index = SearchIndex::from_packed(keys);
        self.position = Positions::of(rows.ids());
        self.vocab.tags = rows
            .tag_names()
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.rows = rows;
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    /// After a write to one account: put its new row (or, when it is now
    /// archived, nothing) in place without reloading the whole list.
    pub fn update_row(&mut self, id: i64, row: Option<AccountListRow>) {
        let keep = self.selected_id();
        if let Some(at) = self.position.get(id) {
            self.rows.remove(at);
        }
        match row {
            Some(r) => {
                for t in &r.tags {
                    if let Err(at) = self.vocab.tags.binary_search(t) {
                        self.vocab.tags.insert(at, t.clone());
                    }
                }
                self.index.upsert(id, r.search_key.clone());
                let one: AccountRows = std::iter::once(r).collect();
                if let Some(new) = one.get(0) {
                    let (mut lo, mut hi) = (0, self.rows.len());
                    while lo < hi {
                        let mid = lo + (hi - lo) / 2;
                        let before = self
                            .rows
                            .get(mid)
                            .is_some_and(|x| compare(&x, &new, self.sort).is_lt());
                        if before {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    self.rows.insert(lo, &new.to_owned_row());
                }
            }
            None => self.index.remove(id),
        }
        self.position = Positions::of(self.rows.ids());
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    /// Switch between last-touch and name order.
    pub fn toggle_sort(&mut self) {
        let keep = self.selected_id();
        self.sort = match self.sort {
            Sort::LastTouch => Sort::Name,
            Sort::Name => Sort::LastTouch,
        };
        // Only the order changes: the search index stays as it is.
        self.rows.reorder(&sort_order(&self.rows, self.sort));
        self.position = Positions::of(self.rows.ids());
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    /// The query currently applied.
    pub fn query(&self) -> &str {
        self.filter.value()
    }

    /// The listed row of an account.
    pub fn row_by_id(&self, id: i64) -> Option<ListRow<'_>> {
        self.position.get(id).and_then(|i| self.rows.get(i))
    }

    /// The accounts whose search key matches `text` (the same fuzzy match
    /// and quality floor as the list).
    pub fn matching_ids(&mut self, text: &str) -> std::collections::HashSet<i64> {
        self.index.filter(text).into_iter().collect()
    }

    /// Whether the selected row is an archived account.
    pub fn selected_is_archived(&self) -> bool {
        self.selected_id()
            .is_some_and(|id| self.archived.contains(&id))
    }

    /// Re-run the filter for the current query (per keystroke): statuses
    /// and tags first, then the fuzzy ranking of the text on what remains.
    /// A line with a problem shows nothing (and says why).
    pub fn refilter(&mut self) {
        self.filter.parse(&self.vocab);
        let rows = &self.rows;
        self.visible = match self.filter.query() {
            Err(_) => Vec::new(),
            Ok(q) => {
                let admits = |&i: &usize| rows.get(i).is_some_and(|r| q.admits(r.status, r.tags()));
                if q.text.is_empty() {
                    (0..rows.len()).filter(admits).collect()
                } else {
                    let text = q.text.clone();
                    self.index
                        .filter(&text)
                        .into_iter()
                        .filter_map(|id| self.position.get(id))
                        .filter(admits)
                        .collect()
                }
            }
        };
        self.selected = 0;
        self.offset = 0;
    }

    /// The selected account's id.
    pub fn selected_id(&self) -> Option<i64> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
            .map(|r| r.id)
    }

    /// Select the account with `id` if it is shown.
    pub fn select_id(&mut self, id: i64) {
        if let Some(row) = self.position.get(id) {
            if let Some(i) = self.visible.iter().position(|&v| v == row) {
                self.selected = i;
            }
        }
    }

    /// Move the selection by `delta`, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let max = self.visible.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
    }

    /// Jump to the first (`false`) or last (`true`) row.
    pub fn jump(&mut self, end: bool) {
        self.selected = if end {
            self.visible.len().saturating_sub(1)
        } else {
            0
        };
    }
}

/// The list order, one pair at a time (for inserting one changed row).
fn compare(a: &ListRow<'_>, b: &ListRow<'_>, sort: Sort) -> std::cmp::Ordering {
    match sort {
        Sort::LastTouch => b
            .last_touch_at
            .cmp(&a.last_touch_at)
            .then_with(|| a.name.cmp(b.name)),
        Sort::Name => name_key(a).cmp(&name_key(b)),
    }
}

fn name_key(r: &ListRow<'_>) -> (u8, String, String) {
    match r.reading {
        Some(reading) => (0, fold::gojuon_key(reading), fold::fold(r.name)),
        None => (1, String::new(), fold::fold(r.name)),
    }
}

/// The rows' positions in `sort` order (a stable sort: ties keep their
/// order).
fn sort_order(rows: &AccountRows, sort: Sort) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    match sort {
        Sort::LastTouch => order.sort_by(|&a, &b| match (rows.get(a), rows.get(b)) {
            (Some(a), Some(b)) => compare(&a, &b, sort),
            _ => std::cmp::Ordering::Equal,
        }),
        Sort::Name => order.sort_by_cached_key(|&i| rows.get(i).map(|r| name_key(&r))),
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Status;
    use chrono::{TimeZone, Utc};

    fn row(id: i64, name: &str, reading: Option<&str>, day: Option<u32>) -> AccountListRow {
        AccountListRow {
            id,
            name: name.into(),
            reading: reading.map(str::to_string),
            status: Status::Customer,
            tags: vec![],
            last_touch_at: day.map(|d| Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap()),
            search_key: fold::search_key(name, reading, None, None, &[]),
        }
    }

    fn names(s: &AccountsState) -> Vec<&str> {
        s.visible
            .iter()
            .filter_map(|&i| s.rows.get(i))
            .map(|r| r.name)
            .collect()
    }

    #[test]
    fn sorts_by_last_touch_then_by_reading() {
        let mut s = AccountsState::new(vec![
            row(1, "Zeta", None, Some(1)),
            row(2, "佐藤商店", Some("さとうしょうてん"), Some(20)),
            row(3, "秋山", Some("あきやま"), None),
        ]);
        assert_eq!(names(&s), ["佐藤商店", "Zeta", "秋山"]);
        s.toggle_sort();
        assert_eq!(names(&s), ["秋山", "佐藤商店", "Zeta"]);
        // The search index survives a change of order.
        s.filter.set_value("satou");
        s.refilter();
        assert_eq!(names(&s), ["佐藤商店"]);
    }

    #[test]
    fn filter_keeps_and_restores_rows_and_selection_follows_ids() {
        let mut s = AccountsState::new(vec![
            row(1, "田中商店", Some("たなかしょうてん"), Some(3)),
            row(2, "Acme", None, Some(2)),
        ]);
        s.filter.set_value("tanaka");
        s.refilter();
        assert_eq!(names(&s), ["田中商店"]);
        s.filter.set_value("");
        s.refilter();
        assert_eq!(s.visible.len(), 2);
        s.select_id(2);
        assert_eq!(s.selected_id(), Some(2));
        s.move_by(-5);
        assert_eq!(s.selected_id(), Some(1));
        s.jump(true);
        assert_eq!(s.selected_id(), Some(2));
    }

    #[test]
    fn name_sort_follows_a_hand_checked_gojuon_list() {
        // Checked by hand: voiced and semi-voiced kana sort with their plain
        // forms at first (ごとう as ことう, ぱく as はく), so 後藤 precedes 小林
        // and 朴 precedes 橋本; accounts without a reading come last.
        let expected = [
            ("青木", "あおき"),
            ("伊藤", "いとう"),
            ("上田", "うえだ"),
            ("遠藤", "えんどう"),
            ("太田", "おおた"),
            ("加藤", "かとう"),
            ("蒲生", "がもう"),
            ("木村", "きむら"),
            ("工藤", "くどう"),
            ("後藤", "ごとう"),
            ("小林", "こばやし"),
            ("斉藤", "さいとう"),
            ("佐藤", "さとう"),
            ("清水", "しみず"),
            ("鈴木", "すずき"),
            ("伊達", "だて"),
            ("田中", "たなか"),
            ("千葉", "ちば"),
            ("辻", "つじ"),
            ("中村", "なかむら"),
            ("朴", "パク"),
            ("橋本", "はしもと"),
            ("馬場", "ばば"),
            ("平野", "ひらの"),
            ("藤田", "ふじた"),
            ("本田", "ほんだ"),
            ("松本", "まつもと"),
            ("山田", "やまだ"),
            ("吉田", "よしだ"),
            ("渡辺", "わたなべ"),
        ];
        let mut rows: Vec<AccountListRow> = expected
            .iter()
            .rev()
            .enumerate()
            .map(|(i, (n, r))| row(i as i64, n, Some(r), None))
            .collect();
        rows.push(row(100, "Zeta", None, None));
        rows.push(row(101, "Acme", None, None));
        let mut s = AccountsState::new(rows);
        s.toggle_sort();
        let mut want: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
        want.extend(["Acme", "Zeta"]);
        assert_eq!(names(&s), want);
    }
}
