//! Searching what was said: how a typed query becomes search terms, and
//! the short excerpt shown around the first match. The store does the
//! finding (SQLite FTS5 with the trigram tokenizer); these rules are pure.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::model::ConversationKind;

/// A trigram index matches terms of at least this many characters;
/// shorter ones (`田中`, `見積`) are found by a scan.
pub const TRIGRAM: usize = 3;

/// Characters of context shown before the match in a snippet.
const BEFORE: usize = 16;
/// Characters shown in all (before + match + after), at most.
const SNIPPET_CHARS: usize = 60;

/// One conversation whose current text holds every term of a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextHit {
    pub conversation_id: i64,
    pub account_id: i64,
    #[serde(rename = "account")]
    pub account_name: String,
    #[serde(serialize_with = "super::time::ser")]
    pub happened_at: DateTime<Utc>,
    pub kind: ConversationKind,
    /// A short, single-line excerpt around the first match.
    pub snippet: String,
}

/// A query split into the words that must all occur (any order, each a
/// plain substring: quotes, `*`, `AND` are ordinary text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Terms {
    /// Terms of [`TRIGRAM`] characters or more: the index finds them.
    pub indexed: Vec<String>,
    /// Shorter terms: a scan finds them. Lower-cased (ASCII, as SQLite's
    /// `lower` does) so the scan is case-insensitive for Latin text.
    pub scanned: Vec<String>,
}

impl Terms {
    /// Split `query` on white space.
    pub fn parse(query: &str) -> Terms {
        let mut terms = Terms::default();
        for word in query.split_whitespace() {
            if word.chars().count() >= TRIGRAM {
                terms.indexed.push(word.to_string());
            } else {
                terms.scanned.push(word.to_ascii_lowercase());
            }
        }
        terms
    }

    /// Nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.indexed.is_empty() && self.scanned.is_empty()
    }

    /// The FTS5 MATCH expression for the indexed terms: each one a quoted
    /// string (inner quotes doubled), so no character is query syntax.
    pub fn match_expression(&self) -> Option<String> {
        if self.indexed.is_empty() {
            return None;
        }
        let quoted: Vec<String> = self
            .indexed
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        Some(quoted.join(" "))
    }

    /// Every term, in the order typed (longest-indexed first does not
    /// matter: the snippet shows whichever occurs in the text first).
    fn all(&self) -> impl Iterator<Item = &str> {
        self.indexed
            .iter()
            .chain(self.scanned.iter())
            .map(String::as_str)
    }
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Where `needle` first occurs in `hay` (case-insensitively), in chars.
fn find_chars(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| {
        hay[i..i + needle.len()]
            .iter()
            .zip(needle)
            .all(|(a, b)| fold(*a) == fold(*b))
    })
}

/// A one-line excerpt of the first of `texts` (summary, body, outcome)
/// holding a term, around the earliest match; the summary's start when
/// none does. Cut by characters, never inside one; `…` marks a cut.
pub fn snippet(texts: &[&str], terms: &Terms) -> String {
    let needles: Vec<Vec<char>> = terms.all().map(|t| t.chars().collect()).collect();
    for text in texts {
        let chars: Vec<char> = one_line(text).chars().collect();
        let first = needles
            .iter()
            .filter_map(|n| find_chars(&chars, n).map(|at| (at, n.len())))
            .min();
        if let Some((at, _)) = first {
            return excerpt(&chars, at.saturating_sub(BEFORE));
        }
    }
    let chars: Vec<char> = one_line(texts.first().copied().unwrap_or(""))
        .chars()
        .collect();
    excerpt(&chars, 0)
}

fn one_line(s: &str) -> String {
    let cleaned = super::text::sanitize(s);
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn excerpt(chars: &[char], start: usize) -> String {
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push(super::text::ELLIPSIS);
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push(super::text::ELLIPSIS);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_split_by_length_and_quote_everything() {
        let t = Terms::parse("  田中 見積書 a\"b*c AND ok ");
        assert_eq!(t.indexed, ["見積書", "a\"b*c", "AND"]);
        assert_eq!(t.scanned, ["田中", "ok"]);
        assert_eq!(t.match_expression().unwrap(), r#""見積書" "a""b*c" "AND""#);
        assert!(Terms::parse(" \t ").is_empty());
        assert_eq!(Terms::parse("OK").scanned, ["ok"]);
    }

    #[test]
    fn snippet_is_cut_around_the_first_match_by_chars() {
        let body = "あ".repeat(40) + "見積書をお送りしました" + &"い".repeat(80);
        let t = Terms::parse("見積");
        let s = snippet(&["件名", &body], &t);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("見積書"), "{s}");
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 2);
    }

    #[test]
    fn snippet_prefers_the_summary_and_folds_case() {
        let t = Terms::parse("QUOTE");
        assert_eq!(
            snippet(&["Sent the quote\nto Bob", "quote"], &t),
            "Sent the quote to Bob"
        );
        assert_eq!(snippet(&["nothing here", "x"], &t), "nothing here");
    }
}
