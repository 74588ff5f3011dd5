//! What the operator sees of team sync in the TUI: the word at the right
//! of the top line in every state, in both languages, at 80 and 120
//! columns (short when the tabs need the room), and a conflict said once.

use chrono::Duration;
use salesbench::app::{SyncFailure, SyncReport};
use salesbench::domain::model::AccountFields;
use salesbench::i18n::Lang;
use salesbench::store::Store;
use salesbench::sync::run::Summary;

use crate::common::screen;
use screen::*;

fn top_line(app: &salesbench::app::App, w: u16) -> String {
    rows(&frame(app, w, 24))[0].clone()
}

fn ok(at_minutes_ago: i64, pending: i64, conflicts: usize) -> SyncReport {
    SyncReport {
        at: now() - Duration::minutes(at_minutes_ago),
        result: Ok(Summary {
            local_pending: pending,
            conflicts,
            ..Summary::default()
        }),
    }
}

/// A state's name, the report that makes it, and the words expected at
/// 120 columns and (short) at 80, in English and Japanese.
type Case = (
    &'static str,
    Box<dyn Fn() -> Option<SyncReport>>,
    [&'static str; 2],
    [&'static str; 2],
);

#[test]
fn the_top_line_says_how_the_sync_stands_in_both_languages() {
    utc_zone();
    let cases: [Case; 5] = [
        (
            "never",
            Box::new(|| None),
            ["⇅ not synced yet", "⇅ 未同期"],
            ["⇅ …", "⇅ …"],
        ),
        (
            "just now",
            Box::new(|| Some(ok(0, 0, 0))),
            ["⇅ synced just now", "⇅ 同期済み"],
            ["⇅ ✓", "⇅ ✓"],
        ),
        (
            "minutes ago, waiting",
            Box::new(|| Some(ok(12, 3, 0))),
            ["⇅ synced 12 min ago · 3 to send", "未送信 3件"],
            ["⇅ ✓ ↑3", "⇅ ✓ ↑3"],
        ),
        (
            "offline",
            Box::new(|| {
                Some(SyncReport {
                    at: now(),
                    result: Err(SyncFailure::Unreachable),
                })
            }),
            ["⇅ offline", "⇅ オフライン"],
            ["⇅ offline", "⇅ オフライン"],
        ),
        (
            "conflict",
            Box::new(|| Some(ok(0, 0, 2))),
            ["2 conflict", "競合 2件"],
            ["⚠2", "⚠2"],
        ),
    ];
    for (name, report, wide, narrow) in &cases {
        for (i, (lang, _)) in LANGS.iter().enumerate() {
            let (dir, store) = open_store();
            let mut fx = app_over(dir, store, *lang);
            assert!(
                !top_line(&fx.app, 120).contains('⇅'),
                "no word without a server"
            );
            fx.app.sync.configured = true;
            if let Some(r) = report() {
                fx.app.receive_sync(r);
            }
            let line = top_line(&fx.app, 120);
            assert!(line.contains(wide[i]), "{name} {lang:?} 120: {line}");
            let line = top_line(&fx.app, 80);
            assert!(
                line.trim_end().ends_with(narrow[i]) || line.contains(wide[i]),
                "{name} {lang:?} 80: {line}"
            );
            // The tabs keep their names at 120 columns whatever the word.
            let tabs = top_line(&fx.app, 120);
            assert!(
                tabs.contains("1 Accounts") || tabs.contains("1 顧客"),
                "{tabs}"
            );
        }
    }
}

#[test]
fn a_conflict_is_said_once_in_the_operators_language() {
    utc_zone();
    for (lang, _) in LANGS {
        let (dir, mut b) = open_store();
        let other = dir.path().join("a.db");
        let mut a = Store::open(&other).unwrap();
        let fields = AccountFields {
            name: "山田商店".into(),
            code: Some("C-1".into()),
            phone: Some("03-0000-0000".into()),
            ..Default::default()
        };
        let id = a.add_account(&fields, now() - Duration::hours(3)).unwrap();
        b.take_in(&a.own_events(0, 100).unwrap()).unwrap();
        let seen = a.own_events(0, 100).unwrap().len() as i64;
        // Each changes the phone apart.
        let mut fa = fields.clone();
        fa.phone = Some("03-1111-1111".into());
        a.update_account(id, &fa, now() - Duration::hours(2))
            .unwrap();
        let mut fb = fields.clone();
        fb.phone = Some("03-2222-2222".into());
        b.update_account(id, &fb, now() - Duration::hours(1))
            .unwrap();
        let taken = b.take_in(&a.own_events(seen, 100).unwrap()).unwrap();
        assert_eq!(taken.conflicts, 1);

        let mut fx = app_over(dir, b, lang);
        fx.app.sync.configured = true;
        fx.app.receive_sync(ok(0, 0, 1));
        let status = fx.app.status.clone().expect("the conflict is said").text;
        let (field, kept) = match lang {
            Lang::En => ("phone", "kept"),
            Lang::Ja => ("電話番号", "残し"),
        };
        assert!(
            status.contains("山田商店")
                && status.contains(field)
                && status.contains(kept)
                && status.contains("03-2222-2222")
                && status.contains("03-1111-1111"),
            "{lang:?}: {status}"
        );
        fx.app.status = None;
        fx.app.receive_sync(ok(0, 0, 0));
        assert!(fx.app.status.is_none(), "said once");
    }
}

#[test]
fn ctrl_r_asks_for_a_sync_now_when_a_server_is_configured() {
    utc_zone();
    for (lang, _) in LANGS {
        let (dir, store) = open_store();
        let mut fx = app_over(dir, store, lang);
        ctrl(&mut fx.app, 'r');
        assert!(!fx.app.sync.wanted, "no server, no sync");
        fx.app.sync.configured = true;
        ctrl(&mut fx.app, 'r');
        assert!(fx.app.sync.wanted);
        let said = fx.app.status.clone().unwrap().text;
        let word = if lang == Lang::Ja { "同期" } else { "sync" };
        assert!(said.contains(word), "{said}");
    }
}
