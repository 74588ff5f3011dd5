//! What keys do on the screens (no popup open): moving through the
//! lists, opening popups, switching screens, finding in an account's
//! history, and keeping every list's selection in view.

use super::{in_view, popups, triage, AccountView, Action, App, Screen};

impl App {
    pub(super) fn update_screen(&mut self, action: Action) {
        if self.update_insight(&action)
            || self.update_agenda(&action)
            || self.update_pipeline(&action)
        {
            return;
        }
        let page = self.page_rows.max(1) as isize;
        let moved = match self.screen {
            Screen::Today => triage::navigate(&mut self.today.list, &action, page),
            Screen::Quiet => triage::navigate(&mut self.quiet.list, &action, page),
            _ => false,
        };
        if moved {
            return;
        }
        match (self.screen, action) {
            (_, Action::Reload) => self.reload_everything(),
            (_, Action::Screen(s @ (Screen::Accounts | Screen::Today | Screen::Quiet))) => {
                self.screen = s
            }
            (Screen::Quiet, Action::StartFilter) => self.quiet.filtering = true,
            (Screen::Quiet, Action::Back) if !self.quiet.filter.value().is_empty() => {
                self.quiet.filter.set_value("");
                self.refilter_quiet();
            }
            (Screen::Pipeline, Action::Open) => {
                if let Some(id) = self.pipeline.current().map(|d| d.id) {
                    self.open_or_say(popups::DealViewer::open(self, id));
                }
            }
            (Screen::Today | Screen::Quiet, Action::Open) => {
                if let Some(id) = self.current_account_id() {
                    self.open_account(id);
                }
            }
            (Screen::Today, Action::Log) => match self.today.list.current() {
                Some(crate::domain::triage::TodayItem::FollowUp { follow_up, .. }) => {
                    let id = follow_up.id;
                    self.open_or_say(popups::LogPopup::complete(self, id));
                }
                Some(item) => {
                    let id = item.account_id();
                    self.open_or_say(popups::LogPopup::open(self, id));
                }
                None => {}
            },
            (_, Action::Import) => self.open_popup(popups::ImportPopup::open()),
            (_, Action::Undo) => self.undo_last(),
            (_, Action::Search) => self.open_popup(popups::SearchPopup::open()),
            (_, Action::Plans) => self.open_or_say(popups::PlansPopup::open(self)),
            (_, Action::ApplyPlan) => {
                if let Some(id) = self.current_account_id() {
                    match popups::ApplyPlanPopup::open(self, id) {
                        Ok(Some(p)) => self.open_popup(p),
                        Ok(None) => self.info(self.i18n.t("status.no_plans")),
                        Err(e) => self.error(&e),
                    }
                }
            }
            (_, Action::ScheduleFollowUp) => {
                if let Some(id) = self.current_account_id() {
                    self.open_popup(popups::FollowUpPopup::open(self, id, None, None));
                }
            }
            (_, Action::Snooze) => match self.current_follow_up() {
                Some(id) => self.open_or_say(popups::SnoozePopup::open(self, id)),
                None => self.say_no_follow_up(),
            },
            (_, Action::CancelFollowUp) => match self.current_follow_up() {
                Some(id) => self.open_or_say(popups::CancelFollowUpPopup::open(self, id)),
                None => self.say_no_follow_up(),
            },
            (Screen::Accounts, Action::Up) => self.accounts.move_by(-1),
            (Screen::Accounts, Action::Down) => self.accounts.move_by(1),
            (Screen::Accounts, Action::PageUp) => self.accounts.move_by(-page),
            (Screen::Accounts, Action::PageDown) => self.accounts.move_by(page),
            (Screen::Accounts, Action::Top) => self.accounts.jump(false),
            (Screen::Accounts, Action::Bottom) => self.accounts.jump(true),
            (Screen::Accounts, Action::StartFilter) => self.accounts.filtering = true,
            (Screen::Accounts, Action::ToggleSort) => self.accounts.toggle_sort(),
            (Screen::Accounts, Action::ToggleArchived) => self.toggle_archived(),
            // On an archived account `u` brings it back; elsewhere on the
            // list it undoes the last action, as on every screen (an
            // archive lands here).
            (Screen::Accounts, Action::RestoreAccount) if self.accounts.selected_is_archived() => {
                self.restore_account()
            }
            (Screen::Accounts, Action::RestoreAccount) => self.undo_last(),
            (Screen::Accounts, Action::Back) if !self.accounts.query().is_empty() => {
                self.accounts.filter.set_value("");
                self.accounts.refilter();
            }
            (Screen::Accounts, Action::Open) => {
                if let Some(id) = self.accounts.selected_id() {
                    self.open_account(id);
                }
            }
            (Screen::Account, Action::NewDeal) => {
                let id = self.account.as_ref().map(|v| v.account.id);
                self.open_popup(popups::NewDealPopup::open(self, id));
            }
            (Screen::Account, Action::StartFilter) => self.with_view(AccountView::start_find),
            (Screen::Account, Action::NextMatch) => self.with_view(|v| v.next_match(true)),
            (Screen::Account, Action::PrevMatch) => self.with_view(|v| v.next_match(false)),
            // Esc first lets go of the words looked for, then goes back.
            (Screen::Account, Action::Back)
                if self.account.as_ref().is_some_and(|v| v.find.is_some()) =>
            {
                self.with_view(|v| v.find = None)
            }
            (Screen::Account, Action::Back) => self.screen = self.came_from,
            (Screen::Account, Action::Up) => self.with_view(|v| v.move_by(-1)),
            (Screen::Account, Action::Down) => self.with_view(|v| v.move_by(1)),
            (Screen::Account, Action::PageUp) => self.with_view(|v| v.move_by(-page)),
            (Screen::Account, Action::PageDown) => self.with_view(|v| v.move_by(page)),
            (Screen::Account, Action::Top) => self.with_view(|v| v.selected = 0),
            (Screen::Account, Action::Bottom) => {
                self.with_view(|v| v.selected = v.timeline.len().saturating_sub(1))
            }
            (Screen::Account, Action::Open) => self.open_entry(),
            (_, Action::AddAccount) => self.open_or_say(popups::AccountPopup::open(self, None)),
            (_, Action::EditAccount) => {
                if let Some(id) = self.current_account_id() {
                    self.open_or_say(popups::AccountPopup::open(self, Some(id)));
                }
            }
            (_, Action::Log) => {
                if let Some(id) = self.current_account_id() {
                    self.open_or_say(popups::LogPopup::open(self, id));
                }
            }
            (_, Action::AddOrder) => {
                if let Some(id) = self.current_account_id() {
                    self.open_popup(popups::OrderPopup::add(self, id));
                }
            }
            (_, Action::AddContact) => {
                if let Some(id) = self.current_account_id() {
                    self.open_popup(popups::ContactPopup::open(self, id));
                }
            }
            (_, Action::Archive) => {
                if let Some(id) = self.current_account_id() {
                    self.open_popup(popups::Confirm::archive(self, id));
                }
            }
            _ => {}
        }
    }

    /// Show the selected timeline entry in full: a conversation or an order.
    fn open_entry(&mut self) {
        use crate::domain::model::TimelineEntry;
        match self.account.as_ref().and_then(|v| v.selected_entry()) {
            Some(TimelineEntry::Conversation(c)) => {
                let id = c.id;
                self.open_or_say(popups::ConversationViewer::open(self, id));
            }
            Some(TimelineEntry::Order(o)) => {
                let id = o.id;
                self.open_or_say(popups::OrderViewer::open(self, id));
            }
            None => {}
        }
    }

    /// The find line on the Account screen is open for typing.
    pub(super) fn finding(&self) -> bool {
        self.account
            .as_ref()
            .is_some_and(|v| v.find.as_ref().is_some_and(|f| f.typing))
    }

    pub(super) fn update_find(&mut self, action: Action) {
        self.with_view(|v| match action {
            Action::Edit(cmd) => v.find_edit(cmd),
            Action::Paste(s) => v.find_paste(&s),
            Action::Open | Action::NextField | Action::Save => {
                // Kept for `n`/`N`; nothing typed closes it.
                match v.find.as_mut() {
                    Some(f) if !f.edit.value().trim().is_empty() => f.typing = false,
                    _ => v.find = None,
                }
            }
            Action::Cancel | Action::Back => v.find = None,
            Action::Down => v.next_match(true),
            Action::Up => v.next_match(false),
            _ => {}
        });
    }

    /// Scroll every list just far enough that its selection is in view,
    /// at the list height of the last resize. Drawing reads the offsets
    /// (and, at another height, adjusts only what it draws).
    pub fn keep_in_view(&mut self) {
        let rows = self.page_rows.max(1);
        let a = &mut self.accounts;
        a.offset = in_view(a.offset, a.selected, rows);
        let t = &mut self.today.list;
        t.offset = in_view(t.offset, t.selected, rows);
        let q = &mut self.quiet.list;
        q.offset = in_view(q.offset, q.selected, rows);
        let g = &mut self.agenda.list;
        // Scrolling up onto the first item of a day shows its heading too.
        let sel = g.selected;
        if sel > 0 && g.items.get(sel - 1).is_some_and(|r| !r.selectable()) {
            g.offset = in_view(g.offset, sel - 1, rows);
        }
        g.offset = in_view(g.offset, sel, rows);
        if let Some(v) = self.account.as_mut() {
            // Entries take as many lines as their text wraps to, which only
            // the drawing knows: moving up scrolls back here; the drawing
            // starts further on only while the selected entry would not fit.
            v.offset = v.offset.min(v.selected);
        }
    }

    pub(super) fn with_view(&mut self, f: impl FnOnce(&mut AccountView)) {
        if let Some(v) = self.account.as_mut() {
            f(v);
        }
    }
}
