//! The field as the operator meets it: keys (through the keymap's edit
//! translation) into the app's `TextEdit`, then drawn.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::layout::Position;
use ratatui::Terminal;

/// Keys reach the buffer the way the keymap sends them; drawing goes
/// through the widget.
trait AsTheOperatorSeesIt {
    fn handle_key(&mut self, k: KeyEvent) -> bool;
    fn cursor_display_pos(&self, width: u16, height: u16) -> (u16, u16);
    fn render(&self, frame: &mut Frame, area: Rect, focused: bool);
}

impl AsTheOperatorSeesIt for TextEdit {
    fn handle_key(&mut self, k: KeyEvent) -> bool {
        crate::ui::keymap::edit_cmd(k).is_some_and(|c| self.apply(c))
    }
    fn cursor_display_pos(&self, width: u16, height: u16) -> (u16, u16) {
        TextInput(self).cursor_display_pos(width, height)
    }
    fn render(&self, frame: &mut Frame, area: Rect, focused: bool) {
        TextInput(self).render(frame, area, focused)
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn typed(multiline: bool, s: &str) -> TextEdit {
    let mut t = TextEdit::new(multiline);
    for c in s.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        assert!(t.handle_key(key(code)), "char {c:?}");
    }
    t
}

fn press(t: &mut TextEdit, keys: &[KeyEvent]) {
    for k in keys {
        t.handle_key(*k);
    }
}

#[test]
fn cursor_counts_display_columns() {
    let mut t = typed(false, "田中a");
    assert_eq!(t.cursor_display_pos(20, 1), (5, 0));
    assert!(t.handle_key(key(KeyCode::Left)));
    assert_eq!(t.cursor(), 2);
    assert_eq!(t.cursor_display_pos(20, 1), (4, 0));
    press(&mut t, &[key(KeyCode::Left)]);
    assert_eq!(t.cursor_display_pos(20, 1), (2, 0));
}

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
        assert!(t.handle_key(key(KeyCode::Backspace)));
        assert_eq!(t.value(), *want, "input {input:?}");
        assert_eq!(t.cursor(), want.graphemes(true).count());
    }
}

#[test]
fn combining_mark_typed_after_base_merges() {
    let t = typed(false, "か\u{3099}");
    assert_eq!(t.cursor(), 1);
    assert_eq!(t.cursor_display_pos(10, 1), (2, 0));
}

#[test]
fn editing_keys_table() {
    let home = key(KeyCode::Home);
    let left = key(KeyCode::Left);
    let cases: Vec<(bool, &str, Vec<KeyEvent>, &str, usize)> = vec![
        // (multiline, typed, keys, value after, cursor after)
        (false, "hello big world", vec![ctrl('w')], "hello big ", 10),
        (false, "hello big   ", vec![ctrl('w')], "hello ", 6),
        (
            false,
            "foo bar",
            vec![left, left, left, left, ctrl('w')],
            " bar",
            0,
        ),
        (false, "田中 太郎", vec![ctrl('w')], "田中 ", 3),
        (true, "ab\n", vec![ctrl('w')], "ab", 2),
        (true, "ab\ncd", vec![ctrl('w')], "ab\n", 3),
        (false, "abc", vec![ctrl('w'), ctrl('w')], "", 0),
        (false, "hello", vec![left, left, ctrl('u')], "lo", 0),
        (true, "ab\ncdef", vec![left, ctrl('u')], "ab\nf", 3),
        (false, "hello", vec![left, left, ctrl('k')], "hel", 3),
        (true, "ab\ncd", vec![home, ctrl('k')], "ab\n", 3),
        (
            true,
            "ab\ncd",
            vec![key(KeyCode::Up), ctrl('e'), ctrl('k')],
            "abcd",
            2,
        ),
        (false, "abc", vec![home, key(KeyCode::Delete)], "bc", 0),
        (false, "abc", vec![key(KeyCode::Delete)], "abc", 3),
        (
            false,
            "abc",
            vec![ctrl('a'), key(KeyCode::Char('x'))],
            "xabc",
            1,
        ),
        (
            false,
            "abc",
            vec![home, ctrl('e'), key(KeyCode::Char('x'))],
            "abcx",
            4,
        ),
        (
            true,
            "ab\ncd",
            vec![home, key(KeyCode::Char('x'))],
            "ab\nxcd",
            4,
        ),
        (true, "ab\ncd", vec![key(KeyCode::End)], "ab\ncd", 5),
        (
            false,
            "foo bar",
            vec![
                ctrl('a'),
                KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL),
            ],
            "foo bar",
            3,
        ),
        (
            false,
            "foo bar",
            vec![KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL)],
            "foo bar",
            4,
        ),
        (
            false,
            "foo bar",
            vec![KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT)],
            "foo ",
            4,
        ),
        (
            false,
            "ab",
            vec![left, left, left, key(KeyCode::Right)],
            "ab",
            1,
        ),
        (
            false,
            "ab",
            vec![KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT)],
            "abA",
            3,
        ),
    ];
    for (multiline, input, keys, want, cursor) in cases {
        let mut t = typed(multiline, input);
        press(&mut t, &keys);
        assert_eq!(t.value(), want, "input {input:?} keys {keys:?}");
        assert_eq!(t.cursor(), cursor, "input {input:?} keys {keys:?}");
    }
}

#[test]
fn multiline_up_down_keep_display_column() {
    let up = key(KeyCode::Up);
    let down = key(KeyCode::Down);
    let cases: Vec<(&str, Vec<KeyEvent>, usize)> = vec![
        // (value, keys after moving to the start, grapheme cursor after)
        (
            "田中太郎\nabcdefgh",
            vec![key(KeyCode::Right), key(KeyCode::Right), down],
            9,
        ),
        (
            "abcdefgh\n田中太郎",
            vec![
                key(KeyCode::End),
                key(KeyCode::Left),
                key(KeyCode::Left),
                key(KeyCode::Left),
                down,
            ],
            11,
        ),
        ("abc\n田中", vec![key(KeyCode::Right), down], 4),
        (
            "abcdef\nab\nabcdef",
            vec![key(KeyCode::End), down, down],
            16,
        ),
        (
            "abcdef\nab\nabcdef",
            vec![key(KeyCode::End), down, down, up, up],
            6,
        ),
        ("ab\ncd", vec![key(KeyCode::Right), up], 0),
        ("ab\ncd", vec![down, down], 5),
    ];
    for (value, keys, want) in cases {
        let mut t = TextEdit::new(true).with_value(value);
        t.handle_key(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
        assert_eq!(t.cursor(), 0);
        press(&mut t, &keys);
        assert_eq!(t.cursor(), want, "value {value:?} keys {keys:?}");
    }
}

#[test]
fn keys_left_for_the_form() {
    let release = KeyEvent {
        code: KeyCode::Char('x'),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    };
    let cases: Vec<(bool, KeyEvent, bool)> = vec![
        (false, key(KeyCode::Enter), false),
        (false, key(KeyCode::Up), false),
        (false, key(KeyCode::Down), false),
        (true, key(KeyCode::Enter), true),
        (true, key(KeyCode::Up), true),
        (true, key(KeyCode::Down), true),
        (
            true,
            KeyEvent::new(KeyCode::Enter, KeyModifiers::CONTROL),
            false,
        ),
        (false, key(KeyCode::Char('x')), true),
        (false, release, false),
        (
            false,
            KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT),
            false,
        ),
        (false, ctrl('q'), false),
    ];
    let mut cases = cases;
    for multiline in [false, true] {
        cases.push((multiline, key(KeyCode::Tab), false));
        cases.push((multiline, key(KeyCode::BackTab), false));
        cases.push((multiline, key(KeyCode::Esc), false));
        cases.push((multiline, ctrl('s'), false));
        cases.push((
            multiline,
            KeyEvent::new(
                KeyCode::Char('S'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT,
            ),
            false,
        ));
    }
    for (multiline, k, want) in cases {
        let mut t = TextEdit::new(multiline).with_value("ab\ncd");
        let before = t.clone();
        assert_eq!(t.handle_key(k), want, "multiline {multiline} key {k:?}");
        if !want {
            assert_eq!(t, before, "unused key changed state: {k:?}");
        }
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
        t.handle_key(key(KeyCode::Left));
        t.insert_str(input);
        assert_eq!(t.value(), format!("<{want}>"), "input {input:?}");
        assert_eq!(t.cursor(), 1 + want.graphemes(true).count());
        let set = TextEdit::new(*multiline).with_value(input);
        assert_eq!(set.value(), *want);
        assert_eq!(set.cursor(), want.graphemes(true).count());
    }
    assert!(TextEdit::new(false).is_empty());
}

#[test]
fn cursor_display_pos_table() {
    // (multiline, value with cursor at end, width, height, pos)
    type Case<'a> = (bool, &'a str, u16, u16, (u16, u16));
    let cases: &[Case] = &[
        (false, "abcdefghij", 5, 1, (4, 0)),
        (false, "田中太郎", 5, 1, (4, 0)),
        (false, "田中太郎x", 6, 1, (5, 0)),
        (true, "hello world", 8, 3, (5, 1)),
        (true, "abcde", 5, 3, (0, 1)),
        (true, "a\nb\nc\nd", 5, 2, (1, 1)),
        (true, "田中太郎です", 5, 5, (4, 2)),
        (true, "", 5, 2, (0, 0)),
        (true, "ab\n", 5, 2, (0, 1)),
        (false, "abc", 0, 0, (0, 0)),
    ];
    for (multiline, value, w, h, want) in cases {
        let t = TextEdit::new(*multiline).with_value(value);
        assert_eq!(
            t.cursor_display_pos(*w, *h),
            *want,
            "value {value:?} {w}x{h}"
        );
    }
    // Inside spaces hanging past the edge the cursor stays in the area.
    let mut t = TextEdit::new(true).with_value("hello   world");
    t.handle_key(ctrl('a'));
    for _ in 0..6 {
        t.handle_key(key(KeyCode::Right));
    }
    assert_eq!(t.cursor_display_pos(5, 3), (4, 0));
}

fn draw(t: &TextEdit, area: Rect, focused: bool) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(12, 4)).expect("terminal");
    term.draw(|f| t.render(f, area, focused)).expect("draw");
    term
}

fn row_text(term: &Terminal<TestBackend>, y: u16) -> String {
    // Skips the cells a wide symbol covers, so "田" reads as one column pair.
    let buf = term.backend().buffer();
    let mut out = String::new();
    let mut x = 0;
    while x < buf.area.width {
        let sym = buf[(x, y)].symbol();
        out.push_str(sym);
        x += u16::try_from(text::width(sym).max(1)).expect("small");
    }
    out
}

#[test]
fn render_places_cursor_at_display_column() {
    let mut t = typed(false, "田中a");
    t.handle_key(key(KeyCode::Left));
    let mut term = draw(&t, Rect::new(2, 1, 8, 1), true);
    assert!(term.backend().cursor_visible());
    assert_eq!(
        term.get_cursor_position().expect("pos"),
        Position::new(6, 1)
    );
    assert_eq!(row_text(&term, 1), "  田中a     ");
}

#[test]
fn render_scrolls_single_line() {
    let t = TextEdit::new(false).with_value("abcdefghijklmnop");
    let mut term = draw(&t, Rect::new(0, 0, 5, 1), true);
    assert_eq!(row_text(&term, 0), "mnop        ");
    assert_eq!(
        term.get_cursor_position().expect("pos"),
        Position::new(4, 0)
    );
}

#[test]
fn render_wraps_and_scrolls_multiline() {
    let t = TextEdit::new(true).with_value("one two three\nfour");
    let mut term = draw(&t, Rect::new(1, 0, 6, 3), true);
    // Rows: "one ", "two ", "three", "four"; the cursor row is the last.
    let rows: Vec<String> = (0..4).map(|y| row_text(&term, y)).collect();
    assert_eq!(
        rows,
        [
            " two        ",
            " three      ",
            " four       ",
            "            "
        ]
    );
    assert_eq!(
        term.get_cursor_position().expect("pos"),
        Position::new(5, 2)
    );
}

#[test]
fn render_unfocused_leaves_cursor_alone() {
    let t = TextEdit::new(false).with_value("abc");
    let term = draw(&t, Rect::new(0, 0, 5, 1), false);
    assert!(!term.backend().cursor_visible());
    assert_eq!(row_text(&term, 0), "abc         ");
}

#[test]
fn text_width_agrees_with_ratatui_buffer() {
    let samples = [
        "abc",
        "田中a",
        "か\u{3099}",
        "👨\u{200d}👩\u{200d}👧",
        "ｶﾞｷﾞ",
        "e\u{301}",
        "…",
        "🇯🇵x",
    ];
    for s in samples {
        let mut buf = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 40, 1));
        let (x, _) = buf.set_stringn(0, 0, s, 40, Style::default());
        assert_eq!(usize::from(x), text::width(s), "sample {s:?}");
    }
}
