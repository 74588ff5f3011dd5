//! The text being typed into a form field or the filter: a buffer with a
//! grapheme cursor, edited by typed commands. No terminal here: the ui
//! turns key presses into [`EditCmd`]s and draws the buffer.
//!
//! The stored value is always sanitised: control characters are dropped,
//! tabs become spaces and, in a single-line field, line breaks become
//! spaces too. Drawing is therefore exactly what is stored.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use crate::domain::text;

/// One editing command, as the keys in a text field ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditCmd {
    /// A typed character.
    Insert(char),
    Backspace,
    DeleteWordBack,
    /// Delete the grapheme after the cursor.
    Delete,
    Left,
    Right,
    WordLeft,
    WordRight,
    LineStart,
    LineEnd,
    /// The start / end of the whole text.
    Start,
    End,
    DeleteToLineStart,
    DeleteToLineEnd,
    /// Enter: a line break in a multi-line field, else the next field.
    Newline,
    /// Enter with a modifier: never a line break, the next field.
    LeaveField,
    Up,
    Down,
}

/// Editable text with a grapheme cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextEdit {
    value: String,
    /// Insertion point, counted in grapheme clusters from the start.
    cursor: usize,
    multiline: bool,
    /// Display column Up/Down aim for, kept across short lines.
    goal_col: Option<usize>,
    /// Still the suggestion the form opened with: typing replaces it.
    prefilled: bool,
}

impl TextEdit {
    /// An empty field; `multiline` lets Enter insert line breaks.
    pub fn new(multiline: bool) -> Self {
        Self {
            multiline,
            ..Self::default()
        }
    }

    /// Builder form of [`TextEdit::set_value`].
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
        self.prefilled = false;
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

    /// A field showing a suggestion (`tomorrow`, `today`): the first
    /// typed character or paste replaces it, a cursor move first keeps it
    /// for editing.
    pub fn with_prefill(mut self, s: &str) -> Self {
        self.set_value(s);
        self.prefilled = true;
        self
    }

    /// Whether the text is still the untouched suggestion.
    pub fn is_prefilled(&self) -> bool {
        self.prefilled
    }

    /// Pastes `s`: like typing, it replaces an untouched suggestion.
    pub fn paste(&mut self, s: &str) {
        if std::mem::take(&mut self.prefilled) {
            self.value.clear();
            self.cursor = 0;
        }
        self.insert_str(s);
        self.goal_col = None;
    }

    /// Applies one editing command; returns whether the field used it.
    ///
    /// Newline is used only by a multi-line field, as are Up and Down, so
    /// the form can act on them in a single-line one.
    pub fn apply(&mut self, cmd: EditCmd) -> bool {
        use EditCmd as E;
        let used = match cmd {
            E::Insert(c) => {
                if self.prefilled {
                    self.value.clear();
                    self.cursor = 0;
                }
                self.insert_str(c.encode_utf8(&mut [0; 4]));
                true
            }
            E::Backspace => self.delete_back(),
            E::DeleteWordBack => self.delete_word_back(),
            E::Delete => self.delete_forward(),
            E::Left => self.move_to(self.cursor.saturating_sub(1)),
            E::Right => self.move_to(self.cursor + 1),
            E::WordLeft => self.move_to(self.word_left()),
            E::WordRight => self.move_to(self.word_right()),
            E::LineStart => self.move_to_byte(self.line_start(self.cursor_byte())),
            E::LineEnd => self.move_to_byte(self.line_end(self.cursor_byte())),
            E::Start => self.move_to(0),
            E::End => self.move_to(usize::MAX),
            E::DeleteToLineStart => {
                let at = self.cursor_byte();
                self.delete_bytes(self.line_start(at), at)
            }
            E::DeleteToLineEnd => {
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
            E::Newline if self.multiline => {
                self.insert_str("\n");
                true
            }
            E::Up if self.multiline => self.move_vertical(false),
            E::Down if self.multiline => self.move_vertical(true),
            E::Newline | E::LeaveField | E::Up | E::Down => false,
        };
        if used {
            self.prefilled = false;
            if !matches!(cmd, E::Up | E::Down) {
                self.goal_col = None;
            }
        }
        used
    }

    // ---- cursor and editing helpers ------------------------------------

    fn normalize<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if self.multiline {
            text::sanitize_multiline(s)
        } else {
            text::sanitize(s)
        }
    }

    /// The insertion point as a byte offset into [`TextEdit::value`].
    pub fn cursor_byte(&self) -> usize {
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
#[path = "text_edit_tests.rs"]
mod tests;
