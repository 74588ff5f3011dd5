//! Whether a key is worth showing for a query, and its cheap rank,
//! judged from where the judgement of a shorter query left off.

/// A key that holds the query and may be worth showing for it or for a
/// longer query, with where the next judgement of it starts looking.
///
/// Both offsets only grow as the query grows: every run of a longer query
/// is a run of the shorter one at the same place, and a head from which a
/// longer query's chars follow inside one field lets the shorter one's
/// follow too. So a typed char continues from them instead of judging the
/// key from scratch, and a key with neither is dropped for good.
#[derive(Clone, Copy)]
pub(super) struct Hit {
    /// Position in `ids` and `spans`.
    pub(super) pos: u32,
    /// Byte offset in the key where the leftmost greedy match of the
    /// query's chars ends: a key that does not hold a longer query as a
    /// subsequence is dropped by one byte search from here.
    pub(super) end: u32,
    /// Byte offset in the key of the query's first run, [`NONE`] if the
    /// key holds no run of it.
    pub(super) run: u32,
    /// No head from which the query's chars follow inside one field (a
    /// scattered match, see [`cheap_rank`]) starts before this byte;
    /// [`NONE`] if no head does.
    pub(super) scattered_from: u32,
}

impl Hit {
    /// The hit of a query's first char `head` in the key at position
    /// `pos`, whose first `head` is at byte `at`: that occurrence is its
    /// match, its first run and its first possible scattered start.
    pub(super) fn of_head(pos: usize, at: usize, head: char) -> Self {
        Hit {
            pos: offset(pos),
            end: offset(at + head.len_utf8()),
            run: offset(at),
            scattered_from: offset(at),
        }
    }
}

/// No such offset.
pub(super) const NONE: u32 = u32::MAX;

pub(super) fn offset(n: usize) -> u32 {
    // Keys are a few hundred bytes and an index holds far fewer than 2^32
    // accounts; saturating only guards the impossible.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the greedy match of `chars` in `key`, starting at byte `from`,
/// ends; `None` if they do not all occur in order.
pub(super) fn greedy_end(
    key: &str,
    mut from: usize,
    chars: impl IntoIterator<Item = char>,
) -> Option<usize> {
    for c in chars {
        from = find_char(key, from, c)? + c.len_utf8();
    }
    Some(from)
}

/// How many distances within a tier the cheap rank tells apart.
pub(super) const DISTANCES: u16 = 256;
/// How many cheap ranks there are: three tiers of `DISTANCES`.
pub(super) const CHEAP_RANKS: u16 = 3 * DISTANCES;

/// A rank (lower is better, below [`CHEAP_RANKS`]) for a hit worth
/// showing, `None` for one that only matches by letters strewn about.
///
/// Tiers: the query as a run starting a word (`tan` in `tanaka`), then as
/// a run anywhere, then the quality floor: the query's chars in order
/// inside one field of the key, from the start of a word (for a Latin
/// head), skipping no more chars than the query has (`tnk` in `tanaka`,
/// not `tanaka` strewn over `tsukada|nakamura` or picked out of
/// `shouta.nakano`). Earlier runs and fewer skipped chars rank higher
/// within a tier; the first run found decides between the first two.
#[cfg(test)]
pub(super) fn cheap_rank(key: &str, query: &str) -> Option<u16> {
    let start = Hit {
        pos: 0,
        end: 0,
        run: 0,
        scattered_from: 0,
    };
    Pattern::new(query, 0).judge(key, start)?.1
}

/// A folded query, split the way [`Pattern::judge`] uses it.
pub(super) struct Pattern<'q> {
    query: &'q str,
    /// Bytes of `query` the judged hits have matched already.
    matched: usize,
    bytes: &'q [u8],
    head: char,
    tail: &'q str,
    /// Chars in the query.
    wanted: usize,
}

impl<'q> Pattern<'q> {
    /// The query, for hits whose `end` is where the greedy match of its
    /// first `matched` bytes ends.
    pub(super) fn new(query: &'q str, matched: usize) -> Self {
        let mut chars = query.chars();
        let head = chars.next().unwrap_or_default();
        Self {
            query,
            matched,
            bytes: query.as_bytes(),
            head,
            tail: chars.as_str(),
            wanted: query.chars().count(),
        }
    }

    /// Judges `key` for this query from where `hit` (of this query or a
    /// shorter one) says to look: `None` if neither this query nor any
    /// longer one can be worth showing in it, otherwise the hit for this
    /// query and its [`cheap_rank`], if it is worth showing now.
    ///
    /// One pass over the head's occurrences from the remembered offsets,
    /// with byte searches; nothing is allocated.
    pub(super) fn judge(&self, key: &str, mut hit: Hit) -> Option<(Hit, Option<u16>)> {
        // Both ways to be worth showing need the chars in order: one byte
        // search per added char drops most keys.
        let added = self.query.get(self.matched..).unwrap_or_default();
        hit.end = offset(greedy_end(key, hit.end as usize, added.chars())?);
        // The run found for the shorter query often still is one.
        if hit.run != NONE && self.is_run_at(key, hit.run as usize) {
            return Some((hit, Some(run_rank(key, hit.run as usize))));
        }
        let from = hit.run.min(hit.scattered_from);
        if from == NONE {
            return None;
        }
        let (mut first, mut fewest_skipped) = (None, None);
        // Where the field ends in which the rest of the query was not found
        // after a head: no later head in that field can do better.
        let mut hopeless_until = 0;
        let mut at = from as usize;
        while let Some(start) = find_char(key, at, self.head) {
            at = start + self.head.len_utf8();
            if hit.run != NONE && self.is_run_at(key, start) {
                // The first run decides: looking on for one starting a word
                // would cost a one-letter query a search per occurrence.
                hit.run = offset(start);
                return Some((hit, Some(run_rank(key, start))));
            }
            if start < hit.scattered_from as usize
                || start < hopeless_until
                || (self.head.is_ascii() && !starts_word(key, start))
            {
                continue;
            }
            match greedy_in_field(key, at, self.tail) {
                Ok(end) => {
                    first.get_or_insert(start);
                    // A char is at most four bytes: a long span need not
                    // be counted to know it skips too much.
                    if end - start > 4 * 2 * self.wanted {
                        continue;
                    }
                    let spanned = key
                        .get(start..end)
                        .map_or(usize::MAX, |s| s.chars().count());
                    let skipped = spanned.saturating_sub(self.wanted);
                    if skipped <= self.wanted && fewest_skipped.is_none_or(|f| skipped < f) {
                        fewest_skipped = Some(skipped);
                    }
                }
                Err(field_end) => hopeless_until = field_end,
            }
        }
        hit.run = NONE;
        hit.scattered_from = offset(first?);
        Some((hit, fewest_skipped.map(|skipped| cheap(2, skipped))))
    }

    /// Whether the query is a run at byte `start` of `key`.
    #[inline]
    fn is_run_at(&self, key: &str, start: usize) -> bool {
        let rest = key.as_bytes().get(start..).unwrap_or_default();
        // A plain loop: `starts_with` calls memcmp, slower for a few bytes.
        rest.len() >= self.bytes.len() && rest.iter().zip(self.bytes).all(|(a, b)| a == b)
    }
}

/// The cheap rank of a key whose first run of the query starts at `start`.
fn run_rank(key: &str, start: usize) -> u16 {
    cheap(if starts_word(key, start) { 0 } else { 1 }, start)
}

/// Where the greedy match of `chars` in `key` from byte `from` ends, if
/// it stays inside the field `from` is in; otherwise `Err` with where
/// that field ends.
fn greedy_in_field(key: &str, mut from: usize, chars: &str) -> Result<usize, usize> {
    for c in chars.chars() {
        from = find_in_field(key, from, c)? + c.len_utf8();
    }
    Ok(from)
}

/// The byte offset of the first `c` at or after byte `from` and before
/// the end of its field; `Err` with where the field ends if there is none.
fn find_in_field(key: &str, from: usize, c: char) -> Result<usize, usize> {
    const SEPARATOR: u8 = crate::domain::fold::KEY_SEPARATOR as u8;
    let bytes = key.as_bytes();
    if let Some(byte) = u8::try_from(c).ok().filter(u8::is_ascii) {
        let rest = bytes.get(from..).unwrap_or_default();
        return match find_either_byte(rest, byte, SEPARATOR) {
            Some(p) if rest[p] == byte => Ok(from + p),
            Some(p) => Err(from + p),
            None => Err(key.len()),
        };
    }
    let field_end = find_char(key, from, crate::domain::fold::KEY_SEPARATOR).unwrap_or(key.len());
    key.get(from..field_end)
        .and_then(|field| field.find(c))
        .map(|p| from + p)
        .ok_or(field_end)
}

/// The byte offset of the first `c` at or after byte `from` of `key`. An
/// ASCII char is looked for eight bytes at a time: keys are a hundred-odd
/// bytes, and memchr's set-up costs more than it saves at that length.
#[inline]
pub(super) fn find_char(key: &str, from: usize, c: char) -> Option<usize> {
    match u8::try_from(c).ok().filter(u8::is_ascii) {
        Some(byte) => find_byte(key.as_bytes().get(from..)?, byte).map(|p| from + p),
        None => key.get(from..)?.find(c).map(|p| from + p),
    }
}

/// The first `byte` in `hay`, eight bytes at a time.
#[inline]
pub(super) fn find_byte(hay: &[u8], byte: u8) -> Option<usize> {
    find_either_byte(hay, byte, byte)
}

/// The first `a` or `b` in `hay`, eight bytes at a time.
#[inline]
fn find_either_byte(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A flag in the high bit of each zero byte of `x`; the lowest flag is
    // exact (a borrow only runs upwards from a zero byte).
    let zeros = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    let (pa, pb) = (LOW * u64::from(a), LOW * u64::from(b));
    let mut words = hay.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        let found = zeros(x ^ pa) | zeros(x ^ pb);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&x| x == a || x == b)
        .map(|p| at + p)
}

/// The rank of a tier and a distance within it.
fn cheap(tier: u16, distance: usize) -> u16 {
    let distance = u16::try_from(distance)
        .unwrap_or(u16::MAX)
        .min(DISTANCES - 1);
    tier * DISTANCES + distance
}

#[inline]
fn starts_word(key: &str, at: usize) -> bool {
    // Most chars before a Latin head are ASCII: no decoding.
    match at
        .checked_sub(1)
        .and_then(|before| key.as_bytes().get(before))
    {
        None => return true,
        Some(b) if b.is_ascii() => return !b.is_ascii_alphanumeric(),
        Some(_) => {}
    }
    key.get(..at)
        .and_then(|before| before.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}
