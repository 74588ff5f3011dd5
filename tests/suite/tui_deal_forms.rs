//! The deal forms from the TUI: a new deal, won (its order pre-filled),
//! lost, and `e` editing a deal (each changed field on record, errors on
//! the field); `o` reopening a closed deal reached from the Pipeline's
//! closed deals (`c`). Snapshots at 120x40 and 80x24, both languages.

use crossterm::event::KeyCode;

use salesbench::app::Popup;
use salesbench::domain::deals::{DealField, DealStatus};

use crate::common::pipeline;
use crate::common::screen;
use crate::tui_triage::fixture;
use fixture::*;
use pipeline::pipeline_fixture;
use screen::*;

const FORM_SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

/// Nothing English in a Japanese frame: the labels, keys and messages a
/// form shows all come from the catalogue. (Latin letters that are data
/// or units are allowed: the deal's rank letter, key names.)
fn assert_no_english(text: &str, words: &[&str]) {
    for w in words {
        assert!(
            !text.contains(w),
            "English {w:?} in a Japanese frame\n{text}"
        );
    }
}

const ENGLISH_WORDS: [&str; 12] = [
    "Title",
    "Value",
    "Probability",
    "Close",
    "Rank",
    "Next step",
    "Contact",
    "Save",
    "Cancel",
    "Deal",
    "Order",
    "Reason",
];

fn frame_text(app: &salesbench::app::App, (w, h): (u16, u16)) -> String {
    rows(&frame(app, w, h)).join("\n")
}

#[test]
fn the_new_won_and_lost_forms_in_both_languages_and_sizes() {
    utc_zone();
    for (lang, code) in LANGS {
        for size in FORM_SIZES {
            let mut f = pipeline_fixture(lang);
            press(&mut f.app, KeyCode::Char('6'));
            press(&mut f.app, KeyCode::Char('n'));
            type_str(&mut f.app, TANAKA);
            press(&mut f.app, KeyCode::Tab);
            type_str(&mut f.app, "カタログ一式");
            snap!(sized("deal_form_new", code, size), &f.app, size.0, size.1);
            press(&mut f.app, KeyCode::Esc);
            press(&mut f.app, KeyCode::Char('y'));
            assert!(f.app.popups.is_empty());

            // Won: the order pre-filled with the deal's value, today.
            press(&mut f.app, KeyCode::Char('w'));
            let form = f.app.popups.last().unwrap().form().unwrap();
            assert_eq!(form.value("order"), "yes");
            assert_eq!(form.value("amount"), "1500000");
            let t = snap!(sized("deal_form_won", code, size), &f.app, size.0, size.1);
            let text = rows(t.backend().buffer()).join("\n");
            assert!(text.contains("1500000"), "{text}");
            if code == "ja" {
                assert_no_english(&text, &ENGLISH_WORDS);
            }
            press(&mut f.app, KeyCode::Esc);

            let t = {
                press(&mut f.app, KeyCode::Char('L'));
                snap!(sized("deal_form_lost", code, size), &f.app, size.0, size.1)
            };
            if code == "ja" {
                assert_no_english(&rows(t.backend().buffer()).join("\n"), &ENGLISH_WORDS);
            }
        }
    }
}

/// Enter on the first deal, then `e`: the edit form over the viewer.
fn edit_first_deal(f: &mut Fixture) -> i64 {
    press(&mut f.app, KeyCode::Char('6'));
    let id = f.app.pipeline.current().unwrap().id;
    press(&mut f.app, KeyCode::Enter);
    press(&mut f.app, KeyCode::Char('e'));
    assert!(
        matches!(f.app.popups.last(), Some(Popup::EditDeal(_))),
        "e in the viewer opens the edit form: {:?}",
        f.app.status
    );
    id
}

/// Focus `field` of the top form and replace its text with `text`.
fn retype(f: &mut Fixture, field: &str, text: &str) {
    for _ in 0..12 {
        if f.app.popups.last().unwrap().form().unwrap().focused_name() == field {
            break;
        }
        press(&mut f.app, KeyCode::Tab);
    }
    ctrl(&mut f.app, 'u');
    type_str(&mut f.app, text);
}

#[test]
fn e_edits_a_deal_prefilled_and_errors_show_on_the_field() {
    utc_zone();
    for (lang, code) in LANGS {
        for size in FORM_SIZES {
            let mut f = pipeline_fixture(lang);
            let id = edit_first_deal(&mut f);
            let form = f.app.popups.last().unwrap().form().unwrap();
            assert_eq!(form.value("title"), "新製品ライン部品");
            assert_eq!(form.value("value"), "1500000");
            assert_eq!(form.value("probability"), "", "blank: the stage's own");
            assert_eq!(form.value("close"), "2026-12-20");
            assert_eq!(form.value("rank"), "A");
            retype(&mut f, "value", "-5");
            retype(&mut f, "probability", "150");
            ctrl(&mut f.app, 's');
            let form = f.app.popups.last().unwrap().form().unwrap();
            assert!(form.errors.contains_key("value"), "{:?}", form.errors);
            assert!(form.errors.contains_key("probability"), "{:?}", form.errors);
            let t = snap!(
                sized("deal_form_edit_errors", code, size),
                &f.app,
                size.0,
                size.1
            );
            let text = rows(t.backend().buffer()).join("\n");
            let (negative, over) = if code == "ja" {
                ("金額", "0〜100")
            } else {
                ("cannot be negative", "from 0 to 100")
            };
            assert!(text.contains(negative) && text.contains(over), "{text}");
            if code == "ja" {
                assert_no_english(&text, &ENGLISH_WORDS);
            }
            // Nothing was written.
            assert_eq!(f.app.store.deal_detail(id).unwrap().changes.len(), 0);
        }
    }
}

#[test]
fn an_edit_records_only_the_changed_fields_and_the_viewer_shows_it() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = pipeline_fixture(lang);
        let id = edit_first_deal(&mut f);
        retype(&mut f, "value", "1800000");
        retype(&mut f, "probability", "35");
        retype(&mut f, "close", "2026-12-24");
        retype(&mut f, "next_step", "見積書を送る");
        // The contact: the account's one person.
        retype(&mut f, "contact", "");
        press(&mut f.app, KeyCode::Right);
        ctrl(&mut f.app, 's');
        match f.app.popups.last() {
            Some(Popup::Deal(v)) => {
                assert_eq!(v.detail.deal.value, 1_800_000);
                assert_eq!(v.detail.deal.probability, Some(35));
            }
            other => panic!("back on the viewer: {other:?} {:?}", f.app.status),
        }
        let d = f.app.store.deal_detail(id).unwrap();
        let fields: Vec<DealField> = d.changes.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                DealField::Value,
                DealField::Probability,
                DealField::ExpectedCloseOn,
                DealField::NextStep,
                DealField::Contact
            ],
            "only what changed is on record (title and rank were not)"
        );
        assert_eq!(d.deal.contact_name.as_deref(), Some("山田 太郎"));
        let text = frame_text(&f.app, (120, 40));
        let (said, value) = if code == "ja" {
            ("商談を保存", "金額: 1,500,000円 → 1,800,000円")
        } else {
            ("Deal saved", "Value: ¥1,500,000 → ¥1,800,000")
        };
        assert!(text.contains(said), "{text}");
        assert!(text.contains(value), "the history lists the edit\n{text}");

        // The same form saved unchanged: said on the form, nothing written.
        press(&mut f.app, KeyCode::Char('e'));
        ctrl(&mut f.app, 's');
        assert!(matches!(f.app.popups.last(), Some(Popup::EditDeal(_))));
        assert_eq!(f.app.store.deal_detail(id).unwrap().changes.len(), 5);
        press(&mut f.app, KeyCode::Esc);

        // `e` on the Pipeline edits the selected deal too.
        press(&mut f.app, KeyCode::Esc);
        assert!(f.app.popups.is_empty());
        press(&mut f.app, KeyCode::Char('e'));
        assert!(matches!(f.app.popups.last(), Some(Popup::EditDeal(_))));
    }
}

#[test]
fn a_closed_deal_is_reached_from_the_pipeline_and_reopened() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = pipeline_fixture(lang);
        press(&mut f.app, KeyCode::Char('6'));
        let deal = f.app.pipeline.current().cloned().unwrap();
        // `o` on an open deal: says why nothing happens.
        press(&mut f.app, KeyCode::Enter);
        press(&mut f.app, KeyCode::Char('o'));
        assert!(matches!(f.app.popups.last(), Some(Popup::Deal(_))));
        let open_said = if code == "ja" { "進行中" } else { "open" };
        assert!(
            f.app
                .status
                .as_ref()
                .is_some_and(|s| s.text.contains(open_said)),
            "{:?}",
            f.app.status
        );
        // Won from the viewer; gone from the board.
        press(&mut f.app, KeyCode::Char('w'));
        ctrl(&mut f.app, 's');
        press(&mut f.app, KeyCode::Esc);
        assert!(f.app.popups.is_empty());
        let on_board = |f: &Fixture| {
            f.app
                .pipeline
                .columns()
                .iter()
                .any(|c| c.deals.iter().any(|d| d.deal.id == deal.id))
        };
        assert!(!on_board(&f));

        // `c`: the closed deals, the latest first; Enter opens one.
        press(&mut f.app, KeyCode::Char('c'));
        let t = snap!(sized("closed_deals", code, (80, 24)), &f.app);
        let text = rows(t.backend().buffer()).join("\n");
        assert!(text.contains("新製品ライン部品"), "{text}");
        press(&mut f.app, KeyCode::Enter);
        assert!(matches!(f.app.popups.last(), Some(Popup::Deal(_))));
        // `e` on a closed deal: refused, saying to reopen it first.
        press(&mut f.app, KeyCode::Char('e'));
        assert!(matches!(f.app.popups.last(), Some(Popup::Deal(_))));
        // `o`: asked first; `n` leaves it closed.
        press(&mut f.app, KeyCode::Char('o'));
        assert!(matches!(f.app.popups.last(), Some(Popup::Confirm(_))));
        snap!(sized("deal_reopen_confirm", code, (80, 24)), &f.app);
        press(&mut f.app, KeyCode::Char('n'));
        assert_eq!(f.app.store.deal(deal.id).unwrap().status, DealStatus::Won);
        press(&mut f.app, KeyCode::Char('o'));
        press(&mut f.app, KeyCode::Char('y'));
        assert_eq!(f.app.store.deal(deal.id).unwrap().status, DealStatus::Open);
        match f.app.popups.last() {
            Some(Popup::Deal(v)) => assert_eq!(v.detail.deal.status, DealStatus::Open),
            other => panic!("the viewer stays, showing it open: {other:?}"),
        }
        let text = frame_text(&f.app, (120, 40));
        let reopened = if code == "ja" {
            "状態: 受注 → 進行中"
        } else {
            "Status: won → open"
        };
        assert!(text.contains(reopened), "the history shows it\n{text}");
        // Back in its stage on the Pipeline; the closed list lets it go.
        press(&mut f.app, KeyCode::Esc);
        assert!(matches!(f.app.popups.last(), Some(Popup::ClosedDeals(_))));
        press(&mut f.app, KeyCode::Esc);
        assert!(f.app.popups.is_empty());
        assert!(on_board(&f), "back on the board");
    }
}
