//! Currencies by ISO 4217 code: how many minor units an amount is counted
//! in, and how it is marked when shown or typed.

/// One currency. Amounts are stored as integers in its minor unit:
/// yen (0 decimals) as whole yen, dollars (2 decimals) as cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    /// The ISO 4217 code, upper case: `JPY`, `USD`.
    pub code: &'static str,
    /// Digits after the decimal point (ISO 4217 minor units).
    pub minor_units: u8,
    /// The mark written before an amount: `$`, `€`. Empty where the code
    /// itself is written (`CHF 12.50`).
    pub symbol: &'static str,
    /// Other marks accepted when typed, before or after the number
    /// (`US$`, `円`, the yen key's backslash).
    pub also_typed: &'static [&'static str],
}

impl Currency {
    /// Japanese yen, the default.
    pub const JPY: Currency = c("JPY", 0, "¥", &["\\", "円"]);
    /// United States dollar.
    pub const USD: Currency = c("USD", 2, "$", &["US$"]);
    /// Euro.
    pub const EUR: Currency = c("EUR", 2, "€", &[]);

    /// The currency with this ISO code (any case, surrounding spaces
    /// ignored), if it is one of [`ALL`].
    pub fn from_code(code: &str) -> Option<Currency> {
        let code = code.trim();
        ALL.iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
            .copied()
    }

    /// 10 to the power of the minor units: minor units per major unit.
    pub fn scale(self) -> i64 {
        10i64.pow(u32::from(self.minor_units))
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::JPY
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

const fn c(
    code: &'static str,
    minor_units: u8,
    symbol: &'static str,
    also_typed: &'static [&'static str],
) -> Currency {
    Currency {
        code,
        minor_units,
        symbol,
        also_typed,
    }
}

/// Every currency a configuration may name, with its ISO 4217 minor units.
pub const ALL: &[Currency] = &[
    Currency::JPY,
    Currency::USD,
    Currency::EUR,
    c("GBP", 2, "£", &[]),
    c("CNY", 2, "CN¥", &["元", "RMB"]),
    c("KRW", 0, "₩", &["원"]),
    c("TWD", 2, "NT$", &[]),
    c("HKD", 2, "HK$", &[]),
    c("SGD", 2, "S$", &[]),
    c("AUD", 2, "A$", &[]),
    c("NZD", 2, "NZ$", &[]),
    c("CAD", 2, "CA$", &[]),
    c("CHF", 2, "", &[]),
    c("THB", 2, "฿", &[]),
    c("VND", 0, "₫", &[]),
    c("IDR", 2, "Rp", &[]),
    c("MYR", 2, "RM", &[]),
    c("PHP", 2, "₱", &[]),
    c("INR", 2, "₹", &[]),
    c("SEK", 2, "", &[]),
    c("NOK", 2, "", &[]),
    c("DKK", 2, "", &[]),
    c("PLN", 2, "", &["zł"]),
    c("CZK", 2, "", &["Kč"]),
    c("HUF", 2, "", &["Ft"]),
    c("MXN", 2, "MX$", &[]),
    c("BRL", 2, "R$", &[]),
    c("ZAR", 2, "R", &[]),
    c("AED", 2, "", &[]),
    c("SAR", 2, "", &[]),
    c("ILS", 2, "₪", &[]),
    c("TRY", 2, "₺", &[]),
    c("CLP", 0, "", &[]),
    c("ISK", 0, "", &[]),
    c("KWD", 3, "", &[]),
    c("BHD", 3, "", &[]),
    c("OMR", 3, "", &[]),
];
