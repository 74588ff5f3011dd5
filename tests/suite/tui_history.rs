//! History in the TUI over a real SQLite store and a fixed clock
//! (2026-11-23T00:00:00Z): a contact plan applied twice only after a
//! "yes", and completing a plan step offering the plan's next step.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use salesbench::app::popups::{
    ApplyPlanPopup, Confirm, OrderPopup, OrderViewer, SnoozePopup, VoidOrderPopup,
};
use salesbench::app::{Action, App, Popup};
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

fn top(app: &App) -> &Popup {
    app.popups.last().expect("a popup is open")
}

fn open_plan_form(app: &mut App, account: i64, plan: i64) {
    app.open_account(account);
    app.update(Action::ApplyPlan);
    match app.popups.last_mut() {
        Some(Popup::ApplyPlan(ApplyPlanPopup { form, .. })) => form.set("plan", &plan.to_string()),
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
            Popup::Confirm(Confirm { question, .. }) => {
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
            matches!(top(&app), Popup::ApplyPlan(_)),
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
        matches!(top(&app), Popup::Log(l) if l.follow_up.is_some()),
        "l on the due step opens the completing log form"
    );
    for c in "thanked".chars() {
        app.update(Action::Edit(salesbench::app::EditCmd::Insert(c)));
    }
    app.update(Action::Save);
    let next_day = today() + Duration::days(7);
    match top(&app) {
        Popup::Snooze(SnoozePopup { form, title, .. }) => {
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
        matches!(top(&app), Popup::Conversation(_)),
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

/// An account with two orders (¥3,000 ten days ago, ¥5,000 two days ago);
/// the app open on it, the newer order selected.
fn with_orders(lang: Lang) -> (TempDir, App, i64, i64) {
    let (dir, mut app, a, _) = planned(lang);
    app.store
        .add_order(a, now() - Duration::days(10), 3000, "A4 用紙", now())
        .unwrap();
    let newer = app
        .store
        .add_order(a, now() - Duration::days(2), 5000, "トナー", now())
        .unwrap();
    app.open_account(a);
    (dir, app, a, newer)
}

/// A key the way the event loop sends it: through the keymap.
fn press(app: &mut App, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = salesbench::ui::keymap::resolve(app, key) {
        app.update(action);
    }
}

fn save(app: &mut App) {
    let key = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let action = salesbench::ui::keymap::resolve(app, key);
    assert_eq!(action, Some(Action::Save), "Ctrl-S saves a form");
    app.update(Action::Save);
}

fn viewed(app: &App) -> &salesbench::domain::model::Order {
    match top(app) {
        Popup::OrderView(OrderViewer { order, .. }) => order,
        other => panic!("the order viewer is on top, got {other:?}"),
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn enter_on_an_order_opens_it_and_e_edits_it_keeping_the_earlier_version() {
    let (_dir, mut app, _a, id) = with_orders(Lang::En);
    press(&mut app, KeyCode::Enter);
    assert_eq!(viewed(&app).id, id, "Enter on an order opens that order");
    press(&mut app, KeyCode::Char('e'));
    match top(&app) {
        Popup::Order(OrderPopup { editing, form, .. }) => {
            assert_eq!(editing.as_ref().map(|o| o.id), Some(id));
            assert_eq!(form.value("amount"), "5000");
            assert_eq!(form.value("when"), "2026-11-21 00:00");
            assert_eq!(form.value("note"), "トナー");
        }
        other => panic!("e opens the pre-filled order form, got {other:?}"),
    }
    // Saving it unchanged writes nothing and says so at the form.
    save(&mut app);
    assert!(
        matches!(top(&app), Popup::Order(OrderPopup { form, .. }) if form.errors.contains_key("amount"))
    );
    assert!(app.store.order(id).unwrap().revisions.is_empty());

    if let Some(Popup::Order(OrderPopup { form, .. })) = app.popups.last_mut() {
        form.set("amount", "5,500");
    }
    save(&mut app);
    let shown = viewed(&app).clone();
    assert_eq!(shown.amount, 5500, "the viewer shows the order as saved");
    let stored = app.store.order(id).unwrap();
    assert_eq!(stored, shown);
    assert_eq!(
        stored.ordered_at,
        now() - Duration::days(2),
        "date untouched"
    );
    assert_eq!(stored.note, "トナー");
    let earlier = &stored.revisions;
    assert_eq!(earlier.len(), 1, "the earlier version is kept");
    assert_eq!((earlier[0].amount, earlier[0].replaced_at), (5000, now()));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Earlier versions (1)"), "{text}");
    assert!(
        text.contains("Version 1 · recorded Mon 23 Nov 00:00"),
        "{text}"
    );
    assert!(text.contains("¥5,000") && text.contains("¥5,500"), "{text}");
    assert!(status(&app).contains("earlier version is kept"));
}

#[test]
fn voiding_an_order_asks_why_moves_the_facts_and_u_restores_it() {
    for (lang, already, before_edit, not_voided) in [
        (
            Lang::En,
            "already voided",
            "restore it before editing",
            "is not voided",
        ),
        (
            Lang::Ja,
            "すでに無効",
            "元に戻してください",
            "無効になっていません",
        ),
    ] {
        let (_dir, mut app, a, id) = with_orders(lang);
        let newer = now() - Duration::days(2);
        let older = now() - Duration::days(10);
        assert_eq!(app.store.account(a).unwrap().last_touch_at, Some(newer));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('x'));
        assert!(
            matches!(top(&app), Popup::VoidOrder(VoidOrderPopup { order_id, .. }) if *order_id == id)
        );
        // No reason: refused at the field, nothing written.
        save(&mut app);
        assert!(
            matches!(top(&app), Popup::VoidOrder(VoidOrderPopup { form, .. }) if form.errors.contains_key("reason"))
        );
        assert!(app.store.order(id).unwrap().voided.is_none());
        for c in "entered twice".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        save(&mut app);
        let v = viewed(&app)
            .voided
            .clone()
            .expect("the viewer shows it voided");
        assert_eq!((v.reason.as_str(), v.at), ("entered twice", now()));
        // The history says so, and the order no longer counts.
        let timeline = app.store.timeline(a).unwrap();
        assert!(timeline.iter().any(|e| matches!(e,
            salesbench::domain::model::TimelineEntry::Order(o) if o.id == id && o.voided.is_some())));
        assert_eq!(app.store.account(a).unwrap().last_touch_at, Some(older));
        let view = app.account.as_ref().unwrap();
        assert_eq!(view.account.last_touch_at, Some(older), "screen refreshed");

        // Voiding twice, or editing a voided order: refused inline, in
        // the operator's language, with nothing opened or written.
        press(&mut app, KeyCode::Char('x'));
        assert!(matches!(top(&app), Popup::OrderView(_)));
        assert!(status(&app).contains(already), "{}", status(&app));
        assert!(status(&app).contains("entered twice"), "{}", status(&app));
        press(&mut app, KeyCode::Char('e'));
        assert!(matches!(top(&app), Popup::OrderView(_)));
        assert!(status(&app).contains(before_edit), "{}", status(&app));
        assert_eq!(app.store.order(id).unwrap().retractions.len(), 1);

        press(&mut app, KeyCode::Char('u'));
        assert!(viewed(&app).voided.is_none(), "u restores it");
        let marks: Vec<_> = viewed(&app)
            .retractions
            .iter()
            .map(|m| m.action.as_str())
            .collect();
        assert_eq!(marks, ["void", "restore"], "both kept on record");
        assert_eq!(app.store.account(a).unwrap().last_touch_at, Some(newer));
        press(&mut app, KeyCode::Char('u'));
        assert!(status(&app).contains(not_voided), "{}", status(&app));
        press(&mut app, KeyCode::Esc);
        assert!(app.popups.is_empty(), "Esc closes the viewer");
    }
}

#[test]
fn a_voided_order_is_marked_in_the_timeline() {
    let (_dir, mut app, a, id) = with_orders(Lang::En);
    app.store.void_order(id, "entered twice", now()).unwrap();
    app.open_account(a);
    let text = screen_text(&app, 80, 24);
    let row = text
        .lines()
        .find(|l| l.contains("¥5,000"))
        .unwrap_or_else(|| panic!("the order is listed:\n{text}"));
    assert!(row.contains("[voided]"), "{row}");
}

/// Whether `text` is on the screen (wide characters' second cells and
/// spaces ignored).
fn on_screen(app: &App, text: &str) -> bool {
    let squeeze = |s: &str| s.replace(' ', "");
    squeeze(&screen_text(app, 80, 24)).contains(&squeeze(text))
}

/// A refusal in a viewer is on screen, not under the viewer's box: the
/// status line stays visible while a conversation or an order is open.
#[test]
fn a_refusal_shows_while_a_viewer_is_open() {
    for lang in [Lang::En, Lang::Ja] {
        let (_dir, mut app, _a, id) = with_orders(lang);
        app.store.void_order(id, "entered twice", now()).unwrap();
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('x'));
        let said = status(&app);
        assert!(said.contains("entered twice"), "{said}");
        let text = screen_text(&app, 80, 24);
        let shown: String = said.chars().take(20).collect();
        assert!(on_screen(&app, &shown), "{shown:?} not on screen:\n{text}");
        press(&mut app, KeyCode::Esc);
        // The conversation viewer: undoing a retraction that is not there.
        let (_dir, mut app, a, _) = planned(lang);
        let c = salesbench::domain::model::NewConversation {
            account_id: a,
            contact_id: None,
            kind: salesbench::domain::model::ConversationKind::Call,
            direction: salesbench::domain::model::Direction::Out,
            happened_at: now() - Duration::days(1),
            summary: "called".into(),
            body: String::new(),
            outcome: None,
        };
        app.store.log_conversation(&c, now()).unwrap();
        app.open_account(a);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('u'));
        assert!(app.status.as_ref().is_some_and(|s| s.error));
        let shown: String = status(&app).chars().take(20).collect();
        let text = screen_text(&app, 80, 24);
        assert!(on_screen(&app, &shown), "{shown:?} not on screen:\n{text}");
    }
}

#[test]
fn dollars_show_pre_fill_and_save_as_dollars_in_the_order_viewer() {
    use salesbench::domain::money::Currency;
    let (_dir, mut app, a, _) = planned(Lang::Ja);
    app.store.use_currency(Currency::USD).unwrap();
    let id = app
        .store
        .add_order(a, now() - Duration::days(2), 2_933, "toner", now())
        .unwrap();
    app.open_account(a);
    press(&mut app, KeyCode::Enter);
    assert_eq!(viewed(&app).id, id);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("$29.33") && !text.contains('円'), "{text}");
    press(&mut app, KeyCode::Char('e'));
    let set = |app: &mut App, field: &str, value: &str| {
        if let Some(Popup::Order(OrderPopup { form, .. })) = app.popups.last_mut() {
            form.set(field, value);
        }
    };
    match top(&app) {
        // The amount as typed, not the 2933 cents (which would read $2,933.00).
        Popup::Order(OrderPopup { form, .. }) => assert_eq!(form.value("amount"), "29.33"),
        other => panic!("e opens the pre-filled order form, got {other:?}"),
    }
    set(&mut app, "amount", "29.333");
    save(&mut app);
    match top(&app) {
        Popup::Order(OrderPopup { form, .. }) => {
            let err = form.errors.get("amount").expect("amount refused");
            let err = err.text(&app.i18n);
            assert!(err.contains("USD の金額は小数点以下 2 桁まで"), "{err}");
        }
        other => panic!("the form stays open, got {other:?}"),
    }
    // Only the note changes: the amount stays 2933 cents.
    set(&mut app, "amount", "29.33");
    set(&mut app, "note", "toner, boxed");
    save(&mut app);
    let stored = app.store.order(id).unwrap();
    assert_eq!(
        (stored.amount, stored.note.as_str()),
        (2_933, "toner, boxed")
    );
}
