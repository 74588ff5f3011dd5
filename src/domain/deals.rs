//! Deals: sales in progress, moving through one pipeline of stages to won
//! or lost. Plain types and the rules every front end shares (weighted
//! value, rotting, days in stage, the prospect score, the forecast). No
//! I/O, no clock: `now` and the operator's zone come in as arguments.

mod board;
mod forecast;
mod score;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub use board::{Board, BoardDeal, StageColumn};
pub use forecast::{forecast, ForecastMonth};
pub use score::Score;

/// Days without activity after which an open deal rots, in every default stage.
pub const DEFAULT_ROTTING_DAYS: u32 = 14;

/// One open stage of the pipeline, as configured (`[[stages]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// The word stored and used on the command line and in JSON.
    pub key: String,
    pub name_en: String,
    pub name_ja: String,
    /// Percent, 0–100: a deal's probability unless set on the deal.
    pub probability: u8,
    /// Days without activity after which a deal here rots.
    pub rotting_days: u32,
}

impl Stage {
    /// The stage's name in the operator's language.
    pub fn name(&self, ja: bool) -> &str {
        if ja {
            &self.name_ja
        } else {
            &self.name_en
        }
    }
}

/// What is wrong with a configured pipeline (the default one is used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageProblem {
    /// `[[stages]]` given with no stage in it.
    Empty,
    /// A key that is not a lower-case word (`a-z`, `0-9`, `_`).
    BadKey { key: String },
    /// `won` and `lost` are the closed states, not stages to configure.
    ReservedKey { key: String },
    /// The same key twice.
    DuplicateKey { key: String },
    /// A probability above 100.
    Probability { key: String, probability: i64 },
    /// A rotting limit of 0 days.
    RottingDays { key: String },
}

impl StageProblem {
    /// Every variant, with sample values (catalogue tests).
    pub fn samples() -> Vec<StageProblem> {
        let key = "k".to_string();
        vec![
            StageProblem::Empty,
            StageProblem::BadKey { key: key.clone() },
            StageProblem::ReservedKey { key: key.clone() },
            StageProblem::DuplicateKey { key: key.clone() },
            StageProblem::Probability {
                key: key.clone(),
                probability: 120,
            },
            StageProblem::RottingDays { key },
        ]
    }

    /// The catalogue key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            StageProblem::Empty => "deals12.stages_empty",
            StageProblem::BadKey { .. } => "deals12.stage_bad_key",
            StageProblem::ReservedKey { .. } => "deals12.stage_reserved_key",
            StageProblem::DuplicateKey { .. } => "deals12.stage_duplicate_key",
            StageProblem::Probability { .. } => "deals12.stage_probability",
            StageProblem::RottingDays { .. } => "deals12.stage_rotting_days",
        }
    }

    /// The placeholders of the message.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            StageProblem::Empty => vec![],
            StageProblem::BadKey { key }
            | StageProblem::ReservedKey { key }
            | StageProblem::DuplicateKey { key }
            | StageProblem::RottingDays { key } => vec![("key", key.clone())],
            StageProblem::Probability { key, probability } => vec![
                ("key", key.clone()),
                ("probability", probability.to_string()),
            ],
        }
    }
}

/// The open stages in order; a deal leaves them as won or lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    stages: Vec<Stage>,
}

impl Default for Pipeline {
    /// lead 10% (見込み), proposal 30% (提案), quote 50% (見積),
    /// negotiation 70% (交渉); rotting after 14 days in each.
    fn default() -> Pipeline {
        let stage = |key: &str, en: &str, ja: &str, probability| Stage {
            key: key.into(),
            name_en: en.into(),
            name_ja: ja.into(),
            probability,
            rotting_days: DEFAULT_ROTTING_DAYS,
        };
        Pipeline {
            stages: vec![
                stage("lead", "Lead", "見込み", 10),
                stage("proposal", "Proposal", "提案", 30),
                stage("quote", "Quote", "見積", 50),
                stage("negotiation", "Negotiation", "交渉", 70),
            ],
        }
    }
}

impl Pipeline {
    /// A pipeline of `stages` (probability as configured, any integer),
    /// checked: at least one, keys lower-case words, unique, not `won` or
    /// `lost`, probability 0–100, rotting at least one day.
    pub fn new(stages: Vec<(Stage, i64)>) -> Result<Pipeline, StageProblem> {
        if stages.is_empty() {
            return Err(StageProblem::Empty);
        }
        let mut out: Vec<Stage> = Vec::with_capacity(stages.len());
        for (mut s, probability) in stages {
            let key = s.key.clone();
            let word = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
            if key.is_empty() || !key.chars().all(word) {
                return Err(StageProblem::BadKey { key });
            }
            if key == "won" || key == "lost" {
                return Err(StageProblem::ReservedKey { key });
            }
            if out.iter().any(|o| o.key == key) {
                return Err(StageProblem::DuplicateKey { key });
            }
            if !(0..=100).contains(&probability) {
                return Err(StageProblem::Probability { key, probability });
            }
            if s.rotting_days == 0 {
                return Err(StageProblem::RottingDays { key });
            }
            s.probability = probability as u8;
            out.push(s);
        }
        Ok(Pipeline { stages: out })
    }

    /// The open stages, in order.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// The stage called `key`.
    pub fn stage(&self, key: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.key == key)
    }

    /// The stage after `key` (`None` at the last one or for an unknown key).
    pub fn next(&self, key: &str) -> Option<&Stage> {
        let i = self.stages.iter().position(|s| s.key == key)?;
        self.stages.get(i + 1)
    }

    /// The stage before `key` (`None` at the first one or for an unknown key).
    pub fn previous(&self, key: &str) -> Option<&Stage> {
        let i = self.stages.iter().position(|s| s.key == key)?;
        i.checked_sub(1).and_then(|i| self.stages.get(i))
    }

    /// The stage keys joined by `", "` (for messages naming the choices).
    pub fn keys(&self) -> String {
        self.stages
            .iter()
            .map(|s| s.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The rotting limit of `key`; a stage no longer configured (the
    /// config changed) rots after the default limit.
    pub fn rotting_days(&self, key: &str) -> u32 {
        self.stage(key)
            .map_or(DEFAULT_ROTTING_DAYS, |s| s.rotting_days)
    }
}

word_enum!(
    /// Where a deal stands.
    DealStatus { Open => "open", Won => "won", Lost => "lost" }
);

word_enum!(
    /// Why a deal was lost.
    LostReason {
        Price => "price",
        Timing => "timing",
        Competitor => "competitor",
        NoBudget => "no_budget",
        NoResponse => "no_response",
        Other => "other",
    }
);

impl LostReason {
    /// The catalogue key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            LostReason::Price => "deals12.lost_price",
            LostReason::Timing => "deals12.lost_timing",
            LostReason::Competitor => "deals12.lost_competitor",
            LostReason::NoBudget => "deals12.lost_no_budget",
            LostReason::NoResponse => "deals12.lost_no_response",
            LostReason::Other => "deals12.lost_other",
        }
    }
}

impl DealStatus {
    /// The catalogue key of its label (受注 / 失注 ...).
    pub fn label_key(self) -> &'static str {
        match self {
            DealStatus::Open => "deals12.status_open",
            DealStatus::Won => "deals12.status_won",
            DealStatus::Lost => "deals12.status_lost",
        }
    }
}

/// How promising the operator judges a deal (見込み度): A best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub enum Rank {
    A,
    /// Where a deal starts until the operator judges it.
    #[default]
    B,
    C,
}

impl Rank {
    pub const ALL: &'static [Rank] = &[Rank::A, Rank::B, Rank::C];

    /// The stored (and CLI, JSON) word: `A`, `B` or `C`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rank::A => "A",
            Rank::B => "B",
            Rank::C => "C",
        }
    }

    /// `a`/`A`, `b`/`B`, `c`/`C`; the error lists the accepted words.
    pub fn parse(s: &str) -> Result<Rank, String> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Ok(Rank::A),
            "B" => Ok(Rank::B),
            "C" => Ok(Rank::C),
            _ => Err(format!("{s:?} is not one of: A, B, C")),
        }
    }

    /// Its part of the prospect score.
    pub fn points(self) -> i64 {
        match self {
            Rank::A => 30,
            Rank::B => 20,
            Rank::C => 10,
        }
    }
}

impl std::fmt::Display for Rank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A deal as stored, with the account's name and its last activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deal {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub title: String,
    /// Minor units of the database's currency.
    pub value: i64,
    /// The open stage's key (a closed deal keeps the stage it closed from).
    pub stage: String,
    /// Set on the deal; `None` means the stage's.
    pub probability: Option<u8>,
    pub expected_close_on: Option<NaiveDate>,
    pub rank: Rank,
    pub next_step: String,
    pub status: DealStatus,
    pub lost_reason: Option<LostReason>,
    pub lost_note: String,
    /// When it was won or lost (`None` while open).
    pub closed_at: Option<DateTime<Utc>>,
    /// The order recorded when it was won, if one was.
    pub order_id: Option<i64>,
    pub stage_entered_at: DateTime<Utc>,
    /// The latest of its creation, its last recorded change and its last
    /// linked (not retracted) conversation.
    pub last_activity_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Deal {
    /// The probability in force, percent: won 100, lost 0, else the
    /// deal's own or its stage's (0 for a stage no longer configured).
    pub fn probability(&self, pipeline: &Pipeline) -> u8 {
        match self.status {
            DealStatus::Won => 100,
            DealStatus::Lost => 0,
            DealStatus::Open => self
                .probability
                .or_else(|| pipeline.stage(&self.stage).map(|s| s.probability))
                .unwrap_or(0),
        }
    }

    /// Value × probability, in minor units.
    pub fn weighted_value(&self, pipeline: &Pipeline) -> i64 {
        weighted_value(self.value, self.probability(pipeline))
    }

    /// Open and untouched (no linked activity, no change) for longer than
    /// its stage's limit.
    pub fn rotting(&self, pipeline: &Pipeline, now: DateTime<Utc>) -> bool {
        self.status == DealStatus::Open
            && now - self.last_activity_at
                > chrono::Duration::days(pipeline.rotting_days(&self.stage).into())
    }

    /// Whole days since it entered its stage.
    pub fn days_in_stage(&self, now: DateTime<Utc>) -> i64 {
        whole_days(self.stage_entered_at, now)
    }

    /// Whole days since its last activity.
    pub fn days_quiet(&self, now: DateTime<Utc>) -> i64 {
        whole_days(self.last_activity_at, now)
    }

    /// Days its expected close date lies behind `today` (0 when not past,
    /// when there is none, or when it is closed).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        match (self.status, self.expected_close_on) {
            (DealStatus::Open, Some(d)) => (today - d).num_days().max(0),
            _ => 0,
        }
    }

    /// The prospect score ([`Score`]) on `today` in the operator's calendar.
    pub fn score(
        &self,
        pipeline: &Pipeline,
        minor_units: u8,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Score {
        Score::of(
            self.rank,
            self.weighted_value(pipeline),
            minor_units,
            self.days_quiet(now),
            self.days_overdue(today),
        )
    }
}

/// `value × probability / 100`, rounded to the nearest minor unit.
pub fn weighted_value(value: i64, probability: u8) -> i64 {
    ((value as i128 * probability as i128 + 50) / 100) as i64
}

fn whole_days(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_days().max(0)
}

/// What a new deal says; the store fills in the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeal {
    pub account_id: i64,
    pub contact_id: Option<i64>,
    pub title: String,
    pub value: i64,
    /// `None`: the pipeline's first stage.
    pub stage: Option<String>,
    /// `None`: the stage's.
    pub probability: Option<u8>,
    pub expected_close_on: Option<NaiveDate>,
    pub rank: Rank,
    pub next_step: String,
}

/// What an edit of an open deal changes: `None` leaves a field as it is;
/// `Some(None)` clears an optional one (probability back to the stage's,
/// close date, contact).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealChange {
    pub title: Option<String>,
    pub value: Option<i64>,
    pub stage: Option<String>,
    pub probability: Option<Option<u8>>,
    pub expected_close_on: Option<Option<NaiveDate>>,
    pub rank: Option<Rank>,
    pub next_step: Option<String>,
    pub contact_id: Option<Option<i64>>,
}

word_enum!(
    /// A deal field whose earlier value is kept when it changes.
    DealField {
        Stage => "stage",
        Value => "value",
        Probability => "probability",
        ExpectedCloseOn => "expected_close_on",
        Rank => "rank",
        Status => "status",
        Title => "title",
        NextStep => "next_step",
        Contact => "contact",
        LostReason => "lost_reason",
        LostNote => "lost_note",
        ClosedAt => "closed_at",
        Order => "order",
    }
);

impl DealField {
    /// The catalogue key of its label (`deals12.field_stage` ...).
    pub fn label_key(self) -> &'static str {
        match self {
            DealField::Stage => "deals12.field_stage",
            DealField::Value => "deals12.field_value",
            DealField::Probability => "deals12.field_probability",
            DealField::ExpectedCloseOn => "deals12.field_expected_close_on",
            DealField::Rank => "deals12.field_rank",
            DealField::Status => "deals12.field_status",
            DealField::Title => "deals12.field_title",
            DealField::NextStep => "deals12.field_next_step",
            DealField::Contact => "deals12.field_contact",
            DealField::LostReason => "deals12.field_lost_reason",
            DealField::LostNote => "deals12.field_lost_note",
            DealField::ClosedAt => "deals12.field_closed_at",
            DealField::Order => "deals12.field_order",
        }
    }
}

/// One recorded change of one deal field (stored words: dates as
/// `YYYY-MM-DD`, instants RFC 3339, a contact or order by id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DealFieldChange {
    pub field: DealField,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    #[serde(serialize_with = "super::time::ser")]
    pub at: DateTime<Utc>,
}

/// A conversation linked to a deal, as the deal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedConversation {
    pub id: i64,
    #[serde(serialize_with = "super::time::ser")]
    pub happened_at: DateTime<Utc>,
    pub kind: super::model::ConversationKind,
    pub summary: String,
    pub retracted: bool,
}

/// A deal with everything on record about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealDetail {
    pub deal: Deal,
    /// Oldest first.
    pub changes: Vec<DealFieldChange>,
    /// Newest first.
    pub conversations: Vec<LinkedConversation>,
}

/// Which deals a list shows (all conditions hold).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealFilter {
    /// `None`: every status.
    pub status: Option<DealStatus>,
    pub stage: Option<String>,
    pub rank: Option<Rank>,
    pub account_id: Option<i64>,
    /// Only rotting deals (judged with the store's pipeline and `now`).
    pub rotting: bool,
}

impl DealFilter {
    /// Open deals only: the pipeline.
    pub fn open() -> DealFilter {
        DealFilter {
            status: Some(DealStatus::Open),
            ..DealFilter::default()
        }
    }
}

#[cfg(test)]
#[path = "deals_tests.rs"]
mod tests;
