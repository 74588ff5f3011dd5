//! The message catalogue: every user-facing string, in English and Japanese.
//!
//! Catalogues are flat TOML files embedded in the binary
//! (`assets/i18n/en.toml`, `ja.toml`); a key missing from Japanese falls
//! back to English, and a key missing from both shows as itself so it is
//! noticed rather than crashing.

use std::collections::HashMap;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    /// `--lang` wins, then `LC_ALL`, `LC_MESSAGES`, `LANG` starting with `ja`.
    pub fn detect(flag: Option<&str>) -> Result<Lang, String> {
        if let Some(f) = flag {
            return Lang::parse(f).ok_or_else(|| format!("--lang: {f:?} is not one of: en, ja"));
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if !v.is_empty() {
                    return Ok(if v.starts_with("ja") {
                        Lang::Ja
                    } else {
                        Lang::En
                    });
                }
            }
        }
        Ok(Lang::En)
    }

    /// `en` or `ja` (any case).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }
}

const EN: &str = include_str!("../assets/i18n/en.toml");
const JA: &str = include_str!("../assets/i18n/ja.toml");

/// Looks up messages in one language.
#[derive(Debug, Clone)]
pub struct I18n {
    pub lang: Lang,
    primary: HashMap<String, String>,
    fallback: HashMap<String, String>,
}

impl I18n {
    /// The catalogue for `lang`.
    pub fn new(lang: Lang) -> I18n {
        let en = parse(EN);
        match lang {
            Lang::En => I18n {
                lang,
                primary: en,
                fallback: HashMap::new(),
            },
            Lang::Ja => I18n {
                lang,
                primary: parse(JA),
                fallback: en,
            },
        }
    }

    /// Whether Japanese forms (dates, money) should be used.
    pub fn ja(&self) -> bool {
        self.lang == Lang::Ja
    }

    /// The message for `key`.
    pub fn t(&self, key: &str) -> String {
        self.primary
            .get(key)
            .or_else(|| self.fallback.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The message for `key` with `{name}` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// `--flag: "value" is not one of: a, b` in this language.
    pub fn not_one_of(&self, flag: &str, value: &str, choices: &str) -> String {
        let value = crate::domain::text::sanitize(value);
        self.f(
            "cli.not_one_of",
            &[("flag", flag), ("value", &value), ("choices", choices)],
        )
    }

    /// A date-entry problem in this language, quoting what was typed.
    /// Why a plan step could not be read.
    pub fn step_problem(&self, e: &crate::domain::triage::StepProblem) -> String {
        use crate::domain::triage::StepProblem;
        let (key, step) = match e {
            StepProblem::NoColon(s) => ("plan11.no_colon", s),
            StepProblem::NotDays(s) => ("plan11.not_days", s),
            StepProblem::EmptyNote(s) => ("plan11.empty_note", s),
        };
        self.f(key, &[("step", step)])
    }

    /// A conversation kind by its word (`email`) or its label in this
    /// language (`メール`).
    pub fn conversation_kind(&self, word: &str) -> Option<crate::domain::model::ConversationKind> {
        use crate::domain::model::ConversationKind;
        ConversationKind::parse(word).ok().or_else(|| {
            ConversationKind::ALL
                .iter()
                .copied()
                .find(|k| self.t(&format!("conv.{k}")) == word)
        })
    }

    pub fn when_error(&self, e: &crate::domain::when::WhenError) -> String {
        use crate::domain::when::WhenError;
        let (key, input) = match e {
            WhenError::Empty => return self.t("when.empty"),
            WhenError::Unrecognised(s) => ("when.unrecognised", s),
            WhenError::NoSuchDate(s) => ("when.no_such_date", s),
            WhenError::NoSuchTime(s) => ("when.no_such_time", s),
            WhenError::OutOfRange(s) => ("when.out_of_range", s),
            WhenError::SkippedTime(s) => ("time.skipped", s),
        };
        self.f(key, &[("when", input)])
    }

    /// An amount that could not be read, in this language, with examples
    /// in `currency` (`12,000円` / `$29.33`).
    pub fn amount_error(
        &self,
        e: &crate::domain::money::AmountError,
        currency: crate::domain::money::Currency,
    ) -> String {
        use crate::domain::money::{format_money, format_plain, Currency};
        // 12000 yen, 29.33 dollars, 29.330 dinars: one typical amount.
        let (typical, larger) = match currency.minor_units {
            0 => (12_000, 12_000),
            _ => (
                2_933 * currency.scale() / 100,
                123_450 * currency.scale() / 100,
            ),
        };
        let grouped = format_money(larger, currency, false);
        let grouped = grouped.trim_start_matches(|c: char| !c.is_ascii_digit());
        let examples = self.f(
            "currency.examples",
            &[
                ("a", &format_plain(typical, currency)),
                ("b", grouped),
                ("c", &format_money(typical, currency, self.ja())),
            ],
        );
        let unit = if currency == Currency::JPY {
            self.t("currency.unit_jpy")
        } else {
            currency.code.to_string()
        };
        self.f(
            e.key(),
            &[
                ("input", e.input()),
                ("examples", &examples),
                ("unit", &unit),
                ("code", currency.code),
                ("decimals", &currency.minor_units.to_string()),
            ],
        )
    }

    /// A refusal (already retracted, plan already applied ...) in this
    /// language, its times in the calendar of `zone`.
    pub fn refusal(
        &self,
        r: &crate::domain::history::Refusal,
        zone: Option<&dyn crate::domain::zone::Zone>,
    ) -> String {
        let args = zone.map(|z| r.args(z)).unwrap_or_default();
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.f(r.key(), &args)
    }

    /// Every key of the catalogue in `lang` (catalogue tests).
    pub fn keys(lang: Lang) -> Vec<String> {
        let mut k: Vec<String> = parse(if lang == Lang::En { EN } else { JA })
            .into_keys()
            .collect();
        k.sort();
        k
    }
}

/// Flatten `[section] key = "v"` into `section.key`.
///
/// Every command starts by reading a catalogue, so the flat shape ours
/// have (section headers, `key = "basic string"` lines, comments) is read
/// by a line scanner, ten times faster than a TOML parser (which took a
/// fifth of a short command's 10 ms); a line it does not know hands the
/// whole file to the TOML parser, so nothing is read wrong.
fn parse(src: &str) -> HashMap<String, String> {
    parse_flat(src).unwrap_or_else(|| parse_toml(src))
}

fn parse_toml(src: &str) -> HashMap<String, String> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut HashMap<String, String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            toml::Value::String(s) => {
                out.insert(prefix.to_string(), s.clone());
            }
            other => {
                out.insert(prefix.to_string(), other.to_string());
            }
        }
    }
    let mut out = HashMap::new();
    // The catalogues are ours and tested; a broken one shows keys, not a crash.
    if let Ok(t) = src.parse::<toml::Table>() {
        walk("", &toml::Value::Table(t), &mut out);
    }
    out
}

/// The flat catalogue, or `None` at the first line outside that shape (or
/// a key given twice, which TOML refuses).
fn parse_flat(src: &str) -> Option<HashMap<String, String>> {
    let bare = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let mut out = HashMap::with_capacity(src.len() / 40);
    let mut section = String::new();
    for line in src.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if !name.split('.').all(bare) {
                return None;
            }
            section = format!("{name}.");
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let key = key.trim_end();
        if !bare(key) {
            return None;
        }
        let full = format!("{section}{key}");
        if out
            .insert(full, basic_string(value.trim_start())?)
            .is_some()
        {
            return None;
        }
    }
    Some(out)
}

/// A TOML basic string making up the whole of `s`, with its escapes read;
/// `None` for anything else (other string kinds, a trailing comment).
fn basic_string(s: &str) -> Option<String> {
    let body = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let read = match chars.next()? {
                    '"' => '"',
                    '\\' => '\\',
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    width @ ('u' | 'U') => {
                        let digits = if width == 'u' { 4 } else { 8 };
                        let hex: String = chars.by_ref().take(digits).collect();
                        if hex.len() != digits {
                            return None;
                        }
                        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                    }
                    _ => return None,
                };
                out.push(read);
            }
            c if c.is_control() && c != '\t' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_parse_and_have_the_same_keys() {
        assert!(EN.parse::<toml::Table>().is_ok(), "en.toml does not parse");
        assert!(JA.parse::<toml::Table>().is_ok(), "ja.toml does not parse");
        let en = I18n::keys(Lang::En);
        let ja = I18n::keys(Lang::Ja);
        let missing_ja: Vec<_> = en.iter().filter(|k| !ja.contains(k)).collect();
        let missing_en: Vec<_> = ja.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_ja.is_empty(), "missing in ja.toml: {missing_ja:?}");
        assert!(missing_en.is_empty(), "missing in en.toml: {missing_en:?}");
        assert!(en.len() > 20);
    }

    #[test]
    fn the_line_scanner_reads_the_catalogues_as_toml_does() {
        for src in [EN, JA] {
            assert_eq!(parse_flat(src), Some(parse_toml(src)));
        }
        let tricky =
            "# note\n[a.b]\nx = \"q \\\" \\\\ \\n \\t \\u00e9 \\U0001F600\"\n\n[c]\ny=\"\"\n";
        assert_eq!(parse_flat(tricky), Some(parse_toml(tricky)));
        assert_eq!(parse_toml(tricky).len(), 2);
        // Shapes the scanner leaves to the TOML parser, read the same way.
        for other in [
            "x = 'literal'\n",
            "x = \"v\" # comment\n",
            "x = 3\n",
            "x = \"\"\"long\"\"\"\n",
            "\"quoted key\" = \"v\"\n",
            "x = \"v\"\nx = \"w\"\n",
            "x = \"a\\qb\"\n",
        ] {
            assert_eq!(parse_flat(other), None, "{other}");
            assert_eq!(parse(other), parse_toml(other), "{other}");
        }
    }

    #[test]
    fn retract_and_cancel_read_differently() {
        for lang in [Lang::En, Lang::Ja] {
            let i = I18n::new(lang);
            assert_ne!(i.t("key.cancel"), i.t("key.retract"), "{lang:?}");
            // An e-mail is received or sent, not an incoming call.
            assert_ne!(i.t("fixes11.dir_email_in"), i.t("dir.in"), "{lang:?}");
        }
    }

    #[test]
    fn placeholders_fill_and_unknown_keys_show_themselves() {
        let en = I18n::new(Lang::En);
        assert_eq!(en.t("no.such.key"), "no.such.key");
        let ja = I18n::new(Lang::Ja);
        assert_ne!(ja.t("screen.accounts"), en.t("screen.accounts"));
    }

    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        for lang in [Lang::En, Lang::Ja] {
            let keys = I18n::keys(lang);
            for r in crate::domain::history::Refusal::samples() {
                assert!(
                    keys.iter().any(|k| k == r.key()),
                    "{lang:?} lacks {}",
                    r.key()
                );
                let text = I18n::new(lang).refusal(&r, Some(&chrono::Offset::fix(&chrono::Utc)));
                assert!(!text.contains('{'), "{lang:?} {}: unfilled {text}", r.key());
            }
        }
    }

    #[test]
    fn every_amount_error_has_a_message_in_both_languages() {
        use crate::domain::money::{AmountError, Currency};
        for lang in [Lang::En, Lang::Ja] {
            let i18n = I18n::new(lang);
            for e in AmountError::samples() {
                for c in [Currency::JPY, Currency::USD] {
                    let text = i18n.amount_error(&e, c);
                    assert!(!text.contains('{'), "{lang:?} {}: unfilled {text}", e.key());
                    assert_ne!(text, e.key(), "{lang:?} lacks {}", e.key());
                }
            }
        }
        let en = I18n::new(Lang::En);
        let ja = I18n::new(Lang::Ja);
        let e = AmountError::NotANumber("abc".into());
        assert_eq!(
            en.amount_error(&e, Currency::JPY),
            "not an amount: \"abc\" (try 12000, 12,000 or ¥12,000)"
        );
        assert_eq!(
            en.amount_error(&e, Currency::USD),
            "not an amount: \"abc\" (try 29.33, 1,234.50 or $29.33)"
        );
        assert!(ja.amount_error(&e, Currency::JPY).contains("12,000円"));
        let e = AmountError::Fractional("29.33".into());
        assert_eq!(
            en.amount_error(&e, Currency::JPY),
            "yen has no fractional part: \"29.33\" (round to whole yen)"
        );
        assert_eq!(
            ja.amount_error(&e, Currency::JPY),
            "円に小数はありません：「29.33」（1円単位に丸めてください）"
        );
    }

    #[test]
    fn flag_beats_environment() {
        assert_eq!(Lang::detect(Some("ja")), Ok(Lang::Ja));
        assert_eq!(Lang::detect(Some("EN")), Ok(Lang::En));
        assert!(Lang::detect(Some("fr")).is_err());
    }
}
