//! `salesbench check [--json]`, and what every command says when the
//! database file turns out to be damaged: which backup is newest and the
//! command that puts it back.

use serde::Serialize;

use super::{emit, emit_json, CliError, CliResult, Ctx};
use crate::messages::what_to_do;
use crate::store::backup::newest_backup;

/// How many problems the plain report lists.
const SHOWN: usize = 10;

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    problems: &'a [String],
    newest_backup: Option<String>,
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
