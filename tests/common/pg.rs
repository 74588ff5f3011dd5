//! The real PostgreSQL server the team-sync tests use: `.ci/run` starts a
//! throwaway one and exports its URL as `SALESBENCH_TEST_PG` (a superuser
//! on 127.0.0.1). Each test gets its own new database. Without the URL a
//! test says it skipped, except under CI, where that is a failure.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The server, when there is one to test against.
pub fn server() -> Option<Admin> {
    match std::env::var("SALESBENCH_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(Admin { url }),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "SALESBENCH_TEST_PG is not set: under CI the team-sync tests need the \
                 PostgreSQL server .ci/run starts"
            );
            eprintln!("skipped: no PostgreSQL (SALESBENCH_TEST_PG is not set; .ci/run sets it)");
            None
        }
    }
}

/// The server as its superuser.
pub struct Admin {
    pub url: String,
}

/// One test's own database on the server.
pub struct Book {
    pub name: String,
    /// As the superuser.
    pub url: String,
    admin: String,
}

static N: AtomicUsize = AtomicUsize::new(0);

impl Admin {
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("connect as superuser")
    }

    /// A new, empty database.
    pub fn fresh(&self, tag: &str) -> Book {
        let name = format!(
            "sb_{tag}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        self.client()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        Book {
            url: with_database(&self.url, &name),
            name,
            admin: self.url.clone(),
        }
    }
}

/// `url` pointing at another database.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let cut = base.rfind('/').expect("a URL with a database");
    format!("{}/{database}{query}", &base[..cut])
}

/// `url` as another user with another password.
pub fn as_user(url: &str, user: &str, password: Option<&str>) -> String {
    let rest = url.split_once("://").expect("scheme").1;
    let host = rest.split_once('@').expect("user@host").1;
    match password {
        Some(p) => format!("postgres://{user}:{p}@{host}"),
        None => format!("postgres://{user}@{host}"),
    }
}

impl Book {
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("connect to the book")
    }

    /// Make the book's tables with salesbench's own `init`.
    pub fn init(&self) -> String {
        salesbench::sync::server::init(&self.url)
            .expect("server init")
            .book
    }

    /// A login role with only the grants `server init` prints; its URL.
    pub fn operator(&self, role: &str) -> String {
        let role = format!("{role}_{}", self.name);
        let password = format!("pw-{role}");
        let mut c = self.client();
        c.batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD '{password}';"
        ))
        .expect("create role");
        for g in salesbench::sync::server::grants(&self.name, "public", &role) {
            c.batch_execute(&g).expect("grant");
        }
        as_user(&self.url, &role, Some(&password))
    }

    /// How many events the server holds.
    pub fn events(&self) -> i64 {
        self.client()
            .query_one("SELECT count(*) FROM salesbench_events", &[])
            .unwrap()
            .get(0)
    }

    /// Events stored twice (uuid or origin and number): must be none.
    pub fn duplicates(&self) -> i64 {
        self.client()
            .query_one(
                "SELECT (SELECT count(*) FROM salesbench_events) \
                 - (SELECT count(DISTINCT (origin, origin_seq)) FROM salesbench_events)",
                &[],
            )
            .unwrap()
            .get(0)
    }

    /// Per origin: events held, and the highest number (equal when gapless).
    pub fn runs(&self) -> Vec<(i64, i64)> {
        self.client()
            .query(
                "SELECT count(*), max(origin_seq) FROM salesbench_events GROUP BY origin",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect()
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
