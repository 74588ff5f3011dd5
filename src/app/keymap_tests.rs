//! Keymap tests: the embedded defaults, overrides and their problems,
//! routing with help open.

use super::*;
use crate::i18n::{I18n, Lang};

fn app_with_keys(keys: &[(&str, &str)]) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(&dir.path().join("sb.db")).unwrap();
    let mut config = crate::config::Config::default();
    for (k, v) in keys {
        config.keys.insert(k.to_string(), v.to_string());
    }
    let clock = crate::clock::Clock::fixed(chrono::DateTime::UNIX_EPOCH);
    let app = App::with_config(store, clock, I18n::new(Lang::En), config).unwrap();
    (dir, app)
}

fn ch(c: char) -> Key {
    Key::plain(KeyName::Char(c))
}

#[test]
fn the_embedded_keymap_compiles_with_every_layer_described_in_both_catalogues() {
    let map = Keymap::parse(DEFAULT_TOML).unwrap();
    let en = I18n::keys(Lang::En);
    let ja = I18n::keys(Lang::Ja);
    for (layer, name) in Layer::ALL {
        assert!(!map.bindings(layer).is_empty(), "layer {name} is empty");
        for b in map.bindings(layer) {
            assert!(en.contains(&b.desc), "{name}: {} missing in en", b.desc);
            assert!(ja.contains(&b.desc), "{name}: {} missing in ja", b.desc);
        }
    }
}

#[test]
fn no_key_is_bound_twice_in_one_layer() {
    let map = Keymap::parse(DEFAULT_TOML).unwrap();
    for (layer, name) in Layer::ALL {
        let mut seen = Vec::new();
        for b in map.bindings(layer) {
            for k in &b.keys {
                assert!(!seen.contains(k), "{name}: {k:?} bound twice");
                seen.push(*k);
            }
        }
    }
}

#[test]
fn keys_parse_as_written_in_the_config() {
    let ctrl = |c| Key {
        name: KeyName::Char(c),
        ctrl: true,
    };
    assert_eq!(Key::parse("L"), Some(ch('L')));
    assert_eq!(Key::parse("ctrl-q"), Some(ctrl('q')));
    assert_eq!(Key::parse("Ctrl-Q"), Some(ctrl('q')));
    assert_eq!(Key::parse("Enter"), Some(Key::plain(KeyName::Enter)));
    assert_eq!(Key::parse("f5"), Some(Key::plain(KeyName::F(5))));
    assert_eq!(Key::parse("space"), Some(ch(' ')));
    assert_eq!(Key::parse("f"), Some(ch('f')));
    for bad in ["nonsense", "LL", "", "ctrl-", "f99"] {
        assert_eq!(Key::parse(bad), None, "{bad:?}");
    }
    assert_eq!(ctrl('s').label(), "Ctrl-S");
    assert_eq!(Key::plain(KeyName::PageDown).label(), "PgDn");
}

#[test]
fn a_rebound_key_acts_and_is_what_help_shows() {
    let (_d, app) = app_with_keys(&[("log", "L")]);
    assert_eq!(app.status, None, "a good override says nothing");
    assert_eq!(route(&app, ch('L')), Some(Action::Log));
    assert_eq!(route(&app, ch('l')), None);
    let log = app
        .keymap
        .bindings(Layer::Accounts)
        .iter()
        .find(|b| b.action == Action::Log)
        .unwrap();
    assert_eq!(log.label, "L");
}

#[test]
fn overrides_name_the_action_as_the_keymap_file_does() {
    // `search` (desc `search11.key_search`) and `schedule_follow_up`
    // (desc `key.schedule`): by action name; the old desc name still works.
    let (_d, app) = app_with_keys(&[
        ("search", "ctrl-f"),
        ("schedule_follow_up", "S"),
        ("key_quiet_sort", "O"),
    ]);
    assert_eq!(app.status, None, "{:?}", app.status);
    assert_eq!(
        route(&app, Key::parse("ctrl-f").unwrap()),
        Some(Action::Search)
    );
    assert_eq!(route(&app, ch('F')), None);
    assert_eq!(route(&app, ch('S')), Some(Action::ScheduleFollowUp));
    let quiet_sort = app
        .keymap
        .bindings(Layer::Quiet)
        .iter()
        .find(|b| b.action == Action::ToggleSort)
        .unwrap();
    assert_eq!(quiet_sort.label, "O");
}

#[test]
fn bad_overrides_are_ignored_and_reported() {
    let (_d, app) = app_with_keys(&[
        ("log", "LL"),
        ("schedule", "l"),
        ("fly", "z"),
        ("quit", "ctrl-c"),
    ]);
    // Nothing changed: `l` still logs, `f` still schedules, and help
    // lists one `l`.
    let today = app.keymap.bindings(Layer::Today);
    assert_eq!(today.iter().filter(|b| b.label == "l").count(), 1);
    assert_eq!(
        app.keymap.action(Layer::Quiet, ch('f')),
        Some(Action::ScheduleFollowUp)
    );
    assert_eq!(app.keymap.action(Layer::Quiet, ch('l')), Some(Action::Log));
    let said = app.status.clone().expect("the problems are said");
    assert!(said.error);
    for part in ["LL", "schedule", "“fly”", "ctrl-c"] {
        assert!(said.text.contains(part), "{part} in {}", said.text);
    }
    let (_map, problems) = Keymap::compile(
        &[
            ("log".to_string(), "LL".to_string()),
            ("schedule".into(), "l".into()),
        ]
        .into_iter()
        .collect(),
    );
    assert_eq!(
        problems,
        vec![
            KeyProblem::BadKey {
                name: "log".into(),
                key: "LL".into()
            },
            KeyProblem::Clash {
                name: "schedule".into(),
                key: "l".into(),
                other: "key.log_complete".into()
            },
        ]
    );
    // In Japanese, with the other binding's description translated.
    let ja = I18n::new(Lang::Ja);
    let text = problems[1].message(&ja);
    assert!(text.contains(&ja.t("key.log_complete")), "{text}");
}

#[test]
fn help_is_a_layer_esc_closes_it_everywhere_and_ctrl_c_quits() {
    let (_d, mut app) = app_with_keys(&[]);
    for screen in [
        Screen::Today,
        Screen::Quiet,
        Screen::Accounts,
        Screen::Reports,
    ] {
        app.screen = screen;
        app.help = true;
        assert_eq!(layer(&app), Layer::Help);
        let a = route(&app, Key::plain(KeyName::Esc)).expect("Esc reaches help");
        app.update(a);
        assert!(!app.help, "{screen:?}: Esc closed help");
        assert_eq!(app.screen, screen, "{screen:?}: nothing acted underneath");
        assert_ne!(layer(&app), Layer::Help, "the next key acts");
    }
    app.help = true;
    // j scrolls help (a short screen); any other key closes it without
    // acting.
    assert_eq!(route(&app, ch('j')), Some(Action::Down));
    assert_eq!(route(&app, ch('a')), Some(Action::ToggleHelp));
    let ctrl_c = Key {
        name: KeyName::Char('c'),
        ctrl: true,
    };
    assert_eq!(route(&app, ctrl_c), Some(Action::Quit));
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn the_readme_key_table_is_the_keymap() {
    const BEGIN: &str = "<!-- keys: generated from assets/keymap.toml; SALESBENCH_WRITE_README=1 cargo test readme_key_table rewrites it -->\n";
    const END: &str = "<!-- /keys -->";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find(BEGIN).expect("the README marks its key table") + BEGIN.len();
    let end = start + text[start..].find(END).expect("the key table ends");
    let want = readme::table(&Keymap::parse(DEFAULT_TOML).unwrap(), &I18n::new(Lang::En));
    if std::env::var_os("SALESBENCH_WRITE_README").is_some() {
        let new = format!("{}{want}{}", &text[..start], &text[end..]);
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert_eq!(
        text[start..end],
        want,
        "README's key table differs from assets/keymap.toml: run SALESBENCH_WRITE_README=1 cargo test readme_key_table"
    );
}
