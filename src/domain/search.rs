//! The in-memory, per-keystroke account filter.
//!
//! Keys come from [`search_key`](super::fold::search_key); queries are
//! folded with [`fold_query`]. A key is a hit when it contains the folded
//! query as a subsequence, and is shown when the hit is worth it: the query
//! as a run somewhere in the key, or its chars in order inside one field
//! without skipping more chars than the query has (see [`cheap_rank`]);
//! letters strewn over unrelated fields are no match. A cheap rank orders
//! the shown hits and frizbee (SIMD Smith-Waterman, an fzf-like score)
//! re-ranks the best few thousand. Only this module knows which matcher is
//! used, so it can be swapped behind the same API if a benchmark says so
//! (benches/matchers.rs compares skim, nucleo and frizbee).
//!
//! Cost per keystroke over 100,000 keys is a few milliseconds: keys live in
//! one buffer; every hit that may yet be worth showing remembers where its
//! match ended, its first run and its first head that could start a
//! scattered match, so a typed char continues from those instead of
//! judging the key afresh, and a key that can never be shown is dropped;
//! a query with many candidates is split over the cores.

use std::ops::Range;

use super::fold::fold_query;

#[path = "search_judge.rs"]
mod judge;
#[cfg(test)]
use judge::{cheap_rank, greedy_end, DISTANCES};
use judge::{find_byte, find_char, Hit, Pattern, CHEAP_RANKS};

/// How many of the best hits, by the cheap rank, frizbee re-ranks.
/// Scoring all of a one-letter query's 97,000 hits takes ~17 ms (skim's
/// ~290 ms); nobody reads past the first screens of such a list, and a
/// longer query soon brings the hits under this cap, where the whole order
/// is frizbee's.
const PRECISE_RANKED: usize = 2_000;

/// How many narrowing steps are remembered, so backspace is instant.
const REMEMBERED_QUERIES: usize = 32;

/// Account ids with their folded search keys, filtered per keystroke.
pub struct SearchIndex {
    ids: Vec<i64>,
    /// Byte range in `text` of each id's key.
    spans: Vec<Range<usize>>,
    /// Every key back to back: one allocation scans several times faster
    /// than 100,000 scattered strings.
    text: String,
    /// Bytes of `text` no span refers to any more.
    garbage: usize,
    /// Whether the keys lie in `text` in entry order (as loaded, and after
    /// a compaction; a replaced key moves to the end): kept, not checked
    /// per keystroke (a pass over a million spans).
    in_text_order: bool,
    /// Earlier results of the query being typed, each query a prefix of the
    /// next: typing narrows the last one, backspace pops back to one.
    history: Vec<Narrowed>,
    /// Buffers of results no longer remembered, filled again by the next
    /// filter.
    spare: Spare,
}

/// Emptied result buffers kept for reuse. The TUI maps large blocks apart
/// (for the memory it gives back), so a new buffer is new pages the kernel
/// zeroes on first touch: at a million keys that made a first keystroke
/// ~15-20% slower than with reused memory. At most what a filter held.
#[derive(Default)]
struct Spare {
    hits: std::sync::Mutex<Vec<Vec<Hit>>>,
    shown: std::sync::Mutex<Vec<Vec<Shown>>>,
    ids: Vec<Vec<i64>>,
}

/// How many buffers of each kind are kept: one per worker.
const SPARE_BUFFERS: usize = 2;

impl Spare {
    fn take<T>(pool: &std::sync::Mutex<Vec<Vec<T>>>, room: usize) -> Vec<T> {
        let spare = pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        let mut v = spare.unwrap_or_default();
        v.clear();
        v.reserve(room);
        v
    }

    fn keep<T>(pool: &std::sync::Mutex<Vec<Vec<T>>>, mut v: Vec<T>) {
        v.clear();
        let mut pool = pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pool.len() < SPARE_BUFFERS && v.capacity() > 0 {
            pool.push(v);
        }
    }

    /// A forgotten result's buffers.
    fn keep_result(&mut self, old: Narrowed) {
        Self::keep(&self.hits, old.hits);
        let mut ids = old.ranked;
        ids.clear();
        if self.ids.len() < SPARE_BUFFERS && ids.capacity() > 0 {
            self.ids.push(ids);
        }
    }

    /// A copy of `ids` in a kept buffer if there is one.
    fn copy_ids(&mut self, ids: &[i64]) -> Vec<i64> {
        let mut v = self.ids.pop().unwrap_or_default();
        v.clear();
        v.extend_from_slice(ids);
        v
    }
}

/// One query's outcome.
struct Narrowed {
    query: String,
    /// Every key that may be worth showing for `query` or a longer one,
    /// in entry order.
    hits: Vec<Hit>,
    /// The ids returned for `query`, best first.
    ranked: Vec<i64>,
}

impl SearchIndex {
    /// Builds an index over `(id, key)` pairs, keys already made by
    /// `search_key`. Their order is the order of an empty query and breaks
    /// score ties.
    pub fn new(entries: Vec<(i64, String)>) -> Self {
        let mut index = Self {
            ids: Vec::with_capacity(entries.len()),
            spans: Vec::with_capacity(entries.len()),
            text: String::with_capacity(entries.iter().map(|(_, key)| key.len()).sum()),
            garbage: 0,
            in_text_order: true,
            history: Vec::new(),
            spare: Spare::default(),
        };
        for (id, key) in entries {
            let span = index.append_text(&key);
            index.ids.push(id);
            index.spans.push(span);
        }
        index
    }

    /// Builds an index over keys packed by the store, moving them in whole
    /// (100,000 separate strings would cost more than reading them did).
    pub fn from_packed(keys: super::search_packed::PackedKeys) -> Self {
        let mut index = Self::new(Vec::new());
        index.in_text_order = keys
            .spans
            .windows(2)
            .all(|pair| pair[0].end <= pair[1].start);
        index.ids = keys.ids;
        index.spans = keys.spans;
        index.text = keys.text;
        index
    }

    fn append_text(&mut self, key: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(key);
        start..self.text.len()
    }

    fn key(&self, pos: usize) -> &str {
        self.spans
            .get(pos)
            .and_then(|span| self.text.get(span.clone()))
            .unwrap_or_default()
    }

    /// Replaces the key of `id`, or appends it as the last entry.
    pub fn upsert(&mut self, id: i64, key: String) {
        let span = self.append_text(&key);
        match self.ids.iter().position(|&existing| existing == id) {
            Some(pos) => {
                let old = std::mem::replace(&mut self.spans[pos], span);
                self.garbage += old.len();
                // Its key now lies after keys that follow it.
                self.in_text_order &= pos + 1 == self.spans.len();
            }
            None => {
                self.ids.push(id);
                self.spans.push(span);
            }
        }
        self.after_edit();
    }

    /// Removes `id` if present, keeping the order of the others.
    pub fn remove(&mut self, id: i64) {
        if let Some(pos) = self.ids.iter().position(|&existing| existing == id) {
            self.ids.remove(pos);
            self.garbage += self.spans.remove(pos).len();
        }
        self.after_edit();
    }

    /// Forgets remembered hits (their positions may have moved) and compacts
    /// `text` once it is mostly replaced keys.
    fn after_edit(&mut self) {
        for old in std::mem::take(&mut self.history) {
            self.spare.keep_result(old);
        }
        if self.garbage > self.text.len() / 2 {
            let mut text = String::with_capacity(self.text.len() - self.garbage);
            for span in &mut self.spans {
                let start = text.len();
                text.push_str(self.text.get(span.clone()).unwrap_or_default());
                *span = start..text.len();
            }
            self.text = text;
            self.garbage = 0;
            self.in_text_order = true;
        }
    }

    /// How many accounts the index holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index holds no accounts.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids whose keys contain the folded `query` as a subsequence and
    /// are worth showing ([`cheap_rank`]), best first. An empty query
    /// returns every id in entry order.
    ///
    /// "Best" is frizbee's score for the first [`PRECISE_RANKED`] hits by
    /// the cheap rank (all of them when there are no more), ties in cheap
    /// rank order, then the cheap rank, ties in entry order.
    ///
    /// When the folded query extends an earlier one still remembered, only
    /// that one's hits, shown or not, are examined, each from where its
    /// match, first run and first possible scattered match were ([`Hit`]):
    /// a key worth showing for the longer query holds the shorter one the
    /// same way, and whether a hit is shown depends on its key and the
    /// query alone, so the result equals a fresh filter.
    pub fn filter(&mut self, query: &str) -> Vec<i64> {
        let query = fold_query(query);
        while self
            .history
            .last()
            .is_some_and(|last| !query.starts_with(&last.query))
        {
            if let Some(old) = self.history.pop() {
                self.spare.keep_result(old);
            }
        }
        if query.is_empty() {
            return self.ids.clone();
        }
        if let Some(last) = self.history.last().filter(|last| last.query == query) {
            return last.ranked.clone();
        }
        // Each worker takes a slice of the candidates: the key of every
        // hit is still in cache when it is judged and ranked.
        let chunks: Vec<(Vec<Hit>, Vec<Shown>)> = match self.history.last() {
            Some(last) => {
                let pattern = Pattern::new(&query, last.query.len());
                split_work(&last.hits, |part| {
                    self.judge(&pattern, part.iter().copied(), part.len())
                })
            }
            None => {
                let head = query.chars().next().unwrap_or_default();
                let pattern = Pattern::new(&query, head.len_utf8());
                let in_order = self.in_text_order;
                split_range(self.ids.len(), |range| {
                    let most = range.len();
                    self.judge(&pattern, self.containing(head, range, in_order), most)
                })
            }
        };
        // The first chunk's vectors grow to hold the others' (a large one
        // grows in place): not every hit copied into new memory.
        let mut chunks = chunks.into_iter();
        let (mut hits, mut shown) = chunks.next().unwrap_or_default();
        for (chunk_hits, chunk_shown) in chunks {
            hits.extend_from_slice(&chunk_hits);
            shown.extend_from_slice(&chunk_shown);
            Spare::keep(&self.spare.hits, chunk_hits);
            Spare::keep(&self.spare.shown, chunk_shown);
        }
        let ranked: Vec<i64> = self
            .rank(&shown, &query)
            .into_iter()
            .filter_map(|pos| self.ids.get(pos).copied())
            .collect();
        Spare::keep(&self.spare.shown, shown);
        if self.history.len() == REMEMBERED_QUERIES {
            let oldest = self.history.remove(0);
            self.spare.keep_result(oldest);
        }
        let remembered = self.spare.copy_ids(&ranked);
        self.history.push(Narrowed {
            query,
            hits,
            ranked: remembered,
        });
        ranked
    }

    /// The keys that hold `head`, the query's first char, as hits of it:
    /// its first occurrence is its first run. With the keys back to back
    /// in entry order (as loaded) this is one byte search over the whole
    /// text, skipping to the next key at each find: a rare first char
    /// (`z`, `田`) passes over 100k keys in well under a millisecond.
    /// Otherwise every key is searched on its own. Only the keys at
    /// `range` of the positions are looked at.
    fn containing(
        &self,
        head: char,
        range: Range<usize>,
        in_order: bool,
    ) -> impl Iterator<Item = Hit> + '_ {
        let found = move |pos: usize, at: usize| Hit::of_head(pos, at, head);
        let mut buf = [0u8; 4];
        let finder =
            memchr::memmem::Finder::new(head.encode_utf8(&mut buf).as_bytes()).into_owned();
        // An ASCII head in a common letter is mostly a few bytes into the
        // next key: eight bytes at a time there, memchr past it.
        let ascii = u8::try_from(head).ok().filter(u8::is_ascii);
        let find = move |rest: &[u8]| match ascii {
            Some(byte) => {
                let near = rest.len().min(16);
                find_byte(rest.get(..near)?, byte)
                    .or_else(|| memchr::memchr(byte, rest.get(near..)?).map(|p| near + p))
            }
            None => finder.find(rest),
        };
        let text_end = range
            .end
            .checked_sub(1)
            .and_then(|last| self.spans.get(last))
            .map_or(0, |span| span.end);
        let text = self.text.as_bytes().get(..text_end).unwrap_or_default();
        let mut pos = range.start;
        let mut at = self.spans.get(pos).map_or(text.len(), |span| span.start);
        // One at a time, so each key is judged while it is still in cache.
        std::iter::from_fn(move || {
            if !in_order {
                while pos < range.end {
                    pos += 1;
                    if let Some(at) = find_char(self.key(pos - 1), 0, head) {
                        return Some(found(pos - 1, at));
                    }
                }
                return None;
            }
            loop {
                let abs = at + find(text.get(at..)?)?;
                while self.spans.get(pos).is_some_and(|span| span.end <= abs) {
                    pos += 1;
                }
                let span = self.spans.get(pos)?;
                if span.start <= abs {
                    let hit = found(pos, abs - span.start);
                    at = span.end;
                    pos += 1;
                    return Some(hit);
                }
                // In replaced text between keys.
                at = abs + 1;
            }
        })
    }

    /// Judges hits of a shorter query (or of its first char) for `query`:
    /// keeps those that may still be worth showing, for it or a longer
    /// query, and of those worth showing now, their cheap rank.
    fn judge(
        &self,
        pattern: &Pattern,
        found: impl Iterator<Item = Hit>,
        most: usize,
    ) -> (Vec<Hit>, Vec<Shown>) {
        // Room for every hit up front (there are at most `most`): growing
        // by doubling copies them several times over.
        let mut hits = Spare::take(&self.spare.hits, most);
        let mut shown = Spare::take(&self.spare.shown, most);
        for hit in found {
            let (hit, rank) = match pattern.judge(self.key(hit.pos as usize), hit) {
                Some(judged) => judged,
                None => continue,
            };
            if let Some(bucket) = rank {
                shown.push(Shown {
                    bucket,
                    pos: hit.pos,
                });
            }
            hits.push(hit);
        }
        (hits, shown)
    }

    /// Orders the hits worth showing (positions in `ids`): by cheap rank
    /// (ties in entry order), then the best [`PRECISE_RANKED`] of those
    /// re-ranked by frizbee's score. This depends only on the hit set, so
    /// narrowing and a fresh filter agree.
    fn rank(&self, shown: &[Shown], query: &str) -> Vec<usize> {
        // A counting sort: linear, and stable, so ties keep entry order.
        let mut starts = vec![0usize; usize::from(CHEAP_RANKS) + 1];
        for hit in shown {
            starts[usize::from(hit.bucket) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut order = vec![0usize; shown.len()];
        for hit in shown {
            let slot = &mut starts[usize::from(hit.bucket)];
            order[*slot] = hit.pos as usize;
            *slot += 1;
        }
        let cut = order.len().min(PRECISE_RANKED);
        let keys: Vec<&str> = order[..cut].iter().map(|&pos| self.key(pos)).collect();
        let config = frizbee::Config {
            // Keys and queries are folded already.
            casing: frizbee::CaseMatching::Respect,
            ..frizbee::Config::default()
        };
        // Best score first, ties in cheap-rank order.
        let matched = frizbee::Matcher::new(query, &config).match_list(&keys);
        let mut scored = vec![false; cut];
        let mut best: Vec<usize> = Vec::with_capacity(cut);
        for m in &matched {
            let i = m.index as usize;
            if let (Some(seen), Some(&pos)) = (scored.get_mut(i), order.get(i)) {
                *seen = true;
                best.push(pos);
            }
        }
        // The scan proved a match; keep any hit the matcher disagreed on,
        // so no matching account goes missing.
        best.extend((0..cut).filter(|&i| !scored[i]).map(|i| order[i]));
        order[..cut].copy_from_slice(&best);
        order
    }
}

/// Which keys a filter shows for a query, judged on each key alone before
/// any index is built: a one-off search (`account list --search`) keeps
/// only those, and filtering them gives the same ids in the same order as
/// filtering every key ([`SearchIndex::filter`] shows a key by its own
/// judgement, and orders by key and entry order).
pub struct Sieve {
    /// The folded query.
    query: String,
    /// Finds the first char in a long text (a block of many keys).
    head: memchr::memmem::Finder<'static>,
}

impl Sieve {
    /// The sieve for `query` as typed (folded here as a filter folds it).
    pub fn new(query: &str) -> Self {
        let query = fold_query(query);
        let mut buf = [0; 4];
        let first = query
            .chars()
            .next()
            .map(|c| c.encode_utf8(&mut buf).as_bytes());
        let head = memchr::memmem::Finder::new(first.unwrap_or_default()).into_owned();
        Self { query, head }
    }

    /// Whether every key passes (an empty folded query).
    pub fn keeps_all(&self) -> bool {
        self.query.is_empty()
    }

    /// Where the query's first char first occurs in `text`: a key holding
    /// none of it is passed over at the speed of one byte search.
    pub fn find_head(&self, text: &[u8]) -> Option<usize> {
        match self.head.needle() {
            [byte] => memchr::memchr(*byte, text),
            [] => Some(0),
            _ => self.head.find(text),
        }
    }

    /// Whether a filter shows `key` for the query: judged as a fresh
    /// filter judges it, from the first occurrence of the query's first
    /// char (most keys fail at the first char not found in order).
    pub fn shows(&self, key: &str) -> bool {
        let Some(head) = self.query.chars().next() else {
            return true;
        };
        let Some(at) = find_char(key, 0, head) else {
            return false;
        };
        Pattern::new(&self.query, head.len_utf8())
            .judge(key, Hit::of_head(0, at, head))
            .is_some_and(|(_, rank)| rank.is_some())
    }
}

/// A hit worth showing, with its cheap rank.
#[derive(Clone, Copy)]
struct Shown {
    bucket: u16,
    pos: u32,
}

/// Below this many items one thread does the work: starting a second one
/// costs more than it saves.
const PARALLEL_FROM: usize = 8_192;

/// Runs `work` over consecutive slices of `items`, one per core (up to
/// four) when there are many, and returns the results in slice order.
fn split_work<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    split_range(items.len(), |range| {
        work(items.get(range).unwrap_or_default())
    })
}

/// Runs `work` over consecutive ranges of `0..len`, one per core (up to
/// four) when `len` is large, and returns the results in range order.
fn split_range<R: Send>(len: usize, work: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if cores < 2 || len < PARALLEL_FROM {
        return vec![work(0..len)];
    }
    let size = len.div_ceil(cores);
    let mut parts = (0..len)
        .step_by(size)
        .map(|start| start..len.min(start + size));
    std::thread::scope(|scope| {
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts
            .map(|part| {
                let work = &work;
                scope.spawn(move || work(part))
            })
            .collect();
        let mut results = vec![work(first)];
        // A worker only panics if `work` does; resuming that panic here is
        // what a single-threaded call would have done.
        results.extend(others.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        results
    })
}

pub use super::search_highlight::{highlight, Highlighter};

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "search_narrowing_tests.rs"]
mod narrowing_tests;
