//! Application state and `update(Action)`. Knows nothing of the terminal:
//! keys arrive as typed actions, text editing as [`EditCmd`]s.

mod account_view;
mod accounts;
mod action;
mod agenda;
mod archived;
mod command;
mod external;
pub mod form;
mod help;
mod insight;
mod jobs;
pub mod keymap;
mod list_filter;
mod pipeline;
mod pointer;
pub mod popups;
mod screen_update;
mod sync_status;
pub mod text_edit;
mod triage;

use chrono::{DateTime, Utc};

pub use account_view::AccountView;
pub use accounts::{AccountsState, Sort};
pub use action::{Action, Screen};
pub use agenda::{agenda_rows, AgendaRow, AgendaState};
pub use command::{Command, LastUndo};
pub use external::{WaitingToSave, RETRY_EVERY, WRITE_PATIENCE};
pub use insight::*;
pub use jobs::{ImportDone, ImportJob, SearchDone, SearchJob};
pub use list_filter::{problem_text, ListFilter};
pub use pipeline::PipelineState;
pub use popups::{Outcome, Popup};
pub use sync_status::{conflict_text, field_label, SyncFailure, SyncReport, SyncStatus};
pub use text_edit::{EditCmd, TextEdit};
pub use triage::{Listed, Loaded, QuietState, TodayState};

use crate::clock::Clock;
use crate::i18n::I18n;
use crate::store::{Store, StoreError};

/// Seconds between full reloads of every list while the app is open.
pub const FULL_REFRESH_SECS: u64 = 300;

/// Seconds between draft saves while typing (the issue allows "a few").
pub const DRAFT_EVERY_SECS: i64 = 2;

/// A line at the bottom: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// The whole application state.
pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub i18n: I18n,
    pub screen: Screen,
    pub accounts: AccountsState,
    pub account: Option<AccountView>,
    pub today: TodayState,
    pub quiet: QuietState,
    pub insight: InsightState,
    pub agenda: AgendaState,
    pub pipeline: PipelineState,
    /// Where Esc on the Account screen goes back to.
    pub came_from: Screen,
    /// While the big lists are read in the background: the accounts
    /// written to meanwhile (refreshed again when the lists arrive).
    pub loading: Option<Vec<i64>>,
    /// When everything was last reloaded (days pass while the app is open).
    pub last_full_refresh: Option<std::time::Instant>,
    pub config: crate::config::Config,
    /// The key bindings, compiled once from the defaults and `[keys]`.
    pub keymap: keymap::Keymap,
    pub popups: Vec<Popup>,
    /// An import waiting for the event loop to hand it to a worker.
    pub import_job: Option<ImportJob>,
    /// An import is running on a worker.
    pub importing: bool,
    /// What `u` reverses.
    pub last_undo: Option<LastUndo>,
    /// A search waiting for the event loop to hand it to its worker.
    pub search_job: Option<SearchJob>,
    pub status: Option<Status>,
    pub help: bool,
    /// The first line of help shown (it scrolls on a short screen).
    pub help_scroll: usize,
    pub quit: bool,
    /// Rows of the main list area at the last resize (for page moves).
    pub page_rows: usize,
    /// The file's change counter when last looked at: another process
    /// committing moves it (see `external.rs`).
    pub seen_data_version: Option<i64>,
    /// Another process wrote: the big lists should be re-read in the
    /// background (the event loop takes this).
    pub reload_wanted: bool,
    /// A save that is waiting for another program's write to finish.
    pub waiting_to_save: Option<WaitingToSave>,
    /// Something changed outside a key press (another process wrote, a
    /// held-up save went through): the event loop redraws.
    pub needs_redraw: bool,
    /// Team sync, as shown (see `sync_status.rs`).
    pub sync: SyncStatus,
}

impl App {
    /// Load the lists with default settings.
    pub fn new(store: Store, clock: Clock, i18n: I18n) -> Result<App, StoreError> {
        App::with_config(store, clock, i18n, crate::config::Config::default())
    }

    /// Load the accounts list, the Quiet list and the Today queue; open on
    /// Today when anything is due, else on Accounts.
    pub fn with_config(
        store: Store,
        clock: Clock,
        i18n: I18n,
        config: crate::config::Config,
    ) -> Result<App, StoreError> {
        let mut app = App::start(store, clock, i18n, config)?;
        let loaded = Loaded::read(&app.store, app.now(), app.config.default_interval_days)?;
        app.receive(loaded);
        Ok(app)
    }

    /// Open with only what the first frame needs (the due follow-ups and
    /// their counts); the big lists arrive later through [`App::receive`],
    /// read on another connection, so a 100k-account file opens at once.
    pub fn start(
        store: Store,
        clock: Clock,
        i18n: I18n,
        config: crate::config::Config,
    ) -> Result<App, StoreError> {
        let mut store = store;
        store.set_zone(clock.zone());
        store.set_pipeline(config.pipeline());
        let quiet = QuietState {
            list: Listed::new(Vec::new()),
            filter: ListFilter::default(),
            filtering: false,
        };
        // Taken before anything is read: a commit by another process from
        // here on is noticed, however soon it comes.
        let seen_data_version = Some(store.data_version()?);
        let today = TodayState::load(&store, clock.now(), &quiet)?;
        // The day starts on the queue when anything is due.
        let screen = if today.anything_due() {
            Screen::Today
        } else {
            Screen::Accounts
        };
        let (keymap, key_problems) = keymap::Keymap::compile(&config.keys);
        // A bad override is left out and said at start, like any config
        // problem.
        let status = (!key_problems.is_empty()).then(|| Status {
            text: key_problems
                .iter()
                .map(|p| p.message(&i18n))
                .collect::<Vec<_>>()
                .join(" "),
            error: true,
        });
        let mut accounts = AccountsState::new(Vec::new());
        accounts.vocab = list_filter::vocabulary(&i18n);
        let sync_configured = config.sync.is_some();
        Ok(App {
            keymap,
            store,
            clock,
            i18n,
            screen,
            accounts,
            account: None,
            today,
            quiet,
            insight: InsightState::default(),
            agenda: AgendaState::default(),
            pipeline: PipelineState::default(),
            came_from: Screen::Accounts,
            import_job: None,
            importing: false,
            last_undo: None,
            search_job: None,
            last_full_refresh: None,
            loading: Some(Vec::new()),
            config,
            popups: Vec::new(),
            status,
            help: false,
            help_scroll: 0,
            quit: false,
            page_rows: 10,
            seen_data_version,
            reload_wanted: false,
            waiting_to_save: None,
            needs_redraw: false,
            sync: SyncStatus {
                configured: sync_configured,
                ..SyncStatus::default()
            },
        })
    }

    /// Take the lists read in the background; accounts written to since
    /// the read began are brought up to date again.
    pub fn receive(&mut self, loaded: Loaded) {
        let touched = self.loading.take().unwrap_or_default();
        self.set_account_rows(loaded.accounts, Some(loaded.keys));
        let keep = self.quiet.list.current().map(|q| q.account_id);
        self.quiet.list.replace(loaded.quiet);
        if let Some(i) = keep.and_then(|id| {
            self.quiet
                .list
                .items
                .iter()
                .position(|q| q.account_id == id)
        }) {
            self.quiet.list.selected = i;
        }
        self.reload_today_keeping_selection();
        for id in touched {
            self.refresh_account(id);
        }
        self.after_quiet_change();
        self.insight_changed();
        self.keep_in_view();
    }

    /// Still waiting for the big lists.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// How dates are written for this operator (language + config).
    pub fn date_format(&self) -> crate::domain::dates::DateFormat {
        crate::domain::dates::DateFormat {
            ja: self.i18n.ja(),
            era: self.config.era,
            iso: self.config.date_style == crate::config::DateStyle::Iso,
        }
    }

    /// Today in the operator's calendar.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.local_now().date()
    }

    /// The instant now, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Show an informational message.
    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    /// Show an error message (never a panic, never a half-written record).
    pub fn error(&mut self, e: &StoreError) {
        let text = match e {
            StoreError::Invalid { field, message } => {
                format!(
                    "{}: {}",
                    self.i18n.t(&format!("field.{field}")),
                    self.i18n.t(message)
                )
            }
            other => {
                // A damaged file: stop writing through this store at once
                // (what is typed stays in the form), and say what to do.
                if other.is_damaged() {
                    self.store.stop_writes();
                }
                let path = self.store.path().to_path_buf();
                crate::messages::describe(&self.i18n, other, Some(&path), &self.clock.zone())
            }
        };
        self.status = Some(Status { text, error: true });
    }

    /// Reload the accounts list (and the open account) after a write.
    pub fn refresh(&mut self) {
        match self.store.account_list() {
            Ok(rows) => self.set_account_rows(rows, None),
            Err(e) => self.error(&e),
        }
        let now = self.now();
        if let Err(e) = self
            .quiet
            .reload(&self.store, now, self.config.default_interval_days)
        {
            self.error(&e);
        }
        if let Err(e) = self.today.reload(&self.store, now, &self.quiet) {
            self.error(&e);
        }
        self.after_quiet_change();
        self.insight_changed();
        self.agenda_changed();
        self.pipeline_changed();
        if self.screen == Screen::Account {
            if let Some(id) = self.account.as_ref().map(|v| v.account.id) {
                self.open_account(id);
            }
        }
    }

    /// After a write to one account: update just that account in every
    /// list (the full reload costs hundreds of milliseconds at 100k).
    pub fn refresh_account(&mut self, id: i64) {
        if let Some(touched) = self.loading.as_mut() {
            touched.push(id);
        }
        let now = self.now();
        let days = self.config.default_interval_days;
        let result = (|| -> Result<(), StoreError> {
            self.refresh_account_row(id)?;
            self.quiet.refresh_account(&self.store, now, days, id)?;
            self.today.refresh_account(&self.store, now, &self.quiet)
        })();
        if let Err(e) = result {
            self.error(&e);
        }
        self.after_quiet_change();
        self.insight_changed();
        self.agenda_changed();
        self.pipeline_changed();
        if self.screen == Screen::Account
            && self.account.as_ref().is_some_and(|v| v.account.id == id)
        {
            self.open_account(id);
        }
    }

    /// Show one account's screen.
    pub fn open_account(&mut self, id: i64) {
        let same = self.account.as_ref().filter(|v| v.account.id == id);
        let keep = same.map(|v| v.selected);
        let find = same.and_then(|v| v.find.clone());
        match AccountView::load(&self.store, id, self.now()) {
            Ok(mut v) => {
                if let Some(sel) = keep {
                    v.selected = sel.min(v.timeline.len().saturating_sub(1));
                }
                v.keep_find(find);
                self.account = Some(v);
                if self.screen != Screen::Account {
                    self.came_from = self.screen;
                }
                self.screen = Screen::Account;
            }
            Err(e) => self.error(&e),
        }
    }

    /// An account's name from what is loaded (render never queries).
    pub fn account_name(&self, id: i64) -> String {
        if let Some(v) = self.account.as_ref().filter(|v| v.account.id == id) {
            return v.account.name.clone();
        }
        self.accounts
            .row_by_id(id)
            .map(|r| r.name.to_string())
            .unwrap_or_default()
    }

    /// The account the current screen is about (selected or open).
    pub fn current_account_id(&self) -> Option<i64> {
        match self.screen {
            Screen::Account => self.account.as_ref().map(|v| v.account.id),
            Screen::Accounts => self.accounts.selected_id(),
            Screen::Today => self.today.list.current().map(|i| i.account_id()),
            Screen::Quiet => self.quiet.list.current().map(|q| q.account_id),
            Screen::Reports => self.reports_account_id(),
            Screen::Agenda => self.agenda.current().and_then(|r| r.account_id()),
            Screen::Pipeline => self.pipeline.current().map(|d| d.account_id),
        }
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        // Quitting wins everywhere (help, forms, viewers): what is being
        // typed is kept as a draft first.
        if action == Action::Quit {
            self.flush_drafts();
            self.quit = true;
            return;
        }

        // A message is for its moment: on a screen it goes with the next
        // key (which may say something new); one said while a popup was
        // open goes when the popup closes without a word ("Schedule the
        // next one (Esc to skip)", then Esc). Errors stay.
        let is_info = |app: &App| app.status.as_ref().is_some_and(|s| !s.error);
        let had_popup = !self.popups.is_empty();
        if !had_popup && is_info(self) {
            self.status = None;
        }
        let before = self.status.clone();
        self.handle(action);
        self.keep_in_view();
        if had_popup && self.popups.is_empty() && self.status == before && is_info(self) {
            self.status = None;
        }
    }

    fn handle(&mut self, action: Action) {
        if matches!(action, Action::ToggleHelp) {
            self.help = !self.help;
            self.help_scroll = 0;
            return;
        }
        if self.help {
            // It scrolls; any other key closes it, never acting underneath.
            self.update_help(&action);
            return;
        }
        if let Action::Select(i) = action {
            self.select_row(i);
            return;
        }
        if !self.popups.is_empty() {
            self.update_popup(action);
            return;
        }
        if self.filter_has_keys() {
            self.update_filter(action);
            return;
        }
        if self.screen == Screen::Account && self.finding() {
            self.update_find(action);
            return;
        }
        self.update_screen(action);
    }

    /// Called by the event loop between keys: saves a draft of the open
    /// log form when it changed and the last save is a few seconds old.
    /// `mono` is a monotonic instant: the throttle must advance even when
    /// `SALESBENCH_NOW` pins the wall clock.
    pub fn tick(&mut self, mono: std::time::Instant) {
        self.watch_external();
        self.insight_tick(mono);
        self.retry_waiting_save(mono);
        self.sync_tick(mono);
        self.keep_in_view();
        // Quietness moves with the calendar: re-rank everything every few
        // minutes while idle, not on every key.
        match self.last_full_refresh {
            None => self.last_full_refresh = Some(mono),
            Some(t) if mono.duration_since(t).as_secs() >= FULL_REFRESH_SECS => {
                // Re-read in the background, like after another
                // process's write: hundreds of ms at 100k accounts.
                self.reload_wanted = true;
                self.last_full_refresh = Some(mono);
            }
            _ => {}
        }
        let now = self.now();
        let due = self.popups.iter().rev().find_map(|p| match p {
            Popup::Log(l) if l.needs_save(mono) => Some(l.draft()),
            _ => None,
        });
        if let Some(d) = due {
            match self.store.save_draft(&d, now) {
                // Another program is writing: the draft stays dirty and is
                // saved on a later tick.
                Err(e) if e.is_busy() => {}
                Ok(()) => {
                    for p in self.popups.iter_mut() {
                        if let Popup::Log(l) = p {
                            l.saved(mono);
                        }
                    }
                }
                Err(e) => self.error(&e),
            }
        }
    }

    /// Save any pending draft right away (on quit, close, suspend).
    pub fn flush_drafts(&mut self) {
        let now = self.now();
        let pending: Vec<_> = self
            .popups
            .iter()
            .filter_map(|p| match p {
                Popup::Log(l) if l.dirty => Some(l.draft()),
                _ => None,
            })
            .collect();
        for d in pending {
            if let Err(e) = self.store.save_draft(&d, now) {
                self.error(&e);
            }
        }
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
