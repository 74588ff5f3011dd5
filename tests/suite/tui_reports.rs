//! Snapshots of the Reports screen and the Quiet screen's model columns,
//! rendered into a `TestBackend` over a real SQLite file filled by the
//! demo generator (fixed seed and clock; enough customers for the model
//! to fit, so the model line shows parameters), in English and Japanese.
//!
//! Times are shown in the machine's zone: every test sets `TZ=UTC`, the
//! same value in every test of this file (the environment is shared).

use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

use salesbench::app::{Action, App, Screen, Section};
use salesbench::clock::Clock;
use salesbench::i18n::{I18n, Lang};
use salesbench::store::Store;
use salesbench::ui;

const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Ja, "ja")];
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
}

/// 200 demo accounts (about 160 customers, most of them repeat ones),
/// the insight computed as the worker would.
fn demo(lang: Lang) -> (tempfile::TempDir, App) {
    std::env::set_var("TZ", "UTC");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("salesbench.db")).unwrap();
    salesbench::demo::generate(&mut store, 200, 7, now()).unwrap();
    let mut app = App::new(store, Clock::fixed(now()), I18n::new(lang)).unwrap();
    app.compute_insight_now(Instant::now());
    assert!(app.insight.fitted(), "the demo data must fit the model");
    (dir, app)
}

/// Render, check no wide character is cut, and snapshot.
fn snap(name: &str, app: &App, (w, h): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let frame = terminal.draw(|f| ui::draw(app, f)).unwrap().buffer.clone();
    let mut text = String::new();
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let sym = frame[(x, y)].symbol();
            assert!(!sym.chars().any(char::is_control), "control at ({x},{y})");
            assert!(x + sym.width() as u16 <= w, "wide {sym:?} cut, row {y}");
            text.push_str(sym);
            x += sym.width().max(1) as u16;
        }
        text.push('\n');
    }
    insta::assert_snapshot!(name.to_string(), terminal.backend());
    text
}

#[test]
fn reports_screen_at_80x24_and_120x40() {
    for (lang, tag) in LANGS {
        let (_d, mut app) = demo(lang);
        app.update(Action::Screen(Screen::Reports));
        for size in SIZES {
            let text = snap(&format!("reports_{tag}_{}x{}", size.0, size.1), &app, size);
            // The model line shows the fitted parameters.
            assert!(text.contains(" α ") && text.contains("p "), "{text}");
        }
    }
}

#[test]
fn every_reports_section_at_80x24() {
    for (lang, tag) in LANGS {
        let (_d, mut app) = demo(lang);
        app.update(Action::Screen(Screen::Reports));
        for section in &Section::ALL[1..] {
            app.update(Action::NextField);
            assert_eq!(app.insight.section, *section);
            let name = format!("{section:?}").to_lowercase();
            snap(&format!("reports_{name}_{tag}_80x24"), &app, (80, 24));
        }
    }
}

#[test]
fn quiet_screen_with_probability_and_value() {
    for (lang, tag) in LANGS {
        let (_d, mut app) = demo(lang);
        app.update(Action::Screen(Screen::Quiet));
        let text = snap(&format!("quiet_value_{tag}_80x24"), &app, (80, 24));
        let order = app.i18n.t("insight.sort_value");
        assert!(text.contains(&order), "the header names the order");
        snap(&format!("quiet_value_{tag}_120x40"), &app, (120, 40));
    }
}

#[test]
fn reports_screen_before_the_first_computation() {
    std::env::set_var("TZ", "UTC");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("salesbench.db")).unwrap();
    let mut app = App::new(store, Clock::fixed(now()), I18n::new(Lang::Ja)).unwrap();
    app.update(Action::Screen(Screen::Reports));
    let text = snap("reports_computing_ja_80x24", &app, (80, 24));
    assert!(text.contains(&app.i18n.t("insight.computing")));
}
