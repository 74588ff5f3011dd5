//! A bulk write (an import, the demo's generator) records its events set
//! by set at its end instead of row by row: the per-row triggers tripled
//! the cost of importing a million orders.
//!
//! While `sync_state.applying = 2` the `insert` triggers stay quiet, so
//! rows made in the bulk write have no UUID yet; updates of rows that
//! were there before are still sent one by one (their `set` triggers run),
//! and updates of the new rows are not (the new row's `insert` event,
//! made at the end, carries its final values). At the end, table by
//! table in the order they refer to each other, the new rows get UUIDs
//! and one `insert` event each, in the order they were made. That event
//! names its row (`{"t": table, "#": local id}`) and is written out in
//! full when it is sent (`full_payloads`): a million rows' worth of JSON
//! written twice made an import three times slower. What it sends is the
//! row as it is then; a later change of it is a `set` event of its own,
//! newer, so every replica ends with the same values either way; a `set`
//! event made during the bulk write that pointed at a new row (whose UUID
//! did not exist yet) is given that UUID. All in the bulk write's own
//! transaction: if it rolls back, so does all of this.

use rusqlite::Transaction;

use super::capture::{
    insert_payload, rebuild_search_text, search_marks, uuid_at, SearchMarks, UUID7, WALL,
};
use super::spec::Shared;
use super::spec::SHARED;
use crate::store::run;
use crate::store::Result;

/// Where the tables and the log stood when the bulk write began.
#[derive(Debug, Clone)]
pub(crate) struct BulkMarks {
    /// Each shared table's highest id, in `SHARED` order.
    ids: Vec<i64>,
    /// The last event's number.
    seq: i64,
    search: SearchMarks,
}

/// Begin a bulk write inside `tx`.
pub(crate) fn begin(tx: &Transaction<'_>) -> Result<BulkMarks> {
    let mut ids = Vec::with_capacity(SHARED.len());
    for t in SHARED {
        ids.push(tx.query_row(
            &format!("SELECT coalesce(max(id), 0) FROM {}", t.name),
            [],
            |r| r.get(0),
        )?);
    }
    let seq = tx.query_row("SELECT seq FROM sync_state", [], |r| r.get(0))?;
    let search = search_marks(tx)?;
    run(tx, "UPDATE sync_state SET applying = 2", [])?;
    Ok(BulkMarks { ids, seq, search })
}

/// End a bulk write: UUIDs and `insert` events for the rows it made.
pub(crate) fn end(tx: &Transaction<'_>, marks: &BulkMarks) -> Result<()> {
    for (t, &since) in SHARED.iter().zip(&marks.ids) {
        let n: i64 = tx.query_row(
            &format!("SELECT count(*) FROM {} WHERE id > ?1", t.name),
            [since],
            |r| r.get(0),
        )?;
        if n == 0 {
            continue;
        }
        // The clock moves on: the first new row's event at `hlc`.
        run(
            tx,
            &format!("UPDATE sync_state SET hlc = max({WALL}, hlc + 1)"),
            [],
        )?;
        // The new rows' places 1..n: their ids less the mark when they
        // follow each other without a gap (the usual case, and no sort of a
        // million rows in memory), else numbered in order.
        let last: i64 =
            tx.query_row(&format!("SELECT max(id) FROM {}", t.name), [], |r| r.get(0))?;
        let numbered = if last - since == n {
            format!(
                "(SELECT id, id - {since} AS k FROM {n} WHERE id > {since})",
                n = t.name
            )
        } else {
            format!(
                "(SELECT id, row_number() OVER (ORDER BY id) AS k FROM {n} WHERE id > {since})",
                n = t.name
            )
        };
        run(
            tx,
            &format!(
                "UPDATE {n} SET uuid = {at} FROM {numbered} AS k WHERE {n}.id = k.id",
                n = t.name,
                at = uuid_at("(SELECT hlc FROM sync_state) + k.k - 1"),
            ),
            [],
        )?;
        run(
            tx,
            &format!(
                "INSERT INTO sync_events (origin_seq, uuid, hlc, kind, payload) \
                 SELECT s.seq + k.k, {UUID7}, s.hlc + k.k - 1, 'insert', \
                        json_object('t', '{n}', '#', x.id) \
                   FROM sync_state s, {n} x JOIN {numbered} AS k ON x.id = k.id \
                  ORDER BY k.k",
                n = t.name,
            ),
            [],
        )?;
        run(
            tx,
            "UPDATE sync_state SET seq = seq + ?1, hlc = hlc + ?1 - 1",
            [n],
        )?;
    }
    // A `set` made during the bulk write that pointed at a row it made:
    // that row's UUID, now that it has one.
    for t in SHARED {
        for &(col, to) in t.refs.iter().filter(|(c, _)| t.mutable.contains(c)) {
            run(
                tx,
                &format!(
                    "UPDATE sync_events SET payload = json_set(payload, '$.v.{col}', \
                       (SELECT lower(hex(r.uuid)) FROM {n} x JOIN {to} r ON r.id = x.{col} \
                         WHERE x.uuid = unhex(json_extract(sync_events.payload, '$.u')))) \
                     WHERE origin_seq > ?1 AND kind = 'set' \
                       AND json_extract(payload, '$.t') = '{n}' \
                       AND json_type(payload, '$.v.{col}') = 'null'",
                    n = t.name
                ),
                [marks.seq],
            )?;
        }
    }
    rebuild_search_text(tx, marks.search)?;
    crate::store::key_blocks::rebuild_missing(tx)?;
    run(tx, "UPDATE sync_state SET applying = 0", [])?;
    Ok(())
}

/// Events as sent: an `insert` recorded by a bulk write names its row;
/// here it gets the row's payload, one query per table.
pub(crate) fn full_payloads(
    conn: &rusqlite::Connection,
    events: &mut [super::apply::SyncEvent],
) -> Result<()> {
    let mut wanted: Vec<(usize, &'static Shared, i64)> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if e.kind != "insert" || !e.payload.contains("\"#\"") {
            continue;
        }
        let Ok(p) = serde_json::from_str::<serde_json::Value>(&e.payload) else {
            continue;
        };
        let (Some(t), Some(id)) = (p["t"].as_str(), p["#"].as_i64()) else {
            continue;
        };
        if let Some(table) = SHARED.iter().find(|x| x.name == t) {
            wanted.push((i, table, id));
        }
    }
    for table in SHARED {
        let mine: Vec<&(usize, &Shared, i64)> = wanted
            .iter()
            .filter(|(_, t, _)| t.name == table.name)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut st = conn.prepare_cached(&format!(
            "SELECT {payload} FROM {n} x WHERE x.id = ?1",
            payload = insert_payload(table, "x"),
            n = table.name
        ))?;
        for &&(i, _, id) in &mine {
            events[i].payload = st.query_row([id], |r| r.get(0))?;
        }
    }
    Ok(())
}
