//! What any stored text may hold: no NUL character (SQLite and most tools
//! treat it as the end of the text, so an export would not read back), and
//! at most [`MAX_TEXT_BYTES`] per field. One rule, checked where every
//! write path passes: account fields, conversations, orders (and their
//! edits), import cells, follow-up notes, contacts, plan names and steps,
//! drafts, and the retract / void / cancel reasons.

use super::model::{FieldError, Problem};

/// The largest single text field kept: 16 MiB of UTF-8.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// The first problem with `text` as the value of `field`, if any.
pub fn text_problem(text: &str) -> Option<Problem> {
    if text.len() > MAX_TEXT_BYTES {
        Some(Problem::TooLarge)
    } else if text.as_bytes().contains(&0) {
        Some(Problem::HasNul)
    } else {
        None
    }
}

/// Check one stored text field; the error names the field.
pub fn check_text(field: &'static str, text: &str) -> Result<(), FieldError> {
    match text_problem(text) {
        Some(problem) => Err(FieldError { field, problem }),
        None => Ok(()),
    }
}

/// Check several fields; the first problem found, by field.
pub fn check_texts(fields: &[(&'static str, &str)]) -> Result<(), FieldError> {
    fields.iter().try_for_each(|(f, t)| check_text(f, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_size_are_refused_by_field() {
        assert_eq!(check_text("body", "fine\ttext\n日本語"), Ok(()));
        let nul = check_text("body", "before\0after").unwrap_err();
        assert_eq!((nul.field, nul.problem), ("body", Problem::HasNul));
        let at_limit = "a".repeat(MAX_TEXT_BYTES);
        assert_eq!(check_text("note", &at_limit), Ok(()));
        let over = "a".repeat(MAX_TEXT_BYTES + 1);
        let big = check_text("note", &over).unwrap_err();
        assert_eq!((big.field, big.problem), ("note", Problem::TooLarge));
        let first = check_texts(&[("summary", "ok"), ("body", "\0"), ("outcome", "\0")]);
        assert_eq!(first.unwrap_err().field, "body");
    }
}
