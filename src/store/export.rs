//! Reading whole tables out, one row at a time: exports stream through a
//! callback so a million orders never sit in memory at once. Each export
//! reads inside one transaction, so it is a consistent snapshot even while
//! the TUI writes.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{Connection, Row, Transaction};

use super::{parse_ts, parse_word, Store, StoreError};
use crate::domain::model::{
    Account, AccountKind, ConversationKind, Direction, Honorific, Mark, MarkAction, Retraction,
    Revision, Status,
};
use crate::domain::triage::{FollowUp, FollowUpState, LapseReason};

/// An order with the account it belongs to, as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub account_id: i64,
    pub account_code: Option<String>,
    pub account_name: String,
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    pub note: String,
    /// Set while the order is voided (kept, no longer a purchase).
    pub voided: Option<Retraction>,
    /// Every void and restoration, oldest first.
    pub marks: Vec<Mark>,
}

/// One version of one conversation's text, as exported: the original is
/// revision 1, each later edit the next number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    pub id: i64,
    pub account_id: i64,
    pub account_code: Option<String>,
    pub account_name: String,
    pub contact: Option<String>,
    pub kind: ConversationKind,
    pub direction: Direction,
    pub happened_at: DateTime<Utc>,
    /// 1 for the text as first logged.
    pub revision: u32,
    /// The newest version: what the timeline shows.
    pub is_current: bool,
    /// This version's text; `text.at` is when it was logged.
    pub text: Revision,
    /// Set on every row of a retracted conversation.
    pub retracted: Option<Retraction>,
    /// Every retraction and restoration, oldest first (on every row).
    pub marks: Vec<Mark>,
}

/// A follow-up with what an export or calendar needs about its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub follow_up: FollowUp,
    pub account_code: Option<String>,
    pub honorific: Option<Honorific>,
    /// How often it was moved to another day (a calendar's SEQUENCE).
    pub snoozes: u32,
}

/// Which follow-ups to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpFilter {
    /// Every follow-up, by id.
    All,
    /// Open ones of listed (not archived) accounts, by due date and time.
    OpenListed,
}

const ACCOUNT_SQL: &str = "SELECT id, code, name, reading, kind, status, phone, email, address, \
     tags, note, interval_days, learned_interval_days, last_touch_at, archived, created_at, \
     updated_at, lapse_reason, honorific FROM accounts ORDER BY id";

const ORDER_SQL: &str = "SELECT o.id, o.account_id, a.code, a.name, o.ordered_at, o.amount, \
     o.note, o.voided_at, o.void_reason FROM orders o JOIN accounts a ON a.id = o.account_id \
     ORDER BY o.id";

const CONVERSATION_SQL: &str = "SELECT c.id, c.account_id, a.code, a.name, p.name, c.kind, \
     c.direction, c.happened_at, c.logged_at, c.summary, c.body, c.outcome, c.retracted_at, \
     c.retract_reason FROM conversations c JOIN accounts a ON a.id = c.account_id \
     LEFT JOIN contacts p ON p.id = c.contact_id ORDER BY c.id";

/// Marks in the order of their `*_by_order` / `*_by_conversation` index.
const ORDER_MARK_SQL: &str =
    "SELECT order_id, action, reason, at FROM order_voids ORDER BY order_id, id";
const CONVERSATION_MARK_SQL: &str = "SELECT conversation_id, action, reason, at \
     FROM conversation_retractions ORDER BY conversation_id, id";

/// In the order of the `revisions_by_conversation` index: no sort needed.
const REVISION_SQL: &str = "SELECT conversation_id, summary, body, outcome, revised_at \
     FROM conversation_revisions ORDER BY conversation_id, id";

const FOLLOW_UP_SQL: &str = "SELECT f.id, f.account_id, a.name, f.contact_id, p.name, f.kind, \
     f.due_on, f.due_time, f.note, f.state, f.conversation_id, f.cancel_reason, pl.name, a.code, \
     a.honorific, coalesce(s.n, 0) FROM follow_ups f JOIN accounts a ON a.id = f.account_id \
     LEFT JOIN contacts p ON p.id = f.contact_id LEFT JOIN plans pl ON pl.id = f.plan_id \
     LEFT JOIN (SELECT follow_up_id, count(*) AS n FROM follow_up_snoozes GROUP BY follow_up_id) s \
     ON s.follow_up_id = f.id";

fn opt_ts(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    r.get::<_, Option<String>>(col)?
        .map(|s| parse_ts(col, &s))
        .transpose()
}

fn req_ts(r: &Row<'_>, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    parse_ts(col, &r.get::<_, String>(col)?)
}

fn corrupt(col: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

fn account(r: &Row<'_>) -> rusqlite::Result<Account> {
    let tags: String = r.get(9)?;
    Ok(Account {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        reading: r.get(3)?,
        kind: parse_word(4, &r.get::<_, String>(4)?, AccountKind::parse)?,
        status: parse_word(5, &r.get::<_, String>(5)?, Status::parse)?,
        phone: r.get(6)?,
        email: r.get(7)?,
        address: r.get(8)?,
        // An export must not quietly drop tags: a malformed list is a corrupt row.
        tags: serde_json::from_str(&tags).map_err(|e| corrupt(9, e))?,
        note: r.get(10)?,
        interval_days: r.get(11)?,
        learned_interval_days: r.get(12)?,
        last_touch_at: opt_ts(r, 13)?,
        archived: r.get(14)?,
        created_at: req_ts(r, 15)?,
        updated_at: req_ts(r, 16)?,
        lapse_reason: r
            .get::<_, Option<String>>(17)?
            .map(|s| parse_word(17, &s, LapseReason::parse))
            .transpose()?,
        honorific: r
            .get::<_, Option<String>>(18)?
            .map(|s| parse_word(18, &s, Honorific::parse))
            .transpose()?,
    })
}

fn order(r: &Row<'_>) -> rusqlite::Result<OrderRow> {
    Ok(OrderRow {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account_code: r.get(2)?,
        account_name: r.get(3)?,
        ordered_at: req_ts(r, 4)?,
        amount: r.get(5)?,
        note: r.get(6)?,
        voided: match r.get::<_, Option<String>>(7)? {
            Some(at) => Some(Retraction {
                reason: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                at: parse_ts(7, &at)?,
            }),
            None => None,
        },
        marks: Vec::new(),
    })
}

fn mark(r: &Row<'_>) -> rusqlite::Result<(i64, Mark)> {
    Ok((
        r.get(0)?,
        Mark {
            action: parse_word(1, &r.get::<_, String>(1)?, MarkAction::parse)?,
            reason: r.get(2)?,
            at: req_ts(r, 3)?,
        },
    ))
}

/// The marks of record `id`, from a cursor over every mark in id order
/// (marks of records that do not join are skipped).
fn marks_of<I>(id: i64, marks: &mut std::iter::Peekable<I>) -> Result<Vec<Mark>, StoreError>
where
    I: Iterator<Item = rusqlite::Result<(i64, Mark)>>,
{
    let mut out = Vec::new();
    loop {
        if let Some(Ok((rid, _))) = marks.peek() {
            if *rid > id {
                return Ok(out);
            }
        }
        match marks.next() {
            Some(Ok((rid, m))) if rid == id => out.push(m),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.into()),
            None => return Ok(out),
        }
    }
}

fn follow_up(r: &Row<'_>) -> rusqlite::Result<FollowUpRow> {
    let due_on: String = r.get(6)?;
    let due_time: Option<String> = r.get(7)?;
    Ok(FollowUpRow {
        follow_up: FollowUp {
            id: r.get(0)?,
            account_id: r.get(1)?,
            account_name: r.get(2)?,
            contact_id: r.get(3)?,
            contact_name: r.get(4)?,
            kind: parse_word(5, &r.get::<_, String>(5)?, ConversationKind::parse)?,
            due_on: NaiveDate::parse_from_str(&due_on, "%Y-%m-%d").map_err(|e| corrupt(6, e))?,
            due_time: due_time
                .map(|t| NaiveTime::parse_from_str(&t, "%H:%M").map_err(|e| corrupt(7, e)))
                .transpose()?,
            note: r.get(8)?,
            state: parse_word(9, &r.get::<_, String>(9)?, FollowUpState::parse)?,
            conversation_id: r.get(10)?,
            cancel_reason: r.get(11)?,
            plan_name: r.get(12)?,
        },
        account_code: r.get(13)?,
        honorific: r
            .get::<_, Option<String>>(14)?
            .map(|s| parse_word(14, &s, Honorific::parse))
            .transpose()?,
        snoozes: r.get(15)?,
    })
}

/// A conversation row as first logged (revision 1); `is_current` is
/// settled once we know whether edits follow.
fn original(r: &Row<'_>) -> rusqlite::Result<ConversationRow> {
    let retracted = match r.get::<_, Option<String>>(12)? {
        Some(at) => Some(Retraction {
            reason: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
            at: parse_ts(12, &at)?,
        }),
        None => None,
    };
    Ok(ConversationRow {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account_code: r.get(2)?,
        account_name: r.get(3)?,
        contact: r.get(4)?,
        kind: parse_word(5, &r.get::<_, String>(5)?, ConversationKind::parse)?,
        direction: parse_word(6, &r.get::<_, String>(6)?, Direction::parse)?,
        happened_at: req_ts(r, 7)?,
        revision: 1,
        is_current: true,
        text: Revision {
            summary: r.get(9)?,
            body: r.get(10)?,
            outcome: r.get(11)?,
            at: req_ts(r, 8)?,
        },
        retracted,
        marks: Vec::new(),
    })
}

fn revision(r: &Row<'_>) -> rusqlite::Result<(i64, Revision)> {
    Ok((
        r.get(0)?,
        Revision {
            summary: r.get(1)?,
            body: r.get(2)?,
            outcome: r.get(3)?,
            at: req_ts(r, 4)?,
        },
    ))
}

/// The next edit of conversation `id`, if the cursor is at one.
fn next_edit_of<I>(
    id: i64,
    edits: &mut std::iter::Peekable<I>,
) -> Result<Option<Revision>, StoreError>
where
    I: Iterator<Item = rusqlite::Result<(i64, Revision)>>,
{
    // Edits of a conversation that does not join (impossible with foreign
    // keys on) are skipped rather than attached to the wrong one.
    while let Some(Ok((cid, _))) = edits.peek() {
        if *cid >= id {
            break;
        }
        edits.next();
    }
    match edits.peek() {
        None => Ok(None),
        Some(Ok((cid, _))) if *cid != id => Ok(None),
        _ => match edits.next() {
            Some(Ok((_, rev))) => Ok(Some(rev)),
            Some(Err(e)) => Err(e.into()),
            None => Ok(None),
        },
    }
}

/// A read transaction: every statement of one export sees one snapshot.
fn snapshot(conn: &Connection) -> Result<Transaction<'_>, StoreError> {
    Ok(conn.unchecked_transaction()?)
}

/// Run `f` on each row of `sql`, stopping at the first error.
fn each<T, E: From<StoreError>>(
    conn: &Connection,
    sql: &str,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
    mut f: impl FnMut(&T) -> Result<(), E>,
) -> Result<(), E> {
    let tx = snapshot(conn)?;
    let mut st = tx.prepare(sql).map_err(StoreError::from)?;
    let rows = st.query_map([], map).map_err(StoreError::from)?;
    for row in rows {
        f(&row.map_err(StoreError::from)?)?;
    }
    Ok(())
}

impl Store {
    /// Every account, archived ones too, by id.
    pub fn for_each_account<E: From<StoreError>>(
        &self,
        f: impl FnMut(&Account) -> Result<(), E>,
    ) -> Result<(), E> {
        each(&self.conn, ACCOUNT_SQL, account, f)
    }

    /// Every order, by id, with its account's code and name and its
    /// voids and restorations (read by a second cursor in id order).
    pub fn for_each_order<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&OrderRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let tx = snapshot(&self.conn)?;
        let mut mark_st = tx.prepare(ORDER_MARK_SQL).map_err(StoreError::from)?;
        let mut marks = mark_st
            .query_map([], mark)
            .map_err(StoreError::from)?
            .peekable();
        let mut st = tx.prepare(ORDER_SQL).map_err(StoreError::from)?;
        for row in st.query_map([], order).map_err(StoreError::from)? {
            let mut row = row.map_err(StoreError::from)?;
            row.marks = marks_of(row.id, &mut marks)?;
            f(&row)?;
        }
        Ok(())
    }

    /// Follow-ups chosen by `filter`.
    pub fn for_each_follow_up<E: From<StoreError>>(
        &self,
        filter: FollowUpFilter,
        f: impl FnMut(&FollowUpRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = match filter {
            FollowUpFilter::All => format!("{FOLLOW_UP_SQL} ORDER BY f.id"),
            FollowUpFilter::OpenListed => format!(
                "{FOLLOW_UP_SQL} WHERE f.state = 'open' AND a.archived = 0 \
                 ORDER BY f.due_on, f.due_time, f.id"
            ),
        };
        each(&self.conn, &sql, follow_up, f)
    }

    /// Every version of every conversation, retracted ones included: by
    /// conversation id, then revision. Conversations and their edits are
    /// read by two cursors in id order and merged, so nothing is sorted
    /// or held in memory.
    pub fn for_each_conversation_revision<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&ConversationRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let tx = snapshot(&self.conn)?;
        let mut conv_st = tx.prepare(CONVERSATION_SQL).map_err(StoreError::from)?;
        let mut rev_st = tx.prepare(REVISION_SQL).map_err(StoreError::from)?;
        let mut mark_st = tx
            .prepare(CONVERSATION_MARK_SQL)
            .map_err(StoreError::from)?;
        let mut marks = mark_st
            .query_map([], mark)
            .map_err(StoreError::from)?
            .peekable();
        let mut edits = rev_st
            .query_map([], revision)
            .map_err(StoreError::from)?
            .peekable();
        let rows = conv_st.query_map([], original).map_err(StoreError::from)?;
        for row in rows {
            let mut row = row.map_err(StoreError::from)?;
            row.marks = marks_of(row.id, &mut marks)?;
            let mut next = next_edit_of(row.id, &mut edits)?;
            row.is_current = next.is_none();
            f(&row)?;
            while let Some(text) = next {
                next = next_edit_of(row.id, &mut edits)?;
                row.revision += 1;
                row.text = text;
                row.is_current = next.is_none();
                f(&row)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
