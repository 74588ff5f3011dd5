//! Drives the real binary in a pseudo-terminal: a reader thread feeds a
//! `vt100` parser, and tests poll the parsed screen with a deadline.
//! Nothing here sleeps for a fixed time except the poll interval.

use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};

/// The binary under test (a debug build under `cargo test`).
pub const BIN: &str = env!("CARGO_BIN_EXE_salesbench");
pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
/// How long any one expectation may take before the test fails.
// Generous: a loaded 2-core CI box can be slow; passing runs never wait this long.
pub const DEADLINE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(20);

/// Key bytes as a terminal sends them.
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const TAB: &str = "\t";
    pub const ESC: &str = "\x1b";
    pub const CTRL_S: &str = "\x13";
    pub const CTRL_C: &str = "\x03";
    pub const F12: &str = "\x1b[24~";
}

/// Leaving the alternate screen (what `ratatui::restore` writes).
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";

/// The fixed environment of every run: clock, zone, terminal, locale.
fn environment(db_dir: &Path) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("TERM", "xterm-256color"),
        ("TZ", "Asia/Tokyo"),
        ("SALESBENCH_NOW", "2026-11-23T09:00:00+09:00"),
        ("LANG", "C"),
        ("RUST_BACKTRACE", "0"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    env.push(("HOME".into(), db_dir.display().to_string()));
    if let Some(path) = std::env::var_os("PATH") {
        env.push(("PATH".into(), path.to_string_lossy().into_owned()));
    }
    env
}

/// A scratch data directory with the database path inside it.
pub struct DataDir {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl DataDir {
    pub fn new() -> DataDir {
        let dir = tempfile::tempdir().expect("create a temp dir");
        let db = dir.path().join("sb.db");
        DataDir { dir, db }
    }

    /// A CLI subcommand against this database, in the fixed environment,
    /// not yet started.
    pub fn cli_command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .envs(environment(self.dir.path()))
            .current_dir(self.dir.path());
        cmd.arg("--db")
            .arg(&self.db)
            .args(["--lang", "en"])
            .args(args);
        cmd
    }

    /// Run a CLI subcommand against this database; panics unless it succeeds.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = self.cli_command(args).output().expect("run the CLI");
        assert!(
            out.status.success(),
            "salesbench {args:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("CLI output is UTF-8")
    }

    /// Start the TUI on this database.
    pub fn tui(&self) -> Tui {
        Tui::spawn(self, &[])
    }

    /// Start the TUI with extra environment variables.
    pub fn tui_with_env(&self, extra: &[(&str, &str)]) -> Tui {
        Tui::spawn(self, extra)
    }
}

/// Run the binary with `args` in a pseudo-terminal (standard output and
/// standard error both the terminal, as for someone typing the command);
/// returns how it exited and every byte it wrote.
pub fn run_in_pty(
    args: &[&std::ffi::OsStr],
    home: &Path,
    extra: &[(&str, &str)],
) -> (ExitStatus, Vec<u8>) {
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    let mut tui = Tui::start(cmd, home, extra);
    let status = tui.wait_exit();
    (status, tui.raw())
}

struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// The reader saw end of file: the child closed the terminal.
    eof: bool,
}

/// One running TUI in an 80x24 pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    output: Arc<Mutex<Output>>,
    status: Option<ExitStatus>,
}

impl Tui {
    fn spawn(data: &DataDir, extra: &[(&str, &str)]) -> Tui {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(&data.db);
        cmd.args(["--lang", "en"]);
        Tui::start(cmd, data.dir.path(), extra)
    }

    /// Start `cmd` in an 80x24 pseudo-terminal with the fixed environment
    /// (HOME and the working directory are `home`) plus `extra`.
    pub fn start(mut cmd: CommandBuilder, home: &Path, extra: &[(&str, &str)]) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        cmd.env_clear();
        for (k, v) in environment(home) {
            cmd.env(k, v);
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("spawn salesbench");
        // Only the child may hold the terminal side, so its exit ends our reads.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(ROWS, COLS, 0),
            raw: Vec::new(),
            eof: false,
        }));
        let sink = Arc::clone(&output);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut out = sink.lock().unwrap_or_else(|e| e.into_inner());
                        out.parser.process(&buf[..n]);
                        out.raw.extend_from_slice(&buf[..n]);
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    // EIO once the child has closed the terminal (Linux).
                    Err(_) => break,
                }
            }
            sink.lock().unwrap_or_else(|e| e.into_inner()).eof = true;
        });
        Tui {
            child,
            writer,
            master: pair.master,
            output,
            status: None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Type keys: raw bytes, as a terminal would send them.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// The screen as text, one line per row.
    pub fn contents(&self) -> String {
        self.lock().parser.screen().contents()
    }

    /// Every byte the program wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.lock().raw.clone()
    }

    /// Run `f` on the parsed screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.lock().parser.screen())
    }

    /// The terminal settings of the pty, rendered with `Debug` (the flag
    /// names, e.g. `ICANON`, appear when set).
    pub fn termios(&self) -> String {
        format!("{:?}", self.master.get_termios().expect("pty termios"))
    }

    /// A numbered dump of the screen for failure messages.
    pub fn dump(&self) -> String {
        let out = self.lock();
        let screen = out.parser.screen();
        let mut s = String::new();
        for (i, row) in screen.rows(0, COLS).enumerate() {
            s.push_str(&format!("{i:2}|{row}\n"));
        }
        let (r, c) = screen.cursor_position();
        s.push_str(&format!(
            "cursor at row {r}, col {c}; alternate screen: {}",
            screen.alternate_screen()
        ));
        s
    }

    /// Poll until `pred` holds for the screen text, or fail showing the
    /// screen. Returns the screen text that satisfied it.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        // The predicate runs with the screen unlocked: it may look again.
        self.poll(what, |s| s.contents(), |text| pred(&text).then_some(text))
    }

    /// Poll until `pred` holds for the parsed screen (its cursor, colours),
    /// or fail showing the screen. `pred` runs with the screen locked: it
    /// must not look at the `Tui` again.
    pub fn wait_until_screen(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        self.poll(what, pred, |done| done.then_some(()))
    }

    /// Take `grab` of the screen (locked), then ask `accept` (unlocked)
    /// until it answers.
    fn poll<G, T>(
        &self,
        what: &str,
        grab: impl Fn(&vt100::Screen) -> G,
        accept: impl Fn(G) -> Option<T>,
    ) -> T {
        let start = Instant::now();
        loop {
            let (got, eof) = {
                let out = self.lock();
                (grab(out.parser.screen()), out.eof)
            };
            if let Some(found) = accept(got) {
                return found;
            }
            if eof {
                panic!(
                    "the program exited while waiting for: {what}\n{}",
                    self.dump()
                );
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "timed out after {DEADLINE:?} waiting for: {what}\n{}",
                    self.dump()
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Poll until `text` is on screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on screen"), |s| s.contains(text))
    }

    /// The screen row (0-based) holding `text`, if any.
    pub fn row_of(&self, text: &str) -> Option<u16> {
        self.with_screen(|s| {
            s.rows(0, COLS)
                .position(|r| r.contains(text))
                .map(|i| i as u16)
        })
    }

    /// Wait for the program to exit by itself and for its output to drain;
    /// kill it and fail if it does not within the deadline.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(st) = self.child.try_wait().expect("poll the child") {
                break st;
            }
            if start.elapsed() > DEADLINE {
                let screen = self.dump();
                self.kill_hard();
                panic!("the program did not exit within {DEADLINE:?}\n{screen}");
            }
            thread::sleep(POLL);
        };
        self.status = Some(status.clone());
        // Everything it wrote before exiting (e.g. a panic message) is read.
        let start = Instant::now();
        while !self.lock().eof {
            assert!(
                start.elapsed() < DEADLINE,
                "the pty did not close after the program exited"
            );
            thread::sleep(POLL);
        }
        status
    }

    /// The operating system's id of the running program.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the TUI has a process id")
    }

    /// SIGKILL: no cleanup, no flush, as if the machine lost power.
    pub fn kill_hard(&mut self) {
        if self.status.is_some() {
            return;
        }
        if let Some(pid) = self.child.process_id() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        let start = Instant::now();
        loop {
            match self.child.try_wait() {
                Ok(Some(st)) => {
                    self.status = Some(st);
                    return;
                }
                Ok(None) if start.elapsed() < DEADLINE => thread::sleep(POLL),
                _ => {
                    // Fall back to portable-pty's own kill (SIGHUP).
                    let _ = self.child.kill();
                    self.status = self.child.wait().ok();
                    return;
                }
            }
        }
    }
}

impl Drop for Tui {
    /// A failed test never leaves a program running.
    fn drop(&mut self) {
        if self.status.is_none() {
            self.kill_hard();
        }
    }
}

/// Where `needle` first occurs in `hay` at or after `from`.
pub fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}
