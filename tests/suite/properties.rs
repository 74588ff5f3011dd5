//! Property tests for the parsers and text helpers that take what people
//! type or import: arbitrary input never panics, and every accepted value
//! round-trips. Inputs mix arbitrary Unicode with the fragments that break
//! naive code: terminal escapes, C0/C1 controls, bidi overrides, joiners,
//! kana and full-width forms.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use salesbench::domain::fold::{fold, fold_query, search_key, KEY_SEPARATOR};
use salesbench::domain::money::{format_yen, parse_amount, AmountError};
use salesbench::domain::text::{sanitize, sanitize_multiline, truncate, width, wrap, ELLIPSIS};
use salesbench::domain::when::{parse_instant, parse_when, When};

/// Modest case counts keep the whole file around a second.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // Failures are reported in the test output; no regression files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces that have broken text handling somewhere.
const FRAGMENTS: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "\u{9b}2J",
    "\u{85}",
    "\u{0}",
    "\u{7f}",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "\u{200f}",
    "\u{200d}",
    "\u{fe0f}",
    "👨\u{200d}👩\u{200d}👧",
    "🇯🇵",
    "👍🏽",
    "e\u{301}",
    "ｶﾞ",
    "ﾊﾟ",
    "ゝ",
    "ゞ",
    "ー",
    "ッ",
    "たなか",
    "タナカ",
    "田中",
    "ō",
    "Â",
    "İ",
    "ß",
    "ﬁ",
    "Ω",
    "|",
    "'",
    "１２",
    "，",
    "￥",
    "¥",
    "円",
    "JPY",
    "-",
    "−",
    "▲",
    ",",
    ".",
    "+",
    "年",
    "月",
    "日",
    "時",
    "分",
    "半",
    "後",
    "前",
    "来週",
    "令和",
    "元",
    "R",
    "H",
    "mon",
    "d",
    "w",
    "m",
    "y",
    ":",
    "/",
    "T",
    "Z",
    " ",
    "\u{3000}",
    "0",
    "9",
    "12",
    "2026",
    "99999999999999999999",
];

/// Arbitrary Unicode, hostile fragments, or a mixture of both.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[0-9]{1,4}",
    ];
    prop_oneof![
        any::<String>(),
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat()),
    ]
}

/// Realistic clocks: 1900–2200, any second of the day.
fn a_now() -> impl Strategy<Value = NaiveDateTime> {
    let base = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid");
    (0i64..110_000, 0i64..86_400).prop_map(move |(d, s)| {
        base.and_hms_opt(0, 0, 0).expect("midnight") + Duration::days(d) + Duration::seconds(s)
    })
}

/// Any day with a four-digit year.
fn a_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1000, 1, 1).expect("valid");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid");
    (0..=(last - first).num_days()).prop_map(move |d| first + Duration::days(d))
}

/// Operator offsets from UTC-12 to UTC+14, in minutes.
fn an_offset() -> impl Strategy<Value = FixedOffset> {
    (-12 * 60..=14 * 60).prop_map(|m: i32| FixedOffset::east_opt(m * 60).expect("in range"))
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).expect("digit"),
            ',' => '，',
            other => other,
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    // ---- dates ----

    #[test]
    fn parse_when_never_panics(input in hostile_text(), now in a_now()) {
        let _ = parse_when(&input, now);
    }

    #[test]
    fn parse_instant_never_panics(input in hostile_text(), now in a_now(), off in an_offset()) {
        let _ = parse_instant(&input, now.and_utc(), off);
    }

    /// Huge offsets end in an error, never an overflow.
    #[test]
    fn large_relative_offsets_never_panic(
        n in prop_oneof![0u64..1_000, 1_000u64..100_000_000, any::<u64>()],
        sign in prop::sample::select(&["", "+", "-"][..]),
        unit in prop::sample::select(&["d", "w", "m", "y", "日後", "週間前", "ヶ月後", "年前"][..]),
        now in a_now(),
        off in an_offset(),
    ) {
        let input = format!("{sign}{n}{unit}");
        let _ = parse_when(&input, now);
        let _ = parse_instant(&input, now.and_utc(), off);
    }

    #[test]
    fn iso_dates_round_trip(d in a_date(), now in a_now()) {
        for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y年%-m月%-d日"] {
            let text = d.format(fmt).to_string();
            prop_assert_eq!(parse_when(&text, now), Ok(When::Date(d)), "{}", text);
        }
    }

    #[test]
    fn dates_with_times_round_trip(d in a_date(), h in 0u32..24, m in 0u32..60, now in a_now()) {
        let dt = d.and_hms_opt(h, m, 0).expect("valid time");
        for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %-H:%M:%S"] {
            let text = dt.format(fmt).to_string();
            prop_assert_eq!(parse_when(&text, now), Ok(When::DateTime(dt)), "{}", text);
        }
    }

    #[test]
    fn relative_days_land_where_counted(n in 0i64..20_000, now in a_now()) {
        let today = now.date();
        prop_assert_eq!(parse_when(&format!("+{n}d"), now), Ok(When::Date(today + Duration::days(n))));
        prop_assert_eq!(parse_when(&format!("-{n}d"), now), Ok(When::Date(today - Duration::days(n))));
        prop_assert_eq!(parse_when(&format!("{n}日後"), now), Ok(When::Date(today + Duration::days(n))));
    }

    /// A weekday name is the next such day, strictly after today.
    #[test]
    fn weekday_names_are_within_the_next_week(i in 0usize..7, now in a_now()) {
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let wd = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu,
                  Weekday::Fri, Weekday::Sat, Weekday::Sun][i];
        let got = parse_when(names[i], now).expect("a weekday parses").date();
        let ahead = (got - now.date()).num_days();
        prop_assert!((1..=7).contains(&ahead), "{} is {} days ahead", names[i], ahead);
        prop_assert_eq!(got.weekday(), wd);
    }

    /// RFC 3339 is taken as the instant it names, whatever the clock.
    #[test]
    fn rfc3339_instants_round_trip(
        secs in -2_000_000_000i64..8_000_000_000,
        now in a_now(),
        off in an_offset(),
    ) {
        let t = Utc.timestamp_opt(secs, 0).single().expect("in range");
        for text in [t.to_rfc3339(), t.with_timezone(&off).to_rfc3339()] {
            prop_assert_eq!(parse_instant(&text, now.and_utc(), off), Ok(t), "{}", text);
        }
    }

    /// A local date and time is read in the operator's zone.
    #[test]
    fn local_times_are_read_in_the_operators_zone(
        d in a_date(), h in 0u32..24, m in 0u32..60, now in a_now(), off in an_offset(),
    ) {
        let local = d.and_hms_opt(h, m, 0).expect("valid time");
        let text = local.format("%Y-%m-%d %H:%M").to_string();
        let want = off.from_local_datetime(&local).single().expect("fixed offset").with_timezone(&Utc);
        prop_assert_eq!(parse_instant(&text, now.and_utc(), off), Ok(want));
    }

    // ---- amounts ----

    #[test]
    fn parse_amount_never_panics(input in hostile_text()) {
        if let Ok(n) = parse_amount(&input) {
            prop_assert!(n >= 0, "{:?} gave {}", input, n);
        }
    }

    #[test]
    fn formatted_amounts_parse_back(n in prop_oneof![0i64..100_000_000, any::<i64>().prop_map(i64::abs)]) {
        let plain = n.to_string();
        let texts = [
            format_yen(n, false),
            format_yen(n, true),
            plain.clone(),
            format!("{plain}円"),
            format!("JPY {plain}"),
            full_width(&format_yen(n, true)),
        ];
        for text in texts {
            prop_assert_eq!(parse_amount(&text), Ok(n), "{}", text);
        }
    }

    #[test]
    fn negative_amounts_are_refused(n in 1i64..=i64::MAX) {
        for text in [format_yen(-n, false), format_yen(-n, true), format!("-{n}"), format!("▲{n}")] {
            prop_assert!(matches!(parse_amount(&text), Err(AmountError::Negative(_))), "{}", text);
        }
    }

    /// Too large is an error, not a wrapped number.
    #[test]
    fn overflowing_amounts_are_refused(extra in 1u64..1_000_000) {
        let big = (i64::MAX as u128 + u128::from(extra)).to_string();
        prop_assert!(matches!(parse_amount(&big), Err(AmountError::TooLarge(_))));
    }

    // ---- names ----

    /// `İ` is left out here: see `fold_is_idempotent_after_dotted_capital_i`.
    #[test]
    fn fold_is_idempotent(s in hostile_text().prop_filter("İ", |s| !s.contains('İ'))) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone(), "{:?}", s);
    }

    #[test]
    fn fold_query_is_idempotent_and_clean(q in hostile_text()) {
        let once = fold_query(&q);
        prop_assert!(!once.contains(KEY_SEPARATOR));
        prop_assert!(!once.chars().any(char::is_control), "{:?} -> {:?}", q, once);
        // Known exceptions, pinned in the ignored tests at the end.
        if !q.contains('İ') && !q.chars().any(char::is_control) {
            prop_assert_eq!(fold_query(&once), once.clone(), "{:?}", q);
        }
    }

    /// Every field of a search key is clean, and a name is always found by
    /// typing it.
    #[test]
    fn search_keys_are_clean_and_hold_the_name(
        name in hostile_text(),
        reading in proptest::option::of(hostile_text()),
        phone in proptest::option::of(hostile_text()),
        email in proptest::option::of(hostile_text()),
        tags in prop::collection::vec(hostile_text(), 0..3),
    ) {
        let key = search_key(&name, reading.as_deref(), phone.as_deref(), email.as_deref(), &tags);
        prop_assert!(!key.chars().any(char::is_control), "{:?}", key);
        for field in key.split(KEY_SEPARATOR).filter(|_| !key.is_empty()) {
            prop_assert!(!field.is_empty() && field.trim() == field, "field {:?} in {:?}", field, key);
        }
        // The matcher finds a query as a subsequence of the key.
        let q = fold_query(&name);
        let mut rest = key.chars();
        prop_assert!(
            q.chars().filter(|c| *c != ' ').all(|c| rest.any(|k| k == c)),
            "{:?} not a subsequence of {:?}", q, key
        );
    }

    // ---- terminal text ----

    #[test]
    fn sanitized_text_is_safe_and_stable(s in hostile_text()) {
        for clean in [sanitize(&s).into_owned(), sanitize_multiline(&s).replace('\n', "")] {
            prop_assert!(!clean.chars().any(|c| c.is_control() || is_bidi_control(c)), "{:?}", clean);
        }
        let once = sanitize(&s).into_owned();
        prop_assert_eq!(sanitize(&once).into_owned(), once.clone());
        let multi = sanitize_multiline(&s).into_owned();
        prop_assert_eq!(sanitize_multiline(&multi).into_owned(), multi.clone());
    }

    #[test]
    fn truncate_fits_and_keeps_a_prefix(s in hostile_text(), w in 0usize..40) {
        let cut = truncate(&s, w);
        prop_assert!(width(&cut) <= w, "{:?} at {} is {:?} ({} wide)", s, w, cut, width(&cut));
        if width(&s) <= w {
            prop_assert_eq!(&cut, &s);
        } else if w > 0 {
            let kept = cut.strip_suffix(ELLIPSIS).expect("ends with the ellipsis");
            prop_assert!(s.starts_with(kept));
            // Never inside a grapheme: the kept part is whole graphemes of s.
            let whole: usize = s.graphemes(true).scan(0, |n, g| { *n += g.len(); Some(*n) })
                .take_while(|n| *n <= kept.len()).last().unwrap_or(0);
            prop_assert_eq!(whole, kept.len());
        }
    }

    /// Every row fits (bar a lone grapheme wider than the row), and only
    /// spaces at breaks are dropped.
    #[test]
    fn wrap_fits_and_loses_nothing(s in hostile_text(), w in 1usize..30) {
        let text = sanitize_multiline(&s).into_owned();
        let rows = wrap(&text, w);
        for row in &rows {
            prop_assert!(
                width(row) <= w || row.graphemes(true).count() == 1,
                "row {:?} wider than {}", row, w
            );
        }
        let letters = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(letters(&rows.concat()), letters(&text));
        prop_assert_eq!(rows.len() >= text.split('\n').count(), true);
    }
}

/// Lower-casing `İ` gives `i` + U+0307 COMBINING DOT ABOVE (class 230)
/// after NFKC has run, so a following mark of a lower class (U+1939, 222)
/// is left out of canonical order, and folding again reorders it: the
/// search key of a name then differs from the key of its folded form.
#[test]
fn fold_is_idempotent_after_dotted_capital_i() {
    for s in ["İ\u{1939}", "İ\u{316}"] {
        let once = fold(s);
        assert_eq!(fold(&once), once, "{s:?}");
    }
}

/// Controls are dropped after folding, so an iteration mark behind one
/// (`が<NEL>ゝ`) finds no kana to repeat; on the second pass, with the
/// control gone, it does.
#[test]
fn fold_query_is_idempotent_around_controls() {
    let once = fold_query("ｶﾞ\u{85}ゝ");
    assert_eq!(fold_query(&once), once);
}
