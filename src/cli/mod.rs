//! Headless subcommands over the same Store and domain as the TUI.

mod account;
mod args;
mod backup;
mod check;
mod deal;
mod export;
mod follow_up_edit;
mod history;
mod import;
mod log;
mod output;
mod report;
mod search;
pub mod start;
pub mod sync;
mod triage;
pub mod usage;

use std::io::Write;
use std::path::Path;

pub use args::{Cli, Command, ConfigAction, ServerAction, SyncAction};
use output::{emit, emit_json, emit_json_list};
pub use output::{for_terminal, report, stdout, to_stderr, TerminalSafe};

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
    describe_store_error(i18n, e, None)
}

/// [`store_error`] for the database at `path`, named when the disk is full.
pub fn store_error_at(i18n: &I18n, e: StoreError, path: &Path) -> CliError {
    describe_store_error(i18n, e, Some(path))
}

fn describe_store_error(i18n: &I18n, e: StoreError, path: Option<&Path>) -> CliError {
    let zone = crate::clock::OperatorZone::System;
    let text = crate::messages::describe(i18n, &e, path, &zone);
    if e.is_user_error() {
        CliError::User(text)
    } else {
        CliError::Internal(text)
    }
}

/// Whether `cmd` is an import's dry run: before there is any database it
/// previews against an empty one that is thrown away.
pub fn is_import_dry_run(cmd: &Command) -> bool {
    use args::ImportWhat;
    match cmd {
        Command::Import { what } => match what {
            ImportWhat::Accounts(o) | ImportWhat::Conversations(o) | ImportWhat::Deals(o) => {
                o.dry_run
            }
            ImportWhat::Orders { options, .. } => options.dry_run,
        },
        _ => false,
    }
}

/// Whether `cmd` only reads the database: on a path with no database it
/// is refused instead of creating an empty one.
pub fn reads_only(cmd: &Command) -> bool {
    use args::{AccountAction, ImportOptions, ImportWhat, PlanAction};
    let dry = |o: &ImportOptions| o.dry_run;
    match cmd {
        Command::Account { action } => {
            matches!(
                action,
                AccountAction::List { .. } | AccountAction::Show { .. }
            )
        }
        Command::History { .. }
        | Command::Search { .. }
        | Command::Today { .. }
        | Command::Quiet { .. }
        | Command::Export(_)
        | Command::Check { .. }
        | Command::Report { .. }
        | Command::Backup { .. } => true,
        Command::Plan { action } => matches!(action, PlanAction::List { .. }),
        Command::Sync { action, .. } => action.is_some(),
        Command::Server { .. } => true,
        Command::Deal { action } => matches!(
            action,
            args::DealAction::List { .. } | args::DealAction::Show { .. }
        ),
        Command::Import { what } => match what {
            ImportWhat::Accounts(o) | ImportWhat::Conversations(o) | ImportWhat::Deals(o) => dry(o),
            ImportWhat::Orders { options, .. } => dry(options),
        },
        Command::Log(_)
        | Command::Order(_)
        | Command::FollowUp(_)
        | Command::Done { .. }
        | Command::Snooze { .. }
        | Command::Cancel { .. }
        | Command::Restore { .. }
        | Command::Config { .. }
        | Command::Demo { .. } => false,
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
        match e {
            // Times in a refusal read in the operator's calendar.
            StoreError::Refused(r) => {
                CliError::User(self.i18n.refusal(&r, Some(&self.clock.zone())))
            }
            other => {
                let path = self.store.path();
                store_error_at(self.i18n, other.in_database(path), path)
            }
        }
    }
}

pub type CliResult = Result<(), CliError>;

/// Run one subcommand against an open store.
pub fn run(cmd: Command, ctx: &mut Ctx<'_>) -> CliResult {
    match cmd {
        Command::Account { action } => account::run(action, ctx),
        Command::Log(args) => log::run_log(args, ctx),
        Command::Deal { action } => deal::run(action, ctx),
        Command::Order(args) => log::run_order(args, ctx),
        Command::History { account, json } => history::run(&account, json, ctx),
        Command::Search { text, limit, json } => search::run(&text, limit, json, ctx),
        Command::FollowUp(args) => follow_up_edit::run(args, ctx),
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
        Command::Report { which } => report::run(which, ctx),
        Command::Config { .. } => Err(CliError::Internal(
            "config is handled before opening the store".into(),
        )),
        Command::Demo { .. } => Err(CliError::Internal(
            "demo is handled before opening the store".into(),
        )),
        Command::Sync {
            action: Some(SyncAction::Status { json, url }),
            ..
        } => sync::status(url, json, ctx),
        Command::Sync {
            action: None,
            json,
            url,
            new_replica,
        } => sync::run(url, json, new_replica, ctx),
        Command::Server { .. } => Err(CliError::Internal(
            "server is handled before opening the store".into(),
        )),
    }
}

/// `config check`: every problem with the configuration file at `path`
/// (a bad value, a `[keys]` override that cannot apply), in the
/// operator's language; refused (exit 2) when there is any.
pub fn config_check(i18n: &I18n, path: &std::path::Path) -> Result<String, CliError> {
    let (config, warning) = crate::config::load(Some(path));
    let mut problems: Vec<String> = warning.map(|w| w.message(i18n)).into_iter().collect();
    let (_, keys) = crate::app::keymap::Keymap::compile(&config.keys);
    problems.extend(keys.iter().map(|p| p.message(i18n)));
    if problems.is_empty() {
        Ok(i18n.f(
            "config11.fine",
            &[(
                "path",
                &crate::domain::text::sanitize(&path.display().to_string()),
            )],
        ))
    } else {
        Err(CliError::User(problems.join(" ")))
    }
}
