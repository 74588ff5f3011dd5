//! `F` searches what was said in every conversation: two-character
//! Japanese words (which a trigram index cannot match) and longer ones
//! alike, newest first; Enter opens the conversation, Esc comes back to
//! the results, Esc again closes.

use crossterm::event::KeyCode;

use salesbench::app::{Action, App, EditCmd, Popup};

use crate::common::screen;
use crate::tui_snapshots::fixture;
use fixture::*;
use screen::*;

fn found(app: &App) -> Vec<String> {
    match app.popups.last() {
        Some(Popup::Search(s)) => s.hits.iter().map(|h| h.snippet.clone()).collect(),
        other => panic!("expected the search, got {other:?}"),
    }
}

#[test]
fn f_searches_every_conversation_and_opens_one() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        press(&mut f.app, KeyCode::Char('1'));
        press(&mut f.app, KeyCode::Char('F'));
        assert!(found(&f.app).is_empty());
        // The UI thread only asks: the search runs on a worker (here run
        // by the test as the event loop's worker would).
        f.app.update(Action::Edit(EditCmd::Insert('納')));
        assert!(f.app.search_job.is_some(), "handed to a worker");
        assert!(
            found(&f.app).is_empty(),
            "nothing searched on the UI thread"
        );
        f.app.run_jobs_here();
        press(&mut f.app, KeyCode::Backspace);
        // Two characters: found by the scan, in the newest call's text and
        // in the e-mail about the delivery date.
        type_str(&mut f.app, "納期");
        let hits = found(&f.app);
        assert_eq!(hits.len(), 2, "{hits:?}");
        snap!(&format!("search_{tag}"), &f.app);
        // A third word narrows it: all words must be there.
        type_str(&mut f.app, " 二月末");
        assert_eq!(found(&f.app).len(), 1);
        press(&mut f.app, KeyCode::Enter);
        match f.app.popups.last() {
            Some(Popup::Conversation(v)) => {
                assert_eq!(
                    v.conversation.current().unwrap().summary,
                    "新製品の見積もり依頼"
                )
            }
            other => panic!("Enter opens the conversation, got {other:?}"),
        }
        press(&mut f.app, KeyCode::Esc);
        assert!(matches!(f.app.popups.last(), Some(Popup::Search(_))));
        // A retracted conversation is not found.
        for _ in 0.." 二月末".chars().count() + 2 {
            press(&mut f.app, KeyCode::Backspace);
        }
        type_str(&mut f.app, "発注数量");
        assert!(found(&f.app).is_empty(), "retracted: {:?}", found(&f.app));
        let text = rows(&frame(&f.app, 80, 24)).join("\n");
        let none = if tag == "ja" {
            "含む対応記録はありません"
        } else {
            "No conversation holds"
        };
        assert!(text.contains(none), "{text}");
        press(&mut f.app, KeyCode::Esc);
        assert!(f.app.popups.is_empty());
    }
}
