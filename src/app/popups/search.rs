//! Search every conversation's text (`F`): type, see the conversations
//! holding every word, newest first, and open one in full. The store
//! finds them (FTS5 trigram index, a scan for one- and two-character
//! words); the results follow each key.

use super::{Component, ConversationViewer, Outcome, View};
use crate::app::keymap::Layer;
use crate::app::{Action, App, TextEdit};
use crate::domain::text_search::TextHit;

/// How many conversations a search shows at most.
pub const SHOWN: usize = 50;

use crate::app::command::Command;

#[derive(Debug)]
pub struct SearchPopup {
    pub query: TextEdit,
    pub hits: Vec<TextHit>,
    pub selected: usize,
    /// The store could not search (shown in place of the results).
    pub problem: Option<String>,
    /// The words typed are being looked for (on a worker).
    pub searching: bool,
}

impl SearchPopup {
    pub fn open() -> SearchPopup {
        SearchPopup {
            query: TextEdit::new(false),
            hits: Vec::new(),
            selected: 0,
            problem: None,
            searching: false,
        }
    }

    /// Ask the worker for what the words now typed find.
    fn search(&mut self) -> Outcome {
        self.searching = true;
        Outcome::Run(Command::Search(self.query.value().to_string()))
    }

    /// The worker's answer for the words typed.
    pub fn show(&mut self, hits: Vec<TextHit>) {
        self.searching = false;
        self.selected = self.selected.min(hits.len().saturating_sub(1));
        self.hits = hits;
        self.problem = None;
    }

    /// The store could not search.
    pub fn fail(&mut self, problem: String) {
        self.searching = false;
        self.hits.clear();
        self.problem = Some(problem);
    }

    fn move_by(&mut self, delta: isize) {
        if self.hits.is_empty() {
            return;
        }
        let last = self.hits.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }
}

impl Component for SearchPopup {
    fn handle(&mut self, action: &Action, app: &App) -> Outcome {
        match action {
            Action::Edit(cmd) if self.query.apply(*cmd) => {
                self.selected = 0;
                self.search()
            }
            Action::Edit(_) => Outcome::Consumed,
            Action::Paste(s) => {
                self.query.paste(s);
                self.selected = 0;
                self.search()
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
    /// A write from the conversation opened from here (a retraction): a
    /// hit that is no longer found goes.
    fn reload(&mut self, app: &App) -> bool {
        self.hits.retain(|h| {
            app.store
                .conversation(h.conversation_id)
                .is_ok_and(|c| c.retracted.is_none())
        });
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
        true
    }
}
