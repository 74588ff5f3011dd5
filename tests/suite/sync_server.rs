//! Team sync against a real PostgreSQL server, through the real binary:
//! `server init`, `sync`, `sync status`; the server's own refusal to let
//! an operator rewrite history; passwords; an unreachable server; `sync`
//! killed at random moments; the link cut in the middle of a sync.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use salesbench::store::Store;

use crate::common::pg;

const NOW: &str = "2026-11-23T09:00:00+09:00";

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

fn run(db: &Path, args: &[&str]) -> Output {
    bin(db).args(args).output().expect("run salesbench")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

fn sync(db: &Path, url: &str) -> serde_json::Value {
    json(db, &["sync", "--json", "--url", url])
}

fn account(db: &Path, name: &str, code: &str) -> String {
    ok(
        db,
        &[
            "account",
            "add",
            name,
            "--code",
            code,
            "--phone",
            "03-1111-2222",
        ],
    )
    .trim()
    .to_string()
}

fn rows(db: &Path) -> Vec<String> {
    Store::open(db).unwrap().shared_rows().unwrap()
}

/// A file with some history of its own (the demo's generator).
fn demo(db: &Path, accounts: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_salesbench"))
        .env("SALESBENCH_NOW", NOW)
        .env("TZ", "Asia/Tokyo")
        .args(["demo", "--accounts", accounts, "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn init_makes_the_book_once_and_refuses_a_database_holding_something_else() {
    let Some(pg) = pg::server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let book = pg.fresh("init");
    let first = ok(
        &db,
        &["server", "init", "--url", &book.url, "--role", "rep1"],
    );
    assert!(first.contains("Created the team's book"), "{first}");
    assert!(
        first.contains("GRANT SELECT, INSERT ON public.salesbench_events TO rep1;"),
        "{first}"
    );
    assert!(!first.contains(
        book.url
            .split(':')
            .nth(2)
            .unwrap()
            .split('@')
            .next()
            .unwrap()
    ));
    assert!(!db.exists(), "server init opens no local file");
    let again = ok(&db, &["server", "init", "--url", &book.url]);
    assert!(again.contains("already"), "{again}");
    assert_eq!(book.events(), 0);

    let other = pg.fresh("foreign");
    other
        .client()
        .batch_execute("CREATE TABLE invoices (id int)")
        .unwrap();
    let out = run(
        &db,
        &["--lang", "ja", "server", "init", "--url", &other.url],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("invoices") && err.contains("何も変更していません"),
        "{err}"
    );
    let tables: i64 = other
        .client()
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "nothing created beside the foreign table");
}

#[test]
fn an_operator_role_can_add_events_but_never_change_or_delete_them() {
    let Some(pg) = pg::server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let book = pg.fresh("grants");
    book.init();
    let url = book.operator("rep");
    account(&db, "山田商店", "C-1");
    let s = sync(&db, &url);
    assert!(s["pushed"].as_i64().unwrap() > 0, "{s}");
    let mut rep = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for sql in [
        "UPDATE salesbench_events SET payload = '{}'",
        "DELETE FROM salesbench_events",
        "TRUNCATE salesbench_events",
        "UPDATE salesbench_meta SET book_id = 'x'",
        "DELETE FROM salesbench_meta",
        "DROP TABLE salesbench_events",
        "ALTER TABLE salesbench_events DROP CONSTRAINT salesbench_events_pkey",
    ] {
        let e = rep.batch_execute(sql).expect_err(sql);
        let code = e.code().map(|c| c.code().to_string());
        assert!(
            matches!(code.as_deref(), Some("42501")),
            "{sql}: {code:?} {e}"
        );
    }
    assert_eq!(book.events(), s["server_events"].as_i64().unwrap());
}

#[test]
fn two_operators_share_one_book_through_the_cli() {
    let Some(pg) = pg::server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let book = pg.fresh("two");
    book.init();
    let (ua, ub) = (book.operator("a"), book.operator("b"));

    // a works offline, then joins; b starts empty and gets the whole book.
    let id = account(&a, "山田商店", "C-1");
    ok(&a, &["log", &id, "--summary", "見積もりの件で電話"]);
    let first = sync(&a, &ua);
    assert_eq!(first["pulled"], 0);
    assert_eq!(first["local_pending"], 0);
    assert_eq!(first["server_events"], first["pushed"]);
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    for k in [
        "pushed",
        "pulled",
        "conflicts",
        "server_events",
        "local_pending",
    ] {
        assert!(first.get(k).is_some(), "{k} in {keys:?}");
    }
    let got = sync(&b, &ub);
    assert_eq!(got["pulled"], first["pushed"]);
    assert_eq!(rows(&a), rows(&b));
    let hist = ok(&b, &["history", "C-1"]);
    assert!(hist.contains("見積もりの件で電話"), "{hist}");

    // Both change the same phone apart: one value wins everywhere, the
    // other is in the history, the conflict is said once.
    ok(&a, &["account", "edit", "C-1", "--phone", "03-0000-0001"]);
    ok(&b, &["account", "edit", "C-1", "--phone", "03-0000-0002"]);
    ok(&b, &["log", "C-1", "--summary", "折り返し待ち"]);
    sync(&a, &ua);
    let line = ok(&b, &["sync", "--url", &ub]);
    assert!(line.starts_with("pushed "), "{line}");
    assert!(line.contains("1 conflict"), "{line}");
    assert!(line.contains("03-0000-000"), "{line}");
    sync(&a, &ua);
    assert_eq!(rows(&a), rows(&b));
    let shown_a = ok(&a, &["account", "show", "C-1"]);
    let shown_b = ok(&b, &["account", "show", "C-1"]);
    assert_eq!(shown_a, shown_b);
    let both = rows(&a).join("\n");
    assert!(both.contains("03-0000-0001") && both.contains("03-0000-0002"));

    // Nothing new: nothing moves.
    let quiet = sync(&a, &ua);
    assert_eq!(
        (quiet["pushed"].as_i64(), quiet["pulled"].as_i64()),
        (Some(0), Some(0))
    );

    // Status changes nothing and says what is waiting.
    ok(&a, &["log", "C-1", "--summary", "未送信のメモ"]);
    let st = json(&a, &["sync", "status", "--json", "--url", &ua]);
    assert_eq!(st["reachable"], true, "{st}");
    assert!(st["local_pending"].as_i64().unwrap() > 0);
    assert!(st["last_sync_at"].is_string());
    let again = json(&a, &["sync", "status", "--json", "--url", &ua]);
    assert_eq!(st["local_pending"], again["local_pending"]);
    let ja = ok(&a, &["--lang", "ja", "sync", "status", "--url", &ua]);
    assert!(
        ja.contains("送信待ち") && ja.contains("サーバーは応答しています"),
        "{ja}"
    );
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn an_unreachable_server_is_said_plainly_and_nothing_else_waits_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    account(&db, "山田商店", "C-1");
    let url = format!("postgres://rep:secret-pw@127.0.0.1:{}/book", closed_port());
    let before = rows(&db);
    for (lang, words) in [("en", "cannot be reached"), ("ja", "接続できません")] {
        let out = run(&db, &["--lang", lang, "sync", "--url", &url]);
        assert_eq!(out.status.code(), Some(1), "exit 1 when unreachable");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(words), "{err}");
        assert!(!err.contains("secret-pw") && err.contains("***"), "{err}");
        if lang == "ja" {
            let shown = salesbench::sync::url::redact(&url);
            let rest = err.replace(&shown, "").replace("salesbench: ", "");
            assert!(
                !rest.chars().any(|c| c.is_ascii_alphabetic()),
                "English in the Japanese message: {err}"
            );
            assert!(err.contains("次の同期で送られます"), "{err}");
        }
    }
    assert_eq!(rows(&db), before, "the file is as it was");
    let st = json(&db, &["sync", "status", "--json", "--url", &url]);
    assert_eq!(st["reachable"], false);
    assert!(st["local_pending"].as_i64().unwrap() > 0);
    // Work goes on offline, and no other command asks the server.
    ok(&db, &["log", "C-1", "--summary", "オフラインで記録"]);
    let out = run(&db, &["sync"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "no server configured is a usage error"
    );
}

#[test]
fn the_password_comes_from_pgpassword_or_the_password_file_and_is_never_shown() {
    let Some(pg) = pg::server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let book = pg.fresh("pw");
    book.init();
    let url = book.operator("rep");
    let password = url.split("://").nth(1).unwrap().split('@').next().unwrap();
    let (user, password) = password.split_once(':').unwrap();
    let bare = pg::as_user(&url, user, None);
    account(&db, "山田商店", "C-1");

    let out = bin(&db)
        .args(["sync", "--json", "--url", &bare])
        .env("PGPASSWORD", password)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let host_port = bare.split('@').nth(1).unwrap().split('/').next().unwrap();
    let (host, port) = host_port.split_once(':').unwrap();
    let pgpass = dir.path().join("pgpass");
    std::fs::write(&pgpass, format!("{host}:{port}:*:{user}:{password}\n")).unwrap();
    set_mode(&pgpass, 0o600);
    ok(
        &db,
        &["log", "C-1", "--summary", "パスワードファイルで同期"],
    );
    let out = bin(&db)
        .args(["sync", "--json", "--url", &bare])
        .env("PGPASSFILE", &pgpass)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["pushed"],
        1
    );

    // A file others may read is not used, and the operator is told.
    set_mode(&pgpass, 0o644);
    let out = bin(&db)
        .args(["sync", "--url", &bare])
        .env("PGPASSFILE", &pgpass)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("chmod 0600"), "{err}");

    // A wrong password: refused, and neither password is printed.
    let wrong = pg::as_user(&url, user, Some("not-the-password"));
    let out = run(&db, &["sync", "--url", &wrong]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("refused the login"), "{err}");
    assert!(
        !err.contains("not-the-password") && !err.contains(password),
        "{err}"
    );
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `rows` conversations for the account with `code`, as a CSV file.
fn calls_csv(dir: &Path, code: &str, tag: &str, rows: usize) -> std::path::PathBuf {
    let mut csv = String::from("date,customer code,summary\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "2026-11-{:02} {:02}:{:02},{code},{tag} 件{i}\n",
            1 + i % 20,
            9 + i % 8,
            i % 60
        ));
    }
    let path = dir.join(format!("{tag}.csv"));
    std::fs::write(&path, csv).unwrap();
    path
}

/// Kill `sync` (SIGKILL) at 36 random moments while it pushes and pulls;
/// then sync to the end. The server holds each event once, each origin's
/// numbers without a gap, and both operators end with the same book.
#[test]
fn sync_killed_at_random_moments_loses_and_doubles_nothing() {
    let Some(pg) = pg::server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let book = pg.fresh("kill");
    book.init();
    let (ua, ub) = (book.operator("a"), book.operator("b"));
    account(&a, "山田商店", "K-A");
    account(&b, "佐藤工務店", "K-B");
    const ROWS: usize = 600;
    // How long one push and one pull of that much take, uncut.
    let file = calls_csv(dir.path(), "K-A", "calibrate", ROWS);
    ok(&a, &["import", "conversations", file.to_str().unwrap()]);
    let started = std::time::Instant::now();
    sync(&a, &ua);
    sync(&b, &ub);
    let whole = started.elapsed().as_millis() as u64 / 2;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let mut killed = 0;
    for round in 0..18 {
        let (x, ux, y, uy, code) = match round % 2 {
            0 => (&a, &ua, &b, &ub, "K-A"),
            _ => (&b, &ub, &a, &ua, "K-B"),
        };
        let file = calls_csv(dir.path(), code, &format!("r{round}"), ROWS);
        ok(x, &["import", "conversations", file.to_str().unwrap()]);
        // x pushes, y pulls: each killed somewhere along the way.
        for (db, url) in [(x, ux), (y, uy)] {
            let mut child = bin(db)
                .args(["sync", "--json", "--url", url])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(5 + rand(whole)));
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL
                killed += 1;
            }
            child.wait().unwrap();
            assert_eq!(book.duplicates(), 0, "round {round}");
            let st = Store::open(db).unwrap().integrity_check().unwrap();
            assert_eq!(st, "ok", "round {round}");
        }
    }
    assert!(killed >= 30, "only {killed} of 36 syncs were cut mid-way");
    for _ in 0..2 {
        sync(&a, &ua);
        sync(&b, &ub);
    }
    assert_eq!(book.duplicates(), 0);
    assert!(book.runs().iter().all(|(n, max)| n == max), "gapless");
    let (ra, rb) = (rows(&a), rows(&b));
    assert!(ra == rb, "the two files hold the same book");
    for round in 0..18 {
        for i in [0, ROWS / 2, ROWS - 1] {
            let text = format!("\"r{round} 件{i}\"");
            let n = ra
                .iter()
                .filter(|r| r.contains("\"t\":\"conversations\"") && r.contains(&text))
                .count();
            assert_eq!(n, 1, "{text} once");
        }
    }
    for db in [&a, &b] {
        let st = json(db, &["sync", "status", "--json"]);
        assert_eq!(st["local_pending"], 0);
    }
}

/// A TCP proxy to the server that can be cut: every connection through
/// it dies once `budget` bytes have gone through it (either way).
struct Proxy {
    port: u16,
    budget: Arc<AtomicUsize>,
    cut: Arc<AtomicBool>,
}

impl Proxy {
    fn to(target: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let budget = Arc::new(AtomicUsize::new(usize::MAX));
        let cut = Arc::new(AtomicBool::new(false));
        let (b, c, target) = (budget.clone(), cut.clone(), target.to_string());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if c.load(Ordering::SeqCst) {
                    continue; // dropped: refused as if down
                }
                let Ok(server) = TcpStream::connect(&target) else {
                    continue;
                };
                let (b, c1, c2) = (b.clone(), c.clone(), c.clone());
                let b2 = b.clone();
                let (cl, sv) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || pipe(cl, sv, Some(b.clone()), c1));
                std::thread::spawn(move || pipe(server, client, Some(b2), c2));
            }
        });
        Proxy { port, budget, cut }
    }
}

fn pipe(
    mut from: TcpStream,
    mut to: TcpStream,
    budget: Option<Arc<AtomicUsize>>,
    cut: Arc<AtomicBool>,
) {
    let mut buf = [0u8; 8192];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if let Some(b) = &budget {
            let left = b.load(Ordering::SeqCst);
            if left < n {
                cut.store(true, Ordering::SeqCst);
            } else {
                b.store(left - n, Ordering::SeqCst);
            }
        }
        if cut.load(Ordering::SeqCst) || to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(std::net::Shutdown::Both);
    let _ = to.shutdown(std::net::Shutdown::Both);
}

#[test]
fn the_server_going_away_in_the_middle_of_a_sync_loses_nothing() {
    let Some(pg) = pg::server() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let book = pg.fresh("cut");
    book.init();
    let (ua, ub) = (book.operator("a"), book.operator("b"));
    demo(&b, "150");
    let hostport = ub
        .split('@')
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let through = |p: &Proxy, url: &str| url.replace(&hostport, &format!("127.0.0.1:{}", p.port));
    // b pushes through a link that dies after a few batches' answers.
    let mut cuts = 0;
    for budget in [2_000, 20_000, 200_000] {
        let proxy = Proxy::to(&hostport);
        proxy.budget.store(budget, Ordering::SeqCst);
        let out = run(
            &b,
            &["--lang", "ja", "sync", "--url", &through(&proxy, &ub)],
        );
        if !out.status.success() {
            cuts += 1;
            assert_eq!(out.status.code(), Some(1));
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(
                err.contains("接続できません") && err.contains("次の同期"),
                "{err}"
            );
        }
        assert!(proxy.cut.load(Ordering::SeqCst) || out.status.success());
        assert_eq!(book.duplicates(), 0);
    }
    assert!(cuts >= 2, "the link was cut mid-sync at least twice");
    // a pulls through a link that dies while the book comes down.
    let proxy = Proxy::to(&hostport);
    sync(&b, &ub);
    proxy.budget.store(300_000, Ordering::SeqCst);
    let out = run(&a, &["sync", "--url", &through(&proxy, &ua)]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Local work goes on while the server is away, and the next sync
    // completes.
    let id = account(&a, "佐藤工務店", "C-A1");
    ok(&a, &["log", &id, "--summary", "サーバー停止中の記録"]);
    sync(&a, &ua);
    sync(&b, &ub);
    assert_eq!(rows(&a), rows(&b));
    assert!(book.runs().iter().all(|(n, max)| n == max), "gapless");
}
