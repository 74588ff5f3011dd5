//! Team sync through a real PostgreSQL server, whole `salesbench`
//! processes (the release binary run as a child; its wall time and its
//! peak memory, max RSS from `wait4`):
//!
//! (a) at each size: the demo file joining the book (`server init`, then
//!     its first `sync` pushes all its events), then a NEW replica (a file
//!     that does not exist yet) taking the whole book in with its first
//!     `sync` — one measured run each;
//! (b) at the largest size: an incremental `sync` taking in 100 new
//!     events (100 calls logged on the other replica and pushed), median
//!     of 7 runs. Target: < 200 ms for the pulling side's whole process.
//!
//! Needs the server: run under `source .ci/pg.sh` (it exports
//! SALESBENCH_TEST_PG). Sizes from SALESBENCH_BENCH_SIZES as the others.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use salesbench::store::Store;

/// The fixed "now" the processes run at (one day: the daily backup is
/// taken once, before anything is timed).
const NOW: &str = "2026-11-23T09:00:00+09:00";
/// New events per incremental sync, and how many runs.
const INCREMENT: usize = 100;
const RUNS: usize = 7;

/// One finished child: what it printed, how long it took, its peak memory.
struct Run {
    stdout: String,
    wall: Duration,
    max_rss_kb: i64,
}

fn bin(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_salesbench"));
    c.env("SALESBENCH_NOW", NOW)
        .env("TZ", "Asia/Tokyo")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("SALESBENCH_DB")
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", "/nonexistent/pgpass")
        .env("SALESBENCH_CONFIG", "/nonexistent/config.toml")
        .arg("--db")
        .arg(db);
    c
}

/// Run `salesbench --db DB ARGS…` to the end; panics unless it succeeds.
///
/// Through a fresh copy of this bench (`measure`): a child's max RSS
/// counts the address space it had before its exec, and a child of this
/// process would start from ours (the demo generator's hundreds of MB).
fn run(db: &Path, args: &[&str]) -> Run {
    let report = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.env(MEASURE, report.path())
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run the bench as the measuring parent");
    let mut err = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    let stderr = errors.join().unwrap();
    assert!(status.success(), "salesbench {args:?} failed: {stderr}");
    let text = std::fs::read_to_string(report.path()).unwrap();
    let (nanos, kb) = text.trim().split_once(' ').unwrap();
    Run {
        stdout,
        wall: Duration::from_nanos(nanos.parse().unwrap()),
        max_rss_kb: kb.parse().unwrap(),
    }
}

/// Where `measure` writes "WALL_NANOS MAX_RSS_KB".
const MEASURE: &str = "SALESBENCH_SYNCBENCH_MEASURE";

/// The measuring parent: run `salesbench --db ARGS…` with our own output,
/// write its wall time and max RSS to `report`, exit with its status.
fn measure(report: &str) -> ! {
    let mut args = std::env::args_os().skip(1);
    let db = PathBuf::from(args.next().expect("a database"));
    let mut cmd = bin(&db);
    cmd.args(args);
    let start = Instant::now();
    let child = cmd.spawn().expect("run salesbench");
    let (status, usage) = wait4(child.id() as libc::pid_t);
    let wall = start.elapsed();
    std::fs::write(report, format!("{} {}", wall.as_nanos(), usage.ru_maxrss)).unwrap();
    let code = match libc::WIFEXITED(status) {
        true => libc::WEXITSTATUS(status),
        false => 101,
    };
    std::process::exit(code)
}

/// Reap `pid`, with its resource usage (`ru_maxrss` in KiB on Linux).
fn wait4(pid: libc::pid_t) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own child, not yet reaped; both pointers
        // are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return (status, usage);
        }
        let e = std::io::Error::last_os_error();
        assert_eq!(e.kind(), std::io::ErrorKind::Interrupted, "wait4: {e}");
    }
}

fn sync_json(db: &Path, url: &str) -> (Run, serde_json::Value) {
    let r = run(db, &["sync", "--json", "--url", url]);
    let v = serde_json::from_str(&r.stdout).expect("sync --json prints JSON");
    (r, v)
}

fn mb(kb: i64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

fn secs(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.0} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

fn file_mb(path: &Path) -> String {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    format!("{:.0} MB", len as f64 / 1_048_576.0)
}

/// A database of our own on the server, dropped at the end.
struct Book {
    admin: String,
    name: String,
    url: String,
}

impl Book {
    fn new(admin: &str, n: usize) -> Book {
        let name = format!("sb_syncbench_{n}_{}", std::process::id());
        let mut c = postgres::Client::connect(admin, postgres::NoTls)
            .expect("connect to SALESBENCH_TEST_PG");
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Book {
            admin: admin.to_string(),
            url: with_database(admin, &name),
            name,
        }
    }

    fn events(&self) -> i64 {
        postgres::Client::connect(&self.url, postgres::NoTls)
            .unwrap()
            .query_one("SELECT count(*) FROM salesbench_events", &[])
            .unwrap()
            .get(0)
    }

    /// The events table's size on the server, indexes included.
    fn size(&self) -> String {
        let bytes: i64 = postgres::Client::connect(&self.url, postgres::NoTls)
            .unwrap()
            .query_one("SELECT pg_total_relation_size('salesbench_events')", &[])
            .unwrap()
            .get(0);
        format!("{:.0} MB", bytes as f64 / 1_048_576.0)
    }
}

impl Drop for Book {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `url` pointing at another database.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let cut = base.rfind('/').expect("a URL with a database");
    format!("{}/{database}{query}", &base[..cut])
}

fn count(db: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// One size: the demo file joins the book, then a new replica takes it
/// all in. Returns the book, the joined demo copy and the new replica
/// (for the incremental runs).
fn new_replica(admin: &str, n: usize, dir: &Path) -> (Book, PathBuf, PathBuf) {
    // A copy of the cached demo file (its sync state changes on push).
    let writer = dir.join("writer.db");
    rusqlite::Connection::open(common::demo_db(n))
        .unwrap()
        .backup(rusqlite::MAIN_DB, &writer, None)
        .unwrap();
    let events: i64 = Store::open(&writer).unwrap().replica_state().unwrap().seq;

    let book = Book::new(admin, n);
    let init = run(&writer, &["server", "init", "--url", &book.url]);
    // The day's backup of the demo copy, so no timed run takes it.
    run(&writer, &["sync", "status"]);
    let (push, v) = sync_json(&writer, &book.url);
    assert_eq!(v["pushed"], events, "{v}");
    assert_eq!(book.events(), events);
    println!(
        "sync/join-{n}: server init {}; demo file's first sync pushes {events} events in {}, \
         max RSS {} (server table {})",
        secs(init.wall),
        secs(push.wall),
        mb(push.max_rss_kb),
        book.size()
    );

    let fresh = dir.join("new.db");
    let (pull, v) = sync_json(&fresh, &book.url);
    assert_eq!(v["pulled"], events, "{v}");
    assert_eq!(v["local_pending"], 0, "{v}");
    for table in ["accounts", "conversations", "orders", "follow_ups"] {
        assert_eq!(count(&fresh, table), count(&writer, table), "{table}");
    }
    let waiting = Store::open(&fresh)
        .unwrap()
        .replica_state()
        .unwrap()
        .waiting;
    assert_eq!(waiting, 0);
    println!(
        "sync/new-replica-{n}: first sync of an empty file takes in {events} events in {}, \
         max RSS {} (file {})",
        secs(pull.wall),
        mb(pull.max_rss_kb),
        file_mb(&fresh)
    );
    (book, writer, fresh)
}

/// (b): 100 calls logged on `writer` and pushed, then `reader`'s whole
/// `sync` process timed; RUNS times.
fn incremental(book: &Book, writer: &Path, reader: &Path, n: usize) {
    // The reader's day's backup, and a sync with nothing new (the floor).
    run(reader, &["sync", "status"]);
    let mut idle = Vec::new();
    for _ in 0..3 {
        let (r, v) = sync_json(reader, &book.url);
        assert_eq!(v["pulled"], 0, "{v}");
        idle.push(r.wall);
    }
    idle.sort();
    let accounts = count(writer, "accounts");
    let mut walls = Vec::new();
    let mut pushes = Vec::new();
    let mut rss = 0;
    for round in 0..RUNS {
        {
            let mut store = Store::open(writer).unwrap();
            for i in 0..INCREMENT {
                let account = ((round * INCREMENT + i) as i64 * 7_919) % accounts + 1;
                store
                    .log_conversation(&common::call(account), common::now())
                    .unwrap();
            }
        }
        let (push, v) = sync_json(writer, &book.url);
        assert_eq!(v["pushed"], INCREMENT, "{v}");
        pushes.push(push.wall);
        let (pull, v) = sync_json(reader, &book.url);
        assert_eq!(v["pulled"], INCREMENT, "{v}");
        assert_eq!(v["pushed"], 0, "the reader has nothing of its own: {v}");
        walls.push(pull.wall);
        rss = rss.max(pull.max_rss_kb);
    }
    assert_eq!(
        count(reader, "conversations"),
        count(writer, "conversations")
    );
    walls.sort();
    pushes.sort();
    let median = walls[RUNS / 2];
    println!(
        "sync/incremental-{INCREMENT}-events-{n}: pulling side's whole sync median {} \
         (min {}, max {}, {RUNS} runs; target < 200 ms: {}), max RSS {}; \
         the writer's push of them median {}; a sync with nothing new {}",
        secs(median),
        secs(walls[0]),
        secs(walls[RUNS - 1]),
        if median < Duration::from_millis(200) {
            "met"
        } else {
            "NOT met"
        },
        mb(rss),
        secs(pushes[RUNS / 2]),
        secs(idle[1]),
    );
}

fn main() {
    if let Some(report) = std::env::var_os(MEASURE) {
        measure(report.to_str().unwrap());
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not
    // (minutes of work and a server are not a smoke test), nor `--list`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let admin = match std::env::var("SALESBENCH_TEST_PG") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            eprintln!(
                "benches/sync.rs needs a PostgreSQL server: run it under `source .ci/pg.sh` \
                 (from the worktree root, in bash), which sets SALESBENCH_TEST_PG"
            );
            std::process::exit(2);
        }
    };
    let sizes = common::sizes();
    let largest = sizes.iter().copied().max().unwrap_or(0);
    for &n in &sizes {
        // Made (and cached) before anything is timed.
        common::demo_db(n);
        // The files of one size (and their backups/), gone after it.
        let dir = tempfile::tempdir().unwrap();
        let (book, writer, fresh) = new_replica(&admin, n, dir.path());
        if n == largest {
            incremental(&book, &writer, &fresh, n);
        }
    }
}
