//! The account filter's packed keys (`account_key_blocks`) are written by
//! triggers inside every writer's own transaction. Several real processes
//! add and rename accounts at once while others search and the TUI stays
//! open: every search finds exactly what the rows say.

use crate::common::pty as harness;

use std::collections::BTreeSet;

use harness::DataDir;

const WRITERS: usize = 3;
const EACH: usize = 40;

/// The names `account list --search q` prints (second column).
fn found(data: &DataDir, q: &str) -> BTreeSet<String> {
    data.cli(&["account", "list", "--search", q])
        .lines()
        .filter_map(|l| l.split('\t').nth(1).map(str::to_owned))
        .collect()
}

#[test]
fn searches_find_what_other_processes_wrote_while_they_wrote_it() {
    let data = DataDir::new();
    data.cli(&["account", "add", "見張り商店"]);
    let mut tui = data.tui();
    tui.wait_until("the account list loaded", |s| s.contains("1 of 1"));

    std::thread::scope(|s| {
        for w in 0..WRITERS {
            let data = &data;
            s.spawn(move || {
                for i in 0..EACH {
                    let name = format!("並行{w}号{i:02}");
                    let id = data.cli(&["account", "add", &name, "--reading", "へいこう"]);
                    // Every fourth is renamed at once: the old name must
                    // be found no more.
                    if i % 4 == 0 {
                        let new = format!("改名{w}号{i:02}");
                        data.cli(&["account", "edit", id.trim(), "--name", &new]);
                    }
                }
            });
        }
        // A reader searching all along: it never fails and never sees a
        // name twice.
        let data = &data;
        s.spawn(move || {
            for _ in 0..30 {
                let out = data.cli(&["account", "list", "--search", "heikou"]);
                let names: Vec<&str> = out.lines().collect();
                let distinct: BTreeSet<&str> = names.iter().copied().collect();
                assert_eq!(names.len(), distinct.len(), "{out}");
            }
        });
    });

    let renamed = (0..WRITERS)
        .flat_map(|w| {
            (0..EACH)
                .step_by(4)
                .map(move |i| format!("改名{w}号{i:02}"))
        })
        .collect::<BTreeSet<_>>();
    let kept = (0..WRITERS)
        .flat_map(|w| {
            (0..EACH)
                .filter(|i| i % 4 != 0)
                .map(move |i| format!("並行{w}号{i:02}"))
        })
        .collect::<BTreeSet<_>>();
    assert_eq!(found(&data, "並行"), kept);
    assert_eq!(found(&data, "改名"), renamed);
    // By the reading, through its romaji: all of them, once.
    assert_eq!(found(&data, "heikou").len(), WRITERS * EACH);
    // One account exactly, by its own name.
    assert_eq!(
        found(&data, "並行2号39"),
        BTreeSet::from(["並行2号39".to_string()])
    );

    // The TUI, open all along, filters the same accounts.
    let total = WRITERS * EACH + 1;
    tui.wait_until("the other processes' accounts", |s| {
        s.contains(&format!("{total} of {total}"))
    });
    tui.send("/");
    tui.send("改名");
    let want = format!("{} of {total}", renamed.len());
    tui.wait_until("the renamed accounts filtered", |s| s.contains(&want));
}
