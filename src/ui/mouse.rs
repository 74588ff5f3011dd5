//! The mouse, mapped to the same typed actions as keys: the wheel moves
//! the list or viewer in front, a click selects a row, a second click on
//! the same row soon after opens it. Where the rows were drawn is
//! remembered here, in ui-local state taken after each frame: the app
//! stays terminal-free and rendering never writes to it.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::keymap::Layer;
use crate::app::{Action, App, Screen};

/// Two clicks on one row within this time open it.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// The rows of the list drawn last: where, and which item the top one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListRows {
    /// The screen cells holding one item per line.
    pub area: Rect,
    /// The index (among the shown items) drawn on the first line.
    pub first: usize,
    /// How many items are drawn.
    pub drawn: usize,
}

/// What the last frame drew, as far as the mouse needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Drawn {
    /// The list with one item per line, when the screen in front has one.
    pub list: Option<ListRows>,
    /// The wheel reaches what is in front (a list, the timeline, a
    /// conversation or order being read, help); not a form or a question.
    pub wheel: bool,
}

impl Drawn {
    /// Take the geometry of the frame just drawn (`body` is the screen's
    /// area between the tabs and the status line).
    pub fn of(app: &App, body: Rect) -> Drawn {
        let layer = crate::app::keymap::layer(app);
        let wheel = matches!(
            layer,
            Layer::Accounts
                | Layer::Filter
                | Layer::Account
                | Layer::Today
                | Layer::Quiet
                | Layer::Reports
                | Layer::Conversation
                | Layer::Order
                | Layer::Help
        );
        let in_front = app.popups.is_empty() && !app.help;
        // Each list screen draws a title line and a column header above
        // its rows (Quiet keeps its last line for a legend when needed).
        let rows = |offset: usize, selected: usize, total: usize, bottom: u16| {
            let area = Rect {
                y: body.y + 2,
                height: body.height.saturating_sub(2 + bottom),
                ..body
            };
            // Where the frame started drawing, as the screens work it out.
            let first = crate::ui::screens::scrolled(offset, selected, area.height as usize);
            ListRows {
                area,
                first,
                drawn: total.saturating_sub(first).min(area.height as usize),
            }
        };
        let list = match app.screen {
            _ if !in_front => None,
            Screen::Accounts => Some(rows(
                app.accounts.offset,
                app.accounts.selected,
                app.accounts.visible.len(),
                0,
            )),
            Screen::Today => Some(rows(
                app.today.list.offset,
                app.today.list.selected,
                app.today.list.len(),
                0,
            )),
            Screen::Quiet => {
                let legend =
                    app.quiet.list.items.iter().any(|q| {
                        q.interval_source == crate::domain::interval::IntervalSource::Default
                    });
                Some(rows(
                    app.quiet.list.offset,
                    app.quiet.list.selected,
                    app.quiet.list.len(),
                    u16::from(legend),
                ))
            }
            _ => None,
        };
        Drawn { list, wheel }
    }
}

/// The mouse's memory between events: the last frame, the last click.
#[derive(Debug, Clone, Default)]
pub struct Pointer {
    pub drawn: Drawn,
    last_click: Option<(Instant, usize)>,
}

impl Pointer {
    /// The actions a mouse event asks for (none for most of them).
    pub fn actions(&mut self, ev: MouseEvent, now: Instant) -> Vec<Action> {
        match ev.kind {
            MouseEventKind::ScrollDown if self.drawn.wheel => vec![Action::Down],
            MouseEventKind::ScrollUp if self.drawn.wheel => vec![Action::Up],
            MouseEventKind::Down(MouseButton::Left) => {
                let Some(row) = self.row_at(ev.column, ev.row) else {
                    self.last_click = None;
                    return Vec::new();
                };
                let double = self
                    .last_click
                    .is_some_and(|(t, r)| r == row && now.duration_since(t) <= DOUBLE_CLICK);
                if double {
                    // A third click starts a new pair.
                    self.last_click = None;
                    vec![Action::Select(row), Action::Open]
                } else {
                    self.last_click = Some((now, row));
                    vec![Action::Select(row)]
                }
            }
            _ => Vec::new(),
        }
    }

    /// The item drawn at a cell, if any.
    fn row_at(&self, x: u16, y: u16) -> Option<usize> {
        let l = self.drawn.list?;
        let a = l.area;
        let inside = x >= a.x && x < a.x + a.width && y >= a.y && y < a.y + a.height;
        let line = (y.checked_sub(a.y)?) as usize;
        (inside && line < l.drawn).then_some(l.first + line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn at(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    fn pointer() -> Pointer {
        Pointer {
            drawn: Drawn {
                list: Some(ListRows {
                    area: Rect::new(0, 3, 80, 10),
                    first: 20,
                    drawn: 4,
                }),
                wheel: true,
            },
            last_click: None,
        }
    }

    #[test]
    fn clicks_select_and_a_quick_second_click_opens() {
        let click = MouseEventKind::Down(MouseButton::Left);
        let t0 = Instant::now();
        let mut p = pointer();
        // Row 5 of the screen is the third line of the list: item 22.
        assert_eq!(p.actions(at(click, 10, 5), t0), [Action::Select(22)]);
        assert_eq!(
            p.actions(at(click, 40, 5), t0 + Duration::from_millis(300)),
            [Action::Select(22), Action::Open]
        );
        // Too slow, or another row: only a selection.
        let mut p = pointer();
        p.actions(at(click, 10, 5), t0);
        assert_eq!(
            p.actions(at(click, 10, 5), t0 + Duration::from_millis(500)),
            [Action::Select(22)]
        );
        assert_eq!(
            p.actions(at(click, 10, 6), t0 + Duration::from_millis(600)),
            [Action::Select(23)]
        );
        // Below the last item drawn, above the list, on the header: nothing.
        for row in [7, 2, 0, 13] {
            assert!(p.actions(at(click, 10, row), t0).is_empty(), "row {row}");
        }
        // Releases and other buttons do nothing.
        let up = MouseEventKind::Up(MouseButton::Left);
        assert!(p.actions(at(up, 10, 5), t0).is_empty());
        let right = MouseEventKind::Down(MouseButton::Right);
        assert!(p.actions(at(right, 10, 5), t0).is_empty());
    }

    #[test]
    fn the_wheel_moves_what_is_in_front_only() {
        let t0 = Instant::now();
        let mut p = pointer();
        assert_eq!(
            p.actions(at(MouseEventKind::ScrollDown, 0, 0), t0),
            [Action::Down]
        );
        assert_eq!(
            p.actions(at(MouseEventKind::ScrollUp, 0, 0), t0),
            [Action::Up]
        );
        // A form in front: the wheel does not reach the list behind it.
        p.drawn.wheel = false;
        assert!(p
            .actions(at(MouseEventKind::ScrollDown, 0, 0), t0)
            .is_empty());
        // Nor does a click.
        p.drawn.list = None;
        let click = MouseEventKind::Down(MouseButton::Left);
        assert!(p.actions(at(click, 10, 5), t0).is_empty());
    }
}
