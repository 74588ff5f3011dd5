//! The Accounts filter line (statuses, tags, text; completion; problems),
//! archived accounts shown and restored, and the same filter on Quiet:
//! snapshots at 80x24 and 50x20 in both languages over the hand-written
//! fixture, with what the snapshot shows also asserted.

use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use salesbench::app::App;
use salesbench::i18n::Lang;

use crate::common::screen;
use crate::tui_snapshots::fixture;
use fixture::*;
use screen::*;

fn snap(name: &str, app: &App, w: u16, h: u16) -> String {
    let terminal: Terminal<TestBackend> = render(app, w, h);
    insta::assert_snapshot!(name.to_string(), terminal.backend());
    rows(terminal.backend().buffer()).join("\n")
}

fn names(app: &App) -> Vec<String> {
    let st = &app.accounts;
    st.visible
        .iter()
        .filter_map(|&i| st.rows.get(i).map(|r| r.name.to_string()))
        .collect()
}

#[test]
fn accounts_filtered_by_status_and_tag() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('/'));
            // Completed with Tab, in the operator's words.
            type_str(&mut f.app, "st");
            press(&mut f.app, KeyCode::Tab);
            type_str(&mut f.app, if lang == Lang::Ja { "顧" } else { "cu" });
            press(&mut f.app, KeyCode::Tab);
            let want = match lang {
                Lang::En => "status:customer",
                Lang::Ja => "状態:顧客",
            };
            // The English field name is offered second under Japanese.
            let line = f.app.accounts.query().to_string();
            assert!(line == want || line == "status:顧客", "{line}");
            assert_eq!(names(&f.app).len(), 3, "{:?}", names(&f.app));
            type_str(&mut f.app, " tag:重");
            press(&mut f.app, KeyCode::Tab);
            assert!(f.app.accounts.query().ends_with("tag:重要"));
            assert_eq!(names(&f.app), ["株式会社山田製作所"]);
            snap(
                &sized("accounts_status_tag", tag, size),
                &f.app,
                size.0,
                size.1,
            );
        }
    }
}

#[test]
fn accounts_filter_with_an_unknown_status() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        press(&mut f.app, KeyCode::Char('/'));
        type_str(&mut f.app, "status:vip");
        assert!(f.app.accounts.visible.is_empty());
        let text = snap(&sized("accounts_bad_status", tag, (80, 24)), &f.app, 80, 24);
        let said = match lang {
            Lang::En => "no status “vip”",
            Lang::Ja => "「vip」という状態はありません",
        };
        assert!(text.contains(said), "{text}");
    }
}

#[test]
fn archived_accounts_shown_marked_and_restorable() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            let now = f.app.now();
            let globex = f
                .app
                .accounts
                .rows
                .iter()
                .find(|r| r.name.starts_with("Globex"))
                .unwrap()
                .id;
            f.app.store.set_archived(globex, true, now).unwrap();
            f.app.refresh();
            let before = snap(
                &sized("accounts_archive_hidden", tag, size),
                &f.app,
                size.0,
                size.1,
            );
            assert!(!before.contains("Globex"));
            press(&mut f.app, KeyCode::Char('A'));
            f.app.accounts.select_id(globex);
            let text = snap(
                &sized("accounts_archived", tag, size),
                &f.app,
                size.0,
                size.1,
            );
            let mark = match lang {
                Lang::En => "archived",
                Lang::Ja => "アーカイブ済",
            };
            let row = text.lines().find(|l| l.contains("Globex")).unwrap();
            assert!(row.contains(mark), "{row}");
            // The footer offers restore here, and only here.
            let footer = text.lines().last().unwrap();
            assert!(footer.contains(" u "), "{footer}");
            press(&mut f.app, KeyCode::Char('u'));
            assert!(!f.app.store.account(globex).unwrap().archived);
            let after = rows(&render(&f.app, size.0, size.1).backend().buffer().clone()).join("\n");
            assert!(!after.lines().last().unwrap().contains(" u "), "{after}");
        }
    }
}

/// The mouse's map of the last frame puts each shown item on the line it
/// was drawn on, on every list screen, at both sizes.
#[test]
fn the_mouse_map_matches_the_rows_drawn() {
    use salesbench::app::{Action, Screen};
    use salesbench::ui::mouse::Drawn;
    utc_zone();
    for size in SIZES {
        let mut f = fixture(Lang::Ja);
        for screen in [Screen::Accounts, Screen::Today, Screen::Quiet] {
            f.app.update(Action::Screen(screen));
            // Scrolled a little where there is room to.
            f.app.update(Action::Bottom);
            let mut t = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
            let mut body = ratatui::layout::Rect::default();
            let buf = t
                .draw(|fr| body = salesbench::ui::draw_frame(&f.app, fr))
                .unwrap()
                .buffer
                .clone();
            let lines = rows(&buf);
            let list = Drawn::of(&f.app, body).list.expect("a list screen");
            assert!(list.drawn > 0, "{screen:?}");
            for k in 0..list.drawn {
                let name = match screen {
                    Screen::Accounts => {
                        let st = &f.app.accounts;
                        st.rows
                            .get(st.visible[list.first + k])
                            .unwrap()
                            .name
                            .to_string()
                    }
                    Screen::Today => {
                        let item = &f.app.today.list.items[list.first + k];
                        f.app.account_name(item.account_id())
                    }
                    _ => f
                        .app
                        .quiet
                        .list
                        .visible()
                        .nth(list.first + k)
                        .unwrap()
                        .name
                        .to_string(),
                };
                let line = &lines[(list.area.y as usize) + k];
                let head: String = name.chars().take(3).collect();
                assert!(
                    line.contains(&head),
                    "{screen:?} line {k}: {line} lacks {name}"
                );
            }
        }
    }
}
