//! A server URL as libpq reads it:
//! `postgres://user[:password]@host[:port]/database?sslmode=...`, and the
//! one way such a URL is ever shown: with its password as `***`.

use std::path::PathBuf;
use std::time::Duration;

/// How hard to insist on TLS, as libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Plain TCP only.
    Disable,
    /// libpq tries plain first; here treated like `prefer`.
    Allow,
    /// TLS when the server offers it, else plain (libpq's default).
    Prefer,
    /// TLS, certificate not checked.
    Require,
    /// TLS, certificate checked against the trusted roots.
    VerifyCa,
    /// TLS, certificate checked and issued for the host name.
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    /// Whether a connection without TLS is refused.
    pub fn needs_tls(self) -> bool {
        matches!(
            self,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull
        )
    }
}

/// What is wrong with a URL (the URL itself is shown redacted beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not `postgres://` or `postgresql://`.
    Scheme,
    /// A port that is not a number 1-65535.
    Port(String),
    /// An `sslmode` libpq does not know.
    SslMode(String),
    /// A `connect_timeout` that is not a whole number of seconds.
    Timeout(String),
    /// A query parameter this client does not understand.
    Parameter(String),
    /// A `%` not followed by two hex digits, or not UTF-8 once decoded.
    Escape,
}

/// A parsed server URL. Debug output never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl {
    pub user: String,
    pub password: Option<String>,
    pub host: String,
    pub port: u16,
    pub database: String,
    pub sslmode: SslMode,
    pub connect_timeout: Duration,
    /// `sslrootcert`: a PEM file of trusted roots for verify-ca/full.
    pub root_cert: Option<PathBuf>,
    /// Passed to the server as libpq's `options` (e.g. `-csearch_path=x`).
    pub options: Option<String>,
    /// The URL as given, password replaced.
    pub shown: String,
}

impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerUrl({})", self.shown)
    }
}

/// How long a connection attempt may take unless the URL says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

impl ServerUrl {
    /// Read `url`; user defaults to `PGUSER`, else `USER`; database to the
    /// user; host to localhost; port to 5432; sslmode to prefer.
    pub fn parse(url: &str) -> Result<ServerUrl, UrlProblem> {
        let rest = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
            .ok_or(UrlProblem::Scheme)?;
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match rest.split_once('/') {
            Some((a, p)) => (a, p),
            None => (rest, ""),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((name, pw)) => (decode(name)?, Some(decode(pw)?)),
                None => (decode(u)?, None),
            },
            None => (String::new(), None),
        };
        let (host, port) = split_host_port(hostport)?;
        let mut parsed = ServerUrl {
            user,
            password,
            host: decode(host)?,
            port: match port {
                Some(p) => parse_port(p)?,
                None => 5432,
            },
            database: decode(path)?,
            sslmode: SslMode::Prefer,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            root_cert: None,
            options: None,
            shown: redact(url),
        };
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value)?;
            match decode(key)?.as_str() {
                "sslmode" => {
                    parsed.sslmode =
                        SslMode::parse(&value).ok_or(UrlProblem::SslMode(value.clone()))?
                }
                "connect_timeout" => {
                    let secs: u64 = value
                        .trim()
                        .parse()
                        .map_err(|_| UrlProblem::Timeout(value.clone()))?;
                    // libpq: zero means wait forever; never less than 2 s.
                    if secs > 0 {
                        parsed.connect_timeout = Duration::from_secs(secs.max(2));
                    }
                }
                "sslrootcert" => parsed.root_cert = Some(PathBuf::from(value)),
                "options" => parsed.options = Some(value),
                "user" => parsed.user = value,
                "password" => parsed.password = Some(value),
                "host" => parsed.host = value,
                "port" => parsed.port = parse_port(&value)?,
                "dbname" => parsed.database = value,
                "application_name" => {}
                other => return Err(UrlProblem::Parameter(other.to_string())),
            }
        }
        if parsed.user.is_empty() {
            parsed.user = ["PGUSER", "USER"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
                .unwrap_or_else(|| "postgres".into());
        }
        if parsed.host.is_empty() {
            parsed.host = "localhost".into();
        }
        if parsed.database.is_empty() {
            parsed.database = parsed.user.clone();
        }
        Ok(parsed)
    }
}

fn split_host_port(hostport: &str) -> Result<(&str, Option<&str>), UrlProblem> {
    if let Some(inner) = hostport.strip_prefix('[') {
        // [v6]:port
        let (host, after) = inner.split_once(']').ok_or(UrlProblem::Escape)?;
        return Ok((host, after.strip_prefix(':').filter(|p| !p.is_empty())));
    }
    Ok(match hostport.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() => (h, Some(p)),
        Some((h, _)) => (h, None),
        None => (hostport, None),
    })
}

fn parse_port(p: &str) -> Result<u16, UrlProblem> {
    p.parse::<u16>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| UrlProblem::Port(p.to_string()))
}

/// Percent-decoding, as in a URL.
fn decode(s: &str) -> Result<String, UrlProblem> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or(UrlProblem::Escape)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| UrlProblem::Escape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| UrlProblem::Escape)
}

/// `url` with any password (after `user:` or in `password=`) replaced by
/// `***`: the only form in which a URL is printed, logged or put into an
/// error message. Works on text that does not parse too.
pub fn redact(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len());
    let after_scheme = head.find("://").map(|i| i + 3).unwrap_or(0);
    out.push_str(&head[..after_scheme]);
    let rest = &head[after_scheme..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            match userinfo.split_once(':') {
                Some((user, _)) => {
                    out.push_str(user);
                    out.push_str(":***");
                }
                None => out.push_str(userinfo),
            }
            out.push('@');
            out.push_str(host);
        }
        None => out.push_str(authority),
    }
    out.push_str(path);
    if let Some(q) = query {
        out.push('?');
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => pair.to_string(),
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_url_is_read_with_escapes() {
        let u = ServerUrl::parse(
            "postgres://rep%401:p%3Ass@db.example:6543/book?sslmode=verify-full&connect_timeout=7",
        )
        .expect("parses");
        assert_eq!(u.user, "rep@1");
        assert_eq!(u.password.as_deref(), Some("p:ss"));
        assert_eq!(u.host, "db.example");
        assert_eq!(u.port, 6543);
        assert_eq!(u.database, "book");
        assert_eq!(u.sslmode, SslMode::VerifyFull);
        assert_eq!(u.connect_timeout, Duration::from_secs(7));
        assert_eq!(
            u.shown,
            "postgres://rep%401:***@db.example:6543/book?sslmode=verify-full&connect_timeout=7"
        );
        assert!(!format!("{u:?}").contains("p:ss") && !format!("{u:?}").contains("p%3Ass"));
    }

    #[test]
    fn defaults_and_ipv6() {
        let u = ServerUrl::parse("postgresql://rep1@[::1]/book").expect("parses");
        assert_eq!((u.host.as_str(), u.port), ("::1", 5432));
        assert_eq!(u.sslmode, SslMode::Prefer);
        assert_eq!(u.connect_timeout, DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(u.password, None);
        let u = ServerUrl::parse("postgres://rep1@h").expect("parses");
        assert_eq!(u.database, "rep1");
    }

    #[test]
    fn mistakes_are_named() {
        let p = |s: &str| ServerUrl::parse(s).expect_err("refused");
        assert_eq!(p("mysql://a@b/c"), UrlProblem::Scheme);
        assert_eq!(
            p("postgres://a@b:99999/c"),
            UrlProblem::Port("99999".into())
        );
        assert_eq!(
            p("postgres://a@b/c?sslmode=sometimes"),
            UrlProblem::SslMode("sometimes".into())
        );
        assert_eq!(
            p("postgres://a@b/c?connect_timeout=soon"),
            UrlProblem::Timeout("soon".into())
        );
        assert_eq!(
            p("postgres://a@b/c?frobnicate=1"),
            UrlProblem::Parameter("frobnicate".into())
        );
        assert_eq!(p("postgres://a@b/c%zz"), UrlProblem::Escape);
    }

    #[test]
    fn redact_hides_every_password() {
        assert_eq!(
            redact("postgres://rep1:s3cret@h:5432/book"),
            "postgres://rep1:***@h:5432/book"
        );
        assert_eq!(
            redact("postgres://rep1@h/book?password=s3cret&sslmode=require"),
            "postgres://rep1@h/book?password=***&sslmode=require"
        );
        // An @ inside the password does not leak its first part.
        assert_eq!(redact("postgres://u:a@b@h/d"), "postgres://u:***@h/d");
        assert_eq!(redact("postgres://h/d"), "postgres://h/d");
        assert_eq!(redact("not a url:pw@x"), "not a url:***@x");
    }
}
