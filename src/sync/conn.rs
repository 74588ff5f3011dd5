//! Connecting to the team's PostgreSQL server from a URL: password from
//! the URL, else `PGPASSWORD`, else the password file; TLS as `sslmode`
//! says; a connect timeout so an unreachable server fails fast.

use postgres::config::SslMode as PgSslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::pgpass::{self, Lookup};
use super::url::{ServerUrl, SslMode};
use super::{ServerError, Warning};

/// An open connection, with what was noticed on the way.
pub struct Connection {
    pub client: postgres::Client,
    pub url: ServerUrl,
    pub warnings: Vec<Warning>,
}

/// Connect to the server at `url`.
pub fn connect(url: &str) -> Result<Connection, ServerError> {
    let mut parsed = ServerUrl::parse(url).map_err(|problem| ServerError::BadUrl {
        url: super::url::redact(url),
        problem,
    })?;
    let mut warnings = Vec::new();
    if parsed.password.is_none() {
        parsed.password = password_from_environment(&parsed, &mut warnings);
    }
    let tls =
        super::tls::client_config(parsed.sslmode, parsed.root_cert.as_deref()).map_err(|p| {
            ServerError::Roots {
                path: p.path.display().to_string(),
                detail: p.detail,
            }
        })?;
    let mut config = postgres::Config::new();
    config
        .user(&parsed.user)
        .dbname(&parsed.database)
        .host(&parsed.host)
        .port(parsed.port)
        .connect_timeout(parsed.connect_timeout)
        .application_name("salesbench")
        .ssl_mode(match parsed.sslmode {
            SslMode::Disable => PgSslMode::Disable,
            SslMode::Allow | SslMode::Prefer => PgSslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => PgSslMode::Require,
        });
    if let Some(p) = &parsed.password {
        config.password(p.as_bytes());
    }
    if let Some(o) = &parsed.options {
        config.options(o);
    }
    match config.connect(MakeRustlsConnect::new(tls)) {
        Ok(client) => Ok(Connection {
            client,
            url: parsed,
            warnings,
        }),
        Err(e) => {
            // No password came, because the only file that had one may be
            // read by others: that is what the operator needs to hear.
            let unsafe_file = warnings.iter().find_map(|w| match w {
                Warning::PgpassIgnored { path } if parsed.password.is_none() => Some(path),
                _ => None,
            });
            match (connect_error(&e, &parsed), unsafe_file) {
                (ServerError::Auth { .. }, Some(path)) => {
                    Err(ServerError::PgpassUnsafe { path: path.clone() })
                }
                (other, _) => Err(other),
            }
        }
    }
}

fn password_from_environment(url: &ServerUrl, warnings: &mut Vec<Warning>) -> Option<String> {
    if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(p);
    }
    let path = pgpass::default_path()?;
    match pgpass::lookup(&path, &url.host, url.port, &url.database, &url.user) {
        Lookup::Found(p) => Some(p),
        Lookup::None => None,
        Lookup::Ignored { path } => {
            warnings.push(Warning::PgpassIgnored {
                path: path.display().to_string(),
            });
            None
        }
    }
}

/// The text of a driver error with the password, should it ever appear,
/// replaced.
pub(super) fn scrub(e: &postgres::Error, url: &ServerUrl) -> String {
    // A server's answer says itself in its message; the driver's own
    // Display of it is only "db error".
    let text = match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => e.to_string(),
    };
    match url.password.as_deref() {
        Some(p) if !p.is_empty() => text.replace(p, "***"),
        _ => text,
    }
}

fn connect_error(e: &postgres::Error, url: &ServerUrl) -> ServerError {
    let shown = url.shown.clone();
    let detail = scrub(e, url);
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            // invalid_password, invalid_authorization_specification
            "28P01" | "28000" => ServerError::Auth { url: shown, detail },
            // invalid_catalog_name: no such database
            "3D000" => ServerError::NoDatabase {
                url: shown,
                database: url.database.clone(),
            },
            _ => ServerError::Connect { url: shown, detail },
        };
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = source {
        // TLS failures arrive as I/O errors wrapping rustls's.
        let tls = s.downcast_ref::<rustls::Error>().is_some()
            || s.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<rustls::Error>());
        if tls {
            return ServerError::Tls { url: shown, detail };
        }
        if s.downcast_ref::<std::io::Error>().is_some() {
            return ServerError::Unreachable { url: shown, detail };
        }
        source = s.source();
    }
    if url.sslmode.needs_tls() && detail.contains("does not support TLS") {
        return ServerError::TlsUnavailable { url: shown };
    }
    let mut chain = detail.clone();
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push_str(&format!(": {s}"));
        source = s.source();
    }
    if chain.contains("password missing") {
        return ServerError::Auth { url: shown, detail };
    }
    ServerError::Connect { url: shown, detail }
}
