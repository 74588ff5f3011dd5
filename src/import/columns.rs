//! Which column holds which field: common English and Japanese headers
//! (including the ones `salesbench export` writes), overridden by `--map`.

use crate::domain::fold::fold;

/// What a column of an imported file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Code,
    Name,
    Reading,
    Kind,
    Status,
    Phone,
    Email,
    Address,
    PostalCode,
    Tags,
    Note,
    IntervalDays,
    Honorific,
    Date,
    Amount,
    Receipt,
    Direction,
    Summary,
    Body,
    Outcome,
    Archived,
    LapseReason,
    ConversationId,
    Revision,
    LoggedAt,
    Retracted,
    RetractReason,
    RetractedAt,
    Contact,
    /// Every retraction / void and restoration, as `export` writes them.
    Retractions,
    /// The ISO 4217 code of a row's amount, as `export orders` writes it.
    Currency,
    Title,
    Value,
    Stage,
    Probability,
    ExpectedCloseOn,
    Rank,
    NextStep,
    LostReason,
    LostNote,
    ClosedAt,
    StageEnteredAt,
    CreatedAt,
    UpdatedAt,
}

/// Number of [`Field`] values (the size of a per-field table).
pub const FIELD_COUNT: usize = 44;

const ALL: [Field; FIELD_COUNT] = [
    Field::Code,
    Field::Name,
    Field::Reading,
    Field::Kind,
    Field::Status,
    Field::Phone,
    Field::Email,
    Field::Address,
    Field::PostalCode,
    Field::Tags,
    Field::Note,
    Field::IntervalDays,
    Field::Honorific,
    Field::Date,
    Field::Amount,
    Field::Receipt,
    Field::Direction,
    Field::Summary,
    Field::Body,
    Field::Outcome,
    Field::Archived,
    Field::LapseReason,
    Field::ConversationId,
    Field::Revision,
    Field::LoggedAt,
    Field::Retracted,
    Field::RetractReason,
    Field::RetractedAt,
    Field::Contact,
    Field::Retractions,
    Field::Currency,
    Field::Title,
    Field::Value,
    Field::Stage,
    Field::Probability,
    Field::ExpectedCloseOn,
    Field::Rank,
    Field::NextStep,
    Field::LostReason,
    Field::LostNote,
    Field::ClosedAt,
    Field::StageEnteredAt,
    Field::CreatedAt,
    Field::UpdatedAt,
];

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Accounts,
    Orders,
    Conversations,
    Deals,
}

impl Target {
    /// The word used in messages: "accounts", "orders", "conversations".
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Accounts => "accounts",
            Target::Orders => "orders",
            Target::Conversations => "conversations",
            Target::Deals => "deals",
        }
    }

    /// The fields a file of this kind can hold.
    #[rustfmt::skip]
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Target::Accounts => &[
                Code, Name, Reading, Kind, Status, Phone, Email, Address, PostalCode, Tags, Note,
                IntervalDays, Honorific, Archived, LapseReason,
            ],
            Target::Orders => &[
                Date, Amount, Code, Name, Reading, Email, Phone, Note, Receipt, Retracted,
                RetractReason, RetractedAt, Retractions, Currency,
            ],
            Target::Conversations => &[
                Date, Kind, Direction, Summary, Body, Outcome, Code, Name, Reading, Email, Phone,
                ConversationId, Revision, LoggedAt, Retracted, RetractReason, RetractedAt, Contact,
                Retractions,
            ],
            Target::Deals => &[
                Title, Value, Currency, Stage, Probability, ExpectedCloseOn, Rank, NextStep,
                Status, LostReason, LostNote, ClosedAt, StageEnteredAt, CreatedAt, UpdatedAt,
                Code, Name, Reading, Email, Phone, Contact,
            ],
        }
    }
}

impl Field {
    /// The name `--map` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name => "name",
            Field::Reading => "reading",
            Field::Kind => "kind",
            Field::Status => "status",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Address => "address",
            Field::PostalCode => "postal_code",
            Field::Tags => "tags",
            Field::Note => "note",
            Field::IntervalDays => "interval_days",
            Field::Honorific => "honorific",
            Field::Date => "date",
            Field::Amount => "amount",
            Field::Receipt => "receipt",
            Field::Direction => "direction",
            Field::Summary => "summary",
            Field::Body => "body",
            Field::Outcome => "outcome",
            Field::Archived => "archived",
            Field::LapseReason => "lapse_reason",
            Field::ConversationId => "conversation_id",
            Field::Revision => "revision",
            Field::LoggedAt => "logged_at",
            Field::Retracted => "retracted",
            Field::RetractReason => "retract_reason",
            Field::RetractedAt => "retracted_at",
            Field::Contact => "contact",
            Field::Retractions => "retractions",
            Field::Currency => "currency",
            Field::Title => "title",
            Field::Value => "value",
            Field::Stage => "stage",
            Field::Probability => "probability",
            Field::ExpectedCloseOn => "expected_close_on",
            Field::Rank => "rank",
            Field::NextStep => "next_step",
            Field::LostReason => "lost_reason",
            Field::LostNote => "lost_note",
            Field::ClosedAt => "closed_at",
            Field::StageEnteredAt => "stage_entered_at",
            Field::CreatedAt => "created_at",
            Field::UpdatedAt => "updated_at",
        }
    }

    /// The field's name in the operator's language (the TUI's column
    /// mapping and the import report); `as_str` stays the `--map` word.
    pub fn label(self, i18n: &crate::i18n::I18n) -> String {
        if (self as usize) >= Field::Title as usize {
            // The deal fields came later, with their own catalogue table.
            return i18n.t(&format!("deals_io12.field_{}", self.as_str()));
        }
        i18n.t(&format!("importfield.{}", self.as_str()))
    }

    /// Every field.
    pub fn all() -> &'static [Field] {
        &ALL
    }

    /// Headers recognised for this field in a file of `target`.
    fn headers(self, target: Target) -> &'static [&'static str] {
        super::headers::headers(self, target)
    }
}

/// `--map` field names (also `ignore`), as typed.
pub fn parse_field(s: &str, target: Target) -> Result<Option<Field>, ColumnProblem> {
    let key = s.trim().to_ascii_lowercase().replace('-', "_");
    if matches!(key.as_str(), "ignore" | "skip" | "none") {
        return Ok(None);
    }
    match ALL.iter().find(|f| f.as_str() == key) {
        Some(f) if target.fields().contains(f) => Ok(Some(*f)),
        _ => Err(ColumnProblem::UnknownField {
            value: s.to_string(),
            target,
        }),
    }
}

/// Why the columns of a file do not do for an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnProblem {
    /// `--map X=FIELD` with a field this kind of file does not have.
    UnknownField { value: String, target: Target },
    /// `--map` without `COLUMN=FIELD`.
    MapSyntax { value: String },
    /// `--map COLUMN=...` naming no column of the file.
    NoSuchColumn { column: String, headers: String },
    /// Two columns mapped to one field.
    MappedTwice { field: Field },
    /// None of `fields` was found (the first is the one to map).
    NoColumn {
        target: Target,
        fields: Vec<Field>,
        headers: String,
    },
}

impl ColumnProblem {
    /// In the operator's language.
    pub fn text(&self, i18n: &crate::i18n::I18n) -> String {
        let names = |fields: &[Field]| {
            fields
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            ColumnProblem::UnknownField { value, target } => {
                let mut choices = names(target.fields());
                choices.push_str(", ignore");
                i18n.f(
                    "filep.unknown_field",
                    &[
                        ("value", &crate::domain::text::sanitize(value)),
                        ("target", target.as_str()),
                        ("choices", &choices),
                    ],
                )
            }
            ColumnProblem::MapSyntax { value } => i18n.f(
                "filep.map_syntax",
                &[("value", &crate::domain::text::sanitize(value))],
            ),
            ColumnProblem::NoSuchColumn { column, headers } => i18n.f(
                "filep.no_such_column",
                &[
                    ("column", &crate::domain::text::sanitize(column)),
                    ("headers", headers),
                ],
            ),
            ColumnProblem::MappedTwice { field } => {
                i18n.f("filep.mapped_twice", &[("field", field.as_str())])
            }
            ColumnProblem::NoColumn {
                target,
                fields,
                headers,
            } => {
                let wanted: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        // Two English and two Japanese headers as examples.
                        let all = f.headers(*target);
                        let examples: Vec<&str> = (all.iter().filter(|h| h.is_ascii()).take(2))
                            .chain(all.iter().filter(|h| !h.is_ascii()).take(2))
                            .copied()
                            .collect();
                        format!("{} ({} ...)", f.as_str(), examples.join(", "))
                    })
                    .collect();
                let first = fields.first().map_or("name", |f| f.as_str());
                i18n.f(
                    "filep.no_column",
                    &[
                        ("fields", &names(fields)),
                        ("wanted", &wanted.join(" / ")),
                        ("headers", headers),
                        ("first", first),
                    ],
                )
            }
        }
    }
}

/// A header as compared: folded (NFKC, lower case, katakana as hiragana),
/// without spaces, `_ - . ・ /`, and without a trailing `(...)` / `[...]`,
/// so `金額（税込）`, `Customer_Code` and `ＴＥＬ` are recognised.
pub fn header_key(h: &str) -> String {
    let folded = fold(h.trim_start_matches('\u{feff}'));
    let cut = folded
        .find(['(', '[', '【'])
        .filter(|&i| i > 0)
        .unwrap_or(folded.len());
    folded[..cut]
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '・' | '/' | '#'))
        .collect()
}

/// Why a column of the file is not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unused {
    /// Another column was taken for this field.
    Duplicate(Field),
    /// No field's header looks like it.
    NotRecognised,
    /// `--map COLUMN=ignore`.
    MappedToIgnore,
}

impl Unused {
    /// In the operator's language.
    pub fn text(self, i18n: &crate::i18n::I18n) -> String {
        match self {
            Unused::Duplicate(f) => i18n.f("importr.unused_also", &[("field", &f.label(i18n))]),
            Unused::NotRecognised => i18n.t("importr.unused_not_recognised"),
            Unused::MappedToIgnore => i18n.t("importr.unused_map_ignore"),
        }
    }
}

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            slot: [None; FIELD_COUNT],
            headers: Vec::new(),
            ignored: Vec::new(),
        }
    }
}

/// Where each field is, by column index, and what was left out and why.
#[derive(Debug, Clone)]
pub struct Columns {
    slot: [Option<usize>; FIELD_COUNT],
    /// The header text of each column, as in the file.
    pub headers: Vec<String>,
    /// Columns not used, with why.
    pub ignored: Vec<(String, Unused)>,
}

impl Columns {
    /// Recognise `headers` for `target`; `maps` (column, field or `None` to
    /// ignore) win over recognition. A `--map` column may be a header name
    /// or a 1-based column number.
    pub fn recognise(
        headers: Vec<String>,
        target: Target,
        maps: &[(String, Option<Field>)],
    ) -> Result<Columns, ColumnProblem> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let mut assigned: Vec<Option<Option<Field>>> = vec![None; headers.len()];
        for (column, field) in maps {
            let at = headers
                .iter()
                .position(|h| h.trim() == column.trim())
                .or_else(|| keys.iter().position(|k| *k == header_key(column)))
                .or_else(|| {
                    column
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=headers.len()).contains(n))
                        .map(|n| n - 1)
                })
                .ok_or_else(|| ColumnProblem::NoSuchColumn {
                    column: column.clone(),
                    headers: list(&headers),
                })?;
            assigned[at] = Some(*field);
        }
        let mut cols = Columns {
            headers,
            ..Default::default()
        };
        for (i, a) in assigned.iter().enumerate() {
            if let Some(Some(f)) = a {
                if cols.slot[*f as usize].replace(i).is_some() {
                    return Err(ColumnProblem::MappedTwice { field: *f });
                }
            }
        }
        // The earlier a header is in a field's list, the surer the match: a
        // column goes to the field that lists it first, and a field to the
        // column it ranks best (`account_code` over `customer id`), the
        // earlier column among equals.
        let mut best: Vec<Option<(usize, Field)>> = vec![None; keys.len()];
        for (i, key) in keys.iter().enumerate() {
            if assigned[i].is_some() || key.is_empty() {
                continue;
            }
            best[i] = target
                .fields()
                .iter()
                .filter_map(|f| {
                    f.headers(target)
                        .iter()
                        .position(|h| header_key(h) == *key)
                        .map(|rank| (rank, *f))
                })
                .min_by_key(|(rank, _)| *rank);
        }
        let mut order: Vec<usize> = (0..keys.len()).filter(|i| best[*i].is_some()).collect();
        order.sort_by_key(|i| (best[*i].map(|(rank, _)| rank), *i));
        for i in order {
            if let Some((_, f)) = best[i] {
                if cols.slot[f as usize].is_none() {
                    cols.slot[f as usize] = Some(i);
                }
            }
        }
        for (i, b) in best.iter().enumerate() {
            let why = match b {
                _ if assigned[i].is_some() => continue,
                Some((_, f)) if cols.slot[*f as usize] == Some(i) => continue,
                Some((_, f)) => Unused::Duplicate(*f),
                None => Unused::NotRecognised,
            };
            cols.ignored.push((cols.headers[i].clone(), why));
        }
        for (i, a) in assigned.iter().enumerate() {
            if let Some(None) = a {
                cols.ignored
                    .push((cols.headers[i].clone(), Unused::MappedToIgnore));
            }
        }
        Ok(cols)
    }

    /// The column holding `f`, if any.
    pub fn get(&self, f: Field) -> Option<usize> {
        self.slot[f as usize]
    }

    /// The header of the column holding `f` (for messages), else the field name.
    pub fn header(&self, f: Field) -> &str {
        self.get(f)
            .and_then(|i| self.headers.get(i))
            .map_or(f.as_str(), |h| h.as_str())
    }

    /// Check the fields a `target` file cannot do without are there.
    pub fn require(&self, target: Target) -> Result<(), ColumnProblem> {
        let need = |f: Field| -> Result<(), ColumnProblem> {
            match self.get(f) {
                Some(_) => Ok(()),
                None => Err(self.missing(target, &[f])),
            }
        };
        let keys = [Field::Code, Field::Email, Field::Phone, Field::Name];
        match target {
            Target::Accounts => need(Field::Name),
            Target::Deals => {
                need(Field::Title)?;
                need(Field::Value)?;
                if keys.iter().all(|f| self.get(*f).is_none()) {
                    return Err(self.missing(target, &keys));
                }
                Ok(())
            }
            Target::Orders | Target::Conversations => {
                need(Field::Date)?;
                if target == Target::Orders {
                    need(Field::Amount)?;
                } else if self.get(Field::Summary).is_none() && self.get(Field::Body).is_none() {
                    return Err(self.missing(target, &[Field::Summary, Field::Body]));
                }
                if keys.iter().all(|f| self.get(*f).is_none()) {
                    return Err(self.missing(target, &keys));
                }
                Ok(())
            }
        }
    }

    fn missing(&self, target: Target, fields: &[Field]) -> ColumnProblem {
        ColumnProblem::NoColumn {
            target,
            fields: fields.to_vec(),
            headers: list(&self.headers),
        }
    }
}

/// Headers for a message: sanitised, shortened, at most 12.
pub fn list(headers: &[String]) -> String {
    let mut shown: Vec<String> = headers
        .iter()
        .take(12)
        .map(|h| {
            format!(
                "{:?}",
                crate::domain::text::truncate(&crate::domain::text::sanitize(h), 30)
            )
        })
        .collect();
    if headers.len() > 12 {
        shown.push(format!("... ({} columns)", headers.len()));
    }
    shown.join(", ")
}

#[cfg(test)]
#[path = "columns_tests.rs"]
mod tests;
