//! One record → one typed row, or the problems that make it a bad row.
//! Pure: no store, so it runs on the reader thread.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use csv::ByteRecord;

use super::columns::{header_key, Columns, Field, Target};
use super::encoding::Encoding;
use super::problem::{CellProblem, Choice, Missing};
use super::values::{self, quote, Dates};
use crate::domain::kind::infer_kind;
use crate::domain::limits::text_problem;
use crate::domain::model::{ConversationKind, Direction};
use crate::domain::money::{parse_amount_in, Currency};
use crate::export::formula::restore;
use crate::store::import::MatchKey;

pub use super::typed::{AccountRow, ConversationRow, Customer, DealRow, OrderRow, Problem, Row};

/// Turns records into rows for one file.
pub struct RowParser {
    pub target: Target,
    pub columns: Columns,
    pub encoding: Encoding,
    pub dates: Dates,
    /// The currency amounts are read in (the database's).
    pub currency: Currency,
    /// The configured pipeline's stages (deals).
    pub stages: Vec<crate::domain::deals::Stage>,
}

/// The cells of one record, decoded as they are asked for.
pub(super) struct Cells<'a> {
    columns: &'a Columns,
    encoding: Encoding,
    rec: &'a ByteRecord,
    problems: Vec<Problem>,
    pub(super) currency: Currency,
}

impl<'a> Cells<'a> {
    pub(super) fn problem(&mut self, f: Field, problem: CellProblem) {
        let column = self.columns.header(f).to_string();
        self.problems.push(Problem { column, problem });
    }

    /// The trimmed text of `f`'s cell; `None` when absent or empty.
    /// Line breaks inside a quoted cell become `\n`, as typed text has; a
    /// byte-order mark inside the file (two files pasted together) is not
    /// text and is dropped; the `'` a CSV export puts before a formula is
    /// taken off. A cell no stored text may hold (a NUL, over 16 MB) is a
    /// problem in that column.
    pub(super) fn text(&mut self, f: Field) -> Option<Cow<'a, str>> {
        let bytes = self.rec.get(self.columns.get(f)?)?;
        let Some(s) = self.encoding.decode(bytes) else {
            let other = match self.encoding {
                Encoding::Utf8 => "shift_jis",
                Encoding::ShiftJis => "utf-8",
            };
            let problem = CellProblem::NotText {
                encoding: self.encoding.name(),
                other,
            };
            self.problem(f, problem);
            return None;
        };
        if let Some(p) = text_problem(&s) {
            let cell = String::new();
            self.problem(f, CellProblem::Field { problem: p, cell });
            return None;
        }
        let s = match s {
            Cow::Borrowed(s) if !s.contains(['\r', '\u{feff}']) => Cow::Borrowed(restore(s.trim())),
            s => {
                let s = s.replace('\u{feff}', "");
                Cow::Owned(restore(s.trim()).replace("\r\n", "\n").replace('\r', "\n"))
            }
        };
        Some(s).filter(|s| !s.is_empty())
    }

    pub(super) fn string(&mut self, f: Field) -> Option<String> {
        self.text(f).map(Cow::into_owned)
    }

    /// Parse `f`'s cell with `parse`, recording a problem when it fails.
    pub(super) fn parsed<T>(
        &mut self,
        f: Field,
        parse: impl FnOnce(&str) -> Result<T, CellProblem>,
    ) -> Option<T> {
        let s = self.string(f)?;
        match parse(&s) {
            Ok(v) => Some(v),
            Err(m) => {
                self.problem(f, m);
                None
            }
        }
    }

    pub(super) fn customer(&mut self) -> Customer {
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
            self.problem(column, CellProblem::Missing(Missing::Customer));
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
            currency,
            stages,
        } = self;
        let mut c = Cells {
            columns,
            encoding: *encoding,
            rec,
            problems: Vec::new(),
            currency: *currency,
        };
        let row = match target {
            Target::Accounts => account(&mut c).map(Row::Account),
            Target::Orders => order(&mut c, dates).map(Row::Order),
            Target::Conversations => conversation(&mut c, dates).map(Row::Conversation),
            Target::Deals => super::deal_rows::deal(&mut c, dates, stages).map(Row::Deal),
        };
        match row {
            Some(row) if c.problems.is_empty() => Ok(Some(row)),
            _ => Err(c.problems),
        }
    }
}

pub(super) fn required<T>(c: &mut Cells<'_>, f: Field, v: Option<T>, what: Missing) -> Option<T> {
    if v.is_none() && !c.problems.iter().any(|p| p.column == c.columns.header(f)) {
        c.problem(f, CellProblem::Missing(what));
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
        archived: c.parsed(Field::Archived, values::yes_no),
        lapse_reason: c.parsed(Field::LapseReason, values::lapse_reason),
        inferred_kind: None,
        matching: MatchKey::default(),
    };
    if c.columns.get(Field::Kind).is_none() {
        let header = header_key(c.columns.header(Field::Name));
        row.inferred_kind = name.as_deref().map(|n| infer_kind(n, &header));
    }
    row.matching = MatchKey::of(&row.key());
    required(c, Field::Name, name, Missing::Name)?;
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
        c.problem(
            f,
            CellProblem::Field {
                problem: e.problem,
                cell: quote(&cell),
            },
        );
    }
    Some(row)
}

fn date(c: &mut Cells<'_>, dates: &mut Dates) -> Option<DateTime<Utc>> {
    let d = c.parsed(Field::Date, |s| dates.parse(s));
    required(c, Field::Date, d, Missing::Date)
}

fn order(c: &mut Cells<'_>, dates: &mut Dates) -> Option<OrderRow> {
    let customer = c.customer();
    let ordered_at = date(c, dates);
    let currency = c.currency;
    // An export says which currency its amounts are in: another one's
    // numbers would be read wrong (12000 yen as $12,000.00), so not at all.
    if let Some(code) = c.string(Field::Currency) {
        if !code.trim().eq_ignore_ascii_case(currency.code) {
            let problem = CellProblem::OtherCurrency {
                row: code,
                database: currency.code,
            };
            c.problem(Field::Currency, problem);
        }
    }
    let amount = c.parsed(Field::Amount, |s| {
        parse_amount_in(s, currency).map_err(|error| CellProblem::Amount { error, currency })
    });
    let amount = required(c, Field::Amount, amount, Missing::Amount);
    let mut note = c.string(Field::Note).unwrap_or_default();
    if let Some(r) = c.string(Field::Receipt) {
        let label = c.columns.header(Field::Receipt).to_string();
        let sep = if note.is_empty() { "" } else { " " };
        note = format!("{note}{sep}({label}: {r})");
    }
    // An orders export marks voided orders: they come back voided.
    let void = match c.parsed(Field::Retracted, values::yes_no) {
        Some(true) => {
            let reason = c.string(Field::RetractReason);
            let reason = required(c, Field::RetractReason, reason, Missing::VoidReason)?;
            Some((reason, c.parsed(Field::RetractedAt, |s| dates.parse(s))))
        }
        _ => None,
    };
    let marks = c.parsed(Field::Retractions, values::marks);
    Some(OrderRow {
        customer,
        ordered_at: ordered_at?,
        amount: amount?,
        note,
        void,
        marks: marks.unwrap_or_default(),
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
        c.problem(f, CellProblem::Missing(Missing::SummaryOrBody));
    }
    let revision = c.parsed(Field::Revision, |s| {
        s.parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| CellProblem::NotOneOf {
                choice: Choice::Revision,
                cell: quote(s),
            })
    });
    let logged_at = c.parsed(Field::LoggedAt, |s| dates.parse(s));
    let retraction = match c.parsed(Field::Retracted, values::yes_no) {
        Some(true) => {
            let reason = c.string(Field::RetractReason);
            let reason = required(c, Field::RetractReason, reason, Missing::RetractReason)?;
            Some((reason, c.parsed(Field::RetractedAt, |s| dates.parse(s))))
        }
        _ => None,
    };
    Some(ConversationRow {
        customer,
        happened_at: happened_at?,
        kind: kind.unwrap_or(ConversationKind::Call),
        direction: direction.unwrap_or(Direction::Out),
        summary,
        body,
        outcome: c.string(Field::Outcome),
        contact: c.string(Field::Contact),
        source_id: c.string(Field::ConversationId),
        revision: revision.unwrap_or(1),
        logged_at,
        retraction,
        marks: c
            .parsed(Field::Retractions, values::marks)
            .unwrap_or_default(),
    })
}
