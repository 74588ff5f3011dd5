//! A one-line progress bar on stderr, drawn only when asked (the caller
//! checks stderr is a terminal) and at most ten times a second.

use std::io::Write;
use std::time::{Duration, Instant};

const WIDTH: usize = 30;
const EVERY: Duration = Duration::from_millis(100);

/// Progress through a file of `total` bytes.
pub struct Progress {
    on: bool,
    total: u64,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    /// A bar that draws only when `on`.
    pub fn new(on: bool, total: u64) -> Progress {
        Progress {
            on,
            total,
            last: None,
            drawn: false,
        }
    }

    /// `bytes` of the file read, `rows` rows done.
    pub fn update(&mut self, bytes: u64, rows: u64) {
        if !self.on || self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        let share = if self.total == 0 {
            1.0
        } else {
            (bytes as f64 / self.total as f64).min(1.0)
        };
        let filled = (share * WIDTH as f64) as usize;
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(WIDTH - filled));
        let mut err = std::io::stderr().lock();
        // A failed draw must not fail the import.
        let _ = write!(
            err,
            "\rimporting [{bar}] {:3.0}%  {rows} rows",
            share * 100.0
        );
        let _ = err.flush();
        self.drawn = true;
    }

    /// Clear the bar so the report starts on a clean line.
    pub fn finish(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}
