//! Crash and concurrency safety of writes, with the real binary.
//!
//! A writer is a shell loop running `salesbench log` / `salesbench order`
//! one after another and printing each id once the command has exited
//! (after its commit). The kill test SIGKILLs the whole loop, the command
//! it is running included, at random moments; the two-writers test runs
//! two loops on one file at once. Both then check the file the way a
//! later run would find it.

use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_salesbench");
const NOW: &str = "2026-11-23T09:00:00+09:00";
const ACCOUNTS: usize = 3;
/// The kill test stops after this many kills...
const KILLS: usize = 100;
/// ...or this long, whichever comes first (it must reach 50 kills).
const KILL_BUDGET: Duration = Duration::from_secs(40);

/// One database in a scratch directory (which is also `HOME`).
struct Bench {
    dir: TempDir,
    db: PathBuf,
}

impl Bench {
    /// A fresh database holding [`ACCOUNTS`] accounts, made by the binary.
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("sales.db");
        let bench = Bench { dir, db };
        for n in 1..=ACCOUNTS {
            bench.ok(&["account", "add", &format!("Account {n}")]);
        }
        bench
    }

    /// The binary with the clock, zone and language pinned.
    fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env("SALESBENCH_NOW", NOW)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env("HOME", self.dir.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("SALESBENCH_DB")
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(&self.db);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run salesbench");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?} failed: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
        String::from_utf8(out.stdout).expect("UTF-8 stdout")
    }

    /// A shell loop of writes, in its own process group so one signal
    /// reaches the loop and the command it is running. `script` sees the
    /// binary as `$SB` and the database as `$DB`.
    fn writer(&self, script: &str, env: &[(&str, &str)]) -> Child {
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .envs(env.iter().copied())
            .env("SB", BIN)
            .env("DB", &self.db)
            .env("SALESBENCH_NOW", NOW)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env("HOME", self.dir.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("SALESBENCH_DB")
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("spawn sh")
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.db).expect("open with rusqlite")
    }
}

/// Read a pipe to its end on another thread; the receiver gets the text.
fn drain(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
    });
    rx
}

fn collect(rx: &mpsc::Receiver<String>, what: &str) -> String {
    rx.recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{what}: the pipe stayed open (a writer outlived the kill?)"))
}

/// Ids from lines `"<tag> <id>"`; a line cut short by the kill has no
/// newline and is ignored.
fn ids_tagged(out: &str, tag: &str) -> Vec<i64> {
    out.split_inclusive('\n')
        .filter(|l| l.ends_with('\n'))
        .filter_map(|l| l.trim_end().strip_prefix(tag)?.strip_prefix(' '))
        .map(|id| id.parse().unwrap_or_else(|_| panic!("not an id: {id:?}")))
        .collect()
}

fn ids_in(conn: &Connection, table: &str) -> BTreeSet<i64> {
    let mut st = conn
        .prepare(&format!("SELECT id FROM {table}"))
        .expect("prepare");
    let rows = st.query_map([], |r| r.get(0)).expect("query");
    rows.collect::<Result<_, _>>().expect("ids")
}

/// Everything a later run relies on: a sound file, every row attached to
/// its account, and the per-account facts kept on write equal to what the
/// rows say.
fn assert_consistent(conn: &Connection) {
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    assert_eq!(dangling, 0, "rows pointing at missing rows");
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM conversations c \
                     WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = c.account_id)) \
                  + (SELECT count(*) FROM orders o \
                     WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = o.account_id))",
            [],
            |r| r.get(0),
        )
        .expect("orphans");
    assert_eq!(orphans, 0, "conversations or orders without an account");

    let mut st = conn
        .prepare(
            "SELECT a.id, a.last_touch_at, \
                    (SELECT max(t) FROM ( \
                        SELECT happened_at AS t FROM conversations \
                         WHERE account_id = a.id AND retracted_at IS NULL \
                        UNION ALL SELECT ordered_at FROM orders WHERE account_id = a.id)), \
                    a.last_order_at, \
                    (SELECT max(ordered_at) FROM orders WHERE account_id = a.id) \
             FROM accounts a",
        )
        .expect("prepare touch check");
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .expect("query touch check");
    for row in rows {
        let (id, touch, want_touch, order, want_order) = row.expect("row");
        assert_eq!(touch, want_touch, "account {id}: last_touch_at");
        assert_eq!(order, want_order, "account {id}: last_order_at");
    }
}

/// Every finished backup beside the database is a sound database.
fn assert_backups_sound(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir.join("backups")) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        // `.name.tmp-PID` is a copy in progress that was killed.
        if name.starts_with('.') || !name.ends_with(".db") {
            continue;
        }
        let conn = Connection::open(&path).expect("open backup");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(check, "ok", "{}", path.display());
    }
}

/// About 54 KB of text, different on every line.
fn big_body() -> String {
    (0..1200)
        .map(|n| format!("line {n:04} of the call notes, 田中様より\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// Logs conversations (some backdated) and now and then an order, to
/// rotating accounts, forever; each id is printed once its command exits.
/// The 54 KB `$BODY` spreads each commit over many pages, so kills land
/// inside writes as well as between them.
const KILL_LOOP: &str = r#"
i=$START
while :; do
    i=$((i + 1))
    account=$((i % 3 + 1))
    if [ $((i % 4)) -eq 0 ]; then
        id=$("$SB" --db "$DB" order "$account" --amount "$i" --at "-$((i % 7))d") && echo "o $id"
    else
        id=$("$SB" --db "$DB" log "$account" --summary "call $i" --body "$BODY" \
            --at "-$((i % 5))d") && echo "c $id"
    fi
done
"#;

#[test]
fn sigkill_at_random_moments_loses_nothing_printed_and_leaves_no_half_writes() {
    let bench = Bench::new();
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("kill test seed: CRASH_SEED={seed}");
    let mut rng = SmallRng::seed_from_u64(seed);
    let body = big_body();

    let (mut conversations, mut orders) = (Vec::new(), Vec::new());
    let mut stderr = String::new();
    let started = Instant::now();
    let mut kills = 0;
    while kills < KILLS && started.elapsed() < KILL_BUDGET {
        let script = format!("START={}\n{KILL_LOOP}", kills * 1000);
        let mut child = bench.writer(&script, &[("BODY", &body)]);
        let out = drain(child.stdout.take().expect("stdout"));
        let err = drain(child.stderr.take().expect("stderr"));
        thread::sleep(Duration::from_millis(rng.random_range(0..150)));
        assert!(
            child.try_wait().expect("poll").is_none(),
            "the writer loop stopped by itself: {}",
            collect(&err, "stderr")
        );
        // The group: the shell and the salesbench it is running.
        let pgid = child.id() as libc::pid_t;
        // SAFETY: kill(2) with a negative pid signals that process group;
        // the group is the child we just spawned, so nothing else is hit.
        assert_eq!(unsafe { libc::kill(-pgid, libc::SIGKILL) }, 0, "kill");
        child.wait().expect("reap the shell");
        kills += 1;
        let out = collect(&out, "stdout");
        conversations.extend(ids_tagged(&out, "c"));
        orders.extend(ids_tagged(&out, "o"));
        stderr.push_str(&collect(&err, "stderr"));
    }
    assert!(
        kills >= 50,
        "only {kills} kills in {KILL_BUDGET:?} (seed {seed})"
    );
    assert!(
        conversations.len() + orders.len() >= 10,
        "too few writes finished between kills to prove anything: {} (seed {seed})",
        conversations.len() + orders.len()
    );
    // Nothing reached the user: no panic, no lock or corruption message.
    assert!(stderr.is_empty(), "seed {seed}: stderr: {stderr}");

    // The next run opens the file cleanly (recovering the WAL).
    let history = bench.ok(&["history", "1", "--json"]);
    serde_json::from_str::<serde_json::Value>(&history).expect("history --json");

    let conn = bench.conn();
    assert_consistent(&conn);
    let stored = ids_in(&conn, "conversations");
    let missing: Vec<_> = conversations
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "seed {seed}: printed conversation ids missing: {missing:?}"
    );
    let stored = ids_in(&conn, "orders");
    let missing: Vec<_> = orders.iter().filter(|id| !stored.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "seed {seed}: printed order ids missing: {missing:?}"
    );
    // Every conversation whole: its text is all there.
    let torn: i64 = conn
        .query_row(
            "SELECT count(*) FROM conversations WHERE body != ?1 OR summary NOT LIKE 'call %'",
            [&body],
            |r| r.get(0),
        )
        .expect("torn rows");
    assert_eq!(torn, 0, "conversations with partial text");
    let unprinted = ids_in(&conn, "conversations").len() + ids_in(&conn, "orders").len()
        - conversations.len()
        - orders.len();
    drop(conn);
    assert_backups_sound(bench.dir.path());
    eprintln!("{unprinted} writes committed but killed before their id was printed");
    eprintln!(
        "{kills} kills, {} conversations and {} orders confirmed, in {:?}",
        conversations.len(),
        orders.len(),
        started.elapsed()
    );
}

/// Each writer logs 500 conversations, alternating between two accounts
/// the other writer also uses; stops at the first failure.
const WRITER_LOOP: &str = r#"
i=0
while [ $i -lt 500 ]; do
    i=$((i + 1))
    id=$("$SB" --db "$DB" log "$((i % 2 + 1))" --summary "w$W-$i") || exit 1
    echo "c $id"
done
"#;

#[test]
fn two_writers_at_once_both_land_every_conversation() {
    let bench = Bench::new();
    // The first start of the day for both: each also races to take
    // today's backup.
    std::fs::remove_dir_all(bench.dir.path().join("backups")).expect("no backups yet");
    let started = Instant::now();
    let mut writers: Vec<_> = ["1", "2"]
        .iter()
        .map(|w| {
            let mut child = bench.writer(WRITER_LOOP, &[("W", w)]);
            let out = drain(child.stdout.take().expect("stdout"));
            let err = drain(child.stderr.take().expect("stderr"));
            (child, out, err)
        })
        .collect();

    let mut printed = Vec::new();
    for (n, (child, out, err)) in writers.iter_mut().enumerate() {
        let status = child.wait().expect("wait for a writer");
        let stderr = collect(err, "stderr");
        assert!(
            !stderr.contains("locked") && !stderr.contains("busy"),
            "writer {n}: {stderr}"
        );
        assert!(stderr.is_empty(), "writer {n} said: {stderr}");
        assert!(status.success(), "writer {n} stopped: {status}");
        let ids = ids_tagged(&collect(out, "stdout"), "c");
        assert_eq!(ids.len(), 500, "writer {n} printed {} ids", ids.len());
        printed.extend(ids);
    }
    let distinct: BTreeSet<i64> = printed.iter().copied().collect();
    assert_eq!(distinct.len(), 1000, "an id was printed twice");

    let conn = bench.conn();
    assert_consistent(&conn);
    assert_eq!(ids_in(&conn, "conversations"), distinct);
    let summaries: BTreeSet<String> = {
        let mut st = conn
            .prepare("SELECT summary FROM conversations")
            .expect("prepare");
        let rows = st.query_map([], |r| r.get(0)).expect("query");
        rows.collect::<Result<_, _>>().expect("summaries")
    };
    let want: BTreeSet<String> = (1..=2)
        .flat_map(|w| (1..=500).map(move |i| format!("w{w}-{i}")))
        .collect();
    assert_eq!(summaries, want, "each writer's 500 summaries, once each");
    drop(conn);
    assert_backups_sound(bench.dir.path());
    eprintln!(
        "1,000 conversations from two writers in {:?}",
        started.elapsed()
    );
}
