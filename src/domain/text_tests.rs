use super::*;

#[test]
fn sanitize_table() {
    let cases: &[(&str, &str)] = &[
        ("plain", "plain"),
        ("田中 太郎", "田中 太郎"),
        ("a\tb", "a b"),
        ("a\nb", "a b"),
        ("a\r\nb", "a b"),
        ("a\rb", "a b"),
        ("a\u{2028}b", "a b"),
        ("\u{1b}[31mred\u{1b}[0m", "[31mred[0m"),
        ("bell\u{7}", "bell"),
        ("del\u{7f}", "del"),
        ("c1\u{9b}31m", "c131m"),
        ("\u{85}nel", "nel"),
        ("ab\u{202e}cd\u{202c}", "abcd"),
        ("\u{2066}x\u{2069}\u{200e}\u{200f}\u{061c}", "x"),
        // ZWJ and variation selectors are text, not controls.
        ("👨\u{200d}👩\u{200d}👧", "👨\u{200d}👩\u{200d}👧"),
        ("\u{0}nul", "nul"),
        // Stored and typed text keeps its half-width katakana.
        ("ﾅｶﾑﾗ ﾀﾞｲｽｹ", "ﾅｶﾑﾗ ﾀﾞｲｽｹ"),
    ];
    for (input, want) in cases {
        assert_eq!(sanitize(input), *want, "input {input:?}");
    }
}

#[test]
fn sanitize_multiline_table() {
    let cases: &[(&str, &str)] = &[
        ("a\nb", "a\nb"),
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb", "a\nb"),
        ("a\u{2029}b", "a\nb"),
        ("a\tb", "a b"),
        ("\u{1b}]0;title\u{7}x\ny", "]0;titlex\ny"),
    ];
    for (input, want) in cases {
        assert_eq!(sanitize_multiline(input), *want, "input {input:?}");
    }
}

#[test]
fn sanitize_borrows_when_clean() {
    assert!(matches!(sanitize("田中 abc"), Cow::Borrowed(_)));
    assert!(matches!(sanitize_multiline("a\nb"), Cow::Borrowed(_)));
    assert!(matches!(sanitize("a\nb"), Cow::Owned(_)));
    assert!(matches!(sanitize_multiline("a\tb"), Cow::Owned(_)));
}

#[test]
fn width_table() {
    let cases: &[(&str, usize)] = &[
        ("", 0),
        ("abc", 3),
        ("田中", 4),
        ("田中a", 5),
        ("か\u{3099}", 2),
        ("e\u{301}", 1),
        ("👍", 2),
        ("a\nb", 2),
        ("\u{1b}", 0),
    ];
    for (input, want) in cases {
        assert_eq!(width(input), *want, "input {input:?}");
    }
}

#[test]
fn truncate_table() {
    let cases: &[(&str, usize, &str)] = &[
        ("hello", 10, "hello"),
        ("hello", 5, "hello"),
        ("hello", 4, "hel…"),
        ("hello", 1, "…"),
        ("hello", 0, ""),
        ("田中太郎", 8, "田中太郎"),
        ("田中太郎", 7, "田中太…"),
        ("田中太郎", 6, "田中…"),
        ("田中太郎", 4, "田…"),
        ("田中太郎", 2, "…"),
        ("e\u{301}e\u{301}e\u{301}", 2, "e\u{301}…"),
        ("👨\u{200d}👩\u{200d}👧xyz", 3, "👨\u{200d}👩\u{200d}👧…"),
    ];
    for (input, max, want) in cases {
        let got = truncate(input, *max);
        assert_eq!(got, *want, "input {input:?} max {max}");
        assert!(width(&got) <= *max, "width of {got:?}");
    }
}

#[test]
fn pad_right_table() {
    let cases: &[(&str, usize, &str)] = &[
        ("ab", 4, "ab  "),
        ("田中", 5, "田中 "),
        ("田中太郎", 6, "田中… "),
        ("田中太郎", 5, "田中…"),
        ("abc", 0, ""),
        ("", 2, "  "),
    ];
    for (input, w, want) in cases {
        let got = pad_right(input, *w);
        assert_eq!(got, *want, "input {input:?} w {w}");
        assert_eq!(width(&got), *w);
    }
}

#[test]
fn wrap_table() {
    let cases: &[(&str, usize, &[&str])] = &[
        ("", 10, &[""]),
        ("hello world", 20, &["hello world"]),
        ("hello world", 5, &["hello", "world"]),
        ("hello world", 8, &["hello", "world"]),
        ("hello  big world", 9, &["hello", "big world"]),
        ("a\n\nb", 5, &["a", "", "b"]),
        ("a\r\nb", 5, &["a", "b"]),
        ("abcdefghij", 4, &["abcd", "efgh", "ij"]),
        ("see abcdefghij", 4, &["see", "abcd", "efgh", "ij"]),
        ("田中太郎です", 4, &["田中", "太郎", "です"]),
        ("田中太郎です", 5, &["田中", "太郎", "です"]),
        ("Re: 田中様の件", 8, &["Re: 田中", "様の件"]),
        // Kinsoku: "。" does not start a row, so "す。" moves together.
        (
            "ありがとうございます。",
            10,
            &["ありがとう", "ございま", "す。"],
        ),
        ("「見積」送付", 6, &["「見", "積」送", "付"]),
        ("trailing   ", 8, &["trailing"]),
        ("田", 1, &["田"]),
    ];
    for (input, w, want) in cases {
        let got = wrap(input, *w);
        assert_eq!(got, *want, "input {input:?} width {w}");
        for row in &got {
            assert!(width(row) <= *w || row.graphemes(true).count() == 1);
        }
    }
    assert!(wrap("abc", 0).is_empty());
}

#[test]
fn wrap_ranges_cover_the_line() {
    let lines = [
        "hello   wide world of 田中太郎 and ｶﾞｷﾞ stuff",
        "ありがとうございます。よろしくお願いします",
        "supercalifragilistic expialidocious",
    ];
    for line in lines {
        for w in 1..20 {
            let rows = wrap_ranges(line, w);
            let mut at = 0;
            for r in &rows {
                assert_eq!(r.start, at, "{line:?} w {w}");
                at = r.end;
                let visible = line[r.clone()].trim_end();
                let single = visible.graphemes(true).count() <= 1;
                assert!(width(visible) <= w || single, "{visible:?} w {w}");
            }
            assert_eq!(at, line.len());
        }
    }
}

#[test]
fn shown_folds_half_width_katakana_to_full_width() {
    let cases: &[(&str, &str)] = &[
        ("ﾅｶﾑﾗ ﾀﾞｲｽｹ", "ナカムラ ダイスケ"),
        ("ﾊﾟﾝ｡ｰ", "パン。ー"),
        ("aﾞb", "a゛b"),
        ("ｶ\nﾞ", "カ ゛"),
        ("ｶ\u{1b}ﾞ", "カ゛"),
        ("ＡＢＣ①", "ＡＢＣ①"),
    ];
    for (input, want) in cases {
        assert_eq!(shown(input), *want, "input {input:?}");
        assert_eq!(width(&shown(input)), width(want));
    }
    assert_eq!(shown_multiline("ﾃｽﾄ\nﾃﾞｽ"), "テスト\nデス");
    assert!(matches!(shown("plain テスト"), Cow::Borrowed(_)));
}

#[test]
fn truncate_start_keeps_the_end() {
    assert_eq!(truncate_start("abc", 5), "abc");
    assert_eq!(truncate_start("abcdef", 4), "…def");
    assert_eq!(truncate_start("設定を使います", 7), "…います");
    assert_eq!(truncate_start("設定を使います", 6), "…ます");
    assert_eq!(truncate_start("abc", 0), "");
}
