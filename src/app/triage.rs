//! State of the Today and Quiet screens.

use chrono::{DateTime, Utc};

use crate::domain::triage::{
    count_today, quiet_order, today_queue, FollowUp, QuietRow, TodayCounts, TodayItem,
    TODAY_QUIET_LIMIT,
};
use crate::store::{Store, StoreError};

/// A list with a selection that survives reloads by position, so that
/// after acting on an item the cursor lands on the next one.
pub struct Listed<T> {
    pub items: Vec<T>,
    /// Index into the shown rows (all items unless filtered).
    pub selected: usize,
    /// First row drawn: kept by `update` so the selection stays in view
    /// (see [`App::keep_in_view`]); drawing only reads it.
    pub offset: usize,
    /// A filter's pick: indices into `items`, in order (`None`: all).
    /// Cleared whenever the items change; the owner filters again.
    pub shown: Option<Vec<usize>>,
}

impl<T> Listed<T> {
    /// A list with the cursor on the first item.
    pub fn new(items: Vec<T>) -> Listed<T> {
        Listed {
            items,
            selected: 0,
            offset: 0,
            shown: None,
        }
    }

    /// Replace the items, keeping the cursor at the same position (clamped).
    pub fn replace(&mut self, items: Vec<T>) {
        self.items = items;
        self.shown = None;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// How many rows are shown.
    pub fn len(&self) -> usize {
        self.shown.as_ref().map_or(self.items.len(), Vec::len)
    }

    /// Nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The shown rows, in order.
    pub fn visible(&self) -> impl Iterator<Item = &T> {
        let all = self.shown.is_none().then(|| self.items.iter());
        let picked = self
            .shown
            .iter()
            .flatten()
            .filter_map(|&i| self.items.get(i));
        all.into_iter().flatten().chain(picked)
    }

    /// Move the selection by `delta`, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.is_empty() {
            return;
        }
        let max = self.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
    }

    /// Jump to the first (`false`) or last (`true`) item.
    pub fn jump(&mut self, end: bool) {
        self.selected = if end { self.len().saturating_sub(1) } else { 0 };
    }

    /// The selected item.
    pub fn current(&self) -> Option<&T> {
        match &self.shown {
            None => self.items.get(self.selected),
            Some(v) => v.get(self.selected).and_then(|&i| self.items.get(i)),
        }
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

/// How many due follow-ups the Today screen holds at once; the counts
/// above it still cover every one.
pub const DUE_SHOWN: usize = 500;

/// The Today queue and its counts.
pub struct TodayState {
    pub list: Listed<TodayItem>,
    pub counts: TodayCounts,
    /// The first due follow-ups, as loaded.
    due: Vec<FollowUp>,
}

impl TodayState {
    /// Build the queue as of `now` from the quiet rows already loaded.
    pub fn load(
        store: &Store,
        now: DateTime<Utc>,
        quiet: &QuietState,
    ) -> Result<TodayState, StoreError> {
        let mut t = TodayState {
            list: Listed::new(Vec::new()),
            counts: TodayCounts::default(),
            due: Vec::new(),
        };
        t.reload(store, now, quiet)?;
        Ok(t)
    }

    /// Reload the queue, keeping the cursor's position. The screen holds
    /// the first [`DUE_SHOWN`] due follow-ups; the counts cover them all.
    pub fn reload(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        quiet: &QuietState,
    ) -> Result<(), StoreError> {
        let today = store.local_day(now);
        self.due = store.follow_ups_due_first(today, DUE_SHOWN)?;
        let (due_today, overdue) = store.due_counts(today)?;
        let mut counts = count_today(&[], &quiet.list.items, today, store.done_today(now)?);
        counts.due_today = due_today;
        counts.overdue = overdue;
        self.counts = counts;
        let queue = today_queue(
            self.due.clone(),
            &quiet.list.items,
            today,
            TODAY_QUIET_LIMIT,
        );
        let deals = store.deals_for_today(now)?;
        self.counts.deals = deals.len();
        self.list
            .replace(crate::domain::triage::with_deals(queue, deals));
        Ok(())
    }

    /// After a write to one account: the queue is re-read (the first few
    /// hundred due follow-ups come straight from an index).
    pub fn refresh_account(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        quiet: &QuietState,
    ) -> Result<(), StoreError> {
        self.reload(store, now, quiet)
    }

    /// Whether any follow-up is due today or overdue.
    pub fn anything_due(&self) -> bool {
        self.counts.due_today + self.counts.overdue > 0
    }
}

/// The Quiet list.
pub struct QuietState {
    /// Every quiet account (Today ranks from all of them); a filter picks
    /// which are shown.
    pub list: Listed<QuietRow>,
    pub filter: super::ListFilter,
    /// The filter input has the keyboard.
    pub filtering: bool,
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
            filter: super::ListFilter::default(),
            filtering: false,
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

    /// After a write to one account: replace its row, keeping the order.
    pub fn refresh_account(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
        default_days: u32,
        account_id: i64,
    ) -> Result<(), StoreError> {
        let row = store.quiet_row(account_id, now, default_days)?;
        let items = &mut self.list.items;
        items.retain(|q| q.account_id != account_id);
        self.list.shown = None;
        if let Some(row) = row {
            let at = items.partition_point(|q| quiet_order(q, &row).is_lt());
            items.insert(at, row);
        }
        self.list.selected = self.list.selected.min(items.len().saturating_sub(1));
        Ok(())
    }
}

/// The big lists, read in one go (on another connection at start-up).
pub struct Loaded {
    pub accounts: crate::domain::account_rows::AccountRows,
    /// The listed accounts' search keys.
    pub keys: crate::domain::search_packed::PackedKeys,
    pub quiet: Vec<QuietRow>,
}

impl Loaded {
    /// Read the accounts list and the quiet ranking as of `now`.
    pub fn read(
        store: &Store,
        now: DateTime<Utc>,
        default_days: u32,
    ) -> Result<Loaded, StoreError> {
        let (accounts, keys) = store.account_list_and_keys()?;
        Ok(Loaded {
            accounts,
            keys,
            quiet: store.quiet_accounts(now, default_days, None)?,
        })
    }
}

impl super::App {
    /// `z` or `c` where there is no open follow-up: say so.
    pub(super) fn say_no_follow_up(&mut self) {
        let Some(id) = self.current_account_id() else {
            return;
        };
        let name = self.account_name(id);
        let text = self.i18n.f(
            "fixes11.no_follow_up",
            &[("name", &crate::domain::text::sanitize(&name))],
        );
        self.info(text);
    }

    /// The follow-up the current screen points at: the selected Today
    /// item, else the account's next open one.
    pub fn current_follow_up(&self) -> Option<i64> {
        if self.screen == super::Screen::Today {
            if let Some(crate::domain::triage::TodayItem::FollowUp { follow_up, .. }) =
                self.today.list.current()
            {
                return Some(follow_up.id);
            }
        }
        let account = self.current_account_id()?;
        let open = self.store.follow_ups_of(account).ok()?;
        open.into_iter()
            .find(|f| f.state == crate::domain::triage::FollowUpState::Open)
            .map(|f| f.id)
    }
}
