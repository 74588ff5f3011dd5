//! `salesbench restore` while another process has the database open: the
//! other process is this test binary re-run as a "holder" (a plain SQLite
//! connection, like the TUI's), driven line by line over its stdin.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{dump, integrity, names_in, Bench};

const HOLDER_ENV: &str = "SALESBENCH_TEST_HOLDER_DB";
const DEADLINE: Duration = Duration::from_secs(60);

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Not a test of its own (ignored in a normal run): the body of the
/// holder process, which [`Holder::start`] runs in a fresh copy of this
/// test binary with the database in the environment.
#[test]
#[ignore = "run by Holder::start in another process"]
fn holder_process() {
    let db = std::env::var_os(HOLDER_ENV).expect("started by Holder::start");
    let conn = rusqlite::Connection::open(db).expect("holder open");
    conn.busy_timeout(Duration::from_secs(30)).expect("timeout");
    let _: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .expect("wal");
    let add = |name: &str| {
        conn.execute(
            "INSERT INTO accounts (name, created_at, updated_at) VALUES (?1, ?2, ?2)",
            [name, "2026-11-23T00:00:00Z"],
        )
        .map(|_| ())
    };
    let mut out = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("holder stdin");
        let (cmd, arg) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        let reply = match cmd {
            "add" => add(arg).map(|()| "ok".to_string()),
            "begin" => conn
                .execute_batch("BEGIN IMMEDIATE")
                .and_then(|()| add(arg))
                .map(|()| "ok".to_string()),
            "commit" => conn.execute_batch("COMMIT").map(|()| "ok".to_string()),
            "names" => conn
                .prepare("SELECT name FROM accounts ORDER BY id")
                .and_then(|mut st| {
                    st.query_map([], |r| r.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map(|names| names.join("|")),
            _ => break,
        };
        let reply = reply.unwrap_or_else(|e| format!("error {e}"));
        writeln!(out, "HOLDER {reply}").expect("holder stdout");
        out.flush().expect("flush");
    }
}

/// A separate process holding a connection to the database.
struct Holder {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Holder {
    fn start(db: &Path) -> Holder {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "backup::online::holder_process",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(HOLDER_ENV, db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start holder");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut h = Holder {
            child,
            stdin,
            stdout,
        };
        // Open and reading before the test goes on.
        h.ask("names");
        h
    }

    /// Send one command, return its reply.
    fn ask(&mut self, line: &str) -> String {
        writeln!(self.stdin, "{line}").expect("to holder");
        self.stdin.flush().expect("flush");
        loop {
            let mut reply = String::new();
            let n = self.stdout.read_line(&mut reply).expect("from holder");
            assert!(n > 0, "holder ended before answering {line:?}");
            // The harness may print its own words before ours on a line.
            if let Some((_, r)) = reply.trim_end().split_once("HOLDER ") {
                return r.to_string();
            }
        }
    }

    fn ok(&mut self, line: &str) {
        assert_eq!(self.ask(line), "ok", "{line}");
    }

    fn quit(mut self) {
        writeln!(self.stdin, "quit").expect("to holder");
        let status = self.child.wait().expect("holder exit");
        assert!(status.success(), "holder: {status:?}");
    }
}

fn companions_of(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|s| PathBuf::from(format!("{}{s}", db.display())))
}

#[test]
fn restore_under_an_open_process_keeps_writes_from_before_and_after() {
    let b = Bench::new();
    b.add("バックアップの顧客", &[]);
    let old = b.path("old.db");
    b.ok(&["backup", p(&old)]);

    let mut holder = Holder::start(&b.db);
    holder.ok("add 復元前の書き込み");
    let kept = PathBuf::from(b.ok(&["restore", p(&old)]).trim_end());

    for companion in companions_of(&b.db) {
        assert!(
            companion.exists(),
            "{} removed under the holder",
            companion.display()
        );
    }
    assert_eq!(
        holder.ask("names"),
        "バックアップの顧客",
        "the holder sees the restored rows"
    );
    holder.ok("add 復元後の書き込み");
    holder.quit();

    let before = dump(&kept);
    assert!(before.contains("復元前の書き込み"), "{before}");
    let live = b.dump();
    assert!(live.contains("バックアップの顧客"), "{live}");
    assert!(live.contains("復元後の書き込み"), "{live}");
    assert!(!live.contains("復元前の書き込み"), "{live}");
    assert_eq!(integrity(&b.db), "ok");
    assert_eq!(integrity(&kept), "ok");
    let mode: String = rusqlite::Connection::open(&b.db)
        .expect("open")
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "wal");
    let list = b.ok(&["account", "list"]);
    assert!(list.contains("復元後の書き込み"), "{list}");
}

#[test]
fn restore_waits_for_a_writer_elsewhere_to_commit() {
    let b = Bench::new();
    b.add("バックアップの顧客", &[]);
    let old = b.path("old.db");
    b.ok(&["backup", p(&old)]);

    let mut holder = Holder::start(&b.db);
    holder.ok("begin 書きかけの顧客");
    let mut restore = Command::new(env!("CARGO_BIN_EXE_salesbench"))
        .env("SALESBENCH_NOW", super::support::NOW)
        .env("TZ", "Asia/Tokyo")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["--db", p(&b.db), "restore", p(&old)])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start restore");
    let staging = b.path(&format!(".sales.db.restore-{}", restore.id()));
    let started = Instant::now();
    while !staging.exists() {
        assert!(
            restore.try_wait().expect("poll").is_none(),
            "restore ended while the writer held the database"
        );
        assert!(started.elapsed() < DEADLINE, "restore never staged");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        restore.try_wait().expect("poll").is_none(),
        "restore did not wait for the writer"
    );
    holder.ok("commit");
    let out = restore.wait_with_output().expect("restore finished");
    assert!(out.status.success(), "{out:?}");
    let kept = PathBuf::from(String::from_utf8(out.stdout).expect("UTF-8").trim_end());
    assert!(
        dump(&kept).contains("書きかけの顧客"),
        "the committed write was kept"
    );
    assert_eq!(holder.ask("names"), "バックアップの顧客");
    holder.quit();
    assert_eq!(integrity(&b.db), "ok");
}

#[test]
fn restore_gives_up_on_a_writer_that_never_lets_go_and_changes_nothing() {
    let b = Bench::new();
    b.add("今の顧客", &[]);
    let old = b.path("old.db");
    b.ok(&["backup", p(&old)]);
    b.add("あとの顧客", &[]);
    let mut holder = Holder::start(&b.db);
    holder.ok("begin 書きかけの顧客");
    let out = b
        .cmd()
        .args(["restore", p(&old)])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(err.contains("busy") && err.contains(p(&b.db)), "{err}");
    let backups = names_in(&b.path("backups"));
    assert!(
        backups.iter().all(|n| !n.contains("pre-restore")),
        "{backups:?}"
    );
    holder.ok("commit");
    holder.quit();
    let live = b.dump();
    assert!(
        live.contains("あとの顧客") && live.contains("書きかけの顧客"),
        "{live}"
    );
    assert!(names_in(b.dir.path()).iter().all(|n| !n.starts_with('.')));
}
