//! The filter line shared by the Accounts and Quiet lists: the text being
//! typed, what it means (statuses, tags, free text, or a problem) and the
//! state of Tab completion.

use super::text_edit::{EditCmd, TextEdit};
use super::{Action, App, Screen};
use crate::domain::account_query::{self, AccountQuery, QueryProblem, Vocabulary};
use crate::domain::model::Status;
use crate::i18n::I18n;

/// The words the filter accepts in this operator's language.
pub fn vocabulary(i18n: &I18n) -> Vocabulary {
    Vocabulary {
        status_labels: Status::ALL
            .iter()
            .map(|s| (*s, i18n.t(&format!("status.{s}"))))
            .collect(),
        tags: Vec::new(),
        ja: i18n.ja(),
    }
}

/// A filter-line problem in the operator's language.
pub fn problem_text(i18n: &I18n, p: &QueryProblem) -> String {
    match p {
        QueryProblem::UnknownStatus { word } => {
            let valid = Status::ALL
                .iter()
                .map(|s| i18n.t(&format!("status.{s}")))
                .collect::<Vec<_>>()
                .join(&i18n.t("filters11.list_separator"));
            i18n.f(
                p.key(),
                &[
                    ("word", &crate::domain::text::sanitize(word)),
                    ("valid", &valid),
                ],
            )
        }
    }
}

impl App {
    /// Whether the filter line of the current screen has the keyboard.
    pub fn filter_has_keys(&self) -> bool {
        match self.screen {
            Screen::Accounts => self.accounts.filtering,
            Screen::Quiet => self.quiet.filtering,
            _ => false,
        }
    }

    /// A key while a filter line (Accounts or Quiet) has the keyboard.
    pub(super) fn update_filter(&mut self, action: Action) {
        let quiet = self.screen == Screen::Quiet;
        let vocab = &self.accounts.vocab;
        let (filter, on) = match quiet {
            true => (&mut self.quiet.filter, &mut self.quiet.filtering),
            false => (&mut self.accounts.filter, &mut self.accounts.filtering),
        };
        let mut open = false;
        let mut moved = 0;
        let changed = match action {
            Action::Edit(cmd) => filter.apply(cmd),
            Action::Paste(s) => {
                filter.paste(&s);
                true
            }
            Action::Cancel | Action::Back => {
                *on = false;
                filter.set_value("");
                true
            }
            Action::Open => {
                *on = false;
                open = true;
                false
            }
            // Tab completes the last word; with nothing to complete it
            // keeps the filter and gives the keys back to the list.
            Action::NextField => {
                let done = filter.complete(vocab);
                *on &= done;
                done
            }
            Action::Save => {
                *on = false;
                false
            }
            Action::Up => {
                moved = -1;
                false
            }
            Action::Down => {
                moved = 1;
                false
            }
            _ => false,
        };
        if changed {
            match quiet {
                true => self.refilter_quiet(),
                false => self.accounts.refilter(),
            }
        }
        if moved != 0 {
            match quiet {
                true => self.quiet.list.move_by(moved),
                false => self.accounts.move_by(moved),
            }
        }
        if open {
            if let Some(id) = self.current_account_id() {
                self.open_account(id);
            }
        }
    }

    /// Apply the Quiet filter line to the quiet rows (status and tags as
    /// the accounts list knows them, the text by the same fuzzy match),
    /// keeping their order and, when still shown, the selected account.
    pub(super) fn refilter_quiet(&mut self) {
        let keep = self.quiet.list.current().map(|q| q.account_id);
        self.quiet.filter.parse(&self.accounts.vocab);
        let list = &mut self.quiet.list;
        list.shown = match self.quiet.filter.query() {
            Err(_) => Some(Vec::new()),
            Ok(q) if q.is_text_only() && q.text.is_empty() => None,
            Ok(q) => {
                let matched = (!q.text.is_empty()).then(|| self.accounts.matching_ids(&q.text));
                let accounts = &self.accounts;
                Some(
                    list.items
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| {
                            matched.as_ref().is_none_or(|m| m.contains(&r.account_id))
                                && accounts
                                    .row_by_id(r.account_id)
                                    .is_some_and(|a| q.admits(a.status, a.tags()))
                        })
                        .map(|(i, _)| i)
                        .collect(),
                )
            }
        };
        let at = keep.and_then(|id| list.visible().position(|q| q.account_id == id));
        list.selected = at.unwrap_or(0);
        if at.is_none() {
            list.offset = 0;
        }
    }
}

/// A typed filter line.
pub struct ListFilter {
    edit: TextEdit,
    parsed: Result<AccountQuery, QueryProblem>,
    /// The lines Tab offered last and which one is shown.
    completion: Option<(Vec<String>, usize)>,
}

impl Default for ListFilter {
    fn default() -> Self {
        ListFilter {
            edit: TextEdit::new(false),
            parsed: Ok(AccountQuery::default()),
            completion: None,
        }
    }
}

impl ListFilter {
    /// The line as typed.
    pub fn value(&self) -> &str {
        self.edit.value()
    }

    /// The line's editor (the ui draws its cursor).
    pub fn edit(&self) -> &TextEdit {
        &self.edit
    }

    /// Replace the line (the owner re-reads it with [`ListFilter::parse`]).
    pub fn set_value(&mut self, s: &str) {
        self.edit.set_value(s);
    }

    /// Apply an edit; true when the text changed.
    pub fn apply(&mut self, cmd: EditCmd) -> bool {
        self.edit.apply(cmd)
    }

    /// Paste text into the line.
    pub fn paste(&mut self, s: &str) {
        self.edit.paste(s);
    }

    /// Read the line again with these words.
    pub fn parse(&mut self, vocab: &Vocabulary) {
        self.parsed = account_query::parse(self.edit.value().trim(), vocab);
    }

    /// What the line asks for, or what is wrong with it.
    pub fn query(&self) -> Result<&AccountQuery, &QueryProblem> {
        self.parsed.as_ref()
    }

    /// The free-text part (what the names are highlighted by).
    pub fn text(&self) -> &str {
        self.parsed.as_ref().map(|q| q.text.as_str()).unwrap_or("")
    }

    /// Tab: complete the last token, or show the next completion when the
    /// line is still the one Tab put there. False when nothing completes.
    pub fn complete(&mut self, vocab: &Vocabulary) -> bool {
        if let Some((options, at)) = self.completion.as_mut() {
            if options.get(*at).map(String::as_str) == Some(self.edit.value()) {
                *at = (*at + 1) % options.len();
                let next = options[*at].clone();
                self.edit.set_value(&next);
                return true;
            }
        }
        let options = account_query::complete(self.edit.value(), vocab);
        let Some(first) = options.first().cloned() else {
            self.completion = None;
            return false;
        };
        self.edit.set_value(&first);
        self.completion = Some((options, 0));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Status;

    #[test]
    fn repeated_tab_cycles_and_typing_starts_afresh() {
        let vocab = Vocabulary {
            status_labels: Status::ALL.iter().map(|s| (*s, s.to_string())).collect(),
            tags: vec!["VIP".into(), "Vegan".into()],
            ja: false,
        };
        let mut f = ListFilter::default();
        f.set_value("tag:V");
        assert!(f.complete(&vocab));
        assert_eq!(f.value(), "tag:VIP");
        assert!(f.complete(&vocab));
        assert_eq!(f.value(), "tag:Vegan");
        assert!(f.complete(&vocab));
        assert_eq!(f.value(), "tag:VIP");
        f.apply(EditCmd::Insert(' '));
        f.apply(EditCmd::Insert('s'));
        assert!(f.complete(&vocab));
        assert_eq!(f.value(), "tag:VIP status:");
        f.parse(&vocab);
        assert_eq!(f.query().unwrap().tags, ["VIP"]);
        f.set_value("zzz");
        assert!(!f.complete(&vocab));
    }
}

#[cfg(test)]
#[path = "list_filter_tests.rs"]
mod app_tests;
