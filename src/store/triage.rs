//! The Quiet list and the Today queue, read from per-account facts kept
//! current on write: the cost follows the number of accounts, never the
//! number of conversations.

use chrono::{DateTime, Utc};
use compact_str::CompactString;

use super::followups::{due_in, in_queue_order};
use super::twin::{at_once, TWO_WALKS_FROM};
use super::{parse_ts, parse_word, Result, Store};
use crate::domain::interval::{days_silent, expected_interval, overdue_ratio};
use crate::domain::time::day_from_storage;
use crate::domain::triage::{
    count_today, is_quiet, today_queue, LapseReason, QuietRow, TodayCounts, TodayItem,
    TODAY_QUIET_LIMIT,
};
use crate::domain::zone::Zone;

/// The last touch's summary is an order's whole note or a conversation's
/// summary, which can be megabytes: lists read a preview of it.
/// The summary is cut at [`SUMMARY_CHARS`]; in SQL only when it is long
/// (an order's note can be megabytes): cutting every row's cost ~0.1 s at
/// a million accounts, most of them not quiet. The rest is cut in Rust.
const QUIET_COLS: &str = "last_touch_at, interval_days, learned_interval_days, id, name, \
    reading, last_touch_kind, \
    CASE WHEN octet_length(last_touch_summary) > 800 \
         THEN substr(last_touch_summary, 1, 200) ELSE last_touch_summary END, \
    last_order_amount, lapse_reason, next_follow_up_on";

/// The most chars of a last touch's summary a quiet row carries (four
/// bytes a char at most: 800 bytes).
const SUMMARY_CHARS: usize = 200;

/// The quiet row for one `QUIET_COLS` row, or `None` when within rhythm.
fn quiet_from(
    r: &rusqlite::Row<'_>,
    now: DateTime<Utc>,
    default_days: u32,
) -> rusqlite::Result<Option<QuietRow>> {
    let last_touch_at = parse_ts(0, r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?;
    let (expected, source) = expected_interval(r.get(1)?, r.get(2)?, default_days);
    let silent = days_silent(last_touch_at, now);
    if !is_quiet(silent, expected) {
        return Ok(None);
    }
    let next = match r.get_ref(10)? {
        rusqlite::types::ValueRef::Null => None,
        v => Some(v.as_str().map_err(rusqlite::Error::from)?),
    };
    Ok(Some(QuietRow {
        account_id: r.get(3)?,
        name: compact(r, 4)?.unwrap_or_default(),
        reading: compact(r, 5)?,
        last_touch_at,
        last_touch_kind: compact(r, 6)?,
        last_touch_summary: compact(r, 7)?.map(|mut s| {
            if let Some((cut, _)) = s.char_indices().nth(SUMMARY_CHARS) {
                s.truncate(cut);
            }
            s
        }),
        days_silent: silent,
        expected_interval_days: expected,
        interval_source: source,
        overdue_ratio: overdue_ratio(silent, expected),
        last_order_amount: r.get(8)?,
        lapse_reason: r
            .get::<_, Option<String>>(9)?
            .map(|s| parse_word(9, &s, LapseReason::parse))
            .transpose()?,
        has_open_follow_up: next.is_some(),
        next_follow_up_on: next.and_then(day_from_storage),
    }))
}

/// A text column as a [`CompactString`]: short ones are copied inline, with
/// no allocation.
fn compact(r: &rusqlite::Row<'_>, col: usize) -> rusqlite::Result<Option<CompactString>> {
    match r.get_ref(col)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        v => Ok(Some(CompactString::new(
            v.as_str().map_err(rusqlite::Error::from)?,
        ))),
    }
}

/// `rows` in [`quiet_order`](crate::domain::triage::quiet_order), the
/// first `limit` of them. At a million accounts there are ~380k quiet rows
/// of ~170 bytes each: their sort keys are sorted, not the rows, and a
/// limit first picks its few. The whole list is put in order where it
/// stands (a second list of it was 64 MB of fresh memory, ~0.05 s of page
/// faults at 1M); a limit's few are moved to a new one.
fn in_quiet_order(mut rows: Vec<QuietRow>, limit: Option<usize>) -> Vec<QuietRow> {
    let mut order: Vec<(f64, i64, usize)> = rows
        .iter()
        .enumerate()
        .map(|(i, q)| (q.overdue_ratio, q.account_id, i))
        .collect();
    most_overdue_first(&mut order, limit);
    let from: Vec<usize> = order.into_iter().map(|(_, _, i)| i).collect();
    if from.len() == rows.len() {
        permute(&mut rows, from);
        return rows;
    }
    let mut slots: Vec<Option<QuietRow>> = rows.into_iter().map(Some).collect();
    from.into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// `items` with `items[k]` the one that stood at `from[k]`, where `from`
/// is a permutation of `items`' indices. In place: each cycle of it is
/// followed with swaps, each item moved once to where it belongs.
fn permute<T>(items: &mut [T], mut from: Vec<usize>) {
    const DONE: usize = usize::MAX;
    debug_assert_eq!(items.len(), from.len());
    for start in 0..from.len() {
        let mut at = start;
        // `start`'s own item travels the cycle, one swap behind each fill.
        while from[at] != DONE {
            let source = std::mem::replace(&mut from[at], DONE);
            if source == start {
                break;
            }
            items.swap(at, source);
            at = source;
        }
    }
}

/// `(overdue ratio, account id, _)` keys in quiet order (the order of
/// `quiet_order`), only the first `limit` kept, picked before sorting.
/// Ids are unique, so no two keys tie and an unstable sort gives the one
/// order there is.
fn most_overdue_first<T>(keys: &mut Vec<(f64, i64, T)>, limit: Option<usize>) {
    let by = |a: &(f64, i64, T), b: &(f64, i64, T)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    match limit {
        Some(0) => keys.clear(),
        Some(l) if l < keys.len() => {
            keys.select_nth_unstable_by(l - 1, by);
            keys.truncate(l);
        }
        _ => {}
    }
    keys.sort_unstable_by(by);
}

/// The quiet rows among accounts with ids in `ids` (inclusive), in id
/// order. One pass over that part of the table; the rule is applied here,
/// in Rust, and only quiet rows have their text columns read. (Doing the
/// date arithmetic in SQL cost ~0.25 s at 100k accounts.)
fn quiet_in(
    conn: &rusqlite::Connection,
    ids: (i64, i64),
    now: DateTime<Utc>,
    default_days: u32,
) -> rusqlite::Result<Vec<QuietRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {QUIET_COLS} FROM accounts NOT INDEXED \
         WHERE id BETWEEN ?1 AND ?2 \
           AND archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL"
    ))?;
    let mut rows = st.query([ids.0, ids.1])?;
    let mut out: Vec<QuietRow> = Vec::new();
    while let Some(r) = rows.next()? {
        if let Some(q) = quiet_from(r, now, default_days)? {
            out.push(q);
        }
    }
    Ok(out)
}

impl Store {
    /// Accounts gone quiet as of `now`, most overdue (relative to their own
    /// rhythm) first. Archived and lost accounts are left out.
    pub fn quiet_accounts(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
        limit: Option<usize>,
    ) -> Result<Vec<QuietRow>> {
        self.quiet_walked(now, default_days, limit, TWO_WALKS_FROM)
    }

    /// [`Store::quiet_accounts`], the table walked in two halves on two
    /// threads (one moment for both: [`super::twin`]) when its last id is
    /// `two_walks_from` or more.
    pub(crate) fn quiet_walked(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
        limit: Option<usize>,
        two_walks_from: i64,
    ) -> Result<Vec<QuietRow>> {
        let tx = self.reading()?;
        let (last, twin) = self.twin_for("accounts", two_walks_from)?;
        let rows = match twin {
            None => quiet_in(&self.conn, (i64::MIN, i64::MAX), now, default_days)?,
            Some(twin) => {
                let half = last / 2;
                let (later, rows) = at_once(
                    twin,
                    |twin| quiet_in(twin, (half + 1, i64::MAX), now, default_days),
                    || quiet_in(&self.conn, (i64::MIN, half), now, default_days),
                );
                let mut rows = rows?;
                rows.extend(later?);
                rows
            }
        };
        if let Some(tx) = tx {
            tx.finish()?;
        }
        Ok(in_quiet_order(rows, limit))
    }

    /// One account's quiet row as of `now`, or `None` when it is not quiet
    /// (or archived, or lost): for refreshing after a write to it.
    pub fn quiet_row(
        &self,
        id: i64,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<Option<QuietRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {QUIET_COLS} FROM accounts WHERE id = ?1 \
             AND archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL"
        ))?;
        let mut rows = st.query([id])?;
        match rows.next()? {
            Some(r) => Ok(quiet_from(r, now, default_days)?),
            None => Ok(None),
        }
    }

    /// The Today queue and the day's counts, as of `now`.
    pub fn today(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<(Vec<TodayItem>, TodayCounts)> {
        self.today_walked(now, default_days, TWO_WALKS_FROM)
    }

    /// [`Store::today`]; when the follow-ups' last id is `two_walks_from`
    /// or more, two thirds of the due ones (by id) are read on another
    /// thread (one moment for both: [`super::twin`]) while this one reads
    /// the rest and the quiet numbers.
    pub(crate) fn today_walked(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
        two_walks_from: i64,
    ) -> Result<(Vec<TodayItem>, TodayCounts)> {
        // One snapshot: the counts and the queue agree.
        let tx = self.conn.unchecked_transaction()?;
        let today = self.local_day(now);
        let (last, twin) = self.twin_for("follow_ups", two_walks_from)?;
        let (due, (unplanned, top)) = match twin {
            None => (
                self.follow_ups_due(today)?,
                self.quiet_unplanned(now, default_days, TODAY_QUIET_LIMIT)?,
            ),
            Some(twin) => {
                // This thread also reads the quiet numbers (a third of
                // the due ones' time at 1M): it takes a third of the ids.
                let split = last / 3;
                let (later, here) = at_once(
                    twin,
                    |twin| due_in(twin, today, (split + 1, i64::MAX)),
                    || -> Result<_> {
                        let quiet = self.quiet_unplanned(now, default_days, TODAY_QUIET_LIMIT)?;
                        Ok((due_in(&self.conn, today, (i64::MIN, split))?, quiet))
                    },
                );
                let (mut due, quiet) = here?;
                due.extend(later?);
                in_queue_order(&mut due);
                (due, quiet)
            }
        };
        let done = self.done_today(now)?;
        let mut counts = count_today(&due, &top, today, done);
        counts.quiet_without_plan = unplanned;
        let queue = today_queue(due, &top, today, TODAY_QUIET_LIMIT);
        let deals = self.deals_for_today(now)?;
        tx.finish()?;
        counts.deals = deals.len();
        Ok((crate::domain::triage::with_deals(queue, deals), counts))
    }

    /// What Today needs of the Quiet list: how many quiet accounts have no
    /// follow-up planned, and the `limit` most overdue of those, whole. The
    /// rule is applied to numbers read from their own index
    /// (`accounts_quiet_unplanned`); only the rows shown are read whole.
    pub fn quiet_unplanned(
        &self,
        now: DateTime<Utc>,
        default_days: u32,
        limit: usize,
    ) -> Result<(usize, Vec<QuietRow>)> {
        let mut st = self.conn.prepare_cached(
            "SELECT last_touch_at, interval_days, learned_interval_days, id \
               FROM accounts INDEXED BY accounts_quiet_unplanned \
              WHERE archived = 0 AND status != 'lost' AND last_touch_at IS NOT NULL \
                AND next_follow_up_on IS NULL",
        )?;
        let mut rows = st.query([])?;
        let mut found: Vec<(f64, i64, ())> = Vec::new();
        while let Some(r) = rows.next()? {
            let last_touch_at =
                parse_ts(0, r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?;
            let (expected, _) = expected_interval(r.get(1)?, r.get(2)?, default_days);
            let silent = days_silent(last_touch_at, now);
            if is_quiet(silent, expected) {
                found.push((overdue_ratio(silent, expected), r.get(3)?, ()));
            }
        }
        let count = found.len();
        most_overdue_first(&mut found, Some(limit));
        let mut top = Vec::with_capacity(found.len());
        for (_, id, ()) in found {
            // Read in the caller's snapshot, the row is still quiet; else skipped.
            if let Some(row) = self.quiet_row(id, now, default_days)? {
                top.push(row);
            }
        }
        Ok((count, top))
    }

    /// The open deals past their expected close date or rotting, the
    /// most promising first.
    pub fn deals_for_today(&self, now: DateTime<Utc>) -> Result<Vec<TodayItem>> {
        let today = self.local_day(now);
        let deals = self.deals_past_due_or_still(now)?;
        Ok(crate::domain::triage::deals_for_today(
            deals,
            self.pipeline(),
            self.currency().minor_units,
            now,
            today,
        ))
    }

    /// Follow-ups completed since the start of the operator's day.
    pub fn done_today(&self, now: DateTime<Utc>) -> Result<usize> {
        let today = self.local_day(now);
        let start_of_day = self.zone.day_start(today).unwrap_or(now);
        self.done_since(start_of_day)
    }
}

#[cfg(test)]
mod permute_tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_permutation_in_place_puts_each_item_where_a_copy_would(
            from in (0usize..60).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle()),
        ) {
            let items: Vec<String> = (0..from.len()).map(|i| format!("row {i}")).collect();
            let copied: Vec<String> = from.iter().map(|&i| items[i].clone()).collect();
            let mut moved = items;
            super::permute(&mut moved, from);
            prop_assert_eq!(moved, copied);
        }
    }
}
