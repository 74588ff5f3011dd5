//! Imports and the demo's generator record their events set by set at
//! the end (not row by row): what another replica takes in must be the
//! same book, with updates of customers that were already there sent as
//! changes (merged field by field, conflicts found), and a rolled-back
//! import leaving no event behind.

use chrono::{DateTime, Duration, TimeZone, Utc};
use salesbench::domain::model::AccountFields;
use salesbench::import::{import_file, EncodingChoice, Options, Target};
use salesbench::store::Store;

use crate::common::memory_server;
use memory_server::Server;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap()
}

fn import(s: &mut Store, target: Target, dir: &std::path::Path, csv: &str, dry: bool) {
    let file = dir.join("in.csv");
    std::fs::write(&file, csv).unwrap();
    let opts = Options {
        target,
        file,
        encoding: EncodingChoice::Auto,
        maps: Vec::new(),
        dry_run: dry,
        rejects: None,
        create_missing: false,
        progress: false,
        lang: salesbench::i18n::Lang::En,
    };
    import_file(
        s,
        &opts,
        t0() + Duration::days(1),
        chrono::FixedOffset::east_opt(9 * 3600).unwrap(),
    )
    .unwrap();
}

#[test]
fn an_import_reaches_the_other_replicas_as_the_same_book() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(&dir.path().join("a.db")).unwrap();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    let mut server = Server::default();
    let f = AccountFields {
        name: "山田商店".into(),
        code: Some("C-1".into()),
        phone: Some("03-0000-0000".into()),
        ..Default::default()
    };
    let yamada = a.add_account(&f, t0()).unwrap();
    a.add_plan(
        "welcome",
        &[salesbench::domain::triage::PlanStep::parse("7:お礼の電話").unwrap()],
        true,
        t0(),
    )
    .unwrap();
    server.sync(&mut a);
    server.sync(&mut b);
    // b changes the phone while a imports a new one for the same customer.
    let mut fb = f.clone();
    fb.phone = Some("03-2222-2222".into());
    b.update_account(yamada, &fb, t0() + Duration::hours(1))
        .unwrap();

    let before = a.replica_state().unwrap().seq;
    import(
        &mut a,
        Target::Accounts,
        dir.path(),
        "code,name,phone\nC-1,山田商店,03-1111-1111\nC-2,佐藤工務店,03-3333-3333\nC-3,鈴木精肉店,\n",
        true,
    );
    assert_eq!(
        a.replica_state().unwrap().seq,
        before,
        "a dry run leaves no event"
    );
    import(
        &mut a,
        Target::Accounts,
        dir.path(),
        "code,name,phone\nC-1,山田商店,03-1111-1111\nC-2,佐藤工務店,03-3333-3333\nC-3,鈴木精肉店,\n",
        false,
    );
    import(
        &mut a,
        Target::Orders,
        dir.path(),
        "date,customer code,amount\n2026/10/01,C-1,1000\n2026/10/02,C-2,2000\n2026/10/03,C-2,3000\n2026/10/04,C-3,500\n",
        false,
    );
    import(
        &mut a,
        Target::Conversations,
        dir.path(),
        "date,customer code,summary\n2026-10-05 10:00,C-2,お礼の電話\n2026-10-06 11:00,C-3,見積もり\n",
        false,
    );
    // An imported customer changed before anything was sent: the change
    // travels as a change of its own, the import as it was made.
    let sato = a
        .accounts(true)
        .unwrap()
        .into_iter()
        .find(|x| x.name == "佐藤工務店")
        .unwrap()
        .id;
    let mut fs = a.account(sato).unwrap().fields();
    fs.phone = Some("03-4444-4444".into());
    a.update_account(sato, &fs, t0() + Duration::days(1) + Duration::hours(1))
        .unwrap();
    let events = a.own_events(before, 10_000).unwrap();
    let seqs: Vec<i64> = events.iter().map(|e| e.origin_seq).collect();
    assert_eq!(
        seqs,
        (before + 1..=before + seqs.len() as i64).collect::<Vec<_>>(),
        "gapless"
    );
    let mut seen = std::collections::HashSet::new();
    assert!(events.iter().all(|e| seen.insert(e.uuid)));
    assert!(
        events.windows(2).all(|w| w[0].hlc < w[1].hlc),
        "the clock moves on with every event"
    );
    // The existing customer's change went as a change, not as a new row.
    assert!(events.iter().any(|e| e.kind == "set"
        && e.payload.contains("\"t\":\"accounts\"")
        && e.payload.contains("03-1111-1111")));
    for _ in 0..2 {
        server.sync(&mut a);
        server.sync(&mut b);
    }
    assert_eq!(a.shared_rows().unwrap(), b.shared_rows().unwrap());
    // Each operator is told of the phone changed on both, apart.
    for s in [&a, &b] {
        let c = s.unseen_conflicts().unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].field, "phone");
    }
    // Every row made by the imports has a UUID, on both replicas.
    // The search index holds what arrived and what was imported, once.
    for s in [&a, &b] {
        let hits = s.search_conversations("お礼の電話", 10).unwrap();
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(s.search_conversations("見積もり", 10).unwrap().len(), 1);
    }
    // A correction made on one replica: the other finds the new words
    // and no longer the old ones.
    let id = a.search_conversations("見積もり", 10).unwrap()[0].conversation_id;
    a.revise_conversation(
        id,
        "正式な見積書を送付",
        "本文",
        None,
        t0() + Duration::days(2),
    )
    .unwrap();
    server.sync(&mut a);
    server.sync(&mut b);
    assert_eq!(b.search_conversations("見積書", 10).unwrap().len(), 1);
    assert_eq!(b.search_conversations("見積もり", 10).unwrap().len(), 0);
    // (Local ids differ between replicas: found by name.)
    let on_b = b
        .accounts(true)
        .unwrap()
        .into_iter()
        .find(|x| x.name == "佐藤工務店")
        .unwrap();
    assert_eq!(on_b.phone.as_deref(), Some("03-4444-4444"));
    for s in [&a, &b] {
        let rows = s.shared_rows().unwrap();
        assert!(rows.iter().all(|r| !r.contains("\"u\":null")), "{rows:#?}");
        assert!(rows.iter().any(|r| r.contains("お礼の電話")));
    }
}

#[test]
fn a_demo_file_joins_a_book_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(&dir.path().join("a.db")).unwrap();
    let mut b = Store::open(&dir.path().join("b.db")).unwrap();
    salesbench::demo::generate(&mut a, 30, 7, t0()).unwrap();
    let mut server = Server::default();
    server.sync(&mut a);
    let got = server.sync(&mut b);
    assert_eq!(got.waiting, 0, "nothing waits for a row that never came");
    assert_eq!(a.shared_rows().unwrap(), b.shared_rows().unwrap());
    assert!(a.shared_rows().unwrap().len() > 300);
    // The joining replica finds the accounts it took in by their keys.
    let keys: Vec<String> = b
        .packed_search_keys(true)
        .unwrap()
        .pairs()
        .map(|(_, key)| key.to_string())
        .collect();
    assert_eq!(keys.len(), 30);
    let rows: Vec<String> = b
        .search_keys(true)
        .unwrap()
        .into_iter()
        .map(|(_, k)| k)
        .collect();
    assert_eq!(keys, rows);
}
