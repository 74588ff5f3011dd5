//! Which encoding a file is in, and turning its cells into text.
//!
//! Cells are decoded one by one from the raw bytes the CSV parser splits.
//! That is sound for Shift_JIS too: its second bytes are 0x40..=0xFC, so
//! the bytes of `,` `"` CR and LF always stand for themselves.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// The UTF-8 byte-order mark Excel puts at the start of a "CSV UTF-8" file.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What `--encoding` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingChoice {
    /// UTF-8 (with or without a byte-order mark) if the whole file is valid
    /// UTF-8, else Shift_JIS.
    Auto,
    Utf8,
    ShiftJis,
}

impl EncodingChoice {
    /// Parse `--encoding`; the error lists the accepted names.
    pub fn parse(s: &str) -> Result<EncodingChoice, String> {
        let key: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .collect();
        match key.as_str() {
            "auto" => Ok(EncodingChoice::Auto),
            "utf8" | "utf8bom" | "utf8sig" => Ok(EncodingChoice::Utf8),
            "shiftjis" | "sjis" | "cp932" | "windows31j" | "ms932" => Ok(EncodingChoice::ShiftJis),
            _ => Err(format!(
                "unknown encoding {s:?} (use auto, utf-8 or shift_jis)"
            )),
        }
    }
}

/// The encoding a file is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Shift_JIS as Windows writes it (CP932 / Windows-31J), which is what
    /// `encoding_rs` decodes under this name.
    ShiftJis,
}

impl Encoding {
    /// The name shown in reports.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::ShiftJis => "Shift_JIS",
        }
    }

    /// One cell as text; `None` when the bytes are not valid in this encoding.
    pub fn decode(self, bytes: &[u8]) -> Option<Cow<'_, str>> {
        match self {
            Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
            Encoding::ShiftJis => {
                encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes)
            }
        }
    }
}

/// What the start of a file (and, for `auto`, the whole of it) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub encoding: Encoding,
    pub bom: bool,
    pub size: u64,
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// The file could not be opened or read.
    Unreadable(std::io::ErrorKind),
    Empty,
    Workbook,
    Binary,
    /// The header row is not text in the file's encoding.
    HeaderNotText {
        encoding: &'static str,
    },
}

impl FileProblem {
    /// In the operator's language.
    pub fn text(&self, i18n: &crate::i18n::I18n) -> String {
        use std::io::ErrorKind;
        match self {
            FileProblem::Unreadable(ErrorKind::NotFound) => i18n.t("filep.not_found"),
            FileProblem::Unreadable(ErrorKind::PermissionDenied) => i18n.t("filep.no_permission"),
            FileProblem::Unreadable(ErrorKind::IsADirectory) => i18n.t("filep.is_folder"),
            FileProblem::Unreadable(_) => i18n.t("filep.unreadable"),
            FileProblem::Empty => i18n.t("filep.empty"),
            FileProblem::Workbook => i18n.t("filep.workbook"),
            FileProblem::Binary => i18n.t("filep.binary"),
            FileProblem::HeaderNotText { encoding } => {
                i18n.f("filep.header_not_text", &[("encoding", encoding)])
            }
        }
    }
}

/// Look at the file: its size, whether it starts with a BOM, whether it
/// is text at all, and (for `auto`) whether every byte is valid UTF-8.
/// Reads in fixed-size chunks, so memory does not grow with the file.
pub fn sniff(path: &Path, choice: EncodingChoice) -> Result<Sniffed, FileProblem> {
    let unreadable = |e: std::io::Error| FileProblem::Unreadable(e.kind());
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let mut buf = vec![0u8; 256 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    let mut first = true;
    let mut bom = false;
    let mut utf8 = true;
    loop {
        let n = file.read(&mut buf).map_err(unreadable)?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        if first {
            first = false;
            if chunk.starts_with(b"PK\x03\x04") || chunk.starts_with(b"\xD0\xCF\x11\xE0") {
                return Err(FileProblem::Workbook);
            }
            if chunk.contains(&0) {
                return Err(FileProblem::Binary);
            }
            bom = chunk.starts_with(UTF8_BOM);
            if choice != EncodingChoice::Auto {
                break;
            }
        }
        // Validate across chunk boundaries: keep an unfinished character.
        carry.extend_from_slice(chunk);
        match std::str::from_utf8(&carry) {
            Ok(_) => carry.clear(),
            Err(e) if e.error_len().is_none() => {
                let keep = carry.len() - e.valid_up_to();
                carry.drain(..carry.len() - keep);
            }
            Err(_) => {
                utf8 = false;
                break;
            }
        }
    }
    if first {
        return Err(FileProblem::Empty);
    }
    let encoding = match choice {
        EncodingChoice::Utf8 => Encoding::Utf8,
        EncodingChoice::ShiftJis => Encoding::ShiftJis,
        EncodingChoice::Auto if bom || (utf8 && carry.is_empty()) => Encoding::Utf8,
        EncodingChoice::Auto => Encoding::ShiftJis,
    };
    Ok(Sniffed {
        encoding,
        bom,
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(bytes: &[u8]) -> Result<Sniffed, FileProblem> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, bytes).unwrap();
        sniff(&p, EncodingChoice::Auto)
    }

    #[test]
    fn detects_utf8_bom_and_shift_jis() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("会社名,電話番号\n田中商店,03\n");
        assert_eq!(sniffed(&sjis).unwrap().encoding, Encoding::ShiftJis);
        let s = sniffed("会社名\n田中\n".as_bytes()).unwrap();
        assert_eq!((s.encoding, s.bom), (Encoding::Utf8, false));
        let s = sniffed(b"\xEF\xBB\xBFname\nx\n").unwrap();
        assert_eq!((s.encoding, s.bom), (Encoding::Utf8, true));
        assert_eq!(sniffed(b""), Err(FileProblem::Empty));
        assert_eq!(sniffed(b"PK\x03\x04zip"), Err(FileProblem::Workbook));
        assert_eq!(sniffed(b"\x89PNG\r\n\x1a\n\0\0"), Err(FileProblem::Binary));
    }

    #[test]
    fn utf8_split_across_chunks_is_still_utf8() {
        let mut text = "a".repeat(256 * 1024 - 1);
        text.push_str("会社\n");
        assert_eq!(sniffed(text.as_bytes()).unwrap().encoding, Encoding::Utf8);
    }

    #[test]
    fn encoding_names() {
        assert_eq!(EncodingChoice::parse("UTF-8"), Ok(EncodingChoice::Utf8));
        assert_eq!(
            EncodingChoice::parse("Shift_JIS"),
            Ok(EncodingChoice::ShiftJis)
        );
        assert_eq!(EncodingChoice::parse("cp932"), Ok(EncodingChoice::ShiftJis));
        assert!(EncodingChoice::parse("latin1")
            .unwrap_err()
            .contains("shift_jis"));
        let (b, _, _) = encoding_rs::SHIFT_JIS.encode("髙橋①");
        assert_eq!(Encoding::ShiftJis.decode(&b).unwrap(), "髙橋①");
        assert_eq!(Encoding::Utf8.decode(&b), None);
    }
}
