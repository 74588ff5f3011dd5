//! The `--skip-invalid` file: the header and every bad row exactly as they
//! were in the input (same bytes, same encoding, same line breaks), so it
//! can be fixed in the same spreadsheet and imported again.
//!
//! Written beside its final name and moved there once the import is
//! committed, so a failed import never leaves a half-written rejects file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::reader::Placed;
use super::ImportError;
use crate::domain::text::sanitize;
use crate::i18n::I18n;

/// Create (or empty) `path`, readable and writable by its owner only.
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // An older file of that name keeps its mode on open: set it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// A rejects file being written.
pub struct RejectsFile {
    path: PathBuf,
    partial: PathBuf,
    out: BufWriter<File>,
    eol: &'static [u8],
}

/// The same file, even when one name is relative or does not exist yet.
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.canonicalize().ok()?,
            _ => std::env::current_dir().ok()?,
        };
        Some(parent.join(p.file_name()?))
    };
    matches!((canon(a), canon(b)), (Some(x), Some(y)) if x == y)
}

/// Check, before anything is read or written, that `path` can become the
/// rejects file: not the input, not the database (or its journal files),
/// not a folder, in a folder that exists. (Whether that folder is writable
/// is found out by [`RejectsFile::create`], also before any row is written.)
pub fn check_path(path: &Path, input: &Path, db: &Path, i18n: &I18n) -> Result<(), ImportError> {
    let shown = sanitize(&path.display().to_string()).into_owned();
    let refuse = |key: &str, folder: &str| {
        Err(ImportError::User(
            i18n.f(key, &[("path", &shown), ("folder", folder)]),
        ))
    };
    if same_file(path, input) {
        return Err(ImportError::User(format!(
            "--skip-invalid {shown}: that is the file being imported; name another file"
        )));
    }
    let journal = |suffix: &str| {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    if [
        db.to_path_buf(),
        journal("-wal"),
        journal("-shm"),
        journal("-journal"),
    ]
    .iter()
    .any(|d| same_file(path, d))
    {
        return refuse("importx.rejects_is_database", "");
    }
    if path.is_dir() || path.file_name().is_none() {
        return refuse("importx.rejects_is_folder", "");
    }
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        let folder = sanitize(&folder.display().to_string()).into_owned();
        return refuse("importx.rejects_no_folder", &folder);
    }
    Ok(())
}

impl RejectsFile {
    /// Start `path` with the input's header row. The file holds customer
    /// data: only its owner may read it (0600).
    pub fn create(path: &Path, header: &Placed) -> Result<RejectsFile, ImportError> {
        let shown = sanitize(&path.display().to_string()).into_owned();
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        let partial = path.with_file_name(name);
        let fail = |e: std::io::Error| ImportError::User(format!("--skip-invalid {shown}: {e}"));
        let file = private_file(&partial).map_err(fail)?;
        let mut rejects = RejectsFile {
            path: path.to_path_buf(),
            partial,
            out: BufWriter::new(file),
            eol: if header.crlf { b"\r\n" } else { b"\n" },
        };
        rejects
            .write(header.raw.as_deref().unwrap_or_default())
            .map_err(ImportError::User)?;
        Ok(rejects)
    }

    /// Add one row's original bytes.
    pub fn write(&mut self, raw: &[u8]) -> Result<(), String> {
        self.out
            .write_all(raw)
            .and_then(|()| self.out.write_all(self.eol))
            .map_err(|e| format!("--skip-invalid {}: {e}", self.path.display()))
    }

    /// Finish the file under its real name; returns that name.
    pub fn persist(mut self) -> Result<PathBuf, String> {
        let fail = |e: std::io::Error| format!("--skip-invalid {}: {e}", self.path.display());
        self.out.flush().map_err(fail)?;
        std::fs::rename(&self.partial, &self.path).map_err(fail)?;
        Ok(self.path)
    }

    /// Throw the partial file away (nothing was imported).
    pub fn discard(self) {
        let partial = self.partial.clone();
        drop(self.out);
        // Best effort: a leftover .partial file is harmless.
        let _ = std::fs::remove_file(partial);
    }
}
