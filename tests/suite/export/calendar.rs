//! `export calendar`: RFC 5545 on the wire (CRLF, folding at 75 octets on
//! character boundaries), and what Python's `icalendar` reads from it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use super::fixture::{shop, ALL_DAY_NOTE, LONG_NOTE};
use super::support::Bench;

/// The raw bytes obey the line rules.
fn check_wire_format(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("iCalendar is UTF-8");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.starts_with('\u{feff}'));
    let mut continuations = 0;
    for line in bytes.split(|b| *b == b'\n') {
        if line.is_empty() {
            continue; // after the final CRLF
        }
        assert_eq!(
            line.last(),
            Some(&b'\r'),
            "bare LF in {:?}",
            String::from_utf8_lossy(line)
        );
        let line = &line[..line.len() - 1];
        assert!(
            line.len() <= 75,
            "{} octets: {}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        let line = std::str::from_utf8(line).expect("a fold split a character");
        if line.starts_with(' ') {
            continuations += 1;
        }
    }
    assert!(continuations > 0, "the long Japanese note was folded");
}

/// Run tests/suite/export/check_ics.py; `None` when there is no python3.
fn parse_with_icalendar(file: &Path) -> Option<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite/export/check_ics.py");
    let out = match Command::new("python3").arg(&script).arg(file).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("running python3: {e}"),
    };
    assert!(
        out.status.success(),
        "icalendar rejected the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("JSON from the checker"))
}

#[test]
fn open_follow_ups_become_events_an_independent_parser_accepts() {
    let b = Bench::new();
    let s = shop(&b);
    let file = b.path("follow-ups.ics");
    b.ok(&[
        "export",
        "calendar",
        "-o",
        file.to_str().expect("utf-8 path"),
    ]);
    let bytes = std::fs::read(&file).expect("calendar written");
    check_wire_format(&bytes);
    assert_eq!(bytes, b.ok_bytes(&["export", "calendar"]), "stdout = file");

    let Some(parsed) = parse_with_icalendar(&file) else {
        eprintln!("SKIPPED the icalendar check: python3 is not installed");
        return;
    };
    assert_eq!(parsed["version"], "2.0");
    assert!(parsed["prodid"]
        .as_str()
        .is_some_and(|p| p.contains("salesbench")));
    let events: BTreeMap<String, Value> = parsed["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (e["uid"].as_str().expect("uid").to_string(), e.clone()))
        .collect();
    let uid = |id: i64| format!("follow-up-{id}@salesbench");
    let stamp = json!(["utc", "20261123T000000Z"]);
    let want = [
        (
            s.all_day,
            json!({
                "summary": "visit: 株式会社山田製作所 御中",
                "description": ALL_DAY_NOTE,
                "start": ["date", "20261201"],
                "end": ["date", "20261202"],
                "sequence": 0,
            }),
        ),
        (
            // 14:30 in Tokyo is 05:30 UTC.
            s.timed,
            json!({
                "summary": "call: 田中 花子 様",
                "description": LONG_NOTE,
                "start": ["utc", "20261202T053000Z"],
                "end": ["utc", "20261202T060000Z"],
                "sequence": 0,
            }),
        ),
        (
            s.snoozed,
            json!({
                "summary": "email: Acme Corp",
                "description": "chase the quote",
                "start": ["utc", "20261203T001500Z"],
                "end": ["utc", "20261203T004500Z"],
                "sequence": 1,
            }),
        ),
    ];
    let mut expected: Vec<String> = want.iter().map(|(id, _)| uid(*id)).collect();
    expected.sort();
    assert_eq!(
        events.keys().cloned().collect::<Vec<_>>(),
        expected,
        "only open follow-ups of listed accounts (not done {}, cancelled {}, archived {})",
        s.done,
        s.cancelled,
        s.archived_follow_up
    );
    for (id, fields) in want {
        let event = &events[&uid(id)];
        for (key, value) in fields.as_object().expect("object") {
            assert_eq!(&event[key], value, "follow-up {id}: {key}");
        }
        assert_eq!(event["stamp"], stamp);
    }

    // Same UIDs on the next export: a calendar updates instead of duplicating.
    let again = b.ok(&["export", "calendar"]);
    for id in [s.all_day, s.timed, s.snoozed] {
        assert!(again.contains(&format!("UID:{}\r\n", uid(id))));
    }
}

#[test]
fn an_empty_calendar_is_still_a_calendar() {
    let b = Bench::new();
    b.add("Solo", &[]);
    let text = b.ok(&["export", "calendar"]);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nPRODID:"), "{text}");
    assert!(text.contains("VERSION:2.0\r\n"));
    assert!(!text.contains("VEVENT"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
}

/// `--deals`: each open deal's expected close date is an all-day event
/// (stable UID, the localized words, the title and the account); deals
/// without a date and won or lost ones are not.
#[test]
fn open_deals_expected_close_dates_join_the_calendar_with_deals() {
    let b = Bench::new();
    let s = shop(&b);
    let deal = |args: &[&str]| -> i64 {
        let mut all = vec!["deal", "add"];
        all.extend_from_slice(args);
        b.ok(&all).trim().parse().expect("deal id")
    };
    let yamada = s.yamada.to_string();
    let acme = s.acme.to_string();
    let closing = deal(&[
        &yamada,
        "--title",
        "年間契約, 紙コップ",
        "--value",
        "120000",
        "--close",
        "2026-12-20",
        "--next",
        "見積を送る",
    ]);
    let undated = deal(&[&acme, "--title", "No date", "--value", "100"]);
    let won = deal(&[
        &acme,
        "--title",
        "Won",
        "--value",
        "100",
        "--close",
        "2026-12-05",
    ]);
    b.ok(&["deal", "won", &won.to_string()]);
    let file = b.path("with-deals.ics");
    b.ok(&[
        "export",
        "calendar",
        "--deals",
        "-o",
        file.to_str().expect("utf-8 path"),
    ]);
    let bytes = std::fs::read(&file).expect("calendar written");
    check_wire_format(&bytes);
    let refused = b.user_error(&["export", "deals", "--deals"]);
    assert!(refused.contains("--deals"), "{refused}");
    let without = b.ok(&["export", "calendar"]);
    assert!(!without.contains("deal-close-"), "only with --deals");

    let text = String::from_utf8(bytes).expect("UTF-8");
    for id in [undated, won] {
        assert!(
            !text.contains(&format!("UID:deal-close-{id}@")),
            "deal {id}"
        );
    }
    let ja = b.ok(&["--lang", "ja", "export", "calendar", "--deals"]);
    let summary = ja.replace("\r\n ", "");
    assert!(
        summary.contains("SUMMARY:受注予定: 年間契約\\, 紙コップ（株式会社山田製作所）\r\n"),
        "{summary}"
    );

    let Some(parsed) = parse_with_icalendar(&file) else {
        eprintln!("SKIPPED the icalendar check: python3 is not installed");
        return;
    };
    let events = parsed["events"].as_array().expect("events");
    let uid = format!("deal-close-{closing}@salesbench");
    let deals: Vec<&Value> = events
        .iter()
        .filter(|e| {
            e["uid"]
                .as_str()
                .is_some_and(|u| u.starts_with("deal-close-"))
        })
        .collect();
    assert_eq!(deals.len(), 1, "{deals:?}");
    let event = deals[0];
    assert_eq!(event["uid"], uid.as_str());
    assert_eq!(
        event["summary"],
        "Expected close: 年間契約, 紙コップ (株式会社山田製作所)"
    );
    assert_eq!(event["description"], "見積を送る");
    assert_eq!(event["start"], json!(["date", "20261220"]));
    assert_eq!(event["end"], json!(["date", "20261221"]));
    assert_eq!(event["stamp"], json!(["utc", "20261123T000000Z"]));
    // The follow-ups are still there.
    assert!(events.len() > 1);
}
