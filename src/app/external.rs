//! What other processes do to the file while the TUI is open: their writes
//! show up within about a second, and a write of ours that finds another
//! program holding the lock waits for it without freezing the screen.

use std::time::{Duration, Instant};

use super::{App, Popup, Screen};
use crate::domain::triage::TodayItem;

/// How often a write held up by another program is tried again.
pub const RETRY_EVERY: Duration = Duration::from_millis(500);

/// How long one write attempt waits for the lock before handing the
/// screen back (the key that started it must not freeze the display).
pub const WRITE_PATIENCE: Duration = Duration::from_millis(50);

/// A save that found the file locked by another program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitingToSave {
    pub since: Instant,
    pub last_try: Instant,
}

/// The identity of a Today item across reloads.
fn today_key(item: &TodayItem) -> (i64, i64) {
    match item {
        TodayItem::FollowUp { follow_up, .. } => (follow_up.account_id, follow_up.id),
        TodayItem::Quiet(q) => (q.account_id, 0),
        TodayItem::Deal { deal, .. } => (deal.account_id, -deal.id),
    }
}

impl App {
    /// Called from [`App::tick`]: when another connection committed since
    /// the last look, bring what is on screen up to date. The big lists
    /// are re-read in the background (`reload_wanted`); the queue and the
    /// open account are cheap and refreshed here, keeping the selection
    /// and every open form.
    pub(super) fn watch_external(&mut self) {
        let version = match self.store.data_version() {
            Ok(v) => v,
            // A transient read error: try again on the next tick.
            Err(_) => return,
        };
        match self.seen_data_version {
            Some(seen) if seen == version => return,
            None => {
                self.seen_data_version = Some(version);
                return;
            }
            Some(_) => self.seen_data_version = Some(version),
        }
        self.refresh_from_store();
    }

    /// Read what is on screen again now, the big lists on the background
    /// reader, and the reports' figures on their worker.
    fn refresh_from_store(&mut self) {
        self.reload_wanted = true;
        self.needs_redraw = true;
        self.reload_today_keeping_selection();
        self.agenda_changed();
        self.pipeline_changed();
        if self.screen == Screen::Account {
            if let Some(id) = self.account.as_ref().map(|v| v.account.id) {
                self.open_account(id);
            }
        }
    }

    /// `Ctrl-R`: everything again, as if another program had written.
    pub fn reload_everything(&mut self) {
        self.refresh_from_store();
        self.insight_changed();
        if self.sync.configured {
            // And what the team wrote: a sync now, not at the next interval.
            self.sync.wanted = true;
            self.info(self.i18n.t("sync13.reloaded_syncing"));
        } else {
            self.info(self.i18n.t("status.reloaded"));
        }
    }

    /// Reload the Today queue and put the cursor back on the same item
    /// when it is still there (another program's write may add rows above).
    pub fn reload_today_keeping_selection(&mut self) {
        let keep = self.today.list.current().map(today_key);
        let now = self.now();
        if let Err(e) = self.today.reload(&self.store, now, &self.quiet) {
            self.error(&e);
            return;
        }
        if let Some(key) = keep {
            if let Some(i) = self
                .today
                .list
                .items
                .iter()
                .position(|t| today_key(t) == key)
            {
                self.today.list.selected = i;
            }
        }
    }

    /// Start a background re-read of the big lists: what the event loop
    /// calls when it takes `reload_wanted`. Writes made meanwhile are
    /// re-applied when the lists arrive, as at start-up.
    pub fn begin_reload(&mut self) {
        self.reload_wanted = false;
        if self.loading.is_none() {
            self.loading = Some(Vec::new());
        }
    }

    /// A save hit another program's write lock: keep the form and what was
    /// typed (the draft too), say so, and try again from [`App::tick`].
    pub(super) fn wait_to_save(&mut self, mono: Instant) {
        let since = self.waiting_to_save.map_or(mono, |w| w.since);
        self.waiting_to_save = Some(WaitingToSave {
            since,
            last_try: mono,
        });
        self.info(self.i18n.t("status.waiting_for_lock").to_string());
    }

    /// Try the held-up save again when its turn comes. Gives up waiting
    /// when the form it belonged to is gone (closed with Esc).
    pub(super) fn retry_waiting_save(&mut self, mono: Instant) {
        let Some(w) = self.waiting_to_save else {
            return;
        };
        let form_open = self
            .popups
            .last()
            .is_some_and(|p| p.form().is_some() && !matches!(p, Popup::Confirm(_)));
        if !form_open {
            self.waiting_to_save = None;
            return;
        }
        if mono.duration_since(w.last_try) < RETRY_EVERY {
            return;
        }
        self.waiting_to_save = Some(WaitingToSave {
            since: w.since,
            last_try: mono,
        });
        self.save_top_popup();
        self.needs_redraw = true;
    }
}
