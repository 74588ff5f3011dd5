//! The mouse in the real binary, in a pseudo-terminal: the terminal is
//! asked for mouse reports (and told to stop on exit), a click selects a
//! row, a double click opens it, the wheel moves the selection. Every wait
//! has a deadline.

use crate::common::pty as harness;

use harness::keys::ESC;
use harness::{find_bytes, DataDir};

/// SGR mouse reports (1-based cells), as a terminal sends them.
fn press(col: u16, row: u16) -> String {
    format!(
        "\x1b[<0;{};{}M\x1b[<0;{};{}m",
        col + 1,
        row + 1,
        col + 1,
        row + 1
    )
}

fn wheel_down(col: u16, row: u16) -> String {
    format!("\x1b[<65;{};{}M", col + 1, row + 1)
}

const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

#[test]
fn click_selects_double_click_opens_wheel_moves() {
    let data = DataDir::new();
    for name in ["Alpha Trading", "Bravo Foods", "Charlie Tools"] {
        data.cli(&["account", "add", name]);
    }
    let mut tui = data.tui();
    tui.wait_for("Charlie Tools");
    // The selected row is drawn in reverse: find which one it is.
    let selected = |tui: &harness::Tui| {
        tui.with_screen(|s| {
            (0..24)
                .find(|&y| {
                    s.cell(y, 2)
                        .is_some_and(|c| c.inverse() || c.bgcolor() != vt100::Color::Default)
                })
                .map(|y| s.contents_between(y, 0, y, 40))
        })
    };
    let bravo = tui.row_of("Bravo Foods").unwrap();
    tui.send(&press(5, bravo));
    tui.wait_until("Bravo selected by a click", |_| {
        selected(&tui).is_some_and(|r| r.contains("Bravo"))
    });
    // The wheel moves the selection down one row.
    tui.send(&wheel_down(5, bravo));
    let below = tui.with_screen(|s| s.contents_between(bravo + 1, 0, bravo + 1, 40));
    tui.wait_until("the wheel moved the selection", |_| {
        selected(&tui).is_some_and(|r| r.trim() == below.trim())
    });
    // Two quick clicks on one row open it.
    let charlie = tui.row_of("Charlie Tools").unwrap();
    tui.send(&format!("{}{}", press(5, charlie), press(5, charlie)));
    tui.wait_until("Charlie opened", |s| {
        s.contains("No conversations or orders yet") && s.contains("Charlie Tools")
    });
    tui.send(ESC);
    tui.wait_for("Alpha Trading");
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");
    let raw = tui.raw();
    let on = find_bytes(&raw, MOUSE_ON, 0).expect("mouse reports asked for");
    find_bytes(&raw, MOUSE_OFF, on).expect("mouse reports turned off on exit");
}

#[test]
fn a_panic_turns_mouse_reports_off() {
    let data = DataDir::new();
    let mut tui = data.tui_with_env(&[("SALESBENCH_DEBUG_PANIC", "1")]);
    tui.wait_for("--demo");
    tui.send(harness::keys::F12);
    let status = tui.wait_exit();
    assert!(!status.success());
    let raw = tui.raw();
    let on = find_bytes(&raw, MOUSE_ON, 0).expect("mouse reports asked for");
    let off = find_bytes(&raw, MOUSE_OFF, on).expect("mouse reports turned off after a panic");
    let said = find_bytes(&raw, b"debug panic requested", on).expect("the panic message");
    assert!(
        off < said,
        "mouse reports stop before the message is printed"
    );
}
