//! Terminal-safe text helpers: sanitising, display width, truncation,
//! padding and wrapping.
//!
//! Widths are measured per grapheme exactly the way ratatui's buffer does
//! (graphemes holding a control char are 0), so anything laid out with
//! these helpers lines up with what ratatui draws.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The ellipsis appended by [`truncate`].
pub const ELLIPSIS: char = '…';

/// What [`clean`] does with one char.
enum Fate {
    Keep,
    Drop,
    Space,
    Newline,
}

/// Decides a char's fate. `\n` and lone `\r` are reported as `Newline`; the
/// caller decides whether that becomes a space or stays a line break.
fn fate(c: char) -> Fate {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => Fate::Newline,
        '\t' => Fate::Space,
        // C0, DEL and C1: any of these can start a terminal escape sequence.
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Fate::Drop,
        // Bidi embeddings, overrides, isolates and marks can visually
        // reorder the rest of the line (Trojan Source style spoofing).
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}' => Fate::Drop,
        _ => Fate::Keep,
    }
}

/// Half-width katakana and its punctuation (`ｶﾞ`, `｡`): terminals and
/// ratatui disagree on how wide a base plus `ﾞ` is, which breaks the
/// layout and leaves stray marks behind, so they are shown full-width.
fn is_halfwidth_kana(c: char) -> bool {
    matches!(c, '\u{ff61}'..='\u{ff9f}')
}

/// A run of half-width kana as full-width: `ｶﾞ` is `ガ`; a mark with nothing
/// to combine with is the spacing `゛`/`゜`.
fn push_fullwidth_kana(run: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    for c in run.nfkc() {
        out.push(match c {
            '\u{3099}' => '\u{309b}',
            '\u{309a}' => '\u{309c}',
            c => c,
        });
    }
}

fn clean(s: &str, keep_newlines: bool, fold_kana: bool) -> Cow<'_, str> {
    let is_clean = |c: char| match fate(c) {
        Fate::Keep => !(fold_kana && is_halfwidth_kana(c)),
        Fate::Newline => keep_newlines && c == '\n',
        Fate::Drop | Fate::Space => false,
    };
    if s.chars().all(is_clean) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut kana = String::new();
    while let Some(c) = chars.next() {
        if fold_kana && is_halfwidth_kana(c) {
            kana.push(c);
            continue;
        }
        if !kana.is_empty() {
            push_fullwidth_kana(&kana, &mut out);
            kana.clear();
        }
        match fate(c) {
            Fate::Keep => out.push(c),
            Fate::Drop => {}
            Fate::Space => out.push(' '),
            Fate::Newline => {
                // CRLF is one line break, not two.
                if c == '\r' && chars.peek() == Some(&'\n') {
                    continue;
                }
                out.push(if keep_newlines { '\n' } else { ' ' });
            }
        }
    }
    push_fullwidth_kana(&kana, &mut out);
    Cow::Owned(out)
}

/// Makes `s` safe to draw on one terminal line.
///
/// Drops C0 controls, DEL, C1 controls and bidi controls; a tab and each
/// line break (`\n`, `\r\n`, lone `\r`, U+2028, U+2029) become one space.
/// Borrows when nothing changes.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    clean(s, false, false)
}

/// Like [`sanitize`] but keeps line breaks, normalised to `\n`.
pub fn sanitize_multiline(s: &str) -> Cow<'_, str> {
    clean(s, true, false)
}

/// Stored text as the TUI's screens and popups show it: [`sanitize`]d, and
/// half-width katakana full-width (`ﾅｶﾑﾗ ﾀﾞｲｽｹ` as `ナカムラ ダイスケ`), since
/// ratatui and terminals disagree on the width of a base plus `ﾞ`. Only
/// for display: what is stored, typed or exported stays exact.
pub fn shown(s: &str) -> Cow<'_, str> {
    clean(s, false, true)
}

/// Like [`shown`] but keeps line breaks, normalised to `\n`.
pub fn shown_multiline(s: &str) -> Cow<'_, str> {
    clean(s, true, true)
}

/// Display width of one grapheme cluster, as ratatui's buffer counts it.
pub fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        // ratatui skips such graphemes entirely.
        return 0;
    }
    // ratatui-core adds one column per halfwidth (han)dakuten on top of
    // unicode-width; we must agree with the buffer, or columns and the
    // cursor drift. (With unicode-width 0.2.3 this makes "ｶﾞ" 3 columns.)
    let marks = g
        .chars()
        .filter(|c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
        .count();
    g.width() + marks
}

/// Display width of `s` in terminal columns (Japanese characters are 2).
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| (0x20..0x7f).contains(b)).count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Cuts `s` to at most `max` columns, never inside a grapheme, ending with
/// `…` when anything was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let budget = max - 1;
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push(ELLIPSIS);
    out
}

/// Keeps the end of `s` in at most `max` columns, never inside a grapheme,
/// starting with `…` when anything was cut.
pub fn truncate_start(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 0;
    for g in s.graphemes(true).rev() {
        let w = grapheme_width(g);
        if used + w > max - 1 {
            break;
        }
        used += w;
        kept.push(g);
    }
    let mut out = String::from(ELLIPSIS);
    out.extend(kept.into_iter().rev());
    out
}

/// Truncates `s` to `w` columns, then pads with spaces to exactly `w`.
pub fn pad_right(s: &str, w: usize) -> String {
    let mut out = truncate(s, w);
    let fill = w.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// Closing punctuation and small kana a row should not start with, and
/// opening brackets a row should not end with (a light kinsoku rule).
const NO_ROW_START: &str = "、。，．・：；？！ー）」』】〕〉》ぁぃぅぇぉっゃゅょッャュョ…";
const NO_ROW_END: &str = "（「『【〔〈《";

/// Whether `g` is one char listed in `set`.
fn one_of(set: &str, g: &str) -> bool {
    g.chars().count() == 1 && set.contains(g)
}

fn is_space(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

/// Splits one line (no `\n`) into visual rows of at most `width` columns,
/// returned as contiguous byte ranges that together cover the whole line.
///
/// Breaks after spaces, or anywhere next to a wide (CJK) character; a run
/// without such a point is hard-broken. Spaces where a row breaks stay at
/// the end of that row even past `width` ("hanging"), so no byte is lost;
/// a single grapheme wider than `width` gets a row of its own. `width == 0`
/// yields one row with the whole line.
pub fn wrap_ranges(line: &str, width: usize) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    if width == 0 {
        rows.push(0..line.len());
        return rows;
    }
    let mut start = 0;
    let mut row_w = 0;
    let mut hanging = false;
    let mut brk: Option<usize> = None;
    let mut prev: Option<(&str, bool)> = None; // (grapheme, is wide)
    for (i, g) in line.grapheme_indices(true) {
        let gw = grapheme_width(g);
        if is_space(g) {
            if hanging || row_w + gw > width {
                hanging = true;
            } else {
                row_w += gw;
            }
            brk = Some(i + g.len());
            prev = Some((g, false));
            continue;
        }
        if hanging {
            rows.push(start..i);
            (start, row_w, hanging, brk) = (i, 0, false, None);
        }
        let wide = gw >= 2;
        if let Some((p, p_wide)) = prev {
            if i > start && (wide || p_wide) && !one_of(NO_ROW_START, g) && !one_of(NO_ROW_END, p) {
                brk = Some(i);
            }
        }
        if row_w + gw > width && i > start {
            match brk.take() {
                Some(b) if b > start => {
                    rows.push(start..b);
                    start = b;
                    row_w = self::width(&line[b..i]);
                }
                _ => {
                    rows.push(start..i);
                    (start, row_w) = (i, 0);
                }
            }
            if row_w + gw > width && i > start {
                rows.push(start..i);
                (start, row_w) = (i, 0);
            }
        }
        row_w += gw;
        prev = Some((g, wide));
    }
    rows.push(start..line.len());
    rows
}

/// Wraps multi-line text to `width` columns.
///
/// Explicit newlines are kept (an empty line stays an empty row); spaces at
/// a break are dropped. Every row fits in `width`, except that a single
/// grapheme wider than `width` (a CJK character when `width == 1`) is put
/// on a row alone. `width == 0` returns no rows.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    for line in s.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let ranges = wrap_ranges(line, width);
        let last = ranges.len().saturating_sub(1);
        for (n, r) in ranges.into_iter().enumerate() {
            let mut row = &line[r];
            if n < last {
                row = row.trim_end_matches(char::is_whitespace);
            }
            // Hanging spaces on the last row would overflow; drop only those.
            while self::width(row) > width {
                match row.char_indices().next_back() {
                    Some((i, c)) if c.is_whitespace() => row = &row[..i],
                    _ => break,
                }
            }
            out.push(row.to_owned());
        }
    }
    out
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
