//! Text folding for searching and sorting Japanese and Latin customer names.
//!
//! Everything here is pure: the same input always gives the same output, so a
//! search key computed on write stays valid until these rules change (and then
//! a migration recomputes the stored keys).

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Separates the fields of a search key.
///
/// The fuzzy matcher treats `|` as a word break, so the first letter of each
/// field scores as a word start. It is removed from every field and from every
/// query, so a query character can never match it.
pub const KEY_SEPARATOR: char = '|';

/// Kana variant ranks, in the order they sort after their base kana.
const PLAIN: u8 = 0;
const SMALL: u8 = 1;
const VOICED: u8 = 2;
const SEMI_VOICED: u8 = 3;
/// A long-vowel mark `ー`, which sorts as the vowel it lengthens.
const LONG: u8 = 4;

/// Hepburn romaji of each hiragana from U+3041 `ぁ` to U+3096 `ゖ`.
/// `っ` is empty because it only doubles the next consonant.
const ROMAJI: [&str; 86] = [
    "a", "a", "i", "i", "u", "u", "e", "e", "o", "o", // ぁあぃいぅうぇえぉお
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go", // か..ご
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", // さ..ぞ
    "ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to", "do", // た..ど
    "na", "ni", "nu", "ne", "no", // な..の
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", // は..ぷ
    "he", "be", "pe", "ho", "bo", "po", // へ..ぽ
    "ma", "mi", "mu", "me", "mo", // ま..も
    "ya", "ya", "yu", "yu", "yo", "yo", // ゃ..よ
    "ra", "ri", "ru", "re", "ro", // ら..ろ
    "wa", "wa", "i", "e", "wo", "n", // ゎわゐゑをん
    "vu", "ka", "ke", // ゔゕゖ
];

/// Folds text for matching and sorting: NFKC, lower case, katakana to
/// hiragana (small kana stay small, `ー` stays), Latin macron and circumflex
/// vowels spelled out (`ō` → `ou`), and the iteration marks `ゝ`/`ゞ`
/// replaced by the kana they repeat.
///
/// NFKC also turns half-width `ｶﾞ` into `ガ` (then `が`) and full-width
/// `ＡＢＣ` into `ABC` (then `abc`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    // Lower-casing can leave combining marks out of canonical order (`İ`
    // becomes `i` + U+0307 before another mark); put them back in order so
    // that folding is idempotent. Composed text never takes this path.
    if out.chars().any(|c| canonical_combining_class(c) != 0) {
        out = out.nfc().collect();
    }
    out
}

/// Appends the folding of `s` to `out`.
///
/// Iteration marks at the start of `s` repeat the last kana already in `out`,
/// so folding a string piece by piece gives the same text as folding it
/// whole (the highlighter relies on this to map folded characters back).
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.nfkc() {
        for lower in c.to_lowercase() {
            push_folded(lower, out);
        }
    }
}

fn push_folded(c: char, out: &mut String) {
    let spelled = match c {
        'ā' | 'â' => "aa",
        'ī' | 'î' => "ii",
        'ū' | 'û' => "uu",
        'ē' | 'ê' => "ee",
        'ō' | 'ô' => "ou",
        _ => "",
    };
    if !spelled.is_empty() {
        out.push_str(spelled);
        return;
    }
    let c = katakana_to_hiragana(c);
    if c == 'ゝ' || c == 'ゞ' {
        // Repeat the previous kana: unvoiced for ゝ, voiced for ゞ (いすゞ → いすず).
        if let Some((base, _)) = out.chars().next_back().and_then(kana_parts) {
            out.push(if c == 'ゞ' { voiced(base) } else { base });
            return;
        }
    }
    out.push(c);
}

fn katakana_to_hiragana(c: char) -> char {
    match c {
        // ァ..ヶ and ヽヾ sit exactly 0x60 above their hiragana.
        'ァ'..='ヶ' | 'ヽ' | 'ヾ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Splits a hiragana into its base kana and variant rank (`ぱ` → `(は,
/// SEMI_VOICED)`), relying on the Unicode block listing each base kana
/// followed by its variants.
fn kana_parts(c: char) -> Option<(char, u8)> {
    let u = c as u32;
    let (base, variant) = match u {
        // ぁあ..ぉお: small forms at odd code points.
        0x3041..=0x304A if u % 2 == 1 => (u + 1, SMALL),
        0x3041..=0x304A => (u, PLAIN),
        // か..ぢ: each plain kana followed by its voiced form.
        0x304B..=0x3062 if (u - 0x304B) % 2 == 1 => (u - 1, VOICED),
        0x304B..=0x3062 => (u, PLAIN),
        0x3063 => (0x3064, SMALL),
        0x3064 => (u, PLAIN),
        0x3065 => (0x3064, VOICED),
        0x3066..=0x3069 if (u - 0x3066) % 2 == 1 => (u - 1, VOICED),
        // は..ぽ: plain, voiced, semi-voiced triples.
        0x306F..=0x307D => match (u - 0x306F) % 3 {
            0 => (u, PLAIN),
            1 => (u - 1, VOICED),
            _ => (u - 2, SEMI_VOICED),
        },
        0x3083..=0x3088 if u % 2 == 1 => (u + 1, SMALL),
        0x308E => (0x308F, SMALL),
        0x3094 => ('う' as u32, VOICED),
        0x3095 => ('か' as u32, SMALL),
        0x3096 => ('け' as u32, SMALL),
        0x3066..=0x3093 => (u, PLAIN),
        _ => return None,
    };
    char::from_u32(base).map(|b| (b, variant))
}

/// The voiced form of a base kana, or the kana itself when it has none.
fn voiced(base: char) -> char {
    if base == 'う' {
        return 'ゔ';
    }
    char::from_u32(base as u32 + 1)
        .filter(|&next| kana_parts(next) == Some((base, VOICED)))
        .unwrap_or(base)
}

fn kana_romaji(c: char) -> Option<&'static str> {
    let offset = (c as u32).checked_sub(0x3041)?;
    ROMAJI.get(usize::try_from(offset).ok()?).copied()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'i' | 'u' | 'e' | 'o')
}

/// Hepburn-style romaji of a kana reading (hiragana or katakana).
///
/// `きゃ` → `kya`, `しゃ` → `sha`, `ち` → `chi`, `つ` → `tsu`, `ふ` → `fu`,
/// `ぢ` → `ji`, `づ` → `zu`, `を` → `wo`, `ん` → `n` (never `n'`: matching is
/// fuzzy). `っ` doubles the next consonant, as `tch` before `ch`; `ー` repeats
/// the previous vowel. Anything that is not kana passes through folded.
pub fn romaji(reading: &str) -> String {
    let chars: Vec<char> = fold(reading).chars().collect();
    let mut out = String::with_capacity(chars.len() * 2);
    let mut double_next = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c == 'っ' {
            double_next = true;
            continue;
        }
        if c == 'ー' {
            if let Some(v) = out.chars().next_back().filter(|&v| is_vowel(v)) {
                out.push(v);
            }
            double_next = false;
            continue;
        }
        let Some(single) = kana_romaji(c) else {
            double_next = false;
            out.push(c);
            continue;
        };
        let mut syllable = single.to_string();
        if let Some(joined) = chars.get(i).and_then(|&next| join_small(c, single, next)) {
            syllable = joined;
            i += 1;
        }
        if std::mem::take(&mut double_next) {
            if syllable.starts_with("ch") {
                out.push('t');
            } else if let Some(first) = syllable.chars().next().filter(|&f| !is_vowel(f)) {
                out.push(first);
            }
        }
        out.push_str(&syllable);
    }
    out
}

/// Joins a kana and a following small kana into one syllable (`き`+`ゃ` →
/// `kya`, `ふ`+`ぁ` → `fa`, `て`+`ぃ` → `ti`), or `None` when they stay apart.
fn join_small(first: char, first_romaji: &str, small: char) -> Option<String> {
    let (glide, vowel) = match small {
        'ゃ' => (true, 'a'),
        'ゅ' => (true, 'u'),
        'ょ' => (true, 'o'),
        'ぁ' => (false, 'a'),
        'ぃ' => (false, 'i'),
        'ぅ' => (false, 'u'),
        'ぇ' => (false, 'e'),
        'ぉ' => (false, 'o'),
        _ => return None,
    };
    let (_, variant) = kana_parts(first)?;
    if variant == SMALL || first == 'ん' {
        return None;
    }
    let stem = first_romaji.strip_suffix(is_vowel)?;
    let mut joined = String::with_capacity(4);
    if stem.is_empty() {
        // A bare vowel kana: うぃ → wi, いぇ → ye; others stay apart.
        match (first, glide) {
            ('う', false) => joined.push('w'),
            ('い', false) if vowel == 'e' => joined.push('y'),
            _ => return None,
        }
    } else {
        joined.push_str(stem);
        // sh, ch and j already carry the glide: しゃ → sha, not shya.
        if glide && !(stem.ends_with('h') || stem == "j") {
            joined.push('y');
        }
    }
    joined.push(vowel);
    Some(joined)
}

/// The ASCII digits of `s` after NFKC (`０３-1234` → `031234`).
pub fn phone_digits(s: &str) -> String {
    s.nfkc().filter(char::is_ascii_digit).collect()
}

/// Builds the one string stored per account and matched on every keystroke.
///
/// Fields, in order, each folded and non-empty ones only, duplicates
/// dropped, joined by [`KEY_SEPARATOR`]: the name, the reading, the romaji
/// of the reading, the romaji of the name when it contains kana (so
/// `タナカ商事` is found by `tanaka`), the phone digits, the e-mail and each
/// tag.
pub fn search_key(
    name: &str,
    reading: Option<&str>,
    phone: Option<&str>,
    email: Option<&str>,
    tags: &[String],
) -> String {
    // Controls go before folding, as in a query (`fold_query`): an
    // iteration mark after one must see the kana it repeats in both.
    let clean = |s: &str| -> String { s.chars().filter(|c| !c.is_control()).collect() };
    let (name, reading) = (clean(name), reading.map(clean));
    let (name, reading) = (name.as_str(), reading.as_deref());
    let mut fields: Vec<String> = Vec::with_capacity(6 + tags.len());
    let folded_name = fold(name);
    let name_has_kana = folded_name.chars().any(|c| kana_parts(c).is_some());
    push_field(&mut fields, folded_name);
    if let Some(reading) = reading {
        push_field(&mut fields, fold(reading));
        push_field(&mut fields, romaji(reading));
    }
    if name_has_kana {
        push_field(&mut fields, romaji(name));
    }
    if let Some(phone) = phone {
        push_field(&mut fields, phone_digits(phone));
    }
    if let Some(email) = email {
        push_field(&mut fields, fold(email));
    }
    for tag in tags {
        push_field(&mut fields, fold(tag));
    }
    let mut key = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            key.push(KEY_SEPARATOR);
        }
        key.push_str(field);
    }
    key
}

/// Cleans a folded field so it can never contain the separator or a control
/// character, and adds it unless it is empty or already present.
fn push_field(fields: &mut Vec<String>, field: String) {
    let cleaned: String = field
        .chars()
        .map(|c| {
            if c == KEY_SEPARATOR || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim();
    if !cleaned.is_empty() && !fields.iter().any(|f| f == cleaned) {
        fields.push(cleaned.to_string());
    }
}

/// Characters a phone-number query may contain besides digits.
fn is_phone_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | '(' | ')' | '+' | '.'
    )
}

/// Folds a query the same way as [`search_key`] folds its fields.
///
/// Leading and trailing spaces are dropped (a space typed before the next
/// word must not empty the list), as are control characters,
/// [`KEY_SEPARATOR`] and apostrophes (`kan'ichi` finds `kanichi`; since
/// matching is by subsequence, `o'brien` still finds `o'brien`). A
/// digits-like query (digits plus spaces, hyphens,
/// brackets, `+` or `.`) keeps only its digits, to match the stored phone
/// digits: `03-1234` → `031234`.
pub fn fold_query(q: &str) -> String {
    // Controls go before folding: an iteration mark after one must still
    // see the kana it repeats.
    let clean: String = q.chars().filter(|c| !c.is_control()).collect();
    let folded: String = fold(&clean)
        .chars()
        .filter(|&c| !matches!(c, KEY_SEPARATOR | '\'' | '’'))
        .collect();
    let has_digit = folded.chars().any(|c| c.is_ascii_digit());
    if has_digit
        && folded
            .chars()
            .all(|c| c.is_ascii_digit() || is_phone_punctuation(c))
    {
        return folded.chars().filter(char::is_ascii_digit).collect();
    }
    folded.trim().to_string()
}

/// A sort key giving 五十音 order by plain string comparison.
///
/// Primary order is by base kana over the whole reading; only readings that
/// tie there are ordered by variant, each kana ranking plain < small <
/// voiced < semi-voiced (`は` < `ば` < `ぱ` < `ひ`, `つ` < `っ` < `づ`).
/// `ー` sorts as the vowel it lengthens, just after that vowel written out.
/// Other characters sort by their folded code point (Latin before kana,
/// kana before kanji).
pub fn gojuon_key(reading: &str) -> String {
    let folded = fold(reading);
    let mut primary = String::with_capacity(folded.len() * 2);
    let mut secondary = String::with_capacity(folded.len());
    let mut last_vowel: Option<char> = None;
    for c in folded.chars().filter(|c| !c.is_control()) {
        let (base, variant) = match (c, last_vowel) {
            ('ー', Some(vowel)) => (vowel, LONG),
            _ => kana_parts(c).unwrap_or((c, PLAIN)),
        };
        last_vowel = kana_romaji(base)
            .and_then(|r| r.chars().next_back())
            .and_then(vowel_kana)
            .or(if c == 'ー' { last_vowel } else { None });
        primary.push(base);
        secondary.push(char::from(b'0' + variant));
    }
    // U+0001 sorts below every kept character, so a reading that is a prefix of
    // another sorts first, before any secondary ranks are compared.
    primary.push('\u{1}');
    primary.push_str(&secondary);
    primary
}

fn vowel_kana(v: char) -> Option<char> {
    match v {
        'a' => Some('あ'),
        'i' => Some('い'),
        'u' => Some('う'),
        'e' => Some('え'),
        'o' => Some('お'),
        _ => None,
    }
}

#[cfg(test)]
#[path = "fold_tests.rs"]
mod tests;
