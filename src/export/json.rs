//! JSON that is safe to look at: serde_json escapes only C0 controls, so
//! DEL, C1 controls and bidi controls would reach a terminal (or an
//! editor) raw from `--json` output or a JSON export.

use std::borrow::Cow;
use std::io::{self, Write};

/// Characters a JSON string may hold raw that can still drive a terminal
/// or reorder a line: DEL, C1 controls and bidi controls.
fn escaped_too(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
    )
}

/// Serialized JSON with DEL, C1 and bidi controls written as `\uXXXX`.
/// Outside strings JSON holds only ASCII punctuation, digits, letters and
/// whitespace, so these characters can only stand inside strings, where
/// `\uXXXX` is the same character: the parsed value is unchanged.
pub fn escape_json_invisibles(json: &str) -> Cow<'_, str> {
    let Some(first) = next_escaped(json, 0) else {
        return Cow::Borrowed(json);
    };
    let mut out = String::with_capacity(json.len() + 16);
    let (mut copied, mut at) = (0, Some(first));
    while let Some(i) = at {
        let c = json[i..].chars().next().unwrap_or_default();
        out.push_str(&json[copied..i]);
        out.push_str(&format!("\\u{:04x}", u32::from(c)));
        copied = i + c.len_utf8();
        at = next_escaped(json, copied);
    }
    out.push_str(&json[copied..]);
    Cow::Owned(out)
}

/// Byte offset of the first char at or after `from` that
/// [`escaped_too`] picks. Only four lead bytes can start one (`7f`, `c2`,
/// `d8`, `e2`): the rest of a 200 MB `--json` output is passed over a
/// byte at a time, not decoded.
fn next_escaped(json: &str, from: usize) -> Option<usize> {
    let bytes = json.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            0x7f | 0xc2 | 0xd8 | 0xe2 => {
                let c = json.get(i..)?.chars().next()?;
                if escaped_too(c) {
                    return Some(i);
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    None
}

/// A writer passing JSON through with [`escaped_too`] chars written as
/// `\uXXXX`, as [`escape_json_invisibles`] does, without holding the whole
/// text: `quiet --json` at a million accounts is 190 MB. A char split
/// between two writes waits (at most three bytes) for its end.
pub struct InvisiblesEscaped<W: Write> {
    inner: W,
    carry: Vec<u8>,
}

impl<W: Write> InvisiblesEscaped<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            carry: Vec::new(),
        }
    }

    /// Writes `buf`, whole chars only, and returns how many bytes at its
    /// end start a char that continues in the next write.
    fn pass(&mut self, buf: &[u8]) -> io::Result<usize> {
        let (mut copied, mut i) = (0, 0);
        // The next DEL, found once and again only when passed: it is rare.
        let mut del = memchr::memchr(0x7f, buf);
        loop {
            if del.is_some_and(|d| d < i) {
                del = memchr::memchr(0x7f, &buf[i..]).map(|d| d + i);
            }
            let lead = memchr::memchr3(0xc2, 0xd8, 0xe2, &buf[i..]).map(|l| l + i);
            i = match (lead, del) {
                (Some(l), Some(d)) => l.min(d),
                (l, d) => match l.or(d) {
                    Some(at) => at,
                    None => break,
                },
            };
            let len = match buf[i] {
                0x7f => 1,
                0xc2 | 0xd8 => 2,
                _ => 3,
            };
            let Some(bytes) = buf.get(i..i + len) else {
                self.inner.write_all(&buf[copied..i])?;
                return Ok(buf.len() - i);
            };
            match std::str::from_utf8(bytes)
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) if escaped_too(c) => {
                    self.inner.write_all(&buf[copied..i])?;
                    write!(self.inner, "\\u{:04x}", u32::from(c))?;
                    copied = i + len;
                }
                _ => {}
            }
            i += len;
        }
        self.inner.write_all(&buf[copied..])?;
        Ok(0)
    }
}

impl<W: Write> Write for InvisiblesEscaped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        if let Some(&lead) = self.carry.first() {
            // Finish the split char (a few bytes), then go on as usual.
            let whole = if matches!(lead, 0xc2 | 0xd8) { 2 } else { 3 };
            let take = (whole - self.carry.len()).min(rest.len());
            self.carry.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.carry.len() < whole {
                return Ok(buf.len());
            }
            let char_bytes = std::mem::take(&mut self.carry);
            self.pass(&char_bytes)?;
        }
        let left = self.pass(rest)?;
        self.carry.extend_from_slice(&rest[rest.len() - left..]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Only a cut-off text leaves bytes here: pass them on as they are.
        let rest = std::mem::take(&mut self.carry);
        self.inner.write_all(&rest)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn del_c1_and_bidi_are_escaped_and_parse_back_the_same() {
        let text = "a\u{7f}b\u{85}c\u{9f}\u{202a}\u{202e}\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}\u{1b}é漢\u{a0}";
        let json = serde_json::to_string_pretty(&serde_json::json!({ "t": text })).unwrap();
        let escaped = escape_json_invisibles(&json);
        let raw: Vec<char> = escaped
            .chars()
            .filter(|c| (c.is_control() && *c != '\n') || escaped_too(*c))
            .collect();
        assert!(raw.is_empty(), "{raw:?} left raw in {escaped}");
        assert!(escaped.contains("\\u007f") && escaped.contains("\\u202e"));
        assert!(escaped.contains("é漢\u{a0}"), "others are left alone");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["t"], text);
        assert!(matches!(
            escape_json_invisibles("{\"a\":1}"),
            Cow::Borrowed(_)
        ));
    }

    fn streamed(json: &str, cuts: &[usize]) -> String {
        let mut out = Vec::new();
        {
            let mut w = InvisiblesEscaped::new(&mut out);
            let mut from = 0;
            for &cut in cuts {
                let cut = cut.clamp(from, json.len());
                w.write_all(&json.as_bytes()[from..cut]).unwrap();
                from = cut;
            }
            w.write_all(&json.as_bytes()[from..]).unwrap();
            w.flush().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streaming_escapes_as_the_whole_text_does_wherever_the_writes_split() {
        let text = "a\u{7f}b\u{85}c\u{9f}\u{202a}\u{202e}x\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}\u{1b}é漢\u{a0}\u{2014}–";
        let json =
            serde_json::to_string_pretty(&serde_json::json!({ "t": text, "n": [1, 2] })).unwrap();
        let whole = escape_json_invisibles(&json).into_owned();
        // Every single cut point, and every pair of nearby ones.
        for i in 0..=json.len() {
            assert_eq!(streamed(&json, &[i]), whole, "cut at {i}");
            for j in i..(i + 4).min(json.len()) {
                assert_eq!(streamed(&json, &[i, j]), whole, "cuts at {i}, {j}");
            }
        }
        // Byte by byte.
        let every: Vec<usize> = (0..json.len()).collect();
        assert_eq!(streamed(&json, &every), whole);
    }
}
