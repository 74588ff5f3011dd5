//! The Agenda's rows, its cursor (headings passed over) and its keys, on a
//! real store.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::app::EditCmd;
use crate::clock::Clock;
use crate::domain::agenda::Agenda;
use crate::domain::model::{AccountFields, ConversationKind};
use crate::domain::triage::{FollowUpState, NewFollowUp};
use crate::i18n::{I18n, Lang};
use crate::store::Store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Two accounts; follow-ups overdue, today, and in a week (Monday
/// 2026-11-23 09:00 UTC).
fn app() -> (tempfile::TempDir, App, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let mut ids = Vec::new();
    for (name, due, note) in [
        ("田中商店", "2026-11-20", "遅れ"),
        ("Acme", "2026-11-23", "today"),
        ("田中商店", "2026-11-30", "next week"),
    ] {
        let account_id = match store.resolve_account(name) {
            Ok(id) => id,
            Err(_) => store
                .add_account(
                    &AccountFields {
                        name: name.into(),
                        ..Default::default()
                    },
                    t,
                )
                .unwrap(),
        };
        let f = NewFollowUp {
            account_id,
            contact_id: None,
            kind: ConversationKind::Call,
            due_on: day(due),
            due_time: None,
            note: note.into(),
        };
        ids.push(store.add_follow_up(&f, t).unwrap());
    }
    let app = App::new(store, Clock::fixed(t), I18n::new(Lang::En)).unwrap();
    (dir, app, ids)
}

fn selected_follow_up(app: &App) -> Option<i64> {
    match app.agenda.current() {
        Some(AgendaRow::FollowUp(f)) => Some(f.id),
        _ => None,
    }
}

#[test]
fn rows_put_overdue_first_then_a_heading_per_day_then_done() {
    let rows = agenda_rows(Agenda::default());
    assert!(rows.is_empty());
    let (_d, mut app, ids) = app();
    app.update(Action::Screen(Screen::Agenda));
    assert_eq!(app.screen, Screen::Agenda);
    let shape: Vec<String> = app
        .agenda
        .list
        .items
        .iter()
        .map(|r| match r {
            AgendaRow::OverdueHeading => "overdue".to_string(),
            AgendaRow::DayHeading(d) => d.to_string(),
            AgendaRow::FollowUp(f) => format!("#{}", f.id),
            AgendaRow::DoneHeading => "done".to_string(),
            AgendaRow::Done(_) => "did".to_string(),
        })
        .collect();
    let want = [
        "overdue".to_string(),
        format!("#{}", ids[0]),
        "2026-11-23".into(),
        format!("#{}", ids[1]),
        "2026-11-30".into(),
        format!("#{}", ids[2]),
    ];
    assert_eq!(shape, want);
    assert_eq!((app.agenda.open, app.agenda.overdue), (3, 1));
}

#[test]
fn the_cursor_passes_over_headings() {
    let (_d, mut app, ids) = app();
    app.update(Action::Screen(Screen::Agenda));
    assert_eq!(
        selected_follow_up(&app),
        Some(ids[0]),
        "starts on the first item"
    );
    app.update(Action::Down);
    assert_eq!(selected_follow_up(&app), Some(ids[1]));
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(selected_follow_up(&app), Some(ids[2]), "stops at the last");
    app.update(Action::Top);
    assert_eq!(selected_follow_up(&app), Some(ids[0]));
    app.update(Action::Up);
    assert_eq!(selected_follow_up(&app), Some(ids[0]));
    app.update(Action::Bottom);
    assert_eq!(selected_follow_up(&app), Some(ids[2]));
}

#[test]
fn enter_opens_the_account_and_esc_comes_back() {
    let (_d, mut app, _) = app();
    app.update(Action::Screen(Screen::Agenda));
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Account);
    assert_eq!(app.account.as_ref().unwrap().account.name, "Acme");
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Agenda);
}

#[test]
fn snooze_and_cancel_act_on_the_selected_follow_up_and_the_agenda_follows() {
    let (_d, mut app, ids) = app();
    app.update(Action::Screen(Screen::Agenda));
    app.update(Action::Down);
    // z: the snooze form, prefilled with tomorrow; saving moves it.
    app.update(Action::Snooze);
    assert_eq!(app.popups.len(), 1);
    app.update(Action::Save);
    assert!(app.popups.is_empty(), "{:?}", app.status);
    assert_eq!(
        app.store.follow_up(ids[1]).unwrap().due_on,
        day("2026-11-24")
    );
    assert!(
        app.agenda
            .list
            .items
            .contains(&AgendaRow::DayHeading(day("2026-11-24"))),
        "the Agenda was read again"
    );
    assert_eq!(
        selected_follow_up(&app),
        Some(ids[1]),
        "the cursor followed it"
    );

    // c on the overdue one: a reason, then it leaves the list and shows
    // under done today.
    app.update(Action::Top);
    app.update(Action::CancelFollowUp);
    for c in "no need".chars() {
        app.update(Action::Edit(EditCmd::Insert(c)));
    }
    app.update(Action::Save);
    assert!(app.popups.is_empty(), "{:?}", app.status);
    assert_eq!(
        app.store.follow_up(ids[0]).unwrap().state,
        FollowUpState::Cancelled
    );
    assert_eq!(app.agenda.overdue, 0);
    assert!(matches!(
        app.agenda.list.items.last(),
        Some(AgendaRow::Done(d)) if d.text == "遅れ"
    ));
}

#[test]
fn l_on_a_follow_up_opens_the_completion_form() {
    let (_d, mut app, ids) = app();
    app.update(Action::Screen(Screen::Agenda));
    app.update(Action::Log);
    assert_eq!(app.popups.len(), 1);
    for c in "called".chars() {
        app.update(Action::Edit(EditCmd::Insert(c)));
    }
    app.update(Action::Save);
    // A plan step or the "schedule the next one" prompt may follow.
    while !app.popups.is_empty() {
        app.update(Action::Cancel);
    }
    assert_eq!(
        app.store.follow_up(ids[0]).unwrap().state,
        FollowUpState::Done
    );
    assert!(app.agenda.list.items.iter().any(
        |r| matches!(r, AgendaRow::Done(d) if d.what == crate::domain::agenda::DoneKind::Completed)
    ));
}
