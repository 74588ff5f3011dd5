//! The user's configuration: `config.toml` in the platform config dir.
//!
//! A malformed file never stops the app: the problem is reported with its
//! line, and the defaults are used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::interval::DEFAULT_INTERVAL_DAYS;

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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            language: None,
            default_interval_days: DEFAULT_INTERVAL_DAYS,
            date_style: DateStyle::Locale,
            era: false,
            keys: BTreeMap::new(),
        }
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
    if let Some(l) = &cfg.language {
        if crate::i18n::Lang::parse(l).is_none() {
            return Err(format!("language: {l:?} is not one of: en, ja"));
        }
    }
    Ok(cfg)
}

/// Load the file at `path` (absent = defaults). A problem comes back as a
/// warning beside the defaults, never as a refusal to start.
pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
    let Some(path) = path else {
        return (Config::default(), None);
    };
    match std::fs::read_to_string(path) {
        Ok(text) => match parse(&text) {
            Ok(c) => (c, None),
            Err(e) => (
                Config::default(),
                Some(format!("{}: {e}; using the defaults", path.display())),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (
            Config::default(),
            Some(format!("{}: {e}; using the defaults", path.display())),
        ),
    }
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
        assert!(warn.unwrap().contains("line 1"));
        let (c, warn) = load(Some(&dir.path().join("absent.toml")));
        assert_eq!((c, warn), (Config::default(), None));
    }
}
