//! `salesbench check [--json]`, and what every command says when the
//! database file turns out to be damaged: which backup is newest and the
//! command that puts it back.

use std::path::Path;

use serde::Serialize;

use super::{emit, emit_json, CliError, CliResult, Ctx};
use crate::i18n::I18n;
use crate::store::backup::newest_backup;

/// How many problems the plain report lists.
const SHOWN: usize = 10;

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    problems: &'a [String],
    newest_backup: Option<String>,
}

/// What to do about damage to `db`: the newest backup and how to restore it.
fn what_to_do(i18n: &I18n, db: &Path) -> String {
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
pub(super) fn damage_message(
    i18n: &I18n,
    db: Option<&Path>,
    detail: &str,
    refused: bool,
) -> String {
    let shown = db.map_or_else(|| "database".to_string(), |p| p.display().to_string());
    let key = if refused {
        "backup.damaged_refused"
    } else {
        "backup.damaged"
    };
    let head = i18n.f(key, &[("path", &shown), ("detail", detail)]);
    match db {
        Some(db) => format!("{head} {}", what_to_do(i18n, db)),
        None => head,
    }
}

/// Run the full checks; exit 0 when sound, 1 when damaged.
pub(super) fn run(json: bool, ctx: &mut Ctx<'_>) -> CliResult {
    let health = ctx.store.health().map_err(|e| ctx.err(e))?;
    let db = ctx.store.path().to_path_buf();
    if json {
        emit_json(
            ctx.out,
            &Report {
                ok: health.is_sound(),
                problems: &health.problems,
                newest_backup: newest_backup(&db).map(|b| b.display().to_string()),
            },
        )?;
    } else if health.is_sound() {
        emit(ctx.out, &ctx.i18n.t("backup.check_ok"))?;
    } else {
        let n = health.problems.len().to_string();
        emit(
            ctx.out,
            &ctx.i18n.f(
                "backup.check_found",
                &[("path", &db.display().to_string()), ("n", &n)],
            ),
        )?;
        for problem in health.problems.iter().take(SHOWN) {
            emit(ctx.out, &format!("  {problem}"))?;
        }
        emit(ctx.out, &what_to_do(ctx.i18n, &db))?;
    }
    if health.is_sound() {
        Ok(())
    } else {
        Err(CliError::Internal(ctx.i18n.f(
            "backup.check_failed",
            &[("path", &db.display().to_string())],
        )))
    }
}
