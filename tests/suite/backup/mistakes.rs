//! Mistakes in the paths given to `backup` and `restore`: exit 2, one line
//! naming the path, nothing written anywhere.

use std::path::Path;

use super::support::{names_in, user_error_of, Bench};

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Run `args`, expect exit 2 naming `named`, and nothing changed.
fn refused_untouched(b: &Bench, args: &[&str], named: &Path) -> String {
    let before = b.dump();
    let files = names_in(b.dir.path());
    let backups = names_in(&b.path("backups"));
    let err = b.user_error(args);
    assert!(err.contains(p(named)), "{args:?}: {err}");
    assert_eq!(b.dump(), before, "{args:?}: database changed");
    assert_eq!(names_in(b.dir.path()), files, "{args:?}: files left");
    assert_eq!(names_in(&b.path("backups")), backups, "{args:?}");
    err
}

#[test]
fn restoring_a_folder_or_a_missing_file_is_refused() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let folder = b.path("usb");
    std::fs::create_dir(&folder).expect("mkdir");
    let err = refused_untouched(&b, &["restore", p(&folder)], &folder);
    assert!(err.contains("is a folder"), "{err}");
    assert!(names_in(&folder).is_empty());
    let missing = b.path("missing.db");
    let err = refused_untouched(&b, &["restore", p(&missing)], &missing);
    assert!(err.contains("no such file"), "{err}");
}

#[test]
fn a_backup_into_a_place_that_is_not_a_folder_is_refused() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let notes = b.path("notes.txt");
    std::fs::write(&notes, "メモ").expect("write");
    let inside = notes.join("copy.db");
    let err = refused_untouched(&b, &["backup", p(&inside)], &notes);
    assert!(err.contains("not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&notes).expect("read"), "メモ");

    // A trailing slash means a folder; one that does not exist is a typo.
    let typo = format!("{}/", p(&b.path("ubs")));
    let err = refused_untouched(&b, &["backup", &typo], &b.path("ubs"));
    assert!(err.contains("no such folder"), "{err}");

    // `backups` beside the database taken by a file.
    std::fs::write(b.path("backups"), "not a folder").expect("write");
    let err = b.user_error(&["backup"]);
    assert!(
        err.contains(p(&b.path("backups"))) && err.contains("not a folder"),
        "{err}"
    );
}

#[test]
fn japanese_messages_for_path_mistakes() {
    let b = Bench::new();
    b.add("山田商店", &[]);
    let folder = b.path("usb");
    std::fs::create_dir(&folder).expect("mkdir");
    let err = user_error_of(
        b.cmd().args(["--lang", "ja", "restore", p(&folder)]),
        &["restore"],
    );
    assert!(
        err.contains(p(&folder)) && err.contains("フォルダー"),
        "{err}"
    );
    assert!(!err.contains("folder"), "English in Japanese: {err}");
}
