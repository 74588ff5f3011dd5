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
fn combining_mark_typed_after_base_merges() {
    let t = typed(false, "か\u{3099}");
    assert_eq!(t.cursor(), 1);
    assert_eq!(t.cursor_display_pos(10, 1), (2, 0));
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

#[test]
fn keys_become_editing_commands() {
    use crate::app::EditCmd as E;
    let with = |c, m| KeyEvent::new(c, m);
    let none = KeyModifiers::NONE;
    let c = KeyModifiers::CONTROL;
    let a = KeyModifiers::ALT;
    let cases = [
        (with(KeyCode::Char('x'), none), Some(E::Insert('x'))),
        (
            with(KeyCode::Char('A'), KeyModifiers::SHIFT),
            Some(E::Insert('A')),
        ),
        (with(KeyCode::Char('@'), c | a), Some(E::Insert('@'))),
        (ctrl('w'), Some(E::DeleteWordBack)),
        (ctrl('u'), Some(E::DeleteToLineStart)),
        (ctrl('k'), Some(E::DeleteToLineEnd)),
        (ctrl('a'), Some(E::LineStart)),
        (ctrl('e'), Some(E::LineEnd)),
        (ctrl('s'), None),
        (with(KeyCode::Backspace, a), Some(E::DeleteWordBack)),
        (with(KeyCode::Left, c), Some(E::WordLeft)),
        (with(KeyCode::Right, c), Some(E::WordRight)),
        (with(KeyCode::Home, c), Some(E::Start)),
        (with(KeyCode::End, c), Some(E::End)),
        (key(KeyCode::Home), Some(E::LineStart)),
        (key(KeyCode::End), Some(E::LineEnd)),
        (key(KeyCode::Enter), Some(E::Newline)),
        (with(KeyCode::Enter, c), Some(E::LeaveField)),
        (key(KeyCode::Tab), None),
        (key(KeyCode::Esc), None),
    ];
    for (k, want) in cases {
        assert_eq!(crate::ui::keymap::edit_cmd(k), want, "{k:?}");
    }
}

#[test]
fn a_suggestion_is_drawn_dim_until_touched() {
    let area = Rect::new(0, 0, 12, 1);
    let mut t = TextEdit::new(false).with_prefill("tomorrow");
    let fg = |t: &TextEdit| draw(t, area, true).backend().buffer()[(0, 0)].fg;
    assert_eq!(Some(fg(&t)), crate::ui::theme::dim().fg);
    t.handle_key(key(KeyCode::Left));
    assert_eq!(fg(&t), ratatui::style::Color::Reset);
}
