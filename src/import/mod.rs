//! Bringing a customer list, a register (POS) export or a call log in from
//! CSV: UTF-8 (with or without BOM) or Shift_JIS, headers in English or
//! Japanese, every row checked and written in one transaction through the
//! same store code as hand entry.
//!
//! The file is streamed: a reader thread splits and parses records while
//! this thread writes them, with a few batches in flight between the two,
//! so memory does not grow with the file.

mod apply;
mod columns;
mod deal_rows;
mod encoding;
mod headers;
pub mod problem;
mod progress;
mod reader;
mod rejects;
mod report;
mod rows;
mod typed;
mod values;

use std::path::PathBuf;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

use chrono::{DateTime, Utc};

use crate::clock::OperatorZone;

pub use columns::{parse_field, ColumnProblem, Field, Target, Unused};
pub use encoding::{Encoding, EncodingChoice};
pub use report::{Duplicate, Rejection, Report};
pub use rows::Problem;

use crate::i18n::{I18n, Lang};
use crate::store::import::{Finish, ImportSession};
use crate::store::{Store, StoreError};
use apply::Applier;
use columns::Columns;
use reader::{ReadError, Records};
use rejects::RejectsFile;
use rows::{Row, RowParser};

/// Rows handed from the reader thread to the writer at a time.
const BATCH: usize = 2048;
/// Batches parsed ahead of the writer, at most.
const BATCHES_IN_FLIGHT: usize = 4;

/// What to import and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub target: Target,
    pub file: PathBuf,
    pub encoding: EncodingChoice,
    /// `--map COLUMN=FIELD`, in order; `None` ignores the column.
    pub maps: Vec<(String, Option<Field>)>,
    pub dry_run: bool,
    /// `--skip-invalid REJECTS.csv`.
    pub rejects: Option<PathBuf>,
    /// Orders only: make an account for an unknown customer.
    pub create_missing: bool,
    /// Draw a progress bar on stderr (the caller checks it is a terminal).
    pub progress: bool,
    /// The operator's language, for messages.
    pub lang: Lang,
}

/// Why an import stopped before looking at every row.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file or the options are wrong (exit 2).
    #[error("{0}")]
    User(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One record, parsed.
struct Item {
    line: u64,
    raw: Option<Vec<u8>>,
    row: Result<Row, Vec<Problem>>,
}

/// Records handed over together, and how far into the file they reach.
struct Batch {
    items: Vec<Item>,
    bytes: u64,
}

/// Import `opts.file`. Bad rows do not make this fail: they are in the
/// report, and unless `--skip-invalid` was given nothing was written
/// (`report.written` says). `now` and `zone` resolve dates as `order
/// --at` does.
pub fn import_file(
    store: &mut Store,
    opts: &Options,
    now: DateTime<Utc>,
    zone: impl Into<OperatorZone>,
) -> Result<Report, ImportError> {
    let shown = crate::domain::text::sanitize(&opts.file.display().to_string()).into_owned();
    let user = |m: String| ImportError::User(format!("{shown}: {m}"));
    let i18n = I18n::new(opts.lang);
    // Reading the open database (or its -wal/-shm) as a CSV would open and
    // close a descriptor of it, which drops this process's SQLite locks.
    if crate::store::is_live(&opts.file) {
        return Err(user(i18n.t("importx.source_is_database")));
    }
    let sniffed = encoding::sniff(&opts.file, opts.encoding).map_err(|e| user(e.text(&i18n)))?;
    let keep_raw = opts.rejects.is_some() && !opts.dry_run;
    if let (Some(path), false) = (&opts.rejects, opts.dry_run) {
        rejects::check_path(path, &opts.file, store.path(), &i18n)?;
    }
    let unreadable =
        |e: std::io::Error| user(encoding::FileProblem::Unreadable(e.kind()).text(&i18n));
    let mut records = Records::open(&opts.file, keep_raw).map_err(unreadable)?;
    let header = loop {
        match records.next().map_err(|e| e.into_import(&shown, &i18n))? {
            None => return Err(user(encoding::FileProblem::Empty.text(&i18n))),
            Some(p) if records.record().iter().any(|f| !f.trim_ascii().is_empty()) => break p,
            Some(_) => {}
        }
    };
    let headers: Vec<String> = records
        .record()
        .iter()
        .map(|b| sniffed.encoding.decode(b).map(|s| s.trim().to_string()))
        .collect::<Option<_>>()
        .ok_or_else(|| {
            let encoding = sniffed.encoding.name();
            user(encoding::FileProblem::HeaderNotText { encoding }.text(&i18n))
        })?;
    let columns =
        Columns::recognise(headers, opts.target, &opts.maps).map_err(|p| user(p.text(&i18n)))?;
    columns
        .require(opts.target)
        .map_err(|p| user(p.text(&i18n)))?;
    let mut rejects = match (&opts.rejects, opts.dry_run) {
        (Some(path), false) => Some(RejectsFile::create(path, &header)?),
        _ => None,
    };
    let encoding = match (sniffed.encoding, sniffed.bom) {
        (Encoding::Utf8, true) => "UTF-8 with BOM".to_string(),
        (e, _) => e.name().to_string(),
    };
    let mut report = Report::new(opts.target, opts.file.clone(), encoding, opts.dry_run);
    report.ignored = columns.ignored.clone();
    let zone: OperatorZone = zone.into();
    let parser = RowParser {
        target: opts.target,
        columns: columns.clone(),
        encoding: sniffed.encoding,
        dates: values::Dates::new(now, zone),
        currency: store.currency(),
        stages: store.pipeline().stages().to_vec(),
    };
    let mut applier = Applier::new(opts.target, &columns, opts.create_missing, now, zone, &i18n);
    let mut bar = progress::Progress::new(opts.progress, sniffed.size);
    let mut persisted = None;
    let mut committing = false;
    let outcome = store.import(|session| -> Result<((), Finish), ImportError> {
        std::thread::scope(|scope| {
            let (tx, rx) = sync_channel(BATCHES_IN_FLIGHT);
            let (spent_tx, spent_rx) = channel();
            scope.spawn(move || read_rows(records, parser, tx, spent_rx));
            let mut sink = Sink {
                report: &mut report,
                rejects: rejects.as_mut(),
                bar: &mut bar,
                shown: &shown,
                i18n: &i18n,
            };
            write_rows(session, rx, spent_tx, &mut applier, &mut sink)
        })?;
        let refused = report.rejected > 0 && opts.rejects.is_none();
        if opts.dry_run || refused {
            return Ok(((), Finish::Rollback));
        }
        // The rejects file goes into place before the commit: if it cannot,
        // nothing is written (and if the commit fails, it is taken away).
        if let Some(r) = rejects.take() {
            persisted = Some(r.persist().map_err(user)?);
        }
        committing = true;
        Ok(((), Finish::Commit))
    });
    bar.finish();
    if let Some(r) = rejects {
        r.discard();
    }
    if let Err(e) = outcome {
        if let Some(p) = persisted {
            // Best effort: the import failed, so its rejects file is stale.
            let _ = std::fs::remove_file(p);
        }
        return Err(e);
    }
    report.written = committing;
    report.rejects_file = persisted;
    Ok(report)
}

/// Reader thread: records → parsed rows, in batches, until the end, a read
/// error, or the writer hanging up. Batches the writer is done with come
/// back on `spent` to be dropped (and their space reused) here, which
/// keeps freeing the rows' text off the writing thread.
fn read_rows(
    mut records: Records,
    mut parser: RowParser,
    tx: SyncSender<Result<Batch, ReadError>>,
    spent: Receiver<Vec<Item>>,
) {
    let fresh = || match spent.try_recv() {
        Ok(mut v) => {
            v.clear();
            v
        }
        Err(_) => Vec::with_capacity(BATCH),
    };
    let mut items = fresh();
    loop {
        let placed = match records.next() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        let row = match parser.parse(records.record()) {
            Ok(None) => continue,
            Ok(Some(row)) => Ok(row),
            Err(problems) => Err(problems),
        };
        items.push(Item {
            line: placed.line,
            raw: placed.raw,
            row,
        });
        if items.len() == BATCH {
            let batch = Batch {
                items: std::mem::replace(&mut items, fresh()),
                bytes: records.position(),
            };
            if tx.send(Ok(batch)).is_err() {
                return;
            }
        }
    }
    let bytes = records.position();
    let _ = tx.send(Ok(Batch { items, bytes }));
}

/// Where the writer's results go.
struct Sink<'a> {
    report: &'a mut Report,
    rejects: Option<&'a mut RejectsFile>,
    bar: &'a mut progress::Progress,
    shown: &'a str,
    i18n: &'a I18n,
}

/// Writer: apply each good row; count and set aside the bad ones.
fn write_rows(
    session: &mut ImportSession<'_>,
    rx: Receiver<Result<Batch, ReadError>>,
    spent: Sender<Vec<Item>>,
    applier: &mut Applier<'_>,
    sink: &mut Sink<'_>,
) -> Result<(), ImportError> {
    for batch in rx {
        let batch = batch.map_err(|e| e.into_import(sink.shown, sink.i18n))?;
        for item in &batch.items {
            sink.report.rows += 1;
            let outcome = match &item.row {
                Ok(row) => applier.apply(session, sink.report, item.line, row)?,
                Err(problems) => Err(problems.clone()),
            };
            if let Err(problems) = outcome {
                sink.report.reject(item.line, problems);
                if let (Some(file), Some(raw)) = (sink.rejects.as_deref_mut(), &item.raw) {
                    file.write(raw).map_err(ImportError::User)?;
                }
            }
        }
        sink.bar.update(batch.bytes, sink.report.rows);
        // The reader may have finished; then this batch is dropped here.
        let _ = spent.send(batch.items);
    }
    Ok(())
}
