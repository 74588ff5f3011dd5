//! `u` reverses the last archive, snooze, cancel, void or retract, and
//! the reversal is itself on record: a rep who snoozed the wrong call at
//! 9am gets it back with one key. One step only: a second `u` says there
//! is nothing left to undo.

use crossterm::event::KeyCode;

use salesbench::app::{App, Screen};
use salesbench::domain::triage::FollowUpState;
use salesbench::i18n::Lang;

use crate::common::screen;
use crate::tui_triage::fixture;
use fixture::*;
use screen::*;

fn said(app: &App) -> String {
    app.status.clone().map(|s| s.text).unwrap_or_default()
}

#[test]
fn u_puts_back_a_snoozed_and_a_cancelled_follow_up() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        let globex = f.app.store.resolve_account(GLOBEX).unwrap();
        let due_before = f.app.store.follow_ups_of(globex).unwrap()[0].due_on;
        // Snooze the first row (Globex, a week late) to tomorrow, then undo.
        press(&mut f.app, KeyCode::Char('z'));
        ctrl(&mut f.app, 's');
        assert!(f.app.popups.is_empty());
        assert_ne!(
            f.app.store.follow_ups_of(globex).unwrap()[0].due_on,
            due_before
        );
        let hint = if tag == "ja" {
            "u で元に戻す"
        } else {
            "u to undo"
        };
        assert!(said(&f.app).contains(hint), "{}", said(&f.app));
        press(&mut f.app, KeyCode::Char('u'));
        assert_eq!(
            f.app.store.follow_ups_of(globex).unwrap()[0].due_on,
            due_before
        );
        let back = if tag == "ja" {
            "元の日に戻しました"
        } else {
            "back on its day"
        };
        assert!(said(&f.app).contains(back), "{}", said(&f.app));
        // Both moves are on record; the queue shows it where it was.
        assert_eq!(f.app.screen, Screen::Today);
        assert_eq!(
            f.app.today.list.current().map(|i| i.account_id()),
            Some(globex)
        );
        // Nothing more to undo.
        press(&mut f.app, KeyCode::Char('u'));
        let nothing = if tag == "ja" {
            "元に戻す操作はありません"
        } else {
            "Nothing to undo"
        };
        assert!(said(&f.app).contains(nothing), "{}", said(&f.app));

        // Cancel it with a reason, then undo: open again, the reason kept.
        press(&mut f.app, KeyCode::Char('c'));
        type_str(&mut f.app, "担当者不在");
        ctrl(&mut f.app, 's');
        let fu = &f.app.store.follow_ups_of(globex).unwrap()[0];
        assert_eq!(fu.state, FollowUpState::Cancelled);
        press(&mut f.app, KeyCode::Char('u'));
        let fu = &f.app.store.follow_ups_of(globex).unwrap()[0];
        assert_eq!(fu.state, FollowUpState::Open, "{}", said(&f.app));
        assert_eq!(
            f.app.today.list.current().map(|i| i.account_id()),
            Some(globex),
            "back in the queue"
        );
    }
}

#[test]
fn u_restores_a_retracted_conversation_from_the_account_screen() {
    utc_zone();
    let mut f = fixture(Lang::Ja);
    let yamada = f.app.store.resolve_account(YAMADA).unwrap();
    f.app.open_account(yamada);
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Char('x'));
    type_str(&mut f.app, "別の顧客");
    ctrl(&mut f.app, 's');
    press(&mut f.app, KeyCode::Esc);
    assert!(f.app.popups.is_empty());
    let retracted = |app: &App| {
        app.store
            .timeline(yamada)
            .unwrap()
            .iter()
            .filter(|e| {
                matches!(e, salesbench::domain::model::TimelineEntry::Conversation(c) if c.retracted.is_some())
            })
            .count()
    };
    assert_eq!(retracted(&f.app), 1);
    press(&mut f.app, KeyCode::Char('u'));
    assert_eq!(retracted(&f.app), 0, "{}", said(&f.app));
}
