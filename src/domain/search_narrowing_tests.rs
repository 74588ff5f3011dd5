//! Narrowing (each keystroke continuing the last one's hits) always
//! answers what a fresh index would, across edits and key orders.

use super::tests::synthetic_keys;
use super::*;
use crate::domain::fold::search_key;

/// Keys numbered from 0, as ids.
fn numbered(keys: Vec<String>) -> Vec<(i64, String)> {
    keys.into_iter()
        .enumerate()
        .map(|(i, k)| (i64::try_from(i).unwrap_or(0), k))
        .collect()
}

proptest::proptest! {
    /// Typing a query a char at a time returns what a fresh index returns
    /// for each prefix, the quality cut included: keys from a small
    /// alphabet make runs, in-field abbreviations and strewn letters common.
    #[test]
    fn narrowing_equals_fresh_with_the_cut(
        keys in proptest::collection::vec("[tanka .|]{0,24}", 1..40),
        query in "[tank]{1,6}",
    ) {
        let entries = numbered(keys);
        let mut typed = SearchIndex::new(entries.clone());
        let chars: Vec<char> = query.chars().collect();
        for end in 1..=chars.len() {
            let prefix: String = chars[..end].iter().collect();
            let mut fresh = SearchIndex::new(entries.clone());
            proptest::prop_assert_eq!(typed.filter(&prefix), fresh.filter(&prefix));
        }
    }
}

#[test]
fn keys_out_of_text_order_filter_the_same() {
    // As loaded, keys lie back to back in entry order and the first char
    // is found by one search over the whole text; after an edit a key
    // lives at the end of the text and every key is tried. Same answers.
    let entries = synthetic_keys(3_000);
    let mut in_order = SearchIndex::new(entries.clone());
    let mut edited = SearchIndex::new(entries.clone());
    for (id, key) in entries.iter().step_by(7) {
        edited.upsert(*id, key.clone());
    }
    for q in ["a", "tan", "田", "zz", "0312", "たなか", "sonsfo", "q"] {
        assert_eq!(in_order.filter(q), edited.filter(q), "{q}");
        in_order.filter("");
        edited.filter("");
    }
    // And through the packed form, arranged into another order.
    let mut packed = crate::domain::search_packed::PackedKeys::default();
    for (id, key) in &entries {
        packed.push(*id, key);
    }
    packed.arrange(entries.iter().rev().map(|(id, _)| *id));
    let mut reversed = SearchIndex::from_packed(packed);
    let mut plain = SearchIndex::new(entries.iter().rev().cloned().collect());
    for q in ["a", "tan", "田", "0312"] {
        assert_eq!(reversed.filter(q), plain.filter(q), "{q}");
    }
}

#[test]
fn remembered_runs_and_heads_move_on_as_the_query_grows() {
    let keys = vec![
        // "ta" runs at 1 (inside a word); "tan" only at 5, a word start.
        (1, "xtab tan".to_string()),
        // "ta" runs at 0; "tan" has no run, only a scattered match from
        // the second field's word start.
        (2, "tab|t a n".to_string()),
        // "ta" runs; "tan" is strewn over two fields: dropped for good.
        (3, "tab|n".to_string()),
        // "ta" scattered in the first field only; "tan" in the second.
        (4, "t x a|t a n".to_string()),
    ];
    let mut typed = SearchIndex::new(keys.clone());
    for query in ["t", "ta", "tan", "tana", "tan", "ta"] {
        let fresh = SearchIndex::new(keys.clone()).filter(query);
        assert_eq!(typed.filter(query), fresh, "{query:?}");
    }
    assert_eq!(cheap_rank("xtab tan", "ta"), Some(DISTANCES + 1));
    assert_eq!(cheap_rank("xtab tan", "tan"), Some(5));
    assert_eq!(cheap_rank("tab|t a n", "tan"), Some(2 * DISTANCES + 2));
    assert_eq!(cheap_rank("tab|n", "tan"), None);
    let mut found = typed.filter("tan");
    found.sort_unstable();
    assert_eq!(found, vec![1, 2, 4]);
}

#[test]
fn narrowing_after_upsert_and_remove_matches_fresh() {
    let mut entries = synthetic_keys(3_000);
    let mut typed = SearchIndex::new(entries.clone());
    typed.filter("t");
    typed.filter("ta");
    // An edit between keystrokes: a changed key, a new one, a removed one.
    let changed = search_key("田中", Some("たなか"), None, None, &[]);
    typed.upsert(5, changed.clone());
    entries[5].1 = changed;
    typed.upsert(10_000, "tanaka trading".to_string());
    entries.push((10_000, "tanaka trading".to_string()));
    typed.remove(7);
    entries.retain(|(id, _)| *id != 7);
    for query in ["tan", "tana", "tanak", "t", "ta"] {
        let fresh = SearchIndex::new(entries.clone()).filter(query);
        assert_eq!(typed.filter(query), fresh, "{query:?}");
    }
    assert!(typed.filter("tanaka").contains(&5));
    assert!(typed.filter("tanaka").contains(&10_000));
    assert!(!typed.filter("t").contains(&7));
}

proptest::proptest! {
    /// An upsert or removal while a query is being typed: every later
    /// keystroke returns what a fresh index of the edited keys returns.
    #[test]
    fn narrowing_across_edits_equals_fresh(
        keys in proptest::collection::vec("[tanka .|]{0,24}", 1..40),
        query in "[tank]{2,6}",
        edited in 0usize..40,
        new_key in proptest::option::of("[tanka .|]{0,24}"),
        at in 1usize..6,
    ) {
        let mut entries = numbered(keys);
        let mut typed = SearchIndex::new(entries.clone());
        let chars: Vec<char> = query.chars().collect();
        let id = i64::try_from(edited).unwrap_or(0);
        for end in 1..=chars.len() {
            if end == at.min(chars.len()) {
                match &new_key {
                    Some(key) => {
                        typed.upsert(id, key.clone());
                        match entries.iter_mut().find(|(e, _)| *e == id) {
                            Some(entry) => entry.1 = key.clone(),
                            None => entries.push((id, key.clone())),
                        }
                    }
                    None => {
                        typed.remove(id);
                        entries.retain(|(e, _)| *e != id);
                    }
                }
            }
            let prefix: String = chars[..end].iter().collect();
            let mut fresh = SearchIndex::new(entries.clone());
            proptest::prop_assert_eq!(typed.filter(&prefix), fresh.filter(&prefix));
        }
    }
}

proptest::proptest! {
    /// A one-off search keeps only the keys the sieve lets through and
    /// filters those: the same ids in the same order as filtering all; the
    /// sieve keeps exactly the keys the filter shows, no more. Kana and a
    /// kanji are in the alphabet so multi-byte heads are sieved too.
    #[test]
    fn filtering_the_sieved_keys_equals_filtering_all(
        keys in proptest::collection::vec("[tanka .|たな田]{0,24}", 1..40),
        query in "[tankたな田 ]{1,6}",
    ) {
        let entries = numbered(keys);
        let sieve = Sieve::new(&query);
        let kept: Vec<(i64, String)> = entries
            .iter()
            .filter(|(_, key)| sieve.shows(key))
            .cloned()
            .collect();
        let all = SearchIndex::new(entries).filter(&query);
        let mut shown = all.clone();
        shown.sort_unstable();
        if !sieve.keeps_all() {
            let kept_ids: Vec<i64> = kept.iter().map(|(id, _)| *id).collect();
            proptest::prop_assert_eq!(kept_ids, shown);
        }
        proptest::prop_assert_eq!(SearchIndex::new(kept).filter(&query), all);
    }
}

#[test]
fn the_sieve_keeps_the_keys_a_filter_shows() {
    let sieve = Sieve::new("TNK");
    assert!(sieve.shows("tanaka|03"));
    assert!(!sieve.shows("kanat"));
    // The letters are there in order, but strewn over two fields: a filter
    // does not show it, so the sieve does not copy it.
    assert!(!Sieve::new("tanaka").shows("tsukada|nakamura"));
    let kana = Sieve::new("タナカ");
    assert!(kana.shows("たなか|tanaka"));
    assert!(!kana.shows("なかた"));
    assert_eq!(kana.find_head("abcた".as_bytes()), Some(3));
    assert!(Sieve::new("\u{7}").keeps_all());
}
