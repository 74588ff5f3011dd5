//! Tab completion of a file path, as a shell does it: the longest part
//! every match shares, and the matches when there are several.

use std::path::{Path, PathBuf};

/// A completed path and the entries it could go on to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub path: String,
    /// Names (folders end in `/`) matching what was typed.
    pub choices: Vec<String>,
}

/// Complete `typed` against the file system; `None` when nothing matches.
pub fn complete(typed: &str) -> Option<Completion> {
    let expanded = expand_home(typed);
    let (dir, prefix) = match expanded.rfind('/') {
        Some(i) => (expanded[..=i].to_string(), expanded[i + 1..].to_string()),
        None => (String::new(), expanded.clone()),
    };
    let read_from = if dir.is_empty() {
        PathBuf::from(".")
    } else {
        PathBuf::from(&dir)
    };
    let mut choices: Vec<String> = std::fs::read_dir(&read_from)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // Hidden files only when asked for with a dot.
            if !name.starts_with(&prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir())
                || (e.file_type().is_ok_and(|t| t.is_symlink()) && Path::new(&e.path()).is_dir());
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    if choices.is_empty() {
        return None;
    }
    choices.sort();
    let shared = shared_prefix(&choices);
    // What was typed keeps its `~/`: only the end is completed.
    let typed_dir_len = typed.len() - prefix.len();
    let path = format!("{}{}", &typed[..typed_dir_len.min(typed.len())], shared);
    Some(Completion { path, choices })
}

fn expand_home(typed: &str) -> String {
    match typed.strip_prefix("~/") {
        Some(rest) => match std::env::var_os("HOME") {
            Some(home) => format!("{}/{rest}", home.to_string_lossy().trim_end_matches('/')),
            None => typed.to_string(),
        },
        None => typed.to_string(),
    }
}

/// The longest start all `names` share, cut on a character boundary.
fn shared_prefix(names: &[String]) -> String {
    let first = &names[0];
    let mut end = first.len();
    for n in &names[1..] {
        end = first
            .char_indices()
            .zip(n.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(n.len()).min(first.len()), |((i, _), _)| i)
            .min(end);
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_a_single_match_and_shares_the_common_part_of_several() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("顧客リスト.csv"), "").unwrap();
        std::fs::write(d.path().join("顧客メモ.txt"), "").unwrap();
        std::fs::create_dir(d.path().join("売上")).unwrap();
        std::fs::write(d.path().join(".hidden"), "").unwrap();
        let base = format!("{}/", d.path().display());

        let one = complete(&format!("{base}売")).unwrap();
        assert_eq!(one.path, format!("{base}売上/"), "a folder ends in /");
        assert_eq!(one.choices, ["売上/"]);

        let two = complete(&format!("{base}顧")).unwrap();
        assert_eq!(two.path, format!("{base}顧客"), "the shared part");
        assert_eq!(two.choices, ["顧客メモ.txt", "顧客リスト.csv"]);

        let all = complete(&base).unwrap();
        assert!(!all.choices.iter().any(|c| c.starts_with('.')), "{all:?}");
        assert!(complete(&format!("{base}zzz")).is_none());
    }
}
