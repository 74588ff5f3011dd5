//! What popups ask `App` to do, carried out in one place: write, then
//! bring what is shown up to date, say what happened, and offer what
//! comes next.

use chrono::{NaiveDate, NaiveTime};

use super::form::FieldProblem;
use super::popups::{FollowUpPopup, LogPopup, Popup, SnoozePopup};
use super::{App, Screen};
use crate::domain::agenda::Undo;
use crate::domain::interval::expected_interval;
use crate::domain::model::{AccountFields, Contact, NewConversation, OrderChange};
use crate::domain::triage::{LapseReason, NewFollowUp};
use crate::store::StoreError;

/// A write (or an action on the popups) asked for by a popup.
#[derive(Debug, Clone)]
pub enum Command {
    AddAccount(AccountFields),
    EditAccount(i64, AccountFields),
    /// Add a person (id 0) or change one on record.
    SaveContact(Contact),
    /// Log a conversation; `completes` marks a follow-up done with it.
    Log {
        conversation: NewConversation,
        lapse: Option<LapseReason>,
        completes: Option<i64>,
        /// The deal it moves on (its rotting clock starts again).
        deal: Option<i64>,
    },
    /// A new revision of a conversation's text.
    Revise {
        id: i64,
        account_id: i64,
        summary: String,
        body: String,
        outcome: Option<String>,
    },
    DiscardDraft(i64),
    AddOrder {
        account_id: i64,
        at: chrono::DateTime<chrono::Utc>,
        /// In the currency's minor unit.
        amount: i64,
        note: String,
    },
    EditOrder {
        id: i64,
        account_id: i64,
        change: OrderChange,
    },
    VoidOrder {
        id: i64,
        account_id: i64,
        reason: String,
    },
    RestoreOrder {
        id: i64,
        account_id: i64,
    },
    Retract {
        id: i64,
        account_id: i64,
        reason: String,
    },
    RestoreConversation {
        id: i64,
        account_id: i64,
    },
    AddFollowUp(NewFollowUp),
    Snooze {
        id: i64,
        account_id: i64,
        to: NaiveDate,
        time: Option<NaiveTime>,
    },
    /// Change an open follow-up (each field's earlier value kept).
    EditFollowUp {
        id: i64,
        account_id: i64,
        change: crate::domain::agenda::FollowUpChange,
    },
    /// A plan's next step kept as scheduled: nothing to write.
    KeepPlanStep {
        account_id: i64,
    },
    CancelFollowUp {
        id: i64,
        account_id: i64,
        reason: String,
    },
    ApplyPlan {
        plan_id: i64,
        account_id: i64,
        start: NaiveDate,
        again: bool,
    },
    /// Create a contact plan (`id` none) or change one.
    SavePlan {
        id: Option<i64>,
        name: String,
        steps: Vec<crate::domain::triage::PlanStep>,
        auto_on_first_order: bool,
    },
    /// A new deal.
    AddDeal(crate::domain::deals::NewDeal),
    /// Won, with the order it brought (amount, when) when one is recorded.
    WinDeal {
        id: i64,
        account_id: i64,
        order: Option<(i64, chrono::DateTime<chrono::Utc>)>,
    },
    /// Lost, and why.
    LoseDeal {
        id: i64,
        account_id: i64,
        reason: crate::domain::deals::LostReason,
        note: String,
    },
    /// Change an open deal's fields (each change on record).
    EditDeal {
        id: i64,
        account_id: i64,
        change: crate::domain::deals::DealChange,
    },
    /// Open a won or lost deal again, in the stage it closed from.
    ReopenDeal {
        id: i64,
        account_id: i64,
    },
    /// Hide an account from the lists (nothing is deleted).
    Archive(i64),
    /// "Yes, close it": the form under the question closes.
    CloseBelow,
    /// Import a file (a dry run or for real), on a worker.
    Import(Box<crate::import::Options>),
    /// Look for these words in every conversation, on a worker.
    Search(String),
    /// Close the popup and show this account's screen.
    OpenAccount(i64),
}

/// What a command did, for what follows it.
struct Done {
    /// The catalogue key of what to say.
    said: &'static str,
    /// The account written to (only it is refreshed); none: nothing shown
    /// changed (a plan).
    account: Option<i64>,
    /// Popups closed: the one that asked, and any it stood on.
    closes: usize,
    /// Select this account in the list (one just added).
    select: Option<i64>,
    /// Offer this next (the next follow-up after one is done).
    next: Option<Popup>,
    /// How `u` reverses it, when it can be.
    undo: Option<Undo>,
}

impl Done {
    fn said(said: &'static str, account: i64) -> Done {
        Done {
            said,
            account: Some(account),
            closes: 1,
            select: None,
            next: None,
            undo: None,
        }
    }

    fn undone_by(self, undo: Undo) -> Done {
        Done {
            undo: Some(undo),
            ..self
        }
    }
}

/// The last reversible action, for `u`.
#[derive(Debug, Clone)]
pub struct LastUndo {
    pub undo: Undo,
    /// The account it touched (refreshed after the undo).
    pub account_id: i64,
}

impl App {
    /// Run what the top popup asked for. On success the popup closes and
    /// everything shown is brought up to date; a problem with a field goes
    /// back to the form, which stays as typed.
    pub(super) fn run_from_popup(&mut self, command: Command) {
        match command {
            Command::CloseBelow => {
                self.popups.pop();
                self.close_top_popup();
                return;
            }
            Command::Import(options) => return self.start_import(*options),
            Command::Search(query) => return self.start_search(query),
            Command::OpenAccount(id) => {
                self.popups.pop();
                return self.open_account(id);
            }
            _ => {}
        }
        match self.execute(command) {
            Ok(done) => self.after(done),
            // Another program holds the write lock: nothing was written,
            // the form stays as typed and the save is tried again shortly.
            Err(e) if e.is_busy() => self.wait_to_save(std::time::Instant::now()),
            Err(StoreError::Invalid { field, message }) if self.top_has_field(field) => {
                if let Some(form) = self.popups.last_mut().and_then(Popup::form_mut) {
                    form.show_errors(vec![(field, FieldProblem::Store(message))]);
                }
            }
            Err(e) => self.error(&e),
        }
    }

    fn top_has_field(&self, field: &str) -> bool {
        self.popups
            .last()
            .and_then(Popup::form)
            .is_some_and(|f| f.fields.iter().any(|x| x.name == field))
    }

    fn execute(&mut self, command: Command) -> Result<Done, StoreError> {
        let now = self.now();
        let store = &mut self.store;
        Ok(match command {
            Command::AddAccount(fields) => {
                let id = store.add_account(&fields, now)?;
                // Land the new account selected, so the next key acts on it.
                self.accounts.filter.set_value("");
                Done {
                    select: Some(id),
                    ..Done::said("status.account_added", id)
                }
            }
            Command::EditAccount(id, fields) => {
                store.update_account(id, &fields, now)?;
                Done::said("status.account_saved", id)
            }
            Command::SaveContact(c) if c.id == 0 => {
                store.add_contact(&c, now)?;
                Done::said("status.contact_added", c.account_id)
            }
            Command::SaveContact(c) => {
                store.update_contact(&c, now)?;
                Done::said("status.contact_saved", c.account_id)
            }
            Command::Log {
                conversation: c,
                lapse,
                completes,
                deal,
            } => {
                store.log_with_deal(&c, lapse, completes, deal, now)?;
                let next = completes.and_then(|done| self.next_after(&c, done));
                Done {
                    next,
                    ..Done::said("status.logged", c.account_id)
                }
            }
            Command::Revise {
                id,
                account_id,
                summary,
                body,
                outcome,
            } => {
                store.revise_conversation(id, &summary, &body, outcome.as_deref(), now)?;
                Done::said("status.revised", account_id)
            }
            Command::DiscardDraft(account_id) => {
                store.discard_draft(account_id)?;
                let fresh = LogPopup::open(self, account_id)?;
                Done {
                    next: Some(fresh.into()),
                    ..Done::said("status.draft_discarded", account_id)
                }
            }
            Command::AddOrder {
                account_id,
                at,
                amount,
                note,
            } => {
                store.add_order(account_id, at, amount, &note, now)?;
                Done::said("status.order_added", account_id)
            }
            Command::EditOrder {
                id,
                account_id,
                change,
            } => {
                store.edit_order(id, &change, now)?;
                Done::said("ordertui.edited", account_id)
            }
            Command::VoidOrder {
                id,
                account_id,
                reason,
            } => {
                store.void_order(id, &reason, now)?;
                Done::said("ordertui.voided", account_id).undone_by(Undo::Void(id))
            }
            Command::RestoreOrder { id, account_id } => {
                store.restore_order(id, now)?;
                // The viewer stays, showing the order as it is now.
                Done {
                    closes: 0,
                    ..Done::said("ordertui.restored", account_id)
                }
            }
            Command::Retract {
                id,
                account_id,
                reason,
            } => {
                store.retract_conversation(id, &reason, now)?;
                Done::said("status.retracted", account_id).undone_by(Undo::Retract(id))
            }
            Command::RestoreConversation { id, account_id } => {
                store.restore_conversation(id, now)?;
                Done::said("status.restored", account_id)
            }
            Command::AddFollowUp(f) => {
                store.add_follow_up(&f, now)?;
                Done::said("status.follow_up_added", f.account_id)
            }
            Command::Snooze {
                id,
                account_id,
                to,
                time,
            } => {
                store.snooze_follow_up(id, to, time, now)?;
                Done::said("status.snoozed", account_id).undone_by(Undo::Snooze(id))
            }
            Command::EditFollowUp {
                id,
                account_id,
                change,
            } => {
                store.edit_follow_up(id, &change, now)?;
                Done::said("agendaedit11.edited", account_id)
            }
            Command::KeepPlanStep { account_id } => {
                Done::said("record_history.plan_step_kept", account_id)
            }
            Command::CancelFollowUp {
                id,
                account_id,
                reason,
            } => {
                store.cancel_follow_up(id, &reason, now)?;
                Done::said("status.follow_up_cancelled", account_id).undone_by(Undo::Cancel(id))
            }
            Command::ApplyPlan {
                plan_id,
                account_id,
                start,
                again,
            } => {
                store.apply_plan(plan_id, account_id, start, again, now)?;
                Done {
                    // "Yes, again": the question and the form under it.
                    closes: if again { 2 } else { 1 },
                    ..Done::said("status.plan_applied", account_id)
                }
            }
            Command::SavePlan {
                id,
                name,
                steps,
                auto_on_first_order: auto,
            } => {
                let said = match id {
                    Some(id) => {
                        store.edit_plan(id, &name, &steps, auto, now)?;
                        "plan11.saved"
                    }
                    None => {
                        store.add_plan(&name, &steps, auto, now)?;
                        "plan11.added"
                    }
                };
                Done {
                    said,
                    account: None,
                    closes: 1,
                    select: None,
                    next: None,
                    undo: None,
                }
            }
            Command::AddDeal(d) => {
                store.add_deal(&d, now)?;
                Done::said("pipeline12.added", d.account_id)
            }
            Command::WinDeal {
                id,
                account_id,
                order,
            } => {
                store.win_deal(id, order, now)?;
                let said = if order.is_some() {
                    "pipeline12.won_with_order"
                } else {
                    "pipeline12.won"
                };
                Done::said(said, account_id)
            }
            Command::LoseDeal {
                id,
                account_id,
                reason,
                note,
            } => {
                store.lose_deal(id, reason, &note, now)?;
                Done::said("pipeline12.lost", account_id)
            }
            Command::EditDeal {
                id,
                account_id,
                change,
            } => {
                store.edit_deal(id, &change, now)?;
                Done::said("deal_tui12.edited", account_id)
            }
            Command::ReopenDeal { id, account_id } => {
                store.reopen_deal(id, now)?;
                Done::said("deal_tui12.reopened", account_id)
            }
            Command::Archive(id) => {
                store.set_archived(id, true, now)?;
                self.account = None;
                self.screen = Screen::Accounts;
                Done::said("status.archived", id).undone_by(Undo::Archive(id))
            }
            Command::CloseBelow
            | Command::Import(_)
            | Command::Search(_)
            | Command::OpenAccount(_) => {
                unreachable!("handled before")
            }
        })
    }

    /// After a successful command: close, refresh, say, offer what is next.
    fn after(&mut self, done: Done) {
        self.waiting_to_save = None;
        for _ in 0..done.closes {
            self.popups.pop();
        }
        // What the popups left open show is read again (a viewer under
        // an edit shows the new version).
        let mut kept = Vec::new();
        for mut p in std::mem::take(&mut self.popups) {
            if p.component_mut().reload(self) {
                kept.push(p);
            }
        }
        self.popups = kept;
        if let Some(id) = done.account {
            self.refresh_account(id);
        }
        if let Some(id) = done.select {
            self.accounts.select_id(id);
        }
        let mut said = self.i18n.t(done.said);
        if let (Some(undo), Some(account_id)) = (done.undo, done.account) {
            self.last_undo = Some(LastUndo { undo, account_id });
            said.push_str(&self.i18n.t("undo11.hint"));
        }
        self.info(said);
        if let Some(next) = done.next {
            self.open_popup(next);
        }
    }

    /// `u`: reverse the last archive, snooze, cancel, void or retract (the
    /// reversal is itself on record). One step: a second `u` says there
    /// is nothing left to undo.
    pub(super) fn undo_last(&mut self) {
        let Some(last) = self.last_undo.take() else {
            return self.info(self.i18n.t("undo11.nothing"));
        };
        let now = self.now();
        match self.store.undo(&last.undo, now) {
            Ok(()) => {
                self.refresh_account(last.account_id);
                let name =
                    crate::domain::text::sanitize(&self.account_name(last.account_id)).into_owned();
                let key = match last.undo {
                    Undo::Archive(_) => "undo11.archive",
                    Undo::Snooze(_) => "undo11.snooze",
                    Undo::Cancel(_) => "undo11.cancel",
                    Undo::Void(_) => "undo11.void",
                    Undo::Retract(_) => "undo11.retract",
                };
                self.info(self.i18n.f(key, &[("name", &name)]));
            }
            Err(e) if e.is_busy() => {
                self.last_undo = Some(last);
                self.info(self.i18n.t("status.waiting_for_lock"));
            }
            Err(e) => self.error(&e),
        }
    }

    /// After a follow-up is done: its plan's next step when one is
    /// scheduled, else the next follow-up, a rhythm's length away, to the
    /// person just spoken to.
    fn next_after(&self, c: &NewConversation, done: i64) -> Option<Popup> {
        if let Ok(Some(step)) = self.store.next_plan_step(done) {
            return Some(SnoozePopup::plan_step(self, step).into());
        }
        let default_days = self.config.default_interval_days;
        let days = self
            .store
            .account(c.account_id)
            .map(|a| expected_interval(a.interval_days, a.learned_interval_days, default_days).0)
            .unwrap_or(f64::from(default_days));
        let days = (days.round().max(1.0) as i64).to_string();
        let due = self.i18n.f("quick.in_days", &[("n", &days)]);
        let mut next = FollowUpPopup::open(self, c.account_id, Some(due), c.contact_id);
        next.after_done = true;
        Some(next.into())
    }
}
