//! The `?` overlay on a short, narrow screen (50x20): one column taller
//! than the screen scrolls with j/k and PageDown instead of losing its
//! last lines.

use crossterm::event::KeyCode;

use salesbench::i18n::Lang;

use crate::common::screen;
use crate::tui_snapshots::fixture;
use fixture::*;
use screen::*;

#[test]
fn help_scrolls_at_50x20() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        f.app.page_rows = 20 - 8;
        press(&mut f.app, KeyCode::Char('?'));
        let quit = match lang {
            Lang::En => "quit",
            Lang::Ja => "終了",
        };
        let text = rows(&frame(&f.app, 50, 20)).join("\n");
        assert!(
            !text.contains(quit),
            "the last line is below at first\n{text}"
        );
        let bottom = |text: &str| text.lines().last().unwrap_or("").to_string();
        assert!(bottom(&text).contains(" ↓ "), "says there is more\n{text}");
        press(&mut f.app, KeyCode::Char('j'));
        assert!(f.app.help, "j scrolls, it does not close help");
        press(&mut f.app, KeyCode::PageDown);
        let t = render(&f.app, 50, 20);
        insta::assert_snapshot!(sized("help_scrolled", tag, (50, 20)), t.backend());
        let text = rows(t.backend().buffer()).join("\n");
        assert!(text.contains(quit), "the last line is reached\n{text}");
        assert!(bottom(&text).contains(" ↑ "), "{text}");
        // The wheel scrolls it too (the mouse map of the frame drawn).
        let drawn =
            salesbench::ui::mouse::Drawn::of(&f.app, ratatui::layout::Rect::new(0, 1, 50, 17));
        assert!(drawn.wheel && drawn.list.is_none(), "{drawn:?}");
        // Esc closes it; the next key acts on the screen again.
        press(&mut f.app, KeyCode::Esc);
        assert!(!f.app.help);
    }
}
