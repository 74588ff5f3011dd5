//! The one output boundary of the command line: what reaches a terminal
//! can never drive it, what reaches a file or a pipe is exact.
//!
//! Stored text and typed arguments may hold escape sequences (an imported
//! name, a pasted path). A terminal would obey them, so when standard
//! output or standard error is a terminal every control character but line
//! feed and tab, and every bidi control, is dropped on the way out. A pipe
//! or a file gets the bytes unchanged: scripts and exports must see exactly
//! what is stored.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use super::{CliError, CliResult};
use crate::export::InvisiblesEscaped;

/// Whether `c` may not be written to a terminal: a control character other
/// than line feed and tab (C0, DEL, C1; carriage return could overwrite a
/// line), or a bidi control that would reorder what is shown.
pub fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// `s` without what a terminal would act on ([`unsafe_for_terminal`]);
/// borrows when nothing is dropped.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if s.chars().any(unsafe_for_terminal) {
        Cow::Owned(s.chars().filter(|c| !unsafe_for_terminal(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// A writer that passes bytes to a terminal without [`unsafe_for_terminal`]
/// characters. Text is UTF-8; a character split across two writes is held
/// until it is whole, and bytes that are not UTF-8 at all show as U+FFFD
/// (a lone 0x9B byte is CSI to some terminals).
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// The start of a UTF-8 character whose remaining bytes are to come.
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> TerminalSafe<W> {
        TerminalSafe {
            inner,
            pending: Vec::new(),
        }
    }

    fn pass(&mut self, valid: &str) -> io::Result<()> {
        self.inner.write_all(for_terminal(valid).as_bytes())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut rest = bytes.as_slice();
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.pass(s)?;
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // Checked by from_utf8 just above.
                    self.pass(std::str::from_utf8(good).unwrap_or_default())?;
                    match e.error_len() {
                        // An incomplete character at the end: wait for the rest.
                        None => {
                            self.pending = bad.to_vec();
                            break;
                        }
                        Some(n) => {
                            self.inner.write_all("\u{fffd}".as_bytes())?;
                            rest = &bad[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalSafe<W> {
    fn drop(&mut self) {
        // A character cut off at the very end never became whole.
        if !self.pending.is_empty() {
            let _ = self.inner.write_all("\u{fffd}".as_bytes());
        }
        let _ = self.inner.flush();
    }
}

/// Standard output, made safe when it is a terminal, and buffered (a
/// write call per line made a long list spend its time in the kernel).
/// Written out when dropped, at the end of the command, before any error
/// is reported on standard error.
pub fn stdout() -> Box<dyn Write> {
    let out = io::stdout();
    if out.is_terminal() {
        Box::new(io::BufWriter::with_capacity(
            OUT_BUFFER,
            TerminalSafe::new(out),
        ))
    } else {
        Box::new(io::BufWriter::with_capacity(OUT_BUFFER, out.lock()))
    }
}

/// Bytes of standard output held before they are written.
const OUT_BUFFER: usize = 64 * 1024;

/// One `salesbench: ...` line on standard error, made safe when standard
/// error is a terminal.
pub fn report(message: &str) {
    to_stderr(&format!("salesbench: {message}\n"));
}

/// `text` on standard error as it is, made safe when standard error is a
/// terminal.
pub fn to_stderr(text: &str) {
    let err = io::stderr();
    let text = if err.is_terminal() {
        for_terminal(text)
    } else {
        Cow::Borrowed(text)
    };
    // Nothing is left to tell anyone if standard error is gone.
    let _ = err.lock().write_all(text.as_bytes());
}

/// Write a line; a closed pipe ends output quietly.
pub(super) fn emit(out: &mut dyn Write, s: &str) -> CliResult {
    match writeln!(out, "{s}") {
        // `salesbench history X | head -1`: the reader has what it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| CliError::Internal(format!("writing output: {e}"))),
    }
}

/// Pretty JSON to the output, DEL, C1 and bidi controls escaped.
///
/// Written as it is made: a list of a million accounts never stands whole
/// in memory (at 1M, `quiet --json` is 190 MB of text).
pub(super) fn emit_json<T: serde::Serialize>(out: &mut dyn Write, v: &T) -> CliResult {
    let mut w = io::BufWriter::with_capacity(OUT_BUFFER, InvisiblesEscaped::new(&mut *out));
    let written = serde_json::to_writer_pretty(&mut w, v)
        .map_err(io::Error::from)
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush());
    written_out(written)
}

fn written_out(written: io::Result<()>) -> CliResult {
    match written {
        // `salesbench quiet --json | head`: the reader has what it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| CliError::Internal(format!("writing output: {e}"))),
    }
}

/// Below this many items a list is written by one thread.
const PARALLEL_LIST_FROM: usize = 4_096;

/// Items in one piece of a long list (~1 MB of JSON for a quiet row).
const PIECE: usize = 2_048;

/// `items` as [`emit_json`] writes them, byte for byte; a long list in
/// pieces made by two threads at once (`quiet --json` at a million
/// accounts: 377k rows, 190 MB), every other piece made on the other core
/// while this one makes and writes the rest in order.
///
/// A pretty array of a piece is `[\n`, its elements as they stand in the
/// whole array, and `\n]`: each piece is written without those, a `,\n`
/// between two. The pieces' buffers go back to be filled again: fresh
/// memory costs its first touch (a 95 MB half made whole cost ~0.1 s in
/// page faults at 1M).
pub(super) fn emit_json_list<T: serde::Serialize + Sync>(
    out: &mut dyn Write,
    items: &[T],
) -> CliResult {
    if items.len() < PARALLEL_LIST_FROM {
        return emit_json(out, &items);
    }
    let written = std::thread::scope(|scope| {
        // At most two made pieces wait: memory stays a few pieces.
        let (made, made_here) = std::sync::mpsc::sync_channel::<serde_json::Result<Vec<u8>>>(2);
        let (spare_there, spare) = std::sync::mpsc::channel::<Vec<u8>>();
        scope.spawn(move || {
            for piece in items.chunks(PIECE).skip(1).step_by(2) {
                let mut buf = spare.try_recv().unwrap_or_default();
                buf.clear();
                let piece = serde_json::to_writer_pretty(&mut buf, piece).map(|()| buf);
                // Sending fails only once the writer has stopped (an error).
                if made.send(piece).is_err() {
                    return;
                }
            }
        });
        let mut w = io::BufWriter::with_capacity(OUT_BUFFER, InvisiblesEscaped::new(&mut *out));
        let mut mine = Vec::new();
        w.write_all(b"[")?;
        for (i, piece) in items.chunks(PIECE).enumerate() {
            let buf = if i % 2 == 0 {
                mine.clear();
                serde_json::to_writer_pretty(&mut mine, piece)?;
                std::mem::take(&mut mine)
            } else {
                made_here
                    .recv()
                    .map_err(|_| io::Error::other("the list's other writer stopped"))??
            };
            w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            w.write_all(buf.get(2..buf.len() - 2).unwrap_or_default())?;
            if i % 2 == 0 {
                mine = buf;
            } else {
                // The other thread may have finished: its buffers are not needed.
                let _ = spare_there.send(buf);
            }
        }
        w.write_all(b"\n]\n")?;
        w.flush()
    });
    written_out(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_written_in_pieces_exactly_as_whole() {
        #[derive(serde::Serialize)]
        struct Row {
            id: usize,
            name: String,
            tags: Vec<&'static str>,
            none: Option<i64>,
            nested: std::collections::BTreeMap<&'static str, Vec<u8>>,
        }
        let rows: Vec<Row> = (0..PARALLEL_LIST_FROM + 2 * PIECE + 5)
            .map(|id| Row {
                id,
                name: format!("田中 {id}\n\"quoted\"\u{202e}\u{7f}"),
                tags: if id % 2 == 0 {
                    vec![]
                } else {
                    vec!["vip", "休眠"]
                },
                none: None,
                nested: [("empty", vec![]), ("some", vec![1, 2])].into(),
            })
            .collect();
        for n in [
            0,
            1,
            2,
            PARALLEL_LIST_FROM - 1,
            PARALLEL_LIST_FROM,
            PARALLEL_LIST_FROM + 1,
            PARALLEL_LIST_FROM + PIECE,
            PARALLEL_LIST_FROM + PIECE + 7,
            rows.len(),
        ] {
            let (mut whole, mut halves) = (Vec::new(), Vec::new());
            emit_json(&mut whole, &&rows[..n]).unwrap();
            emit_json_list(&mut halves, &rows[..n]).unwrap();
            assert_eq!(
                String::from_utf8(halves).unwrap(),
                String::from_utf8(whole).unwrap(),
                "{n} rows"
            );
        }
    }

    fn through_terminal(chunks: &[&[u8]]) -> Vec<u8> {
        let mut buf = Vec::new();
        {
            let mut w = TerminalSafe::new(&mut buf);
            for c in chunks {
                w.write_all(c).unwrap();
            }
        }
        buf
    }

    #[test]
    fn a_terminal_gets_no_controls_and_keeps_lines_tabs_and_japanese() {
        let text = "名前\t\u{1b}]0;x\u{7}\u{9b}2J\u{202e}abc\u{7f}\r\nnext";
        let out = through_terminal(&[text.as_bytes()]);
        assert_eq!(String::from_utf8(out).unwrap(), "名前\t]0;x2Jabc\nnext");
    }

    #[test]
    fn a_character_split_across_writes_survives() {
        let text = "田\u{9b}中\u{2066}".as_bytes();
        for cut in 0..=text.len() {
            let out = through_terminal(&[&text[..cut], &text[cut..]]);
            assert_eq!(String::from_utf8(out).unwrap(), "田中", "cut at {cut}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_become_replacement_characters() {
        let out = through_terminal(&[b"a\x9bb\xe7"]);
        assert_eq!(String::from_utf8(out).unwrap(), "a\u{fffd}b\u{fffd}");
    }
}
