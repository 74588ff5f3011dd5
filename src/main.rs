//! Thin entry point: parse args, open the store, hand over to ui or cli.

use std::process::ExitCode;

use clap::Parser;
use salesbench::cli::{self, Cli, CliError, Command};
use salesbench::clock::Clock;
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
    let lang = Lang::detect(args.lang.as_deref()).map_err(CliError::User)?;
    let i18n = I18n::new(lang);
    let clock = Clock::from_env().map_err(CliError::User)?;
    if args.demo {
        let dir = std::env::temp_dir().join(format!("salesbench-demo-{}", std::process::id()));
        let path = dir.join("salesbench.db");
        let _ = std::fs::remove_file(&path);
        let mut store = Store::open(&path).map_err(|e| cli::store_error(&i18n, e))?;
        salesbench::demo::generate(
            &mut store,
            salesbench::demo::DEMO_TUI_ACCOUNTS,
            1,
            clock.now(),
        )
        .map_err(|e| cli::store_error(&i18n, e))?;
        let out = salesbench::ui::run(store, clock, i18n);
        // The demo database is throwaway: leave nothing behind.
        let _ = std::fs::remove_dir_all(&dir);
        return out.map_err(|e| CliError::Internal(e.to_string()));
    }
    let path = salesbench::paths::database(args.db).map_err(CliError::User)?;
    if let Some(Command::Demo { accounts, seed }) = args.command {
        let mut store = Store::open(&path).map_err(|e| cli::store_error(&i18n, e))?;
        store.set_local_offset(clock.local_offset());
        salesbench::demo::generate(&mut store, accounts, seed, clock.now())
            .map_err(|e| cli::store_error(&i18n, e))?;
        println!("{}", path.display());
        return Ok(());
    }
    let mut store = Store::open(&path).map_err(|e| cli::store_error(&i18n, e))?;
    store.set_local_offset(clock.local_offset());
    match args.command {
        None => {
            salesbench::ui::run(store, clock, i18n).map_err(|e| CliError::Internal(e.to_string()))
        }
        Some(cmd) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let mut ctx = cli::Ctx {
                store: &mut store,
                clock,
                i18n: &i18n,
                out: &mut out,
            };
            cli::run(cmd, &mut ctx)
        }
    }
}
