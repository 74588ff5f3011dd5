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

    /// How many accounts are held.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no account is held.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
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

    /// The `(id, key)` pairs, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (i64, &str)> {
        self.ids
            .iter()
            .zip(&self.spans)
            .map(|(&id, span)| (id, self.text.get(span.clone()).unwrap_or_default()))
    }
}
