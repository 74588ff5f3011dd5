//! Output encodings: UTF-8 (optionally with a byte-order mark, which Excel
//! uses to recognise UTF-8) or Shift_JIS (what Excel in Japan opens
//! directly). Text is checked before it is written: a character Shift_JIS
//! cannot hold is an error, never a silent `?`.

use std::io::{self, Write};

use encoding_rs::SHIFT_JIS;

/// The byte encoding of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    ShiftJis,
}

impl Encoding {
    /// `utf-8` or `shift_jis` (also `utf8`, `sjis`, `cp932`, `windows-31j`, any case).
    pub fn parse(s: &str) -> Result<Encoding, String> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "shift-jis" | "sjis" | "cp932" | "windows-31j" | "ms932" => Ok(Encoding::ShiftJis),
            _ => Err(format!("--encoding: {s:?} is not one of: utf-8, shift_jis")),
        }
    }
}

/// The first character of `text` that does not survive a trip through
/// Shift_JIS unchanged: one it cannot encode at all (𠮷, emoji), or one it
/// would turn into another (¥ is written as byte 0x5C, which reads back as
/// a backslash).
pub fn first_unrepresentable(text: &str) -> Option<char> {
    if text.is_ascii() {
        return None;
    }
    let (bytes, _, had_errors) = SHIFT_JIS.encode(text);
    if !had_errors {
        let back = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&bytes);
        if back.as_deref() == Some(text) {
            return None;
        }
    }
    let mut buf = [0u8; 4];
    text.chars().filter(|c| !c.is_ascii()).find(|c| {
        let one: &str = c.encode_utf8(&mut buf);
        let (bytes, _, bad) = SHIFT_JIS.encode(one);
        bad || SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .as_deref()
            != Some(one)
    })
}

/// A writer of text in one encoding.
pub struct Sink<W: Write> {
    inner: W,
    encoding: Encoding,
    scratch: Vec<u8>,
}

impl<W: Write> Sink<W> {
    /// Write to `inner`; with `bom`, a UTF-8 byte-order mark comes first.
    pub fn new(mut inner: W, encoding: Encoding, bom: bool) -> io::Result<Sink<W>> {
        if bom && encoding == Encoding::Utf8 {
            inner.write_all(b"\xEF\xBB\xBF")?;
        }
        Ok(Sink {
            inner,
            encoding,
            scratch: Vec::new(),
        })
    }

    /// The encoding text is written in.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Write `text`, which the caller has checked is representable.
    pub fn write_str(&mut self, text: &str) -> io::Result<()> {
        match self.encoding {
            Encoding::Utf8 => self.inner.write_all(text.as_bytes()),
            Encoding::ShiftJis if text.is_ascii() => self.inner.write_all(text.as_bytes()),
            Encoding::ShiftJis => {
                self.scratch.clear();
                let mut encoder = SHIFT_JIS.new_encoder();
                // The encoder only fills spare capacity.
                let room = encoder
                    .max_buffer_length_from_utf8_without_replacement(text.len())
                    .unwrap_or(text.len().saturating_mul(2));
                self.scratch.reserve(room);
                let (result, _) = encoder.encode_from_utf8_to_vec_without_replacement(
                    text,
                    &mut self.scratch,
                    true,
                );
                match result {
                    encoding_rs::EncoderResult::InputEmpty => self.inner.write_all(&self.scratch),
                    // Callers check first; reaching this is a bug, not a '?'.
                    _ => Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "text not representable in Shift_JIS reached the writer",
                    )),
                }
            }
        }
    }

    /// Flush and hand back the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(encoding: Encoding, bom: bool, text: &str) -> Vec<u8> {
        let mut sink = Sink::new(Vec::new(), encoding, bom).unwrap();
        sink.write_str(text).unwrap();
        sink.finish().unwrap()
    }

    #[test]
    fn japanese_survives_shift_jis() {
        let text = "株式会社山田製作所,ﾀﾅｶ,①髙﨑\r\n";
        assert_eq!(first_unrepresentable(text), None);
        let bytes = written(Encoding::ShiftJis, false, text);
        let (back, _, bad) = SHIFT_JIS.decode(&bytes);
        assert!(!bad);
        assert_eq!(back, text);
    }

    #[test]
    fn what_shift_jis_cannot_hold_is_found() {
        assert_eq!(first_unrepresentable("吉野 𠮷野家"), Some('𠮷'));
        assert_eq!(first_unrepresentable("ok 😀"), Some('😀'));
        assert_eq!(first_unrepresentable("¥12,000"), Some('¥'));
        assert_eq!(first_unrepresentable("\\12,000 ~"), None);
        assert_eq!(first_unrepresentable("Müller"), Some('ü'));
    }

    #[test]
    fn bom_only_for_utf8() {
        assert_eq!(written(Encoding::Utf8, true, "a"), b"\xEF\xBB\xBFa");
        assert_eq!(written(Encoding::Utf8, false, "a"), b"a");
        assert_eq!(written(Encoding::ShiftJis, true, "a"), b"a");
    }

    #[test]
    fn encoding_names() {
        assert_eq!(Encoding::parse("UTF-8"), Ok(Encoding::Utf8));
        assert_eq!(Encoding::parse("shift_jis"), Ok(Encoding::ShiftJis));
        assert_eq!(Encoding::parse("CP932"), Ok(Encoding::ShiftJis));
        assert!(Encoding::parse("latin1").is_err());
    }
}
