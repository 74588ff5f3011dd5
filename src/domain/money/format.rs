//! Amounts for display: thousands commas, the currency's decimals and mark.

use super::Currency;

/// An amount of `currency` (in its minor units) for display, with a
/// leading `-` when negative (for differences computed elsewhere).
///
/// Yen is `¥12,000` in English and `12,000円` in Japanese. Every other
/// currency is shown the same way in both languages, its symbol first
/// (`$29.33`, `€1,234.50`) or, without a symbol, its code (`CHF 12.50`):
/// a Japanese reader knows `$29.33`, while `29.33ドル` would not say which
/// dollar.
pub fn format_money(amount: i64, currency: Currency, ja: bool) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let number = number(amount, currency, true);
    if currency == Currency::JPY {
        return if ja {
            format!("{sign}{number}円")
        } else {
            format!("{sign}¥{number}")
        };
    }
    if currency.symbol.is_empty() {
        format!("{sign}{} {number}", currency.code)
    } else {
        format!("{sign}{}{number}", currency.symbol)
    }
}

/// Whole yen for display: [`format_money`] in JPY.
pub fn format_yen(amount: i64, ja: bool) -> String {
    format_money(amount, Currency::JPY, ja)
}

/// An amount as a plain number, without grouping or mark, as a form is
/// pre-filled and a spreadsheet cell written: `12000` yen, `29.33`
/// dollars, `-0.50` for minus fifty cents. It parses back to the same
/// amount.
pub fn format_plain(amount: i64, currency: Currency) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{}", number(amount, currency, false))
}

/// The absolute amount in major units, the decimals always written.
fn number(amount: i64, currency: Currency, grouped: bool) -> String {
    // unsigned_abs so i64::MIN does not overflow.
    let abs = amount.unsigned_abs();
    let scale = currency.scale().unsigned_abs();
    let whole = (abs / scale).to_string();
    let mut out = String::with_capacity(whole.len() * 4 / 3 + 4);
    for (i, c) in whole.chars().enumerate() {
        if grouped && i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if currency.minor_units > 0 {
        let width = usize::from(currency.minor_units);
        out.push_str(&format!(".{:0width$}", abs % scale));
    }
    out
}
