//! The UI's helper threads: each reads on a connection of its own so the
//! screen never waits for SQLite.

use crate::store::Store;

/// What the start-up thread reports.
pub(super) enum Background {
    Loaded(Box<Result<crate::app::Loaded, crate::store::StoreError>>),
    BackupFailed(crate::store::StoreError),
}

/// Runs searches on a connection of its own, off the UI thread: only the
/// newest words typed are looked for when several are waiting.
pub(super) struct Searcher {
    tx: std::sync::mpsc::Sender<crate::app::SearchJob>,
    rx: std::sync::mpsc::Receiver<crate::app::SearchDone>,
    /// Asked and not answered yet.
    pub(super) waiting: usize,
}

impl Searcher {
    pub(super) fn spawn(path: std::path::PathBuf, zone: crate::clock::OperatorZone) -> Searcher {
        let (tx, jobs) = std::sync::mpsc::channel::<crate::app::SearchJob>();
        let (answers, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Opened on the first search (and again after a failure, whose
            // reason answers that search).
            let mut store: Option<Store> = None;
            while let Ok(mut job) = jobs.recv() {
                // Skip to the newest words; the older ones are answered
                // empty (nobody shows them).
                let mut skipped = Vec::new();
                while let Ok(newer) = jobs.try_recv() {
                    skipped.push(std::mem::replace(&mut job, newer));
                }
                for old in skipped {
                    let done = crate::app::SearchDone {
                        query: old.query,
                        result: Ok(Vec::new()),
                    };
                    if answers.send(done).is_err() {
                        return;
                    }
                }
                let done = match &store {
                    Some(s) => job.run(s),
                    None => match Store::open(&path) {
                        Ok(mut s) => {
                            s.set_zone(zone);
                            let done = job.run(&s);
                            store = Some(s);
                            done
                        }
                        Err(e) => crate::app::SearchDone {
                            query: job.query,
                            result: Err(e),
                        },
                    },
                };
                if answers.send(done).is_err() {
                    return;
                }
            }
        });
        Searcher { tx, rx, waiting: 0 }
    }

    pub(super) fn ask(&mut self, job: crate::app::SearchJob) {
        if self.tx.send(job).is_ok() {
            self.waiting += 1;
        }
    }

    pub(super) fn answers(&mut self) -> Vec<crate::app::SearchDone> {
        let got: Vec<_> = self.rx.try_iter().collect();
        self.waiting = self.waiting.saturating_sub(got.len());
        got
    }
}

/// Reads the big lists on a connection of its own, off the UI thread.
pub(super) struct Reader {
    pub(super) path: std::path::PathBuf,
    pub(super) zone: crate::clock::OperatorZone,
    pub(super) days: u32,
}

impl Reader {
    /// Read as of `now` on a new thread; the first read of the day also
    /// keeps the daily copy.
    pub(super) fn spawn(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        daily_backup: bool,
    ) -> std::sync::mpsc::Receiver<Background> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (path, zone, days) = (self.path.clone(), self.zone, self.days);
        std::thread::spawn(move || {
            let store = Store::open(&path).map(|mut s| {
                s.set_zone(zone);
                s
            });
            match store {
                Ok(s) => {
                    let _ = tx.send(Background::Loaded(Box::new(crate::app::Loaded::read(
                        &s, now, days,
                    ))));
                    if daily_backup {
                        if let Err(e) = s.daily_backup(now) {
                            let _ = tx.send(Background::BackupFailed(e));
                        }
                    }
                }
                Err(e) => {
                    let _ = tx.send(Background::Loaded(Box::new(Err(e))));
                }
            }
        });
        rx
    }
}
