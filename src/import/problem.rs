//! What is wrong with one cell of an import, typed until it is shown. One
//! place, [`CellProblem::text`], puts it in the operator's language, for
//! the CLI's report, the TUI's preview and the refusal of a whole file.

use crate::domain::model::Problem as FieldProblem;
use crate::domain::money::{AmountError, Currency};
use crate::domain::when::WhenError;
use crate::i18n::I18n;
use crate::store::import::MatchedBy;

/// A word a cell should have been, with the words it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    AccountKind,
    Status,
    Honorific,
    ConversationKind,
    Direction,
    YesNo,
    LapseReason,
    Days,
    Revision,
    Rank,
    DealStatus,
    LostReason,
    Probability,
    Day,
}

impl Choice {
    pub const ALL: [Choice; 14] = [
        Choice::AccountKind,
        Choice::Status,
        Choice::Honorific,
        Choice::ConversationKind,
        Choice::Direction,
        Choice::YesNo,
        Choice::LapseReason,
        Choice::Days,
        Choice::Revision,
        Choice::Rank,
        Choice::DealStatus,
        Choice::LostReason,
        Choice::Probability,
        Choice::Day,
    ];

    fn key(self) -> &'static str {
        match self {
            Choice::AccountKind => "cell.not_account_kind",
            Choice::Status => "cell.not_status",
            Choice::Honorific => "cell.not_honorific",
            Choice::ConversationKind => "cell.not_conversation_kind",
            Choice::Direction => "cell.not_direction",
            Choice::YesNo => "cell.not_yes_no",
            Choice::LapseReason => "cell.not_lapse_reason",
            Choice::Days => "cell.not_days",
            Choice::Revision => "cell.not_revision",
            Choice::Rank => "deals_io12.not_rank",
            Choice::DealStatus => "deals_io12.not_status",
            Choice::LostReason => "deals_io12.not_lost_reason",
            Choice::Probability => "deals_io12.not_probability",
            Choice::Day => "deals_io12.not_day",
        }
    }
}

/// What a required cell was missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Name,
    Date,
    Amount,
    VoidReason,
    RetractReason,
    SummaryOrBody,
    Customer,
    Title,
    Value,
    LostReason,
}

impl Missing {
    pub const ALL: [Missing; 10] = [
        Missing::Name,
        Missing::Date,
        Missing::Amount,
        Missing::VoidReason,
        Missing::RetractReason,
        Missing::SummaryOrBody,
        Missing::Customer,
        Missing::Title,
        Missing::Value,
        Missing::LostReason,
    ];

    fn key(self) -> &'static str {
        match self {
            Missing::Name => "cell.missing_name",
            Missing::Date => "cell.missing_date",
            Missing::Amount => "cell.missing_amount",
            Missing::VoidReason => "cell.missing_void_reason",
            Missing::RetractReason => "cell.missing_retract_reason",
            Missing::SummaryOrBody => "cell.missing_summary",
            Missing::Customer => "cell.missing_customer",
            Missing::Title => "deals_io12.missing_title",
            Missing::Value => "deals_io12.missing_value",
            Missing::LostReason => "deals_io12.missing_lost_reason",
        }
    }
}

/// One cell's problem. `cell` fields hold the cell already quoted for a
/// message (see `values::quote`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    /// The bytes are not text in the file's encoding.
    NotText {
        encoding: &'static str,
        other: &'static str,
    },
    Missing(Missing),
    NotOneOf {
        choice: Choice,
        cell: String,
    },
    /// A domain rule on an account field (e-mail, phone, length, ...).
    Field {
        problem: FieldProblem,
        cell: String,
    },
    Date {
        cell: String,
        why: WhenError,
    },
    FutureDate {
        cell: String,
        local: String,
    },
    /// The `retractions` cell of an export is not what an export writes.
    Marks {
        cell: String,
    },
    Amount {
        error: AmountError,
        currency: Currency,
    },
    /// An export in another currency.
    OtherCurrency {
        row: String,
        database: &'static str,
    },
    /// A deal stage the configured pipeline does not have.
    UnknownStage {
        cell: String,
        stages: String,
    },
    /// A later revision whose conversation's rows did not come just before.
    RevisionOutOfPlace {
        revision: u32,
        source: String,
    },
    UnknownCustomer {
        by: MatchedBy,
        cell: String,
        /// Orders can make the account (`--create-missing`).
        can_create: bool,
    },
    /// `--create-missing` with no name to give the new account.
    UnknownCustomerNoName,
    AmbiguousCustomer {
        by: MatchedBy,
        count: usize,
    },
    /// The store refused the row; the key is the catalogue's.
    Refused {
        key: String,
    },
    /// The store refused the row in words already in the operator's
    /// language (see `messages`).
    Said(String),
}

fn by_key(by: MatchedBy) -> &'static str {
    match by {
        MatchedBy::Code => "cell.by_code",
        MatchedBy::Email => "cell.by_email",
        MatchedBy::Phone => "cell.by_phone",
        MatchedBy::Name => "cell.by_name",
    }
}

impl CellProblem {
    /// The problem in the operator's language.
    pub fn text(&self, i18n: &I18n) -> String {
        match self {
            CellProblem::NotText { encoding, other } => {
                i18n.f("cell.not_text", &[("encoding", encoding), ("other", other)])
            }
            CellProblem::Missing(m) => i18n.t(m.key()),
            CellProblem::NotOneOf { choice, cell } => i18n.f(choice.key(), &[("cell", cell)]),
            CellProblem::Field { problem, cell } => match problem {
                FieldProblem::TooLong => i18n.f(
                    "cell.too_long",
                    &[("max", &crate::domain::model::MAX_LINE.to_string())],
                ),
                FieldProblem::NotAnEmail => i18n.f("cell.not_email", &[("cell", cell)]),
                FieldProblem::NotAPhone => i18n.f("cell.not_phone", &[("cell", cell)]),
                FieldProblem::Taken => i18n.f("cell.code_taken", &[("cell", cell)]),
                p => i18n.t(p.key()),
            },
            CellProblem::Date { cell, why } => i18n.f(
                "cell.bad_date",
                &[("cell", cell), ("why", &i18n.when_error(why))],
            ),
            CellProblem::FutureDate { cell, local } => {
                i18n.f("cell.future_date", &[("cell", cell), ("local", local)])
            }
            CellProblem::Marks { cell } => i18n.f("cell.bad_marks", &[("cell", cell)]),
            CellProblem::Amount { error, currency } => i18n.amount_error(error, *currency),
            CellProblem::OtherCurrency { row, database } => i18n.f(
                "currency.import_other",
                &[("row", row), ("database", database)],
            ),
            CellProblem::UnknownStage { cell, stages } => i18n.f(
                "deals_io12.unknown_stage",
                &[("cell", cell), ("stages", stages)],
            ),
            CellProblem::RevisionOutOfPlace { revision, source } => i18n.f(
                "cell.revision_out_of_place",
                &[("revision", &revision.to_string()), ("source", source)],
            ),
            CellProblem::UnknownCustomer {
                by,
                cell,
                can_create,
            } => i18n.f(
                if *can_create {
                    "cell.unknown_customer_orders"
                } else {
                    "cell.unknown_customer"
                },
                &[("by", &i18n.t(by_key(*by))), ("cell", cell)],
            ),
            CellProblem::UnknownCustomerNoName => i18n.t("cell.unknown_customer_no_name"),
            CellProblem::AmbiguousCustomer { by, count } => i18n.f(
                "cell.ambiguous_customer",
                &[("by", &i18n.t(by_key(*by))), ("count", &count.to_string())],
            ),
            CellProblem::Refused { key } => i18n.t(key),
            CellProblem::Said(words) => words.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use crate::i18n::Lang;

    /// One of every kind of problem (and every choice, every missing
    /// field, every way of matching a customer).
    fn every_problem() -> Vec<CellProblem> {
        let cell = "\"x\"".to_string();
        let mut all: Vec<CellProblem> = vec![
            CellProblem::NotText {
                encoding: "utf-8",
                other: "shift_jis",
            },
            CellProblem::Date {
                cell: cell.clone(),
                why: WhenError::NoSuchDate("13/45".into()),
            },
            CellProblem::FutureDate {
                cell: cell.clone(),
                local: "2027-01-01 09:00".into(),
            },
            CellProblem::Marks { cell: cell.clone() },
            CellProblem::Amount {
                error: AmountError::NotANumber("abc".into()),
                currency: Currency::JPY,
            },
            CellProblem::OtherCurrency {
                row: "USD".into(),
                database: "JPY",
            },
            CellProblem::RevisionOutOfPlace {
                revision: 2,
                source: cell.clone(),
            },
            CellProblem::UnknownCustomerNoName,
            CellProblem::UnknownStage {
                cell: cell.clone(),
                stages: "lead, proposal".into(),
            },
            CellProblem::Refused {
                key: "problem.required".into(),
            },
        ];
        all.extend(Missing::ALL.map(CellProblem::Missing));
        all.extend(Choice::ALL.map(|choice| CellProblem::NotOneOf {
            choice,
            cell: cell.clone(),
        }));
        for problem in [
            FieldProblem::Required,
            FieldProblem::NotAnEmail,
            FieldProblem::NotAPhone,
            FieldProblem::TooLong,
            FieldProblem::Taken,
            FieldProblem::HasNul,
            FieldProblem::TooLarge,
        ] {
            all.push(CellProblem::Field {
                problem,
                cell: cell.clone(),
            });
        }
        for by in [
            MatchedBy::Code,
            MatchedBy::Email,
            MatchedBy::Phone,
            MatchedBy::Name,
        ] {
            for can_create in [false, true] {
                all.push(CellProblem::UnknownCustomer {
                    by,
                    cell: cell.clone(),
                    can_create,
                });
            }
            all.push(CellProblem::AmbiguousCustomer { by, count: 2 });
        }
        all
    }

    #[test]
    fn every_problem_has_words_in_both_languages_and_no_english_in_japanese() {
        let (en, ja) = (I18n::new(Lang::En), I18n::new(Lang::Ja));
        for p in every_problem() {
            let (e, j) = (p.text(&en), p.text(&ja));
            for text in [&e, &j] {
                assert!(
                    !text.contains("cell.") && !text.contains('{'),
                    "{p:?}: a key or a placeholder left: {text}"
                );
            }
            assert_ne!(e, j, "{p:?}: the same in both languages");
            // Japanese words, not English ones: no run of four ASCII
            // letters outside what was quoted or named by a flag.
            let bare = j
                .replace("\"x\"", "")
                .replace("--create-missing", "")
                .replace("--encoding", "")
                .replace("shift_jis", "")
                .replace("utf-8", "")
                .replace("USD", "")
                .replace("JPY", "")
                .replace("lead, proposal", "");
            let english = bare
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() >= 4);
            assert!(!english, "{p:?}: English in Japanese: {j}");
        }
    }
}
