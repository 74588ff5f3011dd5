//! Where a query matched a displayed name, for highlighting: the
//! matcher's indices over the folded name, mapped back to the name's own
//! chars.

// Only the highlighter still uses skim: its match positions.
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use unicode_normalization::char::canonical_combining_class;

use super::fold::{fold_into, fold_query};

/// Char positions in the original `name` to highlight for `query`, in
/// ascending order; empty when the name itself does not match (the account
/// was found through its reading, phone, e-mail or tags).
///
/// One call builds a matcher and its buffers; a screen of rows should use
/// one [`Highlighter`].
pub fn highlight(name: &str, query: &str) -> Vec<usize> {
    Highlighter::new().positions(name, query)
}

/// [`highlight`] for many names: keeps one matcher, the folded query and
/// its buffers from row to row and frame to frame.
pub struct Highlighter {
    matcher: SkimMatcherV2,
    /// The query as typed, and folded.
    query: String,
    pattern: String,
    chars: Vec<char>,
    folded: String,
    /// For each folded char, the range of original char positions it came from.
    origins: Vec<(usize, usize)>,
    piece: String,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Self {
            matcher: SkimMatcherV2::default().respect_case(),
            query: String::new(),
            pattern: String::new(),
            chars: Vec::new(),
            folded: String::new(),
            origins: Vec::new(),
            piece: String::new(),
        }
    }

    /// What [`highlight`] returns for `name` and `query`.
    ///
    /// The name is folded piece by piece, remembering which original chars
    /// produced each folded char: NFKC can merge two chars into one (`ｶﾞ` →
    /// `が`) and folding can spell one char as two (`ō` → `ou`).
    pub fn positions(&mut self, name: &str, query: &str) -> Vec<usize> {
        if self.query != query {
            self.query.clear();
            self.query.push_str(query);
            self.pattern = fold_query(query);
        }
        if self.pattern.is_empty() {
            return Vec::new();
        }
        self.chars.clear();
        self.chars.extend(name.chars());
        self.folded.clear();
        self.origins.clear();
        let chars = &self.chars;
        let mut start = 0;
        while start < chars.len() {
            let mut end = start + 1;
            while chars.get(end).is_some_and(|&c| merges_into_previous(c)) {
                end += 1;
            }
            self.piece.clear();
            self.piece.extend(&chars[start..end]);
            let before = self.folded.len();
            fold_into(&self.piece, &mut self.folded);
            let produced = self.folded[before..].chars().count();
            self.origins
                .extend(std::iter::repeat_n((start, end), produced));
            start = end;
        }
        let Some((_, indices)) = self.matcher.fuzzy_indices(&self.folded, &self.pattern) else {
            return Vec::new();
        };
        let mut positions: Vec<usize> = indices
            .into_iter()
            .filter_map(|i| self.origins.get(i).copied())
            .flat_map(|(from, to)| from..to)
            .collect();
        positions.dedup();
        positions
    }
}

/// Whether NFKC may fold `c` together with the char before it: combining
/// marks, and the half-width sound marks that compose with half-width kana.
fn merges_into_previous(c: char) -> bool {
    c == '\u{FF9E}' || c == '\u{FF9F}' || canonical_combining_class(c) != 0
}
