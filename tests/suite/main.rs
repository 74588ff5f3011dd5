//! Every integration test, in one test binary: compiled and linked once,
//! and run in one process, so tests that mostly wait (for a child process,
//! a lock, a deadline) overlap with the rest instead of running alone.
//! Each module is what used to be its own `tests/*.rs` binary; their
//! shared helpers are in `tests/common`, declared here once.

// First: `snap!` (in `common::screen`) must be defined before the modules
// that use it.
#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod backup;
mod broken_db;
mod cli;
mod crash;
mod export;
mod hostile;
mod import;
mod insight_cdnow;
mod multiprocess;
mod properties;
mod pty_deals;
mod pty_e2e;
mod pty_import;
mod pty_mouse;
mod pty_sync;
mod pty_triage;
mod replica;
mod replica_bulk;
mod search_processes;
mod sync_server;
mod text_limits;
mod tui_agenda;
mod tui_deal_forms;
mod tui_filters;
mod tui_find;
mod tui_help;
mod tui_history;
mod tui_import;
mod tui_pipeline;
mod tui_plans;
mod tui_popups;
mod tui_reports;
mod tui_search;
mod tui_snapshots;
mod tui_sync;
mod tui_triage;
mod tui_undo;
