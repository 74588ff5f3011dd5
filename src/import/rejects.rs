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

impl RejectsFile {
    /// Start `path` with the input's header row.
    pub fn create(path: &Path, input: &Path, header: &Placed) -> Result<RejectsFile, ImportError> {
        let shown = crate::domain::text::sanitize(&path.display().to_string()).into_owned();
        if same_file(path, input) {
            return Err(ImportError::User(format!(
                "--skip-invalid {shown}: that is the file being imported; name another file"
            )));
        }
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        let partial = path.with_file_name(name);
        let file = File::create(&partial)
            .map_err(|e| ImportError::User(format!("--skip-invalid {shown}: {e}")))?;
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
