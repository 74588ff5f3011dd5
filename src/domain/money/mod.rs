//! Money. Amounts are integers in the minor unit of one currency (see
//! [`Currency`]): whole yen for JPY (1 = ¥1), cents for USD (2933 =
//! $29.33). Parsing is for what an operator types into a form, a CLI flag
//! or an imported cell; formatting is for display.

mod currency;
mod format;

pub use currency::{Currency, ALL as CURRENCIES};
pub use format::{format_money, format_plain, format_yen};

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Why an amount could not be read. Each variant keeps the input as typed;
/// `I18n::amount_error` says it in the operator's language for a currency.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    /// Nothing but whitespace was typed.
    #[error("no amount given (try 12000, 12,000 or ¥12,000)")]
    Empty,
    /// Not a number, even after removing the currency's marks, its code
    /// and thousands commas.
    #[error("not an amount: \"{0}\" (try 12000, 12,000 or ¥12,000)")]
    NotANumber(String),
    /// A minus sign (or the accounting marks ▲ △): amounts are never negative.
    #[error("amount cannot be negative: \"{0}\"")]
    Negative(String),
    /// A decimal point in a currency without minor units (yen, won).
    #[error("yen has no fractional part: \"{0}\" (round to whole yen)")]
    Fractional(String),
    /// More decimals than the currency has minor units (`29.333` dollars).
    #[error("too many decimals: \"{0}\"")]
    TooManyDecimals(String),
    /// Commas that are not thousands separators, such as `1,20,000`.
    #[error("misplaced comma in \"{0}\" (use groups of three: 12,000)")]
    Misgrouped(String),
    /// More than `i64::MAX` minor units.
    #[error("amount too large: \"{0}\"")]
    TooLarge(String),
}

impl AmountError {
    /// The catalogue key of this problem's message.
    pub fn key(&self) -> &'static str {
        match self {
            AmountError::Empty => "currency.empty",
            AmountError::NotANumber(_) => "currency.not_a_number",
            AmountError::Negative(_) => "currency.negative",
            AmountError::Fractional(_) => "currency.fractional",
            AmountError::TooManyDecimals(_) => "currency.too_many_decimals",
            AmountError::Misgrouped(_) => "currency.misgrouped",
            AmountError::TooLarge(_) => "currency.too_large",
        }
    }

    /// The input as typed (empty for [`AmountError::Empty`]).
    pub fn input(&self) -> &str {
        match self {
            AmountError::Empty => "",
            AmountError::NotANumber(s)
            | AmountError::Negative(s)
            | AmountError::Fractional(s)
            | AmountError::TooManyDecimals(s)
            | AmountError::Misgrouped(s)
            | AmountError::TooLarge(s) => s,
        }
    }

    /// One of each variant (catalogue tests).
    pub fn samples() -> Vec<AmountError> {
        let s = || "x".to_string();
        vec![
            AmountError::Empty,
            AmountError::NotANumber(s()),
            AmountError::Negative(s()),
            AmountError::Fractional(s()),
            AmountError::TooManyDecimals(s()),
            AmountError::Misgrouped(s()),
            AmountError::TooLarge(s()),
        ]
    }
}

/// Reads a non-negative whole-yen amount: [`parse_amount_in`] for JPY.
pub fn parse_amount(s: &str) -> Result<i64, AmountError> {
    parse_amount_in(s, Currency::JPY)
}

/// Reads a non-negative amount of `currency`, in its minor units.
///
/// For yen it accepts `12000`, `12,000`, `¥12,000`, `￥12,000`, `\12,000`
/// (the yen key on Japanese keyboards types a backslash), `12000円`,
/// `12,000 円`, `JPY 12000`, `12000 JPY` and full-width forms such as
/// `１２，０００円`. For dollars `29.33`, `$29.33`, `1,234.50`, `USD 29.33`,
/// `29.5` (2950 cents). Rejects empty, negative, badly grouped and
/// overflowing input, more decimals than the currency has (`29.333`
/// dollars), and any decimal point for a currency without minor units
/// (`12.5`, even `12.0` yen, since a `.` may be a European thousands
/// separator).
pub fn parse_amount_in(s: &str, currency: Currency) -> Result<i64, AmountError> {
    let typed = s.trim();
    if typed.is_empty() {
        return Err(AmountError::Empty);
    }
    // NFKC turns full-width digits, ，, ．, ￥ and ＄ into their plain forms.
    let folded: String = typed.nfkc().collect();
    let mut body = folded.trim();
    let mut marks: Vec<&str> = std::iter::once(currency.symbol)
        .chain(currency.also_typed.iter().copied())
        .filter(|m| !m.is_empty())
        .collect();
    // The longest first, so `US$` is not read as `US` before a `$`.
    marks.sort_by_key(|m| std::cmp::Reverse(m.len()));
    // A sign may come before or after the currency mark: "-¥500", "¥-500".
    let mut negative = strip_sign(&mut body);
    body = strip_prefix_ignore_case(body, currency.code)
        .unwrap_or(body)
        .trim_start();
    negative |= strip_sign(&mut body);
    if let Some(rest) = marks.iter().find_map(|m| strip_prefix_ignore_case(body, m)) {
        body = rest.trim_start();
    }
    negative |= strip_sign(&mut body);
    if let Some(rest) = marks.iter().find_map(|m| strip_suffix_ignore_case(body, m)) {
        body = rest.trim_end();
    }
    body = strip_suffix_ignore_case(body, currency.code)
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
    let (whole, fraction) = if decimal {
        if currency.minor_units == 0 {
            return Err(AmountError::Fractional(typed.to_string()));
        }
        match body.split_once('.') {
            Some((w, f))
                if !w.is_empty() && !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) =>
            {
                (w, f)
            }
            _ => return Err(AmountError::NotANumber(typed.to_string())),
        }
    } else if numeric {
        (body, "")
    } else {
        return Err(AmountError::NotANumber(typed.to_string()));
    };
    if fraction.len() > usize::from(currency.minor_units) {
        return Err(AmountError::TooManyDecimals(typed.to_string()));
    }
    if !well_grouped(whole) {
        return Err(AmountError::Misgrouped(typed.to_string()));
    }
    let too_large = || AmountError::TooLarge(typed.to_string());
    let digits: String = whole.chars().filter(|c| *c != ',').collect();
    // Only digits remain, so the one way to fail is overflow.
    let whole: i64 = digits.parse().map_err(|_| too_large())?;
    let padded = format!(
        "{fraction:0<width$}",
        width = usize::from(currency.minor_units)
    );
    let fraction: i64 = if padded.is_empty() {
        0
    } else {
        padded.parse().map_err(|_| too_large())?
    };
    whole
        .checked_mul(currency.scale())
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(too_large)
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
mod tests;
