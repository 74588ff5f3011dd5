//! A database file that is broken, or a place that refuses writes: the
//! real binary says what is wrong on stderr, exits non-zero, never panics,
//! and leaves the file byte for byte as it was.
//!
//! Read-only cases run the binary as `nobody` when the tests run as root
//! (root ignores file modes). The full disk is a file-size limit
//! (`RLIMIT_FSIZE`, with SIGXFSZ ignored so writes fail as on a full disk)
//! and, where `unshare` and `mount` are allowed, a real tmpfs with 64 KB free.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_salesbench");
const NOW: &str = "2026-11-23T09:00:00+09:00";
const NOBODY: u32 = 65534;

struct Bench {
    dir: TempDir,
    db: PathBuf,
}

impl Bench {
    fn empty() -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("sales.db");
        Bench { dir, db }
    }

    /// A real database: 60 demo accounts with their history, and today's
    /// backup already taken (so no command below tries to take one).
    fn demo() -> Bench {
        let b = Bench::empty();
        b.ok(&["demo", "--accounts", "60"]);
        b.ok(&["log", "1", "--summary", "today"]);
        b
    }

    /// A command with the clock, zone and language pinned.
    fn pinned(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("SALESBENCH_NOW", NOW)
            .env("TZ", "Asia/Tokyo")
            .env("LANG", "C")
            .env("HOME", self.dir.path())
            .env("RUST_BACKTRACE", "0")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("SALESBENCH_DB")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        cmd
    }

    fn cmd(&self) -> Command {
        let mut cmd = self.pinned(BIN);
        cmd.arg("--db").arg(&self.db);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run salesbench");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?} failed: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.db).expect("read the database file")
    }

    /// Names in the directory, sorted.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// A refusal as the user sees it: non-zero, nothing on stdout, one or
/// more `salesbench: ` lines on stderr and no panic. Returns stderr.
fn refused(out: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{what}: succeeded; stderr: {stderr}");
    assert!(
        out.status.code().is_some(),
        "{what}: killed by a signal: {:?}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{what}: panicked: {stderr}");
    assert!(out.stdout.is_empty(), "{what}: printed to stdout");
    assert!(
        !stderr.is_empty() && stderr.lines().all(|l| l.starts_with("salesbench: ")),
        "{what}: want salesbench: lines on stderr, got {stderr:?}"
    );
    stderr
}

/// Run `args` on a broken file and expect a refusal that leaves the file
/// and its directory exactly as they were. Returns stderr.
fn refused_untouched(b: &Bench, args: &[&str]) -> String {
    let (before, files) = (b.bytes(), b.listing());
    let out = b.cmd().args(args).output().expect("run salesbench");
    let stderr = refused(&out, &format!("{args:?}"));
    assert!(b.bytes() == before, "{args:?} changed the file");
    assert_eq!(b.listing(), files, "{args:?} left files beside it");
    stderr
}

const COMMANDS: [&[&str]; 3] = [
    &["account", "list"],
    &["history", "1", "--json"],
    &["log", "1", "--summary", "x"],
];

#[test]
fn a_truncated_database_is_refused_and_left_as_it_was() {
    let real = Bench::demo().bytes();
    let page = 4096;
    assert!(real.len() > 8 * page, "a database of several pages");
    for cut in [real.len() / 2, real.len() - page, 100, 16, 5 * page + 123] {
        let b = Bench::empty();
        std::fs::write(&b.db, &real[..cut]).expect("write the cut file");
        for args in COMMANDS {
            let err = refused_untouched(&b, args);
            assert!(
                [
                    "malformed",
                    "not a database",
                    "not a SQLite database",
                    "looks damaged"
                ]
                .iter()
                .any(|w| err.contains(w)),
                "cut at {cut}: {args:?}: {err}"
            );
        }
    }
}

/// SQLite reads the missing end of a last page as zeros, so a file cut
/// inside its last page opens, passes for sound, and the next write
/// rewrites it, making the loss permanent. The header's page count says
/// how long the file must be (with no WAL beside it); opening could check.
#[test]
fn a_database_cut_inside_its_last_page_is_refused() {
    let real = Bench::demo().bytes();
    let b = Bench::empty();
    std::fs::write(&b.db, &real[..real.len() - 2000]).expect("write the cut file");
    for args in COMMANDS {
        refused_untouched(&b, args);
    }
}

#[test]
fn a_zero_byte_file_is_a_new_database() {
    let b = Bench::empty();
    std::fs::write(&b.db, b"").expect("create an empty file");
    assert_eq!(b.ok(&["account", "list"]), "");
    let id = b.ok(&["account", "add", "Acme"]);
    assert_eq!(id, "1\n");
    assert!(b.ok(&["account", "list"]).contains("Acme"));
    assert!(b.bytes().starts_with(b"SQLite format 3\0"));
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
    let mut noise = vec![0u8; 8192];
    let mut x: u32 = 0x9e37_79b9;
    for byte in &mut noise {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *byte = x as u8;
    }
    let mut header_then_noise = b"SQLite format 3\0".to_vec();
    header_then_noise.extend_from_slice(&noise[..4000]);
    let mut header_then_zeros = b"SQLite format 3\0".to_vec();
    header_then_zeros.resize(8192, 0);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    for (what, content) in [
        ("noise", noise),
        ("header then noise", header_then_noise),
        ("header then zeros", header_then_zeros),
        ("a PNG", png),
    ] {
        let b = Bench::empty();
        std::fs::write(&b.db, &content).expect("write");
        for args in COMMANDS {
            let err = refused_untouched(&b, args);
            assert!(
                err.contains("not a database") || err.contains("not a SQLite database"),
                "{what}: {args:?}: {err}"
            );
        }
    }
    let b = Bench::empty();
    std::fs::create_dir(&b.db).expect("a directory where the file should be");
    let out = b.cmd().args(["account", "list"]).output().expect("run");
    assert!(refused(&out, "a directory").contains("directory"));
}

// ---- places that refuse writes ----

/// Run as `nobody` when root (root writes through any file mode); the
/// whole directory is handed to `nobody` first.
fn unprivileged(b: &Bench, cmd: &mut Command) {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    chown_tree(b.dir.path());
    // SAFETY: only async-signal-safe syscalls run between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(NOBODY) != 0
                || libc::setuid(NOBODY) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

fn chown_tree(p: &Path) {
    std::os::unix::fs::chown(p, Some(NOBODY), Some(NOBODY)).expect("chown");
    if p.is_dir() {
        for e in std::fs::read_dir(p).expect("list") {
            chown_tree(&e.expect("entry").path());
        }
    }
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn run_unprivileged(b: &Bench, args: &[&str]) -> Output {
    let mut cmd = b.cmd();
    cmd.args(args);
    unprivileged(b, &mut cmd);
    cmd.output().expect("run salesbench")
}

#[test]
fn a_read_only_file_can_be_read_but_not_written() {
    let b = Bench::demo();
    let listed = b.ok(&["account", "list"]);
    chmod(&b.db, 0o400);
    let before = b.bytes();

    let out = run_unprivileged(&b, &["account", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "reading a read-only file: {stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), listed);

    for args in [
        &["log", "1", "--summary", "x"][..],
        &["account", "add", "Acme"],
    ] {
        let out = run_unprivileged(&b, args);
        let err = refused(&out, &format!("{args:?}"));
        assert!(
            err.contains("readonly") || err.contains("read-only"),
            "{err}"
        );
        assert!(b.bytes() == before, "{args:?} changed the file");
    }
}

#[test]
fn a_read_only_directory_is_refused_cleanly() {
    let b = Bench::demo();
    let before = b.bytes();
    for args in [&["account", "list"][..], &["log", "1", "--summary", "x"]] {
        chmod(b.dir.path(), 0o555);
        let out = run_unprivileged(&b, args);
        chmod(b.dir.path(), 0o755);
        let err = refused(&out, &format!("{args:?}"));
        assert!(
            err.contains("readonly") || err.contains("read-only"),
            "{err}"
        );
        assert!(b.bytes() == before, "{args:?} changed the file");
    }
    // And a new database there cannot be created.
    let fresh = Bench::empty();
    chmod(fresh.dir.path(), 0o555);
    let out = run_unprivileged(&fresh, &["account", "add", "Acme"]);
    chmod(fresh.dir.path(), 0o755);
    assert!(refused(&out, "new file").contains("Permission denied"));
    assert!(!fresh.db.exists());
}

/// `log` with a 1 MB body (`--body -`), under a file-size limit.
fn log_big_body_limited(b: &Bench, limit: u64) -> Output {
    let body = b.dir.path().join("body.txt");
    std::fs::write(&body, "本文".repeat(180_000)).expect("write the body");
    let mut cmd = b.cmd();
    cmd.args(["log", "1", "--summary", "big", "--body", "-"])
        .stdin(std::fs::File::open(&body).expect("open the body"));
    // SAFETY: setrlimit and signal are async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            // Ignored, a signal stays ignored across exec: writes past the
            // limit then fail with EFBIG, as on a full disk.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run salesbench")
}

#[test]
fn a_full_disk_is_a_clear_error_and_loses_nothing() {
    let b = Bench::demo();
    let (before, rows_before) = (b.bytes(), b.ok(&["history", "1", "--json"]));
    for limit in [64 * 1024, before.len() as u64 + 100_000] {
        let out = log_big_body_limited(&b, limit);
        let err = refused(&out, &format!("limit {limit}"));
        assert!(err.contains("disk"), "limit {limit}: {err}");
        assert!(b.bytes() == before, "limit {limit}: the file changed");
    }
    // Nothing half-written: the next run sees what was there, and writes.
    assert_eq!(b.ok(&["history", "1", "--json"]), rows_before);
    b.ok(&["log", "1", "--summary", "after the disk filled"]);
    let conn = rusqlite::Connection::open(&b.db).expect("open");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");

    // A new database on a full disk: refused; what is left is usable.
    let fresh = Bench::empty();
    let mut cmd = fresh.cmd();
    cmd.args(["account", "add", "Acme"]);
    // SAFETY: as above.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 2048,
                rlim_max: 2048,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &lim);
            Ok(())
        });
    }
    let out = cmd.output().expect("run");
    assert!(refused(&out, "new file on a full disk").contains("disk"));
    assert_eq!(fresh.ok(&["account", "add", "Acme"]), "1\n");
}

/// A real full filesystem (ENOSPC, not EFBIG): a tmpfs 64 KB larger than
/// the database, in a private mount namespace. Skipped where mounting is not allowed.
#[test]
fn a_full_tmpfs_is_a_clear_error_and_loses_nothing() {
    let b = Bench::demo();
    let mnt = b.dir.path().join("mnt");
    std::fs::create_dir(&mnt).expect("mkdir");
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\""])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot mount a tmpfs here (unshare -m / mount refused)");
        return;
    }
    let body = b.dir.path().join("body.txt");
    std::fs::write(&body, "本文".repeat(180_000)).expect("write the body");
    let after = b.dir.path().join("after.db");
    // Mount, copy the database in, log onto it, copy it back out: the
    // mount vanishes with the namespace.
    let script = r#"
        mount -t tmpfs -o "size=$SIZE" tmpfs "$MNT" || exit 100
        cp "$DB" "$MNT/sales.db" || exit 101
        "$SB" --db "$MNT/sales.db" log 1 --summary big --body - < "$BODY"
        rc=$?
        cp "$MNT/sales.db" "$AFTER" || exit 102
        ls "$MNT" >&2
        exit $rc
    "#;
    let out = b
        .pinned("unshare")
        .args(["-m", "sh", "-c", script])
        .env("MNT", &mnt)
        .env("SIZE", (b.bytes().len() + 64 * 1024).to_string())
        .env("DB", &b.db)
        .env("SB", BIN)
        .env("BODY", &body)
        .env("AFTER", &after)
        .output()
        .expect("run unshare");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.code().is_some_and(|c| c != 0 && c < 100),
        "{:?}: {stderr}",
        out.status
    );
    assert!(stderr.contains("salesbench: "), "{stderr}");
    assert!(stderr.contains("full"), "says the disk is full: {stderr}");
    // Only the database itself is left on the filesystem (and the
    // backups folder the daily backup tried to fill).
    let left: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("salesbench: "))
        .collect();
    assert!(
        left.iter().all(|l| ["sales.db", "backups"].contains(l)),
        "{left:?}"
    );
    assert!(
        std::fs::read(&after).expect("the copy back") == b.bytes(),
        "the file changed"
    );
}
