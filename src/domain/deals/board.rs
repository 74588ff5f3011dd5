//! The Pipeline screen's data: the open deals in one column per stage,
//! best prospects first, with each column's total and weighted total.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Deal, Pipeline, Score, Stage};

/// An open deal with what the screen shows beside its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardDeal {
    pub deal: Deal,
    pub probability: u8,
    pub weighted_value: i64,
    /// Untouched for longer than its stage's limit.
    pub rotting: bool,
    pub days_in_stage: i64,
    /// Days its expected close date lies behind today (0: not overdue).
    pub days_overdue: i64,
    pub score: Score,
}

/// One stage's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageColumn {
    pub stage: Stage,
    /// False for a stage the configuration no longer has: its deals are
    /// shown apart, after the configured stages, never lost.
    pub configured: bool,
    /// Highest score first.
    pub deals: Vec<BoardDeal>,
    pub total: i64,
    pub weighted_total: i64,
}

/// Every open stage's column, in pipeline order, then a column for each
/// stage the configuration no longer has that open deals are still in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Board {
    pub columns: Vec<StageColumn>,
}

impl Board {
    /// Open deals (`deals`; closed ones are left out) laid out on the
    /// stages of `pipeline`, judged at `now` (`today` in the operator's
    /// calendar), amounts with `minor_units` decimals.
    pub fn new(
        deals: Vec<Deal>,
        pipeline: &Pipeline,
        minor_units: u8,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Board {
        let mut columns: Vec<StageColumn> = pipeline
            .stages()
            .iter()
            .map(|s| StageColumn {
                stage: s.clone(),
                configured: true,
                deals: Vec::new(),
                total: 0,
                weighted_total: 0,
            })
            .collect();
        for deal in deals {
            if deal.status != super::DealStatus::Open {
                continue;
            }
            let shown = BoardDeal {
                probability: deal.probability(pipeline),
                weighted_value: deal.weighted_value(pipeline),
                rotting: deal.rotting(pipeline, now),
                days_in_stage: deal.days_in_stage(now),
                days_overdue: deal.days_overdue(today),
                score: deal.score(pipeline, minor_units, now, today),
                deal,
            };
            let at = match columns.iter().position(|c| c.stage.key == shown.deal.stage) {
                Some(at) => at,
                None => {
                    columns.push(StageColumn {
                        stage: unconfigured(&shown.deal.stage),
                        configured: false,
                        deals: Vec::new(),
                        total: 0,
                        weighted_total: 0,
                    });
                    columns.len() - 1
                }
            };
            let c = &mut columns[at];
            c.total += shown.deal.value;
            c.weighted_total += shown.weighted_value;
            c.deals.push(shown);
        }
        let best_first = |a: &BoardDeal, b: &BoardDeal| {
            b.score
                .total
                .cmp(&a.score.total)
                .then(a.deal.id.cmp(&b.deal.id))
        };
        for c in &mut columns {
            c.deals.sort_by(best_first);
        }
        Board { columns }
    }

    /// How many open deals are on the board.
    pub fn len(&self) -> usize {
        self.columns.iter().map(|c| c.deals.len()).sum()
    }

    /// No open deal at all.
    pub fn is_empty(&self) -> bool {
        self.columns.iter().all(|c| c.deals.is_empty())
    }

    /// The sum of every column's total and weighted total.
    pub fn totals(&self) -> (i64, i64) {
        self.columns
            .iter()
            .fold((0, 0), |(t, w), c| (t + c.total, w + c.weighted_total))
    }
}

/// A stage known only by the key its deals still carry.
fn unconfigured(key: &str) -> Stage {
    Stage {
        key: key.to_string(),
        name_en: key.to_string(),
        name_ja: key.to_string(),
        probability: 0,
        rotting_days: super::DEFAULT_ROTTING_DAYS,
    }
}
