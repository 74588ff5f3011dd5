//! The command line end to end: the real binary against SQLite files in a
//! temporary directory, with the clock, time zone and language pinned.

#[path = "cli/support.rs"]
mod support;

#[allow(dead_code)]
#[path = "common/pty.rs"]
mod harness;

#[path = "cli/accounts.rs"]
mod accounts;
#[path = "cli/config_check.rs"]
mod config_check;
#[path = "cli/currency.rs"]
mod currency;
#[path = "cli/deals.rs"]
mod deals;
#[path = "cli/demo.rs"]
mod demo;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/files.rs"]
mod files;
#[path = "cli/follow_up_edit.rs"]
mod follow_up_edit;
#[path = "cli/history.rs"]
mod history;
#[path = "cli/orders.rs"]
mod orders;
#[path = "cli/output.rs"]
mod output;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/report_model.rs"]
mod report_model;
#[path = "cli/search.rs"]
mod search;
#[path = "cli/time.rs"]
mod time;
#[path = "cli/triage.rs"]
mod triage;
