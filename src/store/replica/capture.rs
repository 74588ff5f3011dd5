//! The event log, written by the database itself: triggers on every
//! shared table append an event to `sync_events` in the same transaction
//! as the write — a row made (`insert`, with every column sent) or
//! fields changed in place (`set`, with the clock each field had, so a
//! replica can tell a sequential edit from two made apart). The clock is
//! a hybrid logical clock, `(unix millis << 12) | counter`, never going
//! back. Rows get their UUID (v7) the moment they are made, from the
//! clock: its milliseconds, and its counter in the 12 bits RFC 9562 sets
//! aside for one (method 1), so a replica's rows are in the order it
//! made them and everyone's in clock order. Where rows of one kind follow
//! each other (revisions of a conversation, touches on the same
//! second), that order is by UUID: the same on every replica, and
//! the order of writing on each. Nothing
//! shared can be deleted, and a fixed column cannot change: the database
//! refuses both.
//!
//! The book's currency travels too (a `setting` event): amounts are
//! counted in it, so a replica in another currency cannot take them in.
//!
//! While a replica applies events from others (`sync_state.applying`),
//! the triggers stay quiet: those events are the others' to send.

use rusqlite::Transaction;

use super::spec::{Shared, SHARED};
use crate::store::run;
use crate::store::Result;

/// A UUID v7 as 16 bytes, made in SQL: 48 bits of unix milliseconds,
/// the version and variant bits, the rest random.
pub(crate) const UUID7: &str = "unhex(printf('%012x%04x%04x%012x', \
     CAST(unixepoch('subsec') * 1000 AS INTEGER), 0x7000 | (random() & 0xfff), \
     0x8000 | (random() & 0x3fff), random() & 0xffffffffffff))";

/// A UUID v7 carrying the clock value `h`: its milliseconds, its counter,
/// the version and variant bits, the rest random.
pub(crate) fn uuid_at(h: &str) -> String {
    format!(
        "unhex(printf('%012x%04x%04x%012x', ({h}) >> 12, 0x7000 | (({h}) & 0xfff), \
         0x8000 | (random() & 0x3fff), random() & 0xffffffffffff))"
    )
}

/// The clock's value now, from the wall clock alone.
pub(crate) const WALL: &str = "(CAST(unixepoch('subsec') * 1000 AS INTEGER) << 12)";

/// Advance the clock and the sequence for one event of this replica.
const TICK: &str = "UPDATE sync_state SET seq = seq + 1, \
     hlc = max(CAST(unixepoch('subsec') * 1000 AS INTEGER) << 12, hlc + 1);";

/// The tables of the log and the merge.
const TABLES: &str = "
CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    origin        BLOB NOT NULL,           -- this replica
    seq           INTEGER NOT NULL,        -- its last event's origin_seq
    hlc           INTEGER NOT NULL,        -- the clock
    applying      INTEGER NOT NULL DEFAULT 0,
    pushed        INTEGER NOT NULL DEFAULT 0,  -- its events up to here are on the server
    book          TEXT,                    -- the server's book id, once synced
    last_sync_at  TEXT
);
-- This replica's own events, in order.
CREATE TABLE sync_events (
    origin_seq  INTEGER PRIMARY KEY,
    uuid        BLOB NOT NULL,
    hlc         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL
);
-- How far each other replica's events have been taken in.
CREATE TABLE sync_heads (
    origin  BLOB PRIMARY KEY,
    seq     INTEGER NOT NULL
) WITHOUT ROWID;
-- Events taken in whose rows they refer to have not arrived yet.
CREATE TABLE sync_pending (
    origin      BLOB NOT NULL,
    origin_seq  INTEGER NOT NULL,
    uuid        BLOB NOT NULL,
    hlc         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    PRIMARY KEY (origin, origin_seq)
) WITHOUT ROWID;
-- The clock of the write each field's value came from (absent: the
-- value the row was made with).
CREATE TABLE sync_clocks (
    uuid    BLOB NOT NULL,
    field   TEXT NOT NULL,
    hlc     INTEGER NOT NULL,
    origin  BLOB NOT NULL,
    PRIMARY KEY (uuid, field)
) WITHOUT ROWID;
-- Two operators changed the same field apart: what was kept and what is
-- in the history, until the operator has seen it.
CREATE TABLE sync_conflicts (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    row_uuid    BLOB NOT NULL,
    field       TEXT NOT NULL,
    kept        TEXT,
    other       TEXT,
    seen        INTEGER NOT NULL DEFAULT 0
);
";

/// The search index keeps a conversation's latest text: latest by UUID,
/// as everywhere (a revision from another replica may arrive after a
/// newer one). A row just made here has no UUID yet while the index's
/// trigger runs: it is the newest.
///
/// While events are taken in or a bulk write runs (`applying` not 0),
/// new conversations and revisions leave the index alone and it is
/// brought up to date once at the end (`rebuild_search_text`): FTS5
/// writes its pending terms out at every statement of a transaction that
/// has touched it, which halved the speed of taking a book in.
const SEARCH_TEXT_BY_UUID: &str = "
DROP TRIGGER IF EXISTS conversation_text_on_log;
CREATE TRIGGER conversation_text_on_log AFTER INSERT ON conversations
WHEN new.retracted_at IS NULL AND (SELECT applying FROM sync_state) = 0
BEGIN
    INSERT INTO conversation_text (rowid, summary, body, outcome)
    VALUES (new.id, new.summary, new.body, new.outcome);
END;
DROP TRIGGER IF EXISTS conversation_text_on_revision;
CREATE TRIGGER conversation_text_on_revision AFTER INSERT ON conversation_revisions
WHEN (SELECT applying FROM sync_state) = 0
BEGIN
    DELETE FROM conversation_text WHERE rowid = new.conversation_id;
    INSERT INTO conversation_text (rowid, summary, body, outcome)
    SELECT c.id, r.summary, r.body, r.outcome
      FROM conversations c
      JOIN conversation_revisions r ON r.id = (
           SELECT id FROM conversation_revisions WHERE conversation_id = new.conversation_id
            ORDER BY uuid IS NULL DESC, uuid DESC, id DESC LIMIT 1)
     WHERE c.id = new.conversation_id AND c.retracted_at IS NULL;
END;
DROP TRIGGER IF EXISTS conversation_text_on_retraction;
CREATE TRIGGER conversation_text_on_retraction AFTER UPDATE OF retracted_at ON conversations
BEGIN
    DELETE FROM conversation_text WHERE rowid = new.id;
    INSERT INTO conversation_text (rowid, summary, body, outcome)
    SELECT new.id, coalesce(r.summary, new.summary), coalesce(r.body, new.body),
           CASE WHEN r.id IS NULL THEN new.outcome ELSE r.outcome END
      FROM (SELECT 1) LEFT JOIN (SELECT id, summary, body, outcome FROM conversation_revisions
                                  WHERE conversation_id = new.id
                                  ORDER BY uuid IS NULL DESC, uuid DESC, id DESC LIMIT 1) r
     WHERE new.retracted_at IS NULL;
END;
";

/// The schema, the triggers, UUIDs for every existing row and an event
/// for each (so a file that already holds a book joins the team's).
pub(crate) fn install(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(TABLES)?;
    run(
        tx,
        &format!("INSERT INTO sync_state (id, origin, seq, hlc) VALUES (1, {UUID7}, 0, {WALL})"),
        [],
    )?;
    // Existing rows: UUIDs in the order they were made, a clock tick each.
    for t in SHARED {
        tx.execute_batch(&format!(
            "ALTER TABLE {n} ADD COLUMN uuid BLOB;
             UPDATE {n} SET uuid = {at};
             UPDATE sync_state SET hlc = hlc + 1 + (SELECT coalesce(max(id), 0) FROM {n});
             CREATE UNIQUE INDEX {n}_by_uuid ON {n} (uuid);",
            n = t.name,
            at = uuid_at("(SELECT hlc FROM sync_state) + id"),
        ))?;
    }
    // The book's currency first: every amount after it is counted in it.
    run(
        tx,
        &format!(
            "INSERT INTO sync_events (origin_seq, uuid, hlc, kind, payload) \
             SELECT 1, {UUID7}, s.hlc + 1, 'setting', json_object('k', x.key, 'v', x.value) \
               FROM sync_state s, settings x WHERE x.key = 'currency'"
        ),
        [],
    )?;
    run(
        tx,
        "UPDATE sync_state SET seq = (SELECT coalesce(max(origin_seq), 0) FROM sync_events)",
        [],
    )?;
    // Existing rows: one `insert` event each, tables in order; the
    // clock counts on from the moment of the migration.
    for t in SHARED {
        run(
            tx,
            &format!(
                "INSERT INTO sync_events (origin_seq, uuid, hlc, kind, payload) \
                 SELECT s.seq + row_number() OVER (ORDER BY x.id), {UUID7}, \
                        s.hlc + s.seq + row_number() OVER (ORDER BY x.id), 'insert', {payload} \
                   FROM sync_state s, {n} x",
                payload = insert_payload(t, "x"),
                n = t.name
            ),
            [],
        )?;
        run(
            tx,
            "UPDATE sync_state SET seq = (SELECT coalesce(max(origin_seq), 0) FROM sync_events)",
            [],
        )?;
    }
    run(tx, "UPDATE sync_state SET hlc = hlc + seq", [])?;
    for t in SHARED {
        tx.execute_batch(&triggers(t))?;
    }
    tx.execute_batch(SEARCH_TEXT_BY_UUID)?;
    tx.execute_batch(&settings_trigger())?;
    Ok(())
}

/// Migration 0012: the triggers as `triggers` and `settings_trigger`
/// make them now (a bulk write's updates of rows it did not make are
/// still sent one by one; see `bulk.rs`), and the search index's newest
/// revision among several made in one bulk write.
pub(crate) fn retrigger(tx: &Transaction<'_>) -> Result<()> {
    for t in SHARED {
        for kind in ["made", "kept", "uuid", "fixed", "set"] {
            tx.execute_batch(&format!("DROP TRIGGER IF EXISTS sync_{}_{kind};", t.name))?;
        }
        tx.execute_batch(&triggers(t))?;
    }
    tx.execute_batch("DROP TRIGGER IF EXISTS sync_settings_made;")?;
    tx.execute_batch(&settings_trigger())?;
    tx.execute_batch(SEARCH_TEXT_BY_UUID)?;
    Ok(())
}

/// The book's currency, when first recorded: an event of its own.
fn settings_trigger() -> String {
    format!(
        "CREATE TRIGGER sync_settings_made AFTER INSERT ON settings
         WHEN new.key = 'currency' AND (SELECT applying FROM sync_state) IN (0, 2)
         BEGIN
             {TICK}
             INSERT INTO sync_events (origin_seq, uuid, hlc, kind, payload)
             SELECT s.seq, {UUID7}, s.hlc, 'setting', json_object('k', new.key, 'v', new.value)
               FROM sync_state s;
         END;"
    )
}

/// A row's `insert` payload: its table, its UUID, every sent column
/// (references as the referred row's UUID), the row read as `x`.
pub(crate) fn insert_payload(t: &Shared, x: &str) -> String {
    let values: Vec<String> = t
        .sent()
        .map(|c| format!("'{c}', {}", value(t, x, c)))
        .collect();
    format!(
        "json_object('t', '{n}', 'u', lower(hex({x}.uuid)), 'v', json_object({v}))",
        n = t.name,
        v = values.join(", ")
    )
}

/// Column `c` of the row `x` as sent: a reference as a UUID.
fn value(t: &Shared, x: &str, c: &str) -> String {
    match t.refers(c) {
        Some(to) => format!("(SELECT lower(hex(r.uuid)) FROM {to} r WHERE r.id = {x}.{c})"),
        None => format!("{x}.{c}"),
    }
}

/// The triggers of one shared table.
fn triggers(t: &Shared) -> String {
    let n = t.name;
    let mut sql = format!(
        "CREATE TRIGGER sync_{n}_made AFTER INSERT ON {n}
         WHEN (SELECT applying FROM sync_state) = 0
         BEGIN
             {TICK}
             UPDATE {n} SET uuid = {at} WHERE id = new.id AND uuid IS NULL;
             INSERT INTO sync_events (origin_seq, uuid, hlc, kind, payload)
             SELECT s.seq, {UUID7}, s.hlc, 'insert', {payload}
               FROM sync_state s, {n} x WHERE x.id = new.id;
         END;
         CREATE TRIGGER sync_{n}_kept BEFORE DELETE ON {n}
         BEGIN
             SELECT RAISE(ABORT, 'salesbench: {n} rows are never deleted');
         END;
         CREATE TRIGGER sync_{n}_uuid BEFORE UPDATE OF uuid ON {n}
         WHEN old.uuid IS NOT NULL AND old.uuid IS NOT new.uuid
         BEGIN
             SELECT RAISE(ABORT, 'salesbench: a row''s uuid never changes');
         END;
",
        payload = insert_payload(t, "x"),
        at = uuid_at("(SELECT hlc FROM sync_state)"),
    );
    if !t.fixed.is_empty() {
        let changed: Vec<String> = t
            .fixed
            .iter()
            .map(|c| format!("old.{c} IS NOT new.{c}"))
            .collect();
        sql.push_str(&format!(
            "CREATE TRIGGER sync_{n}_fixed BEFORE UPDATE OF {cols} ON {n}
             WHEN {changed}
             BEGIN
                 SELECT RAISE(ABORT, 'salesbench: a fixed column of {n} cannot change');
             END;
",
            cols = t.fixed.join(", "),
            changed = changed.join(" OR ")
        ));
    }
    if !t.mutable.is_empty() {
        let changed: Vec<String> = t
            .mutable
            .iter()
            .map(|c| format!("old.{c} IS NOT new.{c}"))
            .collect();
        // Every field with its new value, those this update left alone
        // taken out again (a path that is not there removes nothing): one
        // expression, not a query per field.
        let all: Vec<String> = t
            .mutable
            .iter()
            .map(|c| format!("'{c}', {}", value(t, "new", c)))
            .collect();
        let unchanged: Vec<String> = t
            .mutable
            .iter()
            .map(|c| format!("CASE WHEN old.{c} IS NOT new.{c} THEN '$.__' ELSE '$.{c}' END"))
            .collect();
        let fields = format!(
            "json_remove(json_object({}), {})",
            all.join(", "),
            unchanged.join(", ")
        );
        let which: Vec<String> = t
            .mutable
            .iter()
            .map(|c| format!("WHEN '{c}' THEN old.{c} IS NOT new.{c}"))
            .collect();
        sql.push_str(&format!(
            "CREATE TRIGGER sync_{n}_set AFTER UPDATE OF {cols} ON {n}
             WHEN (SELECT applying FROM sync_state) IN (0, 2) AND new.uuid IS NOT NULL
                  AND ({changed})
             BEGIN
                 {TICK}
                 INSERT INTO sync_events (origin_seq, uuid, hlc, kind, payload)
                 SELECT s.seq, {UUID7}, s.hlc, 'set', json_object(
                     't', '{n}', 'u', lower(hex(new.uuid)),
                     'v', json({fields}),
                     'p', (SELECT json_group_object(c.field,
                                  json_array(c.hlc, lower(hex(c.origin))))
                             FROM sync_clocks c
                            WHERE c.uuid = new.uuid AND CASE c.field {which} ELSE 0 END))
                   FROM sync_state s;
                 INSERT OR REPLACE INTO sync_clocks (uuid, field, hlc, origin)
                 SELECT new.uuid, j.key, s.hlc, s.origin
                   FROM sync_state s, sync_events e, json_each(e.payload, '$.v') j
                  WHERE e.origin_seq = s.seq;
             END;
",
            cols = t.mutable.join(", "),
            changed = changed.join(" OR "),
            which = which.join(" "),
        ));
    }
    sql
}

/// Where the conversations and their revisions stood before events were
/// taken in or a bulk write began.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchMarks {
    conversations: i64,
    revisions: i64,
}

pub(crate) fn search_marks(tx: &Transaction<'_>) -> Result<SearchMarks> {
    Ok(tx.query_row(
        "SELECT (SELECT coalesce(max(id), 0) FROM conversations), \
                (SELECT coalesce(max(id), 0) FROM conversation_revisions)",
        [],
        |r| {
            Ok(SearchMarks {
                conversations: r.get(0)?,
                revisions: r.get(1)?,
            })
        },
    )?)
}

/// The search index's text of every conversation made or revised since
/// `marks`, as the triggers would have written it, in one go.
pub(crate) fn rebuild_search_text(tx: &Transaction<'_>, marks: SearchMarks) -> Result<()> {
    const TOUCHED: &str = "SELECT id FROM conversations WHERE id > ?1 \
         UNION SELECT conversation_id FROM conversation_revisions WHERE id > ?2";
    // (A conversation made in the batch can be in the index already: a
    // restore taken in after it wrote its text.)
    run(
        tx,
        &format!("DELETE FROM conversation_text WHERE rowid IN ({TOUCHED})"),
        [marks.conversations, marks.revisions],
    )?;
    run(
        tx,
        &format!(
            "INSERT INTO conversation_text (rowid, summary, body, outcome) \
             SELECT c.id, coalesce(r.summary, c.summary), coalesce(r.body, c.body), \
                    CASE WHEN r.id IS NULL THEN c.outcome ELSE r.outcome END \
               FROM conversations c \
               LEFT JOIN conversation_revisions r ON r.id = ( \
                    SELECT id FROM conversation_revisions WHERE conversation_id = c.id \
                     ORDER BY uuid IS NULL DESC, uuid DESC, id DESC LIMIT 1) \
              WHERE c.id IN ({TOUCHED}) AND c.retracted_at IS NULL"
        ),
        [marks.conversations, marks.revisions],
    )?;
    Ok(())
}
