//! The account filter's keys, packed 1,024 accounts to a row.
//!
//! Every search (`account list --search`, the TUI's filter at start-up)
//! needs every account's folded key. Read row by row that is a scan of the
//! whole accounts table, notes and all: 45 MB and ~90 ms at 100k accounts,
//! more than the match itself by far. `account_key_blocks` keeps the same
//! keys back to back, one row per block of ids, so they come off the file
//! in a few large reads (~6 ms at 100k).
//!
//! The blocks are derived data, never the truth: a trigger rebuilds a
//! block from the account rows whenever one of its accounts is made,
//! re-keyed or (un)archived. While a bulk write or a sync's take-in runs
//! (`sync_state.applying` not 0) the trigger only drops the block, and
//! [`rebuild_missing`] makes every dropped block once at the end. A block
//! that is missing for any reason is read from the account rows, so the
//! keys a search sees are always the rows' own.
//!
//! A block's text is, for each account in id order,
//! `RS id US archived(0|1) key` (RS = U+001E, US = U+001F): folded keys
//! never hold a control character.

use std::ops::Range;

use rusqlite::types::{Type, ValueRef};
use rusqlite::{Connection, Transaction};

use super::run;
use super::{Result, Store};
use crate::domain::account_rows::AccountRows;
use crate::domain::search::Sieve;
use crate::domain::search_packed::PackedKeys;

/// Ids per block, as a shift: block = id >> BITS.
const BITS: i64 = 10;

/// The SQL of one block's text made from the account rows, `block` being
/// the block number's expression. The rows come in id order (a range of
/// the table's own key); `group_concat(.. ORDER BY ..)` would say so, but
/// SQLite before 3.44 cannot read a schema holding it, and people open
/// their file with the `sqlite3` their system has.
fn block_text(block: &str) -> String {
    format!(
        "SELECT group_concat(char(30) || a.id || char(31) || a.archived || a.search_key, '') \
           FROM accounts a \
          WHERE a.id BETWEEN ({block}) << {BITS} AND (({block}) << {BITS}) + {last}",
        last = (1 << BITS) - 1
    )
}

/// Schema step: the table, its triggers, and every block made.
pub(crate) fn install(tx: &Transaction<'_>) -> Result<()> {
    let refresh = format!(
        "DELETE FROM account_key_blocks \
          WHERE block = new.id >> {BITS} AND (SELECT applying FROM sync_state) <> 0; \
         INSERT OR REPLACE INTO account_key_blocks (block, keys) \
         SELECT new.id >> {BITS}, ({text}) WHERE (SELECT applying FROM sync_state) = 0;",
        text = block_text(&format!("new.id >> {BITS}")),
    );
    tx.execute_batch(&format!(
        "CREATE TABLE account_key_blocks (
             block INTEGER PRIMARY KEY,
             keys  TEXT NOT NULL
         );
         CREATE TRIGGER account_keys_made AFTER INSERT ON accounts
         BEGIN {refresh} END;
         CREATE TRIGGER account_keys_changed AFTER UPDATE OF search_key, archived ON accounts
         WHEN old.search_key IS NOT new.search_key OR old.archived IS NOT new.archived
         BEGIN {refresh} END;"
    ))?;
    rebuild_missing(tx)
}

/// Makes every block that has accounts but no row: after a bulk write or
/// a take-in, whose triggers only dropped the blocks they touched.
pub(crate) fn rebuild_missing(tx: &Transaction<'_>) -> Result<()> {
    run(
        tx,
        &format!(
            "WITH RECURSIVE b(n) AS ( \
                 SELECT 0 UNION ALL SELECT n + 1 FROM b \
                  WHERE n < (SELECT coalesce(max(id), 0) >> {BITS} FROM accounts)) \
             INSERT INTO account_key_blocks (block, keys) \
             SELECT n, t FROM (SELECT n, ({text}) AS t FROM b \
                                WHERE n NOT IN (SELECT block FROM account_key_blocks)) \
              WHERE t IS NOT NULL",
            text = block_text("n"),
        ),
        [],
    )?;
    Ok(())
}

impl Store {
    /// Every account's search key (archived ones too when asked), in id
    /// order, packed for [`SearchIndex::from_packed`]. One read
    /// transaction: the blocks, and the rows of any block not (yet) made.
    ///
    /// [`SearchIndex::from_packed`]: crate::domain::search::SearchIndex::from_packed
    pub fn packed_search_keys(&self, include_archived: bool) -> Result<PackedKeys> {
        self.packed_search_keys_where(include_archived, None)
    }

    /// Like [`Store::packed_search_keys`], keeping only the keys `sieve`
    /// lets through (all with `None`): a one-off search copies only the
    /// keys that could match instead of all of them (at 100k accounts,
    /// 7 MB copied and freed again was a third of `account list --search`),
    /// and passes over the keys without its first char at the speed of one
    /// byte search over each block.
    pub fn packed_search_keys_where(
        &self,
        include_archived: bool,
        sieve: Option<&Sieve>,
    ) -> Result<PackedKeys> {
        let sieve = sieve.filter(|s| !s.keeps_all());
        let tx = self.reading()?;
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let keys = packed_in(&self.conn, include_archived, sieve, cores > 1)?;
        tx.map(Transaction::finish).transpose()?;
        Ok(keys)
    }

    /// The listed accounts' rows ([`Store::account_list`]) and their
    /// search keys, as of one moment.
    pub fn account_list_and_keys(&self) -> Result<(AccountRows, PackedKeys)> {
        self.in_one_read(|s| Ok((s.account_list()?, packed_in(&s.conn, false, None, false)?)))
    }
}

/// The keys (those `sieve` lets through, if any), sifted on two threads
/// when `two_threads`.
fn packed_in(
    tx: &Connection,
    include_archived: bool,
    sieve: Option<&Sieve>,
    two_threads: bool,
) -> Result<PackedKeys> {
    let last_block: i64 = tx.query_row(
        &format!("SELECT coalesce(max(id), 0) >> {BITS} FROM accounts"),
        [],
        |r| r.get(0),
    )?;
    let mut rows = RowKeys::new(tx, include_archived, sieve)?;
    let mut keys = match sieve {
        Some(sieve) if two_threads => sifted_on_two_threads(tx, last_block, &mut rows, sieve)?,
        _ => {
            let mut keys = PackedKeys::default();
            if sieve.is_none() {
                // Room for every id the blocks can hold and ~80 bytes a
                // key: growing a 7 MB buffer by doubling costs more than
                // reading it.
                let slots = usize::try_from((last_block + 1) << BITS).unwrap_or(0);
                keys.reserve(slots, slots * 80);
            }
            each_piece(tx, last_block, |piece| match piece {
                Piece::Rows(blocks) => rows.read(&mut keys, blocks),
                Piece::Text(block, text) => {
                    let mark = keys.len();
                    let read = match sieve {
                        None => unpack(&mut keys, block, text, include_archived),
                        Some(sieve) => sift(&mut keys, block, text, include_archived, sieve),
                    };
                    if read.is_none() {
                        keys.truncate(mark);
                        rows.read(&mut keys, block..block + 1)?;
                    }
                    Ok(())
                }
            })?;
            keys
        }
    };
    keys.sort_if_needed();
    // The room reserved by guess, given back (a large block shrinks in
    // place).
    keys.shrink_to_fit();
    Ok(keys)
}

/// What the blocks are read as, in id order: the text of a block, or
/// blocks to be read from the account rows (not made yet, or not text).
enum Piece<'t> {
    Rows(Range<i64>),
    Text(i64, &'t [u8]),
}

/// Hands every block, 0 to `last_block`, to `f` in order.
fn each_piece(
    tx: &Connection,
    last_block: i64,
    mut f: impl FnMut(Piece<'_>) -> Result<()>,
) -> Result<()> {
    let mut blocks = tx.prepare("SELECT block, keys FROM account_key_blocks ORDER BY block")?;
    let mut rows = blocks.query([])?;
    let mut next = 0;
    while let Some(r) = rows.next()? {
        let block: i64 = r.get(0)?;
        if next < block {
            f(Piece::Rows(next..block))?;
        }
        match r.get_ref(1)? {
            ValueRef::Text(text) => f(Piece::Text(block, text))?,
            _ => f(Piece::Rows(block..block + 1))?,
        }
        next = block + 1;
    }
    if next <= last_block {
        f(Piece::Rows(next..last_block + 1))?;
    }
    Ok(())
}

/// Reads keys from the account rows, for blocks not made or not readable
/// (derived data: the rows are the truth).
struct RowKeys<'c> {
    statement: rusqlite::Statement<'c>,
    include_archived: bool,
    sieve: Option<&'c Sieve>,
}

impl<'c> RowKeys<'c> {
    fn new(tx: &'c Connection, include_archived: bool, sieve: Option<&'c Sieve>) -> Result<Self> {
        let statement = tx.prepare(
            "SELECT id, archived, search_key FROM accounts \
              WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        )?;
        Ok(Self {
            statement,
            include_archived,
            sieve,
        })
    }

    /// Appends the keys of the accounts of `blocks` to `keys`.
    fn read(&mut self, keys: &mut PackedKeys, blocks: Range<i64>) -> Result<()> {
        if blocks.is_empty() {
            return Ok(());
        }
        let (lo, hi) = (blocks.start << BITS, (blocks.end << BITS) - 1);
        let mut rows = self.statement.query([lo, hi])?;
        while let Some(r) = rows.next()? {
            if self.include_archived || r.get::<_, i64>(1)? == 0 {
                let key = r.get_ref(2)?.as_str().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(2, Type::Text, Box::new(e))
                })?;
                if self.sieve.is_none_or(|s| s.shows(key)) {
                    keys.push(r.get(0)?, key);
                }
            }
        }
        Ok(())
    }
}

/// A block's keys on their way: sifted, sent to the other thread, or to be
/// read from the rows (its text did not read right).
enum Part {
    Ready(PackedKeys),
    Sent(i64),
    Unreadable(i64),
}

/// Blocks waiting for the second thread: when it has this many, this
/// thread sifts the next block itself instead of waiting.
const QUEUED_BLOCKS: usize = 2;

/// [`packed_in`] with a sieve, sifting on two threads: this one reads the
/// blocks from SQLite (one connection, one thread) and sends copies to a
/// second thread, sifting a block itself whenever that one is still busy.
/// At 100k accounts reading is ~5 ms and sifting a common letter's keys
/// ~10 ms, so two threads share ~15 ms of work. The parts are joined in
/// block order, so the result is what one thread makes.
fn sifted_on_two_threads(
    tx: &Connection,
    last_block: i64,
    rows: &mut RowKeys<'_>,
    sieve: &Sieve,
) -> Result<PackedKeys> {
    let include_archived = rows.include_archived;
    let sift_one = |block: i64, text: &[u8]| {
        let mut keys = PackedKeys::default();
        sift(&mut keys, block, text, include_archived, sieve).map(|()| keys)
    };
    let mut parts: Vec<Part> = Vec::new();
    let from_worker = std::thread::scope(|scope| {
        let (to_worker, inbox) =
            std::sync::mpsc::sync_channel::<(usize, i64, Vec<u8>)>(QUEUED_BLOCKS);
        let sift_one = &sift_one;
        let worker = scope.spawn(move || {
            inbox
                .into_iter()
                .map(|(seq, block, text)| (seq, sift_one(block, &text)))
                .collect::<Vec<_>>()
        });
        let read = each_piece(tx, last_block, |piece| {
            let part = match piece {
                Piece::Rows(blocks) => {
                    let mut keys = PackedKeys::default();
                    rows.read(&mut keys, blocks)?;
                    Part::Ready(keys)
                }
                Piece::Text(block, text) => {
                    match to_worker.try_send((parts.len(), block, text.to_vec())) {
                        Ok(()) => Part::Sent(block),
                        Err(_) => {
                            sift_one(block, text).map_or(Part::Unreadable(block), Part::Ready)
                        }
                    }
                }
            };
            parts.push(part);
            Ok(())
        });
        drop(to_worker);
        // The worker only panics if sifting does; resuming that panic here
        // is what one thread would have done.
        let sifted = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.map(|()| sifted)
    })?;
    for (seq, sifted) in from_worker {
        if let Some(part) = parts.get_mut(seq) {
            *part = match (sifted, &*part) {
                (Some(keys), _) => Part::Ready(keys),
                (None, Part::Sent(block)) => Part::Unreadable(*block),
                (None, _) => continue,
            };
        }
    }
    let mut keys = PackedKeys::default();
    let (accounts, bytes) = parts.iter().fold((0, 0), |(n, b), part| match part {
        Part::Ready(k) => (n + k.len(), b + k.text_len()),
        _ => (n, b),
    });
    keys.reserve(accounts, bytes);
    for part in parts {
        match part {
            Part::Ready(block_keys) => keys.append(&block_keys),
            Part::Unreadable(block) | Part::Sent(block) => {
                rows.read(&mut keys, block..block + 1)?
            }
        }
    }
    Ok(keys)
}

/// Appends the accounts of block `block` to `keys`; `None` if the text is
/// not that block's (then some may have been appended). One pass: the
/// text is checked as UTF-8 whole (SIMD), then split at each record mark.
fn unpack(keys: &mut PackedKeys, block: i64, text: &[u8], include_archived: bool) -> Option<()> {
    let text = simdutf8::basic::from_utf8(text).ok()?;
    let bytes = text.as_bytes();
    if bytes.first() != Some(&RS) {
        return None;
    }
    let mut at = 1;
    loop {
        let end = memchr::memchr(RS, &bytes[at..]).map_or(bytes.len(), |p| at + p);
        let (id, archived, key) = entry(block, bytes, at..end)?;
        if include_archived || !archived {
            keys.push(id, text.get(key)?);
        }
        if end == bytes.len() {
            return Some(());
        }
        at = end + 1;
    }
}

/// Like [`unpack`], appending only the accounts whose keys `sieve` lets
/// through. The block is checked as UTF-8 whole as there, then searched
/// for the query's first char, and only the entries holding it are split
/// out and judged (an entry never looked at is not checked for its form).
fn sift(
    keys: &mut PackedKeys,
    block: i64,
    text: &[u8],
    include_archived: bool,
    sieve: &Sieve,
) -> Option<()> {
    let text = simdutf8::basic::from_utf8(text).ok()?;
    let bytes = text.as_bytes();
    if bytes.first() != Some(&RS) {
        return None;
    }
    let mut from = 1;
    while let Some(found) = bytes.get(from..).and_then(|rest| sieve.find_head(rest)) {
        let hit = from + found;
        // The entry the char is in: from the record mark before it to the
        // next one.
        let at = memchr::memrchr(RS, &bytes[..hit]).map_or(1, |p| p + 1);
        let end = memchr::memchr(RS, &bytes[hit..]).map_or(bytes.len(), |p| hit + p);
        let (id, archived, key) = entry(block, bytes, at..end)?;
        let key = text.get(key)?;
        if (include_archived || !archived) && sieve.shows(key) {
            keys.push(id, key);
        }
        from = end + 1;
    }
    Some(())
}

/// One entry of a block's text at `range` (after its record mark): the
/// account id, whether it is archived, and where its key lies; `None` if
/// the entry is not well formed or not of this block.
fn entry(block: i64, bytes: &[u8], range: Range<usize>) -> Option<(i64, bool, Range<usize>)> {
    let entry = bytes.get(range.clone())?;
    let us = entry.iter().take(21).position(|&b| b == US)?;
    let id = entry[..us].iter().try_fold(0i64, |n, &d| {
        d.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(i64::from(d - b'0')))
            .flatten()
    })?;
    let archived = *entry.get(us + 1)?;
    if us == 0 || id >> BITS != block || !matches!(archived, b'0' | b'1') {
        return None;
    }
    Some((id, archived == b'1', range.start + us + 2..range.end))
}

/// The record and field marks of a block's text.
const RS: u8 = 0x1e;
const US: u8 = 0x1f;

#[cfg(test)]
#[path = "key_blocks_tests.rs"]
mod tests;
