//! End to end: a deal added on the command line is moved through the
//! pipeline and won, with its order, in the real binary's TUI in an 80x24
//! pseudo-terminal; the CLI then finds the deal won, every move on record,
//! and the purchase in the account's history.

use crate::common::pty as harness;

use harness::keys::{CTRL_S, ENTER, ESC};
use harness::DataDir;

#[test]
fn a_deal_moves_through_the_pipeline_to_won_with_its_order() {
    let data = DataDir::new();
    data.cli(&["account", "add", "田中商店"]);
    let id: i64 = data
        .cli(&[
            "deal",
            "add",
            "田中商店",
            "--title",
            "Catalogue set",
            "--value",
            "120000",
        ])
        .trim()
        .parse()
        .expect("deal add prints the id");

    let mut tui = data.tui();
    tui.wait_for("田中商店");
    tui.send("6");
    tui.wait_until("the pipeline", |s| {
        s.contains("Pipeline") && s.contains("Catalogue set")
    });
    // Lead → proposal → quote, the cursor following the deal.
    tui.send(">");
    tui.wait_for("now in Proposal");
    tui.send(">");
    tui.wait_for("now in Quote");
    tui.send(ENTER);
    tui.wait_until("the deal with its moves", |s| {
        s.contains("Deal #") && s.contains("Proposal → Quote")
    });
    tui.send("w");
    tui.wait_for("Won: Catalogue set");
    tui.send(CTRL_S);
    tui.wait_for("its order is in the history");
    tui.send(ESC);
    // Esc and q back to back would read as Alt-q: wait for the viewer to go.
    tui.wait_until("the viewer closed", |s| !s.contains("Deal #"));
    tui.send("q");
    assert!(tui.wait_exit().success());

    let deal: serde_json::Value =
        serde_json::from_str(&data.cli(&["deal", "show", &id.to_string(), "--json"]))
            .expect("deal show --json");
    assert_eq!(deal["status"], "won", "{deal}");
    assert!(deal["order_id"].is_i64(), "{deal}");
    let stages: Vec<String> = deal["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["field"] == "stage")
        .map(|c| c["new_value"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(stages, ["proposal", "quote"], "{deal}");
    let history = data.cli(&["history", "田中商店", "--json"]);
    assert!(
        history.contains("120000"),
        "the order in the history: {history}"
    );
}
