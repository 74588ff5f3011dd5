//! The Agenda screen (`5`) rendered into a `TestBackend` at 80x24, in
//! English and Japanese, over the Today/Quiet fixture (fixed clock
//! 2026-11-23T00:00:00Z, a Monday) with a few more follow-ups ahead and
//! two things done today. Every frame is checked for control characters
//! and wide characters cut at the edge.

use crossterm::event::KeyCode;

use salesbench::app::{AgendaRow, Screen};
use salesbench::domain::model::ConversationKind;

use crate::common::screen;
use crate::tui_triage::fixture;
use fixture::*;
use screen::*;

/// The fixture, plus: Acme's review next week, 丸山商事's call in
/// December, 青空フーズ's follow-up completed today and a visit to
/// Northwind logged today.
fn agenda_fixture(lang: salesbench::i18n::Lang) -> Fixture {
    let mut f = fixture(lang);
    let s = &mut f.app.store;
    let id = |s: &salesbench::store::Store, name: &str| s.resolve_account(name).unwrap();
    let acme = id(s, ACME);
    let maruyama = id(s, MARUYAMA);
    let aozora = id(s, AOZORA);
    let northwind = id(s, NORTHWIND);
    follow_up(
        s,
        acme,
        None,
        ConversationKind::Meeting,
        day(12, 1),
        Some((9, 0)),
        "Quarterly review",
    );
    follow_up(
        s,
        maruyama,
        None,
        ConversationKind::Call,
        day(12, 10),
        None,
        "年末年始の発注予定を確認",
    );
    let done = follow_up(
        s,
        aozora,
        None,
        ConversationKind::Call,
        day(11, 23),
        None,
        "週次の受注確認",
    );
    let c = conversation(aozora, ConversationKind::Call, now(), "今週分 20ケース受注");
    s.complete_follow_up(done, &c, None, now()).unwrap();
    let c = conversation(
        northwind,
        ConversationKind::Visit,
        now(),
        "New price list delivered",
    );
    s.log_conversation(&c, now()).unwrap();
    f.app.refresh();
    f
}

#[test]
fn agenda_in_both_languages() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = agenda_fixture(lang);
        press(&mut f.app, KeyCode::Char('5'));
        assert_eq!(f.app.screen, Screen::Agenda);
        snap!(&sized("agenda", code, (80, 24)), &f.app, 80, 24);
    }
}

#[test]
fn agenda_rows_are_overdue_then_by_day_then_done_today() {
    utc_zone();
    let mut f = agenda_fixture(salesbench::i18n::Lang::En);
    press(&mut f.app, KeyCode::Char('5'));
    let names: Vec<String> = f
        .app
        .agenda
        .list
        .items
        .iter()
        .map(|r| match r {
            AgendaRow::OverdueHeading => "[overdue]".into(),
            AgendaRow::DayHeading(d) => format!("[{d}]"),
            AgendaRow::FollowUp(fu) => fu.account_name.clone(),
            AgendaRow::DoneHeading => "[done]".into(),
            AgendaRow::Done(d) => format!("done {}", d.account_name),
        })
        .collect();
    assert_eq!(
        names,
        [
            "[overdue]",
            GLOBEX,
            ACME,
            "[2026-11-23]",
            TANAKA,
            YAMADA,
            "[2026-11-24]",
            SATO,
            "[2026-12-01]",
            ACME,
            "[2026-12-10]",
            MARUYAMA,
            "[done]",
            &format!("done {AOZORA}"),
            &format!("done {NORTHWIND}"),
        ]
    );
    // The cursor starts on Globex and Enter opens it; Esc comes back.
    press(&mut f.app, KeyCode::Enter);
    assert_eq!(f.app.account.as_ref().unwrap().account.name, GLOBEX);
    press(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.screen, Screen::Agenda);
    // The footer lists the Agenda's keys.
    let text = rows(render(&f.app, 80, 24).backend().buffer()).join("\n");
    assert!(text.contains("snooze"), "{text}");
}

#[test]
fn scrolling_up_onto_a_day_shows_its_heading() {
    utc_zone();
    let mut f = agenda_fixture(salesbench::i18n::Lang::En);
    press(&mut f.app, KeyCode::Char('5'));
    // 10 rows: tabs, counts, 6 agenda rows, status, footer.
    press(&mut f.app, KeyCode::Char('G'));
    let text = rows(render(&f.app, 80, 10).backend().buffer()).join("\n");
    assert!(text.contains("New price list delivered"), "{text}");
    assert!(!text.contains("Overdue"), "{text}");
    // Up to 佐藤工業, the first (only) item of tomorrow: its heading shows.
    while !matches!(f.app.agenda.current(), Some(AgendaRow::FollowUp(fu)) if fu.account_name == SATO)
    {
        press(&mut f.app, KeyCode::Char('k'));
        render(&f.app, 80, 10);
    }
    let text = rows(render(&f.app, 80, 10).backend().buffer()).join("\n");
    assert!(text.contains("Tue 24 Nov · tomorrow"), "{text}");
    assert!(text.contains(SATO), "{text}");
}

#[test]
fn e_changes_a_follow_up_on_record() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = agenda_fixture(lang);
        press(&mut f.app, KeyCode::Char('5'));
        let AgendaRow::FollowUp(first) = f.app.agenda.current().cloned().unwrap() else {
            panic!("the cursor starts on a follow-up");
        };
        press(&mut f.app, KeyCode::Char('e'));
        snap!(&sized("agenda_edit", code, (80, 24)), &f.app, 80, 24);
        // Saving unchanged is refused at the field; then a new day and note.
        ctrl(&mut f.app, 's');
        let form = f.app.popups.last().unwrap().form().unwrap();
        assert!(!form.errors.is_empty(), "nothing changed is said");
        type_str(&mut f.app, "2026-12-03 15:00");
        for _ in 0..3 {
            press(&mut f.app, KeyCode::Tab);
        }
        ctrl(&mut f.app, 'e');
        type_str(&mut f.app, "（日程変更）");
        ctrl(&mut f.app, 's');
        assert!(f.app.popups.is_empty(), "{:?}", f.app.status);
        let now = f.app.store.follow_up(first.id).unwrap();
        assert_eq!(now.due_on, day(12, 3));
        assert!(now.note.ends_with("（日程変更）"), "{}", now.note);
        let changes = f.app.store.follow_up_changes(first.id).unwrap();
        assert!(
            changes.len() >= 3,
            "day, time and note on record: {changes:?}"
        );
    }
}
