//! Slow work the UI thread hands to a worker: an import's dry run and its
//! commit. The event loop takes the job, runs it on a thread with its own
//! connection, and gives the answer back through [`App::receive_import`].

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::form::FieldProblem;
use super::popups::{ImportPopup, ImportPreview, Popup};
use super::App;
use crate::clock::OperatorZone;
use crate::import::{import_file, ImportError, Options, Report};
use crate::store::Store;

/// A search over every conversation's text, waiting for a worker: at
/// 100k accounts a short word no conversation holds is a scan of
/// everything, far longer than a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchJob {
    pub query: String,
}

/// A search's answer, for the query it was asked.
#[derive(Debug)]
pub struct SearchDone {
    pub query: String,
    pub result: Result<Vec<crate::domain::text_search::TextHit>, crate::store::StoreError>,
}

impl SearchJob {
    /// Run it on `store` (the worker's own connection, or a test's).
    pub fn run(self, store: &Store) -> SearchDone {
        let result = store.search_conversations(&self.query, super::popups::SEARCH_SHOWN);
        SearchDone {
            query: self.query,
            result,
        }
    }
}

/// An import waiting for a worker.
#[derive(Debug)]
pub struct ImportJob {
    path: PathBuf,
    options: Options,
    now: DateTime<Utc>,
    zone: OperatorZone,
}

/// What an import job found.
#[derive(Debug)]
pub struct ImportDone {
    options: Options,
    result: Result<Report, ImportError>,
}

impl ImportJob {
    /// Run it here, on a connection of its own (the worker's thread, or a
    /// test's).
    pub fn run(self) -> ImportDone {
        let result = Store::open(&self.path)
            .map_err(ImportError::Store)
            .and_then(|mut store| {
                store.set_zone(self.zone);
                import_file(&mut store, &self.options, self.now, self.zone)
            });
        ImportDone {
            options: self.options,
            result,
        }
    }

    /// Run it on a new thread; the answer arrives on the channel.
    pub fn spawn(self) -> std::sync::mpsc::Receiver<ImportDone> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(self.run());
        });
        rx
    }
}

impl App {
    /// Queue an import for the worker; the form stays while it runs.
    pub(super) fn start_import(&mut self, options: Options) {
        if self.import_job.is_some() || self.importing {
            return;
        }
        let key = if options.dry_run {
            "jobs11.reading"
        } else {
            "jobs11.importing"
        };
        self.import_job = Some(ImportJob {
            path: self.store.path().to_path_buf(),
            options,
            now: self.now(),
            zone: self.clock.zone(),
        });
        self.info(self.i18n.t(key));
    }

    /// The import the event loop should start, if one is waiting.
    pub fn take_import_job(&mut self) -> Option<ImportJob> {
        let job = self.import_job.take();
        self.importing |= job.is_some();
        job
    }

    /// An import job's answer: the preview over the form after a dry run,
    /// both closed and the lists read again after the real one.
    pub fn receive_import(&mut self, done: ImportDone) {
        self.importing = false;
        self.needs_redraw = true;
        let dry_run = done.options.dry_run;
        // What the import popups above the form asked for is answered: a
        // new preview (after a mapping or "create missing") takes the
        // old one's place.
        let ok = done.result.is_ok();
        while ok
            && matches!(
                self.popups.last(),
                Some(Popup::ImportPreview(_) | Popup::MapColumn(_))
            )
        {
            self.popups.pop();
        }
        match done.result {
            Ok(report) if dry_run => {
                if matches!(self.popups.last(), Some(Popup::Import(_))) {
                    let preview = ImportPreview::new(self, done.options, &report);
                    self.status = None;
                    self.open_popup(preview);
                }
            }
            Ok(report) => {
                if matches!(self.popups.last(), Some(Popup::Import(_))) {
                    self.popups.pop();
                }
                self.refresh();
                let counts = super::popups::import_counts(self, &report);
                let mut said = self.i18n.f("import.done", &[("counts", counts.trim())]);
                if let Some(file) = report.rejects_file.as_ref().filter(|_| report.rejected > 0) {
                    said.push_str(&self.i18n.f(
                        "imp11.rejects_written",
                        &[
                            ("n", &report.rejected.to_string()),
                            ("file", &file.display().to_string()),
                        ],
                    ));
                }
                self.info(said);
            }
            Err(ImportError::User(m)) => match self.popups.last_mut() {
                Some(Popup::Import(ImportPopup { form, .. })) if dry_run => {
                    self.status = None;
                    form.show_errors(vec![("file", FieldProblem::Said(m))]);
                }
                _ => self.info(m),
            },
            Err(ImportError::Store(e)) => self.error(&e),
        }
    }

    /// Queue a search for the worker (a newer one replaces one not yet
    /// started: only the last words typed matter).
    pub(super) fn start_search(&mut self, query: String) {
        self.search_job = Some(SearchJob { query });
    }

    /// The search the event loop should hand to its worker, if any.
    pub fn take_search_job(&mut self) -> Option<SearchJob> {
        self.search_job.take()
    }

    /// A search's answer: shown if the search popup still asks for it.
    pub fn receive_search(&mut self, done: SearchDone) {
        self.needs_redraw = true;
        let path = self.store.path().to_path_buf();
        let zone = self.clock.zone();
        let i18n = &self.i18n;
        if let Some(Popup::Search(s)) = self.popups.last_mut() {
            if s.query.value() == done.query {
                match done.result {
                    Ok(hits) => s.show(hits),
                    Err(e) => {
                        s.fail(crate::messages::describe(i18n, &e, Some(&path), &zone));
                    }
                }
            }
        }
    }

    /// Run waiting jobs here and take their answers (tests, and a
    /// terminal-free caller).
    pub fn run_jobs_here(&mut self) {
        if let Some(job) = self.take_import_job() {
            let done = job.run();
            self.receive_import(done);
        }
        if let Some(job) = self.take_search_job() {
            let done = job.run(&self.store);
            self.receive_search(done);
        }
    }
}
