//! `TextEdit` by commands, no terminal. (Key translation, layout and
//! drawing are tested with the widget, `ui/widgets/text_input_tests.rs`.)

use super::*;

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
