use super::*;

#[test]
#[rustfmt::skip]
fn parses_amounts() {
    let cases = [
        ("12000", 12_000), ("12,000", 12_000), ("¥12,000", 12_000), ("￥12,000", 12_000),
        ("\\12,000", 12_000), ("12000円", 12_000), ("12,000 円", 12_000), ("１２，０００円", 12_000),
        ("１２０００", 12_000), ("￥１２，０００", 12_000), ("JPY 12000", 12_000),
        ("jpy12000", 12_000), ("12000 JPY", 12_000), ("12000jpy", 12_000), ("¥ 12,000", 12_000),
        ("  12000  ", 12_000), ("0", 0), ("¥0", 0), ("007", 7), ("1", 1), ("999", 999),
        ("1,000", 1_000), ("1,234,567", 1_234_567), ("1234567", 1_234_567),
        ("9,223,372,036,854,775,807", i64::MAX), ("9223372036854775807円", i64::MAX),
    ];
    for (input, want) in cases {
        assert_eq!(parse_amount(input), Ok(want), "input {input:?}");
    }
}

#[test]
#[rustfmt::skip]
fn rejects_bad_amounts() {
    use AmountError::*;
    let s = |x: &str| x.to_string();
    let cases = [
        ("", Empty), ("   ", Empty), ("　", Empty),
        ("-500", Negative(s("-500"))), ("-¥500", Negative(s("-¥500"))),
        ("¥-500", Negative(s("¥-500"))), ("−500円", Negative(s("−500円"))),
        ("▲500", Negative(s("▲500"))), ("△1,000円", Negative(s("△1,000円"))),
        ("－５００", Negative(s("－５００"))), ("-12.5", Negative(s("-12.5"))),
        ("12.5", Fractional(s("12.5"))), ("12.0", Fractional(s("12.0"))),
        ("¥1,200.50", Fractional(s("¥1,200.50"))), ("１２．５円", Fractional(s("１２．５円"))),
        ("abc", NotANumber(s("abc"))), ("¥", NotANumber(s("¥"))), ("円", NotANumber(s("円"))),
        ("JPY", NotANumber(s("JPY"))), ("-", NotANumber(s("-"))), ("12 000", NotANumber(s("12 000"))),
        ("+500", NotANumber(s("+500"))), ("12k", NotANumber(s("12k"))), ("$12", NotANumber(s("$12"))),
        ("12万", NotANumber(s("12万"))), ("1e3", NotANumber(s("1e3"))), ("¥¥12", NotANumber(s("¥¥12"))),
        ("1,20,000", Misgrouped(s("1,20,000"))), ("12,00", Misgrouped(s("12,00"))),
        (",000", Misgrouped(s(",000"))), ("12,", Misgrouped(s("12,"))),
        ("1,,000", Misgrouped(s("1,,000"))), ("1234,567", Misgrouped(s("1234,567"))),
        ("9223372036854775808", TooLarge(s("9223372036854775808"))),
        ("99,999,999,999,999,999,999", TooLarge(s("99,999,999,999,999,999,999"))),
    ];
    for (input, want) in cases {
        assert_eq!(parse_amount(input), Err(want), "input {input:?}");
    }
}

#[test]
fn error_messages_name_the_input() {
    let msg = |input: &str| parse_amount(input).unwrap_err().to_string();
    assert_eq!(
        msg("12.5"),
        "yen has no fractional part: \"12.5\" (round to whole yen)"
    );
    assert_eq!(msg("-500"), "amount cannot be negative: \"-500\"");
    assert_eq!(
        msg("abc"),
        "not an amount: \"abc\" (try 12000, 12,000 or ¥12,000)"
    );
    assert_eq!(
        msg("1,20,000"),
        "misplaced comma in \"1,20,000\" (use groups of three: 12,000)"
    );
    assert_eq!(
        msg("99999999999999999999"),
        "amount too large: \"99999999999999999999\""
    );
    assert!(msg("").starts_with("no amount given"));
}

#[test]
#[rustfmt::skip]
fn formats_yen() {
    let cases = [
        (0, "¥0", "0円"), (1, "¥1", "1円"), (999, "¥999", "999円"), (1_000, "¥1,000", "1,000円"),
        (12_000, "¥12,000", "12,000円"), (123_456, "¥123,456", "123,456円"),
        (1_234_567, "¥1,234,567", "1,234,567円"), (-12_000, "-¥12,000", "-12,000円"),
        (-1, "-¥1", "-1円"), (-999, "-¥999", "-999円"),
        (i64::MAX, "¥9,223,372,036,854,775,807", "9,223,372,036,854,775,807円"),
        (i64::MIN, "-¥9,223,372,036,854,775,808", "-9,223,372,036,854,775,808円"),
    ];
    for (amount, en, ja) in cases {
        assert_eq!(format_yen(amount, false), en, "{amount}");
        assert_eq!(format_yen(amount, true), ja, "{amount}");
    }
}

#[test]
fn format_then_parse_round_trips() {
    for amount in [0, 7, 1_000, 12_000, 1_234_567_890, i64::MAX] {
        assert_eq!(parse_amount(&format_yen(amount, false)), Ok(amount));
        assert_eq!(parse_amount(&format_yen(amount, true)), Ok(amount));
    }
}
