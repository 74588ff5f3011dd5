//! State of the Agenda screen (`5`): every open follow-up by day for the
//! coming weeks, overdue ones first, and what was done today. Loaded on
//! entering the screen and again after every write, Ctrl-R and another
//! program's commit while it is shown.

use chrono::{Duration, NaiveDate};

use super::triage::Listed;
use super::{popups, Action, App, Screen};
use crate::domain::agenda::{Agenda, DoneToday, AGENDA_DAYS};
use crate::domain::triage::FollowUp;

/// One line of the Agenda: a heading or something to select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaRow {
    /// Above the follow-ups due before today.
    OverdueHeading,
    /// Above the follow-ups due on a day.
    DayHeading(NaiveDate),
    FollowUp(FollowUp),
    /// Above what was done today.
    DoneHeading,
    Done(DoneToday),
}

impl AgendaRow {
    /// Headings are passed over by the cursor.
    pub fn selectable(&self) -> bool {
        matches!(self, AgendaRow::FollowUp(_) | AgendaRow::Done(_))
    }

    /// The account of a selectable row.
    pub fn account_id(&self) -> Option<i64> {
        match self {
            AgendaRow::FollowUp(f) => Some(f.account_id),
            AgendaRow::Done(d) => Some(d.account_id),
            _ => None,
        }
    }

    /// What identifies the row across reloads.
    fn key(&self) -> Option<(bool, i64, i64)> {
        match self {
            AgendaRow::FollowUp(f) => Some((true, f.id, 0)),
            AgendaRow::Done(d) => Some((false, d.account_id, d.at.timestamp())),
            _ => None,
        }
    }
}

/// The rows of an [`Agenda`]: overdue under one heading, then each day
/// that has something under its own, then what was done today.
pub fn agenda_rows(agenda: Agenda) -> Vec<AgendaRow> {
    let mut rows = Vec::new();
    if !agenda.overdue.is_empty() {
        rows.push(AgendaRow::OverdueHeading);
        rows.extend(agenda.overdue.into_iter().map(AgendaRow::FollowUp));
    }
    let mut last_day = None;
    for f in agenda.upcoming {
        if last_day != Some(f.due_on) {
            last_day = Some(f.due_on);
            rows.push(AgendaRow::DayHeading(f.due_on));
        }
        rows.push(AgendaRow::FollowUp(f));
    }
    if !agenda.done_today.is_empty() {
        rows.push(AgendaRow::DoneHeading);
        rows.extend(agenda.done_today.into_iter().map(AgendaRow::Done));
    }
    rows
}

/// The Agenda as loaded, with a selection that skips headings.
pub struct AgendaState {
    pub list: Listed<AgendaRow>,
    /// The last day shown (today + [`AGENDA_DAYS`] when loaded).
    pub through: Option<NaiveDate>,
    /// Open follow-ups shown (overdue included) and how many are overdue.
    pub open: usize,
    pub overdue: usize,
}

impl Default for AgendaState {
    fn default() -> Self {
        AgendaState {
            list: Listed::new(Vec::new()),
            through: None,
            open: 0,
            overdue: 0,
        }
    }
}

impl AgendaState {
    /// Put `agenda` in, keeping the cursor on the same row when it is
    /// still there, else at the same place.
    pub fn set(&mut self, agenda: Agenda, through: NaiveDate) {
        let keep = self.list.current().and_then(AgendaRow::key);
        self.overdue = agenda.overdue.len();
        self.open = self.overdue + agenda.upcoming.len();
        self.through = Some(through);
        self.list.replace(agenda_rows(agenda));
        if let Some(i) = keep.and_then(|k| self.list.items.iter().position(|r| r.key() == Some(k)))
        {
            self.list.selected = i;
        }
        self.settle(1);
    }

    /// The selected row (never a heading).
    pub fn current(&self) -> Option<&AgendaRow> {
        self.list.current().filter(|r| r.selectable())
    }

    /// Move off a heading, in `direction` first (1 down, -1 up).
    fn settle(&mut self, direction: isize) {
        let items = &self.list.items;
        if items
            .get(self.list.selected)
            .is_some_and(|r| r.selectable())
        {
            return;
        }
        let from = self.list.selected;
        let ahead = |d: isize| {
            let mut i = from as isize;
            loop {
                i += d;
                if i < 0 || i as usize >= items.len() {
                    return None;
                }
                if items[i as usize].selectable() {
                    return Some(i as usize);
                }
            }
        };
        if let Some(i) = ahead(direction).or_else(|| ahead(-direction)) {
            self.list.selected = i;
        }
    }

    /// Apply a movement key; false when `action` is not one.
    pub fn navigate(&mut self, action: &Action, page: isize) -> bool {
        let selectable: Vec<usize> = (0..self.list.items.len())
            .filter(|&i| self.list.items[i].selectable())
            .collect();
        let Some(at) = selectable.iter().position(|&i| i == self.list.selected) else {
            return false;
        };
        let last = selectable.len() as isize - 1;
        let to = match action {
            Action::Up => at as isize - 1,
            Action::Down => at as isize + 1,
            Action::PageUp => at as isize - page,
            Action::PageDown => at as isize + page,
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        self.list.selected = selectable[to.clamp(0, last) as usize];
        true
    }
}

impl App {
    /// Read the Agenda again (today through [`AGENDA_DAYS`] ahead).
    pub fn reload_agenda(&mut self) {
        let today = self.today();
        let through = today + Duration::days(AGENDA_DAYS);
        match self.store.agenda(today, through) {
            Ok(a) => self.agenda.set(a, through),
            Err(e) => self.error(&e),
        }
    }

    /// After a write or a reload: the Agenda, when shown, is read again
    /// (entering the screen reads it anyway).
    pub fn agenda_changed(&mut self) {
        if self.screen == Screen::Agenda {
            self.reload_agenda();
        }
    }

    /// The Agenda's keys; false when `action` is left to the common ones.
    pub(super) fn update_agenda(&mut self, action: &Action) -> bool {
        if *action == Action::Screen(Screen::Agenda) {
            self.screen = Screen::Agenda;
            self.reload_agenda();
            return true;
        }
        if self.screen != Screen::Agenda {
            return false;
        }
        let page = self.page_rows.max(1) as isize;
        if self.agenda.navigate(action, page) {
            return true;
        }
        let row = self.agenda.current().cloned();
        match (action, row) {
            (Action::Open, Some(r)) => {
                if let Some(id) = r.account_id() {
                    self.open_account(id);
                }
            }
            (Action::Log, Some(AgendaRow::FollowUp(f))) => {
                self.open_or_say(popups::LogPopup::complete(self, f.id))
            }
            (Action::Log, Some(AgendaRow::Done(d))) => {
                self.open_or_say(popups::LogPopup::open(self, d.account_id))
            }
            (Action::Snooze, Some(AgendaRow::FollowUp(f))) => {
                self.open_or_say(popups::SnoozePopup::open(self, f.id))
            }
            (Action::CancelFollowUp, Some(AgendaRow::FollowUp(f))) => {
                self.open_or_say(popups::CancelFollowUpPopup::open(self, f.id))
            }
            (Action::EditFollowUp, Some(AgendaRow::FollowUp(f))) => {
                self.open_or_say(popups::EditFollowUpPopup::open(self, f.id))
            }
            // Schedule, and z / c on a done row (the account's next open
            // follow-up), work as on every screen.
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
#[path = "agenda_tests.rs"]
mod tests;
