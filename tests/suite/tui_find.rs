//! `/` on an account's history finds words in its conversations (summary,
//! text and outcome as they now read) and orders' notes: the selection
//! lands on the first match, `n` / `N` go on, Esc lets go. Matching
//! ignores width, kana and case, as the account filter does.

use crossterm::event::KeyCode;

use salesbench::app::{App, Screen};
use salesbench::domain::model::TimelineEntry;

use crate::common::screen;
use crate::tui_snapshots::fixture;
use fixture::*;
use screen::*;

fn selected_summary(app: &App) -> String {
    let v = app.account.as_ref().unwrap();
    match v.selected_entry() {
        Some(TimelineEntry::Conversation(c)) => c.current().unwrap().summary.clone(),
        Some(TimelineEntry::Order(o)) => o.note.clone(),
        None => String::new(),
    }
}

#[test]
fn slash_finds_words_in_the_history() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        open_account(&mut f.app, "株式会社山田製作所");
        press(&mut f.app, KeyCode::Char('/'));
        // Typed in half-width katakana; "ライン" is in the newest call's
        // text and in the revised text of the factory visit only.
        type_str(&mut f.app, "ﾗｲﾝ");
        assert_eq!(selected_summary(&f.app), "新製品の見積もり依頼");
        snap!(&format!("find_typing_{tag}"), &f.app);
        press(&mut f.app, KeyCode::Enter);
        // Letters typed now are keys again: `n` goes on, and wraps.
        press(&mut f.app, KeyCode::Char('n'));
        assert_eq!(selected_summary(&f.app), "工場見学と打ち合わせ");
        press(&mut f.app, KeyCode::Char('n'));
        assert_eq!(selected_summary(&f.app), "新製品の見積もり依頼");
        assert_eq!(f.app.screen, Screen::Account);

        // A word in several entries: n and N walk them, wrapping.
        press(&mut f.app, KeyCode::Char('/'));
        for _ in 0..3 {
            press(&mut f.app, KeyCode::Backspace);
        }
        type_str(&mut f.app, "a-200");
        press(&mut f.app, KeyCode::Enter);
        let first = selected_summary(&f.app);
        press(&mut f.app, KeyCode::Char('n'));
        let second = selected_summary(&f.app);
        assert_ne!(first, second, "two entries hold A-200");
        press(&mut f.app, KeyCode::Char('N'));
        assert_eq!(selected_summary(&f.app), first);
        let (at, of) = f.app.account.as_ref().unwrap().match_position().unwrap();
        assert_eq!(at, 1);
        assert!(of >= 2, "{of}");

        // Nothing holds it: said, the selection stays.
        press(&mut f.app, KeyCode::Char('/'));
        type_str(&mut f.app, "存在しない言葉");
        let text = rows(&frame(&f.app, 80, 24)).join("\n");
        let none = if tag == "ja" {
            "見つかりません"
        } else {
            "not found"
        };
        assert!(text.contains(none), "{text}");
        // Esc lets go of the words; a second Esc goes back.
        press(&mut f.app, KeyCode::Esc);
        assert!(f.app.account.as_ref().unwrap().find.is_none());
        assert_eq!(f.app.screen, Screen::Account);
        press(&mut f.app, KeyCode::Esc);
        assert_ne!(f.app.screen, Screen::Account);
    }
}
