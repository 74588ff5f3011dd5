//! A snapshot of every popup that had none (contact, edit account,
//! confirm, apply plan, retract, import and its preview), at 80x24 in
//! English and Japanese, over the hand-written fixture of
//! `tui_snapshots` and a fixed clock. Every frame also passes the checks
//! of `common/screen.rs` (no control or bidi character, no wide
//! character cut or half-covered).

use crossterm::event::KeyCode;

use salesbench::app::{App, Popup};
use salesbench::domain::model::ConversationKind;
use salesbench::domain::triage::PlanStep;

use crate::common::screen;
use crate::tui_snapshots::fixture;
use fixture::*;
use screen::*;

fn top(app: &App) -> &Popup {
    app.popups.last().expect("a popup is open")
}

/// Esc out of every popup; a touched form asks first ("close it?"), and
/// is closed.
fn close_all(app: &mut App) {
    for _ in 0..8 {
        match app.popups.last() {
            None => return,
            Some(Popup::Confirm(_)) if app.popups.len() > 1 => press(app, KeyCode::Char('y')),
            Some(_) => press(app, KeyCode::Esc),
        }
    }
    panic!("{} popups still open", app.popups.len());
}

#[test]
fn account_popups() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        f.app
            .store
            .add_plan(
                "新規フォロー",
                &[
                    PlanStep {
                        offset_days: 3,
                        kind: ConversationKind::Call,
                        note: "お礼の電話".into(),
                    },
                    PlanStep {
                        offset_days: 14,
                        kind: ConversationKind::Visit,
                        note: "使い心地を伺う".into(),
                    },
                ],
                false,
                now(),
            )
            .unwrap();
        open_account(&mut f.app, "株式会社山田製作所");
        for (key, name) in [
            ('c', "popup_contact"),
            ('e', "popup_edit_account"),
            ('x', "popup_confirm_archive"),
            ('p', "popup_apply_plan"),
        ] {
            press(&mut f.app, KeyCode::Char(key));
            assert!(!f.app.popups.is_empty(), "{key} opened nothing");
            snap!(&sized(name, tag, (80, 24)), &f.app);
            close_all(&mut f.app);
        }
        // The retract form over the first conversation of the timeline.
        press(&mut f.app, KeyCode::Char('g'));
        press(&mut f.app, KeyCode::Enter);
        assert!(matches!(top(&f.app), Popup::Conversation(_)));
        press(&mut f.app, KeyCode::Char('x'));
        assert!(matches!(top(&f.app), Popup::Retract(_)));
        snap!(&sized("popup_retract", tag, (80, 24)), &f.app);
        close_all(&mut f.app);
    }
}

#[test]
fn import_form_and_preview() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        let csv = f._dir.path().join("customers.csv");
        std::fs::write(
            &csv,
            "顧客名,電話番号,メール\n鈴木商店,03-1111-2222,info@suzuki.example\n,03-0000-0000,\n",
        )
        .unwrap();
        press(&mut f.app, KeyCode::Char('1'));
        press(&mut f.app, KeyCode::Char('I'));
        assert!(matches!(top(&f.app), Popup::Import(_)));
        snap!(&sized("popup_import", tag, (80, 24)), &f.app);
        // The form starts on the kind; the path goes into the file field
        // (a temp folder, so not in a snapshot).
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, csv.to_str().unwrap());
        press_key(
            &mut f.app,
            key(KeyCode::Char('s'), crossterm::event::KeyModifiers::CONTROL),
        );
        assert!(
            matches!(top(&f.app), Popup::ImportPreview(_)),
            "{:?}\n{}",
            f.app.status,
            rows(&frame(&f.app, 80, 24)).join("\n")
        );
        // The temp folder's name changes every run: keep it out of the
        // snapshot by checking the text around it instead.
        let text = rows(&frame(&f.app, 80, 24)).join("\n");
        let want = match tag {
            "ja" => ["3行目", "顧客名がありません"],
            _ => ["line 3", "missing name"],
        };
        for w in want {
            assert!(text.contains(w), "{w:?} not in\n{text}");
        }
        close_all(&mut f.app);
    }
}
