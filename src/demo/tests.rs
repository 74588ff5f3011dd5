//! Demo generator tests on real SQLite files in a temp dir.

use super::*;
use crate::domain::interval::{days_silent, expected_interval};
use crate::domain::model::{Account, AccountFields};
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap()
}

fn demo(accounts: usize, seed: u64) -> (tempfile::TempDir, Store, GenerateSummary) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let summary = generate(&mut store, accounts, seed, now()).unwrap();
    (dir, store, summary)
}

fn by_id(store: &Store) -> Vec<Account> {
    let mut all = store.accounts(true).unwrap();
    all.sort_by_key(|a| a.id);
    all
}

#[test]
fn word_lists_load() {
    let w = words::Words::load().unwrap();
    assert!(w.ja.surnames.len() > 50 && w.en.surnames.len() > 50);
    assert!(w.ja.templates.len() > 10 && w.en.templates.len() > 10);
    assert!(w.products.iter().all(|p| p.price > 0 && p.price <= 500_000));
}

#[test]
fn same_seed_same_accounts_other_seed_other_accounts() {
    let (_d1, s1, sum1) = demo(120, 7);
    let (_d2, s2, sum2) = demo(120, 7);
    let (_d3, s3, _) = demo(120, 8);
    assert_eq!(sum1, sum2);
    let names = |s: &Store| {
        by_id(s)
            .into_iter()
            .map(|a| (a.name, a.code, a.last_touch_at))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&s1), names(&s2));
    assert_ne!(names(&s1), names(&s3));
    // Per-account streams: a smaller run is a prefix of a bigger one.
    let (_d4, s4, _) = demo(30, 7);
    assert_eq!(names(&s4)[..], names(&s1)[..30]);
}

#[test]
fn counts_are_roughly_as_asked() {
    let (_d, store, sum) = demo(400, 3);
    assert_eq!(sum.accounts, 400);
    assert_eq!(store.accounts(true).unwrap().len(), 400);
    let per = |n: usize| n as f64 / 400.0;
    assert!((8.5..=11.5).contains(&per(sum.conversations)), "{sum:?}");
    assert!((2.3..=3.8).contains(&per(sum.orders)), "{sum:?}");
    assert!(sum.contacts > 100, "{sum:?}");
    assert!(sum.edited >= 3 && sum.retracted >= 1, "{sum:?}");
    assert!(
        sum.open_follow_ups > 40 && sum.lapse_reasons > 10,
        "{sum:?}"
    );
}

#[test]
fn every_account_is_valid_and_the_mix_is_realistic() {
    let (_d, store, _) = demo(300, 11);
    let all = by_id(&store);
    let mut japanese = 0;
    let mut persons = 0;
    let mut customers = 0;
    for a in &all {
        let f: AccountFields = a.fields().normalised();
        assert_eq!(f.validate(), Ok(()), "{a:?}");
        assert_eq!(f, a.fields(), "stored fields are already normalised: {a:?}");
        if a.reading.is_some() {
            japanese += 1;
            let reading = a.reading.as_deref().unwrap();
            assert!(
                reading
                    .chars()
                    .all(|c| ('ぁ'..='ゖ').contains(&c) || c == 'ー' || c == ' '),
                "{reading}"
            );
        }
        persons += usize::from(a.kind == AccountKind::Person);
        customers += usize::from(a.status == Status::Customer);
        if let Some(code) = &a.code {
            assert!(code.len() == 7 && code.starts_with('C'), "{code}");
        }
    }
    assert!((100..=200).contains(&japanese), "{japanese}");
    assert!((60..=150).contains(&persons), "{persons}");
    assert!(customers > 150, "{customers}");
    assert!(all.iter().any(|a| a.status == Status::Lost));
    assert!(all.iter().any(|a| a.status == Status::Prospect));
}

#[test]
fn some_customers_are_current_and_some_have_gone_quiet() {
    let (_d, store, _) = demo(DEMO_TUI_ACCOUNTS, 1);
    let mut quiet = 0;
    let mut current = 0;
    for a in by_id(&store)
        .iter()
        .filter(|a| a.status == Status::Customer)
    {
        let last = a.last_touch_at.unwrap();
        assert!(last < now(), "{a:?}");
        let (expected, _) = expected_interval(a.interval_days, a.learned_interval_days, 30);
        let silent = days_silent(last, now()) as f64;
        if silent > 2.0 * expected {
            quiet += 1;
        } else if silent <= expected {
            current += 1;
        }
    }
    assert!(
        quiet >= 3 && current >= 10,
        "quiet {quiet}, current {current}"
    );
}

#[test]
fn history_features_show_in_the_tui_demo() {
    let (_d, store, sum) = demo(DEMO_TUI_ACCOUNTS, 1);
    assert!(
        sum.edited >= 3 && (1..=3).contains(&sum.retracted),
        "{sum:?}"
    );
    let first = sum.first_account_id.unwrap();
    let conversations = |id| {
        store
            .timeline(id)
            .unwrap()
            .into_iter()
            .filter_map(|e| match e {
                crate::domain::model::TimelineEntry::Conversation(c) => Some(c),
                crate::domain::model::TimelineEntry::Order(_) => None,
            })
            .collect::<Vec<_>>()
    };
    assert!(conversations(first).iter().any(|c| c.edited()));
    let second = conversations(first + 1);
    assert!(
        second.iter().any(|c| c.retracted.is_some()),
        "one is retracted"
    );
    assert!(second
        .iter()
        .all(|c| c.happened_at <= now() && c.logged_at <= now()));
    // Today has follow-ups due, some of them overdue.
    let today = now().date_naive();
    let due = store.follow_ups_due(today).unwrap();
    assert!(due.len() >= 3, "{due:?}");
    assert!(due.iter().any(|f| f.due_on < today), "{due:?}");
}

#[test]
fn generating_again_adds_after_existing_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let mine = AccountFields {
        name: "手入力の顧客".into(),
        code: Some("C000500".into()),
        ..Default::default()
    };
    let mine_id = store.add_account(&mine, now()).unwrap();
    let first = generate(&mut store, 20, 5, now()).unwrap();
    let second = generate(&mut store, 20, 5, now()).unwrap();
    assert_eq!(first.first_account_id, Some(mine_id + 1));
    assert_eq!(second.first_account_id, Some(mine_id + 21));
    let all = by_id(&store);
    assert_eq!(all.len(), 41);
    assert_eq!(all[0].name, "手入力の顧客");
    assert_eq!(all[1].name, all[21].name, "same seed, same names");
    let mut codes: Vec<&str> = all.iter().filter_map(|a| a.code.as_deref()).collect();
    assert!(codes[1..].iter().all(|c| *c > "C000500"), "{codes:?}");
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n, "codes stay unique");
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// `--demo` used `$TMPDIR/salesbench-demo-<pid>`: a link planted at that
/// name sent the demo (and its clean-up) into someone's real data. The
/// folder is now new, random, private and never a link; dropping it
/// removes it.
#[cfg(unix)]
#[test]
fn the_demo_folder_is_new_private_and_random_and_goes_when_dropped() {
    use std::os::unix::fs::PermissionsExt;
    let (a, db_a) = super::temp_database().unwrap();
    let (b, _) = super::temp_database().unwrap();
    assert_ne!(a.path(), b.path(), "two runs, two folders");
    let name = a.path().file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("salesbench-demo-"), "{name}");
    assert_ne!(name, format!("salesbench-demo-{}", std::process::id()));
    let meta = std::fs::symlink_metadata(a.path()).unwrap();
    assert!(meta.is_dir() && !meta.file_type().is_symlink());
    assert_eq!(meta.permissions().mode() & 0o777, 0o700);
    assert_eq!(db_a, a.path().join("salesbench.db"));
    assert!(
        !db_a.exists(),
        "the database is left to the store to create"
    );
    std::fs::write(&db_a, "x").unwrap();
    let dir = a.path().to_path_buf();
    drop(a);
    assert!(!dir.exists(), "the folder outlived the demo");
}

#[test]
fn buying_patterns_give_every_report_something_to_show() {
    use crate::domain::insight::rfm::{rfm, Scoring, Segment};
    use crate::domain::insight::winback::winback;
    use crate::domain::zone::Zone;
    let (_d, store, _) = demo(600, 1);
    let today = store.local_day(now());
    let customers = store.customer_purchases().unwrap();
    let rows = rfm(&customers, today, Scoring::Quintiles);
    for s in Segment::ALL {
        assert!(rows.iter().any(|r| r.segment == s), "nobody in {s:?}");
    }
    let n = rows.len() as f64;
    let share = |f: &dyn Fn(&crate::domain::insight::rfm::RfmRow) -> bool| {
        rows.iter().filter(|r| f(r)).count() as f64 / n
    };
    let once = share(&|r| r.frequency == 1);
    let loyal = share(&|r| r.frequency >= 5);
    let lapsed = share(&|r| r.recency_days > 180);
    assert!(once >= 0.3, "one-time buyers {once}");
    assert!(loyal >= 0.1, "loyal {loyal}");
    assert!(lapsed >= 0.1, "lapsed {lapsed}");
    let until = store.zone().day_start(today + Duration::days(1)).unwrap();
    let back = winback(&store.winback_histories().unwrap(), until, 30);
    for row in &back {
        assert!(
            row.contacted >= 3 && row.won_back >= 1 && row.won_back < row.contacted,
            "{row:?}"
        );
    }
}

/// The TUI demo has enough buying history for the customer model, so the
/// Reports and Quiet screens show what it adds (not "too little history").
#[test]
fn the_tui_demo_is_enough_for_the_customer_model() {
    use crate::domain::insight::clv::{analyse, ValueParams};
    let (_d, store, _) = demo(DEMO_TUI_ACCOUNTS, 1);
    let customers = store.customer_purchases().unwrap();
    let analysis = analyse(&customers, store.local_day(now()), ValueParams::default());
    assert!(analysis.bgnbd.is_ok(), "{:?}", analysis.bgnbd);
    assert!(analysis.gamma_gamma.is_ok(), "{:?}", analysis.gamma_gamma);
}

#[test]
fn the_demo_has_a_pipeline_in_every_state_with_some_rotting() {
    use crate::domain::deals::{DealFilter, DealStatus};
    let (_d, store, summary) = demo(DEMO_TUI_ACCOUNTS, 1);
    let c = summary.deals;
    assert!(c.open >= 200 && c.won >= 150 && c.lost >= 100, "{c:?}");
    let all = store.deals(&DealFilter::default(), now()).unwrap();
    assert_eq!(all.len(), c.open + c.won + c.lost);
    let count = |s: DealStatus| all.iter().filter(|d| d.status == s).count();
    assert_eq!(
        (count(DealStatus::Open), count(DealStatus::Won)),
        (c.open, c.won)
    );
    let board = store.pipeline_board(now()).unwrap();
    for column in &board.columns {
        assert!(!column.deals.is_empty(), "no deal in {}", column.stage.key);
    }
    let rotting = board
        .columns
        .iter()
        .flat_map(|c| &c.deals)
        .filter(|d| d.rotting)
        .count();
    assert!(rotting > 10 && rotting < c.open, "{rotting} of {}", c.open);
    let linked: usize = all
        .iter()
        .map(|d| store.deal_detail(d.id).unwrap().conversations.len())
        .sum();
    assert!(linked > 100, "{linked}");
    let moved = all.iter().filter(|d| d.stage != "lead").count();
    assert!(moved > 100, "{moved}");
}
