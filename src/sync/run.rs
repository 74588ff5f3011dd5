//! One sync: push what is new here, pull what is new there, take it in.
//!
//! Safe to stop at any moment: a push is idempotent on the server (an
//! event already there is not inserted again) and this file remembers
//! how far its own events are known to be there only after the server
//! has them; each batch pulled is taken in with the heads that say how
//! far, in one transaction. Each origin's events are taken in as one
//! unbroken run (a push of the same origin still committing leaves a gap,
//! and the rest waits for the next sync), so nothing is ever skipped.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::store::replica::SyncEvent;
use crate::store::{Store, StoreError};

use super::ServerError;

/// Events sent to the server per statement, and asked for per query.
pub const PUSH_BATCH: usize = 5_000;
pub const PULL_BATCH: usize = 10_000;

/// What a sync needs of the server.
pub trait Remote {
    /// The identity of the shared book the server holds.
    fn book(&mut self) -> Result<String, ServerError>;
    /// Insert the events it does not have yet; how many were new.
    fn push(&mut self, events: &[SyncEvent]) -> Result<usize, ServerError>;
    /// Each origin's highest sequence number on the server.
    fn heads(&mut self) -> Result<HashMap<[u8; 16], i64>, ServerError>;
    /// `origin`'s events above `above`, in order, at most `limit`.
    fn pull(
        &mut self,
        origin: [u8; 16],
        above: i64,
        limit: usize,
    ) -> Result<Vec<SyncEvent>, ServerError>;
    /// How many events the server holds.
    fn count(&mut self) -> Result<i64, ServerError>;
}

/// Why a sync stopped. Whatever was taken in before stays; the rest is
/// still pending and goes with the next sync.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0:?}")]
    Remote(#[from] ServerError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// This file synced with another book before.
    #[error("this file belongs to book {ours}, the server holds book {theirs}")]
    OtherBook { ours: String, theirs: String },
    /// The server holds other events under this file's origin and
    /// numbers: the file is a copy of another replica's (or an old backup
    /// put back), and its new events would be lost.
    #[error("this file is a copy of another replica's")]
    Copied,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub pushed: usize,
    pub pulled: usize,
    pub conflicts: usize,
    /// Events the server holds, after this sync.
    pub server_events: i64,
    /// Events made here not yet on the server (0 after a full sync).
    pub local_pending: i64,
    /// Events taken in that wait for rows not yet on the server.
    pub waiting: i64,
}

/// Sync `store` with `remote` once, at `now`.
pub fn sync_once(
    store: &mut Store,
    remote: &mut dyn Remote,
    now: DateTime<Utc>,
) -> Result<Summary, SyncError> {
    let book = remote.book()?;
    let state = store.replica_state()?;
    if let Some(ours) = &state.book {
        if *ours != book {
            return Err(SyncError::OtherBook {
                ours: ours.clone(),
                theirs: book,
            });
        }
    }
    let heads = remote.heads()?;
    // The server has more of this file's own events than the file: a
    // backup put back (or a copy of an older state). Its next events would
    // take numbers already used; refused before anything is sent.
    if heads.get(&state.origin).copied().unwrap_or(0) > state.seq {
        return Err(SyncError::Copied);
    }
    let mut summary = Summary {
        pushed: push(store, remote, state.origin, state.pushed)?,
        ..Summary::default()
    };
    let local = store.sync_heads()?;
    let mut origins: Vec<_> = heads.into_iter().collect();
    origins.sort();
    for (origin, head) in origins {
        if origin == state.origin {
            continue;
        }
        let mut have = local.get(&origin).copied().unwrap_or(0);
        while have < head {
            let batch = remote.pull(origin, have, PULL_BATCH)?;
            let run: Vec<SyncEvent> = batch
                .into_iter()
                .zip(have + 1..)
                .take_while(|(e, want)| e.origin_seq == *want && e.origin == origin)
                .map(|(e, _)| e)
                .collect();
            let Some(last) = run.last().map(|e| e.origin_seq) else {
                break;
            };
            let taken = store.take_in(&run)?;
            summary.pulled += run.len();
            summary.conflicts += taken.conflicts;
            have = last;
        }
    }
    store.note_synced(&book, now)?;
    let after = store.replica_state()?;
    summary.local_pending = after.local_pending();
    summary.waiting = after.waiting;
    summary.server_events = remote.count()?;
    Ok(summary)
}

/// Send this file's events the server lacks; how many were new there.
fn push(
    store: &mut Store,
    remote: &mut dyn Remote,
    origin: [u8; 16],
    pushed: i64,
) -> Result<usize, SyncError> {
    let mut after = pushed;
    let mut new = 0;
    loop {
        let batch = store.own_events(after, PUSH_BATCH)?;
        let Some(last) = batch.last().map(|e| e.origin_seq) else {
            return Ok(new);
        };
        let inserted = remote.push(&batch)?;
        if inserted < batch.len() {
            // Some were there already: a retry after an interruption, or
            // another file with this origin. The server's must be ours.
            let theirs = remote.pull(origin, after, batch.len())?;
            let same = theirs.len() >= batch.len()
                && theirs.iter().zip(&batch).all(|(t, o)| t.uuid == o.uuid);
            if !same {
                return Err(SyncError::Copied);
            }
        }
        new += inserted;
        store.mark_pushed(last)?;
        after = last;
    }
}

impl SyncError {
    /// The error in the operator's language. What the server or the
    /// network said is English text of their own: added in English only.
    pub fn message(
        &self,
        i18n: &crate::i18n::I18n,
        zone: &dyn crate::domain::zone::Zone,
    ) -> String {
        match self {
            SyncError::Remote(e) => format!("{} {}", e.message(i18n), i18n.t("sync13.kept")),
            SyncError::Store(StoreError::Invalid {
                field: "sync",
                message,
            }) => {
                if message.starts_with("sync13.") {
                    i18n.t(message)
                } else {
                    // What is wrong with the event is for whoever runs
                    // the server: in English only, beside our words.
                    let detail = match i18n.ja() {
                        true => String::new(),
                        false => format!(" ({message})"),
                    };
                    i18n.f("sync13.bad_event", &[("detail", &detail)])
                }
            }
            SyncError::Store(e) => crate::messages::describe(i18n, e, None, zone),
            SyncError::OtherBook { .. } => i18n.t("sync13.other_book"),
            SyncError::Copied => i18n.t("sync13.copied"),
        }
    }

    /// The server could not be reached (offline: exit 1, all pending).
    pub fn unreachable(&self) -> bool {
        matches!(self, SyncError::Remote(ServerError::Unreachable { .. }))
    }
}

/// `sync --new-replica`: this file is a copy of another replica's. Its
/// events that the server holds under its origin are that replica's; the
/// rest become a new replica's, then it syncs as usual.
pub fn sync_as_new_replica(
    store: &mut Store,
    remote: &mut dyn Remote,
    now: DateTime<Utc>,
) -> Result<Summary, SyncError> {
    let origin = store.replica_state()?.origin;
    let mut shared = 0;
    loop {
        let ours = store.own_events(shared, PULL_BATCH)?;
        let theirs = remote.pull(origin, shared, ours.len().max(1))?;
        let same = ours
            .iter()
            .zip(&theirs)
            .take_while(|(o, t)| o.uuid == t.uuid && o.origin_seq == t.origin_seq)
            .count();
        shared += same as i64;
        if same < ours.len() || ours.is_empty() {
            break;
        }
    }
    store.become_new_replica(shared)?;
    sync_once(store, remote, now)
}
