//! Thin entry point: parse args, open the store, hand over to ui or cli.

use std::process::ExitCode;

use clap::Parser;
use salesbench::cli::{self, Cli, CliError, Command};
use salesbench::clock::Clock;
use salesbench::config::{self, Config};
use salesbench::i18n::{I18n, Lang};
use salesbench::store::Store;

fn main() -> ExitCode {
    let args = Cli::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("salesbench: {}", e.message());
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(args: Cli) -> Result<(), CliError> {
    let config_path = config::path();
    if let Some(Command::Config { .. }) = args.command {
        let p =
            config_path.ok_or_else(|| CliError::User("no home directory for the config".into()))?;
        println!("{}", p.display());
        return Ok(());
    }
    // A broken config never stops the app: say what is wrong, use defaults.
    let (config, warning) = config::load(config_path.as_deref());
    if let Some(w) = &warning {
        eprintln!("salesbench: {w}");
    }
    let lang = match (args.lang.as_deref(), config.language.as_deref()) {
        (None, Some(l)) => Lang::parse(l).unwrap_or(Lang::En),
        (flag, _) => Lang::detect(flag).map_err(CliError::User)?,
    };
    let i18n = I18n::new(lang);
    let clock = Clock::from_env().map_err(CliError::User)?;
    let open = |path: &std::path::Path| -> Result<Store, CliError> {
        let mut store = Store::open(path).map_err(|e| cli::store_error(&i18n, e))?;
        store.set_zone(clock.zone());
        Ok(store)
    };
    if args.demo {
        let dir = std::env::temp_dir().join(format!("salesbench-demo-{}", std::process::id()));
        let path = dir.join("salesbench.db");
        let _ = std::fs::remove_file(&path);
        let mut store = open(&path)?;
        salesbench::demo::generate(
            &mut store,
            salesbench::demo::DEMO_TUI_ACCOUNTS,
            1,
            clock.now(),
        )
        .map_err(|e| cli::store_error(&i18n, e))?;
        let out = tui(store, clock, i18n, config, warning);
        // The demo database is throwaway: leave nothing behind.
        let _ = std::fs::remove_dir_all(&dir);
        return out;
    }
    let path = salesbench::paths::database(args.db).map_err(CliError::User)?;
    if let Some(Command::Demo { accounts, seed }) = args.command {
        let mut store = open(&path)?;
        salesbench::demo::generate(&mut store, accounts, seed, clock.now())
            .map_err(|e| cli::store_error(&i18n, e))?;
        println!("{}", path.display());
        return Ok(());
    }
    let mut store = open(&path)?;
    if args.command.is_some() {
        // A script's write waits for an import or another terminal to
        // finish, however long; the TUI sets its own, short patience.
        store.wait_for_writers(i18n.t("status.waiting_for_writer").to_string());
    }
    // The first start of a day keeps a copy; failing to is no reason to
    // stop. The TUI takes it in the background, after its first frame.
    if !matches!(
        args.command,
        None | Some(Command::Backup { .. } | Command::Restore { .. })
    ) {
        if let Err(e) = store.daily_backup(clock.now()) {
            let e = cli::store_error(&i18n, e);
            eprintln!("salesbench: daily backup not taken: {}", e.message());
        }
    }
    match args.command {
        None => tui(store, clock, i18n, config, warning),
        Some(cmd) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
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
