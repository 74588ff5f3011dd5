//! End to end: importing a customer list from the TUI of the real binary
//! in an 80x24 pseudo-terminal. The dry run and the import run on the
//! event loop's worker; the preview offers to skip the bad row, which
//! lands in a rejects file beside the CSV, and the good rows are written.

use crate::common::pty as harness;

use harness::keys::{CTRL_S, TAB};
use harness::DataDir;

#[test]
fn import_from_the_tui_skips_the_bad_row_into_a_rejects_file() {
    let data = DataDir::new();
    data.cli(&["account", "add", "既存商店"]);
    let csv = data.dir.path().join("list.csv");
    std::fs::write(
        &csv,
        "顧客名,電話番号\n鈴木商店,03-1111-2222\n,03-0000-0000\n高橋電機,06-2222-3333\n",
    )
    .unwrap();

    let mut tui = data.tui();
    tui.wait_for("既存商店");
    tui.send("I");
    tui.wait_for("Import a CSV file");
    // The form starts on the kind; Tab to the file.
    tui.send(TAB);
    tui.send("list.c");
    tui.send(TAB);
    tui.wait_for("list.csv");
    tui.send(CTRL_S);
    let screen = tui.wait_until("the preview", |s| {
        s.contains("Import preview") && s.contains("skip the bad rows")
    });
    assert!(screen.contains("line 3"), "{}", tui.dump());
    tui.send("s");
    tui.wait_until("imported, the rejects file named", |s| {
        s.contains("Imported") && s.contains("list.rejects.csv")
    });
    tui.send("q");
    assert!(tui.wait_exit().success());

    let list = data.cli(&["account", "list"]);
    assert!(
        list.contains("鈴木商店") && list.contains("高橋電機"),
        "{list}"
    );
    let rejects = std::fs::read_to_string(data.dir.path().join("list.rejects.csv")).unwrap();
    assert!(rejects.contains("03-0000-0000"), "{rejects}");
}
