//! Mistakes in the paths given to backup and restore, typed so each front
//! end can say them in the operator's language (keys from the enum, never
//! built with `format!`).

use std::path::Path;

use crate::i18n::{I18n, Lang};

/// What is wrong with a path the operator gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathMistake {
    /// A backup to restore that does not exist.
    NoSuchFile,
    /// A folder given where a backup file was wanted.
    IsAFolder,
    /// A file standing where a folder must be.
    NotAFolder,
    /// A path ending in a separator, naming a folder that does not exist.
    NoSuchFolder,
    /// A backup would overwrite an existing file.
    AlreadyExists,
}

impl PathMistake {
    /// Every variant (catalogue tests).
    pub const ALL: [PathMistake; 5] = [
        PathMistake::NoSuchFile,
        PathMistake::IsAFolder,
        PathMistake::NotAFolder,
        PathMistake::NoSuchFolder,
        PathMistake::AlreadyExists,
    ];

    /// The catalogue key of the message; it takes `{path}`.
    pub fn key(self) -> &'static str {
        match self {
            PathMistake::NoSuchFile => "backup.no_such_file",
            PathMistake::IsAFolder => "backup.is_a_folder",
            PathMistake::NotAFolder => "backup.not_a_folder",
            PathMistake::NoSuchFolder => "backup.no_such_folder",
            PathMistake::AlreadyExists => "backup.already_exists",
        }
    }

    /// The message in `i18n`'s language.
    pub fn message(self, i18n: &I18n, path: &Path) -> String {
        i18n.f(self.key(), &[("path", &path.display().to_string())])
    }

    /// The message in English (the error's `Display`).
    pub fn english(self, path: &Path) -> String {
        self.message(&I18n::new(Lang::En), path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mistake_is_in_both_catalogues_and_names_the_path() {
        for lang in [Lang::En, Lang::Ja] {
            let keys = I18n::keys(lang);
            let i18n = I18n::new(lang);
            for m in PathMistake::ALL {
                assert!(keys.iter().any(|k| k == m.key()), "{lang:?}: {m:?}");
                let text = m.message(&i18n, Path::new("/data/x.db"));
                assert!(text.contains("/data/x.db"), "{lang:?}: {text}");
            }
        }
    }
}
