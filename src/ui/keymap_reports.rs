//! The Reports screen's keys, and the Quiet screen's order key.

use crossterm::event::{KeyCode, KeyModifiers};

use super::{b, ch, global, moves, Binding, NONE};
use crate::app::Action;

/// The Reports layer, in help order.
pub(super) fn bindings() -> Vec<Binding> {
    let mut v = vec![
        b(
            vec![(KeyCode::Tab, NONE), ch(']')],
            "Tab/]",
            Action::NextField,
            "insight.key_next_section",
            true,
        ),
        b(
            vec![
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::BackTab, NONE),
                ch('['),
            ],
            "S-Tab/[",
            Action::PrevField,
            "insight.key_prev_section",
            false,
        ),
        b(
            vec![(KeyCode::Enter, NONE)],
            "Enter",
            Action::Open,
            "key.open",
            true,
        ),
        b(
            vec![ch('f')],
            "f",
            Action::ScheduleFollowUp,
            "key.schedule",
            true,
        ),
    ];
    v.extend(moves());
    v.extend(global());
    v
}

/// The Quiet screen's `s`: cycle the order.
pub(super) fn quiet_sort() -> Binding {
    b(
        vec![ch('s')],
        "s",
        Action::ToggleSort,
        "insight.key_quiet_sort",
        true,
    )
}
