use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn deal(stage: &str, value: i64) -> Deal {
    let at = t("2026-11-01T00:00:00Z");
    Deal {
        id: 1,
        account_id: 1,
        account_name: "田中商店".into(),
        contact_id: None,
        contact_name: None,
        title: "複合機".into(),
        value,
        stage: stage.into(),
        probability: None,
        expected_close_on: None,
        rank: Rank::B,
        next_step: String::new(),
        status: DealStatus::Open,
        lost_reason: None,
        lost_note: String::new(),
        closed_at: None,
        order_id: None,
        stage_entered_at: at,
        last_activity_at: at,
        created_at: at,
        updated_at: at,
    }
}

fn stage(key: &str, probability: i64) -> (Stage, i64) {
    (
        Stage {
            key: key.into(),
            name_en: key.into(),
            name_ja: key.into(),
            probability: 0,
            rotting_days: 7,
        },
        probability,
    )
}

#[test]
fn the_default_pipeline_is_the_issues() {
    let p = Pipeline::default();
    let got: Vec<_> = p
        .stages()
        .iter()
        .map(|s| {
            (
                s.key.as_str(),
                s.name_ja.as_str(),
                s.probability,
                s.rotting_days,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("lead", "見込み", 10, 14),
            ("proposal", "提案", 30, 14),
            ("quote", "見積", 50, 14),
            ("negotiation", "交渉", 70, 14),
        ]
    );
    assert_eq!(p.next("lead").unwrap().key, "proposal");
    assert!(p.next("negotiation").is_none());
    assert_eq!(p.previous("quote").unwrap().key, "proposal");
    assert!(p.previous("lead").is_none());
    assert!(p.next("nope").is_none());
    assert_eq!(p.keys(), "lead, proposal, quote, negotiation");
}

#[test]
fn configured_stages_are_checked() {
    assert!(Pipeline::new(vec![stage("a", 0), stage("b", 100)]).is_ok());
    let cases = [
        (vec![], StageProblem::Empty),
        (
            vec![stage("Lead", 10)],
            StageProblem::BadKey { key: "Lead".into() },
        ),
        (
            vec![stage("won", 10)],
            StageProblem::ReservedKey { key: "won".into() },
        ),
        (
            vec![stage("a", 10), stage("a", 20)],
            StageProblem::DuplicateKey { key: "a".into() },
        ),
        (
            vec![stage("a", 101)],
            StageProblem::Probability {
                key: "a".into(),
                probability: 101,
            },
        ),
        (
            vec![stage("a", -1)],
            StageProblem::Probability {
                key: "a".into(),
                probability: -1,
            },
        ),
    ];
    for (stages, want) in cases {
        assert_eq!(Pipeline::new(stages), Err(want));
    }
    let mut zero = stage("a", 5);
    zero.0.rotting_days = 0;
    assert_eq!(
        Pipeline::new(vec![zero]),
        Err(StageProblem::RottingDays { key: "a".into() })
    );
}

#[test]
fn probability_and_weighted_value_follow_stage_deal_and_status() {
    let p = Pipeline::default();
    let mut x = deal("quote", 1_000_000);
    assert_eq!(x.probability(&p), 50);
    assert_eq!(x.weighted_value(&p), 500_000);
    x.probability = Some(80);
    assert_eq!(x.weighted_value(&p), 800_000);
    x.status = DealStatus::Won;
    assert_eq!(x.weighted_value(&p), 1_000_000);
    x.status = DealStatus::Lost;
    assert_eq!(x.weighted_value(&p), 0);
    // A stage the configuration no longer has weighs nothing.
    assert_eq!(deal("gone", 100).weighted_value(&p), 0);
    assert_eq!(weighted_value(333, 50), 167);
    assert_eq!(weighted_value(i64::MAX, 100), i64::MAX);
}

#[test]
fn a_deal_rots_after_its_stages_limit_without_activity() {
    let p = Pipeline::default();
    let x = deal("lead", 1);
    // Last activity 2026-11-01 00:00; the limit is 14 days.
    assert!(!x.rotting(&p, t("2026-11-15T00:00:00Z")));
    assert!(x.rotting(&p, t("2026-11-15T00:00:01Z")));
    let mut recent = x.clone();
    recent.last_activity_at = t("2026-11-10T00:00:00Z");
    assert!(!recent.rotting(&p, t("2026-11-20T00:00:00Z")));
    let mut won = x.clone();
    won.status = DealStatus::Won;
    assert!(!won.rotting(&p, t("2027-01-01T00:00:00Z")));
    let short = Pipeline::new(vec![stage("lead", 10)]).unwrap();
    assert!(x.rotting(&short, t("2026-11-08T00:00:01Z")));
}

#[test]
fn days_in_stage_quiet_and_overdue() {
    let mut x = deal("lead", 1);
    x.stage_entered_at = t("2026-11-10T00:00:00Z");
    assert_eq!(x.days_in_stage(t("2026-11-23T12:00:00Z")), 13);
    assert_eq!(x.days_quiet(t("2026-11-23T12:00:00Z")), 22);
    assert_eq!(x.days_overdue(d("2026-11-23")), 0);
    x.expected_close_on = Some(d("2026-11-20"));
    assert_eq!(x.days_overdue(d("2026-11-23")), 3);
    assert_eq!(x.days_overdue(d("2026-11-19")), 0);
    x.status = DealStatus::Won;
    assert_eq!(x.days_overdue(d("2026-11-23")), 0);
}

#[test]
fn the_score_adds_rank_and_size_and_takes_off_quiet_and_overdue_days() {
    // ¥999 weighted: 10 × log10(1000) = 30.
    let s = Score::of(Rank::A, 999, 0, 3, 2);
    assert_eq!((s.rank, s.value, s.quiet, s.overdue), (30, 30, 3, 4));
    assert_eq!(s.total, 53);
    assert_eq!(s.explain(), "30 + 30 − 3 − 4 = 53");
    // Cents: $9.99 is the same size as ¥9.
    assert_eq!(Score::of(Rank::C, 999, 2, 0, 0).value, 10);
    assert_eq!(Score::of(Rank::B, 0, 0, 0, 0).total, 20);
    // A big quiet deal falls below a small fresh one.
    let big_quiet = Score::of(Rank::B, 10_000_000, 0, 60, 10).total;
    let small_fresh = Score::of(Rank::B, 10_000, 0, 1, 0).total;
    assert!(big_quiet < small_fresh, "{big_quiet} {small_fresh}");
    let p = Pipeline::default();
    let x = deal("negotiation", 1_000_000);
    let s = x.score(&p, 0, t("2026-11-04T00:00:00Z"), d("2026-11-04"));
    assert_eq!(s.value, 58);
    assert_eq!(s.total, 20 + 58 - 3);
}

#[test]
fn forecast_sums_open_deals_by_close_month_and_won_by_month_won() {
    let p = Pipeline::default();
    let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
    let mut a = deal("quote", 1000);
    a.expected_close_on = Some(d("2026-12-15"));
    let mut b = deal("lead", 500);
    b.expected_close_on = Some(d("2026-12-01"));
    let mut c = deal("lead", 700);
    c.expected_close_on = Some(d("2027-01-10"));
    let undated = deal("lead", 9999);
    let mut won = deal("quote", 300);
    won.status = DealStatus::Won;
    // 2026-11-30 20:00 UTC is 1 December in Tokyo.
    won.closed_at = Some(t("2026-11-30T20:00:00Z"));
    let mut lost = deal("quote", 400);
    lost.status = DealStatus::Lost;
    lost.expected_close_on = Some(d("2026-12-01"));
    lost.closed_at = Some(t("2026-12-02T00:00:00Z"));
    let rows = forecast(&[a, b, c, undated, won, lost], &p, &tokyo);
    let got: Vec<_> = rows
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.open_value,
                m.weighted_value,
                m.won_value,
                m.deals,
            )
        })
        .collect();
    assert_eq!(
        got,
        [("2026-12", 1500, 550, 300, 2), ("2027-01", 700, 70, 0, 1)]
    );
}

#[test]
fn words_parse_and_round_trip() {
    for r in LostReason::ALL {
        assert_eq!(LostReason::parse(r.as_str()), Ok(*r));
    }
    assert!(LostReason::parse("bored")
        .unwrap_err()
        .contains("no_budget"));
    assert_eq!(Rank::parse("a"), Ok(Rank::A));
    assert_eq!(Rank::parse(" C "), Ok(Rank::C));
    assert!(Rank::parse("D").unwrap_err().contains("A, B, C"));
    for s in DealStatus::ALL {
        assert_eq!(DealStatus::parse(s.as_str()), Ok(*s));
    }
    for f in DealField::ALL {
        assert_eq!(DealField::parse(f.as_str()), Ok(*f));
    }
}

#[test]
fn the_board_puts_open_deals_in_their_columns_best_first_with_totals() {
    let p = Pipeline::default();
    let now = t("2026-11-20T00:00:00Z");
    let mut a = deal("lead", 1000);
    a.id = 1;
    let mut b = deal("lead", 9000);
    b.id = 2;
    b.rank = Rank::A;
    let mut c = deal("quote", 500);
    c.id = 3;
    c.last_activity_at = now;
    let mut gone = deal("retired", 10);
    gone.id = 4;
    let mut won = deal("lead", 7);
    won.status = DealStatus::Won;
    let board = Board::new(vec![a, b, c, gone, won], &p, 0, now, d("2026-11-20"));
    let lead = &board.columns[0];
    assert_eq!(lead.stage.key, "lead");
    let ids: Vec<i64> = lead.deals.iter().map(|x| x.deal.id).collect();
    assert_eq!(ids, [2, 1]);
    assert_eq!((lead.total, lead.weighted_total), (10_000, 1_000));
    assert!(lead.deals[0].rotting);
    let quote = &board.columns[2];
    assert_eq!((quote.total, quote.weighted_total), (500, 250));
    assert!(!quote.deals[0].rotting);
    assert_eq!(board.columns[1].deals.len(), 0);
    // A stage the configuration lost: its own column after the others.
    let gone = &board.columns[4];
    assert_eq!(
        (gone.stage.key.as_str(), gone.configured),
        ("retired", false)
    );
    assert_eq!(gone.deals.len(), 1);
    assert_eq!(board.columns.len(), 5);
    assert_eq!(board.len(), 4);
}

#[test]
fn today_brings_the_most_promising_deals_first_not_the_oldest() {
    use crate::domain::triage::{deals_for_today, with_deals, TodayItem, TODAY_DEAL_LIMIT};
    let p = Pipeline::default();
    let now = t("2026-11-20T00:00:00Z");
    let today = d("2026-11-20");
    // Long forgotten, small, rank C: 40 days past its close date.
    let mut stale = deal("lead", 1_000);
    stale.id = 1;
    stale.rank = Rank::C;
    stale.expected_close_on = Some(d("2026-10-11"));
    // Large, rank A, touched today, one day past its close date.
    let mut hot = deal("negotiation", 5_000_000);
    hot.id = 2;
    hot.rank = Rank::A;
    hot.last_activity_at = now;
    hot.expected_close_on = Some(d("2026-11-19"));
    // On track: not on Today.
    let mut fine = deal("quote", 10);
    fine.id = 3;
    fine.last_activity_at = now;
    let items = deals_for_today(vec![stale, hot, fine], &p, 0, now, today);
    let ids: Vec<i64> = items
        .iter()
        .filter_map(|i| match i {
            TodayItem::Deal { deal, .. } => Some(deal.id),
            _ => None,
        })
        .collect();
    assert_eq!(ids, [2, 1]);
    // The queue takes a few; the rest wait on the Pipeline.
    let many: Vec<TodayItem> = (0..9).flat_map(|_| items.clone()).collect();
    assert_eq!(with_deals(Vec::new(), many).len(), TODAY_DEAL_LIMIT);
}
