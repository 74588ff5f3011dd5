//! The TUI's background sync: a thread with its own connection to the
//! file syncs with the team's server every `interval_seconds`, and once
//! at start. What it takes in is another writer's change to the screens
//! (they re-read it, keeping the operator's place and any open form);
//! each attempt's outcome comes back as a `SyncReport` for the top line.
//! The operator never waits on the server: offline is a word on screen.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use crate::app::{SyncFailure, SyncReport};
use crate::clock::Clock;
use crate::i18n::I18n;
use crate::store::Store;
use crate::sync::run::{sync_once, SyncError};
use crate::sync::server::PgRemote;

/// How long the worker waits for the UI's own write before its batch goes
/// in: the UI's writes are short, and retried on its side.
const WRITE_WAIT: Duration = Duration::from_secs(30);

pub struct Syncer {
    reports: Receiver<SyncReport>,
    /// Dropping it ends the worker; sending asks for a sync now.
    wake: Sender<()>,
    /// An attempt is under way.
    pub busy: bool,
    /// When the last attempt ended.
    last: Option<std::time::Instant>,
}

/// After a write here, how soon it goes to the team (when online).
const SOON: Duration = Duration::from_secs(5);

impl Syncer {
    /// Start syncing `path` with `url` every `interval`.
    pub fn spawn(
        path: std::path::PathBuf,
        url: String,
        interval: Duration,
        clock: Clock,
        i18n: I18n,
    ) -> Syncer {
        let (tx, reports) = mpsc::channel();
        let (wake, woken) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            let mut store: Option<Store> = None;
            loop {
                let result = attempt(&mut store, &path, &url, clock, &i18n);
                let report = SyncReport {
                    at: clock.now(),
                    result,
                };
                if tx.send(report).is_err() {
                    return;
                }
                match woken.recv_timeout(interval) {
                    Ok(()) | Err(RecvTimeoutError::Timeout) => {
                        // Several "now"s while busy make one more sync.
                        while woken.try_recv().is_ok() {}
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
        Syncer {
            reports,
            wake,
            busy: true,
            last: None,
        }
    }

    /// Ask for a sync now (after the current one, if one runs).
    pub fn now(&mut self) {
        if self.wake.send(()).is_ok() {
            self.busy = true;
        }
    }

    /// The outcomes of finished attempts.
    pub fn reports(&mut self) -> Vec<SyncReport> {
        let out: Vec<SyncReport> = self.reports.try_iter().collect();
        if !out.is_empty() {
            self.busy = false;
            self.last = Some(std::time::Instant::now());
        }
        out
    }

    /// Something written here waits to go and the server answered last
    /// time: send it soon rather than at the next interval.
    pub fn nudge(&mut self, status: &crate::app::SyncStatus) {
        let online = !status.offline && !status.failed;
        let rested = self.last.is_some_and(|t| t.elapsed() >= SOON);
        if status.pending > 0 && online && !self.busy && rested {
            self.now();
        }
    }
}

fn attempt(
    store: &mut Option<Store>,
    path: &std::path::Path,
    url: &str,
    clock: Clock,
    i18n: &I18n,
) -> Result<crate::sync::run::Summary, SyncFailure> {
    let zone = clock.zone();
    if store.is_none() {
        let s = Store::open(path).map_err(|e| {
            SyncFailure::Other(crate::messages::describe(i18n, &e, Some(path), &zone))
        })?;
        let _ = s.set_busy_patience(WRITE_WAIT);
        *store = Some(s);
    }
    let s = store.as_mut().expect("opened above");
    let failure = |e: SyncError| {
        if e.unreachable() {
            SyncFailure::Unreachable
        } else {
            SyncFailure::Other(e.message(i18n, &zone))
        }
    };
    let mut remote = PgRemote::connect(url).map_err(|e| failure(SyncError::Remote(e)))?;
    sync_once(s, &mut remote, clock.now()).map_err(failure)
}
