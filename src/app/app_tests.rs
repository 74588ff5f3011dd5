//! App tests: a real store in a temp file, actions and keys in, state out.

use super::*;
use crate::domain::model::{AccountFields, TimelineEntry};
use crate::i18n::{I18n, Lang};
use chrono::TimeZone;
use std::time::{Duration, Instant};

fn app_with(names: &[(&str, Option<&str>)]) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    for (name, reading) in names {
        let f = AccountFields {
            name: name.to_string(),
            reading: reading.map(str::to_string),
            ..Default::default()
        };
        store.add_account(&f, t).unwrap();
    }
    let app = App::new(store, Clock::fixed(t), I18n::new(Lang::En)).unwrap();
    (dir, app)
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Action::Edit(EditCmd::Insert(c)));
    }
}

#[test]
fn filter_narrows_and_enter_opens_the_match() {
    let (_d, mut app) = app_with(&[("田中商店", Some("たなかしょうてん")), ("Acme", None)]);
    app.update(Action::StartFilter);
    typed(&mut app, "tanaka");
    assert_eq!(app.accounts.visible.len(), 1);
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Account);
    assert_eq!(app.account.as_ref().unwrap().account.name, "田中商店");
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Accounts);
}

#[test]
fn logging_from_the_list_writes_and_refreshes_the_timeline() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    app.update(Action::Open);
    app.update(Action::Log);
    // Opens in the summary field: type straight away.
    typed(&mut app, "first call");
    app.update(Action::Save);
    assert!(app.popups.is_empty(), "form closed after save");
    let v = app.account.as_ref().unwrap();
    assert!(
        matches!(&v.timeline[0], TimelineEntry::Conversation(c) if c.current().unwrap().summary == "first call")
    );
    assert!(v.account.last_touch_at.is_some());
}

#[test]
fn invalid_input_stays_inline_and_writes_nothing() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    app.update(Action::AddAccount);
    app.update(Action::Save);
    let form = app.popups.last().unwrap().form().unwrap();
    assert!(form.errors.contains_key("name"));
    assert_eq!(app.accounts.rows.len(), 1);
    // A bad date in the log form is an inline error, not a panic or a write.
    app.popups.clear();
    app.update(Action::Log);
    app.update(Action::PrevField);
    typed(&mut app, "31/31");
    app.update(Action::NextField);
    typed(&mut app, "x");
    app.update(Action::Save);
    let form = app.popups.last().unwrap().form().unwrap();
    assert!(form.errors.contains_key("when"), "{:?}", form.errors);
    assert!(app
        .store
        .timeline(app.accounts.rows.ids()[0])
        .unwrap()
        .is_empty());
}

#[test]
fn drafts_are_saved_while_typing_and_offered_back() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    let id = app.accounts.rows.ids()[0];
    app.update(Action::Log);
    typed(&mut app, "half typed");
    let t0 = Instant::now();
    app.tick(t0);
    assert_eq!(app.store.draft(id).unwrap().unwrap().summary, "half typed");
    typed(&mut app, " more");
    app.tick(t0 + Duration::from_millis(500));
    assert_eq!(
        app.store.draft(id).unwrap().unwrap().summary,
        "half typed",
        "throttled"
    );
    app.tick(t0 + Duration::from_secs(3));
    assert_eq!(
        app.store.draft(id).unwrap().unwrap().summary,
        "half typed more"
    );
    // Esc asks first, then closes; the draft stays and comes back.
    app.update(Action::Cancel);
    assert!(matches!(app.popups.last().unwrap(), Popup::Confirm(_)));
    app.update(Action::Confirm(true));
    assert!(app.popups.is_empty());
    app.update(Action::Log);
    assert_eq!(
        app.popups.last().unwrap().form().unwrap().value("summary"),
        "half typed more"
    );
}

#[test]
fn retract_and_restore_from_the_viewer() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    app.update(Action::Open);
    app.update(Action::Log);
    typed(&mut app, "oops");
    app.update(Action::Save);
    app.update(Action::Open);
    assert!(matches!(app.popups.last().unwrap(), Popup::Conversation(_)));
    app.update(Action::Retract);
    typed(&mut app, "wrong customer");
    app.update(Action::Save);
    // The viewer stays, showing the conversation as it now is.
    assert!(matches!(
        app.popups.last().unwrap(),
        Popup::Conversation(v) if v.conversation.retracted.is_some()
    ));
    app.update(Action::Back);
    assert!(app.popups.is_empty());
    let v = app.account.as_ref().unwrap();
    assert!(matches!(&v.timeline[0], TimelineEntry::Conversation(c) if c.retracted.is_some()));
    assert!(
        v.account.last_touch_at.is_none(),
        "a retracted call is not a touch"
    );
    app.update(Action::Open);
    // Retracting again is refused at once, saying when and why.
    app.update(Action::Retract);
    assert_eq!(app.popups.len(), 1, "no second retract form");
    let said = app.status.clone().unwrap();
    assert!(
        said.error && said.text.contains("wrong customer"),
        "{said:?}"
    );
    app.update(Action::RestoreConversation);
    let v = app.account.as_ref().unwrap();
    assert!(matches!(&v.timeline[0], TimelineEntry::Conversation(c) if c.retracted.is_none()));
}

#[test]
fn help_closes_without_acting_underneath_and_quit_always_quits() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    app.update(Action::ToggleHelp);
    assert!(app.help);
    app.update(Action::Down);
    assert!(app.help, "Down scrolls help");
    app.update(Action::Log);
    assert!(!app.help, "another key closes help");
    assert!(app.popups.is_empty(), "without acting underneath");
    app.update(Action::ToggleHelp);
    // Ctrl-C (Quit) quits even with help open.
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn quit_inside_a_form_saves_the_draft_and_quits() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    let id = app.accounts.rows.ids()[0];
    app.update(Action::Log);
    typed(&mut app, "half typed");
    app.update(Action::Quit);
    assert!(app.quit);
    assert_eq!(app.store.draft(id).unwrap().unwrap().summary, "half typed");
}

#[test]
fn contact_form_adds_then_edits_the_chosen_person() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    let id = app.accounts.rows.ids()[0];
    app.update(Action::AddContact);
    typed(&mut app, "Yamada");
    app.update(Action::Save);
    assert_eq!(app.store.contacts(id).unwrap()[0].name, "Yamada");
    // Now the form starts on "who": pick Yamada, his fields load, edit.
    app.update(Action::AddContact);
    app.update(Action::Edit(EditCmd::Right));
    let form = app.popups.last().unwrap().form().unwrap();
    assert_eq!(form.value("name"), "Yamada");
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(Action::NextField);
    typed(&mut app, "部長");
    app.update(Action::Save);
    let people = app.store.contacts(id).unwrap();
    assert_eq!(people.len(), 1, "edited, not added");
    assert_eq!(people[0].role.as_deref(), Some("部長"));
}

#[test]
fn updating_one_account_in_place_equals_a_full_reload() {
    use crate::domain::model::{ConversationKind, Direction, NewConversation};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sb.db");
    let mut store = Store::open(&path).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    crate::demo::generate(&mut store, 40, 3, t).unwrap();
    let mut app = App::new(store, Clock::fixed(t), I18n::new(Lang::En)).unwrap();
    // Work the queue a little: log with the most overdue quiet account,
    // complete a due follow-up, archive one, add one.
    let quiet_id = app.quiet.list.items[0].account_id;
    let c = NewConversation {
        account_id: quiet_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: t,
        summary: "back in touch".into(),
        body: String::new(),
        outcome: None,
    };
    app.store.log_conversation(&c, t).unwrap();
    app.refresh_account(quiet_id);
    assert!(app
        .quiet
        .list
        .items
        .iter()
        .all(|q| q.account_id != quiet_id));
    let archived = app.accounts.rows.ids()[3];
    app.store.set_archived(archived, true, t).unwrap();
    app.refresh_account(archived);
    app.update(Action::AddAccount);
    typed(&mut app, "新規 商店");
    app.update(Action::Save);
    let ids = |a: &App| {
        (
            a.accounts.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            a.quiet
                .list
                .items
                .iter()
                .map(|q| q.account_id)
                .collect::<Vec<_>>(),
            a.today
                .list
                .items
                .iter()
                .map(|i| i.account_id())
                .collect::<Vec<_>>(),
            a.today.counts,
        )
    };
    let incremental = ids(&app);
    let fresh = App::new(
        Store::open(&path).unwrap(),
        Clock::fixed(t),
        I18n::new(Lang::En),
    )
    .unwrap();
    assert_eq!(incremental, ids(&fresh));
    assert_eq!(
        app.accounts.selected_id(),
        app.accounts
            .rows
            .iter()
            .find(|r| r.name == "新規 商店")
            .map(|r| r.id)
    );
}

#[test]
fn a_plan_applied_from_the_account_schedules_its_steps() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    let id = app.accounts.rows.ids()[0];
    let t = app.now();
    app.update(Action::ApplyPlan);
    assert!(app.popups.is_empty(), "no plans yet: a message, no form");
    let steps = vec![
        crate::domain::triage::PlanStep::parse("1:thanks").unwrap(),
        crate::domain::triage::PlanStep::parse("7:check in").unwrap(),
    ];
    app.store.add_plan("welcome", &steps, false, t).unwrap();
    app.update(Action::ApplyPlan);
    app.update(Action::Save);
    assert!(app.popups.is_empty());
    let notes: Vec<String> = app
        .store
        .follow_ups_of(id)
        .unwrap()
        .into_iter()
        .map(|f| f.note)
        .collect();
    assert_eq!(notes, ["thanks", "check in"]);
}

#[test]
fn import_from_the_tui_previews_then_commits() {
    let (dir, mut app) = app_with(&[("Acme", None)]);
    let good = dir.path().join("list.csv");
    std::fs::write(&good, "会社名,フリガナ,電話番号\n田中商店,たなかしょうてん,03-1234-5678\n佐藤工業,さとうこうぎょう,06-1111-2222\n").unwrap();
    app.update(Action::Import);
    app.update(Action::NextField);
    typed(&mut app, good.to_str().unwrap());
    app.update(Action::Save);
    // The dry run runs on a worker: the screen does not wait for it.
    assert!(app.import_job.is_some(), "the dry run waits for a worker");
    assert!(matches!(app.popups.last().unwrap(), Popup::Import(_)));
    app.run_jobs_here();
    match app.popups.last().unwrap() {
        Popup::ImportPreview(p) => {
            assert!(p.can_commit, "{:?}", p.lines);
        }
        other => panic!("expected the preview, got {other:?}"),
    }
    assert_eq!(
        app.store.account_list().unwrap().len(),
        1,
        "the preview writes nothing"
    );
    app.update(Action::Confirm(true));
    assert_eq!(app.popups.len(), 2, "both stay while the import runs");
    app.run_jobs_here();
    assert!(app.popups.is_empty());
    assert_eq!(app.accounts.rows.len(), 3);

    // A file with a bad row: the preview says so and nothing can be written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "会社名,電話番号\n山田,03-0000-0000\n,090-1\n").unwrap();
    app.update(Action::Import);
    app.update(Action::NextField);
    typed(&mut app, bad.to_str().unwrap());
    app.update(Action::Save);
    app.run_jobs_here();
    assert!(matches!(
        app.popups.last().unwrap(),
        Popup::ImportPreview(p) if !p.can_commit
    ));
    app.update(Action::Confirm(true));
    assert!(app
        .popups
        .last()
        .is_some_and(|p| matches!(p, Popup::Import(_))));
    assert_eq!(app.store.account_list().unwrap().len(), 3);
}

#[test]
fn another_connections_write_is_noticed_and_reloads_keep_the_selection() {
    let (d, mut app) = app_with(&[("Acme", None), ("Globex", None)]);
    app.screen = Screen::Accounts;
    let globex = app
        .accounts
        .rows
        .iter()
        .find(|r| r.name == "Globex")
        .unwrap()
        .id;
    app.accounts.select_id(globex);
    let mono = Instant::now();
    app.tick(mono);
    assert!(!app.reload_wanted, "nothing changed yet");

    // Another connection (as another process would) adds an account.
    let mut other = Store::open(&d.path().join("sb.db")).unwrap();
    let t = app.now();
    other
        .add_account(
            &AccountFields {
                name: "Initech".into(),
                ..Default::default()
            },
            t,
        )
        .unwrap();
    app.tick(mono);
    assert!(app.reload_wanted, "the outside write is noticed");
    assert!(app.needs_redraw);
    app.begin_reload();
    assert!(!app.reload_wanted);
    let loaded = Loaded::read(&other, t, 30).unwrap();
    app.receive(loaded);
    assert!(!app.is_loading());
    assert_eq!(app.accounts.rows.len(), 3);
    let selected = app.accounts.selected_id().unwrap();
    let name = &app
        .accounts
        .rows
        .iter()
        .find(|r| r.id == selected)
        .unwrap()
        .name;
    assert_eq!(*name, "Globex", "the selection stays on the same account");
    // Our own writes do not count as outside ones.
    app.needs_redraw = false;
    app.update(Action::AddAccount);
    typed(&mut app, "Umbrella");
    app.update(Action::Save);
    app.tick(mono);
    assert!(!app.reload_wanted);
}

#[test]
fn a_save_blocked_by_another_writer_waits_keeps_the_form_and_goes_through_later() {
    let (d, mut app) = app_with(&[("Acme", None)]);
    app.store
        .set_busy_patience(Duration::from_millis(20))
        .unwrap();
    app.screen = Screen::Accounts;
    app.update(Action::Log);
    typed(&mut app, "held up");
    let holder = rusqlite::Connection::open(d.path().join("sb.db")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    app.update(Action::Save);
    assert!(app.waiting_to_save.is_some(), "waiting, not failed");
    assert_eq!(app.popups.len(), 1, "the form stays open");
    assert!(!app.status.as_ref().unwrap().error);
    // Still locked: the retry waits again.
    let later = Instant::now() + RETRY_EVERY;
    app.tick(later);
    assert_eq!(app.popups.len(), 1);
    holder.execute_batch("COMMIT").unwrap();
    app.tick(later + RETRY_EVERY);
    assert!(app.popups.is_empty(), "saved once the lock is free");
    assert!(app.waiting_to_save.is_none());
    let v = app.store.account_list().unwrap();
    assert_eq!(v.len(), 1);
    let history = app.store.timeline(v.ids()[0]).unwrap();
    assert_eq!(history.len(), 1);
}

#[test]
fn a_damaged_file_stops_the_tuis_writes_and_keeps_the_form() {
    let (d, mut app) = app_with(&[("Acme", None)]);
    let db = d.path().join("sb.db");
    let id = app.accounts.rows.ids()[0];
    app.update(Action::Log);
    typed(&mut app, "first call");
    app.update(Action::Save);
    drop(app);
    crate::store::testing::damage_root_of(&db, "conversations");
    let store = Store::open(&db).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let mut app = App::new(store, Clock::fixed(t), I18n::new(Lang::En)).unwrap();
    app.open_account(id);
    let status = app.status.clone().expect("the damage is reported");
    assert!(status.error);
    assert!(status.text.contains("damaged"), "{}", status.text);
    assert!(app.store.writes_stopped());
    // Typing on is fine; saving writes nothing and the form stays.
    app.update(Action::AddAccount);
    typed(&mut app, "Globex");
    app.update(Action::Save);
    assert_eq!(
        app.popups.len(),
        1,
        "the form stays open with what was typed"
    );
    drop(app);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn app_knows_nothing_of_the_terminal() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Spelt in pieces so this file does not find itself.
                // ... and no interior mutability: drawing takes `&App`, so
                // a `Cell` in app state is state that drawing changes.
                for word in [
                    concat!("cross", "term"),
                    concat!("rata", "tui"),
                    concat!("crate::", "ui"),
                    concat!("Ce", "ll<"),
                    concat!("RefCe", "ll"),
                ] {
                    if text.contains(word) {
                        found.push(format!("{}: {word}", path.display()));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app"),
        &mut found,
    );
    assert!(found.is_empty(), "the terminal leaks into app: {found:?}");
}

#[test]
fn typing_into_the_suggested_due_date_replaces_it() {
    let (_d, mut app) = app_with(&[("Acme", None)]);
    app.update(Action::ScheduleFollowUp);
    let due = |app: &App| app.popups.last().unwrap().form().unwrap().value("due");
    assert_eq!(due(&app), "tomorrow");
    typed(&mut app, "tomorrow 10:30");
    assert_eq!(due(&app), "tomorrow 10:30");
}

#[test]
fn ctrl_r_reads_everything_again() {
    let (dir, mut app) = app_with(&[("Acme", None)]);
    app.update(Action::Screen(Screen::Today));
    assert!(app.today.list.items.is_empty());
    // Another program schedules a call for today on the same file.
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let mut other = Store::open(&dir.path().join("sb.db")).unwrap();
    let f = crate::domain::triage::NewFollowUp {
        account_id: app.accounts.rows.ids()[0],
        contact_id: None,
        kind: crate::domain::model::ConversationKind::Call,
        due_on: t.date_naive(),
        due_time: None,
        note: "call back".into(),
    };
    other.add_follow_up(&f, t).unwrap();
    app.insight.wanted = false;
    app.reload_wanted = false;
    app.update(Action::Reload);
    assert_eq!(app.today.list.items.len(), 1, "Today read again at once");
    assert!(app.reload_wanted, "the big lists follow on the reader");
    assert!(app.insight.wanted, "and the reports' figures");
    assert_eq!(
        app.status.as_ref().map(|s| s.text.as_str()),
        Some("Reloaded everything from the database.")
    );
    // Ctrl-R is the key for it on every screen.
    let key = crate::app::keymap::Key::parse("ctrl-r").unwrap();
    assert_eq!(crate::app::keymap::route(&app, key), Some(Action::Reload));
}
