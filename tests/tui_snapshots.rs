//! UI snapshots: every screen and popup rendered into a `TestBackend` at
//! 80x24 and a narrow 50x20, in English and Japanese, over a real SQLite
//! store filled with a fixed, hand-written fixture and a fixed clock.
//!
//! Beyond the snapshots, every rendered buffer is checked for properties a
//! snapshot review could miss: no control or bidi character reaches a cell,
//! and no wide (CJK) character is cut in half or half-covered by a popup.
//!
//! Times on screen are converted with the machine's local offset
//! (`Clock::local_offset` reads `TZ` / the system zone), so every test
//! starts with `utc_zone()`, which sets `TZ=UTC`. The environment is
//! process-wide and tests run in parallel threads, so every test in this
//! file sets the very same value: whichever runs first, all see UTC.

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

use salesbench::app::App;
use salesbench::clock::Clock;
use salesbench::domain::model::{
    AccountFields, AccountKind, Contact, ConversationKind, Direction, NewConversation, Status,
};
use salesbench::i18n::{I18n, Lang};
use salesbench::store::Store;
use salesbench::ui::{self, keymap};

const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Ja, "ja")];
const SIZES: [(u16, u16); 2] = [(80, 24), (50, 20)];

const LONG_NAME: &str = "株式会社北海道札幌中央システムソリューションズ開発研究所";

/// The long call note: several paragraphs without spaces, so it can only
/// be wrapped between wide characters.
const LONG_BODY: &str = "山田部長より、来年度の新製品ライン向けに部品Ａ－２００を月産五千個で見積もりたいとのご依頼をいただいた。\n\
納期は二月末、価格は前年比で五パーセント以内の上昇に抑えてほしいとのこと。\n\
競合他社も見積もりを出しているため、今週中に概算を、来週中に正式な見積書を提出する必要がある。\n\
\n\
次回：十一月二十七日に正式見積書を持参して訪問する。";

/// See the module comment: identical in every test, process-wide.
fn utc_zone() {
    std::env::set_var("TZ", "UTC");
}

fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
}

struct Fixture {
    /// Keeps the database file alive as long as the app.
    _dir: TempDir,
    app: App,
}

fn open_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("salesbench.db")).unwrap();
    (dir, store)
}

fn app_over(dir: TempDir, store: Store, lang: Lang) -> Fixture {
    let app = App::new(store, Clock::fixed(now()), I18n::new(lang)).unwrap();
    Fixture { _dir: dir, app }
}

#[allow(clippy::too_many_arguments)]
fn account(
    store: &mut Store,
    name: &str,
    reading: Option<&str>,
    kind: AccountKind,
    status: Status,
    phone: Option<&str>,
    email: Option<&str>,
    tags: &[&str],
) -> i64 {
    let fields = AccountFields {
        name: name.into(),
        reading: reading.map(str::to_string),
        kind: Some(kind),
        status: Some(status),
        phone: phone.map(str::to_string),
        email: email.map(str::to_string),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    store.add_account(&fields, at(9, 1, 0, 0)).unwrap()
}

fn contact(
    store: &mut Store,
    account_id: i64,
    name: &str,
    reading: &str,
    role: &str,
    phone: &str,
) -> i64 {
    let c = Contact {
        id: 0,
        account_id,
        name: name.into(),
        reading: Some(reading.into()),
        role: Some(role.into()),
        phone: Some(phone.into()),
        email: None,
    };
    store.add_contact(&c, at(9, 1, 0, 0)).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn log(
    store: &mut Store,
    account_id: i64,
    contact_id: Option<i64>,
    kind: ConversationKind,
    direction: Direction,
    happened_at: DateTime<Utc>,
    summary: &str,
    body: &str,
) -> i64 {
    let c = NewConversation {
        account_id,
        contact_id,
        kind,
        direction,
        happened_at,
        summary: summary.into(),
        body: body.into(),
        outcome: None,
    };
    store.log_conversation(&c, happened_at).unwrap()
}

/// Seven accounts, Japanese and English; 株式会社山田製作所 has two contacts,
/// six conversations (one long, one edited, one retracted) and two orders.
fn fixture(lang: Lang) -> Fixture {
    use ConversationKind::*;
    use Direction::*;
    let (dir, mut s) = open_store();
    let yamada = account(
        &mut s,
        "株式会社山田製作所",
        Some("やまだせいさくしょ"),
        AccountKind::Company,
        Status::Customer,
        Some("03-1234-5678"),
        Some("info@yamada-ss.example.jp"),
        &["製造", "重要"],
    );
    let bucho = contact(
        &mut s,
        yamada,
        "山田 太郎",
        "やまだ たろう",
        "製造部長",
        "090-1111-2222",
    );
    let sato = contact(
        &mut s,
        yamada,
        "佐藤 美咲",
        "さとう みさき",
        "購買担当",
        "03-1234-5679",
    );
    log(
        &mut s,
        yamada,
        Some(sato),
        Call,
        In,
        at(10, 15, 2, 30),
        "請求書の宛名変更について",
        "経理の佐藤様より、来月分から宛名を本社宛に変更してほしいとの連絡。",
    );
    log(
        &mut s,
        yamada,
        None,
        Note,
        Out,
        at(10, 28, 8, 0),
        "Quarterly review prep",
        "Prepare Q4 numbers.\nBring the 新製品 brochure.",
    );
    let wrong = log(
        &mut s,
        yamada,
        None,
        Meeting,
        Out,
        at(11, 5, 4, 0),
        "年末の発注計画",
        "年末までの発注数量について打合せ。",
    );
    s.retract_conversation(wrong, "別の顧客の内容を誤って記録したため", at(11, 6, 1, 0))
        .unwrap();
    let visit = log(
        &mut s,
        yamada,
        Some(bucho),
        Visit,
        Out,
        at(11, 10, 5, 0),
        "工場見学",
        "第二工場を見学。",
    );
    s.revise_conversation(
        visit,
        "工場見学と打ち合わせ",
        "第二工場を見学。ライン増設の計画あり。",
        Some("来月再訪"),
        at(11, 11, 0, 30),
    )
    .unwrap();
    log(
        &mut s,
        yamada,
        Some(sato),
        Email,
        In,
        at(11, 15, 6, 45),
        "納期の確認",
        "A-200 の納期を12月10日に前倒しできるか問い合わせあり。",
    );
    log(
        &mut s,
        yamada,
        Some(bucho),
        Call,
        Out,
        at(11, 20, 1, 15),
        "新製品の見積もり依頼",
        LONG_BODY,
    );
    s.add_order(
        yamada,
        at(10, 1, 0, 0),
        380_000,
        "試作品 A-200 × 50",
        at(10, 1, 0, 0),
    )
    .unwrap();
    s.add_order(
        yamada,
        at(11, 18, 0, 0),
        1_250_000,
        "部品 A-200 × 500（初回ロット）",
        at(11, 18, 0, 0),
    )
    .unwrap();

    let tanaka = account(
        &mut s,
        "田中 花子",
        Some("たなか はなこ"),
        AccountKind::Person,
        Status::Prospect,
        Some("080-9876-5432"),
        None,
        &["個人", "紹介"],
    );
    log(
        &mut s,
        tanaka,
        None,
        Call,
        Out,
        at(11, 1, 3, 0),
        "初回のご挨拶",
        "ご紹介いただいた件でお電話。来週改めて連絡。",
    );

    let acme = account(
        &mut s,
        "Acme Corp",
        None,
        AccountKind::Company,
        Status::Customer,
        None,
        Some("sales@acme.example"),
        &["us", "enterprise"],
    );
    log(
        &mut s,
        acme,
        None,
        Email,
        In,
        at(11, 21, 14, 0),
        "Renewal question",
        "Asked whether the annual plan can start in January.",
    );
    s.add_order(
        acme,
        at(11, 2, 0, 0),
        98_000,
        "Annual support",
        at(11, 2, 0, 0),
    )
    .unwrap();

    account(
        &mut s,
        "Globex Trading Co., Ltd.",
        None,
        AccountKind::Company,
        Status::Lapsed,
        None,
        None,
        &["legacy"],
    );

    let long = account(
        &mut s,
        LONG_NAME,
        Some("ほっかいどうさっぽろちゅうおうしすてむそりゅーしょんずかいはつけんきゅうしょ"),
        AccountKind::Company,
        Status::Customer,
        None,
        None,
        &["システム"],
    );
    log(
        &mut s,
        long,
        None,
        Meeting,
        Out,
        at(9, 30, 2, 0),
        "定例会",
        "",
    );

    let yamazaki = account(
        &mut s,
        "山崎商店",
        Some("やまざきしょうてん"),
        AccountKind::Company,
        Status::Lost,
        None,
        None,
        &[],
    );
    log(
        &mut s,
        yamazaki,
        None,
        Visit,
        Out,
        at(6, 1, 0, 0),
        "店舗訪問",
        "",
    );

    app_over(dir, s, lang)
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

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Select the account whose name is `name` in the list and open it.
fn open_account(app: &mut App, name: &str) {
    let pos = app
        .accounts
        .visible
        .iter()
        .position(|&i| app.accounts.rows[i].name == name)
        .unwrap_or_else(|| panic!("{name} not listed"));
    press(app, KeyCode::Char('g'));
    for _ in 0..pos {
        press(app, KeyCode::Char('j'));
    }
    press(app, KeyCode::Enter);
    assert_eq!(
        app.account.as_ref().map(|v| v.account.name.as_str()),
        Some(name)
    );
}

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    // Check the frame as drawn: the backend only receives the diff, which
    // skips any cell a wide character covers, hiding the very overlap
    // the check is after.
    let frame = terminal.draw(|f| ui::draw(app, f)).unwrap().buffer.clone();
    check_buffer(&frame);
    terminal
}

/// Render and return the frame as drawn (before the diff).
fn frame(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let frame = terminal.draw(|f| ui::draw(app, f)).unwrap().buffer.clone();
    check_buffer(&frame);
    frame
}

fn snap(name: &str, app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let terminal = render(app, w, h);
    insta::assert_snapshot!(name.to_string(), terminal.backend());
    terminal
}

/// Screen position (column, row) where `needle` starts, if shown.
fn find_text(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    rows(buf).iter().enumerate().find_map(|(y, row)| {
        let byte = row.find(needle)?;
        Some((row[..byte].width() as u16, y as u16))
    })
}

/// The terminal cursor is shown, at `pos`.
fn assert_cursor(t: &Terminal<TestBackend>, pos: (u16, u16)) {
    let b = t.backend();
    assert!(b.cursor_visible(), "cursor hidden");
    let at = b.cursor_position();
    assert_eq!((at.x, at.y), pos, "cursor misplaced\n{b}");
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Properties every frame must have, whatever the screen: no control or
/// bidi character in any cell, and every wide character whole on its row.
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

/// The cells a wide character covers must be untouched continuations: a
/// popup border drawn there is never sent to the terminal (the diff skips
/// covered cells), so the border goes missing and half of the character
/// shows through.
fn check_no_half_covered_wide(buf: &Buffer) {
    for_each_symbol(buf, |x, y, sym| {
        for dx in 1..sym.width() as u16 {
            let next = buf[(x + dx, y)].symbol();
            assert_eq!(
                next,
                " ",
                "wide {sym:?} at ({x}, {y}) half-covered by {next:?}\n{}",
                rows(buf).join("\n")
            );
        }
    });
}

/// Calls `f(x, y, symbol)` for each drawn symbol, skipping the cells a
/// wide symbol covers.
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

fn sized(name: &str, lang: &str, (w, h): (u16, u16)) -> String {
    format!("{name}_{lang}_{w}x{h}")
}

#[test]
fn empty_database() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let (dir, store) = open_store();
            let f = app_over(dir, store, lang);
            snap(&sized("empty", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn accounts_list_default_sort() {
    utc_zone();
    for (lang, tag) in LANGS {
        for size in SIZES {
            let f = fixture(lang);
            snap(&sized("accounts", tag, size), &f.app, size.0, size.1);
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
                .map(|&i| f.app.accounts.rows[i].name.as_str())
                .collect();
            assert_eq!(names.len(), 2, "{names:?}");
            assert!(
                names.contains(&"株式会社山田製作所") && names.contains(&"山崎商店"),
                "{names:?}"
            );
            let t = snap(&sized("accounts_filter", tag, size), &f.app, size.0, size.1);
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
        snap(
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
            snap(
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
            snap(&sized("account", tag, size), &f.app, size.0, size.1);
        }
    }
}

#[test]
fn account_screen_without_history() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        open_account(&mut f.app, "Globex Trading Co., Ltd.");
        snap(&format!("account_no_history_{tag}_80x24"), &f.app, 80, 24);
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
            snap(&sized("conversation", tag, size), &f.app, size.0, size.1);
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
            snap(
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
        snap(
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
            let t = snap(&sized("log_form", tag, size), &f.app, size.0, size.1);
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
            snap(
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
            snap(&sized("order_form", tag, size), &f.app, size.0, size.1);
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
            snap(&sized("help", tag, size), &f.app, size.0, size.1);
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
        snap(&format!("help_account_{tag}_80x24"), &f.app, 80, 24);
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
