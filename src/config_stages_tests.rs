//! `[[stages]]`: the deal pipeline in the configuration file.

use super::*;
use crate::i18n::{I18n, Lang};

const TWO: &str = "[[stages]]\nkey = \"first\"\nname_en = \"First\"\nname_ja = \"初回\"\nprobability = 20\n\n[[stages]]\nkey = \"final\"\nname_en = \"Final\"\nname_ja = \"最終\"\nprobability = 80\nrotting_days = 30\n";

fn loaded(text: &str) -> (Config, Option<ConfigWarning>) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(&p, text).unwrap();
    load(Some(&p))
}

#[test]
fn no_stages_is_the_default_pipeline_and_configured_ones_are_used() {
    assert_eq!(Config::default().pipeline(), Pipeline::default());
    let (c, warning) = loaded(TWO);
    assert!(warning.is_none());
    let p = c.pipeline();
    let keys: Vec<_> = p
        .stages()
        .iter()
        .map(|s| (s.key.as_str(), s.probability, s.rotting_days))
        .collect();
    assert_eq!(keys, [("first", 20, 14), ("final", 80, 30)]);
    assert_eq!(p.stage("final").unwrap().name(true), "最終");
}

#[test]
fn a_wrong_pipeline_is_a_warning_in_the_operators_language_and_the_default_is_used() {
    let cases = [
        (TWO.replace("\"final\"", "\"first\""), "first"),
        (TWO.replace("probability = 80", "probability = 120"), "120"),
        (TWO.replace("\"final\"", "\"won\""), "won"),
        (TWO.replace("\"final\"", "\"Final Stage\""), "Final Stage"),
    ];
    for (text, word) in cases {
        let (c, warning) = loaded(&format!("language = \"ja\"\n{text}"));
        // The rest of the file still counts.
        assert_eq!(c.language.as_deref(), Some("ja"));
        assert_eq!(c.pipeline(), Pipeline::default(), "{word}");
        let warning = warning.expect("a warning");
        for lang in [Lang::En, Lang::Ja] {
            let m = warning.message(&I18n::new(lang));
            assert!(m.contains(word) && m.contains("[[stages]]"), "{m}");
            assert!(!m.contains('{') && !m.contains("deals12."), "{m}");
        }
        let ja = warning.message(&I18n::new(Lang::Ja));
        assert!(ja.contains("既定のパイプライン"), "{ja}");
    }
}

#[test]
fn an_unknown_field_in_a_stage_names_its_line() {
    let text = "[[stages]]\nkey = \"a\"\nname_en = \"A\"\nname_ja = \"あ\"\nprobability = 1\ncolour = \"red\"\n";
    let e = parse(text).unwrap_err();
    assert!(e.starts_with("line 6:") && e.contains("colour"), "{e}");
}

#[test]
fn a_bad_currency_and_a_bad_pipeline_are_both_told() {
    let (c, warning) = loaded(&format!(
        "currency = \"XYZ\"\n{}",
        TWO.replace("probability = 20", "probability = -5")
    ));
    assert_eq!(c.currency(), Currency::JPY);
    let m = warning.unwrap().message(&I18n::new(Lang::En));
    assert!(m.contains("XYZ") && m.contains("-5"), "{m}");
}

#[test]
fn every_stage_problem_has_a_message_in_both_languages() {
    for lang in [Lang::En, Lang::Ja] {
        let i18n = I18n::new(lang);
        for p in StageProblem::samples() {
            let w = ConfigWarning::Stages {
                path: "c.toml".into(),
                problem: p.clone(),
            };
            let m = w.message(&i18n);
            assert!(
                !m.contains('{') && !m.contains("deals12."),
                "{lang:?} {p:?}: {m}"
            );
        }
    }
}
