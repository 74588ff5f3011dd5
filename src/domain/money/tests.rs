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

#[test]
#[rustfmt::skip]
fn parses_dollars_in_cents() {
    let usd = Currency::USD;
    let cases = [
        ("29.33", 2_933), ("$29.33", 2_933), ("1,234.50", 123_450), ("USD 29.33", 2_933),
        ("29.33 USD", 2_933), ("usd29.33", 2_933), ("US$29.33", 2_933), ("$ 1,234.50", 123_450),
        ("29", 2_900), ("29.5", 2_950), ("0.01", 1), ("0", 0), ("＄２９．３３", 2_933),
        ("1,234", 123_400), ("92,233,720,368,547,758.07", i64::MAX),
    ];
    for (input, want) in cases {
        assert_eq!(parse_amount_in(input, usd), Ok(want), "input {input:?}");
    }
    assert_eq!(parse_amount_in("€1,234.50", Currency::EUR), Ok(123_450));
    assert_eq!(parse_amount_in("1.234", currency("KWD")), Ok(1_234));
    assert_eq!(parse_amount_in("₩12,000", currency("KRW")), Ok(12_000));
}

#[test]
#[rustfmt::skip]
fn refuses_what_the_currency_cannot_hold() {
    use AmountError::*;
    let s = |x: &str| x.to_string();
    let usd = Currency::USD;
    let cases = [
        ("29.333", TooManyDecimals(s("29.333"))), ("$1,234.505", TooManyDecimals(s("$1,234.505"))),
        ("-29.33", Negative(s("-29.33"))), ("-$29.33", Negative(s("-$29.33"))),
        ("$-29.33", Negative(s("$-29.33"))), ("29.", NotANumber(s("29."))),
        (".50", NotANumber(s(".50"))), ("1.234.50", NotANumber(s("1.234.50"))),
        ("1.234,50", NotANumber(s("1.234,50"))), ("¥29", NotANumber(s("¥29"))),
        ("€29", NotANumber(s("€29"))), ("12,34.50", Misgrouped(s("12,34.50"))),
        ("92,233,720,368,547,758.08", TooLarge(s("92,233,720,368,547,758.08"))),
        ("", Empty),
    ];
    for (input, want) in cases {
        assert_eq!(parse_amount_in(input, usd), Err(want), "input {input:?}");
    }
    // Yen and won have no minor unit: any decimal point is refused.
    assert_eq!(parse_amount("29.33"), Err(Fractional(s("29.33"))));
    assert_eq!(parse_amount_in("1.5", currency("KRW")), Err(Fractional(s("1.5"))));
}

#[test]
#[rustfmt::skip]
fn formats_by_currency_and_language() {
    let cases = [
        (2_933, "USD", "$29.33", "$29.33"), (123_450, "EUR", "€1,234.50", "€1,234.50"),
        (5, "GBP", "£0.05", "£0.05"), (-2_933, "USD", "-$29.33", "-$29.33"),
        (1_250, "CHF", "CHF 12.50", "CHF 12.50"), (12_000, "KRW", "₩12,000", "₩12,000"),
        (1_234, "KWD", "KWD 1.234", "KWD 1.234"), (12_000, "JPY", "¥12,000", "12,000円"),
        (i64::MIN, "USD", "-$92,233,720,368,547,758.08", "-$92,233,720,368,547,758.08"),
    ];
    for (amount, code, en, ja) in cases {
        assert_eq!(format_money(amount, currency(code), false), en, "{amount} {code}");
        assert_eq!(format_money(amount, currency(code), true), ja, "{amount} {code}");
    }
    assert_eq!(format_plain(2_933, Currency::USD), "29.33");
    assert_eq!(format_plain(123_450, Currency::USD), "1234.50");
    assert_eq!(format_plain(-50, Currency::USD), "-0.50");
    assert_eq!(format_plain(12_000, Currency::JPY), "12000");
}

#[test]
fn every_currency_formats_and_parses_back() {
    for c in CURRENCIES {
        assert_eq!(Currency::from_code(c.code), Some(*c));
        let same = CURRENCIES.iter().filter(|o| o.code == c.code).count();
        assert_eq!(same, 1, "{} listed twice", c.code);
        for amount in [0, 1, 99, 2_933, 123_450, 1_234_567_890, i64::MAX] {
            for ja in [false, true] {
                let shown = format_money(amount, *c, ja);
                assert_eq!(parse_amount_in(&shown, *c), Ok(amount), "{shown}");
            }
            let plain = format_plain(amount, *c);
            assert_eq!(parse_amount_in(&plain, *c), Ok(amount), "{plain}");
        }
    }
    assert_eq!(Currency::from_code(" usd "), Some(Currency::USD));
    assert_eq!(Currency::from_code("XYZ"), None);
    assert_eq!(Currency::default(), Currency::JPY);
}

fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}
