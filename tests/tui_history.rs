//! History in the TUI over a real SQLite store and a fixed clock
//! (2026-11-23T00:00:00Z): a contact plan applied twice only after a
//! "yes", and completing a plan step offering the plan's next step.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use salesbench::app::{Action, App, PopupKind};
use salesbench::clock::Clock;
use salesbench::domain::model::AccountFields;
use salesbench::domain::triage::{FollowUpState, PlanStep};
use salesbench::i18n::{I18n, Lang};
use salesbench::store::Store;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// One account with the plan "welcome" (today: thank-you call, +7 days:
/// how is it going) applied once; the app on top of it.
fn planned(lang: Lang) -> (TempDir, App, i64, i64) {
    std::env::set_var("TZ", "UTC");
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("salesbench.db")).unwrap();
    let fields = AccountFields {
        name: "田中商店".into(),
        ..Default::default()
    };
    let a = s.add_account(&fields, now() - Duration::days(30)).unwrap();
    let steps: Vec<PlanStep> = ["0:お礼の電話", "7:様子うかがい"]
        .iter()
        .map(|x| PlanStep::parse(x).unwrap())
        .collect();
    let plan = s.add_plan("welcome", &steps, false, now()).unwrap();
    s.apply_plan(plan, a, today(), false, now()).unwrap();
    let app = App::new(s, Clock::fixed(now()), I18n::new(lang)).unwrap();
    (dir, app, a, plan)
}

fn open_follow_ups(app: &App, account: i64) -> Vec<(NaiveDate, String)> {
    app.store
        .follow_ups_of(account)
        .unwrap()
        .into_iter()
        .filter(|f| f.state == FollowUpState::Open)
        .map(|f| (f.due_on, f.note))
        .collect()
}

fn top(app: &App) -> &PopupKind {
    &app.popups.last().expect("a popup is open").kind
}

fn open_plan_form(app: &mut App, account: i64, plan: i64) {
    app.open_account(account);
    app.update(Action::ApplyPlan);
    match app.popups.last_mut().map(|p| &mut p.kind) {
        Some(PopupKind::ApplyPlan { form, .. }) => form.set("plan", &plan.to_string()),
        _ => panic!("p opens the plan form"),
    }
}

#[test]
fn applying_a_plan_again_asks_first_and_no_keeps_it_once() {
    for (lang, words) in [
        (Lang::En, "Apply it again?"),
        (Lang::Ja, "もう一度適用しますか"),
    ] {
        let (_dir, mut app, a, plan) = planned(lang);
        assert_eq!(open_follow_ups(&app, a).len(), 2);
        open_plan_form(&mut app, a, plan);
        app.update(Action::Save);
        match top(&app) {
            PopupKind::Confirm { question, .. } => {
                assert!(question.contains("2026-11-23"), "says when: {question}");
                assert!(
                    question.contains("welcome") && question.contains(words),
                    "{question}"
                );
            }
            other => panic!("asks before applying again, got {other:?}"),
        }
        assert_eq!(open_follow_ups(&app, a).len(), 2, "nothing written yet");
        app.update(Action::Confirm(false));
        assert!(
            matches!(top(&app), PopupKind::ApplyPlan { .. }),
            "no: back to the form"
        );
        assert_eq!(open_follow_ups(&app, a).len(), 2);

        app.update(Action::Save);
        app.update(Action::Confirm(true));
        assert!(app.popups.is_empty(), "yes: applied and closed");
        assert_eq!(
            open_follow_ups(&app, a).len(),
            4,
            "yes applies it a second time"
        );
    }
}

#[test]
fn completing_a_plan_step_offers_the_next_step_not_a_second_follow_up() {
    let (_dir, mut app, a, _) = planned(Lang::En);
    // Today holds the plan's first step, due today.
    app.update(Action::Log);
    assert!(
        matches!(top(&app), PopupKind::Log(l) if l.follow_up.is_some()),
        "l on the due step opens the completing log form"
    );
    for c in "thanked".chars() {
        app.update(Action::Input(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    app.update(Action::Save);
    let next_day = today() + Duration::days(7);
    match top(&app) {
        PopupKind::Snooze { form, title, .. } => {
            assert_eq!(form.value("until"), next_day.format("%Y-%m-%d").to_string());
            assert!(title.contains("様子うかがい"), "names the step: {title}");
        }
        other => panic!("offers the plan's next step, got {other:?}"),
    }
    // Saving it unchanged keeps the step as it is: no second follow-up,
    // no snooze on record.
    app.update(Action::Save);
    assert!(app.popups.is_empty());
    assert_eq!(
        open_follow_ups(&app, a),
        [(next_day, "様子うかがい".to_string())]
    );
    let next = app.store.follow_ups_of(a).unwrap();
    assert!(next
        .iter()
        .all(|f| f.due_on != today() || f.state == FollowUpState::Done));
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    let frame = terminal
        .draw(|f| salesbench::ui::draw(app, f))
        .unwrap()
        .buffer
        .clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(frame[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_conversation_view_lists_every_retraction_and_restoration() {
    let (_dir, mut app, a, _) = planned(Lang::En);
    let c = salesbench::domain::model::NewConversation {
        account_id: a,
        contact_id: None,
        kind: salesbench::domain::model::ConversationKind::Call,
        direction: salesbench::domain::model::Direction::Out,
        happened_at: now() - Duration::days(2),
        summary: "wrong customer".into(),
        body: String::new(),
        outcome: None,
    };
    let id = app
        .store
        .log_conversation(&c, now() - Duration::days(2))
        .unwrap();
    app.store
        .retract_conversation(
            id,
            "typed into the wrong account",
            now() - Duration::days(1),
        )
        .unwrap();
    app.store
        .restore_conversation(id, now() - Duration::hours(5))
        .unwrap();
    app.store
        .retract_conversation(id, "a duplicate", now())
        .unwrap();
    app.open_account(a);
    app.update(Action::Open);
    assert!(
        matches!(top(&app), PopupKind::Conversation { .. }),
        "Enter opens it"
    );
    let text = screen_text(&app, 100, 30);
    for want in [
        "· retracted Sun 22 Nov 00:00: typed into the wrong account",
        "· restored Sun 22 Nov 19:00",
        "· retracted Mon 23 Nov 00:00: a duplicate",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
}
