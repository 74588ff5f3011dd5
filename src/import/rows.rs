//! One record → one typed row, or the problems that make it a bad row.
//! Pure: no store, so it runs on the reader thread.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use csv::ByteRecord;

use super::columns::{Columns, Field, Target};
use super::encoding::Encoding;
use super::values::{self, quote, Dates};
use crate::domain::model::{
    AccountFields, AccountKind, ConversationKind, Direction, Honorific, Problem as FieldProblem,
    Status,
};
use crate::domain::money::parse_amount;
use crate::store::import::{CustomerKey, MatchKey};

/// What is wrong with one cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The column's header as it is in the file.
    pub column: String,
    pub message: String,
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
    /// [`AccountRow::key`], normalised (on the reader thread).
    pub matching: MatchKey,
}

impl AccountRow {
    /// The fields of a new account made from this row.
    pub fn new_fields(&self) -> AccountFields {
        self.merged_onto(AccountFields::default())
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
}

/// A row of a call log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    pub customer: Customer,
    pub happened_at: DateTime<Utc>,
    pub kind: ConversationKind,
    pub direction: Direction,
    pub summary: String,
    pub body: String,
    pub outcome: Option<String>,
}

/// A good row of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Account(AccountRow),
    Order(OrderRow),
    Conversation(ConversationRow),
}

/// Turns records into rows for one file.
pub struct RowParser {
    pub target: Target,
    pub columns: Columns,
    pub encoding: Encoding,
    pub dates: Dates,
}

/// The cells of one record, decoded as they are asked for.
struct Cells<'a> {
    columns: &'a Columns,
    encoding: Encoding,
    rec: &'a ByteRecord,
    problems: Vec<Problem>,
}

impl Cells<'_> {
    fn problem(&mut self, f: Field, message: String) {
        let column = self.columns.header(f).to_string();
        self.problems.push(Problem { column, message });
    }

    /// The trimmed text of `f`'s cell; `None` when absent or empty.
    /// Line breaks inside a quoted cell become `\n`, as typed text has.
    fn text(&mut self, f: Field) -> Option<Cow<'_, str>> {
        let bytes = self.rec.get(self.columns.get(f)?)?;
        let owned = |s: &str| Cow::<str>::Owned(s.trim().replace("\r\n", "\n").replace('\r', "\n"));
        match self.encoding.decode(bytes) {
            Some(Cow::Borrowed(s)) if !s.contains('\r') => {
                Some(Cow::Borrowed(s.trim())).filter(|s| !s.is_empty())
            }
            Some(s) => Some(owned(&s)).filter(|s| !s.is_empty()),
            None => {
                let other = match self.encoding {
                    Encoding::Utf8 => "shift_jis",
                    Encoding::ShiftJis => "utf-8",
                };
                let message = format!(
                    "not valid {} text (try --encoding {other})",
                    self.encoding.name()
                );
                self.problem(f, message);
                None
            }
        }
    }

    fn string(&mut self, f: Field) -> Option<String> {
        self.text(f).map(Cow::into_owned)
    }

    /// Parse `f`'s cell with `parse`, recording a problem when it fails.
    fn parsed<T>(&mut self, f: Field, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let s = self.string(f)?;
        match parse(&s) {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(f, m);
                None
            }
        }
    }

    fn customer(&mut self) -> Customer {
        let mut c = Customer {
            code: self.string(Field::Code),
            email: self.string(Field::Email),
            phone: self.string(Field::Phone),
            name: self.string(Field::Name),
            reading: self.string(Field::Reading),
            matching: MatchKey::default(),
        };
        c.matching = MatchKey::of(&c.key());
        if c.first().is_none() {
            let column = [Field::Code, Field::Email, Field::Phone, Field::Name]
                .into_iter()
                .find(|f| self.columns.get(*f).is_some())
                .unwrap_or(Field::Name);
            self.problem(
                column,
                "unknown customer: no customer code, e-mail, phone or name".into(),
            );
        }
        c
    }
}

impl RowParser {
    /// One record: `Ok(None)` for a blank line (spreadsheets pad with `,,,`).
    pub fn parse(&mut self, rec: &ByteRecord) -> Result<Option<Row>, Vec<Problem>> {
        if rec.iter().all(|f| f.trim_ascii().is_empty()) {
            return Ok(None);
        }
        let RowParser {
            target,
            columns,
            encoding,
            dates,
        } = self;
        let mut c = Cells {
            columns,
            encoding: *encoding,
            rec,
            problems: Vec::new(),
        };
        let row = match target {
            Target::Accounts => account(&mut c).map(Row::Account),
            Target::Orders => order(&mut c, dates).map(Row::Order),
            Target::Conversations => conversation(&mut c, dates).map(Row::Conversation),
        };
        match row {
            Some(row) if c.problems.is_empty() => Ok(Some(row)),
            _ => Err(c.problems),
        }
    }
}

fn required<T>(c: &mut Cells<'_>, f: Field, v: Option<T>, what: &str) -> Option<T> {
    if v.is_none() && !c.problems.iter().any(|p| p.column == c.columns.header(f)) {
        c.problem(f, format!("missing {what}"));
    }
    v
}

fn account(c: &mut Cells<'_>) -> Option<AccountRow> {
    let name = c.string(Field::Name);
    let address = c.string(Field::Address);
    let postal = c.string(Field::PostalCode);
    let mut row = AccountRow {
        name: name.clone().unwrap_or_default(),
        reading: c.string(Field::Reading),
        code: c.string(Field::Code),
        kind: c.parsed(Field::Kind, values::account_kind),
        status: c.parsed(Field::Status, values::status),
        phone: c.string(Field::Phone),
        email: c.string(Field::Email),
        address: values::with_postal(address, postal),
        tags: c.text(Field::Tags).map(|t| values::tags(&t)),
        note: c.string(Field::Note),
        interval_days: c.parsed(Field::IntervalDays, values::interval_days),
        honorific: c.parsed(Field::Honorific, values::honorific),
        matching: MatchKey::default(),
    };
    row.matching = MatchKey::of(&row.key());
    required(c, Field::Name, name, "name")?;
    // The same checks `account add` makes, reported against the column.
    if let Err(e) = row.new_fields().normalised().validate() {
        let f = match e.field {
            "email" => Field::Email,
            "phone" => Field::Phone,
            "reading" => Field::Reading,
            "code" => Field::Code,
            _ => Field::Name,
        };
        let cell = c.string(f).unwrap_or_default();
        c.problem(f, field_problem(e.problem, &cell));
    }
    Some(row)
}

/// A domain validation problem in words, quoting the cell.
pub fn field_problem(p: FieldProblem, cell: &str) -> String {
    match p {
        FieldProblem::Required => "missing".into(),
        FieldProblem::NotAnEmail => format!("not an e-mail address: {}", quote(cell)),
        FieldProblem::NotAPhone => format!("not a phone number: {}", quote(cell)),
        FieldProblem::TooLong => format!(
            "too long (over {} characters)",
            crate::domain::model::MAX_LINE
        ),
        FieldProblem::Taken => {
            format!("customer code {} is already another account's", quote(cell))
        }
    }
}

fn date(c: &mut Cells<'_>, dates: &mut Dates) -> Option<DateTime<Utc>> {
    let d = c.parsed(Field::Date, |s| dates.parse(s));
    required(c, Field::Date, d, "date")
}

fn order(c: &mut Cells<'_>, dates: &mut Dates) -> Option<OrderRow> {
    let customer = c.customer();
    let ordered_at = date(c, dates);
    let amount = c.parsed(Field::Amount, |s| {
        parse_amount(s).map_err(|e| e.to_string())
    });
    let amount = required(c, Field::Amount, amount, "amount");
    let mut note = c.string(Field::Note).unwrap_or_default();
    if let Some(r) = c.string(Field::Receipt) {
        let label = c.columns.header(Field::Receipt).to_string();
        let sep = if note.is_empty() { "" } else { " " };
        note = format!("{note}{sep}({label}: {r})");
    }
    Some(OrderRow {
        customer,
        ordered_at: ordered_at?,
        amount: amount?,
        note,
    })
}

fn conversation(c: &mut Cells<'_>, dates: &mut Dates) -> Option<ConversationRow> {
    let customer = c.customer();
    let happened_at = date(c, dates);
    let kind = c.parsed(Field::Kind, values::conversation_kind);
    let direction = c.parsed(Field::Direction, values::direction);
    let summary = c.string(Field::Summary).unwrap_or_default();
    let body = c.string(Field::Body).unwrap_or_default();
    if summary.is_empty() && body.is_empty() {
        let f = match c.columns.get(Field::Summary) {
            Some(_) => Field::Summary,
            None => Field::Body,
        };
        c.problem(f, "missing summary (and body)".into());
    }
    Some(ConversationRow {
        customer,
        happened_at: happened_at?,
        kind: kind.unwrap_or(ConversationKind::Call),
        direction: direction.unwrap_or(Direction::Out),
        summary,
        body,
        outcome: c.string(Field::Outcome),
    })
}
