//! The user's configuration: `config.toml` in the platform config dir.
//!
//! A malformed file never stops the app: the problem is reported with its
//! line, and the defaults are used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::deals::{Pipeline, Stage, StageProblem};
use crate::domain::insight::funnel::DEFAULT_LOYAL_PURCHASE_DAYS;
use crate::domain::insight::rfm::RfmCutoffs;
use crate::domain::interval::DEFAULT_INTERVAL_DAYS;
use crate::domain::money::Currency;

/// How dates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    /// The language's own form: `2026年11月23日(月)` / `Mon 23 Nov 2026`.
    #[default]
    Locale,
    /// `2026-11-23`, whatever the language.
    Iso,
}

/// Everything a user can set.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `en` or `ja`; absent means from the environment.
    pub language: Option<String>,
    /// Expected days between contacts when neither the account nor its
    /// history says.
    pub default_interval_days: u32,
    pub date_style: DateStyle,
    /// Show Japanese era years (令和8年) in long Japanese dates.
    pub era: bool,
    /// Action name -> key, e.g. `log = "L"` or `quit = "ctrl-q"`.
    pub keys: BTreeMap<String, String>,
    /// The ISO 4217 code amounts are counted in (`JPY`, `USD`); see
    /// [`Config::currency`]. A database keeps the currency of its first
    /// amount, which wins over this.
    pub currency: String,
    /// Purchase days that make a customer loyal (the funnel's last stage).
    pub loyal_purchase_days: u32,
    /// Fixed RFM cut-offs (`[rfm]`), for a shop with too few customers
    /// for quintiles; absent means quintiles.
    pub rfm: Option<RfmCutoffs>,
    /// The deal pipeline's open stages (`[[stages]]`); none means the
    /// default pipeline. Checked by [`load`]; see [`Config::pipeline`].
    pub stages: Vec<StageConfig>,
    /// `[sync]`: the team's PostgreSQL server; absent: this file is not
    /// shared.
    pub sync: Option<SyncConfig>,
}

/// `[sync]`: `url = "postgres://rep1@crm.example/book"` and how often the
/// TUI syncs in the background (`interval_seconds`, default 60).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    pub url: String,
    #[serde(default = "default_sync_interval")]
    pub interval_seconds: u64,
}

/// Seconds between background syncs of the TUI.
pub const DEFAULT_SYNC_INTERVAL: u64 = 60;

fn default_sync_interval() -> u64 {
    DEFAULT_SYNC_INTERVAL
}

/// One `[[stages]]` entry: `key`, `name_en`, `name_ja`, `probability`
/// (percent) and `rotting_days` (default 14).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageConfig {
    pub key: String,
    pub name_en: String,
    pub name_ja: String,
    pub probability: i64,
    #[serde(default = "default_rotting_days")]
    pub rotting_days: u32,
}

fn default_rotting_days() -> u32 {
    crate::domain::deals::DEFAULT_ROTTING_DAYS
}

impl Default for Config {
    fn default() -> Self {
        Config {
            language: None,
            default_interval_days: DEFAULT_INTERVAL_DAYS,
            date_style: DateStyle::Locale,
            era: false,
            keys: BTreeMap::new(),
            currency: Currency::JPY.code.to_string(),
            loyal_purchase_days: DEFAULT_LOYAL_PURCHASE_DAYS,
            rfm: None,
            stages: Vec::new(),
            sync: None,
        }
    }
}

impl Config {
    /// The configured currency; an unknown code (already warned about by
    /// [`load`]) means yen.
    pub fn currency(&self) -> Currency {
        Currency::from_code(&self.currency).unwrap_or_default()
    }

    /// The configured pipeline, checked; the default one when none is
    /// configured or the configured one is wrong (warned about by [`load`]).
    pub fn pipeline(&self) -> Pipeline {
        self.checked_pipeline().unwrap_or_default()
    }

    fn checked_pipeline(&self) -> Result<Pipeline, StageProblem> {
        if self.stages.is_empty() {
            return Ok(Pipeline::default());
        }
        Pipeline::new(
            self.stages
                .iter()
                .map(|s| {
                    let stage = Stage {
                        key: s.key.clone(),
                        name_en: s.name_en.clone(),
                        name_ja: s.name_ja.clone(),
                        probability: 0,
                        rotting_days: s.rotting_days,
                    };
                    (stage, s.probability)
                })
                .collect(),
        )
    }
}

/// Where the configuration file lives (`$SALESBENCH_CONFIG` overrides).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SALESBENCH_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "salesbench").map(|d| d.config_dir().join("config.toml"))
}

/// Parse configuration text; the error names the line and the problem.
pub fn parse(text: &str) -> Result<Config, String> {
    let cfg: Config = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        format!("line {line}: {}", e.message())
    })?;
    if cfg.default_interval_days == 0 {
        return Err("default_interval_days: must be at least 1".into());
    }
    if cfg.loyal_purchase_days < 2 {
        return Err("loyal_purchase_days: must be at least 2 (loyal means coming back)".into());
    }
    if let Some(rfm) = &cfg.rfm {
        rfm.check()?;
    }
    if let Some(sync) = &cfg.sync {
        let scheme = sync.url.split("://").next().unwrap_or("");
        if !matches!(scheme, "postgres" | "postgresql") || !sync.url.contains("://") {
            return Err("[sync] url: must start with postgres:// (a PostgreSQL server)".into());
        }
        if sync.interval_seconds < 5 {
            return Err("[sync] interval_seconds: must be at least 5".into());
        }
    }
    if let Some(l) = &cfg.language {
        if crate::i18n::Lang::parse(l).is_none() {
            return Err(format!("language: {l:?} is not one of: en, ja"));
        }
    }
    Ok(cfg)
}

/// The most configuration text read: a config file is a few lines, and a
/// path naming something endless (`/dev/zero`) must not fill the memory.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Why the configuration file was not used; the defaults were.
#[derive(Debug)]
pub enum ConfigWarning {
    /// It could not be read.
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Larger than [`MAX_BYTES`] (or endless).
    TooLarge { path: PathBuf },
    /// A line or a value is wrong ([`parse`]'s message).
    Invalid { path: PathBuf, problem: String },
    /// `currency` names no currency this version knows; the rest of the
    /// file is used, with yen.
    UnknownCurrency {
        path: PathBuf,
        line: usize,
        code: String,
    },
    /// `[[stages]]` is wrong; the rest of the file is used, with the
    /// default pipeline.
    Stages {
        path: PathBuf,
        problem: StageProblem,
    },
    /// More than one of the above.
    Several(Vec<ConfigWarning>),
}

impl ConfigWarning {
    /// The warning in the operator's language.
    pub fn message(&self, i18n: &crate::i18n::I18n) -> String {
        match self {
            ConfigWarning::Unreadable { path, error } => i18n.f(
                "files.config_unreadable",
                &[
                    ("path", &path.display().to_string()),
                    ("error", &error.to_string()),
                ],
            ),
            ConfigWarning::TooLarge { path } => i18n.f(
                "files.config_too_large",
                &[("path", &path.display().to_string())],
            ),
            ConfigWarning::Invalid { path, problem } => i18n.f(
                "files.config_invalid",
                &[("path", &path.display().to_string()), ("problem", problem)],
            ),
            ConfigWarning::UnknownCurrency { path, line, code } => i18n.f(
                "currency.config_unknown",
                &[
                    ("path", &path.display().to_string()),
                    ("line", &line.to_string()),
                    ("code", code),
                ],
            ),
            ConfigWarning::Stages { path, problem } => {
                let args = problem.args();
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                i18n.f(
                    "deals12.stages_config",
                    &[
                        ("path", &path.display().to_string()),
                        ("problem", &i18n.f(problem.key(), &args)),
                    ],
                )
            }
            ConfigWarning::Several(all) => all
                .iter()
                .map(|w| w.message(i18n))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Load the file at `path` (absent = defaults). A problem comes back as a
/// warning beside the defaults, never as a refusal to start.
pub fn load(path: Option<&Path>) -> (Config, Option<ConfigWarning>) {
    let Some(path) = path else {
        return (Config::default(), None);
    };
    let warn = |w: ConfigWarning| (Config::default(), Some(w));
    let unreadable = |error| ConfigWarning::Unreadable {
        path: path.to_path_buf(),
        error,
    };
    let text = match read_limited(path) {
        Ok(Some(text)) => text,
        Ok(None) => {
            return warn(ConfigWarning::TooLarge {
                path: path.to_path_buf(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Config::default(), None),
        Err(e) => return warn(unreadable(e)),
    };
    let mut c = match parse(&text) {
        Ok(c) => c,
        Err(problem) => {
            return warn(ConfigWarning::Invalid {
                path: path.to_path_buf(),
                problem,
            })
        }
    };
    let mut warnings = Vec::new();
    if Currency::from_code(&c.currency).is_none() {
        warnings.push(ConfigWarning::UnknownCurrency {
            path: path.to_path_buf(),
            line: line_of_key(&text, "currency"),
            code: std::mem::replace(&mut c.currency, Currency::JPY.code.to_string()),
        });
    }
    if let Err(problem) = c.checked_pipeline() {
        c.stages.clear();
        warnings.push(ConfigWarning::Stages {
            path: path.to_path_buf(),
            problem,
        });
    }
    let warning = match warnings.len() {
        0 => None,
        1 => warnings.pop(),
        _ => Some(ConfigWarning::Several(warnings)),
    };
    (c, warning)
}

/// The line (from 1) where top-level `key` is set; 1 when not found.
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// The file's text, or `None` when it holds more than [`MAX_BYTES`].
fn read_limited(path: &Path) -> std::io::Result<Option<String>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Ok(None);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults_and_fields_parse() {
        assert_eq!(parse("").unwrap(), Config::default());
        let c = parse("language = \"ja\"\ndefault_interval_days = 14\nera = true\ndate_style = \"iso\"\n[keys]\nlog = \"L\"\n").unwrap();
        assert_eq!(c.language.as_deref(), Some("ja"));
        assert_eq!(c.default_interval_days, 14);
        assert!(c.era);
        assert_eq!(c.date_style, DateStyle::Iso);
        assert_eq!(c.keys.get("log").map(String::as_str), Some("L"));
    }

    #[test]
    fn the_sync_server_parses_and_is_checked() {
        let c = parse("[sync]\nurl = \"postgres://rep1@crm.example/book\"\n").unwrap();
        let sync = c.sync.unwrap();
        assert_eq!(sync.url, "postgres://rep1@crm.example/book");
        assert_eq!(sync.interval_seconds, DEFAULT_SYNC_INTERVAL);
        let c = parse("[sync]\nurl = \"postgresql://h/b\"\ninterval_seconds = 30\n").unwrap();
        assert_eq!(c.sync.unwrap().interval_seconds, 30);
        assert!(parse("[sync]\nurl = \"mysql://h/b\"\n").is_err());
        assert!(parse("[sync]\nurl = \"postgres://h/b\"\ninterval_seconds = 1\n").is_err());
        assert!(
            parse("[sync]\ninterval_seconds = 30\n").is_err(),
            "url is required"
        );
    }

    #[test]
    fn report_settings_parse_and_are_checked() {
        assert_eq!(Config::default().loyal_purchase_days, 5);
        assert_eq!(Config::default().rfm, None);
        let c = parse(
            "loyal_purchase_days = 3\n[rfm]\nrecency_days = [14, 30, 90, 180]\n\
             frequency = [2, 3, 4, 6]\nmonetary = [5000, 20000, 50000, 100000]\n",
        )
        .unwrap();
        assert_eq!(c.loyal_purchase_days, 3);
        assert_eq!(c.rfm.unwrap().frequency, [2, 3, 4, 6]);
        assert!(parse("loyal_purchase_days = 1").is_err());
        let e = parse("[rfm]\nrecency_days = [30, 14, 90, 180]\nfrequency = [2, 3, 4, 6]\nmonetary = [1, 2, 3, 4]\n")
            .unwrap_err();
        assert!(e.contains("rfm.recency_days"), "{e}");
        let e = parse(
            "[rfm]\nrecency_days = [1, 2, 3]\nfrequency = [2, 3, 4, 6]\nmonetary = [1, 2, 3, 4]\n",
        )
        .unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("language = \"ja\"\n\ndefault_interval_days = \"soon\"\n").unwrap_err();
        assert!(e.starts_with("line 3:"), "{e}");
        let e = parse("era = true\ncolour = \"red\"\n").unwrap_err();
        assert!(e.starts_with("line 2:") && e.contains("colour"), "{e}");
        assert!(parse("language = \"fr\"").unwrap_err().contains("en, ja"));
        assert!(parse("default_interval_days = 0").is_err());
    }

    #[test]
    fn a_broken_file_falls_back_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "era = maybe\n").unwrap();
        let (c, warn) = load(Some(&p));
        assert_eq!(c, Config::default());
        let en = crate::i18n::I18n::new(crate::i18n::Lang::En);
        assert!(warn.unwrap().message(&en).contains("line 1"));
        let (c, warn) = load(Some(&dir.path().join("absent.toml")));
        assert_eq!(c, Config::default());
        assert!(warn.is_none());
    }

    #[test]
    fn currency_is_read_and_an_unknown_code_is_a_warning_naming_the_line() {
        assert_eq!(Config::default().currency(), Currency::JPY);
        assert_eq!(
            parse("currency = \"usd\"").unwrap().currency(),
            Currency::USD
        );
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "language = \"ja\"\n# money\ncurrency = \"XYZ\"\n").unwrap();
        let (c, warn) = load(Some(&p));
        // The rest of the file still counts; the currency falls back to yen.
        assert_eq!(c.language.as_deref(), Some("ja"));
        assert_eq!(c.currency(), Currency::JPY);
        let warn = warn.unwrap();
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Ja] {
            let text = warn.message(&crate::i18n::I18n::new(lang));
            assert!(text.contains(":3") && text.contains("XYZ"), "{text}");
            assert!(!text.contains('{'), "{text}");
        }
        let ja = warn.message(&crate::i18n::I18n::new(crate::i18n::Lang::Ja));
        assert!(ja.contains("円"), "{ja}");
    }
}

#[cfg(test)]
#[path = "config_stages_tests.rs"]
mod stages_tests;
