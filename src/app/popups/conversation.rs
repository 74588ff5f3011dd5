//! One conversation in full, with every revision and retraction on
//! request: `e` revises it, `x` retracts it, `u` restores a retraction.

use super::{Component, LogPopup, Outcome, RetractPopup, View};
use crate::app::command::Command;
use crate::app::keymap::Layer;
use crate::app::{Action, App};
use crate::domain::history::Refusal;
use crate::domain::model::Conversation;
use crate::store::StoreError;

#[derive(Debug)]
pub struct ConversationViewer {
    pub conversation: Box<Conversation>,
    pub show_revisions: bool,
    pub scroll: u16,
}

impl ConversationViewer {
    pub fn open(app: &App, id: i64) -> Result<ConversationViewer, StoreError> {
        Ok(ConversationViewer {
            conversation: Box::new(app.store.conversation(id)?),
            show_revisions: false,
            scroll: 0,
        })
    }
}

/// Scrolling shared by the viewers; `true` when the action was a move.
pub fn scroll(scroll: &mut u16, action: &Action) -> bool {
    match action {
        Action::Down => *scroll = scroll.saturating_add(1),
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = scroll.saturating_add(10),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::Top => *scroll = 0,
        _ => return false,
    }
    true
}

impl Component for ConversationViewer {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        if scroll(&mut self.scroll, action) {
            return Outcome::Consumed;
        }
        let c = &self.conversation;
        match action {
            Action::Cancel | Action::Back => Outcome::Close,
            Action::ToggleRevisions => {
                self.show_revisions = !self.show_revisions;
                Outcome::Consumed
            }
            // Already retracted: refused at once, saying when and why.
            Action::Retract => match &c.retracted {
                Some(r) => Outcome::Refuse(StoreError::Refused(Refusal::AlreadyRetracted {
                    id: c.id,
                    reason: r.reason.clone(),
                    at: r.at,
                })),
                None => Outcome::Push(RetractPopup::open(c.id, c.account_id).into()),
            },
            Action::RestoreConversation => Outcome::Run(Command::RestoreConversation {
                id: c.id,
                account_id: c.account_id,
            }),
            Action::EditConversation => match LogPopup::revise(app, c.id) {
                Ok(p) => Outcome::Push(p.into()),
                Err(e) => Outcome::Refuse(e),
            },
            _ => Outcome::Ignored,
        }
    }
    fn layer(&self) -> Layer {
        Layer::Conversation
    }
    fn view(&self, _app: &App) -> View<'_> {
        View::Conversation(self)
    }
    /// A retraction or a revision made from here: show the text as it is
    /// now (the earlier text stays one key away).
    fn reload(&mut self, app: &App) -> bool {
        match app.store.conversation(self.conversation.id) {
            Ok(c) => {
                *self.conversation = c;
                true
            }
            Err(_) => false,
        }
    }
}
