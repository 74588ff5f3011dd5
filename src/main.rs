//! Thin entry point: parse args, open the store, hand over to ui or cli.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use salesbench::cli::{self, start, Cli, CliError, Command};
use salesbench::clock::Clock;
use salesbench::config::{self, Config};
use salesbench::i18n::{I18n, Lang};
use salesbench::store::settings::CurrencyChoice;
use salesbench::store::Store;

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) => return clap_error(e),
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            cli::report(e.message());
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Help and version as clap prints them; a usage error, which may echo a
/// typed argument, through the same terminal-safe boundary as ours.
fn clap_error(e: clap::Error) -> ExitCode {
    let code = ExitCode::from(e.exit_code() as u8);
    if !e.use_stderr() {
        let _ = e.print();
        return code;
    }
    let args: Vec<String> = std::env::args().collect();
    let lang = cli::usage::lang_of(&args);
    let text = match lang {
        Lang::Ja => cli::usage::translate(&e, &I18n::new(lang)),
        Lang::En => None,
    };
    cli::to_stderr(&text.unwrap_or_else(|| e.render().to_string()));
    code
}

fn run(args: Cli) -> Result<(), CliError> {
    let config_path = config::path();
    if let Some(Command::Config { action }) = &args.command {
        let i18n = I18n::new(Lang::detect(args.lang.as_deref()).map_err(CliError::User)?);
        let p = config_path.ok_or_else(|| CliError::User(i18n.t("files.no_home_config")))?;
        let mut out = cli::stdout();
        let line = match action {
            cli::ConfigAction::Path => p.display().to_string(),
            cli::ConfigAction::Check => cli::config_check(&i18n, &p)?,
        };
        return writeln!(out, "{line}").map_err(|e| CliError::Internal(e.to_string()));
    }
    // A broken config never stops the app: say what is wrong, use defaults.
    let (config, warning) = config::load(config_path.as_deref());
    if let Some(Command::Server {
        action: cli::ServerAction::Init { url, role },
    }) = &args.command
    {
        // The server's own business: no local file is opened.
        let lang = match (args.lang.as_deref(), config.language.as_deref()) {
            (None, Some(l)) => Lang::parse(l).unwrap_or(Lang::En),
            (flag, _) => Lang::detect(flag).map_err(CliError::User)?,
        };
        let mut out = cli::stdout();
        return cli::sync::init(url, role, &I18n::new(lang), &mut out);
    }
    let lang = match (args.lang.as_deref(), config.language.as_deref()) {
        (None, Some(l)) => Lang::parse(l).unwrap_or(Lang::En),
        (flag, _) => Lang::detect(flag).map_err(CliError::User)?,
    };
    let i18n = I18n::new(lang);
    let warning = warning.map(|w| w.message(&i18n));
    if let Some(w) = &warning {
        cli::report(w);
    }
    let clock = Clock::from_env().map_err(CliError::User)?;
    let open = |path: &std::path::Path| -> Result<Store, CliError> {
        let mut store =
            Store::open_with(path, &clock).map_err(|e| cli::store_error_at(&i18n, e, path))?;
        store.set_zone(clock.zone());
        store.set_pipeline(config.pipeline());
        Ok(store)
    };
    if args.demo {
        // A fresh private folder; dropping it at the end removes it.
        let (dir, path) = salesbench::demo::temp_database().map_err(|e| {
            CliError::Internal(i18n.f("files.demo_folder", &[("error", &e.to_string())]))
        })?;
        let mut store = open(&path)?;
        salesbench::demo::generate(
            &mut store,
            salesbench::demo::DEMO_TUI_ACCOUNTS,
            1,
            clock.now(),
        )
        .map_err(|e| cli::store_error_at(&i18n, e, &path))?;
        // Today's copy now, so the TUI's background thread finds it taken
        // and never writes into the folder while it is being removed.
        store
            .daily_backup(clock.now())
            .map_err(|e| cli::store_error_at(&i18n, e, &path))?;
        let out = tui(store, clock, i18n, config, warning);
        remove_demo_folder(dir);
        return out;
    }
    if let Some(Command::Demo { accounts, seed }) = args.command {
        let path = start::demo_target(&i18n, args.db)?;
        let mut store = open(&path)?;
        salesbench::demo::generate(&mut store, accounts, seed, clock.now())
            .map_err(|e| cli::store_error_at(&i18n, e, &path))?;
        let mut out = cli::stdout();
        return writeln!(out, "{}", path.display()).map_err(|e| CliError::Internal(e.to_string()));
    }
    let (path, source) = salesbench::paths::locate_database(args.db)
        .ok_or_else(|| CliError::User(i18n.t("files.no_home_data")))?;
    let reads_only = args.command.as_ref().is_some_and(cli::reads_only);
    // A first import's dry run, before any database exists, previews
    // against an empty one in a private folder that goes when it ends.
    let scratch = match args.command.as_ref().is_some_and(cli::is_import_dry_run)
        && std::fs::symlink_metadata(&path).is_err()
    {
        true => Some(tempfile::tempdir().map_err(|e| CliError::Internal(e.to_string()))?),
        false => None,
    };
    let path = match &scratch {
        Some(dir) => dir.path().join("preview.db"),
        None => {
            start::check_database_path(&i18n, &path, source, reads_only)?;
            path
        }
    };
    let mut store = open(&path)?;
    let warning = currency_warning(&mut store, &config, &i18n, &path, warning)?;
    if args.command.is_some() {
        // A script's write waits for an import or another terminal to
        // finish, however long; the TUI sets its own, short patience.
        store.wait_for_writers(i18n.t("status.waiting_for_writer").to_string());
    }
    // The first start of a day keeps a copy; failing to is no reason to
    // stop. The TUI takes it in the background, after its first frame.
    if scratch.is_none()
        && !matches!(
            args.command,
            None | Some(Command::Backup { .. } | Command::Restore { .. } | Command::Check { .. })
        )
    {
        if let Err(e) = store.daily_backup(clock.now()) {
            let e = cli::store_error_at(&i18n, e, &path);
            cli::report(&i18n.f("files.daily_backup_failed", &[("error", e.message())]));
        }
    }
    match args.command {
        None => tui(store, clock, i18n, config, warning),
        Some(cmd) => {
            let mut out = cli::stdout();
            let mut ctx = cli::Ctx {
                store: &mut store,
                config: &config,
                clock,
                i18n: &i18n,
                out: &mut out,
            };
            cli::run(cmd, &mut ctx)
        }
    }
}

/// Settle the currency: the database's, when it records one, wins over
/// the configuration's, and the operator is told (beside any config
/// warning, which the TUI shows too).
fn currency_warning(
    store: &mut Store,
    config: &Config,
    i18n: &I18n,
    path: &std::path::Path,
    warning: Option<String>,
) -> Result<Option<String>, CliError> {
    let configured = config.currency();
    match store.use_currency(configured) {
        Err(e) => Err(cli::store_error_at(i18n, e, path)),
        Ok(CurrencyChoice::Configured) => Ok(warning),
        Ok(CurrencyChoice::DatabaseWins { database }) => {
            let text = i18n.f(
                "currency.mismatch",
                &[("database", database.code), ("config", configured.code)],
            );
            cli::report(&text);
            Ok(Some(match warning {
                Some(w) => format!("{w} {text}"),
                None => text,
            }))
        }
    }
}

fn tui(
    store: Store,
    clock: Clock,
    i18n: I18n,
    config: Config,
    warning: Option<String>,
) -> Result<(), CliError> {
    salesbench::ui::run(store, clock, i18n, config, warning)
        .map_err(|e| CliError::Internal(e.to_string()))
}

/// The demo's folder goes when the TUI ends. A worker (the reports, a
/// search) may still be closing its connection and leave a `-wal` or
/// `-shm` behind the first removal: try again for a moment.
fn remove_demo_folder(dir: tempfile::TempDir) {
    let path = dir.path().to_path_buf();
    if dir.close().is_ok() {
        return;
    }
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        match std::fs::remove_dir_all(&path) {
            Ok(()) => return,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(_) => {}
        }
    }
}
