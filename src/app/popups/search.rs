//! Search every conversation's text (`F`): type, see the conversations
//! holding every word, newest first, and open one in full. The store
//! finds them (FTS5 trigram index, a scan for one- and two-character
//! words); the results follow each key.

use super::{Component, ConversationViewer, Outcome, View};
use crate::app::keymap::Layer;
use crate::app::{Action, App, TextEdit};
use crate::domain::text_search::TextHit;
use crate::store::StoreError;

/// How many conversations a search shows at most.
pub const SHOWN: usize = 50;

#[derive(Debug)]
pub struct SearchPopup {
    pub query: TextEdit,
    pub hits: Vec<TextHit>,
    pub selected: usize,
    /// The store could not search (shown in place of the results).
    pub problem: Option<String>,
}

impl SearchPopup {
    pub fn open() -> SearchPopup {
        SearchPopup {
            query: TextEdit::new(false),
            hits: Vec::new(),
            selected: 0,
            problem: None,
        }
    }

    fn search(&mut self, app: &App) {
        self.selected = 0;
        match app.store.search_conversations(self.query.value(), SHOWN) {
            Ok(hits) => {
                self.hits = hits;
                self.problem = None;
            }
            Err(e) => {
                self.hits.clear();
                self.problem = Some(describe(app, &e));
            }
        }
    }

    fn move_by(&mut self, delta: isize) {
        if self.hits.is_empty() {
            return;
        }
        let last = self.hits.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }
}

fn describe(app: &App, e: &StoreError) -> String {
    crate::messages::describe(&app.i18n, e, Some(app.store.path()), &app.clock.zone())
}

impl Component for SearchPopup {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        match action {
            Action::Edit(cmd) => {
                if self.query.apply(*cmd) {
                    self.search(app);
                }
                Outcome::Consumed
            }
            Action::Paste(s) => {
                self.query.paste(s);
                self.search(app);
                Outcome::Consumed
            }
            Action::Down => {
                self.move_by(1);
                Outcome::Consumed
            }
            Action::Up => {
                self.move_by(-1);
                Outcome::Consumed
            }
            Action::PageDown => {
                self.move_by(10);
                Outcome::Consumed
            }
            Action::PageUp => {
                self.move_by(-10);
                Outcome::Consumed
            }
            Action::Open => match self.hits.get(self.selected) {
                Some(hit) => match ConversationViewer::open(app, hit.conversation_id) {
                    Ok(v) => Outcome::Push(v.into()),
                    Err(e) => Outcome::Refuse(e),
                },
                None => Outcome::Consumed,
            },
            Action::Cancel | Action::Back => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
    fn layer(&self) -> Layer {
        Layer::Search
    }
    fn view(&self, _app: &App) -> View<'_> {
        View::Search(self)
    }
    /// A write from the conversation opened from here: search again.
    fn reload(&mut self, app: &App) -> bool {
        let selected = self.selected;
        self.search(app);
        self.selected = selected.min(self.hits.len().saturating_sub(1));
        true
    }
}
