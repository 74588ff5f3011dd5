//! Team sync: each operator's SQLite file is a replica of the team's
//! book; an append-only log of events goes through a PostgreSQL server.
//! Here: the connection to it, its tables, one sync, and their errors.

pub mod conn;
pub mod pgpass;
pub mod run;
pub mod server;
mod tls;
pub mod url;

use crate::i18n::I18n;
use url::UrlProblem;

/// Something worth telling that did not stop the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The password file may be read by group or others: not used.
    PgpassIgnored { path: String },
}

impl Warning {
    /// In the operator's language.
    pub fn message(&self, i18n: &I18n) -> String {
        match self {
            Warning::PgpassIgnored { path } => i18n.f("server13.pgpass_ignored", &[("path", path)]),
        }
    }
}

/// Why a server operation failed. URLs in it are always redacted; a
/// `detail` is the driver's or server's own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerError {
    /// The URL cannot be read.
    BadUrl { url: String, problem: UrlProblem },
    /// No connection: refused, timed out, no such host.
    Unreachable { url: String, detail: String },
    /// The server refused the user or password.
    Auth { url: String, detail: String },
    /// The database named in the URL does not exist.
    NoDatabase { url: String, database: String },
    /// sslmode asks for TLS and the server has none.
    TlsUnavailable { url: String },
    /// The TLS handshake failed (e.g. a certificate not trusted).
    Tls { url: String, detail: String },
    /// The only password on hand is in a password file others may read.
    PgpassUnsafe { path: String },
    /// The trusted roots file could not be read.
    Roots { path: String, detail: String },
    /// Any other failure to connect.
    Connect { url: String, detail: String },
    /// The database has no shared book yet.
    NotInitialised { url: String },
    /// The book was made by a newer salesbench.
    SchemaTooNew { url: String, found: String },
    /// `init` on a schema holding tables that are not ours.
    Foreign { schema: String, tables: Vec<String> },
    /// The server refused an operation for lack of privilege.
    Permission { detail: String },
    /// Anything else the server or the link said.
    Database { detail: String },
}

impl std::fmt::Display for ServerError {
    /// For logs and tests; the operator reads `message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for ServerError {}

impl ServerError {
    /// A mistake the operator can fix by changing what they typed or
    /// where they point (exit 2); the rest is exit 1.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            ServerError::BadUrl { .. } | ServerError::Foreign { .. }
        )
    }

    /// The catalogue key of this variant.
    pub fn key(&self) -> &'static str {
        match self {
            ServerError::BadUrl { .. } => "server13.bad_url",
            ServerError::Unreachable { .. } => "server13.unreachable",
            ServerError::Auth { .. } => "server13.auth",
            ServerError::NoDatabase { .. } => "server13.no_database",
            ServerError::TlsUnavailable { .. } => "server13.tls_unavailable",
            ServerError::Tls { .. } => "server13.tls",
            ServerError::Roots { .. } => "server13.roots",
            ServerError::PgpassUnsafe { .. } => "server13.pgpass_ignored",
            ServerError::Connect { .. } => "server13.connect",
            ServerError::NotInitialised { .. } => "server13.not_initialised",
            ServerError::SchemaTooNew { .. } => "server13.schema_too_new",
            ServerError::Foreign { .. } => "server13.foreign",
            ServerError::Permission { .. } => "server13.permission",
            ServerError::Database { .. } => "server13.database",
        }
    }

    /// One clear line in the operator's language.
    pub fn message(&self, i18n: &I18n) -> String {
        let key = self.key();
        match self {
            ServerError::BadUrl { url, problem } => {
                let why = match problem {
                    UrlProblem::Scheme => i18n.t("server13.url_scheme"),
                    UrlProblem::Port(p) => i18n.f("server13.url_port", &[("value", p)]),
                    UrlProblem::SslMode(m) => i18n.f("server13.url_sslmode", &[("value", m)]),
                    UrlProblem::Timeout(t) => i18n.f("server13.url_timeout", &[("value", t)]),
                    UrlProblem::Parameter(n) => i18n.f("server13.url_parameter", &[("name", n)]),
                    UrlProblem::Escape => i18n.t("server13.url_escape"),
                };
                i18n.f(key, &[("url", url), ("why", &why)])
            }
            ServerError::Unreachable { url, detail }
            | ServerError::Auth { url, detail }
            | ServerError::Tls { url, detail }
            | ServerError::Connect { url, detail } => {
                i18n.f(key, &[("url", url), ("detail", detail)])
            }
            ServerError::NoDatabase { url, database } => {
                i18n.f(key, &[("url", url), ("database", database)])
            }
            ServerError::TlsUnavailable { url } | ServerError::NotInitialised { url } => {
                i18n.f(key, &[("url", url)])
            }
            ServerError::PgpassUnsafe { path } => i18n.f(key, &[("path", path)]),
            ServerError::Roots { path, detail } => {
                i18n.f(key, &[("path", path), ("detail", detail)])
            }
            ServerError::SchemaTooNew { url, found } => {
                i18n.f(key, &[("url", url), ("found", found)])
            }
            ServerError::Foreign { schema, tables } => {
                i18n.f(key, &[("schema", schema), ("tables", &tables.join(", "))])
            }
            ServerError::Permission { detail } | ServerError::Database { detail } => {
                i18n.f(key, &[("detail", detail)])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn every_error() -> Vec<ServerError> {
        let url = || "postgres://u:***@h/d".to_string();
        let detail = || "d".to_string();
        let mut all: Vec<ServerError> = [
            UrlProblem::Scheme,
            UrlProblem::Port("x".into()),
            UrlProblem::SslMode("x".into()),
            UrlProblem::Timeout("x".into()),
            UrlProblem::Parameter("x".into()),
            UrlProblem::Escape,
        ]
        .into_iter()
        .map(|problem| ServerError::BadUrl {
            url: url(),
            problem,
        })
        .collect();
        all.extend([
            ServerError::Unreachable {
                url: url(),
                detail: detail(),
            },
            ServerError::Auth {
                url: url(),
                detail: detail(),
            },
            ServerError::NoDatabase {
                url: url(),
                database: "d".into(),
            },
            ServerError::TlsUnavailable { url: url() },
            ServerError::Tls {
                url: url(),
                detail: detail(),
            },
            ServerError::Roots {
                path: "p".into(),
                detail: detail(),
            },
            ServerError::Connect {
                url: url(),
                detail: detail(),
            },
            ServerError::NotInitialised { url: url() },
            ServerError::SchemaTooNew {
                url: url(),
                found: "9".into(),
            },
            ServerError::Foreign {
                schema: "public".into(),
                tables: vec!["t".into()],
            },
            ServerError::Permission { detail: detail() },
            ServerError::Database { detail: detail() },
            ServerError::PgpassUnsafe { path: "p".into() },
        ]);
        all
    }

    #[test]
    fn every_error_has_words_in_both_languages_with_no_placeholder_left() {
        for lang in [Lang::En, Lang::Ja] {
            let i18n = I18n::new(lang);
            for e in every_error() {
                let m = e.message(&i18n);
                assert!(
                    !m.contains("server13.") && !m.contains('{'),
                    "{lang:?} {e:?}: {m}"
                );
                if lang == Lang::Ja {
                    assert_ne!(m, e.message(&I18n::new(Lang::En)), "not translated: {e:?}");
                }
            }
            let w = Warning::PgpassIgnored { path: "/p".into() }.message(&i18n);
            assert!(w.contains("/p") && !w.contains("server13."), "{w}");
        }
    }
}
