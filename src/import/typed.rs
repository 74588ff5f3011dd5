//! The rows a file holds, typed: what each kind of import writes.

use chrono::{DateTime, NaiveDate, Utc};

use super::columns::Field;
use super::problem::CellProblem;
use crate::domain::deals::{DealStatus, LostReason, Rank};
use crate::domain::model::{
    AccountFields, AccountKind, ConversationKind, Direction, Honorific, Mark, Status,
};
use crate::domain::triage::LapseReason;
use crate::store::import::{CustomerKey, MatchKey};

/// What is wrong with one cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The column's header as it is in the file.
    pub column: String,
    pub problem: CellProblem,
}

impl Problem {
    /// `column 金額: …` in the operator's language.
    pub fn text(&self, i18n: &crate::i18n::I18n) -> String {
        i18n.f(
            "cell.in_column",
            &[
                ("column", &crate::domain::text::sanitize(&self.column)),
                ("problem", &self.problem.text(i18n)),
            ],
        )
    }
}

/// An account as a customer-list row gives it; `None` = empty or no column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountRow {
    pub name: String,
    pub reading: Option<String>,
    pub code: Option<String>,
    pub kind: Option<AccountKind>,
    pub status: Option<Status>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub tags: Option<Vec<String>>,
    pub note: Option<String>,
    /// `Some(None)`: the cell said 0, "no interval of its own".
    pub interval_days: Option<Option<u32>>,
    /// `Some(None)`: the cell said none / なし.
    pub honorific: Option<Option<Honorific>>,
    pub archived: Option<bool>,
    pub lapse_reason: Option<LapseReason>,
    /// With no kind column: the kind the name suggests, given to a new
    /// account only (an existing one keeps the kind it has).
    pub inferred_kind: Option<AccountKind>,
    /// [`AccountRow::key`], normalised (on the reader thread).
    pub matching: MatchKey,
}

impl AccountRow {
    /// The fields of a new account made from this row.
    pub fn new_fields(&self) -> AccountFields {
        let mut f = self.merged_onto(AccountFields::default());
        f.kind = f.kind.or(self.inferred_kind);
        f
    }

    /// An existing account's fields with this row's cells written over
    /// them; an empty cell leaves the field as it was.
    pub fn merged_onto(&self, mut f: AccountFields) -> AccountFields {
        f.name = self.name.clone();
        let set = |slot: &mut Option<String>, v: &Option<String>| {
            if v.is_some() {
                slot.clone_from(v);
            }
        };
        set(&mut f.reading, &self.reading);
        set(&mut f.code, &self.code);
        set(&mut f.phone, &self.phone);
        set(&mut f.email, &self.email);
        set(&mut f.address, &self.address);
        f.kind = self.kind.or(f.kind);
        f.status = self.status.or(f.status);
        if let Some(t) = &self.tags {
            f.tags.clone_from(t);
        }
        if let Some(n) = &self.note {
            f.note.clone_from(n);
        }
        if let Some(d) = self.interval_days {
            f.interval_days = d;
        }
        if let Some(h) = self.honorific {
            f.honorific = h;
        }
        f
    }

    /// Who this row is, for matching an existing account.
    pub fn key(&self) -> CustomerKey<'_> {
        CustomerKey {
            code: self.code.as_deref(),
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            name: Some(&self.name),
            reading: self.reading.as_deref(),
        }
    }
}

/// The cells that say who an order or a conversation belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customer {
    pub code: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub reading: Option<String>,
    /// [`Customer::key`], normalised (on the reader thread).
    pub matching: MatchKey,
}

impl Customer {
    /// As a lookup key.
    pub fn key(&self) -> CustomerKey<'_> {
        CustomerKey {
            code: self.code.as_deref(),
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            name: self.name.as_deref(),
            reading: self.reading.as_deref(),
        }
    }

    /// The first key cell given, as (field, value), for messages.
    pub fn first(&self) -> Option<(Field, &str)> {
        [
            (Field::Code, &self.code),
            (Field::Email, &self.email),
            (Field::Phone, &self.phone),
            (Field::Name, &self.name),
        ]
        .into_iter()
        .find_map(|(f, v)| v.as_deref().map(|v| (f, v)))
    }
}

/// A purchase row from a register export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub customer: Customer,
    pub ordered_at: DateTime<Utc>,
    pub amount: i64,
    pub note: String,
    /// Voided, with the reason and (when the file says) the time.
    pub void: Option<(String, Option<DateTime<Utc>>)>,
    /// Every void and restoration, oldest first (an export's
    /// `retractions`); when given, replayed instead of `void`.
    pub marks: Vec<Mark>,
}

/// A row of a call log, or of `salesbench export conversations` (one row
/// per revision, the retraction repeated on each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    pub customer: Customer,
    pub happened_at: DateTime<Utc>,
    pub kind: ConversationKind,
    pub direction: Direction,
    pub summary: String,
    pub body: String,
    pub outcome: Option<String>,
    /// A contact's name at the account.
    pub contact: Option<String>,
    /// The file's id for the conversation, tying revisions together.
    pub source_id: Option<String>,
    /// 1 for the text first logged; later numbers are edits of it.
    pub revision: u32,
    /// When this text was logged (default: now).
    pub logged_at: Option<DateTime<Utc>>,
    /// Retracted: why, and when (default: now).
    pub retraction: Option<(String, Option<DateTime<Utc>>)>,
    /// Every retraction and restoration, oldest first (an export's
    /// `retractions`); when given, replayed instead of `retraction`.
    pub marks: Vec<Mark>,
}

/// A deal as `salesbench export deals` writes it (or a hand-made list:
/// absent times default to the import's now, the stage to the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealRow {
    pub customer: Customer,
    /// A contact's name at the account.
    pub contact: Option<String>,
    pub title: String,
    pub value: i64,
    /// A configured stage's key (the first one when the file has none).
    pub stage: String,
    pub probability: Option<u8>,
    pub expected_close_on: Option<NaiveDate>,
    pub rank: Rank,
    pub next_step: String,
    pub status: DealStatus,
    pub lost_reason: Option<LostReason>,
    pub lost_note: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub stage_entered_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A good row of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Account(AccountRow),
    Order(OrderRow),
    Conversation(ConversationRow),
    Deal(DealRow),
}
