//! App tests of the typed filter line, archived accounts and selecting a
//! row by position.

use super::*;
use crate::app::{Action, App, EditCmd, Screen};
use crate::clock::Clock;
use crate::domain::model::{AccountFields, Status};
use crate::i18n::{I18n, Lang};
use crate::store::Store;
use chrono::{TimeZone, Utc};

type Spec<'a> = (&'a str, Option<&'a str>, Status, &'a [&'a str]);

fn app_with(lang: Lang, accounts: &[Spec]) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    for (name, reading, status, tags) in accounts {
        let f = AccountFields {
            name: name.to_string(),
            reading: reading.map(str::to_string),
            status: Some(*status),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        };
        store.add_account(&f, t).unwrap();
    }
    let app = App::new(store, Clock::fixed(t), I18n::new(lang)).unwrap();
    (dir, app)
}

/// An App over `accounts` demo accounts.
fn demo(accounts: usize, lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    crate::demo::generate(&mut store, accounts, 3, t).unwrap();
    let app = App::new(store, Clock::fixed(t), I18n::new(lang)).unwrap();
    (dir, app)
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Action::Edit(EditCmd::Insert(c)));
    }
}

fn shown(app: &App) -> Vec<&str> {
    let st = &app.accounts;
    let mut v: Vec<&str> = st
        .visible
        .iter()
        .filter_map(|&i| st.rows.get(i).map(|r| r.name))
        .collect();
    v.sort();
    v
}

const PEOPLE: &[Spec] = &[
    (
        "田中商店",
        Some("たなかしょうてん"),
        Status::Customer,
        &["VIP"],
    ),
    (
        "田中工務店",
        Some("たなかこうむてん"),
        Status::Prospect,
        &["VIP"],
    ),
    (
        "田村製作所",
        Some("たむらせいさくしょ"),
        Status::Customer,
        &[],
    ),
    ("Acme", None, Status::Customer, &["VIP", "卸"]),
];

#[test]
fn status_and_tag_narrow_then_the_text_ranks() {
    let (_d, mut app) = app_with(Lang::En, PEOPLE);
    app.update(Action::StartFilter);
    typed(&mut app, "status:customer tag:vip");
    assert_eq!(shown(&app), ["Acme", "田中商店"]);
    typed(&mut app, " tanaka");
    assert_eq!(shown(&app), ["田中商店"]);
    // Japanese words under the Japanese interface.
    let (_d, mut app) = app_with(Lang::Ja, PEOPLE);
    app.update(Action::StartFilter);
    typed(&mut app, "状態：顧客 田");
    assert_eq!(shown(&app), ["田中商店", "田村製作所"]);
}

#[test]
fn an_unknown_status_shows_nothing_and_says_why() {
    let (_d, mut app) = app_with(Lang::Ja, PEOPLE);
    app.update(Action::StartFilter);
    typed(&mut app, "状態:お得意様");
    assert!(app.accounts.visible.is_empty());
    let problem = app.accounts.filter.query().unwrap_err();
    let text = problem_text(&app.i18n, problem);
    assert!(text.contains("お得意様") && text.contains("顧客"), "{text}");
    assert!(!text.contains("status"), "{text}");
}

#[test]
fn tab_completes_on_the_filter_line_and_cycles() {
    let (_d, mut app) = app_with(Lang::En, PEOPLE);
    app.update(Action::StartFilter);
    typed(&mut app, "st");
    app.update(Action::NextField);
    assert_eq!(app.accounts.query(), "status:");
    typed(&mut app, "cu");
    app.update(Action::NextField);
    assert_eq!(app.accounts.query(), "status:customer");
    assert_eq!(shown(&app), ["Acme", "田中商店", "田村製作所"]);
    typed(&mut app, " tag:");
    app.update(Action::NextField);
    assert_eq!(app.accounts.query(), "status:customer tag:VIP");
    app.update(Action::NextField);
    assert_eq!(app.accounts.query(), "status:customer tag:卸");
    assert_eq!(shown(&app), ["Acme"]);
    assert!(app.accounts.filtering);
    // Nothing left to complete: Tab keeps the filter and leaves the line.
    typed(&mut app, " zz");
    app.update(Action::NextField);
    assert!(!app.accounts.filtering);
    assert_eq!(app.accounts.query(), "status:customer tag:卸 zz");
}

#[test]
fn archived_accounts_show_on_request_and_restore_on_record() {
    let (_d, mut app) = app_with(Lang::En, PEOPLE);
    let acme = app
        .accounts
        .rows
        .iter()
        .find(|r| r.name == "Acme")
        .unwrap()
        .id;
    let now = app.now();
    app.store.set_archived(acme, true, now).unwrap();
    app.refresh();
    assert!(!shown(&app).contains(&"Acme"));
    assert!(!app.binding_applies(&Action::RestoreAccount));
    app.update(Action::ToggleArchived);
    assert!(shown(&app).contains(&"Acme"));
    assert!(app.accounts.archived.contains(&acme));
    app.accounts.select_id(acme);
    assert!(app.binding_applies(&Action::RestoreAccount));
    // The filter applies to archived rows too.
    app.update(Action::StartFilter);
    typed(&mut app, "tag:卸");
    assert_eq!(shown(&app), ["Acme"]);
    app.update(Action::Save);
    app.update(Action::RestoreAccount);
    assert!(!app.store.account(acme).unwrap().archived);
    assert!(!app.accounts.archived.contains(&acme));
    assert!(app.status.as_ref().unwrap().text.contains("Acme"));
    // On record, like `account restore`.
    let changes = app.store.account_changes(acme).unwrap();
    assert!(changes.iter().any(|c| c.field == "archived"), "{changes:?}");
    // Archiving while archived ones are shown keeps the row, marked.
    app.store.set_archived(acme, true, now).unwrap();
    app.refresh_account(acme);
    assert!(app.accounts.archived.contains(&acme));
    app.update(Action::ToggleArchived);
    assert!(app.accounts.archived.is_empty());
    assert_eq!(app.screen, Screen::Accounts);
}

#[test]
fn quiet_filters_like_accounts_and_keeps_its_order() {
    let (_d, mut app) = demo(60, Lang::Ja);
    app.update(Action::Screen(Screen::Quiet));
    let all: Vec<i64> = app.quiet.list.items.iter().map(|q| q.account_id).collect();
    assert!(all.len() > 3, "the demo has quiet customers");
    let status_of = |app: &App, id: i64| app.accounts.row_by_id(id).unwrap().status;
    app.update(Action::StartFilter);
    assert_eq!(
        crate::app::keymap::layer(&app),
        crate::app::keymap::Layer::Filter
    );
    // The status of the last quiet row, in the interface's words.
    let want = status_of(&app, *all.last().unwrap());
    let label = app.i18n.t(&format!("status.{want}"));
    typed(&mut app, &format!("状態:{label}"));
    let shown: Vec<i64> = app.quiet.list.visible().map(|q| q.account_id).collect();
    assert!(shown.contains(all.last().unwrap()), "{shown:?}");
    assert!(shown.iter().all(|&id| status_of(&app, id) == want));
    // The Quiet order is kept: the shown rows are a subsequence of all.
    let mut rest = all.iter();
    assert!(shown.iter().all(|id| rest.any(|a| a == id)));
    // Today still ranks from every quiet account.
    assert_eq!(app.quiet.list.items.len(), all.len());
    // The text part narrows by the same fuzzy match as Accounts.
    let name = app.quiet.list.current().unwrap().name.clone();
    let id = app.quiet.list.current().unwrap().account_id;
    typed(&mut app, &format!(" {name}"));
    assert!(app.quiet.list.visible().any(|q| q.account_id == id));
    assert_eq!(app.current_account_id(), Some(id));
    // Keys go back to the list; Down moves within what is shown.
    app.update(Action::Save);
    assert!(!app.quiet.filtering);
    app.update(Action::Down);
    assert!(app.current_account_id().is_some());
    // Esc clears the filter; the cursor stays on its account.
    let here = app.current_account_id();
    app.update(Action::Back);
    assert_eq!(app.quiet.list.len(), all.len());
    assert_eq!(app.current_account_id(), here);
    // An unknown status shows nothing, and says so.
    app.update(Action::StartFilter);
    typed(&mut app, "状態:x");
    assert!(app.quiet.list.is_empty());
    assert!(app.quiet.filter.query().is_err());
    app.update(Action::Cancel);
    assert_eq!(app.quiet.list.len(), all.len());
}

#[test]
fn every_filter_problem_is_in_both_catalogues() {
    use crate::domain::account_query::QueryProblem;
    let all = [QueryProblem::UnknownStatus { word: "x".into() }];
    for lang in [Lang::En, Lang::Ja] {
        let i18n = I18n::new(lang);
        for p in &all {
            // Exhaustive: a new variant must be listed above.
            match p {
                QueryProblem::UnknownStatus { .. } => {}
            }
            let text = problem_text(&i18n, p);
            assert_ne!(i18n.t(p.key()), p.key(), "{lang:?}: {} missing", p.key());
            assert!(!text.contains('{'), "{lang:?}: unfilled {text}");
        }
    }
    // The Japanese message has no English in it but the word typed.
    let ja = problem_text(&I18n::new(Lang::Ja), &all[0]);
    assert!(
        !ja.chars().any(|c| c.is_ascii_alphabetic() && c != 'x'),
        "{ja}"
    );
}

/// A click (mapped by the ui) selects a row of the list in front.
#[test]
fn select_moves_the_cursor_and_open_opens_that_row() {
    let (_d, mut app) = demo(30, Lang::En);
    app.update(Action::Screen(Screen::Accounts));
    app.update(Action::Select(4));
    assert_eq!(app.accounts.selected, 4);
    let id = app.accounts.selected_id();
    // Past the end: nothing moves.
    app.update(Action::Select(10_000));
    assert_eq!(app.accounts.selected, 4);
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Account);
    assert_eq!(app.account.as_ref().map(|v| v.account.id), id);
    app.update(Action::Screen(Screen::Quiet));
    app.update(Action::Select(2));
    assert_eq!(app.quiet.list.selected, 2);
    app.update(Action::Screen(Screen::Today));
    app.update(Action::Select(1));
    assert_eq!(app.today.list.selected, 1.min(app.today.list.len() - 1));
    // A form in front: a click does not move the list behind it.
    app.update(Action::Screen(Screen::Accounts));
    app.update(Action::AddAccount);
    app.update(Action::Select(0));
    assert_eq!(app.accounts.selected, 4);
}
