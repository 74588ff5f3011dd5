//! Leftovers of a backup or restore that was killed half-way (SIGKILL, a
//! power cut): `.<name>.tmp-<pid>` copies, `.<name>.restore-<pid>` staged
//! restores and their `-journal`/`-wal`/`-shm`. Nothing else cleans them
//! up, and each holds a full copy of customers' data, so the next backup
//! or restore removes those whose process is gone.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// Off Linux there is no cheap, portable "is this process running": only
/// leftovers older than this are removed there.
const OLD_ENOUGH: Duration = Duration::from_secs(60 * 60);

const COMPANIONS: [&str; 3] = ["-journal", "-wal", "-shm"];

/// What a leftover's name says: the file it was going to become and the
/// process that wrote it.
fn parse(name: &str) -> Option<(&str, u32)> {
    let mut rest = name.strip_prefix('.')?;
    for suffix in COMPANIONS {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r;
            break;
        }
    }
    let (left, pid) = rest.rsplit_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pid = pid.parse().ok()?;
    let base = left
        .strip_suffix(".tmp")
        .or_else(|| left.strip_suffix(".restore"))?;
    (!base.is_empty()).then_some((base, pid))
}

/// Whether process `pid` is running; `None` when this system cannot say.
fn running(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}

fn is_stale(path: &Path, pid: u32) -> bool {
    // Our own files may be in use by another thread of this process.
    if pid == std::process::id() {
        return false;
    }
    match running(pid) {
        Some(alive) => !alive,
        None => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > OLD_ENOUGH),
    }
}

/// Remove the stale leftovers in `dir` whose target name `ours` accepts.
/// Best effort: a leftover that cannot be removed now is tried next time.
pub(super) fn sweep(dir: &Path, ours: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((base, pid)) = name.to_str().and_then(parse) else {
            continue;
        };
        let path = entry.path();
        if ours(base) && is_stale(&path, pid) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_leftovers_and_strangers() {
        assert_eq!(parse(".sales.db.restore-42"), Some(("sales.db", 42)));
        assert_eq!(parse(".sales.db.restore-42-wal"), Some(("sales.db", 42)));
        assert_eq!(
            parse(".sales-20261123T000000Z-daily.db.tmp-7-journal"),
            Some(("sales-20261123T000000Z-daily.db", 7))
        );
        for stranger in [
            "sales.db.restore-42",
            ".sales.db.restore-",
            ".sales.db.restore-4x",
            ".sales.db.backup-42",
            "..tmp-42",
            ".sales.db.tmp-42.bak",
        ] {
            assert_eq!(parse(stranger), None, "{stranger}");
        }
    }

    #[test]
    fn this_process_is_never_stale() {
        assert!(!is_stale(Path::new("/nonexistent"), std::process::id()));
    }
}
