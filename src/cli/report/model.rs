//! `report model`: the fitted customer models (BG/NBD for repeat buying,
//! Gamma-Gamma for spend per order) as of a date, or why there is none,
//! as a stable word for scripts and a sentence in the operator's language.

use serde::Serialize;

use super::{emit_line, purchases, Setup};
use crate::cli::args::ModelOptions;
use crate::cli::{CliResult, Ctx};
use crate::domain::insight::bgnbd::FitError;
use crate::domain::insight::clv::{analyse, Analysis, ValueParams};
use crate::i18n::I18n;

/// Why a model is missing: one word per cause, stable for scripts, and
/// one catalogue sentence each (`report.why_<word>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NoModel {
    TooFewCustomers,
    TooFewRepeatCustomers,
    NotConverged,
}

impl NoModel {
    #[cfg(test)]
    pub const ALL: [NoModel; 3] = [
        NoModel::TooFewCustomers,
        NoModel::TooFewRepeatCustomers,
        NoModel::NotConverged,
    ];

    /// The machine word of `reason` in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NoModel::TooFewCustomers => "too_few_customers",
            NoModel::TooFewRepeatCustomers => "too_few_repeat_customers",
            NoModel::NotConverged => "not_converged",
        }
    }

    /// The cause of a fit error. Every variant is matched by name, so a
    /// new one cannot go unexplained.
    pub fn of(e: &FitError) -> NoModel {
        match e {
            FitError::TooFewCustomers {
                customers,
                min_customers,
                ..
            } if customers < min_customers => NoModel::TooFewCustomers,
            FitError::TooFewCustomers { .. } => NoModel::TooFewRepeatCustomers,
            FitError::NotConverged { .. } => NoModel::NotConverged,
        }
    }
}

/// One line saying why the figures that need a model are empty, in the
/// operator's language.
pub(super) fn why(i18n: &I18n, e: &FitError) -> String {
    crate::messages::fit_error(i18n, e, crate::messages::Detail::Long)
}

/// The first reason a figure is missing: BG/NBD first (without it there
/// are no purchase figures at all), then Gamma-Gamma (spend and value).
pub(super) fn first_failure(a: &Analysis) -> Option<&FitError> {
    a.bgnbd.as_ref().err().or(a.gamma_gamma.as_ref().err())
}

#[derive(Serialize)]
struct BgnbdJson {
    r: f64,
    alpha: f64,
    a: f64,
    b: f64,
    log_likelihood: f64,
}

#[derive(Serialize)]
struct GammaGammaJson {
    p: f64,
    q: f64,
    v: f64,
}

#[derive(Serialize)]
struct ModelJson<'a> {
    as_of: String,
    customers: usize,
    repeat_customers: usize,
    currency: &'a str,
    bgnbd: Option<BgnbdJson>,
    gamma_gamma: Option<GammaGammaJson>,
    fit_ms: f64,
    reason: Option<&'static str>,
}

pub(super) fn model_report(ctx: &mut Ctx<'_>, opts: &ModelOptions) -> CliResult {
    let s = Setup {
        as_of: super::as_of_day(ctx, opts.as_of.as_deref())?,
        format: super::Format::Text,
        currency: ctx.store.currency(),
    };
    let customers = purchases(ctx)?;
    let params = ValueParams {
        minor_per_major: s.currency.scale(),
        ..ValueParams::default()
    };
    let a = analyse(&customers, s.as_of, params);
    let repeat_customers = a.summaries.iter().filter(|s| s.frequency > 0).count();
    let failure = first_failure(&a);
    let json = ModelJson {
        as_of: s.as_of.to_string(),
        customers: a.summaries.len(),
        repeat_customers,
        currency: s.currency.code,
        bgnbd: a.bgnbd.as_ref().ok().map(|f| BgnbdJson {
            r: f.r,
            alpha: f.alpha,
            a: f.a,
            b: f.b,
            log_likelihood: f.log_likelihood,
        }),
        gamma_gamma: a.gamma_gamma.as_ref().ok().map(|g| GammaGammaJson {
            p: g.p,
            q: g.q,
            v: g.v,
        }),
        fit_ms: a.fit_ms,
        reason: failure.map(|e| NoModel::of(e).as_str()),
    };
    if opts.json {
        return crate::cli::emit_json(ctx.out, &json);
    }
    let i18n = ctx.i18n;
    let mut lines = vec![
        i18n.f("report.as_of", &[("date", &json.as_of)]),
        i18n.f(
            "report.model_customers",
            &[
                ("customers", &json.customers.to_string()),
                ("repeat", &repeat_customers.to_string()),
            ],
        ),
    ];
    if let Some(f) = &json.bgnbd {
        lines.push(i18n.f(
            "report.model_bgnbd",
            &[
                ("r", &format!("{:.3}", f.r)),
                ("alpha", &format!("{:.3}", f.alpha)),
                ("a", &format!("{:.3}", f.a)),
                ("b", &format!("{:.3}", f.b)),
                ("ll", &format!("{:.2}", f.log_likelihood)),
            ],
        ));
    }
    if let Some(g) = &json.gamma_gamma {
        lines.push(i18n.f(
            "report.model_gamma_gamma",
            &[
                ("p", &format!("{:.2}", g.p)),
                ("q", &format!("{:.2}", g.q)),
                ("v", &format!("{:.2}", g.v)),
                ("currency", s.currency.code),
            ],
        ));
    }
    if let Some(e) = failure {
        lines.push(why(i18n, e));
    }
    lines.push(i18n.f(
        "report.model_fit_ms",
        &[("ms", &format!("{:.0}", a.fit_ms))],
    ));
    for line in lines {
        emit_line(ctx, &line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// One error of every variant; the match has no wildcard, so a new
    /// variant fails to compile here until it is given a sample.
    fn samples() -> Vec<FitError> {
        let all = vec![
            FitError::TooFewCustomers {
                customers: 12,
                repeat_customers: 3,
                min_customers: 50,
                min_repeat_customers: 20,
            },
            FitError::TooFewCustomers {
                customers: 80,
                repeat_customers: 3,
                min_customers: 50,
                min_repeat_customers: 20,
            },
            FitError::NotConverged { iterations: 600 },
        ];
        for e in &all {
            match e {
                FitError::TooFewCustomers { .. } | FitError::NotConverged { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_fit_error_has_a_reason_word_and_a_sentence_in_both_languages() {
        let words: Vec<NoModel> = samples().iter().map(NoModel::of).collect();
        assert_eq!(words, NoModel::ALL.to_vec(), "every reason is reachable");
        for lang in [Lang::En, Lang::Ja] {
            let keys = I18n::keys(lang);
            let i18n = I18n::new(lang);
            for e in samples() {
                let key = format!("report.why_{}", NoModel::of(&e).as_str());
                assert!(keys.contains(&key), "{lang:?} lacks {key}");
                let line = why(&i18n, &e);
                assert!(!line.contains('{') && !line.contains('\n'), "{line}");
                let number = match e {
                    FitError::TooFewCustomers { customers, .. } => customers,
                    FitError::NotConverged { iterations } => iterations as usize,
                };
                assert!(line.contains(&number.to_string()), "{line}");
                if lang == Lang::Ja {
                    assert!(
                        !line.contains("customer") && !line.contains("model"),
                        "{line}"
                    );
                }
            }
        }
    }
}
