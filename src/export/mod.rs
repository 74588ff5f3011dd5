//! Taking everything out: accounts, conversations (every revision,
//! retracted ones included), orders, follow-ups and deals as CSV or JSON, in
//! UTF-8 or Shift_JIS, and open follow-ups as an iCalendar file. Rows are
//! streamed from the store to the writer; nothing holds a whole table.

mod encode;
pub mod formula;
pub mod ics;
pub mod json;
mod records;
mod table;

use std::io::{self, Write};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::deals::Deal;
use crate::domain::model::ConversationKind;
use crate::store::export::FollowUpFilter;
use crate::store::{Store, StoreError};
pub use encode::{first_unrepresentable, Encoding};
pub use json::{escape_json_invisibles, InvisiblesEscaped};
pub use records::{
    ACCOUNT_HEADER, CONVERSATION_HEADER, DEAL_HEADER, FOLLOW_UP_HEADER, ORDER_HEADER,
};
pub use table::{Format, LIST_SEPARATOR};

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A character Shift_JIS cannot hold: the user can choose UTF-8.
    #[error(
        "{record}, field {field}: {ch:?} (U+{code:04X}) cannot be written in Shift_JIS; \
         export with --encoding utf-8 (add --bom for Excel)",
        code = u32::from(*.ch)
    )]
    Unrepresentable {
        record: String,
        field: &'static str,
        ch: char,
    },
    #[error("writing the export: {0}")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A table that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Accounts,
    Conversations,
    Orders,
    FollowUps,
    Deals,
}

impl Table {
    /// `accounts`, `conversations`, `orders`, `follow-ups` or `deals`.
    pub fn parse(s: &str) -> Option<Table> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "accounts" => Some(Table::Accounts),
            "conversations" => Some(Table::Conversations),
            "orders" => Some(Table::Orders),
            "follow-ups" | "followups" => Some(Table::FollowUps),
            "deals" => Some(Table::Deals),
            _ => None,
        }
    }

    /// The column names, which are also the JSON keys.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            Table::Accounts => ACCOUNT_HEADER,
            Table::Conversations => CONVERSATION_HEADER,
            Table::Orders => ORDER_HEADER,
            Table::FollowUps => FOLLOW_UP_HEADER,
            Table::Deals => DEAL_HEADER,
        }
    }
}

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub format: Format,
    pub encoding: Encoding,
    /// A UTF-8 byte-order mark first.
    pub bom: bool,
    /// CSV: write cells that start like a formula exactly as stored,
    /// instead of with a `'` in front (see [`formula`]).
    pub raw: bool,
}

/// Write every row of `table` to `out`; returns it and the row count.
pub fn write_table<W: Write>(
    store: &Store,
    table: Table,
    options: Options,
    out: W,
) -> Result<(W, u64), ExportError> {
    let sink = encode::Sink::new(out, options.encoding, options.bom)?;
    let mut w = table::TableWriter::new(sink, options.format, table.header())?;
    w.raw = options.raw;
    match table {
        Table::Accounts => store.for_each_account(|a| {
            w.row(|| format!("account {}", a.id), &records::account_fields(a))
        })?,
        Table::Orders => store.for_each_order(|o| {
            w.row(
                || format!("order {}", o.id),
                &records::order_fields(o, store.currency()),
            )
        })?,
        Table::Conversations => store.for_each_conversation_revision(|c| {
            w.row(
                || format!("conversation {} revision {}", c.id, c.revision),
                &records::conversation_fields(c),
            )
        })?,
        Table::FollowUps => store.for_each_follow_up(FollowUpFilter::All, |f| {
            w.row(
                || format!("follow-up {}", f.follow_up.id),
                &records::follow_up_fields(f),
            )
        })?,
        Table::Deals => store.for_each_deal(false, |d, code| {
            w.row(
                || format!("deal {}", d.id),
                &records::deal_fields(d, code, store.currency()),
            )
        })?,
    }
    Ok(w.finish()?)
}

/// What goes into a calendar besides the open follow-ups.
pub struct CalendarParts<'a> {
    /// Names a conversation kind in the operator's language.
    pub kind: &'a dyn Fn(ConversationKind) -> String,
    /// Places a local wall-clock time.
    pub to_utc: &'a dyn Fn(NaiveDateTime) -> DateTime<Utc>,
    /// With deals (`--deals`): an open deal's event summary, in the
    /// operator's language.
    pub deal_summary: Option<&'a dyn Fn(&Deal) -> String>,
}

/// Write the open follow-ups of listed accounts (and, when asked, the
/// expected close dates of their open deals) as an iCalendar to `out`;
/// returns it and the event count.
pub fn write_calendar<W: Write>(
    store: &Store,
    now: DateTime<Utc>,
    parts: &CalendarParts<'_>,
    out: W,
) -> Result<(W, u64), ExportError> {
    let mut cal = ics::CalendarWriter::new(out, now)?;
    store.for_each_follow_up(FollowUpFilter::OpenListed, |f| {
        cal.event(f, &(parts.kind)(f.follow_up.kind), parts.to_utc)
            .map_err(ExportError::Io)
    })?;
    if let Some(summary) = parts.deal_summary {
        store.for_each_deal(true, |d, _| {
            cal.deal_close(d, &summary(d)).map_err(ExportError::Io)
        })?;
    }
    Ok(cal.finish()?)
}
