//! Where salesbench keeps its files.

use std::path::PathBuf;

/// Who chose the database path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbSource {
    /// `--db PATH`.
    Flag,
    /// `$SALESBENCH_DB`.
    Env,
    /// The platform data dir.
    Default,
}

/// The database path: `--db`, else `SALESBENCH_DB`, else the platform data
/// dir (`~/.local/share/salesbench/salesbench.db` on Linux).
pub fn database(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    locate_database(flag)
        .map(|(p, _)| p)
        .ok_or_else(|| "cannot find a home directory for the data; pass --db PATH".to_string())
}

/// [`database`], saying where the path came from; `None` when there is no
/// home directory to put the default in.
pub fn locate_database(flag: Option<PathBuf>) -> Option<(PathBuf, DbSource)> {
    if let Some(p) = flag {
        return Some((p, DbSource::Flag));
    }
    if let Some(p) = std::env::var_os("SALESBENCH_DB").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), DbSource::Env));
    }
    directories::ProjectDirs::from("", "", "salesbench")
        .map(|d| (d.data_dir().join("salesbench.db"), DbSource::Default))
}
