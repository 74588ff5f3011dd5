//! Conversations: append-only log with revisions and reversible retraction,
//! and the per-account touch bookkeeping shared with orders.

use std::borrow::Cow;

use super::run;
use crate::domain::limits;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{parse_ts, parse_word, ts, Result, Store, StoreError};
use crate::domain::history::{happened_by, Refusal, IN_FUTURE};
use crate::domain::interval::{learned_interval, GAPS_CONSIDERED};
use crate::domain::model::{
    Conversation, ConversationKind, Direction, Mark, MarkAction, NewConversation, Retraction,
    Revision, TimelineEntry,
};
use crate::domain::triage::LapseReason;

/// Recent rows read per table when relearning an interval: bounded work
/// however long the account's history is.
const RECENT_TOUCHES: usize = 4 * (GAPS_CONSIDERED + 1);

impl Store {
    /// Log a conversation: one transaction writes it, moves the account's
    /// last touch, relearns its interval and drops its draft.
    pub fn log_conversation(&mut self, c: &NewConversation, now: DateTime<Utc>) -> Result<i64> {
        self.log_with(c, None, None, now)
    }

    /// Log a conversation, optionally recording why the customer stopped
    /// buying and completing a follow-up with it — all in one transaction.
    pub fn log_with(
        &mut self,
        c: &NewConversation,
        lapse_reason: Option<LapseReason>,
        follow_up: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.write(|tx| log_in(tx, c, lapse_reason, follow_up, now))
    }

    /// Store new text for a conversation; every earlier version is kept.
    pub fn revise_conversation(
        &mut self,
        id: i64,
        summary: &str,
        body: &str,
        outcome: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| revise_in(tx, id, summary, body, outcome, now))
    }

    /// Retract a conversation (it stays in history, marked, and stops
    /// counting as a touch). Reversible with [`Store::restore_conversation`].
    pub fn retract_conversation(
        &mut self,
        id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| retract_in(tx, id, reason, now))
    }

    /// Undo a retraction; the retraction itself stays on record.
    pub fn restore_conversation(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| set_retraction_in(tx, id, None, now))
    }

    /// One conversation with all its revisions.
    pub fn conversation(&self, id: i64) -> Result<Conversation> {
        let account_id: i64 = self
            .conn
            .query_row(
                "SELECT account_id FROM conversations WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "conversation",
                key: id.to_string(),
            })?;
        let mut all = self.conversations_where(account_id, Some(id))?;
        all.pop().ok_or(StoreError::NotFound {
            what: "conversation",
            key: id.to_string(),
        })
    }

    /// An account's conversations and orders, newest first.
    pub fn timeline(&self, account_id: i64) -> Result<Vec<TimelineEntry>> {
        let mut entries: Vec<TimelineEntry> = self
            .conversations_where(account_id, None)?
            .into_iter()
            .map(TimelineEntry::Conversation)
            .collect();
        entries.extend(
            self.orders(account_id)?
                .into_iter()
                .map(TimelineEntry::Order),
        );
        entries.sort_by(|a, b| {
            b.at()
                .cmp(&a.at())
                .then_with(|| entry_id(b).cmp(&entry_id(a)))
        });
        Ok(entries)
    }

    fn conversations_where(&self, account_id: i64, only: Option<i64>) -> Result<Vec<Conversation>> {
        let mut revisions: HashMap<i64, Vec<Revision>> = HashMap::new();
        let mut st = self.conn.prepare(
            "SELECT r.conversation_id, r.summary, r.body, r.outcome, r.revised_at \
             FROM conversation_revisions r JOIN conversations c ON c.id = r.conversation_id \
             WHERE c.account_id = ?1 AND (?2 IS NULL OR c.id = ?2) ORDER BY r.uuid",
        )?;
        let rows = st.query_map(params![account_id, only], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Revision {
                    summary: r.get(1)?,
                    body: r.get(2)?,
                    outcome: r.get(3)?,
                    at: parse_ts(4, &r.get::<_, String>(4)?)?,
                },
            ))
        })?;
        for row in rows {
            let (cid, rev) = row?;
            revisions.entry(cid).or_default().push(rev);
        }
        let mut marks = marks_of(
            &self.conn,
            "SELECT x.conversation_id, x.action, x.reason, x.at FROM conversation_retractions x \
             JOIN conversations c ON c.id = x.conversation_id \
             WHERE c.account_id = ?1 AND (?2 IS NULL OR c.id = ?2) ORDER BY x.id",
            account_id,
            only,
        )?;
        let mut st = self.conn.prepare(
            "SELECT c.id, c.contact_id, p.name, c.kind, c.direction, c.happened_at, c.logged_at, \
             c.summary, c.body, c.outcome, c.retracted_at, c.retract_reason \
             FROM conversations c LEFT JOIN contacts p ON p.id = c.contact_id \
             WHERE c.account_id = ?1 AND (?2 IS NULL OR c.id = ?2) ORDER BY c.happened_at, c.id",
        )?;
        let rows = st.query_map(params![account_id, only], |r| {
            let id: i64 = r.get(0)?;
            let logged_at = parse_ts(6, &r.get::<_, String>(6)?)?;
            let original = Revision {
                summary: r.get(7)?,
                body: r.get(8)?,
                outcome: r.get(9)?,
                at: logged_at,
            };
            let retracted = match (
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
            ) {
                (Some(at), reason) => Some(Retraction {
                    reason: reason.unwrap_or_default(),
                    at: parse_ts(10, &at)?,
                }),
                _ => None,
            };
            Ok(Conversation {
                id,
                account_id,
                contact_id: r.get(1)?,
                contact_name: r.get(2)?,
                kind: parse_word(3, &r.get::<_, String>(3)?, ConversationKind::parse)?,
                direction: parse_word(4, &r.get::<_, String>(4)?, Direction::parse)?,
                happened_at: parse_ts(5, &r.get::<_, String>(5)?)?,
                logged_at,
                revisions: vec![original],
                retracted,
                retractions: Vec::new(),
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let mut c = row?;
            if let Some(more) = revisions.remove(&c.id) {
                c.revisions.extend(more);
            }
            c.retractions = marks.remove(&c.id).unwrap_or_default();
            out.push(c);
        }
        Ok(out)
    }
}

/// Retract / void / restore records by the row they belong to, oldest
/// first, from `sql` selecting (row id, action, reason, at) for
/// `account_id` and optionally one row.
pub(super) fn marks_of(
    conn: &rusqlite::Connection,
    sql: &str,
    account_id: i64,
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<Mark>>> {
    let mut out: HashMap<i64, Vec<Mark>> = HashMap::new();
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params![account_id, only], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Mark {
                action: parse_word(1, &r.get::<_, String>(1)?, MarkAction::parse)?,
                reason: r.get(2)?,
                at: parse_ts(3, &r.get::<_, String>(3)?)?,
            },
        ))
    })?;
    for row in rows {
        let (id, mark) = row?;
        out.entry(id).or_default().push(mark);
    }
    Ok(out)
}

/// [`Store::log_with`] inside a transaction the caller owns.
pub(super) fn log_in(
    tx: &Transaction<'_>,
    c: &NewConversation,
    lapse_reason: Option<LapseReason>,
    follow_up: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let c = &*dated_conversation(c, now)?;
    let id = insert_conversation_in(tx, c, now)?;
    let (at, kind, summary) = touch_of(c);
    record_touch(tx, c.account_id, at, kind, summary)?;
    tx.prepare_cached("DELETE FROM drafts WHERE account_id = ?1")?
        .execute([c.account_id])?;
    if let Some(reason) = lapse_reason {
        set_lapse_reason(tx, c.account_id, reason, now)?;
    }
    if let Some(fu) = follow_up {
        super::followups::close_done(tx, fu, c.account_id, id, now)?;
    }
    Ok(id)
}

/// [`Store::revise_conversation`] inside a transaction the caller owns.
pub(super) fn revise_in(
    tx: &Transaction<'_>,
    id: i64,
    summary: &str,
    body: &str,
    outcome: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    check_text(summary, body)?;
    limits::check_text("outcome", outcome.unwrap_or("")).map_err(super::accounts::invalid)?;
    ensure_conversation(tx, id)?;
    run(
        tx,
        "INSERT INTO conversation_revisions (conversation_id, summary, body, outcome, revised_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, summary.trim(), body.trim_end(), outcome, ts(now)],
    )?;
    // The edited text may be what the Quiet screen shows.
    let account_id = ensure_conversation(tx, id)?;
    recompute_touch(tx, account_id)
}

/// [`Store::retract_conversation`] inside a transaction the caller owns.
pub(super) fn retract_in(
    tx: &Transaction<'_>,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    super::check_texts(&[("reason", reason)])?;
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid {
            field: "reason",
            message: "problem.required".into(),
        });
    }
    set_retraction_in(tx, id, Some(reason.trim()), now)
}

pub(super) fn set_retraction_in(
    tx: &Transaction<'_>,
    id: i64,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let account_id = ensure_conversation(tx, id)?;
    // Retracting twice would hide the first reason; restoring twice would
    // record an undo of nothing. Both are mistakes: refuse, write nothing.
    let (at, why): (Option<String>, Option<String>) = tx.query_row(
        "SELECT retracted_at, retract_reason FROM conversations WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    match (reason, at) {
        (Some(_), Some(at)) => {
            return Err(StoreError::Refused(Refusal::AlreadyRetracted {
                id,
                reason: why.unwrap_or_default(),
                at: parse_ts(0, &at)?,
            }))
        }
        (None, None) => return Err(StoreError::Refused(Refusal::NotRetracted { id })),
        _ => {}
    }
    let (action, why) = match reason {
        Some(r) => ("retract", r),
        None => ("restore", ""),
    };
    run(
        tx,
        "INSERT INTO conversation_retractions (conversation_id, action, reason, at) \
         VALUES (?1, ?2, ?3, ?4)",
        params![id, action, why, ts(now)],
    )?;
    run(
        tx,
        "UPDATE conversations SET retracted_at = ?2, retract_reason = ?3 WHERE id = ?1",
        params![id, reason.map(|_| ts(now)), reason],
    )?;
    recompute_touch(tx, account_id)
}

/// When a touch dated `at` happened, or the refusal of a future date (a
/// planned call is a follow-up). The one check every write path makes.
pub(super) fn dated(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    happened_by(at, now).ok_or_else(|| StoreError::Invalid {
        field: "when",
        message: IN_FUTURE.into(),
    })
}

/// `c`, dated no later than `now` (see [`dated`]); copied only when a
/// few minutes' clock skew moved it.
pub(super) fn dated_conversation(
    c: &NewConversation,
    now: DateTime<Utc>,
) -> Result<Cow<'_, NewConversation>> {
    let at = dated(c.happened_at, now)?;
    if at == c.happened_at {
        return Ok(Cow::Borrowed(c));
    }
    let mut moved = c.clone();
    moved.happened_at = at;
    Ok(Cow::Owned(moved))
}

/// What logging `c` records as the account's touch: when, which kind,
/// and the line shown for it.
pub(super) fn touch_of(c: &NewConversation) -> (DateTime<Utc>, &'static str, &str) {
    (c.happened_at, c.kind.as_str(), c.summary.trim())
}

/// The conversation row itself, checked, without the per-account touch
/// facts or the draft: the caller brings the facts up to date with
/// [`record_touch`], at once ([`log_in`]) or once per account with the
/// latest of many rows (as an import does; it only moves forward, so that
/// leaves the same facts).
pub(super) fn insert_conversation_in(
    tx: &Transaction<'_>,
    c: &NewConversation,
    now: DateTime<Utc>,
) -> Result<i64> {
    check_text(&c.summary, &c.body)?;
    limits::check_text("outcome", c.outcome.as_deref().unwrap_or(""))
        .map_err(super::accounts::invalid)?;
    ensure_account(tx, c.account_id)?;
    if let Some(contact) = c.contact_id {
        let owner: Option<i64> = tx
            .query_row(
                "SELECT account_id FROM contacts WHERE id = ?1",
                [contact],
                |r| r.get(0),
            )
            .optional()?;
        if owner != Some(c.account_id) {
            return Err(StoreError::Invalid {
                field: "contact",
                message: format!("contact {contact} is not at account {}", c.account_id),
            });
        }
    }
    tx.prepare_cached(
        "INSERT INTO conversations (account_id, contact_id, kind, direction, happened_at, \
         summary, body, outcome, logged_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        c.account_id,
        c.contact_id,
        c.kind.as_str(),
        c.direction.as_str(),
        ts(c.happened_at),
        c.summary.trim(),
        c.body.trim_end(),
        c.outcome,
        ts(now),
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Keep why the customer stopped on the account, logged like any change.
pub(super) fn set_lapse_reason(
    tx: &Transaction<'_>,
    account_id: i64,
    reason: LapseReason,
    now: DateTime<Utc>,
) -> Result<()> {
    let old: Option<String> = tx.query_row(
        "SELECT lapse_reason FROM accounts WHERE id = ?1",
        [account_id],
        |r| r.get(0),
    )?;
    if old.as_deref() == Some(reason.as_str()) {
        return Ok(());
    }
    run(
        tx,
        "INSERT INTO account_changes (account_id, field, old_value, new_value, changed_at) \
         VALUES (?1, 'lapse_reason', ?2, ?3, ?4)",
        params![account_id, old, reason.as_str(), ts(now)],
    )?;
    run(
        tx,
        "UPDATE accounts SET lapse_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![account_id, reason.as_str(), ts(now)],
    )?;
    Ok(())
}

fn entry_id(e: &TimelineEntry) -> i64 {
    match e {
        TimelineEntry::Conversation(c) => c.id,
        TimelineEntry::Order(o) => o.id,
    }
}

fn check_text(summary: &str, body: &str) -> Result<()> {
    limits::check_texts(&[("summary", summary), ("body", body)])
        .map_err(super::accounts::invalid)?;
    if summary.trim().is_empty() && body.trim().is_empty() {
        return Err(StoreError::Invalid {
            field: "summary",
            message: "problem.required".into(),
        });
    }
    Ok(())
}

pub(super) fn ensure_account(tx: &Transaction<'_>, id: i64) -> Result<()> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM accounts WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    found.map(|_| ()).ok_or(StoreError::NotFound {
        what: "account",
        key: id.to_string(),
    })
}

fn ensure_conversation(tx: &Transaction<'_>, id: i64) -> Result<i64> {
    tx.query_row(
        "SELECT account_id FROM conversations WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "conversation",
        key: id.to_string(),
    })
}

/// A new touch at `at`: move last_touch_at (and what it was) forward —
/// never back: a backdated entry must not make a customer look quieter —
/// and relearn the rhythm. At the same second a conversation outranks an
/// order, as in [`RECOMPUTE_TOUCH_FACTS`], so both paths agree.
pub(super) fn record_touch(
    tx: &Transaction<'_>,
    account_id: i64,
    at: DateTime<Utc>,
    kind: &str,
    summary: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE accounts SET last_touch_at = ?2, last_touch_kind = ?3, last_touch_summary = ?4 \
         WHERE id = ?1 AND (last_touch_at IS NULL OR last_touch_at < ?2 \
               OR (last_touch_at = ?2 AND (?3 != 'order' OR last_touch_kind = 'order')))",
    )?
    .execute(params![account_id, ts(at), kind, summary])?;
    relearn_interval(tx, account_id)
}

/// Recompute one account's last touch, what it was, and its last order
/// from its rows. Used when a touch stops counting or its text changes,
/// and when rows arrive from other replicas. Rows at the same instant,
/// and revisions, follow each other by UUID: the order of writing here,
/// and the same order on every replica of a shared book.
pub(crate) const RECOMPUTE_TOUCH_FACTS: &str = "\
    UPDATE accounts SET (last_touch_at, last_touch_kind, last_touch_summary) = ( \
        SELECT t, k, s FROM ( \
            SELECT c.happened_at AS t, c.kind AS k, \
                   coalesce((SELECT r.summary FROM conversation_revisions r \
                             WHERE r.conversation_id = c.id ORDER BY r.uuid DESC LIMIT 1), c.summary) AS s, \
                   c.uuid AS i, 1 AS p \
              FROM conversations c WHERE c.account_id = accounts.id AND c.retracted_at IS NULL \
            UNION ALL \
            SELECT o.ordered_at, 'order', o.note, o.uuid, 0 FROM orders o \
             WHERE o.account_id = accounts.id AND o.voided_at IS NULL \
        ) ORDER BY t DESC, p DESC, i DESC LIMIT 1), \
    (last_order_at, last_order_amount) = ( \
        SELECT o.ordered_at, o.amount FROM orders o \
         WHERE o.account_id = accounts.id AND o.voided_at IS NULL \
        ORDER BY o.ordered_at DESC, o.uuid DESC LIMIT 1)";

/// Recompute one account's last touch from its rows (after a retraction).
pub(super) fn recompute_touch(tx: &Transaction<'_>, account_id: i64) -> Result<()> {
    tx.prepare_cached(&format!("{RECOMPUTE_TOUCH_FACTS} WHERE id = ?1"))?
        .execute([account_id])?;
    relearn_interval(tx, account_id)
}

/// The recent-touch queries, with the row limit written in: SQLite
/// recompiles a statement each time a bound `LIMIT ?` is bound again.
static RECENT_TOUCH_QUERIES: LazyLock<[String; 2]> = LazyLock::new(|| {
    [
        format!(
            "SELECT happened_at FROM conversations WHERE account_id = ?1 \
             AND retracted_at IS NULL ORDER BY happened_at DESC LIMIT {RECENT_TOUCHES}"
        ),
        format!(
            "SELECT ordered_at FROM orders WHERE account_id = ?1 \
             AND voided_at IS NULL ORDER BY ordered_at DESC LIMIT {RECENT_TOUCHES}"
        ),
    ]
});

/// Relearn the account's rhythm from its most recent touches only.
fn relearn_interval(tx: &Transaction<'_>, account_id: i64) -> Result<()> {
    let mut days: Vec<NaiveDate> = Vec::new();
    for sql in RECENT_TOUCH_QUERIES.iter() {
        let mut st = tx.prepare_cached(sql)?;
        let rows = st.query_map([account_id], |r| r.get::<_, String>(0))?;
        for row in rows {
            if let Some(t) = crate::domain::time::from_rfc3339(&row?) {
                days.push(t.date_naive());
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    let keep = days.len().saturating_sub(GAPS_CONSIDERED + 1);
    let learned = learned_interval(&days[keep..]);
    tx.prepare_cached("UPDATE accounts SET learned_interval_days = ?2 WHERE id = ?1")?
        .execute(params![account_id, learned])?;
    Ok(())
}
