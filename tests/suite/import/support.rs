//! Running `salesbench import` against a database in a temporary
//! directory, fixtures written by the tests themselves, and ways to look
//! inside the database afterwards.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

/// The pinned clock: Monday 2026-11-23 09:00 in Tokyo (00:00 UTC).
pub const NOW: &str = "2026-11-23T09:00:00+09:00";

/// A scratch directory with one database.
pub struct Bench {
    pub dir: TempDir,
    pub db: PathBuf,
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
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

    /// Write a fixture file; returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }

    /// Run the binary with a fixed clock, zone and language.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, Vec::new())
    }

    /// [`Bench::run`] with `stdin` as standard input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: Vec<u8>) -> Run {
        self.run_at(NOW, args, stdin)
    }

    /// [`Bench::run`] with the clock at `now` and `stdin` as standard input.
    pub fn run_at(&self, now: &str, args: &[&str], stdin: Vec<u8>) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_salesbench"))
            .env("SALESBENCH_NOW", now)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("SALESBENCH_DB")
            // The bench's own config.toml (absent: the defaults), never the
            // caller's.
            .env("SALESBENCH_CONFIG", self.path("config.toml"))
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .write_stdin(stdin)
            .timeout(Duration::from_secs(120))
            .output()
            .expect("run salesbench");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run, expect success and a silent stderr; return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
        assert_eq!(
            r.stderr, "",
            "{args:?}: nothing on stderr when it is not a terminal"
        );
        r.stdout
    }

    /// Run, expect exit 2 and nothing on stdout; return stderr.
    pub fn refused(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 2, "{args:?}: want exit 2, got {r:?}");
        assert_eq!(r.stdout, "", "{args:?} printed to stdout");
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        r.stderr
    }

    /// `import WHAT FILE EXTRA...`, expected to succeed.
    pub fn import(&self, what: &str, file: &Path, extra: &[&str]) -> String {
        let f = file.to_str().expect("utf-8 path");
        let mut args = vec!["import", what, f];
        args.extend_from_slice(extra);
        self.ok(&args)
    }

    /// `account add NAME EXTRA...`; returns the id.
    pub fn add(&self, name: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["account", "add", name];
        args.extend_from_slice(extra);
        self.ok(&args).trim().parse().expect("an id")
    }

    pub fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("open db")
    }

    /// Rows in every table, by name: "nothing written" means these match.
    pub fn counts(&self) -> Vec<(String, i64)> {
        let conn = self.conn();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables
            .into_iter()
            .map(|t| {
                let n = conn
                    .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                (t, n)
            })
            .collect()
    }

    /// Every row of a query, each column as text (NULL as "∅").
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        let conn = self.conn();
        let mut st = conn.prepare(sql).unwrap();
        // A row's UUID is made where the row is made: two files holding
        // the same rows hold different UUIDs for them.
        let kept: Vec<usize> = (0..st.column_count())
            .filter(|&i| st.column_name(i).unwrap() != "uuid")
            .collect();
        st.query_map([], |r| {
            kept.iter()
                .map(|&i| {
                    Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                        rusqlite::types::Value::Null => "∅".to_string(),
                        rusqlite::types::Value::Integer(v) => v.to_string(),
                        rusqlite::types::Value::Real(v) => v.to_string(),
                        rusqlite::types::Value::Text(v) => v,
                        rusqlite::types::Value::Blob(v) => format!("{v:?}"),
                    })
                })
                .collect()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }
}

/// Text as Excel in Japan saves "CSV": Shift_JIS (CP932).
pub fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "fixture has characters Shift_JIS lacks");
    bytes.into_owned()
}

/// Text as Excel saves "CSV UTF-8": with a byte-order mark.
pub fn bom(text: &str) -> Vec<u8> {
    let mut v = b"\xEF\xBB\xBF".to_vec();
    v.extend_from_slice(text.as_bytes());
    v
}

/// The per-account facts kept current on write, for every account.
pub const FACTS: &str = "SELECT id, last_touch_at, last_touch_kind, last_touch_summary, \
    last_order_at, last_order_amount, learned_interval_days, next_follow_up_on \
    FROM accounts ORDER BY id";
