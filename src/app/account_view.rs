//! The Account screen's state: the account, its people, its history.

use super::text_edit::{EditCmd, TextEdit};
use crate::domain::fold::fold;
use crate::domain::model::{Account, Contact, TimelineEntry};
use crate::store::{Store, StoreError};

/// One open account.
pub struct AccountView {
    pub account: Account,
    pub contacts: Vec<Contact>,
    /// Newest first.
    pub timeline: Vec<TimelineEntry>,
    /// Open follow-ups, soonest first.
    pub follow_ups: Vec<crate::domain::triage::FollowUp>,
    /// Index into `timeline`.
    pub selected: usize,
    /// First timeline entry drawn: kept by `update` (see
    /// [`App::keep_in_view`]); drawing only reads it.
    pub offset: usize,
    /// `/`: words looked for in this account's history.
    pub find: Option<Find>,
    /// Open deals, most promising first.
    pub deals: Vec<crate::domain::deals::Deal>,
}

/// Looking for words in one account's history.
#[derive(Debug, Clone)]
pub struct Find {
    pub edit: TextEdit,
    /// The line is open for typing (Enter keeps the words, `n`/`N` go on).
    pub typing: bool,
    /// Timeline entries holding the words, newest first.
    pub matches: Vec<usize>,
}

/// What an entry says, folded for matching (width, kana, case).
fn entry_text(e: &TimelineEntry) -> String {
    match e {
        TimelineEntry::Conversation(c) => {
            let mut s = String::new();
            if let Some(r) = c.current() {
                s.push_str(&r.summary);
                s.push('\n');
                s.push_str(&r.body);
                if let Some(o) = &r.outcome {
                    s.push('\n');
                    s.push_str(o);
                }
            }
            fold(&s)
        }
        TimelineEntry::Order(o) => fold(&o.note),
    }
}

impl AccountView {
    /// Load everything the screen shows.
    pub fn load(
        store: &Store,
        id: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<AccountView, StoreError> {
        Ok(AccountView {
            account: store.account(id)?,
            contacts: store.contacts(id)?,
            timeline: store.timeline(id)?,
            follow_ups: store
                .follow_ups_of(id)?
                .into_iter()
                .filter(|f| f.state == crate::domain::triage::FollowUpState::Open)
                .collect(),
            selected: 0,
            offset: 0,
            find: None,
            deals: store.deals(
                &crate::domain::deals::DealFilter {
                    account_id: Some(id),
                    ..crate::domain::deals::DealFilter::open()
                },
                now,
            )?,
        })
    }

    /// Open the find line (keeping words looked for before).
    pub fn start_find(&mut self) {
        match self.find.as_mut() {
            Some(f) => f.typing = true,
            None => {
                self.find = Some(Find {
                    edit: TextEdit::new(false),
                    typing: true,
                    matches: Vec::new(),
                })
            }
        }
    }

    /// Type into the find line; the selection lands on the first entry
    /// (from the selected one on) holding the words.
    pub fn find_edit(&mut self, cmd: EditCmd) {
        if let Some(f) = self.find.as_mut() {
            if f.edit.apply(cmd) {
                self.refind();
            }
        }
    }

    /// Paste into the find line.
    pub fn find_paste(&mut self, s: &str) {
        if let Some(f) = self.find.as_mut() {
            f.edit.paste(s);
            self.refind();
        }
    }

    /// After a reload: the words looked for stay, matched anew.
    pub fn keep_find(&mut self, find: Option<Find>) {
        self.find = find;
        let selected = self.selected;
        self.refind();
        self.selected = selected;
    }

    fn refind(&mut self) {
        let Some(f) = self.find.as_mut() else { return };
        let words = fold(f.edit.value().trim());
        f.matches = if words.is_empty() {
            Vec::new()
        } else {
            let words: Vec<&str> = words.split_whitespace().collect();
            self.timeline
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    let text = entry_text(e);
                    words.iter().all(|w| text.contains(w))
                })
                .map(|(i, _)| i)
                .collect()
        };
        if let Some(&i) = f
            .matches
            .iter()
            .find(|&&i| i >= self.selected)
            .or(f.matches.first())
        {
            self.selected = i;
        }
    }

    /// The next (or previous) entry holding the words, wrapping.
    pub fn next_match(&mut self, forward: bool) {
        let Some(f) = self.find.as_ref() else { return };
        let next = if forward {
            f.matches
                .iter()
                .find(|&&i| i > self.selected)
                .or(f.matches.first())
        } else {
            f.matches
                .iter()
                .rev()
                .find(|&&i| i < self.selected)
                .or(f.matches.last())
        };
        if let Some(&i) = next {
            self.selected = i;
        }
    }

    /// Which match is selected (1-based) and how many there are.
    pub fn match_position(&self) -> Option<(usize, usize)> {
        let f = self.find.as_ref()?;
        let at = f.matches.iter().position(|&i| i == self.selected)?;
        Some((at + 1, f.matches.len()))
    }

    /// Move the selection by `delta`, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.timeline.is_empty() {
            return;
        }
        let max = self.timeline.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
    }

    /// The selected entry.
    pub fn selected_entry(&self) -> Option<&TimelineEntry> {
        self.timeline.get(self.selected)
    }
}
