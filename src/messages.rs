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
            &[
                (
                    "what",
                    &i18n.t(&format!("store.what_{}", what.replace('-', "_"))),
                ),
                ("key", key),
            ],
        ),
        other => other.to_string(),
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
