//! Draws a [`TextEdit`]: a single- or multi-line text field for forms.
//!
//! The terminal cursor is placed at the display column of the insertion
//! point so an input method composes in the right spot. The editing itself
//! (buffer, grapheme cursor, commands) is app state: `app::text_edit`.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;

pub use crate::app::text_edit::TextEdit;
use crate::domain::text;

/// A text field to draw: borrows the app's buffer.
#[derive(Debug, Clone, Copy)]
pub struct TextInput<'a>(pub &'a TextEdit);

/// One visual row of a multi-line field: a byte range of the value.
struct Row {
    start: usize,
    end: usize,
    /// The row ends its logical line (the next byte is `\n` or the end).
    ends_line: bool,
}

impl TextInput<'_> {
    /// Draws the field into `area` and, when `focused`, puts the terminal
    /// cursor at the insertion point.
    pub fn render(&self, frame: &mut Frame, area: Rect, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let w = usize::from(area.width);
        // A suggestion that typing replaces is drawn dim until touched.
        let style = if self.0.is_prefilled() {
            crate::ui::theme::dim()
        } else {
            Style::default()
        };
        if self.0.is_multiline() {
            let (_, cy, rows) = self.cursor_visual(w);
            let top = self.top_row(cy, area.height);
            for (i, row) in rows.iter().skip(top).take(area.height.into()).enumerate() {
                let shown = text::sanitize(&self.0.value()[row.start..row.end]);
                let y = area.y + i as u16; // i < area.height, a u16
                frame.buffer_mut().set_stringn(area.x, y, shown, w, style);
            }
        } else {
            let from = self.scroll_x(w).0;
            let shown = text::sanitize(&self.0.value()[from..]);
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
        let (x, y) = if self.0.is_multiline() {
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
        text::width(&self.0.value()[..self.0.cursor_byte()])
    }

    /// Single-line horizontal scroll: (byte, column) of the first grapheme
    /// shown. Stateless, so the cursor sits on the right edge once the text
    /// is wider than the field.
    fn scroll_x(&self, w: usize) -> (usize, usize) {
        let want = (self.cursor_col() + 1).saturating_sub(w);
        let mut col = 0;
        for (i, g) in self.0.value().grapheme_indices(true) {
            if col >= want {
                return (i, col);
            }
            col += text::grapheme_width(g);
        }
        (self.0.value().len(), col)
    }

    /// First visual row shown so that row `cy` is visible.
    fn top_row(&self, cy: usize, height: u16) -> usize {
        (cy + 1).saturating_sub(height.into())
    }

    /// Soft-wrapped rows of the whole value.
    fn rows(&self, w: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut at = 0;
        for line in self.0.value().split('\n') {
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
        let at = self.0.cursor_byte();
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
        let col = text::width(&self.0.value()[row.start..at]);
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
}

#[cfg(test)]
#[path = "text_input_tests.rs"]
mod tests;
