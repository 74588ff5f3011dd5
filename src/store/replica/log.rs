//! This replica's side of a sync, as the store offers it: its own events
//! not yet on the server, how far each other replica's have been taken
//! in, taking a batch in, and what the operator should be told.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::apply::{take_in, SyncEvent, TakenIn};
use crate::store::run;
use crate::store::{parse_ts, ts, Result, Store};

/// The page cache while a batch is taken in (KiB).
const TAKE_IN_CACHE_KIB: i64 = 64 * 1024;

/// Where this replica stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaState {
    pub origin: [u8; 16],
    /// Its events so far, and how many of them are on the server.
    pub seq: i64,
    pub pushed: i64,
    /// Events taken in that wait for rows not yet arrived.
    pub waiting: i64,
    /// The server's book this file has synced with.
    pub book: Option<String>,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Conflicts the operator has not seen yet.
    pub unseen_conflicts: i64,
}

impl ReplicaState {
    /// Events made here and not yet on the server.
    pub fn local_pending(&self) -> i64 {
        self.seq - self.pushed
    }
}

/// Two replicas changed one field apart: which value was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: i64,
    pub table: String,
    /// The row's local id, and its account's name when it has one.
    pub row: Option<i64>,
    pub account_name: Option<String>,
    pub field: String,
    pub kept: Option<String>,
    pub other: Option<String>,
}

impl Store {
    /// Where this replica stands.
    pub fn replica_state(&self) -> Result<ReplicaState> {
        let (origin, seq, pushed, book, last): (Vec<u8>, i64, i64, Option<String>, Option<String>) =
            self.conn.query_row(
                "SELECT origin, seq, pushed, book, last_sync_at FROM sync_state",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
        let waiting = self
            .conn
            .query_row("SELECT count(*) FROM sync_pending", [], |r| r.get(0))?;
        let unseen_conflicts = self.conn.query_row(
            "SELECT count(*) FROM sync_conflicts WHERE seen = 0",
            [],
            |r| r.get(0),
        )?;
        let mut o = [0u8; 16];
        o.copy_from_slice(&origin[..16.min(origin.len())]);
        Ok(ReplicaState {
            origin: o,
            seq,
            pushed,
            waiting,
            book,
            last_sync_at: last.map(|s| parse_ts(0, &s)).transpose()?,
            unseen_conflicts,
        })
    }

    /// This replica's events after `after` (its origin_seq), at most
    /// `limit`, in order.
    pub fn own_events(&self, after: i64, limit: usize) -> Result<Vec<SyncEvent>> {
        let origin = self.replica_state()?.origin;
        let mut st = self.conn.prepare_cached(
            "SELECT origin_seq, uuid, hlc, kind, payload FROM sync_events \
             WHERE origin_seq > ?1 ORDER BY origin_seq LIMIT ?2",
        )?;
        let rows = st.query_map(params![after, limit as i64], |r| {
            Ok(SyncEvent {
                origin_seq: r.get(0)?,
                uuid: r.get(1)?,
                origin,
                hlc: r.get(2)?,
                kind: r.get(3)?,
                payload: r.get(4)?,
            })
        })?;
        let mut events: Vec<SyncEvent> = rows.collect::<rusqlite::Result<_>>()?;
        super::bulk::full_payloads(&self.conn, &mut events)?;
        Ok(events)
    }

    /// The server has this replica's events up to `through`.
    pub fn mark_pushed(&mut self, through: i64) -> Result<()> {
        self.write(|tx| {
            run(
                tx,
                "UPDATE sync_state SET pushed = max(pushed, min(?1, seq))",
                [through],
            )?;
            Ok(())
        })
    }

    /// How far each other replica's events have been taken in.
    pub fn sync_heads(&self) -> Result<HashMap<[u8; 16], i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT origin, seq FROM sync_heads")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, [u8; 16]>(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Take in a batch of other replicas' events (each origin's in
    /// order, continuing from its head) in one transaction.
    pub fn take_in(&mut self, events: &[SyncEvent]) -> Result<TakenIn> {
        // A batch touches rows all over a big file: a larger page cache
        // while it is taken in, so its dirty pages are not spilled to the
        // log halfway (and the usual one again after).
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{TAKE_IN_CACHE_KIB}"))?;
        let taken = self.write(|tx| take_in(tx, events));
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
        let taken = taken?;
        // The book's currency may have arrived.
        self.reread_currency()?;
        Ok(taken)
    }

    /// A sync with `book` finished at `now`.
    pub fn note_synced(&mut self, book: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            run(
                tx,
                "UPDATE sync_state SET book = ?1, last_sync_at = ?2",
                params![book, ts(now)],
            )?;
            Ok(())
        })
    }

    /// Conflicts the operator has not seen, oldest first.
    pub fn unseen_conflicts(&self) -> Result<Vec<Conflict>> {
        let mut st = self.conn.prepare(
            "SELECT id, table_name, row_uuid, field, kept, other FROM sync_conflicts \
             WHERE seen = 0 ORDER BY id",
        )?;
        type Row = (i64, String, Vec<u8>, String, Option<String>, Option<String>);
        let rows: Vec<Row> = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (id, table, uuid, field, kept, other) in rows {
            let row: Option<i64> = match super::spec::shared(&table) {
                Some(t) => self
                    .conn
                    .query_row(
                        &format!("SELECT id FROM {} WHERE uuid = ?1", t.name),
                        [&uuid],
                        |r| r.get(0),
                    )
                    .optional()?,
                None => None,
            };
            let account_name = match (table.as_str(), row) {
                ("accounts", Some(id)) => self
                    .conn
                    .query_row("SELECT name FROM accounts WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?,
                (t, Some(id)) if super::spec::shared(t).and_then(|s| s.refers("account_id")).is_some() => self
                    .conn
                    .query_row(
                        &format!("SELECT a.name FROM accounts a JOIN {t} x ON x.account_id = a.id WHERE x.id = ?1"),
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?,
                _ => None,
            };
            out.push(Conflict {
                id,
                table,
                row,
                account_name,
                field,
                kept,
                other,
            });
        }
        Ok(out)
    }

    /// The operator has seen conflicts up to `id`.
    pub fn mark_conflicts_seen(&mut self, through: i64) -> Result<()> {
        self.write(|tx| {
            run(
                tx,
                "UPDATE sync_conflicts SET seen = 1 WHERE id <= ?1",
                [through],
            )?;
            Ok(())
        })
    }
}

impl Store {
    /// Every shared row as it stands, as its `insert` event would carry
    /// it now (references as UUIDs), by table then UUID, with the
    /// account facts worked out here: replicas holding the same book give
    /// the same list, whatever their local ids.
    pub fn shared_rows(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for t in super::spec::SHARED {
            let derived: Vec<String> = t.derived.iter().map(|c| format!("'{c}', x.{c}")).collect();
            let derived = if derived.is_empty() {
                "NULL".to_string()
            } else {
                format!("json_object({})", derived.join(", "))
            };
            let sql = format!(
                "SELECT json_array({}, {derived}) FROM {} x ORDER BY x.uuid",
                super::capture::insert_payload(t, "x"),
                t.name
            );
            let mut st = self.conn.prepare(&sql)?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            for r in rows {
                out.push(r?);
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Make this file a replica of its own: it was copied from another
    /// (or put back from an old backup), and only its events up to
    /// `shared_through` are the other's, on the server already. Those are
    /// taken as the other replica's; the rest become this replica's,
    /// numbered from 1 under a new origin, still to be sent.
    pub fn become_new_replica(&mut self, shared_through: i64) -> Result<()> {
        self.write(|tx| {
            let old: Vec<u8> = tx.query_row("SELECT origin FROM sync_state", [], |r| r.get(0))?;
            run(
                tx,
                "INSERT INTO sync_heads (origin, seq) VALUES (?1, ?2) \
                 ON CONFLICT (origin) DO UPDATE SET seq = max(seq, excluded.seq)",
                params![old, shared_through],
            )?;
            run(
                tx,
                "DELETE FROM sync_events WHERE origin_seq <= ?1",
                [shared_through],
            )?;
            // Through negative numbers: no two rows ever share one.
            run(
                tx,
                "UPDATE sync_events SET origin_seq = -(origin_seq - ?1)",
                [shared_through],
            )?;
            run(tx, "UPDATE sync_events SET origin_seq = -origin_seq", [])?;
            run(
                tx,
                &format!(
                    "UPDATE sync_state SET origin = {}, pushed = 0, \
                     seq = (SELECT coalesce(max(origin_seq), 0) FROM sync_events)",
                    super::capture::UUID7
                ),
                [],
            )?;
            Ok(())
        })
    }
}
