//! Shared helpers for the TUI tests that drive an `App` and draw it into a
//! `TestBackend`: key presses the way the event loop sends them, frames,
//! the text of each row, and the properties every frame must have (no
//! control or bidi character in a cell, no wide character cut or
//! half-covered). `snap` stays in each test file: insta names a snapshot
//! after the module that takes it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

use chrono::{DateTime, TimeZone, Utc};
use tempfile::TempDir;

use salesbench::app::App;
use salesbench::clock::Clock;
use salesbench::i18n::{I18n, Lang};
use salesbench::store::Store;
use salesbench::ui::{self, keymap};

/// Render the app at 80x24 (or `w`x`h`), check the frame (no wide
/// character cut or half-covered), compare it with the snapshot `name`,
/// and hand back the terminal. A macro, so the snapshot is named after the
/// calling test module as insta does (`#[macro_use]` on `mod screen` and
/// `mod common`).
macro_rules! snap {
    ($name:expr, $app:expr $(,)?) => {
        snap!($name, $app, 80, 24)
    };
    ($name:expr, $app:expr, $w:expr, $h:expr $(,)?) => {{
        let terminal = render($app, $w, $h);
        check_no_half_covered_wide(terminal.backend().buffer());
        insta::assert_snapshot!(String::from($name), terminal.backend());
        terminal
    }};
}

/// Every TUI test runs in both languages.
pub const LANGS: [(Lang, &str); 2] = [(Lang::En, "en"), (Lang::Ja, "ja")];
/// The sizes screens are checked at: a common terminal and a small one.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (50, 20)];

/// The fixtures' zone: identical in every test, process-wide.
pub fn utc_zone() {
    std::env::set_var("TZ", "UTC");
}

/// An instant in 2026 (UTC).
pub fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

/// The fixtures' "now": 23 November 2026, midnight UTC.
pub fn now() -> DateTime<Utc> {
    at(11, 23, 0, 0)
}

/// An app over a database file in a temporary folder.
pub struct Fixture {
    /// Keeps the database file alive as long as the app.
    pub _dir: TempDir,
    pub app: App,
}

/// A new database file in a temporary folder.
pub fn open_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("salesbench.db")).unwrap();
    (dir, store)
}

/// The app over `store`, its clock stopped at [`now`].
pub fn app_over(dir: TempDir, store: Store, lang: Lang) -> Fixture {
    let app = App::new(store, Clock::fixed(now()), I18n::new(lang)).unwrap();
    Fixture { _dir: dir, app }
}

pub fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

/// Send one key the way the event loop does: keymap, then update; an
/// import it started runs to its end, as the loop's worker would.
pub fn press_key(app: &mut App, k: KeyEvent) {
    if let Some(action) = keymap::resolve(app, k) {
        app.update(action);
    }
    app.run_jobs_here();
}

pub fn press(app: &mut App, code: KeyCode) {
    press_key(app, key(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    press_key(app, key(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Draw `app` at w×h, checking the frame as drawn: the backend only
/// receives the diff, which skips any cell a wide character covers,
/// hiding the very overlap the check is after.
pub fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let frame = terminal.draw(|f| ui::draw(app, f)).unwrap().buffer.clone();
    check_buffer(&frame);
    terminal
}

/// Render and return the frame as drawn (before the diff).
pub fn frame(app: &App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let frame = terminal.draw(|f| ui::draw(app, f)).unwrap().buffer.clone();
    check_buffer(&frame);
    frame
}

/// `name_lang_WxH`, the snapshot naming every TUI test uses.
pub fn sized(name: &str, lang: &str, (w, h): (u16, u16)) -> String {
    format!("{name}_{lang}_{w}x{h}")
}

pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Properties every frame must have, whatever the screen: no control or
/// bidi character in any cell, and every wide character whole on its row.
pub fn check_buffer(buf: &Buffer) {
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
pub fn check_no_half_covered_wide(buf: &Buffer) {
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
pub fn for_each_symbol(buf: &Buffer, mut f: impl FnMut(u16, u16, &str)) {
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
pub fn rows(buf: &Buffer) -> Vec<String> {
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

/// Screen position (column, row) where `needle` starts, if shown.
pub fn find_text(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    rows(buf).iter().enumerate().find_map(|(y, row)| {
        let byte = row.find(needle)?;
        Some((row[..byte].width() as u16, y as u16))
    })
}
