//! App tests for insight: a real store in a temp file (demo data big
//! enough for the model to fit), actions in, state out.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};

use crate::app::{Action, App, Loaded, Popup, QuietSort, Screen, Section};
use crate::clock::Clock;
use crate::domain::triage::quiet_order;
use crate::i18n::{I18n, Lang};
use crate::store::Store;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
}

/// An App over `accounts` demo accounts, its insight computed once.
fn demo_app(accounts: usize) -> (tempfile::TempDir, App, Instant) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sb.db");
    let mut store = Store::open(&path).unwrap();
    crate::demo::generate(&mut store, accounts, 7, now()).unwrap();
    let mut app = App::new(store, Clock::fixed(now()), I18n::new(Lang::En)).unwrap();
    let t0 = Instant::now();
    assert!(
        app.insight.wanted,
        "the first computation is wanted at once"
    );
    app.compute_insight_now(t0);
    (dir, app, t0)
}

fn fitted_app() -> (tempfile::TempDir, App, Instant) {
    let (d, app, t0) = demo_app(200);
    let i = app.insight.current.as_ref().unwrap();
    assert!(
        i.fits.as_ref().is_some_and(|f| f.fitted()),
        "demo data should fit: {} customers, {} repeat, {:?}",
        i.customers,
        i.repeat_customers,
        i.fits.as_ref().map(|f| &f.bgnbd)
    );
    (d, app, t0)
}

fn clv(app: &App, id: i64) -> Option<f64> {
    app.insight.value_of(id).and_then(|v| v.clv)
}

#[test]
fn key_4_opens_reports_and_sections_cycle_both_ways() {
    let (_d, mut app, _) = demo_app(20);
    app.update(Action::Screen(Screen::Reports));
    assert_eq!(app.screen, Screen::Reports);
    assert_eq!(app.insight.section, Section::Segments);
    app.update(Action::NextField);
    assert_eq!(app.insight.section, Section::Funnel);
    app.update(Action::PrevField);
    app.update(Action::PrevField);
    assert_eq!(app.insight.section, Section::Top, "wraps round");
    app.update(Action::Screen(Screen::Quiet));
    assert_eq!(app.screen, Screen::Quiet);
}

#[test]
fn the_screen_says_computing_until_the_worker_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sb.db")).unwrap();
    crate::demo::generate(&mut store, 20, 7, now()).unwrap();
    let mut app = App::new(store, Clock::fixed(now()), I18n::new(Lang::En)).unwrap();
    let job = app.begin_insight(Instant::now());
    assert!(app.insight.computing && app.insight.current.is_none());
    assert!(job.fits.is_none(), "nothing cached: the first job fits");
    let result = job.run(&app.store);
    app.receive_insight(result);
    assert!(!app.insight.computing);
    assert!(app.insight.current.as_ref().unwrap().refitted);
}

#[test]
fn quiet_order_cycles_value_overdue_active_and_value_is_the_default() {
    let (_d, mut app, _) = fitted_app();
    app.update(Action::Screen(Screen::Quiet));
    assert_eq!(app.insight.quiet_sort(), QuietSort::Value);
    let items = &app.quiet.list.items;
    assert!(items.len() > 3);
    let values: Vec<f64> = items
        .iter()
        .filter_map(|q| clv(&app, q.account_id))
        .collect();
    assert!(
        values.windows(2).all(|w| w[0] >= w[1]),
        "by value: {values:?}"
    );
    app.update(Action::Down);
    app.update(Action::ToggleSort);
    assert_eq!(app.insight.quiet_sort(), QuietSort::Overdue);
    assert_eq!(app.quiet.list.selected, 0, "a new order starts at its top");
    let items = &app.quiet.list.items;
    assert!(items.windows(2).all(|w| quiet_order(&w[0], &w[1]).is_le()));
    app.update(Action::ToggleSort);
    assert_eq!(app.insight.quiet_sort(), QuietSort::Active);
    let p: Vec<f64> = app
        .quiet
        .list
        .items
        .iter()
        .filter_map(|q| app.insight.value_of(q.account_id).and_then(|v| v.p_alive))
        .collect();
    assert!(p.windows(2).all(|w| w[0] >= w[1]), "by P(active): {p:?}");
    app.update(Action::ToggleSort);
    assert_eq!(app.insight.quiet_sort(), QuietSort::Value);
}

#[test]
fn without_a_model_quiet_keeps_the_overdue_order_and_s_says_why() {
    let (_d, mut app, _) = demo_app(20);
    assert!(!app.insight.fitted());
    app.update(Action::Screen(Screen::Quiet));
    app.update(Action::ToggleSort);
    assert_eq!(app.insight.quiet_sort(), QuietSort::Overdue);
    assert_eq!(
        app.status.as_ref().map(|s| s.text.clone()),
        Some(app.i18n.t("insight.sort_needs_model"))
    );
    let items = &app.quiet.list.items;
    assert!(items.windows(2).all(|w| quiet_order(&w[0], &w[1]).is_le()));
}

#[test]
fn enter_and_f_on_the_top_list_act_on_the_selected_customer() {
    let (_d, mut app, _) = fitted_app();
    app.update(Action::Screen(Screen::Reports));
    app.update(Action::PrevField);
    assert_eq!(app.insight.section, Section::Top);
    assert!(app.insight.top.len() >= 2, "quiet customers with a value");
    let values: Vec<f64> = app.insight.top.iter().map(|t| t.clv).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]));
    // The same customers, in the same order, as the Quiet screen by value.
    let quiet: Vec<i64> = app.quiet.list.items.iter().map(|q| q.account_id).collect();
    let top: Vec<i64> = app.insight.top.iter().map(|t| t.account_id).collect();
    assert_eq!(top[..], quiet[..top.len()]);
    app.update(Action::Down);
    let second = app.insight.top[1].account_id;
    app.update(Action::Open);
    assert_eq!(app.screen, Screen::Account);
    assert_eq!(app.account.as_ref().unwrap().account.id, second);
    app.update(Action::Back);
    assert_eq!(app.screen, Screen::Reports);
    app.update(Action::ScheduleFollowUp);
    assert!(matches!(app.popups.last(), Some(Popup::FollowUp(p)) if p.account_id == second));
}

#[test]
fn an_own_order_recomputes_from_the_cached_fit_and_refits_after_a_minute() {
    let (_d, mut app, t0) = fitted_app();
    let id = app.insight.top[0].account_id;
    let before = app.insight.current.as_ref().unwrap().facts[&id];
    assert!(!app.insight.wanted);
    app.store
        .add_order(id, now() - chrono::Duration::hours(1), 5_000, "", now())
        .unwrap();
    app.refresh_account(id);
    assert!(app.insight.wanted, "an own write asks for a recomputation");
    app.compute_insight_now(t0 + Duration::from_secs(10));
    let i = app.insight.current.as_ref().unwrap();
    assert!(!i.refitted, "within a minute the fit is reused");
    assert_eq!(i.facts[&id].purchase_days, before.purchase_days + 1);
    assert_eq!(i.facts[&id].total_spend, before.total_spend + 5_000);
    // The fit itself is redone once a minute old, without another write.
    app.tick(t0 + Duration::from_secs(30));
    assert!(!app.insight.wanted);
    app.tick(t0 + Duration::from_secs(61));
    assert!(app.insight.wanted, "a refit is due after a minute");
    let job = app.begin_insight(t0 + Duration::from_secs(61));
    assert!(job.fits.is_none(), "fit again");
    assert!(job.warm_start.is_some(), "starting from the last fit");
    let result = job.run(&app.store);
    app.receive_insight(result);
    assert!(app.insight.current.as_ref().unwrap().refitted);
    assert!(app.insight.fitted());
}

#[test]
fn another_process_order_is_picked_up_through_the_reload() {
    let (d, mut app, t0) = fitted_app();
    let id = app.insight.top[0].account_id;
    let before = app.insight.current.as_ref().unwrap().facts[&id];
    let mut other = Store::open(&d.path().join("sb.db")).unwrap();
    other
        .add_order(id, now() - chrono::Duration::hours(2), 7_000, "", now())
        .unwrap();
    app.tick(t0 + Duration::from_secs(1));
    assert!(app.reload_wanted, "data_version moved");
    app.begin_reload();
    let loaded = Loaded::read(&app.store, now(), app.config.default_interval_days).unwrap();
    app.receive(loaded);
    assert!(app.insight.wanted);
    app.compute_insight_now(t0 + Duration::from_secs(2));
    let after = app.insight.current.as_ref().unwrap().facts[&id];
    assert_eq!(after.total_spend, before.total_spend + 7_000);
}

#[test]
fn the_worker_answers_first_without_the_model_then_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sb.db");
    let mut store = Store::open(&path).unwrap();
    crate::demo::generate(&mut store, 200, 7, now()).unwrap();
    let mut app = App::new(store, Clock::fixed(now()), I18n::new(Lang::En)).unwrap();
    let zone = app.store.zone();
    let rx = app.begin_insight(Instant::now()).spawn(path.clone(), zone);
    let first = rx.recv().unwrap().unwrap();
    assert!(first.fitting && !first.refitted);
    assert!(first.fits.is_none(), "no earlier fit to show meanwhile");
    assert!(first.customers > 0 && !first.segments.is_empty() && !first.cohorts.is_empty());
    app.receive_insight(Ok(first));
    assert!(app.insight.computing, "the whole result is still to come");
    assert!(!app.insight.fitted());
    let second = rx.recv().unwrap().unwrap();
    assert!(!second.fitting && second.refitted);
    app.receive_insight(Ok(second));
    assert!(!app.insight.computing && app.insight.fitted());
    assert!(rx.recv().is_err(), "two answers, then the worker is done");
    // A refit shows the previous fit meanwhile.
    app.insight.fitted_at = None;
    let rx = app.begin_insight(Instant::now()).spawn(path, zone);
    let first = rx.recv().unwrap().unwrap();
    assert!(first.fitting);
    assert_eq!(first.fits, app.insight.current.as_ref().unwrap().fits);
}

#[test]
fn update_keeps_the_top_list_selection_in_view() {
    let (_d, mut app, _) = fitted_app();
    app.update(Action::Screen(Screen::Reports));
    app.update(Action::PrevField);
    app.page_rows = 2;
    let n = app.insight.top.len();
    assert!(n >= 4, "enough to scroll: {n}");
    app.update(Action::Down);
    assert_eq!((app.insight.selected, app.insight.offset), (1, 0));
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!((app.insight.selected, app.insight.offset), (3, 2));
    app.update(Action::Up);
    app.update(Action::Up);
    assert_eq!((app.insight.selected, app.insight.offset), (1, 1));
    app.update(Action::Bottom);
    assert_eq!(app.insight.offset, n - 2);
    // Another section starts at its top.
    app.update(Action::NextField);
    assert_eq!((app.insight.selected, app.insight.offset), (0, 0));
}
