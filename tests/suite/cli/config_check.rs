//! `config check` says what is wrong with the configuration — a bad value
//! or a `[keys]` override that cannot apply — in the operator's language
//! and exits 2; a good file is said to be fine.

use super::support::{stdout_of, Bench};

#[test]
fn config_check_names_every_problem_in_the_operators_language() {
    let b = Bench::new();
    std::fs::write(b.config_path(), "[keys]\nsearch = \"ctrl-f\"\n").unwrap();
    let ok = stdout_of(b.cmd().args(["config", "check"]).assert().success());
    assert!(ok.contains("fine") && ok.contains("config.toml"), "{ok}");

    std::fs::write(
        b.config_path(),
        "[keys]\nlog = \"LL\"\nschedule_follow_up = \"l\"\nfly = \"x\"\n",
    )
    .unwrap();
    let err = b.user_error(&["config", "check"]);
    for word in ["LL", "fly", "schedule_follow_up"] {
        assert!(err.contains(word), "{word} not in {err}");
    }
    let ja = b
        .cmd()
        .args(["--lang", "ja", "config", "check"])
        .assert()
        .code(2);
    let ja = String::from_utf8_lossy(&ja.get_output().stderr).to_string();
    assert!(ja.contains("fly"), "{ja}");
    assert!(
        !ja.contains("unknown") && !ja.contains("cannot"),
        "English in the Japanese report: {ja}"
    );
}
