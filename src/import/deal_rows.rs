//! A row of a deals file (`salesbench export deals` or a hand-made
//! list): its cells read and checked against the configured stages, the
//! ranks, statuses and reasons a deal may have. Pure, like `rows`.

use chrono::{DateTime, NaiveDate, Utc};

use super::columns::Field;
use super::problem::{CellProblem, Choice, Missing};
use super::rows::{required, Cells};
use super::typed::{Customer, DealRow};
use super::values::{not_one_of, quote, word, Dates};
use crate::domain::deals::{DealStatus, LostReason, Rank, Stage};
use crate::domain::fold::fold;
use crate::domain::money::parse_amount_in;

/// `A` / `B` / `C` (full-width too).
pub fn rank(s: &str) -> Result<Rank, CellProblem> {
    word(
        s,
        &[(&["a"], Rank::A), (&["b"], Rank::B), (&["c"], Rank::C)],
    )
    .ok_or_else(|| not_one_of(Choice::Rank, s))
}

/// `open` / `won` / `lost`, or 進行中 / 受注 / 失注.
pub fn status(s: &str) -> Result<DealStatus, CellProblem> {
    word(
        s,
        &[
            (&["open", "進行中", "商談中"], DealStatus::Open),
            (&["won", "受注", "成約"], DealStatus::Won),
            (&["lost", "失注"], DealStatus::Lost),
        ],
    )
    .ok_or_else(|| not_one_of(Choice::DealStatus, s))
}

/// A reason `deal lost --reason` takes, or its Japanese label.
pub fn lost_reason(s: &str) -> Result<LostReason, CellProblem> {
    LostReason::parse(s)
        .ok()
        .or_else(|| {
            word(
                s,
                &[
                    (&["価格"], LostReason::Price),
                    (&["時期"], LostReason::Timing),
                    (&["競合"], LostReason::Competitor),
                    (&["予算なし"], LostReason::NoBudget),
                    (&["反応なし"], LostReason::NoResponse),
                    (&["その他"], LostReason::Other),
                ],
            )
        })
        .ok_or_else(|| not_one_of(Choice::LostReason, s))
}

/// A percent 0–100 (`70` or `70%`).
pub fn probability(s: &str) -> Result<u8, CellProblem> {
    let digits = s.trim().trim_end_matches(['%', '％']).trim();
    digits
        .parse::<u8>()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| not_one_of(Choice::Probability, s))
}

/// A calendar day: `2026-12-24` or `2026/12/24`.
pub fn day(s: &str) -> Result<NaiveDate, CellProblem> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y/%m/%d"))
        .map_err(|_| not_one_of(Choice::Day, s))
}

/// A configured stage by its key or its name in either language.
pub fn stage(s: &str, stages: &[Stage]) -> Result<String, CellProblem> {
    let key = fold(s);
    stages
        .iter()
        .find(|st| {
            [&st.key, &st.name_en, &st.name_ja]
                .iter()
                .any(|w| fold(w) == key)
        })
        .map(|st| st.key.clone())
        .ok_or_else(|| CellProblem::UnknownStage {
            cell: quote(s),
            stages: stages
                .iter()
                .map(|st| st.key.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// One deal row; `stages` are the configured pipeline's.
pub(super) fn deal(c: &mut Cells<'_>, dates: &mut Dates, stages: &[Stage]) -> Option<DealRow> {
    let customer: Customer = c.customer();
    let title = c.string(Field::Title);
    let title = required(c, Field::Title, title, Missing::Title);
    let currency = c.currency;
    if let Some(code) = c.string(Field::Currency) {
        if !code.trim().eq_ignore_ascii_case(currency.code) {
            let problem = CellProblem::OtherCurrency {
                row: code,
                database: currency.code,
            };
            c.problem(Field::Currency, problem);
        }
    }
    let value = c.parsed(Field::Value, |s| match parse_amount_in(s, currency) {
        Ok(v) if v < 0 => Err(CellProblem::Refused {
            key: "deals12.negative_value".into(),
        }),
        Ok(v) => Ok(v),
        Err(error) => Err(CellProblem::Amount { error, currency }),
    });
    let value = required(c, Field::Value, value, Missing::Value);
    let stage = c.parsed(Field::Stage, |s| stage(s, stages));
    let probability = c.parsed(Field::Probability, probability);
    let expected_close_on = c.parsed(Field::ExpectedCloseOn, day);
    let rank = c.parsed(Field::Rank, rank);
    let status = c.parsed(Field::Status, status).unwrap_or(DealStatus::Open);
    let lost_reason = c.parsed(Field::LostReason, lost_reason);
    if status == DealStatus::Lost {
        required(c, Field::LostReason, lost_reason, Missing::LostReason);
    }
    let mut instant =
        |c: &mut Cells<'_>, f: Field| -> Option<DateTime<Utc>> { c.parsed(f, |s| dates.parse(s)) };
    let closed_at = instant(c, Field::ClosedAt);
    let stage_entered_at = instant(c, Field::StageEnteredAt);
    let created_at = instant(c, Field::CreatedAt);
    let updated_at = instant(c, Field::UpdatedAt);
    Some(DealRow {
        customer,
        contact: c.string(Field::Contact),
        title: title?,
        value: value?,
        stage: stage.or_else(|| stages.first().map(|s| s.key.clone()))?,
        probability,
        expected_close_on,
        rank: rank.unwrap_or_default(),
        next_step: c.string(Field::NextStep).unwrap_or_default(),
        status,
        // A reopened deal forgets why it was lost; only a lost one keeps it.
        lost_reason: lost_reason.filter(|_| status == DealStatus::Lost),
        lost_note: c.string(Field::LostNote).unwrap_or_default(),
        closed_at: closed_at.filter(|_| status != DealStatus::Open),
        stage_entered_at,
        created_at,
        updated_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deal_words_are_read_in_both_languages() {
        assert_eq!(rank("ａ"), Ok(Rank::A));
        assert_eq!(status("失注"), Ok(DealStatus::Lost));
        assert_eq!(status("Won"), Ok(DealStatus::Won));
        assert_eq!(lost_reason("予算なし"), Ok(LostReason::NoBudget));
        assert_eq!(lost_reason("no_budget"), Ok(LostReason::NoBudget));
        assert_eq!(probability("70%"), Ok(70));
        assert!(probability("101").is_err());
        assert!(rank("D").is_err());
        assert!(status("maybe").is_err());
        assert_eq!(
            day("2026/12/24").ok(),
            NaiveDate::from_ymd_opt(2026, 12, 24)
        );
        assert!(day("2026-13-01").is_err());
    }
}
