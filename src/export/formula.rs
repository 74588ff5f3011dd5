//! Spreadsheet formula injection (CSV injection): a cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
//! Excel and its kin. CSV exports write such a cell with a `'` in front
//! (OWASP's advice; the spreadsheet shows the text, not a result), and
//! `import` takes exactly that `'` off again, so export → import → export
//! gives the same file.
//!
//! To keep that a round trip, a cell already starting with `'`s followed by
//! one of those characters gains one more `'` (and loses one on import).
//! Numbers are written as numbers (`-500` stays `-500`): only text cells
//! are touched, and an import only ever removes a `'`.

use std::borrow::Cow;

/// Whether `c` makes a spreadsheet read the cell as a formula.
fn triggers(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Whether `s` is `'`* followed by a trigger character.
fn guarded(s: &str) -> bool {
    s.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(triggers)
}

/// The cell as a CSV export writes it: `=1+1` → `'=1+1`, `'=x` → `''=x`.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if guarded(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undo [`neutralise`]: `'=1+1` → `=1+1`, `''=x` → `'=x`; anything else
/// (`'hello`, `-500`, `'`) is left exactly as it is.
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if guarded(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_a_quote_and_lose_it_again() {
        for (stored, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+SUM(1,2)", "'+SUM(1,2)"),
            ("-500", "'-500"),
            ("@foo", "'@foo"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-1", "'''-1"),
            ("'hello", "'hello"),
            ("'", "'"),
            ("", ""),
            ("a=b", "a=b"),
            ("株式会社", "株式会社"),
        ] {
            assert_eq!(neutralise(stored), written, "{stored:?}");
            assert_eq!(restore(written), stored, "{written:?}");
        }
    }

    #[test]
    fn import_strips_only_what_export_adds() {
        assert_eq!(restore("-500"), "-500");
        assert_eq!(restore("'hello"), "'hello");
        assert_eq!(restore("'"), "'");
        assert_eq!(restore("''"), "''");
    }
}
