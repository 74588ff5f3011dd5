//! The command line end to end: the real binary against SQLite files in a
//! temporary directory, with the clock, time zone and language pinned.

#[path = "cli/support.rs"]
mod support;

#[path = "cli/accounts.rs"]
mod accounts;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/files.rs"]
mod files;
#[path = "cli/history.rs"]
mod history;
#[path = "cli/orders.rs"]
mod orders;
#[path = "cli/time.rs"]
mod time;
#[path = "cli/triage.rs"]
mod triage;
