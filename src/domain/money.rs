//! Yen amounts. Yen has no minor unit, so amounts are whole yen in an `i64`
//! (1 = ¥1). Parsing is for what an operator types into a form or a CLI
//! flag; formatting is for display.

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Why an amount could not be read. Each message quotes the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    /// Nothing but whitespace was typed.
    #[error("no amount given (try 12000, 12,000 or ¥12,000)")]
    Empty,
    /// Not digits, even after removing ¥, 円, JPY and thousands commas.
    #[error("not an amount: \"{0}\" (try 12000, 12,000 or ¥12,000)")]
    NotANumber(String),
    /// A minus sign (or the accounting marks ▲ △): amounts are never negative.
    #[error("amount cannot be negative: \"{0}\"")]
    Negative(String),
    /// A decimal point: there are no fractions of a yen.
    #[error("yen has no fractional part: \"{0}\" (round to whole yen)")]
    Fractional(String),
    /// Commas that are not thousands separators, such as `1,20,000`.
    #[error("misplaced comma in \"{0}\" (use groups of three: 12,000)")]
    Misgrouped(String),
    /// More than `i64::MAX` yen.
    #[error("amount too large: \"{0}\"")]
    TooLarge(String),
}

/// Reads a non-negative whole-yen amount.
///
/// Accepts `12000`, `12,000`, `¥12,000`, `￥12,000`, `\12,000` (the yen key
/// on Japanese keyboards types a backslash), `12000円`, `12,000 円`,
/// `JPY 12000`, `12000 JPY` and full-width forms such as `１２，０００円`.
/// Rejects empty, negative, fractional (`12.5`, even `12.0`, since a `.`
/// may be a European thousands separator), badly grouped and overflowing
/// input.
pub fn parse_amount(s: &str) -> Result<i64, AmountError> {
    let typed = s.trim();
    if typed.is_empty() {
        return Err(AmountError::Empty);
    }
    // NFKC turns full-width digits, ，, ． and ￥ into their ASCII/¥ forms.
    let folded: String = typed.nfkc().collect();
    let mut body = folded.trim();
    // A sign may come before or after the currency mark: "-¥500", "¥-500".
    let mut negative = strip_sign(&mut body);
    body = strip_prefix_ignore_case(body, "jpy")
        .unwrap_or(body)
        .trim_start();
    negative |= strip_sign(&mut body);
    body = body.strip_prefix(['¥', '\\']).unwrap_or(body).trim_start();
    negative |= strip_sign(&mut body);
    body = body.strip_suffix('円').unwrap_or(body).trim_end();
    body = strip_suffix_ignore_case(body, "jpy")
        .unwrap_or(body)
        .trim_end();

    let made_of = |extra: &str| {
        !body.is_empty()
            && body
                .chars()
                .all(|c| c.is_ascii_digit() || extra.contains(c))
    };
    let numeric = made_of(",");
    let decimal = body.contains('.') && made_of(",.");
    if negative && (numeric || decimal) {
        return Err(AmountError::Negative(typed.to_string()));
    }
    if decimal {
        return Err(AmountError::Fractional(typed.to_string()));
    }
    if !numeric {
        return Err(AmountError::NotANumber(typed.to_string()));
    }
    if !well_grouped(body) {
        return Err(AmountError::Misgrouped(typed.to_string()));
    }
    let digits: String = body.chars().filter(|c| *c != ',').collect();
    // Only digits remain, so the one way to fail is overflow.
    digits
        .parse()
        .map_err(|_| AmountError::TooLarge(typed.to_string()))
}

/// Formats whole yen with thousands commas: `¥12,000` in English and
/// `12,000円` in Japanese, with a leading `-` when negative (for
/// differences and refunds computed elsewhere).
pub fn format_yen(amount: i64, ja: bool) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    // unsigned_abs so i64::MIN does not overflow.
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if ja {
        format!("{sign}{grouped}円")
    } else {
        format!("{sign}¥{grouped}")
    }
}

/// Removes one leading minus (ASCII, U+2212) or Japanese accounting negative
/// mark (▲ △), reporting whether there was one.
fn strip_sign(body: &mut &str) -> bool {
    match body.strip_prefix(['-', '\u{2212}', '▲', '△']) {
        Some(rest) => {
            *body = rest.trim_start();
            true
        }
        None => false,
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    // `get` succeeded, so `prefix.len()` is a char boundary.
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..at])
}

/// Without commas anything goes; with them, the first group has 1 to 3
/// digits and every later group exactly 3 (`12,000`, not `1,20,000`).
fn well_grouped(body: &str) -> bool {
    let mut groups = body.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) || !body.contains(','));
    first_ok && groups.all(|g| g.len() == 3)
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
