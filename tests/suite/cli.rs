//! The command line end to end: the real binary against SQLite files in a
//! temporary directory, with the clock, time zone and language pinned.

mod support;

mod accounts;
mod config_check;
mod currency;
mod deals;
mod demo;
mod errors;
mod files;
mod follow_up_edit;
mod history;
mod orders;
mod output;
mod report;
mod report_model;
mod search;
mod time;
mod triage;
