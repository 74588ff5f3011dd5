//! JSON that is safe to look at: serde_json escapes only C0 controls, so
//! DEL, C1 controls and bidi controls would reach a terminal (or an
//! editor) raw from `--json` output or a JSON export.

use std::borrow::Cow;

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
}
