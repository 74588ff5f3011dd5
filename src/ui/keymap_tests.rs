//! Keymap tests: descriptions, no double bindings, overrides.

use super::*;
use crate::app::Screen;

#[test]
fn every_binding_has_a_description_in_both_catalogues() {
    let en = crate::i18n::I18n::keys(crate::i18n::Lang::En);
    for layer in [
        Layer::Today,
        Layer::Quiet,
        Layer::Accounts,
        Layer::Filter,
        Layer::Account,
        Layer::Form,
        Layer::Conversation,
        Layer::Order,
        Layer::Confirm,
    ] {
        for bnd in bindings(layer) {
            assert!(
                en.iter().any(|k| k == bnd.desc),
                "{:?}: {} missing",
                layer,
                bnd.desc
            );
        }
    }
}

#[test]
fn no_key_is_bound_twice_in_one_layer() {
    for layer in [
        Layer::Today,
        Layer::Quiet,
        Layer::Accounts,
        Layer::Filter,
        Layer::Account,
        Layer::Form,
        Layer::Conversation,
        Layer::Order,
        Layer::Confirm,
    ] {
        let mut seen = Vec::new();
        for bnd in bindings(layer) {
            for k in bnd.keys {
                assert!(!seen.contains(&k), "{layer:?}: {k:?} bound twice");
                seen.push(k);
            }
        }
    }
}

#[test]
fn keys_parse_as_written_in_the_config() {
    assert_eq!(parse_key("L"), Some((KeyCode::Char('L'), NONE)));
    assert_eq!(parse_key("ctrl-q"), Some((KeyCode::Char('q'), CTRL)));
    assert_eq!(parse_key("Enter"), Some((KeyCode::Enter, NONE)));
    assert_eq!(parse_key("f5"), Some((KeyCode::F(5), NONE)));
    assert_eq!(parse_key("space"), Some((KeyCode::Char(' '), NONE)));
    assert_eq!(parse_key("nonsense"), None);
}

#[test]
fn a_rebound_key_acts_and_is_what_help_shows() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(&dir.path().join("sb.db")).unwrap();
    let mut config = crate::config::Config::default();
    config.keys.insert("log".into(), "L".into());
    let clock = crate::clock::Clock::fixed(chrono::DateTime::UNIX_EPOCH);
    let app = App::with_config(
        store,
        clock,
        crate::i18n::I18n::new(crate::i18n::Lang::En),
        config,
    )
    .unwrap();
    let key = |c| KeyEvent::new(KeyCode::Char(c), NONE);
    assert_eq!(resolve(&app, key('L')), Some(Action::Log));
    assert_eq!(resolve(&app, key('l')), None);
    let log = active(&app, Layer::Accounts)
        .into_iter()
        .find(|b| b.action == Action::Log)
        .unwrap();
    assert_eq!(log.shown_label(), "L");
}

fn demo_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(&dir.path().join("sb.db")).unwrap();
    let clock = crate::clock::Clock::fixed(chrono::DateTime::UNIX_EPOCH);
    let app = App::new(store, clock, crate::i18n::I18n::new(crate::i18n::Lang::En)).unwrap();
    (dir, app)
}

#[test]
fn esc_closes_help_on_every_screen_and_the_next_key_acts() {
    let (_d, mut app) = demo_app();
    for screen in [
        Screen::Today,
        Screen::Quiet,
        Screen::Accounts,
        Screen::Reports,
    ] {
        app.screen = screen;
        app.help = true;
        let a = resolve(&app, KeyEvent::new(KeyCode::Esc, NONE));
        assert!(a.is_some(), "{screen:?}: Esc reaches the help overlay");
        app.update(a.unwrap());
        assert!(!app.help, "{screen:?}: Esc closed help");
        assert_eq!(app.screen, screen, "{screen:?}: nothing acted underneath");
    }
}

#[test]
fn ctrl_c_quits_from_help_and_from_a_form() {
    let (_d, mut app) = demo_app();
    app.help = true;
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), CTRL);
    assert_eq!(resolve(&app, ctrl_c), Some(Action::Quit));
    app.update(Action::Quit);
    assert!(app.quit);
}
