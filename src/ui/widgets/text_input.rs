//! A single- or multi-line text field for forms.
//!
//! The cursor is a grapheme index, and the terminal cursor is placed at the
//! display column of the insertion point so an input method composes in the
//! right spot. The stored value is always sanitised: control characters are
//! dropped, tabs become spaces and, in a single-line field, line breaks
//! become spaces too. Drawing is therefore exactly what is stored.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;

use crate::domain::text;

/// Editable text with a grapheme cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Insertion point, counted in grapheme clusters from the start.
    cursor: usize,
    multiline: bool,
    /// Display column Up/Down aim for, kept across short lines.
    goal_col: Option<usize>,
}

/// One visual row of a multi-line field: a byte range of the value.
struct Row {
    start: usize,
    end: usize,
    /// The row ends its logical line (the next byte is `\n` or the end).
    ends_line: bool,
}

impl TextInput {
    /// An empty field; `multiline` lets Enter insert line breaks.
    pub fn new(multiline: bool) -> Self {
        Self {
            multiline,
            ..Self::default()
        }
    }

    /// Builder form of [`TextInput::set_value`].
    pub fn with_value(mut self, s: &str) -> Self {
        self.set_value(s);
        self
    }

    /// The current (sanitised) text.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Replaces the text (sanitised as described in the module docs) and
    /// puts the cursor at the end.
    pub fn set_value(&mut self, s: &str) {
        self.value = self.normalize(s).into_owned();
        self.goal_col = None;
        self.set_cursor_byte(self.value.len());
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Whether Enter inserts a line break.
    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// The insertion point as a grapheme index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Inserts `s` at the cursor (typing or bracketed paste) and moves the
    /// cursor after it. Single-line fields turn line breaks into spaces.
    pub fn insert_str(&mut self, s: &str) {
        let s = self.normalize(s);
        if s.is_empty() {
            return;
        }
        let at = self.cursor_byte();
        self.value.insert_str(at, &s);
        // Recount: the insert may have merged with a neighbouring grapheme
        // (e.g. a combining mark typed after its base).
        self.set_cursor_byte(at + s.len());
    }

    /// Applies one key; returns whether the field used it.
    ///
    /// Tab, BackTab, Esc and Ctrl-S are never used, nor Enter, Up and Down
    /// in a single-line field, so the form can act on them.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let other = key
            .modifiers
            .intersects(KeyModifiers::SUPER | KeyModifiers::HYPER);
        let vertical = matches!(key.code, KeyCode::Up | KeyCode::Down);
        let used = match key.code {
            // Ctrl+Alt together is how Windows reports AltGr characters.
            KeyCode::Char(c) if ctrl == alt && !other => {
                self.insert_str(c.encode_utf8(&mut [0; 4]));
                true
            }
            KeyCode::Char(c) if ctrl && !alt => self.control(c),
            KeyCode::Backspace if ctrl || alt => self.delete_word_back(),
            KeyCode::Backspace => self.delete_back(),
            KeyCode::Delete => self.delete_forward(),
            KeyCode::Left if ctrl || alt => self.move_to(self.word_left()),
            KeyCode::Left => self.move_to(self.cursor.saturating_sub(1)),
            KeyCode::Right if ctrl || alt => self.move_to(self.word_right()),
            KeyCode::Right => self.move_to(self.cursor + 1),
            KeyCode::Home if ctrl => self.move_to(0),
            KeyCode::Home => self.move_to_byte(self.line_start(self.cursor_byte())),
            KeyCode::End if ctrl => self.move_to(usize::MAX),
            KeyCode::End => self.move_to_byte(self.line_end(self.cursor_byte())),
            KeyCode::Enter if self.multiline && !ctrl && !alt => {
                self.insert_str("\n");
                true
            }
            KeyCode::Up if self.multiline => self.move_vertical(false),
            KeyCode::Down if self.multiline => self.move_vertical(true),
            _ => false,
        };
        if used && !vertical {
            self.goal_col = None;
        }
        used
    }

    /// Ctrl-letter editing commands; Ctrl-S and unknown letters pass through.
    fn control(&mut self, c: char) -> bool {
        match c.to_ascii_lowercase() {
            'a' => self.move_to_byte(self.line_start(self.cursor_byte())),
            'e' => self.move_to_byte(self.line_end(self.cursor_byte())),
            'u' => {
                let at = self.cursor_byte();
                self.delete_bytes(self.line_start(at), at)
            }
            'k' => {
                let at = self.cursor_byte();
                let end = self.line_end(at);
                // At the end of a line, Ctrl-K joins the next line (as Emacs).
                let end = if end == at && end < self.value.len() {
                    end + 1
                } else {
                    end
                };
                self.delete_bytes(at, end)
            }
            'w' => self.delete_word_back(),
            _ => false,
        }
    }

    /// Draws the field into `area` and, when `focused`, puts the terminal
    /// cursor at the insertion point.
    pub fn render(&self, frame: &mut Frame, area: Rect, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let w = usize::from(area.width);
        let style = Style::default();
        if self.multiline {
            let (_, cy, rows) = self.cursor_visual(w);
            let top = self.top_row(cy, area.height);
            for (i, row) in rows.iter().skip(top).take(area.height.into()).enumerate() {
                let shown = text::sanitize(&self.value[row.start..row.end]);
                let y = area.y + i as u16; // i < area.height, a u16
                frame.buffer_mut().set_stringn(area.x, y, shown, w, style);
            }
        } else {
            let from = self.scroll_x(w).0;
            let shown = text::sanitize(&self.value[from..]);
            frame
                .buffer_mut()
                .set_stringn(area.x, area.y, shown, w, style);
        }
        if focused {
            let (x, y) = self.cursor_display_pos(area.width, area.height);
            frame.set_cursor_position((area.x + x, area.y + y));
        }
    }

    /// Where [`TextInput::render`] puts the cursor, relative to an area of
    /// `width` × `height` cells.
    pub fn cursor_display_pos(&self, width: u16, height: u16) -> (u16, u16) {
        if width == 0 || height == 0 {
            return (0, 0);
        }
        let w = usize::from(width);
        let (x, y) = if self.multiline {
            let (cx, cy, _) = self.cursor_visual(w);
            (cx, cy - self.top_row(cy, height))
        } else {
            let (_, offset) = self.scroll_x(w);
            (self.cursor_col() - offset, 0)
        };
        let x = u16::try_from(x).unwrap_or(u16::MAX).min(width - 1);
        let y = u16::try_from(y).unwrap_or(u16::MAX).min(height - 1);
        (x, y)
    }

    // ---- layout -------------------------------------------------------

    fn cursor_col(&self) -> usize {
        text::width(&self.value[..self.cursor_byte()])
    }

    /// Single-line horizontal scroll: (byte, column) of the first grapheme
    /// shown. Stateless, so the cursor sits on the right edge once the text
    /// is wider than the field.
    fn scroll_x(&self, w: usize) -> (usize, usize) {
        let want = (self.cursor_col() + 1).saturating_sub(w);
        let mut col = 0;
        for (i, g) in self.value.grapheme_indices(true) {
            if col >= want {
                return (i, col);
            }
            col += text::grapheme_width(g);
        }
        (self.value.len(), col)
    }

    /// First visual row shown so that row `cy` is visible.
    fn top_row(&self, cy: usize, height: u16) -> usize {
        (cy + 1).saturating_sub(height.into())
    }

    /// Soft-wrapped rows of the whole value.
    fn rows(&self, w: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut at = 0;
        for line in self.value.split('\n') {
            let ranges = text::wrap_ranges(line, w);
            let last = ranges.len().saturating_sub(1);
            rows.extend(ranges.into_iter().enumerate().map(|(n, r)| Row {
                start: at + r.start,
                end: at + r.end,
                ends_line: n == last,
            }));
            at += line.len() + 1;
        }
        rows
    }

    /// Cursor column and visual row in a multi-line field, plus the rows.
    fn cursor_visual(&self, w: usize) -> (usize, usize, Vec<Row>) {
        let at = self.cursor_byte();
        let rows = self.rows(w);
        // The byte where one row ends and the next starts belongs to the
        // next row, unless the row ends its line.
        let found = rows
            .iter()
            .position(|r| r.start <= at && (at < r.end || (at == r.end && r.ends_line)));
        let Some(cy) = found else {
            return (0, 0, rows);
        };
        let row = &rows[cy];
        let col = text::width(&self.value[row.start..at]);
        if col < w {
            (col, cy, rows)
        } else if row.ends_line && at == row.end {
            // Typing at the end of a full row: show the cursor where the
            // next character will go.
            (0, cy + 1, rows)
        } else {
            // Inside spaces hanging past the edge.
            (w - 1, cy, rows)
        }
    }

    // ---- cursor and editing helpers ------------------------------------

    fn normalize<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if self.multiline {
            text::sanitize_multiline(s)
        } else {
            text::sanitize(s)
        }
    }

    fn cursor_byte(&self) -> usize {
        self.byte_of(self.cursor)
    }

    fn byte_of(&self, grapheme: usize) -> usize {
        self.value
            .grapheme_indices(true)
            .nth(grapheme)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Points the cursor at byte `at`, or just after the grapheme holding it.
    fn set_cursor_byte(&mut self, at: usize) {
        self.cursor = self
            .value
            .grapheme_indices(true)
            .take_while(|(i, _)| *i < at)
            .count();
    }

    fn move_to(&mut self, grapheme: usize) -> bool {
        self.cursor = grapheme.min(self.value.graphemes(true).count());
        true
    }

    fn move_to_byte(&mut self, at: usize) -> bool {
        self.set_cursor_byte(at);
        true
    }

    fn line_start(&self, at: usize) -> usize {
        self.value[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self, at: usize) -> usize {
        self.value[at..]
            .find('\n')
            .map_or(self.value.len(), |i| at + i)
    }

    fn delete_bytes(&mut self, from: usize, to: usize) -> bool {
        if from < to {
            self.value.replace_range(from..to, "");
        }
        self.set_cursor_byte(from);
        true
    }

    fn delete_back(&mut self) -> bool {
        if self.cursor == 0 {
            return true;
        }
        let from = self.byte_of(self.cursor - 1);
        self.delete_bytes(from, self.cursor_byte())
    }

    fn delete_forward(&mut self) -> bool {
        let at = self.cursor_byte();
        self.delete_bytes(at, self.byte_of(self.cursor + 1))
    }

    /// Grapheme index of the start of the word before the cursor: skip
    /// spaces, then non-spaces, never crossing a line break unless the
    /// cursor is right after one.
    fn word_left(&self) -> usize {
        let gs: Vec<&str> = self.value.graphemes(true).take(self.cursor).collect();
        let mut i = gs.len();
        let blank = |g: &str| g != "\n" && g.chars().all(char::is_whitespace);
        while i > 0 && blank(gs[i - 1]) {
            i -= 1;
        }
        while i > 0 && gs[i - 1] != "\n" && !blank(gs[i - 1]) {
            i -= 1;
        }
        if i == gs.len() && i > 0 {
            i -= 1; // only a line break was left of the cursor
        }
        i
    }

    /// Grapheme index just past the end of the next word.
    fn word_right(&self) -> usize {
        let gs: Vec<&str> = self.value.graphemes(true).skip(self.cursor).collect();
        let blank = |g: &str| g != "\n" && g.chars().all(char::is_whitespace);
        let mut i = 0;
        while i < gs.len() && blank(gs[i]) {
            i += 1;
        }
        while i < gs.len() && gs[i] != "\n" && !blank(gs[i]) {
            i += 1;
        }
        if i == 0 && !gs.is_empty() {
            i = 1;
        }
        self.cursor + i
    }

    fn delete_word_back(&mut self) -> bool {
        let from = self.byte_of(self.word_left());
        self.delete_bytes(from, self.cursor_byte())
    }

    /// Moves to the previous/next logical line at the goal display column;
    /// on the first/last line, moves to the start/end of the text.
    fn move_vertical(&mut self, down: bool) -> bool {
        let at = self.cursor_byte();
        let (start, end) = (self.line_start(at), self.line_end(at));
        let goal = *self
            .goal_col
            .get_or_insert_with(|| text::width(&self.value[start..at]));
        let target = if down {
            if end == self.value.len() {
                return self.move_to_byte(end);
            }
            end + 1
        } else {
            if start == 0 {
                return self.move_to_byte(0);
            }
            self.line_start(start - 1)
        };
        let line = &self.value[target..self.line_end(target)];
        let mut col = 0;
        let mut to = target + line.len();
        for (i, g) in line.grapheme_indices(true) {
            let w = text::grapheme_width(g);
            // Stop before a grapheme that would pass the goal (a wide char
            // straddling it puts the cursor before the char).
            if col + w > goal {
                to = target + i;
                break;
            }
            col += w;
        }
        self.move_to_byte(to)
    }
}

#[cfg(test)]
#[path = "text_input_tests.rs"]
mod tests;
