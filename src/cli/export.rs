//! `salesbench export accounts|conversations|orders|follow-ups|deals|calendar`.
//!
//! To a file, the export is written beside it under a hidden name and
//! renamed into place when complete, so an error (a character Shift_JIS
//! cannot hold, a full disk) never leaves half a file behind.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::args::ExportArgs;
use super::{store_error, CliError, CliResult, Ctx};
use crate::domain::deals::Deal;
use crate::domain::model::ConversationKind;
use crate::domain::zone::Zone;
use crate::export::{self, CalendarParts, Encoding, ExportError, Format, Options, Table};

const CHOICES: &str = "accounts, conversations, orders, follow-ups, deals, calendar";

/// `--encoding`, or the error naming the choices.
fn encoding(ctx: &Ctx<'_>, value: &str) -> Result<Encoding, CliError> {
    Encoding::parse(value)
        .map_err(|_| CliError::User(ctx.i18n.not_one_of("--encoding", value, "utf-8, shift_jis")))
}

pub(super) fn run(args: ExportArgs, ctx: &mut Ctx<'_>) -> CliResult {
    let what = args.what.trim().to_ascii_lowercase();
    if what == "calendar" {
        return calendar(args, ctx);
    }
    let i18n = ctx.i18n;
    if args.deals {
        return Err(CliError::User(i18n.t("deals_io12.deals_only_calendar")));
    }
    let table = Table::parse(&what)
        .ok_or_else(|| CliError::User(i18n.not_one_of("export", &what, CHOICES)))?;
    let options = Options {
        format: Format::parse(&args.format)
            .map_err(|_| CliError::User(i18n.not_one_of("--format", &args.format, "csv, json")))?,
        encoding: encoding(ctx, &args.encoding)?,
        bom: args.bom,
        raw: args.raw,
    };
    if options.bom && options.encoding == Encoding::ShiftJis {
        return Err(CliError::User(i18n.t("cli.bom_sjis")));
    }
    let store = &*ctx.store;
    deliver(args.output.as_deref(), &mut *ctx.out, i18n, |out| {
        export::write_table(store, table, options, out).map(|(_, n)| n)
    })
}

fn calendar(args: ExportArgs, ctx: &mut Ctx<'_>) -> CliResult {
    if !matches!(
        args.format.trim().to_ascii_lowercase().as_str(),
        "csv" | "ics"
    ) {
        return Err(CliError::User(ctx.i18n.t("cli.calendar_format")));
    }
    if encoding(ctx, &args.encoding)? != Encoding::Utf8 || args.bom {
        return Err(CliError::User(ctx.i18n.t("cli.calendar_encoding")));
    }
    let store = &*ctx.store;
    let i18n = ctx.i18n;
    let now = ctx.clock.now();
    let zone = ctx.clock.zone();
    let kind = |k: ConversationKind| i18n.t(&format!("conv.{}", k.as_str()));
    // A due time the clocks skip moves forward by the gap, as calendars
    // do; one beyond chrono's range cannot be written by any zone rule.
    let to_utc = |t: NaiveDateTime| zone.to_utc_shifting_gaps(t).unwrap_or_else(|_| t.and_utc());
    let deal_summary = |d: &Deal| {
        i18n.f(
            "deals_io12.expected_close",
            &[("title", &d.title), ("account", &d.account_name)],
        )
    };
    let parts = CalendarParts {
        kind: &kind,
        to_utc: &to_utc,
        deal_summary: args
            .deals
            .then_some(&deal_summary as &dyn Fn(&Deal) -> String),
    };
    deliver(args.output.as_deref(), &mut *ctx.out, i18n, |out| {
        export::write_calendar(store, now, &parts, out).map(|(_, n)| n)
    })
}

/// Run `write` against standard output or, atomically, the file `path`.
fn deliver(
    path: Option<&Path>,
    stdout: &mut dyn Write,
    i18n: &crate::i18n::I18n,
    write: impl FnOnce(&mut dyn Write) -> Result<u64, ExportError>,
) -> CliResult {
    let fail = |e: ExportError| match e {
        ExportError::Unrepresentable { .. } => CliError::User(e.to_string()),
        ExportError::Store(e) => store_error(i18n, e),
        ExportError::Io(_) => CliError::Internal(e.to_string()),
    };
    let Some(path) = path else {
        let mut out = BufWriter::with_capacity(1 << 16, stdout);
        let written = write(&mut out);
        if written.is_err() {
            // Drop what is still buffered: a small export that fails
            // prints nothing rather than a fragment.
            let _ = out.into_parts();
        } else if let Err(e) = out.flush() {
            return broken_pipe_is_fine(e.into()).map_err(fail);
        }
        return written
            .map(|_| ())
            .or_else(broken_pipe_is_fine)
            .map_err(fail);
    };
    let shown = path.display().to_string();
    let shown = [("path", shown.as_str())];
    if path.is_dir() {
        return Err(CliError::User(i18n.f("files.export_to_folder", &shown)));
    }
    // Renaming over the open database (or its -wal, -shm) would replace it
    // under the connections that hold it.
    if crate::store::is_live(path) {
        return Err(CliError::User(i18n.f("files.export_over_database", &shown)));
    }
    let tmp = hidden_beside(path);
    let file = create_private(&tmp)
        .map_err(|e| CliError::User(format!("{}: cannot write here ({e})", path.display())))?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    let written = write(&mut out)
        .and_then(|_| Ok(out.into_inner().map_err(|e| e.into_error())?))
        .and_then(|file| Ok(file.sync_all()?))
        .and_then(|()| Ok(std::fs::rename(&tmp, path)?));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// `salesbench export orders | head`: the reader has what it wanted.
fn broken_pipe_is_fine(e: ExportError) -> Result<(), ExportError> {
    match e {
        ExportError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Err(other),
    }
}

fn hidden_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// The export holds customers' personal data: owner-only, like the database.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}
