//! State of the Today and Quiet screens.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use crate::domain::triage::{QuietRow, TodayCounts, TodayItem};
use crate::store::{Store, StoreError};

/// A list with a selection that survives reloads by position, so that
/// after acting on an item the cursor lands on the next one.
pub struct Listed<T> {
    pub items: Vec<T>,
    pub selected: usize,
    /// First row drawn; kept by the renderer.
    pub offset: Cell<usize>,
}

impl<T> Listed<T> {
    fn new(items: Vec<T>) -> Listed<T> {
        Listed {
            items,
            selected: 0,
            offset: Cell::new(0),
        }
    }

    /// Replace the items, keeping the cursor at the same position (clamped).
    pub fn replace(&mut self, items: Vec<T>) {
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// Move the selection by `delta`, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.items.is_empty() {
            return;
        }
        let max = self.items.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
    }

    /// Jump to the first (`false`) or last (`true`) item.
    pub fn jump(&mut self, end: bool) {
        self.selected = if end {
            self.items.len().saturating_sub(1)
        } else {
            0
        };
    }

    /// The selected item.
    pub fn current(&self) -> Option<&T> {
        self.items.get(self.selected)
    }
}

/// Apply a movement key to a list; false when `action` is not one.
pub fn navigate<T>(list: &mut Listed<T>, action: &super::Action, page: isize) -> bool {
    use super::Action;
    match action {
        Action::Up => list.move_by(-1),
        Action::Down => list.move_by(1),
        Action::PageUp => list.move_by(-page),
        Action::PageDown => list.move_by(page),
        Action::Top => list.jump(false),
        Action::Bottom => list.jump(true),
        _ => return false,
    }
    true
}

/// The Today queue and its counts.
pub struct TodayState {
    pub list: Listed<TodayItem>,
    pub counts: TodayCounts,
}

/// The Quiet list.
pub struct QuietState {
    pub list: Listed<QuietRow>,
}

impl TodayState {
    /// Build the queue as of `now` from the quiet rows already loaded.
    pub fn load(
        store: &Store,
        now: DateTime<Utc>,
        quiet: &QuietState,
    ) -> Result<TodayState, StoreError> {
        let (items, counts) = store.today_with(now, quiet.list.items.clone())?;
        Ok(TodayState {
            list: Listed::new(items),
            counts,
        })
    }

    /// Reload, keeping the cursor's position.
    pub fn reload(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        quiet: &QuietState,
    ) -> Result<(), StoreError> {
        let (items, counts) = store.today_with(now, quiet.list.items.clone())?;
        self.list.replace(items);
        self.counts = counts;
        Ok(())
    }

    /// Whether any follow-up is due today or overdue.
    pub fn anything_due(&self) -> bool {
        self.counts.due_today + self.counts.overdue > 0
    }
}

impl QuietState {
    /// Load the quiet accounts as of `now`.
    pub fn load(
        store: &Store,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<QuietState, StoreError> {
        Ok(QuietState {
            list: Listed::new(store.quiet_accounts(now, default_days, None)?),
        })
    }

    /// Reload, keeping the cursor's position.
    pub fn reload(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<(), StoreError> {
        self.list
            .replace(store.quiet_accounts(now, default_days, None)?);
        Ok(())
    }
}
