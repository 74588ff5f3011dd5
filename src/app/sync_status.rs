//! What the operator sees of team sync: a short word in the top line
//! (synced 2 min ago, offline, N waiting to go, a conflict) and, once, what
//! two operators changed apart. The syncing itself runs on a worker with
//! its own connection (see `ui/syncer.rs`); what it takes in reaches the
//! screens like any other process's write, keeping the operator's place
//! and any open form.

use chrono::{DateTime, Utc};

use super::App;
use crate::store::replica::Conflict;
use crate::sync::run::Summary;

/// How often the waiting count is read again while idle.
const PENDING_EVERY_SECS: u64 = 2;

/// The sync as shown.
#[derive(Debug, Clone, Default)]
pub struct SyncStatus {
    /// A server is configured (nothing is shown otherwise).
    pub configured: bool,
    /// The last sync that went through.
    pub last_ok: Option<DateTime<Utc>>,
    /// The last attempt failed: the server could not be reached.
    pub offline: bool,
    /// The last attempt failed for another reason (in the status line).
    pub failed: bool,
    /// Events made here not yet on the server.
    pub pending: i64,
    /// Conflicts found by the last sync.
    pub conflicts: usize,
    /// When the waiting count was last read.
    pub pending_read: Option<std::time::Instant>,
    /// The operator asked for a sync now (reload, Ctrl-R).
    pub wanted: bool,
}

/// What the worker reports after each attempt.
#[derive(Debug)]
pub struct SyncReport {
    pub at: DateTime<Utc>,
    pub result: Result<Summary, SyncFailure>,
}

/// Why an attempt failed, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncFailure {
    /// The server could not be reached: offline is normal.
    Unreachable,
    /// Anything else, in the operator's language.
    Other(String),
}

impl App {
    /// The worker finished an attempt.
    pub fn receive_sync(&mut self, report: SyncReport) {
        let s = &mut self.sync;
        match report.result {
            Ok(summary) => {
                s.last_ok = Some(report.at);
                s.offline = false;
                s.failed = false;
                s.pending = summary.local_pending;
                s.conflicts = summary.conflicts;
            }
            Err(SyncFailure::Unreachable) => {
                s.offline = true;
                s.failed = false;
            }
            Err(SyncFailure::Other(text)) => {
                s.failed = true;
                s.offline = false;
                self.status = Some(super::Status { text, error: true });
            }
        }
        self.show_conflicts();
        self.needs_redraw = true;
    }

    /// Tell the operator, once, what two replicas changed apart.
    fn show_conflicts(&mut self) {
        let conflicts = match self.store.unseen_conflicts() {
            Ok(c) => c,
            Err(e) => return self.error(&e),
        };
        let Some(last) = conflicts.last().map(|c| c.id) else {
            return;
        };
        let mut lines: Vec<String> = conflicts
            .iter()
            .take(3)
            .map(|c| conflict_text(&self.i18n, c))
            .collect();
        if conflicts.len() > 3 {
            lines.push(self.i18n.f(
                "sync13.more_conflicts",
                &[("n", &(conflicts.len() - 3).to_string())],
            ));
        }
        self.status = Some(super::Status {
            text: lines.join("\n"),
            error: false,
        });
        if let Err(e) = self.store.mark_conflicts_seen(last) {
            self.error(&e);
        }
    }

    /// Read the count of events waiting to go, every few seconds.
    pub(super) fn sync_tick(&mut self, mono: std::time::Instant) {
        if !self.sync.configured {
            return;
        }
        let due = self
            .sync
            .pending_read
            .is_none_or(|t| mono.duration_since(t).as_secs() >= PENDING_EVERY_SECS);
        if !due {
            return;
        }
        self.sync.pending_read = Some(mono);
        if let Ok(st) = self.store.replica_state() {
            if st.local_pending() != self.sync.pending {
                self.sync.pending = st.local_pending();
                self.needs_redraw = true;
            }
        }
    }

    /// The word in the top line, when a server is configured; `short`
    /// when the tabs need the room (the state in a sign or two).
    pub fn sync_word(&self, short: bool) -> Option<String> {
        let s = &self.sync;
        if !s.configured {
            return None;
        }
        let i = &self.i18n;
        let mut parts = Vec::new();
        if s.offline {
            parts.push(i.t("sync13.offline"));
        } else if s.failed {
            parts.push(i.t("sync13.failed"));
        } else if short {
            let key = match s.last_ok {
                Some(_) => "sync13.short_ok",
                None => "sync13.short_never",
            };
            parts.push(i.t(key));
        } else {
            match s.last_ok {
                None => parts.push(i.t("sync13.never")),
                Some(at) => {
                    let mins = (self.now() - at).num_minutes().max(0);
                    parts.push(if mins == 0 {
                        i.t("sync13.just_now")
                    } else {
                        i.f("sync13.minutes_ago", &[("n", &mins.to_string())])
                    });
                }
            }
        }
        let (pending, conflicts) = match short {
            true => ("sync13.short_pending", "sync13.short_conflicts"),
            false => ("sync13.pending", "sync13.conflicts"),
        };
        if s.pending > 0 {
            parts.push(i.f(pending, &[("n", &s.pending.to_string())]));
        }
        if s.conflicts > 0 {
            parts.push(i.f(conflicts, &[("n", &s.conflicts.to_string())]));
        }
        Some(parts.join(if short { " " } else { " · " }))
    }
}

/// One conflict in a line: whose, which field, what was kept, where the
/// other value is.
pub fn conflict_text(i18n: &crate::i18n::I18n, c: &Conflict) -> String {
    let who = c.account_name.clone().unwrap_or_default();
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| i18n.t("sync13.empty"));
    if let Some(col) = c.field.strip_prefix("duplicate_") {
        return i18n.f(
            "sync13.duplicate",
            &[
                ("field", &field_label(i18n, col)),
                ("value", &value(&c.kept)),
                ("who", &who),
            ],
        );
    }
    i18n.f(
        "sync13.conflict",
        &[
            ("who", &who),
            ("field", &field_label(i18n, &c.field)),
            ("kept", &value(&c.kept)),
            ("other", &value(&c.other)),
        ],
    )
}

/// A shared field's name in the operator's language.
pub fn field_label(i18n: &crate::i18n::I18n, field: &str) -> String {
    i18n.t(&format!("sync13.field_{field}"))
}
