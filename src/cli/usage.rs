//! Command-line mistakes clap catches (an unknown flag, a missing
//! argument, a bad value) in the operator's language. clap writes them in
//! English; under Japanese each kind it knows is put in the catalogue's
//! words with the facts clap found (the flag, the value, the suggestion)
//! and the usage line. Help and version stay as clap prints them.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::{I18n, Lang};

/// The language a usage error is shown in: `--lang` as typed (clap could
/// not parse the line, so it is looked for by hand), else the locale.
pub fn lang_of(args: &[String]) -> Lang {
    let mut flag = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--lang=") {
            flag = Some(v.to_string());
        } else if a == "--lang" {
            flag = args.get(i + 1).cloned();
        }
    }
    flag.as_deref()
        .and_then(Lang::parse)
        .or_else(|| Lang::detect(None).ok())
        .unwrap_or(Lang::En)
}

fn text(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The error in the catalogue's words, or `None` for a kind it has no
/// words for (clap's own rendering is used then).
pub fn translate(e: &clap::Error, i18n: &I18n) -> Option<String> {
    let get = |k: ContextKind| e.get(k).map(text).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let first = match e.kind() {
        ErrorKind::UnknownArgument => i18n.f("usage.unknown_argument", &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => i18n.f(
            "usage.unknown_subcommand",
            &[("name", &get(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::MissingRequiredArgument => i18n.f("usage.missing_argument", &[("args", &arg)]),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let key = if valid.is_empty() {
                "usage.invalid_value"
            } else {
                "usage.invalid_value_of"
            };
            i18n.f(
                key,
                &[
                    ("arg", &arg),
                    ("value", &get(ContextKind::InvalidValue)),
                    ("valid", &valid),
                ],
            )
        }
        ErrorKind::ValueValidation => i18n.f(
            "usage.invalid_value",
            &[("arg", &arg), ("value", &get(ContextKind::InvalidValue))],
        ),
        ErrorKind::ArgumentConflict => i18n.f(
            "usage.conflict",
            &[("arg", &arg), ("other", &get(ContextKind::PriorArg))],
        ),
        ErrorKind::TooManyValues => i18n.f("usage.too_many", &[("arg", &arg)]),
        _ => return None,
    };
    let mut lines = vec![format!("{}: {first}", i18n.t("usage.error"))];
    let suggested = get(ContextKind::SuggestedArg);
    let suggested = if suggested.is_empty() {
        get(ContextKind::SuggestedSubcommand)
    } else {
        suggested
    };
    if !suggested.is_empty() {
        lines.push(i18n.f("usage.did_you_mean", &[("what", &suggested)]));
    }
    let usage = get(ContextKind::Usage);
    if let Some(line) = usage.lines().map(str::trim).find(|l| !l.is_empty()) {
        let line = line.trim_start_matches("Usage:").trim();
        lines.push(i18n.f("usage.usage", &[("usage", line)]));
    }
    lines.push(i18n.t("usage.more"));
    Some(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Cli;

    fn japanese(args: &[&str]) -> String {
        let e = Cli::try_parse_from(args).expect_err("a usage error");
        translate(&e, &I18n::new(Lang::Ja)).unwrap_or_else(|| panic!("no words for {e}"))
    }

    #[test]
    fn usage_errors_are_in_japanese_with_what_clap_found() {
        let s = japanese(&["salesbench", "account", "add"]);
        assert!(s.contains("必要な引数がありません：<NAME>"), "{s}");
        assert!(s.contains("使い方：salesbench account add"), "{s}");
        let s = japanese(&["salesbench", "report", "nope"]);
        assert!(s.contains("知らないサブコマンドです：nope"), "{s}");
        let s = japanese(&["salesbench", "today", "--limit", "3"]);
        assert!(s.contains("知らないオプションです：--limit"), "{s}");
        for s in [
            japanese(&["salesbench", "account", "add"]),
            japanese(&["salesbench", "report", "nope"]),
        ] {
            assert!(!s.contains("error:") && !s.contains("Usage:"), "{s}");
        }
    }

    #[test]
    fn the_language_is_taken_from_the_raw_arguments() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["sb", "x", "--lang", "ja"])), Lang::Ja);
        assert_eq!(lang_of(&args(&["sb", "--lang=ja", "x"])), Lang::Ja);
        assert_eq!(lang_of(&args(&["sb", "x", "--lang", "en"])), Lang::En);
    }
}
