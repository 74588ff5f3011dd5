//! `salesbench backup [PATH]` and `salesbench restore PATH`.

use std::path::PathBuf;

use super::{emit, CliResult, Ctx};
use crate::store::backup::BackupKind;

/// Take a consistent copy; prints where it went. Without PATH it goes to
/// the backups folder (newest 14 kept); a directory PATH gets a
/// timestamped name inside it.
pub(super) fn backup(path: Option<PathBuf>, ctx: &mut Ctx<'_>) -> CliResult {
    let now = ctx.clock.now();
    let written = match path {
        None => ctx.store.backup_to_folder(BackupKind::Manual, now),
        Some(dir) if dir.is_dir() => ctx.store.backup_into(&dir, BackupKind::Manual, now),
        Some(file) => ctx.store.backup_to(&file).map(|()| file),
    }
    .map_err(|e| ctx.err(e))?;
    emit(ctx.out, &written.display().to_string())
}

/// Write a checked backup into the live database (other processes keep
/// it open and see the result); prints where the replaced content was kept.
pub(super) fn restore(path: PathBuf, ctx: &mut Ctx<'_>) -> CliResult {
    let restored = ctx
        .store
        .restore_from(&path, ctx.clock.now())
        .map_err(|e| ctx.err(e))?;
    emit(ctx.out, &restored.kept.display().to_string())
}
