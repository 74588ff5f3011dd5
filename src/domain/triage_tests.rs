use super::*;
use chrono::TimeZone;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn fu(id: i64, due: NaiveDate, time: Option<&str>) -> FollowUp {
    FollowUp {
        id,
        account_id: id,
        account_name: format!("A{id}"),
        contact_id: None,
        contact_name: None,
        kind: ConversationKind::Call,
        due_on: due,
        due_time: time.map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap()),
        note: String::new(),
        state: FollowUpState::Open,
        conversation_id: None,
        cancel_reason: None,
        plan_name: None,
    }
}

fn quiet(id: i64, ratio: f64, has_follow_up: bool) -> QuietRow {
    QuietRow {
        account_id: id,
        name: format!("Q{id}").into(),
        reading: None,
        last_touch_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        last_touch_kind: None,
        last_touch_summary: None,
        days_silent: 10,
        expected_interval_days: 5.0,
        interval_source: IntervalSource::Learned,
        overdue_ratio: ratio,
        last_order_amount: None,
        lapse_reason: None,
        has_open_follow_up: has_follow_up,
        next_follow_up_on: None,
    }
}

fn ids(q: &[TodayItem]) -> Vec<i64> {
    q.iter().map(TodayItem::account_id).collect()
}

#[test]
fn overdue_oldest_first_then_today_by_time_then_quiet_by_ratio() {
    let today = d(11, 23);
    let q = today_queue(
        vec![
            fu(1, d(11, 23), Some("15:00")),
            fu(2, d(11, 20), None),
            fu(3, d(11, 23), Some("09:00")),
            fu(4, d(11, 10), None),
            fu(5, d(11, 24), None), // tomorrow: not today's work
        ],
        &[
            quiet(10, 1.5, false),
            quiet(11, 4.0, false),
            quiet(12, 9.0, true),
        ],
        today,
        10,
    );
    assert_eq!(ids(&q), [4, 2, 3, 1, 11, 10]);
    match &q[0] {
        TodayItem::FollowUp { overdue_days, .. } => assert_eq!(*overdue_days, 13),
        other => panic!("{other:?}"),
    }
}

#[test]
fn quiet_part_is_capped() {
    let q = today_queue(
        vec![],
        &(0..30)
            .map(|i| quiet(i, i as f64, false))
            .collect::<Vec<_>>(),
        d(11, 23),
        5,
    );
    assert_eq!(ids(&q), [29, 28, 27, 26, 25]);
}

#[test]
fn plan_steps_parse_with_clear_errors() {
    assert_eq!(
        PlanStep::parse("7:check how it is going").unwrap(),
        PlanStep {
            offset_days: 7,
            kind: ConversationKind::Call,
            note: "check how it is going".into()
        }
    );
    assert_eq!(
        PlanStep::parse("30：詰め替えのご案内").unwrap().offset_days,
        30
    );
    assert_eq!(
        PlanStep::parse("seven:x").unwrap_err(),
        StepProblem::NotDays("seven".into())
    );
    assert_eq!(
        PlanStep::parse("7").unwrap_err(),
        StepProblem::NoColon("7".into())
    );
    assert!(matches!(
        PlanStep::parse("7:  ").unwrap_err(),
        StepProblem::EmptyNote(_)
    ));
    assert!(PlanStep::parse("-1:x").is_err());
    // A kind between the days and the note; a colon in a note is kept.
    let s = PlanStep::parse("30:email:refill offer").unwrap();
    assert_eq!(
        (s.kind, s.note.as_str()),
        (ConversationKind::Email, "refill offer")
    );
    let s = PlanStep::parse("3:at 10:30 call").unwrap();
    assert_eq!(
        (s.kind, s.note.as_str()),
        (ConversationKind::Call, "at 10:30 call")
    );
    assert_eq!(PlanStep::parse(&s.line()).unwrap(), s);
}

#[test]
fn lapse_reasons_are_the_three_plus_unknown() {
    assert_eq!(LapseReason::ALL.len(), 4);
    assert_eq!(
        LapseReason::parse("something_wrong"),
        Ok(LapseReason::SomethingWrong)
    );
}

#[test]
fn quiet_means_past_the_rhythm_as_shown_in_whole_days() {
    // (days silent, expected interval, quiet?)
    for (silent, expected, want) in [
        (30, 30.0, false),
        (31, 30.0, true),
        (24, 23.5, false),
        (25, 23.5, true),
        (23, 22.5, false),
        (24, 22.5, true),
        (1, 0.4, false),
        (2, 1.0, true),
    ] {
        assert_eq!(is_quiet(silent, expected), want, "{silent}/{expected}");
    }
    assert_eq!(interval_days_shown(23.5), 24);
    assert_eq!(interval_days_shown(22.5), 23);
    assert_eq!(interval_days_shown(0.2), 1);
}
