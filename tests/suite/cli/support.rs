//! Running the real binary against a database in a temporary directory.

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

use crate::common::dump as dump_db;
pub use dump_db::dump;

/// The pinned clock: Monday 2026-11-23 09:00 in Tokyo (00:00 UTC).
pub const NOW: &str = "2026-11-23T09:00:00+09:00";

/// A scratch directory holding one database, and ways to run commands on it.
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

    /// The binary with a fixed clock, zone and language, and no stray
    /// environment that could pick another database or language.
    pub fn bare_cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_salesbench"));
        cmd.env("SALESBENCH_NOW", NOW)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("SALESBENCH_DB")
            .current_dir(self.dir.path())
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// [`Bench::bare_cmd`] with HOME in the bench and no data or config
    /// dir of the caller's: without `--db` the default database lands in
    /// the bench's `.local/share/salesbench`.
    pub fn at_home(&self) -> Command {
        let mut cmd = self.bare_cmd();
        cmd.env("HOME", self.dir.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("SALESBENCH_CONFIG");
        cmd
    }

    /// [`Bench::bare_cmd`] on this bench's database, with the bench's own
    /// configuration file (absent until [`Bench::set_config`]), so the
    /// caller's configuration never leaks in.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare_cmd();
        cmd.env("SALESBENCH_CONFIG", self.config_path())
            .arg("--db")
            .arg(&self.db);
        cmd
    }

    /// Where [`Bench::cmd`] reads its configuration.
    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// Give the bench's commands this configuration file.
    pub fn set_config(&self, text: &str) {
        std::fs::write(self.config_path(), text).expect("write the config");
    }

    /// Run `args`, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        stdout_of(self.cmd().args(args).assert().success())
    }

    /// Run `args` with `stdin`, expect success, return stdout.
    pub fn ok_with_stdin(&self, args: &[&str], stdin: &str) -> String {
        stdout_of(self.cmd().args(args).write_stdin(stdin).assert().success())
    }

    /// Run `args`, expect exit 2 with one line on stderr; return that line.
    pub fn user_error(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().code(2).get_output().clone();
        let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{args:?}: want one line on stderr, got {stderr:?}"
        );
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        stderr.trim_end().to_string()
    }

    /// Run `args` (which must include `--json`) and parse stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: bad JSON ({e}): {out}"))
    }

    /// `account add NAME EXTRA...`; returns the printed id.
    pub fn add(&self, name: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["account", "add", name];
        args.extend_from_slice(extra);
        parse_id(&self.ok(&args))
    }

    /// `log ACCOUNT ARGS...`; returns the printed conversation id.
    pub fn log(&self, account: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["log", account];
        args.extend_from_slice(extra);
        parse_id(&self.ok(&args))
    }

    /// Listed accounts (`--all` to include archived ones).
    pub fn list(&self, all: bool) -> Vec<Value> {
        let mut args = vec!["account", "list", "--json"];
        if all {
            args.push("--all");
        }
        array(self.json(&args))
    }

    pub fn show(&self, account: &str) -> Value {
        self.json(&["account", "show", account, "--json"])
    }

    pub fn history(&self, account: &str) -> Vec<Value> {
        array(self.json(&["history", account, "--json"]))
    }

    /// Every row of every table, as text: equal before and after a command
    /// means the command wrote nothing.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

pub fn stdout_of(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

/// A command's whole output must be one number followed by a newline.
pub fn parse_id(stdout: &str) -> i64 {
    assert!(
        stdout.ends_with('\n'),
        "no newline after the id: {stdout:?}"
    );
    stdout
        .trim_end()
        .parse()
        .unwrap_or_else(|_| panic!("not an id: {stdout:?}"))
}

pub fn array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        other => panic!("expected a JSON array, got {other}"),
    }
}
