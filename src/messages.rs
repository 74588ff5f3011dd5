//! Store errors in the operator's language: the one place that turns a
//! [`StoreError`] into words, for the command line and the TUI alike.

use std::path::Path;

use crate::domain::zone::Zone;
use crate::i18n::I18n;
use crate::store::backup::newest_backup;
use crate::store::StoreError;

/// One line saying what went wrong with the database at `path` (when
/// known), its times read in `zone`.
pub fn describe(i18n: &I18n, e: &StoreError, path: Option<&Path>, zone: &dyn Zone) -> String {
    match e {
        StoreError::Invalid { field, message } => format!("{field}: {}", i18n.t(message)),
        StoreError::RestoreRefused { path, why } => i18n.f(
            "restorep.refused",
            &[
                (
                    "path",
                    &crate::domain::text::sanitize(&path.display().to_string()),
                ),
                ("why", &why.text(i18n)),
            ],
        ),
        StoreError::Refused(r) => i18n.refusal(r, Some(zone)),
        StoreError::Sqlite(s) if no_room(s) => match path {
            Some(p) => i18n.f("files.disk_full", &[("path", &p.display().to_string())]),
            None => i18n.t("files.disk_full_unnamed"),
        },
        StoreError::BadPath { path, mistake } => mistake.message(i18n, path),
        StoreError::Corrupt { path: p, detail } => {
            damage_message(i18n, p.as_deref().or(path), detail, false)
        }
        StoreError::Damaged { path, detail } => damage_message(i18n, Some(path), detail, true),
        StoreError::Busy { path } => {
            i18n.f("backup.busy", &[("path", &path.display().to_string())])
        }
        StoreError::NotAFile { path } => {
            i18n.f("store.not_a_file", &[("path", &path.display().to_string())])
        }
        StoreError::NotADatabase { path } => i18n.f(
            "store.not_a_database",
            &[("path", &path.display().to_string())],
        ),
        StoreError::NewerSchema {
            path,
            found,
            supported,
        } => i18n.f(
            "store.newer_schema",
            &[
                ("path", &path.display().to_string()),
                ("found", &found.to_string()),
                ("supported", &supported.to_string()),
            ],
        ),
        StoreError::NotFound { what, key } => i18n.f(
            "store.not_found",
            &[("what", &i18n.t(&what_key(what))), ("key", key)],
        ),
        other => other.to_string(),
    }
}

/// The catalogue key naming a kind of record (`store.what_account` ...).
fn what_key(what: &str) -> String {
    match what {
        // Added with deals, in the deals catalogue table.
        "deal" => "deals12.what_deal".into(),
        other => format!("store.what_{}", other.replace('-', "_")),
    }
}

/// SQLite could not grow the database, its log or its shared-memory file
/// (`-shm`, created on first open): a full disk, a size limit or a folder
/// it may not write in. Plain "disk I/O error" would not say which.
pub fn no_room(e: &rusqlite::Error) -> bool {
    use rusqlite::ffi;
    match e {
        rusqlite::Error::SqliteFailure(f, _) => {
            f.code == rusqlite::ErrorCode::DiskFull
                || matches!(
                    f.extended_code,
                    ffi::SQLITE_IOERR_SHMOPEN
                        | ffi::SQLITE_IOERR_SHMSIZE
                        | ffi::SQLITE_IOERR_SHMMAP
                )
        }
        _ => false,
    }
}

/// What to do about damage to `db`: the newest backup and how to restore it.
pub fn what_to_do(i18n: &I18n, db: &Path) -> String {
    match newest_backup(db) {
        Some(b) => i18n.f("backup.newest", &[("backup", &b.display().to_string())]),
        None => i18n.f(
            "backup.no_backup",
            &[(
                "folder",
                &crate::store::backup::folder_for(db).display().to_string(),
            )],
        ),
    }
}

/// One line for a damaged database: what, where, and what to do. `refused`
/// when it was found on opening and left untouched.
pub fn damage_message(i18n: &I18n, db: Option<&Path>, detail: &str, refused: bool) -> String {
    let shown = db.map_or_else(|| "database".to_string(), |p| p.display().to_string());
    let key = if refused {
        "backup.damaged_refused"
    } else {
        "backup.damaged"
    };
    let head = i18n.f(key, &[("path", &shown), ("detail", detail)]);
    match db {
        // Japanese sentences run on without a space after 。
        Some(db) if i18n.ja() => format!("{head}{}", what_to_do(i18n, db)),
        Some(db) => format!("{head} {}", what_to_do(i18n, db)),
        None => head,
    }
}

/// How much a model-fit failure says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// One line on the Reports screen.
    Short,
    /// The report's sentence, saying which figures are left empty.
    Long,
}

/// Why the customer model could not be fitted, in the operator's language:
/// the one place a [`FitError`](crate::domain::insight::bgnbd::FitError)
/// becomes words, for the TUI and the CLI alike.
pub fn fit_error(
    i18n: &I18n,
    e: &crate::domain::insight::bgnbd::FitError,
    detail: Detail,
) -> String {
    use crate::domain::insight::bgnbd::FitError;
    match *e {
        FitError::TooFewCustomers {
            customers,
            repeat_customers,
            min_customers,
            min_repeat_customers,
        } => {
            let key = match detail {
                Detail::Short => "insight.fit_too_few",
                Detail::Long if customers < min_customers => "report.why_too_few_customers",
                Detail::Long => "report.why_too_few_repeat_customers",
            };
            i18n.f(
                key,
                &[
                    ("customers", &customers.to_string()),
                    ("repeat", &repeat_customers.to_string()),
                    ("min_customers", &min_customers.to_string()),
                    ("min_repeat", &min_repeat_customers.to_string()),
                ],
            )
        }
        FitError::NotConverged { iterations } => {
            let key = match detail {
                Detail::Short => "insight.fit_not_converged",
                Detail::Long => "report.why_not_converged",
            };
            i18n.f(key, &[("iterations", &iterations.to_string())])
        }
    }
}

/// Why a deal is on Today: how late its close date is, how long untouched.
pub fn deal_reason(i18n: &I18n, overdue_days: i64, rotting_days: Option<i64>) -> String {
    let mut parts = Vec::new();
    if overdue_days > 0 {
        parts.push(i18n.f(
            "pipeline12.close_late",
            &[("days", &overdue_days.to_string())],
        ));
    }
    if let Some(days) = rotting_days {
        parts.push(i18n.f("pipeline12.rotting", &[("days", &days.to_string())]));
    }
    parts.join(" · ")
}

/// The counts above the Today queue (screen and `salesbench today`).
pub fn today_counts(i18n: &I18n, c: &crate::domain::triage::TodayCounts) -> String {
    let mut line = i18n.f(
        "today.counts",
        &[
            ("due", &c.due_today.to_string()),
            ("overdue", &c.overdue.to_string()),
            ("done", &c.done_today.to_string()),
            ("quiet", &c.quiet_without_plan.to_string()),
        ],
    );
    if c.deals > 0 {
        line.push_str(&i18n.f("today12.deals", &[("n", &c.deals.to_string())]));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::bgnbd::FitError;
    use crate::i18n::Lang;

    #[test]
    fn every_fit_error_reads_in_both_languages_at_both_lengths() {
        let all = [
            FitError::TooFewCustomers {
                customers: 3,
                repeat_customers: 1,
                min_customers: 50,
                min_repeat_customers: 20,
            },
            FitError::TooFewCustomers {
                customers: 80,
                repeat_customers: 1,
                min_customers: 50,
                min_repeat_customers: 20,
            },
            FitError::NotConverged { iterations: 500 },
        ];
        for lang in [Lang::En, Lang::Ja] {
            let i18n = I18n::new(lang);
            for e in &all {
                for detail in [Detail::Short, Detail::Long] {
                    let text = fit_error(&i18n, e, detail);
                    assert!(!text.contains('{'), "unfilled placeholder: {text}");
                    assert!(!text.starts_with("insight.") && !text.starts_with("report."));
                    assert!(
                        text.contains(match e {
                            FitError::TooFewCustomers { customers: 3, .. } => "50",
                            FitError::TooFewCustomers { .. } => "20",
                            FitError::NotConverged { .. } => "500",
                        }),
                        "{lang:?} {detail:?}: {text}"
                    );
                    if lang == Lang::Ja {
                        assert!(
                            !text.contains("model") && !text.contains("customers"),
                            "{text}"
                        );
                    }
                }
            }
        }
    }
}
