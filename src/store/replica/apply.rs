//! Taking in other replicas' events: rows made elsewhere are added (a
//! union: a row already here is left alone), fields changed elsewhere
//! are merged one by one — the write with the later clock wins, ties
//! broken by origin, so every replica ends with the same value whatever
//! the order events arrive in. The losing value is not dropped: it is in
//! the change history its own replica recorded (a fact like any other),
//! and when two replicas changed the same field without either having
//! seen the other's change, the operator is told once.
//!
//! An event about a row that has not arrived yet waits in `sync_pending`
//! and is tried again after every batch.

use std::collections::{BTreeSet, HashMap};

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{Map, Value as Json};

use super::spec::{shared, Shared};
use crate::store::run;
use crate::store::{Result, StoreError};

/// An event from another replica, as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncEvent {
    pub uuid: [u8; 16],
    pub origin: [u8; 16],
    pub origin_seq: i64,
    pub hlc: i64,
    pub kind: String,
    pub payload: String,
}

/// What taking in a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TakenIn {
    /// Events applied now (including earlier ones that were waiting).
    pub applied: usize,
    /// Events still waiting for the rows they refer to.
    pub pending: usize,
    /// Fields two replicas changed apart, found in this batch.
    pub conflicts: usize,
    /// Local ids of the accounts whose rows changed.
    pub accounts: BTreeSet<i64>,
}

/// Why one event could not be applied yet, or at all.
enum Outcome {
    Applied(Option<i64>),
    /// A row it refers to has not arrived.
    Waiting,
}

/// Fields that follow from others (when a row was closed, by which
/// conversation, when it last changed): merged like the rest, but two
/// replicas setting them apart is no news to the operator.
const QUIET: &[&str] = &[
    "updated_at",
    "closed_at",
    "conversation_id",
    "stage_entered_at",
    "revised_at",
];

/// Columns that are unique within a book: the same customer code made on
/// two replicas, or the same plan name.
const UNIQUE: &[(&str, &str)] = &[("accounts", "code"), ("plans", "name")];

/// A clock: (hlc, origin), compared in that order.
type Clock = (i64, Vec<u8>);

/// Apply `events` (each origin's in sequence order, continuing where its
/// head stands) inside `tx`, then retry what waits.
pub(crate) fn take_in(tx: &Transaction<'_>, events: &[SyncEvent]) -> Result<TakenIn> {
    let own: Vec<u8> = tx.query_row("SELECT origin FROM sync_state", [], |r| r.get(0))?;
    let search = super::capture::search_marks(tx)?;
    run(tx, "UPDATE sync_state SET applying = 1", [])?;
    let mut out = TakenIn::default();
    let mut heads: HashMap<[u8; 16], i64> = HashMap::new();
    let mut order: Vec<&SyncEvent> = events.iter().collect();
    order.sort_by_key(|e| (e.hlc, e.origin));
    let mut latest = 0;
    for e in order {
        if e.origin.as_slice() == own.as_slice() {
            continue;
        }
        let head = match heads.get(&e.origin) {
            Some(h) => *h,
            None => head_of(tx, &e.origin)?,
        };
        if e.origin_seq <= head {
            continue;
        }
        if e.origin_seq != head + 1 {
            return Err(StoreError::Invalid {
                field: "sync",
                message: format!(
                    "events of origin {} skip from {head} to {}",
                    hex(&e.origin),
                    e.origin_seq
                ),
            });
        }
        heads.insert(e.origin, e.origin_seq);
        latest = latest.max(e.hlc);
        match apply_one(tx, e, &mut out)? {
            Outcome::Applied(account) => {
                out.applied += 1;
                out.accounts.extend(account);
            }
            Outcome::Waiting => {
                run(tx,
                    "INSERT OR IGNORE INTO sync_pending (origin, origin_seq, uuid, hlc, kind, payload) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![e.origin, e.origin_seq, e.uuid, e.hlc, e.kind, e.payload],
                )?;
            }
        }
    }
    for (origin, seq) in &heads {
        run(
            tx,
            "INSERT INTO sync_heads (origin, seq) VALUES (?1, ?2) \
             ON CONFLICT (origin) DO UPDATE SET seq = excluded.seq",
            params![origin, seq],
        )?;
    }
    retry_pending(tx, &mut out)?;
    super::capture::rebuild_search_text(tx, search)?;
    crate::store::key_blocks::rebuild_missing(tx)?;
    // The clock never falls behind what it has seen (the HLC rule).
    run(
        tx,
        "UPDATE sync_state SET hlc = max(hlc, ?1), applying = 0",
        [latest],
    )?;
    for &account in &out.accounts {
        refresh_account(tx, account)?;
    }
    Ok(out)
}

/// How far `origin`'s events have been taken in.
pub(crate) fn head_of(tx: &Transaction<'_>, origin: &[u8; 16]) -> Result<i64> {
    Ok(tx
        .query_row(
            "SELECT seq FROM sync_heads WHERE origin = ?1",
            [origin.as_slice()],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Try the waiting events again, oldest clock first, until none moves.
fn retry_pending(tx: &Transaction<'_>, out: &mut TakenIn) -> Result<()> {
    loop {
        let waiting: Vec<SyncEvent> = tx
            .prepare("SELECT uuid, origin, origin_seq, hlc, kind, payload FROM sync_pending ORDER BY hlc, origin")?
            .query_map([], |r| {
                Ok(SyncEvent {
                    uuid: r.get(0)?,
                    origin: r.get(1)?,
                    origin_seq: r.get(2)?,
                    hlc: r.get(3)?,
                    kind: r.get(4)?,
                    payload: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut moved = false;
        for e in &waiting {
            if let Outcome::Applied(account) = apply_one(tx, e, out)? {
                run(
                    tx,
                    "DELETE FROM sync_pending WHERE origin = ?1 AND origin_seq = ?2",
                    params![e.origin, e.origin_seq],
                )?;
                out.applied += 1;
                out.accounts.extend(account);
                moved = true;
            }
        }
        if !moved {
            out.pending = waiting.len();
            return Ok(());
        }
    }
}

fn bad(e: &SyncEvent, why: &str) -> StoreError {
    StoreError::Invalid {
        field: "sync",
        message: format!("event {} of origin {}: {why}", e.origin_seq, hex(&e.origin)),
    }
}

fn apply_one(tx: &Transaction<'_>, e: &SyncEvent, out: &mut TakenIn) -> Result<Outcome> {
    let p: Json = serde_json::from_str(&e.payload).map_err(|_| bad(e, "payload is not JSON"))?;
    if e.kind == "setting" {
        return setting(tx, &p, e);
    }
    let table = p["t"]
        .as_str()
        .and_then(shared)
        .ok_or_else(|| bad(e, "unknown table"))?;
    let uuid = p["u"]
        .as_str()
        .and_then(unhex)
        .ok_or_else(|| bad(e, "bad uuid"))?;
    let empty = Map::new();
    let values = p["v"].as_object().unwrap_or(&empty);
    match e.kind.as_str() {
        "insert" => insert(tx, table, uuid, values, e),
        "set" => {
            let prev = p["p"].as_object().unwrap_or(&empty);
            set(tx, table, uuid, values, prev, e, out)
        }
        _ => Err(bad(e, "unknown kind")),
    }
}

/// A JSON value as SQLite stores it; a reference resolved to a local id
/// (`None`: the referred row has not arrived).
fn column_value(tx: &Transaction<'_>, t: &Shared, col: &str, v: &Json) -> Result<Option<Value>> {
    if let (Some(to), Some(u)) = (t.refers(col), v.as_str()) {
        return Ok(local_id(tx, to, u)?.map(Value::Integer));
    }
    Ok(Some(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }))
}

fn local_id(tx: &Transaction<'_>, table: &str, uuid_hex: &str) -> Result<Option<i64>> {
    let Some(u) = unhex(uuid_hex) else {
        return Ok(None);
    };
    Ok(tx
        .prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
        .query_row([u.as_slice()], |r| r.get(0))
        .optional()?)
}

fn insert(
    tx: &Transaction<'_>,
    t: &Shared,
    uuid: [u8; 16],
    values: &Map<String, Json>,
    e: &SyncEvent,
) -> Result<Outcome> {
    if let Some(id) = local_id(tx, t.name, &hex(&uuid))? {
        return Ok(Outcome::Applied(account_of(tx, t, id)?));
    }
    let mut cols = vec!["uuid"];
    let mut vals = vec![Value::Blob(uuid.to_vec())];
    for c in t.sent() {
        let v = values.get(c).unwrap_or(&Json::Null);
        match column_value(tx, t, c, v)? {
            Some(v) => vals.push(v),
            None => return Ok(Outcome::Waiting),
        }
        cols.push(c);
    }
    if let Some(clash) = unique_clash(tx, t, &cols, &vals)? {
        settle_clash(tx, t, uuid, &cols, &mut vals, clash)?;
    }
    let marks = vec!["?"; cols.len()].join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({marks})",
        t.name,
        cols.join(", ")
    );
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(vals))
        .map_err(|err| bad(e, &err.to_string()))?;
    let id = tx.last_insert_rowid();
    Ok(Outcome::Applied(account_of(tx, t, id)?))
}

fn set(
    tx: &Transaction<'_>,
    t: &Shared,
    uuid: [u8; 16],
    values: &Map<String, Json>,
    prev: &Map<String, Json>,
    e: &SyncEvent,
    out: &mut TakenIn,
) -> Result<Outcome> {
    let Some(id) = local_id(tx, t.name, &hex(&uuid))? else {
        return Ok(Outcome::Waiting);
    };
    // Every reference resolved first: the event applies whole or waits.
    let mut resolved = Vec::new();
    for (field, v) in values {
        if !t.mutable.contains(&field.as_str()) {
            return Err(bad(
                e,
                &format!("{}.{field} is not changed in place", t.name),
            ));
        }
        match column_value(tx, t, field, v)? {
            Some(value) => resolved.push((field.as_str(), value)),
            None => return Ok(Outcome::Waiting),
        }
    }
    let theirs: Clock = (e.hlc, e.origin.to_vec());
    for (field, value) in resolved {
        let ours: Option<Clock> = tx
            .prepare_cached("SELECT hlc, origin FROM sync_clocks WHERE uuid = ?1 AND field = ?2")?
            .query_row(params![uuid.as_slice(), field], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let seen: Option<Clock> = prev
            .get(field)
            .and_then(|p| Some((p.get(0)?.as_i64()?, unhex(p.get(1)?.as_str()?)?.to_vec())));
        // Apart: ours was not the value they replaced, and not theirs.
        let apart = matches!(&ours, Some(o) if Some(o) != seen.as_ref() && o.1 != theirs.1)
            && !QUIET.contains(&field);
        let wins = ours.as_ref().is_none_or(|o| theirs > *o);
        let current: Value = tx.query_row(
            &format!("SELECT {field} FROM {} WHERE id = ?1", t.name),
            [id],
            |r| r.get(0),
        )?;
        if apart && current != value {
            let (kept, other) = if wins {
                (&value, &current)
            } else {
                (&current, &value)
            };
            run(
                tx,
                "INSERT INTO sync_conflicts (at, table_name, row_uuid, field, kept, other) \
                 VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4, ?5)",
                params![t.name, uuid.as_slice(), field, shown(kept), shown(other)],
            )?;
            out.conflicts += 1;
        }
        if wins {
            run(
                tx,
                &format!("UPDATE {} SET {field} = ?2 WHERE id = ?1", t.name),
                params![id, value],
            )
            .map_err(|err| bad(e, &err.to_string()))?;
            run(tx,
                "INSERT OR REPLACE INTO sync_clocks (uuid, field, hlc, origin) VALUES (?1, ?2, ?3, ?4)",
                params![uuid.as_slice(), field, theirs.0, theirs.1],
            )?;
        }
    }
    Ok(Outcome::Applied(account_of(tx, t, id)?))
}

fn shown(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(r.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Blob(b) => Some(hex(b)),
    }
}

/// The account row `id` of `t` belongs to, if any (its facts are kept
/// current after a batch).
fn account_of(tx: &Transaction<'_>, t: &Shared, id: i64) -> Result<Option<i64>> {
    let sql = match t.name {
        "accounts" => return Ok(Some(id)),
        "conversation_revisions" | "conversation_retractions" => {
            "SELECT c.account_id FROM conversations c JOIN {t} x ON x.conversation_id = c.id WHERE x.id = ?1"
        }
        "order_revisions" | "order_voids" => {
            "SELECT o.account_id FROM orders o JOIN {t} x ON x.order_id = o.id WHERE x.id = ?1"
        }
        "follow_up_snoozes" | "follow_up_changes" => {
            "SELECT f.account_id FROM follow_ups f JOIN {t} x ON x.follow_up_id = f.id WHERE x.id = ?1"
        }
        "deal_changes" => {
            "SELECT d.account_id FROM deals d JOIN {t} x ON x.deal_id = d.id WHERE x.id = ?1"
        }
        _ if t.refers("account_id").is_some() => "SELECT account_id FROM {t} WHERE id = ?1",
        _ => return Ok(None),
    };
    Ok(tx
        .prepare_cached(&sql.replace("{t}", t.name))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// An account's facts kept current on write (last touch and order, its
/// rhythm, its next follow-up, its search key), worked out again.
fn refresh_account(tx: &Transaction<'_>, id: i64) -> Result<()> {
    crate::store::conversations::recompute_touch(tx, id)?;
    crate::store::followups::refresh_next_due(tx, id)?;
    let account = crate::store::accounts::account_in(tx, id)?;
    let key = crate::store::accounts::key_for(&account.fields());
    run(
        tx,
        "UPDATE accounts SET search_key = ?2 WHERE id = ?1 AND search_key IS NOT ?2",
        params![id, key],
    )?;
    Ok(())
}

/// Lower-case hex of bytes.
pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// 16 bytes from 32 hex digits (dashes allowed).
pub(crate) fn unhex(s: &str) -> Option<[u8; 16]> {
    let digits: Vec<u8> = s.bytes().filter(|b| *b != b'-').collect();
    if digits.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in digits.chunks(2).enumerate() {
        let s = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(out)
}

/// The local row already holding a unique value the new row brings:
/// (its id, its uuid, the column).
fn unique_clash(
    tx: &Transaction<'_>,
    t: &Shared,
    cols: &[&str],
    vals: &[Value],
) -> Result<Option<(i64, Vec<u8>, &'static str)>> {
    for (table, col) in UNIQUE {
        if *table != t.name {
            continue;
        }
        let Some(i) = cols.iter().position(|c| c == col) else {
            continue;
        };
        if vals[i] == Value::Null {
            continue;
        }
        let found: Option<(i64, Vec<u8>)> = tx
            .query_row(
                &format!("SELECT id, uuid FROM {table} WHERE {col} = ?1"),
                [&vals[i]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, u)) = found {
            return Ok(Some((id, u, col)));
        }
    }
    Ok(None)
}

/// Two rows made apart with one unique value: the row with the smaller
/// UUID keeps it, the other gives it up (a customer code is cleared, a
/// plan name gets its row's mark) — the same on every replica, whatever
/// order the rows arrive in — and the operator is told, to merge them.
fn settle_clash(
    tx: &Transaction<'_>,
    t: &Shared,
    uuid: [u8; 16],
    cols: &[&str],
    vals: &mut [Value],
    (id, theirs, col): (i64, Vec<u8>, &'static str),
) -> Result<()> {
    let i = cols.iter().position(|c| *c == col).unwrap_or(0);
    let value = vals[i].clone();
    let given_up = |u: &[u8]| -> Value {
        match col {
            "code" => Value::Null,
            _ => Value::Text(format!(
                "{} ({})",
                shown(&value).unwrap_or_default(),
                &hex(u)[..8]
            )),
        }
    };
    if uuid.as_slice() < theirs.as_slice() {
        run(
            tx,
            &format!("UPDATE {} SET {col} = ?2 WHERE id = ?1", t.name),
            params![id, given_up(&theirs)],
        )?;
    } else {
        vals[i] = given_up(&uuid);
    }
    run(
        tx,
        "INSERT INTO sync_conflicts (at, table_name, row_uuid, field, kept, other) \
         VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4, ?5)",
        params![
            t.name,
            uuid.as_slice(),
            format!("duplicate_{col}"),
            shown(&value),
            hex(&theirs)
        ],
    )?;
    Ok(())
}

/// The book's currency: taken when this file has none yet; another one
/// here stops the sync (its amounts would be misread), nothing written.
fn setting(tx: &Transaction<'_>, p: &Json, e: &SyncEvent) -> Result<Outcome> {
    let (Some("currency"), Some(code)) = (p["k"].as_str(), p["v"].as_str()) else {
        return Err(bad(e, "unknown setting"));
    };
    let ours: Option<String> = tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'currency'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match ours {
        None => {
            run(
                tx,
                "INSERT INTO settings (key, value) VALUES ('currency', ?1)",
                [code],
            )?;
        }
        Some(ours) if ours != code => {
            return Err(StoreError::Invalid {
                field: "currency",
                message: "sync13.currency_differs".into(),
            })
        }
        Some(_) => {}
    }
    Ok(Outcome::Applied(None))
}
