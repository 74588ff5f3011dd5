//! The order viewer: an edited, voided order from the fixture's timeline.

use crossterm::event::KeyCode;

use super::fixture::*;
use super::screen::*;
use super::{snap, LANGS};
use salesbench::domain::model::{OrderChange, TimelineEntry};

/// 株式会社山田製作所's ¥1,250,000 order (second in its timeline), edited
/// twice, voided, restored and voided again; the viewer open on it.
fn corrected_order(f: &mut Fixture) {
    open_account(&mut f.app, "株式会社山田製作所");
    let v = f.app.account.as_ref().unwrap();
    let (account, id) = match &v.timeline[1] {
        TimelineEntry::Order(o) => (v.account.id, o.id),
        other => panic!("the fixture's second entry is an order: {other:?}"),
    };
    let s = &mut f.app.store;
    let change = |amount, note: &str| OrderChange {
        amount: Some(amount),
        note: Some(note.into()),
        ..Default::default()
    };
    s.edit_order(id, &change(1_200_000, "部品 A-200 × 480"), at(11, 19, 9, 0))
        .unwrap();
    s.edit_order(
        id,
        &change(1_150_000, "部品 A-200 × 460"),
        at(11, 20, 10, 30),
    )
    .unwrap();
    s.void_order(id, "二重登録", at(11, 21, 8, 0)).unwrap();
    s.restore_order(id, at(11, 21, 8, 5)).unwrap();
    s.void_order(id, "先方キャンセル", at(11, 22, 17, 45))
        .unwrap();
    f.app.open_account(account);
    press(&mut f.app, KeyCode::Char('j'));
    press(&mut f.app, KeyCode::Enter);
}

#[test]
fn order_viewer() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        corrected_order(&mut f);
        assert_eq!(f.app.popups.len(), 1);
        snap(&format!("order_viewer_{tag}_80x24"), &f.app, 80, 24);
    }
}

#[test]
fn order_void_form() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        open_account(&mut f.app, "株式会社山田製作所");
        press(&mut f.app, KeyCode::Char('j'));
        press(&mut f.app, KeyCode::Enter);
        press(&mut f.app, KeyCode::Char('x'));
        snap(&format!("order_void_form_{tag}_80x24"), &f.app, 80, 24);
    }
}
