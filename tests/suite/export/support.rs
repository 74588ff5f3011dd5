//! The real binary against databases in a temporary directory, with the
//! clock, zone and language pinned (shared by the export and backup tests).

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

use crate::common::dump as dump_db;
pub use dump_db::dump;

/// Monday 2026-11-23 09:00 in Tokyo (00:00 UTC).
pub const NOW: &str = "2026-11-23T09:00:00+09:00";

/// A scratch directory holding one database.
pub struct Bench {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Bench {
    pub fn new() -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("sales.db");
        Bench { dir, db }
    }

    /// A path inside the scratch directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary on `db` at `now`, zone and language pinned.
    pub fn cmd_on_at(&self, db: &Path, now: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_salesbench"));
        cmd.env("SALESBENCH_NOW", now)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("SALESBENCH_DB")
            .current_dir(self.dir.path())
            .timeout(Duration::from_secs(120))
            .arg("--db")
            .arg(db);
        cmd
    }

    pub fn cmd(&self) -> Command {
        self.cmd_on_at(&self.db, NOW)
    }

    /// Run, expect success, return stdout bytes.
    pub fn ok_bytes(&self, args: &[&str]) -> Vec<u8> {
        self.cmd()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        String::from_utf8(self.ok_bytes(args)).expect("stdout is UTF-8")
    }

    /// Run, expect exit 2, nothing on stdout, one line on stderr; return it.
    pub fn user_error(&self, args: &[&str]) -> String {
        user_error_of(self.cmd().args(args), args)
    }

    /// `account add NAME EXTRA...`; returns the id.
    pub fn add(&self, name: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["account", "add", name];
        args.extend_from_slice(extra);
        id_of(&self.ok(&args))
    }

    /// A command that prints an id; returns it.
    pub fn id(&self, args: &[&str]) -> i64 {
        id_of(&self.ok(args))
    }

    /// Every row of every table of this bench's database.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

pub fn user_error_of(cmd: &mut Command, what: &[&str]) -> String {
    let out = cmd.assert().code(2).get_output().clone();
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{what:?}: want one line on stderr, got {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{what:?} panicked: {stderr}");
    assert!(out.stdout.is_empty(), "{what:?} printed to stdout");
    stderr.trim_end().to_string()
}

pub fn id_of(stdout: &str) -> i64 {
    stdout
        .trim_end()
        .parse()
        .unwrap_or_else(|_| panic!("not an id: {stdout:?}"))
}

/// The file names in `dir`, sorted (empty when it does not exist).
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// `PRAGMA integrity_check` of a file.
pub fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

/// Permission bits of a file (0 off Unix).
pub fn mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0
    }
}
