//! Where salesbench keeps its files.

use std::path::PathBuf;

/// The database path: `--db`, else `SALESBENCH_DB`, else the platform data
/// dir (`~/.local/share/salesbench/salesbench.db` on Linux).
pub fn database(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(p) = flag {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("SALESBENCH_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "salesbench")
        .map(|d| d.data_dir().join("salesbench.db"))
        .ok_or_else(|| "cannot find a home directory for the data; pass --db PATH".to_string())
}
