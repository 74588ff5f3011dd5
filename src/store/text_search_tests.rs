//! Conversation text search: trigram index, short-query scan, revisions,
//! retractions, literal queries.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::domain::model::{AccountFields, ConversationKind, Direction, NewConversation};
use crate::store::Store;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sb.db")).unwrap();
    (dir, store)
}

fn acct(store: &mut Store, name: &str) -> i64 {
    let f = AccountFields {
        name: name.into(),
        ..Default::default()
    };
    store.add_account(&f, t0()).unwrap()
}

fn log(store: &mut Store, account_id: i64, hours_ago: i64, summary: &str, body: &str) -> i64 {
    let c = NewConversation {
        account_id,
        contact_id: None,
        kind: ConversationKind::Call,
        direction: Direction::Out,
        happened_at: t0() - Duration::hours(hours_ago),
        summary: summary.into(),
        body: body.into(),
        outcome: None,
    };
    store.log_conversation(&c, t0()).unwrap()
}

fn ids(store: &Store, q: &str) -> Vec<i64> {
    store
        .search_conversations(q, 50)
        .unwrap()
        .iter()
        .map(|h| h.conversation_id)
        .collect()
}

#[test]
fn sqlite_has_fts5_with_the_trigram_tokenizer() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let version: String = conn
        .query_row("SELECT sqlite_version()", [], |r| r.get(0))
        .unwrap();
    let parts: Vec<u32> = version.split('.').map(|p| p.parse().unwrap()).collect();
    assert!(
        parts >= vec![3, 34, 0],
        "trigram needs SQLite 3.34: {version}"
    );
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'trigram'); \
         INSERT INTO t VALUES ('見積書を送付');",
    )
    .unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM t WHERE t MATCH '\"積書を\"'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn japanese_queries_of_one_two_and_more_characters_are_found() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let b = acct(&mut s, "佐藤工業");
    let c1 = log(&mut s, a, 5, "田中様と面談", "見積書を来週送る");
    let c2 = log(&mut s, b, 1, "電話", "佐藤様から見積の依頼");
    let _c3 = log(&mut s, b, 3, "挨拶", "特になし");
    assert_eq!(ids(&s, "田中"), [c1]);
    assert_eq!(ids(&s, "見積"), [c2, c1], "newest first");
    assert_eq!(ids(&s, "見"), [c2, c1]);
    assert_eq!(ids(&s, "見積書"), [c1]);
    assert_eq!(ids(&s, "来週送る"), [c1]);
    assert_eq!(ids(&s, "見積 佐藤"), [c2], "every word must occur");
    assert_eq!(
        ids(&s, "見積書 田中"),
        [c1],
        "indexed and scanned words mix"
    );
    assert!(ids(&s, "納品").is_empty());
    let hit = &s.search_conversations("見積書", 10).unwrap()[0];
    assert_eq!(hit.account_id, a);
    assert_eq!(hit.account_name, "田中商店");
    assert_eq!(hit.kind, ConversationKind::Call);
    assert_eq!(hit.happened_at, t0() - Duration::hours(5));
    assert_eq!(hit.snippet, "見積書を来週送る");
    assert_eq!(s.search_conversations("見積", 1).unwrap().len(), 1);
}

#[test]
fn latin_text_is_found_whatever_the_case() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "Acme");
    let c = log(
        &mut s,
        a,
        1,
        "Pricing call",
        "They want the QUOTE by Friday",
    );
    assert_eq!(ids(&s, "quote"), [c]);
    assert_eq!(ids(&s, "Quote"), [c]);
    assert_eq!(ids(&s, "PRICING"), [c]);
    assert_eq!(
        ids(&s, "By"),
        [c],
        "a two-letter word is scanned, case folded"
    );
    assert!(ids(&s, "quotes").is_empty());
}

#[test]
fn a_revision_replaces_the_searched_text() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let c = log(&mut s, a, 1, "旧い件名", "古い本文");
    s.revise_conversation(c, "新しい件名", "新しい本文", Some("受注"), t0())
        .unwrap();
    assert!(ids(&s, "古い本文").is_empty());
    assert!(ids(&s, "旧い").is_empty());
    assert_eq!(ids(&s, "新しい本文"), [c]);
    assert_eq!(ids(&s, "受注"), [c], "the outcome is searched too");
}

#[test]
fn retracted_conversations_are_not_found_until_restored() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "田中商店");
    let c = log(&mut s, a, 1, "件名", "最初の本文");
    s.revise_conversation(c, "件名", "直した本文", None, t0())
        .unwrap();
    s.retract_conversation(c, "間違い", t0()).unwrap();
    assert!(ids(&s, "直した本文").is_empty());
    assert!(ids(&s, "直し").is_empty());
    s.restore_conversation(c, t0()).unwrap();
    assert_eq!(ids(&s, "直した本文"), [c], "restored with its latest text");
    assert!(ids(&s, "最初の本文").is_empty());
}

#[test]
fn search_syntax_in_a_query_is_plain_text() {
    let (_d, mut s) = fresh();
    let a = acct(&mut s, "Acme");
    let c = log(&mut s, a, 1, "said \"yes\" AND no*", "a OR b NEAR(c)");
    for q in [
        "\"", "\"yes\"", "*", "no*", "AND", "OR", "NEAR(", "\"\"\"", "a:b", "(", "-x", "^",
    ] {
        s.search_conversations(q, 10)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    assert_eq!(ids(&s, "\"yes\""), [c]);
    assert_eq!(ids(&s, "no*"), [c]);
    assert_eq!(ids(&s, "NEAR(c)"), [c]);
    assert!(ids(&s, "").is_empty());
}

#[test]
fn an_older_file_is_indexed_when_it_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sb.db");
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        crate::store::migrate::migrate_to(&mut c, 6).unwrap();
        c.execute_batch(
            "INSERT INTO accounts (id, name, created_at, updated_at) \
               VALUES (1, '田中商店', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'); \
             INSERT INTO conversations (id, account_id, kind, direction, happened_at, summary, body, logged_at) \
               VALUES (1, 1, 'call', 'out', '2026-01-02T00:00:00Z', '件名', '元の本文', '2026-01-02T00:00:00Z'), \
                      (2, 1, 'call', 'out', '2026-01-03T00:00:00Z', '件名', '取消の本文', '2026-01-03T00:00:00Z'); \
             INSERT INTO conversation_revisions (conversation_id, summary, body, revised_at) \
               VALUES (1, '件名', '改訂の本文', '2026-01-04T00:00:00Z'); \
             UPDATE conversations SET retracted_at = '2026-01-05T00:00:00Z', retract_reason = 'x' WHERE id = 2;",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(ids(&s, "の本文"), [1]);
    assert_eq!(ids(&s, "改訂"), [1]);
    assert!(ids(&s, "元の").is_empty());
}
