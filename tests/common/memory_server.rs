//! A team's server held in memory, for the sync tests that need no
//! PostgreSQL: every event once, per origin in order, and a switch that
//! makes it go away after a number of calls.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use salesbench::store::replica::SyncEvent;
use salesbench::store::Store;
use salesbench::sync::run::{sync_once, Remote, Summary};
use salesbench::sync::ServerError;

/// What the server holds: every event once, per origin in order.
#[derive(Default)]
pub struct Server {
    pub events: Vec<SyncEvent>,
    /// Refuse every call after this many (a server going away).
    pub fail_after: Option<usize>,
    pub calls: usize,
}

impl Server {
    fn call(&mut self) -> Result<(), ServerError> {
        self.calls += 1;
        match self.fail_after {
            Some(n) if self.calls > n => Err(ServerError::Unreachable {
                url: "memory".into(),
                detail: "gone".into(),
            }),
            _ => Ok(()),
        }
    }

    /// Push and pull, as `salesbench sync` does.
    pub fn sync(&mut self, s: &mut Store) -> Summary {
        sync_once(s, self, Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap()).unwrap()
    }
}

impl Remote for Server {
    fn book(&mut self) -> Result<String, ServerError> {
        self.call()?;
        Ok("book".into())
    }

    fn push(&mut self, events: &[SyncEvent]) -> Result<usize, ServerError> {
        self.call()?;
        let mut new = 0;
        for e in events {
            let taken = self
                .events
                .iter()
                .any(|x| x.uuid == e.uuid || (x.origin, x.origin_seq) == (e.origin, e.origin_seq));
            if !taken {
                self.events.push(e.clone());
                new += 1;
            }
        }
        Ok(new)
    }

    fn heads(&mut self) -> Result<HashMap<[u8; 16], i64>, ServerError> {
        self.call()?;
        let mut h = HashMap::new();
        for e in &self.events {
            let x = h.entry(e.origin).or_insert(0);
            *x = e.origin_seq.max(*x);
        }
        Ok(h)
    }

    fn pull(
        &mut self,
        origin: [u8; 16],
        above: i64,
        limit: usize,
    ) -> Result<Vec<SyncEvent>, ServerError> {
        self.call()?;
        let mut out: Vec<SyncEvent> = self
            .events
            .iter()
            .filter(|e| e.origin == origin && e.origin_seq > above)
            .cloned()
            .collect();
        out.sort_by_key(|e| e.origin_seq);
        out.truncate(limit);
        Ok(out)
    }

    fn count(&mut self) -> Result<i64, ServerError> {
        self.call()?;
        Ok(self.events.len() as i64)
    }
}
