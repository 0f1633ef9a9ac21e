//! One file through redaction, in chunks of any size, in its own encoding.
//!
//! The first 8 KiB decide the encoding exactly as the reader decides it
//! ([`crate::read::probe`]): UTF-8 (with or without its mark, Windows-1252
//! bytes passing through untouched, since every byte that matters to CSV is
//! ASCII) is rewritten as bytes; UTF-16 is decoded to UTF-8, rewritten, and
//! encoded back to UTF-16 of the same byte order behind the same mark. A
//! workbook, a PDF or binary data is refused, as the reader refuses it: what
//! MFA Lens cannot read it cannot promise to have redacted.

use super::rewrite::{Rewriter, TooLong};
use super::Redactor;
use crate::detect::ReportKind;
use crate::error::Error;
use crate::read::probe::{probe, PROBE_LEN};
use crate::read::TextEncoding;

/// Why a file was not redacted. Nothing written for it should be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedactError {
    /// Not a table (a workbook, a PDF, binary data), as the reader says.
    NotATable(Error),
    /// A record longer than [`super::RECORD_LIMIT`] bytes.
    RecordTooLong,
}

impl std::fmt::Display for RedactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RedactError::NotATable(e) => write!(f, "{}", e.to_diagnostic("").message),
            RedactError::RecordTooLong => write!(
                f,
                "a record is longer than {} MiB (a quote left open?)",
                super::RECORD_LIMIT >> 20
            ),
        }
    }
}

impl std::error::Error for RedactError {}

/// What was done to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The kind the header says the file is.
    pub kind: ReportKind,
    /// The header's captions whose values were replaced.
    pub replaced_columns: Vec<String>,
    /// Data records (header and repeated headers excluded).
    pub rows: u64,
    /// Fields replaced.
    pub replaced_fields: u64,
}

enum Stage {
    Probing(Vec<u8>),
    Bytes,
    Utf16 {
        big_endian: bool,
        decoder: encoding_rs::Decoder,
        text: Vec<u8>,
        utf8_out: Vec<u8>,
    },
    Failed(RedactError),
}

/// One file being redacted: [`FileRedactor::push`] each chunk, then
/// [`FileRedactor::finish`]. Output comes out a whole record at a time.
pub struct FileRedactor {
    stage: Stage,
    rewriter: Rewriter,
}

impl Default for FileRedactor {
    fn default() -> Self {
        Self::new()
    }
}

impl FileRedactor {
    pub fn new() -> Self {
        FileRedactor {
            stage: Stage::Probing(Vec::new()),
            rewriter: Rewriter::default(),
        }
    }

    /// Redacts the next chunk, appending what is ready to `out`.
    pub fn push(
        &mut self,
        r: &mut Redactor,
        chunk: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), RedactError> {
        let mut chunk = chunk;
        if let Stage::Probing(prefix) = &mut self.stage {
            let room = PROBE_LEN.saturating_sub(prefix.len()).min(chunk.len());
            prefix.extend_from_slice(&chunk[..room]);
            chunk = &chunk[room..];
            if prefix.len() < PROBE_LEN {
                return Ok(());
            }
            self.end_probing(r, out)?;
        }
        self.feed(r, chunk, false, out)
    }

    /// Ends the file: writes the rest and says what was done.
    pub fn finish(mut self, r: &mut Redactor, out: &mut Vec<u8>) -> Result<Redacted, RedactError> {
        if let Stage::Probing(_) = self.stage {
            self.end_probing(r, out)?;
        }
        self.feed(r, &[], true, out)?;
        let w = &self.rewriter;
        let (kind, replaced_columns) = match &w.columns {
            Some(c) => (
                c.kind,
                c.captions
                    .iter()
                    .zip(&c.classes)
                    .filter(|(_, class)| class.is_some())
                    .map(|(caption, _)| caption.clone())
                    .collect(),
            ),
            None => (ReportKind::Unknown, Vec::new()),
        };
        Ok(Redacted {
            kind,
            replaced_columns,
            rows: w.rows,
            replaced_fields: w.replaced,
        })
    }

    fn end_probing(&mut self, r: &mut Redactor, out: &mut Vec<u8>) -> Result<(), RedactError> {
        let Stage::Probing(prefix) = std::mem::replace(&mut self.stage, Stage::Bytes) else {
            return Ok(());
        };
        if prefix.is_empty() {
            return Ok(());
        }
        let found = match probe(&prefix) {
            Ok(found) => found,
            Err(e) => {
                let e = RedactError::NotATable(e);
                self.stage = Stage::Failed(e.clone());
                return Err(e);
            }
        };
        if let TextEncoding::Utf16Le | TextEncoding::Utf16Be = found.encoding {
            let big_endian = found.encoding == TextEncoding::Utf16Be;
            let encoding = if big_endian {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            out.extend_from_slice(&prefix[..found.bom_len]);
            self.stage = Stage::Utf16 {
                big_endian,
                decoder: encoding.new_decoder_without_bom_handling(),
                text: Vec::new(),
                utf8_out: Vec::new(),
            };
            return self.feed(r, &prefix[found.bom_len..], false, out);
        }
        self.feed(r, &prefix, false, out)
    }

    /// Rewrites `bytes`; with `last`, also what the rewriter held back.
    fn feed(
        &mut self,
        r: &mut Redactor,
        bytes: &[u8],
        last: bool,
        out: &mut Vec<u8>,
    ) -> Result<(), RedactError> {
        let w = &mut self.rewriter;
        match &mut self.stage {
            Stage::Failed(e) => Err(e.clone()),
            Stage::Probing(_) => Ok(()),
            Stage::Bytes => {
                w.push(r, bytes, out).map_err(too_long)?;
                if last {
                    w.finish(r, out);
                }
                Ok(())
            }
            Stage::Utf16 {
                big_endian,
                decoder,
                text,
                utf8_out,
            } => {
                decode_utf16(decoder, bytes, last, text);
                w.push(r, text, utf8_out).map_err(too_long)?;
                if last {
                    w.finish(r, utf8_out);
                }
                encode_utf16(utf8_out, *big_endian, out);
                Ok(())
            }
        }
    }
}

fn too_long(_: TooLong) -> RedactError {
    RedactError::RecordTooLong
}

/// UTF-16 → UTF-8 into `text` (an unpaired surrogate becomes U+FFFD, as the
/// reader reads it).
fn decode_utf16(decoder: &mut encoding_rs::Decoder, bytes: &[u8], last: bool, text: &mut Vec<u8>) {
    text.clear();
    let need = decoder
        .max_utf8_buffer_length(bytes.len())
        .unwrap_or(bytes.len() * 3 + 16);
    text.resize(need, 0);
    let (_, _, written, _) = decoder.decode_to_utf8(bytes, text, last);
    text.truncate(written);
}

/// Whole records of UTF-8 → UTF-16 in the file's byte order; `utf8` is
/// emptied. Records end on ASCII bytes, so no character is ever split.
fn encode_utf16(utf8: &mut Vec<u8>, big_endian: bool, out: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(utf8);
    out.reserve(text.len() * 2);
    for unit in text.encode_utf16() {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    utf8.clear();
}
