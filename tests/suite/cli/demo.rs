//! `salesbench demo` and the `--demo` TUI: made-up data goes only where
//! it was asked for, never into the user's own database.

use super::support::Bench;

#[test]
fn demo_writes_the_requested_number_of_accounts_reproducibly() {
    let b = Bench::new();
    b.ok(&["demo", "--accounts", "50", "--seed", "7"]);
    assert_eq!(b.list(true).len(), 50);
    let listed = b.list(false);
    assert_eq!(listed.len(), 50, "demo accounts should all be listed");
    assert!(
        listed.iter().any(|a| a["last_touch_at"].is_string()),
        "no history at all"
    );

    let again = Bench::new();
    std::fs::write(&again.db, "").expect("an empty file is fine");
    again.ok(&["demo", "--accounts", "50", "--seed", "7"]);
    assert_eq!(again.list(true), b.list(true), "same seed, same data");
}

/// `salesbench demo` without `--db` wrote 60 made-up accounts into the
/// user's real database, and `demo --db EXISTING` appended to it. Demo
/// data goes only into a new (or empty) file named with `--db`.
#[test]
fn demo_never_writes_into_a_database_that_holds_data() {
    let b = Bench::new();
    // The user's real database, at the default place.
    let home_db = b.dir.path().join(".local/share/salesbench/salesbench.db");
    b.at_home()
        .args(["account", "add", "本物の顧客"])
        .assert()
        .success();
    let home_before = super::support::dump(&home_db);
    for env_db in [false, true] {
        let mut cmd = b.at_home();
        if env_db {
            cmd.env("SALESBENCH_DB", &home_db);
        }
        let out = cmd.args(["demo"]).assert().code(2).get_output().clone();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--db"), "{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            super::support::dump(&home_db),
            home_before,
            "demo wrote into it"
        );
    }

    b.add("Acme", &[]);
    let before = std::fs::read(&b.db).expect("read");
    let err = b.user_error(&["demo", "--accounts", "5"]);
    assert!(err.contains("already holds data"), "{err}");
    assert!(err.contains(&b.db.display().to_string()), "{err}");
    assert_eq!(
        std::fs::read(&b.db).expect("read"),
        before,
        "the file changed"
    );
    assert_eq!(b.list(true).len(), 1);

    let out = b
        .cmd()
        .args(["--lang", "ja", "demo"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("すでにデータがあります"), "{err}");
}

/// `--demo` put its throwaway database in `$TMPDIR/salesbench-demo-<pid>`,
/// removing `salesbench.db` there first: a link planted at that name (the
/// shell's `$$` is the pid `exec` keeps) pointed the demo at a real data
/// folder, and the real database was deleted and replaced by demo data.
#[cfg(unix)]
#[test]
fn the_demo_tui_ignores_a_link_planted_at_its_old_folder_name() {
    use std::os::unix::fs::PermissionsExt;
    let b = Bench::new();
    let real = b.dir.path().join("real");
    std::fs::create_dir(&real).expect("mkdir");
    let real_db = real.join("salesbench.db");
    b.bare_cmd()
        .arg("--db")
        .arg(&real_db)
        .args(["account", "add", "本物の顧客"])
        .assert()
        .success();
    let before = std::fs::read(&real_db).expect("read");
    let tmp = b.dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("mkdir");

    let mut cmd = portable_pty::CommandBuilder::new("sh");
    cmd.args([
        "-c",
        "umask 000; ln -s \"$REAL\" \"$TMPDIR/salesbench-demo-$$\" || exit 99; \
         exec \"$0\" --demo --lang en",
        crate::common::pty::BIN,
    ]);
    let (real_s, tmp_s) = (real.display().to_string(), tmp.display().to_string());
    let mut tui =
        crate::common::pty::Tui::start(cmd, b.dir.path(), &[("REAL", &real_s), ("TMPDIR", &tmp_s)]);
    tui.wait_for("Due today");
    // While it runs: its own folder, private although the umask is 000.
    let folders: Vec<_> = std::fs::read_dir(&tmp)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !std::fs::symlink_metadata(p)
                .expect("stat")
                .file_type()
                .is_symlink()
        })
        .collect();
    let modes: Vec<u32> = folders
        .iter()
        .map(|f| std::fs::metadata(f).expect("stat").permissions().mode() & 0o777)
        .collect();
    tui.send("q");
    assert!(tui.wait_exit().success());

    assert!(
        std::fs::read(&real_db).expect("the real database") == before,
        "it changed"
    );
    let mut names: Vec<_> = std::fs::read_dir(&real)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["salesbench.db"],
        "the demo wrote into the real folder"
    );
    assert_eq!(modes, [0o700], "{folders:?}");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !std::fs::symlink_metadata(p)
                .expect("stat")
                .file_type()
                .is_symlink()
        })
        .collect();
    assert!(left.is_empty(), "the demo folder was left behind: {left:?}");
}
