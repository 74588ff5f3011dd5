//! Records streamed from the file, each with the line it starts on and,
//! when asked, its original bytes (for the rejects file).
//!
//! The csv crate's own line count lags behind with CRLF files and blank
//! lines, so lines are counted here from the bytes each record spans. A
//! small window of recent bytes is kept for that: memory stays bounded by
//! the largest record plus the read buffer, however long the file.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use csv::ByteRecord;

/// Bytes read ahead by the CSV parser per refill.
const READ_BUFFER: usize = 256 * 1024;
/// Drop consumed bytes once this many have piled up.
const KEEP_AT_MOST: usize = 1 << 20;

/// Everything read from the file, minus what has been released.
struct Tee {
    file: File,
    kept: Vec<u8>,
    /// File offset of `kept[0]`.
    base: u64,
    /// The file has no more bytes.
    eof: bool,
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.eof |= n == 0 && !buf.is_empty();
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// Why the file could not be read to the end.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// A field opened with `"` on this line is never closed: the parser
    /// would have swallowed every later row into it.
    Unterminated {
        line: u64,
    },
}

impl ReadError {
    /// The error as the import reports it, naming the file.
    pub fn into_import(self, shown: &str, i18n: &crate::i18n::I18n) -> super::ImportError {
        super::ImportError::User(match self {
            ReadError::Io(e) => format!(
                "{shown}: {}",
                super::encoding::FileProblem::Unreadable(e.kind()).text(i18n)
            ),
            ReadError::Unterminated { line } => i18n.f(
                "importx.unterminated_quote",
                &[("file", shown), ("line", &line.to_string())],
            ),
        })
    }
}

/// Where in `body` (one record's bytes) a quoted field opens that never
/// closes, read the way the CSV parser reads it.
fn unclosed_quote(body: &[u8]) -> Option<usize> {
    let mut at_field_start = true;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        match open {
            Some(_) if b == b'"' && body.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => {
                open = None;
                at_field_start = false;
            }
            Some(_) => {}
            None if b == b'"' && at_field_start => open = Some(i),
            None => at_field_start = matches!(b, b',' | b'\r' | b'\n'),
        }
        i += 1;
    }
    open
}

/// Where one record is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// 1-based line the record starts on.
    pub line: u64,
    /// The record as it was in the file, without its line break (only
    /// when the reader was asked to keep them).
    pub raw: Option<Vec<u8>>,
    /// Whether the record ended with CR LF.
    pub crlf: bool,
}

/// The file's records, one at a time.
pub struct Records {
    csv: csv::Reader<Tee>,
    record: ByteRecord,
    /// The line number at the current read position.
    line: u64,
    keep_raw: bool,
}

impl Records {
    /// Open `path`; `keep_raw` keeps each record's original bytes.
    pub fn open(path: &Path, keep_raw: bool) -> io::Result<Records> {
        let tee = Tee {
            file: File::open(path)?,
            kept: Vec::new(),
            base: 0,
            eof: false,
        };
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(READ_BUFFER)
            .from_reader(tee);
        Ok(Records {
            csv,
            record: ByteRecord::new(),
            line: 1,
            keep_raw,
        })
    }

    /// Read the next record (see [`Records::record`]); `None` at the end.
    pub fn next(&mut self) -> Result<Option<Placed>, ReadError> {
        let more =
            self.csv
                .read_byte_record(&mut self.record)
                .map_err(|e| match e.into_kind() {
                    csv::ErrorKind::Io(e) => ReadError::Io(e),
                    other => ReadError::Io(io::Error::other(format!("{other:?}"))),
                })?;
        if !more {
            return Ok(None);
        }
        let start = self.record.position().map_or(0, |p| p.byte());
        let end = self.csv.position().byte();
        let tee = self.csv.get_mut();
        let from = usize::try_from(start.saturating_sub(tee.base)).unwrap_or(usize::MAX);
        let to = usize::try_from(end.saturating_sub(tee.base)).unwrap_or(usize::MAX);
        let span = tee.kept.get(from..to).unwrap_or_default();
        // The span starts with whatever line breaks the parser skipped (the
        // LF of a CRLF, blank lines) and ends with this record's break.
        let lead = span
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let line = self.line + count_lf(&span[..lead]);
        self.line += count_lf(span);
        let body = &span[lead..];
        let trail = body
            .iter()
            .rev()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        // Only a record that runs to the end of the file can hold an
        // unclosed quote: the parser reads on until it finds the close.
        if tee.eof && to == tee.kept.len() && body.contains(&b'"') {
            if let Some(at) = unclosed_quote(body) {
                let line = line + count_lf(&body[..at]);
                return Err(ReadError::Unterminated { line });
            }
        }
        let crlf = body.ends_with(b"\r") || body.ends_with(b"\r\n");
        let raw = self.keep_raw.then(|| body[..body.len() - trail].to_vec());
        if to > KEEP_AT_MOST {
            let drop = to.min(tee.kept.len());
            tee.kept.drain(..drop);
            tee.base += drop as u64;
        }
        Ok(Some(Placed { line, raw, crlf }))
    }

    /// The fields of the record last read.
    pub fn record(&self) -> &ByteRecord {
        &self.record
    }

    /// Bytes of the file consumed so far.
    pub fn position(&self) -> u64 {
        self.csv.position().byte()
    }
}

fn count_lf(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Vec<(u64, Vec<String>, String)> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, bytes).unwrap();
        let mut r = Records::open(&p, true).unwrap();
        let mut out = Vec::new();
        while let Some(placed) = r.next().unwrap() {
            let fields = r
                .record()
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            let raw = String::from_utf8_lossy(&placed.raw.unwrap()).into_owned();
            out.push((placed.line, fields, raw));
        }
        out
    }

    #[test]
    fn lines_count_crlf_blank_lines_and_quoted_newlines() {
        let got = read_all(b"\xEF\xBB\xBFa,b\r\n1,\"x\r\ny\"\r\n\r\n2,3\r\n4,5");
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [1, 2, 5, 6]);
        assert_eq!(got[0].1, ["a", "b"]);
        assert_eq!(got[0].2, "\u{feff}a,b");
        assert_eq!(got[1].2, "1,\"x\r\ny\"");
        assert_eq!(got[3].2, "4,5");
    }

    #[test]
    fn an_unclosed_quote_is_found_on_the_line_it_opens() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(
            &p,
            b"name,note\r\nA,\"ok \"\"q\"\"\"\r\nB,x\r\n\"unterminated,a\r\nC,b\r\n",
        )
        .unwrap();
        let mut r = Records::open(&p, false).unwrap();
        let mut lines = Vec::new();
        let err = loop {
            match r.next() {
                Ok(Some(placed)) => lines.push(placed.line),
                Ok(None) => panic!("read to the end"),
                Err(e) => break e,
            }
        };
        assert_eq!(lines, [1, 2, 3]);
        assert!(
            matches!(err, ReadError::Unterminated { line: 4 }),
            "{err:?}"
        );
        assert_eq!(unclosed_quote(b"a,\"b\"\"c\",\"d"), Some(9));
        assert_eq!(unclosed_quote(b"a,b\"c,d"), None);
        assert_eq!(unclosed_quote(b"\"a\"x\"\n"), None);
    }

    #[test]
    fn long_files_keep_a_bounded_window_and_exact_bytes() {
        let mut text = String::from("n,note\n");
        for i in 0..50_000 {
            text.push_str(&format!("{i},\"multi\nline {i}\"\n"));
        }
        let got = read_all(text.as_bytes());
        assert_eq!(got.len(), 50_001);
        assert_eq!(got[50_000].0, 2 + 2 * 49_999);
        assert_eq!(got[50_000].2, "49999,\"multi\nline 49999\"");
    }
}
