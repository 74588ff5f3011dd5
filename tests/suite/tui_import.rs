//! Importing from the TUI as a shop owner would: the form starts on the
//! kind, Tab completes the path, and the preview offers what to do about
//! what it found (skip the bad rows into a rejects file, create the
//! missing customers, say what an unrecognised column holds) instead of
//! sending the user to the command line. Real files, a real database,
//! keys through the keymap; the import itself runs as the event loop's
//! worker would (`common/screen.rs`).

use crossterm::event::{KeyCode, KeyModifiers};

use salesbench::app::{App, Popup};

use crate::common::screen;
use crate::tui_snapshots::fixture;
use fixture::*;
use screen::*;

fn save(app: &mut App) {
    press_key(app, key(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

fn text(app: &App) -> String {
    rows(&frame(app, 100, 30)).join("\n")
}

fn preview(app: &App) -> &salesbench::app::popups::ImportPreview {
    match app.popups.last() {
        Some(Popup::ImportPreview(p)) => p,
        other => panic!("expected the preview, got {other:?}\n{}", text(app)),
    }
}

#[test]
fn the_form_starts_on_the_kind_and_tab_completes_the_path() {
    utc_zone();
    for (lang, _) in LANGS {
        let mut f = fixture(lang);
        let dir = f._dir.path().join("取込");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("売上2026.csv"), "").unwrap();
        std::fs::write(dir.join("売上2025.csv"), "").unwrap();
        std::fs::write(dir.join("顧客.csv"), "").unwrap();
        press(&mut f.app, KeyCode::Char('1'));
        press(&mut f.app, KeyCode::Char('I'));
        let form = f.app.popups.last().unwrap().form().unwrap();
        assert_eq!(form.focused_name(), "what", "the kind comes first");
        press(&mut f.app, KeyCode::Right);
        let form = f.app.popups.last().unwrap().form().unwrap();
        assert_eq!(form.value("what"), "orders");
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, &format!("{}/顧", dir.display()));
        press(&mut f.app, KeyCode::Tab);
        let form = f.app.popups.last().unwrap().form().unwrap();
        assert_eq!(form.value("file"), format!("{}/顧客.csv", dir.display()));
        assert_eq!(form.focused_name(), "file", "Tab completed, focus stays");
        // Two files start so: the shared part, and the choices shown.
        for _ in 0.."顧客.csv".chars().count() {
            press(&mut f.app, KeyCode::Backspace);
        }
        type_str(&mut f.app, "売");
        press(&mut f.app, KeyCode::Tab);
        let form = f.app.popups.last().unwrap().form().unwrap();
        assert_eq!(form.value("file"), format!("{}/売上202", dir.display()));
        let shown = text(&f.app);
        assert!(
            shown.contains("売上2025.csv") && shown.contains("売上2026.csv"),
            "{shown}"
        );
        // Nothing more to complete: Tab moves on as in any form.
        press(&mut f.app, KeyCode::Char('6'));
        press(&mut f.app, KeyCode::Char('.'));
        press(&mut f.app, KeyCode::Char('c'));
        press(&mut f.app, KeyCode::Char('s'));
        press(&mut f.app, KeyCode::Char('v'));
        press(&mut f.app, KeyCode::Tab);
        let form = f.app.popups.last().unwrap().form().unwrap();
        assert_eq!(form.focused_name(), "what");
    }
}

#[test]
fn a_bad_row_and_an_unknown_column_are_dealt_with_in_the_preview() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        let before = f.app.store.account_list().unwrap().len();
        let csv = f._dir.path().join("list.csv");
        std::fs::write(
            &csv,
            "顧客名,電話番号,担当メモ\n鈴木商店,03-1111-2222,毎月10日に電話\n,03-0000-0000,名前なし\n高橋電機,06-2222-3333,\n",
        )
        .unwrap();
        press(&mut f.app, KeyCode::Char('I'));
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, csv.to_str().unwrap());
        save(&mut f.app);
        let p = preview(&f.app);
        assert!(!p.can_commit);
        assert_eq!(p.rejected, 1);
        assert_eq!(p.unrecognised, ["担当メモ"]);
        let shown = text(&f.app);
        let want = match tag {
            "ja" => ["担当メモ", "不正な行を除く", "列を割り当てる"],
            _ => ["担当メモ", "skip the bad rows", "map a column"],
        };
        for w in want {
            assert!(shown.contains(w), "{w:?} not in\n{shown}");
        }
        // y does nothing while rows are bad; m says the column is the note.
        press(&mut f.app, KeyCode::Char('y'));
        assert!(matches!(f.app.popups.last(), Some(Popup::Import(_))));
        save(&mut f.app);
        press(&mut f.app, KeyCode::Char('m'));
        assert!(matches!(f.app.popups.last(), Some(Popup::MapColumn(_))));
        let fields = [
            "code", "name", "reading", "kind", "status", "phone", "email",
        ];
        let note_at = salesbench::import::Target::Accounts
            .fields()
            .iter()
            .position(|x| x.as_str() == "note")
            .unwrap();
        assert!(note_at > fields.len() - 1);
        press(&mut f.app, KeyCode::Tab);
        for _ in 0..note_at {
            press(&mut f.app, KeyCode::Right);
        }
        let shown = text(&f.app);
        let note = if tag == "ja" { "メモ" } else { "note" };
        assert!(shown.contains(note), "{shown}");
        save(&mut f.app);
        let p = preview(&f.app);
        assert!(p.unrecognised.is_empty(), "mapped: {:?}", p.unrecognised);
        assert_eq!(
            f.app.popups.len(),
            2,
            "the new preview took the old one's place"
        );
        // s: the good rows in, the bad one into the rejects file.
        press(&mut f.app, KeyCode::Char('s'));
        assert!(f.app.popups.is_empty(), "{}", text(&f.app));
        assert_eq!(f.app.store.account_list().unwrap().len(), before + 2);
        let rejects = f._dir.path().join("list.rejects.csv");
        let bad = std::fs::read_to_string(&rejects).unwrap();
        assert!(bad.contains("名前なし"), "{bad}");
        let said = f.app.status.clone().unwrap().text;
        assert!(said.contains("list.rejects.csv"), "{said}");
        let suzuki = f.app.store.resolve_account("鈴木商店").unwrap();
        assert_eq!(
            f.app.store.account(suzuki).unwrap().note,
            "毎月10日に電話",
            "the mapped column landed in the note"
        );
    }
}

#[test]
fn orders_for_customers_not_on_file_can_create_them_from_the_preview() {
    utc_zone();
    for (lang, _) in LANGS {
        let mut f = fixture(lang);
        let csv = f._dir.path().join("register.csv");
        std::fs::write(&csv, "日付,顧客名,金額\n2026-11-20,新規商会,5000\n").unwrap();
        press(&mut f.app, KeyCode::Char('I'));
        press(&mut f.app, KeyCode::Right);
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, csv.to_str().unwrap());
        save(&mut f.app);
        let p = preview(&f.app);
        assert!(p.can_create && !p.can_commit, "{:?}", p.lines);
        press(&mut f.app, KeyCode::Char('c'));
        let p = preview(&f.app);
        assert!(p.can_commit && !p.can_create, "{:?}", p.lines);
        press(&mut f.app, KeyCode::Char('y'));
        assert!(f.app.popups.is_empty(), "{}", text(&f.app));
        let id = f.app.store.resolve_account("新規商会").unwrap();
        assert_eq!(f.app.store.orders(id).unwrap().len(), 1);
    }
}
