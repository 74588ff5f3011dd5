//! Headless subcommands over the same Store and domain as the TUI.

mod account;
mod args;
mod backup;
mod check;
mod export;
mod history;
mod import;
mod log;
mod triage;

use std::io::Write;

pub use args::{Cli, Command};

use crate::clock::Clock;
use crate::i18n::I18n;
use crate::store::{Store, StoreError};

/// A failed command: a user mistake (exit 2) or something else (exit 1).
#[derive(Debug)]
pub enum CliError {
    User(String),
    Internal(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::User(_) => 2,
            CliError::Internal(_) => 1,
        }
    }
    /// The one line printed on stderr.
    pub fn message(&self) -> &str {
        match self {
            CliError::User(m) | CliError::Internal(m) => m,
        }
    }
}

/// Translate a store error into one clear line, catalogue keys resolved.
pub fn store_error(i18n: &I18n, e: StoreError) -> CliError {
    let text = match &e {
        StoreError::Invalid { field, message } => format!("{field}: {}", i18n.t(message)),
        StoreError::BadPath { path, mistake } => mistake.message(i18n, path),
        StoreError::Corrupt { path, detail } => {
            check::damage_message(i18n, path.as_deref(), detail, false)
        }
        StoreError::Damaged { path, detail } => {
            check::damage_message(i18n, Some(path), detail, true)
        }
        StoreError::Busy { path } => {
            i18n.f("backup.busy", &[("path", &path.display().to_string())])
        }
        other => other.to_string(),
    };
    if e.is_user_error() {
        CliError::User(text)
    } else {
        CliError::Internal(text)
    }
}

/// Everything a command needs.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub config: &'a crate::config::Config,
    pub clock: Clock,
    pub i18n: &'a I18n,
    pub out: &'a mut dyn Write,
}

impl Ctx<'_> {
    fn err(&self, e: StoreError) -> CliError {
        store_error(self.i18n, e.in_database(self.store.path()))
    }
}

pub type CliResult = Result<(), CliError>;

/// Run one subcommand against an open store.
pub fn run(cmd: Command, ctx: &mut Ctx<'_>) -> CliResult {
    match cmd {
        Command::Account { action } => account::run(action, ctx),
        Command::Log(args) => log::run_log(args, ctx),
        Command::Order(args) => log::run_order(args, ctx),
        Command::History { account, json } => history::run(&account, json, ctx),
        Command::FollowUp {
            account,
            due,
            note,
            kind,
            contact,
        } => triage::follow_up(ctx, &account, &due, &note, &kind, contact.as_deref()),
        Command::Done {
            id,
            summary,
            body,
            lapse_reason,
        } => triage::done(ctx, id, summary, body, lapse_reason.as_deref()),
        Command::Snooze { id, until } => triage::snooze(ctx, id, &until),
        Command::Cancel { id, reason } => ctx
            .store
            .cancel_follow_up(id, &reason, ctx.clock.now())
            .map_err(|e| ctx.err(e)),
        Command::Today { json } => triage::today(ctx, json),
        Command::Quiet { json, limit, as_of } => triage::quiet(ctx, json, limit, as_of.as_deref()),
        Command::Plan { action } => triage::plan(ctx, action),
        Command::Import { what } => import::run(what, ctx),
        Command::Export(args) => export::run(args, ctx),
        Command::Backup { path } => backup::backup(path, ctx),
        Command::Restore { path } => backup::restore(path, ctx),
        Command::Check { json } => check::run(json, ctx),
        Command::Config { .. } => Err(CliError::Internal(
            "config is handled before opening the store".into(),
        )),
        Command::Demo { .. } => Err(CliError::Internal(
            "demo is handled before opening the store".into(),
        )),
    }
}

/// Write a line; a closed pipe ends output quietly.
fn emit(out: &mut dyn Write, s: &str) -> CliResult {
    match writeln!(out, "{s}") {
        // `salesbench history X | head -1`: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| CliError::Internal(format!("writing output: {e}"))),
    }
}

/// Pretty JSON to the output.
fn emit_json<T: serde::Serialize>(out: &mut dyn Write, v: &T) -> CliResult {
    let s = serde_json::to_string_pretty(v).map_err(|e| CliError::Internal(e.to_string()))?;
    emit(out, &s)
}
