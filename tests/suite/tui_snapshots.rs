//! UI snapshots: every screen and popup rendered into a `TestBackend` at
//! 80x24 and a narrow 50x20, in English and Japanese, over a real SQLite
//! store filled with a fixed, hand-written fixture and a fixed clock.
//!
//! Beyond the snapshots, every rendered buffer is checked for properties a
//! snapshot review could miss: no control or bidi character reaches a cell,
//! and no wide (CJK) character is cut in half or half-covered by a popup.
//!
//! Times on screen are converted with the machine's local offset
//! (`Clock::zone` reads `TZ` / the system zone), so every test
//! starts with `utc_zone()`, which sets `TZ=UTC`. The environment is
//! process-wide and tests run in parallel threads, so every test in this
//! file sets the very same value: whichever runs first, all see UTC.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

use salesbench::app::App;
use salesbench::domain::model::{AccountKind, ConversationKind, Direction, Status};
use salesbench::i18n::{I18n, Lang};

pub mod fixture;
use crate::common::screen;
use fixture::*;
use screen::*;
mod orders;

/// The terminal cursor is shown, at `pos`.
fn assert_cursor(t: &Terminal<TestBackend>, pos: (u16, u16)) {
    let b = t.backend();
    assert!(b.cursor_visible(), "cursor hidden");
    let at = b.cursor_position();
    assert_eq!((at.x, at.y), pos, "cursor misplaced\n{b}");
}

/// The text inside the first bordered popup on screen, one entry per row,
/// trailing spaces dropped.
fn popup_rows(buf: &Buffer) -> Vec<String> {
    let (left, top) = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .find(|&p| buf[p].symbol() == "┌")
        .expect("a popup box");
    let right = (left + 1..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┐")
        .expect("its right corner");
    (top + 1..buf.area.height)
        .take_while(|&y| buf[(left, y)].symbol() != "└")
        .map(|y| {
            let mut s = String::new();
            let mut x = left + 1;
            while x < right {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += sym.width().max(1) as u16;
            }
            s.trim_end().to_string()
        })
        .collect()
}

/// For the submodules (`orders`): snapshots named after this file.
fn snap(name: &str, app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    snap!(name, app, w, h)
}

#[test]
fn empty_database() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let (dir, store) = open_store();
            let f = app_over(dir, store, lang);
            let t = snap!(&sized("empty", tag, size), &f.app, size.0, size.1);
            // Adding one by one, importing a list, or the demo.
            let text = rows(t.backend().buffer()).concat();
            let import = match lang {
                Lang::En => "I to import",
                Lang::Ja => "I キーで",
            };
            assert!(text.contains(import), "{text}");
        }
    }
}

#[test]
fn accounts_list_default_sort() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let f = fixture(lang);
            snap!(&sized("accounts", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn accounts_list_filtered() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('/'));
            assert!(f.app.accounts.filtering);
            type_str(&mut f.app, "yama");
            let names: Vec<&str> = f
                .app
                .accounts
                .visible
                .iter()
                .filter_map(|&i| f.app.accounts.rows.get(i).map(|r| r.name))
                .collect();
            assert_eq!(names.len(), 2, "{names:?}");
            assert!(
                names.contains(&"株式会社山田製作所") && names.contains(&"山崎商店"),
                "{names:?}"
            );
            let t = snap!(&sized("accounts_filter", tag, size), &f.app, size.0, size.1);
            // The cursor follows the typed query (input methods draw there).
            let (x, y) = find_text(t.backend().buffer(), "/yama").expect("query shown");
            assert_cursor(&t, (x + 5, y));
        }
    }
}

#[test]
fn accounts_list_filter_without_match() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        press(&mut f.app, KeyCode::Char('/'));
        type_str(&mut f.app, "zzqx");
        assert!(f.app.accounts.visible.is_empty());
        snap!(
            &format!("accounts_filter_nomatch_{tag}_80x24"),
            &f.app,
            80,
            24,
        );
    }
}

#[test]
fn accounts_list_sorted_by_name() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('s'));
            snap!(
                &sized("accounts_by_name", tag, size),
                &f.app,
                size.0,
                size.1,
            );
        }
    }
}

#[test]
fn account_screen_with_timeline() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            open_account(&mut f.app, "株式会社山田製作所");
            snap!(&sized("account", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn account_screen_without_history() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        open_account(&mut f.app, "Globex Trading Co., Ltd.");
        snap!(&format!("account_no_history_{tag}_80x24"), &f.app, 80, 24);
    }
}

#[test]
fn conversation_viewer() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            open_account(&mut f.app, "株式会社山田製作所");
            // Newest first: the long call is on top.
            press(&mut f.app, KeyCode::Enter);
            assert_eq!(f.app.popups.len(), 1);
            snap!(&sized("conversation", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn conversation_viewer_with_revisions() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            open_account(&mut f.app, "株式会社山田製作所");
            // Timeline: call, order, email, edited visit, ...
            for _ in 0..3 {
                press(&mut f.app, KeyCode::Char('j'));
            }
            press(&mut f.app, KeyCode::Enter);
            press(&mut f.app, KeyCode::Char('r'));
            snap!(
                &sized("conversation_revisions", tag, size),
                &f.app,
                size.0,
                size.1,
            );
        }
    }
}

#[test]
fn conversation_viewer_retracted() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        open_account(&mut f.app, "株式会社山田製作所");
        for _ in 0..4 {
            press(&mut f.app, KeyCode::Char('j'));
        }
        press(&mut f.app, KeyCode::Enter);
        snap!(
            &format!("conversation_retracted_{tag}_80x24"),
            &f.app,
            80,
            24,
        );
    }
}

#[test]
fn log_form() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            open_account(&mut f.app, "株式会社山田製作所");
            press(&mut f.app, KeyCode::Char('l'));
            let t = snap!(&sized("log_form", tag, size), &f.app, size.0, size.1);
            // Opens in the summary field: the cursor waits right of its label.
            let label = I18n::new(lang).t("field.summary");
            let (x, y) = find_text(t.backend().buffer(), &label).expect("summary label");
            assert_cursor(&t, (x + 14, y));
        }
    }
}

#[test]
fn add_account_form_with_inline_error() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('a'));
            press_key(&mut f.app, key(KeyCode::Char('s'), KeyModifiers::CONTROL));
            // Nothing written; the form stays open with the error at the name.
            assert_eq!(f.app.popups.len(), 1);
            assert_eq!(f.app.accounts.rows.len(), 6);
            snap!(
                &sized("add_account_error", tag, size),
                &f.app,
                size.0,
                size.1,
            );
        }
    }
}

#[test]
fn order_form() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            open_account(&mut f.app, "株式会社山田製作所");
            press(&mut f.app, KeyCode::Char('o'));
            snap!(&sized("order_form", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn help_overlay() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('?'));
            assert!(f.app.help);
            snap!(&sized("help", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn help_overlay_on_account_screen() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        open_account(&mut f.app, "株式会社山田製作所");
        press(&mut f.app, KeyCode::Char('?'));
        snap!(&format!("help_account_{tag}_80x24"), &f.app, 80, 24);
    }
}

/// Hostile data: escape sequences and a right-to-left override in every
/// text the screens show must never reach a cell (checked in `render`).
#[test]
fn control_characters_never_reach_the_terminal() {
    utc_zone();
    let evil = "Evil\x1b[31m Corp\u{202E}txt.exe\x07";
    for (lang, _) in LANGS {
        let (dir, mut s) = open_store();
        let id = account(
            &mut s,
            evil,
            Some("\u{9b}2J"),
            AccountKind::Company,
            Status::Customer,
            Some("03-0000-0000"),
            Some("x@evil.example"),
            &["a\x1b]0;pwned\x07", "\u{2066}tag"],
        );
        let c = contact(&mut s, id, "Mallory\x1b[2J", "\u{202e}", "CEO\r\nx", "03");
        log(
            &mut s,
            id,
            Some(c),
            ConversationKind::Call,
            Direction::In,
            at(11, 20, 0, 0),
            "summary\x1b[1m bold\u{200f}",
            "line one\x1b[0m\r\nline\ttwo\u{9b}31m\nthree\u{2029}four",
        );
        let mut f = app_over(dir, s, lang);
        for size in SIZES {
            let list = render(&f.app, size.0, size.1);
            let shown = rows(list.backend().buffer());
            assert!(shown.iter().any(|r| r.contains("Evil[31m")), "{shown:#?}");
        }
        press(&mut f.app, KeyCode::Char('/'));
        type_str(&mut f.app, "evil");
        render(&f.app, 80, 24);
        press(&mut f.app, KeyCode::Enter);
        assert!(f.app.account.is_some());
        for size in SIZES {
            render(&f.app, size.0, size.1);
        }
        press(&mut f.app, KeyCode::Enter);
        for size in SIZES {
            let viewer = render(&f.app, size.0, size.1);
            let text = rows(viewer.backend().buffer()).join("\n");
            assert!(text.contains("line one"), "{text}");
        }
        press(&mut f.app, KeyCode::Esc);
        for k in ['l', 'o', 'e'] {
            press(&mut f.app, KeyCode::Char(k));
            render(&f.app, 80, 24);
            render(&f.app, 50, 20);
            press(&mut f.app, KeyCode::Esc);
            assert!(f.app.popups.is_empty());
        }
        press(&mut f.app, KeyCode::Char('x'));
        render(&f.app, 80, 24);
    }
}

/// A name wider than its column ends in '…' right after a whole wide
/// character (never half of one, never silently cut).
#[test]
fn wide_names_are_truncated_with_an_ellipsis() {
    utc_zone();
    for (lang, _) in LANGS {
        let mut f = fixture(lang);
        for (w, h) in SIZES {
            let t = render(&f.app, w, h);
            let list = rows(t.backend().buffer());
            let row = list
                .iter()
                .find(|r| r.contains("株式会社北"))
                .expect("long name listed");
            assert_truncated_prefix(row, LONG_NAME);
        }
        open_account(&mut f.app, LONG_NAME);
        for (w, h) in SIZES {
            let t = render(&f.app, w, h);
            let title = &rows(t.backend().buffer())[1];
            assert_truncated_prefix(title, LONG_NAME);
        }
    }
}

/// `row` shows a proper prefix of `full` directly followed by '…'.
fn assert_truncated_prefix(row: &str, full: &str) {
    let start = row
        .find(&full[..12])
        .unwrap_or_else(|| panic!("{full} not in {row:?}"));
    let shown = &row[start..];
    let cut = shown
        .find('…')
        .unwrap_or_else(|| panic!("no ellipsis in {row:?}"));
    let prefix = &shown[..cut];
    assert!(
        full.starts_with(prefix) && prefix.len() < full.len(),
        "{row:?}"
    );
    assert!(
        prefix.chars().count() >= 4,
        "too little of the name shown: {row:?}"
    );
}

/// The long note is wrapped in the viewer without losing a character: the
/// rows inside the box, joined, give back each paragraph.
#[test]
fn long_body_wraps_without_loss() {
    utc_zone();
    for (lang, _) in LANGS {
        for (w, h) in [(80, 40), (50, 40)] {
            let mut f = fixture(lang);
            open_account(&mut f.app, "株式会社山田製作所");
            press(&mut f.app, KeyCode::Enter);
            let t = render(&f.app, w, h);
            let inner = popup_rows(t.backend().buffer());
            let joined = inner.concat();
            for para in LONG_BODY.split('\n').filter(|p| !p.is_empty()) {
                assert!(
                    joined.contains(para),
                    "{para:?} lost at {w} columns:\n{}",
                    inner.join("\n")
                );
            }
            // It really wrapped: the first paragraph is wider than the box.
            let first = LONG_BODY.lines().next().unwrap();
            assert!(!inner.iter().any(|r| r == first), "not wrapped at {w}");
        }
    }
}

/// The Japanese UI shows Japanese chrome: the tab, the list header and the
/// footer are translated (a missing key shows as the key itself).
#[test]
fn japanese_ui_has_no_untranslated_keys() {
    utc_zone();
    let mut f = fixture(Lang::Ja);
    let mut screens = vec![rows(render(&f.app, 80, 24).backend().buffer()).join("\n")];
    open_account(&mut f.app, "株式会社山田製作所");
    screens.push(rows(render(&f.app, 80, 24).backend().buffer()).join("\n"));
    for k in ['l', 'o'] {
        press(&mut f.app, KeyCode::Char(k));
        screens.push(rows(render(&f.app, 80, 24).backend().buffer()).join("\n"));
        press(&mut f.app, KeyCode::Esc);
    }
    for s in &screens {
        for needle in [
            "key.", "field.", "list.", "status.", "conv.", "dir.", "form.", "hint.",
        ] {
            assert!(!s.contains(needle), "untranslated {needle}* in:\n{s}");
        }
        for english in ["Accounts", "Open", "Quit", "help", "Save", "Cancel"] {
            assert!(
                !s.contains(english),
                "English {english:?} in the Japanese UI:\n{s}"
            );
        }
    }
}

/// A popup drawn over a row whose wide character straddles the popup's
/// left edge must not leave half a character behind. "(株)" puts 株 on
/// columns 1-2 where the viewer's and the forms' border is (column 2);
/// the Japanese list header puts 最 on columns 9-10 where the help box's
/// border is (column 10).
#[test]
fn popup_edge_never_splits_a_wide_character() {
    utc_zone();
    for (lang, _) in LANGS {
        let mut f = fixture(lang);
        press(&mut f.app, KeyCode::Char('?'));
        for (w, h) in SIZES {
            check_no_half_covered_wide(&frame(&f.app, w, h));
        }

        let (dir, mut s) = open_store();
        let id = account(
            &mut s,
            "(株)山田商会",
            Some("やまだしょうかい"),
            AccountKind::Company,
            Status::Customer,
            None,
            None,
            &[],
        );
        log(
            &mut s,
            id,
            None,
            ConversationKind::Call,
            Direction::Out,
            at(11, 20, 0, 0),
            "見積もり",
            "本文",
        );
        let mut f = app_over(dir, s, lang);
        press(&mut f.app, KeyCode::Enter);
        for k in [
            KeyCode::Enter,
            KeyCode::Char('l'),
            KeyCode::Char('o'),
            KeyCode::Char('?'),
        ] {
            press(&mut f.app, k);
            for (w, h) in SIZES {
                check_no_half_covered_wide(&frame(&f.app, w, h));
            }
            press(&mut f.app, KeyCode::Esc);
        }
    }
}
