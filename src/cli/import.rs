//! `salesbench import accounts|orders|conversations|deals FILE ...`

use std::io::IsTerminal;

use super::args::{ImportOptions, ImportWhat};
use super::{emit, store_error, CliError, CliResult, Ctx};
use crate::import::{self, EncodingChoice, Field, ImportError, Options, Target};

pub(super) fn run(what: ImportWhat, ctx: &mut Ctx<'_>) -> CliResult {
    let (target, options, create_missing) = match what {
        ImportWhat::Accounts(o) => (Target::Accounts, o, false),
        ImportWhat::Orders {
            options,
            create_missing,
        } => (Target::Orders, options, create_missing),
        ImportWhat::Conversations(o) => (Target::Conversations, o, false),
        ImportWhat::Deals(o) => (Target::Deals, o, false),
    };
    let opts = options_for(target, options, create_missing, ctx.i18n)?;
    let report =
        import::import_file(ctx.store, &opts, ctx.clock.now(), ctx.clock.zone()).map_err(|e| {
            match e {
                ImportError::User(m) => CliError::User(m),
                ImportError::Store(e) => store_error(ctx.i18n, e),
            }
        })?;
    if report.rejected > 0 && !opts.dry_run && opts.rejects.is_none() {
        return Err(CliError::User(report.failure_message(ctx.i18n)));
    }
    for line in report.summary_lines(ctx.i18n) {
        emit(ctx.out, &line)?;
    }
    Ok(())
}

/// Check the flags and turn them into import options.
fn options_for(
    target: Target,
    o: ImportOptions,
    create_missing: bool,
    i18n: &crate::i18n::I18n,
) -> Result<Options, CliError> {
    let encoding = EncodingChoice::parse(&o.encoding).map_err(|_| {
        CliError::User(i18n.not_one_of("--encoding", &o.encoding, "auto, utf-8, shift_jis"))
    })?;
    let maps = o
        .map
        .iter()
        .map(|m| parse_map(m, target, i18n))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Options {
        target,
        file: o.file,
        encoding,
        maps,
        dry_run: o.dry_run,
        rejects: o.skip_invalid,
        create_missing,
        progress: std::io::stderr().is_terminal(),
        lang: i18n.lang,
    })
}

/// `--map 得意先=name`: split at the last `=` (field names have none).
fn parse_map(
    m: &str,
    target: Target,
    i18n: &crate::i18n::I18n,
) -> Result<(String, Option<Field>), CliError> {
    let refused = |p: import::ColumnProblem| CliError::User(p.text(i18n));
    let (column, field) = m
        .rsplit_once('=')
        .filter(|(c, f)| !c.trim().is_empty() && !f.trim().is_empty())
        .ok_or_else(|| {
            refused(import::ColumnProblem::MapSyntax {
                value: m.to_string(),
            })
        })?;
    let field = import::parse_field(field, target).map_err(refused)?;
    Ok((column.to_string(), field))
}
