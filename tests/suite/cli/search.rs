//! `salesbench search TEXT`: what was said, found from the command line.

use super::support::{array, Bench};

#[test]
fn search_finds_conversations_by_their_words_newest_first() {
    let b = Bench::new();
    b.add("田中商店", &[]);
    b.add("Acme Ltd", &[]);
    let older = b.log(
        "田中商店",
        &[
            "--summary",
            "見積の件",
            "--body",
            "見積書を来週送る",
            "--at",
            "2026-11-20 10:00",
        ],
    );
    let newer = b.log(
        "Acme",
        &[
            "--summary",
            "Quote",
            "--body",
            "Wants a 見積 by Friday",
            "--at",
            "2026-11-22 15:00",
        ],
    );
    let gone = b.log("田中商店", &["--summary", "見積 間違い"]);
    b.ok(&["log", "retract", &gone.to_string(), "--reason", "誤記"]);

    let hits = array(b.json(&["search", "見積", "--json"]));
    let ids: Vec<i64> = hits
        .iter()
        .map(|h| h["conversation_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [newer, older], "newest first, retracted left out");
    let first = &hits[0];
    assert_eq!(first["account"], "Acme Ltd");
    assert!(first["account_id"].is_i64());
    assert_eq!(first["happened_at"], "2026-11-22T06:00:00Z");
    assert_eq!(first["kind"], "call");
    assert!(
        first["snippet"].as_str().unwrap().contains("見積"),
        "{first}"
    );
    let fields: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(fields.len(), 6, "{fields:?}");

    assert_eq!(
        array(b.json(&["search", "見積", "--limit", "1", "--json"])).len(),
        1
    );
    assert_eq!(
        array(b.json(&["search", "田中", "--json"])).len(),
        0,
        "names are not text"
    );
    assert_eq!(array(b.json(&["search", "\"*AND", "--json"])).len(), 0);

    let text = b.ok(&["search", "quote"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("2026-11-22 15:00  #"), "{text}");
    assert!(text.contains("Acme Ltd"), "{text}");
    let ja = b.ok(&["--lang", "ja", "search", "見積書"]);
    assert!(ja.contains("田中商店") && ja.contains("電話"), "{ja}");
}
