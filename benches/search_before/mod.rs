#![allow(dead_code)]
//! The account filter as it was before the per-hit cut (commit 94adf69),
//! kept so one bench run times both.
//!
//! The in-memory, per-keystroke account filter.
//!
//! Keys come from [`search_key`](super::fold::search_key); queries are
//! folded with [`fold_query`]. Every key that contains the folded query as a
//! subsequence is returned. A cheap rank orders them all and the skim fuzzy
//! matcher re-ranks the best few hundred. Only this module knows which
//! matcher is used, so it can be swapped behind the same API if a benchmark
//! says so.
//!
//! Cost per keystroke over 100,000 keys is a few milliseconds: keys live in
//! one buffer, each hit remembers where its match ended so a typed char is
//! one byte search per remaining hit, and skim only scores the short list.

use std::ops::Range;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use unicode_normalization::char::canonical_combining_class;

use salesbench::domain::fold::{fold_into, fold_query};

/// How many of the best hits, by the cheap rank, the skim matcher re-ranks.
/// Scoring all of a one-letter query's 90,000 hits with skim takes ~90 ms;
/// nobody reads past the first screens of such a list, and a longer query
/// soon brings the hits under this cap, where the whole order is skim's.
const PRECISE_RANKED: usize = 500;

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
    matcher: SkimMatcherV2,
    /// Earlier results of the query being typed, each query a prefix of the
    /// next: typing narrows the last one, backspace pops back to one.
    history: Vec<Narrowed>,
}

/// One query's outcome.
struct Narrowed {
    query: String,
    /// Every matching key, in entry order.
    hits: Vec<Hit>,
    /// The ids returned for `query`, best first.
    ranked: Vec<i64>,
}

/// Where `query` matched one key.
#[derive(Clone, Copy)]
struct Hit {
    /// Position in `ids` and `spans`.
    pos: u32,
    /// Byte offsets in the key of the leftmost greedy match of the query's
    /// chars; `end` is where the next typed char is looked for.
    first: u32,
    end: u32,
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
            // Keys and queries are already lower case; matching them exactly
            // skips the matcher's case handling.
            matcher: SkimMatcherV2::default().respect_case(),
            history: Vec::new(),
        };
        for (id, key) in entries {
            let span = index.append_text(&key);
            index.ids.push(id);
            index.spans.push(span);
        }
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
        self.history.clear();
        if self.garbage > self.text.len() / 2 {
            let mut text = String::with_capacity(self.text.len() - self.garbage);
            for span in &mut self.spans {
                let start = text.len();
                text.push_str(self.text.get(span.clone()).unwrap_or_default());
                *span = start..text.len();
            }
            self.text = text;
            self.garbage = 0;
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

    /// The ids whose keys contain the folded `query` as a subsequence, best
    /// first, ties in entry order. An empty query returns every id in entry
    /// order.
    ///
    /// "Best" is skim's score for the first [`PRECISE_RANKED`] hits by the
    /// cheap rank (all of them when there are no more), then the cheap rank.
    ///
    /// When the folded query extends an earlier one still remembered, only
    /// that one's hits are examined, each from where its match ended: a key
    /// containing the longer query as a subsequence contains the shorter one
    /// too, so the result equals a fresh filter.
    pub fn filter(&mut self, query: &str) -> Vec<i64> {
        let query = fold_query(query);
        while self
            .history
            .last()
            .is_some_and(|last| !query.starts_with(&last.query))
        {
            self.history.pop();
        }
        if query.is_empty() {
            return self.ids.clone();
        }
        if let Some(last) = self.history.last().filter(|last| last.query == query) {
            return last.ranked.clone();
        }
        let pattern: Vec<char> = query.chars().collect();
        let mut buckets: Vec<u16> = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        let mut keep = |key: &str, hit: Option<Hit>| {
            if let Some(hit) = hit {
                buckets.push(cheap_rank(key, &hit, &query));
                hits.push(hit);
            }
        };
        match self.history.last() {
            Some(last) => {
                let added = pattern
                    .get(last.query.chars().count()..)
                    .unwrap_or_default();
                for hit in &last.hits {
                    let key = self.key(hit.pos as usize);
                    keep(key, extend(key, hit, added));
                }
            }
            None => {
                for pos in 0..self.ids.len() {
                    let key = self.key(pos);
                    keep(key, match_key(key, offset(pos), &pattern));
                }
            }
        }
        let order = self.rank(&hits, &buckets, &query);
        // A run of the query is a real match; failing that, one of the
        // best scattered hits must pass the floor. Only letters strewn
        // about (`tanaka` over 中野's fields) is no match, not a best one.
        let real = buckets.iter().any(|&b| b < 2 * DISTANCES)
            || order
                .iter()
                .take(PRECISE_RANKED)
                .any(|&pos| plausible(self.key(pos), &pattern));
        let ranked: Vec<i64> = match real {
            true => order
                .iter()
                .filter_map(|&pos| self.ids.get(pos).copied())
                .collect(),
            false => Vec::new(),
        };
        if self.history.len() == REMEMBERED_QUERIES {
            self.history.remove(0);
        }
        self.history.push(Narrowed {
            query,
            hits,
            ranked: ranked.clone(),
        });
        ranked
    }

    /// Orders the hits (positions in `ids`): by cheap rank (ties in entry order), then the best
    /// [`PRECISE_RANKED`] of those re-ranked by skim's score. This depends
    /// only on the hit set, so narrowing and a fresh filter agree.
    fn rank(&self, hits: &[Hit], buckets: &[u16], query: &str) -> Vec<usize> {
        // A counting sort: linear, and stable, so ties keep entry order.
        let mut starts = vec![0usize; usize::from(CHEAP_RANKS) + 1];
        for &bucket in buckets {
            starts[usize::from(bucket) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut order = vec![0usize; hits.len()];
        for (pos, &bucket) in hits.iter().map(|hit| hit.pos as usize).zip(buckets) {
            let slot = &mut starts[usize::from(bucket)];
            order[*slot] = pos;
            *slot += 1;
        }
        let cut = order.len().min(PRECISE_RANKED);
        let mut best: Vec<(i64, usize)> = order[..cut]
            .iter()
            .map(|&pos| {
                // The scan proved a match; keep the hit even if the matcher
                // disagreed, so no matching account goes missing.
                let score = self.matcher.fuzzy_match(self.key(pos), query);
                (score.unwrap_or(i64::MIN), pos)
            })
            .collect();
        // Ties on skim's score fall back to entry order.
        best.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (slot, &(_, pos)) in order.iter_mut().zip(&best) {
            *slot = pos;
        }
        order
    }
}

/// The quality floor: the query's chars in order inside one field of the
/// key, from the start of a word (for Latin letters), skipping no more
/// chars than the query has: `tnk` in `tanaka`, not `tanaka` strewn over
/// `tsukada|nakamura` or picked out of `shouta.nakano`.
fn plausible(key: &str, query: &[char]) -> bool {
    let Some(&head) = query.first() else {
        return true;
    };
    key.split(salesbench::domain::fold::KEY_SEPARATOR)
        .any(|field| {
            let chars: Vec<char> = field.chars().collect();
            let word_start =
                |i: usize| i == 0 || !head.is_ascii() || !chars[i - 1].is_alphanumeric();
            (0..chars.len())
                .filter(|&i| chars[i] == head && word_start(i))
                .any(|start| {
                    let mut at = start;
                    for &c in &query[1..] {
                        match chars[at + 1..].iter().position(|&x| x == c) {
                            Some(p) => at += 1 + p,
                            None => return false,
                        }
                    }
                    at + 1 - start - query.len() <= query.len()
                })
        })
}

fn offset(n: usize) -> u32 {
    // Keys are a few hundred bytes and an index holds far fewer than 2^32
    // accounts; saturating only guards the impossible.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Matches the chars of a query against `key` from scratch.
fn match_key(key: &str, pos: u32, chars: &[char]) -> Option<Hit> {
    let (&head, tail) = chars.split_first()?;
    let first = key.find(head)?;
    let end = greedy_end(key, first + head.len_utf8(), tail)?;
    Some(Hit {
        pos,
        first: offset(first),
        end: offset(end),
    })
}

/// Narrows an earlier hit to a query that adds the chars `added`: a greedy
/// leftmost match of the longer query continues the shorter one's.
fn extend(key: &str, hit: &Hit, added: &[char]) -> Option<Hit> {
    let end = greedy_end(key, hit.end as usize, added)?;
    Some(Hit {
        end: offset(end),
        ..*hit
    })
}

/// Where the greedy match of `chars` in `key`, starting at byte `from`,
/// ends; `None` if they do not all occur in order. `str::find` with a
/// `char` runs a fast byte search.
fn greedy_end(key: &str, mut from: usize, chars: &[char]) -> Option<usize> {
    for &c in chars {
        from += key.get(from..)?.find(c)? + c.len_utf8();
    }
    Some(from)
}

/// How many distances within a tier the cheap rank tells apart.
const DISTANCES: u16 = 256;
/// How many cheap ranks there are: three tiers of `DISTANCES`.
const CHEAP_RANKS: u16 = 3 * DISTANCES;

/// A rank (lower is better, below [`CHEAP_RANKS`]) costing one comparison
/// beyond the match itself: the query as a run starting a word (`tan` in
/// `tanaka`), then as a run anywhere, then scattered; earlier runs and
/// tighter scatters rank higher within each tier. Only runs that end where
/// the greedy match ends are seen, which is nearly all of them.
fn cheap_rank(key: &str, hit: &Hit, query: &str) -> u16 {
    let (first, end) = (hit.first as usize, hit.end as usize);
    let is_run = key.get(..end).is_some_and(|before| before.ends_with(query));
    let start = end.saturating_sub(query.len());
    let (tier, distance) = match is_run {
        true if starts_word(key, start) => (0, start),
        true => (1, start),
        false => (2, (end - first).saturating_sub(query.len())),
    };
    let distance = u16::try_from(distance)
        .unwrap_or(u16::MAX)
        .min(DISTANCES - 1);
    tier * DISTANCES + distance
}

fn starts_word(key: &str, at: usize) -> bool {
    key.get(..at)
        .and_then(|before| before.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Char positions in the original `name` to highlight for `query`, in
/// ascending order; empty when the name itself does not match (the account
/// was found through its reading, phone, e-mail or tags).
///
/// The name is folded piece by piece, remembering which original chars
/// produced each folded char: NFKC can merge two chars into one (`ｶﾞ` →
/// `が`) and folding can spell one char as two (`ō` → `ou`).
pub fn highlight(name: &str, query: &str) -> Vec<usize> {
    let pattern = fold_query(query);
    if pattern.is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = name.chars().collect();
    let mut folded = String::with_capacity(name.len());
    // For each folded char, the range of original char positions it came from.
    let mut origins: Vec<(usize, usize)> = Vec::with_capacity(chars.len());
    let mut piece = String::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = start + 1;
        while chars.get(end).is_some_and(|&c| merges_into_previous(c)) {
            end += 1;
        }
        piece.clear();
        piece.extend(&chars[start..end]);
        let before = folded.len();
        fold_into(&piece, &mut folded);
        let produced = folded[before..].chars().count();
        origins.extend(std::iter::repeat_n((start, end), produced));
        start = end;
    }
    let matcher = SkimMatcherV2::default().respect_case();
    let Some((_, indices)) = matcher.fuzzy_indices(&folded, &pattern) else {
        return Vec::new();
    };
    let mut positions: Vec<usize> = indices
        .into_iter()
        .filter_map(|i| origins.get(i).copied())
        .flat_map(|(from, to)| from..to)
        .collect();
    positions.dedup();
    positions
}

/// Whether NFKC may fold `c` together with the char before it: combining
/// marks, and the half-width sound marks that compose with half-width kana.
fn merges_into_previous(c: char) -> bool {
    c == '\u{FF9E}' || c == '\u{FF9F}' || canonical_combining_class(c) != 0
}
