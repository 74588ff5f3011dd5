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

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

use salesbench::app::{App, PopupKind, Screen};
use salesbench::clock::Clock;
use salesbench::domain::model::{
    AccountFields, AccountKind, Contact, ConversationKind, Direction, NewConversation, Status,
};
use salesbench::domain::triage::{LapseReason, NewFollowUp, TodayItem};
use salesbench::i18n::{I18n, Lang};
use salesbench::store::Store;
use salesbench::ui::{self, keymap};

const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Ja, "ja")];
const SIZES: [(u16, u16); 2] = [(80, 24), (50, 20)];

const YAMADA: &str = "株式会社山田製作所";
const TANAKA: &str = "田中 花子";
const ACME: &str = "Acme Corp";
const GLOBEX: &str = "Globex Trading Co., Ltd.";
const NORTHWIND: &str = "Northwind Traders";
const MARUYAMA: &str = "丸山商事株式会社";
const AOZORA: &str = "青空フーズ";
const SATO: &str = "佐藤工業";

/// The Today queue of the fixture, top to bottom: overdue follow-ups
/// (oldest first), today's by time, then quiet accounts without a plan by
/// how far past their own rhythm they are.
const TODAY_ORDER: [&str; 7] = [GLOBEX, ACME, TANAKA, YAMADA, NORTHWIND, MARUYAMA, AOZORA];

/// See the module comment: identical in every test, process-wide.
fn utc_zone() {
    std::env::set_var("TZ", "UTC");
}

fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

fn now() -> DateTime<Utc> {
    at(11, 23, 0, 0)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

struct Fixture {
    /// Keeps the database file alive as long as the app.
    _dir: TempDir,
    app: App,
}

fn account(
    store: &mut Store,
    name: &str,
    reading: Option<&str>,
    kind: AccountKind,
    status: Status,
    interval_days: Option<u32>,
) -> i64 {
    let fields = AccountFields {
        name: name.into(),
        reading: reading.map(str::to_string),
        kind: Some(kind),
        status: Some(status),
        interval_days,
        ..Default::default()
    };
    store.add_account(&fields, at(6, 1, 0, 0)).unwrap()
}

fn conversation(
    account_id: i64,
    kind: ConversationKind,
    happened_at: DateTime<Utc>,
    summary: &str,
) -> NewConversation {
    NewConversation {
        account_id,
        contact_id: None,
        kind,
        direction: Direction::Out,
        happened_at,
        summary: summary.into(),
        body: String::new(),
        outcome: None,
    }
}

fn log(
    store: &mut Store,
    account_id: i64,
    kind: ConversationKind,
    happened_at: DateTime<Utc>,
    summary: &str,
) {
    let c = conversation(account_id, kind, happened_at, summary);
    store.log_conversation(&c, happened_at).unwrap();
}

fn follow_up(
    store: &mut Store,
    account_id: i64,
    contact_id: Option<i64>,
    kind: ConversationKind,
    due_on: NaiveDate,
    due_time: Option<(u32, u32)>,
    note: &str,
) -> i64 {
    let f = NewFollowUp {
        account_id,
        contact_id,
        kind,
        due_on,
        due_time: due_time.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()),
        note: note.into(),
    };
    store.add_follow_up(&f, at(11, 10, 0, 0)).unwrap()
}

/// Eight accounts, Japanese and English:
/// - follow-ups: Globex 7 days late, Acme 3 days late, 田中 today 10:30,
///   山田 today 14:00 with a contact, 佐藤工業 tomorrow;
/// - quiet: Northwind (rhythm set to 14 days, last touch an order),
///   丸山商事 (default rhythm, "no longer valuable"), 青空フーズ (learned
///   weekly rhythm), 佐藤工業 (quiet, but with an open follow-up).
fn fixture(lang: Lang) -> Fixture {
    use ConversationKind::*;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("salesbench.db")).unwrap();

    let yamada = account(
        &mut s,
        YAMADA,
        Some("やまだせいさくしょ"),
        AccountKind::Company,
        Status::Customer,
        None,
    );
    let bucho = s
        .add_contact(
            &Contact {
                id: 0,
                account_id: yamada,
                name: "山田 太郎".into(),
                reading: Some("やまだ たろう".into()),
                role: Some("製造部長".into()),
                phone: Some("090-1111-2222".into()),
                email: None,
            },
            at(6, 1, 0, 0),
        )
        .unwrap();
    s.add_order(
        yamada,
        at(11, 18, 0, 0),
        1_250_000,
        "部品 A-200 × 500",
        at(11, 18, 0, 0),
    )
    .unwrap();
    log(
        &mut s,
        yamada,
        Call,
        at(11, 20, 1, 15),
        "新製品の見積もり依頼",
    );
    follow_up(
        &mut s,
        yamada,
        Some(bucho),
        Call,
        day(11, 23),
        Some((14, 0)),
        "見積もりの回答を確認",
    );

    let tanaka = account(
        &mut s,
        TANAKA,
        Some("たなか はなこ"),
        AccountKind::Person,
        Status::Prospect,
        None,
    );
    log(&mut s, tanaka, Call, at(11, 18, 3, 0), "初回のご挨拶");
    follow_up(
        &mut s,
        tanaka,
        None,
        Visit,
        day(11, 23),
        Some((10, 30)),
        "カタログを届ける",
    );

    let acme = account(
        &mut s,
        ACME,
        None,
        AccountKind::Company,
        Status::Customer,
        None,
    );
    log(&mut s, acme, Email, at(11, 21, 14, 0), "Renewal question");
    follow_up(
        &mut s,
        acme,
        None,
        Email,
        day(11, 20),
        None,
        "Send the renewal quote",
    );

    let globex = account(
        &mut s,
        GLOBEX,
        None,
        AccountKind::Company,
        Status::Prospect,
        None,
    );
    follow_up(
        &mut s,
        globex,
        None,
        Call,
        day(11, 16),
        None,
        "Ask about the Q1 budget",
    );

    // Rhythm set on the account: every 14 days; silent 53 (×3.8).
    let northwind = account(
        &mut s,
        NORTHWIND,
        None,
        AccountKind::Company,
        Status::Customer,
        Some(14),
    );
    log(&mut s, northwind, Visit, at(9, 15, 2, 0), "Site visit");
    s.add_order(
        northwind,
        at(10, 1, 0, 0),
        98_000,
        "Annual support renewal",
        at(10, 1, 0, 0),
    )
    .unwrap();

    // Default rhythm (30 days); silent 100 (×3.3); told us why.
    let maruyama = account(
        &mut s,
        MARUYAMA,
        Some("まるやましょうじ"),
        AccountKind::Company,
        Status::Lapsed,
        None,
    );
    s.add_order(
        maruyama,
        at(6, 1, 0, 0),
        420_000,
        "定期発注",
        at(6, 1, 0, 0),
    )
    .unwrap();
    let said = conversation(maruyama, Call, at(8, 15, 0, 0), "価格に見合わないとのこと");
    s.log_with(&said, Some(LapseReason::NoValue), None, at(8, 15, 0, 0))
        .unwrap();

    // Learned weekly rhythm (three gaps of 7 days); silent 20 (×2.9).
    let aozora = account(
        &mut s,
        AOZORA,
        Some("あおぞらふーず"),
        AccountKind::Company,
        Status::Customer,
        None,
    );
    for (m, d) in [(10, 13), (10, 20), (10, 27), (11, 3)] {
        log(&mut s, aozora, Call, at(m, d, 0, 0), "週次の受注確認");
    }

    // Quiet (silent 83 of 30, ×2.8) but already planned for tomorrow:
    // listed on Quiet, left off Today.
    let sato = account(
        &mut s,
        SATO,
        Some("さとうこうぎょう"),
        AccountKind::Company,
        Status::Customer,
        None,
    );
    log(&mut s, sato, Meeting, at(9, 1, 0, 0), "年間契約の打合せ");
    follow_up(&mut s, sato, None, Call, day(11, 24), None, "年末のご挨拶");

    let app = App::new(s, Clock::fixed(now()), I18n::new(lang)).unwrap();
    Fixture { _dir: dir, app }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

/// Send one key the way the event loop does: keymap, then update.
fn press_key(app: &mut App, k: KeyEvent) {
    if let Some(action) = keymap::resolve(app, k) {
        app.update(action);
    }
}

fn press(app: &mut App, code: KeyCode) {
    press_key(app, key(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    press_key(app, key(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    // Check the frame as drawn, before the diff hides covered cells.
    let frame = terminal.draw(|f| ui::draw(app, f)).unwrap().buffer.clone();
    check_buffer(&frame);
    terminal
}

fn snap(name: &str, app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let terminal = render(app, w, h);
    insta::assert_snapshot!(name.to_string(), terminal.backend());
    terminal
}

fn sized(name: &str, lang: &str, (w, h): (u16, u16)) -> String {
    format!("{name}_{lang}_{w}x{h}")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// No control or bidi character in any cell; every wide character whole.
fn check_buffer(buf: &Buffer) {
    for_each_symbol(buf, |x, y, sym| {
        assert!(
            !sym.chars().any(|c| c.is_control() || is_bidi_control(c)),
            "control character {sym:?} at ({x}, {y})\n{}",
            rows(buf).join("\n")
        );
        assert!(
            x + sym.width() as u16 <= buf.area.width,
            "wide {sym:?} cut at the right edge, row {y}"
        );
    });
}

fn for_each_symbol(buf: &Buffer, mut f: impl FnMut(u16, u16, &str)) {
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            f(x, y, sym);
            x += sym.width().max(1) as u16;
        }
    }
}

/// The visible text of each row, continuation cells skipped.
fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            let mut s = String::new();
            let mut x = 0;
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += sym.width().max(1) as u16;
            }
            s
        })
        .collect()
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
            TodayItem::Quiet(q) => q.name.clone(),
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

fn top_popup(app: &App) -> &PopupKind {
    &app.popups.last().expect("a popup open").kind
}

/// Open the log form on the selected follow-up, type a summary, save.
fn complete_selected(app: &mut App, summary: &str) {
    press(app, KeyCode::Char('l'));
    assert!(
        matches!(top_popup(app), PopupKind::Log(l) if l.follow_up.is_some()),
        "l on a follow-up opens the completing log form"
    );
    type_str(app, summary);
    ctrl(app, 's');
    assert!(
        matches!(top_popup(app), PopupKind::FollowUp { .. }),
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
fn schedule_form() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let mut f = fixture(lang);
            select_today(&mut f.app, YAMADA);
            press(&mut f.app, KeyCode::Char('f'));
            assert!(matches!(top_popup(&f.app), PopupKind::FollowUp { .. }));
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
            assert!(matches!(top_popup(&f.app), PopupKind::Snooze { .. }));
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
            assert!(matches!(
                top_popup(&f.app),
                PopupKind::CancelFollowUp { .. }
            ));
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
                PopupKind::Log(l) => {
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
                PopupKind::FollowUp { form, .. } => {
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
