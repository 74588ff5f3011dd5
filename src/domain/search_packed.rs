//! Search keys handed over in one piece, as the store reads them.

use std::ops::Range;

/// Account ids with their folded keys back to back in one buffer: what
/// [`SearchIndex::from_packed`](super::search::SearchIndex::from_packed)
/// takes without copying a key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PackedKeys {
    pub(super) ids: Vec<i64>,
    /// Byte range in `text` of each id's key.
    pub(super) spans: Vec<Range<usize>>,
    pub(super) text: String,
}

impl PackedKeys {
    /// Appends one account's key.
    pub fn push(&mut self, id: i64, key: &str) {
        let start = self.text.len();
        self.text.push_str(key);
        self.ids.push(id);
        self.spans.push(start..self.text.len());
    }

    /// Makes room for `accounts` more keys of `bytes` in all.
    pub fn reserve(&mut self, accounts: usize, bytes: usize) {
        self.ids.reserve(accounts);
        self.spans.reserve(accounts);
        self.text.reserve(bytes);
    }

    /// How many accounts are held.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The bytes of all keys held.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Whether no account is held.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Gives back the room reserved and not used.
    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.spans.shrink_to_fit();
        self.text.shrink_to_fit();
    }

    /// Forgets every account after the first `len`.
    pub fn truncate(&mut self, len: usize) {
        if let Some(span) = self.spans.get(len) {
            self.text.truncate(span.start);
        }
        self.ids.truncate(len);
        self.spans.truncate(len);
    }

    /// Puts the accounts in id order if they are not (they always are
    /// when read from the file; this only guards the order a filter's
    /// ties depend on).
    pub fn sort_if_needed(&mut self) {
        if self.ids.is_sorted() {
            return;
        }
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_by_key(|&i| self.ids[i]);
        self.ids = order.iter().map(|&i| self.ids[i]).collect();
        self.spans = order.iter().map(|&i| self.spans[i].clone()).collect();
    }

    /// Puts the keys in the order of `ids`, leaving out any account not
    /// among them; an id without a key gets an empty one (found by no
    /// query until its key is read).
    pub fn arrange(&mut self, ids: impl Iterator<Item = i64>) {
        let at = Positions::of(&self.ids);
        let mut text = String::with_capacity(self.text.len());
        let (mut new_ids, mut new_spans) = (Vec::new(), Vec::new());
        for id in ids {
            // The text is written anew in the new order: keys back to back
            // in entry order let a filter search the whole text at once.
            let key = at
                .get(id)
                .and_then(|i| self.text.get(self.spans[i].clone()))
                .unwrap_or_default();
            let start = text.len();
            text.push_str(key);
            new_ids.push(id);
            new_spans.push(start..text.len());
        }
        self.ids = new_ids;
        self.spans = new_spans;
        self.text = text;
    }

    /// Appends every account of `other`, in its order.
    pub fn append(&mut self, other: &PackedKeys) {
        let shift = self.text.len();
        self.text.push_str(&other.text);
        self.ids.extend_from_slice(&other.ids);
        self.spans.extend(
            other
                .spans
                .iter()
                .map(|span| span.start + shift..span.end + shift),
        );
    }

    /// The `(id, key)` pairs, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (i64, &str)> {
        self.ids
            .iter()
            .zip(&self.spans)
            .map(|(&id, span)| (id, self.text.get(span.clone()).unwrap_or_default()))
    }
}

/// Where each id stands in a list: a plain table when the ids are dense
/// (row ids are: 1M lookups in a hash map cost ~50 ms at start-up).
pub(crate) enum Positions {
    Dense(Vec<u32>),
    Sparse(std::collections::HashMap<i64, usize>),
}

impl Positions {
    /// The positions of `ids`.
    pub(crate) fn of(ids: &[i64]) -> Positions {
        let max = ids.iter().copied().max().unwrap_or(0);
        let dense = ids.iter().all(|&id| id >= 0)
            && usize::try_from(max).is_ok_and(|max| max <= 4 * ids.len() + 1024)
            && u32::try_from(ids.len()).is_ok();
        if !dense {
            return Positions::Sparse(ids.iter().enumerate().map(|(i, &id)| (id, i)).collect());
        }
        let mut table = vec![u32::MAX; usize::try_from(max).unwrap_or(0) + 1];
        for (i, &id) in ids.iter().enumerate() {
            table[id as usize] = i as u32;
        }
        Positions::Dense(table)
    }

    /// Where `id` stands.
    pub(crate) fn get(&self, id: i64) -> Option<usize> {
        match self {
            Positions::Dense(table) => usize::try_from(id)
                .ok()
                .and_then(|id| table.get(id))
                .filter(|&&i| i != u32::MAX)
                .map(|&i| i as usize),
            Positions::Sparse(map) => map.get(&id).copied(),
        }
    }
}
