//! libpq's password file (`~/.pgpass`, or `PGPASSFILE`): lines of
//! `host:port:database:user:password`, `*` matching anything, `\:` and
//! `\\` escaping, `#` starting a comment. Like libpq, a file that group or
//! others may read is ignored.

use std::path::{Path, PathBuf};

/// What the password file gave for one connection.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// No file, or no line matching.
    None,
    /// The password of the first matching line.
    Found(String),
    /// The file exists but group or others may read it: not used.
    Ignored { path: PathBuf },
}

/// Where the password file is: `PGPASSFILE`, else `~/.pgpass`.
pub fn default_path() -> Option<PathBuf> {
    match std::env::var_os("PGPASSFILE") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")),
    }
}

/// The password for `host:port:database:user` in the file at `path`.
pub fn lookup(path: &Path, host: &str, port: u16, database: &str, user: &str) -> Lookup {
    let Ok(meta) = std::fs::metadata(path) else {
        return Lookup::None;
    };
    if !meta.is_file() {
        return Lookup::None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Lookup::Ignored {
                path: path.to_path_buf(),
            };
        }
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return Lookup::None;
    };
    let port = port.to_string();
    let wanted = [host, port.as_str(), database, user];
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(fields) = split(line) else { continue };
        let matches = fields[..4]
            .iter()
            .zip(wanted)
            .all(|(f, w)| f.wildcard || f.text == w);
        if matches {
            return Lookup::Found(fields[4].text.clone());
        }
    }
    Lookup::None
}

struct Field {
    text: String,
    /// An unescaped lone `*`.
    wildcard: bool,
}

/// The five fields of a line (the password takes the rest of the line),
/// or `None` when it has fewer.
fn split(line: &str) -> Option<Vec<Field>> {
    let mut fields = Vec::with_capacity(5);
    let mut text = String::new();
    let mut raw = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                raw.push(c);
                if let Some(next) = chars.next() {
                    raw.push(next);
                    text.push(next);
                }
            }
            ':' if fields.len() < 4 => {
                fields.push(Field {
                    wildcard: raw == "*",
                    text: std::mem::take(&mut text),
                });
                raw.clear();
            }
            _ => {
                raw.push(c);
                text.push(c);
            }
        }
    }
    if fields.len() < 4 {
        return None;
    }
    fields.push(Field {
        wildcard: false,
        text,
    });
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(text: &str, mode: u32) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(mode))
                .expect("chmod");
        }
        f
    }

    #[test]
    fn the_first_matching_line_wins_and_stars_match_anything() {
        let f = file(
            "# comment\n\
             db.example:5432:book:rep1:first\n\
             *:*:book:rep2:second\n\
             *:*:*:*:fallback\n",
            0o600,
        );
        let p = f.path();
        assert_eq!(
            lookup(p, "db.example", 5432, "book", "rep1"),
            Lookup::Found("first".into())
        );
        assert_eq!(
            lookup(p, "other", 6000, "book", "rep2"),
            Lookup::Found("second".into())
        );
        assert_eq!(
            lookup(p, "db.example", 5433, "book", "rep1"),
            Lookup::Found("fallback".into())
        );
    }

    #[test]
    fn escapes_let_colons_and_backslashes_through() {
        let f = file(
            "h\\:x:5432:d:u:pa\\:ss\\\\word\n\\*:5432:d:v:literal-star\n",
            0o600,
        );
        let p = f.path();
        assert_eq!(
            lookup(p, "h:x", 5432, "d", "u"),
            Lookup::Found("pa:ss\\word".into())
        );
        // An escaped star is a star, not a wildcard.
        assert_eq!(lookup(p, "anyhost", 5432, "d", "v"), Lookup::None);
        assert_eq!(
            lookup(p, "*", 5432, "d", "v"),
            Lookup::Found("literal-star".into())
        );
    }

    #[test]
    fn no_match_short_lines_and_missing_files_give_nothing() {
        let f = file("h:5432:d\nh:5432:d:u\n", 0o600);
        assert_eq!(lookup(f.path(), "h", 5432, "d", "u"), Lookup::None);
        let gone = Path::new("/nonexistent/salesbench/.pgpass");
        assert_eq!(lookup(gone, "h", 5432, "d", "u"), Lookup::None);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_ignored_like_libpq() {
        let f = file("*:*:*:*:secret\n", 0o644);
        assert_eq!(
            lookup(f.path(), "h", 5432, "d", "u"),
            Lookup::Ignored {
                path: f.path().to_path_buf()
            }
        );
        let f = file("*:*:*:*:secret\n", 0o640);
        assert!(matches!(
            lookup(f.path(), "h", 5432, "d", "u"),
            Lookup::Ignored { .. }
        ));
        let f = file("*:*:*:*:secret\n", 0o400);
        assert_eq!(
            lookup(f.path(), "h", 5432, "d", "u"),
            Lookup::Found("secret".into())
        );
    }
}
