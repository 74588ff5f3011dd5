//! Popups: forms, viewers and questions, each a typed component in a file
//! of its own. They see keys before the screen does.
//!
//! A popup answers each action with an [`Outcome`]: ignored, consumed,
//! close, open another popup, or run a [`Command`] (which `App` carries
//! out in one place, `app/command.rs`: write, then refresh). A form's
//! `submit` turns what was typed into a command or into typed problems
//! per field. `ui/popups` only draws what [`Popup::view`] hands it.
//!
//! Adding a popup: a file here with its struct (implementing
//! [`FormPopup`] for a form, or [`Component`] for anything else), one line
//! in `popups!` below, and, for anything but a form, its drawing in
//! `ui/popups`.

mod account;
mod apply_plan;
mod cancel_follow_up;
mod confirm;
mod contact;
mod conversation;
mod dates;
mod deal_closed;
mod deal_edit;
mod deal_forms;
mod deal_view;
mod edit_follow_up;
mod follow_up;
mod form_popup;
mod import;
mod log;
mod order_form;
mod order_view;
mod path_completion;
mod plans;
mod retract;
mod search;
mod snooze;
mod void_order;

pub use account::AccountPopup;
pub use apply_plan::ApplyPlanPopup;
pub use cancel_follow_up::CancelFollowUpPopup;
pub use confirm::{Confirm, OnYes};
pub use contact::ContactPopup;
pub use conversation::ConversationViewer;
pub use deal_closed::ClosedDealsPopup;
pub use deal_edit::EditDealPopup;
pub use deal_forms::{LostPopup, NewDealPopup, WonPopup};
pub use deal_view::DealViewer;
pub use edit_follow_up::EditFollowUpPopup;
pub use follow_up::FollowUpPopup;
pub use form_popup::FormPopup;
pub use import::{import_counts, rejects_path, ImportPopup, ImportPreview, MapColumnPopup};
pub use log::LogPopup;
pub use order_form::OrderPopup;
pub use order_view::OrderViewer;
pub use plans::PlansPopup;
pub use retract::RetractPopup;
pub use search::{SearchPopup, SHOWN as SEARCH_SHOWN};
pub use snooze::SnoozePopup;
pub use void_order::VoidOrderPopup;

use super::command::Command;
use super::form::Form;
use super::keymap::Layer;
use super::{Action, App};
use crate::store::StoreError;

/// What a popup makes of an action.
#[derive(Debug)]
pub enum Outcome {
    /// Not for this popup: nothing happens.
    Ignored,
    /// Handled; the popup stays as it now is.
    Consumed,
    /// Close this popup.
    Close,
    /// Open another popup over this one.
    Push(Popup),
    /// Run a command; when it succeeds this popup closes.
    Run(Command),
    /// Refuse, saying why on the status line; the popup stays.
    Refuse(StoreError),
}

/// What `ui` draws for a popup.
pub enum View<'a> {
    Form { form: &'a Form, title: String },
    Conversation(&'a ConversationViewer),
    Order(&'a OrderViewer),
    Confirm(&'a Confirm),
    ImportPreview(&'a ImportPreview),
    Search(&'a SearchPopup),
    Deal(&'a DealViewer),
    ClosedDeals(&'a ClosedDealsPopup),
}

/// One popup's behaviour.
pub trait Component {
    /// Answer an action while this popup is on top.
    fn handle(&mut self, action: &Action, app: &App) -> Outcome;
    /// The keymap layer its keys come from.
    fn layer(&self) -> Layer;
    /// What to draw.
    fn view(&self, app: &App) -> View<'_>;
    /// The form inside, for a form.
    fn form(&self) -> Option<&Form> {
        None
    }
    /// The form inside, to show problems a command ran into.
    fn form_mut(&mut self) -> Option<&mut Form> {
        None
    }
    /// A line for the status bar when the popup opens.
    fn opening_note(&self, _app: &App) -> Option<String> {
        None
    }
    /// After a write made from a popup above: show what is on file now.
    /// `false` closes this popup (what it shows is gone).
    fn reload(&mut self, _app: &App) -> bool {
        true
    }
}

macro_rules! popups {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// Every kind of popup.
        #[derive(Debug)]
        pub enum Popup {
            $($variant($ty)),*
        }

        $(impl From<$ty> for Popup {
            fn from(p: $ty) -> Popup {
                Popup::$variant(p)
            }
        })*

        impl Popup {
            pub(crate) fn component(&self) -> &dyn Component {
                match self {
                    $(Popup::$variant(p) => p),*
                }
            }
            pub(crate) fn component_mut(&mut self) -> &mut dyn Component {
                match self {
                    $(Popup::$variant(p) => p),*
                }
            }
        }
    };
}

popups! {
    Account(AccountPopup),
    Contact(ContactPopup),
    Log(LogPopup),
    Order(OrderPopup),
    VoidOrder(VoidOrderPopup),
    Retract(RetractPopup),
    FollowUp(FollowUpPopup),
    EditFollowUp(EditFollowUpPopup),
    ApplyPlan(ApplyPlanPopup),
    Snooze(SnoozePopup),
    CancelFollowUp(CancelFollowUpPopup),
    Import(ImportPopup),
    ImportPreview(ImportPreview),
    MapColumn(MapColumnPopup),
    Plans(PlansPopup),
    Search(SearchPopup),
    NewDeal(NewDealPopup),
    Won(WonPopup),
    Lost(LostPopup),
    EditDeal(EditDealPopup),
    ClosedDeals(ClosedDealsPopup),
    Deal(DealViewer),
    Conversation(ConversationViewer),
    OrderView(OrderViewer),
    Confirm(Confirm),
}

impl Popup {
    /// The form inside, if this popup is a form.
    pub fn form(&self) -> Option<&Form> {
        self.component().form()
    }
    /// The form inside, to change it (tests fill fields this way).
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        self.component_mut().form_mut()
    }
    /// The keymap layer while this popup is on top.
    pub fn layer(&self) -> Layer {
        self.component().layer()
    }
    /// What to draw.
    pub fn view(&self, app: &App) -> View<'_> {
        self.component().view(app)
    }
}

impl App {
    /// Open a popup over everything.
    pub fn open_popup(&mut self, popup: impl Into<Popup>) {
        let popup = popup.into();
        let note = popup.component().opening_note(self);
        self.popups.push(popup);
        if let Some(note) = note {
            self.info(note);
        }
    }

    /// Open the popup a constructor built, or say why it could not.
    pub(super) fn open_or_say<P: Into<Popup>>(&mut self, built: Result<P, StoreError>) {
        match built {
            Ok(p) => self.open_popup(p),
            Err(e) => self.error(&e),
        }
    }

    /// Give an action to the top popup and carry out what it answers.
    pub(super) fn update_popup(&mut self, action: Action) {
        let Some(mut top) = self.popups.pop() else {
            return;
        };
        // Taken off the stack while it answers, so it can read the whole
        // app; put back before anything it asked for is done.
        let outcome = top.component_mut().handle(&action, self);
        self.popups.push(top);
        self.follow(outcome);
    }

    /// Carry out what the top popup answered.
    pub(super) fn follow(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Ignored | Outcome::Consumed => {}
            Outcome::Close => self.close_top_popup(),
            Outcome::Push(p) => self.open_popup(p),
            Outcome::Run(command) => self.run_from_popup(command),
            Outcome::Refuse(e) => self.error(&e),
        }
    }

    /// Close the top popup; a log form's draft is saved first so it stays.
    pub(super) fn close_top_popup(&mut self) {
        self.flush_drafts();
        let kept = matches!(self.popups.last(), Some(Popup::Log(l)) if l.keeps_draft());
        self.popups.pop();
        if kept {
            self.info(self.i18n.t("status.draft_kept"));
        }
    }

    /// Save the top form again (a save held up by another program's lock).
    pub(super) fn save_top_popup(&mut self) {
        self.update_popup(Action::Save);
    }
}
