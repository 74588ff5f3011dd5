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
    if !json.chars().any(escaped_too) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped_too(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
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
