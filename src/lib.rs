//! salesbench: a keyboard-driven sales workbench for the terminal.
//!
//! Layers, one direction: `domain` (plain types and rules) ← `store`
//! (rusqlite) ← `app` (state + update) ← `ui` (ratatui) and `cli`.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod messages;
pub mod paths;
pub mod store;
pub mod sync;
pub mod ui;
