//! Contact plans from the TUI (`P`): create one with steps typed one per
//! line (kinds in the operator's words), see a bad line refused at its
//! line in the operator's language, and edit a plan on file — its earlier
//! steps and every change stay on record.

use crossterm::event::{KeyCode, KeyModifiers};

use salesbench::app::{App, Popup};
use salesbench::domain::model::ConversationKind;

use crate::common::screen;
use crate::tui_snapshots::fixture;
use fixture::*;
use screen::*;

fn save(app: &mut App) {
    press_key(app, key(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

fn newline(app: &mut App) {
    press(app, KeyCode::Enter);
}

fn error_of(app: &App, field: &str) -> Option<String> {
    let form = app.popups.last()?.form()?;
    form.errors.get(field).map(|e| e.text(&app.i18n))
}

#[test]
fn plans_are_made_and_edited_in_the_tui() {
    utc_zone();
    for (lang, tag) in LANGS {
        let mut f = fixture(lang);
        press(&mut f.app, KeyCode::Char('1'));
        press(&mut f.app, KeyCode::Char('P'));
        assert!(matches!(f.app.popups.last(), Some(Popup::Plans(_))));
        // No plan yet: the form starts on the name.
        type_str(&mut f.app, "新規フォロー");
        press(&mut f.app, KeyCode::Tab);
        press(&mut f.app, KeyCode::Right);
        press(&mut f.app, KeyCode::Tab);
        let email = if tag == "ja" { "メール" } else { "email" };
        type_str(&mut f.app, "3:お礼の電話");
        newline(&mut f.app);
        type_str(&mut f.app, &format!("14:{email}:使い心地の確認"));
        newline(&mut f.app);
        type_str(&mut f.app, "三十:詰め替えのご案内");
        snap!(&format!("plans_form_{tag}"), &f.app);
        save(&mut f.app);
        let err = error_of(&f.app, "steps").expect("the bad line is refused");
        let want = if tag == "ja" {
            "3行目: 三十 は日数（整数）ではありません"
        } else {
            "line 3: 三十 is not a whole number of days"
        };
        assert_eq!(err, want);
        assert!(f.app.store.plans().unwrap().is_empty(), "nothing written");
        for _ in 0.."三十".chars().count() {
            press(&mut f.app, KeyCode::Home);
        }
        press(&mut f.app, KeyCode::Delete);
        press(&mut f.app, KeyCode::Delete);
        type_str(&mut f.app, "30");
        save(&mut f.app);
        assert!(f.app.popups.is_empty(), "{:?}", error_of(&f.app, "steps"));
        let plans = f.app.store.plans().unwrap();
        assert_eq!(plans.len(), 1);
        let p = &plans[0];
        assert!(p.auto_on_first_order);
        let steps: Vec<(u32, ConversationKind)> =
            p.steps.iter().map(|s| (s.offset_days, s.kind)).collect();
        assert_eq!(
            steps,
            [
                (3, ConversationKind::Call),
                (14, ConversationKind::Email),
                (30, ConversationKind::Call)
            ]
        );

        // Edit it: choose it, change the name and drop a step.
        press(&mut f.app, KeyCode::Char('P'));
        press(&mut f.app, KeyCode::Right);
        let form = f.app.popups.last().unwrap().form().unwrap();
        assert_eq!(form.value("name"), "新規フォロー");
        assert!(form
            .value("steps")
            .contains(&format!("14:{email}:使い心地の確認")));
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, "（改）");
        press(&mut f.app, KeyCode::Tab);
        press(&mut f.app, KeyCode::Tab);
        // The steps field: remove the last line.
        press_key(&mut f.app, key(KeyCode::End, KeyModifiers::CONTROL));
        let call = if tag == "ja" { "電話" } else { "call" };
        let last = format!("30:{call}:詰め替えのご案内");
        for _ in 0..last.chars().count() + 1 {
            press(&mut f.app, KeyCode::Backspace);
        }
        save(&mut f.app);
        assert!(f.app.popups.is_empty(), "{:?}", error_of(&f.app, "steps"));
        let p = &f.app.store.plans().unwrap()[0];
        assert_eq!(p.name, "新規フォロー（改）");
        assert_eq!(p.steps.len(), 2, "{:?}", p.steps);
        let changes = f.app.store.plan_changes(p.id).unwrap();
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["name", "steps"]);
        assert!(
            changes[1].old.contains("30:call:詰め替えのご案内"),
            "{changes:?}"
        );
    }
}
