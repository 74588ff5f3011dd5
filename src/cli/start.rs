//! Checks made before the database is opened: which path, whether it may
//! be created there, and where the demo may write. They look with
//! `std::fs::metadata` only (never a plain open: see `store::open`).

use std::path::{Path, PathBuf};

use super::CliError;
use crate::i18n::I18n;
use crate::paths::DbSource;

fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// Refuse what would otherwise create a database the user did not ask
/// for: a read-only command on a path with no database, and a new file in
/// a folder that does not exist when the path was given (`--db`,
/// `SALESBENCH_DB`; a typo must not grow a tree of folders). The default
/// data folder is created.
pub fn check_database_path(
    i18n: &I18n,
    path: &Path,
    source: DbSource,
    reads_only: bool,
) -> Result<(), CliError> {
    // Something is there (a link to nothing included): opening decides.
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(());
    }
    if reads_only {
        return Err(CliError::User(
            i18n.f("files.no_database", &[("path", &shown(path))]),
        ));
    }
    if source == DbSource::Default {
        return Ok(());
    }
    check_folder(i18n, path)
}

/// The folder `path` would be created in must exist and be a folder.
fn check_folder(i18n: &I18n, path: &Path) -> Result<(), CliError> {
    let Some(folder) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(CliError::User(i18n.f(
            "files.not_a_folder",
            &[("path", &shown(path)), ("folder", &shown(folder))],
        ))),
        Err(_) => Err(CliError::User(i18n.f(
            "files.no_folder",
            &[("path", &shown(path)), ("folder", &shown(folder))],
        ))),
    }
}

/// `salesbench demo` writes 60 made-up accounts: only into a file named
/// with `--db` that is new or empty, never into the user's own database.
pub fn demo_target(i18n: &I18n, flag: Option<PathBuf>) -> Result<PathBuf, CliError> {
    let path = flag.ok_or_else(|| CliError::User(i18n.t("files.demo_needs_db")))?;
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let holds_data = len(&path) > 0 || len(Path::new(&wal)) > 0;
    if holds_data {
        return Err(CliError::User(
            i18n.f("files.demo_not_empty", &[("path", &shown(&path))]),
        ));
    }
    check_database_path(i18n, &path, DbSource::Flag, false)?;
    Ok(path)
}
