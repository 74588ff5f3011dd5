//! The Pipeline screen (`6`): one column per open stage with its totals,
//! deals most promising first, rotting and overdue deals marked with a
//! word; `h`/`l` move between columns and `>` / `<` move a deal to the
//! next / previous stage, on record. 80x24 and 120x40, both languages.

use crossterm::event::KeyCode;

use salesbench::app::Screen;

use crate::common::pipeline;
use crate::common::screen;
use crate::tui_triage::fixture;
use fixture::*;
use pipeline::pipeline_fixture;
use screen::*;

#[test]
fn pipeline_in_both_languages_and_sizes() {
    utc_zone();
    for (lang, code) in LANGS {
        for size in [(80, 24), (120, 40)] {
            let mut f = pipeline_fixture(lang);
            press(&mut f.app, KeyCode::Char('6'));
            assert_eq!(f.app.screen, Screen::Pipeline);
            let t = snap!(sized("pipeline", code, size), &f.app, size.0, size.1);
            let text = rows(t.backend().buffer()).join("\n");
            let (rotting, overdue) = if code == "ja" {
                ("放置", "期日超過")
            } else {
                ("rotting", "overdue")
            };
            assert!(text.contains(rotting), "the month-old lead rots\n{text}");
            if size.0 >= 120 {
                assert!(text.contains(overdue), "the quote is overdue\n{text}");
            }
        }
    }
}

#[test]
fn deals_move_through_the_stages_on_record() {
    utc_zone();
    let mut f = pipeline_fixture(salesbench::i18n::Lang::Ja);
    press(&mut f.app, KeyCode::Char('6'));
    // Most promising first: the A-rank lead.
    let first = f.app.pipeline.current().cloned().unwrap();
    assert_eq!(first.title, "新製品ライン部品");
    press(&mut f.app, KeyCode::Char('>'));
    let moved = f.app.store.deal(first.id).unwrap();
    assert_eq!(moved.stage, "proposal");
    assert_eq!(f.app.pipeline.column, 1, "the cursor follows the deal");
    assert_eq!(f.app.pipeline.current().map(|d| d.id), Some(first.id));
    press(&mut f.app, KeyCode::Char('<'));
    assert_eq!(f.app.store.deal(first.id).unwrap().stage, "lead");
    let detail = f.app.store.deal_detail(first.id).unwrap();
    assert!(
        detail.changes.len() >= 2,
        "both moves on record: {:?}",
        detail.changes
    );
    // l / h move between columns.
    press(&mut f.app, KeyCode::Char('l'));
    press(&mut f.app, KeyCode::Char('l'));
    assert_eq!(
        f.app.pipeline.current().map(|d| d.title.as_str()),
        Some("Q1 pallets")
    );
    // Enter opens the deal; Enter again, its account.
    press(&mut f.app, KeyCode::Enter);
    assert!(matches!(
        f.app.popups.last(),
        Some(salesbench::app::Popup::Deal(_))
    ));
    press(&mut f.app, KeyCode::Enter);
    assert!(f.app.popups.is_empty());
    assert_eq!(f.app.screen, Screen::Account);
    assert_eq!(f.app.account.as_ref().unwrap().account.name, GLOBEX);
}

#[test]
fn a_deal_is_made_won_with_its_order_and_another_lost() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = pipeline_fixture(lang);
        press(&mut f.app, KeyCode::Char('6'));
        // n: a new deal for an account typed by name.
        press(&mut f.app, KeyCode::Char('n'));
        type_str(&mut f.app, TANAKA);
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, "カタログ一式");
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, "120000");
        snap!(sized("pipeline_new_deal", code, (80, 24)), &f.app);
        ctrl(&mut f.app, 's');
        assert!(f.app.popups.is_empty(), "{:?}", f.app.status);
        let tanaka = f.app.store.resolve_account(TANAKA).unwrap();
        let deal = f
            .app
            .pipeline
            .columns()
            .iter()
            .flat_map(|c| c.deals.iter().map(|d| &d.deal))
            .find(|d| d.title == "カタログ一式")
            .cloned()
            .expect("the new deal is in the pipeline");
        assert_eq!(
            (deal.account_id, deal.value, deal.stage.as_str()),
            (tanaka, 120_000, "lead")
        );

        // w on it: won, the order recorded with the deal's value, today.
        let orders_before = f.app.store.orders(tanaka).unwrap().len();
        while f.app.pipeline.current().map(|d| d.id) != Some(deal.id) {
            press(&mut f.app, KeyCode::Char('j'));
        }
        press(&mut f.app, KeyCode::Char('w'));
        snap!(sized("pipeline_won", code, (80, 24)), &f.app);
        ctrl(&mut f.app, 's');
        assert!(f.app.popups.is_empty(), "{:?}", f.app.status);
        let orders = f.app.store.orders(tanaka).unwrap();
        assert_eq!(
            orders.len(),
            orders_before + 1,
            "the won deal is a purchase"
        );
        assert_eq!(orders.last().map(|o| o.amount), Some(120_000));
        assert!(f
            .app
            .pipeline
            .columns()
            .iter()
            .all(|c| c.deals.iter().all(|d| d.deal.id != deal.id)));

        // L on the selected one: lost, with the reason chosen.
        let lost = f.app.pipeline.current().cloned().unwrap();
        press(&mut f.app, KeyCode::Char('L'));
        press(&mut f.app, KeyCode::Right);
        press(&mut f.app, KeyCode::Tab);
        type_str(&mut f.app, "来年度に延期");
        ctrl(&mut f.app, 's');
        let d = f.app.store.deal(lost.id).unwrap();
        assert_eq!(d.status, salesbench::domain::deals::DealStatus::Lost);
        assert_eq!(
            d.lost_reason,
            Some(salesbench::domain::deals::LostReason::Timing)
        );
    }
}

#[test]
fn enter_opens_the_deal_with_its_history() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = pipeline_fixture(lang);
        press(&mut f.app, KeyCode::Char('6'));
        press(&mut f.app, KeyCode::Char('>'));
        press(&mut f.app, KeyCode::Enter);
        snap!(sized("pipeline_deal", code, (120, 40)), &f.app, 120, 40);
        let t = snap!(sized("pipeline_deal", code, (80, 24)), &f.app);
        let text = rows(t.backend().buffer()).join("\n");
        assert!(text.contains("新製品ライン部品"), "{text}");
        let moved = if code == "ja" {
            "見込み → 提案"
        } else {
            "Lead → Proposal"
        };
        assert!(text.contains(moved), "the move on record\n{text}");
        press(&mut f.app, KeyCode::Char('w'));
        press_key(
            &mut f.app,
            key(KeyCode::Char('s'), crossterm::event::KeyModifiers::CONTROL),
        );
        // Back on the viewer, now won.
        match f.app.popups.last() {
            Some(salesbench::app::Popup::Deal(v)) => assert_eq!(
                v.detail.deal.status,
                salesbench::domain::deals::DealStatus::Won
            ),
            other => panic!("the viewer stays, showing the deal won: {other:?}"),
        }
        press(&mut f.app, KeyCode::Esc);
        assert!(f.app.popups.is_empty());
    }
}

#[test]
fn the_account_header_shows_its_open_deals() {
    utc_zone();
    let mut f = pipeline_fixture(salesbench::i18n::Lang::Ja);
    let yamada = f.app.store.resolve_account(YAMADA).unwrap();
    f.app.open_account(yamada);
    let text = rows(&frame(&f.app, 80, 24)).join("\n");
    // Two open deals: 1,500,000円 at 10% and 300,000円 at 70%.
    assert!(
        text.contains("商談 進行中2件 · 加重 360,000円 · 新製品ライン部品（見込み、1,500,000円）"),
        "{text}"
    );
    // d adds one for this account, the account already filled in.
    press(&mut f.app, KeyCode::Char('d'));
    let form = f.app.popups.last().unwrap().form().unwrap();
    assert_eq!(form.value("account"), YAMADA);
    assert_eq!(form.focused_name(), "title");
}

#[test]
fn overdue_and_rotting_deals_join_today_after_the_overdue_follow_ups() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = pipeline_fixture(lang);
        press(&mut f.app, KeyCode::Char('2'));
        let kinds: Vec<String> = f
            .app
            .today
            .list
            .items
            .iter()
            .map(|i| match i {
                salesbench::domain::triage::TodayItem::FollowUp { overdue_days, .. } => {
                    if *overdue_days > 0 { "late" } else { "today" }.to_string()
                }
                salesbench::domain::triage::TodayItem::Deal { deal, .. } => deal.title.clone(),
                salesbench::domain::triage::TodayItem::Quiet(_) => "quiet".to_string(),
            })
            .collect();
        // Q1 pallets: close date 8 days past (and untouched 22 days);
        // Support renewal: untouched 44 days. The A-rank lead is fresh.
        assert_eq!(
            kinds[..6],
            [
                "late",
                "late",
                "Q1 pallets",
                "Support renewal",
                "today",
                "today"
            ],
            "{kinds:?}"
        );
        let text = rows(&frame(&f.app, 80, 24)).join("\n");
        let why = if code == "ja" {
            "期日8日超過"
        } else {
            "close 8d late"
        };
        assert!(text.contains(why), "{text}");
        // The CLI's queue is the same one.
        let now = f.app.now();
        let (items, _) = f.app.store.today(now, 30).unwrap();
        assert!(items
            .iter()
            .any(|i| matches!(i, salesbench::domain::triage::TodayItem::Deal { .. })));
    }
}

#[test]
fn a_conversation_logged_against_a_deal_stops_it_rotting() {
    utc_zone();
    let mut f = pipeline_fixture(salesbench::i18n::Lang::Ja);
    let acme = f.app.store.resolve_account(ACME).unwrap();
    f.app.open_account(acme);
    press(&mut f.app, KeyCode::Char('l'));
    type_str(&mut f.app, "更新の件で電話");
    for _ in 0..10 {
        let form = f.app.popups.last().unwrap().form().unwrap();
        if form.focused_name() == "deal" {
            break;
        }
        press(&mut f.app, KeyCode::Tab);
    }
    press(&mut f.app, KeyCode::Right);
    let form = f.app.popups.last().unwrap().form().unwrap();
    assert_eq!(form.focused_name(), "deal", "the log form offers the deal");
    ctrl(&mut f.app, 's');
    assert!(f.app.popups.is_empty(), "{:?}", f.app.status);
    let deal = f
        .app
        .store
        .deals(&salesbench::domain::deals::DealFilter::open(), f.app.now())
        .unwrap()
        .into_iter()
        .find(|d| d.title == "Support renewal")
        .unwrap();
    let detail = f.app.store.deal_detail(deal.id).unwrap();
    assert_eq!(detail.conversations.len(), 1);
    assert!(!deal.rotting(f.app.store.pipeline(), f.app.now()));
    press(&mut f.app, KeyCode::Char('2'));
    assert!(!f.app.today.list.items.iter().any(|i| matches!(
        i,
        salesbench::domain::triage::TodayItem::Deal { deal: d, .. } if d.id == deal.id
    )));
}

#[test]
fn the_forecast_shows_on_reports() {
    utc_zone();
    for (lang, code) in LANGS {
        let mut f = pipeline_fixture(lang);
        press(&mut f.app, KeyCode::Char('4'));
        f.app.compute_insight_now(std::time::Instant::now());
        while f.app.insight.section != salesbench::app::Section::Forecast {
            press(&mut f.app, KeyCode::Tab);
        }
        let months: Vec<(String, i64, i64)> = f
            .app
            .insight
            .current
            .as_ref()
            .unwrap()
            .forecast
            .iter()
            .map(|m| (m.month.clone(), m.open_value, m.weighted_value))
            .collect();
        // Q1 pallets (close Nov, 50%); 新製品 (Dec, 10%) and 保守契約
        // (Dec, 70%); Support renewal has no close date.
        assert_eq!(
            months,
            [
                ("2026-11".to_string(), 900_000, 450_000),
                ("2026-12".to_string(), 1_800_000, 360_000)
            ]
        );
        snap!(sized("reports_forecast", code, (80, 24)), &f.app);
    }
}
