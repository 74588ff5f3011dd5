//! `TextEdit` by commands, no terminal. (Key translation, layout and
//! drawing are tested with the widget, `ui/widgets/text_input_tests.rs`.)

use super::*;
use EditCmd as E;

fn typed(multiline: bool, s: &str) -> TextEdit {
    let mut t = TextEdit::new(multiline);
    for c in s.chars() {
        let cmd = if c == '\n' {
            EditCmd::Newline
        } else {
            EditCmd::Insert(c)
        };
        assert!(t.apply(cmd), "char {c:?}");
    }
    t
}

#[test]
fn commands_edit_by_grapheme() {
    let cases: Vec<(bool, &str, Vec<EditCmd>, &str, usize)> = vec![
        // (multiline, typed, commands, value after, cursor after)
        (false, "田中a", vec![EditCmd::Backspace], "田中", 2),
        (
            false,
            "か\u{3099}x",
            vec![EditCmd::Left, EditCmd::Backspace],
            "x",
            0,
        ),
        (
            false,
            "hello big world",
            vec![EditCmd::DeleteWordBack],
            "hello big ",
            10,
        ),
        (false, "abc", vec![EditCmd::Start, EditCmd::Delete], "bc", 0),
        (
            true,
            "ab\ncd",
            vec![EditCmd::Up, EditCmd::LineEnd, EditCmd::DeleteToLineEnd],
            "abcd",
            2,
        ),
        (true, "ab\ncd", vec![EditCmd::DeleteToLineStart], "ab\n", 3),
        (false, "ab", vec![EditCmd::Newline, EditCmd::Up], "ab", 2),
    ];
    for (multiline, start, cmds, want, cursor) in cases {
        let mut t = typed(multiline, start);
        for c in &cmds {
            t.apply(*c);
        }
        assert_eq!(t.value(), want, "{start:?} {cmds:?}");
        assert_eq!(t.cursor(), cursor, "{start:?} {cmds:?}");
    }
}

#[test]
fn a_single_line_field_leaves_enter_and_up_down_to_the_form() {
    let mut t = TextEdit::new(false).with_value("ab");
    let before = t.clone();
    for c in [
        EditCmd::Newline,
        EditCmd::LeaveField,
        EditCmd::Up,
        EditCmd::Down,
    ] {
        assert!(!t.apply(c), "{c:?}");
        assert_eq!(t, before);
    }
    let mut m = TextEdit::new(true).with_value("ab");
    assert!(m.apply(EditCmd::Newline));
    assert!(!m.apply(EditCmd::LeaveField));
    assert_eq!(m.value(), "ab\n");
}

#[test]
fn typing_into_a_suggestion_replaces_it_and_a_move_keeps_it() {
    // The bug: "tomorrow" + typed "tomorrow 10:30" gave "tomorrowtomorrow 10:30".
    let mut t = TextEdit::new(false).with_prefill("tomorrow");
    assert!(t.is_prefilled());
    for c in "tomorrow 10:30".chars() {
        t.apply(EditCmd::Insert(c));
    }
    assert_eq!(t.value(), "tomorrow 10:30");
    // An arrow first: the suggestion is kept for editing.
    for first in [
        EditCmd::Left,
        EditCmd::Right,
        EditCmd::LineStart,
        EditCmd::LineEnd,
    ] {
        let mut t = TextEdit::new(false).with_prefill("tomorrow");
        t.apply(first);
        t.apply(EditCmd::LineEnd);
        for c in " 10:30".chars() {
            t.apply(EditCmd::Insert(c));
        }
        assert_eq!(t.value(), "tomorrow 10:30", "{first:?}");
    }
    // A paste replaces it too; a plain value never does.
    let mut t = TextEdit::new(false).with_prefill("today");
    t.paste("+3d");
    assert_eq!(t.value(), "+3d");
    let mut t = TextEdit::new(false).with_value("Acme");
    t.apply(EditCmd::Insert('!'));
    assert_eq!(t.value(), "Acme!");
}

// Moved from the widget with the buffer: the same cases, as commands.

#[test]
fn backspace_removes_whole_graphemes() {
    let cases: &[(&str, &str)] = &[
        // Typed as two Char events: か then the combining voiced mark.
        ("か\u{3099}", ""),
        ("aか\u{3099}", "a"),
        ("a👨\u{200d}👩\u{200d}👧", "a"),
        ("🇯🇵🇺🇸", "🇯🇵"),
        ("e\u{301}x", "e\u{301}"),
        ("田中", "田"),
        ("", ""),
    ];
    for (input, want) in cases {
        let mut t = typed(false, input);
        assert!(t.apply(E::Backspace));
        assert_eq!(t.value(), *want, "input {input:?}");
        assert_eq!(t.cursor(), want.graphemes(true).count());
    }
}

#[test]
fn editing_keys_table() {
    let home = E::LineStart;
    let left = E::Left;
    let cases: Vec<(bool, &str, Vec<EditCmd>, &str, usize)> = vec![
        // (multiline, typed, keys, value after, cursor after)
        (
            false,
            "hello big world",
            vec![E::DeleteWordBack],
            "hello big ",
            10,
        ),
        (false, "hello big   ", vec![E::DeleteWordBack], "hello ", 6),
        (
            false,
            "foo bar",
            vec![left, left, left, left, E::DeleteWordBack],
            " bar",
            0,
        ),
        (false, "田中 太郎", vec![E::DeleteWordBack], "田中 ", 3),
        (true, "ab\n", vec![E::DeleteWordBack], "ab", 2),
        (true, "ab\ncd", vec![E::DeleteWordBack], "ab\n", 3),
        (
            false,
            "abc",
            vec![E::DeleteWordBack, E::DeleteWordBack],
            "",
            0,
        ),
        (
            false,
            "hello",
            vec![left, left, E::DeleteToLineStart],
            "lo",
            0,
        ),
        (
            true,
            "ab\ncdef",
            vec![left, E::DeleteToLineStart],
            "ab\nf",
            3,
        ),
        (
            false,
            "hello",
            vec![left, left, E::DeleteToLineEnd],
            "hel",
            3,
        ),
        (true, "ab\ncd", vec![home, E::DeleteToLineEnd], "ab\n", 3),
        (
            true,
            "ab\ncd",
            vec![E::Up, E::LineEnd, E::DeleteToLineEnd],
            "abcd",
            2,
        ),
        (false, "abc", vec![home, E::Delete], "bc", 0),
        (false, "abc", vec![E::Delete], "abc", 3),
        (false, "abc", vec![E::LineStart, E::Insert('x')], "xabc", 1),
        (
            false,
            "abc",
            vec![home, E::LineEnd, E::Insert('x')],
            "abcx",
            4,
        ),
        (true, "ab\ncd", vec![home, E::Insert('x')], "ab\nxcd", 4),
        (true, "ab\ncd", vec![E::LineEnd], "ab\ncd", 5),
        (
            false,
            "foo bar",
            vec![E::LineStart, E::WordRight],
            "foo bar",
            3,
        ),
        (false, "foo bar", vec![E::WordLeft], "foo bar", 4),
        (false, "foo bar", vec![E::DeleteWordBack], "foo ", 4),
        (false, "ab", vec![left, left, left, E::Right], "ab", 1),
        (false, "ab", vec![E::Insert('A')], "abA", 3),
    ];
    for (multiline, input, keys, want, cursor) in cases {
        let mut t = typed(multiline, input);
        for k in &keys {
            t.apply(*k);
        }
        assert_eq!(t.value(), want, "input {input:?} keys {keys:?}");
        assert_eq!(t.cursor(), cursor, "input {input:?} keys {keys:?}");
    }
}

#[test]
fn multiline_up_down_keep_display_column() {
    let up = E::Up;
    let down = E::Down;
    let cases: Vec<(&str, Vec<EditCmd>, usize)> = vec![
        // (value, keys after moving to the start, grapheme cursor after)
        ("田中太郎\nabcdefgh", vec![E::Right, E::Right, down], 9),
        (
            "abcdefgh\n田中太郎",
            vec![E::LineEnd, E::Left, E::Left, E::Left, down],
            11,
        ),
        ("abc\n田中", vec![E::Right, down], 4),
        ("abcdef\nab\nabcdef", vec![E::LineEnd, down, down], 16),
        (
            "abcdef\nab\nabcdef",
            vec![E::LineEnd, down, down, up, up],
            6,
        ),
        ("ab\ncd", vec![E::Right, up], 0),
        ("ab\ncd", vec![down, down], 5),
    ];
    for (value, keys, want) in cases {
        let mut t = TextEdit::new(true).with_value(value);
        t.apply(E::Start);
        assert_eq!(t.cursor(), 0);
        for k in &keys {
            t.apply(*k);
        }
        assert_eq!(t.cursor(), want, "value {value:?} keys {keys:?}");
    }
}

#[test]
fn insert_str_and_set_value_sanitize() {
    let cases: &[(bool, &str, &str)] = &[
        (false, "line1\nline2", "line1 line2"),
        (false, "a\r\nb\tc", "a b c"),
        (true, "line1\r\nline2\n", "line1\nline2\n"),
        (true, "x\u{1b}[2Jy", "x[2Jy"),
        (false, "\u{202e}evil", "evil"),
    ];
    for (multiline, input, want) in cases {
        let mut t = TextEdit::new(*multiline).with_value("<>");
        t.apply(E::Left);
        t.insert_str(input);
        assert_eq!(t.value(), format!("<{want}>"), "input {input:?}");
        assert_eq!(t.cursor(), 1 + want.graphemes(true).count());
        let set = TextEdit::new(*multiline).with_value(input);
        assert_eq!(set.value(), *want);
        assert_eq!(set.cursor(), want.graphemes(true).count());
    }
    assert!(TextEdit::new(false).is_empty());
}
