//! Today and Quiet screens and the follow-up forms, rendered into a
//! `TestBackend` at 80x24 and 50x20, in English and Japanese, over a real
//! SQLite store filled with a hand-written fixture and a fixed clock
//! (2026-11-23T00:00:00Z, a Monday).
//!
//! Besides the snapshots, every frame is checked for control characters
//! and for wide characters cut at the right edge, and the queue's order,
//! the counts line and where the cursor lands after completing an item are
//! asserted directly.
//!
//! Times are shown in the machine's local zone, so every test starts with
//! `utc_zone()` (the same value in every test: the environment is shared
//! by all the test threads).

use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use salesbench::app::popups::FollowUpPopup;
use salesbench::app::{App, Popup, Screen};
use salesbench::domain::triage::TodayItem;
use salesbench::i18n::Lang;

pub mod fixture;
use crate::common::screen;
use fixture::*;
use screen::*;

fn snap(name: &str, app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let terminal = render(app, w, h);
    insta::assert_snapshot!(name.to_string(), terminal.backend());
    terminal
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    rows(render(app, w, h).backend().buffer()).join("\n")
}

/// The account names of the Today queue, top to bottom.
fn today_names(app: &App) -> Vec<String> {
    app.today
        .list
        .items
        .iter()
        .map(|i| match i {
            TodayItem::FollowUp { follow_up, .. } => follow_up.account_name.clone(),
            TodayItem::Quiet(q) => q.name.to_string(),
            TodayItem::Deal { deal, .. } => deal.account_name.clone(),
        })
        .collect()
}

fn selected_name(app: &App) -> String {
    today_names(app)[app.today.list.selected].clone()
}

/// Move the Today cursor onto the item for `name`.
fn select_today(app: &mut App, name: &str) {
    let pos = today_names(app)
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} not on Today"));
    press(app, KeyCode::Char('g'));
    for _ in 0..pos {
        press(app, KeyCode::Char('j'));
    }
    assert_eq!(selected_name(app), name);
}

fn top_popup(app: &App) -> &Popup {
    app.popups.last().expect("a popup open")
}

/// Open the log form on the selected follow-up, type a summary, save.
fn complete_selected(app: &mut App, summary: &str) {
    press(app, KeyCode::Char('l'));
    assert!(
        matches!(top_popup(app), Popup::Log(l) if l.follow_up.is_some()),
        "l on a follow-up opens the completing log form"
    );
    type_str(app, summary);
    ctrl(app, 's');
    assert!(
        matches!(top_popup(app), Popup::FollowUp(_)),
        "saving offers to schedule the next follow-up"
    );
    // Untouched, so Esc closes it without asking.
    press(app, KeyCode::Esc);
    assert!(app.popups.is_empty());
}

#[test]
fn opens_on_today_when_something_is_due() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let f = fixture(lang);
            assert_eq!(f.app.screen, Screen::Today, "{tag}: starts on Today");
            snap(&sized("today", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn today_order_and_counts() {
    utc_zone();
    let f = fixture(Lang::En);
    assert_eq!(today_names(&f.app), TODAY_ORDER);
    let c = f.app.today.counts;
    assert_eq!(
        (c.due_today, c.overdue, c.done_today, c.quiet_without_plan),
        (2, 2, 0, 3)
    );
    // Kinds of items, in order: four follow-ups, then three quiet.
    let kinds: Vec<bool> = f
        .app
        .today
        .list
        .items
        .iter()
        .map(|i| matches!(i, TodayItem::FollowUp { .. }))
        .collect();
    assert_eq!(kinds, [true, true, true, true, false, false, false]);
    // Quiet ones by ratio, highest first.
    let ratios: Vec<f64> = f
        .app
        .today
        .list
        .items
        .iter()
        .filter_map(|i| match i {
            TodayItem::Quiet(q) => Some(q.overdue_ratio),
            _ => None,
        })
        .collect();
    assert!(ratios.windows(2).all(|w| w[0] >= w[1]), "{ratios:?}");
    // 佐藤工業 is quiet but has a plan: not on Today, but on Quiet.
    assert!(!today_names(&f.app).iter().any(|n| n == SATO));
    assert!(f.app.quiet.list.items.iter().any(|q| q.name == SATO));

    let text = screen_text(&f.app, 80, 24);
    assert!(
        text.contains("Due today 2 · overdue 2 · done today 0 · quiet without a plan 3"),
        "{text}"
    );
    let f = fixture(Lang::Ja);
    let text = screen_text(&f.app, 80, 24);
    assert!(
        text.contains("本日 2件 · 期限切れ 2件 · 本日完了 0件 · 予定なし休眠 3件"),
        "{text}"
    );
}

#[test]
fn completing_an_item_leaves_the_cursor_on_the_next() {
    utc_zone();
    let mut f = fixture(Lang::En);
    assert_eq!(selected_name(&f.app), GLOBEX);
    complete_selected(&mut f.app, "Budget confirmed for Q1");
    assert_eq!(selected_name(&f.app), ACME, "the former second item");
    assert_eq!(today_names(&f.app), TODAY_ORDER[1..]);
    let c = f.app.today.counts;
    assert_eq!(
        (c.due_today, c.overdue, c.done_today, c.quiet_without_plan),
        (2, 1, 1, 3)
    );
    let text = screen_text(&f.app, 80, 24);
    assert!(
        text.contains("Due today 2 · overdue 1 · done today 1 · quiet without a plan 3"),
        "{text}"
    );

    // From the middle: completing 田中 lands on 山田, the item after it.
    select_today(&mut f.app, TANAKA);
    complete_selected(&mut f.app, "カタログをお渡しした");
    assert_eq!(selected_name(&f.app), YAMADA);
    let c = f.app.today.counts;
    assert_eq!((c.due_today, c.overdue, c.done_today), (1, 1, 2));
}

#[test]
fn quiet_screen() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('3'));
            assert_eq!(f.app.screen, Screen::Quiet);
            let names: Vec<&str> = f
                .app
                .quiet
                .list
                .items
                .iter()
                .map(|q| q.name.as_str())
                .collect();
            assert_eq!(names, [NORTHWIND, MARUYAMA, AOZORA, SATO]);
            snap(&sized("quiet", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn quiet_screen_filtered() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('3'));
            press(&mut f.app, KeyCode::Char('/'));
            type_str(&mut f.app, "st");
            press(&mut f.app, KeyCode::Tab);
            type_str(&mut f.app, "customer");
            let shown: Vec<&str> = f
                .app
                .quiet
                .list
                .visible()
                .map(|q| q.name.as_str())
                .collect();
            let customers = |n: &&str| {
                let r = f.app.accounts.rows.iter().find(|r| r.name == *n).unwrap();
                r.status == salesbench::domain::model::Status::Customer
            };
            assert!(!shown.is_empty() && shown.len() < 4, "{shown:?}");
            assert!(shown.iter().all(customers), "{shown:?}");
            let t = snap(&sized("quiet_filtered", tag, size), &f.app, size.0, size.1);
            let first = rows(t.backend().buffer())[1].clone();
            assert!(first.contains("/status:customer"), "{first}");
        }
    }
}

#[test]
fn schedule_form() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            select_today(&mut f.app, YAMADA);
            press(&mut f.app, KeyCode::Char('f'));
            assert!(matches!(top_popup(&f.app), Popup::FollowUp(_)));
            snap(&sized("schedule_form", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn snooze_form_resolves_the_date() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('z'));
            assert!(matches!(top_popup(&f.app), Popup::Snooze(_)));
            // Replace the pre-filled "tomorrow".
            ctrl(&mut f.app, 'e');
            ctrl(&mut f.app, 'u');
            type_str(&mut f.app, "来週月曜");
            let t = snap(&sized("snooze_form", tag, size), &f.app, size.0, size.1);
            let text = rows(t.backend().buffer()).join("\n");
            // 2026-11-23 is a Monday: next week's Monday is the 30th.
            assert!(text.contains("来週月曜"), "{text}");
            let resolved = match lang {
                Lang::En => "→ Mon 30 Nov 2026",
                Lang::Ja => "→ 2026年11月30日(月)",
            };
            assert!(text.contains(resolved), "{text}");
        }
    }
}

#[test]
fn snooze_moves_the_follow_up() {
    utc_zone();
    let mut f = fixture(Lang::En);
    press(&mut f.app, KeyCode::Char('z'));
    ctrl(&mut f.app, 'e');
    ctrl(&mut f.app, 'u');
    type_str(&mut f.app, "来週月曜");
    ctrl(&mut f.app, 's');
    assert!(f.app.popups.is_empty(), "saved and closed");
    assert!(!today_names(&f.app).iter().any(|n| n == GLOBEX));
    let globex = f.app.store.resolve_account(GLOBEX).unwrap();
    let fus = f.app.store.follow_ups_of(globex).unwrap();
    assert_eq!(fus[0].due_on, day(11, 30));
}

#[test]
fn cancel_form() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            press(&mut f.app, KeyCode::Char('c'));
            assert!(matches!(top_popup(&f.app), Popup::CancelFollowUp(_)));
            snap(&sized("cancel_form", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn complete_by_logging_then_schedule_next() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            select_today(&mut f.app, YAMADA);
            press(&mut f.app, KeyCode::Char('l'));
            match top_popup(&f.app) {
                Popup::Log(l) => {
                    assert!(l.follow_up.is_some(), "completes the follow-up");
                    assert_eq!(l.form.value("kind"), "call");
                    assert!(!l.form.value("contact").is_empty(), "contact pre-filled");
                }
                _ => panic!("l opens the log form"),
            }
            snap(
                &sized("complete_log_form", tag, size),
                &f.app,
                size.0,
                size.1,
            );

            type_str(&mut f.app, "見積もり了承、来月発注予定");
            ctrl(&mut f.app, 's');
            match top_popup(&f.app) {
                Popup::FollowUp(FollowUpPopup { form, .. }) => {
                    // The default rhythm of 30 days, pre-filled in the
                    // operator's language.
                    let expected = if tag == "ja" { "30日後" } else { "+30d" };
                    assert_eq!(form.value("due"), expected);
                }
                _ => panic!("saving offers the next follow-up"),
            }
            snap(&sized("schedule_next", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn today_shows_whom_to_call() {
    utc_zone();
    for (lang, _) in LANGS {
        let f = fixture(lang);
        let text = screen_text(&f.app, 80, 24);
        // 山田's follow-up is with 山田 太郎: the name comes before the note.
        assert!(text.contains("山田 太郎 · 見積もり"), "{text}");
    }
}

#[test]
fn quiet_shows_plan_and_reason_together_and_marks_the_default_rhythm() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        // 丸山商事 told us why, and now has a call planned as well.
        let maruyama = f.app.store.resolve_account(MARUYAMA).unwrap();
        follow_up(
            &mut f.app.store,
            maruyama,
            None,
            salesbench::domain::model::ConversationKind::Call,
            day(11, 26),
            None,
            "値引きの提案",
        );
        f.app.quiet.reload(&f.app.store, now(), 30).unwrap();
        press(&mut f.app, KeyCode::Char('3'));
        let t = snap(
            &sized("quiet_plan_and_reason", tag, (80, 24)),
            &f.app,
            80,
            24,
        );
        let text = rows(t.backend().buffer()).join("\n");
        let row = text.lines().find(|l| l.contains("丸山")).unwrap();
        let (plan, why, default) = match lang {
            Lang::En => ("→Thu 26 Nov", "no value", "100/30d*"),
            Lang::Ja => ("→11/26(木)", "価値を感じない", "100/30日*"),
        };
        assert!(row.contains(plan) && row.contains(why), "{row}");
        assert!(row.contains(default), "{row}");
        // Set on the account (Northwind) or learned (青空): no mark.
        assert!(!text
            .lines()
            .any(|l| l.contains("53/14d*") || l.contains("20/7日*")));
        let legend = match lang {
            Lang::En => "* no rhythm of their own yet: the default of 30 days",
            Lang::Ja => "* 自分の間隔がまだない顧客は既定の30日で判定",
        };
        assert!(text.contains(legend), "{text}");
    }
}

#[test]
fn today_says_why_each_row_is_there() {
    utc_zone();
    for (lang, _) in LANGS {
        let f = fixture(lang);
        let text = screen_text(&f.app, 80, 24);
        let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap().to_string();
        let (late, quiet, default) = match lang {
            Lang::En => ("7d late", "53/14d ×3.8", "100/30d* ×3.3"),
            Lang::Ja => ("7日遅れ", "53/14日 ×3.8", "100/30日* ×3.3"),
        };
        assert!(line("Globex").contains(late), "{text}");
        assert!(line(NORTHWIND).contains(quiet), "{text}");
        assert!(line(MARUYAMA).contains(default), "{text}");
    }
}

#[test]
fn half_width_kana_is_shown_full_width_and_leaves_nothing_behind() {
    utc_zone();
    let name = "ﾅｶﾑﾗ ﾀﾞｲｽｹ";
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        let id = account(
            &mut f.app.store,
            name,
            Some("ﾅｶﾑﾗ ﾀﾞｲｽｹ"),
            salesbench::domain::model::AccountKind::Person,
            salesbench::domain::model::Status::Prospect,
            None,
        );
        follow_up(
            &mut f.app.store,
            id,
            None,
            salesbench::domain::model::ConversationKind::Call,
            day(11, 23),
            None,
            "ｶﾀﾛｸﾞ送付の件",
        );
        let (quiet, store, clock_now) = (&f.app.quiet, &f.app.store, now());
        f.app.today.reload(store, clock_now, quiet).unwrap();
        let mut t = snap(&sized("today_halfwidth", tag, (80, 24)), &f.app, 80, 24);
        let text = rows(t.backend().buffer()).join("\n");
        assert!(text.contains("ナカムラ ダイスケ"), "{text}");
        assert!(text.contains("カタログ送付の件"), "{text}");
        // Then another screen on the same terminal: no mark left over.
        press(&mut f.app, KeyCode::Char('3'));
        t.draw(|fr| salesbench::ui::draw(&f.app, fr)).unwrap();
        let after = rows(t.backend().buffer()).join("\n");
        assert!(!after.contains(['ﾞ', '゛']), "{after}");
        // Shown full-width; stored exactly as typed.
        assert_eq!(f.app.store.account(id).unwrap().name, name);
    }
}

#[test]
fn a_long_config_warning_keeps_its_end_at_80_columns() {
    utc_zone();
    let mut f = fixture(Lang::En);
    let path = "/home/operator/a-rather-long-directory-name/another-level/salesbench/config.toml";
    f.app.status = Some(salesbench::app::Status {
        text: format!(
            "{path}: line 1: unknown field `defaultintervaldays`, expected one of `language`, \
             `default_interval_days`, `date_style`, `era`, `keys`, `currency`, \
             `loyal_purchase_days`, `rfm`; using the defaults"
        ),
        error: true,
    });
    let text = screen_text(&f.app, 80, 24);
    // Where it is and what happens next stay; the middle gives way.
    assert!(text.contains("/home/operator/"), "{text}");
    assert!(text.contains("; using the defaults"), "{text}");
}

#[test]
fn a_status_goes_with_its_moment() {
    utc_zone();
    let mut f = fixture(Lang::En);
    press(&mut f.app, KeyCode::Char('l'));
    type_str(&mut f.app, "Budget confirmed");
    ctrl(&mut f.app, 's');
    let status = |app: &App| app.status.as_ref().map(|s| s.text.clone());
    assert!(status(&f.app).is_some_and(|s| s.contains("Esc to skip")));
    press(&mut f.app, KeyCode::Esc);
    assert!(f.app.popups.is_empty());
    assert_eq!(status(&f.app), None, "skipped: the prompt goes too");

    // z and c on a row without a follow-up say so.
    for (lang, want) in [
        (Lang::En, "no open follow-up"),
        (Lang::Ja, "フォローアップがありません"),
    ] {
        let mut f = fixture(lang);
        select_today(&mut f.app, NORTHWIND);
        for k in ['z', 'c'] {
            press(&mut f.app, KeyCode::Char(k));
            assert!(f.app.popups.is_empty());
            let text = status(&f.app).unwrap_or_default();
            assert!(text.contains(want) && text.contains(NORTHWIND), "{text}");
        }
        // The next key moves on, and the message with it.
        press(&mut f.app, KeyCode::Char('j'));
        assert_eq!(status(&f.app), None);
    }
}

#[test]
fn an_overdue_plan_on_quiet_says_late_and_its_year() {
    utc_zone();
    for (lang, want) in [
        (Lang::En, "→Fri 14 Nov 2025, late"),
        (Lang::Ja, "→2025/11/14(金) 期限切れ"),
    ] {
        let mut f = fixture(lang);
        let maruyama = f.app.store.resolve_account(MARUYAMA).unwrap();
        follow_up(
            &mut f.app.store,
            maruyama,
            None,
            salesbench::domain::model::ConversationKind::Call,
            chrono::NaiveDate::from_ymd_opt(2025, 11, 14).unwrap(),
            None,
            "",
        );
        f.app.quiet.reload(&f.app.store, now(), 30).unwrap();
        press(&mut f.app, KeyCode::Char('3'));
        let text = screen_text(&f.app, 100, 24);
        assert!(text.contains(want), "{text}");
    }
}
